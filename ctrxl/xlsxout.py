"""Writing an .xlsx safely: text stays text, and the file appears whole or not at all."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple, Worksheet

# xlsxwriter would otherwise turn "=…" into formulas, "http…" into links and "01" into 1:
# agency and programme text must come out exactly as it went in.
TEXT_SAFE = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


class FastWorksheet(Worksheet):
    """A worksheet whose innermost loop, writing the XML of a cell, is shorter for the three cells a
    generated workbook is made of — a blank with a format (the input cells), a shared string, a
    number — with the same bytes: ``<c r="A1" s="5"/>``, ``<c r="A1" s="5" t="s"><v>7</v></c>``,
    ``<c r="A1" s="5"><v>1</v></c>`` (the reference ``A1`` and the format index need no escaping;
    xlsxwriter escapes them and finds nothing). Every other cell, and inline strings
    (constant_memory), go through xlsxwriter's own ``_write_cell``; ``tests/test_xlsxout.py``
    compares the bytes of both."""

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

    def _write_optimized_sheet_data(self) -> None:
        """constant_memory: the rows, kept in a temporary file, copied into the sheet's XML as bytes.
        xlsxwriter reads them back as text (decoding and encoding again every byte: ~100 MB for the
        every-answer sheet at 1,000 agencies); reading text turns "\\r\\n" and a lone "\\r" into "\\n",
        which is done here on the bytes, so the part is the same."""
        fh = self.fh
        if self.dim_rowmin is None or os.linesep != "\n" or not hasattr(fh, "buffer"):
            super()._write_optimized_sheet_data()  # (no rows; or a system whose text files translate newlines)
            return
        self._xml_start_tag("sheetData")
        self.row_data_fh.flush()
        fh.flush()
        out = fh.buffer
        with open(self.row_data_filename, "rb") as rows:
            carry = b""
            while chunk := rows.read(self.copy_chunk):
                chunk, carry = carry + chunk, b""
                if chunk.endswith(b"\r"):  # its "\n" may start the next chunk
                    chunk, carry = chunk[:-1], b"\r"
                if b"\r" in chunk:
                    chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
                out.write(chunk)
            if carry:
                out.write(b"\n")
        self.row_data_fh.close()
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")


@contextmanager
def atomic_workbook(path: Path, **options: Any) -> Iterator[xlsxwriter.Workbook]:
    """An xlsxwriter workbook written to a temporary file beside ``path``, renamed into place on
    success; on any error the temporary file is removed and ``path`` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ctrxl-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, {**TEXT_SAFE, **options})
        wb.worksheet_class = FastWorksheet  # same bytes, fewer steps per cell
        yield wb
        wb.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
