"""``ctrxl convert``: one definition between YAML and the Excel definition workbook, both ways.

Both formats read into the same normalised document (``document.py``), so a
conversion is read → split into programme and registry → write by the output's
extension. Nothing is written when the input has read errors, when the output's
extension is not a definition format, or when the output exists (without ``force``);
every write goes to a temporary file first and is renamed into place.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CtrxlError
from ..problems import Problem, Severity
from .load import XLSX_SUFFIXES, YAML_SUFFIXES, read_document

REGISTRY_KEYS = ("groups", "agencies", "proposed")  # proposed: rows marked "?" in the workbook
# Names that match nothing are kept as typed and written out; ``check`` reports them, convert does not refuse.
_NAME_CODES = {"xlsx.agency_unknown"}
OUTPUT_XLSX = {".xlsx"}  # .xlsm is read, never written: xlsxwriter writes no macros


@dataclass
class ConvertResult:
    written: list[Path]
    counts: dict[str, int]
    problems: list[Problem]

    def to_json(self) -> dict[str, Any]:
        return {"written": [str(p) for p in self.written], "counts": self.counts,
                "warnings": [p.code for p in self.problems if p.severity != Severity.ERROR]}


def _check_output(path: Path, force: bool, allowed: set[str]) -> None:
    if path.suffix.lower() not in allowed:
        raise CtrxlError("def.convert_bad_output", path=path, suffix=path.suffix or "—")
    if path.exists() and not force:
        raise CtrxlError("def.convert_exists", path=path)


def _write_yaml(path: Path, doc: dict[str, Any]) -> None:
    from .yaml_io import dump_yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ctrxl-convert-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(dump_yaml(doc))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _resolve_names(doc: dict[str, Any], source: Path, registry: Path | None, problems: list[Problem]) -> None:
    """Agency cells of a workbook may hold names (see ``names.py``): write codes, as loading would.
    A name that matches nothing is kept as typed (``check`` then reports it)."""
    from .build import build_registry
    from .names import PROGRAMME_FIELDS, REGISTRY_FIELDS, NameResolver
    from .source import SourceMap

    reg_source = registry or source
    prog_xlsx = source.suffix.lower() in XLSX_SUFFIXES
    reg_xlsx = reg_source.suffix.lower() in XLSX_SUFFIXES
    if not (prog_xlsx or reg_xlsx):
        return
    smap = SourceMap(file=str(source))
    if reg_xlsx:
        NameResolver(build_registry(doc, SourceMap(), []), smap, problems).document(doc, REGISTRY_FIELDS)
    if prog_xlsx:
        NameResolver(build_registry(doc, SourceMap(), []), smap, problems).document(doc, PROGRAMME_FIELDS)


def convert_definition(source: Path, output: Path, *, registry: Path | None = None,
                       registry_output: Path | None = None, force: bool = False,
                       lang: str = "vi") -> ConvertResult:
    """Convert ``source`` (+ an optional separate ``registry`` file) to ``output``.

    ``registry_output`` (YAML output only) writes the registry part to its own file, as
    the bundled examples keep it; otherwise programme and registry share ``output``.
    """
    source, output = Path(source), Path(output)
    for p in (source, registry):
        if p is not None and p.suffix.lower() not in XLSX_SUFFIXES | YAML_SUFFIXES:
            raise CtrxlError("def.convert_bad_input", path=p, suffix=p.suffix or "—")
    _check_output(output, force, OUTPUT_XLSX | YAML_SUFFIXES)
    if registry_output is not None:
        if output.suffix.lower() not in YAML_SUFFIXES:
            raise CtrxlError("def.convert_registry_output")
        _check_output(registry_output, force, YAML_SUFFIXES)
    doc, _smap, problems = read_document(source)
    if registry is not None:
        reg_doc, _rmap, found = read_document(registry)
        problems += found
        doc = {**{k: v for k, v in doc.items() if k not in REGISTRY_KEYS},
               **{k: v for k, v in reg_doc.items() if k in REGISTRY_KEYS}}
    _resolve_names(doc, source, registry, problems)
    errors = [p for p in problems if p.severity == Severity.ERROR and p.code not in _NAME_CODES]
    if errors:
        first = errors[0]
        raise CtrxlError("def.convert_unreadable", path=source, count=len(errors),
                         first=f"{first.location.describe(lang)}: {first.message(lang)}")
    programme = {k: v for k, v in doc.items() if k not in REGISTRY_KEYS}
    reg = {k: v for k, v in doc.items() if k in REGISTRY_KEYS}
    written: list[Path] = []
    if output.suffix.lower() in OUTPUT_XLSX:
        from .xlsx import write_definition_xlsx

        output.parent.mkdir(parents=True, exist_ok=True)
        write_definition_xlsx(output, programme, reg)
        written.append(output)
    elif registry_output is not None:
        _write_yaml(output, programme)
        _write_yaml(registry_output, reg)
        written += [output, registry_output]
    else:
        _write_yaml(output, doc)
        written.append(output)
    counts = {k: len(doc.get(k) or []) for k in ("sections", "tasks", "indicators", "groups", "agencies")}
    proposed = doc.get("proposed")
    rows: dict[str, Any] = proposed if isinstance(proposed, dict) else {}
    counts["proposed"] = sum(len(rows.get(k) or []) for k in ("groups", "agencies"))
    return ConvertResult(written, counts, problems)
