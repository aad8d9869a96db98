"""Targets (chỉ tiêu) from the objectives part: one indicator per figure.

"- Đến năm 2025: (1) Hoàn thành …; (2) …; (3) Phấn đấu 100% cấp ủy viên cơ sở …;
(4) Hằng năm có từ 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên; …"
gives the target year (2025), the numbered items, and in each item its figures:
a number with a unit (%, USD, đồng and their multiples), a range ("7 - 7,5%",
"3%-4%"), a threshold ("từ 90% … trở lên" ≥, "trên 15%" >, "dưới 1%" <, "không
quá" ≤), an exact 100% (=). An item or clause without a figure is a yes/no target
("Hoàn thành …"). A sentence with several figures becomes several indicators.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..vn import parse_number

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# "đảng viên": a count of party members ("kết nạp từ 80 đảng viên mới", Đại Lộc 2020; "phát triển
# đảng viên mới 8.793/6.500 đảng viên", Tiền Giang 2020), not a percentage of them
_UNIT = r"%|(?:nghìn\s+tỷ|ngàn\s+tỷ|tỷ|triệu|nghìn|ngàn)\s+(?:đồng|USD)|USD|đô\s+la|đồng|đảng\s+viên"
FIGURE_RE = re.compile(
    rf"(?<![\w/.,])(?P<a>{_NUM})\s*(?P<ua>{_UNIT})?\s*(?:-|–|đến)\s*(?P<b>{_NUM})\s*(?P<u>{_UNIT})(?:(?<=%)|(?!\w))"
    rf"|(?<![\w/.,])(?P<v>{_NUM})\s*(?P<u1>{_UNIT})(?:(?<=%)|(?!\w))",
    re.IGNORECASE,
)
YEAR_LEAD_RE = re.compile(
    r"^(?:phấn\s+đấu\s+)?(?:đến|tới|từ\s+nay\s+đến|trong|giai\s+đoạn\s+\d{4}\s*[-–]\s*)(?:\s+hết|\s+cuối)?\s*(?:năm\s+)?(?P<y>\d{4})\s*[:,.]?\s*",
    re.IGNORECASE,
)
YEAR_ANY_RE = re.compile(r"(?:đến|tới)\s+(?:hết\s+|cuối\s+)?năm\s+(?P<y>\d{4})", re.IGNORECASE)
YEARLY_RE = re.compile(r"\b(?:hằng|hàng|mỗi)\s+năm\b", re.IGNORECASE)
# value targets: growth, shares of an aggregate, per-capita values, the urbanisation rate (a share of
# the population the statistics office measures, in Bình Thuận 61-CTr/TU and the 13th Congress's
# resolution): a "%" of these is not a ratio of two counts the agencies report
VALUE_RE = re.compile(
    r"tăng\s+trưởng|tốc\s+độ\s+tăng|tăng\s+bình\s+quân|bình\s+quân\s+đầu\s+người|/\s*người|t[ỷỉ]\s+trọng|"
    r"đô\s+thị\s+h[oó][áa]|"
    r"cơ\s+cấu|\bchiếm\b|đóng\s+góp|\bGRDP\b|\bGDP\b|%\s*/\s*năm",
    re.IGNORECASE,
)
# a sentence end inside a paragraph: ". " (or "… ") before an upper-case letter, not "TP. Hồ"
# (or before a sentence that opens with its figure: "… từ 80% trở lên. 100% xã, thị trấn đạt …")
SENTENCE_RE = re.compile(r"(?<=[.…])(?<!\b[A-ZĐ]\.)(?<!\b[A-ZĐ]{2}\.)(?<!\.\.)(?<!\d\.)\s+"
                         r"(?=[A-ZĐÀ-Ỹ]|\d+(?:,\d+)?\s*%)")
ITEM_RE = re.compile(r"(?:^|(?<=[\s;:,.]))\((\d{1,2})\)\s*")


@dataclass
class Figure:
    start: int
    end: int
    op: str
    value: float | None
    min: float | None
    max: float | None
    unit: str


@dataclass
class TargetDraft:
    code: str
    section: str
    text: str
    kind: str
    unit: str | None
    target: dict[str, Any]
    year: int | None
    yearly: bool
    split: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "section": self.section, "text": self.text, "kind": self.kind}
        if self.unit:
            out["unit"] = self.unit
        out["target"] = self.target
        if self.year:
            out["year"] = self.year
        if self.yearly:
            out["yearly"] = True
        return out


def _unit(raw: str) -> str:
    u = " ".join(raw.split())
    return "%" if u == "%" else u.replace("đô la", "USD")


def _op(text: str, fig_start: int, fig_end: int, value: float | None, unit: str) -> str:
    before = text[max(0, fig_start - 30): fig_start].lower()
    after = text[fig_end: fig_end + 20].lower()
    if re.search(r"(không\s+quá|tối\s+đa)\s*$", before):
        return "<="
    if re.search(r"(dưới|thấp\s+hơn|giảm\s+còn\s+dưới)\s*$", before):
        return "<"
    if re.search(r"(trên|hơn|vượt)\s*$", before) and not re.search(r"trở\s+lên", after):
        return ">"
    if re.search(r"(từ|ít\s+nhất|tối\s+thiểu|không\s+dưới)\s*$", before) or re.match(r"\s*trở\s+lên", after):
        return ">="
    if re.search(r"giảm\s+(còn|xuống)\s*$", before):
        return "<="
    if unit == "%" and value == 100:
        return "="
    return ">="


def figures(text: str) -> list[Figure]:
    out = []
    for m in FIGURE_RE.finditer(text):
        if m.group("v") is not None:
            unit = _unit(m.group("u1"))
            value = parse_number(m.group("v"))
            out.append(Figure(m.start(), m.end(), _op(text, m.start(), m.end(), value, unit), value, None, None, unit))
        else:
            unit = _unit(m.group("u"))
            lo, hi = parse_number(m.group("a")), parse_number(m.group("b"))
            if lo is not None and hi is not None and lo < hi:
                out.append(Figure(m.start(), m.end(), "between", None, lo, hi, unit))
    return out


def _tidy(text: str) -> str:
    text = text.strip(" ;,.:")
    return text[:1].upper() + text[1:] if text else text


def _split_by_figures(item: str) -> list[str]:
    """Cut an item before the clause of each figure after the first ("… đạt 15% trở lên, cán bộ nữ đạt 25% …")."""
    figs = figures(item)
    if len(figs) < 2:
        return [item]
    cuts = []
    for prev, fig in zip(figs, figs[1:], strict=False):
        window = item[prev.end: fig.start]
        k = max(window.rfind(", "), window.rfind("; "))
        w = 2
        if (t := window.find(", trong đó")) >= 0:
            k = t  # "… trên 80%, trong đó có bằng cấp đạt 39 - 40%": the part keeps its words
        if k < 0:
            m = list(re.finditer(r"\s+và\s+", window))
            if not m:
                return [item]
            k, w = m[-1].start(), m[-1].end() - m[-1].start()
        cuts.append((prev.end + k, w))
    pieces, start = [], 0
    for c, w in cuts:
        pieces.append(item[start:c])
        start = c + w
    pieces.append(item[start:])
    return pieces


def _target(fig: Figure | None, piece: str = "") -> tuple[str, str | None, dict[str, Any]]:
    if fig is None:
        return "yesno", None, {"op": "=", "value": 1}
    kind = "ratio" if fig.unit == "%" and not VALUE_RE.search(piece) else "value"
    if fig.op == "between":
        return kind, fig.unit, {"op": "between", "min": fig.min, "max": fig.max}
    return kind, fig.unit, {"op": fig.op, "value": fig.value}


# the list's subject, with its own year at most ("Cơ cấu kinh tế đến năm 2025: CN - TTCN - xây dựng khoảng
# 64%; các ngành dịch vụ khoảng 28,5%; …", Đại Lộc 2020)
# a clause that names its own measure is no member of the share list before it
_OWN_SUBJECT_RE = re.compile(r"\bt[ỷỉ]\s+lệ\b|\btốc\s+độ\b|\bthu\s+nhập\b|\bbình\s+quân\b", re.IGNORECASE)
_INTRO_RE = re.compile(r"^(?P<intro>[^:;\d]{3,80}?(?:\s+(?:đến|tới)\s+năm\s+\d{4})?):\s*(?=\S)")


def _share_context(context: str | None, piece: str, k: int) -> tuple[str | None, str, str]:
    """A colon-introduced list of shares ("cơ cấu kinh tế: Dịch vụ: 63,8 – 64,2%; Công nghiệp-xây dựng:
    26 – 26,5%; …", "cơ cấu kinh tế: nông nghiệp 10%, công nghiệp 40%"): every member gets the list's
    subject in its text and its kind (a share is a value target). Returns the context for the next
    piece, the piece's text, and the text its kind is read from."""
    body = piece.strip()
    m = _INTRO_RE.match(body)
    intro = m.group("intro").strip() if m else None
    rest = body[m.end():] if m else body
    if intro and not figures(intro) and figures(rest) and (
            _INTRO_RE.match(rest) or VALUE_RE.search(intro)) and len(intro.split()) <= 8:
        if context is None or not len(intro.split()) <= 5:
            return intro, piece, piece  # the list's first member: its subject is in its own text
    if context is not None and figures(body) and ((intro and len(intro.split()) <= 5) or (not intro and k > 0)):
        text = context[0].upper() + context[1:] + ": " + body
        return context, text, text
    return None, piece, piece


def short_section(code: str) -> str:
    """"I.2.2.1" → "2.2.1" (the example's indicator codes drop the part)."""
    parts = code.split(".")
    return ".".join(parts[1:]) if len(parts) > 1 and re.fullmatch(r"[IVXL]+", parts[0]) else code


class TargetReader:
    """Reads target paragraphs of one document; keeps codes unique across paragraphs."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.counters: dict[tuple[str, str], int] = {}

    def paragraph(self, body: str, section: str, default_year: int | None = None) -> list[list[TargetDraft]]:
        """Indicators of one paragraph, grouped per item (a group of several = a split sentence).

        ``default_year`` is the year of the targets section's heading ("CHỈ TIÊU ĐẾN NĂM 2030"); the
        paragraph's own "Đến năm 2025: …" wins over it. Without numbered items, the paragraph is cut
        at sentence ends and semicolons, one item per clause with a figure."""
        text = body.strip()
        year = None
        m = YEAR_LEAD_RE.match(text)
        if m:
            year = int(m.group("y"))
            text = text[m.end():]
        elif (m := YEAR_ANY_RE.search(text)):
            year = int(m.group("y"))
        if year is None:
            year = default_year
        lead_yearly = bool(re.match(r"(?i)(hằng|hàng|mỗi)\s+năm\s*[:,]", text))
        marks = list(ITEM_RE.finditer(text))
        items: list[tuple[str | None, str]] = []
        continued: set[int] = set()
        if marks:
            for i, mk in enumerate(marks):
                end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
                items.append((mk.group(1), text[mk.end(): end]))
        else:
            # (clause, whether a ";" joins it to the clause before: a share list's next member may follow)
            split = [(c, j > 0) for sent in SENTENCE_RE.split(text)
                     for j, c in enumerate(c for c in re.split(r";\s*", sent) if c.strip(" .…"))]
            if any(figures(c) for c, _j in split):
                items = [(None, c) for c, _j in split]
                continued = {i for i, (_c, joined) in enumerate(split) if joined}
            else:
                items = [(None, text)]
        yr = str(year) if year else ("HN" if lead_yearly else "0")
        out: list[list[TargetDraft]] = []
        sec = short_section(section)
        context: str | None = None  # "cơ cấu kinh tế: Dịch vụ: 63,8%; Công nghiệp: 26%": the list's subject
        for index, (number, item) in enumerate(items):
            item = item.strip(" ;.…")
            if not item:
                continue
            if number is None:
                n = self.counters.get((sec, yr), 0) + 1
            else:
                n = int(number)
            self.counters[(sec, yr)] = max(self.counters.get((sec, yr), 0), n)
            clauses = [c for c in re.split(r";\s*", item) if c.strip(" .")] if number is not None else [item]
            pieces = [p for c in clauses for p in _split_by_figures(c)]
            group = []
            if number is not None:
                context = None
            for k, piece in enumerate(pieces):
                figs = figures(piece)
                member = k if not (k == 0 and index in continued and not _OWN_SUBJECT_RE.search(piece)) else 1
                context, piece, about = _share_context(context, piece, member)
                kind, unit, target = _target(figs[0] if figs else None, about)
                suffix = chr(ord("a") + k) if len(pieces) > 1 else ""
                code = f"CT-{sec}-{yr}-{n}{suffix}"
                while code in self.used:
                    code += "x"
                self.used.add(code)
                y = year
                if number is None and (own := YEAR_ANY_RE.search(piece)):
                    y = int(own.group("y"))  # "… và đến năm 2030, kinh tế số đạt 30%": the clause's own year
                draft = TargetDraft(code, section, _tidy(piece), kind, unit, target, y,
                                    lead_yearly or bool(YEARLY_RE.search(piece)), split=len(pieces) > 1)
                if len(figs) > 1:
                    draft.extra["figures_left"] = len(figs) - 1
                group.append(draft)
            out.append(group)
        return out
