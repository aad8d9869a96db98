"""ctrxl report on the hand-computed cycle of test_consolidate: every figure in the Word text and tables.

3 agencies (A Ban Tổ chức Thành ủy on time, B Đảng ủy phường Hải Châu late, C missing) × 6 tasks
× 2 indicators. Expected figures (see test_consolidate): 10 applicable pairs; 2 on time (20%),
1 late (10%), 1 in progress (10%), 3 continuous (30%: A's yearly T4 in progress is never overdue),
2 overdue (20%: B T1, B T3),
1 not started (10%); completion 30%. I1 = 45/50 = 90% (met), I2 = 12 chi bộ (exceeded).
"""
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.section import WD_ORIENT

from ctrxl.cli import cli
from ctrxl.config.report import load_settings
from ctrxl.definition.load import load_workspace_definition
from ctrxl.report.render import write_reports
from ctrxl.resources import make_docx as make_templates, template_file
from ctrxl.store import Store, open_store
from ctrxl.track.stats import consolidate_figures
from ctrxl.workspace import open_workspace

from .libreoffice import soffice
from .test_consolidate import EXPECTED, OVERALL, cycle  # noqa: F401 — the hand-computed cycle

REPORT = """
[report]
number = "125"
date = "10/12/2025"
place = "Đà Nẵng"
issuer = "THÀNH ỦY ĐÀ NẴNG"
issuer_abbrev = "TU"
signer_name = "Nguyễn Văn D"
agency_higher_body = "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG"
recipients = ["Ban Tổ chức Trung ương (b/c)", "Lưu Văn phòng Thành ủy"]
"""
CATS = ("done_on_time", "done_late", "in_progress", "continuous", "overdue", "not_started", "not_applicable")


@pytest.fixture(scope="module")
def reports(cycle):  # noqa: F811
    ws = cycle[0]
    config = ws / "ctrxl.toml"
    if "[report]" not in config.read_text(encoding="utf-8"):
        config.write_text(config.read_text(encoding="utf-8") + REPORT, encoding="utf-8")
    run = CliRunner().invoke(cli, ["-w", str(ws), "report", "--all-agencies", "--json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    return ws, data, {d["agency"] or "city": Path(d["path"]) for d in data["documents"]}


def text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    for s in doc.sections:
        parts += [p.text for p in s.header.paragraphs]
    return "\n".join(parts)


def rows(table) -> list[list[str]]:
    return [[c.text.strip() for c in r.cells] for r in table.rows]


def find_table(doc, first_head: str, second_head: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_head and t.rows[0].cells[1].text == second_head)


def test_json_and_files(reports):
    ws, data, paths = reports
    assert [(d["kind"], d["agency"]) for d in data["documents"]] == [("city", None), ("agency", "A"), ("agency", "B")]
    folder = ws / "output" / "bao-cao-17-CTr-TU-2025"
    assert data["folder"] == str(folder) and paths["city"] == folder / "bao-cao-tong-hop.docx"
    assert paths["B"] == folder / "don-vi" / "Đảng ủy phường Hải Châu.docx"
    assert all(p.is_file() for p in paths.values()) and all(d["pdf"] is None for d in data["documents"])


def test_city_header_and_signature(reports):
    doc = Document(reports[2]["city"])
    header = rows(doc.tables[0])
    assert header[0][0].split("\n") == ["THÀNH ỦY ĐÀ NẴNG", "*"]  # no higher body for the Thành ủy itself
    assert header[0][1] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert header[1] == ["Số 125-BC/TU", "Đà Nẵng, ngày 10 tháng 12 năm 2025"]
    rule = doc.tables[0].rows[0].cells[1].paragraphs[0]
    assert rule.style.name == "CT Party" and rule.paragraph_format.left_indent.mm > 1  # rule as long as the words
    texts = [p.text for p in doc.paragraphs]
    assert texts[0:2] == ["BÁO CÁO", "kết quả thực hiện năm 2025 Chương trình hành động số 17-CTr/TU ngày 16/8/2022"]
    assert texts[4].startswith("Thực hiện Chương trình hành động số 17-CTr/TU ngày 16/8/2022, Ban Thường vụ Thành ủy "
                               "báo cáo kết quả thực hiện năm 2025 như sau:")
    sign = doc.tables[-2]
    left, right = [c.text.split("\n") for c in sign.rows[0].cells]
    assert left == ["Nơi nhận:", "- Ban Tổ chức Trung ương (b/c),", "- Lưu Văn phòng Thành ủy."]
    assert right == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn D"]


def test_city_page_layout(reports):
    doc = Document(reports[2]["city"])
    first, appendix = doc.sections
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == \
        [20, 20, 30, 15]
    assert first.different_first_page_header_footer and "PAGE" in first.header._element.xml
    assert not first.first_page_header.paragraphs[0].text
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and round(appendix.page_width.mm) == 297
    assert not appendix.different_first_page_header_footer and appendix.header.is_linked_to_previous
    body = doc.styles["CT Body"]
    assert body.font.name == "Times New Roman" and body.font.size.pt == 14
    assert round(body.paragraph_format.first_line_indent.cm, 2) == 1.27


def test_city_figures(reports):
    doc = Document(reports[2]["city"])
    text = text_of(doc)
    assert "{{" not in text and "{%" not in text
    assert "2/3 đơn vị đã gửi báo cáo (1 đúng hạn, 1 chậm hạn); 1 đơn vị chưa gửi hoặc phải gửi lại: Đảng ủy xã Hòa Vang." \
        in text
    assert ("Trong 10 lượt thuộc phạm vi: hoàn thành đúng hạn 2 (20%); hoàn thành chậm hạn 1 (10%); đang thực hiện "
            "trong hạn 1 (10%); thường xuyên, đang thực hiện 3 (30%); quá hạn, chưa hoàn thành 2 (20%); chưa thực hiện 1 "
            "(10%).") in text
    assert "(1 lượt không thuộc phạm vi, không tính vào tỷ lệ); 5 lượt của các đơn vị chưa báo cáo" in text
    assert "Tỷ lệ hoàn thành chung (đúng hạn và chậm hạn): 30%." in text
    assert "Có 1 trường hợp báo cáo chưa thống nhất" in text
    assert ("- Nhiệm vụ T1: Ban Tổ chức Thành ủy (chủ trì) báo cáo «Đã hoàn thành», Đảng ủy phường Hải Châu (phối hợp) "
            "báo cáo «Chưa thực hiện».") in text
    ind = rows(find_table(doc, "STT", "Chỉ tiêu"))
    assert ind[0] == ["STT", "Chỉ tiêu", "Chỉ tiêu đề ra", "Số đơn vị có số liệu", "Kết quả của thành phố", "Đánh giá"]
    assert ind[1] == ["1", "Tỷ lệ tổ chức đảng hoàn thành tốt", "≥ 90% (năm 2025)", "1/3", "45/50 = 90%", "Đạt"]
    assert ind[2] == ["2", "Số chi bộ thành lập mới", "≥ 10 chi bộ (năm 2025)", "2/3", "12 chi bộ", "Vượt"]
    overdue = rows(find_table(doc, "STT", "Nhiệm vụ"))
    assert [(r[0], r[1].split(":")[0], r[2], r[3]) for r in overdue[1:]] == [
        ("1", "T1", "30/06/2025", "Đảng ủy phường Hải Châu"), ("2", "T3", "31/12/2024", "Đảng ủy phường Hải Châu")]
    assert overdue[1][1] == "T1: Nhiệm vụ một & <đặc biệt>."  # escaped on the way in, intact on the way out


def test_city_appendix_by_agency(reports):
    doc = Document(reports[2]["city"])
    table = find_table(doc, "STT", "Đơn vị")
    body = rows(table)
    names = {"A": "Ban Tổ chức Thành ủy", "B": "Đảng ủy phường Hải Châu", "C": "Đảng ủy xã Hòa Vang"}
    by_name = {r[1]: r for r in body[1:-1]}
    assert list(by_name) == list(names.values())
    for code, name in names.items():
        r = by_name[name]
        assert r[3] == str(sum(EXPECTED[code].values()))
        if code == "C":
            assert r[2] == "Chưa nộp" and r[4:11] == [""] * 7 and r[11] == "Chưa báo cáo"
        else:
            assert r[4:11] == [str(EXPECTED[code][k]) for k in CATS]
    assert by_name["Ban Tổ chức Thành ủy"][2] == "Đúng hạn" and by_name["Ban Tổ chức Thành ủy"][11] == "40%"
    assert by_name["Đảng ủy phường Hải Châu"][2] == "Chậm hạn" and by_name["Đảng ủy phường Hải Châu"][11] == "20%"
    total = body[-1]
    assert total[1:4] == ["Tổng cộng", "2/3", str(sum(OVERALL.values()))]
    assert total[4:11] == [str(OVERALL[k]) for k in CATS] and total[11] == "30%"
    assert "(Kèm theo Báo cáo số 125-BC/TU, ngày 10/12/2025 của Ban Thường vụ Thành ủy)" in text_of(doc)


def test_city_chart(reports):
    doc = Document(reports[2]["city"])
    assert len(doc.inline_shapes) == 1
    assert round(doc.inline_shapes[0].width.mm) == 150


def test_agency_report_of_a_party_committee(reports):
    doc = Document(reports[2]["B"])
    text = text_of(doc)
    assert "{{" not in text and "{%" not in text
    header = rows(doc.tables[0])
    assert header[0][0].split("\n") == ["ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG", "ĐẢNG ỦY PHƯỜNG HẢI CHÂU", "*"]
    assert header[1] == ["Số       -BC", "Đà Nẵng, ngày 09 tháng 12 năm 2025"]  # its own report date, no number yet
    assert ", Ban Thường vụ Đảng ủy phường Hải Châu báo cáo kết quả thực hiện năm 2025 như sau:" in text
    assert "Đơn vị được giao 6 nhiệm vụ (chủ trì 1, thực hiện 4, phối hợp 1); 1 nhiệm vụ không thuộc phạm vi" in text
    assert ("Trong 5 nhiệm vụ thuộc phạm vi: hoàn thành đúng hạn 1 (20%); hoàn thành chậm hạn 0 (0%); đang thực hiện "
            "trong hạn 1 (20%); thường xuyên, đang thực hiện 1 (20%); quá hạn, chưa hoàn thành 2 (40%); chưa thực hiện 0 "
            "(0%). Tỷ lệ hoàn thành: 20%.") in text
    ind = rows(find_table(doc, "STT", "Chỉ tiêu"))
    assert ind[1][3:] == ["Chưa", "Chưa có số liệu", "Chưa có số liệu"]  # a blank is not reported
    assert ind[2][3:] == ["Có", "12 chi bộ", "Vượt"]
    overdue = rows(find_table(doc, "STT", "Nhiệm vụ"))
    assert [r[1].split(":")[0] for r in overdue[1:]] == ["T1", "T3"]
    tasks = rows(find_table(doc, "STT", "Mã nhiệm vụ"))
    assert [(r[1], r[3], r[5]) for r in tasks[1:]] == [
        ("T1", "Phối hợp", "Quá hạn, chưa hoàn thành"), ("T2", "Thực hiện", "Thường xuyên, đang thực hiện"),
        ("T3", "Thực hiện", "Quá hạn, chưa hoàn thành"), ("T4", "Thực hiện", "Hoàn thành đúng hạn"),
        ("T5", "Chủ trì", "Đang thực hiện, trong hạn"), ("T6", "Thực hiện", "Không thuộc phạm vi")]
    assert tasks[4][6] == "01/12/2025"
    assert "B: strengths" in text and "B: weaknesses" in text and "Khó khăn của B về T1." in text
    right = doc.tables[-2].rows[0].cells[1].text.split("\n")
    assert right == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "B: head"]  # the head named in its workbook
    left = doc.tables[-2].rows[0].cells[0].text.split("\n")
    assert left == ["Nơi nhận:", "- Ban Thường vụ Thành ủy (b/c),", "- Ban Tổ chức Thành ủy,", "- Lưu VT."]


def test_agency_report_of_a_board(reports):
    doc = Document(reports[2]["A"])
    right = doc.tables[-2].rows[0].cells[1].text.split("\n")
    assert right[:2] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]  # a board signs by its head, never T/M
    assert ", Ban Tổ chức Thành ủy báo cáo kết quả" in text_of(doc)
    assert "Tỷ lệ hoàn thành: 40%." in text_of(doc)
    assert rows(find_table(doc, "STT", "Chỉ tiêu"))[1][4] == "45/50 = 90%"


def test_agency_text_with_special_characters(cycle, tmp_path):  # noqa: F811
    ws = open_workspace(explicit=cycle[0])
    definition = load_workspace_definition(ws)
    copy = tmp_path / "copy.sqlite"  # the module's store stays as collect wrote it
    shutil.copyfile(ws.store_path, copy)
    with Store(copy) as store:  # B's difficulties as the store holds an agency's text (collect's JSON)
        store.conn.execute(
            "UPDATE answers SET value = ? WHERE kind = 'task' AND field = 'difficulties' AND submission_id IN "
            "(SELECT id FROM submissions WHERE agency = 'B')", (json.dumps("Thiếu <kinh phí> & nhân lực"),))
        store.conn.commit()
        cons = consolidate_figures(definition, store)
        cons.assessment["A"]["strengths"] = "Phối hợp Đảng & chính quyền <đặc biệt> \"tốt\" 'hơn'"
        settings = load_settings({"report": {"signer_name": "Trần & Lê <x>"}})
        result = write_reports(definition, cons, settings, tmp_path, ["A", "B"])
    city, a, b = (Document(d.path) for d in result.documents)
    assert "- Ban Tổ chức Thành ủy: Phối hợp Đảng & chính quyền <đặc biệt> \"tốt\" 'hơn'." in text_of(city)
    assert "Trần & Lê <x>" in text_of(city)
    assert "- Phối hợp Đảng & chính quyền <đặc biệt> \"tốt\" 'hơn'." in text_of(a)
    assert "- Thiếu <kinh phí> & nhân lực." in text_of(b)


def test_unknown_agency(reports):
    run = CliRunner().invoke(cli, ["-w", str(reports[0]), "report", "--agency", "ZZZ"])
    assert run.exit_code == 2
    assert run.output.startswith("Lỗi: Không có đơn vị «ZZZ» trong các đơn vị báo cáo của chu kỳ.")


def test_bad_setting_named(tmp_path):
    from ctrxl.errors import CtrxlError

    with pytest.raises(CtrxlError) as err:
        load_settings({"report": {"signer": "x"}})
    assert "«report.signer»" in err.value.message("vi")
    with pytest.raises(CtrxlError) as err:
        load_settings({"report": {"layout": {"margin_left_mm": "rộng"}}})
    assert "«report.layout.margin_left_mm»" in err.value.message("vi")


def test_layout_settings_reach_the_document(cycle, tmp_path):  # noqa: F811
    ws = open_workspace(explicit=cycle[0])
    definition = load_workspace_definition(ws)
    settings = load_settings({"report": {"layout": {"margin_left_mm": 35, "sizes": {"CT Body": 13}},
                                         "agencies": {"B": {"number": "7", "signer_title": "BÍ THƯ",
                                                            "issuer_abbrev": "ĐU"}}}})
    with open_store(ws) as store:  # open while the reports read the answers from it
        cons = consolidate_figures(definition, store)
        result = write_reports(definition, cons, settings, tmp_path, ["B"], city=False)
    doc = Document(result.documents[0].path)
    assert all(round(s.left_margin.mm) == 35 for s in doc.sections)
    assert doc.styles["CT Body"].font.size.pt == 13
    assert rows(doc.tables[0])[1][0] == "Số 7-BC/ĐU"
    assert doc.tables[-2].rows[0].cells[1].text.split("\n")[:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]


def test_committed_templates_are_the_script_output(tmp_path):
    made = make_templates.write_templates(tmp_path)
    for path in made:
        committed = template_file("docx", path.name)
        assert committed.read_bytes() == path.read_bytes(), f"run python -m ctrxl.resources.make_docx ({path.name})"
        xml = zipfile.ZipFile(committed).read("word/document.xml").decode()
        body = (("{%tr for r in year_rows %}", "{%p for x in ind_lines %}") if path.name == "bao-cao-so-ket.docx"
                else ("{%p for g in groups %}", "{%tr for r in appendix_rows %}"))
        for tag in ("{{ party_name }}", "{{ number_line }}", "{{ date_line }}", "{%tr for r in ind_rows %}",
                    "{{ sign.title }}", "{{ chart }}", *body):
            assert tag in xml, (path.name, tag)
    assert [p.name for p in made] == ["bao-cao-tong-hop.docx", "bao-cao-don-vi.docx", "bao-cao-so-ket.docx"]


def test_pdf_missing_libreoffice(reports, tmp_path):
    run = CliRunner().invoke(cli, ["-w", str(reports[0]), "report", "--pdf"], env={"PATH": str(tmp_path)})
    assert run.exit_code == 2
    assert "Không tìm thấy LibreOffice (lệnh soffice)" in run.output and "các tệp Word đã được ghi" in run.output


def test_pdf_with_libreoffice(reports):
    soffice()
    for tool in ("pdfinfo", "pdftotext"):
        if not shutil.which(tool):
            if os.environ.get("CI"):
                pytest.fail(f"{tool} (poppler-utils) is required in CI; .ci/run installs it")
            pytest.skip(f"{tool} (poppler-utils) is not installed")
    run = CliRunner().invoke(cli, ["-w", str(reports[0]), "report", "--agency", "B", "--pdf", "--json"])
    assert run.exit_code == 0, run.output
    docs = json.loads(run.output)["documents"]
    city = Path(docs[0]["pdf"])
    info = subprocess.run(["pdfinfo", str(city)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 3  # portrait body, then the landscape appendix on its own page
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(city)], capture_output=True, text=True).stdout
    dims = [tuple(round(float(x)) for x in line.split("size:")[1].split("pts")[0].split(" x "))
            for line in sizes.splitlines() if line.startswith("Page") and " size:" in line]
    assert dims[0] == (595, 842) and dims[-1] == (842, 595)  # A4 portrait, then the appendix in A4 landscape
    text = subprocess.run(["pdftotext", "-layout", str(city), "-"], capture_output=True, text=True, check=True).stdout
    for needle in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 125-BC/TU", "Đà Nẵng, ngày 10 tháng 12 năm 2025", "BÁO CÁO",
                   "45/50 = 90%", "T/M BAN THƯỜNG VỤ", "Nguyễn Văn D", "Nhiệm vụ một & <đặc biệt>", "PHỤ LỤC"):
        assert needle in text, needle
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(city), "-"], capture_output=True, text=True).stdout
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(city), "-"], capture_output=True, text=True).stdout
    assert first.split()[0] != "1" and second.split()[0] == "2"  # page numbers from page 2, at the top
    assert Path(docs[1]["pdf"]).is_file()


def test_body_move_keeps_every_xml_space_attribute(tmp_path):
    """render's Template takes a lone xml:space off before docxtpl moves the body and puts it back after
    (lxml's move grew with the square of them): the rendered document is docxtpl's, byte for byte, with
    text whose spaces matter in table rows, a field code, xml:space="default" and a text element with a
    second attribute."""
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    from ctrxl.report.render import _template_class

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = Document()
    doc.add_paragraph("{{ title }}")
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for r in rows %}"
    table.cell(1, 0).text = "{{ r.name }}"
    table.cell(1, 1).text = "  {{ r.count }}  "
    table.cell(2, 0).text = "{%tr endfor %}"
    body = doc.element.body
    for xml in (f'<w:p {w}><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r></w:p>',
                f'<w:p {w}><w:r><w:t xml:space="default">  tab  </w:t></w:r></w:p>',
                f'<w:p {w}><w:r><w:t xml:space="preserve" w:id="7"> two </w:t></w:r></w:p>'):
        body.insert(len(body) - 1, parse_xml(xml))
    src = tmp_path / "t.docx"
    doc.save(src)
    context = {"title": " Báo cáo ", "rows": [{"name": f"Đơn vị {i}", "count": i} for i in range(50)]}
    parts = []
    for cls in (DocxTemplate, _template_class()):
        tpl = cls(str(src))
        tpl.render(context, autoescape=True)
        out = tmp_path / f"{cls.__name__}.docx"
        tpl.save(out)
        parts.append(zipfile.ZipFile(out).read("word/document.xml"))
    assert cls is not DocxTemplate and parts[0] == parts[1]
    text = parts[1].decode()
    assert text.count('xml:space="preserve"') >= 101  # every row's spaced count and name, the field code
    assert '<w:t xml:space="default">  tab  </w:t>' in text
    assert '<w:t xml:space="preserve" w:id="7"> two </w:t>' in text
    assert "<w:t xml:space=\"preserve\">  49  </w:t>" in text


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _table(grid: int, rows: list[list[int]], nested: str = "") -> str:
    """A table of ``grid`` columns; each row a list of cells, each cell its gridSpan (1: none)."""
    def cell(span: int) -> str:
        props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span != 1 else ""
        return f"<w:tc>{props}<w:p><w:r><w:t>x</w:t></w:r></w:p>{nested}</w:tc>"
    cols = "".join(f'<w:gridCol w:w="{1000 + 10 * i}"/>' for i in range(grid))
    body = "".join("<w:tr>" + "".join(cell(s) for s in row) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>{body}</w:tbl>"


@pytest.mark.parametrize("tables, fits", [
    ([_table(3, [[1, 1, 1]] * 4)], True),                      # the usual table
    ([_table(3, [[2, 1], [1, 1, 1], [3]])], True),             # spans fill the grid
    ([_table(2, [[1, 1, 1], [1, 1]])], False),                 # a loop over cells added one: widen the grid
    ([_table(4, [[1, 1], [1, 1, 1]])], False),                 # every row narrower: narrow the grid
    ([_table(3, [[1, 2]] * 2, nested=_table(3, [[1, 1, 1, 1]]))], False),  # a nested row too wide
    ([_table(0, [])], True),
    ([_table(3, [])], False),                                  # no rows: docxtpl drops the columns
    ([_table(2, [[1, 1]]), _table(2, [[1]])], False),          # one table of two needs fixing
])
def test_fix_tables_is_docxtpls(tables, fits, tmp_path):
    """render's Template asks each table first whether docxtpl's ``fix_tables`` would change its grid,
    and runs docxtpl's only then: the same tree for tables that fit and for tables that do not."""
    from docxtpl import DocxTemplate
    from lxml import etree

    from ctrxl.report.render import _grid_fits, _template_class

    xml = f'<w:body xmlns:w="{_W}">' + "".join(tables) + "<w:p/></w:body>"
    src = tmp_path / "t.docx"
    Document().save(src)
    ours = _template_class()(str(src)).fix_tables(xml)
    theirs = DocxTemplate(str(src)).fix_tables(xml)
    assert etree.tostring(ours) == etree.tostring(theirs)
    given = etree.fromstring(xml)
    assert all(_grid_fits(t, _W) for t in given.iter(f"{{{_W}}}tbl")) is fits
    if not fits:
        assert etree.tostring(ours) != xml.encode()  # docxtpl changed a grid: the fallback ran


def _layout_doc() -> Document:
    """Tables a layout pass meets: plain, one spanning columns, one merging rows, a cell without
    properties, a table inside a cell, header-styled paragraphs in one of them."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    doc = Document()
    plain = doc.add_table(rows=4, cols=3)
    for i, row in enumerate(plain.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"{i}.{j}"
    plain.cell(1, 1)._tc.tcPr.tcW.set(qn("w:type"), "auto")  # as Word writes a cell sized to its text
    wide = doc.add_table(rows=3, cols=3)
    wide.cell(0, 0).merge(wide.cell(0, 1))
    tall = doc.add_table(rows=3, cols=2)
    tall.cell(0, 1).merge(tall.cell(2, 1))
    bare = doc.add_table(rows=2, cols=2)
    tc = bare.rows[1]._tr.tc_lst[0]
    tc.remove(tc.tcPr)
    bare.cell(0, 0).add_table(rows=2, cols=2)
    party = doc.add_table(rows=1, cols=2)
    party.cell(0, 1).paragraphs[0].style = doc.styles.add_style("CT Party", 1)
    party.cell(0, 0).paragraphs[0]._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:t>x</w:t></w:r>'))
    return doc


def test_table_widths_as_python_docx_sets_them():
    """style.table_widths sets each cell's w:tcW itself and reads a plain table's rows without python-docx's
    span look-ups: the same XML as python-docx's ``cell.width`` over ``row.cells``, for tables that span,
    merge, lack a cell's properties or hold a table."""
    from docx.shared import Mm
    from lxml import etree

    from ctrxl.report.style import _rows_of_cells, table_widths

    ours, theirs = _layout_doc(), _layout_doc()
    widths = [31.5, 17.25, 60.0]
    for mine, ref in zip(ours.tables, theirs.tables, strict=True):
        assert [[c._tc for c in r] for r in _rows_of_cells(mine)] == [[c._tc for c in r.cells] for r in mine.rows]
        table_widths(mine, widths, cells={})
        table_widths(ref, widths)  # grid, layout and total as ours …
        for row in ref.rows:       # … then every cell the python-docx way
            for cell, w in zip(row.cells, widths, strict=False):
                cell.width = Mm(w)
    assert etree.tostring(ours.element.body) == etree.tostring(theirs.element.body)
    assert b'w:w="1786"' in etree.tostring(ours.element.body)  # 31.5 mm in twips


def test_styled_cells_of_some_styles_are_those_of_all():
    from ctrxl.report.style import _styled_cells

    doc = _layout_doc()
    every = _styled_cells(doc, {})
    some = _styled_cells(doc, {}, ("CT Party", "CT Sign"))
    assert [(t._tbl, c._tc, p._p) for t, c, p in some["CT Party"]] == \
        [(t._tbl, c._tc, p._p) for t, c, p in every["CT Party"]] != []
    # only the table holding a CT Party paragraph was gone through: its other cell, not the other tables'
    assert [c._tc for _t, c, _p in some["Normal"]] == [c._tc for t, c, _p in every["Normal"]
                                                         if t._tbl is doc.tables[-1]._tbl]
    assert len(every["Normal"]) > len(some["Normal"]) == 1
    with_default = _styled_cells(doc, {}, ("Normal",))  # the default style: every table is looked at
    assert len(with_default["Normal"]) == len(every["Normal"])


def test_each_written_document_is_freed(cycle, tmp_path):  # noqa: F811
    """write_reports frees each document once written: under fewer_collections its reference cycles (and
    the lxml tree behind them, memory the collector does not count) waited for a rare full collection,
    and 100 agency reports grew the process by ~330 MiB. No python-docx document outlives its report."""
    import gc

    import docx.document

    ws = open_workspace(cycle[0])
    definition = load_workspace_definition(ws)
    with open_store(ws, readonly=True) as store:
        cons = consolidate_figures(definition, store)
        gc.collect()
        gc.disable()  # only write_reports's own collections run
        try:
            result = write_reports(definition, cons, load_settings({}), tmp_path, agencies=["A", "B"])
            alive = sum(isinstance(o, docx.document.Document) for o in gc.get_objects())
        finally:
            gc.enable()
    assert len(result.documents) == 3 and alive == 0


def test_resolve_listing_is_docxtpls(tmp_path):
    """render's Template runs docxtpl's ``resolve_listing`` only on the paragraphs holding a tab, a new line,
    a page break or \\a: the same XML as docxtpl's over the whole part, with run and paragraph properties,
    a paragraph inside a text box, and a new line outside any text."""
    from docxtpl import DocxTemplate

    from ctrxl.report.render import _template_class

    ppr, rpr = '<w:pPr><w:pStyle w:val="CTBody"/></w:pPr>', "<w:rPr><w:b/></w:rPr>"
    paragraphs = [
        f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">một\tdòng\nhai dòng</w:t></w:r></w:p>',
        '<w:p><w:r><w:t>trang\fsau</w:t></w:r><w:r><w:t>đoạn\amới</w:t></w:r></w:p>',
        '<w:p w:rsidR="1"><w:r><w:t>không có gì</w:t></w:r></w:p>',
        '<w:p><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>trong\nhộp</w:t></w:r></w:p></w:txbxContent>'
        '</w:pict></w:r></w:p>',
        '<w:p>\n<w:r><w:t>dòng mới ngoài chữ</w:t></w:r></w:p>',
    ] * 3
    xml = f'<w:body xmlns:w="{_W}">' + "".join(paragraphs) + "<w:sectPr/></w:body>"
    src = tmp_path / "t.docx"
    Document().save(src)
    theirs = DocxTemplate(str(src)).resolve_listing(xml)
    ours = _template_class()(str(src)).resolve_listing(xml)
    assert ours == theirs != xml
    assert theirs.count("<w:tab/>") == 3 and theirs.count('<w:br w:type="page"/>') == 3
