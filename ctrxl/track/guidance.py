"""What the cycle has done so far, for commands that would otherwise find nothing to do.

``consolidate`` and ``report`` with no submission, ``remind`` before any workbook was
sent: the command says what to do first. Read-only: never creates the store.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Activity:
    workbooks_sent: int  # workbook mails sent or tried (not dry runs)
    workbooks_tried: int  # including dry runs
    submissions: int  # agencies with a current (accepted or rejected) submission


def activity(ws, definition) -> Activity:  # ws: workspace.Workspace, definition: definition.load.Definition
    from ..store import open_store

    if not ws.store_path.is_file() or definition.cycle is None:
        return Activity(0, 0, 0)
    store = open_store(ws, readonly=True)
    try:
        cycle_id = store.cycle_of(definition)
        if cycle_id is None:
            return Activity(0, 0, 0)
        rows = store.conn.execute("SELECT status FROM sends WHERE cycle_id = ? AND kind = 'workbook'",
                                  (cycle_id,)).fetchall()
        sent = sum(1 for r in rows if r["status"] != "dry-run")
        return Activity(sent, len(rows), len(store.current_submissions(cycle_id)))
    finally:
        store.close()
