"""What collect receives: bytes with a name and an origin, before anything is trusted."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class Incoming:
    name: str  # original file name (NFC), e.g. "003 - Ban Tổ chức Thành ủy.xlsx"
    data: bytes
    origin: str  # where it came from, for people: a path, "thu.zip!a/b.xlsx", "mail.eml!tep.xlsx"
    kind: str = "file"  # file | zip | eml | imap
    sender: str | None = None  # the From address when it came by mail (lower-case)
    sent_at: dt.datetime | None = None  # the mail's Date
