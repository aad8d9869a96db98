"""The documents of the demo's cycle as an office prints them: rendered through LibreOffice.

One demo run for the module (≈ 45 s), then the city report, one agency report, the
consolidated workbook and one receipt are converted to PDF and checked for what an office
would send back: a clipped chart title, a heading cut with "…", a table running into a
margin, a consolidated workbook of hundreds of pages, an ISO UTC time on a receipt.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from ctrxl import clock
from ctrxl.cli import cli
from ctrxl.report.charts import AGENCY_TITLE, CITY_TITLE, RC, chart_figure, title_inside
from ctrxl.report.style import left_cell_margin_mm

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdfinfo"),
                                 reason="needs LibreOffice and poppler-utils")]

# the demo runs today's cycle (issue 14): due 15/12 of the current year
SYMBOL_YEAR = f"17-CTr-TU-{clock.today().year}"
MAX_WORKBOOK_PAGES = 40
HEADING_STYLES = ("CT Title", "CT Subject", "CT Part", "CT Heading", "CT Appendix")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("docs") / "d"
    result = CliRunner().invoke(cli, ["demo", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "output"


def to_pdf(path: Path, out: Path) -> Path:
    """``path`` as PDF in ``out`` (an ASCII folder: its own LibreOffice profile lives there)."""
    out.mkdir(parents=True, exist_ok=True)
    src = out / ("in" + path.suffix)  # an ASCII name: the file's own may have diacritics
    shutil.copyfile(path, src)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(out / 'lo').as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=300)
    pdf = out / "in.pdf"
    assert pdf.is_file(), path
    return pdf


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def reports(out: Path) -> list[Path]:
    folder = out / f"bao-cao-{SYMBOL_YEAR}"
    city = folder / "bao-cao-tong-hop.docx"
    agency = sorted((folder / "don-vi").glob("*.docx"))
    assert city.is_file() and agency
    return [city, agency[0]]


def text_width_mm(section_pr) -> float:
    size, mar = section_pr.find(qn("w:pgSz")), section_pr.find(qn("w:pgMar"))
    return (int(size.get(qn("w:w"))) - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right")))) / 56.6929


def tables_with_text_width(doc):
    """(table, text width of its section) for every top-level table."""
    body = doc.element.body
    pending = []
    for el in body.iterchildren():
        if el.tag == qn("w:tbl"):
            pending.append(el)
        sect = el if el.tag == qn("w:sectPr") else el.find(".//" + qn("w:sectPr"))
        if sect is not None:
            width = text_width_mm(sect)
            for tbl in pending:
                yield tbl, width
            pending = []


def test_charts_have_their_whole_title():
    import matplotlib

    with matplotlib.rc_context(RC):
        for title in (CITY_TITLE, AGENCY_TITLE, ("Tình hình thực hiện nhiệm vụ của " + "đơn vị rất dài " * 8).strip()):
            fig = chart_figure({"done_on_time": 738, "continuous": 1436, "overdue": 247}, title, 150.0)
            assert " ".join(fig._suptitle.get_text().split()) == title  # wrapped, never cut
            assert title_inside(fig), title


def test_reports_headings_and_tables(demo, tmp_path):
    for path in reports(demo):
        doc = Document(str(path))
        for p in doc.paragraphs:
            if p.style is not None and p.style.name in HEADING_STYLES:
                assert not p.text.rstrip().endswith(("…", "...")), (path.name, p.text)
        checked = 0
        for tbl, width in tables_with_text_width(doc):
            checked += 1
            grid = sum(int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))) / 56.6929
            ind = tbl.tblPr.find(qn("w:tblInd"))
            indent = int(ind.get(qn("w:w"))) / 56.6929 if ind is not None else 0.0
            from docx.table import Table

            left = indent - left_cell_margin_mm(Table(tbl, doc))  # Word 2010 layout: border left of tblInd
            assert left >= -0.1 and left + grid <= width + 0.1, (path.name, left, grid, width)
        assert checked >= 3
        pdf = to_pdf(path, tmp_path / ("city" if path.stem == "bao-cao-tong-hop" else "agency"))
        assert pages(pdf) >= 2
        text = pdf_text(pdf)
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text


def test_city_report_dates_agree_or_are_stated_apart(demo):
    doc = Document(str(reports(demo)[0]))
    text = "\n".join(p.text for p in doc.paragraphs)
    signed = next(p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
                  if "ngày" in p.text and "tháng" in p.text)
    day = re.search(r"ngày (\d+) tháng (\d+) năm (\d+)", signed).groups()
    for m in re.finditer(r"Tính đến ngày (\d+)/(\d+)/(\d+)", text):
        assert tuple(int(x) for x in m.groups()) == tuple(int(x) for x in day), m.group(0)


def test_consolidated_workbook_prints_as_filed(demo, tmp_path):
    book = demo / f"tong-hop-{SYMBOL_YEAR}.xlsx"
    pdf = to_pdf(book, tmp_path / "tong-hop")
    assert pages(pdf) <= MAX_WORKBOOK_PAGES
    text = pdf_text(pdf)
    assert not re.search(r"\b20\d,\d{3}\b", text)  # a year as 2,023
    assert not re.search(r"(?<![\d.,/])= 1(?![\d.,])", text)  # a yes/no target as "= 1"


def test_receipt_in_vietnamese_local_time(demo, tmp_path):
    folder = demo / f"phieu-phan-hoi-{SYMBOL_YEAR}"
    receipt = max(folder.glob("*.xlsx"), key=lambda p: p.stat().st_size)
    pdf = to_pdf(receipt, tmp_path / "phieu")
    text = pdf_text(pdf)
    assert re.search(r"\d\d giờ \d\d phút, ngày \d\d/\d\d/\d{4}", text)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)  # no ISO timestamp
