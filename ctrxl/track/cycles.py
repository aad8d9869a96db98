"""Cycles over years in one workspace: ``ctrxl cycle new YEAR`` and ``ctrxl cycle list``.

Where cycles live in ctrxl.toml (docs/cycles.md): ``[cycle]`` is always the current cycle — a
single-cycle ctrxl.toml stays valid as it is — and the earlier ones are kept, each as a
``[[cycles]]`` table with the same keys. ``cycle new`` turns the ``[cycle]`` table into a
``[[cycles]]`` table (its lines and comments as they were) and writes a new ``[cycle]`` for the
year asked: the due date and data period shifted by the year difference, the recipient and the
reporting agencies carried over; in ``[report]`` (and ``[report.agencies.*]``) a ``date`` is
shifted and a ``number`` emptied (next year's report gets its own number). The store records
the new cycle with the definition's hash. Every command acts on ``[cycle]`` unless the global
``--year`` names another.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import CycleConfig, parse_config
from ..config.values import section_lines
from ..errors import CtrxlError

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]\s*(#.*)?$")
_DATE_LINE = re.compile(r'^(\s*date\s*=\s*)"([^"]*)"(.*)$')
_NUMBER_LINE = re.compile(r'^(\s*number\s*=\s*)("[^"]*"|\d+)(.*)$')


def shift_date(day: dt.date | None, years: int) -> dt.date | None:
    """``day`` moved by ``years`` (29/2 becomes 28/2 in a common year)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def next_cycle(current: CycleConfig, year: int) -> CycleConfig:
    """The cycle of ``year`` carried over from ``current``: dates shifted, recipient and agencies kept."""
    years = year - current.year
    return dataclasses.replace(current, year=year, due=shift_date(current.due, years),
                               period_start=shift_date(current.period_start, years),
                               period_end=shift_date(current.period_end, years))


def _shift_text_date(text: str, years: int) -> str:
    from ..vn import parse_date

    try:
        day = parse_date(text)
    except (ValueError, TypeError):
        return text
    if not isinstance(day, dt.date):
        return text
    shifted = shift_date(day, years)
    assert shifted is not None
    return f"{shifted.day:02d}/{shifted.month:02d}/{shifted.year}"


def rewrite_config(text: str, new: CycleConfig, years: int, keep: bool = True) -> str:
    """ctrxl.toml text with ``new`` as [cycle] and the old [cycle] kept as a [[cycles]] table
    (``keep=False``: replaced, for a workspace that has no history yet, e.g. the demo's)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if (m := _HEADER.match(line)) and m.group(1) == "cycle"), None)
    if start is None:
        raise CtrxlError("cyc.no_table")
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i]) or _ARRAY_HEADER.match(lines[i])),
               len(lines))
    old = lines[start:end]
    while old and not old[-1].strip():
        old.pop()
    kept = ["[[cycles]]" + lines[start].split("]", 1)[1]] + old[1:]
    fresh = section_lines("cycle", new, "the current cycle (ctrxl cycle new YEAR opens the next)")
    out = lines[:start] + fresh + [""] + (kept + [""] if keep else []) + lines[end:]
    section = ""
    for i, line in enumerate(out):
        if (m := _HEADER.match(line)) or (m := _ARRAY_HEADER.match(line)):
            section = m.group(1)
            continue
        if section == "report" or section.startswith("report.agencies."):
            if (d := _DATE_LINE.match(line)) and d.group(2):
                out[i] = f'{d.group(1)}"{_shift_text_date(d.group(2), years)}"{d.group(3)}'
            elif n := _NUMBER_LINE.match(line):
                out[i] = f'{n.group(1)}""{n.group(3)}'
    return "\n".join(out) + "\n"


def _write_config(path: Path, text: str) -> None:
    """Replace ctrxl.toml atomically, never with a text that does not parse."""
    parse_config(tomllib.loads(text), path)
    fd, tmp = tempfile.mkstemp(prefix=".ctrxl-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def move_to_year(ws, year: int):  # ws: workspace.Workspace -> workspace.Workspace
    """A workspace without history moved to the cycle of ``year`` (the demo: today's cycle):
    [cycle] and the [report] dates shifted, no [[cycles]] kept."""
    from ..workspace import open_workspace

    current = ws.config.cycle
    if current.year == year:
        return ws
    text = ws.config_path.read_bytes().decode("utf-8-sig")
    _write_config(ws.config_path, rewrite_config(text, next_cycle(current, year), year - current.year, keep=False))
    return open_workspace(explicit=ws.root)


@dataclass
class NewCycle:
    year: int
    previous: int
    cycle: CycleConfig
    config: Path

    def to_json(self) -> dict[str, Any]:
        c = self.cycle
        return {"year": self.year, "previous": self.previous, "config": str(self.config),
                "due": c.due.isoformat() if c.due else None,
                "period_start": c.period_start.isoformat() if c.period_start else None,
                "period_end": c.period_end.isoformat() if c.period_end else None,
                "recipient": c.recipient or None, "reporting": list(c.reporting)}


def new_cycle(ws, year: int) -> NewCycle:  # ws: workspace.Workspace
    """Open the cycle of ``year`` after the current one; the old one is kept under [[cycles]]."""
    from ..definition.load import load_workspace_definition
    from ..store import open_store
    from ..workspace import open_workspace

    config = ws.config
    current = config.cycle
    if any(c.year == year for c in config.all_cycles):
        raise CtrxlError("cyc.exists", year=year)
    if year <= current.year:
        raise CtrxlError("cyc.not_after", year=year, current=current.year)
    new = next_cycle(current, year)
    path = ws.config_path
    text = path.read_bytes().decode("utf-8-sig")
    updated = rewrite_config(text, new, year - current.year)
    _write_config(path, updated)
    fresh = open_workspace(explicit=ws.root)
    definition = load_workspace_definition(fresh)
    with open_store(fresh) as store:
        store.cycle_of(definition)  # the new cycle's row, with the definition's hash
    return NewCycle(year, current.year, fresh.config.cycle, path)


def list_cycles(ws) -> list[dict[str, Any]]:  # ws: workspace.Workspace
    """Every cycle of the workspace, newest first, with what the store holds of it."""
    from ..definition.load import load_workspace_definition
    from ..store import open_store

    symbol = load_workspace_definition(ws).programme.symbol
    out = []
    with open_store(ws, readonly=True) as store:
        for c in sorted(ws.config.all_cycles, key=lambda c: -c.year):
            cycle = c.to_cycle(ws.timezone)
            row = store.conn.execute(
                "SELECT id, definition_hash, created_at FROM cycles WHERE programme = ? AND year = ?",
                (symbol, c.year)).fetchone()
            counts = {"accepted": 0, "submissions": 0}
            if row:
                counts["submissions"] = store.conn.execute(
                    "SELECT COUNT(*) FROM submissions WHERE cycle_id = ?", (row[0],)).fetchone()[0]
                counts["accepted"] = len(store.accepted_submissions(row[0]))
            out.append({
                "year": c.year, "current": c.year == ws.config.cycle.year, "due": cycle.due.isoformat(),
                "period_start": cycle.period_start.isoformat() if cycle.period_start else None,
                "period_end": cycle.period_end.isoformat() if cycle.period_end else None,
                "recipient": cycle.recipient, "definition_hash": row[1] if row else None,
                "in_store": row is not None, **counts,
            })
    return out


def earlier_cycle(config, year: int) -> tuple[CycleConfig, bool]:  # config: config.WorkspaceConfig
    """The cycle of an earlier ``year``: the one in ctrxl.toml, or (False: not there yet) the current
    one carried back as ``cycle new`` carries it forward (dates shifted, recipient and agencies kept)."""
    for c in config.all_cycles:
        if c.year == year:
            return c, True
    return next_cycle(config.cycle, year), False


def add_cycle_table(ws, cycle: CycleConfig, comment: str) -> None:  # ws: workspace.Workspace
    """Append ``cycle`` to ctrxl.toml as a ``[[cycles]]`` table (checked, replaced atomically)."""
    text = ws.config_path.read_bytes().decode("utf-8-sig")
    lines = section_lines("cycle", cycle, comment)
    lines[0] = f"{'[[cycles]]':<30} # {comment}"
    _write_config(ws.config_path, text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n")
