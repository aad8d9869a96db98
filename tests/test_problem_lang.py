"""Problems are rendered in the language asked for; the store keeps codes and parameters."""
import json
import sqlite3

import pytest
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.problems import Severity
from ctrxl.store import MIGRATIONS, Store


@pytest.fixture
def bad_inbox(tmp_path):
    def make(name: str):
        ws = tmp_path / name
        result = CliRunner().invoke(cli, ["init", str(ws), "--example", "danang-nq21"])
        assert result.exit_code == 0, result.output
        (ws / "inbox" / "notes.txt").write_text("not a workbook\n", encoding="utf-8")
        (ws / "inbox" / "broken.zip").write_bytes(b"PK\x03\x04garbage")
        return ws
    return make


def test_collect_prints_problems_in_the_language_asked_for(bad_inbox):
    en = CliRunner().invoke(cli, ["--lang", "en", "-w", str(bad_inbox("en")), "collect"])
    assert en.exit_code == 0, en.output
    assert "ERROR: not a spreadsheet (.xlsx, .xlsm, .xls, .ods)" in en.output
    assert "corrupt zip archive" in en.output
    assert "không phải bảng tính" not in en.output and "tệp nén hỏng" not in en.output

    vi = CliRunner().invoke(cli, ["--lang", "vi", "-w", str(bad_inbox("vi")), "collect"])
    assert vi.exit_code == 0, vi.output
    assert "LỖI: không phải bảng tính Excel/LibreOffice" in vi.output
    assert "tệp nén hỏng, không mở được" in vi.output


def test_collect_json_follows_lang_and_keeps_the_issue_shape(bad_inbox):
    result = CliRunner().invoke(cli, ["--lang", "en", "-w", str(bad_inbox("j")), "collect", "--json"])
    files = {f["name"]: f for f in json.loads(result.output)["files"]}
    issue = files["notes.txt"]["issues"][0]
    assert {"code", "severity", "sheet", "cell", "value", "message", "hint"} <= set(issue)
    assert (issue["code"], issue["severity"]) == ("col.not_spreadsheet", "error")
    assert issue["message"] == "not a spreadsheet (.xlsx, .xlsm, .xls, .ods)"


def test_the_store_keeps_codes_and_renders_either_language(bad_inbox):
    ws = bad_inbox("s")
    assert CliRunner().invoke(cli, ["-w", str(ws), "collect"]).exit_code == 0
    with Store(ws / "ctrxl.sqlite") as store:
        row = store.conn.execute("SELECT * FROM problems WHERE code = 'col.not_spreadsheet'").fetchone()
        assert row["message"] is None and json.loads(row["params"]) == {}
        (problem,) = store.problems(row["submission_id"])
    assert problem.severity == Severity.ERROR
    assert problem.message("en") == "not a spreadsheet (.xlsx, .xlsm, .xls, .ods)"
    assert problem.message("vi").startswith("không phải bảng tính")
    assert problem.hint("en") and problem.hint("en") != problem.hint("vi")


def test_a_store_from_before_codes_were_kept_still_opens(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:2], start=1):
        conn.executescript(script + f"; PRAGMA user_version = {number};")
    conn.execute("INSERT INTO cycles VALUES (1, 'P', 2025, NULL, '2025-01-01')")
    conn.execute("INSERT INTO files VALUES ('ab', 1, 'a', '2025-01-01')")
    conn.execute("""INSERT INTO submissions (id, cycle_id, sha256, original_name, origin, origin_kind, received_at,
                    outcome) VALUES (1, 1, 'ab', 'x.xlsx', 'x.xlsx', 'file', '2025-01-01', 'rejected')""")
    conn.execute("""INSERT INTO problems (submission_id, code, severity, sheet, cell, value, message, hint)
                    VALUES (1, 'col.bad_date', 'error', 'Nhiệm vụ', 'F12', '31/2', 'ngày sai', 'Ghi ngày')""")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.version == len(MIGRATIONS)
        (p,) = store.problems(1)
    assert (p.location.sheet, p.location.cell, p.value) == ("Nhiệm vụ", "F12", "31/2")
    assert p.message("en") == "ngày sai" and p.hint("vi") == "Ghi ngày"  # old rows keep their text
