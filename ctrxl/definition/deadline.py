"""The deadline grammar: what a task's wording says about when it is due.

``parse_deadline(text)`` finds every deadline phrase in a wording (a whole task
paragraph, or only its deadline phrases) and returns a :class:`Deadline` whose
``parts`` are the phrases in order of appearance and whose top-level fields copy
the *principal* part. One phrase → ``parts == []`` and the top is that phrase.

Phrases recognised (case, NFD, ``**bold**``, line breaks, ``uỷ/ủy``, ``kỳ/kì``,
``hằng/hàng`` do not matter):

- DATE: ``[hoàn thành] trước|đến [hết]|chậm nhất [là|đến|trước]|trong ngày 10/6/2025``,
  also ``ngày 10 tháng 6 năm 2025``. ``trước ngày 15/12 hằng năm`` is YEARLY, month 12.
- YEAR: ``(năm 2023)``, ``(năm 2022, 2023)`` (the last year), ``trong năm 2023``,
  ``[từ nay] đến cuối|hết năm 2025``, ``hoàn thành [trong] năm 2025``, ``trước cuối năm 2025``,
  ``từ năm 2021 đến năm 2025``; due 31/12. A bare ``đến năm 2025`` is not a deadline
  (it names plans: "Đề án … đến năm 2025, định hướng đến năm 2030"), nor is a bare
  ``cuối năm 2025`` ("kỳ họp cuối năm 2025").
- FROM_YEAR: ``(từ năm 2022)``, ``tạo chuyển biến rõ [nét] từ năm 2022``; no due.
- CONTINUOUS: ``thực hiện thường xuyên``, ``thường xuyên``.
- YEARLY: ``(thực hiện) hằng năm``, ``định kỳ [tháng 12] hằng năm``, ``hàng năm``.
- QUARTER: ``[trong] quý III/2022``, ``quý 3 năm 2022``; due the quarter's last day.
- MONTH: ``[trong] tháng 8/2022``, ``tháng 8 năm 2022``; due the month's last day.
- CONDITIONAL: ``sau khi Trung ương có hướng dẫn …``, ``sau khi Trung ương ban hành``,
  ``trên cơ sở hướng dẫn của Trung ương``; ``condition`` is the phrase.

Strong and weak phrases. "thường xuyên" and "hằng năm" are also ordinary adverbs
and adjectives ("Thường xuyên rà soát …", "chương trình giám sát hằng năm"). They
count as *strong* only in a deadline form ("thực hiện thường xuyên", "định kỳ hằng
năm", or standing alone between punctuation: "(hằng năm)", "Hằng năm, …"). A bare
occurrence is *weak*: weak phrases are used only when the wording has no strong
phrase at all, and then once per kind.

Principal part: if any part has a concrete due (DATE, YEAR, QUARTER, MONTH) the
one with the LATEST due (the first of equals); otherwise CONTINUOUS if present (a
continuous task is never overdue); else YEARLY (one with a month first); else
FROM_YEAR ("from that year on" is a start, not a due); else CONDITIONAL.

Per-group variants: a phrase whose clause starts with "Cấp …" ("Cấp quận ủy …
hoàn thành trước ngày 10/6/2025; cấp đảng ủy phường, xã … trước ngày 15/6/2025")
gets ``group``: ``groups(wording)`` when that returns a code, else the wording.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from operator import attrgetter

from .. import vn
from ..model import Deadline, DeadlineKind

__all__ = ["parse_deadline", "deadline_problems", "describe", "deadline_from_mapping"]

K = DeadlineKind
GroupLookup = Callable[[str], "str | None"]

# Patterns run on a lower-cased copy of the text with tone placement unified
# (same length, so spans index the original too). Order = priority on overlap.
_SEP = r"\s*[/.\-]\s*"
_DATE_RE = re.compile(
    r"(?:hoàn\s+thành\s+)?"
    r"(?:(?:trước|đến(?:\s+hết)?|chậm\s+nhất(?:\s+(?:là|đến|trước|vào))?|hạn\s+chót(?:\s+là)?)\s+(?:ngày\s+)?"
    r"|trong\s+ngày\s+)"
    r"(?:(?P<d>\d{1,2})" + _SEP + r"(?P<m>\d{1,2})(?:" + _SEP + r"(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:,?\s+năm\s+(?P<y2>\d{4}))?)(?!\d)"
    r"(?P<yearly>\s+(?:hằng|hàng)\s+năm)?"
)
_LEAD = r"(?:(?:trong|hoàn\s+thành(?:\s+trong)?|đến(?:\s+hết|\s+cuối)?)\s+)?"
_QUARTER_RE = re.compile(
    _LEAD + r"q(?:uý|úy)\s+(?P<q>[ivxlc]+|\d{1,2})\b\s*(?:/\s*|,?\s*năm\s+)(?P<y>\d{4})(?!\d)"
)
_MONTH_RE = re.compile(
    r"(?<!\d\s)" + _LEAD + r"tháng\s+(?P<m>\d{1,2})\s*(?:/\s*|,?\s*năm\s+)(?P<y>\d{4})(?!\d)"
)
_YEARS = r"(?P<ys>\d{4}(?:\s*(?:,|và|-|–)\s*(?:năm\s+)?\d{4})*)(?!\d)"
_YEAR_RANGE_RE = re.compile(
    r"từ\s+năm\s+\d{4}\s*(?:đến|-|–)\s*(?:hết\s+|cuối\s+)?(?:năm\s+)?(?P<y>\d{4})(?!\d)"
)
_YEAR_RE = re.compile(
    r"(?:(?:từ\s+nay\s+)?đến\s+(?:hết|cuối)\s+(?:năm\s+)?"
    r"|(?:trong|trước\s+cuối|hoàn\s+thành(?:\s+trong|\s+trước)?(?:\s+cuối)?|chậm\s+nhất(?:\s+là)?(?:\s+trong)?)\s+năm\s+"
    r"|(?:(?<=\()|^)\s*năm\s+)" + _YEARS
)
_FROM_YEAR_RE = re.compile(
    r"(?:tạo\s+chuyển\s+biến\s+rõ(?:\s+nét|\s+rệt)?\s+)?(?:bắt\s+đầu\s+)?từ\s+năm\s+(?P<y>\d{4})(?!\d)"
)
_YEARLY_RE = re.compile(
    r"(?P<lead>thực\s+hiện\s+)?(?P<per>định\s+k[ỳì]\s+)?(?:(?:vào\s+)?tháng\s+(?P<m>\d{1,2})\s+)?"
    r"(?:hằng|hàng)\s+năm(?!\s*\d)"
)
_CONTINUOUS_RE = re.compile(r"(?P<lead>thực\s+hiện\s+)?thường\s+xuyên")
_CONDITION_RE = re.compile(
    r"(?:sau\s+khi|khi)\s+(?:ban\s+chấp\s+hành\s+)?trung\s+ương"
    r"(?:[^,;.()]|,\s*(?=(?:hướng\s+dẫn|quy\s+định|ban\s+hành|chỉ\s+đạo)\b))*"
    r"|(?:sau\s+khi|khi)\s+có\s+[^,;.()]{0,60}?\s+của\s+trung\s+ương"
    r"|trên\s+cơ\s+sở\s+(?:(?:các\s+)?quy\s+định,\s*)?hướng\s+dẫn\s+của\s+trung\s+ương"
)
_GROUP_RE = re.compile(
    r"cấp\s+(?!ủy\b)(?P<g>[^()]{1,150}?)\s*(?:(?:phải\s+)?(?:hoàn\s+thành|thực\s+hiện)\s*)?$"
)
_CLAUSE_END = re.compile(r"[;:()]|\.\s")
_BOLD_RE = re.compile(r"\*\*|__")
_SPACE_RE = re.compile(r"\s+")
# Old/new tone placement → one spelling, pairwise so lengths stay equal.
_TONE_PLACE = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
               "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy",
               "uỵ": "ụy"}
_TONE_RE = re.compile(r"(?<!q)(?:" + "|".join(_TONE_PLACE) + r")(?!\w)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_OUT: dict[int | None, str] = {1: "I", 2: "II", 3: "III", 4: "IV"}
_STANDALONE_BEFORE = "(;,.:)-–"
_STANDALONE_AFTER = ");,.:"
_PRINCIPAL_ORDER = (K.CONTINUOUS, K.YEARLY, K.FROM_YEAR, K.CONDITIONAL)


@dataclass
class _Hit:
    start: int
    end: int
    part: Deadline | None  # None: looked like a deadline but is not a valid one
    strong: bool = True
    problem: str | None = None


def _collapse(text: object) -> str:
    if text is None:
        return ""
    return _SPACE_RE.sub(" ", vn.nfc(str(text))).strip()


def _key(clean: str) -> str:
    """Lower-case, tone placement unified; same length as ``clean``."""
    low = "".join(c.lower() if len(c.lower()) == 1 else c for c in clean)
    return _TONE_RE.sub(lambda m: _TONE_PLACE[m.group(0)], low)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _standalone(key: str, start: int, end: int) -> bool:
    before, after = key[:start].rstrip(), key[end:].lstrip()
    return (not before or before[-1] in _STANDALONE_BEFORE) and (not after or after[0] in _STANDALONE_AFTER)


# Builders: a Deadline, a problem (str: it looks like a deadline but cannot be one),
# or None (not a deadline after all).
def _date_part(m: re.Match, phrase: str) -> Deadline | str | None:
    d, mo, y = (m.group("d") or m.group("d2"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2"))
    if y is None:
        if m.group("yearly"):
            try:
                dt.date(2000, int(mo), int(d))  # a leap year: 29/2 hằng năm is possible
            except ValueError:
                return f"ngày {d}/{mo} không có thật"
            return Deadline(K.YEARLY, phrase, month=int(mo))
        if "ngày" not in m.group(0):  # "giảm đến 1/3 số …" is a fraction
            return None
        return "thiếu năm (nếu lặp lại mỗi năm, ghi «hằng năm»)"
    try:
        due = vn.parse_date(f"{d}/{mo}/{y}")
    except ValueError:
        return f"ngày {d}/{mo}/{y} không có thật"
    assert due is not None  # a text that is not empty is a date or a ValueError
    return Deadline(K.DATE, phrase, due=due, year=due.year)


def _quarter_part(m: re.Match, phrase: str) -> Deadline | str | None:
    q_text, y = m.group("q"), int(m.group("y"))
    q = int(q_text) if q_text.isdigit() else _ROMAN.get(q_text)
    if q is None or not 1 <= q <= 4:
        return f"quý {q_text.upper()} không có (chỉ có quý I–IV)"
    return Deadline(K.QUARTER, phrase, due=_last_day(y, 3 * q), year=y, quarter=q)


def _month_part(m: re.Match, phrase: str) -> Deadline | str | None:
    mo, y = int(m.group("m")), int(m.group("y"))
    if not 1 <= mo <= 12:
        return f"tháng {mo} không có (chỉ có tháng 1–12)"
    return Deadline(K.MONTH, phrase, due=_last_day(y, mo), year=y, month=mo)


def _year_part(m: re.Match, phrase: str) -> Deadline | str | None:
    y = int(re.findall(r"\d{4}", m.groupdict().get("ys") or m.group("y"))[-1])
    return Deadline(K.YEAR, phrase, due=dt.date(y, 12, 31), year=y)


def _from_year_part(m: re.Match, phrase: str) -> Deadline | str | None:
    if m.string[m.end():].lstrip().startswith("đến nay"):  # "từ năm 2020 đến nay": the past
        return None
    return Deadline(K.FROM_YEAR, phrase, year=int(m.group("y")))


def _yearly_part(m: re.Match, phrase: str) -> Deadline | str | None:
    mo = int(m.group("m")) if m.group("m") else None
    if mo is not None and not 1 <= mo <= 12:
        return f"tháng {mo} không có (chỉ có tháng 1–12)"
    return Deadline(K.YEARLY, phrase, month=mo)


def _continuous_part(m: re.Match, phrase: str) -> Deadline | str | None:
    return Deadline(K.CONTINUOUS, phrase)


def _condition_part(m: re.Match, phrase: str) -> Deadline | str | None:
    return Deadline(K.CONDITIONAL, phrase, condition=phrase)


def _is_strong(m: re.Match) -> bool:
    """An adverb "thường xuyên" / adjective "hằng năm" is weak unless in a deadline form."""
    if m.re not in (_YEARLY_RE, _CONTINUOUS_RE):
        return True
    groups = m.groupdict()
    if groups.get("lead") or groups.get("per") or groups.get("m"):
        return True
    return _standalone(m.string, m.start(), m.end())


def _after_tu(m: re.Match) -> bool:
    """"(kể) từ tháng 9/2025 đến nay", "từ quý II/2022": a starting point, not a due."""
    return m.re in (_QUARTER_RE, _MONTH_RE) and m.string[: m.start()].rstrip().endswith("từ")


_SCANNERS: tuple[tuple[re.Pattern, Callable[[re.Match, str], Deadline | str | None]], ...] = (
    (_DATE_RE, _date_part),
    (_QUARTER_RE, _quarter_part),
    (_MONTH_RE, _month_part),
    (_YEAR_RANGE_RE, _year_part),
    (_YEAR_RE, _year_part),
    (_FROM_YEAR_RE, _from_year_part),
    (_YEARLY_RE, _yearly_part),
    (_CONTINUOUS_RE, _continuous_part),
    (_CONDITION_RE, _condition_part),
)


def _scan(clean: str, key: str) -> list[_Hit]:
    """Every phrase, higher-priority patterns first; a match overlapping an earlier one is dropped."""
    hits: list[_Hit] = []
    for regex, build in _SCANNERS:
        for m in regex.finditer(key):
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            if any(start < h.end and h.start < m.end() for h in hits) or _after_tu(m):
                continue
            built = build(m, clean[start: m.end()].strip())
            if isinstance(built, Deadline):
                hits.append(_Hit(start, m.end(), built, _is_strong(m)))
            elif isinstance(built, str):
                hits.append(_Hit(start, m.end(), None, problem=built))
    return sorted(hits, key=lambda h: h.start)


def _clean(text: object) -> tuple[str, str, str]:
    original = _collapse(text)
    clean = _SPACE_RE.sub(" ", _BOLD_RE.sub("", original)).strip()
    return original, clean, _key(clean)


def _assign_group(hit: _Hit, prev_end: int, clean: str, key: str, groups: GroupLookup | None) -> None:
    clause_start = prev_end
    for m in _CLAUSE_END.finditer(key, prev_end, hit.start):
        clause_start = m.end()
    prefix = key[clause_start: hit.start]
    lead = len(prefix) - len(prefix.lstrip(" ,-–*"))
    g = _GROUP_RE.match(key, clause_start + lead, hit.start)
    if g is None or hit.part is None:
        return
    wording = clean[g.start("g"): g.end("g")].strip(" ,")
    code = groups(wording) if groups else None
    hit.part.group = code or wording


def _principal(parts: list[Deadline]) -> Deadline:
    dated = [p for p in parts if p.due is not None]
    if dated:
        return max(dated, key=attrgetter("due"))  # max keeps the first of equals
    for kind in _PRINCIPAL_ORDER:
        same = [p for p in parts if p.kind == kind]
        if same:
            return next((p for p in same if p.month), same[0]) if kind == K.YEARLY else same[0]
    return parts[0]


def parse_deadline(text: str | None, *, groups: GroupLookup | None = None) -> Deadline:
    """Parse a deadline wording (see the module docstring for the grammar and the principal rule)."""
    original, clean, key = _clean(text)
    if not clean:
        return Deadline(text=original)
    found = [(h, h.part) for h in _scan(clean, key) if h.part is not None]
    strong = [(h, p) for h, p in found if h.strong]
    if strong:
        hits = strong
    else:  # adverbs only: keep the first of each kind
        hits = [(h, p) for i, (h, p) in enumerate(found) if all(o.kind != p.kind for _, o in found[:i])]
    if not hits:
        return Deadline(text=original)
    prev_end = 0
    for h, _ in hits:
        _assign_group(h, prev_end, clean, key, groups)
        prev_end = h.end
    parts = [p for _, p in hits]
    top = replace(_principal(parts), text=original, parts=parts if len(parts) > 1 else [])
    return top


def deadline_problems(text: str | None) -> list[str]:
    """Vietnamese descriptions of phrases that look like deadlines but cannot be one.

    E.g. ``trước ngày 31/2/2025`` (no such day), ``quý V/2022``, ``tháng 13/2022``,
    ``trước ngày 15/6`` (no year, and not "hằng năm"). Such phrases are left out of
    :func:`parse_deadline`'s parts.
    """
    _, clean, key = _clean(text)
    if not clean:
        return []
    problems = [f"«{clean[h.start:h.end]}»: {h.problem}" for h in _scan(clean, key) if h.problem]
    for m in re.finditer(r"q(?:uý|úy)\s+(?P<q>\d{1,2}|[ivxlc]+)\b(?!\s*(?:/|,?\s*năm)\s*\d)", key):
        q = m.group("q")
        if q not in _ROMAN and not (q.isdigit() and 1 <= int(q) <= 4):
            problems.append(f"«{clean[m.start():m.end()]}»: quý {q.upper()} không có (chỉ có quý I–IV)")
    return problems


_DAY_MONTH_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})")


def _describe_one(d: Deadline) -> str:
    if d.kind == K.DATE:
        return f"trước {vn.format_date(d.due)}"
    if d.kind == K.YEAR:
        return f"trong năm {d.year}"
    if d.kind == K.FROM_YEAR:
        return f"từ năm {d.year}"
    if d.kind == K.CONTINUOUS:
        return "thường xuyên"
    if d.kind == K.YEARLY:
        m = _DAY_MONTH_RE.search(d.text or "")
        if m and d.month == int(m.group(2)):
            return f"trước {int(m.group(1)):02d}/{d.month:02d} hằng năm"
        return f"tháng {d.month} hằng năm" if d.month else "hằng năm"
    if d.kind == K.QUARTER:
        return f"quý {_ROMAN_OUT.get(d.quarter, d.quarter)}/{d.year}"
    if d.kind == K.MONTH:
        return f"tháng {d.month}/{d.year}"
    if d.kind == K.CONDITIONAL:
        cond = (d.condition or "").lower()
        if "hướng dẫn" in cond:
            return "khi có hướng dẫn của Trung ương"
        if "quy định" in cond:
            return "khi có quy định của Trung ương"
        if "ban hành" in cond:
            return "khi Trung ương ban hành"
        return d.condition or "có điều kiện"
    return "không ghi thời hạn"


def describe(deadline: Deadline) -> str:
    """Short Vietnamese summary: "trước 10/06/2025", "trong năm 2023", "thường xuyên" …

    The principal part; when parts carry groups, every part as "nhóm: thời hạn".
    """
    if any(p.group for p in deadline.parts):
        return "; ".join(f"{p.group}: {_describe_one(p)}" if p.group else _describe_one(p)
                         for p in deadline.parts)
    return _describe_one(deadline)


def deadline_from_mapping(d: dict, *, groups: GroupLookup | None = None) -> Deadline:
    """A YAML mapping ``{text, kind?, due?, year?}``: parse ``text``, then the explicit fields win.

    ``kind`` is a :class:`DeadlineKind` value ("date", "year", …), ``due`` a day-first
    date (text, date or Excel serial), ``year`` an integer. A ``year`` with kind
    "year" and no explicit ``due`` sets ``due`` to 31/12 of that year.
    """
    out = parse_deadline(d.get("text"), groups=groups)
    kind = d.get("kind")
    if kind not in (None, ""):
        try:
            out.kind = DeadlineKind(str(kind).strip().lower())
        except ValueError:
            allowed = ", ".join(k.value for k in DeadlineKind)
            raise ValueError(f"loại thời hạn không hợp lệ: «{kind}» (dùng một trong: {allowed})") from None
    due = d.get("due")
    if due not in (None, ""):
        out.due = vn.parse_date(due)
    year = d.get("year")
    if year not in (None, ""):
        try:
            if isinstance(year, bool) or float(year) != int(float(year)):
                raise ValueError
            out.year = int(float(year))
        except (TypeError, ValueError):
            raise ValueError(f"năm của thời hạn không hợp lệ: «{year}»") from None
        if out.kind == K.YEAR and due in (None, ""):
            out.due = dt.date(out.year, 12, 31)
    return out
