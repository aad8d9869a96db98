"""``ctrxl history import``: bring earlier years' answers into the workspace's store.

An office that starts with ctrxl in 2026 brings 2023–2025 from what it has: ctrxl's own filled
agency workbooks, ctrxl's consolidated workbook of a year, or a simple table per agency × task
(``history_read.py`` reads them; docs/history-import.md is the contract). Each agency's answers of
a year are recorded as one submission, exactly as collect records a returned workbook (same
answers rows, same values, same superseding), so status, consolidate, report and next year's
previous-cycle columns see them like any other.

- A year not yet in ctrxl.toml gets its ``[[cycles]]`` table, carried back from the current
  cycle as ``cycle new`` carries forward; the store records the cycle with the definition's hash.
- All or nothing per file: a file with an error records nothing (and writes nothing); the others
  go on.
- Idempotent: an agency workbook is recorded under its bytes' sha256, like collect; the answers of
  one agency taken from a table or a consolidated workbook are recorded under the sha256 of their
  canonical JSON (archived beside the original), so the same file imported twice, or the same
  answers again, are duplicates and change nothing.
- ``dry_run``: everything is read and checked, nothing is written.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..definition.load import Definition, load_definition
from ..errors import CtrxlError
from ..problems import Location, Problem, Severity
from ..store import Store, now, open_store, store_faults
from ..workbook.forms import build_forms
from ..workbook.previous import with_previous
from .history_read import (
    TABLE_SUFFIXES,
    Extract,
    HistoryError,
    Record,
    YearSetup,
    consolidated_year,
    file_kind,
    read_agency_workbook,
    read_consolidated,
    read_table,
    records_from_rows,
)
from .run import _context, _disk_fault, answer_rows, archive, supersede, workspace_lock
from .sources import MAX_FILE_BYTES, SPREADSHEET_SUFFIXES

SUFFIXES = SPREADSHEET_SUFFIXES | TABLE_SUFFIXES
ORIGIN_KIND = "history"


@dataclass
class RecordResult:
    year: int
    agency: str
    agency_name: str
    outcome: str  # accepted | warnings | duplicate (dry run: what would be)
    submitted_at: str  # ISO day recorded as the submission's time
    submitted_known: bool
    answers: int
    submission: int | None = None
    problems: list[Problem] = field(default_factory=list)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {"year": self.year, "agency": self.agency, "agency_name": self.agency_name, "outcome": self.outcome,
                "submission": self.submission, "submitted_at": self.submitted_at,
                "submitted_known": self.submitted_known, "answers": self.answers,
                "issues": [p.to_json(lang, value_text=True) for p in self.problems]}


@dataclass
class FileResult:
    path: str
    kind: str | None  # workbook | consolidated | table; None when not recognised
    sha256: str = ""
    outcome: str = "rejected"  # imported | unchanged | rejected
    records: list[RecordResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.records})

    def to_json(self, lang: str) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "sha256": self.sha256, "outcome": self.outcome,
                "years": self.years, "records": [r.to_json(lang) for r in self.records],
                "issues": [p.to_json(lang, value_text=True) for p in self.problems]}


@dataclass
class HistoryResult:
    dry_run: bool
    files: list[FileResult] = field(default_factory=list)
    cycles_added: list[int] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(f.outcome == "rejected" for f in self.files)

    def counts(self) -> dict[str, int]:
        out = {"files": len(self.files), "imported": 0, "unchanged": 0, "rejected": 0, "records": 0, "duplicates": 0}
        for f in self.files:
            out[f.outcome] += 1
            for r in f.records:
                out["duplicates" if r.outcome == "duplicate" else "records"] += 1
        return out

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {"dry_run": self.dry_run, "files": [f.to_json(lang) for f in self.files],
                "cycles_added": self.cycles_added, "counts": self.counts()}


def _inputs(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if not path.exists():
            raise CtrxlError("cli.file_missing", path=path)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                          and not p.name.startswith(("~$", ".")))
        else:
            out.append(path)
    return out


class _Years:
    """Each year's definition and forms, made once; a year's [[cycles]] table is written only when a
    file that needs it is recorded."""

    def __init__(self, ws, store: Store):
        self.ws, self.store = ws, store
        self.current = ws.config.cycle.year
        self.setups: dict[int, YearSetup] = {}
        self.definitions: dict[int, Definition] = {}
        self.missing: dict[int, Any] = {}  # year -> CycleConfig not yet in ctrxl.toml

    def __call__(self, year: int) -> YearSetup:
        if year in self.setups:
            return self.setups[year]
        from ..track.cycles import earlier_cycle

        if year >= self.current:
            raise HistoryError(Problem("hist.not_earlier", Severity.ERROR, Location(), {"year": year,
                                                                                    "current": self.current}))
        if year < 1990:
            raise HistoryError(Problem("hist.bad_year", Severity.ERROR, Location(), {}, year))
        config, known = earlier_cycle(self.ws.config, year)
        if not known:
            self.missing[year] = config
        ws = self.ws
        definition = load_definition(ws.programme_path, ws.registry_path, config.to_cycle(ws.timezone),
                                     base=ws.root, config_map=ws.config_map)
        if not definition.ok:  # e.g. a registry that only knows the agencies of later years
            errors = [p for p in definition.problems if p.severity == Severity.ERROR]
            raise HistoryError(Problem("hist.definition_errors", Severity.ERROR, Location(),
                                       {"year": year, "errors": len(errors), "first": errors[0].message()}))
        self.definitions[year] = definition
        forms = with_previous(build_forms(definition), self.store)
        context = _context(definition, None)  # the office vouches for the files it imports: no signature check
        context.forms = {f.agency_code: f for f in forms}
        c = definition.cycle
        setup = YearSetup(year, context.forms, definition.resolver, context, c.due, definition.programme.issue_date,
                          c.period_end)
        self.setups[year] = setup
        return setup


def _payload(record: Record, source_sha: str, programme: str) -> bytes:
    """The canonical bytes of one agency's imported answers: their sha256 identifies the submission."""
    ans = record.answers
    rows = []
    for kind, table in (("task", ans.tasks), ("indicator", ans.indicators)):
        for code, fields in table.items():
            for key, value in fields.items():
                if value is not None:
                    rows.append([kind, code, key, value, *ans.cells[(kind, code, key)]])
    for key, value in ans.assessment.items():
        if value is not None:
            rows.append(["assessment", key, "value", value, *ans.cells[("assessment", key, "value")]])
    data = {"ctrxl": "history", "programme": programme, "year": record.year, "agency": record.agency,
            "source": source_sha, "submitted": record.submitted.isoformat(), "answers": sorted(rows, key=str)}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _count(record: Record) -> int:
    ans = record.answers
    return (sum(v is not None for f in ans.tasks.values() for v in f.values())
            + sum(v is not None for f in ans.indicators.values() for v in f.values())
            + sum(v is not None for v in ans.assessment.values()))


def _read(kind: str, path: Path, data: bytes, display: str, year: int | None, years: _Years,
          programme: str) -> Extract:
    if kind == "workbook":
        return read_agency_workbook(path, data, display, year, years)
    if kind == "consolidated":
        found = consolidated_year(path, data, programme)
        if year is not None and found is not None and year != found:
            raise HistoryError(Problem("hist.year_mismatch", Severity.ERROR, Location(file=display),
                                       {"given": year, "found": found}, found))
        rows, days, problems = read_consolidated(data, display)
        extract = records_from_rows(rows, kind, display, found or year, years, days)
        extract.problems = problems + extract.problems
        return extract
    rows, problems = read_table(path, data, display)
    extract = records_from_rows(rows, kind, display, year, years)
    extract.problems = problems + extract.problems
    return extract


def import_history(ws, paths: list[Path], year: int | None = None, dry_run: bool = False) -> HistoryResult:
    """Import every file of ``paths`` (files or folders); ``year``: the year of files that do not say."""
    from ..definition.load import load_workspace_definition

    result = HistoryResult(dry_run)
    inputs = _inputs(paths)
    programme = load_workspace_definition(ws).programme.symbol
    try:
        # a dry run writes nothing, not even the lock file
        with nullcontext() if dry_run else workspace_lock(ws), store_faults(ws.store_path):
            store = open_store(ws, readonly=dry_run)
            try:
                years = _Years(ws, store)
                for path in inputs:
                    result.files.append(_import_file(ws, store, years, path, year, dry_run, programme, result))
            finally:
                store.close()
    except OSError as exc:
        raise _disk_fault(exc, ws.root) from None
    return result


def _display(ws, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ws.root.resolve()))
    except ValueError:
        return str(path)


def _import_file(ws, store: Store, years: _Years, path: Path, year: int | None, dry_run: bool, programme: str,
                 result: HistoryResult) -> FileResult:
    display = _display(ws, path)
    out = FileResult(display, None)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            out.problems = [Problem("col.too_large", Severity.ERROR, Location(file=display),
                                    {"size": path.stat().st_size, "limit": MAX_FILE_BYTES})]
            return out
        data = path.read_bytes()
    except OSError:
        out.problems = [Problem("col.path_unreadable", Severity.ERROR, Location(file=display), {"path": display})]
        return out
    out.sha256 = hashlib.sha256(data).hexdigest()
    try:
        out.kind = file_kind(path, data)
        extract = _read(out.kind, path, data, display, year, years, programme)
    except HistoryError as exc:
        problem = exc.problem
        if problem.location.file is None:
            problem.location = Location(file=display, sheet=problem.location.sheet, row=problem.location.row,
                                        cell=problem.location.cell)
        out.problems = [problem]
        return out
    out.kind = extract.kind
    out.problems = list(extract.problems)
    for r in extract.records:
        out.problems += [p for p in r.problems if p.severity == Severity.ERROR]
    if not extract.records and not out.problems:
        out.problems.append(Problem("hist.nothing", Severity.ERROR, Location(file=display)))
    if out.problems:  # all or nothing: a file with an error records nothing
        return out
    payloads = {id(r): (data if extract.kind == "workbook" else _payload(r, out.sha256, programme))
                for r in extract.records}
    for r in extract.records:
        definition = years.definitions[r.year]
        name = definition.resolver.agencies[r.agency].name
        sha = hashlib.sha256(payloads[id(r)]).hexdigest()
        cid = store.cycle(programme, r.year, create=False)
        seen = store.conn.execute("SELECT id FROM submissions WHERE cycle_id = ? AND sha256 = ?",
                                  (cid, sha)).fetchone() if cid is not None else None
        outcome = "duplicate" if seen else ("warnings" if r.problems else "accepted")
        out.records.append(RecordResult(r.year, r.agency, name, outcome, r.submitted.isoformat(), r.submitted_known,
                                        _count(r), seen[0] if seen else None,
                                        [] if seen else list(r.problems)))
    out.outcome = "unchanged" if all(x.outcome == "duplicate" for x in out.records) else "imported"
    if dry_run or out.outcome == "unchanged":
        if dry_run and out.outcome == "imported":  # the years that would get their [[cycles]] table
            result.cycles_added += [y for y in out.years if y in years.missing and y not in result.cycles_added]
        return out
    _record(ws, store, years, extract, payloads, out, path, data, programme, result)
    return out


def _record(ws, store: Store, years: _Years, extract: Extract, payloads: dict[int, bytes], out: FileResult,
            path: Path, data: bytes, programme: str, result: HistoryResult) -> None:
    from ..track.cycles import add_cycle_table

    for y in sorted({r.year for r in extract.records}):
        if y in years.missing:  # a year ctrxl.toml does not know yet: its [[cycles]] table, then the store row
            add_cycle_table(ws, years.missing.pop(y), "added by «ctrxl history import»")
            result.cycles_added.append(y)
        store.cycle(programme, y, years.definitions[y].hash)
    original_sha, original_path = archive(ws.root, ws.archive, data, path.name)
    _remember(ws, store, original_sha, len(data), original_path)
    archived = {}
    for r in extract.records:
        payload = payloads[id(r)]
        if extract.kind != "workbook":
            sha, where = archive(ws.root, ws.archive, payload, "history.json")
            archived[id(r)] = (sha, where, len(payload))
    received = now()
    with store.tx() as conn:
        for r in extract.records:
            res = next(x for x in out.records if x.year == r.year and x.agency == r.agency)
            if res.outcome == "duplicate":
                continue
            if extract.kind == "workbook":
                sha = original_sha
            else:
                sha, where, size = archived[id(r)]
                _remember(ws, store, sha, size, where)
            cid = store.cycle(programme, r.year, create=False)
            assert cid is not None  # made above
            submitted = dt.datetime.combine(r.submitted, dt.time()).isoformat()
            cur = conn.execute(
                """INSERT INTO submissions (cycle_id, sha256, original_name, origin, origin_kind, sender, sent_at,
                   received_at, agency, identified_by, layout, content_digest, outcome, submitted_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (cid, sha, path.name, r.origin, ORIGIN_KIND, None, None, received, r.agency, r.identified_by,
                 r.layout, r.content_digest, res.outcome, submitted))
            sid = cur.lastrowid
            assert sid is not None
            res.submission = sid
            conn.executemany("INSERT INTO answers VALUES (?,?,?,?,?,?,?)", answer_rows(sid, r.answers))
            store.add_problems(sid, r.problems)
            supersede(conn, cid, sid, r.agency, submitted)


def _remember(ws, store: Store, sha: str, size: int, path: Path) -> None:
    store.conn.execute("INSERT OR IGNORE INTO files (sha256, size, archive_path, first_seen) VALUES (?,?,?,?)",
                       (sha, size, str(path.relative_to(ws.root) if path.is_relative_to(ws.root) else path), now()))
