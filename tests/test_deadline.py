"""The deadline grammar, on the wordings of the three programme files in tests/data/programmes."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from ctrxl.definition.deadline import deadline_from_mapping, deadline_problems, describe, parse_deadline
from ctrxl.model import Deadline, DeadlineKind as K

D = dt.date
PROGRAMMES = Path(__file__).resolve().parent / "data" / "programmes"  # copied from shared/, see SOURCES.md


def top(d: Deadline) -> tuple:
    return (d.kind, d.due, d.year, d.quarter, d.month, d.condition, d.group)


def parts(d: Deadline) -> list[tuple]:
    return [(p.kind, p.text, p.due, p.year) for p in d.parts]


# (wording, (kind, due, year, quarter, month, condition, group), parts as (kind, text, due, year)).
# Wordings are copied from the files, line breaks included, with the file they come from.
CASES = [
    # --- danang-17-ctr-tu-nq21.txt
    ("(thực hiện thường xuyên).", (K.CONTINUOUS, None, None, None, None, None, None), []),
    ("ban hành quá nhiều văn bản (thực \n\nhiện thường xuyên).", (K.CONTINUOUS, None, None, None, None, None, None), []),
    ("“dĩ hoà vi \n\nquý” (thực hiện thường xuyên).", (K.CONTINUOUS, None, None, None, None, None, None), []),
    ("(thực hiện \nthường xuyên).", (K.CONTINUOUS, None, None, None, None, None, None), []),
    ("hiện có hiệu quả trong thực tiễn (tập trung đổi mới, tạo chuyển biến rõ từ năm 2022).",
     (K.FROM_YEAR, None, 2022, None, None, None, None), []),
    ("(tạo chuyển biến rõ từ năm 2022)", (K.FROM_YEAR, None, 2022, None, None, None, None), []),
    ("(tập trung triển khai thực hiện, \ntạo chuyển biến rõ từ năm 2022).",
     (K.FROM_YEAR, None, 2022, None, None, None, None), []),
    ("“nhanh nhất, sâu rộng nhất, hiệu quả nhất” (từ năm 2022).", (K.FROM_YEAR, None, 2022, None, None, None, None), []),
    ("(từ \nnăm 2023).", (K.FROM_YEAR, None, 2023, None, None, None, None), []),
    ("thông tin, báo cáo (từ năm 2023).", (K.FROM_YEAR, None, 2023, None, None, None, None), []),
    ("(năm 2023)", (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None), []),
    ("(năm 2022), định kỳ báo cáo kết quả thực hiện về Ban Thường vụ Thành ủy.",
     (K.YEAR, D(2022, 12, 31), 2022, None, None, None, None), []),
    ("ngày 22/9/2021 của Bộ Chính trị (năm 2023).", (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None), []),
    ("chương trình giám sát hằng năm (năm 2023).", (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None), []),
    ("(năm 2022, 2023)", (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None), []),
    ("Thường vụ Thành ủy quản lý (năm 2022, 2023). Triển khai thực hiện “Quy định …” (sau khi Trung ương ban hành).",
     (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None),
     [(K.YEAR, "năm 2022, 2023", D(2023, 12, 31), 2023), (K.CONDITIONAL, "sau khi Trung ương ban hành", None, None)]),
    ("(trong năm 2022)", (K.YEAR, D(2022, 12, 31), 2022, None, None, None, None), []),
    ("(từ năm 2022 để nghiên cứu triển khai trong năm 2023).",
     (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None),
     [(K.FROM_YEAR, "từ năm 2022", None, 2022), (K.YEAR, "trong năm 2023", D(2023, 12, 31), 2023)]),
    ("ban hành hướng dẫn chuẩn về sinh hoạt chi bộ trong quý III/2022.",
     (K.QUARTER, D(2022, 9, 30), 2022, 3, None, None, None), []),
    ("quyền đô thị trong tháng 8/2022;", (K.MONTH, D(2022, 8, 31), 2022, None, 8, None, None), []),
    ("trên cơ sở hướng dẫn của Trung ương,",
     (K.CONDITIONAL, None, None, None, None, "trên cơ sở hướng dẫn của Trung ương", None), []),
    ("quyền đô thị trong tháng 8/2022; đồng thời, trên cơ sở hướng dẫn của Trung ương, tham mưu việc ban hành "
     "quy chế làm việc mẫu của các cấp ủy cơ sở (năm 2022).",
     (K.YEAR, D(2022, 12, 31), 2022, None, None, None, None),
     [(K.MONTH, "trong tháng 8/2022", D(2022, 8, 31), 2022),
      (K.CONDITIONAL, "trên cơ sở hướng dẫn của Trung ương", None, None),
      (K.YEAR, "năm 2022", D(2022, 12, 31), 2022)]),
    ("(sau khi Trung ương có quy định, hướng dẫn).",
     (K.CONDITIONAL, None, None, None, None, "sau khi Trung ương có quy định, hướng dẫn", None), []),
    ("(sau khi Trung ương ban hành).", (K.CONDITIONAL, None, None, None, None, "sau khi Trung ương ban hành", None), []),
    ("(từ năm 2023, sau khi Trung \nương có hướng dẫn hoặc chuyển giao phần mềm để triển khai thực hiện đồng bộ).",
     (K.FROM_YEAR, None, 2023, None, None, None, None),
     [(K.FROM_YEAR, "từ năm 2023", None, 2023),
      (K.CONDITIONAL, "sau khi Trung ương có hướng dẫn hoặc chuyển giao phần mềm để triển khai thực hiện đồng bộ",
       None, None)]),
    ("Nhà nước liên quan đến địa phương (thực hiện hằng năm).", (K.YEARLY, None, None, None, None, None, None), []),
    ("(2) Định kỳ hằng năm, phối hợp với Ủy ban Kiểm tra Thành ủy … các cuộc thanh tra kinh tế - xã hội (từ năm 2022).",
     (K.YEARLY, None, None, None, None, None, None),
     [(K.YEARLY, "Định kỳ hằng năm", None, None), (K.FROM_YEAR, "từ năm 2022", None, 2022)]),
    ("(6) Hằng năm, chỉ đạo các sở, ngành, địa phương nghiên cứu, đề xuất cấp thẩm quyền bố trí kinh phí",
     (K.YEARLY, None, None, None, None, None, None), []),
    ("(năm 2023). Thường xuyên rà soát, định kỳ tháng 12 hằng năm báo cáo Thường trực Thành ủy … (nếu có) (từ năm 2022).",
     (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None),
     [(K.YEAR, "năm 2023", D(2023, 12, 31), 2023), (K.YEARLY, "định kỳ tháng 12 hằng năm", None, None),
      (K.FROM_YEAR, "từ năm 2022", None, 2022)]),
    ("Thường xuyên rà soát, định kỳ tháng 12 hằng năm báo cáo Thường trực Thành ủy (từ năm 2022).",
     (K.YEARLY, None, None, None, 12, None, None),
     [(K.YEARLY, "định kỳ tháng 12 hằng năm", None, None), (K.FROM_YEAR, "từ năm 2022", None, 2022)]),
    ("giai đoạn 2022-2025 (thực hiện thường xuyên, tạo chuyển biến rõ nét từ năm 2022).",
     (K.CONTINUOUS, None, None, None, None, None, None),
     [(K.CONTINUOUS, "thực hiện thường xuyên", None, None),
      (K.FROM_YEAR, "tạo chuyển biến rõ nét từ năm 2022", None, 2022)]),
    ("giải quyết điểm nóng (thực hiện thường xuyên, \ntạo chuyển biến rõ từ năm 2022).",
     (K.CONTINUOUS, None, None, None, None, None, None),
     [(K.CONTINUOUS, "thực hiện thường xuyên", None, None),
      (K.FROM_YEAR, "tạo chuyển biến rõ từ năm 2022", None, 2022)]),
    ("lãng phí (thực hiện thường \nxuyên, tạo chuyển biến rõ từ năm 2022).",
     (K.CONTINUOUS, None, None, None, None, None, None),
     [(K.CONTINUOUS, "thực hiện thường xuyên", None, None),
      (K.FROM_YEAR, "tạo chuyển biến rõ từ năm 2022", None, 2022)]),
    ("(3) Thường xuyên kiểm tra, giám sát …; định \nkỳ hằng năm sơ kết rút kinh nghiệm và gửi báo cáo kết quả thực hiện về "
     "Ban \n\nThường vụ Thành ủy (qua Ban Tổ chức Thành ủy) trước ngày 15/12 hằng năm.",
     (K.YEARLY, None, None, None, 12, None, None),
     [(K.YEARLY, "định kỳ hằng năm", None, None), (K.YEARLY, "trước ngày 15/12 hằng năm", None, None)]),
    # adverbs and adjectives: weak, ignored next to an explicit deadline
    ("Chương trình kiểm tra, giám sát hằng năm của Thành ủy (từ năm 2023).",
     (K.FROM_YEAR, None, 2023, None, None, None, None), []),
    ("cung cấp thông tin chính thống, thường xuyên tổ chức hội nghị thông tin thời sự … thù địch (từ năm 2022).",
     (K.FROM_YEAR, None, 2022, None, None, None, None), []),
    ("(4) Thường xuyên kiểm tra, thanh tra việc thực thi đạo đức, văn hóa công vụ, … thường xuyên tiếp tục với "
     "doanh nghiệp, người dân;", (K.CONTINUOUS, None, None, None, None, None, None), []),
    ("Tổ chức tốt việc giám sát cán bộ, đảng viên theo chuyên đề hằng năm.",
     (K.YEARLY, None, None, None, None, None, None), []),
    # not deadlines
    ("Đề án Chuyển đổi số trên địa bàn thành phố đến năm 2025, định hướng đến năm 2030",
     (K.NONE, None, None, None, None, None, None), []),
    ("(thực hiện đảm bảo chất lượng, tiến độ theo đúng lộ trình, kế hoạch).",
     (K.NONE, None, None, None, None, None, None), []),
    ("Chỉ thị số 04-CT/TU ngày 08/01/2021 của Ban Thường vụ Thành ủy", (K.NONE, None, None, None, None, None, None), []),
    # --- danang-ctr-tb165-2025.txt
    ("tổ chức đợt sinh hoạt chính trị sâu rộng trên toàn thành phố từ nay đến cuối năm 2025 gắn với quá trình chuẩn bị",
     (K.YEAR, D(2025, 12, 31), 2025, None, None, None, None), []),
    ("coi đây là nhiệm vụ chính trị quan trọng, thường xuyên.", (K.CONTINUOUS, None, None, None, None, None, None), []),
    ("Thường xuyên nắm chắc tình hình tổ chức đảng, đảng viên", (K.CONTINUOUS, None, None, None, None, None, None), []),
    ("Định kỳ hằng năm tham mưu tiến hành kiểm tra, giám sát, đánh giá, sơ kết, tổng kết",
     (K.YEARLY, None, None, None, None, None, None), []),
    # --- danang-nq57-meeting-news-2025.txt
    ("trong tháng 10/2025, Tập đoàn Viettel khởi công", (K.MONTH, D(2025, 10, 31), 2025, None, 10, None, None), []),
    ("chỉ số chuyển đổi số cấp tỉnh trong năm 2026.", (K.YEAR, D(2026, 12, 31), 2026, None, None, None, None), []),
    ("từ tháng 9/2025 đến nay, thành phố Đà Nẵng đạt", (K.NONE, None, None, None, None, None, None), []),
    ("thông qua 2 nghị quyết tại kỳ họp cuối năm 2025.", (K.NONE, None, None, None, None, None, None), []),
    ("phần mềm giám sát thường xuyên;", (K.CONTINUOUS, None, None, None, None, None, None), []),
]

# The grammar's own forms from the brief (not all occur in the files).
FORMS = [
    ("trước ngày 10/6/2025", (K.DATE, D(2025, 6, 10), 2025, None, None, None, None)),
    ("hoàn thành trước ngày 15/6/2025", (K.DATE, D(2025, 6, 15), 2025, None, None, None, None)),
    ("đến ngày 30/9/2024", (K.DATE, D(2024, 9, 30), 2024, None, None, None, None)),
    ("đến hết ngày 30/9/2024", (K.DATE, D(2024, 9, 30), 2024, None, None, None, None)),
    ("chậm nhất ngày 05/01/2025", (K.DATE, D(2025, 1, 5), 2025, None, None, None, None)),
    ("chậm nhất là ngày 5/1/2025", (K.DATE, D(2025, 1, 5), 2025, None, None, None, None)),
    ("trước ngày 10 tháng 6 năm 2025", (K.DATE, D(2025, 6, 10), 2025, None, None, None, None)),
    ("trước ngày 10.06.2025", (K.DATE, D(2025, 6, 10), 2025, None, None, None, None)),
    ("trong năm 2023", (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None)),
    ("năm 2022, 2023", (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None)),
    ("đến cuối năm 2025", (K.YEAR, D(2025, 12, 31), 2025, None, None, None, None)),
    ("đến hết năm 2025", (K.YEAR, D(2025, 12, 31), 2025, None, None, None, None)),
    ("trong năm 2025", (K.YEAR, D(2025, 12, 31), 2025, None, None, None, None)),
    ("từ năm 2021 đến năm 2025", (K.YEAR, D(2025, 12, 31), 2025, None, None, None, None)),
    ("(từ năm 2022)", (K.FROM_YEAR, None, 2022, None, None, None, None)),
    ("tạo chuyển biến rõ từ năm 2022", (K.FROM_YEAR, None, 2022, None, None, None, None)),
    ("thường xuyên", (K.CONTINUOUS, None, None, None, None, None, None)),
    ("(thực hiện hằng năm)", (K.YEARLY, None, None, None, None, None, None)),
    ("hằng năm", (K.YEARLY, None, None, None, None, None, None)),
    ("hàng năm", (K.YEARLY, None, None, None, None, None, None)),
    ("(thực hiện hàng năm)", (K.YEARLY, None, None, None, None, None, None)),
    ("định kỳ hằng năm", (K.YEARLY, None, None, None, None, None, None)),
    ("định kì hàng năm", (K.YEARLY, None, None, None, None, None, None)),
    ("định kỳ tháng 12 hằng năm", (K.YEARLY, None, None, None, 12, None, None)),
    ("quý 3/2022", (K.QUARTER, D(2022, 9, 30), 2022, 3, None, None, None)),
    ("quý III năm 2022", (K.QUARTER, D(2022, 9, 30), 2022, 3, None, None, None)),
    ("trong quý I/2023", (K.QUARTER, D(2023, 3, 31), 2023, 1, None, None, None)),
    ("trong quý IV/2023", (K.QUARTER, D(2023, 12, 31), 2023, 4, None, None, None)),
    ("qúy II/2023", (K.QUARTER, D(2023, 6, 30), 2023, 2, None, None, None)),
    ("tháng 8 năm 2022", (K.MONTH, D(2022, 8, 31), 2022, None, 8, None, None)),
    ("trong tháng 02/2024", (K.MONTH, D(2024, 2, 29), 2024, None, 2, None, None)),
    ("(sau khi Trung ương có hướng dẫn)",
     (K.CONDITIONAL, None, None, None, None, "sau khi Trung ương có hướng dẫn", None)),
    ("sau khi Trung ương có quy định, hướng dẫn",
     (K.CONDITIONAL, None, None, None, None, "sau khi Trung ương có quy định, hướng dẫn", None)),
    ("trên cơ sở hướng dẫn của Trung ương",
     (K.CONDITIONAL, None, None, None, None, "trên cơ sở hướng dẫn của Trung ương", None)),
]


@pytest.mark.parametrize(("text", "expected", "expected_parts"), CASES, ids=[c[0][:50] for c in CASES])
def test_wordings_from_the_programmes(text, expected, expected_parts):
    d = parse_deadline(text)
    assert top(d) == expected
    assert parts(d) == expected_parts
    assert d.text == " ".join(text.split())


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_forms(text, expected):
    d = parse_deadline(text)
    assert top(d) == expected
    assert d.parts == []
    assert d.text == text


def test_one_part_text_is_the_phrase_and_top_text_the_wording():
    d = parse_deadline("(từ năm 2022 để nghiên cứu triển khai trong năm 2023)")
    assert d.text == "(từ năm 2022 để nghiên cứu triển khai trong năm 2023)"
    assert [p.text for p in d.parts] == ["từ năm 2022", "trong năm 2023"]
    assert all(p.parts == [] for p in d.parts)


GROUPED = ("Lưu ý, đồng chí bí thư cấp ủy trực tiếp quán triệt, tuyên truyền và triển khai nội dung chỉ đạo của đồng chí "
           "Tổng Bí thư và Chương trình hành động này. Cấp quận ủy, huyện ủy và đảng ủy trực thuộc Thành ủy hoàn thành "
           "**trước ngày 10/6/2025**; cấp đảng ủy phường, xã và tương đương hoàn thành **trước ngày 15/6/2025**.")


def test_per_group_variants_keep_the_wording_without_a_registry():
    d = parse_deadline(GROUPED)
    assert d.text == GROUPED  # the original wording, bold and all
    assert top(d) == (K.DATE, D(2025, 6, 15), 2025, None, None, None, "đảng ủy phường, xã và tương đương")
    assert [(p.kind, p.text, p.due, p.group) for p in d.parts] == [
        (K.DATE, "hoàn thành trước ngày 10/6/2025", D(2025, 6, 10), "quận ủy, huyện ủy và đảng ủy trực thuộc Thành ủy"),
        (K.DATE, "hoàn thành trước ngày 15/6/2025", D(2025, 6, 15), "đảng ủy phường, xã và tương đương"),
    ]
    assert describe(d) == ("quận ủy, huyện ủy và đảng ủy trực thuộc Thành ủy: trước 10/06/2025; "
                           "đảng ủy phường, xã và tương đương: trước 15/06/2025")


def test_per_group_variants_resolve_through_the_callback():
    asked: list[str] = []

    def groups(wording: str) -> str | None:
        asked.append(wording)
        return {"quận ủy, huyện ủy và đảng ủy trực thuộc Thành ủy": "cap-huyen"}.get(wording)

    d = parse_deadline(GROUPED, groups=groups)
    assert asked == ["quận ủy, huyện ủy và đảng ủy trực thuộc Thành ủy", "đảng ủy phường, xã và tương đương"]
    assert [p.group for p in d.parts] == ["cap-huyen", "đảng ủy phường, xã và tương đương"]
    assert d.group == "đảng ủy phường, xã và tương đương" and d.due == D(2025, 6, 15)


def test_group_variants_in_short_forms():
    d = parse_deadline("cấp huyện trước ngày 10/6/2025, cấp xã trước ngày 15/6/2025",
                       groups=lambda w: {"huyện": "H", "xã": "X"}.get(w))
    assert [(p.group, p.due) for p in d.parts] == [("H", D(2025, 6, 10)), ("X", D(2025, 6, 15))]
    assert d.group == "X"


def test_cap_uy_is_not_a_group():
    d = parse_deadline("Cấp ủy cấp trên hoàn thành trước ngày 10/6/2025")
    assert d.kind == K.DATE and d.group is None


def test_nfd_input():
    text = unicodedata.normalize("NFD", "(thực hiện thường xuyên, tạo chuyển biến rõ từ năm 2022)")
    d = parse_deadline(text)
    assert d.kind == K.CONTINUOUS
    assert d.text == unicodedata.normalize("NFC", text)
    assert [p.text for p in d.parts] == ["thực hiện thường xuyên", "tạo chuyển biến rõ từ năm 2022"]
    nfd_date = parse_deadline(unicodedata.normalize("NFD", "Cấp xã hoàn thành trước ngày 15/6/2025"))
    assert (nfd_date.kind, nfd_date.due, nfd_date.group) == (K.DATE, D(2025, 6, 15), "xã")


def test_bold_and_line_breaks():
    d = parse_deadline("hoàn thành **trước \nngày 10/6/2025**")
    assert (d.kind, d.due, d.text) == (K.DATE, D(2025, 6, 10), "hoàn thành **trước ngày 10/6/2025**")
    assert parse_deadline("**(thực \n\nhiện thường xuyên)**").kind == K.CONTINUOUS


@pytest.mark.parametrize("text", ["(THỰC HIỆN THƯỜNG XUYÊN)", "(Thực Hiện Thường Xuyên)", "Thường xuyên"])
def test_case_does_not_matter(text):
    assert parse_deadline(text).kind == K.CONTINUOUS


def test_case_in_other_kinds():
    assert top(parse_deadline("TRONG QUÝ III/2022"))[:4] == (K.QUARTER, D(2022, 9, 30), 2022, 3)
    assert top(parse_deadline("Trước Ngày 10/6/2025"))[:2] == (K.DATE, D(2025, 6, 10))
    assert parse_deadline("(Sau khi Trung ương có hướng dẫn)").condition == "Sau khi Trung ương có hướng dẫn"


def test_tone_placement_variants():
    for text in ("(sau khi Trung ương khoá XIII có hướng dẫn)", "(sau khi Trung ương khóa XIII có hướng dẫn)"):
        d = parse_deadline(text)
        assert d.kind == K.CONDITIONAL and d.condition == text.strip("()")
    # "cấp uỷ" (old placement) is still not a group
    assert parse_deadline("Cấp uỷ cấp trên hoàn thành trước ngày 10/6/2025").group is None
    assert parse_deadline("cấp quận uỷ trước ngày 10/6/2025").group == "quận uỷ"


@pytest.mark.parametrize("text", ["trước ngày 05/06/2025", "trước ngày 5/6/2025", "trước ngày 05/6/2025"])
def test_leading_zeros(text):
    assert parse_deadline(text).due == D(2025, 6, 5)


@pytest.mark.parametrize(("text", "problem"), [
    ("trước ngày 31/2/2025", "«trước ngày 31/2/2025»: ngày 31/2/2025 không có thật"),
    ("hoàn thành trước ngày 31/4/2025", "«hoàn thành trước ngày 31/4/2025»: ngày 31/4/2025 không có thật"),
    ("trong quý V/2022", "«trong quý V/2022»: quý V không có (chỉ có quý I–IV)"),
    ("quý 5/2022", "«quý 5/2022»: quý 5 không có (chỉ có quý I–IV)"),
    ("trong tháng 13/2022", "«trong tháng 13/2022»: tháng 13 không có (chỉ có tháng 1–12)"),
    ("trước ngày 15/6", "«trước ngày 15/6»: thiếu năm (nếu lặp lại mỗi năm, ghi «hằng năm»)"),
    ("trước ngày 30/2 hằng năm", "«trước ngày 30/2 hằng năm»: ngày 30/2 không có thật"),
])
def test_invalid_dates_are_problems_not_parts(text, problem):
    d = parse_deadline(text)
    assert d.kind == K.NONE and d.due is None and d.parts == [] and d.text == text
    assert deadline_problems(text) == [problem]


def test_invalid_date_beside_a_valid_one():
    text = "cấp huyện trước ngày 31/2/2025; cấp xã trước ngày 15/3/2025"
    d = parse_deadline(text)
    assert (d.kind, d.due, d.group, d.parts) == (K.DATE, D(2025, 3, 15), "xã", [])
    assert deadline_problems(text) == ["«trước ngày 31/2/2025»: ngày 31/2/2025 không có thật"]


@pytest.mark.parametrize("text", ["trước ngày 10/6/2025", "trước ngày 15/12 hằng năm", "(năm 2023)", "", None,
                                  "giảm đến 1/3 số cán bộ", "kể từ tháng 9/2025 đến nay", "từ năm 2020 đến nay",
                                  "(thực hiện thường xuyên)", "quý III/2022", "dĩ hoà vi quý", "quý vị đại biểu"])
def test_no_problems(text):
    assert deadline_problems(text) == []


@pytest.mark.parametrize("text", [None, "", "   \n ", "Tham mưu xây dựng kế hoạch lựa chọn một số cán bộ trẻ",
                                  "từ năm 2020 đến nay", "kể từ tháng 9/2025 đến nay", "giảm đến 1/3 số cán bộ"])
def test_none(text):
    d = parse_deadline(text)
    assert top(d) == (K.NONE, None, None, None, None, None, None)
    assert d.parts == [] and d.text == " ".join((text or "").split())


@pytest.mark.parametrize(("text", "summary"), [
    ("trước ngày 10/6/2025", "trước 10/06/2025"),
    ("(năm 2023)", "trong năm 2023"),
    ("(năm 2022, 2023)", "trong năm 2023"),
    ("(từ năm 2022)", "từ năm 2022"),
    ("(thực hiện thường xuyên)", "thường xuyên"),
    ("(thực hiện hằng năm)", "hằng năm"),
    ("định kỳ tháng 12 hằng năm", "tháng 12 hằng năm"),
    ("trước ngày 15/12 hằng năm", "trước 15/12 hằng năm"),
    ("trong quý III/2022", "quý III/2022"),
    ("trong tháng 8/2022", "tháng 8/2022"),
    ("(sau khi Trung ương có hướng dẫn)", "khi có hướng dẫn của Trung ương"),
    ("(sau khi Trung ương ban hành)", "khi Trung ương ban hành"),
    ("", "không ghi thời hạn"),
])
def test_describe(text, summary):
    assert describe(parse_deadline(text)) == summary


def test_principal_rule():
    # a due beats everything; the latest due wins
    d = parse_deadline("(thực hiện thường xuyên); trong quý IV/2022; trước ngày 15/11/2022; (năm 2022)")
    assert (d.kind, d.due) == (K.QUARTER, D(2022, 12, 31))  # first of the equal latest dues
    # no due: continuous, then yearly, then from_year, then conditional
    assert parse_deadline("(sau khi Trung ương có hướng dẫn); (từ năm 2022); hằng năm; thường xuyên").kind == K.CONTINUOUS
    assert parse_deadline("(sau khi Trung ương có hướng dẫn); (từ năm 2022); (thực hiện hằng năm)").kind == K.YEARLY
    assert parse_deadline("(sau khi Trung ương có hướng dẫn); (từ năm 2022)").kind == K.FROM_YEAR
    assert parse_deadline("(sau khi Trung ương có hướng dẫn)").kind == K.CONDITIONAL
    assert parse_deadline("thường xuyên; tạo chuyển biến rõ từ năm 2022").kind == K.CONTINUOUS


def test_phrases_joined_with_semicolons():
    d = parse_deadline("trước ngày 10/6/2025; trước ngày 15/6/2025")
    assert [p.due for p in d.parts] == [D(2025, 6, 10), D(2025, 6, 15)] and d.due == D(2025, 6, 15)
    d = parse_deadline("từ năm 2023; sau khi Trung ương có hướng dẫn")
    assert [p.kind for p in d.parts] == [K.FROM_YEAR, K.CONDITIONAL] and d.kind == K.FROM_YEAR


# --- deadline_from_mapping

def test_mapping_text_only():
    d = deadline_from_mapping({"text": "(năm 2023)"})
    assert top(d) == (K.YEAR, D(2023, 12, 31), 2023, None, None, None, None)


def test_mapping_overrides():
    d = deadline_from_mapping({"text": "(thực hiện thường xuyên)", "kind": "date", "due": "15/12/2025"})
    assert (d.kind, d.due, d.text) == (K.DATE, D(2025, 12, 15), "(thực hiện thường xuyên)")
    d = deadline_from_mapping({"text": "theo kế hoạch", "kind": "year", "year": 2024})
    assert (d.kind, d.due, d.year) == (K.YEAR, D(2024, 12, 31), 2024)
    d = deadline_from_mapping({"text": "(năm 2023)", "due": dt.date(2023, 6, 30)})
    assert (d.kind, d.due, d.year) == (K.YEAR, D(2023, 6, 30), 2023)
    d = deadline_from_mapping({"text": "", "kind": "FROM_YEAR", "year": "2022"})
    assert (d.kind, d.year, d.due) == (K.FROM_YEAR, 2022, None)
    d = deadline_from_mapping({"text": "trước ngày 10/6/2025", "kind": K.DATE})
    assert d.due == D(2025, 6, 10)


def test_mapping_groups_callback():
    d = deadline_from_mapping({"text": GROUPED}, groups=lambda w: "G" if w.startswith("quận") else None)
    assert [p.group for p in d.parts] == ["G", "đảng ủy phường, xã và tương đương"]


def test_mapping_unknown_kind():
    with pytest.raises(ValueError, match="loại thời hạn không hợp lệ: «sometimes»"):
        deadline_from_mapping({"text": "x", "kind": "sometimes"})


@pytest.mark.parametrize("mapping", [{"text": "x", "year": "hai nghìn"}, {"text": "x", "year": 2023.5},
                                     {"text": "x", "due": "31/2/2025"}])
def test_mapping_bad_values(mapping):
    with pytest.raises(ValueError):
        deadline_from_mapping(mapping)


# --- the real file

_PARAGRAPH_START = re.compile(r"^\s*(?:-|\+|\*|\(\d+\)|\d+(?:\.\d+)*\.|[IVX]+[.\-])\s")


def _paragraphs(path: Path) -> list[str]:
    """Split at bullets and numbered items; blank lines inside a paragraph are extraction scars."""
    out: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if _PARAGRAPH_START.match(line) and out[-1]:
            out.append([])
        if line.strip():
            out[-1].append(line.strip())
    return [" ".join(" ".join(p).split()) for p in out if p]


def test_every_continuous_paragraph_of_17_ctr_tu():
    path = PROGRAMMES / "danang-17-ctr-tu-nq21.txt"
    paras = [p for p in _paragraphs(path) if "(thực hiện thường xuyên)" in p]
    assert len(paras) >= 15  # 19 in the file as extracted
    dated = []
    for para in paras:
        d = parse_deadline(para)
        kinds = [p.kind for p in d.parts] or [d.kind]
        assert K.CONTINUOUS in kinds, para
        if any(p.due for p in d.parts):
            dated.append((para[:30], d.kind, d.year))  # the principal rule: a due beats "thường xuyên"
        else:
            assert d.kind == K.CONTINUOUS, para
    # Two paragraphs hold a second task with its own year (the splitter should cut them in two).
    assert dated == [("- Hoàn thiện khung năng lực th", K.YEAR, 2023),
                     ("- Nâng cao chất lượng công tác", K.YEAR, 2023)]
