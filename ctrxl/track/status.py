"""``ctrxl status``: who has sent, on time or late, who must resend, who has sent nothing.

An agency's state in a cycle:
- ``on_time`` / ``late``: it has an accepted submission (accepted, or accepted with
  remarks); late when its FIRST accepted submission was sent after the due date — a later
  correction is recorded (``corrections``, ``first_submitted_at``) and never makes it late.
  The submission time is the mail's date for mail, the file's time for files, else when
  collect received it (docs/status-rules.md).
- ``rejected``: its latest submission was rejected and it has no accepted one: it must resend.
- ``missing``: nothing received.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import clock
from ..clock import local_date
from ..definition.load import Definition
from ..messages import msg
from ..store import Store
from ..vn import format_date, sort_key

STATES = ("on_time", "late", "rejected", "missing")


@dataclass
class AgencyStatus:
    code: str
    name: str
    state: str
    submitted_at: str | None = None  # ISO
    submission: int | None = None
    file: str | None = None
    outcome: str | None = None  # accepted | warnings | rejected
    days_late: int | None = None
    errors: int = 0
    warnings: int = 0
    emails: list[str] = field(default_factory=list)
    receipt: str | None = None
    first_submitted_at: str | None = None  # ISO: the first accepted submission, which decides timeliness
    corrections: int = 0  # accepted submissions after the first

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class StatusReport:
    year: int
    due: dt.date
    today: dt.date
    agencies: list[AgencyStatus]
    timezone: str | None = None  # the office's, for the days shown

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATES}
        for a in self.agencies:
            out[a.state] += 1
        out["expected"] = len(self.agencies)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "due": self.due.isoformat(), "today": self.today.isoformat(),
                "days_left": self.days_left, "counts": self.counts(),
                "agencies": [a.to_json() for a in self.agencies]}


def _day(iso: str | None, tz: str | None = None) -> dt.date | None:
    """The office day of a stored moment: a mail's Date is taken in the office's zone, a naive time as local."""
    return local_date(iso, tz)


def submission_day(row, tz: str | None = None) -> dt.date | None:
    return _day(row["submitted_at"], tz) or _day(row["received_at"], tz)


def agency_status(definition: Definition, store: Store, today: dt.date | None = None) -> StatusReport:
    """Each reporting agency's state; reads the store only (a missing cycle row means nothing received)."""
    cycle = definition.cycle
    today = today or clock.today(cycle.timezone)
    cid = store.cycle_of(definition)
    accepted = store.accepted_submissions(cid)
    history = store.accepted_history(cid) if cid is not None else {}
    current = store.current_submissions(cid)
    counts = {row[0]: (row[1], row[2]) for row in store.conn.execute(
        """SELECT submission_id, SUM(severity = 'error'), SUM(severity = 'warning') FROM problems
           JOIN submissions ON submissions.id = problems.submission_id WHERE submissions.cycle_id = ?
           GROUP BY submission_id""", (cid,))}
    out = []
    for code in definition.reporting:
        agency = definition.resolver.agencies[code]
        row = accepted.get(code)
        status = AgencyStatus(code, agency.name, "missing", emails=list(agency.emails))
        if row is None and code in current and current[code]["outcome"] == "rejected":
            row = current[code]
            status.state = "rejected"
        elif row is not None:
            versions = history.get(code) or [row]
            days = [(d, v) for v in versions if (d := submission_day(v, cycle.timezone)) is not None]
            day, first = min(days, key=lambda x: (x[0], x[1]["id"])) if days else (None, row)
            late = day is not None and day > cycle.due
            status.state = "late" if late else "on_time"
            status.days_late = (day - cycle.due).days if late and day is not None else None
            status.first_submitted_at = first["submitted_at"] or first["received_at"]
            status.corrections = len(versions) - 1
        if row is not None:
            status.submitted_at = row["submitted_at"] or row["received_at"]
            status.submission, status.file, status.outcome = row["id"], row["original_name"], row["outcome"]
            status.errors, status.warnings = (int(x or 0) for x in counts.get(row["id"], (0, 0)))
            status.receipt = row["receipt_path"]
        out.append(status)
    out.sort(key=lambda s: sort_key(s.name))
    return StatusReport(cycle.year, cycle.due, today, out, cycle.timezone)


def state_label(state: str, lang: str | None = None) -> str:
    """How an agency's state (``STATES``) is shown: "Đã nộp đúng hạn", … (the catalogue's ``cyc.state.*``)."""
    return msg(f"cyc.state.{state}", lang)


def status_lines(report: StatusReport, lang: str = "vi") -> list[str]:
    c = report.counts()
    due = format_date(report.due)
    if report.days_left >= 0:
        head = msg("cyc.status_head_left", lang, year=report.year, due=due, days=report.days_left)
    else:
        head = msg("cyc.status_head_overdue", lang, year=report.year, due=due, days=-report.days_left)
    lines = [head, msg("cyc.status_summary", lang, **c)]
    width = max((len(a.name) for a in report.agencies), default=10)
    lines.append(f"{'STT':>4}  {msg('cyc.status_col_agency', lang):<{width}}  {msg('cyc.status_col_state', lang):<27}  "
                 + msg("cyc.status_col_rest", lang))
    for n, a in enumerate(report.agencies, 1):
        day = _day(a.submitted_at, report.timezone)
        state = state_label(a.state, lang)
        if a.days_late:
            state += msg("cyc.status_days_late", lang, days=a.days_late)
        lines.append(f"{n:>4}  {a.name:<{width}}  {state:<27}  {format_date(day) or '—':<10}  "
                     + (f"{a.errors}/{a.warnings}" if a.submission else ""))
    return lines
