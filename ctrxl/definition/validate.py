"""Cross-reference validation of a programme, its registry and a cycle.

Every rule appends problems and goes on; nothing stops at the first. One
function per rule family keeps each readable and testable.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..model import Cycle, DeadlineKind, IndicatorKind, Programme, Registry, Role, TargetOp
from ..problems import Problem, Severity
from ..vn import format_date
from .deadline import deadline_problems
from .registry import Resolver
from .source import Path, SourceMap, path_text

_EMAIL_RE = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")


class _Validator:
    def __init__(self, programme: Programme, registry: Registry, cycle: Cycle | None,
                 prog_map: SourceMap, reg_map: SourceMap, problems: list[Problem],
                 cfg_map: SourceMap | None = None):
        self.p, self.r, self.c = programme, registry, cycle
        self.pm, self.rm = prog_map, reg_map
        self.cm = cfg_map or SourceMap()
        self.problems = problems
        self.resolver = Resolver(registry)

    def report(self, key: str, smap: SourceMap, path: Path, severity: Severity = Severity.ERROR, /,
               *, value: object = None, **params: object) -> None:
        params.setdefault("value", value)
        self.problems.append(Problem(key, severity, smap.where(path), dict(params), value=value, path=path_text(path)))

    def duplicates(self, items: Iterable[tuple[Path, str]], smap: SourceMap, kind: str,
                   seen: dict[str, tuple[SourceMap, Path]] | None = None) -> None:
        seen = {} if seen is None else seen
        for path, code in items:
            if not code:
                continue
            if code in seen:
                first_map, first_path = seen[code]
                self.report("def.duplicate_code", smap, path, value=code, code=code, kind=kind,
                            first=first_map.where(first_path).describe())
            else:
                seen[code] = (smap, path)

    def suggest(self, code: str) -> str:
        cands = self.resolver.candidates(code)
        if not cands:
            return "Kiểm tra mã trong danh bạ đơn vị (registry)."
        return "Có phải: " + ", ".join(f"{m.code} ({m.name})" for m in cands) + "?"

    def known(self, code: str, smap: SourceMap, path: Path, field: str) -> None:
        if not self.resolver.is_known(code):
            self.report("def.unknown_agency", smap, path, value=code, code=code, field=field,
                        suggest=self.suggest(code))

    # -- rule families -----------------------------------------------------------
    def codes_unique(self) -> None:
        self.duplicates(((("sections", i), s.code) for i, s in enumerate(self.p.sections)), self.pm, "mục")
        self.duplicates(((("tasks", i), t.code) for i, t in enumerate(self.p.tasks)), self.pm, "nhiệm vụ")
        self.duplicates(((("indicators", i), x.code) for i, x in enumerate(self.p.indicators)), self.pm, "chỉ tiêu")
        shared: dict[str, tuple[SourceMap, Path]] = {}
        self.duplicates(((("agencies", i), a.code) for i, a in enumerate(self.r.agencies)), self.rm, "đơn vị", shared)
        self.duplicates(((("groups", i), g.code) for i, g in enumerate(self.r.groups)), self.rm, "nhóm", shared)

    def references(self) -> None:
        sections = {s.code for s in self.p.sections}
        for i, s in enumerate(self.p.sections):
            if s.parent and s.parent not in sections:
                self.report("def.unknown_section", self.pm, ("sections", i, "parent"), value=s.parent, code=s.parent)
        for i, t in enumerate(self.p.tasks):
            path = ("tasks", i)
            if t.section and sections and t.section not in sections:
                self.report("def.unknown_section", self.pm, path + ("section",), value=t.section, code=t.section)
            for role in Role:
                for j, code in enumerate(t.targets(role)):
                    self.known(code, self.pm, path + (role.value, j), role.value)
            if not t.targets(Role.LEAD) and not t.targets(Role.EXECUTE):
                self.report("def.no_lead", self.pm, path, code=t.code)
        for i, x in enumerate(self.p.indicators):
            for j, code in enumerate(x.reporters):
                self.known(code, self.pm, ("indicators", i, "reporters", j), "reporters")
        for i, a in enumerate(self.r.agencies):
            path = ("agencies", i)
            for j, g in enumerate(a.groups):
                if g not in self.resolver.groups:
                    self.report("def.unknown_agency", self.rm, path + ("groups", j), value=g, code=g, field="groups",
                                suggest=self.suggest(g))
            if a.parent:
                self.known(a.parent, self.rm, path + ("parent",), "parent")
            for k, succ in enumerate(a.successors):
                for j, code in enumerate(succ.to):
                    if code not in self.resolver.agencies:
                        self.report("def.unknown_agency", self.rm, path + ("successors", k, "to", j), value=code,
                                    code=code, field="successors", suggest=self.suggest(code))
        for i, grp in enumerate(self.r.groups):
            for field in ("include", "members"):
                for j, code in enumerate(getattr(grp, field)):
                    self.known(code, self.rm, ("groups", i, field, j), field)

    def deadlines(self) -> None:
        for i, t in enumerate(self.p.tasks):
            d = t.deadline
            path = ("tasks", i, "deadline")
            if d.text and d.kind == DeadlineKind.NONE:
                self.report("def.deadline_unparsed", self.pm, path, value=d.text, text=d.text)
            for detail in deadline_problems(d.text):
                self.report("def.deadline_invalid", self.pm, path, value=d.text, text=d.text, detail=detail)

    def indicators(self) -> None:
        for i, x in enumerate(self.p.indicators):
            path = ("indicators", i)
            if x.target is None:
                self.report("def.indicator_no_target", self.pm, path, code=x.code)
            else:
                t = x.target
                if t.op == TargetOp.BETWEEN:
                    if t.min is None or t.max is None:
                        self.report("def.indicator_bad_target", self.pm, path + ("target",), code=x.code,
                                    detail="«between» cần «min» và «max»")
                    elif t.min > t.max:
                        self.report("def.indicator_bad_target", self.pm, path + ("target",), code=x.code,
                                    detail=f"min {t.min} > max {t.max}")
                elif t.value is None:
                    self.report("def.indicator_bad_target", self.pm, path + ("target",), code=x.code,
                                detail=f"«{t.op.value}» cần «value»")
            if not x.unit and x.kind != IndicatorKind.YESNO:
                self.report("def.indicator_no_unit", self.pm, path, code=x.code)
            if x.kind == IndicatorKind.RATIO and not (x.numerator and x.denominator):
                self.report("def.ratio_no_labels", self.pm, path, Severity.WARNING, code=x.code)
            if not x.reporters:
                self.report("def.indicator_no_reporters", self.pm, path, Severity.WARNING, code=x.code)

    def registry_rules(self) -> None:
        agencies = self.resolver.agencies
        # Successor cycles: depth-first over the succession graph.
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()

        def visit(code: str, stack: list[str]) -> None:
            state[code] = 1
            for s in agencies[code].successors:
                for nxt in s.to:
                    if nxt not in agencies:
                        continue
                    if state.get(nxt) == 1:
                        loop = stack[stack.index(nxt):] + [nxt] if nxt in stack else [code, nxt]
                        if frozenset(loop) not in reported:
                            reported.add(frozenset(loop))
                            idx = next(i for i, a in enumerate(self.r.agencies) if a.code == code)
                            self.report("def.successor_cycle", self.rm, ("agencies", idx, "successors"),
                                        chain=" → ".join(loop))
                    elif state.get(nxt) is None:
                        visit(nxt, stack + [nxt])
            state[code] = 2

        for code in agencies:
            if code not in state:
                visit(code, [code])
        # Group include cycles.
        gstate: dict[str, int] = {}

        def gvisit(code: str, stack: list[str]) -> None:
            gstate[code] = 1
            for inner in self.resolver.groups[code].include:
                if inner not in self.resolver.groups:
                    continue
                if gstate.get(inner) == 1:
                    idx = next(i for i, g in enumerate(self.r.groups) if g.code == code)
                    self.report("def.group_cycle", self.rm, ("groups", idx, "include"),
                                chain=" → ".join(stack[stack.index(inner):] + [inner]))
                elif gstate.get(inner) is None:
                    gvisit(inner, stack + [inner])
            gstate[code] = 2

        for code in self.resolver.groups:
            if code not in gstate:
                gvisit(code, [code])
        for i, a in enumerate(self.r.agencies):
            path = ("agencies", i)
            if a.active_from and a.active_to and a.active_from > a.active_to:
                self.report("def.active_range", self.rm, path, code=a.code,
                            start=format_date(a.active_from), end=format_date(a.active_to))
            for j, e in enumerate(a.emails):
                if not _EMAIL_RE.match(e):
                    self.report("def.bad_email", self.rm, path + ("emails", j), value=e, code=a.code)
        names: dict[str, set[str]] = {}
        for a in self.r.agencies:
            names.setdefault(a.name, set()).add(a.code)
        for name, codes in names.items():
            if len(codes) > 1:
                idx = next(i for i, a in enumerate(self.r.agencies) if a.name == name)
                self.report("def.ambiguous_name", self.rm, ("agencies", idx, "name"), Severity.WARNING,
                            name=name, codes=", ".join(sorted(codes)))

    def cycle_rules(self, reporting: list[str]) -> None:
        c = self.c
        if c is None:
            return
        on = c.reference_date
        if c.recipient and c.recipient not in self.resolver.agencies:
            self.report("def.cycle_recipient", self.cm, ("cycle", "recipient"), code=c.recipient)
        if c.period_start and c.period_end and c.period_start > c.period_end:
            self.report("def.cycle_period", self.cm, ("cycle", "period_start"), start=format_date(c.period_start),
                        end=format_date(c.period_end))
        for i, t in enumerate(self.p.tasks):
            for role in Role:
                for j, code in enumerate(t.targets(role)):
                    for agency in self.resolver.expand(code):
                        found = self.resolver.agencies.get(agency)
                        if found is not None and found.active_from and on < found.active_from:
                            continue  # not created yet in this cycle (an earlier year of the workspace)
                        if not self.resolver.route(agency, on):
                            self.report("def.routes_to_nobody", self.pm, ("tasks", i, role.value, j),
                                        value=code, task=t.code, code=agency, date=format_date(on))
            roles = self.resolver.task_roles(t, on)
            named = t.targets(Role.LEAD) + t.targets(Role.EXECUTE)
            # Unknown codes are reported on their own; only say "nobody" when every code is known.
            if (named and all(self.resolver.is_known(x) for x in named)
                    and not roles[Role.LEAD] and not roles[Role.EXECUTE]):
                self.report("def.task_nobody", self.pm, ("tasks", i), code=t.code, year=c.year)
        if not reporting:
            self.report("def.no_reporting", self.cm, ("cycle", "reporting"))
        index = {a.code: i for i, a in enumerate(self.r.agencies)}
        for code in reporting:
            a = self.resolver.agencies[code]
            if not a.emails:
                self.report("def.no_email", self.rm, ("agencies", index[code]), Severity.WARNING,
                            code=code, name=a.name)


def validate(programme: Programme, registry: Registry, cycle: Cycle | None,
             prog_map: SourceMap, reg_map: SourceMap, reporting: list[str],
             cfg_map: SourceMap | None = None) -> list[Problem]:
    problems: list[Problem] = []
    v = _Validator(programme, registry, cycle, prog_map, reg_map, problems, cfg_map)
    v.codes_unique()
    v.references()
    v.deadlines()
    v.indicators()
    v.registry_rules()
    v.cycle_rules(reporting)
    return problems


def count_by_kind(programme: Programme) -> dict[str, int]:
    return dict(Counter(t.deadline.kind.value for t in programme.tasks))
