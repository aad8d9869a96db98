"""Issue 12 item 1: the Excel definition as the clerk's working copy (import -o .xlsx, ctrxl convert)."""
import json
import re
import shutil
from pathlib import Path

import openpyxl
import yaml
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.definition import xlsx_layout as L
from ctrxl.messages.cli import ENTRIES as CLI_ENTRIES

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "ctrxl" / "resources" / "examples" / "danang-nq21"
TB165 = REPO.parent / "shared" / "programmes" / "danang-ctr-tb165-2025.txt"
TB165 = TB165 if TB165.is_file() else Path("/work/shared/programmes/danang-ctr-tb165-2025.txt")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _workspace(tmp_path: Path, name: str, programme: str, registry: str) -> Path:
    ws = tmp_path / name
    ws.mkdir()
    text = (EXAMPLE / "ctrxl.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^programme = ".*"', f'programme = "{programme}"', text)
    text = re.sub(r'(?m)^registry = ".*"', f'registry = "{registry}"', text)
    (ws / "ctrxl.toml").write_text(text, encoding="utf-8")
    return ws


def _check_json(ws: Path) -> dict:
    result = run("-w", ws, "check", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_example_yaml_to_xlsx_to_yaml_gives_the_same_definition(tmp_path):
    original = _workspace(tmp_path, "a", "programme.yaml", "registry.yaml")
    for name in ("programme.yaml", "registry.yaml"):
        shutil.copy(EXAMPLE / name, original / name)
    xlsx_ws = _workspace(tmp_path, "b", "dinh-nghia.xlsx", "dinh-nghia.xlsx")
    back = _workspace(tmp_path, "c", "programme.yaml", "registry.yaml")
    assert run("convert", original / "programme.yaml", xlsx_ws / "dinh-nghia.xlsx",
               "--registry", original / "registry.yaml").exit_code == 0
    result = run("convert", xlsx_ws / "dinh-nghia.xlsx", back / "programme.yaml",
                 "--registry-out", back / "registry.yaml")
    assert result.exit_code == 0, result.output
    first, middle, last = _check_json(original), _check_json(xlsx_ws), _check_json(back)
    assert first == last
    # The workbook loads to the same definition too (problems name other files, nothing else differs).
    assert {k: v for k, v in first.items() if k != "issues"} == {k: v for k, v in middle.items() if k != "issues"}
    assert yaml.safe_load((back / "programme.yaml").read_text(encoding="utf-8")) == \
        yaml.safe_load((EXAMPLE / "programme.yaml").read_text(encoding="utf-8"))


def test_one_yaml_file_holds_programme_and_registry(tmp_path):
    run("convert", EXAMPLE / "programme.yaml", tmp_path / "d.xlsx", "--registry", EXAMPLE / "registry.yaml")
    result = run("convert", tmp_path / "d.xlsx", tmp_path / "all.yml", "--json")
    assert result.exit_code == 0
    out = json.loads(result.output)
    assert out["written"] == [str(tmp_path / "all.yml")] and out["counts"]["tasks"] > 0
    doc = yaml.safe_load((tmp_path / "all.yml").read_text(encoding="utf-8"))
    assert {"programme", "tasks", "agencies", "groups"} <= set(doc)


def test_convert_refuses_wrong_extension_and_overwrite(tmp_path):
    bad = run("convert", EXAMPLE / "programme.yaml", tmp_path / "d.docx")
    assert bad.exit_code == 2 and "Lỗi:" in bad.output and ".xlsx" in bad.output
    assert list(tmp_path.iterdir()) == []
    target = tmp_path / "d.yaml"
    target.write_text("cũ", encoding="utf-8")
    again = run("convert", EXAMPLE / "programme.yaml", target)
    assert again.exit_code == 2 and "--force" in again.output
    assert target.read_text(encoding="utf-8") == "cũ"
    assert run("convert", EXAMPLE / "programme.yaml", target, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") != "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]  # no temporary file left


def test_convert_refuses_a_broken_source(tmp_path):
    broken = tmp_path / "p.yaml"
    broken.write_text("tasks: [\n", encoding="utf-8")
    result = run("convert", broken, tmp_path / "d.xlsx")
    assert result.exit_code == 2 and "không ghi gì" in result.output
    assert not (tmp_path / "d.xlsx").exists()


def test_import_to_xlsx_writes_the_definition_workbook_with_review_and_registry(tmp_path):
    out = tmp_path / "dinh-nghia.xlsx"
    result = run("import", TB165, "--registry", EXAMPLE / "registry.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert "Rà soát" in result.output and "ctrxl check" in result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == [L.GUIDE_SHEET, L.REVIEW_SHEET, L.PROGRAMME.name]
    review = list(wb[L.REVIEW_SHEET].iter_rows(values_only=True))
    assert review[0] == tuple(h for h, _ in L.REVIEW_COLUMNS)
    assert len(review) > 5
    assert all(row[2] and row[3] for row in review[1:])  # decided, and what to check
    assert any(str(row[0]).startswith("dòng ") for row in review[1:])
    assert wb[L.AGENCIES.name].max_row > 100  # the registry came along
    assert wb[L.TASKS.name].max_row > 10
    # The workbook is a definition: it reads back, the review sheet is not an unknown sheet.
    json_out = run("convert", out, tmp_path / "back.yaml", "--json")
    assert json_out.exit_code == 0, json_out.output
    # Only the rows proposed for names the registry lacks, marked "?" for the clerk to confirm.
    assert set(json.loads(json_out.output)["warnings"]) <= {"xlsx.proposed_row"}


def test_import_keeps_yaml_and_refuses_other_extensions(tmp_path):
    yml = tmp_path / "draft.yaml"
    assert run("import", TB165, "-o", yml).exit_code == 0
    assert yaml.safe_load(yml.read_text(encoding="utf-8"))["tasks"]
    bad = run("import", TB165, "-o", tmp_path / "draft.docx")
    assert bad.exit_code == 2 and ".xlsx" in bad.output
    assert not (tmp_path / "draft.docx").exists()
    exists = run("import", TB165, "-o", yml)
    assert exists.exit_code == 2 and "--force" in exists.output


# ---------------------------------------------------------------- item 2: names, not codes


def _names_workspace(tmp_path: Path) -> tuple[Path, Path]:
    ws = _workspace(tmp_path, "names", "dinh-nghia.xlsx", "dinh-nghia.xlsx")
    book = ws / "dinh-nghia.xlsx"
    assert run("convert", EXAMPLE / "programme.yaml", book, "--registry", EXAMPLE / "registry.yaml").exit_code == 0
    return ws, book


def _set_leads(book: Path, values: list[str]) -> list[int]:
    """Type ``values`` in the Chủ trì column of the first tasks, as a clerk would; their Excel rows."""
    wb = openpyxl.load_workbook(book)
    ws = wb[L.TASKS.name]
    col = [c.value for c in ws[1]].index("Chủ trì") + 1
    rows = list(range(2, 2 + len(values)))
    for row, value in zip(rows, values, strict=True):
        ws.cell(row, col, value)
    wb.save(book)
    return rows


def test_agency_cells_accept_names(tmp_path):
    ws, book = _names_workspace(tmp_path)
    before = _check_json(ws)
    wb = openpyxl.load_workbook(book)
    tasks = wb[L.TASKS.name]
    col = [c.value for c in tasks[1]].index("Chủ trì") + 1
    rows = [r for r in range(2, tasks.max_row + 1) if tasks.cell(r, col).value][:4]
    assert len(rows) == 4
    agencies = {row[0]: row for row in wb[L.AGENCIES.name].iter_rows(min_row=2, values_only=True)}
    # Replace every code by the agency's full name (NFD, upper case: still an exact match).
    import unicodedata
    for r in rows:
        names = [agencies[c][1] if c in agencies else c for c in tasks.cell(r, col).value.split("; ")]
        text = "; ".join(names)
        tasks.cell(r, col, unicodedata.normalize("NFD", text).upper() if r == rows[0] else text)
    wb.save(book)
    after = run("-w", ws, "check", "--json")
    assert after.exit_code == 0, after.output
    data = json.loads(after.output)
    assert data["tasks"] == before["tasks"]
    assert not [p for p in data["issues"] if p["code"].startswith("xlsx.agency")]


def test_near_name_is_a_warning_and_no_match_an_error_with_candidates(tmp_path):
    ws, book = _names_workspace(tmp_path)
    rows = _set_leads(book, ["Ban Tổ chức Thành ủ", "Ban Kinh tế Trung ương"])
    result = run("-w", ws, "check", "--json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["issues"]
    near = [p for p in problems if p["code"] == "xlsx.agency_near"]
    assert len(near) == 1 and "BTCTU" in near[0]["message"] and near[0]["severity"] == "warning"
    unknown = [p for p in problems if p["code"] == "xlsx.agency_unknown"]
    assert len(unknown) == 1 and unknown[0]["severity"] == "error"
    assert "gần nhất" in unknown[0]["message"]
    where = json.dumps(unknown[0], ensure_ascii=False)
    assert "Nhiệm vụ" in where and str(rows[1]) in where and "Chủ trì" in where
    # One message for the cell, not a second "no agency with code …" from the validator.
    assert not [p for p in problems if p["code"] == "def.unknown_agency"]
    text = run("-w", ws, "check").output
    assert "Ban Kinh tế Trung ương" in text and "mã «Ban Kinh tế Trung ương»" not in text


def test_dropdowns_list_names(tmp_path):
    _ws, book = _names_workspace(tmp_path)
    wb = openpyxl.load_workbook(book, data_only=True)
    lists = wb[L.LISTS_SHEET]
    header = [c.value for c in lists[1]]
    col = header.index("Tên nhóm và đơn vị") + 1
    shown = [lists.cell(r, col).value for r in range(2, 40)]
    assert "Ban Tổ chức Thành ủy" in shown and "BTCTU" not in shown


def test_convert_writes_codes_for_names_typed_in_the_workbook(tmp_path):
    _ws, book = _names_workspace(tmp_path)
    _set_leads(book, ["Ban Tổ chức Thành ủy", "uỷ ban kiểm tra thành uỷ"])
    out = tmp_path / "back.yaml"
    assert run("convert", book, out).exit_code == 0
    tasks = yaml.safe_load(out.read_text(encoding="utf-8"))["tasks"]
    assert tasks[0]["lead"] == ["BTCTU"] and tasks[1]["lead"] == ["UBKTTU"]


def _labels() -> set[str]:
    """What the clerk sees in the definition workbook: sheet names, column headers, the Chương
    trình sheet's field labels (and "Văn bản được thực hiện", the start of five of them)."""
    out = {s.name for s in L.SHEETS} | {c.header for s in L.SHEETS for c in s.columns}
    out |= {label for _, _, label, _ in L.PROGRAMME_FIELDS}
    out |= {label.split(":")[0] for _, _, label, _ in L.PROGRAMME_FIELDS}
    return out


def _keys() -> set[str]:
    """What the clerk must not see: the document's field keys and the codes of the fixed lists."""
    out = {part for s in L.SHEETS for c in s.columns for part in c.field.split(".") if part}
    out |= {key for key, _, _, _ in L.PROGRAMME_FIELDS} | {key.split("_")[-1] for key, _, _, _ in L.PROGRAMME_FIELDS}
    out |= {c.code for choices in (L.DEADLINE_KINDS, L.INDICATOR_KINDS, L.TARGET_OPS) for c in choices}
    return {k for k in out if len(k) > 2}


def test_every_review_hint_names_the_fields_by_their_vietnamese_labels():
    """The «Cần kiểm tra» hints quote only what the workbook shows (catalogue-wide, every import code)."""
    from ctrxl.messages import importer

    labels = _labels()
    for key, (vi, _en) in importer.ENTRIES.items():
        if key.startswith("import.check."):
            for quoted in re.findall(r"«([^»{}]+)»", vi):
                assert quoted in labels, (key, quoted)
            assert not set(re.findall(r"[A-Za-z_]+", vi)) & _keys(), key


def test_the_review_sheet_shows_no_english_key(tmp_path):
    """The clerk's review sheet of two real programmes: no field key, no deadline code such as
    «year» or «from_year» — the principal deadline is named in Vietnamese."""
    keys = _keys()
    labels = _labels()
    seen_principal = False
    for source in (TB165, REPO / "tests" / "data" / "programmes" / "danang-17-ctr-tu-nq21.txt"):
        out = tmp_path / f"{source.stem}.xlsx"
        result = run("import", source, "--registry", "starter", "-o", out)
        assert result.exit_code == 0, result.output
        rows = list(openpyxl.load_workbook(out)[L.REVIEW_SHEET].iter_rows(values_only=True))[1:]
        for where, _passage, decided, check in rows:
            # the decided text quotes the source and the programme's codes: only the words outside «…»
            words = set(re.findall(r"[A-Za-z_]+", re.sub(r"«[^»]*»", "", f"{decided} {check}")))
            assert not words & keys, (where, decided, check)
            for quoted in re.findall(r"«([^»]+)»", check):
                assert quoted in labels, (where, check)
            if "thời hạn chính:" in decided:
                seen_principal = True
                # the principal deadline is named by its Vietnamese kind label, never its code
                kinds = "|".join(re.escape(vi) for key, (vi, _en) in CLI_ENTRIES.items() if key.startswith("deadline_kind."))
                assert re.search(rf"thời hạn chính: ({kinds})", decided), decided
    assert seen_principal
