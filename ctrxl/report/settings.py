"""What a report takes from its settings: the default signature by kind of agency, the template file.

The settings themselves (``[report]`` of ctrxl.toml, with their defaults) are
``ctrxl.config.report``.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from ..config.report import ReportSettings, Signature
from ..vn import match_key

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


def template_path(settings: ReportSettings, kind: str, workspace_root: Path | None = None) -> Path:
    from ..resources import template_file

    chosen = {"city": settings.template_city, "review": settings.template_review}.get(kind, settings.template_agency)
    if chosen:
        p = Path(chosen)
        return p if p.is_absolute() or workspace_root is None else workspace_root / p
    name = {"city": "bao-cao-tong-hop.docx", "review": "bao-cao-so-ket.docx"}.get(kind, "bao-cao-don-vi.docx")
    return template_file("docx", name)

