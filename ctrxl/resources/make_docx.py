"""Lay out the Word templates (city, agency, review) with python-docx: ``python -m ctrxl.resources.make_docx [DIR]``.

The committed files in ``templates/docx/`` are this script's output (a test checks
it). They are ordinary Word documents with docxtpl tags, so an office can open one
in Word, LibreOffice or WPS, reword a heading or move a table, and point the
``[report]`` table of ctrxl.toml at its copy (``template_city``, ``template_agency``).

Layout values (margins, fonts, sizes, column widths of the header) are not written
here: ``style.apply_layout`` applies the settings, now with the defaults and again at
every render with the workspace's values.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..config.report import STYLES, Layout
from ..report.style import apply_layout, table_borders, table_widths

C, J, L_ = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
# style -> (alignment, bold, italic, underline)
LOOK = {
    "CT Higher": (C, False, False, False), "CT Issuer": (C, True, False, False), "CT Star": (C, False, False, False),
    "CT Number": (C, False, False, False), "CT Party": (C, True, False, False), "CT Date": (C, False, True, False),
    "CT Title": (C, True, False, False), "CT Subject": (C, True, False, False), "CT Body": (J, False, False, False),
    "CT Part": (J, True, False, False), "CT Heading": (J, True, False, False), "CT Table": (L_, False, False, False),
    "CT Table Head": (C, True, False, False), "CT Recipients Head": (L_, True, True, True),
    "CT Recipients": (L_, False, False, False), "CT Sign": (C, True, False, False),
    "CT Signer": (C, True, False, False),
    "CT Appendix": (C, True, False, False), "CT Page": (C, False, False, False), "CT Chart": (C, False, False, False),
}
FIXED = dt.datetime(2025, 1, 1)


def _styles(doc) -> None:
    for name in STYLES:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        align, bold, italic, underline = LOOK[name]
        style.font.bold, style.font.italic, style.font.underline = bold, italic, underline
        pf = style.paragraph_format
        pf.alignment = align
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        if name == "CT Party":  # the rule: a bottom border, its length set by the paragraph's indents
            ppr = style.element.get_or_add_pPr()
            bdr = OxmlElement("w:pBdr")
            bottom = OxmlElement("w:bottom")
            for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
                bottom.set(qn(k), v)
            bdr.append(bottom)
            ppr.append(bdr)
        if name in ("CT Title", "CT Appendix"):
            pf.space_before = Pt(12)
        if name == "CT Part" or name == "CT Heading":
            pf.keep_with_next = True
        if name == "CT Table Head":
            pf.keep_with_next = True
        if name == "CT Chart":
            pf.space_before, pf.space_after = Pt(6), Pt(6)


def p(container, text: str, style: str):
    return container.add_paragraph(text, style=style)


def loop(container, var: str, items: str, style: str = "CT Body") -> None:
    """``{%p for var in items %}{{ var }}{%p endfor %}``: one paragraph per item."""
    p(container, f"{{%p for {var} in {items} %}}", style)
    p(container, f"{{{{ {var} }}}}", style)
    p(container, "{%p endfor %}", style)


def _cell(cell, text: str, style: str) -> None:
    cell.paragraphs[0].text = text
    cell.paragraphs[0].style = cell.part.document.styles[style]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cell_margins(table, mm: float) -> None:
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Mm(mm).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def data_table(doc, heads: list[str], cells: list[str], widths: list[float], rows: str,
               total: list[str] | None = None, centred: tuple[str, ...] = ()) -> None:
    """A bordered table: a repeated header, one row per item (``{%tr for %}``), an optional totals row.
    Columns named in ``centred`` (and the serial number) are centred; text columns stay left."""
    n = len(heads)
    table = doc.add_table(rows=4 + (1 if total else 0), cols=n)
    table_borders(table, True)
    _cell_margins(table, 1.0)
    for i, h in enumerate(heads):
        _cell(table.rows[0].cells[i], h, "CT Table Head")
    _repeat_header(table.rows[0])
    _cell(table.rows[1].cells[0], f"{{%tr for r in {rows} %}}", "CT Table")
    for i, expr in enumerate(cells):
        _cell(table.rows[2].cells[i], f"{{{{ r.{expr} }}}}", "CT Table")
        if expr == "n" or expr in centred:
            table.rows[2].cells[i].paragraphs[0].alignment = C
    _cant_split(table.rows[2])
    _cell(table.rows[3].cells[0], "{%tr endfor %}", "CT Table")
    if total:
        for i, expr in enumerate(total):
            _cell(table.rows[4].cells[i], expr, "CT Table Head")
    table_widths(table, widths)


def _header(doc) -> None:
    table = doc.add_table(rows=2, cols=2)
    table_borders(table, False)
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.text, first.style = "{%p if higher_body %}", doc.styles["CT Higher"]
    p(left, "{{ higher_body }}", "CT Higher")
    p(left, "{%p endif %}", "CT Higher")
    p(left, "{{ issuer }}", "CT Issuer")
    p(left, "*", "CT Star")
    right.paragraphs[0].text, right.paragraphs[0].style = "{{ party_name }}", doc.styles["CT Party"]
    _cell(table.rows[1].cells[0], "{{ number_line }}", "CT Number")
    _cell(table.rows[1].cells[1], "{{ date_line }}", "CT Date")
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    p(doc, "{{ title }}", "CT Title")
    p(doc, "{{ subject }}", "CT Subject")
    p(doc, "-----", "CT Star")
    p(doc, "", "CT Body")


def _page_numbers(section) -> None:
    """Arabic page numbers centred in the top margin, none on page 1 (different first page)."""
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    run.append(t)
    fld.append(run)
    para._p.append(fld)


def _body(doc, agency: bool) -> None:
    p(doc, "{{ opening }}", "CT Body")
    p(doc, "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN", "CT Part")
    loop(doc, "x", "leadership")
    p(doc, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, CHỈ TIÊU", "CT Part")
    loop(doc, "x", "summary")
    p(doc, "{%p if chart %}", "CT Chart")
    p(doc, "{{ chart }}", "CT Chart")
    p(doc, "{%p endif %}", "CT Chart")
    p(doc, "{%p for g in groups %}", "CT Body")
    p(doc, "{{ g.heading }}", "CT Heading")
    p(doc, "{%p if g.paragraph %}", "CT Body")
    p(doc, "{{ g.paragraph }}", "CT Body")
    p(doc, "{%p endif %}", "CT Body")
    loop(doc, "x", "g.results")
    p(doc, "{%p endfor %}", "CT Body")
    p(doc, "{{ n_ind }}. Kết quả thực hiện các chỉ tiêu", "CT Heading")
    p(doc, "{%p if ind_rows %}", "CT Body")
    result = "Kết quả của đơn vị" if agency else "Kết quả của thành phố"
    reported = "Đã báo cáo số liệu" if agency else "Số đơn vị có số liệu"
    data_table(doc, ["STT", "Chỉ tiêu", "Chỉ tiêu đề ra", reported, result, "Đánh giá"],
               ["n", "text", "target", "reported", "result", "verdict"], [12, 60, 25, 20, 28, 20], "ind_rows",
               centred=("target", "reported", "result", "verdict"))
    if not agency:
        p(doc, "Kết quả của thành phố đối với chỉ tiêu tỷ lệ là tổng tử số chia cho tổng mẫu số của các đơn vị có "
               "số liệu (không lấy bình quân tỷ lệ của các đơn vị).", "CT Body")
    p(doc, "{%p if ind_compare %}", "CT Body")
    p(doc, "So với năm {{ compare_year }}, kết quả các chỉ tiêu của " + ("đơn vị" if agency else "thành phố") + ":",
      "CT Body")
    loop(doc, "x", "ind_compare")
    p(doc, "{%p endif %}", "CT Body")
    p(doc, "{%p else %}", "CT Body")
    p(doc, "Không có chỉ tiêu phải báo cáo.", "CT Body")
    p(doc, "{%p endif %}", "CT Body")
    p(doc, "{{ n_overdue }}. Nhiệm vụ quá hạn, chưa hoàn thành", "CT Heading")
    p(doc, "{%p if overdue_rows %}", "CT Body")
    if agency:
        data_table(doc, ["STT", "Nhiệm vụ", "Thời hạn"], ["n", "task", "due"], [12, 125, 28], "overdue_rows",
                   centred=("due",))
    else:
        data_table(doc, ["STT", "Nhiệm vụ", "Thời hạn", "Đơn vị chưa hoàn thành"], ["n", "task", "due", "agencies"],
                   [12, 83, 24, 46], "overdue_rows", centred=("due",))
    p(doc, "{%p else %}", "CT Body")
    p(doc, "{{ no_overdue }}", "CT Body")
    p(doc, "{%p endif %}", "CT Body")
    loop(doc, "x", "disagreements")
    p(doc, "III. ĐÁNH GIÁ CHUNG", "CT Part")
    for n, (title, items) in enumerate((("Ưu điểm, kết quả nổi bật", "strengths"),
                                        ("Hạn chế, khuyết điểm", "weaknesses"), ("Nguyên nhân", "causes")), start=1):
        p(doc, f"{n}. {title}", "CT Heading")
        loop(doc, "x", items)
    p(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ next_year }}", "CT Part")
    loop(doc, "x", "direction")
    p(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ", "CT Part")
    loop(doc, "x", "proposals")
    # part V stays with the signature block: never a signature page without text above it
    for para in doc.paragraphs[-2:]:
        para.paragraph_format.keep_with_next = True
    p(doc, "", "CT Body").paragraph_format.keep_with_next = True
    _signature(doc)


def _signature(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    table_borders(table, False)
    _cant_split(table.rows[0])  # the signature block never breaks across pages (the name alone on a page)
    left, right = table.rows[0].cells
    left.paragraphs[0].text, left.paragraphs[0].style = "Nơi nhận:", doc.styles["CT Recipients Head"]
    loop(left, "x", "recipients", "CT Recipients")
    right.paragraphs[0].text, right.paragraphs[0].style = "{%p if sign.on_behalf %}", doc.styles["CT Sign"]
    p(right, "{{ sign.on_behalf }}", "CT Sign")
    p(right, "{%p endif %}", "CT Sign")
    p(right, "{{ sign.title }}", "CT Sign")
    p(right, "{{ sign.name }}", "CT Signer")


def _appendix(doc, agency: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = True
    p(doc, "PHỤ LỤC", "CT Appendix")
    if agency:
        p(doc, "Kết quả thực hiện từng nhiệm vụ năm {{ year }} của {{ agency_name }}", "CT Subject")
    else:
        p(doc, "Tình hình thực hiện nhiệm vụ năm {{ year }} theo đơn vị", "CT Subject")
    p(doc, "(Kèm theo Báo cáo {{ report_ref }} của {{ reporter }})", "CT Date")
    p(doc, "", "CT Table")
    if agency:
        data_table(doc, ["STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Vai trò", "Thời hạn", "Tình trạng",
                         "Ngày hoàn thành", "Kết quả cụ thể, văn bản minh chứng"],
                   ["n", "code", "text", "role", "deadline", "status", "completed", "results"],
                   [12, 20, 78, 17, 28, 25, 24, 48], "appendix_rows",
                   centred=("code", "role", "deadline", "status", "completed"))
    else:
        heads = ["STT", "Đơn vị", "Nộp báo cáo", "Số nhiệm vụ được giao", "Hoàn thành đúng hạn", "Hoàn thành chậm hạn",
                 "Đang thực hiện, trong hạn", "Thường xuyên, đang thực hiện", "Quá hạn, chưa hoàn thành",
                 "Chưa thực hiện", "Không thuộc phạm vi", "Tỷ lệ hoàn thành"]
        keys = ["n", "name", "state", "total", "done_on_time", "done_late", "in_progress", "continuous", "overdue",
                "not_started", "not_applicable", "completed"]
        data_table(doc, heads, keys, [12, 60, 22, 16, 18, 18, 18, 18, 18, 18, 16, 18], "appendix_rows",
                   total=[""] + [f"{{{{ appendix_total.{k} }}}}" for k in keys[1:]], centred=tuple(keys[2:]))


def _review_body(doc) -> None:
    """The review report (báo cáo sơ kết, ``ctrxl report --from --to``): the years side by side."""
    p(doc, "{{ opening }}", "CT Body")
    p(doc, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUA CÁC NĂM", "CT Part")
    loop(doc, "x", "year_lines")
    data_table(doc, ["Năm", "Đơn vị đã báo cáo", "Nộp đúng hạn", "Lượt nhiệm vụ", "HT đúng hạn", "HT chậm hạn",
                     "Đang TH, trong hạn", "Thường xuyên", "Quá hạn", "Chưa TH", "Tỷ lệ hoàn thành",
                     "Tỷ lệ HT đúng hạn"],
               ["year", "agencies", "on_time", "pairs", "done_on_time", "done_late", "in_progress", "continuous",
                "overdue", "not_started", "completed", "done_on_time_rate"],
               [12, 16, 12, 15, 13, 13, 15, 15, 12, 12, 15, 15], "year_rows",
               centred=("year", "agencies", "on_time", "pairs", "done_on_time", "done_late", "in_progress",
                        "continuous", "overdue", "not_started", "completed", "done_on_time_rate"))
    p(doc, "HT: hoàn thành; TH: thực hiện. Mỗi năm tính đến hạn nộp báo cáo của năm đó; tỷ lệ tính trên các lượt "
           "nhiệm vụ thuộc phạm vi của các đơn vị đã có báo cáo hợp lệ.", "CT Body")
    p(doc, "{%p if chart %}", "CT Chart")
    p(doc, "{{ chart }}", "CT Chart")
    p(doc, "{%p endif %}", "CT Chart")
    loop(doc, "x", "progress")
    p(doc, "II. TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU", "CT Part")
    p(doc, "{%p if ind_rows %}", "CT Body")
    data_table(doc, ["STT", "Chỉ tiêu", "Chỉ tiêu đề ra", "Kết quả của thành phố qua các năm",
                     "Lộ trình năm {{ end }}", "Đánh giá năm {{ end }}"],
               ["n", "text", "target", "results", "path", "verdict"], [12, 50, 24, 36, 18, 25], "ind_rows",
               centred=("target", "path", "verdict"))
    p(doc, "Lộ trình: đường thẳng từ kết quả của năm đầu tiên có số liệu đến mức chỉ tiêu ở năm đạt chỉ tiêu; chỉ "
           "tiêu hằng năm: mức chỉ tiêu mỗi năm. Kết quả tỷ lệ của thành phố là tổng tử số chia cho tổng mẫu số của "
           "các đơn vị có số liệu.", "CT Body")
    loop(doc, "x", "ind_lines")
    p(doc, "{%p else %}", "CT Body")
    p(doc, "Không có chỉ tiêu phải báo cáo.", "CT Body")
    p(doc, "{%p endif %}", "CT Body")
    p(doc, "III. ĐÁNH GIÁ CHUNG", "CT Part")
    for n, (title, items) in enumerate((("Ưu điểm, kết quả nổi bật", "strengths"),
                                        ("Hạn chế, khuyết điểm", "weaknesses")), start=1):
        p(doc, f"{n}. {title}", "CT Heading")
        loop(doc, "x", items)
    p(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "CT Part")
    loop(doc, "x", "direction")
    p(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ", "CT Part")
    loop(doc, "x", "proposals")
    for para in doc.paragraphs[-2:]:
        para.paragraph_format.keep_with_next = True
    p(doc, "", "CT Body").paragraph_format.keep_with_next = True
    _signature(doc)


def build_review(layout: Layout | None = None):
    doc = Document()
    doc.core_properties.title = "Báo cáo sơ kết"
    doc.core_properties.author = doc.core_properties.last_modified_by = "ctrxl"
    doc.core_properties.created = doc.core_properties.modified = FIXED
    doc.core_properties.revision = 1
    doc.core_properties.comments = ""
    _styles(doc)
    _page_numbers(doc.sections[0])
    doc.sections[0].header.paragraphs[0].style = doc.styles["CT Page"]
    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    _header(doc)
    _review_body(doc)
    apply_layout(doc, layout or Layout())
    return doc


def build(agency: bool, layout: Layout | None = None):
    doc = Document()
    doc.core_properties.title = "Báo cáo đơn vị" if agency else "Báo cáo tổng hợp"
    doc.core_properties.author = doc.core_properties.last_modified_by = "ctrxl"
    doc.core_properties.created = doc.core_properties.modified = FIXED
    doc.core_properties.revision = 1
    doc.core_properties.comments = ""
    _styles(doc)
    _page_numbers(doc.sections[0])
    doc.sections[0].header.paragraphs[0].style = doc.styles["CT Page"]
    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    _header(doc)
    _body(doc, agency)
    _appendix(doc, agency)
    apply_layout(doc, layout or Layout())
    return doc


def deterministic_bytes(doc) -> bytes:
    """The .docx with fixed zip timestamps, so the same script gives the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith("docProps/thumbnail"):
                continue
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b'<Default Extension="jpeg" ContentType="image/jpeg"/>', b"")
            if info.filename == "_rels/.rels":
                import re

                data = re.sub(rb'<Relationship [^>]*thumbnail[^>]*/>', b"", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    return out.getvalue()


def write_templates(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, agency in (("bao-cao-tong-hop.docx", False), ("bao-cao-don-vi.docx", True)):
        path = folder / name
        path.write_bytes(deterministic_bytes(build(agency)))
        out.append(path)
    path = folder / "bao-cao-so-ket.docx"
    path.write_bytes(deterministic_bytes(build_review()))
    out.append(path)
    return out


def main(argv: list[str] | None = None) -> None:
    from . import template_dir

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else template_dir("docx")
    for path in write_templates(folder):
        print(path)


if __name__ == "__main__":
    main()
