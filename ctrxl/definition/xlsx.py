"""The Excel definition workbook: write a programme/registry document, read one back.

Layout (sheets, columns, lists) lives in ``xlsx_layout.py``; this module only
turns a document into cells and cells into a *raw* document. The caller runs
``normalise_document`` on what ``read_definition_xlsx`` returns, so the reader
stays forgiving: a value it cannot type (a date that is not a date) is kept as
the clerk's text, reported with its sheet, row and column, and left for the
validator. Nothing here raises for bad content.

Writing uses xlsxwriter because it gives byte-identical output for the same
document (fixed zip timestamps, fixed creation date) and never turns text that
starts with "=" into a formula when told so. Reading uses openpyxl: definition
workbooks are small, and openpyxl tells a date cell from a number cell.
"""
from __future__ import annotations

import datetime as dt
import os
import unicodedata
import warnings
import zipfile
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet as XlsxSheet

from ..problems import Location, Problem, Severity
from ..vn import is_percent_format, match_key, parse_date, parse_number
from . import xlsx_layout as L
from .document import normalise_document
from .source import SourceMap

__all__ = ["write_definition_xlsx", "read_definition_xlsx", "write_template", "TEMPLATE_NAME"]

TEMPLATE_NAME = L.TEMPLATE_NAME
# Fixed so that the same document always gives the same bytes.
_CREATED = dt.datetime(2025, 1, 1)
# Untrusted zips: refuse before inflating (a small xlsx can inflate to hundreds of MB).
_MAX_MEMBERS = 2000
_MAX_INFLATED = 200 * 1024 * 1024

# ================================================================ writing


def _date_value(value: Any) -> dt.datetime | None:
    try:
        day = parse_date(value)
    except (ValueError, TypeError, OverflowError):
        return None
    return dt.datetime(day.year, day.month, day.day) if day else None


def _get(record: dict[str, Any], dotted: str) -> Any:
    """A field of a record by dotted path; a plain-text deadline is its own ``text``."""
    head, _, rest = dotted.partition(".")
    value = record.get(head)
    if not rest:
        return value
    if isinstance(value, dict):
        return value.get(rest)
    return value if (head == "deadline" and rest == "text") else None


class _Writer:
    def __init__(self, path: Path, doc: dict[str, Any], review: list[tuple[str, str, str, str]] | None = None) -> None:
        self.doc = doc
        self.review = review
        self.wb = xlsxwriter.Workbook(str(path), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "default_format_properties": {"font_name": "Times New Roman", "font_size": 12},
        })
        self.wb.set_properties({
            "title": "Định nghĩa chương trình và danh bạ đơn vị", "author": "ctrxl",
            "created": _CREATED,
        })
        # Lets tools recognise the workbook without trusting its file name.
        self.wb.set_custom_property("ctrxl_workbook", "definition")
        f = self.wb.add_format
        self.header = f({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                         "valign": "vcenter", "align": "center"})
        self.cell = {
            L.Cell.TEXT: f({"num_format": "@", "text_wrap": True, "valign": "top"}),
            L.Cell.LIST: f({"num_format": "@", "text_wrap": True, "valign": "top"}),
            L.Cell.CHOICE: f({"num_format": "@", "valign": "top"}),
            L.Cell.DATE: f({"num_format": "dd/mm/yyyy", "valign": "top", "align": "left"}),
            L.Cell.NUMBER: f({"valign": "top"}),
            L.Cell.INT: f({"num_format": "0", "valign": "top"}),
            L.Cell.BOOL: f({"num_format": "@", "valign": "top", "align": "center"}),
        }
        self.field_name = f({"num_format": "@", "valign": "top", "font_color": "#404040", "text_wrap": True})
        self.note = f({"text_wrap": True, "valign": "top", "italic": True, "font_color": "#595959"})
        self.title = f({"bold": True, "font_size": 14})
        self.wrap = f({"text_wrap": True, "valign": "top"})

    def write(self) -> None:
        self._guide()
        if self.review is not None:
            self._review()
        self._programme()
        for sheet in L.RECORD_SHEETS:
            self._records(sheet, self._rows(sheet))
        self._lists()
        self.wb.close()

    # -- sheets

    def _guide(self) -> None:
        ws = self.wb.add_worksheet(L.GUIDE_SHEET)
        width = 92  # one A4 portrait page wide at 12 pt
        ws.set_column(0, 0, width, self.wrap)
        for row, line in enumerate(L.GUIDE_LINES):
            ws.write_string(row, 0, line, self.title if row == 0 else self.wrap)
            # Row heights are set, not left to the viewer: LibreOffice and the PDF export keep the
            # default height of a wrapped row, and the lines then print over each other.
            ws.set_row(row, 22 if row == 0 else _height((line, width)))
        _page(ws, landscape=False)
        ws.activate()

    def _review(self) -> None:
        """The import's uncertain decisions: where, the passage, what was decided, what to check."""
        ws = self.wb.add_worksheet(L.REVIEW_SHEET)
        for c, (header, width) in enumerate(L.REVIEW_COLUMNS):
            ws.set_column(c, c, width, self.wrap)
            ws.write_string(0, c, header, self.header)
        ws.set_row(0, 32)
        ws.freeze_panes(1, 0)
        for r, row in enumerate(self.review or [], start=1):
            for c, value in enumerate(row):
                if value:
                    ws.write_string(r, c, str(value), self.wrap)
            ws.set_row(r, _height(*((str(v or ""), w) for v, (_h, w) in zip(row, L.REVIEW_COLUMNS, strict=False))))
        _page(ws)
        ws.autofilter(0, 0, max(len(self.review or []), 1), len(L.REVIEW_COLUMNS) - 1)
        ws.activate()

    def _programme(self) -> None:
        sheet = L.PROGRAMME
        ws = self._sheet(sheet)
        prog = self.doc.get("programme") or {}
        implements = prog.get("implements") or [{}]
        rows: list[tuple[str, L.Cell, str, str, Any]] = []
        for key, cell, label, note in L.PROGRAMME_FIELDS:
            if not key.startswith("implements_"):
                rows.append((key, cell, label, note, prog.get(key)))
        for res in implements:  # one group of implements_* rows per implemented document
            res = res if isinstance(res, dict) else {"symbol": res}
            for key, cell, label, note in L.PROGRAMME_FIELDS:
                if key.startswith("implements_"):
                    rows.append((key, cell, label, note, res.get(key.removeprefix("implements_"))))
        key_col = len(sheet.columns) - 1
        for r, (key, cell, label, note, value) in enumerate(rows, start=1):
            ws.write_string(r, 0, label, self.field_name)
            self._value(ws, r, 1, cell, value)
            ws.write_string(r, 2, note, self.note)
            ws.write_string(r, key_col, key, self.field_name)
            ws.set_row(r, _height((label, sheet.columns[0].width), (str(value or ""), sheet.columns[1].width),
                                  (note, sheet.columns[2].width)))
        # The machine keys stay in the file for the reader, out of the clerk's way.
        ws.set_column(key_col, key_col, sheet.columns[key_col].width, self.field_name, {"hidden": True})
        self._finish(ws, sheet, len(rows))

    def _rows(self, sheet: L.Sheet) -> list[list[Any]]:
        if sheet.key in ("groups", "agencies"):  # then the rows still to confirm, marked "?"
            proposed = (self.doc.get(L.PROPOSED_KEY) or {}).get(sheet.key) or []
            return [[_get(rec, c.field) if isinstance(rec, dict) else None for c in sheet.columns]
                    for rec in self.doc.get(sheet.key) or []] + [
                [L.PROPOSED + str(rec.get("code") or "")] + [_get(rec, c.field) for c in sheet.columns[1:]]
                for rec in proposed if isinstance(rec, dict)]
        if sheet is L.SUCCESSIONS:
            rows = []
            for agency in self.doc.get("agencies") or []:
                for succ in (agency.get("successors") or []) if isinstance(agency, dict) else []:
                    rows.append([agency.get("code")] + [_get(succ, c.field) for c in sheet.columns[1:]])
            return rows
        return [[_get(rec, c.field) if isinstance(rec, dict) else None for c in sheet.columns]
                for rec in self.doc.get(sheet.key) or []]

    def _records(self, sheet: L.Sheet, rows: list[list[Any]]) -> None:
        ws = self._sheet(sheet)
        for r, values in enumerate(rows, start=1):
            for c, (col, value) in enumerate(zip(sheet.columns, values, strict=True)):
                self._value(ws, r, c, col.cell, value)
            shown = [("; ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v), col.width)
                     for col, v in zip(sheet.columns, values, strict=True)
                     if v not in (None, "", []) and col.cell in (L.Cell.TEXT, L.Cell.LIST)]
            if shown:  # the viewer keeps a wrapped row one line high otherwise (see _guide)
                ws.set_row(r, _height(*shown))
        self._finish(ws, sheet, len(rows))

    def _sheet(self, sheet: L.Sheet) -> XlsxSheet:
        ws = self.wb.add_worksheet(sheet.name)
        for c, col in enumerate(sheet.columns):
            # The column format makes what the clerk types later text too: a code "01" stays "01".
            ws.set_column(c, c, col.width, self.cell[col.cell])
            ws.write_string(0, c, col.header, self.header)
        ws.set_row(0, 32)
        ws.freeze_panes(1, 0)
        _page(ws)
        return ws

    def _finish(self, ws: XlsxSheet, sheet: L.Sheet, n_rows: int) -> None:
        ws.autofilter(0, 0, max(n_rows, 1), len(sheet.columns) - 1)
        last = max(L.VALIDATION_ROWS, n_rows + 200)
        for c, col in enumerate(sheet.columns):
            options = _validation(col)
            if options:
                ws.data_validation(1, c, last, c, options)

    def _value(self, ws: XlsxSheet, r: int, c: int, cell: L.Cell, value: Any) -> None:
        if value is None or value == "" or value == [] or value is False:
            return
        fmt = self.cell[cell]
        if cell == L.Cell.LIST and isinstance(value, (list, tuple)):
            ws.write_string(r, c, "; ".join(str(v) for v in value), fmt)
        elif cell == L.Cell.DATE and _date_value(value) is not None:
            ws.write_datetime(r, c, _date_value(value), fmt)
        elif cell in (L.Cell.NUMBER, L.Cell.INT) and isinstance(value, (int, float)) \
                and not isinstance(value, bool):
            ws.write_number(r, c, value, fmt)
        elif cell == L.Cell.BOOL and value is True:
            ws.write_string(r, c, "x", fmt)
        else:  # text, or a value the normaliser could not type: keep it as the clerk wrote it
            ws.write_string(r, c, str(value), fmt)

    # -- Danh mục

    def _lists(self) -> None:
        ws = self.wb.add_worksheet(L.LISTS_SHEET)
        q = _quote(L.LISTS_SHEET)
        col = 0
        for name, header, choices in L.FIXED_LISTS:
            ws.set_column(col, col + 1, 20)
            ws.write_string(0, col, header, self.header)
            ws.write_string(0, col + 1, "Ý nghĩa", self.header)
            for r, choice in enumerate(choices, start=1):
                ws.write_string(r, col, choice.code)
                ws.write_string(r, col + 1, choice.label)
            letter = xl_col_to_name(col)
            self.wb.define_name(name, f"={q}!${letter}$2:${letter}${len(choices) + 1}")
            col += 2
        for name, sheet, column in L.CODE_LISTS:
            ref = _quote(sheet.name)
            self.wb.define_name(
                name, f"=OFFSET({ref}!${column}$2,0,0,MAX(1,COUNTA({ref}!${column}:${column})-1),1)")
        self._mixed_list(ws, col)
        ws.hide()

    def _mixed_list(self, ws: XlsxSheet, col: int) -> None:
        """Group names then agency names in one column, for the Chủ trì/Phối hợp/… dropdowns."""
        groups = [g.get("name") for g in self.doc.get("groups") or [] if isinstance(g, dict)]
        agencies = [a.get("name") for a in self.doc.get("agencies") or [] if isinstance(a, dict)]
        names = [str(c) for c in groups + agencies if c]
        g_sheet, a_sheet, here = _quote(L.GROUPS.name), _quote(L.AGENCIES.name), _quote(L.LISTS_SHEET)
        letter = xl_col_to_name(col)
        n_g = xl_rowcol_to_cell(1, col + 1, True, True)
        n_a = xl_rowcol_to_cell(1, col + 2, True, True)
        ws.set_column(col, col + 2, 18)
        ws.write_string(0, col, "Tên nhóm và đơn vị", self.header)
        ws.write_string(0, col + 1, "Số nhóm", self.header)
        ws.write_string(0, col + 2, "Số đơn vị", self.header)
        # Cached results are the document's own names, so viewers that do not recalculate agree.
        ws.write_formula(1, col + 1, f"=COUNTA({g_sheet}!$B:$B)-1", None, len(groups))
        ws.write_formula(1, col + 2, f"=COUNTA({a_sheet}!$B:$B)-1", None, len(agencies))
        formula = (f'=IF(ROW()-1<={n_g},INDEX({g_sheet}!$B:$B,ROW())&"",'
                   f'IF(ROW()-1-{n_g}<={n_a},INDEX({a_sheet}!$B:$B,ROW()-{n_g})&"",""))')
        for r in range(1, max(L.MIXED_ROWS, len(names)) + 1):
            ws.write_formula(r, col, formula, None, names[r - 1] if r <= len(names) else "")
        self.wb.define_name(
            L.MIXED_LIST, f"=OFFSET({here}!${letter}$2,0,0,MAX(1,{here}!{n_g}+{here}!{n_a}),1)")


def _height(*cells: tuple[str, float]) -> float:
    """Points a row needs so that each (text, column width) fits wrapped: 12 pt Times New Roman
    takes about one width unit per character; at least one line."""
    lines = max([1] + [sum(max(1, -(-len(part) // max(1, int(width * 1.05)))) for part in text.split("\n"))
                       for text, width in cells if text])
    return 16.0 * lines + 2


def _page(ws: XlsxSheet, landscape: bool = True) -> None:
    """A4, one page wide, the header row on every page: a clerk prints these sheets to check them."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
        ws.repeat_rows(0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _validation(col: L.Column) -> dict[str, Any] | None:
    options: dict[str, Any] = {}
    if col.lookup:
        options = {"validate": "list", "source": "=" + col.lookup}
        if col.several:
            # Several codes in one cell ("BTCTU; UBKTTU") are not in the list: the list only helps.
            options["show_error"] = False
        else:
            options.update({
                "error_type": "warning",
                "error_title": "Giá trị không có trong danh sách",
                "error_message": "Giá trị này không có trong danh sách chọn. Vẫn giữ giá trị này?",
            })
    elif col.prompt:
        options = {"validate": "any"}
    if col.prompt:
        options["input_title"] = col.header[:32]
        options["input_message"] = col.prompt
    return options or None


def write_definition_xlsx(path: Path, programme: dict | None = None,
                          registry: dict | None = None,
                          review: list[tuple[str, str, str, str]] | None = None) -> None:
    """Write a definition workbook holding the programme and/or registry document.

    Either may be ``None``: its sheets are still written, empty, so the file
    doubles as a template. ``review`` (rows of: place in the source, passage,
    what was decided, what to check) adds the import's review sheet, which the
    reader ignores. Written to a temporary file and renamed, so a failed write
    never leaves half a workbook under ``path``.
    """
    path = Path(path)
    doc = normalise_document({**(programme or {}), **(registry or {})})
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        _Writer(tmp, doc, review).write()
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_template(path: Path) -> None:
    """The blank definition template (``templates/xlsx/dinh-nghia-chuong-trinh.xlsx``)."""
    write_definition_xlsx(path)


# ================================================================ reading


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    """Any cell as text: whole numbers without ".0" (a code typed as 1 is "1"), dates day-first."""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.day}/{value.month}/{value.year}"
    return _nfc(str(value))


def _choice_index(choices: tuple[L.Choice, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for choice in choices:
        index[choice.code.casefold()] = choice.code
        index[match_key(choice.code)] = choice.code
        index[match_key(choice.label)] = choice.code
    for symbol, code in L.OP_SYMBOLS.items():
        if any(c.code == code for c in choices):
            index[symbol] = code
    index.pop("", None)
    return index


class _Reader:
    def __init__(self, path: Path) -> None:
        self.file = str(path)
        self.smap = SourceMap(file=self.file)
        self.problems: list[Problem] = []
        self.doc: dict[str, Any] = {}

    def problem(self, code: str, severity: Severity, where: Location, value: Any = None,
                **params: Any) -> None:
        if value is not None:
            params.setdefault("value", value)
        self.problems.append(Problem(code, severity, where, params, value))

    def at(self, sheet: str, row: int | None = None, column: str | None = None) -> Location:
        return Location(file=self.file, sheet=sheet, row=row, column=column)

    # -- cells

    def convert(self, raw: Any, cell: L.Cell, choices: tuple[L.Choice, ...], where: Location) -> Any:
        """A cell as a document value; problems for dates and numbers that are not."""
        if cell == L.Cell.DATE:
            try:
                day = parse_date(_nfc(raw) if isinstance(raw, str) else raw)
            except (ValueError, TypeError, OverflowError):
                self.problem("xlsx.bad_date", Severity.ERROR, where, _as_text(raw))
                return _as_text(raw)
            return f"{day.day}/{day.month}/{day.year}" if day else None
        if cell in (L.Cell.NUMBER, L.Cell.INT):
            number: float | None
            try:
                number = parse_number(_nfc(raw) if isinstance(raw, str) else raw)
            except (ValueError, TypeError):
                number = None
            if number is None or (cell == L.Cell.INT and not float(number).is_integer()):
                self.problem("xlsx.bad_number", Severity.ERROR, where, _as_text(raw))
                return _as_text(raw)
            return int(number) if float(number).is_integer() else number
        if cell == L.Cell.BOOL:
            if isinstance(raw, (bool, int, float)):
                return bool(raw)
            text = _as_text(raw)
            return True if text.casefold() == "x" else text  # other words: the normaliser decides
        text = _as_text(raw)
        if cell == L.Cell.LIST:
            return [p for p in (_nfc(part) for part in text.split(";")) if p]
        if cell == L.Cell.CHOICE:
            index = _choice_index(choices)
            return index.get(text.casefold()) or index.get(match_key(text)) or text
        return text

    # -- sheets

    def header(self, sheet: L.Sheet, values: tuple[Any, ...]) -> dict[int, tuple[L.Column, str]]:
        """Map column positions to layout columns, tolerating NFD, case and tone placement."""
        wanted = {match_key(c.header): c for c in sheet.columns}
        found: dict[int, tuple[L.Column, str]] = {}
        seen: set[str] = set()
        for i, raw in enumerate(values):
            if _blank(raw):
                continue
            text = _as_text(raw)
            col = wanted.get(match_key(text))
            where = self.at(sheet.name, 1, text)
            if col is None:
                self.problem("xlsx.unknown_column", Severity.WARNING, where, text, sheet=sheet.name,
                             column=text, expected=", ".join(c.header for c in sheet.columns))
            elif col.header in seen:
                self.problem("xlsx.duplicate_column", Severity.WARNING, where, text,
                             sheet=sheet.name, column=text)
            else:
                seen.add(col.header)
                found[i] = (col, text)
        for col in sheet.columns:
            if col.header not in seen and not col.explanation:
                self.problem("xlsx.missing_column",
                             Severity.ERROR if col.required else Severity.WARNING,
                             self.at(sheet.name, 1, col.header), sheet=sheet.name, column=col.header)
        return found

    def records(self, sheet: L.Sheet, ws: Any) -> list[tuple[int, dict[str, Any], dict[str, Location]]]:
        """(Excel row, record, field → location) for each non-blank row."""
        rows = ws.iter_rows()
        header = tuple(c.value for c in next(rows, ()))
        columns = self.header(sheet, header)
        out = []
        for row_no, cells in enumerate(rows, start=2):
            values = tuple(c.value for c in cells)
            if all(_blank(v) for v in values):
                continue
            record: dict[str, Any] = {}
            places: dict[str, Location] = {}
            for i, (col, text) in columns.items():
                where = self.at(sheet.name, row_no, text)
                places.setdefault(col.field.split(".")[0], where)
                places[col.field] = where
                raw = values[i] if i < len(values) else None
                if _blank(raw):
                    continue
                if col.cell == L.Cell.NUMBER and isinstance(raw, (int, float)) and not isinstance(raw, bool) \
                        and is_percent_format(cells[i].number_format or ""):
                    raw = round(raw * 100, 9)  # "90%" typed in Excel is 0.9 shown as 90%: read what it shows
                value = self.convert(raw, col.cell, col.choices, where)
                if value is None or value == []:
                    continue
                head, _, rest = col.field.partition(".")
                if rest:
                    record.setdefault(head, {})[rest] = value
                else:
                    record[head] = value
            out.append((row_no, record, places))
        return out

    def add_records(self, key: str, sheet: L.Sheet, ws: Any) -> None:
        self.smap.add((key,), self.at(sheet.name))
        items = self.doc.setdefault(key, [])
        for row_no, record, places in self.records(sheet, ws):
            code = record.get("code")
            if key in ("groups", "agencies") and isinstance(code, str) and code.startswith(L.PROPOSED):
                # proposed by ctrxl import, not confirmed: left out until the clerk removes the "?"
                self.problem("xlsx.proposed_row", Severity.WARNING,
                             self.at(sheet.name, row_no, sheet.columns[0].header), code,
                             name=record.get("name") or "", proposed=code.removeprefix(L.PROPOSED))
                # kept aside, so that convert writes it to YAML (``proposed:``) and back
                record["code"] = code.removeprefix(L.PROPOSED).strip()
                self.doc.setdefault(L.PROPOSED_KEY, {}).setdefault(key, []).append(record)
                continue
            self.place((key, len(items)), sheet.name, row_no, places)
            items.append(record)
        if not items:
            del self.doc[key]

    def place(self, base: tuple[str | int, ...], sheet: str, row: int,
              places: dict[str, Location]) -> None:
        self.smap.add(base, self.at(sheet, row))
        for dotted, where in places.items():
            if dotted:
                self.smap.add(base + tuple(dotted.split(".")), where)

    def programme(self, ws: Any) -> None:
        sheet = L.PROGRAMME
        self.smap.add(("programme",), self.at(sheet.name))
        rows = ws.iter_rows(values_only=True)
        columns = self.header(sheet, next(rows, ()))
        pos = {col.header: (i, text) for i, (col, text) in columns.items()}
        if "Trường" not in pos or "Giá trị" not in pos:
            return
        (f_i, _), (v_i, v_text) = pos["Trường"], pos["Giá trị"]
        k_i = pos[L.PROGRAMME_KEY_COLUMN][0] if L.PROGRAMME_KEY_COLUMN in pos else None
        fields: dict[str, tuple[str, L.Cell]] = {}
        for key, cell, label, _note in L.PROGRAMME_FIELDS:
            fields[match_key(key)] = fields[match_key(label)] = (key, cell)
        prog: dict[str, Any] = {}
        groups: list[tuple[dict[str, Any], dict[str, Location]]] = []
        for row_no, values in enumerate(rows, start=2):
            raw_field = values[f_i] if f_i < len(values) else None
            raw_key = values[k_i] if k_i is not None and k_i < len(values) else None
            raw = values[v_i] if v_i < len(values) else None
            if not _blank(raw_key) and match_key(_as_text(raw_key)) in fields:
                raw_field = raw_key  # the hidden key column wins over the label the clerk sees
            if _blank(raw_field):
                continue
            name = _as_text(raw_field)
            where = self.at(sheet.name, row_no, v_text)
            if match_key(name) not in fields:
                self.problem("xlsx.unknown_field", Severity.WARNING, self.at(sheet.name, row_no),
                             name, field=name, expected="; ".join(label for _, _, label, _ in L.PROGRAMME_FIELDS))
                continue
            key, cell = fields[match_key(name)]
            value = None if _blank(raw) else self.convert(raw, cell, (), where)
            if key.startswith("implements_"):
                sub = key.removeprefix("implements_")
                # A new resolution starts at its symbol row, or when a field repeats.
                if not groups or sub == "symbol" or sub in groups[-1][1]:
                    groups.append(({}, {}))
                groups[-1][1][sub] = where
                if value is not None:
                    groups[-1][0][sub] = value
                continue
            self.smap.add(("programme", key), where)
            if value is not None:
                prog[key] = value
        resolutions = [(res, places) for res, places in groups if res]
        for k, (_res, places) in enumerate(resolutions):
            self.smap.add(("programme", "implements", k), places.get("symbol") or next(iter(places.values())))
            for sub, where in places.items():
                self.smap.add(("programme", "implements", k, sub), where)
        if resolutions:
            prog["implements"] = [res for res, _ in resolutions]
        if prog:
            self.doc["programme"] = prog

    def wards(self, ws: Any) -> None:
        """Each row an agency "Đảng ủy phường …" of the wards group (see ``xlsx_layout.WARDS``)."""
        from .codes import readable_code, ward_kind

        sheet = L.WARDS
        agencies = self.doc.setdefault("agencies", [])
        groups = self.doc.setdefault("groups", [])
        taken = {str(r.get("code")) for r in [*agencies, *groups] if isinstance(r, dict)}
        known = {match_key(n) for a in agencies if isinstance(a, dict)
                 for n in [a.get("name"), a.get("short"), *(a.get("aliases") or [])] if isinstance(n, str)}
        group = _wards_group(groups)
        added = 0
        for row_no, record, places in self.records(sheet, ws):
            typed = str(record.get("name") or "").strip()
            name_at = places.get("name", self.at(sheet.name, row_no))
            if not typed:
                self.problem("xlsx.ward_no_name", Severity.ERROR, name_at, column=sheet.columns[0].header)
                continue
            kind = ward_kind(typed)
            full = f"Đảng ủy {kind[0]} {kind[1]}" if kind else "Đảng ủy " + typed
            if match_key(full) in known or match_key(typed) in known:
                self.problem("xlsx.ward_duplicate", Severity.WARNING, name_at, typed, sheet=L.AGENCIES.name)
                continue
            if kind is None:
                self.problem("xlsx.ward_kind", Severity.WARNING, name_at, typed)
            known |= {match_key(full), match_key(typed)}
            short = typed[0].upper() + typed[1:] if not typed.lower().startswith("đảng") else None
            aliases = [a for a in [f"Đảng bộ {full.split(' ', 2)[2]}" if kind else None, *(record.get("aliases") or [])]
                       if a]
            code = str(record.get("code") or "") or readable_code(full, taken)
            taken.add(code)
            agency: dict[str, Any] = {"code": code, "name": full, "short": short, "aliases": aliases,
                                      "groups": [group], "emails": record.get("emails") or []}
            self.place(("agencies", len(agencies)), sheet.name, row_no, places)
            agencies.append({k: v for k, v in agency.items() if v})
            added += 1
        if added and not any(isinstance(g, dict) and g.get("code") == group for g in groups):
            groups.append({"code": L.WARDS_GROUP[0], "name": L.WARDS_GROUP[1]})
        for key in ("agencies", "groups"):
            if not self.doc[key]:
                del self.doc[key]

    def successions(self, ws: Any) -> None:
        sheet = L.SUCCESSIONS
        agencies = self.doc.get("agencies") or []
        by_code: dict[str, int] = {}
        by_name: dict[str, int] = {}  # the old agency may be named as in the Đơn vị sheet
        for i, agency in enumerate(agencies):
            code = agency.get("code")
            if isinstance(code, str):
                by_code.setdefault(code, i)
            names = [agency.get("name"), agency.get("short"), *(agency.get("aliases") or [])]
            for name in names:
                if isinstance(name, str) and match_key(name):
                    by_name.setdefault(match_key(name), i)
        code_col = sheet.columns[0]
        for row_no, record, places in self.records(sheet, ws):
            code = record.pop("", None)
            where = places.get("", self.at(sheet.name, row_no, code_col.header))
            if code not in by_code and isinstance(code, str) and match_key(code) in by_name:
                code = agencies[by_name[match_key(code)]].get("code")
            if code not in by_code:
                self.problem("xlsx.successor_unknown_agency", Severity.ERROR, where, code or "",
                             agencies=L.AGENCIES.name, column=L.AGENCIES.columns[0].header)
                continue
            i = by_code[code]
            succ = agencies[i].setdefault("successors", [])
            places.pop("", None)
            self.place(("agencies", i, "successors", len(succ)), sheet.name, row_no, places)
            succ.append(record)

    def read(self, path: Path) -> tuple[dict[str, Any], SourceMap, list[Problem]]:
        wb = self.open(path)
        if wb is None:
            return {}, self.smap, self.problems
        known = {match_key(s.name): s for s in L.SHEETS}
        ignored = {match_key(L.GUIDE_SHEET), match_key(L.LISTS_SHEET), match_key(L.REVIEW_SHEET)}
        found: dict[str, Any] = {}
        for ws in wb.worksheets:
            key = match_key(_nfc(ws.title))
            if key in known and known[key].name not in found:
                found[known[key].name] = ws
            elif key not in ignored:
                self.problem("xlsx.unknown_sheet", Severity.WARNING, self.at(_nfc(ws.title)),
                             sheet=_nfc(ws.title), expected=", ".join(s.name for s in L.SHEETS))
        if not found:
            self.problem("xlsx.no_sheets", Severity.ERROR, Location(file=self.file),
                         expected=", ".join(s.name for s in L.SHEETS), template=TEMPLATE_NAME)
        for sheet in L.SHEETS:  # layout order: agencies are read before their successions
            ws = found.get(sheet.name)
            if ws is None:
                continue
            if sheet is L.PROGRAMME:
                self.programme(ws)
            elif sheet is L.WARDS:
                self.wards(ws)
            elif sheet is L.SUCCESSIONS:
                self.successions(ws)
            else:
                self.add_records(sheet.key, sheet, ws)
        wb.close()
        return self.doc, self.smap, self.problems

    def open(self, path: Path) -> Any:
        import openpyxl

        try:
            with zipfile.ZipFile(path) as zf:
                infos = zf.infolist()
                if len(infos) > _MAX_MEMBERS or sum(i.file_size for i in infos) > _MAX_INFLATED:
                    raise ValueError("tệp nén quá lớn / archive too large")
            with warnings.catch_warnings():
                # openpyxl warns about Excel extensions it drops; we never re-save the file.
                warnings.simplefilter("ignore")
                return openpyxl.load_workbook(path, data_only=True)
        except Exception as exc:  # any failure to open is one problem, not a traceback
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            self.problem("xlsx.unreadable", Severity.ERROR, Location(file=self.file), detail=detail)
            return None


def _wards_group(groups: list[Any]) -> str:
    """The code of the registry's group of ward and commune committees: by code, by name or alias,
    else the starter registry's code (the group is then added)."""
    code, name = L.WARDS_GROUP
    wanted = {match_key(name), match_key("Các đảng ủy phường, xã"), match_key("Các đảng ủy xã, phường, đặc khu"),
              match_key("Các đảng ủy phường, xã, đặc khu")}
    for g in groups:
        if isinstance(g, dict) and (g.get("code") == code or wanted & {
                match_key(n) for n in [g.get("name"), *(g.get("aliases") or [])] if isinstance(n, str)}):
            return str(g.get("code"))
    return code


def read_definition_xlsx(path: Path) -> tuple[dict, SourceMap, list[Problem]]:
    """Read a definition workbook into a raw document, its source map and the problems found.

    The document holds ``programme``/``sections``/``tasks``/``indicators`` and
    ``groups``/``agencies`` for the sheets that have data; run
    ``normalise_document`` on it. Rows are addressed by their Excel row number.
    """
    path = Path(path)
    return _Reader(path).read(path)

