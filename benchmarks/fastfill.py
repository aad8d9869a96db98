"""A fast filler for the benchmarks: the answers of ``ctrxl.demo.simulate.fill_workbook``, patched
straight into the generated workbook's sheet XML (no openpyxl load and save).

``fill_workbook`` makes the same choices (this module replays its random draws in the same order,
so the same seed gives the same answers) but takes ~0.1–0.2 s a file; this takes a few ms. The
rows and columns come from the agency's form and ``ctrxl/workbook/layout.py`` (the single source
of the layout): the generated workbook has the tasks and indicators in the form's order below
``L.HEADER_ROW`` and the assessment fields from row 4 (key in column A, value in column C).

What changes in the file: each answered input cell ``<c r="G6" s="12"/>`` (a styled blank, as
xlsxwriter writes it) becomes a value — an inline string (``t="inlineStr"``), or a number (dates
as Excel serial numbers; the cell keeps its date format, as openpyxl does when it saves a
datetime). Every other part of the package is copied byte for byte. It is a benchmark tool, not a
clerk: ``tests`` and ``ctrxl demo`` keep using ``fill_workbook``.
"""
from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ctrxl.demo.simulate import ASSESSMENT_TEXTS, DIFFICULTIES, EVIDENCE, RESULTS
from ctrxl.workbook import layout as L
from ctrxl.workbook.forms import AgencyForm
from ctrxl.workbook.reader import col_letter

_EPOCH = dt.datetime(1899, 12, 30)
_SHEET = re.compile(rb'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship [^>]*Id="([^"]*)"[^>]*Target="([^"]*)"')
_REL2 = re.compile(rb'<Relationship [^>]*Target="([^"]*)"[^>]*Id="([^"]*)"')


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name, from the workbook and its relationships."""
    import html

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


def answers(form: AgencyForm, rng: random.Random, mistakes: bool = False, variants: bool = False,
            year: int = 2025, contact: str = "Nguyễn Thị B") -> dict[str, dict[str, object]]:
    """Sheet name -> {A1 ref: value}: what ``fill_workbook`` would type, in the same random order."""
    tcol = {c.key: col_letter(i) for i, c in enumerate(L.TASK_COLUMNS)}
    tasks: dict[str, object] = {}
    statuses = [L.Status.DONE] * 5 + [L.Status.IN_PROGRESS] * 2 + [L.Status.CONTINUING] * 3 + [L.Status.NOT_STARTED]
    rows = [L.HEADER_ROW + 1 + n for n in range(len(form.tasks))]
    for n, (r, task) in enumerate(zip(rows, form.tasks, strict=True)):
        deadline = task.deadline or "Không ghi thời hạn"
        status = L.Status.CONTINUING if "thường xuyên" in deadline and rng.random() < 0.7 else rng.choice(statuses)
        label = L.STATUS_LABELS[status]
        if variants and n % 3 == 0:
            label = rng.choice([label.lower(), unicodedata.normalize("NFD", label), label.upper()])
            if status == L.Status.DONE and n % 2 == 0:
                label = "hoàn thành"
        tasks[f"{tcol['status']}{r}"] = label
        if status == L.Status.DONE:
            tasks[f"{tcol['completed_on']}{r}"] = dt.datetime(year, rng.randint(1, 11), rng.randint(1, 28))
            tasks[f"{tcol['evidence']}{r}"] = rng.choice(EVIDENCE)
        if status == L.Status.IN_PROGRESS:
            tasks[f"{tcol['progress']}{r}"] = rng.choice((30, 50, 70, 80))
        if status != L.Status.NOT_STARTED:
            tasks[f"{tcol['results']}{r}"] = rng.choice(RESULTS)
        else:
            tasks[f"{tcol['difficulties']}{r}"] = "Chờ hướng dẫn của cấp trên."
        if rng.random() < 0.2:
            tasks[f"{tcol['difficulties']}{r}"] = rng.choice([d for d in DIFFICULTIES if d])
        if rng.random() < 0.1:
            tasks[f"{tcol['proposals']}{r}"] = "Đề nghị Thành ủy bố trí kinh phí & tập huấn <nghiệp vụ>."
    if mistakes and rows:
        r = rows[0]
        tasks[f"{tcol['status']}{r}"] = L.STATUS_LABELS[L.Status.DONE]
        tasks.pop(f"{tcol['completed_on']}{r}", None)  # done without a date
        if len(rows) > 1:
            tasks[f"{tcol['status']}{rows[1]}"] = L.STATUS_LABELS[L.Status.IN_PROGRESS]
            tasks[f"{tcol['progress']}{rows[1]}"] = 120  # outside 0–100
    icol = {c.key: col_letter(i) for i, c in enumerate(L.INDICATOR_COLUMNS)}
    inds: dict[str, object] = {}
    first_ratio = True
    for n, x in enumerate(form.indicators):
        r = L.HEADER_ROW + 1 + n
        method = x.method or ""
        if method.startswith("Tử số") or "tử số" in method:
            if rng.random() < 0.1:
                continue  # not reported: left blank
            den = rng.randint(20, 120)
            num = den + 3 if mistakes and first_ratio else rng.randint(int(den * 0.8), den)
            first_ratio = False
            inds[f"{icol['numerator']}{r}"] = num
            inds[f"{icol['denominator']}{r}"] = den
        elif "Có" in method:
            inds[f"{icol['value']}{r}"] = rng.choice(("Có", "Có", "Không"))
        else:
            inds[f"{icol['value']}{r}"] = rng.randint(0, 50)
    texts = {
        **ASSESSMENT_TEXTS,
        "filled_by": contact, "phone": "0905123456", "email": "vanphong@example.org",
        "report_date": dt.datetime(year, 12, rng.randint(1, 12)), "head": "Trần Văn C, Bí thư",
    }
    assessment = {f"C{4 + n}": texts[f.key] for n, f in enumerate(L.ASSESSMENT_FIELDS) if f.key in texts}
    return {L.SHEET_TASKS: tasks, L.SHEET_INDICATORS: inds, L.SHEET_ASSESSMENT: assessment}


def _cell_xml(ref: str, style: bytes, value: object) -> bytes:
    if isinstance(value, str):
        return (f'<c r="{ref}"{style.decode()} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
                ).encode()
    if isinstance(value, dt.datetime):
        value = (value - _EPOCH).total_seconds() / 86400
        value = int(value) if float(value).is_integer() else value
    return f'<c r="{ref}"{style.decode()}><v>{value!r}</v></c>'.encode()


_BLANK = re.compile(rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?)/>')


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
        return _cell_xml(ref, m.group(2), values[ref])

    out = _BLANK.sub(sub, xml)
    if missing:
        raise ValueError(f"no blank input cell at {sorted(missing)[:5]}")
    return out


def fast_fill(src: Path, dst: Path, form: AgencyForm, rng: random.Random, mistakes: bool = False,
              variants: bool = False, year: int = 2025) -> None:
    by_sheet = answers(form, rng, mistakes, variants, year)
    with zipfile.ZipFile(src) as zin:
        parts = _sheet_parts(zin)
        patched = {parts[name]: values for name, values in by_sheet.items()}
        dst.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename in patched:
                    data = patch_sheet(data, patched[info.filename])
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
