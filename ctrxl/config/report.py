"""The ``[report]`` table of ctrxl.toml: the page layout of a party report and the details of one report.

Every value a party office may need to correct — margins, fonts, sizes, the number,
the date, the signer, the recipients — is a named setting here, with its default,
and can be overridden in the ``[report]`` table of ``ctrxl.toml`` (layout values in
``[report.layout]``, one agency's details in ``[report.agencies.CODE]``). The
defaults follow Hướng dẫn 36-HD/VPTW as summarised in docs/party-document-format.md.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .values import ConfigError, Problems, _toml, read_value, template_line

# The styles the templates use; ``Layout.sizes`` gives each its size in points.
STYLES = {
    "CT Higher": "higher body (left header column), capitals, upright",
    "CT Issuer": "issuing body, capitals, bold",
    "CT Star": "the '*' under the issuing body",
    "CT Number": "Số …-BC/…",
    "CT Party": "ĐẢNG CỘNG SẢN VIỆT NAM, capitals, bold, with its rule",
    "CT Date": "place and date line, italic",
    "CT Title": "BÁO CÁO",
    "CT Subject": "the subject line under BÁO CÁO",
    "CT Body": "body text: justified, first-line indent",
    "CT Part": "part headings I., II., …",
    "CT Heading": "headings 1., 2., … inside a part",
    "CT Table": "table text",
    "CT Table Head": "table header cells",
    "CT Recipients Head": "'Nơi nhận:'",
    "CT Recipients": "the recipients lines",
    "CT Sign": "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ",
    "CT Signer": "the signer's name",
    "CT Appendix": "appendix title",
    "CT Page": "page number in the top margin",
    "CT Chart": "the chart picture's paragraph",
}


@dataclass
class Layout:
    """Page and type. Lengths in millimetres, sizes and spacing in points."""

    page_width_mm: float = 210.0  # A4
    page_height_mm: float = 297.0
    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 30.0
    margin_right_mm: float = 15.0
    header_distance_mm: float = 10.0  # page number, centred in the top margin
    footer_distance_mm: float = 10.0
    font: str = "Times New Roman"
    first_line_indent_cm: float = 1.27
    space_after_pt: float = 6.0
    line_spacing_pt: float = 18.0  # exact
    header_left_mm: float = 85.0  # the two columns of the header table (scaled down to the text width when wider)
    header_right_mm: float = 82.0
    signature_left_mm: float = 85.0  # Nơi nhận | signature block
    signature_right_mm: float = 80.0
    signature_gap_pt: float = 72.0  # room for the signature and seal, above the name
    rule_slack_mm: float = 1.0  # the rule under ĐẢNG CỘNG SẢN VIỆT NAM: words' width plus this each side
    chart_width_mm: float = 150.0
    sizes: dict[str, float] = field(default_factory=lambda: {
        "CT Higher": 14, "CT Issuer": 14, "CT Star": 14, "CT Number": 14, "CT Party": 15, "CT Date": 14,
        "CT Title": 16, "CT Subject": 14, "CT Body": 14, "CT Part": 14, "CT Heading": 14, "CT Table": 12,
        "CT Table Head": 12, "CT Recipients Head": 14, "CT Recipients": 12, "CT Sign": 14, "CT Signer": 14,
        "CT Appendix": 14, "CT Page": 14, "CT Chart": 12,
    })


@dataclass
class Signature:
    on_behalf: str  # T/M BAN THƯỜNG VỤ, K/T TRƯỞNG BAN; empty for the head signing in person
    title: str  # PHÓ BÍ THƯ, PHÓ TRƯỞNG BAN
    name: str = ""


@dataclass
class ReportSettings:
    """One cycle's report details (the city report) and how agency reports are filled."""

    number: str = ""  # 125 → "Số 125-BC/TU"; empty leaves room to write it in
    date: dt.date | None = None  # default: the cycle's due date
    place: str = ""  # Đà Nẵng
    higher_body: str = ""  # ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG; omitted when the issuer is the city committee
    issuer: str = ""  # THÀNH ỦY ĐÀ NẴNG; default: the registry's agency without a parent
    issuer_abbrev: str = ""  # TU
    reporter: str = "Ban Thường vụ Thành ủy"  # who "báo cáo … như sau"
    party_name: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    title: str = "BÁO CÁO"
    subject: str = ""  # default built from the programme
    signature: Signature = field(default_factory=lambda: Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"))
    recipients: list[str] = field(default_factory=lambda: ["Ban Tổ chức Trung ương (b/c)", "Các đồng chí Thành ủy viên",
                                                           "Các cơ quan tham mưu, giúp việc Thành ủy",
                                                           "Các đảng ủy trực thuộc Thành ủy", "Lưu Văn phòng Thành ủy"])
    agency_recipients: list[str] = field(default_factory=lambda: ["Ban Thường vụ Thành ủy (b/c)", "{recipient}",
                                                                  "Lưu {abbrev_office}"])
    agency_higher_body: str = ""  # default: higher_body, else "ĐẢNG BỘ <city>"
    direction: list[str] = field(default_factory=list)  # the city's own lines for part IV, before the agencies'
    proposals: list[str] = field(default_factory=list)  # and for part V
    leadership_sections: list[str] = field(default_factory=list)  # default: the first section of part II with tasks
    max_items: int = 8  # attributed lines per list (results of a group, strengths, …)
    max_names: int = 3  # agencies named on one attributed line before "và N đơn vị khác"
    max_chars: int = 400  # one agency's text is cut at this length
    template_city: str = ""  # default: templates/docx/bao-cao-tong-hop.docx
    template_agency: str = ""  # default: templates/docx/bao-cao-don-vi.docx
    template_review: str = ""  # default: templates/docx/bao-cao-so-ket.docx (report --from --to)
    agencies: dict[str, dict[str, Any]] = field(default_factory=dict)  # [report.agencies.CODE] overrides
    layout: Layout = field(default_factory=Layout)


_AGENCY_KEYS = {"number": "str", "date": "date", "higher_body": "str", "issuer": "str", "issuer_abbrev": "str",
                "reporter": "str", "on_behalf": "str", "signer_title": "str", "signer_name": "str",
                "recipients": "list"}
_SIGNATURE_KEYS = {"on_behalf": "on_behalf", "signer_title": "title", "signer_name": "name"}
_NOT_KEYS = ("layout", "agencies", "signature")  # fields of ReportSettings that are tables, not keys of [report]


def _kind(default: Any) -> str:
    if isinstance(default, list):
        return "list"
    if isinstance(default, int):
        return "positive"
    return "str"


def _parse_layout(table: Any, problems) -> Layout:

    layout = Layout()
    if not isinstance(table, dict):
        problems.add("config.wrong_type", "report", "layout", key="report.layout", value=table, expected="table")
        return layout
    names = {f.name for f in dataclasses.fields(Layout)}
    for key, value in table.items():
        if key == "sizes":
            if not isinstance(value, dict):
                problems.wrong_type("report.layout", "sizes", value, "sizes")
                continue
            for style, size in value.items():
                if style not in STYLES:
                    problems.unknown("report.layout.sizes", style, list(STYLES))
                elif isinstance(size, bool) or not isinstance(size, (int, float)):
                    problems.wrong_type("report.layout.sizes", style, size, "float")
                else:
                    layout.sizes[style] = float(size)
        elif key in names:
            ok, converted = read_value("float" if isinstance(getattr(layout, key), float) else "str", value,
                                       "report.layout", key, problems)
            if ok:
                setattr(layout, key, converted)
        else:
            problems.unknown("report.layout", key, sorted(names | {"sizes"}))
    return layout


def parse_report(table: Any, problems) -> ReportSettings:
    """``[report]`` of ctrxl.toml over the defaults; every unknown key and wrong value goes to ``problems``."""

    s = ReportSettings()
    if table is None:
        return s
    if not isinstance(table, dict):
        problems.add("config.wrong_type", "report", None, key="report", value=table, expected="table")
        return s
    raw = dict(table)
    if "layout" in raw:
        s.layout = _parse_layout(raw.pop("layout"), problems)
    agencies = raw.pop("agencies", None) or {}
    if not isinstance(agencies, dict):
        problems.add("config.wrong_type", "report", "agencies", key="report.agencies", value=agencies, expected="table")
        agencies = {}
    for code, over in agencies.items():
        section = f"report.agencies.{code}"
        if not isinstance(over, dict):
            problems.add("config.wrong_type", section, None, key=section, value=over, expected="table")
            continue
        values: dict[str, Any] = {}
        for key, value in over.items():
            if key not in _AGENCY_KEYS:
                problems.unknown(section, key, sorted(_AGENCY_KEYS))
                continue
            ok, converted = read_value(_AGENCY_KEYS[key], value, section, key, problems)
            if ok:
                values[key] = list(converted) if isinstance(converted, tuple) else converted
        s.agencies[code] = values
    fields = {f.name: f for f in dataclasses.fields(ReportSettings) if f.name not in _NOT_KEYS}
    for key, value in raw.items():
        if key in _SIGNATURE_KEYS:
            ok, converted = read_value("str", value, "report", key, problems)
            if ok:
                setattr(s.signature, _SIGNATURE_KEYS[key], converted)
            continue
        if key not in fields:
            problems.unknown("report", key, sorted([*fields, *_SIGNATURE_KEYS]))
            continue
        kind = "date" if key == "date" else _kind(getattr(s, key))
        ok, converted = read_value(kind, value, "report", key, problems)
        if ok:
            setattr(s, key, list(converted) if isinstance(converted, tuple) else converted)
    return s


def load_settings(config: dict[str, Any]) -> ReportSettings:
    """``[report]`` of a parsed ctrxl.toml dict; raises ``ConfigError`` naming every bad key."""

    problems = Problems()
    settings = parse_report(config.get("report"), problems)
    if problems.items:
        raise ConfigError("ctrxl.toml", problems.items)
    return settings


# The keys ``ctrxl init`` writes into [report], in this order, with their comment; values are the defaults.
_TEMPLATE_KEYS = (
    ("number", "\"125\" thành \"Số 125-BC/TU\"; để trống thì chừa chỗ ghi số"),
    ("date", "ngày ký báo cáo, ngày/tháng/năm; để trống = hạn nộp của chu kỳ"),
    ("place", "địa danh ở dòng ngày tháng, ví dụ Đà Nẵng"),
    ("issuer", "ví dụ THÀNH ỦY ĐÀ NẴNG (mặc định: đơn vị cao nhất trong danh bạ)"),
    ("issuer_abbrev", "ví dụ TU (mặc định: tên viết tắt của đơn vị đó)"),
    ("higher_body", "dòng trên tên cơ quan ban hành, góc trái; để trống khi cơ quan ban hành là Thành ủy"),
    ("agency_higher_body", "dòng đó trên báo cáo riêng của đơn vị, ví dụ ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG"),
    ("reporter", "chủ thể «báo cáo … như sau»"),
    ("on_behalf", "thẩm quyền ký (T/M, K/T…); để trống khi người đứng đầu ký"),
    ("signer_title", "chức vụ người ký"),
    ("signer_name", "họ tên người ký"),
    ("recipients", "«Nơi nhận» cuối báo cáo, mỗi dòng một nơi"),
)


def report_template_lines(s: ReportSettings) -> list[str]:

    values = {**{f.name: getattr(s, f.name) for f in dataclasses.fields(s)}, "on_behalf": s.signature.on_behalf,
              "signer_title": s.signature.title, "signer_name": s.signature.name}
    head = "[report]"
    lines = [f"{head:<30} # báo cáo Word (ctrxl report); mọi mục đều không bắt buộc, xem docs/report.md"]
    for key, note in _TEMPLATE_KEYS:
        value = values[key]
        if isinstance(value, list) and value:  # one line per entry
            lines += [f"# {note}", f"{key} = ["] + [f"  {_toml(v)}," for v in value] + ["]"]
            continue
        lines.append(template_line(key, '""' if value is None else _toml(value), note))
    if s.agency_recipients != ReportSettings().agency_recipients:  # named for a province by ``init --committee``
        lines += ["# «Nơi nhận» của báo cáo riêng từng đơn vị", "agency_recipients = ["]
        lines += [f"  {_toml(v)}," for v in s.agency_recipients] + ["]"]
    lines.append("# [report.layout]: lề (mm), phông chữ, cỡ chữ (pt); [report.agencies.MÃ]: số, người ký… "
                 "của riêng một đơn vị")
    return lines
