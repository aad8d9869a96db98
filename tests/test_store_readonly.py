"""Reading commands open the store read-only: a consistent snapshot, nothing written beside the store,
and the snapshot is a temporary file, not a copy in the process's memory (issue 17)."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ctrxl.store import Store


def _store(path: Path, submissions: int = 3, blob: int = 0) -> None:
    with Store(path) as store:
        cid = store.cycle_id("17-CTr/TU", 2025, "h")
        with store.tx() as conn:
            for n in range(submissions):
                sha = f"{n:064x}"
                conn.execute("INSERT INTO files VALUES (?,?,?,?)", (sha, 1, f"archive/{sha}", "t"))
                conn.execute("""INSERT INTO submissions (cycle_id, sha256, original_name, origin, origin_kind,
                                received_at, agency, identified_by, outcome) VALUES (?,?,?,?,?,?,?,?,?)""",
                             (cid, sha, f"{n}.xlsx", f"inbox/{n}.xlsx", "file", "t", f"A{n}", "identity",
                              "accepted"))
            if blob:
                conn.execute("CREATE TABLE padding (x BLOB)")
                conn.executemany("INSERT INTO padding VALUES (?)", [(os.urandom(1 << 16),)] * (blob >> 16))


def _count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM submissions").fetchone()[0]


def test_a_closed_store_is_read_and_left_as_it_was(tmp_path):
    path = tmp_path / "ctrxl.sqlite"
    _store(path)
    before = (sorted(p.name for p in tmp_path.iterdir()), hashlib.sha256(path.read_bytes()).hexdigest(),
              path.stat().st_mtime_ns)
    with Store(path, readonly=True) as store:
        assert _count(store) == 3
        assert sorted(p.name for p in tmp_path.iterdir()) == ["ctrxl.sqlite"]  # no -wal, no -shm
    assert (sorted(p.name for p in tmp_path.iterdir()), hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns) == before


def test_the_snapshot_does_not_change_while_a_collect_writes(tmp_path):
    path = tmp_path / "ctrxl.sqlite"
    _store(path)
    with Store(path, readonly=True) as reader:
        _store(path, submissions=0)  # (opens and closes a writer)
        with Store(path) as writer, writer.tx() as conn:
            conn.execute("DELETE FROM submissions WHERE agency = 'A0'")
        assert _count(reader) == 3  # what the command started with, to its end
    with Store(path, readonly=True) as again:
        assert _count(again) == 2


def test_the_snapshot_is_not_held_in_memory(tmp_path):
    """A 48 MB store read-only: the process's resident memory grows by far less than the store (the
    snapshot is SQLite's temporary file, with its small page cache), where an in-memory copy grew by all
    of it. Run in a fresh process so the peak is this open's own."""
    path = tmp_path / "ctrxl.sqlite"
    _store(path, blob=48 << 20)
    code = textwrap.dedent(f"""
        import resource, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
        from pathlib import Path
        from ctrxl.store import Store
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with Store(Path({str(path)!r}), readonly=True) as store:
            n = store.conn.execute("SELECT count(*), sum(length(x)) FROM padding").fetchone()
        print(n[1], (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
    """)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    assert int(out[0]) == (48 << 20)  # every byte read through the snapshot
    assert int(out[1]) < 8, f"resident memory grew by {out[1]} MiB for a 48 MiB store"


def test_without_room_for_a_temporary_file_the_snapshot_is_made_in_memory(tmp_path):
    """Files may not grow past 1 MiB in this process (RLIMIT_FSIZE): SQLite's temporary copy of a 4 MB
    store fails, and the store is still read, from a copy in memory."""
    path = tmp_path / "ctrxl.sqlite"
    _store(path, blob=4 << 20)
    code = textwrap.dedent(f"""
        import resource, signal, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
        from pathlib import Path
        from ctrxl.store import Store
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        import sqlite3
        try:  # the limit is real: SQLite's temporary file cannot take the store
            c = sqlite3.connect("")
            sqlite3.connect({str(path.as_uri() + "?mode=ro&immutable=1")!r}, uri=True).backup(c)
            print("temporary copy succeeded")
        except sqlite3.Error as e:
            print("temporary copy failed:", e)
        with Store(Path({str(path)!r}), readonly=True) as store:
            print(store.conn.execute("SELECT sum(length(x)) FROM padding").fetchone()[0],
                  store.conn.execute("SELECT count(*) FROM submissions").fetchone()[0])
    """)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert "temporary copy failed" in out, out
    assert out.splitlines()[-1] == f"{4 << 20} 3"
