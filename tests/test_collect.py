"""collect: real files filled the way a clerk would, re-saved, zipped, mailed, broken — and nothing lost."""
import datetime as dt
import hashlib
import json
import random
import shutil
import sqlite3
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from ctrxl.cli import cli
from ctrxl.demo.simulate import as_eml, as_zip, fill_workbook
from ctrxl.signing import load_secret
from ctrxl.workbook import layout as L

from .identity import set_identity
from .libreoffice import convert

TASK_COL = {c.key: i + 1 for i, c in enumerate(L.TASK_COLUMNS)}
IND_COL = {c.key: i + 1 for i, c in enumerate(L.INDICATOR_COLUMNS)}
FIRST = L.HEADER_ROW + 1


@pytest.fixture
def cycle(mini_ws):
    result = CliRunner().invoke(cli, ["-w", str(mini_ws), "generate", "--json"])
    assert result.exit_code == 0, result.output
    paths = {w["agency"]: Path(w["path"]) for w in json.loads(result.output)["workbooks"]}
    return mini_ws, paths


def collect(ws, *paths, extra=()):
    result = CliRunner().invoke(cli, ["-w", str(ws), "collect", "--json", *map(str, paths), *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output), result.exit_code


def filled(src: Path, dst: Path, seed: int = 1, **kw) -> Path:
    fill_workbook(src, dst, random.Random(seed), **kw)
    return dst


def edit(path: Path, fn) -> Path:
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def task_row(ws_sheet, code: str) -> int:
    for r in range(FIRST, ws_sheet.max_row + 1):
        if ws_sheet.cell(r, TASK_COL["task_code"]).value == code:
            return r
    raise KeyError(code)


def codes(entry) -> set[str]:
    return {i["code"] for i in entry["issues"]}


def archived_all(ws: Path, inputs: list[Path]) -> None:
    """Every input file has a byte-identical copy in the archive."""
    store = {p.name.split(".")[0]: p for p in (ws / "archive").rglob("*") if p.is_file()}
    for path in inputs:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        assert sha in store, f"{path.name} not archived"
        assert store[sha].read_bytes() == data


def test_good_workbook_accepted_and_recorded(cycle, tmp_path):
    ws, paths = cycle
    f = filled(paths["DU-P-HC"], tmp_path / "hai chau.xlsx")
    data, code = collect(ws, f)
    [entry] = data["files"]
    assert entry["outcome"] == "accepted", entry["issues"]
    assert entry["agency"] == "DU-P-HC" and entry["sha256"] == hashlib.sha256(f.read_bytes()).hexdigest()
    assert code == 0
    db = sqlite3.connect(ws / "ctrxl.sqlite")
    status = db.execute("SELECT value FROM answers WHERE code='II.1-a' AND field='status'").fetchone()[0]
    assert json.loads(status) in {s.value for s in L.Status}
    num = db.execute("SELECT value, cell FROM answers WHERE code='CT-1' AND field='numerator'").fetchone()
    assert num[1] == f"H{FIRST}"
    assert entry["receipt"] is None  # a clean acceptance needs no feedback file
    archived_all(ws, [f])


def test_status_variants_accepted_with_warning(cycle, tmp_path):
    ws, paths = cycle
    f = filled(paths["BTCTU"], tmp_path / "btc.xlsx")

    def variants(wb):
        s = wb[L.SHEET_TASKS]
        s.cell(task_row(s, "II.1-a"), TASK_COL["status"]).value = "hoàn thành"
        s.cell(task_row(s, "II.1-a"), TASK_COL["completed_on"]).value = dt.datetime(2025, 5, 2)
        s.cell(task_row(s, "III.4.(1)"), TASK_COL["status"]).value = unicodedata.normalize("NFD", "ĐANG THỰC HIỆN")

    edit(f, variants)
    data, _ = collect(ws, f)
    [entry] = data["files"]
    assert entry["outcome"] == "warnings"
    variants_found = [i for i in entry["issues"] if i["code"] == "col.status_variant"]
    assert {i["cell"] for i in variants_found} == {f"G{FIRST}", f"G{FIRST + 1}"}
    assert "«Đã hoàn thành»" in variants_found[0]["message"]
    db = sqlite3.connect(ws / "ctrxl.sqlite")
    rows = dict(db.execute("SELECT code, value FROM answers WHERE field='status'").fetchall())
    assert json.loads(rows["II.1-a"]) == "done" and json.loads(rows["III.4.(1)"]) == "in_progress"


def test_each_mistake_named_with_sheet_and_cell(cycle, tmp_path):
    ws, paths = cycle
    f = filled(paths["DU-P-HC"], tmp_path / "loi.xlsx")

    def mistakes(wb):
        s = wb[L.SHEET_TASKS]
        r = task_row(s, "II.1-a")
        s.cell(r, TASK_COL["status"]).value = "Đã hoàn thành"
        s.cell(r, TASK_COL["completed_on"]).value = None
        s.cell(r, TASK_COL["progress"]).value = 150
        i = wb[L.SHEET_INDICATORS]
        i.cell(FIRST, IND_COL["numerator"]).value = 50
        i.cell(FIRST, IND_COL["denominator"]).value = 40

    edit(f, mistakes)
    data, code = collect(ws, f)
    [entry] = data["files"]
    assert entry["outcome"] == "rejected" and code == 0
    by_code = {i["code"]: i for i in entry["issues"]}
    assert by_code["col.done_without_date"]["cell"] == f"H{FIRST}"
    assert by_code["col.progress_range"]["cell"] == f"I{FIRST}" and by_code["col.progress_range"]["value"] == "150"
    assert by_code["col.numerator_gt_denominator"]["sheet"] == L.SHEET_INDICATORS
    assert by_code["col.numerator_gt_denominator"]["message"] == "chỉ tiêu «CT-1»: tử số 50 lớn hơn mẫu số 40"
    receipt = CalamineWorkbook.from_path(entry["receipt"]).get_sheet_by_name("Phản hồi").to_python()
    text = "\n".join(" ".join(str(c) for c in row) for row in receipt)
    assert "Không hợp lệ, đề nghị gửi lại" in text and "tử số 50 lớn hơn mẫu số 40" in text
    # --strict turns a rejection into exit code 1
    (tmp_path / "none").mkdir()  # an empty folder: a missing path is an error
    _, strict = collect(ws, tmp_path / "none", extra=("--strict",))
    assert strict == 0  # nothing new rejected in that run
    bad2 = edit(filled(paths["DU-X-HV"], tmp_path / "loi2.xlsx"), mistakes)
    _, strict = collect(ws, bad2, extra=("--strict",))
    assert strict == 1


@pytest.mark.parametrize("case, expected", [
    ("future_date", "col.date_after_submission"),
    ("before_programme", "col.date_before_programme"),
    ("text_in_number", "col.not_number"),
    ("negative", "col.negative"),
    ("status_invalid", "col.status_invalid"),
    ("status_empty", "col.status_empty"),
    ("locked_text", "col.locked_edited"),
    ("code_edited", "col.task_unknown"),
    ("row_deleted", "col.task_missing"),
    ("row_duplicated", "col.task_duplicate"),
    ("row_added", "col.row_without_code"),
    ("bad_date_text", "col.bad_date"),
])
def test_validation_catalogue(cycle, tmp_path, case, expected):
    ws, paths = cycle
    f = filled(paths["BTCTU"], tmp_path / f"{case}.xlsx")

    def change(wb):
        s = wb[L.SHEET_TASKS]
        r = task_row(s, "III.4.(1)")
        c = TASK_COL
        if case == "future_date":
            s.cell(r, c["status"]).value = "Đã hoàn thành"
            s.cell(r, c["completed_on"]).value = dt.datetime.now() + dt.timedelta(days=30)
        elif case == "before_programme":
            s.cell(r, c["status"]).value = "Đã hoàn thành"
            s.cell(r, c["completed_on"]).value = dt.datetime(2021, 3, 1)
        elif case == "text_in_number":
            s.cell(r, c["progress"]).value = "khoảng một nửa"
        elif case == "negative":
            # BTCTU has no indicator (and so no «Chỉ tiêu» sheet); use progress below zero instead
            s.cell(r, c["progress"]).value = -5
        elif case == "status_invalid":
            s.cell(r, c["status"]).value = "Tạm dừng"
        elif case == "status_empty":
            s.cell(r, c["status"]).value = None
        elif case == "locked_text":
            s.cell(r, c["task_text"]).value = "Nội dung đã bị sửa"
        elif case == "code_edited":
            s.cell(r, c["task_code"]).value = "III.4.(9)"
        elif case == "row_deleted":
            s.delete_rows(r)
        elif case == "row_duplicated":
            s.insert_rows(r + 1)
            for col in range(1, len(L.TASK_COLUMNS) + 1):
                s.cell(r + 1, col).value = s.cell(r, col).value
        elif case == "row_added":
            s.cell(s.max_row + 1, c["results"]).value = "Một việc thêm không có mã"
        elif case == "bad_date_text":
            s.cell(r, c["status"]).value = "Đã hoàn thành"
            s.cell(r, c["completed_on"]).value = "31/02/2025"

    edit(f, change)
    data, _ = collect(ws, f)
    [entry] = data["files"]
    if case == "negative":
        expected = "col.progress_range"
    assert expected in codes(entry), entry["issues"]
    assert entry["outcome"] == "rejected"
    issue = next(i for i in entry["issues"] if i["code"] == expected)
    assert issue["sheet"] == L.SHEET_TASKS and issue["message"]
    if case == "code_edited":
        assert "col.task_missing" in codes(entry)
        assert "III.4.(9)" in issue["message"]
    archived_all(ws, [f])


def test_negative_count_and_text_in_indicator(cycle, tmp_path):
    ws, paths = cycle
    f = filled(paths["DU-X-HV"], tmp_path / "hv.xlsx")

    def change(wb):
        i = wb[L.SHEET_INDICATORS]
        i.cell(FIRST, IND_COL["numerator"]).value = -3
        i.cell(FIRST, IND_COL["denominator"]).value = "bốn mươi"

    edit(f, change)
    data, _ = collect(ws, f)
    found = codes(data["files"][0])
    assert {"col.negative", "col.not_number"} <= found


def test_rows_sorted_hidden_inserted_still_read(cycle, tmp_path):
    ws, paths = cycle
    f = filled(paths["BTCTU"], tmp_path / "sorted.xlsx")

    def shuffle(wb):
        s = wb[L.SHEET_TASKS]
        a, b = FIRST, FIRST + 1
        for col in range(1, len(L.TASK_COLUMNS) + 1):  # swap the two rows (a sort)
            va, vb = s.cell(a, col).value, s.cell(b, col).value
            s.cell(a, col).value, s.cell(b, col).value = vb, va
        s.row_dimensions[a].hidden = True
        s.insert_rows(2, amount=2)  # rows inserted above the table

    edit(f, shuffle)
    data, _ = collect(ws, f)
    entry = data["files"][0]
    assert entry["outcome"] in ("accepted", "warnings"), entry["issues"]
    db = sqlite3.connect(ws / "ctrxl.sqlite")
    cells = dict(db.execute("SELECT code, cell FROM answers WHERE field='status'").fetchall())
    assert cells == {"III.4.(1)": f"G{FIRST + 2}", "II.1-a": f"G{FIRST + 3}"}


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_libreoffice_resaved_returns_are_accepted(cycle, tmp_path, fmt):
    ws, paths = cycle
    f = filled(paths["DU-P-HC"], tmp_path / "src" / "hc.xlsx")
    resaved = convert(f, fmt, tmp_path / fmt)
    data, _ = collect(ws, resaved)
    [entry] = data["files"]
    assert entry["agency"] == "DU-P-HC"
    assert entry["outcome"] in ("accepted", "warnings"), entry["issues"]
    db = sqlite3.connect(ws / "ctrxl.sqlite")
    row = db.execute("SELECT value FROM answers WHERE code='II.1-a' AND field='completed_on'").fetchone()
    done = row[0] if row else "null"  # an empty answer has no row
    wb = openpyxl.load_workbook(f)  # the date the clerk typed, before LibreOffice re-saved the file
    typed = wb[L.SHEET_TASKS].cell(FIRST, TASK_COL["completed_on"]).value
    assert json.loads(done) == (typed.date().isoformat() if typed else None)
    archived_all(ws, [resaved])


def test_zip_and_eml_with_vietnamese_names(cycle, tmp_path):
    ws, paths = cycle
    a = filled(paths["DU-P-HC"], tmp_path / "Biểu báo cáo Hải Châu.xlsx")
    b = filled(paths["DU-X-HV"], tmp_path / "Hòa Vang.xlsx", seed=2)
    z = as_zip([a, b], tmp_path / "hai-bieu.zip")
    c = filled(paths["BTCTU"], tmp_path / "Ban Tổ chức.xlsx", seed=3)
    mail = tmp_path / "thu.eml"
    mail.write_bytes(as_eml(c, "Người gửi <khac@example.org>", "btctu@example.org",
                            dt.datetime(2025, 12, 9, 8, 30, tzinfo=dt.UTC), "Báo cáo"))
    data, _ = collect(ws, z, mail)
    by_name = {e["name"]: e for e in data["files"]}
    assert by_name["hai-bieu.zip"]["outcome"] == "container"
    assert by_name["Biểu báo cáo Hải Châu.xlsx"]["agency"] == "DU-P-HC"
    assert by_name["Hòa Vang.xlsx"]["agency"] == "DU-X-HV"
    btc = by_name["Ban Tổ chức.xlsx"]
    assert btc["agency"] == "BTCTU" and btc["sender"] == "khac@example.org" and btc["kind"] == "eml"
    assert "col.sender_mismatch" in codes(btc) and btc["outcome"] == "warnings"
    archived_all(ws, [z, mail, a, b, c])


def _encrypted(src: Path, dst: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(src, "rb") as fin, open(dst, "wb") as fout:
        office = OOXMLFile(fin)
        office.encrypt("matkhau", fout)
    return dst


def _entity_attack(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                bomb = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                data = bomb + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)
            zout.writestr(info, data)
    return dst


def _zip_bomb(dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return dst


def test_bad_files_are_quarantined_archived_and_listed(cycle, tmp_path, mini_ws, write):
    ws, paths = cycle
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "hong.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (bad / "anh chup.pdf").write_bytes(b"%PDF-1.4 not a spreadsheet")
    (bad / "hong.xlsx").write_bytes(b"PK\x03\x04" + bytes(200))
    _encrypted(filled(paths["DU-P-HC"], tmp_path / "enc-src.xlsx"), bad / "co mat khau.xlsx")
    _entity_attack(filled(paths["DU-P-HC"], tmp_path / "xml-src.xlsx"), bad / "thuc the.xlsx")
    _zip_bomb(bad / "bom.xlsx")
    blank = openpyxl.Workbook()
    blank.save(bad / "khong ro.xlsx")
    # a workbook of another programme
    other = tmp_path / "other"
    shutil.copytree(mini_ws, other, ignore=shutil.ignore_patterns("output", "archive", "*.sqlite*"))
    (other / "programme.yaml").write_text(
        (other / "programme.yaml").read_text(encoding="utf-8").replace("17-CTr/TU", "99-CTr/TU"), encoding="utf-8")
    out = json.loads(CliRunner().invoke(cli, ["-w", str(other), "generate", "--json"]).output)
    other_wb = Path(next(w["path"] for w in out["workbooks"] if w["agency"] == "BTCTU"))
    shutil.copy2(filled(other_wb, tmp_path / "o.xlsx"), bad / "chuong trinh khac.xlsx")

    data, code = collect(ws, bad)
    assert code == 0
    outcome = {e["name"]: (e["outcome"], codes(e)) for e in data["files"]}
    assert outcome["hong.zip"] == ("quarantined", {"col.bad_zip"})
    assert outcome["anh chup.pdf"] == ("quarantined", {"col.not_spreadsheet"})
    assert outcome["hong.xlsx"][0] == "quarantined" and outcome["hong.xlsx"][1] <= {"col.unreadable", "col.bad_zip"}
    assert outcome["co mat khau.xlsx"] == ("quarantined", {"col.encrypted"})
    assert outcome["thuc the.xlsx"] == ("quarantined", {"col.unsafe_xml"})
    assert outcome["bom.xlsx"] == ("quarantined", {"col.zip_bomb"})
    assert outcome["khong ro.xlsx"] == ("quarantined", {"col.unidentified"})
    assert outcome["chuong trinh khac.xlsx"] == ("quarantined", {"col.other_programme"})
    archived_all(ws, sorted(bad.iterdir()))
    # the run went on: a good file next to the bad ones is still accepted
    filled(paths["DU-X-HV"], bad / "tot.xlsx")
    data, _ = collect(ws, bad)
    assert {e["name"]: e["outcome"] for e in data["files"]}["tot.xlsx"] in ("accepted", "warnings")


def test_versions_duplicates_and_idempotence(cycle, tmp_path):
    ws, paths = cycle
    inbox = ws / "inbox"
    first = filled(paths["DU-P-HC"], inbox / "lan1.xlsx", seed=1)
    data, _ = collect(ws)
    assert data["files"][0]["outcome"] in ("accepted", "warnings")
    second = filled(paths["DU-P-HC"], inbox / "lan2.xlsx", seed=7)
    import os
    os.utime(second, (first.stat().st_mtime + 60, first.stat().st_mtime + 60))
    shutil.copy2(first, inbox / "lan1 - ban sao.xlsx")  # the same bytes under another name
    data, _ = collect(ws)
    outcomes = {e["name"]: e["outcome"] for e in data["files"]}
    assert outcomes["lan1.xlsx"] == "duplicate" and outcomes["lan1 - ban sao.xlsx"] == "duplicate"
    assert outcomes["lan2.xlsx"] in ("accepted", "warnings")
    db = sqlite3.connect(ws / "ctrxl.sqlite")
    rows = db.execute("SELECT original_name, superseded_by FROM submissions WHERE agency='DU-P-HC' ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["lan1.xlsx", "lan2.xlsx"]
    assert rows[0][1] is not None and rows[1][1] is None  # the earlier one is kept, superseded
    before = (db.execute("SELECT COUNT(*) FROM submissions").fetchone(), db.execute("SELECT COUNT(*) FROM answers").fetchone(),
              sorted(p.name for p in (ws / "archive").rglob("*") if p.is_file()))
    data, _ = collect(ws)
    assert {e["outcome"] for e in data["files"]} == {"duplicate"}
    after = (db.execute("SELECT COUNT(*) FROM submissions").fetchone(), db.execute("SELECT COUNT(*) FROM answers").fetchone(),
             sorted(p.name for p in (ws / "archive").rglob("*") if p.is_file()))
    assert before == after


def test_identity_lost_falls_back_to_sheet_name(cycle, tmp_path):
    ws, paths = cycle
    f = filled(paths["DU-X-HV"], tmp_path / "mat nhan dang.xlsx")

    def strip(wb):
        del wb[L.SHEET_META]
        for name in list(wb.defined_names):
            if name.startswith("ctrxl_"):
                del wb.defined_names[name]
        wb.custom_doc_props.props = []
        wb[L.SHEET_TASKS].data_validations.dataValidation = []  # its list pointed at the deleted sheet

    edit(f, strip)
    data, _ = collect(ws, f)
    [entry] = data["files"]
    assert entry["agency"] == "DU-X-HV" and "col.identified_by_name" in codes(entry)


def test_other_cycle_rejected(cycle, tmp_path):
    ws, paths = cycle
    f = filled(paths["DU-P-HC"], tmp_path / "nam cu.xlsx")

    # last year's workbook from this same office: signed with this workspace's key
    edit(f, lambda wb: set_identity(wb, {"cycle": "2024"}, key=load_secret(ws)))
    data, _ = collect(ws, f)
    [entry] = data["files"]
    assert entry["outcome"] == "rejected" and "col.other_cycle" in codes(entry)


def test_collect_text_output_in_vietnamese(cycle, tmp_path):
    ws, paths = cycle
    filled(paths["DU-P-HC"], ws / "inbox" / "a.xlsx")
    filled(paths["BTCTU"], ws / "inbox" / "b.xlsx", mistakes=True)
    result = CliRunner().invoke(cli, ["-w", str(ws), "collect"])
    assert result.exit_code == 0
    assert "Đã xử lý 2 tệp: 1 hợp lệ, 0 hợp lệ có lưu ý, 1 không hợp lệ" in result.output
    assert "Phiếu phản hồi cho từng đơn vị" in result.output
    assert "[Không hợp lệ, đề nghị gửi lại]" in result.output and "chưa ghi ngày hoàn thành" in result.output


def test_catalogue_documented():
    from ctrxl.messages import keys

    doc = (Path(__file__).resolve().parents[1] / "docs" / "collect.md").read_text(encoding="utf-8")
    for key in keys():
        if key.startswith("col.") and not key.endswith(".hint") and not key.startswith(
                ("col.outcome", "col.summary", "col.row", "col.issue", "col.receipts", "col.no_inputs")):
            assert f"`{key}`" in doc, key


def test_quarantined_and_duplicate_files_print_their_name_and_reason(cycle, tmp_path):
    """A clerk's inbox with a plain table, a corrupt file and a good return: every line names the
    file and says why — never "— —" or "LỖI —:"."""
    ws, paths = cycle
    inbox = tmp_path / "hop thu"
    inbox.mkdir()
    plain = openpyxl.Workbook()
    plain.active.append(["Tên đơn vị", "Số đảng viên"])
    plain.active.append(["Chi bộ 1", 12])
    plain.save(inbox / "bang tong hop.xlsx")
    (inbox / "hong.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    filled(paths["DU-P-HC"], inbox / "hai chau.xlsx")
    vi = CliRunner().invoke(cli, ["-w", str(ws), "collect", str(inbox)])
    assert vi.exit_code == 0, vi.output
    lines = vi.output.splitlines()
    assert "— —" not in vi.output and "LỖI —" not in vi.output
    [plain_row] = [n for n, x in enumerate(lines) if x.endswith("bang tong hop.xlsx")]
    assert lines[plain_row].startswith("  [Cách ly (không phải biểu mẫu hợp lệ)] ")
    assert lines[plain_row + 1] == ("      LỖI: không xác định được biểu mẫu thuộc đơn vị nào: không có thông tin "
                                    "nhận dạng, không có tên đơn vị")
    assert lines[plain_row + 2].startswith("      Cách xử lý: Dùng đúng tệp biểu mẫu ctrxl")
    [broken] = [n for n, x in enumerate(lines) if x.endswith("hong.xlsx")]
    assert lines[broken + 1].startswith("      LỖI: bảng tính hỏng hoặc không đọc được")
    assert any(x.endswith("hai chau.xlsx — Đảng ủy phường Hải Châu") for x in lines)

    en = CliRunner().invoke(cli, ["--lang", "en", "-w", str(ws), "collect", str(inbox)])
    assert en.exit_code == 0, en.output
    assert "— —" not in en.output and "ERROR —" not in en.output and "không" not in en.output
    lines = en.output.splitlines()
    [plain_row] = [n for n, x in enumerate(lines) if x.endswith("bang tong hop.xlsx")]
    assert lines[plain_row].startswith("  [Duplicate (already received)] ")
    assert lines[plain_row + 1].startswith("      the same bytes as a file received before (submission no. ")
    assert any(x.endswith("hai chau.xlsx — Đảng ủy phường Hải Châu") for x in lines)  # named, not a code


def test_recollect_reports_each_duplicate_as_before_without_building_forms(cycle, tmp_path):
    """A second collect over the same inbox is all duplicates: it must not build the agencies' forms
    (the lazy ``Collector.ctx``), and its result must be what a collector that built them up front
    (as collect did before) reports — outcome, submission, agency and name of every file."""
    from ctrxl.collect.run import Collector
    from ctrxl.definition.load import load_workspace_definition
    from ctrxl.store import open_store
    from ctrxl.workspace import open_workspace

    ws_root, paths = cycle
    inbox = ws_root / "inbox"
    filled(paths["DU-P-HC"], inbox / "a.xlsx", seed=1)
    filled(paths["DU-P-HC"], inbox / "b.xlsx", seed=5, mistakes=True)
    shutil.copy2(inbox / "a.xlsx", inbox / "a - ban sao.xlsx")  # the same bytes twice in one run
    (inbox / "ghi chu.txt").write_text("không phải biểu")  # quarantined, has a receipt
    with zipfile.ZipFile(inbox / "goi.zip", "w") as zf:
        zf.write(inbox / "b.xlsx", "b trong goi.xlsx")
    first, _ = collect(ws_root)
    assert {e["outcome"] for e in first["files"]} >= {"duplicate", "quarantined", "container", "rejected"}
    ws = open_workspace(explicit=ws_root)
    definition = load_workspace_definition(ws)
    db = sqlite3.connect(ws_root / "ctrxl.sqlite")
    counts = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone() for t in ("submissions", "answers", "problems", "files")]

    def again(eager: bool) -> list[dict]:
        store = open_store(ws)
        try:
            collector = Collector(ws, definition, store, processes=1)
            if eager:
                assert collector.ctx.forms  # built up front, as before
            result = collector.collect_paths([ws.inbox])
            if not eager:
                assert "ctx" not in collector.__dict__  # no form was built
            return result.to_json()["files"]
        finally:
            store.close()

    lazy, eager = again(False), again(True)
    assert lazy == eager
    assert [e["outcome"] for e in lazy] == ["duplicate"] * 4 + ["container", "duplicate"]
    by_sha = {row[0]: (row[1], row[2]) for row in db.execute("SELECT sha256, id, agency FROM submissions")}
    for e in lazy:
        if e["outcome"] == "duplicate":
            assert (e["submission"], e["agency"]) == by_sha[e["sha256"]]
            assert e["agency_name"] == (definition.resolver.agencies[e["agency"]].name if e["agency"] else None)
    assert lazy[0]["agency"] == "DU-P-HC" and lazy[0]["agency_name"]
    assert counts == [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone() for t in ("submissions", "answers", "problems", "files")]
    cli_again, _ = collect(ws_root)  # and through the CLI, the same JSON
    assert cli_again["files"] == lazy


class _Watched(dict):
    """A row of cells that notes, in ``asked``, every column the checker asks for."""

    def __init__(self, row, asked: set[str]):
        super().__init__(row)
        self.asked = asked

    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.asked.add(key)
        return super().get(key, default)

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)


def test_collect_reads_the_cells_the_checker_reads_and_checks_the_same(cycle, tmp_path):
    """collect builds cells only for ``CHECKED_KEYS``: the code, the locked columns and the inputs.
    Every column the checker asks for is among them, and its answers, cells and problems are the
    same as from the whole table, for clean, mistaken, variant and hand-edited returns."""
    from ctrxl.collect.run import _context
    from ctrxl.collect.validate import CHECKED_KEYS, check_workbook
    from ctrxl.definition.load import load_workspace_definition
    from ctrxl.workbook.reader import read_workbook
    from ctrxl.workspace import open_workspace

    ws_root, paths = cycle
    ctx = _context(load_workspace_definition(open_workspace(explicit=ws_root)))
    books = [filled(paths["DU-P-HC"], tmp_path / "a.xlsx", seed=1),
             filled(paths["DU-P-HC"], tmp_path / "b.xlsx", seed=5, mistakes=True),
             filled(paths["BTCTU"], tmp_path / "c.xlsx", seed=3, variants=True)]

    def locked_edit(wb):
        sheet = wb[L.SHEET_TASKS]
        r = FIRST
        sheet.cell(r, TASK_COL["task_text"]).value = "Nội dung đã bị sửa"
        sheet.cell(r, TASK_COL["role"]).value = "Chủ trì"
        sheet.cell(r, TASK_COL["status"]).value = "Đã xong"
        wb[L.SHEET_INDICATORS].cell(L.HEADER_ROW + 1, IND_COL["target"]).value = "100 %"
    books.append(edit(filled(paths["DU-X-HV"], tmp_path / "d.xlsx", seed=4), locked_edit))
    day = dt.date(2025, 12, 10)
    seen_problems = set()
    watched: dict[str, set[str]] = {"tasks": set(), "indicators": set()}
    for book in books:
        whole = read_workbook(book)
        part = read_workbook(book.read_bytes(), None, CHECKED_KEYS)
        agency = whole.identity["properties"]["agency"]
        form = ctx.forms[agency]
        asked: dict[str, set[str]] = {"tasks": set(), "indicators": set()}
        for sheet in asked:
            table = getattr(whole, sheet)
            if table is not None:  # an agency without indicators has no such sheet
                table.rows = {code: _Watched(row, asked[sheet]) for code, row in table.rows.items()}
        check_workbook(form, whole, day, ctx.programme_date, ctx.period_end)
        for sheet, keys in asked.items():
            assert keys <= CHECKED_KEYS[sheet], (book.name, sheet, keys - CHECKED_KEYS[sheet])
            watched[sheet] |= keys
        assert {k for row in part.tasks.rows.values() for k in row} == CHECKED_KEYS["tasks"]
        answers, problems = check_workbook(form, whole, day, ctx.programme_date, ctx.period_end)
        answers_part, problems_part = check_workbook(form, part, day, ctx.programme_date, ctx.period_end)
        assert answers == answers_part and answers.tasks and answers.cells
        assert [(p.code, p.location, p.value, p.params) for p in problems] == \
               [(p.code, p.location, p.value, p.params) for p in problems_part]
        seen_problems |= {p.code for p in problems}
    assert {"col.locked_edited", "col.locked_edited_indicator", "col.status_variant"} <= seen_problems
    # and nearly every key read is asked for here: the code cell only for an unknown code, a plain
    # value only for a number indicator (the mini programme's one indicator is a ratio)
    assert CHECKED_KEYS["tasks"] - watched["tasks"] <= {"task_code"} and watched["tasks"]
    assert CHECKED_KEYS["indicators"] - watched["indicators"] <= {"indicator_code", "value"}
