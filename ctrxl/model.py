"""The data model of a programme, its agencies and a reporting cycle.

Plain typed dataclasses. They hold what a definition says, already normalised
(NFC text, parsed dates); they do not know where they came from — the loaders
keep a source map beside them so problems can point at a YAML line or an Excel
row.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What an agency does for a task."""

    LEAD = "lead"  # chủ trì (tham mưu)
    COORDINATE = "coordinate"  # phối hợp
    EXECUTE = "execute"  # thực hiện


class DeadlineKind(StrEnum):
    DATE = "date"  # trước ngày 10/6/2025
    YEAR = "year"  # (năm 2023): by the end of that year
    FROM_YEAR = "from_year"  # (từ năm 2022): from that year on, no end
    CONTINUOUS = "continuous"  # (thực hiện thường xuyên)
    YEARLY = "yearly"  # (thực hiện hằng năm): due within every cycle
    QUARTER = "quarter"  # trong quý III/2022
    MONTH = "month"  # trong tháng 8/2022
    CONDITIONAL = "conditional"  # (sau khi Trung ương có hướng dẫn)
    NONE = "none"  # no deadline written


class IndicatorKind(StrEnum):
    RATIO = "ratio"  # numerator / denominator, reported as both
    COUNT = "count"
    VALUE = "value"
    YESNO = "yesno"


class TargetOp(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="
    BETWEEN = "between"


class SuccessionKind(StrEnum):
    MERGED_INTO = "merged_into"
    RENAMED_TO = "renamed_to"
    SPLIT_INTO = "split_into"


@dataclass
class Deadline:
    """A deadline as written, and what it means.

    ``text`` is always the original wording. ``due`` is the last day by which
    the task must be done, when the wording sets one (a year → 31/12, a
    quarter → its last day). A task may carry several deadlines in one
    wording; they are in ``parts`` and the principal one is copied to the top.
    ``group`` is set on a per-group variant ("cấp đảng ủy phường, xã …"):
    the group code when it resolved, otherwise the wording of the group.
    """

    kind: DeadlineKind = DeadlineKind.NONE
    text: str = ""
    due: dt.date | None = None
    year: int | None = None
    quarter: int | None = None
    month: int | None = None
    condition: str | None = None
    group: str | None = None
    parts: list[Deadline] = field(default_factory=list)

    @property
    def is_continuous(self) -> bool:
        return self.kind in (DeadlineKind.CONTINUOUS, DeadlineKind.YEARLY, DeadlineKind.FROM_YEAR)


@dataclass
class Assignment:
    """An agency or a group, in a role. ``target`` is a code from the registry."""

    target: str
    role: Role
    note: str | None = None


@dataclass
class Section:
    code: str
    title: str
    parent: str | None = None


@dataclass
class Task:
    code: str  # stable, e.g. II.1.3.2-b or III.3.(4)
    section: str | None
    text: str
    assignments: list[Assignment] = field(default_factory=list)
    deadline: Deadline = field(default_factory=Deadline)
    notes: str | None = None
    # a one-off task an agency completed in an earlier cycle is not asked again (its earlier answer
    # stands) unless the office sets this: then every cycle asks for a new answer
    reask: bool = False

    def targets(self, role: Role) -> list[str]:
        return [a.target for a in self.assignments if a.role == role]


@dataclass
class Target:
    op: TargetOp
    value: float | None = None
    min: float | None = None
    max: float | None = None

    def describe(self) -> str:
        from .vn import format_number

        if self.op == TargetOp.BETWEEN:
            return f"{format_number(self.min)}–{format_number(self.max)}"
        sym = {"<=": "≤", ">=": "≥"}.get(self.op.value, self.op.value)
        return f"{sym} {format_number(self.value)}"


@dataclass
class Indicator:
    code: str
    text: str
    unit: str | None
    kind: IndicatorKind
    target: Target | None
    year: int | None = None  # target year ("Đến năm 2025")
    yearly: bool = False  # the target holds every year ("Hằng năm")
    section: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    reporters: list[str] = field(default_factory=list)  # agency / group codes
    notes: str | None = None


@dataclass
class Succession:
    kind: SuccessionKind
    to: list[str]
    date: dt.date | None = None


@dataclass
class Agency:
    code: str
    name: str
    short: str | None = None
    aliases: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    parent: str | None = None
    emails: list[str] = field(default_factory=list)
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    successors: list[Succession] = field(default_factory=list)
    abbrev: str | None = None  # for document numbers: TU, BTCTU, ĐU

    def active_on(self, day: dt.date) -> bool:
        if self.active_from and day < self.active_from:
            return False
        if self.active_to and day > self.active_to:
            return False
        return True


@dataclass
class Group:
    code: str
    name: str
    aliases: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)  # other groups
    members: list[str] = field(default_factory=list)  # agencies listed on the group
    collective: bool = False  # "các cơ quan liên quan": names nobody in particular


# What a document's symbol says it is: the letters between the number and the issuer in a party
# document's symbol ("165-TB/VPTW", Hướng dẫn 36-HD/VPTW), or after the year in a state one
# ("76/2025/NĐ-CP"). QĐ is both Quyết định and Quy định in party symbols: the derived name is
# Quyết định, and a definition says ``type: Quy định`` where it is one.
DOCUMENT_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết", "KL": "Kết luận", "TB": "Thông báo", "CT": "Chỉ thị", "QĐ": "Quyết định",
    "QC": "Quy chế", "KH": "Kế hoạch", "CTr": "Chương trình", "HD": "Hướng dẫn", "TT": "Thông tri",
    "ĐA": "Đề án", "BC": "Báo cáo", "CV": "Công văn", "TTr": "Tờ trình", "PA": "Phương án",
    "NĐ": "Nghị định",
}
_STATE_TYPES = {"TT": "Thông tư"}  # the same letters mean another type in a state symbol
_PARTY_SYMBOL_RE = re.compile(r"^\s*(?P<number>\d+[a-z]?)\s*-\s*(?P<kind>[A-Za-zĐđ]+)\s*/\s*\S+")
_STATE_SYMBOL_RE = re.compile(r"^\s*(?P<number>\d+)\s*/\s*(?:\d{4}\s*/\s*)?(?P<kind>[A-Za-zĐđ]+)\s*-\s*\S+")


def _symbol_parts(symbol: str) -> tuple[str | None, str | None]:
    """(number, type name) that a symbol shows; ``None`` for what it does not."""
    text = unicodedata.normalize("NFC", symbol or "")
    if m := _PARTY_SYMBOL_RE.match(text):
        kind = m.group("kind")
        return m.group("number"), DOCUMENT_TYPES.get(kind) or DOCUMENT_TYPES.get(kind.upper())
    if m := _STATE_SYMBOL_RE.match(text):
        kind = m.group("kind")
        return m.group("number"), _STATE_TYPES.get(kind) or DOCUMENT_TYPES.get(kind)
    m = re.match(r"^\s*(\d+)\b", text)
    return (m.group(1) if m else None), None


def document_type(symbol: str) -> str | None:
    """"165-TB/VPTW" → "Thông báo"; "21-NQ/TW" → "Nghị quyết"; ``None`` when the symbol does not say."""
    return _symbol_parts(symbol)[1]


def cite_date(day: dt.date) -> str:
    """A date cited in a sentence, as party documents write it: ``08/4/2025``, ``14/02/2025``
    (the day and the months 1–2 with a leading zero, as in the formal date line)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


@dataclass
class ImplementedDocument:
    """A document the programme implements: a Nghị quyết, Kết luận, Thông báo, Chỉ thị, …"""

    symbol: str
    title: str | None = None  # trích yếu, without the leading "về"
    date: dt.date | None = None
    issuer: str | None = None  # as the programme writes it: "Bộ Chính trị (khóa XIII)"
    type: str | None = None  # explicit type; else derived from the symbol

    @property
    def kind(self) -> str | None:
        """The document type's name: the explicit ``type``, else what the symbol says."""
        if self.type and self.type.strip():
            typed = " ".join(self.type.split())
            return typed[0].upper() + typed[1:]  # "quy định" typed in a cell is cited "Quy định số …"
        return document_type(self.symbol)

    @property
    def number(self) -> str | None:
        return _symbol_parts(self.symbol)[0]

    def name(self, *, title: bool = False, brief: bool = False) -> str:
        """"Thông báo số 165-TB/VPTW ngày 08/4/2025 của Văn phòng Trung ương Đảng" (+ " về …" with
        ``title``); ``brief``: "Thông báo số 165-TB/VPTW", for subject lines."""
        text = f"{self.kind or 'văn bản'} số {self.symbol}"
        if brief:
            return text
        if self.date:
            text += f" ngày {cite_date(self.date)}"
        if self.issuer:
            text += f" của {self.issuer}"
        if title and self.title:
            text += " về " + re.sub(r"^về\s+", "", self.title.strip(), flags=re.IGNORECASE)
        return text


def name_documents(documents: list[ImplementedDocument], *, title: bool = False, brief: bool = False) -> str:
    """Several implemented documents in one phrase: "A, B và C" ("" when there are none)."""
    names = [d.name(title=title, brief=brief) for d in documents]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


@dataclass
class Programme:
    symbol: str
    title: str
    issuer: str | None = None
    issue_date: dt.date | None = None
    implements: list[ImplementedDocument] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


def programme_name(p: Programme, *, issuer: bool = True, titles: bool = False, brief: bool = False) -> str:
    """How every text cites the programme: "Chương trình hành động số 17-CTr/TU ngày 16/8/2022 của …
    thực hiện Nghị quyết số 21-NQ/TW ngày 16/6/2022 của …" (``titles``: with each "về …";
    ``brief``: the implemented documents by type and symbol only)."""
    text = f"Chương trình hành động số {p.symbol}"
    if p.issue_date:
        text += f" ngày {cite_date(p.issue_date)}"
    if issuer and p.issuer:
        text += f" của {p.issuer}"
    if p.implements:
        text += " thực hiện " + name_documents(p.implements, title=titles, brief=brief)
    return text


@dataclass
class Registry:
    agencies: list[Agency] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)

    def agency(self, code: str) -> Agency | None:
        return self._agency_index().get(code)

    def group(self, code: str) -> Group | None:
        return {g.code: g for g in self.groups}.get(code)

    def _agency_index(self) -> dict[str, Agency]:
        return {a.code: a for a in self.agencies}


@dataclass
class Cycle:
    """One programme, one year."""

    year: int
    due: dt.date
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    recipient: str | None = None  # agency code
    reporting: list[str] = field(default_factory=list)  # agency/group codes; empty = all assigned
    timezone: str = "Asia/Ho_Chi_Minh"  # the office's zone: the due date is a day of its calendar

    @property
    def reference_date(self) -> dt.date:
        """The day on which "who holds this task" is decided."""
        return self.due
