"""Issue 12 item 5: a workspace that guides (init starter files, refusal of non-empty folders, report
readiness warnings in check, commands with nothing to do say what to do first)."""
import json
import re
from pathlib import Path

from click.testing import CliRunner

from ctrxl.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_blank_init_writes_a_starter_definition_and_the_next_step(tmp_path):
    ws = tmp_path / "w"
    result = run("init", ws, "--year", "2026")
    assert result.exit_code == 0
    assert "import" in result.output and "dinh-nghia.xlsx" in result.output and "check" in result.output
    assert (ws / "dinh-nghia.xlsx").is_file()
    toml = (ws / "ctrxl.toml").read_text(encoding="utf-8")
    assert re.search(r'(?m)^programme = "dinh-nghia.xlsx"', toml)
    assert re.search(r'(?m)^registry = "dinh-nghia.xlsx"', toml)
    check = run("-w", ws, "check")
    assert check.exit_code == 1  # an empty definition has errors, but no crash and no missing programme.yaml
    assert "Traceback" not in check.output and "programme.yaml" not in check.output
    assert "Định nghĩa còn trống" in check.output and "ctrxl import" in check.output


def test_init_refuses_a_non_empty_folder_unless_forced(tmp_path):
    ws = tmp_path / "w"
    ws.mkdir()
    (ws / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    refused = run("init", ws)
    assert refused.exit_code == 2 and "--force" in refused.output
    assert sorted(p.name for p in ws.iterdir()) == ["ghi-chu.txt"]
    assert run("init", ws, "--force").exit_code == 0
    assert (ws / "ctrxl.toml").is_file() and (ws / "ghi-chu.txt").read_text(encoding="utf-8") == "của tôi"


def test_demo_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    result = run("demo", tmp_path)
    assert result.exit_code == 2 and "--force" in result.output
    assert not (tmp_path / "ctrxl.toml").exists()


def test_check_warns_about_what_the_report_needs(tmp_path):
    ws = tmp_path / "w"
    run("init", ws, "--example", "danang-nq21")
    toml = ws / "ctrxl.toml"
    text = toml.read_text(encoding="utf-8")
    for key in ("place", "signer_name", "number"):
        text = re.sub(rf'(?m)^{key} = ".*?"', f'{key} = ""', text, count=1)
    toml.write_text(text, encoding="utf-8")
    result = run("-w", ws, "check", "--json")
    assert result.exit_code == 0
    issues = {p["code"]: p for p in json.loads(result.output)["issues"]}
    for key in ("place", "signer_name", "number"):
        assert issues[f"ready.{key}"]["severity"] == "warning"
        assert f"report.{key}" in json.dumps(issues[f"ready.{key}"], ensure_ascii=False)
    assert "ready.recipient" not in issues and "ready.signer_title" not in issues
    text = run("-w", ws, "check").output
    assert "«place» ở mục [report] của ctrxl.toml" in text


def test_commands_with_nothing_to_do_say_what_to_do_first(tmp_path):
    ws = tmp_path / "w"
    run("init", ws, "--example", "danang-nq21")
    remind = run("-w", ws, "remind")
    assert remind.exit_code == 2 and "ctrxl send" in remind.output
    missing = run("-w", ws, "collect", tmp_path / "khong-co.zip")
    assert missing.exit_code == 2 and "khong-co.zip" in missing.output
    assert not list((ws / "archive").iterdir())  # nothing archived or quarantined
    cons = run("-w", ws, "consolidate", "--json")
    assert cons.exit_code == 0
    assert "ctrxl collect" in cons.stderr
    json.loads(cons.stdout)  # stdout stays JSON


def test_the_clerks_path_without_yaml(tmp_path):
    """Blank workspace → import the programme text into the workbook → fix it with names, as a clerk in
    Excel would → check → generate → send --dry-run. No YAML written by hand."""
    from pathlib import Path

    import openpyxl

    from ctrxl.definition import xlsx_layout as L

    repo = Path(__file__).resolve().parents[1]
    registry = repo / "ctrxl" / "resources" / "examples" / "danang-nq21" / "registry.yaml"
    source = repo.parent / "shared" / "programmes" / "danang-ctr-tb165-2025.txt"
    if not source.is_file():
        source = Path("/work/shared/programmes/danang-ctr-tb165-2025.txt")
    ws = tmp_path / "w"
    assert run("init", ws, "--year", "2025").exit_code == 0
    book = ws / "dinh-nghia.xlsx"
    imported = run("-w", ws, "import", source, "-o", book, "--registry", registry, "--force")
    assert imported.exit_code == 0, imported.output
    assert "ctrxl check" in imported.output and "ctrxl.toml" not in imported.output.splitlines()[-1]
    before = json.loads(run("-w", ws, "check", "--json").output)
    missing = [p for p in before["issues"] if p["code"] == "def.no_lead"]
    assert missing
    wb = openpyxl.load_workbook(book)
    tasks = wb[L.TASKS.name]
    header = [c.value for c in tasks[1]]
    lead = header.index("Chủ trì") + 1
    symbol_row = next(r for r in wb[L.PROGRAMME.name].iter_rows(min_row=2) if r[0].value == "symbol")
    symbol_row[1].value = "05-CTr/TU"
    for row in range(2, tasks.max_row + 1):
        if tasks.cell(row, 1).value and not any(tasks.cell(row, c).value for c in (lead, lead + 2)):
            tasks.cell(row, lead, "ban tổ chức thành uỷ")  # a name, lower case, old tone placement
    wb.save(book)
    toml = ws / "ctrxl.toml"
    toml.write_text(re.sub(r'(?m)^recipient = ""', 'recipient = "BTCTU"', toml.read_text(encoding="utf-8")),
                    encoding="utf-8")
    check = run("-w", ws, "check")
    assert check.exit_code == 0, check.output
    assert run("-w", ws, "generate").exit_code == 0
    sent = run("-w", ws, "send", "--dry-run", "--json")
    assert sent.exit_code in (0, 1), sent.output  # 1: some agencies of the example registry have no address
    assert any(p.suffix == ".eml" for p in (ws / "outbox").iterdir())


def test_starter_registry_matches_a_programme(tmp_path):
    """init --registry starter fills the workbook's registry; import then matches the programme's names."""
    import openpyxl

    from ctrxl.definition import xlsx_layout as L

    ws = tmp_path / "w"
    result = run("init", ws, "--year", "2025", "--registry", "starter")
    assert result.exit_code == 0 and "--registry" not in result.output
    wb = openpyxl.load_workbook(ws / "dinh-nghia.xlsx")
    names = {r[1] for r in wb[L.GROUPS.name].iter_rows(min_row=2, values_only=True)}
    assert {"Các ban xây dựng Đảng", "Các đảng ủy trực thuộc", "Các đảng ủy xã, phường"} <= names
    source = Path("/work/shared/programmes/danang-ctr-tb165-2025.txt")
    repo_source = Path(__file__).resolve().parents[2] / "shared" / "programmes" / source.name
    source = repo_source if repo_source.is_file() else source
    out = run("-w", ws, "--lang", "en", "import", source, "--json")
    assert out.exit_code == 0
    data = json.loads(out.output)
    assigned = [t for t in data["tasks"] if any(t["assigned"].values())]
    assert len(assigned) >= 30
    collective = [t for t in data["tasks"] if t["collective"]]
    assert collective == [] or all(t["collective"] == ["Các cơ quan liên quan"] for t in collective)


def test_names_the_registry_lacks_become_proposed_rows_to_confirm(tmp_path):
    import openpyxl

    from ctrxl.definition import xlsx_layout as L

    ws = tmp_path / "w"
    run("init", ws, "--year", "2025", "--registry", "starter")
    source = Path("/work/shared/programmes/danang-ctr-tb165-2025.txt")
    repo_source = Path(__file__).resolve().parents[2] / "shared" / "programmes" / source.name
    source = repo_source if repo_source.is_file() else source
    book = ws / "dinh-nghia.xlsx"
    assert run("-w", ws, "import", source, "-o", book, "--force").exit_code == 0
    data = json.loads(run("-w", ws, "check", "--json").output)
    proposed = [p for p in data["issues"] if p["code"] == "xlsx.proposed_row"]
    assert proposed and all(p["severity"] == "warning" for p in proposed)
    assert not any(a["code"].startswith("?") for a in data["agencies"])  # left out until confirmed
    wb = openpyxl.load_workbook(book)
    sheet = wb[L.AGENCIES.name]
    row = next(r for r in sheet.iter_rows(min_row=2) if str(r[0].value or "").startswith("?"))
    name = row[1].value
    row[0].value = row[0].value.removeprefix("?")  # the clerk confirms one row
    wb.save(book)
    data = json.loads(run("-w", ws, "check", "--json").output)
    assert name in {a["name"] for a in data["agencies"]}
    assert len([p for p in data["issues"] if p["code"] == "xlsx.proposed_row"]) == len(proposed) - 1
