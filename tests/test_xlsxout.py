"""``ctrxl.xlsxout.FastWorkbook`` / ``FastWorksheet`` write the same bytes as xlsxwriter's own
workbook and worksheet, part for part, and the write calls return what xlsxwriter's return."""
from __future__ import annotations

import datetime as dt
import random
import zipfile
import zlib
from pathlib import Path

import pytest
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from ctrxl.xlsxout import TEXT_SAFE, FastWorkbook, FastWorksheet, atomic_workbook, write_cells

LONG = "dài " * 5000  # over half of Excel's cell limit: xlsxwriter's own path
TOO_LONG = "x" * 40_000  # truncated to 32,767: -2


def _fill(wb) -> list:
    """Write every kind of cell and row the fast paths handle or hand on; return the results."""
    got: list = []
    wb.set_properties({"created": dt.datetime(2025, 12, 31)})  # no clock in the bytes
    fmt = wb.add_format({"border": 1, "locked": False})
    row_fmt = wb.add_format({"bold": True})
    col_fmt = wb.add_format({"italic": True})
    ws = wb.add_worksheet("S")
    ws.set_column(3, 3, 12, col_fmt)
    ws.set_row(2, 20, row_fmt)
    for r in range(6):
        got.append(ws.write_blank(r, 0, None, fmt))  # a styled blank (the input cells)
        got.append(ws.write_string(r, 1, f"Nhiệm vụ {r % 3} & <b>", fmt if r % 2 else None))  # shared strings
        got.append(ws.write_number(r, 2, r * 1.5 - 2, None if r % 2 else fmt))
        got.append(ws.write_string(r, 3, "cột có định dạng"))  # the column's format
        got.append(ws.write_number(r, 4, 10 ** (r * 4)))
    got.append(ws.write_string(2, 5, "dòng có định dạng"))  # the row's format
    got.append(ws.write_blank(2, 6, None))  # nothing without a format
    got.append(ws.write_blank(2, 7, "ignored", fmt))
    ws.write_datetime(0, 8, dt.datetime(2025, 3, 15), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write_formula(1, 8, "=A1+1", fmt, 0)
    ws.write_formula(2, 8, '=IF(XLOOKUP(A1,B1:B3,C1:C3)>0,"có","")', fmt, "")
    ws.write_boolean(2, 9, True)
    ws.write_rich_string(3, 9, "a ", row_fmt, "b", " c")
    got.append(ws.write_string(4, 9, "\x01ctl _x0041_ "))
    got.append(ws.write_string(5, 9, " leading space"))
    got.append(ws.write_string("K2", "A1 notation", fmt))  # the A1 wrapper
    got.append(ws.write_string(1, 11, string="keywords", cell_format=fmt))
    got.append(ws.write_blank("L3", None, fmt))
    got.append(ws.write_string(1_048_576, 0, "past the last row"))
    got.append(ws.write_string(0, 16_384, "past the last column"))
    got.append(ws.write_blank(-1, 0, None, fmt))
    got.append(ws.write_string(6, 0, LONG, fmt))
    got.append(ws.write_string(6, 1, TOO_LONG))
    got.append(ws.write_string(7.0, 1, "a float row"))
    got.append(ws.write_string(7, 2, "<r><t>rich-looking</t></r>"))
    ws.set_row(9, 30)  # a row with a height and no cells
    got.append(ws.set_row(13, 0))  # hidden: set_row_pixels' own way
    got.append(ws.set_row(14, 0.2))
    got.append(ws.set_row(15, 12.75))
    got.append(ws.set_row(1_048_576, 20))
    got.append(ws.set_row(-1, 20))
    got.append(ws.set_row(16, height=21))
    got.append(ws.set_row(60, 18))  # extends the dimensions, as set_row does
    ws.set_row(10, None, row_fmt)  # a format and no cells
    ws.set_row(11, 15, None, {"hidden": True, "level": 1})
    ws.set_row(12, 15, None, {"level": 1, "collapsed": True})
    ws.write_string(11, 1, "hidden, level 1")
    ws.write_string(40, 3, "row 41: a span block of its own")
    ws.merge_range(42, 0, 42, 3, "gộp ô", fmt)
    ws.data_validation(0, 0, 5, 0, {"validate": "list", "source": ["Có", "Không"]})
    ws.data_validation(0, 2, 5, 2, {"validate": "custom", "value": "=AND(ISNUMBER(C1),C1>=0)"})
    ws.conditional_format(0, 0, 5, 0, {"type": "blanks", "format": fmt})
    ws.conditional_format(0, 1, 5, 1, {"type": "formula", "criteria": '=AND($B1="x",LEN($C1)=0)', "format": fmt})
    ws2 = wb.add_worksheet("Comments")  # comments: xlsxwriter's own rows
    ws2.write_string(0, 0, "a", fmt)
    ws2.write_comment(0, 0, "ghi chú")
    ws2.write_blank(3, 1, None, fmt)
    ws3 = wb.add_worksheet("Empty")
    ws3.set_row(0, 30)
    ws4 = wb.add_worksheet("Excel2010")  # x14ac:dyDescent: xlsxwriter's own rows
    ws4.conditional_format(0, 0, 0, 0, {"type": "data_bar", "data_bar_2010": True})
    assert ws4.excel_version == 2010
    ws4.write_number(0, 0, 5, fmt)
    return got


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("options", [{}, {"in_memory": True}, {"constant_memory": True},
                                     {"in_memory": True, "use_future_functions": True}])
def test_same_bytes_as_xlsxwriter(tmp_path, options):
    results = []
    for name in ("fast.xlsx", "warm.xlsx"):  # the second run finds the per-process caches filled
        with atomic_workbook(tmp_path / name, **options) as wb:
            assert isinstance(wb, FastWorkbook)
            assert wb.worksheet_class is FastWorksheet
            results.append(_fill(wb))
    plain = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"), {**TEXT_SAFE, **options})
    assert type(plain) is xlsxwriter.Workbook and plain.worksheet_class is xlsxwriter.worksheet.Worksheet
    results.append(_fill(plain))
    plain.close()
    assert results[0] == results[1] == results[2]
    assert -1 in results[0] and -2 in results[0]
    reference = _parts(tmp_path / "plain.xlsx")
    for name in ("fast.xlsx", "warm.xlsx"):
        parts = _parts(tmp_path / name)
        assert list(parts) == list(reference)
        for part in reference:
            assert parts[part] == reference[part], part
        assert (tmp_path / name).read_bytes() == (tmp_path / "plain.xlsx").read_bytes()


def _rows(wb, bulk: bool) -> None:
    wb.set_properties({"created": dt.datetime(2025, 12, 31)})
    a, b = wb.add_format({"border": 1}), wb.add_format({"locked": False})
    ws = wb.add_worksheet("Rows")
    ws.write_string(0, 0, "đầu", a)
    rows = [
        [(0, "1", a), (1, "II.1", a), (2, None, b), (3, "Nhiệm vụ & <x>", a), (5, None, b)],
        [(1, "II.2", a), (2, None, None), (4, LONG, b), (6, "đầu", a)],  # a blank without a format: nothing
        [(0, " lề trái", a), (16_384, "past the last column", a), (3, "\x02", None)],
        [(2, None, b)],
        [],
    ]
    for r, cells in enumerate(rows, 3):
        if bulk:
            write_cells(ws, r, cells)
        else:
            for col, text, fmt in cells:
                if text is None:
                    ws.write_blank(r, col, None, fmt)
                else:
                    ws.write_string(r, col, text, fmt)
    if bulk:
        write_cells(ws, 1_048_576, [(0, "past the last row", a)])
        write_cells(ws, 20, [(0, "x", a)])  # (write_cells is used in column order; any row order)
    else:
        ws.write_string(1_048_576, 0, "past the last row", a)
        ws.write_string(20, 0, "x", a)


@pytest.mark.parametrize("options", [{"in_memory": True}, {"constant_memory": True}])
def test_write_cells_same_bytes_as_the_calls(tmp_path, options):
    with atomic_workbook(tmp_path / "bulk.xlsx", **options) as wb:
        _rows(wb, bulk=True)
    plain = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"), {**TEXT_SAFE, **options})
    _rows(plain, bulk=False)
    plain.close()
    other = xlsxwriter.Workbook(str(tmp_path / "other.xlsx"), {**TEXT_SAFE, **options})
    _rows(other, bulk=True)  # not a FastWorksheet: the calls themselves
    other.close()
    reference = (tmp_path / "plain.xlsx").read_bytes()
    assert (tmp_path / "bulk.xlsx").read_bytes() == reference
    assert (tmp_path / "other.xlsx").read_bytes() == reference


def test_memos_are_bounded():
    from ctrxl.xlsxout import _Memo

    memo = _Memo(10_000)
    memo.keep("long", "x" * 4000, "y" * 97)  # over 4,096 characters with its value: not kept
    assert "long" not in memo
    for n in range(10):
        memo.keep(n, "x" * 1000, "y" * 1000)  # five fit in 10,000 characters
    assert sorted(memo) == [0, 1, 2, 3, 4] and memo.room == 0


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
    plain = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"), {**TEXT_SAFE, "constant_memory": True})
    fill(plain)
    plain.close()
    with zipfile.ZipFile(tmp_path / "fast.xlsx") as a:
        sheet = a.read("xl/worksheets/sheet1.xml")
        assert b"\r" not in sheet and "<!--xxxx\n\n\né-->".encode() in sheet  # what the text copy makes of it
    assert (tmp_path / "fast.xlsx").read_bytes() == (tmp_path / "plain.xlsx").read_bytes()


def _stored(path, info) -> bytes:
    """A part's deflated bytes as they are in the file, after its local header."""
    with open(path, "rb") as raw:
        raw.seek(info.header_offset)
        head = raw.read(30)
        raw.seek(info.header_offset + 30 + int.from_bytes(head[26:28], "little") + int.from_bytes(head[28:30], "little"))
        return raw.read(info.compress_size)


def _member_levels(path) -> dict[str, int | None]:
    """The deflate level each part was compressed at, found by compressing its bytes again (None: no
    level gives its bytes, as for a part deflated on threads)."""
    levels: dict[str, int | None] = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            data, stored = z.read(info), _stored(path, info)
            levels[info.filename] = None
            for level in range(1, 10):
                c = zlib.compressobj(level, zlib.DEFLATED, -15)
                if c.compress(data) + c.flush() == stored:
                    levels[info.filename] = level
                    break
    return levels


def _two_workbooks(tmp_path):
    """The same cells by FastWorkbook and by plain xlsxwriter; the first sheet's part ~430 kB of XML."""
    rows = [[f"Đảng ủy phường {i % 97}", i, f"ghi chú {i * 7919 % 1000}"] for i in range(6000)]
    for name, cls in (("fast.xlsx", FastWorkbook), ("plain.xlsx", xlsxwriter.Workbook)):
        wb = cls(str(tmp_path / name), {"constant_memory": True})
        wb.set_properties({"created": dt.datetime(2025, 12, 15)})  # else the clock's second, maybe not the same
        ws = wb.add_worksheet("S")
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
        wb.add_worksheet("small").write_string(0, 0, "x")
        wb.close()
    return rows


def test_a_large_part_on_one_thread_is_deflated_at_level_5_the_others_as_xlsxwriter(tmp_path, monkeypatch):
    from xlsxwriter import workbook as xlsxwriter_workbook

    import ctrxl.xlsxout as X

    monkeypatch.setattr(X, "LARGE_PART", 200_000)
    monkeypatch.setattr(X, "deflate_threads", lambda: 1)
    _two_workbooks(tmp_path)
    fast, plain = _member_levels(tmp_path / "fast.xlsx"), _member_levels(tmp_path / "plain.xlsx")
    assert fast.pop("xl/worksheets/sheet1.xml") == 5 and plain.pop("xl/worksheets/sheet1.xml") == 6
    assert fast == plain  # every other part as xlsxwriter deflates it
    with zipfile.ZipFile(tmp_path / "fast.xlsx") as f, zipfile.ZipFile(tmp_path / "plain.xlsx") as p:
        assert [n for n in p.namelist() if f.read(n) != p.read(n)] == []  # the same parts, byte for byte
    assert xlsxwriter_workbook.ZipFile is zipfile.ZipFile  # put back after the call


def test_a_large_part_on_threads_is_one_stream_of_the_same_bytes_that_libreoffice_reads(tmp_path, monkeypatch):
    import csv

    import ctrxl.xlsxout as X

    from .libreoffice import convert

    monkeypatch.setattr(X, "LARGE_PART", 200_000)
    monkeypatch.setattr(X, "LARGE_PART_CHUNK", 16 << 10)  # ~27 chunks
    monkeypatch.setattr(X, "deflate_threads", lambda: 3)
    rows = _two_workbooks(tmp_path)
    fast, plain = tmp_path / "fast.xlsx", tmp_path / "plain.xlsx"
    levels = _member_levels(fast)
    assert levels.pop("xl/worksheets/sheet1.xml") is None  # not one compressor's bytes: the threads' own
    assert levels == {k: v for k, v in _member_levels(plain).items() if k != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(fast) as f, zipfile.ZipFile(plain) as p:
        assert f.testzip() is None  # every part's CRC and sizes right
        assert [n for n in p.namelist() if f.read(n) != p.read(n)] == []
        info = f.getinfo("xl/worksheets/sheet1.xml")
        data, stored = f.read(info), _stored(fast, info)
    d = zlib.decompressobj(-15)
    assert d.decompress(stored) == data and d.eof and not d.unused_data  # one stream, ended once, at its end
    one = zlib.compressobj(5, zlib.DEFLATED, -15)
    assert len(stored) <= 1.01 * len(one.compress(data) + one.flush())  # primed chunks: as small, near enough
    with open(convert(fast, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "lo"), encoding="utf-8") as fh:
        assert [[row[0], int(row[1]), row[2]] for row in csv.reader(fh)] == rows


def test_parallel_deflate_is_one_valid_stream_whatever_the_pieces_it_is_given():
    from concurrent.futures import ThreadPoolExecutor

    from ctrxl.xlsxout import ParallelDeflate

    block = random.Random(7).randbytes(20_000)  # incompressible by itself
    data = block * 40  # ... but each copy a match of the one before, across every chunk's start
    alone = sum(len(zlib.compress(data[i:i + 65536], 5)) for i in range(0, len(data), 65536))
    for pieces in ([data], [data[i:i + 7777] for i in range(0, len(data), 7777)], [b""], [data[:65536]]):
        with ThreadPoolExecutor(3) as pool:
            d = ParallelDeflate(5, pool, 3, chunk=65536)
            out = b"".join(d.compress(p) for p in pieces) + d.flush()
        z = zlib.decompressobj(-15)
        assert z.decompress(out) == b"".join(pieces) and z.eof and not z.unused_data
        if len(pieces) > 1:
            assert len(out) < alone / 5  # each chunk primed with the one before: its repeats found


def _rows_workbook(path, tmpdir, rows=300) -> None:
    with atomic_workbook(path, constant_memory=True, tmpdir=str(tmpdir)) as wb:
        wb.set_properties({"created": dt.datetime(2025, 12, 31)})
        ws = wb.add_worksheet("S")
        for r in range(rows):
            ws.write_string(r, 0, f"dòng {r}\r\n")
            ws.write_number(r, 1, r)
            ws.fh.write("<!--" + "x" * (r % 5) + "\r\n" * (r % 3) + "\r" * (r % 2) + "é-->")
        wb.add_worksheet("small").write_string(0, 0, "x")


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
@pytest.mark.parametrize("threads", [1, 2])
def test_a_large_sheets_rows_go_into_the_zip_from_their_own_file(tmp_path, monkeypatch, chunk, threads):
    """A large part's rows are not copied into its XML file: the zip file reads them from theirs, with
    the text copy's newlines, and removes it; the part reads as the copied one."""
    import ctrxl.xlsxout as X

    monkeypatch.setattr(FastWorksheet, "copy_chunk", chunk)
    monkeypatch.setattr(X, "deflate_threads", lambda: threads)
    (tmp_path / "t1").mkdir()
    (tmp_path / "t2").mkdir()
    _rows_workbook(tmp_path / "copied.xlsx", tmp_path / "t1")
    monkeypatch.setattr(X, "LARGE_PART", 4000)  # sheet 1's rows (~20 kB) from their file; sheet 2's copied
    seen: list[bytes] = []
    plain_write = X._LargePartsZipFile.write

    def spy(self, filename, *args, **kwargs):  # each part's file as the zip file is given it
        seen.append(Path(filename).read_bytes())
        return plain_write(self, filename, *args, **kwargs)

    monkeypatch.setattr(X._LargePartsZipFile, "write", spy)
    _rows_workbook(tmp_path / "large.xlsx", tmp_path / "t2")
    assert sum(X.ROWS_MARK in xml for xml in seen) == 1  # sheet 1's file held the mark, not the rows
    with zipfile.ZipFile(tmp_path / "copied.xlsx") as a, zipfile.ZipFile(tmp_path / "large.xlsx") as b:
        assert b.testzip() is None and a.namelist() == b.namelist()
        assert [n for n in a.namelist() if a.read(n) != b.read(n)] == []
        sheet = b.read("xl/worksheets/sheet1.xml")
        assert b"\r" not in sheet and "<!--xxxx\n\n\né-->".encode() in sheet and X.ROWS_MARK not in sheet
    assert list((tmp_path / "t2").iterdir()) == []  # the rows' file removed with the rest


@pytest.mark.parametrize("fails", ["first part", "the large part"])
def test_a_large_sheets_rows_file_is_removed_when_the_zip_fails(tmp_path, monkeypatch, fails):
    import ctrxl.xlsxout as X

    monkeypatch.setattr(X, "LARGE_PART", 4000)
    plain_open = zipfile.ZipFile.open
    plain_write = X._LargePartsZipFile.write

    def broken_open(self, name, mode="r", *args, **kwargs):
        if mode == "w" and getattr(name, "filename", name) == "xl/worksheets/sheet1.xml":
            raise OSError(28, "No space left on device")
        return plain_open(self, name, mode, *args, **kwargs)

    def broken_write(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    if fails == "first part":
        monkeypatch.setattr(X._LargePartsZipFile, "write", broken_write)
    else:
        monkeypatch.setattr(zipfile.ZipFile, "open", broken_open)
    (tmp_path / "t").mkdir()
    with pytest.raises(FileCreateError):  # (xlsxwriter's, for the OSError)
        _rows_workbook(tmp_path / "x.xlsx", tmp_path / "t")
    monkeypatch.setattr(X._LargePartsZipFile, "write", plain_write)
    # (xlsxwriter leaves its parts' files when a part fails; the rows' file, ours, is removed)
    left = [f.read_bytes() for f in (tmp_path / "t").iterdir()]
    assert left and all(x.startswith(b"<?xml") for x in left)  # parts only: no rows' file
    assert not (tmp_path / "x.xlsx").exists()
