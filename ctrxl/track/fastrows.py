"""Write many plain rows into a constant_memory xlsxwriter sheet, fast, with the same bytes.

The every-answer sheet of the consolidated workbook has ~270 rows per agency (271k rows ×
8 cells at 1,000 agencies). Through ``write_string`` each cell costs a call wrapper, a
dimension check, a cell tuple, and at the row flush an attribute list, three regex
escapes and an f-string: ~75 % of ``consolidate``. Here each row is one string join,
and the XML of a repeated text (agency, part, field, file, sheet) is built once.

The XML is exactly what xlsxwriter writes for the same ``write_string`` /
``write_number`` / ``write_blank`` calls in constant_memory mode (inline strings);
``tests/test_fastrows.py`` compares the sheet bytes of both ways on awkward values
(control characters, ``_x0000_``, spaces, ``&<>``, rich-looking text, numbers,
blanks, row heights), so an xlsxwriter change that breaks the equivalence fails there.
It uses xlsxwriter's row-tag writer and a few worksheet attributes (``fh``,
``previous_row``, ``table``, dimensions), and falls back to the ordinary calls when the
sheet is not in constant_memory mode or a text exceeds the half of Excel's cell limit.
A row past the sheet's last row (``ws.xls_rowmax``) is never dropped: it raises ``SheetFull``
(the caller splits its rows over several sheets before that).
"""
from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import RowInfo
from xlsxwriter.xmlwriter import XMLwriter, re_control_chars_1, re_control_chars_2, xml_escapes

_ws_lead = re.compile(r"^\s")
_ws_trail = re.compile(r"\s$")


class SheetFull(ValueError):
    """A cell xlsxwriter would refuse (past the sheet's last row or column): raised, never dropped."""


def _full(ws, r: int) -> SheetFull:
    return SheetFull(f"row {r + 1} is past the last row ({ws.xls_rowmax}) of sheet {ws.name!r}")


def _text_xml(text: str) -> str:
    """The part of an inline-string cell after ``<c r=".." s=".."``."""
    if re_control_chars_1.search(text) or re_control_chars_2.search(text) or "\ufffe" in text or "\uffff" in text:
        text = XMLwriter._escape_control_characters(text)
    if text.startswith("<r>") and text.endswith("</r>"):
        return f' t="inlineStr"><is>{text}</is></c>'
    preserve = ' xml:space="preserve"' if (_ws_lead.search(text) or _ws_trail.search(text)) else ""
    if xml_escapes.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{preserve}>{text}</t></is></c>'


RowSpec = float | tuple[float | None, dict[str, Any]]


def _set_row(ws, r: int, spec: RowSpec) -> None:
    if isinstance(spec, tuple):
        ws.set_row(r, spec[0], None, spec[1])
    else:
        ws.set_row(r, spec)


def write_rows(ws, first_row: int, rows: Iterable[Sequence[Any]], fmt, cell: Callable[..., None],
               heights: dict[int, RowSpec] | None = None, styled: bool = False) -> int:
    """Write ``rows`` from ``first_row`` (0-based), every cell with ``fmt``, each value as
    ``cell(ws, r, c, value, fmt)`` writes it (None → formatted blank, bool → Có/Không, a number,
    else text); ``heights`` maps a row to its ``set_row`` height, or to ``(height, options)`` (an outline
    level, hidden, collapsed). With ``styled`` each cell of a row is a ``(value, format)`` pair (``fmt``
    unused), as ``cell(ws, r, c, value, format)`` writes it. Returns the next free row."""
    heights = {} if heights is None else heights  # may be filled while the rows are generated
    r = first_row
    if not ws.constant_memory:
        for r, row in enumerate(rows, first_row):
            if r >= ws.xls_rowmax:
                raise _full(ws, r)
            if r in heights:
                _set_row(ws, r, heights[r])
            for c, v in enumerate(row):
                if styled:
                    cell(ws, r, c, v[0], v[1])
                else:
                    cell(ws, r, c, v, fmt)
        return r + 1 if r >= first_row else first_row
    styles: dict[Any, tuple[str, str]] = {}  # format → (' s="n"', ' s="n"/>')

    def style(f) -> tuple[str, str]:
        got = styles.get(f)
        if got is None:
            got = styles[f] = (f' s="{f._get_xf_index()}"', f' s="{f._get_xf_index()}"/>')
        return got

    s, blank = ("", "") if styled else style(fmt)
    cache: dict[str, str] = {}
    cols: list[str] = []
    limit = ws.xls_strmax // 2
    width, last, full = 0, None, False
    # The <row> tag xlsxwriter's _write_row writes, as one string: ``FastWorksheet._row_tag`` (any height,
    # format, outline or collapse). In Excel 2010 mode, on another worksheet class, and for a row whose
    # options are set here, xlsxwriter's _write_row writes it itself.
    row_tag = getattr(ws, "_row_tag", None) if ws.excel_version != 2010 else None
    row_info = ws.row_info
    out: list[str] = []  # rows joined, written to the sheet's file in batches

    def flush() -> None:
        if out:
            ws.fh.write("".join(out))
            out.clear()

    if r > ws.previous_row:
        ws._write_single_row(r)  # whatever is pending above (the header row) goes out first
    for row in rows:
        if r >= ws.xls_rowmax:  # xlsxwriter would refuse it: never dropped (raised once the sheet is consistent)
            full = True
            break
        while len(cols) < len(row):
            cols.append(xl_col_to_name(len(cols)))
        ws.previous_row = r
        n = str(r + 1)
        parts = []
        slow = not row or len(row) > ws.xls_colmax
        for c, v in enumerate(row):
            if styled:
                v, f = v
                if f is None:  # the row's or the column's format, or no cell at all: xlsxwriter's way
                    slow = True
                    break
                s, blank = styles.get(f) or style(f)
            if type(v) is str:  # the usual cell first (the others below, as _cell tells them apart)
                x = cache.get(v)
                if x is None:
                    if len(v) > limit:
                        slow = True  # a text xlsxwriter truncates
                        break
                    x = _text_xml(v)
                    if len(cache) < 200_000:
                        cache[v] = x
                parts.append(f'<c r="{cols[c]}{n}"{s}{x}')
            elif v is None:
                parts.append(f'<c r="{cols[c]}{n}"{blank}')
            elif isinstance(v, bool):
                parts.append(f'<c r="{cols[c]}{n}"{s}{_text_xml("Có" if v else "Không")}')
            elif isinstance(v, (int, float)):
                if isinstance(v, float) and not math.isfinite(v):
                    slow = True  # a number xlsxwriter refuses
                    break
                parts.append(f'<c r="{cols[c]}{n}"{s}><v>{v:.16G}</v></c>')
            else:
                v = str(v)
                x = cache.get(v)
                if x is None:
                    if len(v) > limit:
                        slow = True
                        break
                    x = _text_xml(v)
                    if len(cache) < 200_000:
                        cache[v] = x
                parts.append(f'<c r="{cols[c]}{n}"{s}{x}')
        if slow:  # the ordinary way, flushed at once: nothing stays pending
            flush()
            spec = heights.pop(r, None)
            if spec is not None:
                _set_row(ws, r, spec)
            for c, v in enumerate(row):
                if styled:
                    cell(ws, r, c, v[0], v[1])
                else:
                    cell(ws, r, c, v, fmt)
            ws._write_single_row(r + 1)
            r += 1
            continue
        height = heights.pop(r, None)  # (done with: a table's heights are not all held)
        tag = None
        if row_tag is not None and not isinstance(height, tuple):
            if height is None:
                tag = row_tag(r, None, row_info.get(r)) + ">"
            else:
                px = int(height * 4.0 / 3.0 + 0.5)  # set_row's pixels
                if px > 0:  # (0 hides the row: set_row's own way)
                    info = row_info[r] = RowInfo(height=px, row_format=None, hidden=False, level=0, collapsed=False)
                    ws.row_sizes[r] = [px, False]
                    tag = row_tag(r, None, info) + ">"
        if tag is None:
            flush()
            if height is not None:
                _set_row(ws, r, height)
            ws._write_row(r, None, row_info.get(r))
            tag = ""
        parts.append("</row>")
        out.append(tag + "".join(parts))
        if len(out) >= 512:
            flush()
        width = max(width, len(row))
        if last is None:
            ws.dim_rowmin = r if ws.dim_rowmin is None else min(ws.dim_rowmin, r)
        last = r
        r += 1
    flush()
    ws.previous_row = max(ws.previous_row, r)  # every row above is written: none pending, none re-flushed
    if last is not None:
        ws.dim_rowmax = last if ws.dim_rowmax is None else max(ws.dim_rowmax, last)
        ws.dim_colmin = 0
        ws.dim_colmax = width - 1 if ws.dim_colmax is None else max(ws.dim_colmax, width - 1)
    if full:
        raise _full(ws, r)
    return r


def _shared_pieces(ws, col: int, texts: Sequence[str | None], s: str, blank: str,
                   ends: Sequence[str]) -> tuple[list[str], int] | None:
    """The cells of ``texts`` from column ``col`` as shared strings, each as its piece of the row (what
    follows its row number: the rest of the cell and ``ends[c]``, the next cell's start or the row's end),
    and how many shared strings they use; None when a text must go the ordinary way (longer than half of
    Excel's cell limit, or xlsxwriter's rich-text form)."""
    sst = ws.str_table
    pieces = []
    used = 0
    for c, text in enumerate(texts, col):
        if text is None:
            pieces.append(f'"{blank}{ends[c]}')
            continue
        if len(text) > ws.xls_strmax // 2 or (text.startswith("<r>") and text.endswith("</r>")):
            return None
        index = sst.string_table.get(text)
        if index is None:
            index = sst.string_table[text] = sst.unique_count
            sst.unique_count += 1
        pieces.append(f'"{s} t="s"><v>{index}</v></c>{ends[c]}')
        used += 1
    return pieces, used


_MISSING: Any = object()


def flat_row(groups: Sequence[int], row: Sequence[Any]) -> list[Any]:
    """A ``write_grouped_rows`` row as the cells ``write_rows`` takes (a None group: that many blanks)."""
    return [v for g, item in zip(groups, row, strict=True) for v in ((item,) if g == 0 else (item or (None,) * g))]


def write_grouped_rows(ws, first_row: int, rows: Iterable[Sequence[Any]], groups: Sequence[int], fmt,
                       cell: Callable[..., None], heights: dict[int, RowSpec] | None = None) -> int:
    """Rows of a long table whose texts repeat (the every-answer sheet: agency, part, field, file, sheet,
    cell), every cell with ``fmt``, into a constant_memory sheet. Each row is one item per group: for
    ``groups[i] = k > 0`` a tuple of k texts (or None: a blank), written in k columns as *shared*
    strings — the workbook's string table, as xlsxwriter writes strings outside constant_memory; their
    XML is built once per tuple, and a row is one join of such pieces around its number —; for
    ``groups[i] == 0`` one value written as ``write_rows`` writes it (inline text, number, blank,
    Có/Không). A reader sees
    the same cells as ``write_rows`` would give (``tests/test_fastrows.py`` reads both back), in a
    part ~40 % smaller. A row with a text xlsxwriter must handle itself (too long, rich-text form,
    not finite) goes through ``cell(ws, r, c, value, fmt)`` (the texts of its groups before the one
    that sent it there stay in the string table, unused); a row past the sheet's last raises
    ``SheetFull``. A row's height goes into its tag and nowhere else: not into ``row_info`` /
    ``row_sizes``, which only an image or a chart placed on the sheet later would read (~0.4 KB a
    tall row: 860,000 of them, ~400 MB, on the every-answer sheet at 10,000 agencies). Returns the next
    free row."""
    heights = {} if heights is None else heights
    if not ws.constant_memory or ws.excel_version == 2010 or not hasattr(ws, "_row_tag"):
        return write_rows(ws, first_row, (flat_row(groups, row) for row in rows), fmt, cell, heights)
    s = f' s="{fmt._get_xf_index()}"'
    blank = f'{s}/>'
    starts = list(itertools.accumulate([max(g, 1) for g in groups], initial=0))[:-1]
    width = starts[-1] + max(groups[-1], 1)
    # A row is n.join(pieces), n its number: '<row r="', the rest of its tag and the first cell's start, then
    # each cell's piece, what follows its row number: the rest of it and the next cell's start (or the
    # row's end). A group's pieces are worked out once per tuple of texts, a value's once per text.
    ends = [f'<c r="{xl_col_to_name(c + 1)}' if c + 1 < width else "</row>" for c in range(width)]
    plan: list[tuple[int, int, dict[Any, Any]]] = [(g, col, {}) for g, col in zip(groups, starts, strict=True)]
    limit = ws.xls_strmax // 2
    row_tag, row_info = ws._row_tag, ws.row_info

    def head(r: int, info) -> str:  # the rest of row r's tag, after its number, and the first cell's start
        return f'{row_tag(r, None, info)[len(str(r + 1)) + 8:]}><c r="A'

    plain = head(0, None)
    heads: dict[int, str] = {}  # a height in pixels → its row's head
    sst = ws.str_table
    used = 0
    out: list[str] = []
    r = first_row
    if r > ws.previous_row:
        ws._write_single_row(r)  # the header row above goes out first
    last = None
    for row in rows:
        if r >= ws.xls_rowmax:
            if out:
                ws.fh.write("".join(out))
            sst.count += used
            raise _full(ws, r)
        parts = ['<row r="', plain]
        slow = False
        uses = 0
        for (g, col, cache), item in zip(plan, row, strict=True):
            if g:
                if item is None:
                    item = (None,) * g
                run = cache.get(item, _MISSING)
                if run is _MISSING:
                    run = _shared_pieces(ws, col, item, s, blank, ends)
                    if len(cache) < 100_000:
                        cache[item] = run
                if run is None:
                    slow = True
                    break
                parts += run[0]
                uses += run[1]
                continue
            x = cache.get(item) if type(item) is str else None
            if x is None:
                if type(item) is str:
                    if len(item) > limit:
                        slow = True
                        break
                    x = f'"{s}{_text_xml(item)}{ends[col]}'
                    if len(cache) < 200_000:
                        cache[item] = x
                elif item is None:
                    x = f'"{blank}{ends[col]}'
                else:
                    other = _other_xml(item, limit)
                    if other is None:
                        slow = True
                        break
                    x = f'"{s}{other}{ends[col]}'
            parts.append(x)
        if slow:
            if out:
                ws.fh.write("".join(out))
                out.clear()
            ws.previous_row = r
            r = write_rows(ws, r, [flat_row(groups, row)], fmt, cell, heights)
            last = r - 1
            continue
        height = heights.pop(r, None)
        if height is None:
            info = row_info.get(r)
            if info is not None:
                parts[1] = head(r, info)
        else:  # set_row's own bookkeeping, as write_rows does
            px = int(height * 4.0 / 3.0 + 0.5) if not isinstance(height, tuple) else -1
            if px > 0:  # (in the row's tag only: see the docstring)
                got = heads.get(px)
                if got is None:
                    got = heads[px] = head(r, RowInfo(height=px, row_format=None, hidden=False, level=0,
                                                      collapsed=False))
                parts[1] = got
            else:  # an outline level, hidden, no height: set_row itself, the row above written first
                if out:
                    ws.fh.write("".join(out))
                    out.clear()
                ws.previous_row = r
                _set_row(ws, r, height)
                parts[1] = head(r, row_info.get(r))
        used += uses
        out.append(str(r + 1).join(parts))
        if len(out) >= 512:
            ws.fh.write("".join(out))
            out.clear()
        last, r = r, r + 1
    if out:
        ws.fh.write("".join(out))
    sst.count += used
    ws.previous_row = max(ws.previous_row, r)
    if last is not None:
        ws.dim_rowmin = first_row if ws.dim_rowmin is None else min(ws.dim_rowmin, first_row)
        ws.dim_rowmax = last if ws.dim_rowmax is None else max(ws.dim_rowmax, last)
        ws.dim_colmin = 0 if ws.dim_colmin is None else min(ws.dim_colmin, 0)
        ws.dim_colmax = width - 1 if ws.dim_colmax is None else max(ws.dim_colmax, width - 1)
    return r


def _other_xml(v: Any, limit: int) -> str | None:
    """The rest of a cell after ``<c r=".." s=".."`` for a value not a str nor None, as ``_cell``
    writes it: Có/Không, a number; None when xlsxwriter must write it (not finite, too long)."""
    if isinstance(v, bool):
        return _text_xml("Có" if v else "Không")
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            return None
        return f'><v>{v:.16G}</v></c>'
    v = str(v)
    return None if len(v) > limit else _text_xml(v)
