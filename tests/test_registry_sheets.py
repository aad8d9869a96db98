"""Issue 12 item 3 and the convert of proposed rows: the office lists its own wards and communes on
the "Xã, phường" sheet; rows the import proposes ("?") survive convert both ways, with readable codes."""
import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.definition import xlsx_layout as L
from ctrxl.definition.codes import readable_code
from ctrxl.definition.load import load_definition, read_document
from ctrxl.resources import registry_file


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _starter_book(tmp_path: Path) -> Path:
    ws = tmp_path / "w"
    assert run("init", ws, "--year", "2025", "--registry", "starter").exit_code == 0
    return ws / "dinh-nghia.xlsx"


def test_wards_listed_on_their_sheet_become_agencies_of_the_wards_group(tmp_path):
    book = _starter_book(tmp_path)
    wb = openpyxl.load_workbook(book)
    sheet = wb[L.WARDS.name]
    assert [c.value for c in sheet[1]] == [c.header for c in L.WARDS.columns]
    sheet.append(["Phường Hải Châu", "hc@example.org"])
    sheet.append(["xã Hòa Vang", "hv@example.org; hv2@example.org", "HV"])
    sheet.append(["Đặc khu Hoàng Sa"])
    sheet.append(["Thanh Khê"])  # no "Phường": a warning, still an agency
    sheet.append(["Ủy ban Kiểm tra Thành ủy"])  # already on Đơn vị: skipped
    wb.save(book)
    doc, _smap, problems = read_document(book)
    wards = {a["code"]: a for a in doc["agencies"] if "DU-XA-PHUONG" in (a.get("groups") or [])}
    assert wards["DU-P-HAICHAU"] == {"code": "DU-P-HAICHAU", "name": "Đảng ủy phường Hải Châu",
                                     "short": "Phường Hải Châu", "aliases": ["Đảng bộ phường Hải Châu"],
                                     "groups": ["DU-XA-PHUONG"], "emails": ["hc@example.org"]}
    assert wards["HV"]["name"] == "Đảng ủy xã Hòa Vang" and wards["HV"]["emails"] == ["hv@example.org",
                                                                                         "hv2@example.org"]
    assert wards["DU-DK-HOANGSA"]["name"] == "Đảng ủy đặc khu Hoàng Sa"
    assert wards["DUTK"]["name"] == "Đảng ủy Thanh Khê"
    codes = {p.code: p for p in problems}
    assert codes["xlsx.ward_kind"].location.sheet == L.WARDS.name and codes["xlsx.ward_kind"].location.row == 5
    assert codes["xlsx.ward_duplicate"].location.row == 6
    # the group's members in the definition: "các đảng ủy xã, phường" now means these wards
    definition = load_definition(book, book)
    group = definition.resolver.resolve_name("Các đảng ủy phường, xã")[0]
    assert set(definition.resolver.expand(group.code)) >= {"DU-P-HAICHAU", "HV", "DU-DK-HOANGSA"}
    assert not [p for p in definition.problems if p.location.sheet == L.WARDS.name and p.severity.value == "error"]


def test_a_registry_without_the_group_gets_it(tmp_path):
    from ctrxl.definition.xlsx import write_definition_xlsx

    book = tmp_path / "d.xlsx"
    write_definition_xlsx(book, None, {"agencies": [{"code": "TU", "name": "Thành ủy"}]})
    wb = openpyxl.load_workbook(book)
    wb[L.WARDS.name].append(["Phường Hải Châu"])
    wb.save(book)
    doc, _smap, problems = read_document(book)
    assert doc["groups"] == [{"code": "DU-XA-PHUONG", "name": "Các đảng ủy xã, phường"}]
    assert [a["code"] for a in doc["agencies"]] == ["TU", "DU-P-HAICHAU"]


def test_readable_codes():
    taken = {"BTCTU"}
    assert readable_code("Ban Tổ chức Thành ủy", taken) == "BTCTU2"
    assert readable_code("Báo và Đài Phát thanh, Truyền hình Đà Nẵng", taken) == "BDPTTHDN"
    assert readable_code("Cơ quan báo, đài trên địa bàn thành phố", taken) == "CQBDTP"
    assert readable_code("Đảng ủy phường Hòa Cường", taken) == "DU-P-HOACUONG"
    assert readable_code("Các quận ủy, huyện ủy", taken) == "QUHU"


def test_convert_keeps_the_proposed_rows_both_ways(tmp_path):
    book = _starter_book(tmp_path)
    source = Path(__file__).resolve().parent / "data" / "programmes" / "danang-ctr-tb165-2025.txt"
    assert run("-w", tmp_path / "w", "import", source, "-o", book, "--force").exit_code == 0
    proposed = [r[0] for name in (L.GROUPS.name, L.AGENCIES.name)
                for r in openpyxl.load_workbook(book)[name].iter_rows(min_row=2, values_only=True)
                if str(r[0] or "").startswith("?")]
    assert proposed and all(len(c) <= 12 for c in proposed)  # readable codes, not a string of letters
    yaml_file = tmp_path / "d.yaml"
    out = run("convert", book, yaml_file)
    assert out.exit_code == 0 and f"{len(proposed)} dòng đề xuất" in out.output
    text = yaml_file.read_text(encoding="utf-8")
    assert "proposed:" in text
    doc, _smap, problems = read_document(yaml_file)
    assert sorted("?" + r["code"] for k in ("groups", "agencies") for r in doc["proposed"].get(k, [])) == \
        sorted(proposed)
    assert sum(p.code == "def.proposed_row" for p in problems) == len(proposed)
    back = tmp_path / "back.xlsx"
    assert run("convert", yaml_file, back).exit_code == 0
    again = [r[0] for name in (L.GROUPS.name, L.AGENCIES.name)
             for r in openpyxl.load_workbook(back)[name].iter_rows(min_row=2, values_only=True)
             if str(r[0] or "").startswith("?")]
    assert sorted(again) == sorted(proposed)
    # not part of the programme: the definition's hash is the same with or without them
    plain = tmp_path / "plain.yaml"
    plain.write_text(text.split("proposed:")[0], encoding="utf-8")
    reg = registry_file("starter")
    assert load_definition(yaml_file, reg).hash == load_definition(plain, reg).hash
    data = json.loads(run("convert", book, tmp_path / "d2.yaml", "--json").output)
    assert data["counts"]["proposed"] == len(proposed)
