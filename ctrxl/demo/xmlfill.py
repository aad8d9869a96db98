"""Answers patched straight into a generated workbook's sheet XML (no openpyxl load and save).

xlsxwriter writes each input cell as a styled blank, ``<c r="G6" s="12"/>``; a value replaces it —
an inline string (``t="inlineStr"``) or a number (dates as Excel serial numbers; the cell keeps
its date format, as openpyxl does when it saves a datetime). Every other part of the package is
copied byte for byte. A few ms a file where ``simulate.fill_workbook`` takes ~0.15 s: the demo's
earlier years (``history.py``) and the benchmarks (``benchmarks/fastfill.py``) fill with it.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_EPOCH = dt.datetime(1899, 12, 30)
_SHEET = re.compile(rb'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship [^>]*Id="([^"]*)"[^>]*Target="([^"]*)"')
_REL2 = re.compile(rb'<Relationship [^>]*Target="([^"]*)"[^>]*Id="([^"]*)"')
_BLANK = re.compile(rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?)/>')


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name, from the workbook and its relationships."""
    book = zf.read("xl/workbook.xml")
    rels_xml = zf.read("xl/_rels/workbook.xml.rels")
    rels = {m.group(1): m.group(2) for m in _REL.finditer(rels_xml)}
    rels.update({m.group(2): m.group(1) for m in _REL2.finditer(rels_xml)})
    out = {}
    for m in _SHEET.finditer(book):
        target = rels[m.group(2)].decode()
        name = html.unescape(m.group(1).decode("utf-8"))
        out[name] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def cell_xml(ref: str, style: bytes, value: object) -> bytes:
    if isinstance(value, str):
        return (f'<c r="{ref}"{style.decode()} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
                ).encode()
    if isinstance(value, dt.datetime):
        value = (value - _EPOCH).total_seconds() / 86400
        value = int(value) if float(value).is_integer() else value
    return f'<c r="{ref}"{style.decode()}><v>{value!r}</v></c>'.encode()


def patch_sheet(xml: bytes, values: dict[str, object]) -> bytes:
    """Replace the styled blanks at ``values``' references with those values."""
    if not values:
        return xml
    missing = set(values)

    def sub(m: re.Match) -> bytes:
        ref = m.group(1).decode()
        if ref not in values:
            return m.group(0)
        missing.discard(ref)
        return cell_xml(ref, m.group(2), values[ref])

    out = _BLANK.sub(sub, xml)
    if missing:
        raise ValueError(f"no blank input cell at {sorted(missing)[:5]}")
    return out


def patch_workbook(src: Path, dst: Path, by_sheet: dict[str, dict[str, object]]) -> None:
    """``src`` with ``by_sheet`` ({sheet name: {A1 ref: value}}) typed in, written to ``dst``."""
    with zipfile.ZipFile(src) as zin:
        parts = sheet_parts(zin)
        patched = {parts[name]: values for name, values in by_sheet.items() if name in parts}
        dst.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename in patched:
                    data = patch_sheet(data, patched[info.filename])
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
