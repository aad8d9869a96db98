"""Read an earlier year's answers for ``ctrxl history import`` (docs/history-import.md).

Three kinds of file, told apart by their content (never by their name):

- ``workbook``: a filled agency workbook made by ctrxl (its identity names programme, year and
  agency); read and checked exactly as collect reads it (``workbook/reader.py``,
  ``collect/validate.py``);
- ``consolidated``: ctrxl's consolidated workbook of that year; its every-answer sheet
  («Dữ liệu chi tiết», and its continuations) holds one answer a row, «Theo dõi nộp» the day each
  agency submitted;
- ``table``: a simple table, one row per agency × task (or agency × indicator), .xlsx/.ods/.xls or
  .csv; agencies by code or by name, statuses by label, both matched tone-insensitively.

Every kind ends in the same shape, the collect validator's ``Answers`` per (year, agency), checked
by the same ``_Checker`` as a returned workbook. What history cannot hold is relaxed: a table holds
only what was reported (a task it leaves out is "not reported", no problem), and a definition that
changed since that year (a task reworded, added or removed) is a warning, not a rejection.
Errors stop the whole file: nothing of it is recorded.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from ..definition.registry import Resolver
from ..problems import Location, Problem, Severity, has_errors
from ..track import workbook as TW
from ..vn import match_key, nfc, parse_date
from ..workbook import layout as L
from ..workbook.forms import AgencyForm
from ..workbook.reader import Cell, SheetTable, WorkbookContent, agreed_identity, col_letter, read_workbook
from .analyse import Context, _identify, guard_spreadsheet
from .incoming import Incoming
from .validate import Answers, _Checker

TABLE_SUFFIXES = {".csv"}
MAX_CSV_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 10  # a table's header is on one of its first rows (a title may sit above it)

# Problems that a year's history may carry without being refused: the definition has changed since
# (the workbook was made from an older one), so what it says of tasks is kept as a warning.
DOWNGRADED = {"col.outdated_form", "col.locked_edited", "col.locked_edited_indicator", "col.old_layout",
              "col.task_unknown", "col.indicator_unknown", "col.task_missing", "col.indicator_missing",
              "col.sheet_missing", "col.field_missing", "col.column_missing"}
# Their history wording: the same place and parameters, a text that fits an earlier year's file.
RENAMED = {"col.outdated_form": "hist.outdated_form", "col.locked_edited": "hist.locked_edited",
           "col.locked_edited_indicator": "hist.locked_edited_indicator", "col.old_layout": "hist.old_layout",
           "col.task_unknown": "hist.task_unknown", "col.indicator_unknown": "hist.indicator_unknown",
           "col.task_missing": "hist.task_missing", "col.indicator_missing": "hist.indicator_missing"}
# In a table or a consolidated workbook what is absent was not reported: no problem at all.
ABSENT = {"col.task_missing", "col.indicator_missing", "col.sheet_missing", "col.field_missing",
          "col.column_missing", "col.required_empty"}

# The table's columns: key -> the headers accepted (matched by match_key: case, NFC/NFD, tone placement).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("Năm", "Năm báo cáo", "Kỳ báo cáo"),
    "agency_code": ("Mã đơn vị",),
    "agency_name": ("Tên đơn vị", "Đơn vị"),
    "task_code": ("Mã nhiệm vụ",),
    "indicator_code": ("Mã chỉ tiêu",),
    "status": ("Tình trạng", "Tình trạng thực hiện"),
    "completed_on": ("Ngày hoàn thành",),
    "progress": ("Tiến độ", "Tiến độ (%)"),
    "results": ("Kết quả", "Kết quả cụ thể", "Kết quả thực hiện"),
    "evidence": ("Văn bản minh chứng", "Văn bản minh chứng (số, ngày)", "Minh chứng"),
    "difficulties": ("Khó khăn", "Khó khăn, vướng mắc"),
    "proposals": ("Đề xuất", "Đề xuất, kiến nghị"),
    "numerator": ("Tử số",),
    "denominator": ("Mẫu số",),
    "value": ("Giá trị",),
    "note": ("Ghi chú",),
    "submitted": ("Ngày nộp",),
}
TASK_FIELDS = ("status", "completed_on", "progress", "results", "evidence", "difficulties", "proposals")
INDICATOR_FIELDS = ("numerator", "denominator", "value", "note")
_HEADER_KEYS = {match_key(h): key for key, heads in TABLE_COLUMNS.items() for h in heads}


@dataclass
class YearSetup:
    """What reading needs to know of one year's cycle (made by history.py from the workspace)."""

    year: int
    forms: dict[str, AgencyForm]
    resolver: Resolver
    context: Context  # the collect context of that year (identity checks)
    due: dt.date
    programme_date: dt.date | None
    period_end: dt.date | None


@dataclass
class Record:
    """One agency's answers of one year, ready to record as a submission."""

    year: int
    agency: str
    answers: Answers
    submitted: dt.date  # the day recorded as the submission's time
    submitted_known: bool  # False: the file did not say; the cycle's due date is recorded
    problems: list[Problem] = field(default_factory=list)  # warnings only (errors reject the file)
    origin: str = ""  # path, or path!sheet
    identified_by: str | None = None
    layout: str | None = None
    content_digest: str | None = None


@dataclass
class Extract:
    kind: str  # workbook | consolidated | table
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # file-level, and every record's errors

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems) and not any(has_errors(r.problems) for r in self.records)


class HistoryError(Exception):
    """A problem that stops reading a file (no year, not a known kind, unreadable)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


Setup = Callable[[int], YearSetup]  # year -> its setup; raises HistoryError for a year that cannot be imported


def _stop(code: str, location: Location | None = None, value: Any = None, **params: Any) -> HistoryError:
    return HistoryError(Problem(code, Severity.ERROR, location or Location(), params, value))


def _relaxed(problems: list[Problem], absent_ok: bool) -> list[Problem]:
    out = []
    for p in problems:
        if absent_ok and p.code in ABSENT:
            continue
        if p.code in DOWNGRADED and p.severity == Severity.ERROR:
            p = replace(p, code=RENAMED.get(p.code, p.code), severity=Severity.WARNING)
        out.append(p)
    return out


def _located(problems: list[Problem], display: str) -> list[Problem]:
    return [replace(p, location=replace(p.location, file=display)) for p in problems]


def _report_day(cell: Cell | None) -> dt.date | None:
    if cell is None or cell.value is None:
        return None
    try:
        return parse_date(cell.value)
    except (ValueError, TypeError, OverflowError):
        return None


def _check(setup: YearSetup, agency: str, content: WorkbookContent, submitted: dt.date,
           absent_ok: bool) -> tuple[Answers, list[Problem]]:
    checker = _Checker(setup.forms[agency], content, submitted, setup.programme_date, setup.period_end)
    checker.tasks()
    checker.indicators()
    checker.assessment()
    return checker.answers, _relaxed(checker.problems, absent_ok)


# ---------------------------------------------------------------- which kind of file

def file_kind(path: Path, data: bytes) -> str:
    """``workbook``, ``consolidated`` or ``table`` (raises HistoryError when it is none of them)."""
    if path.suffix.lower() in TABLE_SUFFIXES:
        return "table"
    stopped = guard_spreadsheet(Incoming(path.name, data, str(path)))
    if stopped:
        raise HistoryError(stopped.problems[0])
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [nfc(n) for n in wb.sheet_names]
        wb.close()
    except Exception as exc:  # calamine's own error types
        raise _stop("col.unreadable", detail=str(exc)[:200]) from None
    keys = {match_key(n) for n in names}
    if match_key(L.SHEET_TASKS) in keys and keys & {match_key(L.SHEET_META), match_key(L.SHEET_ASSESSMENT)}:
        return "workbook"
    if match_key(TW.ANSWERS_SHEET) in keys:
        return "consolidated"
    return "table"


# ---------------------------------------------------------------- (a) an agency workbook

def read_agency_workbook(path: Path, data: bytes, display: str, year: int | None, setup: Setup) -> Extract:
    out = Extract("workbook")
    try:
        content = read_workbook(data)
    except Exception as exc:  # calamine's own error types
        raise _stop("col.unreadable", detail=str(exc)[:200]) from None
    identity, _ = agreed_identity(content.identity)
    found = identity.get("cycle")
    if found and not found.isdigit():
        raise _stop("hist.bad_year", Location(sheet=L.SHEET_META), found)
    file_year = int(found) if found else None
    if year is not None and file_year is not None and year != file_year:
        raise _stop("hist.year_mismatch", Location(sheet=L.SHEET_META), found, given=year, found=file_year)
    chosen = file_year or year
    if chosen is None:
        raise _stop("hist.no_year")
    ys = setup(chosen)
    item = Incoming(path.name, data, display)
    early, agency, how, problems = _identify(ys.context, item, content)
    if early is not None:  # not this programme, an agency it does not know, no identity: refused
        out.problems = _located(problems + early.problems, display)
        return out
    assert agency is not None
    reported = _report_day(content.assessment.get("report_date"))
    submitted = reported or ys.due
    answers, checked = _check(ys, agency, content, submitted, absent_ok=False)
    problems = _located(_relaxed(problems, False) + checked, display)
    record = Record(chosen, agency, answers, submitted, reported is not None, problems, display, how,
                    identity.get("layout"), identity.get("content_digest"))
    out.records.append(record)
    return out


# ---------------------------------------------------------------- (b) and (c): rows of answers

@dataclass
class _Row:
    """One answer or one table row, before its agency is resolved."""

    year: int | None
    agency_code: str | None
    agency_name: str | None
    kind: str  # task | indicator | assessment
    code: str
    cells: dict[str, Cell]  # field -> cell (value as written, reference as the user sees it)
    sheet: str | None
    row: int  # Excel row (1-based) or CSV line
    submitted: Cell | None = None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfc(str(value)).strip()
    return text or None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value


def _sheet_rows(data: bytes) -> list[tuple[str, list[list[Any]]]]:
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            return [(nfc(name), wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
                    for name in wb.sheet_names]
        finally:
            wb.close()
    except Exception as exc:  # calamine's own error types
        raise _stop("col.unreadable", detail=str(exc)[:200]) from None


def _csv_rows(data: bytes) -> list[list[Any]]:
    if len(data) > MAX_CSV_BYTES:
        raise _stop("col.too_large", size=len(data), limit=MAX_CSV_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")  # Windows' Vietnamese code page (Excel's "CSV" on a Vietnamese Windows)
        except UnicodeDecodeError:
            raise _stop("hist.csv_encoding") from None
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    """(0-based row, {key: 0-based column}) of the first row naming an agency and a task or indicator column."""
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for c, value in enumerate(row):
            key = _HEADER_KEYS.get(match_key(str(value))) if isinstance(value, str) and value.strip() else None
            if key and key not in found:
                found[key] = c
        if ({"agency_code", "agency_name"} & set(found)) and ({"task_code", "indicator_code"} & set(found)):
            return r, found
    return None


def _table_rows(sheet: str | None, rows: list[list[Any]], head: tuple[int, dict[str, int]],
                problems: list[Problem], display: str) -> list[_Row]:
    r0, cols = head
    out = []
    for r in range(r0 + 1, len(rows)):
        row = rows[r]

        def cell(key: str, row: list[Any] = row, r: int = r) -> Cell | None:
            c = cols.get(key)
            if c is None:
                return None
            value = _clean(row[c]) if c < len(row) else None
            return Cell(value, f"{col_letter(c)}{r + 1}")

        if not any(_clean(v) is not None for v in row):
            continue
        where = Location(file=display, sheet=sheet, row=r + 1)
        year_cell = cell("year")
        year = None
        if year_cell is not None and year_cell.value is not None:
            text = _text(year_cell.value) or ""
            if not re.fullmatch(r"\d{4}", text):
                problems.append(Problem("hist.bad_year", Severity.ERROR, replace(where, cell=year_cell.ref), {},
                                        year_cell.value))
                continue
            year = int(text)
        code_cell, name_cell = cell("agency_code"), cell("agency_name")
        agency_code = _text(code_cell.value) if code_cell else None
        agency_name = _text(name_cell.value) if name_cell else None
        task, indicator = cell("task_code"), cell("indicator_code")
        task_code = _text(task.value) if task else None
        indicator_code = _text(indicator.value) if indicator else None
        if not agency_code and not agency_name:
            problems.append(Problem("hist.no_agency", Severity.ERROR, where))
            continue
        if bool(task_code) == bool(indicator_code):
            problems.append(Problem("hist.task_or_indicator", Severity.ERROR, where))
            continue
        kind, code = ("task", task_code) if task_code else ("indicator", indicator_code)
        fields = TASK_FIELDS if kind == "task" else INDICATOR_FIELDS
        cells = {k: c for k in fields if (c := cell(k)) is not None}
        code_ref = (task if kind == "task" else indicator)
        assert code_ref is not None and code is not None
        cells[f"{kind}_code"] = Cell(code, code_ref.ref)
        out.append(_Row(year, agency_code, agency_name, kind, code, cells, sheet, r + 1, cell("submitted")))
    return out


def read_table(path: Path, data: bytes, display: str) -> tuple[list[_Row], list[Problem]]:
    problems: list[Problem] = []
    if path.suffix.lower() in TABLE_SUFFIXES:
        sheets: list[tuple[str | None, list[list[Any]]]] = [(None, _csv_rows(data))]
    else:
        sheets = list(_sheet_rows(data))
    out: list[_Row] = []
    found = False
    for sheet, rows in sheets:
        head = _header(rows)
        if head is not None:
            found = True
            out += _table_rows(sheet, rows, head, problems, display)
    if not found:
        wanted = ", ".join(TABLE_COLUMNS[k][0] for k in ("agency_code", "agency_name", "task_code", "indicator_code"))
        raise _stop("hist.no_table", Location(file=display), columns=wanted)
    return out, problems


def _core_title(data: bytes) -> str | None:
    """The document title (docProps/core.xml) of an .xlsx: ctrxl writes programme and year there."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "docProps/core.xml" not in zf.namelist() or zf.getinfo("docProps/core.xml").file_size > 1 << 20:
                return None
            xml = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    m = re.search(r"<dc:title>([^<]*)</dc:title>", xml)
    return nfc(m.group(1)) if m else None


_TITLE = re.compile(r"Tổng hợp kết quả thực hiện (?P<symbol>.+) năm (?P<year>\d{4})$")
_NAME_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def consolidated_year(path: Path, data: bytes, programme: str) -> int | None:
    """The year of a consolidated workbook: its title (which also names the programme), else its file name."""
    title = _core_title(data)
    m = _TITLE.match(title or "")
    if m:
        if m.group("symbol") != programme:
            raise _stop("col.other_programme", found=m.group("symbol"), expected=programme)
        return int(m.group("year"))
    years = _NAME_YEAR.findall(path.stem)
    return int(years[-1]) if years else None


def read_consolidated(data: bytes, display: str) -> tuple[list[_Row], dict[str, Cell], list[Problem]]:
    """The rows of the every-answer sheet(s), and the «Ngày nộp» cell of each agency name."""
    problems: list[Problem] = []
    sheets = _sheet_rows(data)
    answer_keys = {match_key(TW.ANSWERS_SHEET)}
    parts = {match_key(v): k for k, v in TW.ANSWER_PARTS.items()}
    fields = {
        "task": {match_key(c.header): c.key for c in L.TASK_COLUMNS if c.input},
        "indicator": {match_key(c.header): c.key for c in L.INDICATOR_COLUMNS if c.input},
        "assessment": {match_key(f.label): f.key for f in L.ASSESSMENT_FIELDS},
    }
    heads = [match_key(h) for h in TW.ANSWERS_HEADS]
    out: list[_Row] = []
    submitted: dict[str, Cell] = {}
    for sheet, rows in sheets:
        base = re.sub(r"\s*\(\d+\)$", "", sheet)
        if match_key(base) == match_key(TW.TRACKER_SHEET):
            submitted.update(_tracker_days(rows))
            continue
        if match_key(base) not in answer_keys:
            continue
        r0 = next((r for r, row in enumerate(rows[:HEADER_SEARCH_ROWS])
                   if [match_key(str(v)) for v in row[:len(heads)]] == heads), None)
        if r0 is None:
            problems.append(Problem("hist.no_header", Severity.ERROR, Location(file=display, sheet=sheet),
                                    {"columns": ", ".join(TW.ANSWERS_HEADS[:5])}))
            continue
        for r in range(r0 + 1, len(rows)):
            row = list(rows[r]) + [None] * 5
            name, part, code, label, value = (_clean(v) for v in row[:5])
            if name is None and part is None and code is None:
                continue
            where = Location(file=display, sheet=sheet, row=r + 1)
            kind = parts.get(match_key(str(part))) if part else None
            if kind is None:
                problems.append(Problem("hist.unknown_part", Severity.ERROR, replace(where, cell=f"B{r + 1}"),
                                        {"choices": ", ".join(TW.ANSWER_PARTS.values())}, part))
                continue
            key = fields[kind].get(match_key(str(label))) if label else None
            if key is None:
                problems.append(Problem("hist.unknown_field", Severity.ERROR, replace(where, cell=f"D{r + 1}"),
                                        {"part": TW.ANSWER_PARTS[kind]}, label))
                continue
            code_text = _text(code) if kind != "assessment" else key
            if not code_text or not name:
                problems.append(Problem("hist.incomplete_row", Severity.ERROR, where))
                continue
            cells = {key: Cell(value, f"E{r + 1}")}
            if kind != "assessment":
                cells[f"{kind}_code"] = Cell(code_text, f"C{r + 1}")
            out.append(_Row(None, None, _text(name), kind, code_text, cells, sheet, r + 1))
    return out, submitted, problems


def _tracker_days(rows: list[list[Any]]) -> dict[str, Cell]:
    heads = [match_key(h) for h in TW.TRACKER_HEADS]
    name_col, day_col = heads.index(match_key("Đơn vị")), heads.index(match_key("Ngày nộp"))
    out: dict[str, Cell] = {}
    r0 = next((r for r, row in enumerate(rows[:HEADER_SEARCH_ROWS])
               if [match_key(str(v)) for v in row[:len(heads)]] == heads), None)
    if r0 is None:
        return out
    for r in range(r0 + 1, len(rows)):
        row = list(rows[r]) + [None] * len(heads)
        name, day = _text(row[name_col]), _clean(row[day_col])
        if name and day is not None:
            out[match_key(name)] = Cell(day, f"{col_letter(day_col)}{r + 1}")
    return out


def _resolve(ys: YearSetup, row: _Row) -> tuple[str | None, str | None]:
    """(agency code, problem code) of a row's agency, by code and/or name (tone-insensitive)."""
    by_code = None
    if row.agency_code:
        if row.agency_code in ys.resolver.agencies:
            by_code = row.agency_code
        else:
            matches = [m for m in ys.resolver.resolve_name(row.agency_code) if m.kind == "agency"]
            by_code = matches[0].code if len(matches) == 1 else None
        if by_code is None:
            return None, "hist.unknown_agency"
    by_name = None
    if row.agency_name:
        codes = {m.code for m in ys.resolver.resolve_name(row.agency_name) if m.kind == "agency"}
        if len(codes) > 1:
            return None, "hist.ambiguous_agency"
        by_name = next(iter(codes), None)
        if by_name is None and by_code is None:
            return None, "hist.unknown_agency"
    if by_code and by_name and by_code != by_name:
        return None, "hist.agency_mismatch"
    return by_code or by_name, None


def records_from_rows(rows: list[_Row], kind: str, display: str, year: int | None, setup: Setup,
                      submitted_days: dict[str, Cell] | None = None) -> Extract:
    """Group rows by (year, agency), check each group as collect checks a workbook, build the records."""
    out = Extract(kind)
    groups: dict[tuple[int, str], list[_Row]] = {}
    for row in rows:
        where = Location(file=display, sheet=row.sheet, row=row.row)
        ry = row.year or year
        if row.year is not None and year is not None and row.year != year:
            out.problems.append(Problem("hist.year_mismatch", Severity.ERROR, where, {"given": year, "found": row.year},
                                        row.year))
            continue
        if ry is None:
            raise _stop("hist.no_year", Location(file=display))
        try:
            ys = setup(ry)
        except HistoryError as exc:
            exc.problem.location = replace(exc.problem.location, file=display, sheet=row.sheet, row=row.row)
            raise
        agency, problem = _resolve(ys, row)
        label = row.agency_name or row.agency_code
        if agency is None:
            out.problems.append(Problem(problem or "hist.unknown_agency", Severity.ERROR, where,
                                        {"agency": label, "year": ry}, label))
            continue
        if agency not in ys.forms:
            out.problems.append(Problem("hist.not_reporting", Severity.ERROR, where,
                                        {"agency": ys.resolver.agencies[agency].name, "year": ry}, label))
            continue
        groups.setdefault((ry, agency), []).append(row)
    for (ry, agency), members in sorted(groups.items()):
        ys = setup(ry)
        content, day_cell, problems = _content(members, kind, display)
        name = ys.resolver.agencies[agency].name
        if day_cell is None and submitted_days:
            day_cell = submitted_days.get(match_key(name))
        day, known = ys.due, False
        if day_cell is not None:
            try:
                parsed = parse_date(day_cell.value)
            except (ValueError, TypeError, OverflowError):
                parsed = None
                problems.append(Problem("col.bad_date", Severity.ERROR, Location(file=display, cell=day_cell.ref),
                                        {"column": "Ngày nộp"}, day_cell.value))
            if parsed is not None:
                day, known = parsed, True
        if not known:
            reported = _report_day(content.assessment.get("report_date"))
            if reported is not None:
                day, known = reported, True
        answers, checked = _check(ys, agency, content, day, absent_ok=True)
        # the checker names the agency workbook's sheets: put back the sheet each cell really is on
        # (none for a CSV file)
        sheet_of: dict[str, str | None] = {cell.ref: m.sheet for m in members for cell in m.cells.values()}
        answers.cells = {k: (sheet_of.get(ref, sheet) or "", ref) for k, (sheet, ref) in answers.cells.items()}
        checked = [replace(p, location=replace(p.location, sheet=sheet_of.get(p.location.cell or "", p.location.sheet)))
                   for p in checked]
        problems += _located(checked, display)
        sheets = sorted({m.sheet for m in members if m.sheet})
        origin = display + ("!" + ", ".join(sheets) if sheets else "")
        out.records.append(Record(ry, agency, answers, day, known, problems, origin, kind))
    return out


def _content(rows: list[_Row], kind: str, display: str) -> tuple[WorkbookContent, Cell | None, list[Problem]]:
    """One agency's rows as the reader's content, so the collect checker reads them."""
    problems: list[Problem] = []
    tables: dict[str, SheetTable] = {}
    assessment: dict[str, Cell] = {}
    day: Cell | None = None
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        if row.submitted is not None and row.submitted.value is not None:
            if day is not None and day.value != row.submitted.value:
                problems.append(Problem("hist.submitted_conflict", Severity.ERROR,
                                        Location(file=display, sheet=row.sheet, cell=row.submitted.ref),
                                        {"first": day.value}, row.submitted.value))
            day = day or row.submitted
        again: int | None = None  # the row this one repeats (reported once a row)
        if row.kind == "assessment":
            for key, cell in row.cells.items():
                again = again or seen.get(("assessment", key, ""))
                seen[("assessment", key, "")] = row.row
                assessment[key] = cell
            if again:
                problems.append(_duplicate(display, row, again))
            continue
        sheet_name = L.SHEET_TASKS if row.kind == "task" else L.SHEET_INDICATORS
        table = tables.setdefault(row.kind, SheetTable(row.sheet or sheet_name, 1, {}))
        target = table.rows.setdefault(row.code, {})
        for key, cell in row.cells.items():
            if key.endswith("_code") and key in target:
                continue
            again = again or seen.get((row.kind, row.code, key))
            seen[(row.kind, row.code, key)] = row.row
            target[key] = cell
        if again:
            problems.append(_duplicate(display, row, again))
    for kind_, table in tables.items():
        columns = L.TASK_COLUMNS if kind_ == "task" else L.INDICATOR_COLUMNS
        table.columns = {c.key: i for i, c in enumerate(columns)}
    content = WorkbookContent({}, [], tables.get("task"), tables.get("indicator"), assessment)
    if content.tasks is None:  # no task answered: an empty table, so the checker reads the indicators only
        content.tasks = SheetTable(L.SHEET_TASKS, 1, {c.key: i for i, c in enumerate(L.TASK_COLUMNS)})
    return content, day, problems


def _duplicate(display: str, row: _Row, first: int) -> Problem:
    return Problem("hist.duplicate_row", Severity.ERROR, Location(file=display, sheet=row.sheet, row=row.row),
                   {"first": first, "code": row.code})
