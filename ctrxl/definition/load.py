"""Load a programme and its registry from YAML or Excel, build the model, validate it.

The pipeline, pyxform-style: read (format-specific) → normalise (one document
shape) → build (record by record) → validate (cross-references, cycle). Every
stage returns its problems; nothing stops at the first.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, overload

from ..errors import CtrxlError
from ..model import Cycle, Programme, Registry, Role
from ..problems import Problem, Severity, has_errors
from .build import build_programme, build_registry
from .document import normalise_document
from .names import PROGRAMME_FIELDS, REGISTRY_FIELDS, NameResolver, drop_duplicates
from .registry import Resolver, reporting_agencies
from .source import SourceMap
from .validate import validate
from .yaml_io import load_yaml

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
# A file that could not be parsed at all: its one problem says so, and what building and
# validating an empty document would add (missing programme, no reporting agency…) is noise.
UNREADABLE = {"yaml.unreadable", "yaml.not_mapping", "yaml.syntax", "yaml.tab", "yaml.unclosed_list",
              "yaml.unclosed_map", "yaml.colon_in_value", "yaml.bad_indent", "yaml.unclosed_quote",
              "yaml.bad_escape", "yaml.undefined_alias", "yaml.many_documents"}
YAML_SUFFIXES = {".yaml", ".yml"}
# The registry's part of a document: its groups and agencies, and the rows proposed by ctrxl import
# that the clerk has not confirmed yet (never part of the programme, so never of its hash).
REGISTRY_PARTS = ("groups", "agencies", "proposed")


def read_document(path: Path, display: str | None = None) -> tuple[dict[str, Any], SourceMap, list[Problem]]:
    """Read one definition file of either format into a normalised document."""
    if not path.is_file():
        raise CtrxlError("cli.file_missing", path=display or path)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        from .xlsx import read_definition_xlsx

        doc, smap, problems = read_definition_xlsx(path)
        # The builder reports bad dates and numbers for every field, at the same cell.
        problems = [p for p in problems if p.code not in ("xlsx.bad_date", "xlsx.bad_number")]
        if display:
            smap.file = display
            smap.places = {k: replace(v, file=display) for k, v in smap.places.items()}
            for p in problems:
                p.location = replace(p.location, file=display)
        return normalise_document(doc), smap, problems
    doc, smap, problems = load_yaml(path, display)
    value = doc.get("proposed")
    proposed: dict[str, Any] = value if isinstance(value, dict) else {}
    for key in ("groups", "agencies"):
        for i, rec in enumerate(proposed.get(key) or []):
            if isinstance(rec, dict):  # as the workbook's "?" rows: a reminder, not part of the registry
                problems.append(Problem("def.proposed_row", Severity.WARNING, smap.where(("proposed", key, i)),
                                        {"name": rec.get("name") or "", "code": rec.get("code") or ""}))
    return doc, smap, problems


@dataclass
class BaseDefinition:
    """A programme and its registry, validated, with the cycle when there is one. Only a draft outside a
    workspace (``ctrxl import``) has none; everything loaded for a workspace is a ``Definition``."""

    programme: Programme
    registry: Registry
    cycle: Cycle | None
    resolver: Resolver
    reporting: list[str]
    problems: list[Problem] = field(default_factory=list)
    programme_doc: dict[str, Any] = field(default_factory=dict)
    registry_doc: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    def require_ok(self) -> None:
        """Refuse to act on a definition with errors (generate, collect, send all need a sound one)."""
        if not self.ok:
            errors = sum(1 for p in self.problems if p.severity.value == "error")
            raise CtrxlError("gen.definition_errors", errors=errors)

    @property
    def hash(self) -> str:
        """sha256 of the normalised programme document: changes whenever a task, deadline or target changes."""
        data = json.dumps(self.programme_doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def roles(self, task_code: str) -> dict[Role, list[str]]:
        task = next(t for t in self.programme.tasks if t.code == task_code)
        return self.resolver.task_roles(task, self.reference_date)

    @property
    def reference_date(self):
        from .. import clock

        return self.cycle.reference_date if self.cycle else clock.today()


@dataclass
class Definition(BaseDefinition):
    """A definition with its cycle, as a workspace always has one: what generate, collect, track, report and
    mail work on."""

    cycle: Cycle


@overload
def load_definition(programme_path: Path, registry_path: Path, cycle: Cycle,
                    base: Path | None = None, config_map: SourceMap | None = None) -> Definition: ...


@overload
def load_definition(programme_path: Path, registry_path: Path, cycle: None = None,
                    base: Path | None = None, config_map: SourceMap | None = None) -> BaseDefinition: ...


def load_definition(programme_path: Path, registry_path: Path, cycle: Cycle | None = None,
                    base: Path | None = None, config_map: SourceMap | None = None) -> BaseDefinition:
    """Load and validate. ``base`` shortens file names in messages to what the user typed."""

    def shown(p: Path) -> str:
        try:
            return str(p.resolve().relative_to(base.resolve())) if base else str(p)
        except ValueError:
            return str(p)

    problems: list[Problem] = []
    prog_doc, prog_map, found = read_document(programme_path, shown(programme_path))
    problems += found
    if registry_path.resolve() == programme_path.resolve():
        reg_doc, reg_map = prog_doc, prog_map
    else:
        reg_doc, reg_map, found = read_document(registry_path, shown(registry_path))
        problems += found
    unknown_names: set[str] = set()
    if registry_path.suffix.lower() in XLSX_SUFFIXES:
        # Agency cells of a workbook may hold names: resolve them against the registry itself.
        names = NameResolver(build_registry(reg_doc, reg_map, []), reg_map, problems)
        names.document(reg_doc, REGISTRY_FIELDS)
        unknown_names |= names.unknown
    if programme_path.suffix.lower() in XLSX_SUFFIXES:
        names = NameResolver(build_registry(reg_doc, reg_map, []), prog_map, problems)
        names.document(prog_doc, PROGRAMME_FIELDS)
        unknown_names |= names.unknown
    programme = build_programme(prog_doc, prog_map, problems)
    registry = build_registry(reg_doc, reg_map, problems)
    resolver = Resolver(registry)
    if cycle is not None and cycle.recipient and cycle.recipient not in resolver.agencies:
        # ctrxl.toml may name the recipient as the Excel cells do: "Văn phòng Thành ủy" is VPTU
        named = {m.code for m in resolver.resolve_name(cycle.recipient) if m.kind == "agency"}
        if len(named) == 1:
            cycle = replace(cycle, recipient=named.pop())
    reporting = reporting_agencies(programme, resolver, cycle.reference_date, cycle.reporting) if cycle else []
    found = validate(programme, registry, cycle, prog_map, reg_map, reporting, config_map)
    problems += drop_duplicates(found, unknown_names) if unknown_names else found
    if unreadable(problems):
        problems = [p for p in problems if p.code in UNREADABLE]
    prog_only = {k: v for k, v in prog_doc.items() if k not in REGISTRY_PARTS}
    reg_only = {k: v for k, v in reg_doc.items() if k in REGISTRY_PARTS}
    if cycle is None:
        return BaseDefinition(programme, registry, cycle, resolver, reporting, problems, prog_only, reg_only)
    return Definition(programme, registry, cycle, resolver, reporting, problems, prog_only, reg_only)


def unreadable(problems: list[Problem]) -> bool:
    return any(p.code in UNREADABLE for p in problems)


def load_workspace_definition(ws) -> Definition:  # ws: workspace.Workspace
    return load_definition(ws.programme_path, ws.registry_path, ws.cycle, base=ws.root, config_map=ws.config_map)
