"""The city report's comparison with the previous cycle: "so với năm 2025, tăng … điểm phần trăm".

Both years' figures are consolidations (``track.trends.YearFigures``: ``stats.consolidate_figures``
of each cycle) and every rate is ``stats.rates`` of counts summed the same way in both years, so a
difference is the difference of the two rates the two years' reports print (rounded to one decimal
each, then subtracted). Nothing is said when the previous cycle has no data, or a figure has no
value in one of the years.
"""
from __future__ import annotations

from typing import Any

from ..definition.load import Definition
from ..track.stats import CATEGORIES, Consolidation, rates
from ..track.trends import YearFigures
from ..vn import format_number, format_percent


def _pct(value: float) -> str:
    return format_percent(value)


def change(before: float | None, now: float | None, unit: str = "điểm phần trăm", shown=_pct) -> str | None:
    """``tăng 5,2 điểm phần trăm (từ 40,1% lên 45,3%)``; None when a value is missing."""
    if before is None or now is None:
        return None
    diff = round(now - before, 1)
    if diff == 0:
        return f"không thay đổi ({shown(now)})"
    word = "tăng" if diff > 0 else "giảm"
    amount = f"{format_number(abs(diff))} {unit}".strip()
    return f"{word} {amount} (từ {shown(before)} {'lên' if diff > 0 else 'xuống'} {shown(now)})"


def sum_counts(per: dict[str, dict[str, int]], keys) -> dict[str, int]:
    return {k: sum(per.get(x, {}).get(k, 0) for x in keys) for k in (*CATEGORIES, "not_reported")}


def overall_lines(cons: Consolidation, prev: YearFigures) -> list[str]:
    """The comparison of the whole programme's figures with ``prev``."""
    now, before = rates(cons.overall), prev.rates
    parts = []
    for key, words in (("completed", "tỷ lệ hoàn thành chung"), ("done_on_time", "tỷ lệ hoàn thành đúng hạn"),
                       ("overdue", "tỷ lệ quá hạn, chưa hoàn thành")):
        text = change(before[key], now[key])
        if text:
            parts.append(f"{words} {text}")
    c, p = cons.status.counts(), prev.agencies
    parts.append(f"số đơn vị đã gửi báo cáo {c['on_time'] + c['late']}/{c['expected']} "
                 f"(năm {prev.year}: {p['submitted']}/{p['expected']}), đúng hạn {c['on_time']} "
                 f"(năm {prev.year}: {p['on_time']})")
    return [f"So với năm {prev.year}: " + "; ".join(parts) + "."]


def group_sentence(tasks, cons: Consolidation, prev: YearFigures) -> str:
    """`` So với năm 2025, tỷ lệ hoàn thành của nhóm tăng …`` for a group of tasks ('' when not comparable)."""
    codes = [t.code for t in tasks]
    text = change(rates(sum_counts(prev.consolidation.per_task, codes))["completed"],
                  rates(sum_counts(cons.per_task, codes))["completed"])
    return f" So với năm {prev.year}, tỷ lệ hoàn thành của nhóm {text}." if text else ""


def agency_group_lines(definition: Definition, cons: Consolidation, prev: YearFigures) -> list[str]:
    """A line per group of agencies (the groups the registry's agencies belong to) that reports in both
    years: its completion rate, compared with ``prev``."""
    resolver = definition.resolver
    direct = dict.fromkeys(g for a in resolver.agencies.values() for g in a.groups)
    out = []
    for code in direct:
        group = resolver.groups.get(code)
        if group is None or group.collective:
            continue
        members = set(resolver.expand(code))
        now_members = [a for a in cons.per_agency if a in members]
        before_members = [a for a in prev.consolidation.per_agency if a in members]
        if not now_members or not before_members:
            continue
        now = rates(sum_counts(cons.per_agency, now_members))["completed"]
        before = rates(sum_counts(prev.consolidation.per_agency, before_members))["completed"]
        text = change(before, now)
        if text:
            out.append(f"- {group.name} ({len(now_members)} đơn vị): tỷ lệ hoàn thành {_pct(now or 0)}, "
                       f"so với năm {prev.year} {text}.")
    return out


def _value_text(x: dict[str, Any], fig: dict[str, Any]) -> str | None:
    if fig.get("value") is None:
        return None
    if x["kind"] == "ratio":
        return _pct(100 * fig["numerator"] / fig["denominator"]) if fig.get("denominator") else None
    if x["kind"] == "yesno":
        return f"{fig['yes']}/{fig['reported']} đơn vị có"
    return f"{format_number(fig['value'])} {x.get('unit') or ''}".strip()


def _ratio(fig: dict[str, Any]) -> float | None:
    """A ratio's city figure rounded to one decimal, as the report prints it."""
    if fig.get("value") is None or not fig.get("denominator"):
        return None
    return round(100 * fig["numerator"] / fig["denominator"], 1)


def indicator_lines(cons: Consolidation, prev: YearFigures, year: int) -> list[str]:
    """A line per indicator with a figure in both years."""
    before = {x["code"]: x for x in prev.consolidation.indicators}
    out = []
    for x in cons.indicators:
        old = before.get(x["code"])
        if old is None:
            continue
        now_text, old_text = _value_text(x, x["city"]), _value_text(old, old["city"])
        if now_text is None or old_text is None:
            continue
        if x["kind"] == "ratio":
            diff = change(_ratio(old["city"]), _ratio(x["city"]))
            tail = f"so với năm {prev.year} {diff}" if diff else ""
        elif x["kind"] == "yesno":
            tail = f"năm {prev.year}: {old_text}"
        else:
            unit = x.get("unit") or ""
            diff = change(old["city"]["value"], x["city"]["value"], unit or "",
                          shown=lambda v, u=unit: f"{format_number(v)} {u}".strip())
            tail = f"so với năm {prev.year} {diff}" if diff else ""
        out.append(f"- {x['text'].rstrip('.')}: năm {year} đạt {now_text}" + (f", {tail}." if tail else "."))
    return out


def _reported(counts: dict[str, int] | None) -> bool:
    """An agency that had an accepted submission in a year (its pairs are not "not reported")."""
    return counts is not None and counts.get("not_reported", 0) == 0 and any(counts.get(k, 0) for k in CATEGORIES)


def agency_lines(code: str, cons: Consolidation, prev: YearFigures) -> list[str]:
    """An agency report's comparison of the agency's own task figures with ``prev`` (the same rates
    ``stats.rates`` gives its per-agency counts in each year); [] when it did not report in one of them."""
    now_counts, before_counts = cons.per_agency.get(code), prev.consolidation.per_agency.get(code)
    if not _reported(now_counts) or not _reported(before_counts):
        return []
    now, before = rates(now_counts or {}), rates(before_counts or {})
    parts = []
    for key, words in (("completed", "tỷ lệ hoàn thành nhiệm vụ của đơn vị"),
                       ("done_on_time", "tỷ lệ hoàn thành đúng hạn"), ("overdue", "tỷ lệ quá hạn, chưa hoàn thành")):
        text = change(before[key], now[key])
        if text:
            parts.append(f"{words} {text}")
    return [f"So với năm {prev.year}: " + "; ".join(parts) + "."] if parts else []


def agency_indicator_lines(code: str, cons: Consolidation, prev: YearFigures, year: int) -> list[str]:
    """A line per indicator the agency reported in both years: its own value, compared with ``prev``."""
    def row(indicators: list[dict[str, Any]], x_code: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        for x in indicators:
            if x["code"] == x_code:
                mine = next((r for r in x["agencies"] if r["agency"] == code), None)
                return (x, mine) if mine is not None and mine.get("has_data") else None
        return None

    out = []
    for x in cons.indicators:
        now, before = row(cons.indicators, x["code"]), row(prev.consolidation.indicators, x["code"])
        if now is None or before is None:
            continue
        fig, old = now[1], before[1]
        if x["kind"] == "yesno":  # "năm 2026: Có; năm 2025: Không."
            words = {True: "Có", False: "Không"}
            out.append(f"- {x['text'].rstrip('.')}: năm {year}: {words[bool(fig['value'])]}; "
                       f"năm {prev.year}: {words[bool(old['value'])]}.")
            continue
        if x["kind"] == "ratio":
            now_text = _pct(_ratio(fig) or 0)
            diff = change(_ratio(old), _ratio(fig))
            tail = f"so với năm {prev.year} {diff}" if diff else ""
        else:
            unit = x.get("unit") or ""
            now_text = f"{format_number(fig['value'])} {unit}".strip()
            diff = change(old["value"], fig["value"], unit, shown=lambda v, u=unit: f"{format_number(v)} {u}".strip())
            tail = f"so với năm {prev.year} {diff}" if diff else ""
        out.append(f"- {x['text'].rstrip('.')}: năm {year} đạt {now_text}" + (f", {tail}." if tail else "."))
    return out
