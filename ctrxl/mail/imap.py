"""``ctrxl fetch``: read replies from an IMAP mailbox and hand their attachments to collect.

Read-only by construction: the mailbox is opened with EXAMINE (``select(readonly=True)``)
and bodies are read with ``BODY.PEEK[]``, so no flag (not even \\Seen) changes; ctrxl
never sends STORE, COPY, MOVE or EXPUNGE. What was processed is remembered in the
store's ``imap_seen`` table by (account, mailbox, UIDVALIDITY, UID); a new UIDVALIDITY
(the server renumbered the mailbox) makes every message new again, and collect's
content hashes then recognise the files it already has (outcome ``duplicate``).

A message is marked seen only after collect has recorded its attachments, so a run
interrupted in between fetches it again next time (and collect sees duplicates).

A message that cannot be parsed safely (nested deeper than collect's MIME bound, or
one the parser fails on) is handed to collect whole, as an ``.eml``: collect archives
it and quarantines it with its reason, and it is marked seen like any other, so later
fetches neither crash on it nor lose the good mail after it.
"""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import imaplib
import re
import ssl
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, cast

from ..collect.incoming import Incoming
from ..collect.sources import mime_too_deep
from ..errors import CtrxlError
from ..store import Store, now, open_store, store_faults
from .settings import ImapSettings, PasswordSource, imap_settings, require
from .smtp import connection_error

ATTACHMENT_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".zip"}
MAX_MESSAGE_BYTES = 60 * 1024 * 1024  # larger messages are listed, not downloaded
FETCH_BATCH = 50


@dataclass
class FetchedMessage:
    uid: int
    sender: str | None
    date: dt.datetime | None
    message_id: str | None
    items: list[Incoming] = field(default_factory=list)
    note: str | None = None  # catalogue key when nothing was taken
    size: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "sender": self.sender, "date": self.date.isoformat() if self.date else None,
                "message_id": self.message_id, "attachments": [i.name for i in self.items], "note": self.note}


@dataclass
class FetchResult:
    account: str
    mailbox: str
    uidvalidity: int
    already_seen: int
    messages: list[FetchedMessage] = field(default_factory=list)
    collect: Any = None  # collect's CollectResult, None when there was nothing to collect

    @property
    def attachments(self) -> int:
        return sum(len(m.items) for m in self.messages)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        files = [f.to_json(lang) for f in (self.collect.files if self.collect else [])]
        return {"account": self.account, "mailbox": self.mailbox, "uidvalidity": self.uidvalidity,
                "already_seen": self.already_seen, "messages": [m.to_json() for m in self.messages],
                "attachments": self.attachments, "files": files}


def _decode(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _login_failed(settings: ImapSettings, detail: str) -> CtrxlError:
    return CtrxlError("mail.login_refused", host=settings.host, what=settings.what, user=settings.user,
                      env=settings.password_env, detail=detail)


def connect(settings: ImapSettings, password: PasswordSource | None) -> imaplib.IMAP4:
    s = settings
    context = ssl.create_default_context()
    try:
        if s.security == "ssl":
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(s.host, s.port, ssl_context=context, timeout=s.timeout)
        else:
            conn = imaplib.IMAP4(s.host, s.port, timeout=s.timeout)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise connection_error(s, exc) from None
    try:
        if s.security == "starttls":
            if "STARTTLS" not in conn.capabilities:
                raise CtrxlError("mail.starttls_unsupported", host=s.host, port=s.port, what=s.what, key=s.security_key)
            try:
                conn.starttls(ssl_context=context)
            except (OSError, imaplib.IMAP4.error) as exc:
                raise connection_error(s, exc) from None
        if password is None:
            raise CtrxlError("mail.no_password", user=s.user, host=s.host, env=s.password_env)
        secret = password(s)
        try:
            if (s.user + secret).isascii():
                conn.login(s.user, secret)
            else:  # imaplib's LOGIN only speaks ASCII; AUTHENTICATE PLAIN carries UTF-8
                conn.authenticate("PLAIN", lambda _: b"\0" + s.user.encode() + b"\0" + secret.encode())
        except imaplib.IMAP4.error as exc:
            raise _login_failed(s, _decode(exc.args[0]) if exc.args else "") from None
    except BaseException:
        try:
            conn.shutdown()
        except OSError:
            pass
        raise
    return conn


def _uidvalidity(conn: imaplib.IMAP4, mailbox: str) -> int:
    _typ, data = conn.response("UIDVALIDITY")
    if data and data[0]:
        return int(data[0])
    typ, data = conn.status(_quote(mailbox), "(UIDVALIDITY)")
    match = re.search(rb"UIDVALIDITY (\d+)", data[0] or b"") if typ == "OK" else None
    return int(match.group(1)) if match else 0


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attachment_name(name: str) -> str:
    """NFC, and only the last path component: a name is for people, never a path."""
    name = unicodedata.normalize("NFC", name).strip()
    name = PureWindowsPath(PurePosixPath(name).name).name
    return name or "tep-dinh-kem"


def parse_message(raw: bytes, uid: int, origin_prefix: str) -> FetchedMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    sender = None
    try:
        sender = email.utils.parseaddr(str(msg.get("From", "")))[1].lower() or None
    except (ValueError, TypeError):
        pass
    date = None
    try:
        header = msg.get("Date")
        date = header.datetime if header is not None and getattr(header, "datetime", None) else None
    except (ValueError, TypeError):
        date = None
    message_id = str(msg.get("Message-ID", "")).strip() or None
    out = FetchedMessage(uid=uid, sender=sender, date=date, message_id=message_id, size=len(raw))
    for part in msg.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if not filename:
            continue
        name = _attachment_name(filename)
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in ATTACHMENT_SUFFIXES:
            continue
        # decoded, a part that is not multipart is bytes (typeshed allows a Message too)
        data = cast(bytes, part.get_payload(decode=True) or b"")
        out.items.append(Incoming(name=name, data=data, origin=f"{origin_prefix};UID={uid}!{name}", kind="imap",
                                  sender=sender, sent_at=date))
    if not out.items:
        out.note = "mail.fetch_no_attachment"
    return out


def _seen(store: Store, account: str, mailbox: str, uidvalidity: int) -> set[int]:
    return {r[0] for r in store.conn.execute(
        "SELECT uid FROM imap_seen WHERE account = ? AND mailbox = ? AND uidvalidity = ?",
        (account, mailbox, uidvalidity))}


def _fetch_sizes(conn: imaplib.IMAP4, uids: list[int]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for i in range(0, len(uids), FETCH_BATCH):
        chunk = ",".join(str(u) for u in uids[i:i + FETCH_BATCH])
        typ, data = conn.uid("FETCH", chunk, "(RFC822.SIZE)")
        for item in data if typ == "OK" else []:
            line = item[0] if isinstance(item, tuple) else item
            m = re.search(rb"UID (\d+)", line or b"")
            n = re.search(rb"RFC822\.SIZE (\d+)", line or b"")
            if m and n:
                sizes[int(m.group(1))] = int(n.group(1))
    return sizes


def _fetch_body(conn: imaplib.IMAP4, uid: int) -> bytes:
    typ, data = conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
    if typ != "OK":
        raise CtrxlError("mail.server_error", host="IMAP", what="IMAP", detail=_decode(data[0] if data else ""))
    for item in data:
        if isinstance(item, tuple):
            return item[1]
    return b""


def read_mailbox(conn: imaplib.IMAP4, settings: ImapSettings, store: Store) -> FetchResult:
    typ, data = conn.select(_quote(settings.mailbox), readonly=True)
    if typ != "OK":
        raise CtrxlError("mail.mailbox_missing", mailbox=settings.mailbox, host=settings.host,
                         detail=_decode(data[0] if data else ""))
    uidvalidity = _uidvalidity(conn, settings.mailbox)
    typ, data = conn.uid("SEARCH", "ALL")  # no charset (imaplib drops a None argument)
    uids = sorted(int(x) for x in (data[0] or b"").split()) if typ == "OK" else []
    seen = _seen(store, settings.account, settings.mailbox, uidvalidity)
    new = [u for u in uids if u not in seen]
    result = FetchResult(settings.account, settings.mailbox, uidvalidity, already_seen=len(uids) - len(new))
    sizes = _fetch_sizes(conn, new) if new else {}
    prefix = f"imap://{settings.user}@{settings.host}/{settings.mailbox}"
    for uid in new:
        if sizes.get(uid, 0) > MAX_MESSAGE_BYTES:
            result.messages.append(FetchedMessage(uid, None, None, None, note="mail.fetch_too_big", size=sizes[uid]))
            continue
        raw = _fetch_body(conn, uid)
        try:
            if mime_too_deep(raw):
                raise ValueError("nested too deep")
            result.messages.append(parse_message(raw, uid, prefix))
        except Exception:  # RecursionError, or anything a hostile message makes the parser raise
            result.messages.append(_whole(raw, uid, prefix))
    return result


def _whole(raw: bytes, uid: int, prefix: str) -> FetchedMessage:
    """A message the parser cannot take, handed to collect as it came (collect archives and quarantines it)."""
    name = f"thu-UID{uid}.eml"
    item = Incoming(name=name, data=raw, origin=f"{prefix};UID={uid}!{name}", kind="imap")
    return FetchedMessage(uid=uid, sender=None, date=None, message_id=None, items=[item], size=len(raw))


def mark_seen(store: Store, result: FetchResult) -> None:
    with store.tx() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO imap_seen (account, mailbox, uidvalidity, uid, message_id, fetched_at) "
            "VALUES (?,?,?,?,?,?)",
            [(result.account, result.mailbox, result.uidvalidity, m.uid, m.message_id, now()) for m in result.messages])


Collector = Callable[..., Any]


def fetch(ws, definition, *, password: PasswordSource | None = None, collector: Collector | None = None) -> FetchResult:
    """Fetch new messages, hand their attachments to collect, remember them as seen."""
    settings = imap_settings(ws.config.mail)
    require(settings, "imap")
    if collector is None:
        try:
            from ..collect.run import collect_incoming
        except ImportError:
            raise CtrxlError("mail.collect_missing") from None
        collector = collect_incoming
    with store_faults(ws.store_path), open_store(ws) as store:
        conn = connect(settings, password)
        try:
            result = read_mailbox(conn, settings, store)
        except (OSError, imaplib.IMAP4.abort) as exc:
            raise CtrxlError("mail.server_error", host=settings.host, what=settings.what, detail=str(exc)) from None
        finally:
            try:
                conn.logout()
            except (OSError, imaplib.IMAP4.error):
                pass
        items = [item for m in result.messages for item in m.items]
        if items:
            result.collect = collector(ws, definition, items, store=store)
        mark_seen(store, result)
    return result
