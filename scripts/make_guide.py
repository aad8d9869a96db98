"""Run the user guide (docs/huong-dan/) for real and rewrite its command outputs and page images.

    .venv/bin/python scripts/make_guide.py            # run every command, rewrite outputs and images
    .venv/bin/python scripts/make_guide.py --check    # run, compare only (what tests/test_guide.py does)
    .venv/bin/python scripts/make_guide.py --keep DIR # run in DIR (kept) instead of a temporary folder

The guide's chapters are ``docs/huong-dan/NN-*.md``, read in order. What they hold:

- ```` ```console ```` blocks: a line ``$ ctrxl …`` (or ``$ cd DIR``) is a command the clerk types;
  the lines after it, up to the next ``$`` line, are what it prints. The fence may carry options:
  ``head=N tail=M`` (the output is shown as its first N lines, a line ``…``, its last M lines),
  ``show=1-4,20-22,-3`` (those lines, 1-based; ``-3`` the last three; ``…`` for each gap) and
  ``exit=N`` (the exit code expected; 0 by default).
- ``<!-- guide: STEP ARGS -->`` comments, invisible on the rendered page: what the clerk does
  outside ctrxl (edits a workbook in Excel, receives the agencies' returns), done here by
  ``STEPS`` below so that the next command sees what the clerk's would; and
  ``<!-- guide: image NAME.png FILE [MARKER…] [dpi=N] -->``: the first page of FILE (a workbook, a
  Word document, a PDF; a glob from the current folder) that holds every MARKER text, rendered
  through LibreOffice and pdftoppm (60 dpi unless ``dpi=``) into ``docs/huong-dan/images/NAME.png``.

Every command runs in a fresh temporary folder that stands for the clerk's ``~/ctrxl``; paths in
outputs are written from there. Outputs are compared after ``normalise`` (the number of days
before or after the due date depends on the day the guide is run).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GUIDE = ROOT / "docs" / "huong-dan"
IMAGES = GUIDE / "images"
HOME = "~/ctrxl"  # the clerk's folder, as the guide writes it
PROGRAMME_TEXT = ROOT / "tests" / "data" / "programmes" / "danang-ctr-tb165-2025.txt"
_HIDDEN = re.compile(r"^<!--\s*guide:\s*(.+?)\s*-->\s*$")
_FENCE = re.compile(r"^```console\b(.*)$")
_IMAGE_REF = re.compile(r"!\[[^\]]*\]\(([^)]+\.png)\)")
_DAYS = re.compile(r"(quá hạn|còn|sau hạn|trước hạn) \d+ ngày")


def chapters() -> list[Path]:
    return sorted(GUIDE.glob("[0-9][0-9]-*.md"))


@dataclass
class Command:
    path: Path
    line: int  # 0-based line of the ``$`` line
    text: str  # after "$ "
    expected: list[str]
    show: str = ""  # which lines the guide shows: "1-4,20-22,-3" (1-based, inclusive; -N: the last N)
    exit: int = 0


@dataclass
class Hidden:
    path: Path
    line: int
    name: str
    args: list[str]


Step = Command | Hidden


def parse(path: Path) -> list[Step]:
    steps: list[Step] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    options: dict[str, int] | None = None
    current: Command | None = None
    for i, line in enumerate(lines):
        if options is None:
            m = _FENCE.match(line)
            if m:
                options = dict(re.findall(r"(\w+)=([\d,\-]+)", m.group(1)))
                continue
            h = _HIDDEN.match(line.strip())
            if h:
                name, *args = shlex.split(h.group(1))
                steps.append(Hidden(path, i, name, args))
            continue
        if line.startswith("```"):
            options, current = None, None
            continue
        if line.startswith("$ "):
            current = Command(path, i, line[2:].strip(), [], show=options.get("show", ""),
                              exit=int(options.get("exit", 0)))
            if "head" in options or "tail" in options:
                current.show = ",".join(filter(None, (f"1-{options['head']}" if "head" in options else "",
                                                      f"-{options['tail']}" if "tail" in options else "")))
            steps.append(current)
        elif current is not None:
            current.expected.append(line)
    return steps


def shown(output: list[str], show: str) -> list[str]:
    """The output as the guide shows it: whole, or the lines ``show`` names with "…" for each gap."""
    if not show:
        return output
    keep: set[int] = set()
    for part in show.split(","):
        if part.startswith("-"):
            keep.update(range(max(0, len(output) - int(part[1:])), len(output)))
        else:
            a, _, b = part.partition("-")
            keep.update(range(int(a) - 1, min(int(b or a), len(output))))
    out: list[str] = []
    for n, line in enumerate(output):
        if n in keep:
            out.append(line)
        elif not out or out[-1] != "…":
            out.append("…")
    return out


def normalise(lines: list[str]) -> list[str]:
    return [_DAYS.sub(r"\1 N ngày", line.rstrip()) for line in lines]


def image_refs(path: Path) -> list[Path]:
    return [(path.parent / ref).resolve() for ref in _IMAGE_REF.findall(path.read_text(encoding="utf-8"))]


# ----------------------------------------------------------------------------- what the clerk does outside ctrxl

def _programme_docx(run: Run, name: str) -> None:
    """The programme as the office has it, a Word document (here made from the text extraction:
    one paragraph per line, ``**bold**`` as bold)."""
    import docx

    document = docx.Document()
    for line in PROGRAMME_TEXT.read_text(encoding="utf-8").splitlines():
        paragraph = document.add_paragraph()
        for k, piece in enumerate(re.split(r"\*\*", line)):
            if piece:
                paragraph.add_run(piece).bold = bool(k % 2)
    document.core_properties.created = dt.datetime(2025, 5, 1)
    document.save(str(run.cwd / name))


def _fix_definition(run: Run, task: str, lead: str, *keep: str) -> None:
    """What the clerk does in Excel after reading the Rà soát sheet: confirm the proposed registry
    rows named by ``keep`` (remove the ?), delete the other proposed rows, and name the lead of the
    task the import left without one."""
    import openpyxl

    path = run.cwd / "dinh-nghia.xlsx"
    wb = openpyxl.load_workbook(path)
    for sheet in ("Nhóm", "Đơn vị"):
        ws = wb[sheet]
        for r in range(ws.max_row, 1, -1):
            code = ws.cell(r, 1).value
            if isinstance(code, str) and code.startswith("?"):
                if code[1:] in keep:
                    ws.cell(r, 1).value = code[1:]
                else:
                    ws.delete_rows(r)
    tasks = wb["Nhiệm vụ"]
    head = {c.value: c.column for c in tasks[1]}
    for r in range(2, tasks.max_row + 1):
        if tasks.cell(r, head["Mã nhiệm vụ"]).value == task:
            tasks.cell(r, head["Chủ trì"]).value = lead
    wb.save(path)


def _workbooks(run: Run) -> list[dict]:
    import json

    out = subprocess.run(run.argv("generate --json"), cwd=run.cwd, env=run.env, capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)["workbooks"]


def _returns(run: Run, folder: str) -> None:
    """The agencies fill their workbooks and send them back: ctrxl's demo mix (on time, late, with
    mistakes, in a zip, in a saved mail, renamed, one not sent …), saved on 1–20 December 2025."""
    import yaml

    from ctrxl.demo.simulate import simulate_returns

    registry = yaml.safe_load((run.cwd / "registry.yaml").read_text(encoding="utf-8"))
    emails = {a["code"]: a.get("emails", []) for a in registry["agencies"]}
    simulate_returns(_workbooks(run), run.cwd / folder, emails, 2025, use_libreoffice=False)


def _corrections(run: Run, folder: str) -> None:
    """The agencies asked to resend fix their workbooks (sent 17/12/2025), and one office sends a
    table of its own making instead of the workbook."""
    import json

    import openpyxl

    from ctrxl.demo.simulate import fill_workbook

    status = json.loads(subprocess.run(run.argv("status --json"), cwd=run.cwd, env=run.env, capture_output=True,
                                       text=True, check=True).stdout)
    rejected = {a["code"] for a in status["agencies"] if a["state"] == "rejected"}
    target = run.cwd / folder
    target.mkdir(parents=True, exist_ok=True)
    when = dt.datetime(2025, 12, 17, 10).timestamp()
    for wb in _workbooks(run):
        if wb["agency"] in rejected:
            dst = target / Path(wb["path"]).name
            fill_workbook(Path(wb["path"]), dst, random.Random(f"sua-{wb['agency']}"), year=2025,
                          sent=dt.datetime(2025, 12, 17, 10))
            os.utime(dst, (when, when))
    own = openpyxl.Workbook()
    sheet = own.active
    sheet.title = "Báo cáo"
    sheet.append(["STT", "Nội dung", "Kết quả"])
    sheet.append([1, "Quán triệt Nghị quyết 21-NQ/TW", "Đã tổ chức hội nghị"])
    dst = target / "bao cao nam 2025 (tu lap).xlsx"
    own.save(dst)
    os.utime(dst, (when, when))


def _smtp(run: Run) -> None:
    """The office's mail server, here a real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it
    receives; [mail] of ctrxl.toml points to it, without the pause between two messages."""
    from aiosmtpd.controller import Controller

    class Keep:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            run.mails.append(envelope.content)
            return "250 OK"

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    run.cleanups.append(controller.stop)
    toml = run.cwd / "ctrxl.toml"
    text = toml.read_text(encoding="utf-8")
    for key, value in (("smtp_host", '"127.0.0.1"'), ("smtp_port", str(port)), ("smtp_security", '"none"'),
                       ("smtp_user", '""'), ("throttle_seconds", "0")):
        text, n = re.subn(rf"(?m)^{key} = [^#\n]*?(\s*#.*)?$", lambda m, k=key, v=value: f"{k} = {v}{m.group(1) or ''}",
                          text)
        assert n == 1, key
    toml.write_text(text, encoding="utf-8")


STEPS: dict[str, Callable[..., None]] = {
    "programme-docx": _programme_docx,
    "fix-definition": _fix_definition,
    "returns": _returns,
    "corrections": _corrections,
    "smtp": _smtp,
}


# ----------------------------------------------------------------------------- images

def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render(source: Path, markers: list[str], png: Path, dpi: int = 60) -> None:
    """The first page of ``source`` holding every marker, as a PNG (LibreOffice → PDF → pdftoppm)."""
    with tempfile.TemporaryDirectory(prefix="guide-img-") as tmp:
        pdf = source
        if source.suffix.lower() != ".pdf":
            exe = _soffice()
            if exe is None:
                raise SystemExit("LibreOffice (soffice) is needed for the guide's images")
            from ctrxl.report.pdf import prepare_profile  # numbers as a Vietnamese office prints them

            subprocess.run([exe, prepare_profile(Path(tmp) / "profile"), "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", tmp, str(source)], check=True, capture_output=True,
                           timeout=300)
            pdf = Path(tmp) / (source.stem + ".pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = text.split("\f")
        key = [re.sub(r"\s+", " ", m) for m in markers]
        page = next((n for n, p in enumerate(pages, 1) if all(k in re.sub(r"\s+", " ", p) for k in key)), None)
        if page is None:
            raise SystemExit(f"{source.name}: no page holds {markers}")
        png.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), str(png.with_suffix(""))], check=True)


# ----------------------------------------------------------------------------- the run

@dataclass
class Result:
    command: Command
    output: list[str]  # as the guide shows it (head/tail applied), paths from HOME
    exit: int


@dataclass
class Run:
    root: Path
    images: bool = False
    cwd: Path = field(init=False)
    env: dict[str, str] = field(init=False)
    mails: list[bytes] = field(default_factory=list)
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cwd = self.root
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CTRXL_")}
        self.env["CTRXL_SMTP_PASSWORD"] = ""  # never asked: the guide's server takes no login

    def argv(self, text: str) -> list[str]:
        return [sys.executable, "-m", "ctrxl", *shlex.split(text)]

    def command(self, cmd: Command) -> Result:
        words = shlex.split(cmd.text)
        if words[0] == "cd":
            self.cwd = (self.cwd / words[1].replace(HOME, str(self.root))).resolve()
            return Result(cmd, [], 0)
        if words[0] != "ctrxl":
            raise SystemExit(f"{cmd.path.name}:{cmd.line + 1}: only ctrxl and cd commands run in the guide")
        text = cmd.text.replace(HOME, str(self.root))
        proc = subprocess.run(self.argv(text[len("ctrxl"):]), cwd=self.cwd, env=self.env, capture_output=True,
                              text=True, timeout=600)
        output = (proc.stdout + proc.stderr).replace(str(self.root), HOME).rstrip("\n").splitlines()
        return Result(cmd, shown(output, cmd.show), proc.returncode)

    def hidden(self, step: Hidden) -> None:
        if step.name == "image":
            if self.images:
                name, pattern, *markers = step.args
                dpi = [int(m[4:]) for m in markers if m.startswith("dpi=")]
                markers = [m for m in markers if not m.startswith("dpi=")]
                found = sorted(self.cwd.glob(pattern))
                if not found:
                    raise SystemExit(f"{step.path.name}:{step.line + 1}: no file {pattern} in {self.cwd}")
                render(found[0], markers, IMAGES / name, *dpi)
            return
        if step.name not in STEPS:
            raise SystemExit(f"{step.path.name}:{step.line + 1}: unknown guide step {step.name!r}")
        STEPS[step.name](self, *step.args)

    def all(self) -> list[Result]:
        results = []
        try:
            for path in chapters():
                for step in parse(path):
                    if isinstance(step, Hidden):
                        self.hidden(step)
                    else:
                        results.append(self.command(step))
        finally:
            for stop in self.cleanups:
                stop()
        return results


def rewrite(results: list[Result]) -> None:
    """Put each command's real output under its ``$`` line."""
    by_path: dict[Path, list[Result]] = {}
    for r in results:
        by_path.setdefault(r.command.path, []).append(r)
    for path, rs in by_path.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for r in sorted(rs, key=lambda r: r.command.line, reverse=True):
            start = r.command.line + 1
            lines[start:start + len(r.command.expected)] = r.output
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def differences(results: list[Result]) -> list[str]:
    out = []
    for r in results:
        c = r.command
        where = f"{c.path.name}:{c.line + 1}: $ {c.text}"
        if r.exit != c.exit:
            out.append(f"{where}: exit code {r.exit}, the guide says {c.exit}\n" + "\n".join(r.output[-20:]))
        elif normalise(r.output) != normalise(c.expected):
            import difflib

            diff = difflib.unified_diff(normalise(c.expected), normalise(r.output), "guide", "real", lineterm="", n=1)
            out.append(f"{where}: output differs\n" + "\n".join(list(diff)[:40]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="compare only; exit 1 when the guide is out of date")
    ap.add_argument("--keep", type=Path, help="run in this (empty) folder and keep it")
    ap.add_argument("--no-images", action="store_true")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="ctrxl-guide-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        results = Run(root.resolve(), images=not (args.check or args.no_images)).all()
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    problems = differences(results)
    if args.check:
        print("\n\n".join(problems) or f"the guide is up to date ({len(results)} commands)")
        sys.exit(1 if problems else 0)
    bad = [p for p in problems if "exit code" in p]
    if bad:
        print("\n\n".join(bad))
        sys.exit(1)
    rewrite(results)
    size = sum(p.stat().st_size for p in IMAGES.glob("*.png"))
    print(f"{len(results)} commands run, {len(problems)} outputs rewritten; images: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
