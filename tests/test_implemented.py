"""Issue 12 item 4: the documents a programme implements are data (type, number, date, issuer,
subject), named the same way in every text; the importer reads them from the title and the
opening paragraph; YAML and the Excel definition carry them without loss."""
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from ctrxl.definition import xlsx_layout as L
from ctrxl.definition.document import normalise_document
from ctrxl.definition.xlsx import read_definition_xlsx, write_definition_xlsx
from ctrxl.importer import import_programme
from ctrxl.model import ImplementedDocument, Programme, document_type, name_documents, programme_name

PROGRAMMES = Path(__file__).resolve().parent / "data" / "programmes"
IMPORT = Path(__file__).resolve().parent / "data" / "import"


@pytest.mark.parametrize("symbol, kind, number", [
    ("165-TB/VPTW", "Thông báo", "165"), ("21-NQ/TW", "Nghị quyết", "21"), ("79-KL/TW", "Kết luận", "79"),
    ("45-CT/TW", "Chỉ thị", "45"), ("204-QĐ/TW", "Quyết định", "204"), ("232-KH/TU", "Kế hoạch", "232"),
    ("17-CTr/TU", "Chương trình", "17"), ("36-HD/VPTW", "Hướng dẫn", "36"), ("01-KH/BCĐTW", "Kế hoạch", "01"),
    ("76/2025/NĐ-CP", "Nghị định", "76"), ("851/BNV-CVTLTNN", None, "851"), ("136/2024/QH15", None, "136"),
])
def test_the_symbol_says_the_type_and_number(symbol, kind, number):
    assert document_type(symbol) == kind
    assert ImplementedDocument(symbol).number == number


def test_a_document_is_named_as_party_documents_cite_it():
    tb = ImplementedDocument("165-TB/VPTW", "về kết luận của đồng chí Tổng Bí thư", dt.date(2025, 4, 8),
                             "Văn phòng Trung ương Đảng")
    assert tb.name() == "Thông báo số 165-TB/VPTW ngày 08/4/2025 của Văn phòng Trung ương Đảng"
    assert tb.name(title=True).endswith("Đảng về kết luận của đồng chí Tổng Bí thư")  # one "về", not two
    assert tb.name(brief=True) == "Thông báo số 165-TB/VPTW"
    rule = ImplementedDocument("144-QĐ/TW", date=dt.date(2024, 5, 9), type="Quy định")
    assert rule.name() == "Quy định số 144-QĐ/TW ngày 09/5/2024"  # the explicit type wins
    assert ImplementedDocument("144-QĐ/TW", type=" quy  định").name() == "Quy định số 144-QĐ/TW"
    assert ImplementedDocument("851/BNV-CVTLTNN").name() == "văn bản số 851/BNV-CVTLTNN"
    nq = ImplementedDocument("43-NQ/TW", issuer="Bộ Chính trị (khóa XII)")
    kl = ImplementedDocument("79-KL/TW", date=dt.date(2024, 2, 14))
    assert name_documents([nq, kl, tb], brief=True) == \
        "Nghị quyết số 43-NQ/TW, Kết luận số 79-KL/TW và Thông báo số 165-TB/VPTW"
    assert name_documents([nq, kl]) == \
        "Nghị quyết số 43-NQ/TW của Bộ Chính trị (khóa XII) và Kết luận số 79-KL/TW ngày 14/02/2024"
    assert name_documents([]) == ""
    p = Programme("05-CTr/TU", "…", "Ban Thường vụ Thành ủy", dt.date(2025, 5, 20), implements=[tb])
    assert programme_name(p) == ("Chương trình hành động số 05-CTr/TU ngày 20/5/2025 của Ban Thường vụ Thành ủy "
                                 "thực hiện Thông báo số 165-TB/VPTW ngày 08/4/2025 của Văn phòng Trung ương Đảng")


def test_import_reads_the_implemented_document_from_title_and_opening():
    tb = import_programme(PROGRAMMES / "danang-ctr-tb165-2025.txt").document["programme"]["implements"]
    assert tb == [{"symbol": "165-TB/VPTW", "date": "08/4/2025", "issuer": "Văn phòng Trung ương Đảng",
                   "title": "kết luận của đồng chí Tổng Bí thư trong chuyến thăm, làm việc với Ban Thường vụ "
                            "Thành ủy Đà Nẵng và Ban Thường vụ Tỉnh ủy Quảng Nam"}]
    nq = import_programme(PROGRAMMES / "danang-17-ctr-tu-nq21.txt").document["programme"]["implements"]
    assert nq[0]["symbol"] == "21-NQ/TW" and nq[0]["date"] == "16/6/2022"  # the date from the opening paragraph
    assert nq[0]["issuer"] == "Ban Chấp hành Trung ương (khóa XIII)"
    assert nq[0]["title"].startswith("tăng cường củng cố") and nq[0]["title"].endswith("trong giai đoạn mới")
    # the programme's own symbol in its title is not a document it implements
    bt = import_programme(IMPORT / "binhthuan-61-ctr-tu-2023.txt").document["programme"]
    assert bt["symbol"] == "61-CTr/TU" and [d["symbol"] for d in bt["implements"]] == ["29-NQ/TW"]


def test_import_reads_an_opening_paragraph_when_the_title_cites_nothing(tmp_path):
    text = ("CHƯƠNG TRÌNH HÀNH ĐỘNG\n\nSố 08-CTr/TU\n\n"
            "Thực hiện Thông báo số 165-TB/VPTW ngày 08/4/2025 của Bộ Chính trị về kết luận của đồng chí "
            "Tổng Bí thư; Quy định số 144-QĐ/TW ngày 09/5/2024 của Bộ Chính trị về chuẩn mực đạo đức cách mạng, "
            "Ban Thường vụ Thành ủy ban hành Chương trình hành động như sau:\n\n"
            "I. NHIỆM VỤ\n\n1. Quán triệt Thông báo.\n\nCơ quan chủ trì: Ban Tổ chức Thành ủy.\n")
    source = tmp_path / "ctr.txt"
    source.write_text(text, encoding="utf-8")
    result = import_programme(source)
    docs = result.document["programme"]["implements"]
    assert docs == [
        {"symbol": "165-TB/VPTW", "date": "08/4/2025", "issuer": "Bộ Chính trị", "title": "kết luận của đồng chí Tổng Bí thư"},
        {"symbol": "144-QĐ/TW", "type": "Quy định", "date": "09/5/2024", "issuer": "Bộ Chính trị",
         "title": "chuẩn mực đạo đức cách mạng"},
    ]
    found = [i for i in result.review if i.code == "import.implements_found"]
    assert found and "Thông báo số 165-TB/VPTW ngày 08/4/2025 của Bộ Chính trị và Quy định số 144-QĐ/TW" \
        in found[0].message("vi")


def _doc(*implements):
    return {"programme": {"symbol": "05-CTr/TU", "title": "Chương trình hành động", "implements": list(implements)}}


def test_the_excel_definition_carries_every_field_and_shows_labels(tmp_path):
    doc = _doc({"symbol": "165-TB/VPTW", "date": "8/4/2025", "issuer": "Văn phòng Trung ương Đảng",
                "title": "kết luận của đồng chí Tổng Bí thư"},
               {"symbol": "144-QĐ/TW", "type": "Quy định", "date": "9/5/2024"})
    book = tmp_path / "d.xlsx"
    write_definition_xlsx(book, doc)
    back, _smap, problems = read_definition_xlsx(book)
    assert not problems
    assert normalise_document(back) == normalise_document(doc)
    ws = openpyxl.load_workbook(book)[L.PROGRAMME.name]
    labels = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "Số, ký hiệu chương trình" in labels and "symbol" not in labels  # Vietnamese in sight
    assert ws.column_dimensions["D"].hidden  # the keys, for the reader
    # a clerk who adds a document by typing only the labels (no keys) is read the same way
    ws.append(["Văn bản được thực hiện: số, ký hiệu", "79-KL/TW"])
    ws.append(["Văn bản được thực hiện: cơ quan ban hành", "Bộ Chính trị"])
    ws.parent.save(book)
    back, _smap, problems = read_definition_xlsx(book)
    assert back["programme"]["implements"][-1] == {"symbol": "79-KL/TW", "issuer": "Bộ Chính trị"}


def test_a_symbol_that_says_no_type_is_a_warning_with_the_key_to_set(tmp_path):
    (tmp_path / "p.yaml").write_text(
        "programme:\n  symbol: 05-CTr/TU\n  title: Chương trình\n  implements:\n    - symbol: 851/BNV-CVTLTNN\n"
        "tasks:\n  - code: T1\n    text: Làm\n    lead: [A]\n"
        "agencies:\n  - code: A\n    name: Ban A\n", encoding="utf-8")
    from ctrxl.definition.check import check_json
    from ctrxl.definition.load import load_definition

    data = json.loads(json.dumps(check_json(load_definition(tmp_path / "p.yaml", tmp_path / "p.yaml"))))
    warning = next(p for p in data["issues"] if p["code"] == "def.implements_type")
    assert warning["severity"] == "warning"
    assert data["programme"]["implements"][0]["name"] == "văn bản số 851/BNV-CVTLTNN"
