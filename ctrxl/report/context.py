"""The template context of a report: every figure from the consolidation, every text from the agencies.

Numbers come from :class:`ctrxl.track.stats.Consolidation` only (never recomputed
differently here), written the Vietnamese way (``93,7%``, ``118/126 đơn vị``).
Agency texts are attributed ("Ban Tổ chức Thành ủy: …"), deduplicated (the same
sentence from ten agencies is one line naming them), cut to a sensible length.
Everything handed to the template is a string or a list/dict of strings: the
template never prints ``None``, and docxtpl escapes it (autoescape).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from ..config.report import ReportSettings, Signature
from ..definition.load import Definition
from ..model import Role, programme_name
from ..track.stats import CATEGORIES, CATEGORY_LABELS, VERDICTS, Consolidation, Pair, rates
from ..track.trends import YearFigures
from ..vn import date_line, format_date, format_number, format_percent, match_key
from ..workbook import layout as L
from .compare import (
    agency_group_lines,
    agency_indicator_lines,
    agency_lines,
    group_sentence,
    indicator_lines,
    overall_lines,
)
from .settings import agency_kind

ROLE_WORDS = {"lead": "chủ trì", "coordinate": "phối hợp", "execute": "thực hiện"}
SUBMISSION_WORDS = {"on_time": "Đúng hạn", "late": "Chậm hạn", "rejected": "Phải gửi lại", "missing": "Chưa nộp"}
# The breakdown in prose, in the order officials read it.
PROSE = (("done_on_time", "hoàn thành đúng hạn"), ("done_late", "hoàn thành chậm hạn"),
         ("in_progress", "đang thực hiện trong hạn"), ("continuous", "thường xuyên, đang thực hiện"),
         ("overdue", "quá hạn, chưa hoàn thành"), ("not_started", "chưa thực hiện"))


def pct(value: float | None) -> str:
    return format_percent(value) if value is not None else "—"


def num(value: Any) -> str:
    return format_number(value) if value is not None else "—"


def _sentence(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip().lstrip("-+•*").strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    if text and text[-1] not in ".!?…;:":
        text += "."
    return text


def _lines(value: Any) -> list[str]:
    """An agency's free text as separate items (it may hold several lines or bullets)."""
    if value is None:
        return []
    parts = re.split(r"\n+|(?:^|\s)[-+•]\s+(?=[A-ZÀ-Ỹ])", str(value))
    return [p.strip() for p in parts if p and p.strip(" -+•;.")]


class Compiler:
    """Turns (agency, text) pairs into attributed, deduplicated, limited lines."""

    def __init__(self, definition: Definition, settings: ReportSettings):
        self.names = {c: a.name for c, a in definition.resolver.agencies.items()}
        self.order = {c: i for i, c in enumerate(definition.resolver.sorted_codes(self.names))}
        self.s = settings
        self._keyed: dict[str, list[tuple[str, str]]] = {}  # a text → its (sentence, match key) lines

    def _items(self, value: Any) -> list[tuple[str, str]]:
        """The lines of a text with their match keys, computed once per distinct text: the same
        sentence comes from many agencies and in several sections of a report."""
        raw = str(value)
        out = self._keyed.get(raw)
        if out is None:
            out = []
            for line in _lines(value):
                text = _sentence(line, self.s.max_chars)
                key = match_key(text)
                if key:
                    out.append((text, key))
            self._keyed[raw] = out
        return out

    def names_of(self, codes: list[str]) -> str:
        codes = sorted(set(codes), key=lambda c: self.order.get(c, 10**9))
        shown = [self.names.get(c, c) for c in codes[: self.s.max_names]]
        rest = len(codes) - len(shown)
        if rest > 0:
            return ", ".join(shown) + f" và {rest} đơn vị khác"
        return " và ".join(shown) if len(shown) == 2 else ", ".join(shown)

    def compile(self, items: list[tuple[str, Any]], attribute: bool = True, limit: int | None = None) -> list[str]:
        """Items in order of first appearance, the most widely shared first; ``- Đơn vị: nội dung``."""
        groups: dict[str, dict[str, Any]] = {}
        for agency, value in items:
            if value is None:
                continue
            for text, key in self._items(value):
                g = groups.setdefault(key, {"text": text, "agencies": [], "seen": set(), "first": len(groups)})
                if agency not in g["seen"]:
                    g["seen"].add(agency)
                    g["agencies"].append(agency)
        ranked = sorted(groups.values(), key=lambda g: (-len(g["agencies"]), g["first"]))
        limit = limit or self.s.max_items
        out = [f"- {self.names_of(g['agencies'])}: {g['text']}" if attribute and g["agencies"] else f"- {g['text']}"
               for g in ranked[:limit]]
        if len(ranked) > limit:
            out.append(f"- Ngoài ra còn {len(ranked) - limit} ý kiến khác (xem Biểu tổng hợp kèm theo).")
        return out


def breakdown(counts: dict[str, int]) -> str:
    """``hoàn thành đúng hạn 2 (20%), …`` over the applicable pairs, as the consolidation counts them."""
    r = rates(counts)
    return "; ".join(f"{words} {num(counts.get(key, 0))} ({pct(r[key])})" for key, words in PROSE)


class _CityAnswer:
    """The two fields of a pair's answer the city report reads (results, proposals), read like the
    answer's dict (``a.get("results")``; an empty answer is no row, so None is "not given") in a
    quarter of its memory: 800,000 pairs at 10,000 agencies."""

    __slots__ = ("results", "proposals")

    def __init__(self) -> None:
        self.results: Any = None
        self.proposals: Any = None

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key, None)
        return default if value is None else value


def _city_answers(cons: Consolidation) -> dict[tuple[str, str], _CityAnswer]:
    """(task, agency) → the results and proposals of the task answers, each distinct text held once."""
    out: dict[tuple[str, str], _CityAnswer] = {}
    same: dict[Any, Any] = {}  # the same sentence comes from many agencies
    last: tuple[str, str] | None = None
    a = _CityAnswer()
    for agency, code, fld, value in cons.answers.values("task", ("results", "proposals")):
        if (code, agency) != last:  # a pair's two fields come one after the other
            last = (code, agency)
            found = out.get(last)
            a = out[last] = _CityAnswer() if found is None else found
        if isinstance(value, str):
            value = same.setdefault(value, value)
        if fld == "results":
            a.results = value
        else:
            a.proposals = value
    return out


_ROLE_RANK = {"lead": 0, "execute": 1, "coordinate": 2}  # a group's results: the lead agencies' first


def _city_items(cons: Consolidation, answers: dict[tuple[str, str], _CityAnswer], leadership: set[str],
                task_groups: list[tuple[str, str, list]]) -> tuple[list, list[list], list]:
    """What the city report compiles from the pairs, in one pass over them (800,000 at 10,000 agencies),
    each in the pairs' order: (agency, results) of the reported pairs of the leadership tasks and, for
    each group, of its other tasks (lead agencies first, then executing, then coordinating); and
    (agency, proposals) of every pair that has some."""
    group_of = {t.code: i for i, (_code, _title, tasks) in enumerate(task_groups) for t in tasks
                if t.code not in leadership}
    lead: list[tuple[str, Any]] = []
    ranked: list[list[tuple[int, str, Any]]] = [[] for _ in task_groups]
    proposals: list[tuple[str, Any]] = []
    rank = _ROLE_RANK.get
    for (t, a), p in cons.pairs.items():
        ans = answers.get((t, a))
        if ans is not None and ans.proposals:
            proposals.append((a, ans.proposals))
        if not p.status:
            continue
        results = ans.results if ans is not None else None
        if t in leadership:
            lead.append((a, results))
        else:
            g = group_of.get(t)
            if g is not None:
                ranked[g].append((rank(p.role, 3), a, results))
    groups = [[(a, results) for _r, a, results in sorted(items, key=lambda x: x[0])] for items in ranked]
    return lead, groups, proposals


def _task_answers(cons: Consolidation, agency: str) -> dict[tuple[str, str], dict[str, Any]]:
    """(task, agency) → field → value of one agency's task answers, read from the store."""
    out: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for code, fld, value in cons.answers.of_agency(agency, "task"):
        out[(code, agency)][fld] = value
    return out


def _groups(definition: Definition) -> list[tuple[str, str, list]]:
    """Tasks by group: the programme's second-level section (II.1, III.3 …), in programme order."""
    sections = {s.code: s for s in definition.programme.sections}

    def group_of(code: str | None) -> str | None:
        while code and code in sections and (parent := sections[code].parent) and sections[parent].parent:
            code = parent
        return code

    out: dict[str | None, list] = {}
    for task in definition.programme.tasks:
        out.setdefault(group_of(task.section), []).append(task)
    result = []
    for code, tasks in out.items():
        title = sections[code].title if code in sections else "Các nhiệm vụ của Chương trình"
        parent = sections[code].parent if code in sections else None
        if parent and definition.resolver.resolve_name(title):  # a part III heading that names an agency
            title = f"Nhiệm vụ giao {title}"
        result.append((code or "", title[:1].upper() + title[1:] if title.isupper() is False else title.capitalize(),
                       tasks))
    return result


def _leadership_codes(definition: Definition, settings: ReportSettings) -> set[str]:
    if settings.leadership_sections:
        wanted = set(settings.leadership_sections)
        return {t.code for t in definition.programme.tasks if t.section in wanted}
    first = next((t.section for t in definition.programme.tasks), None)
    return {t.code for t in definition.programme.tasks if first and t.section == first}


def _indicator_target(x: dict[str, Any]) -> str:
    if not x["target"]:
        return "—"
    unit = x.get("unit") or ""
    text = x["target"]["text"].removeprefix("= ")
    if x["kind"] == "yesno":
        text = "Hoàn thành" if x["target"].get("value") else "Không"
    else:
        text += "%" if unit == "%" else f" {unit}" if unit else ""
    when = "hằng năm" if x.get("yearly") else (f"năm {x['year']}" if x.get("year") else "")
    return f"{text} ({when})" if when else text


def _indicator_result(kind: str, fig: dict[str, Any], unit: str | None) -> str:
    if kind == "ratio":
        if fig.get("value") is None:
            return "Chưa có số liệu"
        # rounded once, from the fraction (the stored value is already rounded to 2 places:
        # 2.953/4.087 = 72,253…% would print 72,2% from 72,25)
        share = 100 * fig["numerator"] / fig["denominator"] if fig.get("denominator") else fig["value"]
        return f"{num(fig['numerator'])}/{num(fig['denominator'])} = {pct(share)}"
    if kind == "yesno":
        if fig.get("value") is None:
            return "Chưa có số liệu"
        if "yes" in fig:
            return f"{fig['yes']}/{fig['reported']} đơn vị có"
        return "Có" if fig["value"] else "Không"
    if fig.get("value") is None:
        return "Chưa có số liệu"
    return f"{num(fig['value'])} {unit or ''}".strip()


def _signature(sig: Signature) -> dict[str, str]:
    return {"on_behalf": sig.on_behalf, "title": sig.title, "name": sig.name}


def _recipients(lines: list[str]) -> list[str]:
    lines = [x.strip().rstrip(",.") for x in lines if x and x.strip()]
    return [f"- {x}{'.' if i == len(lines) - 1 else ','}" for i, x in enumerate(lines)]


def _opening(definition: Definition, reporter: str, year: int) -> str:
    text = "Thực hiện " + programme_name(definition.programme, titles=True)
    return f"{text}, {reporter} báo cáo kết quả thực hiện năm {year} như sau:"


def _subject(definition: Definition, settings: ReportSettings, year: int) -> str:
    if settings.subject:
        return settings.subject
    return f"kết quả thực hiện năm {year} " + programme_name(definition.programme, issuer=False, brief=True)


def _top_agency(definition: Definition):
    agencies = definition.resolver.agencies
    parents = {a.parent for a in agencies.values() if a.parent}
    return next((a for a in agencies.values() if not a.parent and a.code in parents), None)


def _number_line(number: str, abbrev: str) -> str:
    return f"Số {number or ' ' * 6}-BC/{abbrev}" if abbrev else f"Số {number or ' ' * 6}-BC"


def common(definition: Definition, cons: Consolidation, settings: ReportSettings) -> dict[str, Any]:
    year = definition.cycle.year
    day = settings.date or definition.cycle.due
    top = _top_agency(definition)
    abbrev = settings.issuer_abbrev or (top.abbrev if top and top.abbrev else "")
    ind_rows = []
    for n, x in enumerate(cons.indicators, start=1):
        city = x["city"]
        ind_rows.append({"n": str(n), "text": x["text"], "target": _indicator_target(x),
                         "reported": f"{city['reported']}/{city['expected']}",
                         "result": _indicator_result(x["kind"], city, x.get("unit")),
                         "verdict": VERDICTS[city["verdict"]].capitalize()})
    return {
        "year": str(year), "party_name": settings.party_name, "title": settings.title,
        "subject": _subject(definition, settings, year),
        "higher_body": settings.higher_body.upper(),
        "issuer": (settings.issuer or (top.name if top else "")).upper(),
        "number_line": _number_line(settings.number, abbrev),
        "date_line": date_line(day, settings.place or None),
        "report_ref": f"số {_number_line(settings.number, abbrev)[3:]}, ngày {format_date(day)}",
        "ind_rows": ind_rows,
    }


def as_of_words(cons: Consolidation, signed: dt.date) -> str:
    """The figures' date at the head of a report: the signing date when they agree, else stated as such —
    today's, not yet complete, while the cycle is open; the due date's after it."""
    day = format_date(cons.reference)
    if cons.open:
        return (f"Số liệu trong báo cáo tính đến ngày {day} (kỳ báo cáo chưa đến hạn nộp ngày "
                f"{format_date(cons.status.due)}, số liệu chưa đầy đủ):")
    if signed == cons.reference:
        return f"Tính đến ngày {day},"
    return f"Số liệu trong báo cáo được tổng hợp theo hạn nộp báo cáo ngày {day}:"


def city_context(definition: Definition, cons: Consolidation, settings: ReportSettings,
                 previous: YearFigures | None = None) -> dict[str, Any]:
    """The city's annual report; ``previous`` (the latest earlier cycle with data) adds the comparison
    with it (``compare.py``): overall, per group of tasks, per group of agencies, per indicator."""
    c = Compiler(definition, settings)
    ctx = common(definition, cons, settings)
    answers = _city_answers(cons)  # all the city report reads of the task answers
    counts = cons.status.counts()
    sent = counts["on_time"] + counts["late"]
    leadership_tasks = _leadership_codes(definition, settings)
    task_groups = _groups(definition)
    lead_items, group_items, proposals = _city_items(cons, answers, leadership_tasks, task_groups)
    missing = [a.code for a in cons.status.agencies if a.state in ("missing", "rejected")]
    signed = settings.date or definition.cycle.due
    # the figures' date and the signing date agree, or the figures' date is stated as such
    as_of = as_of_words(cons, signed)
    leadership = [
        f"{as_of} {sent}/{counts['expected']} đơn vị đã gửi báo cáo "
        f"({counts['on_time']} đúng hạn, {counts['late']} chậm hạn)"
        + (f"; {len(missing)} đơn vị chưa gửi hoặc phải gửi lại: {c.names_of(missing)}." if missing else "."),
    ]
    compiled = c.compile(lead_items) or c.compile([(a, v.get("strengths")) for a, v in cons.assessment.items()])
    if compiled:
        leadership.append("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị đã lãnh đạo, chỉ đạo, quán triệt, triển khai "
                          "thực hiện Chương trình; kết quả cụ thể theo báo cáo của các đơn vị:")
        leadership += compiled
    o = cons.overall
    applicable = sum(o[k] for k in CATEGORIES if k != "not_applicable")
    r = rates(o)
    summary = [
        f"Tổng số lượt nhiệm vụ các đơn vị đã báo cáo: {num(applicable + o['not_applicable'])} lượt "
        f"({num(o['not_applicable'])} lượt không thuộc phạm vi, không tính vào tỷ lệ); {num(o['not_reported'])} lượt "
        f"của các đơn vị chưa báo cáo. Trong {num(applicable)} lượt thuộc phạm vi: {breakdown(o)}.",
        f"Tỷ lệ hoàn thành chung (đúng hạn và chậm hạn): {pct(r['completed'])}.",
    ]
    if previous is not None:
        summary += overall_lines(cons, previous)
        by_group = agency_group_lines(definition, cons, previous)
        if by_group:
            summary.append(f"Tỷ lệ hoàn thành theo nhóm đơn vị, so với năm {previous.year}:")
            summary += by_group
    if cons.disagreements:
        summary.append(f"Có {len(cons.disagreements)} trường hợp báo cáo chưa thống nhất giữa cơ quan chủ trì "
                       "và cơ quan phối hợp (xem mục nhiệm vụ quá hạn, chưa hoàn thành).")
    groups = []
    for n, (_code, title, tasks) in enumerate(task_groups, start=1):
        gc = {k: sum(cons.per_task.get(t.code, {}).get(k, 0) for t in tasks) for k in (*CATEGORIES, "not_reported")}
        gapp = sum(gc[k] for k in CATEGORIES if k != "not_applicable")
        gr = rates(gc)
        paragraph = (f"Nhóm có {len(tasks)} nhiệm vụ; chưa có đơn vị thực hiện báo cáo ({num(gc['not_reported'])} "
                     "lượt chưa báo cáo)." if not gapp else
                     f"Nhóm có {len(tasks)} nhiệm vụ, {num(gapp)} lượt đơn vị thực hiện đã báo cáo; hoàn thành "
                     f"{num(gc['done_on_time'] + gc['done_late'])} lượt ({pct(gr['completed'])}), "
                     f"trong đó {breakdown(gc)}"
                     + (f"; {num(gc['not_reported'])} lượt chưa báo cáo." if gc["not_reported"] else "."))
        if previous is not None and gapp:
            paragraph += group_sentence(tasks, cons, previous)
        results = c.compile(group_items[n - 1])
        groups.append({"heading": f"{n}. {title}", "paragraph": paragraph,
                       "results": results or ["- Chưa có kết quả cụ thể được báo cáo."]})
    overdue = _overdue_rows(definition, cons, c)
    disagreements = [f"- Nhiệm vụ {d['task']}: {c.names_of([d['lead']])} (chủ trì) báo cáo "
                     f"«{L.STATUS_LABELS[L.Status(d['lead_status'])]}», {c.names_of([d['coordinator']])} (phối hợp) "
                     f"báo cáo «{L.STATUS_LABELS[L.Status(d['coordinator_status'])]}»." for d in cons.disagreements]
    field_items = lambda key: [(a, v.get(key)) for a, v in sorted(  # noqa: E731
        cons.assessment.items(), key=lambda kv: c.order.get(kv[0], 10**9))]
    n_groups = len(groups)
    ctx.update({
        "opening": _opening(definition, settings.reporter, definition.cycle.year), "reporter": settings.reporter,
        "leadership": leadership, "summary": summary, "groups": groups,
        "n_ind": str(n_groups + 1), "n_overdue": str(n_groups + 2),
        "overdue_rows": overdue, "no_overdue": "" if overdue else "Không có nhiệm vụ quá hạn, chưa hoàn thành.",
        "disagreements": disagreements,
        "compare_year": str(previous.year) if previous is not None else "",
        "ind_compare": indicator_lines(cons, previous, definition.cycle.year) if previous is not None else [],
        "strengths": [f"- Tỷ lệ hoàn thành chung các nhiệm vụ đạt {pct(r['completed'])}; "
                      f"{sent}/{counts['expected']} đơn vị đã gửi báo cáo."] + c.compile(field_items("strengths")),
        "weaknesses": c.compile(field_items("weaknesses")) or ["- (Chưa có ý kiến.)"],
        "causes": c.compile(field_items("causes")) or ["- (Chưa có ý kiến.)"],
        "direction": [f"- {x}" for x in settings.direction] + c.compile(field_items("direction"), attribute=False),
        "proposals": [f"- {x}" for x in settings.proposals] + c.compile(field_items("proposals") + proposals),
        "recipients": _recipients(settings.recipients),
        "sign": _signature(settings.signature),
        "appendix_rows": _appendix_rows(definition, cons, c),
        "appendix_total": _appendix_cells(cons.overall, "Tổng cộng", "", f"{sent}/{counts['expected']}"),
    })
    return ctx


def _overdue_rows(definition: Definition, cons: Consolidation, c: Compiler, only: str | None = None,
                  shared: Shared | None = None) -> list[dict]:
    texts = {t.code: t for t in definition.programme.tasks} if shared is None else shared.texts
    position = {code: i for i, code in enumerate(texts)} if shared is None else shared.position
    pairs = cons.pairs.items() if shared is None or only is None else \
        (((t, only), p) for t, p in shared.pairs.get(only, []))
    by_task: dict[str, list[str]] = defaultdict(list)
    due: dict[str, str] = {}
    for (t, a), p in pairs:
        if p.category == "overdue" and (only is None or a == only):
            by_task[t].append(a)
            due[t] = format_date(dt.date.fromisoformat(p["due"])) if p.get("due") else ""
    rows = []
    for n, t in enumerate(sorted(by_task, key=lambda t: position[t]), start=1):
        rows.append({"n": str(n), "task": f"{t}: {_sentence(texts[t].text, 220)}", "due": due[t],
                     "agencies": c.names_of(by_task[t]) if only is None else ""})
    return rows


def _appendix_cells(counts: dict[str, int], name: str, n: str, state: str) -> dict[str, str]:
    total = sum(counts.get(k, 0) for k in (*CATEGORIES, "not_reported"))
    reported = total - counts.get("not_reported", 0)
    row = {"n": n, "name": name, "state": state, "total": num(total)}
    for k in CATEGORIES:
        row[k] = num(counts.get(k, 0)) if reported else ""
    row["completed"] = pct(rates(counts)["completed"]) if reported else "Chưa báo cáo"
    return row


def _appendix_rows(definition: Definition, cons: Consolidation, c: Compiler) -> list[dict[str, str]]:
    states = {a.code: a.state for a in cons.status.agencies}
    codes = definition.resolver.sorted_codes(cons.per_agency)
    return [_appendix_cells(cons.per_agency[code], c.names.get(code, code), str(n),
                            SUBMISSION_WORDS.get(states.get(code, ""), ""))
            for n, code in enumerate(codes, start=1)]


def signer_title(on_behalf: str, title: str, kind: str) -> tuple[str, str]:
    """(on-behalf line, title line) for a signer whose office is ``title`` (``Bí thư``,
    ``Phó Trưởng ban``): a collective body keeps its T/M line; in an advisory board the head
    signs in their own name, a deputy K/T the head's office."""
    upper = title.upper()
    if kind == "collective":
        return on_behalf, upper
    if upper.startswith("PHÓ "):
        return f"K/T {upper.removeprefix('PHÓ ').strip()}", upper
    return "", upper


def agency_signature(definition: Definition, settings: ReportSettings, code: str,
                     head: Any = None) -> tuple[Signature, str]:
    agency = definition.resolver.agencies[code]
    sig, kind = agency_kind(agency.name)
    over = settings.agencies.get(code, {})
    if head:
        name, _, title = (x.strip() for x in str(head).partition(","))
        if not sig.name:
            sig.name = name
        if title:  # the workbook names the signer's office: it is the title, not the default deputy
            sig.on_behalf, sig.title = signer_title(sig.on_behalf, title, kind)
    sig.on_behalf = over.get("on_behalf", sig.on_behalf)
    sig.title = over.get("signer_title", sig.title)
    sig.name = over.get("signer_name", sig.name)
    return sig, kind


class Shared:
    """What every agency report of a run shares, computed once (``write_reports`` builds one for
    all the agency reports it writes): the city-wide part of the context, the texts' compiler
    (its match keys are cached per distinct text), the pairs and indicator rows indexed by agency, the
    task groups and the programme order. Without it each agency report scanned every answer, pair and
    indicator of the city: the reports together grew with the square of the agencies. Each report reads
    its agency's own answers from the store (``_task_answers``): holding the city's (2 million at
    10,000 agencies) took 11 s and most of a GiB before the first report."""

    def __init__(self, definition: Definition, cons: Consolidation, settings: ReportSettings):
        self.compiler = Compiler(definition, settings)
        self.common = common(definition, cons, settings)
        self.pairs: dict[str, list[tuple[str, Pair]]] = defaultdict(list)
        for (t, a), p in cons.pairs.items():
            self.pairs[a].append((t, p))
        self.indicators: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
        for i, x in enumerate(cons.indicators):
            for row in x["agencies"]:
                self.indicators[row["agency"]].setdefault(i, row)  # the first row of an agency, as before
        self.groups = _groups(definition)
        self.texts = {t.code: t for t in definition.programme.tasks}
        self.position = {code: i for i, code in enumerate(self.texts)}


def agency_context(definition: Definition, cons: Consolidation, settings: ReportSettings, code: str,
                   shared: Shared | None = None, previous: YearFigures | None = None) -> dict[str, Any]:
    """One agency's own report, prefilled from its workbook answers. ``shared``: built once for the
    reports of the same run (one is built here without it). ``previous`` (the latest earlier cycle with
    data) adds the comparison of the agency's own tasks and indicators with it, when the agency reported
    in both years (``compare.py``)."""
    sh = shared or Shared(definition, cons, settings)
    c = sh.compiler
    resolver = definition.resolver
    agency = resolver.agencies[code]
    over = settings.agencies.get(code, {})
    mine = cons.assessment.get(code, {})
    sig, kind = agency_signature(definition, settings, code, mine.get("head"))
    parent = resolver.agencies.get(agency.parent) if agency.parent else None
    if kind == "board" and parent:
        higher, issuer = parent.name, agency.short or agency.name
    else:
        higher, issuer = settings.agency_higher_body or settings.higher_body, agency.name
    if kind == "collective" and match_key(agency.name).split()[:2] != match_key("Ban Thường vụ").split():
        reporter = f"Ban Thường vụ {agency.name}" if sig.on_behalf == "T/M BAN THƯỜNG VỤ" else agency.name
    else:
        reporter = agency.name
    report_day = over.get("date")
    if report_day is None and isinstance(mine.get("report_date"), str):
        try:
            report_day = dt.date.fromisoformat(mine["report_date"][:10])
        except ValueError:
            report_day = None
    day = report_day or settings.date or definition.cycle.due
    abbrev = over.get("issuer_abbrev", agency.abbrev or "")
    ctx = dict(sh.common)
    answers = _task_answers(cons, code)
    counts = cons.per_agency.get(code, {k: 0 for k in (*CATEGORIES, "not_reported")})
    r = rates(counts)
    roles: defaultdict[str, int] = defaultdict(int)
    mine_pairs = sh.pairs.get(code, [])
    for _t, p in mine_pairs:
        roles[p["role"]] += 1
    applicable = sum(counts.get(k, 0) for k in CATEGORIES if k != "not_applicable")
    reported = counts.get("not_reported", 0) == 0 and bool(mine_pairs)
    summary = [f"Đơn vị được giao {len(mine_pairs)} nhiệm vụ (chủ trì {roles['lead']}, thực hiện {roles['execute']}, "
               f"phối hợp {roles['coordinate']}); {counts.get('not_applicable', 0)} nhiệm vụ không thuộc phạm vi, "
               f"không phát sinh."]
    if reported and cons.open:  # the categories (overdue or not) are taken today, before the due date
        summary.append(as_of_words(cons, day).rstrip(":") + ".")
    if reported:
        summary.append(f"Trong {applicable} nhiệm vụ thuộc phạm vi: {breakdown(counts)}. "
                       f"Tỷ lệ hoàn thành: {pct(r['completed'])}.")
        if previous is not None:
            summary += agency_lines(code, cons, previous)
    else:
        summary.append("Đơn vị chưa có báo cáo hợp lệ trong chu kỳ; các số liệu dưới đây để trống.")
    texts = sh.texts
    groups: list[dict[str, Any]] = []
    for _g, title, tasks in sh.groups:
        mine_here = [(t, cons.pairs[(t.code, code)]) for t in tasks if (t.code, code) in cons.pairs]
        if not mine_here:
            continue
        gc = {k: 0 for k in (*CATEGORIES, "not_reported")}
        for _t, p in mine_here:
            gc[p["category"]] += 1
        gr = rates(gc)
        paragraph = (f"Đơn vị được giao {len(mine_here)} nhiệm vụ; hoàn thành {gc['done_on_time'] + gc['done_late']} "
                     f"({pct(gr['completed'])}), trong đó {breakdown(gc)}." if reported else
                     f"Đơn vị được giao {len(mine_here)} nhiệm vụ; chưa báo cáo.")
        results = c.compile([(code, answers.get((t.code, code), {}).get("results")) for t, _p in mine_here],
                            attribute=False)
        groups.append({"heading": f"{len(groups) + 1}. {title}", "paragraph": paragraph,
                       "results": results or ["- Chưa có kết quả cụ thể được báo cáo."]})
    ind_rows: list[dict[str, Any]] = []
    mine_rows = sh.indicators.get(code, {})
    for i, x in enumerate(cons.indicators):
        row = mine_rows.get(i)
        if row is None:
            continue
        ind_rows.append({"n": str(len(ind_rows) + 1), "text": x["text"], "target": _indicator_target(x),
                         "reported": "Có" if row["has_data"] else "Chưa",
                         "result": _indicator_result(x["kind"], row, x.get("unit")),
                         "verdict": VERDICTS[row["verdict"]].capitalize()})
    task_items = [(code, answers.get((t, code), {}).get(k)) for t, _p in mine_pairs for k in ("difficulties",)]
    proposals = [(code, answers.get((t, code), {}).get("proposals")) for t, _p in mine_pairs]
    one = lambda key: c.compile([(code, mine.get(key))], attribute=False)  # noqa: E731
    recipient = resolver.agencies.get(definition.cycle.recipient or "")
    lines = over.get("recipients") or [x.format(recipient=recipient.name if recipient else "", abbrev_office="VT")
                                       for x in settings.agency_recipients]
    appendix = []
    for n, (t, p) in enumerate(sorted(mine_pairs, key=lambda tp: sh.position[tp[0]]), start=1):
        a = answers.get((t, code), {})
        appendix.append({
            "n": str(n), "code": t, "text": _sentence(texts[t].text, 200),
            "role": ROLE_WORDS.get(p["role"], "").capitalize(),
            "deadline": texts[t].deadline.text or "", "status": _status_words(p, a),
            "completed": format_date(dt.date.fromisoformat(a["completed_on"])) if a.get("completed_on") else "",
            "results": _join(_clean(a.get("results")), _clean(a.get("evidence"))),
        })
    ctx.update({
        "higher_body": (over.get("higher_body") or higher or "").upper(),
        "issuer": (over.get("issuer") or issuer).upper(),
        "number_line": _number_line(str(over.get("number", "")), abbrev),
        "date_line": date_line(day, settings.place or None),
        "report_ref": f"số {_number_line(str(over.get('number', '')), abbrev)[3:]}, ngày {format_date(day)}",
        "agency_name": agency.name, "reporter": over.get("reporter", reporter),
        "opening": _opening(definition, over.get("reporter", reporter), definition.cycle.year),
        "leadership": one("strengths")[:3] or ["- (Đơn vị chưa báo cáo nội dung này.)"],
        "summary": summary, "groups": groups, "ind_rows": ind_rows,
        "n_ind": str(len(groups) + 1), "n_overdue": str(len(groups) + 2),
        "overdue_rows": _overdue_rows(definition, cons, c, only=code, shared=sh),
        "no_overdue": ("" if any(p["category"] == "overdue" for _t, p in mine_pairs)
                       else "Không có nhiệm vụ quá hạn, chưa hoàn thành."),
        "disagreements": [],
        "compare_year": str(previous.year) if previous is not None else "",
        "ind_compare": (agency_indicator_lines(code, cons, previous, definition.cycle.year)
                        if previous is not None else []),
        "strengths": one("strengths") or ["- (Chưa có ý kiến.)"],
        "weaknesses": (one("weaknesses") + c.compile(task_items, attribute=False)) or ["- (Chưa có ý kiến.)"],
        "causes": one("causes") or ["- (Chưa có ý kiến.)"],
        "direction": one("direction") or ["- (Chưa có ý kiến.)"],
        "proposals": (one("proposals") + c.compile(proposals, attribute=False)) or ["- (Không có.)"],
        "recipients": _recipients(lines), "sign": _signature(sig),
        "appendix_rows": appendix,
    })
    return ctx


def _clean(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value not in (None, "") else ""


def _join(*parts: str) -> str:
    kept = [p.rstrip(" .;") for p in parts if p and p.strip(" .;")]
    return "; ".join(kept) + "." if kept else ""


def _status_words(pair: Pair, answer: dict[str, Any]) -> str:
    if pair["category"] == "not_reported":
        return CATEGORY_LABELS["not_reported"]
    text = CATEGORY_LABELS[pair["category"]]
    if pair["category"] in ("in_progress", "overdue") and answer.get("progress") is not None:
        text += f" ({num(answer['progress'])}%)"
    return text


def reporting_agencies(definition: Definition, cons: Consolidation) -> list[str]:
    """Agencies that can have their own report: those with an accepted submission, in Vietnamese order."""
    return [a.code for a in cons.status.agencies if a.state in ("on_time", "late")]


__all__ = ["city_context", "agency_context", "Shared", "reporting_agencies", "Compiler", "breakdown", "Role"]
