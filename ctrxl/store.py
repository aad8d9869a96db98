"""The workspace store: one SQLite file recording cycles, submissions, answers, problems, mail.

Schema changes are migrations, applied in order at open and recorded in
``PRAGMA user_version`` — never edit a released migration, add a new one.
Writes happen in transactions (``with store.tx():``) so an interrupted command
leaves the store as it was before it.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .problems import Problem

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE cycles (
        id INTEGER PRIMARY KEY,
        programme TEXT NOT NULL,
        year INTEGER NOT NULL,
        definition_hash TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (programme, year)
    );
    -- every input byte string ever received, archived under its hash
    CREATE TABLE files (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        archive_path TEXT NOT NULL,
        first_seen TEXT NOT NULL
    );
    -- one row per input seen by collect (a file, a zip member, an email attachment)
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        cycle_id INTEGER NOT NULL REFERENCES cycles(id),
        sha256 TEXT NOT NULL REFERENCES files(sha256),
        original_name TEXT NOT NULL,
        origin TEXT NOT NULL,          -- where it came from: a path, zip!member, mail!attachment
        origin_kind TEXT NOT NULL,     -- file | zip | eml | imap
        sender TEXT,                   -- email address when it came by mail
        sent_at TEXT,                  -- the email's date
        received_at TEXT NOT NULL,
        agency TEXT,                   -- identified agency code, NULL when unknown
        identified_by TEXT,            -- identity | sheet-name | NULL
        layout TEXT,
        content_digest TEXT,
        outcome TEXT NOT NULL,         -- accepted | warnings | rejected | duplicate | quarantined
        superseded_by INTEGER REFERENCES submissions(id),
        receipt_path TEXT
    );
    CREATE INDEX submissions_agency ON submissions(cycle_id, agency);
    CREATE INDEX submissions_sha ON submissions(cycle_id, sha256);
    CREATE TABLE answers (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        kind TEXT NOT NULL,            -- task | indicator | assessment
        code TEXT NOT NULL,            -- task code, indicator code, or assessment field key
        field TEXT NOT NULL,           -- layout column key
        value TEXT,                    -- JSON
        sheet TEXT,
        cell TEXT,
        PRIMARY KEY (submission_id, kind, code, field)
    );
    CREATE TABLE problems (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        sheet TEXT,
        cell TEXT,
        value TEXT,
        message TEXT NOT NULL,
        hint TEXT
    );
    CREATE INDEX problems_submission ON problems(submission_id);
    -- every message ctrxl sent or tried to send
    CREATE TABLE sends (
        id INTEGER PRIMARY KEY,
        cycle_id INTEGER NOT NULL REFERENCES cycles(id),
        agency TEXT NOT NULL,
        kind TEXT NOT NULL,            -- workbook | reminder | reminder-late | resend-request
        message_id TEXT NOT NULL,
        recipients TEXT NOT NULL,
        subject TEXT NOT NULL,
        attachment_sha256 TEXT,
        status TEXT NOT NULL,          -- pending | sent | failed | dry-run
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
    );
    CREATE INDEX sends_agency ON sends(cycle_id, agency, kind);
    -- IMAP messages already handed to collect (never fetched twice)
    CREATE TABLE imap_seen (
        account TEXT NOT NULL,
        mailbox TEXT NOT NULL,
        uidvalidity INTEGER NOT NULL,
        uid INTEGER NOT NULL,
        message_id TEXT,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (account, mailbox, uidvalidity, uid)
    );
    """,
    # 2: when the agency submitted (mail date, zip entry or file time) orders versions
    """
    ALTER TABLE submissions ADD COLUMN submitted_at TEXT;
    """,
    # 3: problems keep their code and parameters (JSON), not text: text is rendered when shown,
    # in the language asked for. ``value`` becomes JSON too. Rows written before keep their
    # Vietnamese message and hint (params NULL) and are shown as they are.
    """
    CREATE TABLE problems_v3 (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        code TEXT NOT NULL,
        severity TEXT NOT NULL,        -- error | warning
        sheet TEXT,
        cell TEXT,
        value TEXT,                    -- JSON: the value found
        params TEXT,                   -- JSON: the message's parameters; NULL in rows from before 3
        message TEXT,                  -- rows from before 3 only: the Vietnamese text
        hint TEXT                      -- rows from before 3 only
    );
    INSERT INTO problems_v3 (id, submission_id, code, severity, sheet, cell, value, params, message, hint)
        SELECT id, submission_id, code, severity, sheet, cell,
               CASE WHEN value IS NULL THEN NULL ELSE json_quote(value) END, NULL, message, hint FROM problems;
    DROP TABLE problems;
    ALTER TABLE problems_v3 RENAME TO problems;
    CREATE INDEX problems_submission ON problems(submission_id);
    """,
    # 4: the same bytes are recorded once per cycle, whatever runs at once (a trigger, not a UNIQUE
    # index, so that a store in which an earlier version recorded twice still opens)
    """
    CREATE TRIGGER submissions_once BEFORE INSERT ON submissions
    WHEN EXISTS (SELECT 1 FROM submissions WHERE cycle_id = NEW.cycle_id AND sha256 = NEW.sha256)
    BEGIN SELECT RAISE(ABORT, 'submissions_once: these bytes are already recorded for this cycle'); END;
    """,
]

# How long a command waits for another program's write lock on the store before giving up.
STORE_WAIT_SECONDS = 30.0


def now() -> str:
    """UTC timestamp, ISO 8601, seconds."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Store:
    """The store of one workspace. ``readonly=True`` (status, consolidate, report) never writes:
    the file is opened with ``mode=ro``. A closed store (no -wal file) is read from a snapshot (a
    private temporary copy, ``_snapshot``), so a collect that starts meanwhile cannot change what the
    command sees and no side file is left beside the store; a store being written is read through its
    WAL, one consistent state per transaction. A store that does not exist yet reads as empty (in
    memory), one that needs a migration is migrated in the snapshot: the disk stays as it was."""

    def __init__(self, path: Path, readonly: bool = False):
        self.path = path
        self.readonly = readonly
        if readonly:
            self.conn = self._open_readonly(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path, timeout=STORE_WAIT_SECONDS)
            self.conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL cannot corrupt the store; a power cut may lose the last commits, which a
            # rerun of collect redoes from the archive (the originals are fsynced before recording).
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.migrate()

    @staticmethod
    def _open_readonly(path: Path) -> sqlite3.Connection:
        if not path.is_file():
            return sqlite3.connect(":memory:")  # no store yet: an empty one, migrated below, in memory only
        uri = f"{path.resolve().as_uri()}?mode=ro"
        if not path.with_name(path.name + "-wal").exists():
            # No writer is active (a closed WAL store has no -wal file). Even mode=ro would create the
            # -wal/-shm side files, so read the file as immutable into a snapshot: milliseconds at 1,000 agencies.
            disk = sqlite3.connect(uri + "&immutable=1", uri=True)
            snapshot = Store._snapshot(disk)
            disk.close()
            return snapshot
        disk = sqlite3.connect(uri, uri=True, timeout=STORE_WAIT_SECONDS)  # a writer is at work: read through its WAL
        if disk.execute("PRAGMA user_version").fetchone()[0] >= len(MIGRATIONS):
            return disk
        snapshot = Store._snapshot(disk)  # an older schema: migrate a copy, never the file
        disk.close()
        return snapshot

    @staticmethod
    def _snapshot(disk: sqlite3.Connection) -> sqlite3.Connection:
        """A private copy of ``disk``: SQLite's temporary database (the empty file name), a file in the
        system's temporary folder that SQLite deletes itself, holding only its page cache in memory — the
        store at 10,000 agencies is hundreds of MB, which an in-memory copy would add to the command's
        memory. Where that folder cannot take it, the copy is made in memory as before."""
        copy = sqlite3.connect("")
        try:
            disk.backup(copy)
            return copy
        except sqlite3.Error:
            copy.close()
        copy = sqlite3.connect(":memory:")
        disk.backup(copy)
        return copy

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        current = self.version
        for number, script in enumerate(MIGRATIONS, start=1):
            if number <= current:
                continue
            with self.conn:  # one transaction per migration, with its version
                self.conn.executescript("BEGIN;" + script + f"; PRAGMA user_version = {number}; COMMIT;")

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """A transaction: committed on success, rolled back on any exception."""
        try:
            yield self.conn
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    def cycle(self, programme: str, year: int, definition_hash: str | None = None, create: bool = True) -> int | None:
        """The id of the cycle (programme, year); created (and its definition hash kept) when ``create``.

        Without ``create`` (reading commands) nothing is written: None when the cycle has no row yet.
        """
        row = self.conn.execute("SELECT id FROM cycles WHERE programme = ? AND year = ?", (programme, year)).fetchone()
        if row or not create:
            if row and create and definition_hash:
                self.conn.execute("UPDATE cycles SET definition_hash = ? WHERE id = ?", (definition_hash, row[0]))
                self.conn.commit()
            return row[0] if row else None
        cur = self.conn.execute("INSERT INTO cycles (programme, year, definition_hash, created_at) VALUES (?,?,?,?)",
                                (programme, year, definition_hash, now()))
        self.conn.commit()
        return cur.lastrowid

    def cycle_id(self, programme: str, year: int, definition_hash: str | None = None) -> int:
        cid = self.cycle(programme, year, definition_hash)
        assert cid is not None
        return cid

    def cycle_of(self, definition) -> int | None:  # definition: definition.load.Definition
        """The one way commands find their cycle's id: created by writers, looked up by readers."""
        return self.cycle(definition.programme.symbol, definition.cycle.year,
                          None if self.readonly else definition.hash, create=not self.readonly)

    def current_submissions(self, cycle_id: int | None) -> dict[str, sqlite3.Row]:
        """Each agency's latest submission that is not a duplicate or quarantined (accepted or rejected).
        None for ``cycle_id`` (a reader's cycle that has no row yet): nothing."""
        rows = self.conn.execute(
            """SELECT * FROM submissions WHERE cycle_id = ? AND agency IS NOT NULL
               AND outcome IN ('accepted', 'warnings', 'rejected') ORDER BY id""", (cycle_id,)).fetchall()
        out: dict[str, sqlite3.Row] = {}
        for row in rows:
            out[row["agency"]] = row
        return out

    def accepted_submissions(self, cycle_id: int | None) -> dict[str, sqlite3.Row]:
        """Each agency's current accepted submission (the latest valid one; rejected later ones do not replace it).
        None for ``cycle_id`` (a reader's cycle that has no row yet): nothing."""
        rows = self.conn.execute(
            """SELECT * FROM submissions WHERE cycle_id = ? AND agency IS NOT NULL
               AND outcome IN ('accepted', 'warnings') AND superseded_by IS NULL ORDER BY id""",
            (cycle_id,)).fetchall()
        return {row["agency"]: row for row in rows}

    def accepted_history(self, cycle_id: int) -> dict[str, list[sqlite3.Row]]:
        """Every accepted submission of each agency (superseded ones included), in the order recorded:
        the first one decides whether the agency reported on time, later ones are corrections."""
        rows = self.conn.execute(
            """SELECT * FROM submissions WHERE cycle_id = ? AND agency IS NOT NULL
               AND outcome IN ('accepted', 'warnings') ORDER BY id""", (cycle_id,)).fetchall()
        out: dict[str, list[sqlite3.Row]] = {}
        for row in rows:
            out.setdefault(row["agency"], []).append(row)
        return out

    def add_problems(self, submission_id: int, problems: list[Problem]) -> None:
        """Record a submission's problems by code and parameters (inside the caller's transaction)."""
        self.conn.executemany(
            "INSERT INTO problems (submission_id, code, severity, sheet, cell, value, params) VALUES (?,?,?,?,?,?,?)",
            [(submission_id, p.code, str(p.severity), p.location.sheet, p.location.cell, p.value_json(),
              p.params_json()) for p in problems])

    def problems(self, submission_id: int) -> list[Problem]:
        """A submission's problems, errors first, in the order found."""
        from .problems import Problem

        rows = self.conn.execute(
            """SELECT * FROM problems WHERE submission_id = ?
               ORDER BY CASE severity WHEN 'error' THEN 0 ELSE 1 END, id""", (submission_id,)).fetchall()
        return [Problem.from_row(row) for row in rows]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(ws, readonly: bool = False) -> Store:  # ws: workspace.Workspace
    return Store(ws.store_path, readonly=readonly)


@contextmanager
def store_faults(path: Path) -> Iterator[None]:
    """Turn the store's failures (locked by another program, read-only, full, damaged) into a
    ``FaultError`` naming the file; the transaction in progress was rolled back."""
    from .errors import FaultError

    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise FaultError("col.store_locked", path=path, seconds=f"{STORE_WAIT_SECONDS:g}") from None
        raise FaultError("col.store_failed", path=path, detail=text) from None
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.IntegrityError):
            raise
        raise FaultError("col.store_failed", path=path, detail=str(exc)) from None
