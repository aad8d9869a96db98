"""The review report: every decision the importer was not sure about, with its place.

A reviewer reads this list top to bottom and opens the document at each place
(line number for .txt/.md, paragraph number for .docx). Items are data; the
text comes from the message catalogue (Vietnamese by default, English on request).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..messages import msg


@dataclass(frozen=True)
class Place:
    """Where a paragraph starts in the source: a line (txt/md) or a paragraph (docx)."""

    n: int
    unit: str = "line"  # "line" | "paragraph" | "table"
    table: int | None = None
    row: int | None = None

    def describe(self, lang: str = "vi") -> str:
        if self.unit == "table":
            return msg("import.loc.table", lang, table=self.table, row=self.row)
        return msg(f"import.loc.{self.unit}", lang, n=self.n)


@dataclass
class ReviewItem:
    code: str  # catalogue key, e.g. "import.unmatched_name"
    place: Place | None
    text: str = ""  # the passage concerned, shortened
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        return msg(self.code, lang, **_shown(self.params, lang))

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "code": self.code,
            "where": self.place.describe(lang) if self.place else "",
            "message": self.message(lang),
            "text": self.text,
        }


# Parameters that hold a code of a fixed list, and the catalogue family naming its values: the
# clerk reads "thời hạn chính: trong một năm", never the key "year".
_CODED_PARAMS = {"principal": "deadline_kind"}


def _shown(params: dict[str, Any], lang: str) -> dict[str, Any]:
    return {k: msg(f"{_CODED_PARAMS[k]}.{v}", lang) if k in _CODED_PARAMS else v for k, v in params.items()}


def snippet(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Review:
    """Collects review items in document order."""

    def __init__(self) -> None:
        self.items: list[ReviewItem] = []

    def add(self, key: str, place: Place | None, text: str = "", /, **params: Any) -> None:
        self.items.append(ReviewItem(key, place, snippet(text), params))

    def sorted(self) -> list[ReviewItem]:
        return sorted(self.items, key=lambda i: (i.place.n if i.place else 0))
