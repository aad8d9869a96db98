"""Writing an .xlsx safely: text stays text, and the file appears whole or not at all."""
from __future__ import annotations

import functools
import itertools
import os
import tempfile
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import COL_NAMES, xl_col_to_name, xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple, RowInfo, Worksheet

# xlsxwriter would otherwise turn "=…" into formulas, "http…" into links and "01" into 1:
# agency and programme text must come out exactly as it went in.
TEXT_SAFE = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

# Per process, bounded: every agency's workbook has the same formulas (validation, conditional
# formats, indicator results) and mostly the same texts (the programme), so their XML is worked
# out once. Both are pure functions of their keys.
class _Memo(dict):
    """A per-process memo bounded by the characters it holds (texts can be long, and hostile:
    a receipt quotes the values it found), not only by its entries."""

    def __init__(self, chars: int) -> None:
        super().__init__()
        self.room = chars

    def keep(self, key: Any, text: str, value: str) -> None:
        size = len(text) + len(value)
        if size <= 4096 and size <= self.room:
            self[key] = value
            self.room -= size


_FORMULAS = _Memo(4_000_000)  # (formula, expand_future_functions, use_future_functions) -> prepared
_SI = _Memo(8_000_000)  # shared string -> its <si> element
_new_tuple = tuple.__new__  # a cell namedtuple made without its Python-level __new__


def _col(col: int) -> str:
    name = COL_NAMES.get(col)
    if name is None:
        name = COL_NAMES[col] = xl_col_to_name(col)
    return name


class FastWorksheet(Worksheet):
    """A worksheet whose innermost loops are shorter for what a generated workbook is made of, with
    xlsxwriter's bytes (``tests/test_xlsxout.py`` compares every part, in the three modes, with the
    plain ``Worksheet`` on awkward values):

    - ``write_string`` / ``write_blank`` with integer row and column (not constant_memory): the
      same checks and the same cell tuple as ``_write_string`` / ``_write_blank``, without the A1
      argument wrapper and the generic dimension check;
    - the sheet data: a row tag built in one f-string, a styled blank, a shared string or a number
      cell written in one step — ``<c r="A1" s="5"/>``, ``<c r="A1" s="5" t="s"><v>7</v></c>``,
      ``<c r="A1" s="5"><v>1</v></c>`` (the reference and the format index need no escaping;
      xlsxwriter escapes them and finds nothing). Every other cell, inline strings
      (constant_memory), comments and Excel 2010 rows go through xlsxwriter's own methods;
    - ``set_row(row, height)``: the row's height stored as ``set_row_pixels`` stores it;
    - a formula's ``_prepare_formula`` result is remembered per process (a pure function of the
      formula and ``use_future_functions``)."""

    def __init__(self) -> None:
        super().__init__()
        self._blanks: dict[Any, CellBlankTuple] = {}  # see write_cells
        self.appended_rows: list[str] = []  # files of rows written elsewhere (append_rows)

    def _prepare_formula(self, formula, expand_future_functions=False):
        key = (formula, bool(expand_future_functions), bool(self.use_future_functions))
        done = _FORMULAS.get(key)
        if done is None:
            done = super()._prepare_formula(formula, expand_future_functions)
            _FORMULAS.keep(key, formula, done)
        return done

    def _fast_cell(self, row, col) -> bool:
        """What ``_check_dimensions(row, col)`` does for an in-bounds cell (False when the cell is
        not one for the fast path: the caller then goes xlsxwriter's own way)."""
        if (type(row) is not int or type(col) is not int or self.constant_memory
                or row < 0 or col < 0 or row >= self.xls_rowmax or col >= self.xls_colmax):
            return False
        ws: Any = self  # (xlsxwriter's attributes are untyped)
        if ws.dim_rowmin is None or row < ws.dim_rowmin:
            ws.dim_rowmin = row
        if ws.dim_rowmax is None or row > ws.dim_rowmax:
            ws.dim_rowmax = row
        if ws.dim_colmin is None or col < ws.dim_colmin:
            ws.dim_colmin = col
        if ws.dim_colmax is None or col > ws.dim_colmax:
            ws.dim_colmax = col
        return True

    def write_string(self, *args, **kwargs):
        if not kwargs and 3 <= len(args) <= 4:
            row, col, string = args[0], args[1], args[2]
            if type(string) is str and len(string) <= self.xls_strmax // 2 and self._fast_cell(row, col):
                fmt = args[3] if len(args) == 4 else None
                index = self.str_table._get_shared_string_index(string)
                self.table[row][col] = _new_tuple(CellStringTuple, (index, fmt))
                return 0
        return super().write_string(*args, **kwargs)

    def write_blank(self, *args, **kwargs):
        if not kwargs and len(args) == 4 and args[3] is not None and self._fast_cell(args[0], args[1]):
            cell = self._blanks.get(args[3])
            if cell is None:
                cell = self._blanks[args[3]] = CellBlankTuple(args[3])
            self.table[args[0]][args[1]] = cell
            return 0
        return super().write_blank(*args, **kwargs)

    def set_row(self, *args, **kwargs):
        # The usual call, set_row(row, height): what set_row_pixels stores for it, without the option
        # handling (no format, not hidden, outline level 0: the outline maximum stays as it is).
        if not kwargs and len(args) == 2 and type(args[1]) in (int, float):
            row, height = args
            px = int(height * 4.0 / 3.0 + 0.5)
            ws: Any = self
            if px > 0 and self._fast_cell(row, 0 if ws.dim_colmin is None else ws.dim_colmin):
                self.row_info[row] = RowInfo(height=px, row_format=None, hidden=False, level=0, collapsed=False)
                ws.row_sizes[row] = [px, False]
                return 0
        return super().set_row(*args, **kwargs)

    def _calculate_spans(self) -> None:
        if self.comments:
            super()._calculate_spans()
            return
        spans = {}
        table = self.table
        lo: Any = None
        hi: Any = None
        cmin, cmax, last = self.dim_colmin, self.dim_colmax, self.dim_rowmax
        for row_num in range(self.dim_rowmin, last + 1):
            if row_num in table:
                for col_num in table[row_num]:
                    if cmin <= col_num <= cmax:
                        if lo is None:
                            lo = hi = col_num
                        elif col_num < lo:
                            lo = col_num
                        elif col_num > hi:
                            hi = col_num
            if (row_num + 1) % 16 == 0 or row_num == last:
                if lo is not None:
                    spans[row_num // 16] = f"{lo + 1}:{hi + 1}"
                    lo = None
        self.row_spans = spans

    def _row_tag(self, row: int, span: str | None, info) -> str:
        """``_write_row``'s ``<row …>`` (Excel 2007 mode), as one string."""
        if info:
            height, row_format, hidden, level, collapsed = (info.height, info.row_format, info.hidden,
                                                           info.level, info.collapsed)
        else:
            height, row_format, hidden, level, collapsed = None, None, 0, 0, 0
        if height is None:
            height = self.default_row_height
        tag = f'<row r="{row + 1}"'
        if span:
            tag += f' spans="{span}"'
        if row_format:
            xf_index = row_format._get_xf_index()
            if xf_index:
                tag += f' s="{xf_index}"'
            tag += ' customFormat="1"'
        custom = height != self.original_row_height or height != self.default_row_height
        if custom:
            tag += f' ht="{height * 0.75:.16g}"'
        if hidden:
            tag += ' hidden="1"'
        if custom:
            tag += ' customHeight="1"'
        if level:
            tag += f' outlineLevel="{level}"'
        if collapsed:
            tag += ' collapsed="1"'
        return tag

    def _write_rows(self) -> None:
        if self.comments or self.excel_version == 2010 or self.constant_memory:
            super()._write_rows()
            return
        self._calculate_spans()
        table, row_info, row_spans = self.table, self.row_info, self.row_spans
        cmin, cmax = self.dim_colmin, self.dim_colmax
        write = self.fh.write
        col_info = self.col_info
        names = [_col(c) for c in range(cmax + 1)]
        styles: dict[Any, str] = {}  # a format's ' s="…"' (its index is fixed by now)
        blank, number, string = CellBlankTuple, CellNumberTuple, CellStringTuple
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            info = row_info.get(row_num)
            cells = table[row_num]  # (xlsxwriter's loop makes the entry too)
            if info is None and not cells:
                continue
            tag = self._row_tag(row_num, row_spans.get(row_num // 16), info)
            if not cells:
                write(tag + "/>")
                continue
            n = str(row_num + 1)
            row_style = None  # the row's format, for cells without their own
            if info is not None and info.row_format:
                row_style = f' s="{info.row_format._get_xf_index()}"'
            out = [tag, ">"]
            for col_num in sorted(cells):
                if col_num < cmin or col_num > cmax:
                    continue
                cell = cells[col_num]
                kind = type(cell)
                if kind is not blank and kind is not string and kind is not number:
                    write("".join(out))
                    out.clear()
                    self._write_cell(row_num, col_num, cell)
                    continue
                fmt = cell.format
                if fmt:
                    style = styles.get(fmt)
                    if style is None:
                        style = styles[fmt] = f' s="{fmt._get_xf_index()}"'
                elif row_style is not None:
                    style = row_style
                else:
                    column = col_info.get(col_num)
                    style = (f' s="{column.column_format._get_xf_index()}"'
                             if column is not None and column.column_format is not None else "")
                if kind is blank:
                    out.append(f'<c r="{names[col_num]}{n}"{style}/>')
                elif kind is string:
                    out.append(f'<c r="{names[col_num]}{n}"{style} t="s"><v>{cell.string}</v></c>')
                else:
                    out.append(f'<c r="{names[col_num]}{n}"{style}><v>{cell.number:.16G}</v></c>')
            out.append("</row>")
            write("".join(out))

    def _write_cell(self, row: int, col: int, cell) -> None:
        kind = type(cell)
        if kind is not CellBlankTuple and kind is not CellNumberTuple and (
                kind is not CellStringTuple or self.constant_memory):
            super()._write_cell(row, col, cell)
            return
        fmt = cell.format
        if fmt:
            style = f' s="{fmt._get_xf_index()}"'
        else:  # the row's format, else the column's, as xlsxwriter does
            info = self.row_info.get(row)
            if info is not None and info.row_format:
                style = f' s="{info.row_format._get_xf_index()}"'
            else:
                column = self.col_info.get(col)
                style = (f' s="{column.column_format._get_xf_index()}"'
                         if column is not None and column.column_format is not None else "")
        ref = xl_rowcol_to_cell_fast(row, col)
        if kind is CellBlankTuple:
            self.fh.write(f'<c r="{ref}"{style}/>')
        elif kind is CellStringTuple:
            self.fh.write(f'<c r="{ref}"{style} t="s"><v>{cell.string}</v></c>')
        else:
            self.fh.write(f'<c r="{ref}"{style}><v>{cell.number:.16G}</v></c>')

    copy_chunk = 1 << 20  # bytes (a test makes it tiny, so that chunks end everywhere)
    deferred_rows: dict[str, list[str]] | None = None  # set by FastWorkbook while it stores the workbook

    def append_rows(self, path: str) -> None:
        """Rows written elsewhere (another process: the every-answer sheet's) go into this sheet after
        its own: a file of row XML as a constant_memory sheet's rows file holds it, its rows below this
        sheet's last one, whose dimensions and ``previous_row`` the caller has set. The file becomes the
        sheet's: removed once copied (or by ``FastWorkbook`` if the workbook is never stored)."""
        self.appended_rows.append(path)

    def _write_optimized_sheet_data(self) -> None:
        """constant_memory: the rows, kept in a temporary file (and any ``append_rows``), copied into the
        sheet's XML as bytes (``rows_bytes``); xlsxwriter reads them back as text (decoding and encoding
        again every byte: ~100 MB for the every-answer sheet at 1,000 agencies). Rows of ``LARGE_PART``
        bytes or more are not copied at all: the part gets ``ROWS_MARK`` in their place, and the zip file
        reads them from their own files when it deflates the part (``deferred_rows``: the part's file →
        the rows')."""
        fh = self.fh
        if self.dim_rowmin is None or os.linesep != "\n" or not hasattr(fh, "buffer"):
            if self.appended_rows:
                raise RuntimeError(f"rows appended to sheet {self.name!r} cannot be copied here")
            super()._write_optimized_sheet_data()  # (no rows; or a system whose text files translate newlines)
            return
        self._xml_start_tag("sheetData")
        self.row_data_fh.flush()
        self.row_data_fh.close()
        files = [self.row_data_filename, *self.appended_rows]
        self.appended_rows.clear()
        name = getattr(fh, "name", None)
        if (self.deferred_rows is not None and isinstance(name, str)
                and sum(os.path.getsize(f) for f in files) >= LARGE_PART):
            fh.write(ROWS_MARK.decode())
            self.deferred_rows[name] = files
        else:
            fh.flush()
            try:
                for f in files:
                    for chunk in rows_bytes(f, self.copy_chunk):
                        fh.buffer.write(chunk)
            finally:
                remove_files(files)
        self._xml_end_tag("sheetData")


# Where a large part's rows go (an XML comment: xlsxwriter writes no "<" of its own in a text)
ROWS_MARK = b"<!--ctrxl: the rows-->"


def rows_bytes(path: str, chunk: int) -> Iterator[bytes]:
    """A constant_memory rows file's bytes as xlsxwriter's text copy gives them: reading text turns
    "\r\n" and a lone "\r" into "\n", which is done here on the bytes, whichever chunk a "\r" ends."""
    with open(path, "rb") as rows:
        carry = b""
        while data := rows.read(chunk):
            data, carry = carry + data, b""
            if data.endswith(b"\r"):  # its "\n" may start the next chunk
                data, carry = data[:-1], b"\r"
            if b"\r" in data:
                data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            yield data
        if carry:
            yield b"\n"


# FastWorksheet's own methods (not whatever the class attribute is at the time: see write_cells)
_FAST_STRING = FastWorksheet.__dict__["write_string"]
_FAST_BLANK = FastWorksheet.__dict__["write_blank"]


def write_cells(ws: Worksheet, row: int, cells: list[tuple[int, str | None, Any]]) -> None:
    """Write one row's cells, ``(column, text, format)`` in column order, a text with ``write_string``
    and None as a formatted blank with ``write_blank`` — in one step on a ``FastWorksheet``: the
    same cell tuples, shared strings in the same order and the same dimensions as those calls, one
    by one (``tests/test_xlsxout.py``). Any other sheet (or one whose write methods were replaced,
    as the benchmark's recorder does) gets the calls themselves."""
    cls: Any = type(ws)
    sheet: Any = ws
    if (cls.write_string is not _FAST_STRING or cls.write_blank is not _FAST_BLANK
            or sheet.constant_memory or type(row) is not int or not 0 <= row < sheet.xls_rowmax):
        for col, text, fmt in cells:
            if text is None:
                ws.write_blank(row, col, None, fmt)
            else:
                ws.write_string(row, col, text, fmt)
        return
    line = sheet.table[row]
    index = sheet.str_table._get_shared_string_index
    half, colmax = sheet.xls_strmax // 2, sheet.xls_colmax
    blanks = sheet._blanks  # one (immutable) blank cell tuple per format, shared by its cells
    lo, hi = colmax, -1
    for col, text, fmt in cells:
        if type(col) is not int or not 0 <= col < colmax:
            pass  # xlsxwriter's own way, below: its checks, its results
        elif text is None:
            if fmt is not None:
                cell = blanks.get(fmt)
                if cell is None:
                    cell = blanks[fmt] = CellBlankTuple(fmt)
                line[col] = cell
                if col < lo:
                    lo = col
                if col > hi:
                    hi = col
                continue
        elif type(text) is str and len(text) <= half:
            line[col] = _new_tuple(CellStringTuple, (index(text), fmt))  # CellStringTuple(index, fmt)
            if col < lo:
                lo = col
            if col > hi:
                hi = col
            continue
        if text is None:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_string(row, col, text, fmt)
    if hi >= 0:
        if sheet.dim_rowmin is None or row < sheet.dim_rowmin:
            sheet.dim_rowmin = row
        if sheet.dim_rowmax is None or row > sheet.dim_rowmax:
            sheet.dim_rowmax = row
        if sheet.dim_colmin is None or lo < sheet.dim_colmin:
            sheet.dim_colmin = lo
        if sheet.dim_colmax is None or hi > sheet.dim_colmax:
            sheet.dim_colmax = hi


class _FastSharedStrings(SharedStrings):
    """``sharedStrings.xml`` with each ``<si>`` element remembered per process (a pure function of
    the string: the same programme texts are in every agency's workbook)."""

    def _write_sst_strings(self) -> None:
        sst: Any = self  # (xlsxwriter's attributes are untyped)
        write = sst.fh.write
        for string in self.string_table.string_array:
            xml = _SI.get(string)
            if xml is None:
                fh = sst.fh
                sst.fh = buf = _Buffer()
                try:
                    self._write_si(string)
                finally:
                    sst.fh = fh
                xml = "".join(buf)
                _SI.keep(string, string, xml)
            write(xml)


class _Buffer(list):
    def write(self, text: str) -> None:
        self.append(text)


class _FastPackager(Packager):
    def _write_shared_strings_file(self) -> None:
        # xlsxwriter's own method, with the shared-strings writer above.
        if not self.workbook.str_table.count:
            return
        sst = _FastSharedStrings()
        sst.string_table = self.workbook.str_table
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


LARGE_PART = 8 << 20  # bytes of XML from which a part is deflated at LARGE_PART_LEVEL, on threads
LARGE_PART_LEVEL = 5
LARGE_PART_CHUNK = 1 << 20  # what one thread deflates at a time
_WINDOW = 32 << 10  # deflate's reach back: the bytes a chunk is primed with


def deflate_threads() -> int:
    """Threads a large part is deflated on: the processors this process may use, at most 4 (1: no threads)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(4, cpus))


def _deflate_chunk(data: bytes, before: bytes, level: int, last: bool) -> bytes:
    c = (zlib.compressobj(level, zlib.DEFLATED, -15, zdict=before) if before
         else zlib.compressobj(level, zlib.DEFLATED, -15))
    return c.compress(data) + c.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


class ParallelDeflate:
    """One raw deflate stream of a part, its chunks deflated side by side on ``pool``'s threads (zlib lets
    go of the GIL while it deflates), as pigz does: each chunk primed with the 32 KiB before it (so its
    matches reach back as one stream's would), each but the last ended by a sync flush (byte-aligned, not
    final), the last one finished; their concatenation is one valid stream, ~0.1 % larger than one
    compressor's. ``compress(data)`` and ``flush()``, as zipfile's writer calls its compressor; the
    output comes back in order, at most two chunks a thread in flight."""

    def __init__(self, level: int, pool: ThreadPoolExecutor, threads: int, chunk: int = LARGE_PART_CHUNK) -> None:
        self.level, self.pool, self.chunk, self.ahead = level, pool, chunk, 2 * threads
        self.buf = bytearray()
        self.before = b""
        self.pending: deque[Future[bytes]] = deque()

    def _submit(self, data: bytes, last: bool) -> None:
        self.pending.append(self.pool.submit(_deflate_chunk, data, self.before, self.level, last))
        self.before = data[-_WINDOW:]

    def compress(self, data: bytes) -> bytes:
        self.buf += data
        while len(self.buf) >= self.chunk:
            self._submit(bytes(self.buf[:self.chunk]), False)
            del self.buf[:self.chunk]
        out = []
        while self.pending and (len(self.pending) > self.ahead or self.pending[0].done()):
            out.append(self.pending.popleft().result())
        return b"".join(out)

    def flush(self) -> bytes:
        self._submit(bytes(self.buf), True)
        self.buf.clear()
        out = b"".join(f.result() for f in self.pending)
        self.pending.clear()
        return out


class _LargePartsZipFile(zipfile.ZipFile):
    """xlsxwriter's zip file, but a large part (the every-answer sheet: ~95 MB of XML at 1,000 agencies)
    deflated at level 5 instead of zlib's default 6 (measured on that sheet: half the time, 0.62 against
    1.28 s, for 0.2 % more bytes, 8.19 against 8.17 MB), on ``deflate_threads()`` threads
    (``ParallelDeflate``), its rows read from their own file where the part has ``ROWS_MARK``
    (``deferred_rows``). Smaller parts, all a generated workbook has, keep xlsxwriter's level and bytes."""

    def __init__(self, *args: Any, deferred_rows: dict[str, list[str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deferred_rows = {} if deferred_rows is None else deferred_rows

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        rows = self.deferred_rows.pop(os.fspath(filename), None)
        deflated = (self.compression if compress_type is None else compress_type) == zipfile.ZIP_DEFLATED
        if rows is None:
            size = os.path.getsize(filename)
            if compresslevel is not None or size < LARGE_PART or not deflated:
                return super().write(filename, arcname, compress_type, compresslevel)
            blocks: Iterator[bytes] = _blocks(filename, LARGE_PART_CHUNK)
        else:
            try:
                with open(filename, "rb") as fh:
                    head, tail = fh.read().split(ROWS_MARK)
                # (at most: a "\r\n" becomes "\n")
                size = len(head) + sum(os.path.getsize(f) for f in rows) + len(tail)
            except BaseException:
                remove_files(rows)
                raise
            chunk = FastWorksheet.copy_chunk
            blocks = itertools.chain([head], *(rows_bytes(f, chunk) for f in rows), [tail])
        try:
            # ZipFile.write's own steps for a file, the part's bytes given in blocks, the writer's compressor
            # swapped for the threaded one: its header, CRC, sizes and zip64 stay zipfile's (a zipfile
            # without that attribute deflates the part itself, at the level set here)
            zinfo = zipfile.ZipInfo.from_file(filename, arcname,
                                              strict_timestamps=getattr(self, "_strict_timestamps", True))
            zinfo.compress_type = self.compression if compress_type is None else compress_type
            zinfo._compresslevel = LARGE_PART_LEVEL if compresslevel is None else compresslevel  # type: ignore[attr-defined]
            zinfo.file_size = size
            threads = deflate_threads() if deflated else 1
            with ThreadPoolExecutor(threads) as pool, self.open(zinfo, "w") as dest:
                if threads > 1:
                    dest._compressor = ParallelDeflate(  # type: ignore[attr-defined]
                        zinfo._compresslevel, pool, threads)  # type: ignore[attr-defined]
                for block in blocks:
                    dest.write(block)
        finally:
            if rows is not None:
                remove_files(rows)
        return None


def remove_files(files: list[str]) -> None:
    """Remove these files, those already gone too."""
    for f in files:
        with suppress(FileNotFoundError):
            os.unlink(f)


def _blocks(path: str, size: int) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while block := fh.read(size):
            yield block


class FastWorkbook(xlsxwriter.Workbook):
    """A workbook whose sheets are ``FastWorksheet`` and whose shared strings are written through
    ``_FastSharedStrings``: xlsxwriter's bytes, fewer steps; a part of ``LARGE_PART`` bytes or more is
    deflated a little faster, on threads (``_LargePartsZipFile``)."""

    def __init__(self, filename: Any = None, options: dict[str, Any] | None = None) -> None:
        super().__init__(filename, options)
        self.worksheet_class = FastWorksheet

    def _get_packager(self):
        return _FastPackager()

    def _store_workbook(self) -> None:
        # xlsxwriter's own, with its ZipFile (a name of its module, looked up when the file is made)
        # the subclass above for the time of the call.
        import xlsxwriter.workbook as module

        plain = module.ZipFile
        deferred: dict[str, list[str]] = {}  # a large sheet part's file → its rows' (FastWorksheet)
        for ws in self.worksheets():
            ws.deferred_rows = deferred
        module.ZipFile = functools.partial(_LargePartsZipFile, deferred_rows=deferred)
        try:
            super()._store_workbook()
        finally:
            module.ZipFile = plain
            for rows in deferred.values():  # (the zip file failed before it took them)
                remove_files(rows)
            for ws in self.worksheets():  # (a sheet never assembled: the rows appended to it)
                if isinstance(ws, FastWorksheet):
                    remove_files(ws.appended_rows)


@contextmanager
def atomic_workbook(path: Path, **options: Any) -> Iterator[xlsxwriter.Workbook]:
    """An xlsxwriter workbook written to a temporary file beside ``path``, renamed into place on
    success; on any error the temporary file is removed and ``path`` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ctrxl-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb = FastWorkbook(tmp, {**TEXT_SAFE, **options})  # same bytes, fewer steps
        yield wb
        wb.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
