"""The data model of a programme, its agencies and a reporting cycle.

Plain typed dataclasses. They hold what a definition says, already normalised
(NFC text, parsed dates); they do not know where they came from — the loaders
keep a source map beside them so problems can point at a YAML line or an Excel
row.
"""
from __future__ import annotations

import datetime as dt
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


@dataclass
class Resolution:
    symbol: str
    title: str | None = None
    date: dt.date | None = None


@dataclass
class Programme:
    symbol: str
    title: str
    issuer: str | None = None
    issue_date: dt.date | None = None
    implements: list[Resolution] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


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
