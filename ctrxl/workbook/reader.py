"""Read a returned agency workbook: its identity and its cells, whatever re-saved it.

Values come from python-calamine (fast; reads .xlsx, .xlsm, .xls, .ods alike and is
not fooled by WPS's wrong ``<dimension>``). Rows are found by their task or
indicator code, never by position: clerks sort, hide, insert and delete rows.
The identity is read from every place it was stored — the hidden meta sheet, the
custom document properties, the defined names — and returned per source so the
caller can cross-check (LibreOffice keeps all three; .xls keeps only the sheet).

This module reads; it never writes or re-saves an input.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook

from ..vn import is_percent_format, match_key, nfc
from . import layout as L

MAX_XML_BYTES = 5 * 1024 * 1024  # a properties or workbook part larger than this is not ours


class Cell:
    """A value and its A1 reference. A plain slotted class: a city's returns make millions."""

    __slots__ = ("value", "ref")

    def __init__(self, value: Any, ref: str):
        self.value = value
        self.ref = ref

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cell) and (self.value, self.ref) == (other.value, other.ref)

    def __repr__(self) -> str:
        return f"Cell(value={self.value!r}, ref={self.ref!r})"


@dataclass
class SheetTable:
    sheet: str
    header_row: int  # 1-based Excel row of the header
    columns: dict[str, int]  # layout key -> 0-based column
    rows: dict[str, dict[str, Cell]] = field(default_factory=dict)  # code -> key -> cell
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (code, Excel row) seen again
    uncoded: list[int] = field(default_factory=list)  # Excel rows with inputs but no code


@dataclass
class WorkbookContent:
    identity: dict[str, dict[str, str]]  # source -> field -> value
    sheets: list[str]
    tasks: SheetTable | None
    indicators: SheetTable | None
    assessment: dict[str, Cell]
    agency_label: str | None = None  # "Đơn vị báo cáo: …" as written on the tasks sheet


def col_letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _clean(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return _clean_text(value) if len(value) <= _CACHED_TEXT else _clean_text.__wrapped__(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value


# Header rows repeat the same few labels in every returned file: match each text once per process.
_header_key = functools.lru_cache(maxsize=4096)(match_key)


_CACHED_TEXT = 512  # longer texts are cleaned each time: the cache stays small whatever a file holds


@functools.lru_cache(maxsize=8192)  # programme texts, labels and typical answers repeat in every file
def _clean_text(value: str) -> str | None:
    if not value.isascii():
        value = nfc(value)
    value = value.strip()
    return value or None


def _find_sheet(names: list[str], wanted: str) -> str | None:
    key = _header_key(wanted)
    for name in names:
        if _header_key(name) == key:
            return name
    return None


def _table(rows: list[list[Any]], sheet: str, columns: tuple[L.Column, ...], code_key: str,
           keys: frozenset[str] | None = None) -> SheetTable | None:
    """The table under the header row found among the first 40; ``keys``: the columns whose cells are
    read (None: all; the table's ``columns`` names every column found either way)."""
    wanted = {_header_key(c.header): c.key for c in columns}
    longest = max(len(c.header) for c in columns) + 10
    for r, row in enumerate(rows[:40]):
        found = {}
        for c, value in enumerate(row):
            # Headers are short: skip the matching key of long texts (task texts fill these rows).
            key = wanted.get(_header_key(value)) if isinstance(value, str) and 0 < len(value) <= longest else None
            if key and key not in found:
                found[key] = c
        if code_key in found and len(found) >= len(columns) // 2:
            table = SheetTable(sheet=sheet, header_row=r + 1, columns=found)
            input_keys = {x.key for x in columns if x.input}
            inputs = [c for k, c in found.items() if k in input_keys]
            letters = [(key, c, col_letter(c)) for key, c in found.items()
                       if keys is None or key in keys or key == code_key]
            code_col = found[code_key]
            widest = max(c for _key, c, _letter in letters)
            for rr in range(r + 1, len(rows)):
                line = rows[rr]
                width = len(line)
                code = _clean(line[code_col]) if code_col < width else None
                if code is None:
                    if any(c < width and _clean(line[c]) is not None for c in inputs):
                        table.uncoded.append(rr + 1)
                    continue
                if isinstance(code, float) and code.is_integer():
                    code = int(code)
                code = str(code)
                if code in table.rows:
                    table.duplicates.append((code, rr + 1))
                    continue
                n = str(rr + 1)
                if width > widest:  # the usual row: every column there; an empty cell is "" and a
                    # number a float (no call), a short text found in the cache (one call): as _clean
                    table.rows[code] = {
                        key: Cell(None if (v := line[c]) == "" else v if (t := type(v)) is float
                                  else _clean_text(v) if t is str and len(v) <= _CACHED_TEXT else _clean(v),
                                  letter + n)
                        for key, c, letter in letters}
                else:
                    table.rows[code] = {key: Cell(_clean(line[c]) if c < width else None, letter + n)
                                        for key, c, letter in letters}
            return table
    return None


def _rows(wb: CalamineWorkbook, sheet: str | None) -> list[list[Any]]:
    return wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False) if sheet else []


def _assessment(rows: list[list[Any]]) -> dict[str, Cell]:
    keys = {f.key for f in L.ASSESSMENT_FIELDS}
    out: dict[str, Cell] = {}
    for r, row in enumerate(rows):
        if row and isinstance(row[0], str) and row[0].strip() in keys:
            out[row[0].strip()] = Cell(_clean(row[2]) if len(row) > 2 else None, f"C{r + 1}")
    return out


def _meta_identity(rows: list[list[Any]]) -> dict[str, str]:
    if not rows or not rows[0] or rows[0][0] != L.META_MARKER:
        return {}
    out = {}
    for row in rows[L.META_FIRST_ROW - 1:L.META_FIRST_ROW - 1 + len(L.IDENTITY_FIELDS)]:
        if len(row) >= 2 and row[0] in L.IDENTITY_FIELDS:
            value = row[1]
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # the cycle year, if an application made it a number
            out[row[0]] = str(value)
    return out


class Package:
    """A zip package opened once, with the parts already decompressed kept by name (the collect
    guard reads every XML part before the reader runs: the small ones it keeps are not read twice)."""

    def __init__(self, zf: zipfile.ZipFile, parts: dict[str, bytes] | None = None):
        self.zf = zf
        self.parts = parts if parts is not None else {}

    def getinfo(self, name: str) -> zipfile.ZipInfo:
        return self.zf.getinfo(name)

    def namelist(self) -> list[str]:
        return self.zf.namelist()

    def read(self, name: str | zipfile.ZipInfo) -> bytes:
        key = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if key in self.parts:
            return self.parts[key]
        return self.zf.read(name)

    def open(self, name: str) -> Any:
        if name in self.parts:
            return io.BytesIO(self.parts[name])
        return self.zf.open(name)


# The parts the reader reads whole: the guard keeps their bytes for it.
PACKAGE_PARTS = frozenset({"docProps/custom.xml", "xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels",
                           "meta.xml"})


def _open_package(source: Path | bytes) -> Package | None:
    try:
        return Package(zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source))
    except (zipfile.BadZipFile, OSError):
        return None


def _zip_xml(zf: Package, name: str) -> Element | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_BYTES:
        return None
    try:
        # defusedxml: a returned file is untrusted; entity expansion and DTDs are refused.
        return ElementTree.fromstring(zf.read(name))
    except Exception:
        return None


_NAME_VALUE = re.compile(r'^(?:of:)?=?"(.*)"$', re.S)


def _package_identity(zf: Package | None) -> dict[str, dict[str, str]]:
    """Custom properties and defined names from an .xlsx/.xlsm or .ods package."""
    out: dict[str, dict[str, str]] = {}
    if zf is None:
        return out
    props: dict[str, str] = {}
    names: dict[str, str] = {}
    custom = _zip_xml(zf, "docProps/custom.xml")
    if custom is not None:
        for prop in custom:
            name = prop.get("name", "")
            if name.startswith(L.PROPERTY_PREFIX) and len(prop):
                props[name[len(L.PROPERTY_PREFIX):]] = nfc(prop[0].text or "")
    book = _zip_xml(zf, "xl/workbook.xml")
    if book is not None:
        for el in book.iter():
            if el.tag.endswith("definedName") and el.get("name", "").startswith(L.NAME_PREFIX):
                m = _NAME_VALUE.match(el.text or "")
                if m:
                    names[el.get("name", "")[len(L.NAME_PREFIX):]] = nfc(m.group(1).replace('""', '"'))
    meta = _zip_xml(zf, "meta.xml")  # OpenDocument
    if meta is not None:
        for el in meta.iter():
            if el.tag.endswith("user-defined"):
                name = next((v for k, v in el.attrib.items() if k.endswith("name")), "")
                if name.startswith(L.PROPERTY_PREFIX):
                    props[name[len(L.PROPERTY_PREFIX):]] = nfc(el.text or "")
    content = _zip_xml(zf, "content.xml") if meta is not None else None
    if content is not None:
        for el in content.iter():
            if el.tag.endswith("named-expression") or el.tag.endswith("named-range"):
                attrs = {k.split("}")[-1]: v for k, v in el.attrib.items()}
                name = attrs.get("name", "")
                m = _NAME_VALUE.match(attrs.get("expression", ""))
                if name.startswith(L.NAME_PREFIX) and m:
                    names[name[len(L.NAME_PREFIX):]] = nfc(m.group(1).replace('""', '"'))
    if props:
        out["properties"] = props
    if names:
        out["names"] = names
    return out


# -- percent-formatted cells ---------------------------------------------------
# Excel stores a typed "50%" as 0.5 in a cell it gives a percent number format; LibreOffice and
# WPS do the same. calamine returns values only, so the formats are read from the package itself,
# and only as far as needed: styles.xml first (small), the sheet's XML only when some cell style
# is a percent one (a workbook as generated has none).
_BUILTIN_PERCENT_FORMATS = {9, 10}  # 0% and 0.00%
_CELL_STYLE_TAG = re.compile(rb'<c\b[^>]*?\bs="(\d+)"[^>]*>')
_CELL_REF_ATTR = re.compile(rb'\br="([A-Z]{1,3}\d+)"')
_ODS_PERCENT = b'value-type="percentage"'
_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


_PERCENT_HINT = re.compile(rb'%|numFmtId="(?:9|10)"')


def _xlsx_percent_styles(zf: Package) -> set[bytes]:
    try:
        info = zf.getinfo("xl/styles.xml")
        if info.file_size > MAX_XML_BYTES or not _PERCENT_HINT.search(zf.read(info)):
            return set()  # the usual case, found without parsing: no percent format at all
    except KeyError:
        return set()
    styles = _zip_xml(zf, "xl/styles.xml")
    if styles is None:
        return set()
    custom = {int(el.get("numFmtId", "-1")): el.get("formatCode", "") for el in styles.iter()
              if el.tag.endswith("}numFmt")}
    percent = _BUILTIN_PERCENT_FORMATS | {i for i, code in custom.items() if is_percent_format(code)}
    out: set[bytes] = set()
    for el in styles.iter():
        if el.tag.endswith("}cellXfs"):
            for i, xf in enumerate(x for x in el if x.tag.endswith("}xf")):
                try:
                    if int(xf.get("numFmtId", "0")) in percent:
                        out.add(str(i).encode())
                except ValueError:
                    continue
    return out


def _xlsx_sheet_parts(zf: Package) -> dict[str, str]:
    """Sheet name (NFC) -> its worksheet part in the package."""
    book = _zip_xml(zf, "xl/workbook.xml")
    rels = _zip_xml(zf, "xl/_rels/workbook.xml.rels")
    if book is None or rels is None:
        return {}
    targets = {el.get("Id"): el.get("Target", "") for el in rels if el.tag.endswith("}Relationship")}
    out = {}
    for el in book.iter():
        if el.tag.endswith("}sheet"):
            target = targets.get(el.get(_REL_NS))
            if target:
                out[nfc(el.get("name", ""))] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def _xlsx_percent_cells(zf: Package, sheets: list[str]) -> dict[str, set[str]]:
    styles = _xlsx_percent_styles(zf)
    if not styles:
        return {}
    parts = _xlsx_sheet_parts(zf)
    out: dict[str, set[str]] = {}
    for sheet in sheets:
        part = parts.get(nfc(sheet))
        if part is None or part not in zf.namelist():
            continue
        refs = set()
        # the guard scanned every part (size, DTDs) before the reader ran; a regex over the bytes is
        # enough to pair a cell's reference with its style, whatever order the attributes come in
        for m in _CELL_STYLE_TAG.finditer(zf.read(part)):
            if m.group(1) in styles:
                ref = _CELL_REF_ATTR.search(m.group(0))
                if ref:
                    refs.add(ref.group(1).decode())
        out[sheet] = refs
    return out


def _ods_percent_cells(zf: Package, sheets: list[str]) -> dict[str, set[str]]:
    """OpenDocument marks a percent cell itself (``office:value-type="percentage"``)."""
    try:
        with zf.open("content.xml") as fh:
            if _ODS_PERCENT not in fh.read():
                return {}
    except KeyError:
        return {}
    from defusedxml.ElementTree import iterparse

    wanted = {nfc(s): s for s in sheets}
    out: dict[str, set[str]] = {}
    refs: set[str] | None = None
    row = 0
    with zf.open("content.xml") as fh:
        for event, el in iterparse(fh, events=("start", "end")):
            if el.tag == _ODS_TABLE + "table":
                if event == "start":
                    name = wanted.get(nfc(el.get(_ODS_TABLE + "name", "")))
                    refs = out.setdefault(name, set()) if name else None
                    row = 0
                continue
            if event != "end" or el.tag != _ODS_TABLE + "table-row":
                continue
            repeat = int(el.get(_ODS_TABLE + "number-rows-repeated", "1"))
            if refs is not None:
                column = 0
                for cell in el:
                    span = int(cell.get(_ODS_TABLE + "number-columns-repeated", "1"))
                    if cell.get(_ODS_OFFICE + "value-type") == "percentage":
                        for c in range(column, column + min(span, 64)):
                            for r in range(row, row + min(repeat, 64)):
                                refs.add(f"{col_letter(c)}{r + 1}")
                    column += span
            row += repeat
            el.clear()
    return out


def _percent_cells(zf: Package | None, sheets: list[str]) -> dict[str, set[str]]:
    """Per sheet, the references of the cells with a percent format (.xlsx, .xlsm, .ods; an .xls
    keeps its formats in a binary record calamine does not expose: read as stored)."""
    if zf is None:
        return {}
    names = set(zf.namelist())
    if "xl/styles.xml" in names:
        return _xlsx_percent_cells(zf, sheets)
    if "content.xml" in names:
        return _ods_percent_cells(zf, sheets)
    return {}


# The input columns whose numbers a percent format shows ×100: read as the clerk sees them.
_NUMBER_INPUTS = {
    "tasks": tuple(c.key for c in L.TASK_COLUMNS if c.input and c.kind in (L.Kind.PERCENT, L.Kind.NUMBER)),
    "indicators": tuple(c.key for c in L.INDICATOR_COLUMNS if c.input and c.kind in (L.Kind.PERCENT, L.Kind.NUMBER)),
}


def _read_percents(table: SheetTable | None, refs: set[str] | None, keys: tuple[str, ...]) -> None:
    if table is None or not refs:
        return
    for row in table.rows.values():
        for key in keys:
            cell = row.get(key)
            if cell is not None and cell.ref in refs and isinstance(cell.value, (int, float)) \
                    and not isinstance(cell.value, bool):
                cell.value = round(cell.value * 100, 9)  # 0.07 × 100 is 7.000000000000001


_AGENCY_LABEL = re.compile(r"^\s*Đơn vị báo cáo\s*:\s*(.+?)\s*$", re.I)


def _agency_label(rows: list[list[Any]]) -> str | None:
    for row in rows[:8]:
        for value in row:
            if isinstance(value, str):
                m = _AGENCY_LABEL.match(nfc(value))
                if m:
                    return m.group(1)
    return None


def read_workbook(source: Path | bytes, package: Package | None = None,
                  keys: dict[str, frozenset[str]] | None = None) -> WorkbookContent:
    """Read identity and answers from a path or the file's bytes (``package``: the same file's
    zip, already opened, e.g. by the collect guard; otherwise it is opened here). ``keys``: per
    sheet ("tasks", "indicators"), the columns whose cells are read (collect reads the ones it
    checks, ``validate.CHECKED_KEYS``); None: every column.

    Raises the reader's own exception for a file it cannot open."""
    if isinstance(source, bytes):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(source))
    else:
        wb = CalamineWorkbook.from_path(str(source))
    try:
        names = [nfc(n) for n in wb.sheet_names]
        raw_names = list(wb.sheet_names)

        def real(name: str | None) -> str | None:
            return raw_names[names.index(name)] if name is not None else None

        identity: dict[str, dict[str, str]] = {}
        meta = real(_find_sheet(names, L.SHEET_META))
        if meta:
            found = _meta_identity(_rows(wb, meta))
            if found:
                identity["sheet"] = found
        own = package is None
        if own:
            package = _open_package(source)
        try:
            identity.update(_package_identity(package))
            tasks_sheet = real(_find_sheet(names, L.SHEET_TASKS))
            ind_sheet = real(_find_sheet(names, L.SHEET_INDICATORS))
            task_rows = _rows(wb, tasks_sheet)
            keys = keys or {}
            tasks = (_table(task_rows, tasks_sheet, L.TASK_COLUMNS, "task_code", keys.get("tasks"))
                     if tasks_sheet else None)
            indicators = (_table(_rows(wb, ind_sheet), ind_sheet, L.INDICATOR_COLUMNS, "indicator_code",
                                 keys.get("indicators")) if ind_sheet else None)
            percent = _percent_cells(package, [s for s in (tasks_sheet, ind_sheet) if s])
        finally:
            if own and package is not None:
                package.zf.close()
        ass_sheet = real(_find_sheet(names, L.SHEET_ASSESSMENT))
        if percent:
            _read_percents(tasks, percent.get(tasks_sheet or ""), _NUMBER_INPUTS["tasks"])
            _read_percents(indicators, percent.get(ind_sheet or ""), _NUMBER_INPUTS["indicators"])
        return WorkbookContent(
            identity=identity,
            sheets=names,
            tasks=tasks,
            indicators=indicators,
            assessment=_assessment(_rows(wb, ass_sheet)) if ass_sheet else {},
            agency_label=_agency_label(task_rows),
        )
    finally:
        wb.close()


def agreed_identity(identity: dict[str, dict[str, str]]) -> tuple[dict[str, str], list[str]]:
    """Merge the sources; return (identity, fields on which the sources disagree)."""
    merged: dict[str, str] = {}
    conflicts: list[str] = []
    for source in ("sheet", "properties", "names"):
        for key, value in identity.get(source, {}).items():
            if key not in merged:
                merged[key] = value
            elif merged[key] != value and key not in conflicts:
                conflicts.append(key)
    return merged, conflicts
