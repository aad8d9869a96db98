"""Issue 12 item 5: a workspace that guides (init starter files, refusal of non-empty folders, report
readiness warnings in check, commands with nothing to do say what to do first)."""
import json
import re
from pathlib import Path

from click.testing import CliRunner

from ctrxl.cli import cli

PROGRAMMES = Path(__file__).resolve().parent / "data" / "programmes"  # copied from shared/, see SOURCES.md


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
    """The clerk's whole first cycle, no YAML written by hand: the programme's Word file (made by
    LibreOffice from the TB165 text) → import into the workbook with the starter registry → the
    review sheet read and the workbook fixed as a clerk would in Excel (names typed, the row the
    import could not assign fixed, emails typed) → check → generate → send --dry-run → report.
    Every text cites the programme's Thông báo as a Thông báo."""
    import email
    import html
    from email import policy

    import docx
    import openpyxl

    from ctrxl.definition import xlsx_layout as L
    from tests.libreoffice import convert

    text = (PROGRAMMES / "danang-ctr-tb165-2025.txt").read_text(encoding="utf-8")
    page = tmp_path / "ctr-tb165.html"
    page.write_text("<html><head><meta charset='utf-8'></head><body>" + "".join(
        f"<p>{html.escape(line.replace('**', ''))}</p>" for line in text.split("\n")) + "</body></html>",
        encoding="utf-8")
    word = convert(page, "docx:MS Word 2007 XML", tmp_path / "word")
    ws = tmp_path / "w"
    assert run("init", ws, "--year", "2025").exit_code == 0
    book = ws / "dinh-nghia.xlsx"
    imported = run("-w", ws, "import", word, "-o", book, "--registry", "starter", "--force")
    assert imported.exit_code == 0, imported.output
    assert "Thông báo số 165-TB/VPTW ngày 08/4/2025 của Văn phòng Trung ương Đảng" in imported.output
    assert run("-w", ws, "check").exit_code == 1  # III.4 has nobody to lead it yet

    wb = openpyxl.load_workbook(book)
    review = [r for r in wb[L.REVIEW_SHEET].iter_rows(min_row=2, values_only=True)]
    assert any("Thông báo số 165-TB/VPTW" in (r[2] or "") for r in review)
    prog = {r[0].value: r[1] for r in wb[L.PROGRAMME.name].iter_rows(min_row=2)}
    assert prog["Văn bản được thực hiện: số, ký hiệu"].value == "165-TB/VPTW"
    assert prog["Văn bản được thực hiện: cơ quan ban hành"].value == "Văn phòng Trung ương Đảng"
    prog["Số, ký hiệu chương trình"].value = "05-CTr/TU"  # the text has no number: the clerk types it
    prog["Ngày ban hành"].value = "20/5/2025"
    agencies = wb[L.AGENCIES.name]
    head = [c.value for c in agencies[1]]
    for n, row in enumerate(agencies.iter_rows(min_row=2), start=1):
        code = str(row[0].value or "")
        if row[1].value == "Báo và Đài Phát thanh, Truyền hình Đà Nẵng":
            row[0].value = code.removeprefix("?")  # the proposed row, confirmed
        elif code.startswith("?"):
            continue
        row[head.index("Email")].value = f"don-vi-{n}@example.org"
    tasks = wb[L.TASKS.name]
    lead = [c.value for c in tasks[1]].index("Chủ trì")
    fixed = next(r for r in tasks.iter_rows(min_row=2) if r[0].value == "III.4")
    assert not fixed[lead].value
    fixed[lead].value = "báo và đài phát thanh, truyền hình đà nẵng"  # typed, lower case
    wb.save(book)
    toml = ws / "ctrxl.toml"
    toml.write_text(re.sub(r'(?m)^recipient = ""', 'recipient = "Văn phòng Thành ủy"', toml.read_text(encoding="utf-8")),
                    encoding="utf-8")

    check = run("-w", ws, "check")
    assert check.exit_code == 0, check.output
    assert run("-w", ws, "generate").exit_code == 0
    sent = run("-w", ws, "send", "--dry-run")
    assert sent.exit_code == 0, sent.output
    mails = sorted((ws / "outbox").glob("*.eml"))
    assert len(mails) == 14
    for path in mails:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = msg.get_body(("plain",)).get_content()
        assert "Chương trình hành động số 05-CTr/TU ngày 20/5/2025 của Ban Thường vụ Thành ủy thực hiện Thông báo số " \
               "165-TB/VPTW ngày 08/4/2025 của Văn phòng Trung ương Đảng" in body
        assert "Nghị quyết số 165" not in body
        assert "Thông báo số 165-TB/VPTW ngày 08/4/2025" in msg.get_body(("html",)).get_content()
    assert run("-w", ws, "report", "--agency", "VPTU").exit_code == 0
    for report in (next((ws / "output").glob("bao-cao-*/bao-cao-tong-hop.docx")),
                   next((ws / "output").glob("bao-cao-*/don-vi/*.docx"))):  # the city's and the agency's
        paragraphs = [p.text for p in docx.Document(str(report)).paragraphs]
        assert "Nghị quyết số 165" not in "\n".join(paragraphs)
        assert any(p.startswith("kết quả thực hiện năm 2025 Chương trình hành động số 05-CTr/TU") and
                   p.endswith("thực hiện Thông báo số 165-TB/VPTW") for p in paragraphs)  # the subject line
        assert any(p.startswith("Thực hiện Chương trình hành động số 05-CTr/TU") and
                   "thực hiện Thông báo số 165-TB/VPTW ngày 08/4/2025 của Văn phòng Trung ương Đảng về kết luận" in p
                   for p in paragraphs)  # the opening
    cover = openpyxl.load_workbook(next((ws / "output").glob("bieu-mau-*/*.xlsx")))["Nhiệm vụ"]
    assert cover.cell(2, 1).value == "Chương trình hành động số 05-CTr/TU ngày 20/5/2025 thực hiện Thông báo số 165-TB/VPTW"


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
