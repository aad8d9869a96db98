"""The review report (báo cáo sơ kết) over several cycles: ``ctrxl report --from 2023 --to 2026``.

Every figure comes from ``track.trends`` (each year is that cycle's own consolidation): a table of
the years (agencies, task pairs by category, completion and on-time rates), the change from the
first year with data to the last, each indicator's figures per year against its target path, then
the overall assessment and the direction compiled from the last year's agencies, as in the city
report. Written to ``output/bao-cao-so-ket-<programme>-<from>-<to>.docx``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config.report import ReportSettings
from ..errors import CtrxlError
from ..model import programme_name
from ..track.stats import CATEGORIES
from ..track.trends import Trends, YearFigures
from ..vn import date_line, format_date, format_number, format_percent
from .compare import change
from .context import Compiler, _number_line, _recipients, _signature, _top_agency, pct

YEAR_KEYS = ("done_on_time", "done_late", "in_progress", "continuous", "overdue", "not_started")


def _year_row(y: YearFigures) -> dict[str, str]:
    a = y.agencies
    if not y.has_data:
        return {"year": str(y.year), "agencies": f"0/{a['expected']}", "on_time": "", "pairs": "",
                **{k: "" for k in YEAR_KEYS}, "completed": "Chưa có số liệu", "done_on_time_rate": ""}
    o = y.consolidation.overall
    return {"year": str(y.year), "agencies": f"{a['submitted']}/{a['expected']}", "on_time": str(a["on_time"]),
            "pairs": format_number(sum(o[k] for k in CATEGORIES if k != "not_applicable")),
            **{k: format_number(o[k]) for k in YEAR_KEYS},
            "completed": pct(y.completion_rate), "done_on_time_rate": pct(y.on_time_rate)}


OPEN = ", kỳ chưa đến hạn nộp"  # a year whose figures are today's, not the due date's


def _year_line(y: YearFigures) -> str:
    a = y.agencies
    if not y.has_data:
        return f"- Năm {y.year}: chưa có biểu hợp lệ nào trong kỳ báo cáo."
    as_of = format_date(y.reference) + (OPEN if y.consolidation.open else "")
    return (f"- Năm {y.year} (số liệu tính đến ngày {as_of}): {a['submitted']}/{a['expected']} "
            f"đơn vị đã gửi báo cáo ({a['on_time']} đúng hạn, {a['late']} chậm hạn); tỷ lệ hoàn thành "
            f"{pct(y.completion_rate)}, trong đó hoàn thành đúng hạn {pct(y.on_time_rate)}.")


def _value(x: dict[str, Any], row: dict[str, Any]) -> str | None:
    if row["value"] is None:
        return None
    if x["kind"] == "ratio":
        return format_percent(100 * row["numerator"] / row["denominator"]) if row["denominator"] else None
    if x["kind"] == "yesno":
        return f"{row['yes']}/{row['reported']} đơn vị có"
    return format_number(row["value"])


def _ratio(row: dict[str, Any]) -> float | None:
    return round(100 * row["numerator"] / row["denominator"], 1) if row.get("denominator") and \
        row.get("value") is not None else None


def _target(x: dict[str, Any]) -> str:
    if not x["target"]:
        return "—"
    if x["kind"] == "yesno":
        text = "Hoàn thành"
    else:
        text = x["target"]["text"].removeprefix("= ") + ("%" if x["unit"] == "%" else "")
    when = "hằng năm" if x["yearly"] else (f"năm {x['target_year']}" if x["target_year"] else "")
    return f"{text} ({when})" if when else text


def _indicators(t: Trends) -> tuple[list[dict[str, str]], list[str]]:
    rows: list[dict[str, str]] = []
    lines: list[str] = []
    last = t.years[-1].year
    for x in t.indicators:
        shown = [(r["year"], _value(x, r)) for r in x["years"]]
        results = "; ".join(f"{y}: {v}" for y, v in shown if v is not None) or "Chưa có số liệu"
        end = x["years"][-1]
        path = end["path"]
        path_text = "" if path is None else (format_percent(path) if x["kind"] == "ratio" else format_number(path))
        track = {True: "đạt lộ trình", False: "chưa đạt lộ trình", None: ""}[end["on_track"]]
        verdict = {"exceeded": "Vượt", "met": "Đạt", "missed": "Không đạt", "no_data": "Chưa có số liệu"}[
            end["verdict"]]
        rows.append({"n": str(len(rows) + 1), "text": x["text"], "target": _target(x), "results": results,
                     "path": path_text or "—", "verdict": verdict + (f"; {track}" if track else "")})
        with_values = [(r["year"], r) for r in x["years"] if _value(x, r) is not None]
        if x["kind"] == "ratio" and len(with_values) >= 2:
            (y0, r0), (y1, r1) = with_values[0], with_values[-1]
            text = change(_ratio(r0), _ratio(r1))
            tail = (f"; theo lộ trình, năm {last} cần đạt {path_text}, {track}" if path_text and track else "")
            lines.append(f"- {x['text'].rstrip('.')}: từ năm {y0} đến năm {y1} {text}{tail}.")
    return rows, lines


def review_context(t: Trends, settings: ReportSettings, current_year: int) -> dict[str, Any]:
    """The template context of the review of ``t``'s years (``current_year``: the workspace's current
    cycle, whose [report] date and settings the review takes when it ends with it)."""
    last = t.years[-1]
    definition = last.definition
    p = definition.programme
    start, end = t.years[0].year, last.year
    n = end - start + 1
    top = _top_agency(definition)
    abbrev = settings.issuer_abbrev or (top.abbrev if top and top.abbrev else "")
    day = settings.date if (settings.date and end == current_year) else definition.cycle.due
    # the programme and the documents it implements cited as every text cites them (model.programme_name)
    subject = (f"sơ kết {n} năm thực hiện " + programme_name(p, issuer=False, brief=True)
               + f" (giai đoạn {start} - {end})")
    opening = ("Thực hiện " + programme_name(p)
               + f", {settings.reporter} báo cáo sơ kết {n} năm thực hiện Chương trình (giai đoạn {start} - {end}) "
                 "như sau:")
    data = t.with_data
    progress = []
    if len(data) >= 2:
        a, b = data[0], data[-1]
        for words, before, now in (("tỷ lệ hoàn thành chung", a.completion_rate, b.completion_rate),
                                   ("tỷ lệ hoàn thành đúng hạn", a.on_time_rate, b.on_time_rate),
                                   ("tỷ lệ đơn vị nộp báo cáo đúng hạn", a.agency_share("on_time"),
                                    b.agency_share("on_time"))):
            text = change(before, now)
            if text:
                progress.append(f"- Từ năm {a.year} đến năm {b.year}, {words} {text}.")
    elif data:
        progress.append(f"- Chỉ có số liệu của năm {data[0].year}: chưa so sánh được giữa các năm.")
    else:
        progress.append("- Chưa có số liệu của năm nào trong giai đoạn.")
    ind_rows, ind_lines = _indicators(t)
    c = Compiler(definition, settings)
    source = data[-1].consolidation if data else last.consolidation
    assessment = sorted(source.assessment.items(), key=lambda kv: c.order.get(kv[0], 10**9))
    items = lambda key: [(a, v.get(key)) for a, v in assessment]  # noqa: E731
    return {
        "party_name": settings.party_name, "title": settings.title, "subject": subject,
        "higher_body": settings.higher_body.upper(),
        "issuer": (settings.issuer or (top.name if top else "")).upper(),
        "number_line": _number_line("", abbrev), "date_line": date_line(day, settings.place or None),
        "opening": opening, "reporter": settings.reporter, "start": str(start), "end": str(end),
        "year_lines": [_year_line(y) for y in t.years], "year_rows": [_year_row(y) for y in t.years],
        "progress": progress, "ind_rows": ind_rows, "ind_lines": ind_lines,
        "strengths": progress[:1] + c.compile(items("strengths")) or ["- (Chưa có ý kiến.)"],
        "weaknesses": c.compile(items("weaknesses")) or ["- (Chưa có ý kiến.)"],
        "direction": [f"- {x}" for x in settings.direction] + c.compile(items("direction"), attribute=False),
        "proposals": [f"- {x}" for x in settings.proposals] + c.compile(items("proposals")),
        "recipients": _recipients(settings.recipients), "sign": _signature(settings.signature),
    }


def review_chart(t: Trends, width_mm: float) -> bytes | None:
    from .charts import trend_chart

    data = t.with_data
    if len(data) < 2:
        return None
    return trend_chart([str(y.year) for y in data], {
        "Tỷ lệ hoàn thành": [y.completion_rate for y in data],
        "Tỷ lệ hoàn thành đúng hạn": [y.on_time_rate for y in data],
        "Tỷ lệ đơn vị nộp đúng hạn": [y.agency_share("on_time") for y in data],
    }, "Tỷ lệ hoàn thành nhiệm vụ và nộp báo cáo đúng hạn qua các năm (%)", width_mm)


def write_review(ws, start: int | None, end: int | None, pdf: bool = False):  # -> render.ReportResult
    """``ctrxl report --from START --to END``: the review report of those cycles."""
    from ..track.trends import workspace_trends, workspace_years
    from .render import ReportDocument, ReportResult, convert_all, render_document
    from .settings import template_path

    years = workspace_years(ws)
    first, last = start if start is not None else years[0], end if end is not None else ws.config.cycle.year
    if first > last:
        raise CtrxlError("report.review_order", start=first, end=last)
    if not any(first <= y <= last for y in years):
        raise CtrxlError("report.review_no_cycle", start=first, end=last, known=", ".join(map(str, years)))
    t = workspace_trends(ws, first, last)
    settings = ws.config.report
    ctx = review_context(t, settings, ws.config.cycle.year)
    chart = review_chart(t, settings.layout.chart_width_mm)
    definition = t.years[-1].definition
    out: Path = ws.outputs(definition).review(t.years[0].year, t.years[-1].year)
    path = render_document(template_path(settings, "review", ws.root), ctx, out, settings, chart)
    result = ReportResult(out.parent, [ReportDocument("review", None, ctx["issuer"], path)],
                          [] if chart or len(t.with_data) < 2 else ["report.no_chart"])
    if pdf:
        convert_all(result)
    return result
