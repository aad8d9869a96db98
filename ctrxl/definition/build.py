"""Build the model from a normalised document, reporting every field that cannot be used.

This stage checks each record on its own (required fields, types, enum values,
dates, numbers). Cross-references — unknown agencies, duplicates, successor
cycles — are the validator's job (``validate.py``), which sees the whole
programme and registry at once.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any

from ..model import (
    DOCUMENT_TYPES,
    Agency,
    Assignment,
    Deadline,
    Group,
    ImplementedDocument,
    Indicator,
    IndicatorKind,
    Programme,
    Registry,
    Role,
    Section,
    Succession,
    SuccessionKind,
    Target,
    TargetOp,
    Task,
)
from ..problems import Problem, Severity
from ..vn import parse_date
from .deadline import deadline_from_mapping, parse_deadline
from .source import Path, SourceMap, path_text

Report = Callable[..., None]

_INDICATOR_KIND_ALIASES = {"tỷ lệ": "ratio", "tỉ lệ": "ratio", "số lượng": "count", "giá trị": "value",
                           "có/không": "yesno"}
_SUCCESSION_ALIASES = {"sáp nhập vào": "merged_into", "đổi tên thành": "renamed_to", "tách thành": "split_into"}


class _Builder:
    def __init__(self, smap: SourceMap, problems: list[Problem]):
        self.smap = smap
        self.problems = problems

    def report(self, key: str, path: Path, severity: Severity = Severity.ERROR, /,
               *, value: Any = None, **params: Any) -> None:
        params.setdefault("value", value)
        self.problems.append(
            Problem(key, severity, self.smap.where(path), params, value=value, path=path_text(path))
        )

    # -- field readers ---------------------------------------------------------
    def text(self, rec: dict, key: str, path: Path, required: bool = False) -> str | None:
        value = rec.get(key)
        if value is None:
            if required:
                self.report("def.required", path, field=key)
            return None
        return str(value)

    def codes(self, rec: dict, key: str, path: Path) -> list[str]:
        value = rec.get(key) or []
        if not isinstance(value, list):
            self.report("def.not_list", path + (key,), field=key, value=value)
            return []
        return [str(v) for v in value]

    def date(self, rec: dict, key: str, path: Path) -> dt.date | None:
        value = rec.get(key)
        try:
            return parse_date(value)
        except (ValueError, TypeError):
            self.report("def.bad_date", path + (key,), field=key, value=value)
            return None

    def number(self, rec: dict, key: str, path: Path) -> float | None:
        value = rec.get(key)
        if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        self.report("def.bad_number", path + (key,), field=key, value=value)
        return None

    def year(self, rec: dict, key: str, path: Path) -> int | None:
        value = rec.get(key)
        if value is None:
            return None
        if isinstance(value, int) and 1900 <= value <= 2200:
            return value
        self.report("def.bad_year", path + (key,), field=key, value=value)
        return None

    def choice(self, rec: dict, key: str, path: Path, enum: type[Enum], aliases: dict[str, str] | None = None) -> Any:
        value = rec.get(key)
        if value is None:
            return None
        raw = str(value).strip()
        raw = (aliases or {}).get(raw.casefold(), raw)
        try:
            return enum(raw)
        except ValueError:
            self.report("def.bad_choice", path + (key,), field=key, value=value,
                        choices=", ".join(e.value for e in enum))
            return None

    def records(self, doc: dict, key: str) -> list[tuple[Path, dict]]:
        value = doc.get(key) or []
        if not isinstance(value, list):
            self.report("def.not_list", (key,), field=key)
            return []
        out: list[tuple[Path, dict]] = []
        for i, rec in enumerate(value):
            if not isinstance(rec, dict):
                self.report("def.not_record", (key, i), field=key)
                continue
            out.append(((key, i), rec))
        return out

    # -- records ---------------------------------------------------------------
    def deadline(self, value: Any, path: Path) -> Deadline:
        try:
            if isinstance(value, dict):
                return deadline_from_mapping(value)
            return parse_deadline(value)
        except ValueError as exc:
            self.report("def.bad_deadline", path, detail=str(exc), value=value)
            return Deadline(text=str(value.get("text", "")) if isinstance(value, dict) else str(value or ""))

    def programme(self, doc: dict) -> Programme:
        rec = doc.get("programme")
        if not isinstance(rec, dict):
            self.report("def.required", ("programme",), field="programme")
            rec = {}
        path: Path = ("programme",)
        implements = []
        for i, r in enumerate(rec.get("implements") or []):
            if isinstance(r, dict) and r.get("symbol"):
                where = path + ("implements", i)
                cited = ImplementedDocument(str(r["symbol"]), self.text(r, "title", where),
                                            self.date(r, "date", where), self.text(r, "issuer", where),
                                            self.text(r, "type", where))
                if not cited.kind:  # the reports would have to say "văn bản số …"
                    self.report("def.implements_type", where + ("symbol",), Severity.WARNING,
                                value=cited.symbol, types=", ".join(sorted(set(DOCUMENT_TYPES.values()))))
                implements.append(cited)
        prog = Programme(
            symbol=self.text(rec, "symbol", path, required=True) or "",
            title=self.text(rec, "title", path, required=True) or "",
            issuer=self.text(rec, "issuer", path),
            issue_date=self.date(rec, "issue_date", path),
            implements=implements,
        )
        for p, r in self.records(doc, "sections"):
            prog.sections.append(Section(self.text(r, "code", p, True) or "", self.text(r, "title", p) or "",
                                         r.get("parent")))
        for p, r in self.records(doc, "tasks"):
            assignments = [
                Assignment(code, role)
                for role, key in ((Role.LEAD, "lead"), (Role.COORDINATE, "coordinate"), (Role.EXECUTE, "execute"))
                for code in self.codes(r, key, p)
            ]
            prog.tasks.append(Task(
                code=self.text(r, "code", p, True) or "",
                section=r.get("section"),
                text=self.text(r, "text", p, True) or "",
                assignments=assignments,
                deadline=self.deadline(r.get("deadline"), p + ("deadline",)),
                notes=r.get("notes"),
                reask=bool(r.get("reask")),
            ))
        for p, r in self.records(doc, "indicators"):
            kind = self.choice(r, "kind", p, IndicatorKind, _INDICATOR_KIND_ALIASES)
            if "kind" not in r:
                self.report("def.required", p, field="kind")
            prog.indicators.append(Indicator(
                code=self.text(r, "code", p, True) or "",
                text=self.text(r, "text", p, True) or "",
                unit=r.get("unit"),
                kind=kind or IndicatorKind.VALUE,
                target=self.target(r.get("target"), p + ("target",)),
                year=self.year(r, "year", p),
                yearly=bool(r.get("yearly")),
                section=r.get("section"),
                numerator=r.get("numerator"),
                denominator=r.get("denominator"),
                reporters=self.codes(r, "reporters", p),
                notes=r.get("notes"),
            ))
        return prog

    def target(self, value: Any, path: Path) -> Target | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.report("def.not_record", path, field="target")
            return None
        op = self.choice(value, "op", path, TargetOp)
        if op is None:
            if "op" not in value:
                self.report("def.required", path, field="target.op")
            return None
        return Target(op, self.number(value, "value", path), self.number(value, "min", path),
                      self.number(value, "max", path))

    def registry(self, doc: dict) -> Registry:
        reg = Registry()
        for p, r in self.records(doc, "groups"):
            reg.groups.append(Group(
                code=self.text(r, "code", p, True) or "",
                name=self.text(r, "name", p, True) or "",
                aliases=self.codes(r, "aliases", p),
                include=self.codes(r, "include", p),
                members=self.codes(r, "members", p),
                collective=bool(r.get("collective")),
            ))
        for p, r in self.records(doc, "agencies"):
            successors = []
            for sp, s in self.records(r, "successors"):
                sp = p + sp
                kind = self.choice(s, "kind", sp, SuccessionKind, _SUCCESSION_ALIASES)
                if "kind" not in s:
                    self.report("def.required", sp, field="kind")
                to = self.codes(s, "to", sp)
                if not to:
                    self.report("def.required", sp, field="to")
                if kind:
                    successors.append(Succession(kind, to, self.date(s, "date", sp)))
            reg.agencies.append(Agency(
                code=self.text(r, "code", p, True) or "",
                name=self.text(r, "name", p, True) or "",
                short=r.get("short"),
                abbrev=r.get("abbrev"),
                aliases=self.codes(r, "aliases", p),
                groups=self.codes(r, "groups", p),
                parent=r.get("parent"),
                emails=self.codes(r, "emails", p),
                active_from=self.date(r, "active_from", p),
                active_to=self.date(r, "active_to", p),
                successors=successors,
            ))
        return reg


def build_programme(doc: dict, smap: SourceMap, problems: list[Problem]) -> Programme:
    return _Builder(smap, problems).programme(doc)


def build_registry(doc: dict, smap: SourceMap, problems: list[Problem]) -> Registry:
    return _Builder(smap, problems).registry(doc)
