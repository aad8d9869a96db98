"""Agency cells of the Excel definition accept names: a code, a name, a short name or an alias.

The clerk types "Ban Tổ chức Thành ủy" (or picks it from the dropdown) where the
document needs the code ``BTCTU``. Before the document is built, every agency cell
of a workbook is resolved with the registry's matcher (``Resolver``: NFC, case and
tone placement insensitive, aliases):

- a code, or an exact name/short name/alias: replaced by the code, silently;
- a near match (one clear closest name): replaced, with a warning naming the agency chosen;
- no match: left as typed, with an error giving the closest candidates at the cell's
  sheet, row and column (the validator's "unknown code" for that cell is then dropped).

The document keeps codes, so the definition (and ``check --json``) is the same whether
the clerk typed codes or names.
"""
from __future__ import annotations

from typing import Any

from ..model import Registry
from ..problems import Problem, Severity
from .registry import Match, Resolver
from .source import SourceMap, path_text

NEAR = 0.85  # difflib ratio of match keys above which a single closest name is taken
CLEAR = 0.05  # ... when it is this much closer than the next candidate

# (document key, field, kind): "any" = agency or group, "agency", "group".
PROGRAMME_FIELDS = (("tasks", "lead", "any"), ("tasks", "coordinate", "any"), ("tasks", "execute", "any"),
                    ("indicators", "reporters", "any"))
REGISTRY_FIELDS = (("groups", "include", "group"), ("groups", "members", "agency"), ("agencies", "groups", "group"),
                   ("agencies", "parent", "agency"))


def _fits(m: Match, kind: str) -> bool:
    return kind == "any" or m.kind == kind


def _describe(m: Match) -> str:
    return f"{m.name} ({m.code})"


class NameResolver:
    def __init__(self, registry: Registry, smap: SourceMap, problems: list[Problem]) -> None:
        self.resolver = Resolver(registry)
        self.smap = smap
        self.problems = problems
        self.unknown: set[str] = set()  # paths reported here; the validator's duplicate is dropped

    def known_code(self, value: str, kind: str) -> bool:
        r = self.resolver
        return value in r.agencies if kind == "agency" else value in r.groups if kind == "group" else r.is_known(value)

    def one(self, value: Any, path: tuple, kind: str, field: str) -> Any:
        if not isinstance(value, str) or not value or self.known_code(value, kind):
            return value
        exact = [m for m in self.resolver.resolve_name(value) if _fits(m, kind)]
        if exact:
            codes = list(dict.fromkeys(m.code for m in exact))
            if len(codes) > 1:
                self.report("xlsx.agency_ambiguous", Severity.WARNING, path, value, field=field,
                            chosen=_describe(exact[0]), others=", ".join(_describe(m) for m in exact[1:]))
            return exact[0].code
        cands = [m for m in self.resolver.candidates(value, limit=6) if _fits(m, kind)][:3]
        if cands and cands[0].score >= NEAR and (len(cands) == 1 or cands[0].score - cands[1].score >= CLEAR
                                                  or cands[1].code == cands[0].code):
            self.report("xlsx.agency_near", Severity.WARNING, path, value, field=field, chosen=_describe(cands[0]))
            return cands[0].code
        if not cands:  # an error always offers something to pick from
            cands = [m for m in self.resolver.candidates(value, limit=6, cutoff=0.3) if _fits(m, kind)][:3]
        self.unknown.add(path_text(path))
        self.report("xlsx.agency_unknown", Severity.ERROR, path, value, field=field,
                    candidates=", ".join(_describe(m) for m in cands) or "—")
        return value

    def report(self, code: str, severity: Severity, path: tuple, value: str, **params: Any) -> None:
        params["value"] = value
        self.problems.append(Problem(code, severity, self.smap.where(path), params, value=value,
                                     path=path_text(path)))

    def document(self, doc: dict[str, Any], fields: tuple[tuple[str, str, str], ...]) -> None:
        for key, field, kind in fields:
            for i, rec in enumerate(doc.get(key) or []):
                if not isinstance(rec, dict) or field not in rec:
                    continue
                value = rec[field]
                if isinstance(value, list):
                    rec[field] = [self.one(v, (key, i, field, j), kind, field) for j, v in enumerate(value)]
                else:
                    rec[field] = self.one(value, (key, i, field), kind, field)
        if fields is REGISTRY_FIELDS:
            for i, agency in enumerate(doc.get("agencies") or []):
                for k, succ in enumerate((agency.get("successors") or []) if isinstance(agency, dict) else []):
                    if isinstance(succ, dict) and isinstance(succ.get("to"), list):
                        succ["to"] = [self.one(v, ("agencies", i, "successors", k, "to", j), "agency", "successors")
                                      for j, v in enumerate(succ["to"])]


def drop_duplicates(problems: list[Problem], unknown: set[str]) -> list[Problem]:
    """The validator's "unknown code" for a cell already reported as an unknown name."""
    return [p for p in problems if not (p.code == "def.unknown_agency" and p.path in unknown)]
