"""The ``sends`` table: every message ctrxl sent, tried to send, or wrote as a dry run.

A message is recorded as ``pending`` (committed) *before* it is handed to the server and
marked ``sent`` right after the server accepted it. A ``pending`` row found later means a
run died in between: the message may or may not have gone, so it is never resent
silently (``--resend`` forces it). ``failed`` rows are retried by the next run under the
same Message-ID, so a receiving client can still tell the two apart.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from .. import clock
from ..store import Store, now


def rows(store: Store, cycle_id: int, agency: str, kind: str) -> list[sqlite3.Row]:
    return store.conn.execute(
        "SELECT * FROM sends WHERE cycle_id = ? AND agency = ? AND kind = ? AND status != 'dry-run' ORDER BY id",
        (cycle_id, agency, kind)).fetchall()


def local_date(stamp: str | None, tz: str | None = None) -> dt.date | None:
    """The office day (``[office] timezone``) of a stored UTC timestamp."""
    return clock.local_date(stamp, tz)


def begin(store: Store, cycle_id: int, agency: str, kind: str, message_id: str, recipients: list[str],
          subject: str, attachment_sha256: str | None, status: str = "pending", reuse: int | None = None) -> int:
    with store.tx() as conn:
        if reuse is not None:
            conn.execute("""UPDATE sends SET status = ?, recipients = ?, subject = ?, attachment_sha256 = ?,
                            error = NULL WHERE id = ?""",
                         (status, ", ".join(recipients), subject, attachment_sha256, reuse))
            return reuse
        cur = conn.execute(
            """INSERT INTO sends (cycle_id, agency, kind, message_id, recipients, subject, attachment_sha256,
                                  status, attempts, created_at, sent_at)
               VALUES (?,?,?,?,?,?,?,?,0,?,?)""",
            (cycle_id, agency, kind, message_id, ", ".join(recipients), subject, attachment_sha256, status, now(),
             now() if status == "dry-run" else None))
        assert cur.lastrowid is not None  # set by the INSERT
        return cur.lastrowid


def finish(store: Store, send_id: int, status: str, attempts: int, error: str | None = None) -> None:
    with store.tx() as conn:
        conn.execute("UPDATE sends SET status = ?, attempts = attempts + ?, error = ?, sent_at = ? WHERE id = ?",
                     (status, attempts, error, now() if status == "sent" else None, send_id))
