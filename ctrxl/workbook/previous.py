"""Last year in this year's workbook: each agency's answers of its previous cycles, from the store.

For every form, the latest earlier cycle of the programme in the store with an accepted
submission of that agency gives the locked columns ``previous_status`` / ``previous_result``
(tasks) and ``previous_value`` (indicators). A one-off task (a dated deadline, a condition or
none — not continuous, yearly or from-a-year) the agency reported completed in any earlier
cycle is marked "Đã hoàn thành năm N" and its answer is filled in already: it needs no new one
(collect accepts its status left empty: the earlier answer stands). A task the definition marks
``reask: true`` is asked again every cycle: its previous columns show last cycle's answer as
for any other task, nothing is filled in, and an empty status is an error as usual.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from ..store import Store
from ..vn import format_date, format_number
from . import layout as L
from .forms import AgencyForm, PreviousTask

Answers = dict[str, dict[tuple[str, str], dict[str, Any]]]  # {agency: {(kind, code): {field: value}}}


def earlier_answers(store: Store, programme: str, year: int) -> list[tuple[int, Answers]]:
    """[(year, {agency: {(kind, code): {field: value}}})] of every earlier cycle in the store, newest first."""
    out = []
    cycles = store.conn.execute("SELECT id, year FROM cycles WHERE programme = ? AND year < ? ORDER BY year DESC",
                                (programme, year)).fetchall()
    for cid, cyear in cycles:
        accepted = store.accepted_submissions(cid)
        by_sid = {row["id"]: agency for agency, row in accepted.items()}
        agencies: dict[str, dict[tuple[str, str], dict[str, Any]]] = {a: {} for a in accepted}
        if by_sid:
            marks = ",".join("?" * len(by_sid))
            for sid, kind, code, fld, value in store.conn.execute(
                    f"SELECT submission_id, kind, code, field, value FROM answers WHERE submission_id IN ({marks})",
                    list(by_sid)):
                agencies[by_sid[sid]].setdefault((kind, code), {})[fld] = json.loads(value) if value else None
        out.append((cyear, agencies))
    return out


def _status_text(ans: dict[str, Any]) -> str:
    status = ans.get("status")
    if not status:
        return ""
    label = L.STATUS_LABELS.get(L.Status(status), status)
    if status == L.Status.DONE and ans.get("completed_on"):
        return f"{label} ({format_date(dt.date.fromisoformat(ans['completed_on']))})"
    if status == L.Status.IN_PROGRESS and ans.get("progress") is not None:
        return f"{label} ({format_number(ans['progress'])}%)"
    return label


def indicator_text(kind: str, ans: dict[str, Any]) -> str:
    """An indicator answer as the previous-cycle column shows it."""
    if kind == "ratio":
        num, den = ans.get("numerator"), ans.get("denominator")
        if num is None or den is None or not den:
            return ""
        return f"{format_number(num)}/{format_number(den)} = {format_number(round(100 * num / den, 2))}%"
    value = ans.get("value")
    if value is None:
        return ""
    if isinstance(value, bool) or kind == "yesno":
        return L.YES_NO_LABELS[0] if value else L.YES_NO_LABELS[1]
    return format_number(value) or ""


def with_previous(forms: list[AgencyForm], store: Store) -> list[AgencyForm]:
    """The forms with their agencies' previous-cycle columns filled from the store."""
    if not forms:
        return forms
    history = earlier_answers(store, forms[0].programme_symbol, forms[0].cycle_year)
    if not history:
        return forms
    out = []
    for form in forms:
        code = form.agency_code
        mine = [(y, a[code]) for y, a in history if code in a]
        if not mine:
            out.append(form)
            continue
        last_year, last = mine[0]
        tasks: dict[str, PreviousTask] = {}
        for row in form.tasks:
            ans = last.get(("task", row.code), {})
            done = None
            if not row.continuous and not row.reask:  # a one-off task done in any earlier cycle: the earliest
                done = next(((y, a[("task", row.code)]) for y, a in reversed(mine)
                             if a.get(("task", row.code), {}).get("status") == L.Status.DONE), None)
            if done is not None:
                y, dans = done
                day = dt.date.fromisoformat(dans["completed_on"]) if dans.get("completed_on") else None
                tasks[row.code] = PreviousTask(last_year, L.DONE_IN_YEAR.format(year=y), dans.get("results") or "",
                                               done_in=y, completed_on=day)
            elif ans:
                tasks[row.code] = PreviousTask(last_year, _status_text(ans), ans.get("results") or "")
        indicators = {}
        for x in form.indicators:
            text = indicator_text(x.kind, last.get(("indicator", x.code), {}))
            if text:
                indicators[x.code] = text
        out.append(dataclasses.replace(form, previous_year=last_year, previous_tasks=tasks,
                                       previous_indicators=indicators))
    return out
