"""``ctrxl collect``: archive every input, analyse each spreadsheet, record, write receipts.

Order for each input: guard → archive the original byte for byte under its
sha256 → (containers: open and recurse) → identify → read → validate → record.
The archive is written before anything is parsed, so a file that crashes a
reader is still kept. A byte string seen before in this cycle is a duplicate and
changes nothing, so running collect twice over the same folder changes nothing.

One collect at a time per workspace (a lock file; a second one waits, then sees
duplicates), and the store refuses the same bytes twice in a cycle. A full or
read-only disk and a locked store stop the run with ``FaultError`` (exit code 3):
what was recorded is whole, temporary files are removed (and a killed run's are
swept by the next), and the rerun takes the rest.
"""
from __future__ import annotations

import datetime as dt
import errno
import functools
import hashlib
import itertools
import json
import math
import os
import sqlite3
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import clock
from ..definition.load import Definition
from ..errors import FaultError
from ..problems import Problem, Severity
from ..progress import Progress
from ..store import Store, now, open_store, store_faults
from ..workbook.forms import build_forms, safe_file_name
from .analyse import Analysis, Context, analyse
from .incoming import Incoming
from .receipts import write_receipt
from .sources import Expanded, expand_one, find_paths, read_file, readable


@dataclass
class FileResult:
    path: str
    name: str
    sha256: str
    size: int
    kind: str
    outcome: str  # accepted | warnings | rejected | duplicate | quarantined | container
    agency: str | None = None
    agency_name: str | None = None
    sender: str | None = None
    submission: int | None = None
    receipt: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def issues(self, lang: str = "vi") -> list[dict[str, Any]]:
        """The problems as JSON, rendered in ``lang`` (see docs/collect.md)."""
        return [p.to_json(lang, value_text=True) for p in self.problems]

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "path": self.path, "name": self.name, "sha256": self.sha256, "size": self.size, "kind": self.kind,
            "agency": self.agency, "agency_name": self.agency_name, "sender": self.sender,
            "outcome": self.outcome, "submission": self.submission, "receipt": self.receipt,
            "issues": self.issues(lang),
        }


@dataclass
class CollectResult:
    files: list[FileResult] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in ("accepted", "warnings", "rejected", "duplicate", "quarantined", "container")}
        for f in self.files:
            out[f.outcome] = out.get(f.outcome, 0) + 1
        return out

    @property
    def rejected(self) -> bool:
        return any(f.outcome == "rejected" for f in self.files)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {"files": [f.to_json(lang) for f in self.files], "counts": self.counts()}


def _json(value: Any) -> str:
    """JSON text of an answer value; the common cases without the encoder's overhead."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)) and math.isfinite(value):
        return repr(value)
    return _ENCODE(value)


def answer_values(ans) -> list[tuple]:
    """The ``answers`` rows of a submission without its id: ``(kind, code, field, JSON value, sheet,
    cell)``, one per non-empty answer (collect and ``history import`` record alike; a CSV table has no
    sheet: NULL). A collect worker makes them, so the process that records only inserts them."""
    rows = []
    cells = ans.cells
    for kind, table in (("task", ans.tasks), ("indicator", ans.indicators)):
        for code, fields in table.items():
            for key, value in fields.items():
                if value is None:
                    continue  # an empty answer is the absence of a row
                sheet, cell = cells[(kind, code, key)]
                rows.append((kind, code, key, _json(value), sheet or None, cell))
    for key, value in ans.assessment.items():
        if value is not None:
            sheet, cell = cells[("assessment", key, "value")]
            rows.append(("assessment", key, "value", _json(value), sheet or None, cell))
    return rows


def answer_rows(sid: int, ans) -> list[tuple]:
    """The ``answers`` rows of submission ``sid`` (``answer_values`` with the id first)."""
    return [(sid, *row) for row in answer_values(ans)]


# json.dumps with an option builds a new encoder on every call; this is the same encoder, made once.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def archive(ws_root: Path, folder: Path, data: bytes, name: str) -> tuple[str, Path]:
    """Store ``data`` under its hash (keeping the extension so the copy opens); never overwrite."""
    sha = hashlib.sha256(data).hexdigest()
    suffix = Path(name).suffix.lower()
    suffix = suffix if suffix.isascii() and len(suffix) <= 6 else ""
    path = folder / sha[:2] / (sha + suffix)
    if not path.exists():
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".in-", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)
            raise OSError(exc.errno, exc.strerror, str(folder)) from None
    return sha, path


_ERRNO_VI: dict[int | None, str] = {
    errno.ENOSPC: "ổ đĩa đã đầy", errno.EROFS: "ổ đĩa chỉ cho đọc", errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi", errno.EDQUOT: "vượt hạn mức dung lượng"}


def _disk_fault(exc: OSError, where: Path) -> FaultError:
    detail = _ERRNO_VI.get(exc.errno, exc.strerror or str(exc))
    return FaultError("col.disk_failed", path=exc.filename or where, detail=detail)


def _sweep(folder: Path, pattern: str) -> None:
    """Remove the temporary files a killed run left behind (only ours, by their prefix)."""
    try:
        for stale in folder.glob(pattern):
            stale.unlink()
    except OSError:
        pass  # a read-only folder: the write that follows reports it


LOCK_NAME = ".ctrxl-collect.lock"
COLLECT_WAIT_SECONDS = 120.0  # a second collect waits this long for the first, then stops


@contextmanager
def workspace_lock(ws, wait: float | None = None) -> Iterator[None]:
    """One collect (or fetch) at a time per workspace: an exclusive lock on a file in its root,
    released by the system when the process ends, however it ends."""
    path = ws.root / LOCK_NAME
    wait = COLLECT_WAIT_SECONDS if wait is None else wait
    try:
        fh = open(path, "a+b")
    except OSError as exc:
        raise _disk_fault(exc, path) from None
    try:
        end = time.monotonic() + wait
        while not _try_lock(fh):
            if time.monotonic() >= end:
                raise FaultError("col.busy", path=path, seconds=f"{wait:g}")
            time.sleep(0.2)
        yield
    finally:
        fh.close()  # closing the file releases the lock


def _try_lock(fh) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # typed for win32 only
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _context(definition: Definition, signing_key: bytes | None = None, store: Store | None = None) -> Context:
    """What analysis needs; with ``store``, each form knows its agency's earlier cycles (workbook/previous.py),
    so a one-off task completed then needs no new answer."""
    built = build_forms(definition)
    if store is not None:
        from ..workbook.previous import with_previous

        built = with_previous(built, store)
    forms = {f.agency_code: f for f in built}
    agencies = definition.resolver.agencies
    return Context(
        programme=definition.programme.symbol, year=definition.cycle.year,
        programme_date=definition.programme.issue_date, forms=forms,
        registry_names={c: a.name for c, a in agencies.items()},
        emails={c: list(a.emails) for c, a in agencies.items()}, resolver=definition.resolver,
        today=clock.today(definition.cycle.timezone), timezone=definition.cycle.timezone,
        period_end=definition.cycle.period_end, signing_key=signing_key,
    )


@dataclass
class _Job:
    item: Incoming
    sha256: str
    received: str


@dataclass
class _Receipts:
    """Where and how receipts are written; picklable so workers write them beside the analysis."""

    folder: Path
    programme: str
    year: int
    due: dt.date | None
    names: dict[str, str]
    timezone: str | None = None  # the office's zone: the time received is shown in it

    def write(self, job: _Job, a: Analysis) -> Path:
        name = self.names.get(a.agency) if a.agency else None
        stem = safe_file_name(f"{name or 'Chưa xác định'} - {job.sha256[:8]}")
        try:
            return write_receipt(self.folder / f"{stem}.xlsx", programme=self.programme, year=self.year,
                                 agency_name=name, file_name=job.item.name, received=job.received,
                                 outcome=a.outcome, problems=a.problems, due=self.due, timezone=self.timezone)
        except OSError as exc:  # a plain OSError naming the folder: it crosses process pools intact
            raise OSError(exc.errno, exc.strerror, str(self.folder)) from None
        except Exception as exc:  # xlsxwriter wraps the OSError of a full or read-only disk
            inner = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
            if inner is None:
                raise
            raise OSError(inner.errno, inner.strerror, str(self.folder)) from None


def _process(ctx: Context, receipts: _Receipts, job: _Job) -> tuple[Analysis, str | None]:
    """Analyse one file and write its receipt — when there is something to tell: a clean
    acceptance needs no feedback file (the status report confirms it)."""
    try:
        analysis = analyse(ctx, job.item)
    except Exception as exc:  # a file no guard foresaw still gets an outcome, never a traceback
        analysis = Analysis("quarantined", problems=[Problem("col.unreadable", Severity.ERROR, params={
            "detail": f"{type(exc).__name__}: {exc}"[:200]})])
    if analysis.answers is not None:  # sent back as the rows to insert: smaller to pickle than the answers
        analysis.answer_values, analysis.answers = answer_values(analysis.answers), None
    if analysis.outcome == "accepted" and not analysis.problems:
        return analysis, None
    return analysis, str(receipts.write(job, analysis))


_WORKER: tuple[Context, _Receipts] | None = None


def _init_worker(ctx: Context, receipts: _Receipts) -> None:
    global _WORKER
    _WORKER = (ctx, receipts)


def _process_chunk_in_worker(jobs: list[_Job]) -> list[tuple[Analysis, str | None]]:
    assert _WORKER is not None  # set by _init_worker in each worker process
    return [_process(_WORKER[0], _WORKER[1], job) for job in jobs]


class Collector:
    def __init__(self, ws, definition: Definition, store: Store, today: dt.date | None = None,
                 processes: int | None = None, progress: Progress | None = None):
        if definition.cycle is None:
            raise ValueError("collect needs a cycle")
        definition.require_ok()
        self.ws, self.definition, self.store = ws, definition, store
        self.progress = progress
        self._key = ws.verifying_key()
        self._today = today or clock.today(definition.cycle.timezone)
        self.names = {c: a.name for c, a in definition.resolver.agencies.items()}  # = ctx.registry_names
        self.processes = processes or os.cpu_count() or 1
        cycle = definition.cycle
        cycle_id = store.cycle_of(definition)
        assert cycle_id is not None  # a writable store makes the cycle's row
        self.cycle_id = cycle_id
        self.archive_dir = ws.archive
        self.receipts = _Receipts(ws.outputs(definition).receipts, definition.programme.symbol,
                                  cycle.year, cycle.due, self.names, cycle.timezone)
        _sweep(self.archive_dir, "*/.in-*")
        _sweep(self.receipts.folder, ".ctrxl-*.xlsx")

    @functools.cached_property
    def ctx(self) -> Context:
        """What analysis needs: built when the first file is to be analysed, so that a run of duplicates
        (a second collect over the same inbox) does not build every agency's form nor read the earlier
        cycles' answers."""
        ctx = _context(self.definition, self._key, self.store)
        ctx.today = self._today
        return ctx

    # -- entry points ------------------------------------------------------------
    def collect_paths(self, paths: list[Path]) -> CollectResult:
        files, missing = find_paths(paths)
        result = CollectResult()
        for path, code in missing:
            result.files.append(self._unreadable(path, code))

        def read() -> Iterator[list[Expanded]]:  # each file read when its turn comes: never all in memory
            for path in files:
                try:
                    item = read_file(path)
                except OSError:  # gone or locked since it was found
                    result.files.append(self._unreadable(readable(str(path)), "col.path_unreadable"))
                    continue
                yield expand_one(item)

        self._collect(read(), len(files), result)
        return result

    def collect_incoming(self, items: list[Incoming]) -> CollectResult:
        result = CollectResult()
        self._collect((expand_one(item) for item in items), len(items), result)
        return result

    @staticmethod
    def _unreadable(path: str, code: str) -> FileResult:
        return FileResult(path, Path(path).name, "", 0, "file", "quarantined",
                          problems=[Problem(code, Severity.ERROR, params={"path": path})])

    # -- the pipeline ----------------------------------------------------------------
    def _collect(self, inputs: Iterable[list[Expanded]], count: int, result: CollectResult) -> None:
        """``inputs``: each input with, for a container, its members after it; ``count`` of them."""
        # What is known already, in one query each (not one per file): the submissions of this cycle
        # by their bytes' hash, with the agency a duplicate is reported under, and the files rows.
        seen: dict[str, int | None] = {}
        seen_agency: dict[str, str | None] = {}
        for sha, sid, agency in self.store.conn.execute(
                "SELECT sha256, id, agency FROM submissions WHERE cycle_id = ?", (self.cycle_id,)):
            seen[sha], seen_agency[sha] = sid, agency
        self._known_files = {row[0] for row in self.store.conn.execute("SELECT sha256 FROM files")}
        to_analyse: deque[tuple[FileResult, _Job]] = deque()
        total, finished = count, 0

        def tick() -> None:  # one more input with its outcome (containers: once opened)
            nonlocal finished
            finished += 1
            if self.progress:
                self.progress(finished, total)

        if self.progress:
            self.progress(0, total)

        def archived() -> Iterator[_Job]:
            """Archive each input in order; yield the ones to analyse, so the workers start on the
            first files while the next are archived (and the next are read only as the pool takes them)."""
            nonlocal total
            for group in inputs:
                total += len(group) - 1  # a container's members
                for ex in group:
                    item = ex.item
                    sha, path = archive(self.ws.root, self.archive_dir, item.data, "" if ex.stored else item.name)
                    self._remember_file(sha, len(item.data), path)
                    fr = FileResult(item.origin, item.name, sha, len(item.data), item.kind, "container",
                                    sender=item.sender)
                    result.files.append(fr)
                    if sha in seen:
                        tick()
                        fr.outcome, fr.submission = "duplicate", seen[sha]
                        fr.agency = seen_agency.get(sha)  # a same-run duplicate: filled in at the end
                        continue
                    job = _Job(item, sha, now())
                    if ex.problem or ex.role == "other":
                        problem = (Problem(ex.problem, Severity.ERROR, params=ex.detail) if ex.problem
                                   else Problem("col.not_spreadsheet", Severity.ERROR))
                        analysis = Analysis("quarantined", problems=[problem])
                        self._record(fr, job, analysis, str(self.receipts.write(job, analysis)))
                        seen[sha], seen_agency[sha] = fr.submission, fr.agency
                        tick()
                        continue
                    if ex.role in ("zip", "eml"):
                        tick()
                        continue  # opened; its members follow in the group
                    seen[sha] = -1  # the same bytes twice in one run: the second is a duplicate
                    to_analyse.append((fr, job))
                    yield job
            self.store.conn.commit()  # the files rows of the inputs recorded as duplicates only

        # Results are recorded as they arrive, while the workers go on with the next files; a recorded
        # job is dropped (its bytes with it).
        for analysis, receipt in self._analyse_all(archived()):
            fr, job = to_analyse.popleft()  # a job is in to_analyse before it is analysed
            self._record(fr, job, analysis, receipt)
            tick()
        firsts: dict[str, FileResult] = {}  # the first file of each hash that has its submission
        for fr in result.files:
            if fr.submission not in (None, -1):
                firsts.setdefault(fr.sha256, fr)
        for fr in result.files:  # a same-run duplicate points at the submission recorded first
            if fr.outcome == "duplicate" and fr.submission == -1:
                first = firsts[fr.sha256]
                fr.submission, fr.agency = first.submission, first.agency
        for fr in result.files:  # a duplicate is named by the agency of the file it repeats
            if fr.agency and not fr.agency_name:
                fr.agency_name = self.names.get(fr.agency)

    _CHUNK = 8  # files a worker analyses per call: the first results come back (and are recorded) early
    _AHEAD = 4  # chunks in flight per process: the files read, pickled or analysed but not recorded stay few

    def _analyse_all(self, jobs: Iterator[_Job]) -> Iterator[tuple[Analysis, str | None]]:
        """Analyse and write receipts, in order; in a pool of processes when there is enough work (the
        pool starts once 16 files are waiting, so a run of duplicates starts none). At most
        ``processes × _AHEAD`` chunks are in flight, so the memory does not grow with the files."""
        first = list(itertools.islice(jobs, 16)) if self.processes > 1 else []
        if self.processes <= 1 or len(first) < 16:
            for job in itertools.chain(first, jobs):
                yield _process(self.ctx, self.receipts, job)
            return
        todo = itertools.chain(first, jobs)
        with ProcessPoolExecutor(self.processes, initializer=_init_worker, initargs=(self.ctx, self.receipts)) as pool:
            flight: deque[Future[list[tuple[Analysis, str | None]]]] = deque()

            def submit() -> bool:
                chunk = list(itertools.islice(todo, self._CHUNK))
                if chunk:
                    flight.append(pool.submit(_process_chunk_in_worker, chunk))
                return bool(chunk)

            while len(flight) < self.processes * self._AHEAD and submit():
                pass
            while flight:
                done = flight.popleft().result()
                submit()
                yield from done

    def _remember_file(self, sha: str, size: int, path: Path) -> None:
        # Committed with the next submission (or at the end of the archiving): a killed run loses
        # only rows that the rerun, finding the same archived bytes, writes again. A hash that has a
        # row already is skipped: the INSERT OR IGNORE would change nothing.
        if sha in self._known_files:
            return
        self._known_files.add(sha)
        self.store.conn.execute("INSERT OR IGNORE INTO files (sha256, size, archive_path, first_seen) VALUES (?,?,?,?)",
                                (sha, size, str(path.relative_to(self.ws.root) if path.is_relative_to(self.ws.root)
                                                else path), now()))

    def _record(self, fr: FileResult, job: _Job, a: Analysis, receipt: str | None) -> None:
        item = job.item
        fr.outcome, fr.agency, fr.receipt = a.outcome, a.agency, receipt
        fr.agency_name = self.names.get(a.agency) if a.agency else None
        fr.problems = a.problems
        submitted = (item.sent_at.isoformat() if item.sent_at else None)
        try:
            self._insert(fr, job, a, receipt, submitted)
        except sqlite3.IntegrityError as exc:
            if "submissions_once" not in str(exc):
                raise
            # Another run recorded these bytes first (only possible without the workspace lock).
            row = self.store.conn.execute("SELECT id, agency FROM submissions WHERE cycle_id = ? AND sha256 = ?",
                                          (self.cycle_id, fr.sha256)).fetchone()
            fr.outcome, fr.submission, fr.agency, fr.problems = "duplicate", row[0], row[1], []

    def _insert(self, fr: FileResult, job: _Job, a: Analysis, receipt: str | None, submitted: str | None) -> None:
        item, received = job.item, job.received
        with self.store.tx() as conn:
            cur = conn.execute(
                """INSERT INTO submissions (cycle_id, sha256, original_name, origin, origin_kind, sender, sent_at,
                   received_at, agency, identified_by, layout, content_digest, outcome, submitted_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (self.cycle_id, fr.sha256, item.name, item.origin, item.kind, item.sender,
                 item.sent_at.isoformat() if item.sent_at and item.kind in ("eml", "imap") else None,
                 received, a.agency, a.identified_by, a.layout, a.content_digest, a.outcome, submitted))
            conn.execute("UPDATE submissions SET receipt_path = ? WHERE id = ?", (receipt, cur.lastrowid))
            sid = cur.lastrowid
            assert sid is not None  # set by the INSERT
            fr.submission = sid
            values = a.answer_values if a.answers is None else answer_values(a.answers)
            if values is not None:
                conn.executemany("INSERT INTO answers VALUES (?,?,?,?,?,?,?)", [(sid, *row) for row in values])
            self.store.add_problems(sid, a.problems)
            if a.outcome in ("accepted", "warnings") and a.agency:
                self._supersede(conn, sid, a.agency, submitted or received)

    def _supersede(self, conn, sid: int, agency: str, submitted: str) -> None:
        supersede(conn, self.cycle_id, sid, agency, submitted)


def supersede(conn, cycle_id: int, sid: int, agency: str, submitted: str) -> None:
    """The latest valid submission of an agency is current; earlier ones are kept, superseded."""
    rows = conn.execute(
        """SELECT id, COALESCE(submitted_at, received_at) AS t FROM submissions
           WHERE cycle_id = ? AND agency = ? AND outcome IN ('accepted','warnings') AND id != ?
           AND superseded_by IS NULL""", (cycle_id, agency, sid)).fetchall()
    for row in rows:
        if row["t"] <= submitted:
            conn.execute("UPDATE submissions SET superseded_by = ? WHERE id = ?", (sid, row["id"]))
        else:  # an older version arrived late: it is kept, but the newer one stays current
            conn.execute("UPDATE submissions SET superseded_by = ? WHERE id = ?", (row["id"], sid))


def collect(ws, definition: Definition, paths: list[Path] | None = None, items: list[Incoming] | None = None,
            store: Store | None = None, today: dt.date | None = None, processes: int | None = None,
            progress: Progress | None = None) -> CollectResult:
    """``progress(done, total)``: inputs (files, containers and their members) with an outcome so far."""
    store_path = store.path if store is not None else ws.store_path
    try:
        with workspace_lock(ws), store_faults(store_path):
            own = store is None
            store = store or open_store(ws)
            try:
                collector = Collector(ws, definition, store, today, processes, progress)
                if items is not None:
                    return collector.collect_incoming(items)
                paths = paths or [ws.inbox]
                return collector.collect_paths(paths)
            finally:
                if own:
                    store.close()
    except OSError as exc:
        raise _disk_fault(exc, ws.root) from None


def collect_incoming(ws, definition: Definition, items: list[Incoming], store: Store | None = None) -> CollectResult:
    """For ``ctrxl fetch``: attachments read from a mailbox go through the same pipeline."""
    return collect(ws, definition, items=items, store=store)
