"""fastrows writes the same sheet bytes as xlsxwriter's own calls (constant_memory, inline strings)."""
from __future__ import annotations

import zipfile

import pytest

from ctrxl.track.fastrows import SheetFull, write_rows
from ctrxl.track.workbook import _cell
from ctrxl.xlsxout import atomic_workbook

ROWS = [
    ["Đảng ủy xã A", "Nhiệm vụ", "II.1", "Tình trạng", "Đã hoàn thành", "a.xlsx", "Nhiệm vụ", "G6"],
    ["=SUM(A1)", "http://x.vn", " lead", "trail ", "a & b <c> \"d\"", "\x01ctl\x1f", "_x0041_ kept", "<r>rich</r>"],
    [None, 0, 12, 3.25, -1e-7, 1e20, True, False],
    ["x" * 200, "dòng 1\ndòng 2", "\t", "", "\ufffe\uffff", "01", "15/3/2025", "ok"],
    ["y" * 20000, "too long for the fast path", None, 1, 2, 3, 4],  # written the ordinary way
    ["short", "after a slow row"],
    [],
]
HEIGHTS = {4: 60.5, 6: 40, 7: 33}  # (xlsxwriter drops the height of a trailing empty row)


def _sheet_xml(path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def _write(path, fast: bool, rows, heights):
    with atomic_workbook(path, constant_memory=True) as wb:
        fmt = wb.add_format({"border": 1, "text_wrap": True})
        ws = wb.add_worksheet("S")
        ws.set_row(2, 30)
        ws.write_string(2, 0, "head", fmt)
        if fast:
            assert write_rows(ws, 3, rows, fmt, _cell, heights) == 3 + len(rows)
        else:
            for r, row in enumerate(rows, 3):
                if r in heights:
                    ws.set_row(r, heights[r])
                for c, v in enumerate(row):
                    _cell(ws, r, c, v, fmt)
        ws.autofilter(2, 0, 2 + len(rows), 7)


@pytest.mark.parametrize("rows", [ROWS, ROWS[:4], ROWS[4:], [ROWS[0]] * 50])
def test_same_bytes_as_xlsxwriter(tmp_path, rows):
    _write(tmp_path / "slow.xlsx", False, rows, HEIGHTS)
    _write(tmp_path / "fast.xlsx", True, rows, HEIGHTS)
    assert _sheet_xml(tmp_path / "fast.xlsx") == _sheet_xml(tmp_path / "slow.xlsx")


def test_refused_number_is_refused_as_before(tmp_path):
    with pytest.raises(Exception) as slow:
        _write(tmp_path / "slow.xlsx", False, [[1, float("inf")]], {})
    with pytest.raises(Exception) as fast:
        _write(tmp_path / "fast.xlsx", True, [[1, float("inf")]], {})
    assert type(fast.value) is type(slow.value)


def _write_preset(path, fast: bool, rows, heights, preset):
    """Rows whose height, format or outline was set before they are written (``preset``: row → set_row args)."""
    with atomic_workbook(path, constant_memory=True) as wb:
        fmt = wb.add_format({"border": 1, "text_wrap": True})
        bold = wb.add_format({"bold": True})
        ws = wb.add_worksheet("S")
        ws.write_string(2, 0, "head", fmt)
        for r, (height, options) in preset.items():
            ws.set_row(r, height, bold if options.pop("bold", False) else None, options)
        if fast:
            assert write_rows(ws, 3, rows, fmt, _cell, heights) == 3 + len(rows)
        else:
            for r, row in enumerate(rows, 3):
                if r in heights:
                    ws.set_row(r, heights[r])
                for c, v in enumerate(row):
                    _cell(ws, r, c, v, fmt)


@pytest.mark.parametrize("preset", [
    {4: (25, {})},  # a height set before: the row tag carries it
    {5: (None, {"hidden": True})},
    {6: (18, {"bold": True})},  # a row format: xlsxwriter's own row tag
    {7: (None, {"level": 1, "collapsed": True})},
])
def test_same_bytes_with_rows_set_before(tmp_path, preset):
    rows = [ROWS[0], ROWS[1], ROWS[3], ROWS[0], ROWS[2], ROWS[0]]
    heights = {3: 0, 8: 33}  # 0 hides the row (set_row's way)
    _write_preset(tmp_path / "slow.xlsx", False, rows, heights, {r: (h, dict(o)) for r, (h, o) in preset.items()})
    _write_preset(tmp_path / "fast.xlsx", True, rows, heights, {r: (h, dict(o)) for r, (h, o) in preset.items()})
    assert _sheet_xml(tmp_path / "fast.xlsx") == _sheet_xml(tmp_path / "slow.xlsx")



def _write_styled(path, fast: bool, rows, heights):
    """Cells with their own formats (a row of ``(value, format)``; format None → xlsxwriter's way) and rows
    with outline options, as the matrix and indicator sheets write them."""
    with atomic_workbook(path, constant_memory=True) as wb:
        fmts = [wb.add_format({"border": 1}), wb.add_format({"bold": True, "bg_color": "#C6EFCE"}),
                wb.add_format({"num_format": "0.0%"}), None]
        ws = wb.add_worksheet("S")
        ws.outline_settings(True, False, True, False)
        ws.write_string(2, 0, "head", fmts[0])
        styled = [[(v, fmts[(r + c) % (3 if r % 4 else 4)]) for c, v in enumerate(row)] for r, row in enumerate(rows)]
        if fast:
            assert write_rows(ws, 3, styled, None, _cell, heights, styled=True) == 3 + len(rows)
        else:
            for r, row in enumerate(styled, 3):
                if r in heights:
                    spec = heights[r]
                    ws.set_row(r, *((spec[0], None, spec[1]) if isinstance(spec, tuple) else (spec,)))
                for c, (v, f) in enumerate(row):
                    _cell(ws, r, c, v, f)
        ws.autofilter(2, 0, 2 + len(rows), 7)


@pytest.mark.parametrize("rows", [ROWS, [ROWS[0], ROWS[2]] * 20, [ROWS[2]] * 9])
def test_styled_cells_and_outlined_rows_same_bytes(tmp_path, rows):
    heights = {3: 20.0, 4: (30.0, {"collapsed": True}), 5: (25.5, {"level": 1, "hidden": True}),
               6: (None, {"level": 1, "hidden": True}), 8: (0, {"level": 2}), 10: 44}  # (not 9: see HEIGHTS)
    _write_styled(tmp_path / "slow.xlsx", False, rows, heights)
    _write_styled(tmp_path / "fast.xlsx", True, rows, heights)
    slow, fast = _sheet_xml(tmp_path / "slow.xlsx"), _sheet_xml(tmp_path / "fast.xlsx")
    assert b'outlineLevel="1"' in slow and b'collapsed="1"' in slow  # the options are there to compare
    assert fast == slow


def test_a_row_wider_than_the_sheet_is_refused(tmp_path):
    with atomic_workbook(tmp_path / "w.xlsx", constant_memory=True) as wb:
        fmt = wb.add_format({"border": 1})
        ws = wb.add_worksheet("S")
        with pytest.raises(SheetFull):
            write_rows(ws, 3, [["x"] * (ws.xls_colmax + 1)], fmt, _cell)


def test_on_a_plain_xlsxwriter_sheet_rows_tags_come_from_xlsxwriter(tmp_path):
    """Without ``FastWorksheet._row_tag`` (another worksheet class), every row tag is xlsxwriter's own
    ``_write_row``: the same bytes."""
    import xlsxwriter

    from ctrxl.xlsxout import TEXT_SAFE

    def write(path, fast: bool) -> bytes:
        wb = xlsxwriter.Workbook(str(path), {**TEXT_SAFE, "constant_memory": True})
        fmt = wb.add_format({"border": 1})
        ws = wb.add_worksheet("S")
        assert not hasattr(ws, "_row_tag")
        ws.write_string(2, 0, "head", fmt)
        heights = {4: 60.5, 6: 40}
        if fast:
            write_rows(ws, 3, ROWS[:4], fmt, _cell, dict(heights))
        else:
            for r, row in enumerate(ROWS[:4], 3):
                if r in heights:
                    ws.set_row(r, heights[r])
                for c, v in enumerate(row):
                    _cell(ws, r, c, v, fmt)
        wb.close()
        return _sheet_xml(path)

    assert write(tmp_path / "fast.xlsx", True) == write(tmp_path / "slow.xlsx", False)
