"""Analyse one spreadsheet's bytes: guard, read, identify, validate. Pure: no store, no files.

Kept free of I/O so a pool of processes can run it; ``run.py`` archives, records
and writes receipts around it.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import clock
from ..workbook import layout as L
from ..definition.registry import Resolver
from ..workbook.forms import AgencyForm
from ..workbook.reader import agreed_identity, read_workbook
from .incoming import Incoming
from .sources import zip_guard
from ..problems import Location, Problem, Severity, has_errors
from .validate import Answers, check_workbook

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
XML_SNIFF = 1024  # a DTD must come before the root element, so the head of each part suffices


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


@dataclass
class Analysis:
    outcome: str  # accepted | warnings | rejected | quarantined
    agency: str | None = None
    identified_by: str | None = None
    layout: str | None = None
    content_digest: str | None = None
    problems: list[Problem] = field(default_factory=list)
    answers: Answers | None = None


def _quarantine(code: str, **params) -> Analysis:
    return Analysis("quarantined", problems=[Problem(code, Severity.ERROR, params=params)])


def _unsafe_xml(data: bytes) -> bool:
    """A DTD or entity declaration in any XML part: Office never writes one; an attacker does."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels")):
                with zf.open(info) as fh:
                    head = fh.read(XML_SNIFF)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    return True
    return False


def guard_spreadsheet(item: Incoming) -> Analysis | None:
    data = item.data
    suffix = Path(item.name).suffix.lower()
    if data.startswith(OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
        if ENCRYPTED_PACKAGE in data[:1_000_000] or suffix in (".xlsx", ".xlsm", ".ods"):
            return _quarantine("col.encrypted")
        return None  # a real .xls
    if data.startswith(b"PK"):
        problem, detail = zip_guard(data)
        if problem:
            return _quarantine(problem if problem != "col.bad_zip" else "col.unreadable", **detail)
        try:
            if _unsafe_xml(data):
                return _quarantine("col.unsafe_xml")
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            return _quarantine("col.unreadable", detail=str(exc))
        return None
    return _quarantine("col.not_spreadsheet")


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
        agency = identity.get("agency")
        how = "identity"
    else:
        agency, how = None, None
        label = content.agency_label
        if label and ctx.resolver is not None:
            matches = [m for m in ctx.resolver.resolve_name(label) if m.kind == "agency"]
            if len(matches) == 1:
                agency, how = matches[0].code, "sheet-name"
                problems.append(Problem("col.identified_by_name", Severity.WARNING, Location(sheet=L.SHEET_TASKS, cell="A3"),
                                        {"name": label}, label))
        if agency is None:
            return _quarantine("col.unidentified"), None, None, problems
    if agency not in ctx.forms:
        if agency in ctx.registry_names:
            problems.append(Problem("col.unknown_agency", Severity.ERROR, Location(sheet=L.SHEET_META), {"agency": agency}))
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
    stopped = guard_spreadsheet(item)
    if stopped:
        return stopped
    try:
        content = read_workbook(item.data)
    except Exception as exc:  # calamine raises its own types for damaged or protected files
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            return _quarantine("col.encrypted")
        return _quarantine("col.unreadable", detail=text[:200])
    early, agency, how, problems = _identify(ctx, item, content)
    if early:
        early.problems = problems + early.problems
        return early
    answers, checked = check_workbook(ctx.forms[agency], content, ctx.today, ctx.programme_date)
    problems += checked
    identity, _ = agreed_identity(content.identity)
    outcome = "rejected" if has_errors(problems) else (
        "warnings" if problems else "accepted")
    return Analysis(outcome, agency, how, identity.get("layout"), identity.get("content_digest"), problems, answers)
