"""``ctrxl send``: one message per agency with its workbook; and the delivery engine remind shares.

Every message is recorded in the store before and after it goes (see ``records``), so
an interrupted run resumes where it stopped and no agency gets the same mail twice by
accident. ``dry_run`` writes the exact bytes that would go into the outbox as .eml files.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import clock
from ..errors import CtrxlError
from ..messages import msg
from ..model import name_documents, programme_name
from ..outputs import eml_file
from ..store import Store, open_store
from ..vn import format_date
from ..workbook.forms import Contact, build_forms
from ..workbook.generate import contact_from_config, generate
from . import records
from .compose import Attachment, build_message, make_message_id, render, to_bytes
from .settings import PasswordSource, SmtpSettings, require, smtp_settings
from .smtp import MessageRefused, SmtpSession, TransientFailure


@dataclass
class Outgoing:
    """One message to compose and deliver."""

    agency: str
    name: str
    kind: str
    recipients: list[str]
    context: dict[str, Any]
    attachments: list[Attachment] = field(default_factory=list)
    file: str | None = None  # the workbook or receipt path, for people


@dataclass
class MailResult:
    dry_run: bool
    outbox: Path | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    stopped: dict[str, Any] | None = None  # {"key", "params"} when a transient failure ended the run
    done: list[str] = field(default_factory=list)  # remind: agencies not reminded because they are done

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.rows if r["status"] in statuses)

    @property
    def ok(self) -> bool:
        return self.stopped is None and not self.count("failed", "no-address")

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"dry_run": self.dry_run, "messages": self.rows,
                               "sent": self.count("sent"), "skipped": self.count("skipped", "uncertain"),
                               "failed": self.count("failed", "no-address"), "dry_run_files": self.count("dry-run")}
        if self.outbox:
            out["outbox"] = str(self.outbox)
        if self.done:
            out["done"] = self.done
        out["stopped"] = msg(self.stopped["key"], lang, **self.stopped["params"]) if self.stopped else None
        return out


def sender_address(settings: SmtpSettings, contact: Contact, dry_run: bool) -> str:
    if settings.sender:
        return settings.sender
    if contact.email:
        return contact.email
    if dry_run:
        return "ctrxl@localhost.invalid"
    raise CtrxlError("mail.no_setting", key="from")


def base_context(definition, contact: Contact, today: dt.date) -> dict[str, Any]:
    p, c = definition.programme, definition.cycle
    return {
        # citation: "Chương trình hành động số … ngày … của … thực hiện Thông báo số … ngày … của …";
        # implements: the implemented documents alone ("" when the programme names none);
        # implements_brief: the same by type and symbol only, "Thông báo số 165-TB/VPTW" (reminders, resend requests)
        "programme": {"symbol": p.symbol, "title": p.title,
                      "issue_date": format_date(p.issue_date) if p.issue_date else "",
                      "citation": programme_name(p), "implements": name_documents(p.implements),
                      "implements_brief": name_documents(p.implements, brief=True)},
        "year": c.year, "due": format_date(c.due), "today": format_date(today),
        "contact": {"office": contact.office, "person": contact.person, "phone": contact.phone, "email": contact.email},
    }


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def deliver(ws, store: Store, cycle_id: int, items: list[Outgoing], *, sender: str, settings: SmtpSettings,
            password: PasswordSource | None, dry_run: bool, resend: bool, once_per: str, today: dt.date,
            lang: str | None = None, sleep: Callable[[float], None] = time.sleep) -> MailResult:
    """Compose and send (or write) each item. ``once_per``: "cycle" (a workbook goes once) or "day"."""
    outbox = ws.outbox
    result = MailResult(dry_run=dry_run, outbox=outbox if dry_run else None)
    session = None if dry_run else SmtpSession(settings, password, sleep=sleep)
    if session is not None:
        require(settings, "smtp")
    delivered = 0
    try:
        for item in items:
            row: dict[str, Any] = {"agency": item.agency, "name": item.name, "kind": item.kind,
                                   "to": item.recipients, "file": item.file, "message_id": None, "error": None}
            result.rows.append(row)
            if not item.recipients:
                row.update(status="no-address", error=msg("mail.no_address", lang, code=item.agency, name=item.name))
                continue
            prior = [] if resend else records.rows(store, cycle_id, item.agency, item.kind)
            # "Same day" is the real calendar day of the sends, whatever day the texts are written for.
            skip = _skip_reason(prior, once_per, clock.today(ws.timezone), lang, ws.timezone)
            if skip:
                row.update(status=skip[0], error=skip[1], message_id=skip[2])
                continue
            last = prior[-1] if prior and prior[-1]["status"] == "failed" else None
            message_id = last["message_id"] if last else make_message_id(sender)
            rendered = render(item.kind, item.context, ws.root)
            message = build_message(sender=sender, recipients=item.recipients, subject=rendered.subject,
                                    rendered=rendered, message_id=message_id, attachments=item.attachments,
                                    date=clock.now(ws.timezone))
            digest = hashlib.sha256(item.attachments[0].data).hexdigest() if item.attachments else None
            row.update(message_id=message_id, subject=rendered.subject)
            if dry_run:
                path = eml_file(outbox, item.kind, item.agency)
                _write_atomic(path, to_bytes(message))
                records.begin(store, cycle_id, item.agency, item.kind, message_id, item.recipients,
                              rendered.subject, digest, status="dry-run")
                row.update(status="dry-run", eml=str(path))
                continue
            if delivered and settings.throttle > 0:
                sleep(settings.throttle)  # providers limit how fast one account may send
            send_id = records.begin(store, cycle_id, item.agency, item.kind, message_id, item.recipients,
                                    rendered.subject, digest, reuse=last["id"] if last else None)
            assert session is not None  # None only for a dry run, which went on above
            try:
                attempts, refused = session.send(message, sender, item.recipients)
            except MessageRefused as exc:
                error = msg("mail.rejected_message", lang, detail=exc.detail)
                records.finish(store, send_id, "failed", 1, error)
                row.update(status="failed", error=error)
                continue
            except TransientFailure as exc:
                records.finish(store, send_id, "failed", exc.attempts, exc.detail)
                row.update(status="failed", error=exc.detail)
                result.stopped = {"key": "mail.stopped",
                                  "params": {"detail": exc.detail, "attempts": exc.attempts,
                                             "sent": result.count("sent")}}
                break
            except CtrxlError as exc:  # cannot connect or log in: nothing went
                records.finish(store, send_id, "failed", 1, exc.message(lang))
                raise
            # Anything else (Ctrl+C included) leaves the row "pending": uncertain, never resent silently.
            delivered += 1
            note = "; ".join(f"{k}: {v}" for k, v in refused.items()) or None
            records.finish(store, send_id, "sent", attempts, note)
            row.update(status="sent", error=note, attempts=attempts)
    finally:
        if session is not None:
            session.close()
    return result


def _skip_reason(prior: list, once_per: str, today: dt.date, lang: str | None,
                 tz: str | None = None) -> tuple[str, str, str] | None:
    for r in reversed(prior):
        if r["status"] == "pending":
            when = format_date(clock.local_date(r["created_at"], tz))
            return "uncertain", msg("mail.uncertain", lang, date=when), r["message_id"]
        if r["status"] == "sent":
            day = clock.local_date(r["sent_at"], tz)
            if once_per == "cycle":
                return "skipped", msg("mail.already_sent", lang, date=format_date(day),
                                      message_id=r["message_id"]), r["message_id"]
            if day == today:
                return "skipped", msg("mail.already_sent_today", lang, date=format_date(day)), r["message_id"]
    return None


def workbook_paths(ws, definition, contact: Contact) -> dict[str, Path]:
    """Each agency's workbook path, named as ``generate`` names it (whether or not it exists yet)."""
    return ws.outputs(definition).workbook_files(build_forms(definition, contact))


def ensure_workbooks(ws, definition, contact: Contact, paths: dict[str, Path], codes: list[str]) -> dict[str, Path]:
    """Generate the workbooks of ``codes`` that are missing; returns the paths."""
    paths = dict(paths)
    missing = [c for c in codes if c in paths and not paths[c].is_file()]
    if missing:
        done = generate(definition, ws.outputs(definition), contact, missing, secret=ws.signing_key())
        for wb in done.workbooks:  # trust generate's own names over ours
            paths[wb["agency"]] = Path(wb["path"])
    return paths


def check_agencies(definition, codes: list[str], have: dict[str, Path]) -> None:
    for code in codes:
        if code not in definition.reporting or code not in have:
            raise CtrxlError("mail.unknown_agency", code=code)


def send_workbooks(ws, definition, agencies: list[str] | None = None, *, dry_run: bool = False, resend: bool = False,
                   password: PasswordSource | None = None, lang: str | None = None, today: dt.date | None = None,
                   sleep: Callable[[float], None] = time.sleep) -> MailResult:
    definition.require_ok()
    today = today or ws.today()
    settings = smtp_settings(ws.config.mail)
    contact = contact_from_config(ws.config.contact, definition)
    sender = sender_address(settings, contact, dry_run)
    all_paths = workbook_paths(ws, definition, contact)
    check_agencies(definition, list(agencies or []), all_paths)
    codes = list(dict.fromkeys(agencies)) if agencies else list(all_paths)
    paths = ensure_workbooks(ws, definition, contact, all_paths, codes)
    base = base_context(definition, contact, today)
    items = []
    for code in codes:
        agency = definition.resolver.agencies[code]
        path = paths[code]
        items.append(Outgoing(
            agency=code, name=agency.name, kind="workbook", recipients=list(agency.emails), file=str(path),
            context={**base, "agency": {"code": code, "name": agency.name}, "attachment": path.name},
            attachments=[Attachment(path.name, path.read_bytes())],
        ))
    with open_store(ws) as store:
        cycle_id = store.cycle_of(definition)
        assert cycle_id is not None  # a writable store makes the cycle's row
        return deliver(ws, store, cycle_id, items, sender=sender, settings=settings, password=password,
                       dry_run=dry_run, resend=resend, once_per="cycle", today=today, lang=lang, sleep=sleep)
