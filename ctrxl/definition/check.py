"""``ctrxl check``: the normalised definition as JSON, and a Vietnamese summary.

The JSON shape is a contract other tools rely on (documented in docs/check-json.md):
fields may be added, never renamed or removed.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..messages import msg
from ..model import Deadline, Indicator, Role, programme_name
from ..problems import Severity
from ..vn import format_date, sort_key
from .deadline import describe
from .load import BaseDefinition, unreadable

SCHEMA_VERSION = 1


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def deadline_json(d: Deadline) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": d.kind.value,
        "date": _iso(d.due),
        "text": d.text,
        "year": d.year,
        "quarter": d.quarter,
        "month": d.month,
        "condition": d.condition,
        "group": d.group,
        "summary": describe(d),
    }
    if d.parts:
        out["parts"] = [deadline_json(p) for p in d.parts]
    return out


def indicator_json(x: Indicator, definition: BaseDefinition) -> dict[str, Any]:
    target = None
    if x.target:
        target = {"op": x.target.op.value, "value": x.target.value, "min": x.target.min, "max": x.target.max,
                  "text": x.target.describe()}
    return {
        "code": x.code,
        "section": x.section,
        "text": x.text,
        "unit": x.unit,
        "kind": x.kind.value,
        "target": target,
        "year": x.year,
        "yearly": x.yearly,
        "numerator": x.numerator,
        "denominator": x.denominator,
        "reporters": definition.resolver.sorted_codes(
            definition.resolver.assignees(x.reporters, definition.reference_date)),
    }


def check_json(definition: BaseDefinition, lang: str = "vi") -> dict[str, Any]:
    p, r, c = definition.programme, definition.registry, definition.cycle
    on = definition.reference_date
    resolver = definition.resolver
    reporting = set(definition.reporting)
    tasks = []
    for t in p.tasks:
        roles = {role: resolver.sorted_codes(codes) for role, codes in resolver.task_roles(t, on).items()}
        tasks.append({
            "code": t.code,
            "section": t.section,
            "text": t.text,
            "lead": roles[Role.LEAD],
            "support": roles[Role.COORDINATE],
            "execute": roles[Role.EXECUTE],
            "assigned": {role.value: t.targets(role) for role in Role},
            "deadline": deadline_json(t.deadline),
            "notes": t.notes,
            "reask": t.reask,
            "collective": resolver.collective_names(t),
        })
    agencies = [
        {
            "code": a.code,
            "name": a.name,
            "short": a.short,
            "abbrev": a.abbrev,
            "aliases": a.aliases,
            "emails": a.emails,
            "groups": a.groups,
            "parent": a.parent,
            "active": a.active_on(on),
            "active_from": _iso(a.active_from),
            "active_to": _iso(a.active_to),
            "successors": [{"kind": s.kind.value, "to": s.to, "date": _iso(s.date)} for s in a.successors],
            "reporting": a.code in reporting,
        }
        for a in sorted(r.agencies, key=lambda a: sort_key(a.name))
    ]
    problems = definition.problems
    return {
        "schema": SCHEMA_VERSION,
        "ok": definition.ok,
        "programme": {
            "symbol": p.symbol,
            "title": p.title,
            "issuer": p.issuer,
            "issue_date": _iso(p.issue_date),
            "implements": [{"symbol": x.symbol, "type": x.kind, "number": x.number, "date": _iso(x.date),
                            "issuer": x.issuer, "title": x.title, "name": x.name()} for x in p.implements],
        },
        "cycle": None if c is None else {
            "year": c.year,
            "due": _iso(c.due),
            "period_start": _iso(c.period_start),
            "period_end": _iso(c.period_end),
            "recipient": c.recipient,
            "reporting": definition.reporting,
        },
        "sections": [{"code": s.code, "title": s.title, "parent": s.parent} for s in p.sections],
        "groups": [{"code": g.code, "name": g.name, "collective": g.collective,
                    "members": resolver.sorted_codes(resolver.expand(g.code))} for g in r.groups],
        "agencies": agencies,
        "tasks": tasks,
        "indicators": [indicator_json(x, definition) for x in p.indicators],
        "summary": summary_counts(definition),
        "issues": [pr.to_json(lang) for pr in problems],
    }


def summary_counts(definition: BaseDefinition) -> dict[str, Any]:
    p = definition.programme
    on = definition.reference_date
    per_agency: dict[str, Counter] = {code: Counter() for code in definition.reporting}
    for t in p.tasks:
        for role, codes in definition.resolver.task_roles(t, on).items():
            for code in codes:
                per_agency.setdefault(code, Counter())[role.value] += 1
    for x in p.indicators:
        for code in definition.resolver.assignees(x.reporters, on):
            per_agency.setdefault(code, Counter())["indicators"] += 1
    return {
        "tasks": len(p.tasks),
        "indicators": len(p.indicators),
        "agencies": len(definition.registry.agencies),
        "reporting_agencies": len(definition.reporting),
        "deadline_kinds": dict(sorted(Counter(t.deadline.kind.value for t in p.tasks).items())),
        "errors": sum(1 for x in definition.problems if x.severity == Severity.ERROR),
        "warnings": sum(1 for x in definition.problems if x.severity == Severity.WARNING),
        "per_agency": {code: {k: per_agency[code].get(k, 0) for k in ("lead", "coordinate", "execute", "indicators")}
                       for code in per_agency},
    }


def check_text(definition: BaseDefinition, lang: str = "vi") -> list[str]:
    """The human summary, line by line, in the user's language."""
    p, c = definition.programme, definition.cycle
    s = summary_counts(definition)
    lines = [msg("check.title", lang, symbol=p.symbol, title=p.title)]
    if p.implements:  # as the reports and emails will cite it: the clerk sees it before anything is sent
        lines.append(msg("check.cited", lang, citation=programme_name(p)))
    if unreadable(definition.problems):  # nothing to summarise: only the file's one problem
        lines = []
    elif c:
        recipient = definition.resolver.agencies.get(c.recipient or "")
        lines.append(msg("check.cycle", lang, year=c.year, due=format_date(c.due),
                         start=format_date(c.period_start) or "—", end=format_date(c.period_end) or "—",
                         recipient=recipient.name if recipient else (c.recipient or "—")))
    if lines:
        lines.append(msg("check.counts", lang, tasks=s["tasks"], indicators=s["indicators"], agencies=s["agencies"],
                         reporting=s["reporting_agencies"]))
        lines.append(msg("check.deadlines", lang, summary=kinds_text(s["deadline_kinds"], lang)))
    if lines and s["per_agency"]:
        lines.append(msg("check.per_agency_header", lang))
        for code in definition.resolver.sorted_codes(s["per_agency"]):
            agency = definition.resolver.agencies.get(code)
            counts = s["per_agency"][code]
            name = agency.name if agency else code
            lines.append(msg("check.per_agency_row", lang, name=name[:48], lead=counts["lead"],
                             coord=counts["coordinate"], execute=counts["execute"], indicators=counts["indicators"]))
    if definition.problems:
        lines.append(msg("check.problems_header", lang, errors=s["errors"], warnings=s["warnings"]))
        order = sorted(definition.problems, key=lambda x: (x.severity != Severity.ERROR,))
        for pr in order:
            lines.append(msg("check.problem_row", lang, severity=msg(f"severity.{pr.severity.value}", lang),
                             where=pr.location.describe(lang) or "—", message=pr.message(lang)))
            hint = pr.hint(lang)
            if hint:
                lines.append(msg("check.problem_hint", lang, hint=hint))
    lines.append(msg("check.ok", lang) if definition.ok else msg("check.failed", lang, errors=s["errors"]))
    return lines


def kinds_text(kinds: dict[str, int], lang: str = "vi") -> str:
    """``{"continuous": 22, …}`` as people read it: «thường xuyên: 22; …», in ``DeadlineKind`` order."""
    from ..model import DeadlineKind

    order = [k.value for k in DeadlineKind]
    return "; ".join(msg("check.kind_count", lang, kind=msg(f"deadline_kind.{k}", lang), count=n)
                     for k, n in sorted(kinds.items(), key=lambda kv: order.index(kv[0])))
