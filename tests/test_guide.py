"""The user guide (docs/huong-dan/) stays true: every command it shows runs, in order, in a fresh
folder, with the exit code and the output the guide quotes; every image it shows exists.

The run is scripts/make_guide.py's (``--check`` does the same from the command line; without it the
script rewrites the outputs and the images). The clerk's steps outside ctrxl (a Word document, edits
in Excel, the agencies' returns, a mail server) are the guide's ``<!-- guide: … -->`` steps.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _make_guide():
    spec = importlib.util.spec_from_file_location("make_guide", ROOT / "scripts" / "make_guide.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_guide"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


guide = _make_guide()


def test_guide_has_chapters_commands_and_images():
    chapters = guide.chapters()
    assert len(chapters) >= 5
    readme = (guide.GUIDE / "README.md").read_text(encoding="utf-8")
    for path in chapters:
        assert f"]({path.name})" in readme, f"README.md does not link {path.name}"
    steps = [s for path in chapters for s in guide.parse(path)]
    commands = [s.text for s in steps if isinstance(s, guide.Command)]
    for needed in ("ctrxl init", "ctrxl import", "ctrxl check", "ctrxl generate", "ctrxl send --dry-run",
                   "ctrxl send", "ctrxl collect", "ctrxl status", "ctrxl remind", "ctrxl consolidate",
                   "ctrxl report", "ctrxl cycle new"):
        assert any(c.startswith(needed) for c in commands), needed
    for step in steps:
        if isinstance(step, guide.Hidden):
            assert step.name == "image" or step.name in guide.STEPS, f"{step.path.name}:{step.line + 1}"
    images = [p for path in [*chapters, guide.GUIDE / "README.md"] for p in guide.image_refs(path)]
    assert len(images) >= 5
    for image in images:
        assert image.is_file(), f"missing image {image}"
    assert sum(p.stat().st_size for p in guide.IMAGES.glob("*.png")) < 3 * 1024 * 1024
    # the images the guide renders are the images it shows, and nothing else lies in the folder
    rendered = {s.args[0] for s in steps if isinstance(s, guide.Hidden) and s.name == "image"}
    assert rendered == {p.name for p in images} == {p.name for p in guide.IMAGES.glob("*.png")}
    assert "docs/huong-dan" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_shown_lines():
    out = [f"l{i}" for i in range(1, 11)]
    assert guide.shown(out, "") == out
    assert guide.shown(out, "1-2,-1") == ["l1", "l2", "…", "l10"]
    assert guide.shown(out, "1-2,5-5,-2") == ["l1", "l2", "…", "l5", "…", "l9", "l10"]
    assert guide.shown(out, "1-3") == ["l1", "l2", "l3", "…"]
    assert guide.shown(out[:3], "1-2,-1") == out[:3]
    assert guide.normalise(["hạn nộp 15/12/2025, đã quá hạn 352 ngày  "]) == ["hạn nộp 15/12/2025, đã quá hạn N ngày"]


@pytest.mark.slow
def test_every_command_of_the_guide_runs_as_written(tmp_path):
    from .libreoffice import soffice

    soffice()  # the guide's report step converts to PDF
    results = guide.Run(tmp_path.resolve()).all()
    assert len(results) >= 20
    problems = guide.differences(results)
    assert not problems, "\n\n".join(problems) + "\n\n(run scripts/make_guide.py to rewrite the guide's outputs)"


def test_differences_name_the_place():
    cmd = guide.Command(guide.GUIDE / "03-thu-nhan.md", 9, "ctrxl status", ["a", "đã quá hạn 3 ngày"])
    assert guide.differences([guide.Result(cmd, ["a", "đã quá hạn 40 ngày"], 0)]) == []
    [changed] = guide.differences([guide.Result(cmd, ["a", "b"], 0)])
    assert changed.startswith("03-thu-nhan.md:10: $ ctrxl status: output differs")
    [failed] = guide.differences([guide.Result(cmd, ["a", "đã quá hạn 3 ngày"], 1)])
    assert "exit code 1, the guide says 0" in failed
