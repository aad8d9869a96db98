"""Problems as data: every check returns these instead of stopping at the first.

One shape for the definition checks, collect and mail: a catalogue code, a
severity, a ``Location`` (file and YAML line, or sheet, Excel row, column and
cell), the value found and the parameters of the message. Text is not kept:
it is rendered from the catalogue (``ctrxl/messages/``) when it is shown, in
the language asked for; the store keeps the code and parameters too.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from .vn import format_number


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
    cell: str | None = None  # XLSX: Excel reference the clerk sees, e.g. "F12"

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
        if self.cell:
            parts.append(msg("loc.cell", lang, cell=self.cell))
        if self.line is not None:
            parts.append(msg("loc.line", lang, line=self.line))
        return ", ".join(parts)


def display(value: Any) -> Any:
    """Numbers the Vietnamese way in messages (120 not 120.0, 7,5 not 7.5)."""
    if isinstance(value, float):
        return format_number(value)
    return value


@dataclass
class Problem:
    code: str  # catalogue key, e.g. "def.unknown_agency", "col.bad_date"
    severity: Severity
    location: Location = field(default_factory=Location)
    params: dict[str, Any] = field(default_factory=dict)
    value: Any = None
    path: str | None = None  # path in the document, e.g. tasks[3].lead[0]
    # A store row written before codes and parameters were kept has only its Vietnamese
    # (message, hint): shown as it is, in any language.
    text: tuple[str, str | None] | None = None

    def _params(self) -> dict[str, Any]:
        params = dict(self.params)
        params.setdefault("value", self.value)  # collect's texts quote the value found
        return {k: display(v) for k, v in params.items()}

    def message(self, lang: str = "vi") -> str:
        from .messages import msg

        if self.text is not None:
            return self.text[0]
        return msg(self.code, lang, **self._params())

    def hint(self, lang: str = "vi") -> str | None:
        from .messages import msg_or_none

        if self.text is not None:
            return self.text[1]
        return msg_or_none(self.code + ".hint", lang, **self._params())

    def value_text(self) -> str | None:
        return None if self.value is None else str(display(self.value))

    def to_json(self, lang: str = "vi", *, value_text: bool = False) -> dict[str, Any]:
        """The JSON of ``check --json`` (``value`` as found) and, with ``value_text``, of
        collect's ``issues`` (``value`` as the text shown, ``sheet`` and ``cell`` at the top)."""
        loc = {k: v for k, v in asdict(self.location).items() if v is not None}
        out: dict[str, Any] = {
            "code": self.code,
            "severity": str(self.severity),
            "where": self.location.describe(lang),
            "location": loc,
            "path": self.path,
            "value": self.value_text() if value_text else self.value,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }
        if value_text:
            out["sheet"], out["cell"] = self.location.sheet, self.location.cell
        return out

    # -- the store keeps code and parameters, never rendered text -------------------
    def params_json(self) -> str:
        return json.dumps(self.params, ensure_ascii=False, default=str)

    def value_json(self) -> str:
        return json.dumps(self.value, ensure_ascii=False, default=str)

    @classmethod
    def from_row(cls, row: Any) -> Problem:
        """A row of the store's ``problems`` table (see ``Store.problems``)."""
        value = json.loads(row["value"]) if row["value"] is not None else None
        legacy = row["params"] is None and row["message"] is not None
        return cls(row["code"], Severity(row["severity"]), Location(sheet=row["sheet"], cell=row["cell"]),
                   {} if legacy else json.loads(row["params"]), value,
                   text=(row["message"], row["hint"]) if legacy else None)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == Severity.ERROR for p in problems)
