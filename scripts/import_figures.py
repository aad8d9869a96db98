"""Precision and recall of ``ctrxl import`` per programme, against the hand-counted truth files.

    .venv/bin/python scripts/import_figures.py [tests/data/import]

For every ``<name>.truth.yaml`` beside a programme text: tasks (a truth task is found when a draft
task's text starts with its ``starts`` words), leads recorded (of truth tasks that name a lead,
how many draft tasks carry that name, as a registry code or as an unresolved name), and numeric
targets (an indicator with the right value or range, unit and year; ``kind`` is counted apart).
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctrxl.importer import import_programme  # noqa: E402


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


def figures(doc: Path, truth: dict) -> dict:
    result = import_programme(doc)
    tasks = result.document.get("tasks", [])
    inds = [i for i in result.document.get("indicators", []) if i.get("kind") != "yesno"]
    t_truth = truth.get("tasks") or []
    found, matched = 0, set()
    leads_named = leads_ok = 0
    for t in t_truth:
        start = _norm(t["starts"])
        hit = next((d for d in tasks if _norm(d["text"]).startswith(start) and d["code"] not in matched), None)
        if hit:
            found += 1
            matched.add(hit["code"])
        if t.get("lead"):
            leads_named += 1
            blob = _norm(" ".join([hit.get("notes") or "", " ".join(hit.get("lead", []))])) if hit else ""
            leads_ok += bool(hit) and _norm(t["lead"]) in blob
    n_truth = truth.get("targets") or []
    used: set[int] = set()
    right = kind_ok = 0
    for t in n_truth:
        k = next((k for k, ind in enumerate(inds) if k not in used and _target_ok(ind, t)), None)
        if k is not None:
            used.add(k)
            right += 1
            kind_ok += inds[k].get("kind") == t.get("kind")
    return {
        "tasks": (found, len(tasks), len(t_truth)),
        "leads": (leads_ok, leads_named),
        "targets": (right, len(inds), len(n_truth)),
        "kind": (kind_ok, right),
    }


def main(folder: Path) -> None:
    print("| programme | tasks P | tasks R | leads recorded | targets P | targets R | target kind right |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for tf in sorted(folder.glob("*.truth.yaml")):
        name = tf.name[: -len(".truth.yaml")]
        doc = next(p for p in folder.iterdir() if p.stem == name and not p.name.endswith(".yaml"))
        f = figures(doc, yaml.safe_load(tf.read_text(encoding="utf-8")) or {})
        tf_, tn, tt = f["tasks"]
        lo, ln = f["leads"]
        gr, gn, gt = f["targets"]
        ko, kn = f["kind"]
        cells = [f"{_ratio(a, b)} ({a}/{b})" for a, b in ((tf_, tn), (tf_, tt), (lo, ln), (gr, gn), (gr, gt), (ko, kn))]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "import")
