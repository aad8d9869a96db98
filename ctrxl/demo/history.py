"""The demo's earlier years: three cycles before today's, each generated, filled and collected.

For each earlier year the demo workspace is on that year's cycle (``cycle.new_cycle`` opens the
next one afterwards, as an office does): ``generate`` writes its workbooks (with the previous
cycle's locked columns), the agencies' answers are typed into copies (``xmlfill``, a few ms a
file), and ``collect`` reads, validates and records them in the store — the path every return
takes, so each year's figures are what consolidate and report compute from the store.

The figures improve from year to year (``STEPS``): more tasks completed, fewer not started, fewer
agencies late or silent, indicators nearer their targets; today's cycle (``simulate.py``) is the
best. Everything is seeded by (seed, year, agency): a run is reproducible.
"""
from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..workbook import layout as L
from ..workbook.forms import AgencyForm
from ..workbook.reader import col_letter
from .simulate import ASSESSMENT_TEXTS, DIFFICULTIES, EVIDENCE, RESULTS, _stamp
from .xmlfill import patch_workbook

HISTORY = 3  # cycles simulated before today's

# Oldest first. Status weights (done, in progress, continuing, not started), the share of agencies
# sending late and sending nothing, a ratio's numerator as a share of its denominator (low, high),
# the chance of a yes, a count's upper bound. Today's filler: 5, 2, 3, 1; 1/8 late; (0,80, 1).
STEPS: tuple[dict[str, Any], ...] = (
    {"weights": (2, 3, 3, 3), "late": 0.30, "missing": 0.13, "ratio": (0.60, 0.90), "yes": 0.4, "count": 25},
    {"weights": (3, 3, 3, 2), "late": 0.22, "missing": 0.09, "ratio": (0.66, 0.94), "yes": 0.55, "count": 35},
    {"weights": (5, 2, 3, 1.5), "late": 0.15, "missing": 0.05, "ratio": (0.72, 0.97), "yes": 0.7, "count": 45},
)
STATUSES = (L.Status.DONE, L.Status.IN_PROGRESS, L.Status.CONTINUING, L.Status.NOT_STARTED)


def history_years(current: int, issued: dt.date | None) -> list[int]:
    """The earlier years the demo simulates: up to ``HISTORY`` before ``current``, none before the programme."""
    first = max(current - HISTORY, issued.year if issued else current - HISTORY)
    return list(range(first, current))


def answers(form: AgencyForm, rng: random.Random, step: dict[str, Any], year: int,
            first_day: dt.date, sent: dt.datetime) -> dict[str, dict[str, object]]:
    """Sheet name -> {A1 ref: value}: what the agency's clerk types in ``year``."""
    tcol = {c.key: col_letter(i) for i, c in enumerate(L.TASK_COLUMNS)}
    tasks: dict[str, object] = {}
    start = max(first_day, dt.date(year, 1, 1))
    days = (dt.date(year, 11, 28) - start).days
    for n, task in enumerate(form.tasks):
        r = L.HEADER_ROW + 1 + n
        prev = form.previous_tasks.get(task.code)
        if prev is not None and prev.done_in is not None:
            continue  # a one-off task completed in an earlier cycle: answered already
        if task.continuous and rng.random() < 0.7:
            status = L.Status.CONTINUING
        else:
            status = rng.choices(STATUSES, weights=step["weights"])[0]
        tasks[f"{tcol['status']}{r}"] = L.STATUS_LABELS[status]
        if status == L.Status.DONE:
            day = start + dt.timedelta(days=rng.randint(0, max(days, 0)))
            tasks[f"{tcol['completed_on']}{r}"] = dt.datetime.combine(day, dt.time())
            tasks[f"{tcol['evidence']}{r}"] = rng.choice(EVIDENCE)
        if status == L.Status.IN_PROGRESS:
            tasks[f"{tcol['progress']}{r}"] = rng.choice((20, 30, 50, 70))
        if status != L.Status.NOT_STARTED:
            tasks[f"{tcol['results']}{r}"] = rng.choice(RESULTS)
        else:
            tasks[f"{tcol['difficulties']}{r}"] = "Chờ hướng dẫn của cấp trên."
        if rng.random() < 0.2:
            tasks[f"{tcol['difficulties']}{r}"] = rng.choice([d for d in DIFFICULTIES if d])
    icol = {c.key: col_letter(i) for i, c in enumerate(L.INDICATOR_COLUMNS)}
    inds: dict[str, object] = {}
    low, high = step["ratio"]
    for n, x in enumerate(form.indicators):
        r = L.HEADER_ROW + 1 + n
        if x.kind == "ratio":
            if rng.random() < 0.1:
                continue  # not reported: left blank
            den = rng.randint(20, 120)
            inds[f"{icol['numerator']}{r}"] = rng.randint(int(den * low), int(den * high))
            inds[f"{icol['denominator']}{r}"] = den
        elif x.kind == "yesno":
            inds[f"{icol['value']}{r}"] = L.YES_NO_LABELS[0] if rng.random() < step["yes"] else L.YES_NO_LABELS[1]
        else:
            inds[f"{icol['value']}{r}"] = rng.randint(0, step["count"])
    texts: dict[str, object] = {
        **ASSESSMENT_TEXTS, "filled_by": "Nguyễn Thị B", "phone": "0905123456", "email": "vanphong@example.org",
        "report_date": dt.datetime(year, 12, rng.randint(1, min(12, sent.day))), "head": "Trần Văn C, Bí thư",
    }
    assessment = {f"C{4 + n}": texts[f.key] for n, f in enumerate(L.ASSESSMENT_FIELDS) if f.key in texts}
    return {L.SHEET_TASKS: tasks, L.SHEET_INDICATORS: inds, L.SHEET_ASSESSMENT: assessment}


@dataclass
class HistoryYear:
    year: int
    workbooks: int  # generated
    sent: int  # returns filled and collected
    late: int
    collected: Any  # collect.run.CollectResult

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "workbooks": self.workbooks, "sent": self.sent, "late": self.late,
                "collected": self.collected.counts()}


def simulate_year(ws, step: dict[str, Any], seed: int = 2025) -> HistoryYear:  # ws: on the year's cycle
    """Generate the cycle's workbooks, fill the returns of ``step``, collect them into the store."""
    from ..collect.run import collect
    from ..definition.load import load_workspace_definition
    from ..store import open_store
    from ..workbook.forms import build_forms
    from ..workbook.generate import contact_from_config, generate
    from ..workbook.previous import with_previous

    definition = load_workspace_definition(ws)
    year = definition.cycle.year
    contact = contact_from_config(ws.config.contact, definition)
    generated = generate(definition, ws.outputs(definition), contact, secret=ws.signing_key())
    with open_store(ws, readonly=True) as store:
        forms = {f.agency_code: f for f in with_previous(build_forms(definition, contact), store)}
    issued = definition.programme.issue_date
    first_day = issued + dt.timedelta(days=1) if issued else dt.date(year, 1, 1)
    staging = Path(tempfile.mkdtemp(prefix=f"ctrxl-demo-{year}-"))
    sent = late = 0
    try:
        for n, wb in enumerate(generated.workbooks):
            agency = wb["agency"]
            rng = random.Random(f"{seed}-{year}-{agency}")
            if rng.random() < step["missing"]:
                continue
            is_late = rng.random() < step["late"]
            when = (dt.datetime(year, 12, 16 + rng.randint(0, 4), 10) if is_late else
                    dt.datetime(year, 12, rng.randint(1, 14), 9, n % 60))
            src = Path(wb["path"])
            dst = staging / src.name
            patch_workbook(src, dst, answers(forms[agency], rng, step, year, first_day, when))
            _stamp(dst, when)
            sent += 1
            late += is_late
        collected = collect(ws, definition, [staging])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return HistoryYear(year, len(generated.workbooks), sent, late, collected)


def simulate_history(ws, years: list[int], seed: int = 2025):  # ws: workspace.Workspace -> (ws, [HistoryYear])
    """Run the cycles of ``years`` (oldest first) in a workspace whose current cycle is the first of
    them, then open the cycle after the last one (``cycle new``): returns the reopened workspace."""
    from ..track.cycles import new_cycle
    from ..workspace import open_workspace

    done = []
    steps = STEPS[-len(years):] if years else ()
    for year, step in zip(years, steps, strict=True):
        assert ws.config.cycle.year == year
        done.append(simulate_year(ws, step, seed))
        new_cycle(ws, year + 1)
        ws = open_workspace(explicit=ws.root)
    return ws, done
