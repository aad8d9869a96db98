"""The import pipeline: document → paragraphs → structure → draft definition + review report."""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..definition.registry import Resolver, reporting_agencies
from ..errors import CtrxlError
from ..messages import msg
from ..model import Cycle, ImplementedDocument, Registry, name_documents
from ..problems import Problem
from ..vn import parse_date
from .assignments import Names
from .deadlines import find_deadline
from .repair import Footnote, repair
from .review import Review, ReviewItem
from .source import read_lines
from .structure import ROLES, Builder, Draft, TaskDraft


@dataclass
class ImportResult:
    source: Path
    draft: Draft
    document: dict[str, Any]
    review: list[ReviewItem]
    footnotes: list[Footnote] = field(default_factory=list)
    registry: Registry | None = None
    registry_source: str | None = None
    cycle: Cycle | None = None

    @property
    def tasks(self) -> list[TaskDraft]:
        return self.draft.tasks

    def definition(self):
        """The draft as a loaded definition (``ctrxl.definition.load.BaseDefinition``), validated."""
        from ..definition.build import build_programme
        from ..definition.load import BaseDefinition
        from ..definition.source import SourceMap
        from ..definition.validate import validate

        problems: list[Problem] = []
        smap = SourceMap(file=self.source.name)
        programme = build_programme(self.document, smap, problems)
        registry = self.registry or Registry()
        resolver = Resolver(registry)
        reporting = (reporting_agencies(programme, resolver, self.cycle.reference_date, self.cycle.reporting)
                     if self.cycle else [])
        problems += validate(programme, registry, self.cycle, smap, SourceMap(file=self.registry_source),
                             reporting, None)
        return BaseDefinition(programme, registry, self.cycle, resolver, reporting, problems, self.document, {})

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        """``ctrxl check --json`` of the draft, plus ``review``."""
        from ..definition.check import check_json

        out = check_json(self.definition(), lang)
        out["review"] = [item.to_json(lang) for item in self.review]
        return out

    def summary(self, lang: str = "vi") -> list[str]:
        doc = self.document
        prog = doc.get("programme", {})
        lines = [
            msg("import.summary", lang, path=self.source.name, tasks=len(doc.get("tasks", [])),
                indicators=len(doc.get("indicators", [])), sections=len(doc.get("sections", []))),
            msg("import.programme", lang, symbol=prog.get("symbol", ""), title=prog.get("title", "")),
            msg("import.registry", lang, source=self.registry_source) if self.registry_source
            else msg("import.no_registry", lang),
        ]
        matched = sum(1 for t in self.tasks if any(t.codes.get(r) for r in ROLES))
        noted = sum(1 for t in self.tasks if any(t.unmatched.get(r) for r in ROLES))
        none = sum(1 for t in self.tasks if not t.assigned)
        lines.append(msg("import.assigned", lang, matched=matched, noted=noted, none=none))
        kinds = Counter(t.get("_kind", "none") for t in self._deadline_kinds())
        from ..definition.check import kinds_text

        lines.append(msg("import.deadlines", lang, summary=kinds_text(dict(kinds), lang)))
        if self.review:
            lines.append(msg("import.review_header", lang, count=len(self.review)))
            for item in self.review:
                lines.append(msg("import.review_row", lang, where=item.place.describe(lang) if item.place else "—",
                                 message=item.message(lang)))
                if item.text:
                    lines.append(msg("import.review_text", lang, text=item.text))
        else:
            lines.append(msg("import.review_none", lang))
        return lines

    def _deadline_kinds(self) -> list[dict[str, str]]:
        from ..definition.deadline import deadline_from_mapping, parse_deadline

        def kind(d: Any) -> str:
            return (deadline_from_mapping(d) if isinstance(d, dict) else parse_deadline(d)).kind.value

        return [{"_kind": kind(t.get("deadline"))} for t in self.document.get("tasks", [])]

    def yaml(self, lang: str = "vi") -> str:
        from ..definition.yaml_io import dump_yaml

        header = msg("import.yaml_header", lang, source=self.source.name, count=len(self.review))
        return f"# {header}\n" + dump_yaml(self.document)


def _implemented(rec: dict[str, Any]) -> ImplementedDocument:
    try:
        day = parse_date(rec.get("date"))
    except ValueError:
        day = None
    return ImplementedDocument(rec["symbol"], rec.get("title"), day, rec.get("issuer"), rec.get("type"))


def _notes(task: TaskDraft, has_registry: bool, lang: str) -> str | None:
    out = []
    if task.context:
        out.append(msg("import.note_context", lang, parent=task.context))
    for role in ROLES:
        role_name = msg(f"import.role.{role}", lang)
        if has_registry and task.unmatched.get(role):
            out.append(msg("import.note_unmatched", lang, role=role_name, names="; ".join(task.unmatched[role])))
        elif not has_registry and task.names.get(role):
            out.append(msg("import.note_names", lang, role=role_name, names="; ".join(task.names[role])))
    return ". ".join(out) or None


def _document(draft: Draft, review: Review, has_registry: bool, source: Path, symbol: str | None,
              lang: str) -> dict[str, Any]:
    prog = dict(draft.programme)
    if symbol:
        prog["symbol"] = symbol
    if not prog.get("symbol"):
        prog["symbol"] = source.stem
        review.add("import.symbol_missing", None, "", symbol=prog["symbol"])
    prog.setdefault("title", source.stem)
    if prog.get("implements"):
        review.add("import.implements_found", draft.programme_place, prog.get("title", ""),
                   names=name_documents([_implemented(d) for d in prog["implements"]]))
    else:
        review.add("import.implements_missing", draft.programme_place, prog.get("title", ""))
    programme = {k: prog[k] for k in ("symbol", "title", "issuer", "issue_date", "implements") if prog.get(k)}
    tasks = []
    for t in draft.tasks:
        rec: dict[str, Any] = {"code": t.code, "section": t.section, "text": t.text}
        for role in ROLES:
            if t.codes.get(role):
                rec[role] = list(t.codes[role])
        if t.deadline_text:
            rec["deadline"] = t.deadline_text
        else:
            found = find_deadline(t.text)
            if found.text:
                rec["deadline"] = found.as_field()
                if len(found.phrases) > 1:  # all kept; the principal one is what the summary counts
                    review.add("import.deadline_several", t.place, t.text, code=t.code, phrases=found.text,
                               principal=found.deadline.kind.value)
                for phrase in found.as_text:
                    review.add("import.deadline_text", t.place, t.text, code=t.code, phrase=phrase)
                if found.weak:
                    review.add("import.deadline_weak", t.place, t.text, code=t.code, phrase=found.text)
            for detail in found.problems:
                review.add("import.deadline_problem", t.place, t.text, code=t.code, detail=detail)
        notes = _notes(t, has_registry, lang)
        if notes:
            rec["notes"] = notes
        tasks.append(rec)
    indicators = []
    for x in draft.indicators:
        if x.kind == "yesno":
            review.add("import.target_yesno", draft.indicator_places.get(x.code), x.text, code=x.code)
        indicators.append(x.document())
    if not tasks:
        review.add("import.no_tasks", None, "")
    doc: dict[str, Any] = {"programme": programme, "sections": draft.sections, "tasks": tasks}
    if indicators:
        doc["indicators"] = indicators
    return doc


def import_programme(path: Path, *, registry: Registry | None = None, registry_source: str | None = None,
                     cycle: Cycle | None = None, symbol: str | None = None, lang: str = "vi") -> ImportResult:
    """Read a programme document (.docx, .txt, .md) and build a draft definition with its review."""
    path = Path(path)
    lines = read_lines(path)
    paras, footnotes = repair(lines, markdown=path.suffix.lower() in (".md", ".markdown"))
    review = Review()
    for note in footnotes:
        review.add("import.footnote", note.place, note.text, number=note.number)
    names = Names(registry)
    builder = Builder(names, review)
    for para in paras:
        builder.feed(para)
    draft = builder.finish()
    abolished_levels(draft.programme.get("issue_date"), review, registry)
    document = _document(draft, review, names.resolver is not None, path, symbol, lang)
    return ImportResult(path, draft, document, review.sorted(), footnotes, registry,
                        registry_source if names.resolver is not None else None, cycle)


# a name of the district level, abolished on 1/7/2025 (two-level local government): "Huyện ủy …",
# "Ủy ban nhân dân huyện", "các huyện, thị xã", "Thị ủy", "cấp huyện". Lower-case NFC words, not
# match keys: a tone-insensitive key would take "Quân sự" for "quận".
_ABOLISHED_RE = re.compile(r"(?<!\w)(?:huyện|quận|thị\s+xã|thị\s+(?:ủy|uỷ))(?!\w)")
_REORGANISED = dt.date(2025, 7, 1)
_WARDS_RE = re.compile(r"xã.{0,12}phường|phường.{0,12}xã")


def abolished_levels(issue_date: str | None, review: Review, registry: Registry | None) -> None:
    """A name of the abolished district level that the registry does not hold (or, without a registry,
    in a programme issued on or after 1/7/2025): one review item per name, suggesting the group of
    commune and ward committees. A programme issued before the reorganisation, imported without a
    registry, names the agencies of its time: nothing is said (a registry's successors route them)."""
    try:
        issued = parse_date(issue_date) if issue_date else None
    except ValueError:
        issued = None
    if registry is None and (issued is None or issued < _REORGANISED):
        return
    group = next((g for g in (registry.groups if registry else [])
                  if any(_WARDS_RE.search(n.lower()) for n in [g.name, *g.aliases])), None)
    suggestion = f"«{group.name}» ({group.code})" if group else msg("import.wards_group")
    seen: set[str] = set()
    for item in list(review.items):
        if item.code not in ("import.unmatched_name", "import.no_registry_name"):
            continue
        name = str(item.params.get("name") or "")
        if not _ABOLISHED_RE.search(unicodedata.normalize("NFC", name).lower()) or name in seen:
            continue
        seen.add(name)
        review.add("import.abolished_level", item.place, item.text, name=name, group=suggestion)


def load_registry(path: Path) -> Registry:
    from ..definition.build import build_registry
    from ..definition.load import read_document

    doc, smap, _problems = read_document(path)
    return build_registry(doc, smap, [])


def registry_for_import(workspace: Path | None, registry: Path | None,
                        start: Path | None = None) -> tuple[Registry | None, str | None, Cycle | None]:
    """The registry to resolve names with: ``--registry FILE``, else the workspace's (``-w`` or found
    from the current folder), else none. A workspace named with ``-w`` must exist."""
    from ..workspace import open_workspace

    cycle = None
    ws = None
    try:
        ws = open_workspace(start=start, explicit=workspace)
    except CtrxlError:
        if workspace is not None:
            raise
    if ws is not None:
        cycle = ws.cycle
    if registry is not None:
        from ..resources import registry_file

        registry = registry_file(registry)
        if not registry.is_file():
            raise CtrxlError("cli.file_missing", path=registry)
        return load_registry(registry), str(registry), cycle
    if ws is not None and ws.registry_path.is_file():
        return load_registry(ws.registry_path), str(ws.registry_path), cycle
    return None, None, cycle


DRAFT_XLSX = {".xlsx"}
DRAFT_YAML = {".yaml", ".yml"}


def review_rows(result: ImportResult, lang: str = "vi") -> list[tuple[str, str, str, str]]:
    """The review sheet's rows: place in the source, passage, what was decided, what to check."""
    from ..messages import msg_or_none

    rows = []
    for item in result.review:
        check = msg_or_none(f"import.check.{item.code}", lang) or msg("import.check.default", lang)
        rows.append((item.place.describe(lang) if item.place else "", item.text, item.message(lang), check))
    return rows


from ..definition.codes import readable_code  # noqa: E402
from ..definition.xlsx_layout import PROPOSED  # noqa: E402  a registry row not yet confirmed by the clerk


def proposed_rows(result: ImportResult, registry_doc: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """Names the import found and the registry lacks, as registry rows marked ``?`` for the clerk to
    confirm: a collective phrase ("các …") a group, anything else an agency. One row per name."""
    from ..vn import match_key

    reg = registry_doc or {}
    taken = {str(r.get("code")) for key in ("groups", "agencies")
             for r in [*(reg.get(key) or []), *((reg.get("proposed") or {}).get(key) or [])]}
    seen: set[str] = set()
    out: dict[str, list[dict[str, Any]]] = {"groups": [], "agencies": []}
    for item in result.review:
        if item.code not in ("import.unmatched_name", "import.no_registry_name"):
            continue
        whole = str(item.params.get("name") or "").strip(" .;,")
        for name in _one_per_agency(whole):
            key = match_key(name)
            if not key or key in seen or len(name) > 120:
                continue
            seen.add(key)
            _propose(out, taken, name, key)
    return out


def _one_per_agency(name: str) -> list[str]:
    """"Báo Quảng Ngãi, Đài PT-TH tỉnh": two agencies, each its own row; a collective phrase
    ("các ban Đảng, đảng đoàn, …") stays whole, a group."""
    from .assignments import AGENCY_START_RE

    parts = [p.strip() for p in name.split(",")]
    if len(parts) > 1 and not name.lower().startswith("các ") and all(AGENCY_START_RE.match(p) for p in parts):
        return parts
    return [name]


def _propose(out: dict[str, list[dict[str, Any]]], taken: set[str], name: str, key: str) -> None:
    from ..vn import match_key

    code = readable_code(name, taken)
    name = name[0].upper() + name[1:]
    if key.split(" ", 1)[0] in (match_key("các"), "cac"):
        out["groups"].append({"code": PROPOSED + code, "name": name})
    else:
        out["agencies"].append({"code": PROPOSED + code, "name": name})


def _registry_document(result: ImportResult) -> dict[str, Any] | None:
    """The registry the names were matched against, as a document (for the draft's registry sheets)."""
    from ..definition.load import read_document

    if not result.registry_source:
        return None
    source = Path(result.registry_source)
    if not source.is_file():
        return None
    doc, _smap, _problems = read_document(source)
    return {k: v for k, v in doc.items() if k in ("groups", "agencies", "proposed")}


def write_draft(result: ImportResult, out: Path, *, force: bool = False, lang: str = "vi") -> Path:
    """Write the draft by ``out``'s extension: ``.xlsx`` the Excel definition workbook (with the review
    sheet and the registry's sheets), ``.yaml``/``.yml`` the programme YAML. Any other extension is
    refused before anything is written. Written to a temporary file beside ``out``, then renamed."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in DRAFT_XLSX | DRAFT_YAML:
        raise CtrxlError("import.bad_output", path=out, suffix=out.suffix or "—")
    if out.exists() and not force:
        raise CtrxlError("import.exists", path=out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix in DRAFT_XLSX:
        from ..definition.xlsx import write_definition_xlsx

        registry_doc = _registry_document(result)
        # names the registry lacks, or every name when there is none: proposed rows, marked "?"
        proposals = proposed_rows(result, registry_doc)
        if registry_doc is None and any(proposals.values()):
            registry_doc = {"groups": [], "agencies": []}
        if registry_doc is not None:
            for key, rows in proposals.items():
                registry_doc[key] = list(registry_doc.get(key) or []) + rows
        write_definition_xlsx(out, result.document, registry_doc, review_rows(result, lang))
        return out
    fd, tmp = tempfile.mkstemp(prefix=".ctrxl-import-", suffix=".yaml", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(result.yaml(lang))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
