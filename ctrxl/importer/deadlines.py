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


@dataclass
class Found:
    text: str  # the deadline field: phrases joined with "; "
    deadline: Deadline
    phrases: list[str] = field(default_factory=list)
    weak: bool = False
    problems: list[str] = field(default_factory=list)


def _scan(text: str):
    """Phrase spans from the foundation's grammar. ``_scan`` is private there; we need
    the spans (not only the meaning) to copy each phrase as written."""
    _, clean, key = grammar._clean(text)  # noqa: SLF001 - same package, spans are not public
    return clean, grammar._scan(clean, key)  # noqa: SLF001


def find_deadline(task_text: str) -> Found:
    clean = " ".join(task_text.replace("**", "").split())
    spans: list[tuple[int, int, str]] = []  # start, end, phrase
    for m in _PAREN_RE.finditer(clean):
        inner = m.group(0)
        parsed = grammar.parse_deadline(inner)
        if parsed.kind != K.NONE:
            spans.append((m.start(), m.end(), inner))
    paren_spans = list(spans)
    # same length, no whitespace (the grammar collapses spaces), matches nothing
    masked = _PAREN_RE.sub(lambda m: "\ue000" * len(m.group(0)), clean)
    masked, hits = _scan(masked)
    loose: list[tuple[int, int, str]] = []
    weak: list[tuple[int, int, str]] = []
    for h in hits:
        if h.part is None:
            continue
        phrase = masked[h.start:h.end].strip()
        if h.part.kind in _FIXED or (h.part.kind == K.YEARLY and h.part.month):
            if h.part.group is None:
                # a per-group variant ("Cấp quận ủy … hoàn thành trước ngày 10/6/2025"): keep the clause
                g = _GROUP_CLAUSE_RE.search(masked[: h.start])
                if g and len(g.group("clause")) < 160:
                    phrase = (g.group("clause") + masked[h.start:h.end]).strip()
            spans.append((h.start, h.end, phrase))
        elif h.strong:
            loose.append((h.start, h.end, phrase))
        elif h.start == 0 or not masked[: h.start].strip(" -–+*"):
            weak.append((h.start, h.end, phrase[0].upper() + phrase[1:]))
    if not paren_spans:
        spans += loose
    is_weak = False
    if not spans and weak:
        spans, is_weak = weak[:1], True
    spans.sort()
    phrases = [p for _, _, p in spans]
    text = "; ".join(phrases)
    parsed = grammar.parse_deadline(text) if text else Deadline()
    problems = grammar.deadline_problems(clean)
    return Found(text, parsed, phrases, is_weak, problems)
