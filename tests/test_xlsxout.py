"""``ctrxl.xlsxout.FastWorksheet`` writes the same bytes as xlsxwriter's own worksheet, cell for cell."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from xlsxwriter.worksheet import Worksheet

from ctrxl.xlsxout import FastWorksheet, atomic_workbook


def _fill(wb) -> None:
    wb.set_properties({"created": dt.datetime(2025, 12, 31)})  # no clock in the bytes
    fmt = wb.add_format({"border": 1, "locked": False})
    row_fmt = wb.add_format({"bold": True})
    col_fmt = wb.add_format({"italic": True})
    ws = wb.add_worksheet("S")
    ws.set_column(3, 3, 12, col_fmt)
    ws.set_row(2, 20, row_fmt)
    for r in range(6):
        ws.write_blank(r, 0, None, fmt)  # a styled blank (the input cells)
        ws.write_string(r, 1, f"Nhiệm vụ {r % 3} & <b>", fmt if r % 2 else None)  # shared strings
        ws.write_number(r, 2, r * 1.5 - 2, None if r % 2 else fmt)
        ws.write_string(r, 3, "cột có định dạng")  # the column's format
        ws.write_number(r, 4, 10 ** (r * 4))
    ws.write_string(2, 5, "dòng có định dạng")  # the row's format
    ws.write_blank(2, 6, None)  # nothing without a format
    ws.write_datetime(0, 7, dt.datetime(2025, 3, 15), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write_formula(1, 7, "=A1+1", fmt, 0)
    ws.write_boolean(2, 7, True)
    ws.write_rich_string(3, 7, "a ", row_fmt, "b", " c")
    ws.write_string(4, 7, "\x01ctl _x0041_ ")


@pytest.mark.parametrize("options", [{}, {"in_memory": True}, {"constant_memory": True}])
def test_same_bytes_as_xlsxwriter(tmp_path, options):
    with atomic_workbook(tmp_path / "fast.xlsx", **options) as wb:
        assert wb.worksheet_class is FastWorksheet
        _fill(wb)
    with atomic_workbook(tmp_path / "plain.xlsx", **options) as wb:
        wb.worksheet_class = Worksheet
        _fill(wb)
    with zipfile.ZipFile(tmp_path / "fast.xlsx") as a, zipfile.ZipFile(tmp_path / "plain.xlsx") as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    assert (tmp_path / "fast.xlsx").read_bytes() == (tmp_path / "plain.xlsx").read_bytes()


@pytest.mark.parametrize("chunk", [1, 2, 7, 1 << 20])
def test_constant_memory_rows_copied_as_bytes_are_the_same(tmp_path, chunk, monkeypatch):
    """The rows of a constant_memory sheet are copied into its XML as bytes; xlsxwriter's text copy turns
    "\\r\\n" and a lone "\\r" into "\\n", and so does the byte copy, whichever chunk a "\\r" ends. xlsxwriter
    and fastrows escape a "\\r" in a cell (_x000D_), so a raw one is written here straight into the rows'
    file, as fastrows writes its rows. Tiny chunks put a chunk end at every byte."""
    monkeypatch.setattr(FastWorksheet, "copy_chunk", chunk)

    def fill(wb) -> None:
        wb.set_properties({"created": dt.datetime(2025, 12, 31)})
        ws = wb.add_worksheet("S")
        for r in range(300 if chunk > 2 else 40):
            ws.write_string(r, 0, f"dòng {r}\r\n")  # escaped: _x000D_
            ws.write_number(r, 1, r)
            ws.fh.write("<!--" + "x" * (r % 5) + "\r\n" * (r % 3) + "\r" * (r % 2) + "é-->")
        wb.add_worksheet("Empty")  # no rows: xlsxwriter's own path

    with atomic_workbook(tmp_path / "fast.xlsx", constant_memory=True) as wb:
        fill(wb)
    with atomic_workbook(tmp_path / "plain.xlsx", constant_memory=True) as wb:
        wb.worksheet_class = Worksheet
        fill(wb)
    with zipfile.ZipFile(tmp_path / "fast.xlsx") as a:
        sheet = a.read("xl/worksheets/sheet1.xml")
        assert b"\r" not in sheet and "<!--xxxx\n\n\né-->".encode() in sheet  # what the text copy makes of it
    assert (tmp_path / "fast.xlsx").read_bytes() == (tmp_path / "plain.xlsx").read_bytes()
