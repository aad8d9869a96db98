"""Analyse one spreadsheet's bytes: guard, read, identify, validate. Pure: no store, no files.

Kept free of I/O so a pool of processes can run it; ``run.py`` archives, records
and writes receipts around it.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from .. import clock
from ..definition.registry import Resolver
from ..problems import Location, Problem, Severity, has_errors
from ..signing import SIGNATURE_FIELD, verify
from ..workbook import layout as L
from ..workbook.forms import AgencyForm
from ..workbook.reader import PACKAGE_PARTS, Package, agreed_identity, read_workbook
from .incoming import Incoming
from .sources import zip_guard
from .validate import CHECKED_KEYS, Answers, check_workbook

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
XML_CHUNK = 1 << 16
_WHOLE_PART = 1 << 20  # a part declared this large or less is read whole first (zip_guard bounds the sum)
# A DTD must come before the root element, but any amount of whitespace may precede it: scan whole parts.
UNSAFE_XML = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be"))
# Every one of them holds one of these (UTF-16 in either byte order holds "<\0!"): two searches of a
# window rule all six out, the usual case.
UNSAFE_HINT = (b"<!", b"<\x00!")
assert all(any(h in m for h in UNSAFE_HINT) for m in UNSAFE_XML)
# python-calamine sizes a sheet's grid from its largest row and column: one cell at XFD1048576 is a
# ~512 GiB allocation that aborts the process. Refuse a sheet whose grid would exceed this many cells.
MAX_SHEET_CELLS = 4_000_000
# A cell's (or row's) reference, and the declared dimension. Neither can start inside a match of the
# other, so scanning for each apart finds exactly what one alternation would. One pattern gives
# the column letters and the row digits of each reference (one pass over the window, not two).
# Written ``r(?<=\sr)="…"`` it finds exactly the matches of ``\sr="…"`` (a match holds no whitespace,
# so none can overlap the next one's) but starts on a literal, which re searches ~2× faster.
_REF = re.compile(rb'r(?<=\sr)="([A-Z]{0,3})([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3})([0-9]{1,7})"')
# A reference that may lie outside a small grid: three column letters, or a row of four digits or
# more. A part in which it finds nothing holds no cell past column ZZ (702) or row 999: a grid of at
# most 701,298 cells, far under MAX_SHEET_CELLS, so its references need not be gathered one by one.
_FAR_REF = re.compile(rb'r(?<=\sr)="(?:[A-Z]{3}|[A-Z]{0,2}[0-9]{4})')
_NEAR_ROWS, _NEAR_COLUMNS = 999, 702
assert _NEAR_ROWS * _NEAR_COLUMNS <= MAX_SHEET_CELLS


@dataclass
class Context:
    """What analysis needs to know about the cycle (picklable, sent once to each worker)."""

    programme: str
    year: int
    programme_date: dt.date | None
    forms: dict[str, AgencyForm]
    registry_names: dict[str, str]  # agency code -> name, for every agency in the registry
    emails: dict[str, list[str]]
    resolver: Resolver | None = None  # for the name fallback
    today: dt.date = field(default_factory=clock.today)  # the office's day (run.py passes the configured zone)
    timezone: str | None = None  # the office's zone, for the day of a submission's time
    period_end: dt.date | None = None  # the end of the cycle's data period
    signing_key: bytes | None = None  # the workspace secret (signing.py); None: signatures not checked


@dataclass
class Analysis:
    outcome: str  # accepted | warnings | rejected | quarantined
    agency: str | None = None
    identified_by: str | None = None
    layout: str | None = None
    content_digest: str | None = None
    problems: list[Problem] = field(default_factory=list)
    answers: Answers | None = None
    # the answers as rows without the submission id (``run.answer_values``): what a worker sends back
    answer_values: list[tuple] | None = None


def _quarantine(code: str, **params) -> Analysis:
    return Analysis("quarantined", problems=[Problem(code, Severity.ERROR, params=params)])


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _plainly_safe(data: bytes, sheet: bool) -> bool:
    """Whether a whole part, read in one window, is safe at a glance: no DTD or entity declaration,
    and, for a worksheet, no reference (or declared dimension) that could make a large grid. False
    means only "look closer": the part is then scanned window by window as before."""
    if (UNSAFE_HINT[0] in data or UNSAFE_HINT[1] in data) and any(m in data for m in UNSAFE_XML):
        return False
    if not sheet:
        return True
    if _FAR_REF.search(data) is not None:
        return False
    for m in _DIMENSION.finditer(data):
        if int(m.group(2)) > _NEAR_ROWS or _column_number(m.group(1)) > _NEAR_COLUMNS:
            return False
    return True


def _scan_parts(zf: zipfile.ZipFile, keep: dict[str, bytes]) -> Analysis | None:
    """Stream every XML part once, before any parser sees it: a DTD or entity declaration
    (Office never writes one; an attacker does) anywhere in a part, or a worksheet whose largest
    cell reference (or declared dimension) makes a grid bomb. A part that cannot be decompressed
    (corrupt stream, unsupported method, bad CRC) makes the file unreadable. The reader's small
    parts (``PACKAGE_PARTS``), once scanned, are kept in ``keep`` so they are not decompressed again.

    A part declared at most ``_WHOLE_PART`` (a returned workbook's largest sheet is ~70 kB) is read
    whole first and passed at a glance when ``_plainly_safe``. Anything else (a larger part, one that
    fails to decompress, one with a hint of a DTD or a far reference) is scanned window by window,
    reference by reference, and stopped or passed exactly as that scan says."""
    for info in zf.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        sheet = "worksheets/" in info.filename
        if info.file_size <= _WHOLE_PART:
            try:
                data = zf.read(info)
            except Exception:
                data = None  # the window scan below reads it again and meets the same fault, in order
            if data is not None and _plainly_safe(data, sheet):
                if info.filename in PACKAGE_PARTS:
                    keep[info.filename] = data
                continue
        kept: list[bytes] | None = [] if info.filename in PACKAGE_PARTS else None
        rows = cols = 0
        tail = b""
        with zf.open(info) as fh:
            while chunk := fh.read(XML_CHUNK):
                if kept is not None:
                    kept.append(chunk)
                window = tail + chunk
                if (UNSAFE_HINT[0] in window or UNSAFE_HINT[1] in window) and any(m in window for m in UNSAFE_XML):
                    return _quarantine("col.unsafe_xml")
                if sheet:
                    # The largest row and column of the window, each reference's distinct letters and
                    # digits gathered in C (a sheet repeats a few column letters and each row number a
                    # dozen times): the same maxima as a match-by-match loop, without the loop.
                    refs = _REF.findall(window)
                    letters = {c for c, _ in refs}
                    digits = {r for _, r in refs}
                    for m in _DIMENSION.finditer(window):
                        letters.add(m.group(1))
                        digits.add(m.group(2))
                    if digits:
                        rows = max(rows, max(map(int, digits)))
                        cols = max(cols, max(map(_column_number, letters)))
                    if rows * max(cols, 1) > MAX_SHEET_CELLS:
                        return _quarantine("col.sheet_too_large", part=info.filename, rows=rows, columns=cols,
                                           limit=MAX_SHEET_CELLS)
                tail = window[-64:]
        if kept is not None:
            keep[info.filename] = b"".join(kept)
    if "content.xml" in zf.namelist() and not any(n.startswith("xl/") for n in zf.namelist()):
        return _ods_grid(zf)
    return None


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_grid(zf: zipfile.ZipFile) -> Analysis | None:
    """The OpenDocument grid bomb: one cell with a value, repeated by ``number-rows-repeated``
    and ``number-columns-repeated``, is expanded in full by the reader (20,000 × 1,000 repeats in
    an 800-byte file take 2.6 GB). Empty repeated cells (LibreOffice writes them for formatted
    areas) cost nothing and are not counted."""
    from defusedxml.ElementTree import iterparse  # the DTD scan above already ran; defused anyway

    with zf.open("content.xml") as fh:
        name, last_row, width = "", 0, 0
        row = 0
        for event, el in iterparse(fh, events=("start", "end")):
            if el.tag == _TABLE + "table":
                if event == "start":
                    name, last_row, width, row = el.get(_TABLE + "name", ""), 0, 0, 0
                continue
            if event != "end" or el.tag != _TABLE + "table-row":
                continue
            repeat = int(el.get(_TABLE + "number-rows-repeated", "1"))
            column = filled = 0
            for cell in el:
                column += int(cell.get(_TABLE + "number-columns-repeated", "1"))
                if len(cell) or cell.get(_OFFICE + "value-type"):
                    filled = column
            row += repeat
            if filled:
                last_row, width = row, max(width, filled)
                if last_row * width > MAX_SHEET_CELLS:
                    return _quarantine("col.sheet_too_large", part=f"content.xml: {name}", rows=last_row,
                                       columns=width, limit=MAX_SHEET_CELLS)
            el.clear()
    return None


def guard_spreadsheet(item: Incoming) -> Analysis | None:
    stopped, package = _guard(item)
    if package is not None:
        package.zf.close()
    return stopped


def _guard(item: Incoming) -> tuple[Analysis | None, Package | None]:
    """(what stops the file, or None; its zip package, opened once, for the reader when it goes on)."""
    data = item.data
    if data.startswith(OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream (its directory
        # may sit anywhere in the file). Anything else is read by content: an .xls named .xlsx is an
        # .xls, and an encrypted .xls is recognised by the reader's own error.
        if ENCRYPTED_PACKAGE in data:
            return _quarantine("col.encrypted"), None
        return None, None
    if data.startswith(b"PK"):
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, OSError) as exc:  # as zip_guard: its col.bad_zip
            return _quarantine("col.unreadable", detail=str(exc)), None
        problem, detail = zip_guard(data, zf)
        if problem:
            zf.close()
            return _quarantine(problem if problem != "col.bad_zip" else "col.unreadable", **detail), None
        keep: dict[str, bytes] = {}
        try:
            stopped = _scan_parts(zf, keep)
        except Exception as exc:  # zipfile raises BadZipFile, zlib.error, NotImplementedError, EOFError, …
            stopped = _quarantine("col.unreadable", detail=str(exc)[:200])
        if stopped:
            zf.close()
            return stopped, None
        return None, Package(zf, keep)
    return _quarantine("col.not_spreadsheet"), None


def _signature_problem(ctx: Context, identity: dict[str, str]) -> Analysis | None:
    """A signed workspace trusts no identity it did not sign: a missing or wrong signature is
    quarantined, and the agency it claims is not believed (so nothing is attributed to it)."""
    if ctx.signing_key is None:
        return None
    fields = {k: v for k, v in identity.items() if k in L.IDENTITY_FIELDS}
    if SIGNATURE_FIELD not in fields:
        return _quarantine("col.unsigned", agency=identity.get("agency", "—"))
    if not verify(fields, ctx.signing_key):
        return _quarantine("col.bad_signature", agency=identity.get("agency", "—"))
    return None


def _identify(ctx: Context, item: Incoming, content) -> tuple[Analysis | None, str | None, str | None, list[Problem]]:
    """(early result, agency, how, problems)."""
    problems: list[Problem] = []
    identity, conflicts = agreed_identity(content.identity)
    if identity:
        if conflicts:
            sev = Severity.ERROR if "agency" in conflicts else Severity.WARNING
            problems.append(Problem("col.identity_conflict", sev, Location(sheet=L.SHEET_META),
                                    {"fields": ", ".join(conflicts)}))
        if identity.get("programme") and identity["programme"] != ctx.programme:
            a = _quarantine("col.other_programme", found=identity["programme"], expected=ctx.programme)
            a.agency = identity.get("agency") if identity.get("agency") in ctx.registry_names else None
            return a, None, None, problems
        forged = _signature_problem(ctx, identity)
        if forged:
            return forged, None, None, problems
        agency = identity.get("agency")
        how = "identity"
    else:
        agency, how = None, None
        label = content.agency_label
        if label and ctx.resolver is not None:
            matches = [m for m in ctx.resolver.resolve_name(label) if m.kind == "agency"]
            if len(matches) == 1:
                agency, how = matches[0].code, "sheet-name"
                problems.append(Problem("col.identified_by_name", Severity.WARNING,
                                        Location(sheet=L.SHEET_TASKS, cell="A3"), {"name": label}, label))
        if agency is None:
            return _quarantine("col.unidentified"), None, None, problems
    if agency not in ctx.forms:
        if agency in ctx.registry_names:
            problems.append(Problem("col.unknown_agency", Severity.ERROR, Location(sheet=L.SHEET_META),
                                    {"agency": agency}))
            return Analysis("rejected", agency=agency, identified_by=how, problems=problems), agency, how, problems
        a = _quarantine("col.unknown_agency", agency=agency)
        return a, None, None, problems
    if identity:
        if identity.get("cycle") and identity["cycle"] != str(ctx.year):
            problems.append(Problem("col.other_cycle", Severity.ERROR, Location(sheet=L.SHEET_META),
                                    {"found": identity["cycle"], "expected": ctx.year}))
        if identity.get("layout") and identity["layout"] != L.LAYOUT_VERSION:
            problems.append(Problem("col.old_layout", Severity.ERROR, Location(sheet=L.SHEET_META),
                                    {"found": identity["layout"], "expected": L.LAYOUT_VERSION}))
        digest = identity.get("content_digest")
        if digest and digest != ctx.forms[agency].content_digest:
            problems.append(Problem("col.outdated_form", Severity.ERROR, Location(sheet=L.SHEET_META)))
    if item.sender:
        registered = [e.lower() for e in ctx.emails.get(agency, [])]
        if registered and item.sender.lower() not in registered:
            problems.append(Problem("col.sender_mismatch", Severity.WARNING, params={
                "sender": item.sender, "expected": ", ".join(registered)}))
    return None, agency, how, problems


def analyse(ctx: Context, item: Incoming) -> Analysis:
    stopped, package = _guard(item)
    if stopped:
        return stopped
    try:
        content = read_workbook(item.data, package, CHECKED_KEYS)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises its own types (and pyo3 panics, BaseExceptions)
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            return _quarantine("col.encrypted")
        return _quarantine("col.unreadable", detail=text[:200])
    finally:
        if package is not None:
            package.zf.close()
    early, agency, how, problems = _identify(ctx, item, content)
    if early:
        early.problems = problems + early.problems
        return early
    assert agency is not None  # _identify returns early when it finds no agency
    # the submission's own day (mail date or file time); when it has none, the day it was received
    submitted = clock.local_day(item.sent_at, ctx.timezone) if item.sent_at else ctx.today
    answers, checked = check_workbook(ctx.forms[agency], content, submitted, ctx.programme_date, ctx.period_end)
    problems += checked
    identity, _ = agreed_identity(content.identity)
    outcome = "rejected" if has_errors(problems) else (
        "warnings" if problems else "accepted")
    return Analysis(outcome, agency, how, identity.get("layout"), identity.get("content_digest"), problems, answers)
