"""``ctrxl remind``: chase the agencies that are not done, never the ones that are.

For each reporting agency of the cycle, from the store:
- an accepted submission (outcome accepted or warnings) → done, no mail;
- its current submission was rejected → ``resend-request``: the problems listed, the receipt attached;
- nothing yet → ``reminder`` up to the due date, ``reminder-late`` (firmer) after it, with the
  blank workbook attached again (people lose the first mail).
A reminder of one kind goes at most once a day to an agency (``--resend`` forces it).
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import clock
from ..problems import Severity
from ..store import Store, open_store
from ..vn import format_date
from ..workbook.generate import contact_from_config
from . import records
from .compose import Attachment
from .send import MailResult, Outgoing, base_context, deliver, ensure_workbooks, sender_address, workbook_paths
from .settings import PasswordSource, smtp_settings

MAX_LISTED_PROBLEMS = 20


def _problems(store: Store, submission_id: int) -> list[dict[str, Any]]:
    """The errors of a rejected submission (or its warnings when it has none), for the resend
    request: rendered in Vietnamese from the stored codes, as the mail goes to the agency."""
    problems = store.problems(submission_id)
    listed = [p for p in problems if p.severity == Severity.ERROR] or problems
    return [{"where": p.location.describe("vi"), "message": p.message("vi"), "hint": p.hint("vi") or "",
             "severity": str(p.severity)} for p in listed]


def _receipt(ws, submission) -> Path | None:
    keys = submission.keys()
    value = submission["receipt_path"] if "receipt_path" in keys else None
    if not value:
        return None
    path = Path(value)
    path = path if path.is_absolute() else ws.root / path
    return path if path.is_file() else None


def _workbook_sent(store: Store, cycle_id: int, code: str, tz: str) -> str | None:
    sent = [r for r in records.rows(store, cycle_id, code, "workbook") if r["status"] == "sent"]
    return format_date(records.local_date(sent[0]["sent_at"], tz)) if sent else None


def _received(submission, tz: str) -> str:
    keys = submission.keys()
    for key in ("submitted_at", "sent_at", "received_at"):
        if key in keys and submission[key]:
            day = clock.local_date(submission[key], tz)
            if day is not None:
                return format_date(day)
    return ""


def plan_reminders(ws, definition, store: Store, cycle_id: int, today: dt.date) -> tuple[list[Outgoing], list[str]]:
    contact = contact_from_config(ws.config.contact, definition)
    tz = ws.timezone
    paths = workbook_paths(ws, definition, contact)
    accepted = store.accepted_submissions(cycle_id)
    current = store.current_submissions(cycle_id)
    base = base_context(definition, contact, today)
    due = definition.cycle.due
    items: list[Outgoing] = []
    done: list[str] = []
    pending_codes = [c for c in paths if c not in accepted]
    rejected = {c for c in pending_codes if c in current and current[c]["outcome"] == "rejected"}
    ensure = [c for c in pending_codes if c not in rejected]
    if ensure:
        paths = ensure_workbooks(ws, definition, contact, paths, ensure)
    for code in paths:  # the agencies that have a workbook, in Vietnamese order
        agency = definition.resolver.agencies[code]
        if code in accepted:
            done.append(code)
            continue
        ctx = {**base, "agency": {"code": code, "name": agency.name},
               "workbook_sent": _workbook_sent(store, cycle_id, code, tz),
               "days_left": max(0, (due - today).days), "days_late": max(0, (today - due).days),
               "overdue": today > due}
        if code in rejected:
            sub = current[code]
            problems = _problems(store, sub["id"])
            receipt = _receipt(ws, sub)
            ctx.update(problems=problems[:MAX_LISTED_PROBLEMS],
                       more_problems=max(0, len(problems) - MAX_LISTED_PROBLEMS),
                       receipt=receipt.name if receipt else None,
                       submission={"name": sub["original_name"], "received": _received(sub, tz)})
            items.append(Outgoing(code, agency.name, "resend-request", list(agency.emails), ctx,
                                  [Attachment(receipt.name, receipt.read_bytes())] if receipt else [],
                                  file=str(receipt) if receipt else None))
            continue
        kind = "reminder" if today <= due else "reminder-late"
        path = paths[code]
        ctx["attachment"] = path.name
        items.append(Outgoing(code, agency.name, kind, list(agency.emails), ctx,
                              [Attachment(path.name, path.read_bytes())], file=str(path)))
    return items, done


def remind(ws, definition, *, dry_run: bool = False, resend: bool = False, password: PasswordSource | None = None,
           lang: str | None = None, today: dt.date | None = None,
           sleep: Callable[[float], None] = time.sleep) -> MailResult:
    definition.require_ok()
    today = today or ws.today()
    settings = smtp_settings(ws.config.mail)
    contact = contact_from_config(ws.config.contact, definition)
    sender = sender_address(settings, contact, dry_run)
    with open_store(ws) as store:
        cycle_id = store.cycle_of(definition)
        assert cycle_id is not None  # a writable store makes the cycle's row
        items, done = plan_reminders(ws, definition, store, cycle_id, today)
        result = deliver(ws, store, cycle_id, items, sender=sender, settings=settings, password=password,
                         dry_run=dry_run, resend=resend, once_per="day", today=today, lang=lang, sleep=sleep)
    result.done = done
    return result
