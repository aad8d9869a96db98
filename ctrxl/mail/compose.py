"""Compose the messages: Jinja templates (subject, plain text, HTML) and MIME with attachments.

Templates live in ``templates/email/`` as ``<kind>.subject.j2``, ``<kind>.txt.j2`` and
``<kind>.html.j2``; a workspace may override any of them with a file of the same name
in its own ``templates/email/``. HTML is autoescaped (agency names contain ``&``).
Attachment names keep their Vietnamese letters (NFC) and are written as RFC 2231
parameters by ``email.policy.default``.
"""
from __future__ import annotations

import base64
import datetime as dt
import email.utils
import mimetypes
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path
from typing import Any

import jinja2

from .. import clock
from ..errors import CtrxlError
from ..resources import template_dir

TEMPLATE_DIR = template_dir("email")
KINDS = ("workbook", "reminder", "reminder-late", "resend-request")
MIME_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".xls": "application/vnd.ms-excel",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}


@dataclass
class Attachment:
    name: str
    data: bytes


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def _environment(workspace_root: Path | None) -> jinja2.Environment:
    folders = [str(TEMPLATE_DIR)]
    if workspace_root is not None and (workspace_root / "templates" / "email").is_dir():
        folders.insert(0, str(workspace_root / "templates" / "email"))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders, encoding="utf-8"),
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(kind: str, context: dict[str, Any], workspace_root: Path | None = None) -> Rendered:
    env = _environment(workspace_root)
    out = []
    for part in ("subject", "txt", "html"):
        name = f"{kind}.{part}.j2"
        try:
            out.append(env.get_template(name).render(**context))
        except jinja2.TemplateError as exc:
            raise CtrxlError("mail.template_error", template=name, detail=str(exc)) from None
    # A subject is one line: collapse whatever the template's layout left (no header injection).
    subject = " ".join(out[0].split())
    return Rendered(nfc(subject), nfc(out[1]), nfc(out[2]))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def make_message_id(sender: str) -> str:
    domain = sender.rsplit("@", 1)[1] if "@" in sender else "ctrxl.invalid"
    return email.utils.make_msgid(idstring="ctrxl", domain=domain)


def build_message(*, sender: str, recipients: list[str], subject: str, rendered: Rendered, message_id: str,
                  attachments: Sequence[Attachment] = (), date: dt.datetime | None = None,
                  reply_to: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    if reply_to:
        msg["Reply-To"] = reply_to
    set_subject(msg, subject)
    msg["Date"] = email.utils.format_datetime(date or clock.now())
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    for att in attachments:
        ctype = MIME_TYPES.get(Path(att.name).suffix.lower()) or mimetypes.guess_type(att.name)[0] \
            or "application/octet-stream"
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(att.data, maintype=maintype, subtype=subtype, filename=nfc(att.name))
    return msg


def encode_words(text: str, first_room: int = 39, room: int = 45) -> list[str]:
    """RFC 2047 encoded-words, each holding whole characters and its own spaces.

    ``email.policy.default`` folds a long Vietnamese subject between two encoded-words
    right at a space ("Đảng ủy" → "…Đảng?= =?…ủy"), and decoders must drop whitespace
    between encoded-words, so the space is lost ("Đảngủy"). Keeping every space inside
    a word avoids that. Sizes keep each line under 78 characters.
    """
    words, chunk, size = [], "", 0
    limit = first_room
    for ch in text:
        n = len(ch.encode("utf-8"))
        if chunk and size + n > limit:
            words.append(chunk)
            chunk, size, limit = "", 0, room
        chunk += ch
        size += n
    if chunk:
        words.append(chunk)
    return ["=?utf-8?b?" + base64.b64encode(w.encode("utf-8")).decode("ascii") + "?=" for w in words]


def set_subject(msg: EmailMessage, subject: str) -> None:
    if subject.isascii() and len(subject) < 70:
        msg["Subject"] = subject
        return
    # Stored pre-folded: the policy emits a header whose lines fit as it is, without refolding.
    msg.set_raw("Subject", "\n ".join(encode_words(subject)))


def to_bytes(msg: EmailMessage) -> bytes:
    """The message as it goes on the wire (CRLF line ends), also what a .eml file holds."""
    return msg.as_bytes(policy=SMTP_POLICY)
