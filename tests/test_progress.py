"""Progress lines of the long commands (ctrxl/progress.py): on a real terminal (a pty) they appear on
stderr and are erased when the work is done; with ``--json``, or when stderr is a pipe, nothing is printed.

Each command runs as a real ``python -m ctrxl`` process: stderr on the slave side of a pty (a
terminal, as far as the process can tell), stdout on a pipe.
"""
from __future__ import annotations

import os
import pty
import random
import select
import subprocess
import sys
from pathlib import Path

import pytest

from ctrxl.demo.simulate import fill_workbook
from ctrxl.messages import template

ERASE = "\r\x1b[K"
ROOT = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    env = dict(os.environ, CTRXL_LANG="vi", PYTHONPATH=str(ROOT))
    env.pop("CTRXL_YEAR", None)
    return env


def on_terminal(ws: Path, *args: str) -> tuple[str, str, int]:
    """Run ``ctrxl -w WS ARGS`` with stderr on a pty; return (stdout, what the terminal got, exit code)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "ctrxl", "-w", str(ws), *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=slave, env=_env(), cwd=ws)
    os.close(slave)
    terminal = b""
    assert proc.stdout is not None
    out_fd = proc.stdout.fileno()
    out = b""
    open_fds = {master, out_fd}
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [], 120)
        assert ready, "no output for 120 s"
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the process closed the terminal's last handle
                chunk = b""
            if not chunk:
                open_fds.discard(fd)
            elif fd == master:
                terminal += chunk
            else:
                out += chunk
    os.close(master)
    code = proc.wait(60)
    return out.decode(), terminal.decode(), code


def piped(ws: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ctrxl", "-w", str(ws), *args], capture_output=True, text=True,
                          env=_env(), cwd=ws, stdin=subprocess.DEVNULL, timeout=300)


def _prefix(key: str) -> str:
    """The words before the figures, e.g. ``Đang tạo biểu mẫu: ``."""
    return template(key, "vi").split("{")[0]


def assert_progress(terminal: str, key: str, total: int) -> None:
    line = _prefix(key)
    assert ERASE + line in terminal, terminal
    assert f"{line}0/{total}" in terminal.replace(" tệp", "").replace(" câu trả lời", ""), terminal
    # erased once done: after the last progress line comes the erasing, and nothing of it remains
    assert terminal.rstrip("\r\n").endswith(ERASE) or terminal.rindex(ERASE) > terminal.rindex(line), terminal


def assert_quiet(text: str) -> None:
    assert "\x1b[K" not in text
    for key in ("generate", "collect", "consolidate", "report", "pdf"):
        assert _prefix(f"cli.progress.{key}") not in text, text


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> tuple[Path, list[Path]]:
    """The mini workspace generated, with two agencies' workbooks filled in its inbox."""
    from tests.conftest import MINI_CONFIG, MINI_PROGRAMME, MINI_REGISTRY

    ws = tmp_path_factory.mktemp("progress")
    (ws / "ctrxl.toml").write_text(MINI_CONFIG, encoding="utf-8")
    (ws / "programme.yaml").write_text(MINI_PROGRAMME, encoding="utf-8")
    (ws / "registry.yaml").write_text(MINI_REGISTRY, encoding="utf-8")
    out, terminal, code = on_terminal(ws, "generate", "--jobs", "1")
    assert code == 0, out + terminal
    books = sorted((ws / "output").rglob("*.xlsx"))
    books = [b for b in books if b.parent.name.startswith("bieu-mau")]
    assert len(books) >= 2
    (ws / "inbox").mkdir(exist_ok=True)
    for n, book in enumerate(books[:2]):
        fill_workbook(book, ws / "inbox" / book.name, random.Random(n))
    return ws, books


def test_generate_shows_progress_on_a_terminal(returned):
    ws, books = returned
    out, terminal, code = on_terminal(ws, "generate", "--jobs", "1")
    assert code == 0, out + terminal
    assert_progress(terminal, "cli.progress.generate", len(books))
    assert_quiet(out)  # stdout (the list of workbooks) carries no progress
    assert "Đã tạo" in out


def test_generate_quiet_with_json_or_without_a_terminal(returned):
    ws, _ = returned
    out, terminal, code = on_terminal(ws, "generate", "--jobs", "1", "--json")
    assert code == 0 and out.lstrip().startswith("{")
    assert_quiet(terminal)
    run = piped(ws, "generate", "--jobs", "1")
    assert run.returncode == 0 and "Đã tạo" in run.stdout
    assert_quiet(run.stderr)


def test_collect_consolidate_report_show_progress_on_a_terminal(returned):
    ws, _ = returned
    out, terminal, code = on_terminal(ws, "collect")
    assert code == 0, out + terminal
    assert_progress(terminal, "cli.progress.collect", 2)
    assert "Đã xử lý 2 tệp" in out
    out, terminal, code = on_terminal(ws, "consolidate")
    assert code == 0, out + terminal
    assert _prefix("cli.progress.consolidate") + "0/" in terminal, terminal
    assert terminal.rindex(ERASE) > terminal.rindex(_prefix("cli.progress.consolidate"))
    out, terminal, code = on_terminal(ws, "report", "--all-agencies")
    assert code == 0, out + terminal
    assert_progress(terminal, "cli.progress.report", 3)  # the city and the two agencies
    assert "Đã ghi 3 báo cáo" in out
    assert_quiet(out)


def test_collect_consolidate_report_quiet_with_json_or_without_a_terminal(returned):
    ws, _ = returned
    for args in (["collect"], ["consolidate"], ["report", "--all-agencies"]):
        out, terminal, code = on_terminal(ws, *args, "--json")
        assert code == 0, out + terminal
        assert_quiet(terminal)
        run = piped(ws, *args)
        assert run.returncode == 0, run.stderr
        assert_quiet(run.stderr)


@pytest.mark.slow
def test_pdf_conversion_shows_progress_on_a_terminal(returned):
    ws, _ = returned
    out, terminal, code = on_terminal(ws, "report", "--agency", "BTCTU", "--pdf")
    assert code == 0, out + terminal
    assert_progress(terminal, "cli.progress.pdf", 2)  # the city report and one agency's
    # LibreOffice said "convert …" once a document was done: the line moved on before the end
    assert f"{_prefix('cli.progress.pdf')}1/2" in terminal, terminal
    assert out.count(".pdf") == 2
    out, terminal, code = on_terminal(ws, "report", "--agency", "BTCTU", "--pdf", "--json")
    assert code == 0
    assert_quiet(terminal)
