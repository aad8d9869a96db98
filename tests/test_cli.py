"""The command line: help everywhere, documented commands, clean errors, init (demo: test_demo.py)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.messages import keys, msg

REPO = Path(__file__).resolve().parents[1]


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kw)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_is_documented(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert cli.commands[command].help, command
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"ctrxl {command}" in readme, f"README does not document «ctrxl {command}»"


def test_no_workspace_is_a_clean_vietnamese_error(tmp_path):
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "check"])
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: không tìm thấy thư mục làm việc (tệp ctrxl.toml)")
    assert "Traceback" not in result.output


def test_no_workspace_in_english(tmp_path, monkeypatch):
    monkeypatch.setenv("CTRXL_LANG", "en")
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "check"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: no workspace (ctrxl.toml) found")


def test_workspace_found_from_subfolder(mini_ws, monkeypatch):
    sub = mini_ws / "inbox" / "deep"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    result = CliRunner().invoke(cli, ["check", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["programme"]["symbol"] == "17-CTr/TU"


def test_bad_config_is_reported_with_file(mini_ws):
    (mini_ws / "ctrxl.toml").write_text("[cycle]\nyear = 2025\ndue = '31/2/2025'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(mini_ws), "check"])
    assert result.exit_code == 2
    assert "cycle.due" in result.output and "ctrxl.toml" in result.output


def test_init_example_and_check_acceptance(tmp_path):
    ws = tmp_path / "w"
    result = run("init", str(ws), "--example", "danang-nq21")
    assert result.exit_code == 0, result.output
    assert (ws / "ctrxl.toml").is_file() and (ws / "programme.yaml").is_file() and (ws / "inbox").is_dir()
    result = run("-w", str(ws), "check", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] is True
    assert [i for i in data["issues"] if i["severity"] == "error"] == []
    assert len(data["tasks"]) == 62
    assert len([t for t in data["tasks"] if t["code"].startswith("II.")]) == 28
    assert len([t for t in data["tasks"] if t["code"].startswith("III.")]) == 34
    assert len(data["indicators"]) >= 16
    assert all(t["lead"] or t["execute"] for t in data["tasks"])
    agencies = {a["code"]: a for a in data["agencies"]}
    used = {c for t in data["tasks"] for c in t["lead"] + t["support"] + t["execute"]}
    assert used and all(agencies[c]["active"] for c in used), "a 2022-only agency is left in an assignment"
    # part III names the 2022 boards; 2025 routes them to the merged board
    tasks = {t["code"]: t for t in data["tasks"]}
    assert tasks["III.4.(1)"]["assigned"]["lead"] == ["BTGTU"]
    assert tasks["III.4.(1)"]["lead"] == ["BTGDVTU"]
    assert tasks["III.7.(1)"]["lead"] == ["BTGDVTU"]
    assert tasks["III.3.(1)"]["lead"] == ["BTCTU"]
    assert data["cycle"]["recipient"] == "BTCTU" and data["cycle"]["due"] == "2025-12-15"
    # no district committee reports in 2025
    assert not any(agencies[c]["code"].startswith(("QU-", "HU-")) for c in data["cycle"]["reporting"])


def test_init_refuses_to_overwrite(tmp_path):
    run("init", str(tmp_path / "w"), "--example", "danang-nq21")
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "w"), "--example", "danang-nq21"])
    assert result.exit_code == 2 and "không ghi đè" in result.output


def test_init_unknown_example(tmp_path):
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "w"), "--example", "hanoi"])
    assert result.exit_code == 2
    assert "không có ví dụ «hanoi»" in result.output and "danang-nq21" in result.output
    assert not (tmp_path / "w").exists(), "a failed init must not leave a half-made folder"


def test_init_blank_workspace(tmp_path):
    result = run("init", str(tmp_path / "b"), "--year", "2026")
    assert result.exit_code == 0
    text = (tmp_path / "b" / "ctrxl.toml").read_text(encoding="utf-8")
    import tomllib

    cfg = tomllib.loads(text)
    assert cfg["cycle"]["due"] == "15/12/2026" and cfg["cycle"]["year"] == 2026
    # passwords are never in the file: only the names of the variables that hold them
    assert all(k.endswith("password_env") for k in cfg["mail"] if "password" in k)


def test_python_dash_m_entry_point(tmp_path):
    out = subprocess.run([sys.executable, "-m", "ctrxl", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0 and "0.1.0" in out.stdout


def test_catalogue_has_both_languages_for_every_key():
    for key in keys():
        vi, en = msg(key, "vi"), msg(key, "en")
        assert vi and en, key
