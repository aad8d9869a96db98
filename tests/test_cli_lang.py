"""The command line speaks Vietnamese, and English with --lang en / CTRXL_LANG=en: help screens,
usage errors, interruptions, and --json errors as a JSON object."""
import ast
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.messages import keys, template

# click's defaults that must not show in Vietnamese mode
ENGLISH = ["Usage", "Options", "OPTIONS", "Commands", "COMMAND", "Show this message", "default", "Aborted",
           "Error:", "Try ", "INTEGER", "TEXT", "DIRECTORY", "PATH", "FILE", "version", "required"]


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), prog_name="ctrxl", **kw)


def _commands(group: click.Group, path=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*path, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*path, name))


COMMANDS = [()] + [p for p, _ in _commands(cli)]


def _english_words(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(r"(?<![\w-])" + re.escape(w), text)]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "ctrxl")
def test_help_is_vietnamese(path, monkeypatch):
    monkeypatch.delenv("CTRXL_LANG", raising=False)
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Cách dùng: ctrxl")
    assert "Tùy chọn:" in result.output and "Hiện hướng dẫn này rồi thoát." in result.output
    assert _english_words(result.output) == [], result.output


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "ctrxl")
def test_help_in_english(path):
    for args in (["--lang", "en", *path, "--help"], [*path, "--help", "--lang", "en"]) if not path else \
            (["--lang", "en", *path, "--help"],):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Usage: ctrxl")
        assert "Options:" in result.output and "Show this message and exit." in result.output
        assert not re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳỷỹỵ]", result.output, re.I), \
            result.output


def test_english_from_the_environment_and_back():
    english = run("generate", "--help", env={"CTRXL_LANG": "en"})
    assert english.output.startswith("Usage:") and "--jobs INTEGER" in english.output
    # the same click objects render Vietnamese again in the next run
    vietnamese = run("generate", "--help", env={"CTRXL_LANG": None})
    assert vietnamese.output.startswith("Cách dùng:") and "--jobs SỐ" in vietnamese.output
    assert "Hiện hướng dẫn này rồi thoát." in vietnamese.output


def test_every_command_and_option_has_help_in_both_languages():
    have = set(keys())
    missing = []
    for path in COMMANDS:
        cmd = cli
        for name in path:
            cmd = cmd.commands[name]
        base = "help." + (".".join(path) or "ctrxl")
        if base not in have:
            missing.append(base)
        missing += [f"{base}.{p.name}" for p in cmd.params
                    if isinstance(p, click.Option) and p.name not in ("version",) and f"{base}.{p.name}" not in have]
    assert missing == []


def test_usage_errors_are_vietnamese():
    result = run("check", "--bogus", env={"CTRXL_LANG": None})
    assert result.exit_code == 2
    assert "Lỗi: Không có tùy chọn '--bogus'." in result.output
    assert "Cách dùng: ctrxl check [TÙY_CHỌN]" in result.output
    assert _english_words(result.output) == []
    result = run("init")
    assert result.exit_code == 2 and "Lỗi: Thiếu tham số 'THƯ_MỤC'." in result.output
    result = run("--lang", "de")
    assert result.exit_code == 2 and "không phải một trong 'vi', 'en'" in result.output
    result = run("chek")
    assert "Không có lệnh 'chek'. Có phải ý bạn là 'check'?" in result.output


def test_usage_errors_in_english():
    result = run("--lang", "en", "check", "--bogus")
    assert result.exit_code == 2
    assert "Error: No such option '--bogus'." in result.output
    assert "Usage: ctrxl check [OPTIONS]" in result.output


def test_interruption_is_vietnamese(monkeypatch, mini_ws):
    from ctrxl import cli as module

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(module, "_generate", interrupted)
    result = run("-w", str(mini_ws), "generate")
    assert result.exit_code == 1
    assert "Đã dừng!" in result.output and "Aborted" not in result.output
    result = run("--lang", "en", "-w", str(mini_ws), "generate")
    assert "Aborted!" in result.output


def test_json_error_object(tmp_path):
    plain = run("-w", str(tmp_path), "check")
    result = run("-w", str(tmp_path), "check", "--json")
    assert result.exit_code == plain.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "cli.no_workspace"
    assert error["message"].startswith("không tìm thấy thư mục làm việc")
    assert set(error) == {"code", "message", "hint"}
    english = json.loads(run("--lang", "en", "-w", str(tmp_path), "status", "--json").stdout)
    assert english["error"]["message"].startswith("no workspace")


def test_json_usage_error():
    result = run("collect", "--json", "--bogus")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"error": {"code": "usage", "message": "Không có tùy chọn '--bogus'.",
                                                   "hint": None}}


def _click_texts() -> set[str]:
    """Every literal click passes to gettext / ngettext."""
    texts = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                texts |= {a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return texts


def test_every_click_text_has_a_vietnamese_entry():
    ours = {template(k, "en") for k in keys() if k.startswith("click.")}
    texts = _click_texts()
    assert {"Usage:", "Show this message and exit.", "Aborted!"} <= texts  # the scan works
    assert texts - ours - {"d"} == set()  # "d": a progress bar's format letter, not a sentence


def test_deadline_kinds_have_vietnamese_names(mini_ws):
    from ctrxl.model import DeadlineKind

    result = run("-w", str(mini_ws), "check", env={"CTRXL_LANG": None})
    line = next(x for x in result.output.splitlines() if x.startswith("Thời hạn theo loại: "))
    assert not [k.value for k in DeadlineKind if re.search(rf"\b{k.value}\b", line)], line
    english = run("--lang", "en", "-w", str(mini_ws), "check").output
    assert re.search(r"^Deadlines by kind: .*\d", english, re.M)


def test_path_errors_name_the_kind_in_the_language(tmp_path):
    file = tmp_path / "ctrxl.toml"
    file.write_text("", encoding="utf-8")
    result = run("-w", str(file), "check", env={"CTRXL_LANG": None})
    assert result.exit_code == 2 and f"Thư mục '{file}' là một tệp." in result.output
    result = run("--lang", "en", "-w", str(file), "check")
    assert f"Directory '{file}' is a file." in result.output
