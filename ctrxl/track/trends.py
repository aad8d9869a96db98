"""Trends: the figures of every cycle of a workspace, side by side, and each indicator's path to its target.

Each year's figures are the consolidation of that cycle (``stats.consolidate_figures`` on the
definition ``ctrxl --year YEAR`` loads), so a year's completion rate here is exactly the one its
own consolidated workbook shows: there is no second implementation of the status rules.

Per year: the agencies (expected, submitted, on time, late, must resend, missing), the task
pairs by category (docs/status-rules.md) and ``stats.rates`` of them — ``completion_rate`` (done
on time or late), ``on_time_rate`` (done on time) — and the share of the expected agencies that
submitted, and submitted on time. Per indicator: the city figure of each year.

**The target path** (docs/cycles.md, "Trends"): the level to reach is the target's value (the
lower bound of a range). A yearly target ("Hằng năm …") is that level every year. Otherwise the
path runs in a straight line from the start point — the first year of the workspace with a city
figure, at that figure — to the level in the target year, and stays at the level after it; it has
no value before the start year, and it is the level from the start year on when the start year is
the target year or later. A year is *on track* when its figure is on the target's side of the path:
at or above it for ≥, > and a range, at or below it for ≤, <, and for = towards the level from the
start (at or above it when the level is above the start figure, at or below it otherwise). Yes/no
indicators have no path.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..definition.load import Definition, load_workspace_definition
from ..model import TargetOp
from ..store import Store, open_store
from .stats import CATEGORIES, Consolidation, consolidate_figures, rates


@dataclass
class YearFigures:
    """One cycle's figures, with the definition and consolidation they come from."""

    year: int
    definition: Definition
    consolidation: Consolidation

    @property
    def reference(self) -> dt.date:
        return self.consolidation.reference

    @property
    def agencies(self) -> dict[str, int]:
        c = self.consolidation.status.counts()
        return {"expected": c["expected"], "submitted": c["on_time"] + c["late"], "on_time": c["on_time"],
                "late": c["late"], "rejected": c["rejected"], "missing": c["missing"]}

    @property
    def has_data(self) -> bool:
        """At least one accepted submission."""
        return self.agencies["submitted"] > 0

    @property
    def rates(self) -> dict[str, float | None]:
        return rates(self.consolidation.overall)

    @property
    def completion_rate(self) -> float | None:
        return self.rates["completed"]

    @property
    def on_time_rate(self) -> float | None:
        return self.rates["done_on_time"]

    def agency_share(self, key: str) -> float | None:
        """The percentage of the expected agencies in ``key`` (submitted, on_time), rounded like ``rates``."""
        a = self.agencies
        return round(100 * a[key] / a["expected"], 1) if a["expected"] else None

    def indicator(self, code: str) -> dict[str, Any] | None:
        return next((x for x in self.consolidation.indicators if x["code"] == code), None)

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "reference_date": self.reference.isoformat(),
                "reference": self.consolidation.reference_kind, "has_data": self.has_data,
                "agencies": self.agencies, "counts": self.consolidation.overall, "rates": self.rates,
                "completion_rate": self.completion_rate, "on_time_rate": self.on_time_rate,
                "submission_rate": self.agency_share("submitted"),
                "on_time_submission_rate": self.agency_share("on_time")}


def target_level(target) -> float | None:
    """The level a target asks for: its value, the lower bound of a range."""
    if target is None:
        return None
    return target.min if target.op == TargetOp.BETWEEN else target.value


def target_path(indicator, start: tuple[int, float] | None, years: list[int]) -> dict[int, float | None]:
    """Year -> the value the path asks for (module docstring); None where the path has no value."""
    level = target_level(indicator.target)
    if level is None or indicator.kind.value == "yesno":
        return {y: None for y in years}
    if indicator.yearly or indicator.year is None:
        return {y: float(level) for y in years}
    end = indicator.year
    out: dict[int, float | None] = {}
    for y in years:
        if start is None:
            out[y] = float(level) if y >= end else None
            continue
        y0, v0 = start
        if y < y0:
            out[y] = None
        elif y >= end or y0 >= end:
            out[y] = float(level)
        else:
            out[y] = round(v0 + (level - v0) * (y - y0) / (end - y0), 2)
    return out


def _upward(indicator, start: tuple[int, float] | None) -> bool:
    op = indicator.target.op
    if op in (TargetOp.GE, TargetOp.GT, TargetOp.BETWEEN):
        return True
    if op in (TargetOp.LE, TargetOp.LT):
        return False
    level = target_level(indicator.target)
    return start is None or level is None or level >= start[1]


def on_track(indicator, start: tuple[int, float] | None, value: Any, path: float | None) -> bool | None:
    if path is None or value is None or isinstance(value, bool):
        return None
    return value >= path - 1e-9 if _upward(indicator, start) else value <= path + 1e-9


@dataclass
class Trends:
    programme: str
    years: list[YearFigures]  # every cycle asked for, oldest first
    indicators: list[dict[str, Any]] = field(default_factory=list)

    @property
    def with_data(self) -> list[YearFigures]:
        return [y for y in self.years if y.has_data]

    @property
    def comparable(self) -> bool:
        """Two cycles or more with data: what a comparison needs."""
        return len(self.with_data) >= 2

    def year(self, year: int) -> YearFigures | None:
        return next((y for y in self.years if y.year == year), None)

    def to_json(self) -> dict[str, Any]:
        return {"programme": self.programme, "from": self.years[0].year if self.years else None,
                "to": self.years[-1].year if self.years else None,
                "years": [y.to_json() for y in self.years], "indicators": self.indicators}


def _indicator_trends(figures: list[YearFigures], shown: list[int]) -> list[dict[str, Any]]:
    """Each indicator's city figure per year, its target path and whether each year is on it."""
    if not figures:
        return []
    definition = figures[-1].definition
    out = []
    for x in definition.programme.indicators:
        per_year: dict[int, dict[str, Any]] = {}
        for f in figures:
            found = f.indicator(x.code)
            if found is not None and f.has_data:
                per_year[f.year] = found["city"]
        start = next(((y, float(c["value"])) for y, c in sorted(per_year.items())
                      if c.get("value") is not None and not isinstance(c["value"], bool)), None)
        path = target_path(x, start, shown)
        rows = []
        for y in shown:
            city = per_year.get(y) or {}
            value = city.get("value")
            rows.append({"year": y, "value": value, "numerator": city.get("numerator"),
                         "denominator": city.get("denominator"), "yes": city.get("yes"),
                         "reported": city.get("reported"), "expected": city.get("expected"),
                         "verdict": city.get("verdict", "no_data"), "path": path[y],
                         "on_track": on_track(x, start, value, path[y])})
        out.append({"code": x.code, "text": x.text, "unit": x.unit, "kind": x.kind.value,
                    "target": None if x.target is None else {"op": x.target.op.value, "value": x.target.value,
                                                             "min": x.target.min, "max": x.target.max,
                                                             "text": x.target.describe()},
                    "target_year": x.year, "yearly": x.yearly, "level": target_level(x.target),
                    "start": None if start is None else {"year": start[0], "value": start[1]}, "years": rows})
    return out


def year_definition(ws, year: int) -> Definition:  # ws: workspace.Workspace
    """The definition of the cycle of ``year``: what ``ctrxl --year YEAR`` loads."""
    from ..workspace import open_workspace

    if year == ws.config.cycle.year:
        return load_workspace_definition(ws)
    return load_workspace_definition(open_workspace(explicit=ws.root, year=year))


def workspace_years(ws) -> list[int]:  # ws: workspace.Workspace
    """Every cycle's year in ctrxl.toml, oldest first — whichever cycle ``ws`` acts on (``--year``)."""
    from ..workspace import open_workspace

    return sorted({c.year for c in open_workspace(explicit=ws.root).config.all_cycles})


def year_figures(ws, year: int, store: Store, current: tuple[Definition, Consolidation] | None = None) -> YearFigures:
    """The figures of the cycle of ``year`` (``current``: the definition and consolidation a caller has already)."""
    if current is not None and current[0].cycle.year == year:
        return YearFigures(year, current[0], current[1])
    definition = year_definition(ws, year)
    return YearFigures(year, definition, consolidate_figures(definition, store))


def previous_figures(ws, definition: Definition, store: Store) -> YearFigures | None:
    """The latest cycle before ``definition``'s with an accepted submission; None when there is none."""
    for year in reversed([y for y in workspace_years(ws) if y < definition.cycle.year]):
        figures = year_figures(ws, year, store)
        if figures.has_data:
            return figures
    return None


def workspace_trends(ws, start: int | None = None, end: int | None = None, store: Store | None = None,
                     current: tuple[Definition, Consolidation] | None = None) -> Trends:
    """The trends of the cycles ``start``..``end`` (default: every cycle of the workspace). The target
    paths start from the first cycle of the workspace with a figure, whatever range is shown."""
    years = workspace_years(ws)
    shown = [y for y in years if (start is None or y >= start) and (end is None or y <= end)]
    own = store is None
    store = store or open_store(ws, readonly=True)
    try:
        figures = [year_figures(ws, y, store, current) for y in years if end is None or y <= end]
    finally:
        if own:
            store.close()
    symbol = figures[-1].definition.programme.symbol if figures else ""
    kept = [f for f in figures if f.year in shown]
    return Trends(symbol, kept, _indicator_trends(figures, shown))


__all__ = ["CATEGORIES", "Trends", "YearFigures", "on_track", "previous_figures", "target_level", "target_path",
           "workspace_trends", "year_figures"]
