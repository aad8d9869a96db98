"""The documents a programme implements, read from its title and opening paragraphs.

A programme cites them the way party documents do: "thực hiện Thông báo số 165-TB/VPTW
ngày 08/4/2025 của Văn phòng Trung ương Đảng về kết luận của …", or, in the opening
paragraph, "Ngày 08/4/2025, Văn phòng Trung ương Đảng ban hành Thông báo số 165-TB/VPTW
về …" and "Thực hiện Nghị quyết số 21-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương về …".
The title says *which* documents (all that it cites); where it cites none, the opening
paragraph that starts "Thực hiện"/"Triển khai" does. Their date, issuer and subject are
taken from the first citation of the same symbol that gives them, title first.

The type is the word the text uses ("Thông báo"); it is written into the draft only where
the symbol says otherwise (a "Quy định" with a QĐ symbol), so a clerk who corrects the
symbol does not have to correct a second field.
"""
from __future__ import annotations

import re
from typing import Any

from ..model import document_type

_TYPES = ("Nghị quyết", "Kết luận", "Thông báo", "Chỉ thị", "Quyết định", "Quy định", "Quy chế", "Kế hoạch",
          "Chương trình hành động", "Chương trình", "Hướng dẫn", "Thông tri", "Đề án")
_TYPE_RE = "|".join(t.replace(" ", r"\s+") for t in _TYPES)
_SYMBOL = r"\d+[a-z]?\s*[-‐–]\s*[A-Za-zĐđ]+\s*/\s*[A-Za-zĐđ]+(?:[-‐][A-Za-zĐđ]+)?"
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_ISSUER_START = (r"(?:Ban|Bộ|Văn\s+phòng|Ủy\s+ban|Uỷ\s+ban|Quốc\s+hội|Chính\s+phủ|Thủ\s+tướng|Hội\s+nghị|"
                 r"Đảng\s+ủy|Đảng\s+uỷ|Thành\s+ủy|Thành\s+uỷ|Tỉnh\s+ủy|Tỉnh\s+uỷ|Trung\s+ương|Hội\s+đồng)")
_END = r"(?=\s+(?:về|gắn|thực\s+hiện|và|trên|nhằm|tại|đã|ban\s+hành)\b|\s*[,;.:(“\"]|$)"

CITE_RE = re.compile(rf"(?P<type>{_TYPE_RE})\s+(?:số\s+)?(?P<sym>{_SYMBOL})", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^\s*,?\s*ngày\s+(?P<date>{_DATE})")
_ISSUER_AFTER = re.compile(
    rf"^\s*,?\s*của\s+(?P<issuer>{_ISSUER_START}[^,;.()“\"]*?(?:\s*\((?:khóa|khoá)\s+[^)]*\))?){_END}")
_TITLE_AFTER = re.compile(
    rf"^\s+về\s+(?P<title>.+?)(?=\s*\((?:sau\s+đây|{_TYPE_RE})|\s*;|\s+gắn\s+với|"
    rf",?\s+(?:và\s+)?(?:{_TYPE_RE})\s+(?:số\s+)?\d|,\s+(?:Ban|Thành\s+ủy|Tỉnh\s+ủy|Đảng\s+ủy)\s|"
    r"\.\s|\.?\s*$)", re.IGNORECASE)
# "Ngày 08/4/2025, Văn phòng Trung ương Đảng ban hành Thông báo số 165-TB/VPTW về …"
_ISSUED_RE = re.compile(
    rf"Ngày\s+(?P<date>{_DATE})\s*,\s*(?P<issuer>{_ISSUER_START}[^,;.]*?)\s+(?:đã\s+)?ban\s+hành\s+"
    rf"(?:{_TYPE_RE})\s+(?:số\s+)?(?P<sym>{_SYMBOL})", re.IGNORECASE)
_OPENING_RE = re.compile(r"^\s*(?:Thực\s+hiện|Triển\s+khai|Quán\s+triệt)\b", re.IGNORECASE)


def _symbol(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("‐", "-").replace("–", "-")


def _type_name(written: str) -> str:
    key = " ".join(written.split()).casefold()
    name = next(t for t in _TYPES if t.casefold() == key)
    return "Chương trình" if name == "Chương trình hành động" else name


def citations(text: str) -> list[dict[str, Any]]:
    """Every document cited in ``text``, in order: symbol, the type as written, and the date,
    issuer and subject that follow the symbol (when they do)."""
    out = []
    for m in CITE_RE.finditer(text):
        doc: dict[str, Any] = {"symbol": _symbol(m.group("sym")), "type": _type_name(m.group("type"))}
        rest = text[m.end():]
        if d := _DATE_AFTER.match(rest):
            doc["date"] = d.group("date")
            rest = rest[d.end():]
        if i := _ISSUER_AFTER.match(rest):
            doc["issuer"] = " ".join(i.group("issuer").split())
            rest = rest[i.end():]
        if t := _TITLE_AFTER.match(rest):
            doc["title"] = " ".join(t.group("title").split()).strip(" ,.")
        out.append(doc)
    for m in _ISSUED_RE.finditer(text):
        out.append({"symbol": _symbol(m.group("sym")), "date": m.group("date"),
                    "issuer": " ".join(m.group("issuer").split())})
    return out


def implemented_documents(title: str, paragraphs: list[str], own: str | None = None) -> list[dict[str, Any]]:
    """The documents the programme implements (see the module doc), as definition records.
    ``own`` is the programme's own symbol: "Chương trình hành động số 61-CTr/TU" is not cited."""
    def cited(text: str) -> list[dict[str, Any]]:
        return [c for c in citations(text) if c.get("type") and c["symbol"] != own]

    chosen: list[dict[str, Any]] = []
    seen: set[str] = set()
    sources = [title] if cited(title or "") else [p for p in paragraphs if _OPENING_RE.match(p)][:1]
    for text in sources:
        for doc in cited(text):
            if doc["symbol"] not in seen:
                seen.add(doc["symbol"])
                chosen.append({"symbol": doc["symbol"], "type": doc["type"]})
    every = [c for text in [title, *paragraphs] for c in citations(text)]
    for doc in chosen:
        for c in every:
            if c["symbol"] == doc["symbol"]:
                for key in ("date", "issuer", "title"):
                    if c.get(key) and key not in doc:
                        doc[key] = c[key]
        if doc["type"] == document_type(doc["symbol"]):
            del doc["type"]  # the symbol says it already
    return [{k: d[k] for k in ("symbol", "type", "date", "issuer", "title") if k in d} for d in chosen]
