"""A progress typed as "50%": Excel (and LibreOffice, WPS) store 0.5 in a percent-formatted cell.

collect reads the cell as the clerk sees it, 50, whether the file comes straight from the
application that filled it (openpyxl here: the value and the number format Excel writes), after a
LibreOffice re-save as .xlsx, or saved as .ods; a text "50%" or "50 %" reads as 50 as well, and a
plain 0.5 in a cell without a percent format stays 0.5 (half a percent).
"""
import json
import sqlite3
from pathlib import Path

import pytest

from ctrxl.vn import is_percent_format
from ctrxl.workbook import layout as L
from ctrxl.workbook.reader import read_workbook

from .libreoffice import convert
from .test_collect import TASK_COL, collect, cycle, edit, filled, task_row  # noqa: F401  (cycle: fixture)

IN_PROGRESS = L.STATUS_LABELS[L.Status.IN_PROGRESS]


@pytest.mark.parametrize("code, percent", [
    ("0%", True), ("0.00%", True), ("#,##0.0%", True), ('0.0"%"', False), (r"0\%", False),
    ("[Red]0%", True), ("0.0#", False), ("#,##0.##", False), ("General", False), ("[$-42A]0", False),
])
def test_percent_formats(code, percent):
    assert is_percent_format(code) is percent


def _typed(wb, number_format: str = "0%") -> None:
    s = wb[L.SHEET_TASKS]
    a, b = task_row(s, "II.1-a"), task_row(s, "III.4.(1)")
    for r in (a, b):
        s.cell(r, TASK_COL["status"]).value = IN_PROGRESS
        s.cell(r, TASK_COL["completed_on"]).value = None
    s.cell(a, TASK_COL["progress"]).value = 0.5  # what Excel stores for a typed "50%"
    s.cell(a, TASK_COL["progress"]).number_format = number_format
    s.cell(b, TASK_COL["progress"]).value = "50 %"  # typed as text


def _progress(ws: Path) -> dict[str, float]:
    db = sqlite3.connect(ws / "ctrxl.sqlite")
    rows = db.execute("SELECT a.code, a.value FROM answers a JOIN submissions s ON s.id = a.submission_id "
                      "WHERE a.field = 'progress' ORDER BY s.id").fetchall()
    db.close()
    return {code: json.loads(value) for code, value in rows}


def test_percent_typed_progress_read_as_percent(cycle, tmp_path):
    ws, paths = cycle
    f = edit(filled(paths["BTCTU"], tmp_path / "btc.xlsx"), _typed)
    content = read_workbook(f)
    assert content.tasks is not None
    assert content.tasks.rows["II.1-a"]["progress"].value == 50
    data, _ = collect(ws, f)
    [entry] = data["files"]
    assert entry["outcome"] in ("accepted", "warnings"), entry["issues"]
    assert not [i for i in entry["issues"] if i["code"].startswith("col.progress")]
    assert _progress(ws) == {"II.1-a": 50, "III.4.(1)": 50}


def test_plain_half_stays_half(cycle, tmp_path):
    ws, paths = cycle
    f = edit(filled(paths["BTCTU"], tmp_path / "btc.xlsx"), lambda wb: _typed(wb, "#,##0.##"))
    assert read_workbook(f).tasks.rows["II.1-a"]["progress"].value == 0.5  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_percent_survives_libreoffice(cycle, tmp_path, fmt):
    ws, paths = cycle
    f = edit(filled(paths["BTCTU"], tmp_path / "btc.xlsx"), lambda wb: _typed(wb, "0.0%"))
    f.rename(tmp_path / "src.xlsx")
    resaved = convert(tmp_path / "src.xlsx", fmt, tmp_path / "lo")
    content = read_workbook(resaved)
    assert content.tasks is not None
    assert content.tasks.rows["II.1-a"]["progress"].value == 50
    data, _ = collect(ws, resaved)
    [entry] = data["files"]
    assert entry["outcome"] in ("accepted", "warnings"), entry["issues"]
    assert _progress(ws) == {"II.1-a": 50, "III.4.(1)": 50}


def test_definition_target_typed_as_percent(tmp_path):
    """The definition workbook (read with openpyxl): a target typed "90%" in Excel is 90."""
    import openpyxl
    import yaml

    from ctrxl.definition.document import normalise_document
    from ctrxl.definition.xlsx import read_definition_xlsx, write_definition_xlsx
    from ctrxl.resources import examples_dir

    doc = yaml.safe_load((examples_dir() / "danang-nq21" / "programme.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "dinh-nghia.xlsx"
    write_definition_xlsx(path, normalise_document(doc), None)
    wb = openpyxl.load_workbook(path)
    sheet = wb["Chỉ tiêu"]
    head = {c.value: c.column for c in sheet[1]}
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value}
    first, second = list(rows.values())[:2]
    sheet.cell(first, head["Giá trị"]).value = 0.9
    sheet.cell(first, head["Giá trị"]).number_format = "0%"
    sheet.cell(second, head["Giá trị"]).value = 0.9  # no percent format: 0.9 as written
    sheet.cell(second, head["Giá trị"]).number_format = "General"
    wb.save(path)
    raw, _, problems = read_definition_xlsx(path)
    got = {x["code"]: x for x in normalise_document(raw)["indicators"]}
    codes = list(rows)
    assert got[codes[0]]["target"]["value"] == 90
    assert got[codes[1]]["target"]["value"] == 0.9
