"""Agency registry resolution: names to agencies, groups to members, old agencies to successors.

Three questions every later step asks:
- *Who is "Ban Tổ chức Thành uỷ"?* — ``resolve_name`` matches the name, short
  name, code and aliases under ``vn.match_key`` (NFC, case, tone placement).
- *Who is in "Các đảng ủy trực thuộc Thành ủy"?* — ``expand`` follows a group's
  members, member groups and the agencies that list it; a collective group
  ("các cơ quan liên quan") expands to nobody.
- *Who holds a 2022 assignment in 2025?* — ``route`` replaces an agency that is
  no longer active on the cycle's reference date by its successors whose date
  has come, repeatedly (merged, then renamed).
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Agency, Group, Programme, Registry, Role, Task
from ..vn import match_key, sort_key


@dataclass(frozen=True)
class Match:
    code: str
    kind: str  # "agency" | "group"
    name: str
    score: float = 1.0


class Resolver:
    def __init__(self, registry: Registry):
        self.registry = registry
        self.agencies: dict[str, Agency] = {}
        self.groups: dict[str, Group] = {}
        for a in registry.agencies:
            self.agencies.setdefault(a.code, a)
        for g in registry.groups:
            self.groups.setdefault(g.code, g)
        self._names: dict[str, list[Match]] = {}
        for a in registry.agencies:
            for name in [a.code, a.name, a.short, *a.aliases]:
                self._index(name, Match(a.code, "agency", a.name))
        for g in registry.groups:
            for name in [g.code, g.name, *g.aliases]:
                self._index(name, Match(g.code, "group", g.name))
        self._expanded: dict[str, list[str]] = {}
        self._routed: dict[tuple[str, dt.date], list[str]] = {}
        self._roles: dict[tuple[dt.date, tuple[tuple[Role, str], ...]], tuple[list[str], list[str], list[str]]] = {}
        self._members: dict[str, set[str]] = {}
        for a in registry.agencies:
            for gcode in a.groups:
                self._members.setdefault(gcode, set()).add(a.code)

    def _index(self, name: str | None, match: Match) -> None:
        key = match_key(name)
        if key and match not in self._names.setdefault(key, []):
            self._names[key].append(match)

    # -- names -----------------------------------------------------------------
    def resolve_name(self, name: str) -> list[Match]:
        """Every agency or group known under this name (usually one; more means ambiguous)."""
        return list(self._names.get(match_key(name), []))

    def candidates(self, name: str, limit: int = 3, cutoff: float = 0.6) -> list[Match]:
        """The closest names, for a message that says "did you mean …"."""
        key = match_key(name)
        close = difflib.get_close_matches(key, list(self._names), n=limit, cutoff=cutoff)
        out: list[Match] = []
        for k in close:
            for m in self._names[k]:
                if m not in out:
                    out.append(Match(m.code, m.kind, m.name, difflib.SequenceMatcher(None, key, k).ratio()))
        return out[:limit]

    def is_known(self, code: str) -> bool:
        return code in self.agencies or code in self.groups

    # -- groups ----------------------------------------------------------------
    def expand(self, code: str) -> list[str]:
        """Agency codes named by an agency or group code (unknown codes expand to nothing).

        Cached: a city registry is expanded for every task and indicator."""
        cached = self._expanded.get(code)
        if cached is not None:
            return cached
        if code in self.agencies:
            self._expanded[code] = [code]
            return [code]
        out: dict[str, None] = {}  # an ordered set
        seen_groups: set[str] = set()

        def visit(gcode: str) -> None:
            if gcode in seen_groups or gcode not in self.groups:
                return
            seen_groups.add(gcode)
            group = self.groups[gcode]
            if group.collective:
                return
            for member in sorted(self._members.get(gcode, ())) + group.members:
                if member in self.agencies:
                    out.setdefault(member)
                elif member in self.groups:
                    visit(member)
            for inner in group.include:
                visit(inner)

        visit(code)
        self._expanded[code] = list(out)
        return self._expanded[code]

    # -- succession ------------------------------------------------------------
    def route(self, code: str, on: dt.date) -> list[str]:
        """Who holds ``code``'s work on ``on``: itself if active, else its successors, recursively.

        An agency that is inactive and has no successor whose date has come routes to
        nobody; ``validate`` reports that. Cycles are cut (and reported by ``validate``).
        """
        key = (code, on)
        cached = self._routed.get(key)
        if cached is not None:
            return cached
        out: dict[str, None] = {}

        def visit(c: str, trail: tuple[str, ...]) -> None:
            agency = self.agencies.get(c)
            if agency is None or c in trail:
                return
            if agency.active_on(on):
                out.setdefault(c)
                return
            for succ in agency.successors:
                if succ.date is None or succ.date <= on:
                    for nxt in succ.to:
                        visit(nxt, trail + (c,))

        visit(code, ())
        self._routed[key] = list(out)
        return self._routed[key]

    def assignees(self, codes: Iterable[str], on: dt.date) -> list[str]:
        """Expand groups, then route every agency to who holds it on ``on``; order kept, no repeats."""
        out: dict[str, None] = {}
        for code in codes:
            for agency in self.expand(code):
                for holder in self.route(agency, on):
                    out.setdefault(holder)
        return list(out)

    def task_roles(self, task: Task, on: dt.date) -> dict[Role, list[str]]:
        """Agencies per role for a task in a cycle. An agency keeps its strongest role only
        (lead > execute > coordinate), so nobody is asked twice about one task."""
        # (worked out once per assignments and date: a task given to every ward expands and routes
        # hundreds of agencies, and consolidate asks for each task's roles several times)
        key = (on, tuple((a.role, a.target) for a in task.assignments))
        got = self._roles.get(key)
        if got is None:
            lead = self.assignees(task.targets(Role.LEAD), on)
            taken = set(lead)
            execute = [a for a in self.assignees(task.targets(Role.EXECUTE), on) if a not in taken]
            taken.update(execute)
            coord = [a for a in self.assignees(task.targets(Role.COORDINATE), on) if a not in taken]
            got = self._roles[key] = (lead, execute, coord)
        return {Role.LEAD: list(got[0]), Role.EXECUTE: list(got[1]), Role.COORDINATE: list(got[2])}  # (the caller's)

    def collective_names(self, task: Task) -> list[str]:
        """Collective groups a task names ("các cơ quan liên quan"): kept as notes."""
        return [self.groups[a.target].name for a in task.assignments
                if a.target in self.groups and self.groups[a.target].collective]

    def sorted_codes(self, codes: Iterable[str]) -> list[str]:
        """Agency codes in Vietnamese order of their names."""
        return sorted(codes, key=lambda c: sort_key(self.agencies[c].name if c in self.agencies else c))


def reporting_agencies(programme: Programme, resolver: Resolver, on: dt.date,
                       explicit: list[str] | None = None) -> list[str]:
    """The agencies that report in a cycle: the cycle's explicit list (expanded and routed)
    or, when it is empty, every agency that holds a task or reports an indicator."""
    if explicit:
        return resolver.sorted_codes(resolver.assignees(explicit, on))
    found: dict[str, None] = {}
    for task in programme.tasks:
        for codes in resolver.task_roles(task, on).values():
            found.update(dict.fromkeys(codes))
    for ind in programme.indicators:
        found.update(dict.fromkeys(resolver.assignees(ind.reporters, on)))
    return resolver.sorted_codes(found)
