"""Deadline phrases of a task, as written, for the definition's ``deadline`` field.

The programmes put deadlines in parentheses at the end of a sentence: "(thực
hiện thường xuyên)", "(năm 2023)", "(từ năm 2023, sau khi Trung ương có hướng
dẫn …)". Those groups are kept whole. Outside parentheses we take the phrases
that fix a time ("trong quý III/2022", "trước ngày 15/12 hằng năm", "từ nay đến
cuối năm 2025"); the looser ones ("thường xuyên", "hằng năm", "từ năm …") only
when the task has no parenthesised deadline, and an adverb ("Thường xuyên kiểm
tra …") only when it opens the task and nothing else was found. Several phrases
are joined with "; ". The meaning comes from the foundation's grammar
(``ctrxl.definition.deadline``), run again on that field when the draft is loaded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..definition import deadline as grammar
from ..model import Deadline, DeadlineKind

K = DeadlineKind
_PAREN_RE = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
_FIXED = {K.DATE, K.YEAR, K.QUARTER, K.MONTH}
_GROUP_CLAUSE_RE = re.compile(r"(?:^|[.;]\s*)(?P<clause>[Cc]ấp\s+[^.;()]*?)$")


# wordings the grammar has no kind for, kept as written on the deadline (never dropped):
# events and conditions, a time frame inside the sentence, a period other than the year
_TEXT_PHRASE_RE = re.compile(
    r"(?:ngay\s+)?(?:trước|sau)\s+khi\s+[^,;.()]{3,80}"
    r"|tại\s+(?:kỳ|kì)\s+họp(?:\s+(?:thứ\s+\w+|cuối|giữa|đầu|năm|thường\s+lệ|chuyên\s+đề|\d{4}))+"
    r"|trước,\s*trong\s+và\s+sau\s+[^,;.()]{2,40}"
    r"|trong\s+giai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?\d{4}\s*(?:-|–|đến)\s*(?:năm\s+)?\d{4}"
    r"|định\s+k[ỳì]\s+(?:hằng|hàng|mỗi)\s+(?:quý|tháng|tuần|năm)|định\s+k[ỳì]\s+\d{1,2}\s+tháng"
    r"|(?:hằng|hàng|mỗi)\s+(?:quý|tháng|tuần)(?=\s*(?:[.;)]|$))"
    r"|(?:trước|chậm\s+nhất|đến)\s+(?:ngày\s+)?\d{1,2}/\d{1,2}(?![/\d])",
    re.IGNORECASE,
)
_TIME_WORDS_RE = re.compile(r"\b(?:năm|tháng|quý|ngày|khi|kỳ\s+họp|giai\s+đoạn|hằng|hàng|định\s+kỳ|thường\s+xuyên)\b",
                            re.IGNORECASE)


@dataclass
class Found:
    text: str  # the deadline field: phrases joined with "; "
    deadline: Deadline
    phrases: list[str] = field(default_factory=list)
    weak: bool = False
    problems: list[str] = field(default_factory=list)
    as_text: list[str] = field(default_factory=list)  # phrases kept as written: no kind in the grammar
    hint: dict | None = None  # the deadline mapping ({text, kind, year}) when the grammar reads no kind

    def as_field(self) -> str | dict:
        """The task's ``deadline`` field: the wording, with its kind when the grammar reads none."""
        return dict(self.hint) if self.hint else self.text


def _scan(text: str):
    """Phrase spans from the foundation's grammar. ``_scan`` is private there; we need
    the spans (not only the meaning) to copy each phrase as written."""
    _, clean, key = grammar._clean(text)  # noqa: SLF001 - same package, spans are not public
    return clean, grammar._scan(clean, key)  # noqa: SLF001


def find_deadline(task_text: str) -> Found:
    clean = " ".join(task_text.replace("**", "").split())
    spans: list[tuple[int, int, str]] = []  # start, end, phrase
    as_text: list[str] = []
    for m in _PAREN_RE.finditer(clean):
        inner = m.group(0)
        parsed = grammar.parse_deadline(inner)
        if parsed.kind != K.NONE:
            spans.append((m.start(), m.end(), inner))
        elif (_TEXT_PHRASE_RE.search(inner) or _TIME_WORDS_RE.search(inner)) and not clean[m.end():].strip(" .;"):
            spans.append((m.start(), m.end(), inner))  # "(trong năm học 2025-2026)": kept, not dropped
            as_text.append(inner)
    paren_spans = list(spans)
    # same length, no whitespace (the grammar collapses spaces), matches nothing
    masked = _PAREN_RE.sub(lambda m: "\ue000" * len(m.group(0)), clean)
    masked, hits = _scan(masked)
    loose: list[tuple[int, int, str]] = []
    weak: list[tuple[int, int, str]] = []
    # "hằng năm" belongs to the sentence that says it: it ends a one-sentence task, or says nothing of it
    single = not re.search(r"[.…]\s+[A-ZĐÀ-Ỹ]", masked)
    for h in hits:
        if h.part is None:
            if h.problem:  # "trước 30/10" (no year): kept as written, the review says what is wrong
                phrase = masked[h.start:h.end].strip()
                spans.append((h.start, h.end, phrase))
                as_text.append(phrase)
            continue
        phrase = masked[h.start:h.end].strip()
        if h.part.kind in _FIXED or (h.part.kind == K.YEARLY and h.part.month):
            if h.part.group is None:
                # a per-group variant ("Cấp quận ủy … hoàn thành trước ngày 10/6/2025"): keep the clause
                g = _GROUP_CLAUSE_RE.search(masked[: h.start])
                if g and len(g.group("clause")) < 160:
                    phrase = (g.group("clause") + masked[h.start:h.end]).strip()
            spans.append((h.start, h.end, phrase))
        elif h.strong or (single and not masked[h.end:].split(";")[0].strip(" ,.)")):
            loose.append((h.start, h.end, phrase))  # a frequency word ending the sentence: "… hằng năm."
        elif h.start == 0 or not masked[: h.start].strip(" -–+*"):
            weak.append((h.start, h.end, phrase[0].upper() + phrase[1:]))
    taken = [(h.start, h.end) for h in hits]
    for m in _TEXT_PHRASE_RE.finditer(masked):
        if any(m.start() < b and a < m.end() for a, b in taken):
            continue
        phrase = m.group(0).strip()
        loose.append((m.start(), m.end(), phrase))
        if grammar.parse_deadline(phrase).kind == K.NONE:
            as_text.append(phrase)
    if not paren_spans:
        spans += loose
    else:
        as_text = [p for p in as_text if any(p == q for _, _, q in spans)]
    is_weak = False
    if not spans and weak:
        spans, is_weak = weak[:1], True
    spans.sort()
    phrases = [p for _, _, p in spans]
    text = "; ".join(phrases)
    parsed = grammar.parse_deadline(text) if text else Deadline()
    problems = grammar.deadline_problems(clean)
    kept = [p for p in as_text if p in phrases]
    # a day without its year ("trước 30/10", "trước ngày 15/6"): no kind can be guessed, the clerk adds it
    invalid = any(h.problem for h in hits) or bool(re.search(r"\d{1,2}/\d{1,2}(?![/\d])", text))
    return Found(text, parsed, phrases, is_weak, problems, kept,
                 _hint(text) if text and parsed.kind == K.NONE and not invalid else None)


_PERIODIC_RE = re.compile(r"định\s+k[ỳì]|(?:hằng|hàng|mỗi)\s+(?:quý|tháng|tuần)", re.IGNORECASE)


def _hint(text: str) -> dict:
    """A kind for wording the grammar cannot read, so that the draft loads (the review says so): a
    period inside the year recurs in every cycle; a time frame or a year is due at its last year;
    an event or a condition ("trước khi …", "tại kỳ họp …") is conditional."""
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)]
    if _PERIODIC_RE.search(text):
        return {"text": text, "kind": K.YEARLY.value}
    if years and not re.search(r"\b(?:khi|kỳ\s+họp|kì\s+họp)\b", text, re.IGNORECASE):
        return {"text": text, "kind": K.YEAR.value, "year": max(years)}
    return {"text": text, "kind": K.CONDITIONAL.value}
