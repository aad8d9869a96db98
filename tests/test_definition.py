"""Loading, building and validating definitions: every mistake named at its place."""
import json

from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.definition.load import load_definition
from ctrxl.problems import Severity
from ctrxl.workspace import open_workspace

from .conftest import MINI_PROGRAMME, MINI_REGISTRY


def load(ws):
    w = open_workspace(explicit=ws)
    return load_definition(w.programme_path, w.registry_path, w.cycle, base=w.root, config_map=w.config_map)


def codes(defn, severity=None):
    return [p.code for p in defn.problems if severity is None or p.severity == severity]


def test_mini_definition_is_valid(mini_ws):
    d = load(mini_ws)
    assert codes(d, Severity.ERROR) == []
    # DU-X-HV has no email: a warning, not an error
    assert codes(d, Severity.WARNING) == ["def.no_email"]
    assert d.reporting == ["BTCTU", "BTGDVTU", "DU-P-HC", "DU-X-HV"]


def test_check_json_routes_and_expands(mini_ws):
    result = CliRunner().invoke(cli, ["-w", str(mini_ws), "check", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    tasks = {t["code"]: t for t in data["tasks"]}
    assert tasks["III.4.(1)"]["lead"] == ["BTGDVTU"]
    assert tasks["III.4.(1)"]["support"] == ["BTCTU"]
    assert tasks["III.4.(1)"]["collective"] == ["Các cơ quan liên quan"]
    assert sorted(tasks["II.1-a"]["execute"]) == ["BTCTU", "BTGDVTU", "DU-P-HC", "DU-X-HV"]
    assert tasks["II.1-a"]["deadline"]["kind"] == "continuous"
    assert tasks["III.4.(1)"]["deadline"] == {**tasks["III.4.(1)"]["deadline"], "kind": "from_year", "year": 2022}
    assert data["indicators"][0]["target"]["op"] == ">="
    assert data["indicators"][0]["reporters"] == ["DU-P-HC", "DU-X-HV"]
    agencies = {a["code"]: a for a in data["agencies"]}
    assert agencies["BTGTU"]["active"] is False and agencies["BTGTU"]["reporting"] is False
    assert agencies["BTGDVTU"]["active"] is True
    assert data["programme"]["issue_date"] == "2022-08-16"
    assert data["cycle"]["due"] == "2025-12-15"
    # ready.*: what the report still needs from ctrxl.toml (place, signer, number), warnings only
    assert [i["code"] for i in data["issues"] if not i["code"].startswith("ready.")] == ["def.no_email"]


def test_mistakes_each_named_at_its_line(mini_ws, write):
    bad = MINI_PROGRAMME.replace("lead: [BTGTU]", "lead: [BTGXX]")  # unknown agency
    bad = bad.replace("code: III.4.(1)", "code: II.1-a")  # duplicate task code
    bad = bad.replace("deadline: (từ năm 2022)", "deadline: trước ngày 31/2/2025")  # impossible date
    bad = bad.replace('    target: {op: ">=", value: 90}\n', "")  # no target
    bad = bad.replace('    unit: "%"\n', "")  # no unit
    bad = bad.replace("    execute: [CAC-DON-VI]\n", "")  # no lead, no executor
    path = write("programme.yaml", bad)
    lines = path.read_text(encoding="utf-8").splitlines()
    d = load(mini_ws)
    found = {p.code: p for p in d.problems if p.severity == Severity.ERROR}
    assert set(found) >= {"def.unknown_agency", "def.duplicate_code", "def.deadline_invalid",
                          "def.indicator_no_target", "def.indicator_no_unit", "def.no_lead"}

    def line_of(needle):
        return next(i for i, line in enumerate(lines, 1) if needle in line)

    assert found["def.unknown_agency"].location.line == line_of("lead: [BTGXX]")
    assert found["def.unknown_agency"].location.file == "programme.yaml"
    assert "BTGXX" in found["def.unknown_agency"].message()
    assert "BTGTU" in found["def.unknown_agency"].hint()  # closest candidate suggested
    dup_line = [i for i, line in enumerate(lines, 1) if "code: II.1-a" in line][1]
    assert found["def.duplicate_code"].location.line == dup_line
    assert found["def.deadline_invalid"].location.line == line_of("trước ngày 31/2/2025")
    assert found["def.indicator_no_target"].location.line == line_of("code: CT-1")
    assert found["def.no_lead"].location.line == line_of("code: II.1-a")


def test_mistakes_exit_1_and_messages_in_vietnamese(mini_ws, write):
    path = write("programme.yaml", MINI_PROGRAMME.replace("lead: [BTGTU]", "lead: [BTGXX]"))
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "BTGXX" in text)
    result = CliRunner().invoke(cli, ["-w", str(mini_ws), "check"])
    assert result.exit_code == 1
    assert f"programme.yaml, dòng {line}" in result.output
    assert "không có đơn vị hay nhóm nào mã «BTGXX»" in result.output
    assert "Định nghĩa có 1 lỗi" in result.output
    en = CliRunner().invoke(cli, ["-w", str(mini_ws), "--lang", "en", "check"])
    assert en.exit_code == 1
    assert f"programme.yaml, line {line}" in en.output and "no agency or group with code «BTGXX»" in en.output


def test_registry_mistakes(mini_ws, write):
    bad = MINI_REGISTRY.replace("        to: [BTGDVTU]", "        to: [BTGDVTU]\n      - kind: renamed_to\n        to: [BTGTU]")
    bad = bad.replace("    active_from: 1/3/2025", "    active_from: 1/3/2025\n    successors:\n      - kind: merged_into\n        to: [BTGTU]")
    bad = bad.replace("emails: [hc@example.org]", "emails: [hc-at-example.org]")
    bad = bad.replace("include: [BAN-DANG, DU-XA-PHUONG]", "include: [BAN-DANG, DU-XA-PHUONG, KHONG-CO]")
    bad = bad.replace("    active_to: 28/2/2025", "    active_to: 30/2/2025")
    write("registry.yaml", bad)
    d = load(mini_ws)
    got = codes(d, Severity.ERROR)
    assert "def.successor_cycle" in got
    assert "def.bad_email" in got
    assert "def.unknown_agency" in got
    assert "def.bad_date" in got
    cyc = next(p for p in d.problems if p.code == "def.successor_cycle")
    assert "BTGTU" in cyc.message() and "BTGDVTU" in cyc.message()
    assert cyc.location.file == "registry.yaml" and cyc.location.line is not None


def test_yaml_syntax_error_points_at_line(mini_ws, write):
    write("registry.yaml", "agencies:\n  - code: A\n    name: [unclosed\n  - code: B\n")
    d = load(mini_ws)
    [p] = d.problems  # one problem, named for what a hand editor did: no follow-on errors
    assert p.code == "yaml.unclosed_list" and p.params == {"start": 3}
    assert p.location.line is not None and p.location.file == "registry.yaml"


def test_inactive_agency_without_successor(mini_ws, write):
    write("registry.yaml", MINI_REGISTRY.replace("""    successors:
      - kind: merged_into
        to: [BTGDVTU]
        date: 1/3/2025
""", ""))
    d = load(mini_ws)
    p = next(p for p in d.problems if p.code == "def.routes_to_nobody")
    assert p.location.line is not None and "BTGTU" in p.message()
    assert "def.task_nobody" in codes(d)


def test_cycle_recipient_unknown_points_at_config(mini_ws):
    cfg = mini_ws / "ctrxl.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('recipient = "BTCTU"', 'recipient = "BTCX"'), encoding="utf-8")
    d = load(mini_ws)
    p = next(p for p in d.problems if p.code == "def.cycle_recipient")
    line = next(i for i, t in enumerate(cfg.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("recipient"))
    assert p.location.file == "ctrxl.toml" and p.location.line == line
