"""Generated agency workbooks and the matrix: structure, manners, identity, round trips through LibreOffice."""
import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from ctrxl.cli import cli
from ctrxl.workbook import layout as L
from ctrxl.workbook.reader import agreed_identity, read_workbook

from .conftest import MINI_PROGRAMME
from .libreoffice import convert

FIXED_SECRET = "00" * 16 + "ff" * 16 + "\n"
REFERENCE = Path(__file__).parent / "data" / "reference" / "mini-BTCTU.xlsx"
# An agency text that must stay text: a leading "=", a URL, markup characters.
TRICKY = "=SUM(A1:A2) xem http://example.org & <b>đậm</b>"


@pytest.fixture
def generated(mini_ws, write):
    write("programme.yaml", MINI_PROGRAMME.replace(
        "text: Phát huy trí tuệ tập thể (thực hiện thường xuyên).", f'text: "{TRICKY}"'))
    write(".ctrxl/secret", FIXED_SECRET)  # a fixed key keeps the reference workbook byte-stable
    result = CliRunner().invoke(cli, ["-w", str(mini_ws), "generate", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return mini_ws, data, {w["agency"]: Path(w["path"]) for w in data["workbooks"]}


def test_one_workbook_per_agency_with_work(generated):
    ws, data, paths = generated
    assert sorted(paths) == ["BTCTU", "BTGDVTU", "DU-P-HC", "DU-X-HV"]
    names = sorted(p.name for p in paths.values())
    assert names == ["001 - Ban Tổ chức Thành ủy.xlsx", "002 - Ban Tuyên giáo và Dân vận Thành ủy.xlsx",
                     "003 - Đảng ủy phường Hải Châu.xlsx", "004 - Đảng ủy xã Hòa Vang.xlsx"]
    counts = {w["agency"]: (w["tasks"], w["indicators"]) for w in data["workbooks"]}
    # BTGDVTU leads III.4.(1) (routed from Ban Tuyên giáo) and executes II.1-a; BTCTU coordinates and executes.
    assert counts == {"BTCTU": (2, 0), "BTGDVTU": (2, 0), "DU-P-HC": (1, 1), "DU-X-HV": (1, 1)}
    assert Path(data["matrix"]).is_file()


def test_structure_protection_validation_identity(generated):
    ws, data, paths = generated
    wb = openpyxl.load_workbook(paths["BTGDVTU"])
    # BTGDVTU has no indicator: no empty «Chỉ tiêu» sheet
    assert wb.sheetnames == [L.SHEET_GUIDE, L.SHEET_TASKS, L.SHEET_ASSESSMENT, L.SHEET_META]
    assert wb.sheetnames == list(L.workbook_sheets(False))
    assert list(openpyxl.load_workbook(paths["DU-P-HC"]).sheetnames) == list(L.SHEETS)  # it has one
    assert wb[L.SHEET_META].sheet_state == "veryHidden"
    tasks = wb[L.SHEET_TASKS]
    for name in (L.SHEET_GUIDE, L.SHEET_TASKS, L.SHEET_ASSESSMENT, L.SHEET_META):
        assert wb[name].protection.sheet, name
    h = L.HEADER_ROW
    headers = [c.value for c in tasks[h]]
    assert headers == [c.header for c in L.TASK_COLUMNS]
    col = {c.key: i + 1 for i, c in enumerate(L.TASK_COLUMNS)}
    rows = {tasks.cell(r, col["task_code"]).value: r for r in range(h + 1, tasks.max_row + 1)}
    assert set(rows) == {"II.1-a", "III.4.(1)"}
    r = rows["III.4.(1)"]
    assert tasks.cell(r, col["role"]).value == "Chủ trì"
    assert tasks.cell(r, col["deadline"]).value == "từ năm 2022"
    for key in ("serial", "task_code", "section", "task_text", "role", "deadline"):
        assert tasks.cell(r, col[key]).protection.locked, key
    for key in ("status", "completed_on", "progress", "results", "evidence", "difficulties", "proposals"):
        assert not tasks.cell(r, col[key]).protection.locked, key
    assert tasks.cell(r, col["task_text"]).alignment.wrap_text
    assert tasks.cell(r, col["task_text"]).font.name == "Times New Roman"
    assert tasks.row_dimensions[r].height and tasks.row_dimensions[r].height >= 30
    # agency text stays text
    tricky = tasks.cell(rows["II.1-a"], col["task_text"])
    assert tricky.value == TRICKY and tricky.data_type == "s"
    # validations: status list, date, progress — with Vietnamese messages
    dvs = {str(dv.sqref): dv for dv in tasks.data_validations.dataValidation}
    letter = {k: openpyxl.utils.get_column_letter(v) for k, v in col.items()}
    first, last = h + 1, h + 2
    status = dvs[f"{letter['status']}{first}:{letter['status']}{last}"]
    assert status.type == "list" and "ctrxl" in status.formula1 and status.errorTitle == "Giá trị không hợp lệ"
    assert dvs[f"{letter['completed_on']}{first}:{letter['completed_on']}{last}"].type == "date"
    progress = dvs[f"{letter['progress']}{first}:{letter['progress']}{last}"]
    assert (progress.type, progress.formula1, progress.formula2) == ("decimal", "0", "100")
    assert tasks.freeze_panes == f"C{first}"
    assert tasks.auto_filter.ref == f"A{h}:{letter[L.TASK_COLUMNS[-1].key]}{last}"
    assert tasks.page_setup.orientation == "landscape" and int(tasks.page_setup.paperSize) == 9
    # fit to one page wide (fitToWidth defaults to 1 when absent), any number of pages tall
    assert tasks.sheet_properties.pageSetUpPr.fitToPage and tasks.page_setup.fitToWidth in (None, 1)
    assert int(tasks.page_setup.fitToHeight) == 0
    assert tasks.print_title_rows == f"${h}:${h}"
    assert "Trang &P/&N" in tasks.oddFooter.center.text
    cf_ranges = {str(rng.sqref) for rng in tasks.conditional_formatting}
    assert f"{letter['status']}{first}:{letter['status']}{last}" in cf_ranges
    # identity: custom properties, defined names, hidden cells — all equal
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    names = {n: wb.defined_names[n].attr_text for n in wb.defined_names if n.startswith("ctrxl_")}
    meta = wb[L.SHEET_META]
    cells = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(2, 8)}
    assert cells["agency"] == "BTGDVTU" and cells["programme"] == "17-CTr/TU" and cells["cycle"] == "2025"
    assert cells["layout"] == L.LAYOUT_VERSION and len(cells["definition_hash"]) == 64
    for key, value in cells.items():
        assert props["ctrxl." + key] == value
        assert names["ctrxl_" + key] == f'"{value}"'


def test_indicator_sheet_ratio_formula_and_cache(generated):
    ws, data, paths = generated
    wb = openpyxl.load_workbook(paths["DU-P-HC"])
    sheet = wb[L.SHEET_INDICATORS]
    col = {c.key: i + 1 for i, c in enumerate(L.INDICATOR_COLUMNS)}
    r = L.HEADER_ROW + 1
    assert sheet.cell(r, col["indicator_code"]).value == "CT-1"
    assert sheet.cell(r, col["target"]).value == "≥ 90%"
    assert sheet.cell(r, col["year"]).value == "Hằng năm, đến 2025"
    assert "Tử số: Số TCCS đảng hoàn thành tốt nhiệm vụ trở lên" in sheet.cell(r, col["method"]).value
    formula = sheet.cell(r, col["result"]).value
    assert formula.startswith("=IF(AND(ISNUMBER(H6),ISNUMBER(I6),I6>0),ROUND(H6/I6*100,2)")
    assert not sheet.cell(r, col["numerator"]).protection.locked
    assert sheet.cell(r, col["value"]).protection.locked  # a ratio asks for numerator and denominator, not a value
    # the cached result of an empty ratio is empty text, not a misleading 0
    cached = CalamineWorkbook.from_path(str(paths["DU-P-HC"])).get_sheet_by_name(L.SHEET_INDICATORS).to_python()
    assert cached[r - 1][col["result"] - 1] == ""


def test_same_definition_gives_identical_bytes(generated):
    ws, data, paths = generated
    before = {k: p.read_bytes() for k, p in paths.items()}
    matrix = Path(data["matrix"]).read_bytes()
    result = CliRunner().invoke(cli, ["-w", str(ws), "generate", "--json", "--jobs", "1"])
    assert result.exit_code == 0
    assert {k: p.read_bytes() for k, p in paths.items()} == before
    assert Path(data["matrix"]).read_bytes() == matrix


def test_matches_reference_part_by_part(generated):
    """The BTCTU workbook of the mini definition, compared part by part with the committed reference.

    After an intended layout change, regenerate with CTRXL_UPDATE_REFERENCE=1 and review the diff.
    """
    ws, data, paths = generated
    produced = paths["BTCTU"]
    if os.environ.get("CTRXL_UPDATE_REFERENCE"):
        REFERENCE.write_bytes(produced.read_bytes())
    with zipfile.ZipFile(REFERENCE) as ref, zipfile.ZipFile(produced) as got:
        assert sorted(ref.namelist()) == sorted(got.namelist())
        for name in ref.namelist():
            assert ref.read(name) == got.read(name), f"part {name} differs from the reference"


def test_reader_reads_generated_workbook(generated):
    ws, data, paths = generated
    content = read_workbook(paths["BTCTU"])
    identity, conflicts = agreed_identity(content.identity)
    assert conflicts == [] and set(content.identity) == {"sheet", "properties", "names"}
    assert identity["agency"] == "BTCTU"
    assert set(content.tasks.rows) == {"II.1-a", "III.4.(1)"}
    assert content.tasks.rows["III.4.(1)"]["role"].value == "Phối hợp"
    assert set(content.assessment) == {f.key for f in L.ASSESSMENT_FIELDS}


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_libreoffice_resave_keeps_identity_and_cells(generated, tmp_path, fmt):
    ws, data, paths = generated
    original = read_workbook(paths["BTCTU"])
    resaved = convert(paths["BTCTU"], fmt, tmp_path / fmt)
    content = read_workbook(resaved)
    identity, conflicts = agreed_identity(content.identity)
    assert conflicts == []
    assert identity == agreed_identity(original.identity)[0]
    assert "sheet" in content.identity  # the hidden cells survive every format
    if fmt in ("xlsx", "ods"):
        assert set(content.identity) == {"sheet", "properties", "names"}
    for code, row in original.tasks.rows.items():
        for key in ("task_code", "task_text", "role", "deadline"):
            assert content.tasks.rows[code][key].value == row[key].value, (code, key)
    assert content.tasks.rows["II.1-a"]["task_text"].value == TRICKY


def test_libreoffice_keeps_protection_and_validation(generated, tmp_path):
    ws, data, paths = generated
    resaved = convert(paths["BTGDVTU"], "xlsx", tmp_path)
    wb = openpyxl.load_workbook(resaved)
    tasks = wb[L.SHEET_TASKS]
    assert tasks.protection.sheet
    assert wb[L.SHEET_META].sheet_state in ("hidden", "veryHidden")  # LibreOffice makes it plain hidden
    types = sorted(dv.type for dv in tasks.data_validations.dataValidation)
    assert types == ["date", "decimal", "list"]
    col = {c.key: i + 1 for i, c in enumerate(L.TASK_COLUMNS)}
    assert not tasks.cell(L.HEADER_ROW + 1, col["status"]).protection.locked
    assert tasks.cell(L.HEADER_ROW + 1, col["task_text"]).protection.locked


def test_ratio_recomputed_by_libreoffice(generated, tmp_path):
    """A clerk types numerator and denominator; the spreadsheet computes the rate."""
    ws, data, paths = generated
    filled = tmp_path / "filled.xlsx"
    wb = openpyxl.load_workbook(paths["DU-P-HC"])  # a test copy; real returns are never re-saved
    sheet = wb[L.SHEET_INDICATORS]
    col = {c.key: i + 1 for i, c in enumerate(L.INDICATOR_COLUMNS)}
    r = L.HEADER_ROW + 1
    sheet.cell(r, col["numerator"]).value = 45
    sheet.cell(r, col["denominator"]).value = 48
    wb.save(filled)
    out = convert(filled, "xlsx", tmp_path / "lo")
    content = read_workbook(out)
    assert content.indicators.rows["CT-1"]["result"].value == pytest.approx(93.75)


def test_matrix_agrees_with_check(generated):
    ws, data, paths = generated
    check = json.loads(CliRunner().invoke(cli, ["-w", str(ws), "check", "--json"]).output)
    rows = CalamineWorkbook.from_path(data["matrix"]).get_sheet_by_name("Ma trận").to_python(skip_empty_area=False)
    header = rows[3]
    names = {a["name"]: a["code"] for a in check["agencies"]}
    agency_cols = {names[v]: i for i, v in enumerate(header) if v in names}
    found = {}
    for row in rows[4:]:
        code = row[1]
        if code in {t["code"] for t in check["tasks"]}:
            found[code] = {a: row[i] for a, i in agency_cols.items() if i < len(row) and row[i]}
    for t in check["tasks"]:
        expected = {**{a: "C" for a in t["lead"]}, **{a: "P" for a in t["support"]}, **{a: "T" for a in t["execute"]}}
        assert found[t["code"]] == expected, t["code"]


def test_generate_refuses_a_definition_with_errors(mini_ws, write):
    write("programme.yaml", MINI_PROGRAMME.replace("lead: [BTGTU]", "lead: [BTGXX]"))
    result = CliRunner().invoke(cli, ["-w", str(mini_ws), "generate"])
    assert result.exit_code == 2 and "ctrxl check" in result.output
    assert not (mini_ws / "output" / "bieu-mau-17-CTr-TU-2025").exists()


def test_generate_one_agency_keeps_its_number(generated):
    ws, data, paths = generated
    result = CliRunner().invoke(cli, ["-w", str(ws), "generate", "--agency", "DU-X-HV", "--json"])
    assert result.exit_code == 0
    [wb] = json.loads(result.output)["workbooks"]
    assert Path(wb["path"]).name == "004 - Đảng ủy xã Hòa Vang.xlsx"


def test_layout_doc_agrees_with_layout():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "workbook-layout.md").read_text(encoding="utf-8")
    assert f"layout version {L.LAYOUT_VERSION}" in doc
    for col in L.TASK_COLUMNS + L.INDICATOR_COLUMNS:
        assert f"| `{col.key}` | {col.header} |" in doc, col.key
    for label in L.STATUS_LABELS.values():
        assert label in doc
    for name in L.SHEETS:
        assert f"`{name}`" in doc
