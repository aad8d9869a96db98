"""Acceptance: the importer reproduces the bundled example from the programme text, and reads
the other programme of the family (assignments written under each task). The same texts
are also fed as Word documents built with python-docx."""
from __future__ import annotations

from pathlib import Path

import docx  # python-docx, a dependency of ctrxl
import pytest

from ctrxl.definition.deadline import parse_deadline
from ctrxl.definition.load import load_definition
from ctrxl.definition.registry import Resolver
from ctrxl.importer import import_programme
from ctrxl.importer.pipeline import load_registry
from ctrxl.model import Role
from ctrxl.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "danang-nq21"
PROGRAMMES = Path(__file__).resolve().parent / "data" / "programmes"  # copied from shared/, see SOURCES.md
NQ21 = PROGRAMMES / "danang-17-ctr-tu-nq21.txt"
TB165 = PROGRAMMES / "danang-ctr-tb165-2025.txt"


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def example():
    ws = open_workspace(explicit=EXAMPLE)
    return load_definition(ws.programme_path, ws.registry_path, ws.cycle)


@pytest.fixture(scope="module")
def registry():
    return load_registry(EXAMPLE / "registry.yaml")


def _compare(result, example) -> dict:
    """Mismatches between an import and the example; printed by the tests."""
    ours = {t["code"]: t for t in result.document["tasks"]}
    theirs = {t.code: t for t in example.programme.tasks}
    report: dict = {"missing": sorted(set(theirs) - set(ours)), "extra": sorted(set(ours) - set(theirs)),
                    "text": [], "kind": [], "lead": []}
    resolver = Resolver(example.registry)
    on = example.reference_date
    for code, t in theirs.items():
        mine = ours.get(code)
        if mine is None:
            continue
        if _norm(mine["text"]) != _norm(t.text):
            report["text"].append(code)
        kind = parse_deadline(mine.get("deadline")).kind
        if kind != t.deadline.kind:
            report["kind"].append((code, mine.get("deadline"), kind.value, t.deadline.kind.value))
        if code.startswith("III."):
            want = sorted(resolver.assignees(t.targets(Role.LEAD), on))
            got = sorted(resolver.assignees(mine.get("lead", []), on))
            if want != got:
                report["lead"].append((code, got, want))
    return report


def test_nq21_matches_the_bundled_example(example, registry):
    result = import_programme(NQ21, registry=registry, registry_source="registry.yaml", cycle=example.cycle)
    report = _compare(result, example)
    for key, rows in report.items():
        for row in rows:
            print(key, row)
    codes = [t["code"] for t in result.document["tasks"]]
    assert len(codes) == 62 and not report["missing"] and not report["extra"]
    same_text = 1 - len(report["text"]) / 62
    same_kind = 1 - len(report["kind"]) / 62
    print(f"tasks {len(codes)}, text equal {same_text:.1%}, deadline kind {same_kind:.1%}, "
          f"indicators {len(result.document.get('indicators', []))}")
    assert same_text >= 0.95
    assert same_kind >= 0.90
    assert report["lead"] == []


def test_nq21_targets_of_part_i_2_2(example, registry):
    result = import_programme(NQ21, registry=registry)
    indicators = result.document["indicators"]
    assert len(indicators) >= 16
    by_code = {x["code"]: x for x in indicators}
    # every numbered target of I.2.2: the example's codes without the split letters
    for x in example.programme.indicators:
        base = x.code.rstrip("abcd") if x.code[-1] in "abcd" else x.code
        assert any(c == x.code or c.startswith(base) for c in by_code), x.code
    assert by_code["CT-2.2.1-2025-4"]["target"] == {"op": ">=", "value": 90} and by_code["CT-2.2.1-2025-4"]["yearly"]
    assert by_code["CT-2.2.1-2025-6"]["target"] == {"op": "between", "min": 3, "max": 4}
    assert by_code["CT-2.2.1-2025-3"]["target"] == {"op": "=", "value": 100}
    assert by_code["CT-2.2.2-2025-1a"]["target"]["value"] == 15
    assert by_code["CT-2.2.2-2025-1b"]["target"]["value"] == 25
    assert by_code["CT-2.2.1-2030-2"]["year"] == 2030


def test_nq21_review_points_at_lines(registry):
    result = import_programme(NQ21, registry=registry)
    codes = {(i.code, i.place.n if i.place else None) for i in result.review}
    assert ("import.footnote", 314) in codes  # the footnote body dropped between two halves of a sentence
    assert ("import.joined_paragraph", 623) in codes  # III.3.(1) goes on after a blank line
    assert ("import.preamble", 154) in codes  # part II's addressee
    assert ("import.deadline_weak", 595) in codes  # "Thường xuyên kiểm tra …"
    task = next(t for t in result.document["tasks"] if t["code"] == "II.1.2-b")
    assert "Đảng(1)" not in task["text"] and "của Đảng, quy chế làm việc" in task["text"]


def test_tb165_every_task_has_its_written_agencies(registry):
    result = import_programme(TB165, registry=registry)
    part_ii = [t for t in result.tasks if t.code.startswith("II.")]
    assert len(part_ii) >= 25
    for t in part_ii:
        if t.code == "II.1.1":  # "Cơ quan thực hiện: …"
            assert t.names.get("execute"), t.code
            continue
        assert t.names.get("lead") and t.names.get("coordinate"), t.code
        for role in ("lead", "coordinate"):
            assert t.codes.get(role) or t.unmatched.get(role), (t.code, role)
    by = {t.code: t for t in result.tasks}
    assert by["II.2.1-b"].codes["lead"] == ["BTCTU"]
    assert by["II.3-a"].codes["lead"] == ["DU-UBND"]  # "Ban Thường vụ Đảng ủy Ủy ban nhân dân thành phố"
    assert "LIEN-QUAN" in by["II.3-a"].codes["coordinate"]
    assert by["II.7-a"].codes["lead"] == ["DU-QS"] and by["II.7-b"].codes["lead"] == ["DU-CA"]
    assert "Báo và Đài Phát thanh, Truyền hình Đà Nẵng" in by["II.1.2"].unmatched["coordinate"]
    doc = {t["code"]: t for t in result.document["tasks"]}
    assert "Báo và Đài Phát thanh" in doc["II.1.2"]["notes"]
    d = parse_deadline(doc["II.1.1"]["deadline"])
    assert [p.due.isoformat() for p in d.parts] == ["2025-06-10", "2025-06-15"]
    assert d.parts[0].group and d.parts[1].group


def test_tb165_without_registry_keeps_names_as_notes():
    result = import_programme(TB165)
    doc = {t["code"]: t for t in result.document["tasks"]}
    assert "lead" not in doc["II.2.2"]
    assert doc["II.2.2"]["notes"].startswith("Chủ trì: Ủy ban Kiểm tra Thành ủy")


def _docx_from_text(src: Path, dest: Path, styled: bool = False) -> Path:
    """Each line of the text becomes a Word paragraph; with ``styled`` bullets become
    "List Bullet" paragraphs and sub-bullets "List Bullet 2" (the dash is then Word's numbering)."""
    document = docx.Document()
    for line in src.read_text(encoding="utf-8").split("\n"):
        s = line.strip()
        if styled and s.startswith("- "):
            document.add_paragraph(s[2:], style="List Bullet")
        elif styled and s.startswith("+ "):
            document.add_paragraph(s[2:], style="List Bullet 2")
        else:
            document.add_paragraph(line)
    document.save(dest)
    return dest


@pytest.mark.parametrize("styled", [False, True])
def test_nq21_as_docx(tmp_path, example, registry, styled):
    doc = _docx_from_text(NQ21, tmp_path / "17-CTr.docx", styled)
    result = import_programme(doc, registry=registry, cycle=example.cycle)
    report = _compare(result, example)
    print(report)
    assert not report["missing"] and not report["extra"]
    assert len(report["text"]) <= 3 and len(report["kind"]) <= 6 and report["lead"] == []
    assert result.review[1].place.unit == "paragraph"
    assert result.review[1].place.describe("vi").startswith("đoạn ")


def test_tb165_as_docx(tmp_path, registry):
    doc = _docx_from_text(TB165, tmp_path / "tb165.docx", styled=True)
    result = import_programme(doc, registry=registry)
    part_ii = [t for t in result.tasks if t.code.startswith("II.")]
    assert len(part_ii) == len([t for t in import_programme(TB165, registry=registry).tasks if t.code.startswith("II.")])
    assert all(t.assigned for t in part_ii)
