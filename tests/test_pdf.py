"""PDF through LibreOffice headless prints numbers the Vietnamese way, whatever the server's locale."""
import os
import subprocess

import xlsxwriter
from docx import Document

from ctrxl.report.pdf import to_pdf

from .libreoffice import soffice


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_spreadsheet_and_a_word_report_convert_in_the_vietnamese_locale(tmp_path, monkeypatch):
    soffice()
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # a server's locale: LibreOffice would print 27.5%
    monkeypatch.setenv("LANG", "C.UTF-8")
    book = tmp_path / "ty le.xlsx"
    wb = xlsxwriter.Workbook(book)
    ws = wb.add_worksheet("Tổng hợp")
    ws.set_column(0, 0, 30)
    ws.write_string(0, 0, "Tỷ lệ hoàn thành")
    ws.write_number(0, 1, 0.275, wb.add_format({"num_format": "0.0%"}))
    ws.write_string(1, 0, "Số đảng viên")
    ws.write_number(1, 1, 1234.5, wb.add_format({"num_format": "#,##0.0"}))
    wb.close()
    report = tmp_path / "bao cao.docx"
    doc = Document()
    doc.add_paragraph("BÁO CÁO kết quả thực hiện Chương trình số 17-CTr/TU")
    doc.save(report)

    pdfs = to_pdf([book, report])
    sheet = " ".join(_text(pdfs[book]).split())
    assert "27,5%" in sheet or "27,5 %" in sheet, sheet
    assert "1.234,5" in sheet and "27.5" not in sheet
    assert "BÁO CÁO kết quả thực hiện Chương trình số 17-CTr/TU" in _text(pdfs[report])
    assert os.environ["LC_ALL"] == "C.UTF-8"
