"""Turn what the user points collect at into ``Incoming`` items, guarding every step.

Files, folders (recursively, in sorted order), .zip archives (their members) and
saved .eml messages (their attachments) may be mixed. A container is itself an
input: it is archived like any file, then opened under the guards below, and its
members follow. Nothing here trusts a name: member and attachment names are
kept for people to read and never used to build a path.

Guards (before anything is decompressed or parsed):
- a file larger than ``MAX_FILE_BYTES``;
- a zip with more than ``MAX_ZIP_MEMBERS`` members, a declared uncompressed total
  above ``MAX_ZIP_TOTAL``, or a compression ratio above ``MAX_RATIO`` (a zip bomb);
- an encrypted zip member;
- zips nested deeper than ``MAX_DEPTH``;
- a message with more than ``MAX_MIME_PARTS`` multipart boundaries (the parser recurses).

A member that cannot be read (bad CRC, a method zipfile lacks, local and central
names that differ, more bytes than declared) is kept as its stored bytes and
quarantined with ``col.zip_member_unreadable``; the other members go on. Names
that are not valid UTF-8 and invisible characters in senders are made visible text
before anything stores or prints them.
"""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import io
import os
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .incoming import Incoming

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_TOTAL = 500 * 1024 * 1024
MAX_RATIO = 200
MAX_DEPTH = 2
MAX_MIME_PARTS = 100  # multipart boundaries in one message; 1,000 nested levels overflow the parser
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
CONTAINER_SUFFIXES = {".zip", ".eml"}


@dataclass
class Expanded:
    """An input and, when it is a container, what came out of it."""

    item: Incoming
    role: str  # "spreadsheet" | "zip" | "eml" | "other"
    problem: str | None = None  # a guard that stopped it: catalogue key
    detail: dict = field(default_factory=dict)
    stored: bool = False  # ``item.data`` is a zip member's stored (undecoded) record, not the file


# What zipfile raises when one member cannot be read (see docs/engineering.md).
MEMBER_ERRORS = (zipfile.BadZipFile, NotImplementedError, zlib.error, EOFError, OSError, ValueError,
                 RuntimeError, struct.error)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def readable(text: str) -> str:
    """Text safe to store and print: a name that was not UTF-8 on disk (``surrogateescape``)
    is decoded as UTF-8 or CP1258 (Vietnamese Windows), else with replacement characters."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape")
    try:
        return nfc(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return nfc(raw.decode("cp1258", "replace"))


def visible(address: str | None) -> str | None:
    """An address with its invisible characters (controls, zero-width, bidi marks) shown as
    ``<U+200B>``: never recorded so that it looks like a registered address."""
    if address is None:
        return None
    address = readable(address)
    return "".join(f"<U+{ord(ch):04X}>" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs")
                   else ch for ch in address)


def mime_too_deep(raw: bytes) -> bool:
    """More boundaries than any real reply has: parsing would recurse past Python's limit."""
    return raw.lower().count(b"boundary=") > MAX_MIME_PARTS


def _stored_record(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes as stored in the zip (local header and compressed data): what is kept
    of a member that cannot be decompressed."""
    start = info.header_offset
    try:
        n, m = struct.unpack("<HH", data[start + 26:start + 30])
    except struct.error:
        return data[start:start + 30]
    return data[start:start + 30 + n + m + info.compress_size]


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member name as the person who zipped it wrote it.

    Without the UTF-8 flag, Python decodes names as CP437; Windows' own zip writes
    the OEM code page, and Vietnamese Windows tools often write UTF-8 or CP1258
    without the flag. Re-decode the original bytes in that order of likelihood.
    """
    name = info.filename
    if info.flag_bits & 0x800:
        return nfc(name)
    raw = name.encode("cp437", errors="replace")
    for codec in ("utf-8", "cp1258"):
        try:
            return nfc(raw.decode(codec))
        except UnicodeDecodeError:
            continue
    return nfc(name)


def role_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return "spreadsheet"
    if suffix == ".zip":
        return "zip"
    if suffix == ".eml":
        return "eml"
    return "other"


def zip_guard(data: bytes, zf: zipfile.ZipFile | None = None) -> tuple[str | None, dict]:
    """Check a zip's directory before extracting anything. Returns (problem key, details) or (None, {}).
    ``zf``: the same bytes already opened (its directory is not read again)."""
    if zf is not None:
        infos = zf.infolist()
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as opened:
                infos = opened.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            return "col.bad_zip", {"detail": str(exc)}
    if len(infos) > MAX_ZIP_MEMBERS:
        return "col.zip_too_many", {"count": len(infos), "limit": MAX_ZIP_MEMBERS}
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_ZIP_TOTAL or total / packed > MAX_RATIO:
        return "col.zip_bomb", {"size": total, "packed": packed}
    if any(i.flag_bits & 0x1 for i in infos):
        return "col.encrypted", {}
    return None, {}


def _expand_zip(item: Incoming, depth: int, out: list[Expanded]) -> None:
    problem, detail = zip_guard(item.data)
    out.append(Expanded(item, "zip", problem, detail))
    if problem:
        return
    if depth >= MAX_DEPTH:
        out[-1].problem, out[-1].detail = "col.zip_too_deep", {"depth": depth}
        return
    with zipfile.ZipFile(io.BytesIO(item.data)) as zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            name = _zip_name(info)
            base = name.replace("\\", "/").rsplit("/", 1)[-1]  # Windows zips may use backslashes
            if base.startswith(("~$", ".")) or name.startswith("__MACOSX/"):
                continue  # Office lock files and macOS resource forks: not submissions
            try:
                stamp = dt.datetime(*info.date_time)
            except ValueError:
                stamp = None
            try:
                data = zf.read(info)
            except MEMBER_ERRORS as exc:  # this member only: the others go on
                member = Incoming(name=base, data=_stored_record(item.data, info), origin=f"{item.origin}!{name}",
                                  kind="zip", sender=item.sender, sent_at=item.sent_at or stamp)
                _clean(member)
                out.append(Expanded(member, role_of(base), "col.zip_member_unreadable",
                                    {"name": member.name, "detail": readable(str(exc))[:200]}, stored=True))
                continue
            member = Incoming(name=base, data=data, origin=f"{item.origin}!{name}", kind="zip",
                              sender=item.sender, sent_at=item.sent_at or stamp)
            _dispatch(member, depth + 1, out)


def _address(header: str | None) -> str | None:
    if not header:
        return None
    addr = email.utils.parseaddr(str(header))[1]
    return addr.lower() or None


def _attachments(msg) -> list:
    """Attachments, also those of a forwarded message (message/rfc822, bounded by ``mime_too_deep``)."""
    out = []
    for part in msg.iter_attachments():
        if part.get_content_type() == "message/rfc822":
            payload = part.get_payload()
            for inner in payload if isinstance(payload, list) else []:
                if inner.is_multipart():
                    out += _attachments(inner)
            continue
        out.append(part)
    return out


def _expand_eml(item: Incoming, depth: int, out: list[Expanded]) -> None:
    out.append(Expanded(item, "eml"))
    if mime_too_deep(item.data):
        out[-1].problem, out[-1].detail = "col.eml_too_deep", {"limit": MAX_MIME_PARTS}
        return
    try:
        msg = email.message_from_bytes(item.data, policy=email.policy.default)
        sender = _address(msg.get("From"))
        try:
            sent = email.utils.parsedate_to_datetime(str(msg.get("Date"))) if msg.get("Date") else None
        except (TypeError, ValueError):
            sent = None
        parts = _attachments(msg) if msg.is_multipart() else []
    except Exception as exc:  # a malformed message is a finding, not a crash
        out[-1].problem, out[-1].detail = "col.bad_eml", {"detail": str(exc)}
        return
    found = 0
    for part in parts:
        name = part.get_filename()
        if not name:
            continue
        name = nfc(name)
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:
            continue
        found += 1
        member = Incoming(name=name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1], data=payload,
                          origin=f"{item.origin}!{name}", kind=item.kind if item.kind == "imap" else "eml",
                          sender=sender or item.sender, sent_at=sent or item.sent_at)
        _dispatch(member, depth + 1, out)
    if not found:
        out[-1].problem = "col.eml_no_attachment"


def _clean(item: Incoming) -> None:
    item.name, item.origin, item.sender = readable(item.name), readable(item.origin), visible(item.sender)


def _dispatch(item: Incoming, depth: int, out: list[Expanded]) -> None:
    _clean(item)
    if len(item.data) > MAX_FILE_BYTES:
        out.append(Expanded(item, role_of(item.name), "col.too_large",
                            {"size": len(item.data), "limit": MAX_FILE_BYTES}))
        return
    role = role_of(item.name)
    if role == "zip":
        _expand_zip(item, depth, out)
    elif role == "eml":
        _expand_eml(item, depth, out)
    else:
        out.append(Expanded(item, role))


def expand(items: list[Incoming]) -> list[Expanded]:
    """Expand already-read items (e.g. IMAP attachments) through the same guards."""
    out: list[Expanded] = []
    for item in items:
        _dispatch(item, 0, out)
    return out


def expand_one(item: Incoming) -> list[Expanded]:
    """One input and, for a container, its members after it."""
    out: list[Expanded] = []
    _dispatch(item, 0, out)
    return out


def read_file(path: Path, origin: str | None = None) -> Incoming:
    stat = path.stat()
    return Incoming(name=nfc(path.name), data=path.read_bytes(), origin=str(path) if origin is None else origin,
                    kind="file", sent_at=dt.datetime.fromtimestamp(stat.st_mtime))


def find_paths(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Every file under ``paths``, in order, opened once to know it can be read (collect reads each
    when it comes to it, so the files are never all in memory). Returns (files, [(path, problem key)])."""
    found: list[Path] = []
    missing: list[tuple[str, str]] = []

    def check(full: Path) -> None:
        try:
            with open(full, "rb"):
                pass
            found.append(full)
        except OSError:
            missing.append((readable(str(full)), "col.path_unreadable"))

    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(("~$", ".")):
                        continue
                    check(Path(root) / name)
        elif path.is_file():
            check(path)
        else:
            missing.append((readable(str(path)), "col.path_missing"))
    return found, missing

