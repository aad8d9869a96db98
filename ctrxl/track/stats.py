"""Task statistics the way officials count them, lead/coordinator comparison, indicators.

Each (task, agency) pair of an agency with an accepted submission falls in exactly
one category — so every total is the sum of its parts. The rules are the table in
docs/status-rules.md (``classify`` below is that table, row by row):

- ``done_on_time``: completed, on or before the task's due day (or the task has none);
- ``done_late``: completed after the due day;
- ``in_progress``: not completed, the due day not passed (or none, or a condition);
- ``overdue``: a dated deadline has passed (at the cycle's reference date) and the task is not completed;
- ``continuous``: a continuous / yearly / from-a-year task reported as being carried out
  ("Đang thực hiện" or "Đang thực hiện thường xuyên") — never overdue;
- ``not_started``: not started, the due day not passed (or none);
- ``not_applicable``: the agency says the task does not concern it.

The reference date of the statistics (``statistics_reference``) is today (the office's day)
while the cycle is open, the cycle's due date from the due date on (``reference_date`` and its kind
``reference`` in the JSON, printed on every sheet and report): after the due date the figures never
depend on the day the command runs.
Rates are over the applicable pairs (all but ``not_applicable``). Agencies without
an accepted submission are counted apart as ``not_reported``, never in the rates.
Indicators: per agency numerator, denominator and value; the city figure of a
ratio is Σ numerators / Σ denominators over the agencies that reported both — never
a mean of percentages; a blank is "not reported", a typed 0 is a real 0.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..bulk import fewer_collections
from ..definition.load import Definition
from ..model import DeadlineKind, IndicatorKind, Role, TargetOp
from ..store import Store
from ..workbook import layout as L
from .status import StatusReport, agency_status

CATEGORIES = ("done_on_time", "done_late", "in_progress", "overdue", "continuous", "not_started", "not_applicable")
CATEGORY_LABELS = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành chậm hạn",
    "in_progress": "Đang thực hiện, trong hạn",
    "overdue": "Quá hạn, chưa hoàn thành",
    "continuous": "Thường xuyên, đang thực hiện",
    "not_started": "Chưa thực hiện",
    "not_applicable": "Không thuộc phạm vi",
    "not_reported": "Chưa báo cáo",
}
VERDICTS = {"exceeded": "vượt", "met": "đạt", "missed": "không đạt", "no_data": "chưa có số liệu"}


def task_due(definition: Definition, task) -> dt.date | None:
    """The day a task must be done by, for this cycle; None for continuous or conditional tasks."""
    d = task.deadline
    cycle = definition.cycle
    if d.kind == DeadlineKind.YEARLY:
        return cycle.period_end or cycle.due
    if d.kind in (DeadlineKind.CONTINUOUS, DeadlineKind.FROM_YEAR, DeadlineKind.CONDITIONAL, DeadlineKind.NONE):
        return None
    return d.due


def is_continuous(task) -> bool:
    """A task carried out over and over: continuous, from a year on, or yearly."""
    return task.deadline.is_continuous


def statistics_reference(due: dt.date, today: dt.date) -> tuple[dt.date, str]:
    """(R, its kind), docs/status-rules.md: today (``"today"``) while the cycle is open — a report run on
    2/12 for a cycle due 15/12 counts the figures as they are on 2/12, not as if the due date had come —
    and the due date (``"due"``) on and after it."""
    return (today, "today") if today < due else (due, "due")


def classify(status: str | None, completed: dt.date | None, due: dt.date | None, continuous: bool,
             reference: dt.date) -> str:
    """The category of one (task, agency) answer: docs/status-rules.md, row by row."""
    if status == L.Status.NOT_APPLICABLE:
        return "not_applicable"  # row 1
    if status == L.Status.DONE:
        return "done_late" if due and completed and completed > due else "done_on_time"  # rows 2-4
    ongoing = status in (L.Status.CONTINUING, L.Status.IN_PROGRESS)
    if continuous and ongoing:
        return "continuous"  # row 5: never overdue
    if due is not None and due < reference:
        return "overdue"  # rows 6, 8
    if status == L.Status.NOT_STARTED:
        return "not_started"  # row 9
    return "in_progress"  # rows 7, 10


def rates(counts: dict[str, int]) -> dict[str, float | None]:
    applicable = sum(counts.get(c, 0) for c in CATEGORIES if c != "not_applicable")
    out: dict[str, float | None] = {}
    for c in CATEGORIES:
        if c == "not_applicable":
            continue
        out[c] = round(100 * counts.get(c, 0) / applicable, 1) if applicable else None
    done = counts.get("done_on_time", 0) + counts.get("done_late", 0)
    out["completed"] = round(100 * done / applicable, 1) if applicable else None
    return out


@dataclass
class Answer:
    agency: str
    kind: str
    code: str
    field: str
    value: Any
    sheet: str | None
    cell: str | None
    submission: int
    file: str


class Pair:
    """One (task, agency) pair: role, category, status, completed_on, due (ISO dates). Read like the
    dict it replaces — ``p["status"]``, ``p.get("due")`` — in a fifth of the memory (800,000 pairs at
    10,000 agencies). A pair of an agency that has not reported has no completed_on and due (None)."""

    __slots__ = ("role", "category", "status", "completed_on", "due")

    def __init__(self, role: str, category: str, status: str | None, completed_on: str | None = None,
                 due: str | None = None):
        self.role, self.category, self.status, self.completed_on, self.due = role, category, status, completed_on, due

    def __getitem__(self, key: str) -> Any:
        if key not in _PAIR_KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in _PAIR_KEYS else default

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pair) and all(getattr(self, k) == getattr(other, k) for k in _PAIR_KEYS)

    def __repr__(self) -> str:
        return f"Pair({', '.join(f'{k}={getattr(self, k)!r}' for k in _PAIR_KEYS)})"


_PAIR_KEYS = frozenset(Pair.__slots__)


@dataclass
class Consolidation:
    status: StatusReport
    reference: dt.date
    pairs: dict[tuple[str, str], Pair]  # (task, agency) -> role, category, status, completed_on, due
    per_agency: dict[str, dict[str, int]]
    per_task: dict[str, dict[str, int]]
    overall: dict[str, int]
    disagreements: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    answers: StoredAnswers  # read from the store when gone through: keep the store open
    assessment: dict[str, dict[str, Any]]  # agency -> field -> value
    files: dict[str, str] = field(default_factory=dict)  # agency -> file name
    reference_kind: str = "due"  # "today" while the cycle is open (statistics_reference)

    @property
    def open(self) -> bool:
        """The figures are taken before the cycle's due date: not yet complete."""
        return self.reference_kind == "today"

    def to_json(self, definition: Definition) -> dict[str, Any]:
        names = {c: a.name for c, a in definition.resolver.agencies.items()}
        return {
            "year": self.status.year,
            "reference_date": self.reference.isoformat(),
            "reference": self.reference_kind,
            "submissions": self.status.to_json(),
            "overall": {"counts": self.overall, "rates": rates(self.overall)},
            "per_agency": [{"agency": a, "name": names.get(a, a), "counts": c, "rates": rates(c)}
                           for a, c in self.per_agency.items()],
            "per_task": [{"task": t, "counts": c, "rates": rates(c)} for t, c in self.per_task.items()],
            "disagreements": self.disagreements,
            "indicators": self.indicators,
        }


def answer_value(text: str | None) -> Any:
    """An answer's value from its JSON text (collect's ``_json``); the common shapes without the
    decoder: a string without escapes is its text between the quotes, a number its ``repr``."""
    if text is None:
        return None
    first = text[:1]
    if first == '"' and "\\" not in text:
        return text[1:-1]
    if first in _NUMBER_START:
        try:
            return int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:
            pass
    elif text in _CONSTANTS:
        return _CONSTANTS[text]
    return json.loads(text)


_NUMBER_START = frozenset("-0123456789")
_CONSTANTS = {"null": None, "true": True, "false": False}
_COLUMNS = "submission_id, kind, code, field, value, sheet, cell"


class StoredAnswers:
    """Every answer of the accepted submissions, read from the store each time it is gone through,
    never all held (as Python objects ~0.27 MiB an agency: 3 GiB at 10,000 agencies). Iterating
    yields ``Answer`` in the store's key order (submission, kind, code, field); ``select`` narrows
    to some kinds and fields in that order; ``rows_by_agency`` gives the every-answer sheet's rows.
    The store must stay open while they are read."""

    def __init__(self, conn: sqlite3.Connection, by_id: dict[int, tuple[str, str]]):
        self._conn = conn
        self.by_id = by_id  # submission id -> (agency, original file name)
        self._ids = json.dumps(sorted(by_id))
        self._count: int | None = None
        self._agency_ids: dict[str, list[int]] | None = None  # agency -> its submissions (of_agency)

    @property
    def private(self) -> bool:
        """Whether they are read from a private copy of the store (the read-only snapshot, or memory),
        which nobody else writes: a forked process may read it too (``ahead.py``)."""
        return not self._conn.execute("PRAGMA database_list").fetchone()[2]

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._conn.execute(
                "SELECT count(*) FROM answers WHERE submission_id IN (SELECT value FROM json_each(?))",
                (self._ids,)).fetchone()[0] if self.by_id else 0
        return self._count

    def __iter__(self) -> Iterator[Answer]:
        return self.select()

    def select(self, kinds: tuple[str, ...] = (), fields: tuple[str, ...] = ()) -> Iterator[Answer]:
        if not self.by_id:
            return
        where, params = "submission_id IN (SELECT value FROM json_each(?))", [self._ids]
        if kinds:
            where += f" AND kind IN ({','.join('?' * len(kinds))})"
            params += kinds
        if fields:
            where += f" AND field IN ({','.join('?' * len(fields))})"
            params += fields
        by_id = self.by_id
        for sid, kind, code, fld, value, sheet, cell in self._conn.execute(
                f"SELECT {_COLUMNS} FROM answers WHERE {where} ORDER BY submission_id, kind, code, field", params):
            agency, name = by_id[sid]
            yield Answer(agency, kind, code, fld, answer_value(value), sheet, cell, sid, name)

    def values(self, kind: str, fields: tuple[str, ...]) -> Iterator[tuple[str, str, str, Any]]:
        """(agency, code, field, value) of one kind's answers in ``fields``, in the store's key order."""
        if not self.by_id:
            return
        by_id = self.by_id
        for sid, code, fld, value in self._conn.execute(
                f"SELECT submission_id, code, field, value FROM answers WHERE submission_id IN "
                f"(SELECT value FROM json_each(?)) AND kind = ? AND field IN ({','.join('?' * len(fields))}) "
                f"ORDER BY submission_id, kind, code, field", [self._ids, kind, *fields]):
            yield by_id[sid][0], code, fld, answer_value(value)

    def of_agency(self, agency: str, kind: str) -> Iterator[tuple[str, str, Any]]:
        """(code, field, value) of one agency's answers of one kind, in the store's key order: one
        indexed query per submission of the agency (an agency report reads its own, not the city's)."""
        if self._agency_ids is None:
            ids: dict[str, list[int]] = defaultdict(list)
            for sid in sorted(self.by_id):
                ids[self.by_id[sid][0]].append(sid)
            self._agency_ids = ids
        for sid in self._agency_ids.get(agency, []):
            for code, fld, value in self._conn.execute(
                    "SELECT code, field, value FROM answers WHERE submission_id = ? AND kind = ? "
                    "ORDER BY code, field", (sid, kind)):
                yield code, fld, answer_value(value)

    def rows_by_agency(self) -> Iterator[tuple[str, str, str, str, Any, str | None, str | None, str]]:
        """(agency, kind, code, field, value, sheet, cell, file) ordered by agency, kind, code, field."""
        for agency, name, rows in self.by_agency():
            for kind, code, fld, value, sheet, cell in rows:
                yield agency, kind, code, fld, answer_value(value), sheet, cell, name

    def by_agency(self) -> Iterator[tuple[str, str, sqlite3.Cursor]]:
        """(agency, file name, its answers) by agency; the answers (kind, code, field, value, sheet,
        cell) in key order, each value its JSON text (``answer_value`` reads it): one indexed query per
        submission (an agency has one accepted submission), nothing sorted in memory."""
        conn = self._conn
        for agency, sid, name in sorted((agency, sid, name) for sid, (agency, name) in self.by_id.items()):
            yield agency, name, conn.execute(
                "SELECT kind, code, field, value, sheet, cell FROM answers WHERE submission_id = ? "
                "ORDER BY kind, code, field", (sid,))


def load_answers(definition: Definition, store: Store) -> tuple[StoredAnswers, dict[str, str]]:
    cid = store.cycle_of(definition)
    accepted = store.accepted_submissions(cid)
    by_id = {row["id"]: (agency, row["original_name"]) for agency, row in accepted.items()}
    return StoredAnswers(store.conn, by_id), {agency: name for agency, name in by_id.values()}


def _verdict(target, value: float | None) -> str:
    if value is None or target is None:
        return "no_data"
    op = target.op
    if op == TargetOp.BETWEEN:
        if target.max is not None and value > target.max:
            return "exceeded"
        return "met" if target.min is None or value >= target.min else "missed"
    t = target.value
    if op in (TargetOp.GE, TargetOp.GT):
        if value > t:
            return "exceeded"
        return "met" if (value == t and op == TargetOp.GE) else "missed"
    if op in (TargetOp.LE, TargetOp.LT):
        return "met" if (value < t or (value == t and op == TargetOp.LE)) else "missed"
    return "met" if abs(value - t) < 1e-9 else "missed"


def _indicator_figures(definition: Definition, answers: list[Answer], reporting: set[str]) -> list[dict[str, Any]]:
    values: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for a in answers:
        if a.kind == "indicator":
            values[(a.code, a.agency)][a.field] = a.value
    on = definition.reference_date
    out = []
    for x in definition.programme.indicators:
        agencies = [c for c in definition.resolver.sorted_codes(definition.resolver.assignees(x.reporters, on))]
        rows = []
        for code in agencies:
            v = values.get((x.code, code), {})
            row: dict[str, Any] = {"agency": code, "reported": code in reporting}
            if x.kind == IndicatorKind.RATIO:
                num, den = v.get("numerator"), v.get("denominator")
                complete = num is not None and den is not None and den > 0
                row.update(numerator=num, denominator=den,
                           value=(round(100 * num / den, 2)
                                  if complete and num is not None and den is not None else None),
                           has_data=complete)
            elif x.kind == IndicatorKind.YESNO:
                val = v.get("value")
                row.update(value=val, has_data=val is not None)
            else:
                val = v.get("value")
                row.update(value=val, has_data=val is not None)
            if x.kind == IndicatorKind.YESNO:
                row["verdict"] = "no_data" if not row["has_data"] else ("met" if row["value"] else "missed")
            else:
                row["verdict"] = _verdict(x.target, row["value"])
            rows.append(row)
        with_data = [r for r in rows if r["has_data"]]
        city: dict[str, Any] = {"reported": len(with_data), "expected": len(rows)}
        if x.kind == IndicatorKind.RATIO:
            num = sum(r["numerator"] for r in with_data)
            den = sum(r["denominator"] for r in with_data)
            city.update(numerator=num, denominator=den, value=round(100 * num / den, 2) if den else None)
        elif x.kind == IndicatorKind.YESNO:
            yes = sum(1 for r in with_data if r["value"])
            city.update(yes=yes, value=(yes == len(with_data)) if with_data else None)
        else:
            city.update(value=sum(r["value"] for r in with_data) if with_data else None)
        if x.kind == IndicatorKind.YESNO:
            city["verdict"] = "no_data" if city["value"] is None else ("met" if city["value"] else "missed")
        else:
            city["verdict"] = _verdict(x.target, city["value"])
        out.append({
            "code": x.code, "text": x.text, "unit": x.unit, "kind": x.kind.value,
            "target": None if x.target is None else {"op": x.target.op.value, "value": x.target.value,
                                                     "min": x.target.min, "max": x.target.max,
                                                     "text": x.target.describe()},
            "year": x.year, "yearly": x.yearly, "city": city, "agencies": rows,
        })
    return out


@fewer_collections()
def consolidate_figures(definition: Definition, store: Store, today: dt.date | None = None) -> Consolidation:
    status = agency_status(definition, store, today)
    cycle = definition.cycle
    reference, reference_kind = statistics_reference(cycle.due, status.today)
    answers, files = load_answers(definition, store)
    reported = {s.code for s in status.agencies if s.state in ("on_time", "late")}
    # Only what the figures need — the status and date of each task answer, the assessment, the
    # indicators — task by task (task → agency → value) and each distinct text once: at 10,000
    # agencies there are 800,000 pairs.
    statuses: dict[str, dict[str, Any]] = defaultdict(dict)
    dates: dict[str, dict[str, Any]] = defaultdict(dict)
    same: dict[Any, Any] = {}
    for agency, code, fld, value in answers.values("task", ("status", "completed_on")):
        if isinstance(value, str):
            value = same.setdefault(value, value)
        (statuses if fld == "status" else dates)[code][agency] = value
    assessment: dict[str, dict[str, Any]] = defaultdict(dict)
    for a in answers.select(("assessment",)):
        assessment[a.agency][a.code] = a.value
    indicator_answers = list(answers.select(("indicator",)))
    on = definition.reference_date
    pairs: dict[tuple[str, str], Pair] = {}
    # (seeded in the registry's order; an agency outside it is added where it first has a task)
    per_agency: defaultdict[str, Counter] = defaultdict(Counter, {c: Counter() for c in definition.reporting})
    per_task: dict[str, Counter] = {}
    overall: Counter = Counter()
    disagreements = []
    for task in definition.programme.tasks:
        due = task_due(definition, task)
        due_text = due.isoformat() if due else None
        continuous = is_continuous(task)
        counter: Counter = Counter()
        roles = definition.resolver.task_roles(task, on)
        status_of, date_of = statuses.pop(task.code, {}), dates.pop(task.code, {})
        tc = task.code
        for role, codes in roles.items():
            rv = role.value
            for code in codes:
                if code not in reported:
                    counter["not_reported"] += 1
                    per_agency[code]["not_reported"] += 1
                    overall["not_reported"] += 1
                    pairs[(tc, code)] = Pair(rv, "not_reported", None)
                    continue
                done_on = date_of.get(code)
                completed = dt.date.fromisoformat(done_on) if done_on else None
                given = status_of.get(code)
                category = classify(given, completed, due, continuous, reference)
                counter[category] += 1
                per_agency[code][category] += 1
                overall[category] += 1
                pairs[(tc, code)] = Pair(rv, category, given, done_on, due_text)
        per_task[task.code] = counter
        leads = [(c, pairs[(task.code, c)]["status"]) for c in roles[Role.LEAD] if c in reported]
        coords = [(c, pairs[(task.code, c)]["status"]) for c in roles[Role.COORDINATE] if c in reported]
        for lead, ls in leads:
            for coord, cs in coords:
                if ((ls == L.Status.DONE and cs == L.Status.NOT_STARTED)
                        or (ls == L.Status.NOT_STARTED and cs == L.Status.DONE)):
                    disagreements.append({"task": task.code, "lead": lead, "lead_status": ls,
                                          "coordinator": coord, "coordinator_status": cs})
    full = lambda c: {k: c.get(k, 0) for k in (*CATEGORIES, "not_reported")}  # noqa: E731
    return Consolidation(
        status=status, reference=reference, pairs=pairs,
        per_agency={a: full(c) for a, c in per_agency.items()},
        per_task={t: full(c) for t, c in per_task.items()},
        overall=full(overall), disagreements=disagreements,
        indicators=_indicator_figures(definition, indicator_answers, reported),
        answers=answers, assessment=dict(assessment), files=files, reference_kind=reference_kind,
    )
