"""The definition *document*: the plain-dict shape both formats read and write.

``normalise_document`` gives the canonical form: NFC text, day-first date strings,
lists where lists belong, empty values dropped, keys in a fixed order. Two
documents that mean the same thing normalise to equal dicts, which is what the
YAML → XLSX → YAML round trip is checked against. Values that cannot be
normalised (a date that is not a date) are left as they are: the validator
reports them with their place, rather than this function guessing.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from ..vn import parse_date

PROGRAMME_KEYS = ("symbol", "title", "issuer", "issue_date", "implements")
RESOLUTION_KEYS = ("symbol", "type", "date", "issuer", "title")  # the documents a programme implements
SECTION_KEYS = ("code", "title", "parent")
TASK_KEYS = ("code", "section", "text", "lead", "coordinate", "execute", "deadline", "reask", "notes")
DEADLINE_KEYS = ("text", "kind", "due", "year")
INDICATOR_KEYS = (
    "code", "section", "text", "kind", "unit", "target", "year", "yearly",
    "numerator", "denominator", "reporters", "notes",
)
TARGET_KEYS = ("op", "value", "min", "max")
GROUP_KEYS = ("code", "name", "aliases", "include", "members", "collective")
AGENCY_KEYS = (
    "code", "name", "short", "abbrev", "aliases", "groups", "parent", "emails",
    "active_from", "active_to", "successors",
)
SUCCESSION_KEYS = ("kind", "to", "date")

LIST_FIELDS = {"lead", "coordinate", "execute", "reporters", "aliases", "include", "members",
               "groups", "emails", "to"}
DATE_FIELDS = {"issue_date", "date", "active_from", "active_to", "due"}
BOOL_FIELDS = {"yearly", "collective", "reask"}
INT_FIELDS = {"year"}
NUMBER_FIELDS = {"value", "min", "max"}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def _date(value: Any) -> Any:
    if isinstance(value, (dt.date, str)) and not _empty(value):
        try:
            day = parse_date(value)
        except ValueError:
            return _text(value)
        return f"{day.day}/{day.month}/{day.year}" if day else None
    return value


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if isinstance(value, str):
            try:
                value = float(value.replace(",", ".").strip())
            except ValueError:
                return _text(value)
        else:
            return value
    return int(value) if float(value).is_integer() else float(value)


def _list(value: Any) -> Any:
    if isinstance(value, str):
        value = [v for v in (p.strip() for p in value.split(";")) if v]
    if isinstance(value, (list, tuple)):
        return [_text(v) for v in value if not _empty(_text(v))]
    return value


def _bool(value: Any) -> Any:
    if isinstance(value, str):
        low = value.strip().casefold()
        if low in ("true", "có", "co", "x", "1", "yes", "đúng"):
            return True
        if low in ("false", "không", "khong", "0", "no", "sai", ""):
            return False
    if isinstance(value, (int, float)):
        return bool(value)
    return value


def _int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _record(rec: Any, keys: tuple[str, ...], nested: dict[str, Any] | None = None) -> Any:
    if not isinstance(rec, dict):
        return rec
    nested = nested or {}
    out: dict[str, Any] = {}
    ordered = [k for k in keys if k in rec] + [k for k in rec if k not in keys]
    for key in ordered:
        value = rec[key]
        if key in nested:
            value = nested[key](value)
        elif key in LIST_FIELDS:
            value = _list(value)
        elif key in DATE_FIELDS:
            value = _date(value)
        elif key in BOOL_FIELDS:
            value = _bool(value)
            if value is False:
                continue
        elif key in INT_FIELDS:
            value = _int(value)
        elif key in NUMBER_FIELDS:
            value = _number(value)
        else:
            value = _text(value)
        if not _empty(value):
            out[key] = value
    return out


def _deadline(value: Any) -> Any:
    if isinstance(value, dict):
        rec = _record(value, DEADLINE_KEYS)
        if isinstance(rec, dict) and set(rec) == {"text"}:
            return rec["text"]
        return rec
    return _text(value)


def _target(value: Any) -> Any:
    return _record(value, TARGET_KEYS)


def _records(items: Any, keys: tuple[str, ...], nested: dict[str, Any] | None = None) -> Any:
    if not isinstance(items, list):
        return items
    return [_record(i, keys, nested) for i in items]


def normalise_document(doc: dict[str, Any] | None) -> dict[str, Any]:
    """Canonical form of a programme and/or registry document (see module doc)."""
    if not doc:
        return {}
    out: dict[str, Any] = {}
    order = ("programme", "sections", "tasks", "indicators", "groups", "agencies", "proposed")
    for key in [k for k in order if k in doc] + [k for k in doc if k not in order]:
        value = doc[key]
        if key == "programme":
            value = _record(value, PROGRAMME_KEYS, {
                "implements": lambda v: _records(v if isinstance(v, list) else [v], RESOLUTION_KEYS)
                if not _empty(v) else v,
            })
        elif key == "sections":
            value = _records(value, SECTION_KEYS)
        elif key == "tasks":
            value = _records(value, TASK_KEYS, {"deadline": _deadline})
        elif key == "indicators":
            value = _records(value, INDICATOR_KEYS, {"target": _target})
        elif key == "groups":
            value = _records(value, GROUP_KEYS)
        elif key == "agencies":
            value = _records(value, AGENCY_KEYS, {
                "successors": lambda v: _records(v, SUCCESSION_KEYS),
            })
        elif key == "proposed":  # registry rows proposed by ctrxl import, not confirmed yet
            value = _record(value, ("groups", "agencies"), {
                "groups": lambda v: _records(v, GROUP_KEYS),
                "agencies": lambda v: _records(v, AGENCY_KEYS),
            })
        if not _empty(value):
            out[key] = value
    return out
