"""Other programmes of the family: hand-written variants (numbering "II-" and "1)", markdown
headings, paragraphs instead of bullets, sub-bullets, targets packed into sentences, tables),
the text-repair rules on their own, and the ``ctrxl import`` command."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import docx  # python-docx, a dependency of ctrxl
import pytest
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.definition.deadline import parse_deadline
from ctrxl.importer import import_programme
from ctrxl.importer.lines import SourceLine
from ctrxl.importer.pipeline import load_registry
from ctrxl.importer.repair import repair
from ctrxl.importer.review import Place

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "import"
REGISTRY = ROOT / "examples" / "danang-nq21" / "registry.yaml"


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY)


def _tasks(result):
    return {t["code"]: t for t in result.document["tasks"]}


def test_markdown_dash_parts_and_paren_numbers(registry):
    result = import_programme(DATA / "hue-markdown.md", registry=registry)
    prog = result.document["programme"]
    assert prog["symbol"] == "12-CTr/TU"
    assert prog["title"].startswith("Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW")
    assert prog["implements"] == [{"symbol": "57-NQ/TW", "date": "22/12/2024", "issuer": "Bộ Chính trị",
                                   "title": "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển "
                                            "đổi số quốc gia"}]
    tasks = _tasks(result)
    assert sorted(tasks) == ["II.1-a", "II.1-b", "II.2-a", "II.2-b", "III.1", "III.2"]
    assert tasks["II.1-a"]["lead"] == ["BTGDVTU"] and tasks["II.1-b"]["coordinate"] == ["BAN-DANG"]
    assert "Sở Khoa học và Công nghệ tỉnh Bình Trị" in tasks["II.1-a"]["notes"]
    assert tasks["II.2-b"]["lead"] == ["DU-UBND"] and "LIEN-QUAN" in tasks["II.2-b"]["coordinate"]
    assert tasks["III.1"]["lead"] == ["VPTU"] and tasks["III.2"]["lead"] == ["BTCTU"]
    assert "**" not in tasks["II.1-a"]["text"]
    assert parse_deadline(tasks["II.1-a"]["deadline"]).kind.value == "date"
    assert parse_deadline(tasks["III.1"]["deadline"]).kind.value == "yearly"
    inds = {x["text"][:20]: x for x in result.document["indicators"]}
    targets = [(x["unit"], x["target"]) for x in result.document["indicators"]]
    assert ("%", {"op": "between", "min": 7, "max": 7.5}) in targets
    assert ("%", {"op": ">", "value": 15}) in targets
    assert ("USD", {"op": ">=", "value": 7000}) in targets
    assert ("%", {"op": ">=", "value": 90}) in targets
    assert ("tỷ đồng", {"op": ">=", "value": 50}) in targets
    assert all(x["year"] == 2030 for x in result.document["indicators"] if x.get("unit") == "USD")
    assert any(x.get("yearly") for x in inds.values())
    codes = {i.code for i in result.review}
    assert {"import.paragraph_task", "import.subject_lead", "import.unmatched_name", "import.target_split"} <= codes


def test_paragraphs_agency_headings_and_footnotes_without_a_matching_registry(registry):
    result = import_programme(DATA / "quangngai-paragraphs.txt", registry=registry)
    tasks = _tasks(result)
    assert sorted(tasks) == ["II.1-a", "II.1-b", "II.2-a", "II.2-b", "III.1.(1)", "III.1.(2)", "III.2.(1)",
                             "III.3.(1)"]
    assert "⁽¹⁾" not in tasks["II.1-b"]["text"] and "Nghị quyết số 35" not in tasks["II.1-b"]["text"]
    assert tasks["II.2-a"]["text"].endswith("(trong quý IV/2022).")
    assert parse_deadline(tasks["II.2-b"]["deadline"]).kind.value == "conditional"
    # "Tỉnh ủy" agencies are not in the Đà Nẵng registry: kept as notes with candidates, never invented
    assert "lead" not in tasks["III.2.(1)"]
    assert "Ban Tổ chức Tỉnh ủy" in tasks["III.2.(1)"]["notes"]
    unmatched = [i for i in result.review if i.code == "import.unmatched_name"]
    assert any("Ban Tổ chức Thành ủy" in i.message() for i in unmatched)
    assert {i.place.n for i in result.review if i.code == "import.no_assignment"} == {16, 18, 23, 26}
    assert "Nơi nhận" not in json.dumps(result.document, ensure_ascii=False)


def test_sub_bullets_targets_in_sentences_and_execute_lines(registry):
    result = import_programme(DATA / "haiphong-subbullets.txt", registry=registry)
    tasks = _tasks(result)
    assert sorted(tasks) == ["II.1-a", "II.1-b", "II.2-a"]
    assert "\n+ Công nghiệp điện tử, bán dẫn;" in tasks["II.1-a"]["text"]
    assert tasks["II.1-a"]["lead"] == ["BCS-UBND"] and tasks["II.1-b"]["lead"] == ["BCS-UBND"]
    assert tasks["II.2-a"]["execute"] == ["QU-HU", "DU-TRUC-THUOC"]
    inds = result.document["indicators"]
    assert [(x["code"], x["target"]) for x in inds] == [
        ("CT-2-2025-1", {"op": ">", "value": 60}),
        ("CT-2-2025-2", {"op": ">=", "value": 90}),
        ("CT-2-2025-3", {"op": ">=", "value": 120}),
        ("CT-2-2030-1", {"op": "<", "value": 1}),
        ("CT-2-2030-2", {"op": "=", "value": 1}),
    ]
    assert inds[2]["unit"] == "nghìn tỷ đồng" and inds[2]["kind"] == "value"
    assert inds[1]["yearly"] is True and inds[4]["kind"] == "yesno"


def test_nfd_text_is_normalised(tmp_path, registry):
    src = (DATA / "haiphong-subbullets.txt").read_text(encoding="utf-8")
    nfd = tmp_path / "nfd.txt"
    nfd.write_text(unicodedata.normalize("NFD", src), encoding="utf-8")
    a = import_programme(nfd, registry=registry).document
    b = import_programme(DATA / "haiphong-subbullets.txt", registry=registry).document
    a["programme"].pop("symbol"), b["programme"].pop("symbol")
    assert a == b


def test_repair_joins_and_drops():
    lines = ["1. Nhiệm vụ", "", "- Thực hiện tốt việc rà soát các quy định của Đảng(1), bảo đảm",
             "", " ", "(1) Gồm các quy định về công tác tổ chức, cán bộ và", "", "công tác kiểm tra.",
             "- 3 -", " thống nhất trong toàn Đảng bộ. Quyết định số 2838-", "QĐ/TU được thực hiện.",
             "- Bullet hai (năm 2023)."]
    paras, notes = repair([SourceLine(t, Place(i + 1)) for i, t in enumerate(lines)])
    assert [p.kind for p in paras] == ["num", "bullet", "bullet"]
    assert paras[1].body == ("Thực hiện tốt việc rà soát các quy định của Đảng, bảo đảm thống nhất trong toàn "
                             "Đảng bộ. Quyết định số 2838-QĐ/TU được thực hiện.")
    assert [(n.number, n.place.n) for n in notes] == [("1", 6)]


def _docx_variant(path: Path) -> Path:
    """The Huế variant as Word: headings in Heading styles, tasks in a numbered list
    (Word's "List Number" numbering), and one table of tasks."""
    d = docx.Document()
    d.add_paragraph("CHƯƠNG TRÌNH HÀNH ĐỘNG", style="Title")
    d.add_paragraph("thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị")
    d.add_paragraph("II. NHIỆM VỤ, GIẢI PHÁP", style="Heading 1")
    d.add_paragraph("1. Nâng cao nhận thức", style="Heading 2")
    d.add_paragraph("Tổ chức quán triệt Nghị quyết đến cán bộ, đảng viên (năm 2025).", style="List Bullet")
    d.add_paragraph("Đưa nội dung chuyển đổi số vào sinh hoạt chi bộ (thực hiện hằng năm).", style="List Bullet")
    d.add_paragraph("Cơ quan chủ trì (tham mưu): Ban Tổ chức Thành ủy.")
    d.add_paragraph("2. Nhiệm vụ theo bảng", style="Heading 2")
    table = d.add_table(rows=3, cols=5)
    for row, cells in zip(table.rows, [
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
        ["1", "Xây dựng kho dữ liệu đảng viên", "Ban Tổ chức Thành ủy", "Văn phòng Thành ủy", "Quý IV/2025"],
        ["2", "Số hóa hồ sơ lưu trữ", "Văn phòng Thành ủy", "Các cơ quan liên quan", "trong năm 2026"],
    ], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    d.save(path)
    return path


def test_docx_styles_lists_and_tables(tmp_path, registry):
    result = import_programme(_docx_variant(tmp_path / "v.docx"), registry=registry)
    tasks = _tasks(result)
    assert sorted(tasks) == ["II.1-a", "II.1-b", "II.2.(1)", "II.2.(2)"]
    assert tasks["II.1-b"]["lead"] == ["BTCTU"]
    assert tasks["II.2.(1)"]["lead"] == ["BTCTU"] and tasks["II.2.(1)"]["coordinate"] == ["VPTU"]
    assert parse_deadline(tasks["II.2.(1)"]["deadline"]).kind.value == "quarter"
    assert tasks["II.2.(2)"]["coordinate"] == ["LIEN-QUAN"]
    where = {i.place.describe("vi") for i in result.review if i.place}
    assert all(w.startswith(("đoạn", "bảng")) for w in where)


# -- the command ------------------------------------------------------------------


def test_cli_import_prints_summary_and_review():
    r = CliRunner().invoke(cli, ["import", str(DATA / "quangngai-paragraphs.txt"), "--registry", str(REGISTRY)])
    assert r.exit_code == 0, r.output
    assert "8 nhiệm vụ" in r.output and "Cần rà soát" in r.output and "dòng 16" in r.output
    assert "Chưa ghi bản nháp" in r.output


def test_cli_import_json_has_check_shape_and_review(tmp_path):
    r = CliRunner().invoke(cli, ["-w", str(ROOT / "examples" / "danang-nq21"), "import", "--json",
                                 str(DATA / "hue-markdown.md")])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["schema"] == 1 and data["cycle"]["year"] == 2025
    assert data["summary"]["tasks"] == 6 and data["tasks"][0]["assigned"]["lead"] == ["BTGDVTU"]
    assert {"code", "where", "message", "text"} == set(data["review"][0])


def test_cli_import_writes_yaml_once(tmp_path):
    out = tmp_path / "programme.yaml"
    args = ["import", str(DATA / "haiphong-subbullets.txt"), "-o", str(out)]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Bản nháp do «ctrxl import»") and "II.1-a" in text
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2
    assert f"Lỗi: tệp «{out}» đã có; không ghi đè" in again.output
    assert CliRunner().invoke(cli, args + ["--force"]).exit_code == 0
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_cli_import_unsupported_file(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF")
    r = CliRunner().invoke(cli, ["--lang", "en", "import", str(bad)])
    assert r.exit_code == 2
    assert "Error: cannot import" in r.output
