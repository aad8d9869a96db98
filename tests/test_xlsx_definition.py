"""The Excel definition workbook: round trip, template, problems with their places."""
from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
from pathlib import Path

import openpyxl
import pytest
import yaml

from ctrxl.definition import xlsx_layout as L
from ctrxl.definition.document import normalise_document
from ctrxl.definition.xlsx import (
    TEMPLATE_NAME,
    read_definition_xlsx,
    write_definition_xlsx,
)
from ctrxl.problems import Severity, has_errors
from ctrxl.resources import examples_dir, make_xlsx, template_file

TEMPLATE = template_file("xlsx", TEMPLATE_NAME)
EXAMPLE = examples_dir() / "danang-nq21"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


PROGRAMME = {
    "programme": {
        "symbol": "17-CTr/TU",
        "title": nfd("Chương trình hành động thực hiện Nghị quyết số 21-NQ/TW"),
        "issuer": "Ban Chấp hành Đảng bộ thành phố Đà Nẵng",
        "issue_date": "2022-08-16",
        "implements": [
            {"symbol": "21-NQ/TW", "title": "tăng cường củng cố tổ chức cơ sở đảng", "date": "16/6/2022"},
            {"symbol": "05-NQ/TU", "date": dt.date(2021, 3, 1)},
        ],
    },
    "sections": [
        {"code": "II.1", "title": nfd("Nâng cao chất lượng")},
        {"code": "II.1.1", "title": "Ban hành nghị quyết", "parent": "II.1"},
    ],
    "tasks": [
        {
            "code": "II.1.1-a", "section": "II.1.1",
            "text": nfd("Phát huy trí tuệ tập thể; lãnh đạo, chỉ đạo"),
            "lead": ["BTCTU"], "coordinate": ["UBKTTU", "VPTU"], "execute": "CAC-DON-VI; 01",
            "deadline": "(thực hiện thường xuyên)", "notes": "các cơ quan liên quan",
        },
        {
            "code": "II.1.1-b", "section": "II.1.1", "text": "=SUM(A1:A2) vẫn là chữ",
            "lead": ["BAN-DANG"],
            "deadline": {"text": "trước ngày 10/6/2025", "kind": "date", "due": "10/6/2025", "year": 2025},
        },
        {"code": "II.1.1-c", "text": "-giảm thủ tục", "deadline": {"kind": "continuous"}},
        {"code": "II.1.1-d", "text": "+tăng cường", "notes": "http://example.org/nghi-quyet"},
    ],
    "indicators": [
        {
            "code": "I.2.2.1-2025-4", "section": "II.1", "text": "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt",
            "kind": "ratio", "unit": "%", "target": {"op": ">=", "value": 90}, "year": 2025,
            "yearly": True, "numerator": "Số tổ chức hoàn thành tốt", "denominator": "Tổng số tổ chức",
            "reporters": ["CAC-CAP-UY"], "notes": "ghi chú",
        },
        {
            "code": "I.3", "text": "Số đảng viên mới", "kind": "count", "unit": "đảng viên",
            "target": {"op": "between", "min": 3, "max": 4.5},
        },
    ],
}

REGISTRY = {
    "groups": [
        {"code": "BAN-DANG", "name": "Các cơ quan tham mưu, giúp việc Thành ủy",
         "aliases": ["Các cơ quan Đảng thuộc Thành ủy", "Ban đảng"], "include": ["KHOI"],
         "members": ["VPTU", "BTCTU"]},
        {"code": "KHOI", "name": "Khối"},
        {"code": "LIEN-QUAN", "name": "Các cơ quan liên quan", "collective": True},
    ],
    "agencies": [
        {
            "code": "BTCTU", "name": nfd("Ban Tổ chức Thành uỷ"), "short": "Ban Tổ chức",
            "abbrev": "BTCTU", "aliases": ["BTC Thành ủy"], "groups": ["BAN-DANG"], "parent": "TU",
            "emails": ["bantochuc@example.org", "vanthu@example.org"],
            "active_from": "16/8/2022", "active_to": "30/6/2025",
            "successors": [
                {"kind": "split_into", "to": ["BTGDVTU", "VPTU"], "date": "1/7/2025"},
                {"kind": "renamed_to", "to": "TU"},
            ],
        },
        {"code": "01", "name": "Đơn vị số không một", "emails": "0912345678@example.org"},
        {"code": "BTGDVTU", "name": "Ban Tuyên giáo và Dân vận Thành ủy",
         "successors": [{"kind": "merged_into", "to": ["TU"], "date": "1/3/2026"}]},
        {"code": "TU", "name": "Thành ủy"},
        {"code": "VPTU", "name": "Văn phòng Thành ủy"},
    ],
}


def round_trip(tmp_path: Path, programme: dict | None, registry: dict | None) -> tuple[dict, dict]:
    expected = normalise_document({**(programme or {}), **(registry or {})})
    path = tmp_path / "def.xlsx"
    write_definition_xlsx(path, normalise_document(programme), normalise_document(registry))
    raw, _, problems = read_definition_xlsx(path)
    assert problems == []
    return normalise_document(raw), expected


def test_rich_document_round_trips(tmp_path: Path) -> None:
    got, expected = round_trip(tmp_path, PROGRAMME, REGISTRY)
    assert got == expected
    # the things that matter, spelled out
    assert got["tasks"][1]["text"] == "=SUM(A1:A2) vẫn là chữ"
    assert got["tasks"][1]["deadline"] == {
        "text": "trước ngày 10/6/2025", "kind": "date", "due": "10/6/2025", "year": 2025}
    assert got["indicators"][1]["target"] == {"op": "between", "min": 3, "max": 4.5}
    assert got["agencies"][0]["successors"][0] == {
        "kind": "split_into", "to": ["BTGDVTU", "VPTU"], "date": "1/7/2025"}
    assert got["agencies"][1]["code"] == "01"
    assert got["groups"][2]["collective"] is True
    assert got["agencies"][0]["name"] == unicodedata.normalize("NFC", "Ban Tổ chức Thành uỷ")


def test_programme_only_and_registry_only(tmp_path: Path) -> None:
    got, expected = round_trip(tmp_path, PROGRAMME, None)
    assert got == expected and "agencies" not in got
    got, expected = round_trip(tmp_path, None, REGISTRY)
    assert got == expected and "tasks" not in got and "programme" not in got


@pytest.mark.parametrize("name", ["programme.yaml", "registry.yaml"])
def test_example_round_trips(tmp_path: Path, name: str) -> None:
    source = EXAMPLE / name
    doc = normalise_document(yaml.safe_load(source.read_text(encoding="utf-8")))
    got, expected = round_trip(tmp_path, doc, None)
    assert got == expected


def test_text_cells_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "def.xlsx"
    write_definition_xlsx(path, normalise_document(PROGRAMME), normalise_document(REGISTRY))
    wb = openpyxl.load_workbook(path)
    tasks = wb["Nhiệm vụ"]
    for row in (3, 4, 5):
        assert tasks.cell(row, 3).data_type == "s"
    assert tasks.cell(3, 3).value.startswith("=")
    assert tasks.cell(4, 3).value == "-giảm thủ tục"
    assert wb["Đơn vị"].cell(3, 1).value == "01"
    assert isinstance(wb["Đơn vị"].cell(2, 9).value, dt.datetime)
    assert wb["Đơn vị"].cell(2, 9).number_format == "dd/mm/yyyy"


def test_output_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_definition_xlsx(a, normalise_document(PROGRAMME), normalise_document(REGISTRY))
    write_definition_xlsx(b, normalise_document(PROGRAMME), normalise_document(REGISTRY))
    assert a.read_bytes() == b.read_bytes()


def test_committed_template_is_current(tmp_path: Path) -> None:
    (fresh,) = make_xlsx.write_templates(tmp_path)
    assert TEMPLATE.exists(), "run: python -m ctrxl.resources.make_xlsx"
    assert TEMPLATE.read_bytes() == fresh.read_bytes(), "templates/xlsx is stale: regenerate it"


def test_template_reads_as_empty_document() -> None:
    raw, smap, problems = read_definition_xlsx(TEMPLATE)
    assert problems == []
    assert normalise_document(raw) == {}
    assert smap.where(("programme", "symbol")).sheet == "Chương trình"


def test_workbook_look_and_validations(tmp_path: Path) -> None:
    path = tmp_path / "def.xlsx"
    write_definition_xlsx(path, normalise_document(PROGRAMME), normalise_document(REGISTRY))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn"] + [s.name for s in L.SHEETS] + ["Danh mục"]
    assert wb["Danh mục"].sheet_state == "hidden"
    assert wb.active.title == "Hướng dẫn"
    tasks = wb["Nhiệm vụ"]
    assert tasks.freeze_panes == "A2"
    assert tasks.auto_filter.ref.startswith("A1:")
    assert tasks["A1"].font.b and tasks["A1"].font.name == "Times New Roman"
    assert tasks["A1"].fill.fgColor.rgb.endswith("D9E1F2")

    def validation(ws: openpyxl.worksheet.worksheet.Worksheet, column: str):
        hits = [dv for dv in ws.data_validations.dataValidation
                if any(str(r).startswith(f"{column}2:") for r in dv.sqref.ranges)]
        assert len(hits) == 1, (ws.title, column)
        return hits[0]

    def letter(sheet: L.Sheet, header: str) -> str:
        return openpyxl.utils.get_column_letter([c.header for c in sheet.columns].index(header) + 1)

    expected = {
        (L.TASKS, "Loại thời hạn"): "ds_loai_thoi_han",
        (L.TASKS, "Chủ trì"): "ds_ma", (L.TASKS, "Phối hợp"): "ds_ma", (L.TASKS, "Thực hiện"): "ds_ma",
        (L.INDICATORS, "Loại"): "ds_loai_chi_tieu", (L.INDICATORS, "Phép so"): "ds_phep_so",
        (L.SUCCESSIONS, "Hình thức"): "ds_hinh_thuc", (L.SUCCESSIONS, "Mã đơn vị"): "ds_don_vi",
        (L.AGENCIES, "Cấp trên"): "ds_don_vi",
    }
    for (sheet, header), name in expected.items():
        dv = validation(wb[sheet.name], letter(sheet, header))
        assert dv.type == "list" and dv.formula1 == name
        assert dv.prompt, (sheet.name, header)
    assert validation(tasks, letter(L.TASKS, "Chủ trì")).showErrorMessage is False
    assert validation(tasks, letter(L.TASKS, "Loại thời hạn")).errorStyle == "warning"
    names = wb.defined_names
    assert names["ds_loai_thoi_han"].attr_text == "'Danh mục'!$A$2:$A$10"
    assert "OFFSET('Đơn vị'!$B$2" in names["ds_don_vi"].attr_text
    lists = wb["Danh mục"]
    assert [lists.cell(r, 1).value for r in range(2, 11)] == [k.value for k in L.DeadlineKind]


def test_prompts_fit_excel_limits() -> None:
    for sheet in L.SHEETS:
        for col in sheet.columns:
            assert len(col.prompt) <= 255, (sheet.name, col.header)


def _sheet_with(path: Path, sheet: str, rows: list[list[object]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)


def test_renamed_header_is_a_warning_naming_sheet_and_column(tmp_path: Path) -> None:
    path = tmp_path / "def.xlsx"
    # NFD, lower case and the other tone placement are still the same header
    headers = [nfd("mã nhiệm vụ"), "Nội dung", "Chu tri", "Phối hợp", "THỰC HIỆN"]
    _sheet_with(path, nfd("Nhiệm vụ"), [headers, ["A-1", "Làm việc", "BTCTU", "VPTU", "TU"]])
    raw, smap, problems = read_definition_xlsx(path)
    unknown = [p for p in problems if p.code == "xlsx.unknown_column"]
    assert len(unknown) == 1 and unknown[0].severity == Severity.WARNING
    assert unknown[0].location.sheet == "Nhiệm vụ" and unknown[0].location.column == "Chu tri"
    assert "Chu tri" in unknown[0].message() and "Nhiệm vụ" in unknown[0].message()
    missing = {p.params["column"]: p.severity for p in problems if p.code == "xlsx.missing_column"}
    assert missing["Chủ trì"] == Severity.WARNING and "Mã nhiệm vụ" not in missing
    assert not has_errors(problems)
    assert raw["tasks"] == [{"code": "A-1", "text": "Làm việc", "coordinate": ["VPTU"], "execute": ["TU"]}]


def test_missing_required_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "def.xlsx"
    _sheet_with(path, "Đơn vị", [["Tên đầy đủ"], ["Ban Tổ chức"]])
    _, _, problems = read_definition_xlsx(path)
    errors = [p for p in problems if p.severity == Severity.ERROR]
    assert [(p.code, p.params["column"]) for p in errors] == [("xlsx.missing_column", "Mã đơn vị")]


def test_broken_file_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(bytes(range(256)) * 10)
    raw, _, problems = read_definition_xlsx(path)
    assert raw == {}
    assert [(p.code, p.severity) for p in problems] == [("xlsx.unreadable", Severity.ERROR)]
    assert problems[0].location.file == str(path)
    assert problems[0].message("vi").startswith("không đọc được tệp Excel")


def test_rows_keep_their_excel_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "def.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append(["Mã nhiệm vụ", "Nội dung", "Chủ trì", "Ngày hạn", "Năm hạn"])
    ws.append(["A-1", "Một", "BTCTU", dt.datetime(2025, 6, 10), 2025])
    ws.append([None, "  ", None])  # blank row: skipped, but row numbers stay real
    ws.append(["A-2", "Hai", "BTCTU;VPTU", "31/2/2025", "năm sau"])
    ws.append(["A-3", "Ba", 1, 45000, "2026"])  # a serial number in a date column
    agencies = wb.create_sheet("Đơn vị")
    agencies.append(["Mã đơn vị", "Tên đầy đủ"])
    agencies.append(["BTCTU", "Ban Tổ chức"])
    succ = wb.create_sheet("Kế thừa")
    succ.append(["Mã đơn vị", "Hình thức", "Đơn vị kế thừa", "Ngày"])
    succ.append(["BTCTU", "hợp nhất vào", "TU", "1/3/2025"])
    succ.append(["KHONG-CO", "renamed_to", "TU", None])
    wb.create_sheet("Ghi chép riêng")
    wb.save(path)

    raw, smap, problems = read_definition_xlsx(path)
    assert [t["code"] for t in raw["tasks"]] == ["A-1", "A-2", "A-3"]
    assert raw["tasks"][0]["deadline"] == {"due": "10/6/2025", "year": 2025}
    assert raw["tasks"][1]["lead"] == ["BTCTU", "VPTU"]
    assert raw["tasks"][2]["lead"] == ["1"] and raw["tasks"][2]["deadline"]["due"] == "15/3/2023"
    where = smap.where(("tasks", 1, "lead"))
    assert (where.sheet, where.row, where.column) == ("Nhiệm vụ", 4, "Chủ trì")
    assert smap.where(("tasks", 2)).row == 5
    assert smap.where(("tasks", 1, "deadline", "due")).column == "Ngày hạn"

    by_code = {p.code: p for p in problems}
    bad_date = by_code["xlsx.bad_date"]
    assert (bad_date.location.sheet, bad_date.location.row, bad_date.location.column) == ("Nhiệm vụ", 4, "Ngày hạn")
    assert raw["tasks"][1]["deadline"]["due"] == "31/2/2025"  # left for the validator
    bad_number = by_code["xlsx.bad_number"]
    assert (bad_number.location.row, bad_number.value) == (4, "năm sau")
    assert raw["tasks"][2]["deadline"]["year"] == 2026

    assert raw["agencies"][0]["successors"] == [{"kind": "merged_into", "to": ["TU"], "date": "1/3/2025"}]
    assert smap.where(("agencies", 0, "successors", 0)) .row == 2
    assert smap.where(("agencies", 0, "successors", 0)).sheet == "Kế thừa"
    orphan = by_code["xlsx.successor_unknown_agency"]
    assert (orphan.location.sheet, orphan.location.row, orphan.value) == ("Kế thừa", 3, "KHONG-CO")
    assert by_code["xlsx.unknown_sheet"].severity == Severity.WARNING
    assert by_code["xlsx.unknown_sheet"].params["sheet"] == "Ghi chép riêng"


def test_programme_sheet_accepts_labels_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "def.xlsx"
    _sheet_with(path, "Chương trình", [
        ["Trường", "Giá trị"],
        ["symbol", "17-CTr/TU"],
        ["Ngày ban hành", 44789],
        ["implements_symbol", "21-NQ/TW"],
        ["implements_symbol", "05-NQ/TU"],
        ["implements_date", "1/3/2021"],
        ["hạn chót", "x"],
    ])
    raw, smap, problems = read_definition_xlsx(path)
    assert raw["programme"] == {
        "symbol": "17-CTr/TU", "issue_date": "16/8/2022",
        "implements": [{"symbol": "21-NQ/TW"}, {"symbol": "05-NQ/TU", "date": "1/3/2021"}],
    }
    assert smap.where(("programme", "issue_date")).row == 3
    assert smap.where(("programme", "implements", 1, "date")).row == 6
    assert [p.code for p in problems] == ["xlsx.unknown_field"]
    assert problems[0].location.row == 7


def test_choices_accept_vietnamese_labels(tmp_path: Path) -> None:
    path = tmp_path / "def.xlsx"
    _sheet_with(path, "Chỉ tiêu", [
        ["Mã chỉ tiêu", "Nội dung", "Loại", "Phép so", "Giá trị", "Hằng năm"],
        ["C1", "Tỷ lệ", nfd("Tỷ lệ"), "≥", "93,5", "X"],
        ["C2", "Số", "COUNT", "không rõ", "1.234", None],
    ])
    raw, _, problems = read_definition_xlsx(path)
    assert problems == [] or not has_errors(problems)
    assert raw["indicators"][0] == {"code": "C1", "text": "Tỷ lệ", "kind": "ratio",
                                    "target": {"op": ">=", "value": 93.5}, "yearly": True}
    assert raw["indicators"][1]["kind"] == "count"
    assert raw["indicators"][1]["target"] == {"op": "không rõ", "value": 1234}


def test_format_doc_lists_the_layout() -> None:
    """docs/definition-format.md names the same sheets and columns as the layout."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "definition-format.md").read_text(encoding="utf-8")
    for sheet in L.RECORD_SHEETS:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{sheet.name}` |"))
        cells = row.split("|")[2]
        headers = [part.split("`")[1] for part in cells.split("(")[0].split(",")]
        assert headers == [c.header for c in sheet.columns], sheet.name
