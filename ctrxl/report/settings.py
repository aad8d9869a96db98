"""Report settings: the page layout of a party report and the details of one report.

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
from pathlib import Path
from typing import Any

from ..errors import CtrxlError
from ..vn import match_key, parse_date

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
    header_left_mm: float = 85.0  # the two columns of the header table (wider than the text: it reaches into the left margin)
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


# Default signature by the kind of agency, decided from its name (first match wins).
# A collective body signs T/M; an advisory board signs by its head, a deputy with K/T.
SIGNATURE_RULES: tuple[tuple[str, Signature, str], ...] = (
    ("ủy ban kiểm tra", Signature("T/M ỦY BAN KIỂM TRA", "PHÓ CHỦ NHIỆM"), "collective"),
    ("văn phòng", Signature("K/T CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"), "board"),
    ("ban thường vụ", Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"), "collective"),
    ("ban ", Signature("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"), "board"),
    ("ủy ban mặt trận", Signature("T/M BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH"), "collective"),
    ("", Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"), "collective"),  # đảng ủy, quận ủy, …
)


def agency_kind(name: str) -> tuple[Signature, str]:
    """(default signature, 'collective' | 'board') for an agency named ``name``."""
    words = match_key(name).split()
    for start, sig, kind in SIGNATURE_RULES:
        prefix = match_key(start).split()
        if words[:len(prefix)] == prefix:
            return dataclasses.replace(sig), kind
    raise AssertionError("the last rule matches every name")


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
    agencies: dict[str, dict[str, Any]] = field(default_factory=dict)  # [report.agencies.CODE] overrides
    layout: Layout = field(default_factory=Layout)


_AGENCY_KEYS = {"number", "date", "higher_body", "issuer", "issuer_abbrev", "reporter", "on_behalf", "signer_title",
                "signer_name", "recipients"}


def _fail(key: str, detail: str) -> CtrxlError:
    return CtrxlError("report.bad_setting", key=f"report.{key}", detail=detail)


def _str_list(value: Any, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(key, "cần một danh sách chuỗi / a list of strings")
    return list(value)


def _date(value: Any, key: str) -> dt.date | None:
    try:
        return parse_date(value)
    except (ValueError, TypeError) as exc:
        raise _fail(key, str(exc)) from None


def load_settings(config: dict[str, Any]) -> ReportSettings:
    """``[report]`` of ctrxl.toml over the defaults; an unknown key is an error that names it."""
    raw = dict(config.get("report") or {})
    s = ReportSettings()
    layout = raw.pop("layout", {}) or {}
    for key, value in layout.items():
        if key == "sizes":
            if not isinstance(value, dict):
                raise _fail("layout.sizes", "cần một bảng style = cỡ chữ / a table of style = size")
            for style, size in value.items():
                if style not in STYLES or not isinstance(size, (int, float)):
                    raise _fail(f"layout.sizes.{style}", f"style không có hoặc cỡ chữ sai; style: {', '.join(STYLES)}")
                s.layout.sizes[style] = float(size)
        elif key in {f.name for f in dataclasses.fields(Layout)}:
            default = getattr(s.layout, key)
            if isinstance(default, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
                setattr(s.layout, key, float(value))
            elif isinstance(default, str) and isinstance(value, str):
                setattr(s.layout, key, value)
            else:
                raise _fail(f"layout.{key}", f"giá trị «{value}» sai kiểu / wrong type")
        else:
            raise _fail(f"layout.{key}", "không có thiết lập này / unknown setting")
    agencies = raw.pop("agencies", {}) or {}
    for code, over in agencies.items():
        unknown = set(over) - _AGENCY_KEYS
        if unknown:
            raise _fail(f"agencies.{code}.{sorted(unknown)[0]}", "không có thiết lập này / unknown setting; "
                        + ", ".join(sorted(_AGENCY_KEYS)))
        if "date" in over:
            over = {**over, "date": _date(over["date"], f"agencies.{code}.date")}
        if "recipients" in over:
            over = {**over, "recipients": _str_list(over["recipients"], f"agencies.{code}.recipients")}
        s.agencies[code] = dict(over)
    for key in ("on_behalf", "signer_title", "signer_name"):
        if key in raw:
            value = raw.pop(key)
            attr = {"on_behalf": "on_behalf", "signer_title": "title", "signer_name": "name"}[key]
            setattr(s.signature, attr, str(value))
    for key, value in raw.items():
        if key not in {f.name for f in dataclasses.fields(ReportSettings)} or key in ("layout", "agencies", "signature"):
            raise _fail(key, "không có thiết lập này / unknown setting")
        default = getattr(s, key)
        if key == "date":
            s.date = _date(value, key)
        elif isinstance(default, list):
            setattr(s, key, _str_list(value, key))
        elif isinstance(default, int):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise _fail(key, f"cần một số nguyên dương / a positive integer: «{value}»")
            setattr(s, key, value)
        else:
            setattr(s, key, str(value))
    return s


def template_path(settings: ReportSettings, kind: str, workspace_root: Path | None = None) -> Path:
    from ..resources import template_file

    chosen = settings.template_city if kind == "city" else settings.template_agency
    if chosen:
        p = Path(chosen)
        return p if p.is_absolute() or workspace_root is None else workspace_root / p
    name = "bao-cao-tong-hop.docx" if kind == "city" else "bao-cao-don-vi.docx"
    return template_file("docx", name)

