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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class Consolidation:
    status: StatusReport
    reference: dt.date
    pairs: dict[tuple[str, str], dict[str, Any]]  # (task, agency) -> {role, category, status, ...}
    per_agency: dict[str, dict[str, int]]
    per_task: dict[str, dict[str, int]]
    overall: dict[str, int]
    disagreements: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    answers: list[Answer]
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


def load_answers(definition: Definition, store: Store) -> tuple[list[Answer], dict[str, str]]:
    cid = store.cycle_of(definition)
    accepted = store.accepted_submissions(cid)
    by_id = {row["id"]: (agency, row["original_name"]) for agency, row in accepted.items()}
    if not by_id:
        return [], {}
    out = []
    marks = ",".join("?" * len(by_id))
    for sid, kind, code, fld, value, sheet, cell in store.conn.execute(
            f"SELECT submission_id, kind, code, field, value, sheet, cell FROM answers "
            f"WHERE submission_id IN ({marks})",
            list(by_id)):
        agency, name = by_id[sid]
        out.append(Answer(agency, kind, code, fld, json.loads(value) if value is not None else None, sheet, cell, sid,
                          name))
    return out, {agency: name for agency, name in by_id.values()}


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


def consolidate_figures(definition: Definition, store: Store, today: dt.date | None = None) -> Consolidation:
    status = agency_status(definition, store, today)
    cycle = definition.cycle
    reference, reference_kind = statistics_reference(cycle.due, status.today)
    answers, files = load_answers(definition, store)
    reported = {s.code for s in status.agencies if s.state in ("on_time", "late")}
    task_answers: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    assessment: dict[str, dict[str, Any]] = defaultdict(dict)
    for a in answers:
        if a.kind == "task":
            task_answers[(a.code, a.agency)][a.field] = a.value
        elif a.kind == "assessment":
            assessment[a.agency][a.code] = a.value
    on = definition.reference_date
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    per_agency: dict[str, Counter] = {c: Counter() for c in definition.reporting}
    per_task: dict[str, Counter] = {}
    overall: Counter = Counter()
    disagreements = []
    for task in definition.programme.tasks:
        due = task_due(definition, task)
        continuous = is_continuous(task)
        counter: Counter = Counter()
        roles = definition.resolver.task_roles(task, on)
        for role, codes in roles.items():
            for code in codes:
                if code not in reported:
                    counter["not_reported"] += 1
                    per_agency.setdefault(code, Counter())["not_reported"] += 1
                    overall["not_reported"] += 1
                    pairs[(task.code, code)] = {"role": role.value, "category": "not_reported", "status": None}
                    continue
                ans = task_answers.get((task.code, code), {})
                completed = dt.date.fromisoformat(ans["completed_on"]) if ans.get("completed_on") else None
                category = classify(ans.get("status"), completed, due, continuous, reference)
                counter[category] += 1
                per_agency.setdefault(code, Counter())[category] += 1
                overall[category] += 1
                pairs[(task.code, code)] = {"role": role.value, "category": category, "status": ans.get("status"),
                                            "completed_on": ans.get("completed_on"),
                                            "due": due.isoformat() if due else None}
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
        indicators=_indicator_figures(definition, answers, reported),
        answers=answers, assessment=dict(assessment), files=files, reference_kind=reference_kind,
    )
