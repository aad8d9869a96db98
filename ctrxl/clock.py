"""One clock: "now" and "today" in the office's time zone (``[office] timezone`` in ctrxl.toml).

A due date is a day in the office's calendar, so every "today", every day a mail was
sent or a workbook submitted, is taken in that zone, never in the machine's (a laptop
set to UTC would otherwise see 15/12 07:30 in Đà Nẵng as 15/12 00:30, and a server
abroad a different day). Store timestamps stay UTC ISO 8601 (``store.now``); they are
turned into office days when read.
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
_FALLBACK = {DEFAULT_TIMEZONE: dt.timezone(dt.timedelta(hours=7), "ICT")}  # no DST since 1975


@cache
def zone(name: str | None = None) -> dt.tzinfo:
    """The tzinfo of ``name`` (default Asia/Ho_Chi_Minh). Raises ValueError for an unknown zone."""
    name = name or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name in _FALLBACK:  # a machine without tz data (Windows without the tzdata package)
            return _FALLBACK[name]
        raise ValueError(name) from None


def now(tz: str | None = None) -> dt.datetime:
    """The current moment, aware, in the office's zone."""
    return dt.datetime.now(zone(tz))


def today(tz: str | None = None) -> dt.date:
    """Today's date in the office's calendar."""
    return now(tz).date()


def local_day(moment: dt.datetime, tz: str | None = None) -> dt.date:
    """The office day of ``moment``; a naive moment is taken as already local."""
    return moment.astimezone(zone(tz)).date() if moment.tzinfo is not None else moment.date()


def local_date(stamp: str | None, tz: str | None = None) -> dt.date | None:
    """The office day of an ISO timestamp (store rows, mail dates); None when empty or unreadable."""
    if not stamp:
        return None
    try:
        return local_day(dt.datetime.fromisoformat(stamp), tz)
    except ValueError:
        return None
