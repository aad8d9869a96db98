import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def write(tmp_path):
    """Write dedented text into tmp_path/NAME and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


MINI_REGISTRY = """
groups:
  - code: BAN-DANG
    name: Các cơ quan tham mưu, giúp việc Thành ủy
  - code: DU-XA-PHUONG
    name: Các đảng ủy phường, xã
  - code: CAC-DON-VI
    name: Các cấp ủy, tổ chức đảng
    include: [BAN-DANG, DU-XA-PHUONG]
  - code: LIEN-QUAN
    name: Các cơ quan liên quan
    collective: true
agencies:
  - code: BTCTU
    name: Ban Tổ chức Thành ủy
    groups: [BAN-DANG]
    emails: [btctu@example.org]
  - code: BTGTU
    name: Ban Tuyên giáo Thành ủy
    groups: [BAN-DANG]
    emails: [btgtu@example.org]
    active_to: 28/2/2025
    successors:
      - kind: merged_into
        to: [BTGDVTU]
        date: 1/3/2025
  - code: BTGDVTU
    name: Ban Tuyên giáo và Dân vận Thành ủy
    groups: [BAN-DANG]
    emails: [btgdv@example.org]
    active_from: 1/3/2025
  - code: DU-P-HC
    name: Đảng ủy phường Hải Châu
    groups: [DU-XA-PHUONG]
    emails: [hc@example.org]
  - code: DU-X-HV
    name: Đảng ủy xã Hòa Vang
    groups: [DU-XA-PHUONG]
"""

MINI_PROGRAMME = """
programme:
  symbol: 17-CTr/TU
  title: Chương trình hành động thực hiện Nghị quyết số 21-NQ/TW
  issue_date: 16/8/2022
sections:
  - code: II.1
    title: Nâng cao năng lực lãnh đạo
  - code: III.4
    title: Ban Tuyên giáo Thành ủy
tasks:
  - code: II.1-a
    section: II.1
    text: Phát huy trí tuệ tập thể (thực hiện thường xuyên).
    execute: [CAC-DON-VI]
    deadline: (thực hiện thường xuyên)
  - code: III.4.(1)
    section: III.4
    text: Đổi mới nội dung bồi dưỡng (từ năm 2022).
    lead: [BTGTU]
    coordinate: [BTCTU, LIEN-QUAN]
    deadline: (từ năm 2022)
indicators:
  - code: CT-1
    text: Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên
    kind: ratio
    unit: "%"
    target: {op: ">=", value: 90}
    year: 2025
    yearly: true
    numerator: Số TCCS đảng hoàn thành tốt nhiệm vụ trở lên
    denominator: Tổng số TCCS đảng
    reporters: [DU-XA-PHUONG]
"""

MINI_CONFIG = """
[definition]
programme = "programme.yaml"
registry = "registry.yaml"

[cycle]
year = 2025
due = "15/12/2025"
period_start = "15/12/2024"
period_end = "14/12/2025"
recipient = "BTCTU"
reporting = []
"""


@pytest.fixture
def mini_ws(write, tmp_path):
    """A small valid workspace; tests overwrite one file to introduce mistakes."""
    write("ctrxl.toml", MINI_CONFIG)
    write("programme.yaml", MINI_PROGRAMME)
    write("registry.yaml", MINI_REGISTRY)
    return tmp_path
