"""Import that generalises (issue 13): every published programme in tests/data/import against its
hand-counted truth (the issue's Done-when thresholds), and each pattern on short snippets of its own."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import docx  # python-docx, a dependency of ctrxl
import pytest
import yaml

from ctrxl.importer import import_programme
from ctrxl.importer.clauses import agency_clauses, subject_of
from ctrxl.importer.deadlines import find_deadline
from ctrxl.importer.docx_reader import read_docx_lines
from ctrxl.importer.pipeline import load_registry, proposed_rows
from ctrxl.importer.repair import Para
from ctrxl.importer.review import Place
from ctrxl.importer.structure import header_info
from ctrxl.importer.targets import TargetReader

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "import"
REGISTRY = ROOT / "examples" / "danang-nq21" / "registry.yaml"
_spec = importlib.util.spec_from_file_location("import_figures", ROOT / "scripts" / "import_figures.py")
figs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(figs)

TRUTHS = sorted(DATA.glob("*.truth.yaml")) + sorted((DATA.parent / "programmes").glob("*.truth.yaml"))


def _doc(truth: Path) -> Path:
    stem = truth.name[: -len(".truth.yaml")]
    return next(p for p in truth.parent.iterdir() if p.stem == stem and not p.name.endswith(".yaml"))


def _write(tmp_path: Path, text: str, name: str = "p.txt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _codes(result, key: str) -> list:
    return [i for i in result.review if i.code == key]


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda p: p.name[: -len(".truth.yaml")])
def test_programme_meets_the_done_when(truth):
    """Task P/R ≥ 0.95, leads recorded ≥ 95 % (with and without a registry), ≥ 90 % of numeric targets
    right (value, unit, year), and the .docx made from the text gives the same tasks."""
    f = figs.figures(_doc(truth), yaml.safe_load(truth.read_text(encoding="utf-8")))
    found, drafted, total = f["tasks"]
    assert found >= 0.95 * drafted and found >= 0.95 * total, f["tasks"]
    for key in ("leads", "leads_registry"):
        ok, named = f[key]
        assert ok >= 0.95 * named, (key, f[key])
    right, inds, targets = f["targets"]
    assert right >= 0.9 * targets and right >= 0.9 * inds, f["targets"]
    header_ok, has_header = f["header"]
    assert header_ok or not has_header
    assert f["same"]


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda p: p.name[: -len(".truth.yaml")])
def test_deadlines_and_coordinators_the_truth_names(truth):
    want = yaml.safe_load(truth.read_text(encoding="utf-8"))
    tasks = import_programme(_doc(truth)).document["tasks"]
    matched: set[str] = set()
    for t in want.get("tasks") or []:
        hit = figs._find(tasks, t, matched)
        assert hit is not None, t["starts"]
        if t.get("deadline"):
            assert t["deadline"] in str(hit.get("deadline")), (t["starts"], hit.get("deadline"))
        if t.get("coordinate"):
            assert f"Phối hợp: {t['coordinate']}" in (hit.get("notes") or ""), (t["starts"], hit.get("notes"))


def test_the_bundled_programme_against_its_hand_made_definition():
    """17-CTr/TU stays as good as before: every task, every lead, every numeric target, txt = docx."""
    b = figs.bundled_figures()
    assert b["tasks"] == (62, 62, 62)
    assert b["leads"][0] == b["leads"][1] == b["leads_registry"][0] > 30
    right, inds, want = b["targets"]
    assert right == want == inds
    assert b["same"]


def test_the_truth_files_hold_tasks_leads_and_targets():
    truths = [yaml.safe_load(t.read_text(encoding="utf-8")) for t in TRUTHS]
    assert sum(len(t.get("tasks") or []) for t in truths) >= 40
    assert sum(1 for t in truths for x in t.get("tasks") or [] if x.get("lead")) >= 40
    assert sum(len(t.get("targets") or []) for t in truths) >= 20


def test_figures_table_names_every_programme():
    rows = figs.table(DATA)
    assert rows[0].startswith("| programme | tasks P | tasks R | leads recorded")
    names = " ".join(rows)
    assert all(t.name[: -len(".truth.yaml")] in names for t in TRUTHS)
    assert "danang-17-ctr-tu-nq21" in names and " NO |" not in names


# -- pattern 5: agencies without a registry -------------------------------------------------------
def test_sentences_opening_with_agencies_are_tasks_with_their_lead(tmp_path):
    doc = _write(tmp_path, "II. TỔ CHỨC THỰC HIỆN\n\n"
                 "Các cơ quan đã nhận nhiệm vụ theo kế hoạch. Đồng thời, Ban Dân vận Tỉnh ủy hướng dẫn Mặt trận "
                 "và các đoàn thể tổ chức lấy ý kiến nhân dân; tổng hợp kết quả. Sở Tư pháp rà soát các văn bản "
                 "quy phạm pháp luật liên quan. Ủy ban Kiểm tra Tỉnh ủy giao Ủy ban kiểm tra các huyện ủy giám sát "
                 "việc thực hiện.\n")
    result = import_programme(doc)
    tasks = result.document["tasks"]
    assert [t["text"].split()[0:2] for t in tasks] == [["Ban", "Dân"], ["Sở", "Tư"], ["Ủy", "ban"]]
    assert tasks[0]["text"].endswith("tổng hợp kết quả.")  # the ";"-clause without a subject stays
    assert [t["notes"] for t in tasks] == ["Chủ trì: Ban Dân vận Tỉnh ủy", "Chủ trì: Sở Tư pháp",
                                           "Chủ trì: Ủy ban kiểm tra các huyện ủy"]  # "X giao Y …": Y
    assert len(_codes(result, "import.agency_clauses")) == 1
    assert _codes(result, "import.not_task")  # the lead-in sentence reports, it is no task
    # the names become registry rows to confirm, one per name
    rows = proposed_rows(result, None)
    assert [r["name"] for r in rows["agencies"]] == ["Ban Dân vận Tỉnh ủy", "Sở Tư pháp",
                                                      "Ủy ban kiểm tra các huyện ủy"]
    assert all(r["code"].startswith("?") for r in rows["agencies"])
    two = proposed_rows(import_programme(_write(tmp_path, "II. NHIỆM VỤ\n\n- Báo Quảng Ngãi, Đài Phát thanh - "
                                                "Truyền hình tỉnh mở chuyên mục tuyên truyền.\n", "t.txt")), None)
    assert [r["name"] for r in two["agencies"]] == ["Báo Quảng Ngãi", "Đài Phát thanh - Truyền hình tỉnh"]


def test_who_is_asked_carries_the_task_and_a_time_paragraph_joins_its_task(tmp_path):
    doc = _write(tmp_path, "II. TỔ CHỨC THỰC HIỆN\n\n"
                 "Hội nghị giao ban kết luận như sau: Ban Tổ chức Tỉnh ủy rà soát quy hoạch cán bộ; Đảng ủy Khối "
                 "các cơ quan tỉnh hướng dẫn các chi bộ kiểm điểm.\n\n"
                 "Ban Thường vụ Tỉnh ủy đề nghị các huyện ủy, thành ủy tổ chức quán triệt chỉ thị đến cán bộ, "
                 "đảng viên.\n\nThời gian thực hiện xong trong quý II/2026.\n")
    tasks = import_programme(doc).document["tasks"]
    assert [t["notes"] for t in tasks] == ["Chủ trì: Ban Tổ chức Tỉnh ủy",
                                           "Chủ trì: Đảng ủy Khối các cơ quan tỉnh",
                                           "Chủ trì: các huyện ủy, thành ủy"]
    assert tasks[2]["text"].endswith("trong quý II/2026.") and tasks[2]["deadline"] == "trong quý II/2026"


def test_a_clause_that_only_says_who_leads_does_not_split_the_paragraph():
    assert agency_clauses("Tổ chức học tập nghị quyết trong toàn Đảng bộ. Ban Tuyên giáo Tỉnh ủy chủ trì. "
                          "Ban Tổ chức Tỉnh ủy phối hợp.") is None


def test_subjects_read_without_a_registry():
    assert subject_of("Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo xây dựng đề án") == \
        "Ban cán sự đảng Ủy ban nhân dân tỉnh"
    assert subject_of("Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Ủy ban Kiểm tra Tỉnh ủy") == "Ban Tổ chức Tỉnh ủy"
    assert subject_of("Các cấp ủy, tổ chức đảng, chính quyền căn cứ tình hình") == \
        "Các cấp ủy, tổ chức đảng, chính quyền"
    assert subject_of("Tổ chức hội nghị quán triệt nghị quyết") is None
    # verbs and nouns that start like an agency name
    assert subject_of("Ban hành quy chế phối hợp giữa các cơ quan thực hiện") is None
    assert subject_of("Báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy") is None
    assert subject_of("Hội nghị sơ kết được tổ chức vào cuối năm") is None


def test_with_a_registry_an_unknown_name_keeps_the_known_ones(tmp_path):
    reg = load_registry(REGISTRY)
    doc = _write(tmp_path, "II. NHIỆM VỤ, GIẢI PHÁP\n\n1. Xây dựng Đảng\n\n"
                 "- Ban Tổ chức Thành ủy, Sở Nội vụ thành phố rà soát, kiện toàn tổ chức bộ máy (năm 2026).\n")
    task = import_programme(doc, registry=reg).document["tasks"][0]
    assert task["lead"] == ["BTCTU"]
    assert "Sở Nội vụ thành phố" in task["notes"]


# -- pattern 6: coordinators inside sentences ------------------------------------------------------
def test_coordinators_named_inside_a_sentence_stop_at_the_verb(tmp_path):
    doc = _write(tmp_path, "II. NHIỆM VỤ\n\n- Văn phòng Thành ủy phối hợp với các sở, ban, ngành chuẩn bị "
                 "cơ sở vật chất phục vụ hội nghị.\n")
    task = import_programme(doc).document["tasks"][0]
    assert task["notes"] == "Chủ trì: Văn phòng Thành ủy. Phối hợp: các sở, ban, ngành"


# -- pattern 1: second-level items -----------------------------------------------------------------
SECTORS = """II. NHIỆM VỤ, GIẢI PHÁP

1. Phát triển kinh tế

- Tập trung phát triển các ngành kinh tế trọng điểm, cụ thể:
+ Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo xây dựng đề án phát triển công nghiệp chế biến, chế tạo;
+ Sở Nông nghiệp và Môi trường tham mưu cơ chế hỗ trợ liên kết sản xuất theo chuỗi giá trị nông sản;
+ Sở Văn hóa, Thể thao và Du lịch xây dựng chương trình kích cầu du lịch giai đoạn 2026 - 2030.

- Thu hút đầu tư vào các khu công nghiệp, trọng tâm là:
+ Công nghiệp điện tử;
+ Công nghiệp hỗ trợ.
"""


def test_second_level_items_that_are_tasks_of_their_own_are_split(tmp_path):
    result = import_programme(_write(tmp_path, SECTORS))
    tasks = {t["code"]: t for t in result.document["tasks"]}
    assert list(tasks) == ["II.1-a.1", "II.1-a.2", "II.1-a.3", "II.1-b"]  # the intro "…, cụ thể:" is context
    assert tasks["II.1-a.2"]["text"].startswith("Sở Nông nghiệp")
    assert "Chủ trì: Sở Nông nghiệp và Môi trường" in tasks["II.1-a.2"]["notes"]
    assert "Thuộc ý: Tập trung phát triển các ngành kinh tế trọng điểm, cụ thể" in tasks["II.1-a.1"]["notes"]
    assert "\n+ Công nghiệp điện tử;" in tasks["II.1-b"]["text"]  # fragments stay in their sentence
    assert len(_codes(result, "import.subitems_split")) == 1
    assert len(_codes(result, "import.subitems_joined")) == 1


LETTERS_UNDER_DASH = """II. NHIỆM VỤ, GIẢI PHÁP

1. Phát triển kinh tế

- Tập trung phát triển các ngành kinh tế trọng điểm, cụ thể:
a) Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo xây dựng đề án phát triển công nghiệp chế biến, chế tạo;
b) Sở Nông nghiệp và Môi trường tham mưu cơ chế hỗ trợ liên kết sản xuất theo chuỗi giá trị nông sản.

- Thu hút đầu tư vào các khu công nghiệp, trọng tâm là:
• Công nghiệp điện tử;
• Công nghiệp hỗ trợ.

2. Xây dựng Đảng

a) Đổi mới phương thức lãnh đạo của cấp ủy đối với chính quyền.
- Rà soát quy chế làm việc của cấp ủy.
b) Nâng cao chất lượng sinh hoạt chi bộ.
"""


def test_letters_and_dots_under_a_dash_are_its_second_level(tmp_path):
    result = import_programme(_write(tmp_path, LETTERS_UNDER_DASH))
    tasks = {t["code"]: t for t in result.document["tasks"]}
    assert list(tasks)[:3] == ["II.1-a.1", "II.1-a.2", "II.1-b"]  # whole tasks split, the intro is context
    assert tasks["II.1-a.2"]["text"].startswith("Sở Nông nghiệp")
    assert "Thuộc ý: Tập trung phát triển các ngành kinh tế trọng điểm, cụ thể" in tasks["II.1-a.1"]["notes"]
    assert "\n• Công nghiệp điện tử;" in tasks["II.1-b"]["text"]  # fragments stay in their sentence
    assert len(_codes(result, "import.subitems_split")) == 1
    assert len(_codes(result, "import.subitems_joined")) >= 1
    # a section whose own items are lettered keeps them: "b)" after a "-" is not the dash's item
    assert [c for c in tasks if c.startswith("II.2")] == ["II.2-a", "II.2-b", "II.2-c"]
    assert tasks["II.2-c"]["text"].startswith("Nâng cao chất lượng sinh hoạt chi bộ")


def test_letters_under_a_dash_read_the_same_from_docx(tmp_path):
    d = docx.Document()
    for line in LETTERS_UNDER_DASH.splitlines():
        if not line.strip():
            continue
        if line.startswith("- "):
            d.add_paragraph(line[2:], style="List Bullet")  # Word's own bullet, the glyph not in the text
        else:
            d.add_paragraph(line)
    path = tmp_path / "p.docx"
    d.save(str(path))
    txt = import_programme(_write(tmp_path, LETTERS_UNDER_DASH)).document["tasks"]
    got = import_programme(path).document["tasks"]
    assert [(t["code"], t["text"]) for t in got] == [(t["code"], t["text"]) for t in txt]


# -- pattern 2: bullet levels in .docx -------------------------------------------------------------
def test_docx_bullet_level_from_style_indent_and_glyph(tmp_path):
    from docx.shared import Inches

    d = docx.Document()
    d.add_paragraph("II. NHIỆM VỤ")
    d.add_paragraph("Một", style="List Bullet")
    d.add_paragraph("Hai", style="List Bullet 2")  # Word's own second level: a separate list, level 0
    d.add_paragraph("Ba", style="List Bullet 3")
    p = d.add_paragraph("Bốn", style="List Bullet")
    p.paragraph_format.left_indent = Inches(1)  # indented by hand to the second level
    path = tmp_path / "b.docx"
    d.save(str(path))
    assert [x.text for x in read_docx_lines(path)] == ["II. NHIỆM VỤ", "- Một", "+ Hai", "+ Ba", "+ Bốn"]


def test_txt_and_docx_of_a_programme_with_sub_bullets_give_the_same_tasks(tmp_path):
    src = _write(tmp_path, SECTORS)
    dx = figs.to_docx(src, tmp_path / "p.docx")
    styles = [p.style.name for p in docx.Document(str(dx)).paragraphs]
    assert "List Bullet 2" in styles
    same, n = figs.same_tasks(src)
    assert same and n == 4


# -- pattern 7: one general responsibility ---------------------------------------------------------
def test_general_responsibility_proposed_once_for_unassigned_tasks(tmp_path):
    doc = _write(tmp_path, """II. NHIỆM VỤ, GIẢI PHÁP

- Đổi mới nội dung, phương thức lãnh đạo của Đảng.

- Nâng cao chất lượng sinh hoạt chi bộ.

III. TỔ CHỨC THỰC HIỆN

1. Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy tổ chức quán triệt, xây dựng kế hoạch thực hiện chương trình.

2. Ban Tổ chức Tỉnh ủy theo dõi, đôn đốc, định kỳ báo cáo Ban Thường vụ Tỉnh ủy.
""")
    result = import_programme(doc)
    tasks = {t["code"]: t for t in result.document["tasks"]}
    assert tasks["II-a"]["notes"] == "Thực hiện: Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy"
    assert tasks["III.2"]["notes"] == "Chủ trì: Ban Tổ chức Tỉnh ủy"
    items = _codes(result, "import.general_responsibility")
    assert len(items) == 1 and items[0].params["count"] == 2
    assert not _codes(result, "import.no_assignment")


# -- pattern 8: header -----------------------------------------------------------------------------
def _paras(*lines: str) -> list[Para]:
    return [Para(t, Place(i)) for i, t in enumerate(lines, start=1)]


def test_title_from_a_bare_heading_and_its_subtitle():
    info = header_info(_paras("KẾ HOẠCH", "Số 12-KH/TU", "triển khai thực hiện Kết luận số 21-KL/TW",
                              "Thực hiện Kết luận số 21-KL/TW, Thành ủy xây dựng Kế hoạch như sau:"))
    assert info["title"] == "Kế hoạch triển khai thực hiện Kết luận số 21-KL/TW"
    assert info["issuer"] == "Thành ủy"
    glued = header_info(_paras("CHƯƠNG TRÌNHHÀNH ĐỘNG", "thực hiện Nghị quyết số 57-NQ/TW",
                               "Ban Thường vụ Tỉnh ủy vừa xây dựng Chương trình hành động như sau:"))
    assert glued["title"] == "Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW"
    assert glued["issuer"] == "Ban Thường vụ Tỉnh ủy"
    # a mixed-case sentence that only mentions a plan is no title
    assert "title" not in header_info(_paras("Kế hoạch của Tỉnh ủy đã được triển khai."))


# -- pattern 3/4: targets --------------------------------------------------------------------------
def test_the_urbanisation_rate_is_a_value_not_a_ratio():
    """A share of the population the statistics office measures (Bình Thuận 61-CTr/TU, the 13th
    Congress's resolution), in either spelling of tỷ/tỉ; a rate the agencies count stays a ratio."""
    reader = TargetReader()
    kinds = [d.kind for g in reader.paragraph(
        "Tỷ lệ đô thị hoá đạt khoảng 50,8%. Tỉ lệ đô thị hóa khoảng 45%; tỉ trọng công nghiệp chế biến đạt trên 25%. "
        "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ đạt 90%.", "I.2", 2030) for d in g]
    assert kinds == ["value", "value", "value", "ratio"]


def test_a_colon_list_of_shares_gives_one_value_target_per_share():
    inds = [t for g in TargetReader().paragraph(
        "Cơ cấu kinh tế: nông nghiệp 12%, công nghiệp - xây dựng 38%, dịch vụ 50%. Tỷ lệ hộ nghèo dưới 1%",
        "I.2", 2030) for t in g]
    assert [(t.target.get("value"), t.kind, t.year) for t in inds] == [
        (12, "value", 2030), (38, "value", 2030), (50, "value", 2030), (1, "ratio", 2030)]
    assert inds[1].text.startswith("Cơ cấu kinh tế: công nghiệp")



def test_a_share_list_with_its_year_and_semicolons_keeps_its_subject():
    """Đại Lộc 2020: "Cơ cấu kinh tế đến năm 2025: A khoảng 64%; B khoảng 28,5%; C khoảng 7,5%"; a
    ";" clause that names its own measure is not a member; a sentence may open with its figure."""
    inds = [t for g in TargetReader().paragraph(
        "Cơ cấu kinh tế đến năm 2025: CN - TTCN - xây dựng khoảng 64%; các ngành dịch vụ khoảng 28,5%; "
        "nông - lâm nghiệp - thủy sản khoảng 7,5%; tỷ lệ hộ nghèo dưới 1%. Tỷ lệ đảng viên hoàn thành tốt "
        "nhiệm vụ hằng năm từ 80% trở lên. 100% xã, thị trấn đạt tiêu chuẩn vững mạnh. Phấn đấu mỗi năm kết "
        "nạp từ 80 đảng viên mới trở lên.", "I.2", None) for t in g]
    assert [(t.target.get("value"), t.unit, t.kind) for t in inds] == [
        (64, "%", "value"), (28.5, "%", "value"), (7.5, "%", "value"), (1, "%", "ratio"), (80, "%", "ratio"),
        (100, "%", "ratio"), (80, "đảng viên", "value")]
    assert inds[1].text.startswith("Cơ cấu kinh tế đến năm 2025: các ngành dịch vụ")
    assert not inds[3].text.startswith("Cơ cấu")
    assert inds[0].year == 2025

# -- pattern 9: deadlines --------------------------------------------------------------------------
@pytest.mark.parametrize("text, phrase, kind", [
    ("Tổ chức sơ kết trước khi tiến hành đại hội đảng bộ các cấp.", "trước khi tiến hành đại hội đảng bộ các cấp",
     "conditional"),
    ("Trình Hội đồng nhân dân tỉnh tại kỳ họp cuối năm 2026 thông qua nghị quyết.", "tại kỳ họp cuối năm 2026",
     "conditional"),
    ("Đầu tư hạ tầng số trong giai đoạn 2026–2030 theo quy hoạch.", "trong giai đoạn 2026–2030", "year"),
    ("Báo cáo Ban Thường vụ Tỉnh ủy định kỳ 6 tháng.", "định kỳ 6 tháng", "yearly"),
    ("Rà soát đội ngũ giáo viên (trong năm học 2025-2026).", "(trong năm học 2025-2026)", "year"),
])
def test_deadline_wording_outside_the_grammar_is_kept(text, phrase, kind):
    from ctrxl.definition.deadline import deadline_from_mapping

    found = find_deadline(text)
    assert found.text == phrase and found.as_text == [phrase]
    assert deadline_from_mapping(found.as_field()).kind.value == kind


def test_a_frequency_word_ending_the_sentence_is_its_deadline():
    assert find_deadline("Sơ kết, đánh giá kết quả thực hiện chương trình hằng năm.").text == "hằng năm"
    # in a later sentence it belongs to that sentence, not to the task
    assert find_deadline("Chỉ đạo giám sát việc nêu gương. Tổ chức giám sát theo chuyên đề hằng năm.").text == ""


def test_several_deadlines_are_all_kept_and_reviewed(tmp_path):
    doc = _write(tmp_path, "II. NHIỆM VỤ\n\n- Cấp huyện hoàn thành trước ngày 10/6/2025; cấp xã hoàn thành "
                 "trước ngày 15/6/2025.\n\n- Tổ chức lấy ý kiến trước khi trình Hội đồng nhân dân tỉnh.\n")
    result = import_programme(doc)
    tasks = result.document["tasks"]
    assert "10/6/2025" in tasks[0]["deadline"] and "15/6/2025" in tasks[0]["deadline"]
    assert _codes(result, "import.deadline_several")
    assert tasks[1]["deadline"] == {"text": "trước khi trình Hội đồng nhân dân tỉnh", "kind": "conditional"}
    assert _codes(result, "import.deadline_text")
    assert not [p for p in result.definition().problems if p.code == "def.deadline_unparsed"]


# -- the district level, abolished on 1/7/2025 ------------------------------------------------------
DISTRICT = """{date}CHƯƠNG TRÌNH
thực hiện Kết luận số 93-KL/TW của Ban Bí thư

II. TỔ CHỨC THỰC HIỆN

1. Ủy ban nhân dân huyện chỉ đạo Phòng Văn hóa và Thông tin đẩy mạnh công tác tuyên truyền.

2. Đảng ủy Quân sự tỉnh chủ trì tổ chức diễn tập khu vực phòng thủ.
"""
STARTER = ROOT / "ctrxl" / "resources" / "registries" / "starter.yaml"


def _abolished(result) -> list[str]:
    return [i.params["name"] for i in _codes(result, "import.abolished_level")]


def test_a_district_name_the_registry_lacks_suggests_the_ward_group(tmp_path):
    result = import_programme(_write(tmp_path, DISTRICT.format(date="")), registry=load_registry(STARTER))
    assert _abolished(result) == ["Ủy ban nhân dân huyện"]  # "Quân sự" is no "quận"
    item = _codes(result, "import.abolished_level")[0]
    assert "01/7/2025" in item.message() and "DU-XA-PHUONG" in item.message()


def test_without_a_registry_only_a_programme_issued_after_the_reorganisation_is_flagged(tmp_path):
    old = import_programme(_write(tmp_path, DISTRICT.format(date="Tuy Phong, ngày 10 tháng 5 năm 2021\n\n")))
    assert old.document["programme"]["issue_date"] == "10/5/2021"
    assert _abolished(old) == []  # the names of its time; a registry's successors route them
    assert _abolished(import_programme(_write(tmp_path, DISTRICT.format(date="")))) == []  # no date: not known
    new = import_programme(_write(tmp_path, DISTRICT.format(date="Bình Thuận, ngày 05 tháng 8 năm 2025\n\n")))
    assert _abolished(new) == ["Ủy ban nhân dân huyện"]
    assert "các đảng ủy xã, phường" in _codes(new, "import.abolished_level")[0].message()


def test_a_district_name_the_registry_holds_is_not_flagged(tmp_path):
    text = DISTRICT.format(date="").replace("Ủy ban nhân dân huyện", "Các quận ủy, huyện ủy")
    result = import_programme(_write(tmp_path, text), registry=load_registry(REGISTRY))
    assert not any("quận ủy" in str(i.params.get("name")) for i in _codes(result, "import.unmatched_name"))
    assert _abolished(result) == []
