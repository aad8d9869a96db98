"""Excel's limits never lose data: with the limits lowered (module constants of ``ctrxl.track.workbook``),
the hand-computed cycle's answers continue on "Dữ liệu chi tiết (2)", … and its matrix's agencies on
"Ma trận tình trạng (2)", …, every answer and every agency exactly once; a cell xlsxwriter would refuse
raises instead of vanishing.
"""
import json
from collections import Counter
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from ctrxl.cli import cli
from ctrxl.track import workbook as W
from ctrxl.track.fastrows import SheetFull, write_rows

from .test_consolidate import cycle  # noqa: F401  (the hand-computed cycle: 3 agencies, 44 answers)

ANSWERS, MATRIX = "Dữ liệu chi tiết", "Ma trận tình trạng"


def _consolidate(ws: Path, monkeypatch, rows: int | None = None, cols: int | None = None) -> dict[str, list]:
    with monkeypatch.context() as m:
        if rows is not None:
            m.setattr(W, "MAX_ROWS", rows)
        if cols is not None:
            m.setattr(W, "MAX_COLS", cols)
        run = CliRunner().invoke(cli, ["-w", str(ws), "consolidate", "--json"])
    assert run.exit_code == 0, run.output
    wb = CalamineWorkbook.from_path(json.loads(run.output)["path"])
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def _parts(sheets: dict[str, list], name: str) -> list[str]:
    return [s for s in sheets if s == name or s.startswith(f"{name} (")]


@pytest.fixture(scope="module")
def whole(cycle):  # noqa: F811
    """The sheets and bytes of the workbook consolidated at Excel's limits (before any test lowers them)."""
    ws, _, data = cycle
    wb = CalamineWorkbook.from_path(data["path"])
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}, Path(data["path"]).read_bytes()


@pytest.mark.parametrize("per_sheet", [1, 10, 43, 44, 1000])
def test_answers_continue_on_further_sheets(cycle, whole, monkeypatch, per_sheet):  # noqa: F811
    ws, _, _ = cycle
    whole, _ = whole
    expected = whole[ANSWERS][3:]
    assert len(expected) == 44  # 41 answers, and 3 task proposals (test_consolidate)
    sheets = _consolidate(ws, monkeypatch, rows=3 + per_sheet)
    parts = _parts(sheets, ANSWERS)
    n = -(-len(expected) // per_sheet)
    assert parts == [ANSWERS] + [f"{ANSWERS} ({k})" for k in range(2, n + 1)]
    names = list(sheets)  # the parts follow each other, in the sheets' order
    assert names[names.index(ANSWERS):names.index(ANSWERS) + n] == parts
    got = [row for p in parts for row in sheets[p][3:]]
    assert got == expected  # every answer exactly once, in the same order
    assert Counter(map(tuple, got)) == Counter(map(tuple, expected))
    for k, p in enumerate(parts):
        rows = sheets[p]
        assert len(rows) <= 3 + per_sheet
        assert rows[0] == whole[ANSWERS][0] and rows[2] == whole[ANSWERS][2]  # the title and the header
        note = rows[1][0]
        assert note.startswith(whole[ANSWERS][1][0])  # the same note, then where the rows continue
        if n == 1:
            assert note == whole[ANSWERS][1][0]
        elif k < n - 1:
            assert f"Phần {k + 1}/{n}" in note and f"“{parts[k + 1]}”" in note and "tiếp theo" in note
        else:
            assert f"Phần {n}/{n}" in note and "phần cuối" in note
    if n > 1:
        assert f"tiếp theo ở sheet “{ANSWERS} (2)”" in sheets[ANSWERS][1][0]
    # the other sheets are unchanged
    assert {s: v for s, v in sheets.items() if s not in parts} == {s: v for s, v in whole.items() if s != ANSWERS}


@pytest.mark.parametrize("per_sheet", [1, 2, 3])
def test_matrix_agencies_split_over_sheets(cycle, whole, monkeypatch, per_sheet):  # noqa: F811
    ws, _, _ = cycle
    whole, _ = whole
    full = whole[MATRIX]
    agencies = full[2][1:]
    assert agencies == ["Ban Tổ chức Thành ủy", "Đảng ủy phường Hải Châu", "Đảng ủy xã Hòa Vang"]
    sheets = _consolidate(ws, monkeypatch, cols=1 + per_sheet)
    parts = _parts(sheets, MATRIX)
    n = -(-len(agencies) // per_sheet)
    assert parts == [MATRIX] + [f"{MATRIX} ({k})" for k in range(2, n + 1)]
    assert [a for p in parts for a in sheets[p][2][1:]] == agencies  # every agency once, in order
    for i in range(3, len(full)):  # each task row: its code, then the agency cells across the parts
        assert [sheets[p][i][0] for p in parts] == [full[i][0]] * n
        assert [v for p in parts for v in sheets[p][i][1:]] == full[i][1:]
    for k, p in enumerate(parts):
        assert sheets[p][0] == full[0][:len(sheets[p][0])]  # the title in B
        assert sheets[p][2][0] == "Mã nhiệm vụ"
        note = sheets[p][1][1]
        assert note.startswith(full[1][1])
        if n > 1 and k < n - 1:
            assert f"“{parts[k + 1]}”" in note and "tiếp theo" in note
    assert (n == 1) == (sheets[MATRIX][1][1] == full[1][1])
    assert {s: v for s, v in sheets.items() if s not in parts} == {s: v for s, v in whole.items() if s != MATRIX}


def test_both_split_and_unchanged_below_the_limits(cycle, whole, monkeypatch):  # noqa: F811
    ws, _, data = cycle
    _, first = whole
    sheets = _consolidate(ws, monkeypatch, rows=3 + 7, cols=1 + 2)
    assert len(_parts(sheets, ANSWERS)) == 7 and len(_parts(sheets, MATRIX)) == 2  # 44 answers, 7 a sheet
    _consolidate(ws, monkeypatch)  # the limits back: the same bytes as before
    assert Path(data["path"]).read_bytes() == first


def test_a_refused_row_raises(tmp_path):
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet("s")
    ws.xls_rowmax = 5  # as if Excel's last row were the 5th
    fmt = wb.add_format()
    with pytest.raises(SheetFull, match="row 6"):
        write_rows(ws, 3, ([i, "x"] for i in range(10)), fmt, W._cell)
    other = xlsxwriter.Workbook(str(tmp_path / "y.xlsx")).add_worksheet("t")  # not constant_memory: the same
    other.xls_rowmax = 5
    with pytest.raises(SheetFull, match="row 6"):
        write_rows(other, 3, ([i, "x"] for i in range(10)), fmt, W._cell)
    with pytest.raises(SheetFull, match="outside"):  # the ordinary writes are checked too
        W._cell(ws, 1_048_576, 0, "x", fmt)
    with pytest.raises(SheetFull, match="outside"):
        W._cell(ws, 0, 16_384, None, fmt)
    wb.close()
