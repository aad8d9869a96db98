"""Problems as data: every check returns these instead of stopping at the first.

A problem names its place (file and YAML line, or sheet and Excel row), what is
wrong and how to fix it. Text comes from the message catalogue (``messages.py``)
so the CLI can print it in Vietnamese or English; the JSON output carries both
the code and the rendered message.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """Where something is in a source the user can open."""

    file: str | None = None
    line: int | None = None  # YAML: 1-based line
    sheet: str | None = None  # XLSX: sheet name as the user sees it
    row: int | None = None  # XLSX: Excel row number (header = 1, data from 2)
    column: str | None = None  # XLSX: column header or letter

    def describe(self, lang: str = "vi") -> str:
        from .messages import msg

        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(msg("loc.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(msg("loc.row", lang, row=self.row))
        if self.column:
            parts.append(msg("loc.column", lang, column=self.column))
        if self.line is not None:
            parts.append(msg("loc.line", lang, line=self.line))
        return ", ".join(parts)


@dataclass
class Problem:
    code: str  # catalogue key, e.g. "def.unknown_agency"
    severity: Severity
    where: Location = field(default_factory=Location)
    params: dict[str, Any] = field(default_factory=dict)
    value: Any = None
    path: str | None = None  # path in the document, e.g. tasks[3].lead[0]

    def message(self, lang: str = "vi") -> str:
        from .messages import msg

        return msg(self.code, lang, **self.params)

    def hint(self, lang: str = "vi") -> str | None:
        from .messages import msg_or_none

        return msg_or_none(self.code + ".hint", lang, **self.params)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        loc = {k: v for k, v in asdict(self.where).items() if v is not None}
        return {
            "code": self.code,
            "severity": self.severity.value,
            "where": self.where.describe(lang),
            "location": loc,
            "path": self.path,
            "value": self.value,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == Severity.ERROR for p in problems)
