"""ctrxl.toml: one typed configuration, every problem reported with its line, reading commands read only."""
from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from click.testing import CliRunner

from ctrxl import clock
from ctrxl.cli import cli
from ctrxl.config import ConfigError, WorkspaceConfig, default_config, parse_config
from ctrxl.workspace import init_workspace, open_workspace

# (section header, the line to add under it, what the message must name)
TYPOS = [
    ("[definition]", 'programe = "p.yaml"', "«definition.programe»", "programme"),
    ("[cycle]", 'recipent = "BTCTU"', "«cycle.recipent»", "recipient"),
    ("[contact]", 'phnoe = "0236"', "«contact.phnoe»", "phone"),
    ("[paths]", 'outbx = "out"', "«paths.outbx»", "outbox"),
    ("[office]", 'timezon = "Asia/Bangkok"', "«office.timezon»", "timezone"),
    ("[report]", 'signer_nme = "X"', "«report.signer_nme»", "signer_name"),
    ("[report.layout]", 'margin_lft_mm = 30', "«report.layout.margin_lft_mm»", "margin_left_mm"),
    ("[report.agencies.BTCTU]", 'numbr = "1"', "«report.agencies.BTCTU.numbr»", "number"),
    ("[mail]", 'smtp_hots = "smtp.example.org"', "«mail.smtp_hots»", "smtp_host"),
]


def line_of(text: str, needle: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith(needle))


def with_line(text: str, header: str, line: str) -> str:
    if header not in text:
        return text + f"\n{header}\n{line}\n"
    return text.replace(header, f"{header}\n{line}", 1)


@pytest.fixture
def example(tmp_path):
    return init_workspace(tmp_path / "w", example="danang-nq21").root


@pytest.mark.parametrize("header,line,key,suggestion", TYPOS, ids=[t[0] for t in TYPOS])
def test_typo_in_each_section_is_reported_with_its_line(example, header, line, key, suggestion):
    cfg = example / "ctrxl.toml"
    text = with_line(cfg.read_text(encoding="utf-8"), header, line)
    cfg.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(example), "check"])
    assert result.exit_code == 2
    expected = f"dòng {line_of(text, line)}: {key} không có trong mục [{header.strip('[]')}]; có phải «{suggestion}»?"
    assert expected in result.output, result.output
    english = CliRunner().invoke(cli, ["--lang", "en", "-w", str(example), "check"])
    assert f"did you mean «{suggestion}»?" in english.output


def test_every_problem_is_listed_wrong_types_too(example):
    cfg = example / "ctrxl.toml"
    text = cfg.read_text(encoding="utf-8")
    text = (text.replace("smtp_port = 587", 'smtp_port = "587"').replace("[paths]", "[path]")
            .replace('recipient = "BTCTU"', "recipient = 7").replace('smtp_security = "starttls"', 'smtp_security = "tls"'))
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        open_workspace(explicit=example)
    message = err.value.message("vi")
    assert f"tệp cấu hình «{cfg}» có 4 lỗi" in message
    assert f"dòng {line_of(text, 'smtp_port')}: «mail.smtp_port» = «587»: cần một số nguyên" in message
    assert f"dòng {line_of(text, 'recipient')}: «cycle.recipient» = «7»: cần một chuỗi" in message
    assert f"dòng {line_of(text, '[path]')}: mục [path] không có; có phải «paths»?" in message
    assert "mục [mail] «smtp_security» = «tls» không hợp lệ" in message
    assert "line " in err.value.message("en") and "an integer expected" in err.value.message("en")


def test_bad_timezone(example):
    cfg = example / "ctrxl.toml"
    cfg.write_text(with_line(cfg.read_text(encoding="utf-8").replace("timezone =", "# timezone ="), "[office]",
                             'timezone = "Asia/Da_Nang"'), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        open_workspace(explicit=example)
    assert "«office.timezone» = «Asia/Da_Nang»: không có múi giờ này" in err.value.message("vi")


def test_template_parses_to_exactly_the_defaults():
    for year in (2025, 2026):
        parsed = parse_config(tomllib.loads(default_config(year)))
        assert parsed == WorkspaceConfig.defaults(year)
    defaults = WorkspaceConfig.defaults(2026)
    assert defaults.office.timezone == "Asia/Ho_Chi_Minh" and defaults.mail.smtp_security == "starttls"
    assert defaults.cycle.due == dt.date(2026, 12, 15)


def test_bundled_example_is_valid_and_typed(example):
    ws = open_workspace(explicit=example)
    assert ws.config.mail.smtp_port == 587 and ws.config.report.number == "125"
    assert ws.config.report.agencies["BTCTU"] == {"number": "312", "signer_name": "Lê Thị E"}
    assert ws.cycle.timezone == "Asia/Ho_Chi_Minh"


def test_status_is_read_only(example):
    store = example / "ctrxl.sqlite"
    assert not store.exists()
    result = CliRunner().invoke(cli, ["-w", str(example), "status", "--json"])
    assert result.exit_code == 0, result.output
    assert not store.exists() and not list(example.glob("ctrxl.sqlite*")), "status must not create the store"
    # an existing store (a cycle row made by another programme) is not touched either
    from ctrxl.store import Store

    with Store(store) as s:
        s.cycle("OTHER", 2025)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in example.glob("ctrxl.sqlite*")}
    for command in (["status"], ["consolidate", "--json"]):
        run = CliRunner().invoke(cli, ["-w", str(example), *command])
        assert run.exit_code == 0, run.output
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in example.glob("ctrxl.sqlite*")}
    assert after == before


def test_clock_uses_the_office_zone():
    moment = "2025-12-15T18:30:00+00:00"  # 01:30 the next day in Đà Nẵng
    assert clock.local_date(moment) == dt.date(2025, 12, 16)
    assert clock.local_date(moment, "Europe/London") == dt.date(2025, 12, 15)
    assert clock.now().utcoffset() == dt.timedelta(hours=7)


def test_a_password_in_the_file_is_refused():
    with pytest.raises(ConfigError) as err:
        parse_config({"cycle": {"year": 2025}, "mail": {"password": "bí mật"}})
    message = err.value.message("vi")
    assert "«mail.password»: không có mật khẩu nào được đọc từ tệp này" in message and "bí mật" not in message


def test_template_comments_are_vietnamese():
    import re

    text = default_config(2025)
    comments = [line.split("#", 1)[1].strip() for line in text.splitlines() if "#" in line]
    assert len(comments) > 30
    english = re.compile(r"\b(the|of|or|default|empty|every|agency|due|date|may|be|with|for|each)\b")
    assert [c for c in comments if english.search(c) and not c.startswith(("smtp_port", "imap_port"))] == []
