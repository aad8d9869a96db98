"""Precision and recall of ``ctrxl import`` per programme, against the hand-counted truth files.

    .venv/bin/python scripts/import_figures.py [tests/data/import]

For every ``<name>.truth.yaml`` beside a programme text:

- tasks: a truth task is found when a draft task's text starts with its ``starts`` words (a task
  counts once); precision = found / draft tasks, recall = found / truth tasks;
- leads: of the truth tasks that name a lead, how many draft tasks carry that name (a registry
  code's name, or the name kept in the notes), read without a registry and again with the
  bundled example's registry (Đà Nẵng: the other provinces' names are unknown to it, so this
  shows that unknown names are kept beside known ones);
- targets: an indicator with the right value or range, unit and year (the ``kind`` counted apart);
- txt = docx: the text is written as a .docx (python-docx, Word's built-in "List Bullet" and
  "List Bullet 2" styles for "-" and "+" items) and imported again: the same task codes and texts.

The hand-written variants without a truth file, and the bundled 17-CTr/TU, get the txt = docx
column only.
"""
from __future__ import annotations

import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctrxl.importer import import_programme  # noqa: E402
from ctrxl.importer.pipeline import load_registry  # noqa: E402
from ctrxl.importer.repair import repair  # noqa: E402
from ctrxl.importer.source import read_text_lines  # noqa: E402
from ctrxl.vn import match_key  # noqa: E402

REGISTRY = ROOT / "examples" / "danang-nq21" / "registry.yaml"
BUNDLED = ROOT / "tests" / "data" / "programmes" / "danang-17-ctr-tu-nq21.txt"


def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).lower().split())


def _ratio(a: int, b: int) -> str:
    return "–" if b == 0 else f"{a / b:.2f}"


def _target_ok(ind: dict, t: dict) -> bool:
    tg = ind.get("target", {})
    if (ind.get("unit") or None) != t.get("unit") or ind.get("year") != t.get("year"):
        return False
    if "min" in t:
        return tg.get("op") == "between" and tg.get("min") == t["min"] and tg.get("max") == t["max"]
    return tg.get("value") == t["value"]


def to_docx(src: Path, dst: Path) -> Path:
    """The programme as Word writes it: one paragraph per paragraph, "-" items in "List Bullet",
    "+" items in "List Bullet 2" (Word's built-in styles: the second is a list of its own at level 0),
    everything else as typed."""
    import docx

    paras, _notes = repair(read_text_lines(src), markdown=src.suffix.lower() in (".md", ".markdown"))
    document = docx.Document()
    for p in paras:
        if p.kind == "bullet":
            document.add_paragraph(p.body, style="List Bullet")
        elif p.kind == "plus":
            document.add_paragraph(p.body, style="List Bullet 2")
        elif p.kind == "row":
            continue
        else:
            document.add_paragraph(p.text)
    document.save(str(dst))
    return dst


def same_tasks(doc: Path) -> tuple[bool, int]:
    """(txt and docx give the same task codes and texts, number of tasks)."""
    txt = [(t["code"], _norm(t["text"])) for t in import_programme(doc).document.get("tasks", [])]
    with tempfile.TemporaryDirectory() as tmp:
        dx = to_docx(doc, Path(tmp) / (doc.stem + ".docx"))
        got = [(t["code"], _norm(t["text"])) for t in import_programme(dx).document.get("tasks", [])]
    return txt == got, len(txt)


def _leads(tasks: list[dict], truth: list[dict], registry_names: dict[str, str]) -> tuple[int, int]:
    named = ok = 0
    matched: set[str] = set()
    for t in truth:
        hit = _find(tasks, t, matched)
        if not t.get("lead"):
            continue
        named += 1
        if hit is None:
            continue
        blob = match_key(" ; ".join([hit.get("notes") or ""] + [registry_names.get(c, c) for c in hit.get("lead", [])]))
        # every name of the truth's lead is there, as a note or as a registry agency's or group's name
        parts = [re.sub(r"^cac\d? ", "", match_key(p)) for p in t["lead"].split(",") if p.strip()]
        ok += all(p in blob for p in parts)
    return ok, named


def _find(tasks: list[dict], t: dict, matched: set[str]) -> dict | None:
    start = _norm(t["starts"])
    hit = next((d for d in tasks if _norm(d["text"]).startswith(start) and d["code"] not in matched), None)
    if hit is not None:
        matched.add(hit["code"])
    return hit


def figures(doc: Path, truth: dict) -> dict[str, Any]:
    result = import_programme(doc)
    tasks = result.document.get("tasks", [])
    inds = [i for i in result.document.get("indicators", []) if i.get("kind") != "yesno"]
    t_truth = truth.get("tasks") or []
    matched: set[str] = set()
    found = sum(_find(tasks, t, matched) is not None for t in t_truth)
    registry = load_registry(REGISTRY)
    names = {a.code: a.name for a in registry.agencies} | {g.code: g.name for g in registry.groups}
    with_reg = import_programme(doc, registry=registry, registry_source=str(REGISTRY))
    n_truth = truth.get("targets") or []
    used: set[int] = set()
    right = kind_ok = 0
    for t in n_truth:
        k = next((k for k, ind in enumerate(inds) if k not in used and _target_ok(ind, t)), None)
        if k is not None:
            used.add(k)
            right += 1
            kind_ok += inds[k].get("kind") == t.get("kind")
    header = truth.get("header") or {}
    prog = result.document.get("programme", {})
    header_ok = all([
        not header.get("issuer") or _norm(prog.get("issuer", "")) == _norm(header["issuer"]),
        not header.get("symbol") or prog.get("symbol") == header["symbol"],
        not header.get("title_contains") or _norm(header["title_contains"]) in _norm(prog.get("title", "")),
    ])
    same, _n = same_tasks(doc)
    return {
        "tasks": (found, len(tasks), len(t_truth)),
        "leads": _leads(tasks, t_truth, {}),
        "leads_registry": _leads(with_reg.document.get("tasks", []), t_truth, names),
        "targets": (right, len(inds), len(n_truth)),
        "kind": (kind_ok, right),
        "header": (header_ok, bool(header)),
        "same": same,
    }


def table(folder: Path) -> list[str]:
    out = ["| programme | tasks P | tasks R | leads recorded | leads, with a registry | targets P | targets R "
           "| target kind right | header | txt = docx |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    seen: set[str] = set()
    for tf in sorted(folder.glob("*.truth.yaml")):
        name = tf.name[: -len(".truth.yaml")]
        doc = next(p for p in folder.iterdir() if p.stem == name and not p.name.endswith(".yaml"))
        seen.add(doc.name)
        f = figures(doc, yaml.safe_load(tf.read_text(encoding="utf-8")) or {})
        tf_, tn, tt = f["tasks"]
        gr, gn, gt = f["targets"]
        pairs = ((tf_, tn), (tf_, tt), f["leads"], f["leads_registry"], (gr, gn), (gr, gt), f["kind"])
        cells = [f"{_ratio(a, b)} ({a}/{b})" for a, b in pairs]
        ok, has = f["header"]
        cells.append(("yes" if ok else "NO") if has else "–")
        cells.append("yes" if f["same"] else "NO")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    others = [p for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md") and p.name not in seen
              and p.name != "SOURCES.md"]
    for doc in others + ([BUNDLED] if BUNDLED.is_file() else []):
        same, n = same_tasks(doc)
        out.append(f"| {doc.stem} ({n} tasks, no truth file) | " + " | ".join(["–"] * 8)
                   + f" | {'yes' if same else 'NO'} |")
    return out


def main(folder: Path) -> None:
    print("\n".join(table(folder)))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "import")
