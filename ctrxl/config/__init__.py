"""``ctrxl.toml`` parsed once into typed, frozen sections, every default in one place.

Each section is a dataclass below; its field defaults are *the* defaults (the template
``ctrxl init`` writes is generated from them, and a test parses the template back).
Parsing collects every problem — an unknown section or key (with the nearest known
name), a wrong type, a bad value — with its line, and raises one ``ConfigError``
listing them all. Secrets are never in the file: only the *names* of the environment
variables that hold the passwords (``password_env``, ``imap_password_env``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..clock import DEFAULT_TIMEZONE, zone
from ..definition.source import SourceMap
from ..model import Cycle
from .report import ReportSettings, parse_report, report_template_lines
from .values import CONFIG_NAME, ConfigError, ConfigProblem, Problems, _is_int, doc, parse_section, section_lines

__all__ = ["CONFIG_NAME", "ConfigError", "ConfigProblem", "Problems", "WorkspaceConfig", "parse_config",
           "default_config", "render_template"]


@dataclass(frozen=True)
class DefinitionConfig:
    programme: str = field(default="programme.yaml", metadata=doc("hoặc sổ định nghĩa Excel (.xlsx)"))
    registry: str = field(default="registry.yaml", metadata=doc("có thể là chính tệp .xlsx ở trên"))


@dataclass(frozen=True)
class CycleConfig:
    year: int = field(default=0, metadata=doc("năm của chu kỳ báo cáo"))
    due: dt.date | None = field(default=None, metadata=doc("hạn nộp, ngày/tháng/năm; mặc định 15/12 của năm",
                                                           kind="date"))
    period_start: dt.date | None = field(default=None, metadata=doc("số liệu tính từ ngày", kind="date"))
    period_end: dt.date | None = field(default=None, metadata=doc("đến ngày", kind="date"))
    recipient: str = field(default="", metadata=doc("mã hoặc tên đơn vị nhận báo cáo (trong danh bạ)"))
    reporting: tuple[str, ...] = field(default=(), metadata=doc(
        "mã đơn vị/nhóm; để trống = mọi đơn vị có nhiệm vụ hoặc chỉ tiêu"))

    @classmethod
    def suggested(cls, year: int) -> CycleConfig:
        """What ``ctrxl init`` proposes: due 15/12, the figures of the twelve months before it."""
        return cls(year=year, due=dt.date(year, 12, 15), period_start=dt.date(year - 1, 12, 15),
                   period_end=dt.date(year, 12, 14))

    def to_cycle(self, timezone: str = DEFAULT_TIMEZONE) -> Cycle:
        return Cycle(year=self.year, due=self.due or dt.date(self.year, 12, 15), period_start=self.period_start,
                     period_end=self.period_end, recipient=self.recipient or None, reporting=list(self.reporting),
                     timezone=timezone)


@dataclass(frozen=True)
class PathsConfig:
    store: str = "ctrxl.sqlite"
    inbox: str = "inbox"
    outbox: str = "outbox"
    output: str = "output"
    archive: str = "archive"


@dataclass(frozen=True)
class ContactConfig:
    """Printed on every workbook's guide sheet."""

    office: str = field(default="", metadata=doc("mặc định: tên đơn vị nhận báo cáo"))
    person: str = field(default="", metadata=doc("người liên hệ"))
    phone: str = field(default="", metadata=doc("điện thoại liên hệ"))
    email: str = field(default="", metadata=doc("mặc định: địa chỉ thư đầu tiên của đơn vị nhận"))


@dataclass(frozen=True)
class OfficeConfig:
    timezone: str = field(default=DEFAULT_TIMEZONE, metadata=doc(
        "múi giờ của cơ quan: «hôm nay», hạn nộp, ngày gửi thư"))


SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class MailConfig:
    sender: str = field(default="", metadata=doc("địa chỉ gửi thư", key="from"))
    smtp_host: str = field(default="", metadata=doc("máy chủ gửi thư (SMTP)"))
    smtp_port: int | None = field(default=None, metadata=doc(
        "mặc định theo smtp_security: 587 starttls, 465 ssl, 25 none", kind="int", example=587))
    smtp_security: str = field(default="starttls", metadata=doc("starttls | ssl | none", choices=SECURITY))
    smtp_user: str = field(default="", metadata=doc("tài khoản đăng nhập máy chủ gửi thư"))
    password_env: str = field(default="CTRXL_SMTP_PASSWORD", metadata=doc("biến môi trường chứa mật khẩu"))
    throttle_seconds: float = field(default=2.0, metadata=doc("số giây nghỉ giữa hai thư"))
    retries: int = field(default=3, metadata=doc("số lần thử lại khi lỗi tạm thời"))
    retry_backoff_seconds: float = field(default=5.0, metadata=doc("giây chờ trước lần thử lại đầu, gấp đôi mỗi lần"))
    timeout_seconds: float = field(default=30.0, metadata=doc("thời gian chờ tối đa một lần trao đổi với máy chủ"))
    imap_host: str = field(default="", metadata=doc("máy chủ nhận thư (IMAP), cho ctrxl fetch"))
    imap_port: int | None = field(default=None, metadata=doc(
        "mặc định theo imap_security: 993 ssl, 143 starttls/none", kind="int", example=993))
    imap_security: str = field(default="ssl", metadata=doc("ssl | starttls | none", choices=SECURITY))
    imap_user: str = field(default="", metadata=doc("mặc định: smtp_user"))
    imap_mailbox: str = field(default="INBOX", metadata=doc("hộp thư cần đọc"))
    imap_password_env: str = field(default="CTRXL_IMAP_PASSWORD", metadata=doc("biến môi trường chứa mật khẩu IMAP"))


def _report_settings():
    return ReportSettings()


@dataclass(frozen=True)
class WorkspaceConfig:
    definition: DefinitionConfig = field(default_factory=DefinitionConfig)
    cycle: CycleConfig = field(default_factory=CycleConfig)  # the current cycle
    cycles: tuple[CycleConfig, ...] = ()  # earlier cycles, [[cycles]] (kept by ``ctrxl cycle new``), newest first
    contact: ContactConfig = field(default_factory=ContactConfig)
    paths: PathsConfig = field(default_factory=PathsConfig)
    office: OfficeConfig = field(default_factory=OfficeConfig)
    report: Any = field(default_factory=_report_settings)  # report.settings.ReportSettings
    mail: MailConfig = field(default_factory=MailConfig)
    source: SourceMap = field(default_factory=SourceMap, compare=False, repr=False)  # line of each key

    @property
    def timezone(self) -> str:
        return self.office.timezone

    @property
    def all_cycles(self) -> tuple[CycleConfig, ...]:
        """Every cycle of the workspace, the current one first, then the earlier ones, newest first."""
        return (self.cycle, *sorted(self.cycles, key=lambda c: -c.year))

    def for_year(self, year: int | None) -> WorkspaceConfig | None:
        """This configuration acting on the cycle of ``year`` (None: the current one); None when there is none."""
        if year is None or year == self.cycle.year:
            return self
        found = next((c for c in self.cycles if c.year == year), None)
        return None if found is None else dataclasses.replace(self, cycle=found)

    @classmethod
    def defaults(cls, year: int) -> WorkspaceConfig:
        """The configuration of a blank workspace for ``year`` (what ``ctrxl init`` writes)."""
        return cls(cycle=CycleConfig.suggested(year))


SECTIONS = [f.name for f in dataclasses.fields(WorkspaceConfig) if f.name != "source"]
_FLAT = {"definition": DefinitionConfig, "contact": ContactConfig, "paths": PathsConfig, "office": OfficeConfig,
         "mail": MailConfig}


def parse_config(data: dict[str, Any], path: Path | str = CONFIG_NAME, smap: SourceMap | None = None
                 ) -> WorkspaceConfig:
    """The typed configuration of a parsed ctrxl.toml; raises ``ConfigError`` listing every problem."""
    problems = Problems(smap)
    for name in data:
        if name not in SECTIONS:
            near = difflib.get_close_matches(name, SECTIONS, n=1, cutoff=0.6)
            problems.add("config.unknown_section", name, None, section=name, suggest=near[0] if near else "",
                         known=", ".join(SECTIONS))
    flat = {name: parse_section(cls, data.get(name), name, problems) for name, cls in _FLAT.items()}
    office = flat["office"]
    try:
        zone(office.timezone)
    except ValueError:
        problems.add("config.bad_timezone", "office", "timezone", key="office.timezone", value=office.timezone)
    cycle = _parse_cycle(data.get("cycle"), problems)
    cycles = _parse_cycles(data.get("cycles"), cycle.year, problems)
    report = parse_report(data.get("report"), problems)
    if problems.items:
        raise ConfigError(path, sorted(problems.items, key=lambda p: p.line or 0))
    return WorkspaceConfig(cycle=cycle, cycles=cycles, report=report, source=smap or SourceMap(), **flat)


def _parse_cycles(tables: Any, current: int, problems: Problems) -> tuple[CycleConfig, ...]:
    """``[[cycles]]``: the earlier cycles, each a table like [cycle]; one per year, none the current year."""
    if tables is None:
        return ()
    if not isinstance(tables, list):
        problems.add("config.wrong_type", "cycles", None, key="cycles", value=tables, expected="table")
        return ()
    out: list[CycleConfig] = []
    seen = {current}
    for table in tables:
        c = _parse_cycle(table, problems, "cycles")
        if c.year in seen and c.year:
            problems.add("config.cycle_twice", "cycles", "year", year=c.year)
            continue
        seen.add(c.year)
        out.append(c)
    return tuple(sorted(out, key=lambda c: -c.year))


def _parse_cycle(table: Any, problems: Problems, section: str = "cycle") -> CycleConfig:
    if not isinstance(table, dict):
        problems.add("config.missing" if table is None else "config.wrong_type", section, None, key=section,
                     value=table, expected="table")
        return CycleConfig()
    year = table.get("year")
    if year is None:
        problems.add("config.missing", section, "year", key=f"{section}.year")
    elif not _is_int(year) or not 1900 < year < 3000:
        problems.wrong_type(section, "year", year, "int")
    cycle = parse_section(CycleConfig, {k: v for k, v in table.items() if k != "year"}, section, problems,
                          year=year if _is_int(year) else 0)
    return cycle


HEADER = """\
# Thư mục làm việc ctrxl: một chương trình; [cycle] là chu kỳ báo cáo hiện tại («ctrxl cycle new NĂM» mở chu kỳ
# sau và giữ chu kỳ này trong [[cycles]]). Không ghi mật khẩu vào tệp này:
# mật khẩu thư lấy từ biến môi trường ghi dưới đây, hoặc nhập khi chạy lệnh.
"""


def render_template(config: WorkspaceConfig) -> str:
    """ctrxl.toml text for ``config`` (the defaults, for ``ctrxl init``), with a comment per key."""
    comments = {"contact": "in trên trang hướng dẫn của mọi biểu mẫu",
                "office": "cơ quan có lịch làm việc quyết định «hôm nay»",
                "paths": "các thư mục và tệp, tính từ thư mục làm việc",
                "mail": "thư điện tử (ctrxl send, remind, fetch)"}
    blocks = [HEADER]
    for name in ("definition", "cycle", "contact", "paths", "office"):
        blocks.append("\n".join(section_lines(name, getattr(config, name), comments.get(name, ""))) + "\n")
    blocks.append("\n".join(report_template_lines(config.report)) + "\n")
    blocks.append("\n".join(section_lines("mail", config.mail, comments["mail"])) + "\n")
    return "\n".join(blocks)


def default_config(year: int) -> str:
    return render_template(WorkspaceConfig.defaults(year))
