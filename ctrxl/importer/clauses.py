"""Sentences that open with an agency: who does what, read without a registry.

Plans and programmes often write their assignments as running prose rather than
"Cơ quan chủ trì:" lines: "Văn phòng Tỉnh ủy phối hợp với các sở, ban, ngành chuẩn bị …;
xây dựng kế hoạch …. Ban Tuyên giáo Tỉnh ủy triển khai … . Báo Quảng Ngãi, Đài PT-TH tỉnh
xây dựng …", "các đảng bộ trực thuộc tiến hành tự kiểm tra …; các ban Đảng, đảng đoàn, ban
cán sự Đảng … tự kiểm tra …", "Ban Thường vụ Tỉnh ủy giao Ban Tổ chức Tỉnh ủy … chủ trì …".

The subject is the words before the first predicate word (lower case: agency names are
written with capitals, "Ban Tổ chức", "Ủy ban Kiểm tra", so "tổ chức", "kiểm tra" in lower
case start the predicate). "X giao Y …" names Y, not X. A discourse link that refers to the
text around ("Trong đó,", "Đồng thời,") is dropped from the task; an adverbial that belongs to
it ("Dưới sự chỉ đạo của cấp ủy, …") is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .assignments import AGENCY_START_RE

# lower-case predicate words; no IGNORECASE: "Ban Tổ chức", "Ủy ban Kiểm tra" are names
_PREDICATE = (
    r"chủ\s+trì|phối\s+hợp|tiến\s+hành|triển\s+khai|xây\s+dựng|căn\s+cứ|sẽ|thực\s+hiện|lãnh\s+đạo|"
    r"chỉ\s+đạo|(?<!cơ\squan\s)tham\s+mưu|(?<![Bb]an\s)tổ\s+chức(?!\s+(?:đảng|chính\s+trị|cơ\s+sở|đoàn|hội|thành\s+viên))|giao|"
    r"có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|hướng\s+dẫn|theo\s+dõi|(?<![Bb]an\s)kiểm\s+tra|tập\s+trung|đẩy\s+mạnh|"
    r"tăng\s+cường|nghiên\s+cứu|rà\s+soát|đề\s+xuất|bảo\s+đảm|đảm\s+bảo|chuẩn\s+bị|thẩm\s+định|"
    r"tuyên\s+truyền|vận\s+động|phát\s+huy|quán\s+triệt|cần|phải|tự|báo\s+cáo|giúp(?!\s+việc)|khẩn\s+trương|"
    r"chủ\s+động|thường\s+xuyên|đã|đang|tiếp\s+tục|ban\s+hành|trình|cụ\s+thể\s+hóa|cụ\s+thể\s+hoá|"
    r"định\s+kỳ|là|làm|được|nâng\s+cao|đôn\s+đốc|hoàn\s+thành|đổi\s+mới|củng\s+cố|kiện\s+toàn|tích\s+cực|"
    r"giám\s+sát|tham\s+gia|tổng\s+hợp|hỗ\s+trợ|quản\s+lý|phát\s+động|biên\s+soạn|lựa\s+chọn|bố\s+trí|"
    r"mở|đưa|thành\s+lập|cử|phân\s+công|sơ\s+kết|tổng\s+kết|đánh\s+giá|tiếp\s+nhận|xử\s+lý|giải\s+quyết|"
    r"đăng\s+tải|phát\s+hành|dành|ưu\s+tiên|huy\s+động|vận\s+hành|duy\s+trì|theo\s+chức\s+năng|"
    r"đề\s+nghị|yêu\s+cầu"
)
_PREDICATE_RE = re.compile(r"(?:^|(?<=\s))(?:" + _PREDICATE + r")(?=\s|[,.;:]|$)")
# discourse links: they point at the text around, so a task read alone drops them
CONNECTIVE_RE = re.compile(
    r"^(?:trong\s+đó|đồng\s+thời|bên\s+cạnh\s+đó|ngoài\s+ra|mặt\s+khác|cụ\s+thể|theo\s+đó)\s*[,:]\s*",
    re.IGNORECASE,
)
# an adverbial that is part of the task, before its subject
_ADVERBIAL_RE = re.compile(r"^(?:dưới\s+sự\s+(?:chỉ\s+đạo|lãnh\s+đạo)\s+của\s+[^,;.]{2,60}),\s*", re.IGNORECASE)
# sentence ends, ";", and a colon before a capital ("… yêu cầu: Ban Tuyên giáo Tỉnh ủy …")
_SENTENCE_END_RE = re.compile(r"(?<=[.…:])(?<!\b[A-ZĐ]\.)(?<!\.\.)(?<!\d\.)\s+(?=[A-ZĐÀ-Ỹ])|;\s+")
# "X giao / đề nghị / yêu cầu Y …": Y carries the task, X hands it over
_HANDS_OVER_RE = re.compile(r"(?:giao|đề\s+nghị|yêu\s+cầu)\s")
# a meeting's conclusion: "Tại cuộc họp, đồng chí …, Phó Bí thư … yêu cầu Y …", "Kết luận cuộc họp,
# đồng chí … yêu cầu: Y …" (Tuy Phong 2020, Thái Nguyên 2020): the speaker hands the task to Y
_SPEAKER_RE = re.compile(
    r"^(?:(?:tại|kết\s+luận|phát\s+biểu)[^,;.:]{0,40},\s*)?đồng\s+chí\s[^;.:]{0,120}?\s"
    r"(?:giao(?:\s+nhiệm\s+vụ)?(?:\s+cho)?|đề\s+nghị|yêu\s+cầu)\s+(?=\S)", re.IGNORECASE)
_ROLE_ONLY_RE = re.compile(r"^(?:chủ\s+trì|phối\s+hợp|tham\s+mưu|thực\s+hiện|theo\s+dõi)\b", re.IGNORECASE)
_MAX_SUBJECT_WORDS = 30
# words that start like an agency ("Ban …", "Báo …", "Hội …") but open a verb or a noun phrase
_NOT_AGENCY_RE = re.compile(
    r"^(?:ban\s+hành|báo\s+cáo|hội\s+(?:nghị|thảo|thi|diễn|chợ)|trường\s+hợp|bộ\s+máy|"
    r"cơ\s+quan\s+(?:chủ\s+trì|phối\s+hợp|thực\s+hiện))\b", re.IGNORECASE)
# "các cơ quan (, đơn vị) (liên quan)": nobody in particular, not a subject that takes a task
_NOBODY_RE = re.compile(r"^(?:các\s+)?cơ\s+quan(?:\s*,\s*đơn\s+vị)?(?:\s+(?:liên\s+quan|có\s+liên\s+quan))?$",
                        re.IGNORECASE)


def subject_of(text: str) -> str | None:
    """The agency a sentence opens with, as written ("Báo Quảng Ngãi, Đài PT-TH tỉnh"), or None.
    "X giao Y là/chủ trì …", "X đề nghị / yêu cầu Y …" give Y."""
    body = _ADVERBIAL_RE.sub("", CONNECTIVE_RE.sub("", text.strip()))
    if (sp := _SPEAKER_RE.match(body)) and AGENCY_START_RE.match(body[sp.end():]):
        body = body[sp.end():]
    if not AGENCY_START_RE.match(body) or _NOT_AGENCY_RE.match(body):
        return None
    m = _PREDICATE_RE.search(body)
    if m is None or m.start() == 0:
        return None
    subject = body[: m.start()].strip(" ,;:")
    if not subject or len(subject.split()) > _MAX_SUBJECT_WORDS or _NOBODY_RE.match(subject):
        return None
    rest = body[m.start():]
    if (g := _HANDS_OVER_RE.match(rest)):
        obj = rest[g.end():].lstrip()
        if AGENCY_START_RE.match(obj):
            m2 = _PREDICATE_RE.search(obj)
            if m2 is not None and m2.start() > 0:
                return obj[: m2.start()].strip(" ,;:")
    return subject


def predicate_of(text: str) -> str:
    body = _ADVERBIAL_RE.sub("", CONNECTIVE_RE.sub("", text.strip()))
    m = _PREDICATE_RE.search(body)
    return body[m.start():] if m else ""


@dataclass
class Clause:
    text: str  # the task's text, discourse link dropped
    subject: str | None


def agency_clauses(text: str) -> tuple[str, list[Clause]] | None:
    """A paragraph whose sentences (or ";"-clauses) open with different agencies, cut into one
    clause per agency: clauses that do not open with one continue the clause before. Returns the
    lead-in (words before the first agency clause, often a report or a link, not a task) and the
    clauses, or None when fewer than two clauses carry work of their own (a clause that only says
    "X chủ trì" assigns the paragraph, it is not a task of its own)."""
    cuts = [0] + [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    pieces = [text[a:b] for a, b in zip(cuts, cuts[1:] + [len(text)], strict=True)]
    lead_in = ""
    linked_first = False
    out: list[Clause] = []
    for piece in pieces:
        subject = subject_of(piece)
        pred = predicate_of(piece)
        if subject is not None and (not _ROLE_ONLY_RE.match(pred) or len(pred.split()) > 12):
            if not out:
                linked_first = bool(CONNECTIVE_RE.match(piece.strip()))
            out.append(Clause(CONNECTIVE_RE.sub("", piece.strip()), subject))
        elif out:
            out[-1].text = (out[-1].text.rstrip() + " " + piece.strip()).strip()
        else:
            lead_in += piece
    # one agency clause after a link ("…được giao. Trong đó, Văn phòng Tỉnh ủy …"): the link says the
    # sentences before are the frame, the clause the work
    linked = len(out) == 1 and bool(lead_in.strip()) and linked_first
    if len(out) < 2 and not linked:
        return None
    for c in out:
        c.text = c.text.strip()
    return lead_in.strip(), out
