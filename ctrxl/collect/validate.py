"""Check a returned workbook against the form its agency was sent, and read its answers.

Every problem found is a ``Problem`` (``ctrxl/problems.py``) with a catalogue key
(``ctrxl/messages/collect.py``), a severity, the sheet and cell the clerk sees, the
value found, and parameters for the message and hint. Errors reject the submission (the agency resends);
warnings accept it with remarks. Answers are returned normalised (canonical
status, real dates, numbers) keyed by task or indicator code.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from ..model import IndicatorKind
from ..problems import Location, Problem, Severity
from ..vn import format_date, match_key, parse_date, parse_number
from ..workbook import layout as L
from ..workbook.forms import AgencyForm, role_label
from ..workbook.reader import Cell, WorkbookContent

EXCEL_CELL_LIMIT = 32767


@dataclass
class Answers:
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> field -> value
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    assessment: dict[str, Any] = field(default_factory=dict)
    # (kind, code, field) -> (sheet, cell)
    cells: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)


# Status labels by match key, plus the variants clerks type; the canonical label wins.
_STATUS_KEYS: dict[str, L.Status] = {match_key(label): status for status, label in L.STATUS_LABELS.items()}
_STATUS_VARIANTS: dict[str, L.Status] = {
    match_key(text): status for text, status in (
        ("hoàn thành", L.Status.DONE), ("đã xong", L.Status.DONE), ("xong", L.Status.DONE),
        ("đã thực hiện", L.Status.DONE), ("hoàn thành đúng hạn", L.Status.DONE),
        ("đang triển khai", L.Status.IN_PROGRESS), ("đang làm", L.Status.IN_PROGRESS),
        ("chưa hoàn thành", L.Status.IN_PROGRESS),
        ("thường xuyên", L.Status.CONTINUING), ("thực hiện thường xuyên", L.Status.CONTINUING),
        ("đang thực hiện thường xuyên", L.Status.CONTINUING),
        ("chưa triển khai", L.Status.NOT_STARTED), ("chưa làm", L.Status.NOT_STARTED),
        ("không phát sinh", L.Status.NOT_APPLICABLE), ("không thuộc phạm vi", L.Status.NOT_APPLICABLE),
        ("không áp dụng", L.Status.NOT_APPLICABLE),
    )
}
YES = {match_key(x) for x in ("có", "đạt", "x", "yes", "1", "rồi", "đã đạt")}
NO = {match_key(x) for x in ("không", "chưa", "chưa đạt", "no", "0", "không đạt")}


# label -> status, the first status of a label (as a search of STATUS_LABELS in order finds it)
_STATUS_BY_LABEL: dict[str, L.Status] = {}
for _status, _label in L.STATUS_LABELS.items():
    _STATUS_BY_LABEL.setdefault(_label, _status)
# column key -> header, once (each answered row needs them)
_TASK_HEADERS = {c.key: c.header for c in L.TASK_COLUMNS}
_INDICATOR_HEADERS = {c.key: c.header for c in L.INDICATOR_COLUMNS}
# The locked columns compared with the form (a clerk who edits one is told)
_TASK_LOCKED = ("task_text", "role", "deadline")
_INDICATOR_LOCKED = ("indicator_text", "target")
# The cells the checker reads, per sheet: the code, the locked columns and the inputs. Collect reads
# only these (``read_workbook(keys=…)``); the others (serial, section, the previous cycle's, the
# computed result) are information for the clerk, never answers.
CHECKED_KEYS: dict[str, frozenset[str]] = {
    "tasks": frozenset(("task_code", *_TASK_LOCKED, *(c.key for c in L.TASK_COLUMNS if c.input))),
    "indicators": frozenset(("indicator_code", *_INDICATOR_LOCKED,
                             *(c.key for c in L.INDICATOR_COLUMNS if c.input))),
}


def canonical_status(value: Any) -> tuple[L.Status | None, bool]:
    """(status, exact) for a typed value; exact is False when a variant was accepted."""
    if isinstance(value, str):
        if value in _STATUS_BY_LABEL:
            return _STATUS_BY_LABEL[value], True
        key = match_key(value)
        if key in _STATUS_KEYS:
            return _STATUS_KEYS[key], False
        if key in _STATUS_VARIANTS:
            return _STATUS_VARIANTS[key], False
    return None, False


class _Checker:
    def __init__(self, form: AgencyForm, content: WorkbookContent, submitted: dt.date, programme_date: dt.date | None,
                 period_end: dt.date | None = None):
        # Dates are judged against the submission's own day and the cycle's data period, never the
        # machine's clock (docs/status-rules.md).
        self.form, self.content, self.submitted, self.start = form, content, submitted, programme_date
        self.period_end = period_end
        self.problems: list[Problem] = []
        self.answers = Answers()

    def add(self, code: str, severity: Severity, sheet: str | None = None, cell: Cell | str | None = None,
            value: Any = None, /, **params: Any) -> None:  # positional: a ``sheet`` param may follow
        ref = cell.ref if isinstance(cell, Cell) else cell
        self.problems.append(Problem(code, severity, Location(sheet=sheet, cell=ref), params, value))

    def record(self, kind: str, code: str, key: str, value: Any, sheet: str, cell: Cell) -> None:
        if kind == "assessment":
            self.answers.assessment[code] = value
        else:
            target = self.answers.tasks if kind == "task" else self.answers.indicators
            target.setdefault(code, {})[key] = value
        self.answers.cells[(kind, code, key)] = (sheet, cell.ref)

    # -- generic cells ---------------------------------------------------------
    def text(self, sheet: str, cell: Cell, label: str) -> str | None:
        v = cell.value
        if v is None:
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        text = v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)
        if len(text) > EXCEL_CELL_LIMIT:
            self.add("col.text_too_long", Severity.ERROR, sheet, cell, f"{len(text)} ký tự", column=label,
                     limit=EXCEL_CELL_LIMIT)
        return text

    def date(self, sheet: str, cell: Cell, label: str, later: Severity = Severity.ERROR) -> dt.date | None:
        """A date cell; ``later``: the severity of a date after the submission day (an error for a
        completion date, a warning for a report's own date)."""
        v = cell.value
        if v is None:
            return None
        try:
            day = parse_date(v)
        except (ValueError, TypeError, OverflowError):
            self.add("col.bad_date", Severity.ERROR, sheet, cell, v, column=label)
            return None
        if day and day > self.submitted:
            self.add("col.date_after_submission", later, sheet, cell, format_date(day), column=label,
                     submitted=format_date(self.submitted))
        if day and self.start and day < self.start:
            self.add("col.date_before_programme", Severity.ERROR, sheet, cell, format_date(day), column=label,
                     start=format_date(self.start))
        return day

    def number(self, sheet: str, cell: Cell, label: str) -> float | None:
        v = cell.value
        if v is None:
            return None
        try:
            n = parse_number(v)
        except (ValueError, TypeError):
            self.add("col.not_number", Severity.ERROR, sheet, cell, v, column=label)
            return None
        if n is not None and (math.isnan(n) or math.isinf(n)):
            self.add("col.not_number", Severity.ERROR, sheet, cell, v, column=label)
            return None
        return n

    # -- sheets ----------------------------------------------------------------
    def tasks(self) -> None:
        sheet_name = L.SHEET_TASKS
        table = self.content.tasks
        if table is None:
            self.add("col.sheet_missing", Severity.ERROR, sheet_name, None, None, sheet=sheet_name)
            return
        sheet = table.sheet
        headers = _TASK_HEADERS
        # the previous-cycle columns are locked information, never answers; an older workbook has none
        missing_cols = [c.header for c in L.TASK_COLUMNS if c.key not in table.columns and not c.previous]
        if missing_cols:
            self.add("col.column_missing", Severity.ERROR, sheet, None, None, columns=", ".join(missing_cols))
        expected = {row.code: row for row in self.form.tasks}
        for code, row in table.rows.items():
            if code not in expected:
                self.add("col.task_unknown", Severity.ERROR, sheet, row["task_code"], code, task=code)
                continue
            exp = expected[code]
            want = dict(zip(_TASK_LOCKED, (exp.text, role_label(exp.role), exp.deadline or "Không ghi thời hạn"),
                            strict=True))
            for key, value in want.items():
                if key in row and (row[key].value or "") != value:
                    self.add("col.locked_edited", Severity.ERROR, sheet, row[key], row[key].value, task=code,
                             column=headers[key])
            self.task_inputs(sheet, code, row, exp.continuous)
        for code, excel_row in table.duplicates:
            self.add("col.task_duplicate", Severity.ERROR, sheet, f"{self._col(table, 'task_code')}{excel_row}", code,
                     task=code)
        for excel_row in table.uncoded:
            self.add("col.row_without_code", Severity.ERROR, sheet, f"A{excel_row}", None, row=excel_row)
        for code in expected:
            if code not in table.rows:
                self.add("col.task_missing", Severity.ERROR, sheet, None, code, task=code)

    @staticmethod
    def _col(table, key: str) -> str:
        from ..workbook.reader import col_letter

        return col_letter(table.columns.get(key, 0))

    def task_inputs(self, sheet: str, code: str, row: dict[str, Cell], continuous: bool) -> None:
        h = _TASK_HEADERS
        status_cell = row.get("status")
        status = None
        kept = False
        earlier = self.form.previous_tasks.get(code)
        done_cell = row.get("completed_on")
        if status_cell is not None and status_cell.value is None and earlier is not None \
                and earlier.done_in is not None:
            # A one-off task completed in an earlier cycle needs no new answer (unless the definition says
            # ``reask``, and then the form has no done_in): the earlier answer stands, its date too.
            self.record("task", code, "status", L.Status.DONE.value, sheet, status_cell)
            if done_cell is not None and done_cell.value is None:
                if earlier.completed_on is not None:
                    self.record("task", code, "completed_on", earlier.completed_on.isoformat(), sheet, done_cell)
                done_cell = None
            status = L.Status.DONE
            kept = True
        elif status_cell is None or status_cell.value is None:
            self.add("col.status_empty", Severity.ERROR, sheet, status_cell, None, task=code)
        else:
            status, exact = canonical_status(status_cell.value)
            if status is None:
                self.add("col.status_invalid", Severity.ERROR, sheet, status_cell, status_cell.value, task=code,
                         choices="; ".join(L.STATUS_LABELS.values()))
            elif not exact:
                self.add("col.status_variant", Severity.WARNING, sheet, status_cell, status_cell.value, task=code,
                         canonical=L.STATUS_LABELS[status])
            if status is not None:
                self.record("task", code, "status", status.value, sheet, status_cell)
        done = self.date(sheet, done_cell, h["completed_on"]) if done_cell else None
        if done_cell:
            self.record("task", code, "completed_on", done.isoformat() if done else None, sheet, done_cell)
        if done is not None and self.period_end and self.period_end < done <= self.submitted:
            self.add("col.date_after_period", Severity.WARNING, sheet, done_cell, format_date(done), task=code,
                     end=format_date(self.period_end))
        if status == L.Status.DONE and done is None and not kept and not (done_cell and done_cell.value is not None):
            self.add("col.done_without_date", Severity.ERROR, sheet, done_cell, None, task=code)
        if done is not None and status not in (L.Status.DONE, None):
            self.add("col.date_without_done", Severity.WARNING, sheet, done_cell, format_date(done), task=code,
                     status=L.STATUS_LABELS[status])
        prog_cell = row.get("progress")
        if prog_cell:
            progress = self.number(sheet, prog_cell, h["progress"])
            if progress is not None and not 0 <= progress <= 100:
                self.add("col.progress_range", Severity.ERROR, sheet, prog_cell, prog_cell.value, task=code)
                progress = None
            self.record("task", code, "progress", progress, sheet, prog_cell)
        for key in ("results", "evidence", "difficulties", "proposals"):
            if key in row:
                self.record("task", code, key, self.text(sheet, row[key], h[key]), sheet, row[key])
        if status == L.Status.NOT_STARTED and not (row.get("difficulties") and row["difficulties"].value):
            self.add("col.reason_missing", Severity.WARNING, sheet, row.get("difficulties"), None, task=code)

    def indicators(self) -> None:
        table = self.content.indicators
        expected = {x.code: x for x in self.form.indicators}
        if table is None:
            if expected:
                self.add("col.sheet_missing", Severity.ERROR, L.SHEET_INDICATORS, None, None, sheet=L.SHEET_INDICATORS)
            return
        sheet = table.sheet
        h = _INDICATOR_HEADERS
        for code, row in table.rows.items():
            if code not in expected:
                self.add("col.indicator_unknown", Severity.ERROR, sheet, row["indicator_code"], code, indicator=code)
                continue
            exp = expected[code]
            for key, want in zip(_INDICATOR_LOCKED, (exp.text, exp.target), strict=True):
                if key in row and (row[key].value or "") != want:
                    self.add("col.locked_edited_indicator", Severity.ERROR, sheet, row[key], row[key].value,
                             indicator=code, column=h[key])
            if exp.kind == IndicatorKind.RATIO:
                num = self.number(sheet, row["numerator"], h["numerator"]) if "numerator" in row else None
                den = self.number(sheet, row["denominator"], h["denominator"]) if "denominator" in row else None
                for key, v in (("numerator", num), ("denominator", den)):
                    if v is not None and v < 0:
                        self.add("col.negative", Severity.ERROR, sheet, row[key], v, indicator=code, column=h[key])
                if num is not None and den is not None and num > den >= 0:
                    self.add("col.numerator_gt_denominator", Severity.ERROR, sheet, row["numerator"], num,
                             indicator=code, den=den)
                if den == 0 and num not in (None, 0):
                    self.add("col.denominator_zero", Severity.ERROR, sheet, row["denominator"], den, indicator=code)
                if (num is None) != (den is None):
                    self.add("col.ratio_incomplete", Severity.WARNING, sheet,
                             row["numerator" if num is None else "denominator"], None, indicator=code)
                for key, v in (("numerator", num), ("denominator", den)):
                    if key in row:
                        self.record("indicator", code, key, v, sheet, row[key])
            elif exp.kind == IndicatorKind.YESNO:
                cell = row.get("value")
                value = None
                if cell is not None and cell.value is not None:
                    key = match_key(str(cell.value))
                    value = True if key in YES else False if key in NO else None
                    if value is None:
                        self.add("col.yesno_invalid", Severity.ERROR, sheet, cell, cell.value, indicator=code)
                if cell is not None:
                    self.record("indicator", code, "value", value, sheet, cell)
            else:
                cell = row.get("value")
                v = self.number(sheet, cell, h["value"]) if cell is not None else None
                if v is not None and v < 0:
                    self.add("col.negative", Severity.ERROR, sheet, cell, v, indicator=code, column=h["value"])
                if cell is not None:
                    self.record("indicator", code, "value", v, sheet, cell)
            if "note" in row:
                self.record("indicator", code, "note", self.text(sheet, row["note"], h["note"]), sheet, row["note"])
        for code in expected:
            if code not in table.rows:
                self.add("col.indicator_missing", Severity.ERROR, sheet, None, code, indicator=code)
        for code, excel_row in table.duplicates:
            self.add("col.indicator_duplicate", Severity.ERROR, sheet, f"B{excel_row}", code, indicator=code)

    def assessment(self) -> None:
        sheet = L.SHEET_ASSESSMENT
        cells = self.content.assessment
        if not cells:
            self.add("col.sheet_missing", Severity.ERROR, sheet, None, None, sheet=sheet)
            return
        for fld in L.ASSESSMENT_FIELDS:
            cell = cells.get(fld.key)
            if cell is None:
                self.add("col.field_missing", Severity.ERROR, sheet, None, None, field=fld.label)
                continue
            if fld.kind == L.Kind.DATE:
                day = self.date(sheet, cell, fld.label, later=Severity.WARNING)
                value = day.isoformat() if day else None
            else:
                value = self.text(sheet, cell, fld.label)
            if fld.required and value is None:
                self.add("col.required_empty", Severity.WARNING, sheet, cell, None, field=fld.label)
            self.record("assessment", fld.key, "value", value, sheet, cell)


def check_workbook(form: AgencyForm, content: WorkbookContent, submitted: dt.date,
                   programme_date: dt.date | None, period_end: dt.date | None = None) -> tuple[Answers, list[Problem]]:
    """Check one workbook; ``submitted`` is the office day of the submission (its mail or file time,
    else when it was received), ``period_end`` the end of the cycle's data period."""
    c = _Checker(form, content, submitted, programme_date, period_end)
    c.tasks()
    c.indicators()
    c.assessment()
    return c.answers, c.problems
