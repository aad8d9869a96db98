"""Published programme excerpts (tests/data/import/SOURCES.md) against their hand-counted truth,
and the target rules they brought in: sentences split, the heading's year, value targets."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from ctrxl.importer.targets import TargetReader

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "import"
_spec = importlib.util.spec_from_file_location("import_figures", ROOT / "scripts" / "import_figures.py")
figs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(figs)

PUBLISHED = ["binhthuan-61-ctr-tu-2023.txt", "tuyenquang-nq-daihoi-2025.txt", "tinhuy-57-ctr-2025.txt"]


@pytest.mark.parametrize("name", PUBLISHED)
def test_published_against_truth(name):
    doc = DATA / name
    truth = yaml.safe_load((DATA / (doc.stem + ".truth.yaml")).read_text(encoding="utf-8"))
    f = figs.figures(doc, truth)
    right, drafted, total = f["targets"]
    assert right >= 0.9 * total
    assert drafted - right <= 0.05 * max(drafted, 1)
    found, n_draft, n_truth = f["tasks"]
    assert n_draft == n_truth == found


def test_sentences_split_and_heading_year():
    r = TargetReader()
    groups = r.paragraph("Tốc độ tăng trưởng bình quân đạt 8%/năm. GRDP bình quân đầu người đạt 5.000 USD. "
                         "Tỷ lệ hộ nghèo dưới 1%", "I.2", default_year=2030)
    inds = [t for g in groups for t in g]
    assert [(t.unit, t.kind, t.year) for t in inds] == [("%", "value", 2030), ("USD", "value", 2030),
                                                         ("%", "ratio", 2030)]
    # the paragraph's own year wins over the heading's
    own = [t for g in TargetReader().paragraph("Đến năm 2025: tỷ lệ A đạt 90%", "I.2", 2030) for t in g]
    assert own[0].year == 2025


def test_share_and_glued_units():
    inds = [t for g in TargetReader().paragraph(
        "Tỷ trọng công nghiệp đạt từ 18 - 20% và tỷ trọng kinh tế số chiếm khoảng 30% trong GRDP; "
        "tăng trưởng công nghiệp bình quân 11,5 – 13%năm", "I.2") for t in g]
    assert [(t.target.get("min"), t.target.get("value"), t.kind) for t in inds] == [
        (18, None, "value"), (None, 30, "value"), (11.5, None, "value")]


def test_coordinators_inside_a_sentence():
    from ctrxl.importer import import_programme
    from ctrxl.importer.pipeline import load_registry

    reg = load_registry(ROOT / "examples" / "danang-nq21" / "registry.yaml")
    result = import_programme(DATA / "hue-markdown.md", registry=reg)
    task = next(t for t in result.document["tasks"] if t["code"] == "III.2")
    assert task["lead"] == ["BTCTU"] and task["coordinate"] == ["LIEN-QUAN"]
    assert any(i.code == "import.inline_coordinator" for i in result.review)
