"""What one agency's workbook holds, computed from the definition: plain picklable data.

The writer turns a form into cells; the collect step compares a returned workbook
with the form it was generated from. The identity (programme, definition hash,
cycle, agency, layout, content digest) is computed here once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from ..definition.load import Definition
from ..model import IndicatorKind, Role, programme_name
from ..vn import format_number, match_key
from .layout import LAYOUT_VERSION, ROLE_LABELS

ROLE_ORDER = {Role.LEAD: 0, Role.EXECUTE: 1, Role.COORDINATE: 2}


@dataclass(frozen=True)
class TaskRow:
    code: str
    section: str
    text: str
    role: str  # Role value
    deadline: str  # the wording as written, or "" when the programme sets none
    continuous: bool = False
    reask: bool = False  # the definition's ``reask``: asked again even when completed in an earlier cycle


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    text: str
    unit: str
    kind: str  # IndicatorKind value
    target: str
    year: str
    method: str


@dataclass(frozen=True)
class PreviousTask:
    """What the agency reported for a task in its previous cycle (locked columns, never an answer)."""

    year: int
    status: str  # the label shown: "Đã hoàn thành (15/03/2025)", "Đang thực hiện", "Đã hoàn thành năm 2024"
    result: str = ""
    done_in: int | None = None  # a one-off task completed in that earlier cycle: no new answer needed
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class Contact:
    office: str = ""  # who receives the workbooks, e.g. Ban Tổ chức Thành ủy
    person: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class AgencyForm:
    agency_code: str
    agency_name: str
    programme_symbol: str
    programme_title: str
    programme_date: dt.date | None
    cycle_year: int
    due: dt.date
    period_start: dt.date | None
    period_end: dt.date | None
    contact: Contact
    tasks: list[TaskRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    definition_hash: str = ""
    emails: list[str] = field(default_factory=list)
    # the agency's previous cycle (workbook/previous.py), outside the content digest
    previous_year: int | None = None
    previous_tasks: dict[str, PreviousTask] = field(default_factory=dict)
    previous_indicators: dict[str, str] = field(default_factory=dict)  # code -> value as shown
    signature: str = ""  # HMAC of the identity with the workspace secret (signing.py); "" = unsigned
    # "Chương trình hành động số … ngày … của … thực hiện Thông báo số …" (model.programme_name)
    programme_citation: str = ""
    programme_brief: str = ""  # the same with the implemented documents by type and symbol only

    @property
    def content_digest(self) -> str:
        return content_digest(self.tasks, self.indicators)

    @property
    def identity(self) -> dict[str, str]:
        return {
            "programme": self.programme_symbol,
            "definition_hash": self.definition_hash,
            "cycle": str(self.cycle_year),
            "agency": self.agency_code,
            "layout": LAYOUT_VERSION,
            "content_digest": self.content_digest,
            **({"signature": self.signature} if self.signature else {}),
        }


def _canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def content_digest(tasks: list[TaskRow], indicators: list[IndicatorRow]) -> str:
    """sha256 of the locked content an agency received; a returned workbook must carry the same."""
    payload = {
        "tasks": [[t.code, t.role, t.text, t.deadline] for t in tasks],
        "indicators": [[x.code, x.text, x.unit, x.target, x.year] for x in indicators],
    }
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _section_label(definition: Definition, code: str | None, task_text: str = "") -> str:
    """``II.1.1. Nâng cao …``: the section's code and title; the code alone when the title says
    what the task says (a section of one paragraph, whose text is the task's own)."""
    if not code:
        return ""
    for s in definition.programme.sections:
        if s.code == code:
            if not s.title:
                return code
            title, text = match_key(s.title), match_key(task_text)
            n = min(len(title), len(text), 40)
            if n >= 20 and title[:n] == text[:n]:
                return code
            return f"{code}. {s.title}"
    return code


def _deadline_text(text: str) -> str:
    text = text.strip()
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    return text


def _target_text(x) -> str:
    if not x.target:
        return ""
    if x.kind == IndicatorKind.YESNO:
        return "Đạt"
    text = x.target.describe()
    if x.unit == "%":
        return text + "%"
    return f"{text} {x.unit}" if x.unit else text


def _year_text(x) -> str:
    if x.yearly:
        return f"Hằng năm, đến {x.year}" if x.year else "Hằng năm"
    return str(x.year) if x.year else ""


def _method(x) -> str:
    if x.kind == IndicatorKind.RATIO:
        parts = []
        if x.numerator:
            parts.append(f"Tử số: {x.numerator}")
        if x.denominator:
            parts.append(f"Mẫu số: {x.denominator}")
        return "\n".join(parts) or "Tỷ lệ % = tử số / mẫu số × 100"
    if x.kind == IndicatorKind.YESNO:
        return "Chọn «Có» nếu đã đạt, «Không» nếu chưa đạt (cột Giá trị)."
    return f"Ghi con số ({x.unit})" if x.unit else "Ghi con số"


def build_forms(definition: Definition, contact: Contact | None = None,
                agencies: list[str] | None = None) -> list[AgencyForm]:
    """One form per reporting agency that has at least one task or indicator, in Vietnamese order."""
    p, c = definition.programme, definition.cycle
    if c is None:
        raise ValueError("a cycle is needed to build forms")
    on = c.reference_date
    resolver = definition.resolver
    dhash = definition.hash
    tasks_of: dict[str, list[TaskRow]] = {}
    for t in p.tasks:
        for role, codes in resolver.task_roles(t, on).items():
            row = TaskRow(t.code, _section_label(definition, t.section, t.text), t.text, role.value,
                          _deadline_text(t.deadline.text), t.deadline.is_continuous, t.reask)
            for code in codes:
                tasks_of.setdefault(code, []).append(row)
    inds_of: dict[str, list[IndicatorRow]] = {}
    for x in p.indicators:
        irow = IndicatorRow(x.code, x.text, x.unit or "", x.kind.value, _target_text(x), _year_text(x), _method(x))
        for code in resolver.assignees(x.reporters, on):
            inds_of.setdefault(code, []).append(irow)
    order = {t.code: i for i, t in enumerate(p.tasks)}
    wanted = set(agencies) if agencies else None
    forms = []
    for code in definition.reporting:
        if wanted is not None and code not in wanted:
            continue
        rows = sorted(tasks_of.get(code, []), key=lambda r: order[r.code])
        inds = inds_of.get(code, [])
        if not rows and not inds:
            continue
        agency = resolver.agencies[code]
        forms.append(AgencyForm(
            agency_code=code, agency_name=agency.name, programme_symbol=p.symbol, programme_title=p.title,
            programme_date=p.issue_date, cycle_year=c.year, due=c.due, period_start=c.period_start,
            period_end=c.period_end, contact=contact or Contact(), tasks=rows, indicators=inds,
            definition_hash=dhash, emails=list(agency.emails),
            programme_citation=programme_name(p), programme_brief=programme_name(p, issuer=False, brief=True),
        ))
    return forms


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_name(name: str, limit: int = 120) -> str:
    """A Windows- and zip-safe file name that keeps Vietnamese letters (NFC)."""
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("-", name).strip(" .")
    return name[:limit].rstrip(" .") or "don-vi"


def workbook_file_name(index: int, form: AgencyForm, width: int = 3) -> str:
    return f"{index:0{width}d} - {safe_file_name(form.agency_name)}.xlsx"


def role_label(role: str) -> str:
    return ROLE_LABELS[Role(role)]


def form_to_json(form: AgencyForm) -> dict[str, Any]:
    data = asdict(form)
    data["identity"] = form.identity
    return data


__all__ = ["AgencyForm", "Contact", "IndicatorRow", "PreviousTask", "TaskRow", "build_forms", "content_digest",
           "workbook_file_name", "safe_file_name", "format_number"]
