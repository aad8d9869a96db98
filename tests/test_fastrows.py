"""fastrows writes the same sheet bytes as xlsxwriter's own calls (constant_memory, inline strings)."""
from __future__ import annotations

import zipfile

import pytest

from ctrxl.track.fastrows import SheetFull, flat_row, write_grouped_rows, write_rows
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


# -- write_grouped_rows: repeated texts as shared strings, the same cells for any reader ----------

GROUPS = (1, 3, 0, 1, 2)


def _grouped(row):
    """An 8-cell row as write_grouped_rows takes it: (A), (B, C, D), E, (F), (G, H)."""
    row = list(row) + [None] * (8 - len(row))
    texts = [None if v is None else str(v) for v in row]
    return (texts[0],), tuple(texts[1:4]), row[4], (texts[5],), tuple(texts[6:8])


GROUPED = [_grouped(r) for r in ROWS[:4]] + [
    (("y" * 20000,), ("too long", "for the", "fast path"), 1, ("f",), ("g", "h")),  # the ordinary way
    (("<r>rich</r>",), ("a", "b", "c"), "<r>not rich here</r>", ("f",), ("g", "h")),  # xlsxwriter's rich form
    (None, ("a", "", "c"), None, None, None),
    (("Đảng ủy xã A",), ("Nhiệm vụ", "II.1", "Tình trạng"), 3.5, ("a.xlsx",), ("Nhiệm vụ", "G6")),
    (("Đảng ủy xã A",), ("Nhiệm vụ", "II.1", "Tình trạng"), True, ("a.xlsx",), ("Nhiệm vụ", "G7")),
]
GROUPED_HEIGHTS = {3: 60.5, 5: 40, 8: 33, 9: (20, {"level": 1, "hidden": True})}


def _write_grouped(path, grouped: bool, rows, heights, constant_memory=True, preset=()):
    with atomic_workbook(path, constant_memory=constant_memory) as wb:
        fmt = wb.add_format({"border": 1, "text_wrap": True})
        ws = wb.add_worksheet("S")
        ws.set_row(2, 30)
        ws.write_string(2, 0, "head", fmt)
        for r in preset:  # rows given a height before they are written (not in ``heights``)
            ws.set_row(r, 45)
        heights = dict(heights)
        if grouped:
            end = write_grouped_rows(ws, 3, rows, GROUPS, fmt, _cell, heights)
        else:
            end = write_rows(ws, 3, [flat_row(GROUPS, row) for row in rows], fmt, _cell, heights)
        assert end == 3 + len(rows)
        ws.autofilter(2, 0, 2 + len(rows), 7)


def _read_back(path):
    """Every cell's value and look (font, border, wrap), every row's height and outline, by openpyxl;
    the values again by python-calamine."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    ws = openpyxl.load_workbook(path)["S"]
    cells = [[(c.value, c.data_type, c.font.b, c.border.left.style, c.alignment.wrap_text) for c in row]
             for row in ws.iter_rows()]
    rows = {r: (d.height, d.outlineLevel, d.hidden) for r, d in ws.row_dimensions.items()}
    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()
    return cells, rows, values, ws.auto_filter.ref, ws.dimensions


@pytest.mark.parametrize("rows", [GROUPED, GROUPED[:4], GROUPED[4:], [GROUPED[-1]] * 300])
def test_grouped_rows_read_back_as_the_plain_ones(tmp_path, rows):
    _write_grouped(tmp_path / "plain.xlsx", False, rows, GROUPED_HEIGHTS)
    _write_grouped(tmp_path / "grouped.xlsx", True, rows, GROUPED_HEIGHTS)
    assert _read_back(tmp_path / "grouped.xlsx") == _read_back(tmp_path / "plain.xlsx")


def test_grouped_rows_with_rows_set_before_read_back_as_the_plain_ones(tmp_path):
    rows = [GROUPED[-1]] * 6
    _write_grouped(tmp_path / "plain.xlsx", False, rows, {6: 50}, preset=(4, 7))
    _write_grouped(tmp_path / "grouped.xlsx", True, rows, {6: 50}, preset=(4, 7))
    back = _read_back(tmp_path / "grouped.xlsx")
    assert back == _read_back(tmp_path / "plain.xlsx") and back[1][5] == back[1][8] == (45, 0, False)


def test_grouped_rows_are_shared_strings_counted_as_xlsxwriter_counts(tmp_path):
    import re

    # (the last row goes the ordinary way from its file cell on: none of its cells is a shared string)
    late_slow = (("Đảng ủy xã B",), ("Chỉ tiêu", "CT1", "Giá trị"), 2, ("<r>x</r>",), ("g", "h"))
    rows = [GROUPED[-1]] * 300 + [GROUPED[-2], late_slow]
    _write_grouped(tmp_path / "g.xlsx", True, rows, {})
    with zipfile.ZipFile(tmp_path / "g.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        sst = z.read("xl/sharedStrings.xml").decode()
    uses = re.findall(r't="s"><v>(\d+)</v>', sheet)
    assert len(uses) == 301 * 7
    m = re.search(r'<sst [^>]*count="(\d+)" uniqueCount="(\d+)"', sst)
    assert m and int(m.group(1)) == len(uses) and int(m.group(2)) == sst.count("<si>")
    # every string used is in the table; the ordinary row's first texts, looked up before its file cell
    # turned it ordinary, are in it unused (harmless: a reader goes by index)
    assert {int(u) for u in uses} == set(range(7)) and int(m.group(2)) == 7 + 4
    # inline: the header (written by write_string) and the value column's texts (True is "Có")
    inline = re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"', sheet)
    assert inline == ["A3"] + [f"E{r}" for r in range(4, 304)] + [f"{c}305" for c in "ABCDFGH"]
    assert sheet.count('t="s"') == len(uses)


def test_grouped_rows_on_a_sheet_not_in_constant_memory(tmp_path):
    _write_grouped(tmp_path / "plain.xlsx", False, GROUPED, GROUPED_HEIGHTS, constant_memory=False)
    _write_grouped(tmp_path / "grouped.xlsx", True, GROUPED, GROUPED_HEIGHTS, constant_memory=False)
    assert _read_back(tmp_path / "grouped.xlsx") == _read_back(tmp_path / "plain.xlsx")


def test_grouped_rows_past_the_last_row_are_refused(tmp_path):
    with atomic_workbook(tmp_path / "x.xlsx", constant_memory=True) as wb:
        ws = wb.add_worksheet("S")
        with pytest.raises(SheetFull):
            write_grouped_rows(ws, ws.xls_rowmax - 2, [GROUPED[-1]] * 3, GROUPS, wb.add_format(), _cell)
        ws.write_string(0, 0, "x")  # the sheet is still usable (and closes)
