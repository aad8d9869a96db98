"""``ctrxl history import`` (issue 14 item 4) and the per-task ``reask`` setting (item 2).

The loop: an office starts with ctrxl in 2026 and brings 2025 from (a) the agencies' filled
workbooks, (b) the consolidated workbook of 2025 or (c) a simple table; ``status --year 2025``
counts what was imported, and the 2026 workbooks show it in their locked previous-cycle columns.
"""
import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.definition.document import normalise_document
from ctrxl.workbook import layout as L
from tests.test_consolidate import ANSWERS, CONFIG, INDICATORS, PROGRAMME, REGISTRY, _fill

DATA = Path(__file__).parent / "data" / "history"
TABLE = DATA / "lich-su-2025.csv"
CONFIG_2026 = CONFIG.replace("2025", "2026").replace("15/12/2024", "15/12/2025")
ONE_OFF = {"T1", "T3", "T5", "T6"}  # dated or no deadline; T2 continuous, T4 yearly


def _run(ws: Path, *args: str, code: int = 0) -> dict:
    run = CliRunner().invoke(cli, ["-w", str(ws), *map(str, args), "--json"])
    assert run.exit_code == code, run.output
    return json.loads(run.output)


def _workspace(root: Path, config: str, programme: str = PROGRAMME) -> Path:
    root.mkdir(parents=True)
    (root / "ctrxl.toml").write_text(config, encoding="utf-8")
    (root / "programme.yaml").write_text(programme, encoding="utf-8")
    (root / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """The 2025 cycle as another office ran it: the filled workbooks and the consolidated workbook."""
    root = tmp_path_factory.mktemp("hist")
    old = _workspace(root / "old", CONFIG)
    paths = {w["agency"]: Path(w["path"]) for w in _run(old, "generate")["workbooks"]}
    filled = root / "filled"
    filled.mkdir()
    for agency in ("A", "B"):
        _fill(paths[agency], filled / f"{agency}.xlsx", agency)
    assert _run(old, "collect", filled)["counts"]["accepted"] == 2
    consolidated = Path(_run(old, "consolidate")["path"])
    return {"root": root, "old": old, "filled": filled, "consolidated": consolidated,
            "figures": _run(old, "consolidate")}


def _store_rows(ws: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(ws / "ctrxl.sqlite") as conn:
        return conn.execute(sql).fetchall()


def _previous_columns(ws: Path) -> dict[str, dict[str, dict[str, object]]]:
    """{agency name: {task or indicator code: {column key: value}}} of the 2026 workbooks, read by openpyxl."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    for book in (ws / "output" / "bieu-mau-17-CTr-TU-2026").glob("*.xlsx"):
        wb = openpyxl.load_workbook(book)
        name = book.stem.split(" - ", 1)[1]
        rows: dict[str, dict[str, object]] = {}
        for sheet, cols, code_key in ((L.SHEET_TASKS, L.TASK_COLUMNS, "task_code"),
                                      (L.SHEET_INDICATORS, L.INDICATOR_COLUMNS, "indicator_code")):
            s = wb[sheet]
            assert [s.cell(L.HEADER_ROW, i + 1).value for i in range(len(cols))] == [c.header for c in cols]
            for r in range(L.HEADER_ROW + 1, s.max_row + 1):
                code = s.cell(r, 1 + [c.key for c in cols].index(code_key)).value
                if code:
                    rows[code] = {c.key: s.cell(r, i + 1).value for i, c in enumerate(cols)}
            if sheet == L.SHEET_TASKS:
                prev = next(i for i, c in enumerate(cols) if c.key == "previous_status") + 1
                assert s.cell(r, prev).protection.locked  # the previous-cycle columns are locked
        out[name] = rows
    return out


def _assert_previous(ws: Path, tasks: dict[str, dict[str, tuple]], indicators: dict[str, dict[str, str]]) -> None:
    """Generate 2026 and compare its previous-cycle columns with what was imported.
    ``tasks``: {agency name: {code: (status label, completion date or None, result)}}."""
    _run(ws, "generate")
    shown = _previous_columns(ws)
    assert set(shown) == {"Ban Tổ chức Thành ủy", "Đảng ủy phường Hải Châu", "Đảng ủy xã Hòa Vang"}
    for name, rows in shown.items():
        for code, row in rows.items():
            if code.startswith("I"):
                assert (row["previous_value"] or "") == indicators.get(name, {}).get(code, ""), (name, code)
                continue
            want = tasks.get(name, {}).get(code)
            if want is None:  # nothing reported in 2025 (C sent nothing)
                assert not row["previous_status"] and row["status"] is None, (name, code)
                continue
            label, day, result = want
            if code in ONE_OFF and label == L.STATUS_LABELS[L.Status.DONE]:
                assert row["previous_status"] == "Đã hoàn thành năm 2025", (name, code)
                assert row["status"] == label and row["completed_on"].date() == day  # no new answer needed
            else:
                text = label + (f" ({day:%d/%m/%Y})" if day else "")
                assert row["previous_status"] == text, (name, code, row["previous_status"])
                assert row["status"] is None
            assert (row["previous_result"] or "") == (result or ""), (name, code)


NAMES = {"A": "Ban Tổ chức Thành ủy", "B": "Đảng ủy phường Hải Châu"}


def _from_answers() -> tuple[dict, dict]:
    """The expected previous columns from test_consolidate's answers (what the filled workbooks hold)."""
    tasks = {NAMES[a]: {code: (label, day.date() if day else None, None) for code, (label, day) in answers.items()}
             for a, answers in ANSWERS.items()}
    shown = {"A": {"I1": "45/50 = 90%", "I2": "0"}, "B": {"I2": "12"}}
    assert INDICATORS["A"]["I1"] == (45, 50) and INDICATORS["B"]["I2"] == 12
    return tasks, {NAMES[a]: v for a, v in shown.items()}


def test_import_agency_workbooks(source, tmp_path):
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    before = (ws / "ctrxl.toml").read_bytes()
    dry = _run(ws, "history", "import", source["filled"], "--dry-run")
    assert dry["dry_run"] and dry["counts"]["records"] == 2 and dry["cycles_added"] == [2025]
    assert (ws / "ctrxl.toml").read_bytes() == before and not (ws / "ctrxl.sqlite").exists()  # nothing written

    out = _run(ws, "history", "import", source["filled"])
    assert [(f["kind"], f["outcome"], f["years"]) for f in out["files"]] == [("workbook", "imported", [2025])] * 2
    assert out["cycles_added"] == [2025] and out["counts"]["records"] == 2
    rec = {r["agency"]: r for f in out["files"] for r in f["records"]}
    assert rec["A"]["submitted_at"] == "2025-12-09" and rec["A"]["submitted_known"]  # the workbook's «Ngày báo cáo»
    # recorded as collect records: the same answers rows as the other office's store
    mine = set(_store_rows(ws, "SELECT s.agency, kind, code, field, value FROM answers JOIN submissions s "
                               "ON s.id = submission_id"))
    theirs = set(_store_rows(source["old"], "SELECT s.agency, kind, code, field, value FROM answers JOIN "
                                            "submissions s ON s.id = submission_id"))
    assert mine == theirs and len(mine) == 44  # with the tasks' «Đề xuất, kiến nghị»
    cycles = _store_rows(ws, "SELECT year, definition_hash FROM cycles")
    assert [c[0] for c in cycles] == [2025] and len(cycles[0][1]) == 64
    # idempotent: the same files again record nothing
    again = _run(ws, "history", "import", source["filled"] / "A.xlsx", source["filled"] / "B.xlsx")
    assert [f["outcome"] for f in again["files"]] == ["unchanged"] * 2 and again["counts"]["duplicates"] == 2
    assert _store_rows(ws, "SELECT COUNT(*) FROM submissions") == [(2,)]
    assert _store_rows(ws, "SELECT COUNT(*) FROM answers") == [(44,)]
    assert _run(ws, "history", "import", source["filled"])["cycles_added"] == []
    status = _run(ws, "--year", "2025", "status")
    assert status["counts"] == {"on_time": 2, "late": 0, "rejected": 0, "missing": 1, "expected": 3}
    _assert_previous(ws, *_from_answers())


def test_import_the_consolidated_workbook(source, tmp_path):
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    out = _run(ws, "history", "import", source["consolidated"])
    [f] = out["files"]
    assert (f["kind"], f["outcome"], f["years"]) == ("consolidated", "imported", [2025])
    days = {r["agency"]: r["submitted_at"] for r in f["records"]}
    assert days == {"A": "2025-12-10", "B": "2025-12-17"}  # from «Theo dõi nộp»: B was late
    status = _run(ws, "--year", "2025", "status")
    assert status["counts"] == {"on_time": 1, "late": 1, "rejected": 0, "missing": 1, "expected": 3}
    mine = set(_store_rows(ws, "SELECT s.agency, kind, code, field, value FROM answers JOIN submissions s "
                               "ON s.id = submission_id"))
    theirs = set(_store_rows(source["old"], "SELECT s.agency, kind, code, field, value FROM answers JOIN "
                                            "submissions s ON s.id = submission_id"))
    assert mine == theirs  # every answer, values as collect stored them
    figures = _run(ws, "--year", "2025", "consolidate")
    assert figures["overall"] == source["figures"]["overall"]
    again = _run(ws, "history", "import", source["consolidated"])
    assert again["files"][0]["outcome"] == "unchanged" and _store_rows(ws, "SELECT COUNT(*) FROM submissions") == [(2,)]
    _assert_previous(ws, *_from_answers())


def _table_expected() -> tuple[dict, dict]:
    tasks: dict[str, dict[str, tuple]] = {}
    indicators: dict[str, dict[str, str]] = {}
    labels = {"hoàn thành": L.STATUS_LABELS[L.Status.DONE]}  # the variant the table uses for B's T4
    with TABLE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = NAMES["B"] if row["Mã đơn vị"] == "B" else NAMES["A"]
            if row["Mã nhiệm vụ"]:
                day = dt.datetime.strptime(row["Ngày hoàn thành"], "%d/%m/%Y").date() if row["Ngày hoàn thành"] else None
                label = labels.get(row["Tình trạng"], row["Tình trạng"])
                if row["Tiến độ (%)"]:
                    label += f" ({row['Tiến độ (%)']}%)"
                tasks.setdefault(name, {})[row["Mã nhiệm vụ"]] = (label, day, row["Kết quả"])
            elif row["Tử số"]:
                n, d = int(row["Tử số"]), int(row["Mẫu số"])
                indicators.setdefault(name, {})[row["Mã chỉ tiêu"]] = f"{n}/{d} = {100 * n / d:g}%"
            else:
                indicators.setdefault(name, {})[row["Mã chỉ tiêu"]] = row["Giá trị"]
    return tasks, indicators


def test_import_a_table(tmp_path):
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    out = _run(ws, "history", "import", TABLE)
    [f] = out["files"]
    assert (f["kind"], f["outcome"], f["years"]) == ("table", "imported", [2025])
    rec = {r["agency"]: r for r in f["records"]}
    assert rec["A"]["outcome"] == "accepted" and rec["A"]["answers"] == 16
    assert rec["B"]["outcome"] == "warnings"  # «hoàn thành» read as «Đã hoàn thành», with a warning
    [issue] = rec["B"]["issues"]
    assert issue["code"] == "col.status_variant" and issue["location"]["cell"] == "F12"
    assert issue["location"]["file"].endswith("lich-su-2025.csv")
    status = _run(ws, "--year", "2025", "status")
    assert status["counts"] == {"on_time": 1, "late": 1, "rejected": 0, "missing": 1, "expected": 3}
    a = next(x for x in _run(ws, "--year", "2025", "consolidate")["per_agency"] if x["agency"] == "A")["counts"]
    assert a["done_on_time"] == 1 and a["done_late"] == 1 and a["continuous"] == 2 and a["not_started"] == 1
    assert _run(ws, "history", "import", TABLE)["files"][0]["outcome"] == "unchanged"
    assert _store_rows(ws, "SELECT COUNT(*) FROM submissions") == [(2,)]
    _assert_previous(ws, *_table_expected())


def test_the_same_table_as_xlsx_with_a_title_row(tmp_path):
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    _run(ws, "history", "import", TABLE)
    csv_answers = set(_store_rows(ws, "SELECT s.agency, kind, code, field, value FROM answers JOIN submissions s "
                                      "ON s.id = submission_id"))
    other = _workspace(tmp_path / "other", CONFIG_2026)
    wb = openpyxl.Workbook()
    s = wb.active
    s.title = "Số liệu 2025"
    s.append(["SỐ LIỆU THỰC HIỆN CHƯƠNG TRÌNH 17-CTr/TU NĂM 2025"])
    with TABLE.open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.reader(fh)):
            s.append([int(v) if n and v.isdigit() else v or None for v in row])
    wb.save(tmp_path / "lich-su.xlsx")
    out = _run(other, "history", "import", tmp_path / "lich-su.xlsx")
    assert out["files"][0]["kind"] == "table" and out["counts"]["records"] == 2
    xlsx_answers = set(_store_rows(other, "SELECT s.agency, kind, code, field, value FROM answers JOIN submissions s "
                                          "ON s.id = submission_id"))
    assert xlsx_answers == csv_answers


def test_a_file_with_errors_records_nothing(tmp_path):
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    rows = list(csv.reader(TABLE.open(encoding="utf-8")))
    rows[3][5] = "Xong rồi chăng"  # not a status (row 4, column F)
    rows[4][6] = "31/2/2025"  # not a date (row 5, column G)
    rows[9][1] = "ZZ"  # no such agency (row 10)
    rows.append(list(rows[2]))  # A's T2 twice (row 16)
    bad = tmp_path / "loi.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    before = (ws / "ctrxl.toml").read_bytes()
    out = _run(ws, "history", "import", bad, TABLE, code=1)
    first, second = out["files"]
    assert first["outcome"] == "rejected" and first["records"] == [] and second["outcome"] == "imported"
    where = {(i["code"], i["location"].get("cell") or i["location"].get("row")) for i in first["issues"]}
    assert {("col.status_invalid", "F4"), ("col.bad_date", "G5"), ("hist.unknown_agency", 10),
            ("hist.duplicate_row", 16)} <= where, where
    assert all(i["severity"] == "error" and i["location"]["file"].endswith("loi.csv") for i in first["issues"])
    # nothing of the bad file in the store: only the good one's two submissions
    assert _store_rows(ws, "SELECT DISTINCT original_name FROM submissions") == [("lich-su-2025.csv",)]
    assert (ws / "ctrxl.toml").read_bytes() != before  # the good file added the 2025 cycle
    text = CliRunner().invoke(cli, ["-w", str(ws), "history", "import", str(bad)])
    assert text.exit_code == 1
    assert "loi.csv, sheet" not in text.output and "ô F4" in text.output and "dòng 10" in text.output
    assert "không có đơn vị «ZZ» trong danh bạ" in text.output


def test_the_year_comes_from_the_file_or_year(source, tmp_path):
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    no_year = tmp_path / "khong-nam.csv"
    rows = [r[1:] for r in csv.reader(TABLE.open(encoding="utf-8"))]
    with no_year.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = _run(ws, "history", "import", no_year, code=1)
    assert out["files"][0]["issues"][0]["code"] == "hist.no_year"
    assert _run(ws, "history", "import", no_year, "--year", "2026", code=1)["files"][0]["issues"][0]["code"] == \
        "hist.not_earlier"
    mismatch = _run(ws, "history", "import", source["filled"] / "A.xlsx", "--year", "2024", code=1)
    assert mismatch["files"][0]["issues"][0]["code"] == "hist.year_mismatch"
    assert _run(ws, "history", "import", no_year, "--year", "2025")["counts"]["records"] == 2
    listed = _run(ws, "cycle", "list")["cycles"]
    assert [(c["year"], c["accepted"]) for c in listed] == [(2026, 0), (2025, 2)]


def test_not_a_history_file(tmp_path):
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    other = tmp_path / "khac.csv"
    other.write_text("Họ tên,Điện thoại\nA,1\n", encoding="utf-8")
    [f] = _run(ws, "history", "import", other, code=1)["files"]
    assert f["issues"][0]["code"] == "hist.no_table" and "Mã nhiệm vụ" in f["issues"][0]["message"]
    assert "hist.no_paths" in CliRunner().invoke(cli, ["-w", str(ws), "history", "import", "--json"]).output


def test_the_table_template_is_what_the_script_writes(tmp_path):
    from ctrxl.collect.history_template import TEMPLATE_NAME
    from ctrxl.resources import make_xlsx, template_file

    (fresh,) = make_xlsx.write_history_templates(tmp_path)
    committed = template_file("xlsx", TEMPLATE_NAME)
    assert fresh.read_bytes() == committed.read_bytes(), "run: python -m ctrxl.resources.make_xlsx"
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    [f] = _run(ws, "history", "import", committed, "--year", "2025", code=1)["files"]
    assert f["kind"] == "table" and f["issues"][0]["code"] == "hist.nothing"  # headers only


# ---------------------------------------------------------------- reask (item 2's per-task setting)

REASK = PROGRAMME.replace("deadline: (năm 2024)}", "deadline: (năm 2024), reask: true}")


def test_reask_asks_again_for_a_completed_one_off_task(tmp_path):
    assert REASK != PROGRAMME
    ws = _workspace(tmp_path / "ws", CONFIG, REASK)
    paths = {w["agency"]: Path(w["path"]) for w in _run(ws, "generate")["workbooks"]}
    (ws / "inbox").mkdir()
    _fill(paths["A"], ws / "inbox" / "A.xlsx", "A")
    _run(ws, "collect")
    _run(ws, "cycle", "new", "2026")
    _run(ws, "generate")
    book = next((ws / "output" / "bieu-mau-17-CTr-TU-2026").glob("001 - *.xlsx"))
    rows = _previous_columns(ws)["Ban Tổ chức Thành ủy"]
    # T1 (one-off, done in 2025): marked and filled in; T3 (one-off, done, but reask): asked again
    assert rows["T1"]["previous_status"] == "Đã hoàn thành năm 2025" and rows["T1"]["status"] == "Đã hoàn thành"
    assert rows["T3"]["previous_status"] == "Đã hoàn thành (15/03/2025)" and rows["T3"]["status"] is None
    # the validator: T1 left empty keeps its 2025 answer; T3 left empty is an error
    wb = openpyxl.load_workbook(book)
    s = wb[L.SHEET_TASKS]
    col = {c.key: i + 1 for i, c in enumerate(L.TASK_COLUMNS)}
    cells = {}
    for r in range(L.HEADER_ROW + 1, s.max_row + 1):
        code = s.cell(r, col["task_code"]).value
        cells[code] = r
        if code == "T1":
            s.cell(r, col["status"]).value = s.cell(r, col["completed_on"]).value = None
        elif code != "T3":
            s.cell(r, col["status"]).value = L.STATUS_LABELS[L.Status.CONTINUING]
    inbox = ws / "inbox-2026"
    inbox.mkdir()
    wb.save(inbox / "A.xlsx")
    [f] = _run(ws, "collect", inbox / "A.xlsx")["files"]
    errors = [(i["code"], i["cell"]) for i in f["issues"] if i["severity"] == "error"]
    status_col = openpyxl.utils.get_column_letter(col["status"])
    assert errors == [("col.status_empty", f"{status_col}{cells['T3']}")], f["issues"]
    s.cell(cells["T3"], col["status"]).value = L.STATUS_LABELS[L.Status.CONTINUING]
    wb.save(inbox / "A2.xlsx")
    [f] = _run(ws, "collect", inbox / "A2.xlsx")["files"]
    assert f["outcome"] in ("accepted", "warnings"), f["issues"]
    kept = dict(_store_rows(ws, f"SELECT field, value FROM answers WHERE submission_id = {f['submission']} "
                                "AND code = 'T1'"))
    assert kept == {"status": '"done"', "completed_on": '"2025-06-20"'}  # the 2025 answer stands


def test_reask_in_the_excel_definition_round_trip(tmp_path):
    (tmp_path / "programme.yaml").write_text(REASK, encoding="utf-8")
    (tmp_path / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    run = CliRunner().invoke(cli, ["convert", str(tmp_path / "programme.yaml"), str(tmp_path / "d.xlsx"),
                                   "--registry", str(tmp_path / "registry.yaml")])
    assert run.exit_code == 0, run.output
    s = openpyxl.load_workbook(tmp_path / "d.xlsx")["Nhiệm vụ"]
    heads = [c.value for c in s[1]]
    reask = {s.cell(r, 1).value: s.cell(r, heads.index("Báo cáo lại") + 1).value for r in range(2, s.max_row + 1)}
    assert reask == {"T1": None, "T2": None, "T3": "x", "T4": None, "T5": None, "T6": None}
    run = CliRunner().invoke(cli, ["convert", str(tmp_path / "d.xlsx"), str(tmp_path / "back.yaml"),
                                   "--registry-out", str(tmp_path / "back-registry.yaml")])
    assert run.exit_code == 0, run.output
    back = yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8"))
    original = yaml.safe_load(REASK)
    assert [t.get("reask", False) for t in back["tasks"]] == [False, False, True, False, False, False]
    assert normalise_document(back) == normalise_document(original)  # loss-free, reask included
    # a definition without reask keeps its document (and so its hash): false is never written
    assert "reask" not in json.dumps(normalise_document(yaml.safe_load(PROGRAMME)))


def test_the_consolidated_workbook_resaved_by_libreoffice(source, tmp_path):
    """A consolidated workbook re-saved as .ods (no title property then: the year comes from its name)."""
    from tests.libreoffice import convert

    ods = convert(source["consolidated"], "ods", tmp_path / "lo")
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    [f] = _run(ws, "history", "import", ods)["files"]
    assert (f["kind"], f["outcome"], f["years"]) == ("consolidated", "imported", [2025])
    mine = set(_store_rows(ws, "SELECT s.agency, kind, code, field, value FROM answers JOIN submissions s "
                               "ON s.id = submission_id"))
    theirs = set(_store_rows(source["old"], "SELECT s.agency, kind, code, field, value FROM answers JOIN "
                                            "submissions s ON s.id = submission_id"))
    assert mine == theirs
    assert _run(ws, "--year", "2025", "status")["counts"]["late"] == 1


def test_a_task_the_definition_no_longer_has_is_a_warning(tmp_path):
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    rows = list(csv.reader(TABLE.open(encoding="utf-8")))
    rows[1][3] = "T9"  # A's T1 row now names a task removed since 2025 (row 2)
    changed = tmp_path / "doi.csv"
    with changed.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    [f] = _run(ws, "history", "import", changed)["files"]
    assert f["outcome"] == "imported"
    a = next(r for r in f["records"] if r["agency"] == "A")
    assert a["outcome"] == "warnings" and [(i["code"], i["cell"]) for i in a["issues"]] == [("hist.task_unknown", "D2")]
    assert _store_rows(ws, "SELECT COUNT(*) FROM answers JOIN submissions s ON s.id = submission_id "
                           "WHERE s.agency = 'A' AND code IN ('T1', 'T9')") == [(0,)]
    assert _store_rows(ws, "SELECT COUNT(*) FROM answers JOIN submissions s ON s.id = submission_id "
                           "WHERE s.agency = 'A' AND code = 'T2'") == [(2,)]  # the rest of A's answers are there


def test_an_agency_workbook_without_its_identity_needs_the_year(source, tmp_path):
    wb = openpyxl.load_workbook(source["filled"] / "A.xlsx")
    del wb[L.SHEET_META]
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    wb.custom_doc_props.props.clear()
    bare = tmp_path / "A-khong-ma.xlsx"
    wb.save(bare)
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    [f] = _run(ws, "history", "import", bare, code=1)["files"]
    assert f["kind"] == "workbook" and f["issues"][0]["code"] == "hist.no_year"
    [f] = _run(ws, "history", "import", bare, "--year", "2025")["files"]
    [r] = f["records"]
    assert (r["agency"], r["outcome"]) == ("A", "warnings")
    assert [i["code"] for i in r["issues"]] == ["col.identified_by_name"]
    assert _store_rows(ws, "SELECT identified_by, origin_kind FROM submissions") == [("sheet-name", "history")]


def test_one_table_of_several_years(tmp_path):
    """2024 and 2025 in one table: two cycles added; next year's workbook marks a one-off task by the
    year it was completed in, even when the latest year did not report it again."""
    ws = _workspace(tmp_path / "new", CONFIG_2026)
    rows = list(csv.reader(TABLE.open(encoding="utf-8")))
    t1 = list(rows[1])
    t1[0], t1[6], t1[14] = "2024", "20/6/2024", "10/12/2024"  # A's T1, completed in 2024
    rest = [r for r in rows[2:]]
    rest[0][14] = "10/12/2025"  # A's 2025 submission day moves to its next row
    several = tmp_path / "nhieu-nam.csv"
    with several.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([rows[0], t1, *rest])
    out = _run(ws, "history", "import", several)
    assert out["files"][0]["years"] == [2024, 2025] and out["cycles_added"] == [2024, 2025]
    assert [(c["year"], c["accepted"]) for c in _run(ws, "cycle", "list")["cycles"]] == [(2026, 0), (2025, 2),
                                                                                       (2024, 1)]
    assert _run(ws, "--year", "2024", "status")["counts"]["on_time"] == 1
    _run(ws, "generate")
    t1_row = _previous_columns(ws)["Ban Tổ chức Thành ủy"]["T1"]
    assert t1_row["previous_status"] == "Đã hoàn thành năm 2024" and t1_row["completed_on"].date() == dt.date(2024, 6, 20)
