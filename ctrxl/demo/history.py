"""The demo's earlier years: three cycles before today's, simulated, then imported or collected.

The oldest year comes the way an office's years before ctrxl come: its answers are written as the
simple table of docs/history-import.md (``lich-su/lich-su-YEAR.csv`` in the workspace), the next
cycle is opened, and ``history import`` checks and records the table. For each later year the demo
workspace is on that year's cycle (``cycle.new_cycle`` opens the next one afterwards, as an office
does): ``generate`` writes its workbooks (with the previous cycle's locked columns), the agencies'
answers are typed into copies (``xmlfill``, a few ms a file), and ``collect`` reads, validates and
records them in the store — the path every return takes. Either way each year's figures are what
consolidate and report compute from the store.

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
from .simulate import ASSESSMENT_TEXTS, DIFFICULTIES, EVIDENCE, RESULTS, _stamp, indicator_answer
from .xmlfill import patch_workbook

HISTORY = 3  # cycles simulated before today's

# Oldest first. Status weights (done, in progress, continuing, not started), the share of agencies
# sending late and sending nothing, an indicator's figure as a share of its target's level (low, high;
# simulate.indicator_answer), the chance of a yes. Today's filler: 5, 2, 3, 1; 1/8 late; (0,70, 1,10); 2/3.
STEPS: tuple[dict[str, Any], ...] = (
    {"weights": (2, 3, 3, 3), "late": 0.30, "missing": 0.13, "target": (0.55, 0.95), "yes": 0.4},
    {"weights": (3, 3, 3, 2), "late": 0.22, "missing": 0.09, "target": (0.60, 1.00), "yes": 0.55},
    {"weights": (5, 2, 3, 1.5), "late": 0.15, "missing": 0.05, "target": (0.65, 1.05), "yes": 0.7},
)
STATUSES = (L.Status.DONE, L.Status.IN_PROGRESS, L.Status.CONTINUING, L.Status.NOT_STARTED)


def history_years(current: int, issued: dt.date | None) -> list[int]:
    """The earlier years the demo simulates: up to ``HISTORY`` before ``current``, none before the programme."""
    first = max(current - HISTORY, issued.year if issued else current - HISTORY)
    return list(range(first, current))


def simulated(form: AgencyForm, rng: random.Random, step: dict[str, Any], year: int,
              first_day: dt.date, sent: dt.datetime) -> tuple[dict[str, dict[str, object]],
                                                             dict[str, dict[str, object]], dict[str, object]]:
    """What the agency's clerk reports in ``year``: (task code -> field -> value, indicator code ->
    field -> value, assessment field -> value). Indicators are drawn around their targets
    (``simulate.indicator_answer``), lower in earlier years (``step["target"]``)."""
    tasks: dict[str, dict[str, object]] = {}
    start = max(first_day, dt.date(year, 1, 1))
    days = (dt.date(year, 11, 28) - start).days
    for task in form.tasks:
        prev = form.previous_tasks.get(task.code)
        if prev is not None and prev.done_in is not None:
            continue  # a one-off task completed in an earlier cycle: answered already
        if task.continuous and rng.random() < 0.7:
            status = L.Status.CONTINUING
        else:
            status = rng.choices(STATUSES, weights=step["weights"])[0]
        row: dict[str, object] = {"status": L.STATUS_LABELS[status]}
        if status == L.Status.DONE:
            day = start + dt.timedelta(days=rng.randint(0, max(days, 0)))
            row["completed_on"] = dt.datetime.combine(day, dt.time())
            row["evidence"] = rng.choice(EVIDENCE)
        if status == L.Status.IN_PROGRESS:
            row["progress"] = rng.choice((20, 30, 50, 70))
        if status != L.Status.NOT_STARTED:
            row["results"] = rng.choice(RESULTS)
        else:
            row["difficulties"] = "Chờ hướng dẫn của cấp trên."
        if rng.random() < 0.2:
            row["difficulties"] = rng.choice([d for d in DIFFICULTIES if d])
        tasks[task.code] = row
    inds: dict[str, dict[str, object]] = {}
    for x in form.indicators:
        value = indicator_answer(x.kind, x.target, rng, step["target"], step["yes"])
        if value:
            inds[x.code] = value
    texts: dict[str, object] = {
        **ASSESSMENT_TEXTS, "filled_by": "Nguyễn Thị B", "phone": "0905123456", "email": "vanphong@example.org",
        "report_date": dt.datetime(year, 12, rng.randint(1, min(12, sent.day))), "head": "Trần Văn C, Bí thư",
    }
    return tasks, inds, texts


def answers(form: AgencyForm, rng: random.Random, step: dict[str, Any], year: int,
            first_day: dt.date, sent: dt.datetime) -> dict[str, dict[str, object]]:
    """Sheet name -> {A1 ref: value}: what the agency's clerk types in ``year``."""
    task_rows, ind_rows, texts = simulated(form, rng, step, year, first_day, sent)
    tcol = {c.key: col_letter(i) for i, c in enumerate(L.TASK_COLUMNS)}
    icol = {c.key: col_letter(i) for i, c in enumerate(L.INDICATOR_COLUMNS)}
    tasks = {f"{tcol[k]}{L.HEADER_ROW + 1 + n}": v for n, t in enumerate(form.tasks)
             for k, v in task_rows.get(t.code, {}).items()}
    inds = {f"{icol[k]}{L.HEADER_ROW + 1 + n}": v for n, x in enumerate(form.indicators)
            for k, v in ind_rows.get(x.code, {}).items()}
    assessment = {f"C{4 + n}": texts[f.key] for n, f in enumerate(L.ASSESSMENT_FIELDS) if f.key in texts}
    return {L.SHEET_TASKS: tasks, L.SHEET_INDICATORS: inds, L.SHEET_ASSESSMENT: assessment}


@dataclass
class HistoryYear:
    year: int
    workbooks: int  # generated (an imported year: the agencies that had to report)
    sent: int  # returns filled and collected (imported: the agencies in the table)
    late: int
    collected: Any  # collect.run.CollectResult; None for an imported year
    imported: Any = None  # collect.history.HistoryResult of an imported year
    table: Path | None = None  # the table it was imported from

    @property
    def accepted(self) -> int:
        if self.imported is not None:
            return self.imported.counts()["records"]
        counts = self.collected.counts()
        return counts["accepted"] + counts["warnings"]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"year": self.year, "workbooks": self.workbooks, "sent": self.sent, "late": self.late,
               "accepted": self.accepted}
        if self.imported is not None:
            out.update(imported=self.imported.counts(), table=str(self.table))
        else:
            out["collected"] = self.collected.counts()
        return out


def _returns(forms: dict[str, AgencyForm], agencies: list[str], step: dict[str, Any], year: int, first_day: dt.date,
             seed: int):
    """Per agency that sends its report (in ``agencies``' order): (agency, rng, sent at, late). The same draws
    whether the answers go into a workbook or a table."""
    for n, agency in enumerate(agencies):
        rng = random.Random(f"{seed}-{year}-{agency}")
        if rng.random() < step["missing"]:
            continue
        is_late = rng.random() < step["late"]
        when = (dt.datetime(year, 12, 16 + rng.randint(0, 4), 10) if is_late else
                dt.datetime(year, 12, rng.randint(1, 14), 9, n % 60))
        yield agency, rng, when, is_late


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
    paths = {wb["agency"]: Path(wb["path"]) for wb in generated.workbooks}
    try:
        for agency, rng, when, is_late in _returns(forms, list(paths), step, year, first_day, seed):
            dst = staging / paths[agency].name
            patch_workbook(paths[agency], dst, answers(forms[agency], rng, step, year, first_day, when))
            _stamp(dst, when)
            sent += 1
            late += is_late
        collected = collect(ws, definition, [staging])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return HistoryYear(year, len(generated.workbooks), sent, late, collected)


def _day(value: object) -> str:
    return f"{value.day}/{value.month}/{value.year}" if isinstance(value, dt.date) else str(value)


def write_table(ws, step: dict[str, Any], path: Path, seed: int = 2025) -> tuple[int, int, int]:  # ws: on the year
    """The year's answers as the simple table of docs/history-import.md (CSV, one row per agency × task or
    indicator, with its submission day), the way an office that kept its history in a spreadsheet has it.
    Returns (agencies that had to report, agencies in the table, late)."""
    import csv

    from ..collect.history_read import TABLE_COLUMNS
    from ..collect.history_template import ORDER
    from ..definition.load import load_workspace_definition
    from ..store import open_store
    from ..workbook.forms import build_forms
    from ..workbook.generate import contact_from_config
    from ..workbook.previous import with_previous

    definition = load_workspace_definition(ws)
    year = definition.cycle.year
    with open_store(ws, readonly=True) as store:
        forms = {f.agency_code: f for f in with_previous(
            build_forms(definition, contact_from_config(ws.config.contact, definition)), store)}
    issued = definition.programme.issue_date
    first_day = issued + dt.timedelta(days=1) if issued else dt.date(year, 1, 1)
    columns = [k for k in ORDER if k not in ("agency_name", "note")]
    rows = []
    sent = late = 0
    for agency, rng, when, is_late in _returns(forms, list(forms), step, year, first_day, seed):
        tasks, inds, _texts = simulated(forms[agency], rng, step, year, first_day, when)
        base = {"year": year, "agency_code": agency, "submitted": _day(when.date())}
        rows += [{**base, "task_code": code, **{k: _day(v) for k, v in fields.items()}}
                 for code, fields in tasks.items()]
        rows += [{**base, "indicator_code": code, **fields} for code, fields in inds.items()]
        sent += 1
        late += is_late
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([TABLE_COLUMNS[k][0] for k in columns])
        writer.writerows([[row.get(k, "") for k in columns] for row in rows])
    return len(forms), sent, late


def import_year(ws, step: dict[str, Any], seed: int = 2025):  # ws: on the year's cycle -> (ws, HistoryYear)
    """The year's answers written as a simple table (``lich-su/lich-su-YEAR.csv`` in the workspace), the
    next cycle opened, and the table brought in with ``ctrxl history import``: the demo's oldest year
    comes the way an office's years before ctrxl come."""
    from ..collect.history import import_history
    from ..track.cycles import new_cycle
    from ..workspace import open_workspace

    year = ws.config.cycle.year
    table = ws.root / "lich-su" / f"lich-su-{year}.csv"
    expected, sent, late = write_table(ws, step, table, seed)
    new_cycle(ws, year + 1)
    ws = open_workspace(explicit=ws.root)
    result = import_history(ws, [table])
    assert not result.rejected, [p.code for f in result.files for p in f.problems][:5]
    return ws, HistoryYear(year, expected, sent, late, None, imported=result, table=table)


def simulate_history(ws, years: list[int], seed: int = 2025, imported: int = 1):
    """Run the cycles of ``years`` (oldest first) in a workspace whose current cycle is the first of
    them, then open the cycle after the last one (``cycle new``): returns the reopened workspace and a
    ``HistoryYear`` per year. The ``imported`` oldest years (of two or more) come in through ``history
    import`` of a table; the others are generated, filled and collected."""
    from ..track.cycles import new_cycle
    from ..workspace import open_workspace

    done = []
    steps = STEPS[-len(years):] if years else ()
    by_table = min(imported, len(years) - 1) if len(years) > 1 else 0
    for n, (year, step) in enumerate(zip(years, steps, strict=True)):
        assert ws.config.cycle.year == year
        if n < by_table:
            ws, result = import_year(ws, step, seed)
            done.append(result)
            continue
        done.append(simulate_year(ws, step, seed))
        new_cycle(ws, year + 1)
        ws = open_workspace(explicit=ws.root)
    return ws, done
