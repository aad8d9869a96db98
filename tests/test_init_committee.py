"""``ctrxl init DIR --registry starter --committee "Thành ủy Đà Nẵng"``: the starter registry named for
the office's committee, and the report's header and place in ctrxl.toml — run as a clerk would."""
import json
import re
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.definition import xlsx_layout as L
from ctrxl.workspace import open_workspace

PROGRAMMES = Path(__file__).resolve().parent / "data" / "programmes"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _agencies(book: Path) -> dict[str, tuple]:
    rows = openpyxl.load_workbook(book)[L.AGENCIES.name].iter_rows(min_row=2, values_only=True)
    return {r[0]: r for r in rows if r[0]}


def test_a_city_committee_names_the_registry_and_the_report(tmp_path):
    ws = tmp_path / "tb165"
    result = run("init", ws, "--year", "2025", "--registry", "starter", "--committee", "Thành uỷ  Đà Nẵng")
    assert result.exit_code == 0, result.output
    assert "«Thành ủy Đà Nẵng»" in result.output and 'place = "Đà Nẵng"' in result.output
    agencies = _agencies(ws / "dinh-nghia.xlsx")
    assert agencies["TU"][1] == "Thành ủy Đà Nẵng" and agencies["TU"][2] == "Thành ủy"
    assert agencies["BTCTU"][1] == "Ban Tổ chức Thành ủy" and agencies["VPTU"][1] == "Văn phòng Thành ủy"
    report = open_workspace(explicit=ws).config.report
    assert (report.place, report.issuer, report.agency_higher_body) == (
        "Đà Nẵng", "THÀNH ỦY ĐÀ NẴNG", "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG")
    assert report.reporter == "Ban Thường vụ Thành ủy"

    # The clerk's cycle on it: import, one row fixed, check (no "place" warning), the report's header.
    book = ws / "dinh-nghia.xlsx"
    assert run("-w", ws, "import", PROGRAMMES / "danang-ctr-tb165-2025.txt", "-o", book, "--symbol", "05-CTr/TU",
               "--force").exit_code == 0
    wb = openpyxl.load_workbook(book)
    tasks = wb[L.TASKS.name]
    lead = [c.value for c in tasks[1]].index("Chủ trì")
    next(r for r in tasks.iter_rows(min_row=2) if r[0].value == "III.4")[lead].value = "Văn phòng Thành ủy"
    wb.save(book)
    toml = ws / "ctrxl.toml"
    toml.write_text(re.sub(r'(?m)^recipient = ""', 'recipient = "Văn phòng Thành ủy"',
                           toml.read_text(encoding="utf-8")), encoding="utf-8")
    check = json.loads(run("-w", ws, "check", "--json").output)
    assert not [i for i in check["issues"] if i["severity"] == "error"], check["issues"]
    assert "ready.place" not in {i["code"] for i in check["issues"]}
    assert run("-w", ws, "report", "--agency", "BTCTU").exit_code == 0
    city = next((ws / "output").glob("bao-cao-*/bao-cao-tong-hop.docx"))
    agency = next((ws / "output").glob("bao-cao-*/don-vi/*.docx"))
    for path, issuer in ((city, "THÀNH ỦY ĐÀ NẴNG"), (agency, "THÀNH ỦY ĐÀ NẴNG")):
        doc = docx.Document(str(path))
        text = "\n".join([p.text for p in doc.paragraphs] +
                         [c.text for t in doc.tables for row in t.rows for c in row.cells])
        assert issuer in text, path
        assert re.search(r"Đà Nẵng, ngày \d\d tháng \d\d năm 2025", text), path


def test_a_province_committee_takes_the_province_forms(tmp_path):
    ws = tmp_path / "qn"
    result = run("init", ws, "--year", "2025", "--committee", "tỉnh ủy Quảng Ngãi")  # the starter is implied
    assert result.exit_code == 0, result.output
    agencies = _agencies(ws / "dinh-nghia.xlsx")
    assert agencies["TU"][1] == "Tỉnh ủy Quảng Ngãi"
    assert agencies["BTCTU"][1] == "Ban Tổ chức Tỉnh ủy" and "Ban Tổ chức Thành ủy" in agencies["BTCTU"][4]
    report = open_workspace(explicit=ws).config.report
    assert (report.place, report.issuer, report.agency_higher_body, report.reporter) == (
        "Quảng Ngãi", "TỈNH ỦY QUẢNG NGÃI", "ĐẢNG BỘ TỈNH QUẢNG NGÃI", "Ban Thường vụ Tỉnh ủy")
    assert "Lưu Văn phòng Tỉnh ủy" in report.recipients
    assert report.agency_recipients[0] == "Ban Thường vụ Tỉnh ủy (b/c)"
    # A programme written by a city still matches: the city forms are the other names.
    out = json.loads(run("-w", ws, "import", PROGRAMMES / "danang-ctr-tb165-2025.txt", "--json").output)
    assert len([t for t in out["tasks"] if any(t["assigned"].values())]) >= 30


def test_without_a_committee_the_next_step_says_to_name_it(tmp_path):
    result = run("init", tmp_path / "w", "--registry", "starter")
    assert result.exit_code == 0
    assert "mang tên chung «Thành ủy»" in result.output and '--committee "Thành ủy Đà Nẵng"' in result.output
    en = run("--lang", "en", "init", tmp_path / "e", "--registry", "starter")
    assert "generic name «Thành ủy»" in en.output
    assert "--committee" not in run("init", tmp_path / "x", "--example", "danang-nq21").output


def test_a_committee_that_is_no_city_or_province_committee_is_refused(tmp_path):
    bad = run("init", tmp_path / "a", "--committee", "Đà Nẵng")
    assert bad.exit_code != 0 and "phải là «Thành ủy» hoặc «Tỉnh ủy» và tên địa phương" in bad.output
    assert not (tmp_path / "a").exists()  # nothing half-written
    own = run("init", tmp_path / "b", "--example", "danang-nq21", "--committee", "Thành ủy Huế")
    assert own.exit_code != 0 and "chỉ dùng với --registry starter" in own.output
