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

The real programmes in tests/data/programmes with a truth file are read too; 17-CTr/TU is measured
against the bundled example's definition (``bundled_figures``); the made-up variants without a
truth file get the txt = docx column only.
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
from ctrxl.importer.assignments import Names  # noqa: E402
from ctrxl.importer.clauses import CONNECTIVE_RE  # noqa: E402
from ctrxl.importer.pipeline import load_registry  # noqa: E402
from ctrxl.importer.repair import repair  # noqa: E402
from ctrxl.importer.source import read_text_lines  # noqa: E402
from ctrxl.vn import match_key  # noqa: E402

REGISTRY = ROOT / "examples" / "danang-nq21" / "registry.yaml"
PROGRAMMES = ROOT / "tests" / "data" / "programmes"
BUNDLED = PROGRAMMES / "danang-17-ctr-tu-nq21.txt"


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


def _leads(tasks: list[dict], truth: list[dict], registry_names: dict[str, str], names: Any = None) -> tuple[int, int]:
    """Of the truth tasks that name a lead, those whose draft task records it: each of its names in
    the notes or as a registry entry's name; with a registry, also when the registry reads the truth's
    wording as the codes the draft holds (a name spelt as the registry spells it)."""
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
        parts = [re.sub(r"^cac\d? ", "", match_key(p)) for p in re.split(r",|\svà\s", t["lead"]) if p.strip()]
        if names is not None and not all(p in blob for p in parts):
            res = names.resolve(t["lead"])
            notes = match_key(hit.get("notes") or "")
            ok += bool(res.codes) and set(res.codes) <= set(hit.get("lead", [])) and all(
                match_key(u) in notes for u in res.unmatched)
            continue
        ok += all(p in blob for p in parts)
    return ok, named


def _find(tasks: list[dict], t: dict, matched: set[str]) -> dict | None:
    """The draft task whose text opens with the truth's words (a discourse link such as "Theo đó,"
    before them does not count)."""
    start = _norm(CONNECTIVE_RE.sub("", t["starts"]))
    hit = next((d for d in tasks if _norm(CONNECTIVE_RE.sub("", d["text"])).startswith(start)
                and d["code"] not in matched), None)
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
        "leads_registry": _leads(with_reg.document.get("tasks", []), t_truth, names, Names(registry)),
        "targets": (right, len(inds), len(n_truth)),
        "kind": (kind_ok, right),
        "header": (header_ok, bool(header)),
        "same": same,
    }


def bundled_figures() -> dict[str, Any]:
    """17-CTr/TU against the bundled example's definition (the hand-made one): tasks by code, leads
    of the tasks that have one (with the registry: the same agencies once groups are expanded;
    without: every lead agency's name, short name or an alias in the notes), numeric targets."""
    import datetime as dt

    from ctrxl.definition.load import load_definition
    from ctrxl.definition.registry import Resolver

    example = load_definition(ROOT / "examples" / "danang-nq21" / "programme.yaml", REGISTRY)
    registry = example.registry
    on = dt.date(2025, 12, 15)
    resolver = Resolver(registry)
    theirs = {t.code: t for t in example.programme.tasks}
    bare = {t["code"]: t for t in import_programme(BUNDLED).document["tasks"]}
    ours = {t["code"]: t for t in import_programme(BUNDLED, registry=registry,
                                                   registry_source=str(REGISTRY)).document["tasks"]}
    found = len(set(ours) & set(theirs))
    spellings: dict[str, list[str]] = {}
    for a in registry.agencies:
        spellings[a.code] = [a.name, a.short or a.name, *a.aliases]
    for g in registry.groups:
        spellings[g.code] = [g.name, *g.aliases]
    named = ok = ok_bare = 0
    for code, t in theirs.items():
        leads = [a.target for a in t.assignments if a.role.value == "lead"]
        if not leads:
            continue
        named += 1
        mine = ours.get(code)
        if mine is not None:
            ok += sorted(resolver.assignees(mine.get("lead", []), on)) == sorted(resolver.assignees(leads, on))
        blob = match_key((bare.get(code) or {}).get("notes") or "")
        ok_bare += bool(blob) and all(any(match_key(n) in blob for n in spellings.get(c, [c])) for c in leads)
    want = [i for i in example.programme.indicators if i.kind.value != "yesno"]
    inds = [i for i in import_programme(BUNDLED).document.get("indicators", []) if i.get("kind") != "yesno"]
    used: set[int] = set()
    right = 0
    for w in want:
        t = {"unit": w.unit or None, "year": w.year}
        t |= {"min": w.target.min, "max": w.target.max} if w.target.op.value == "between" else {"value": w.target.value}
        k = next((k for k, ind in enumerate(inds) if k not in used and _target_ok(ind, t)), None)
        if k is not None:
            used.add(k)
            right += 1
    same, _n = same_tasks(BUNDLED)
    return {"tasks": (found, len(ours), len(theirs)), "leads": (ok_bare, named), "leads_registry": (ok, named),
            "targets": (right, len(inds), len(want)), "same": same}


def table(folder: Path) -> list[str]:
    out = ["| programme | tasks P | tasks R | leads recorded | leads, with a registry | targets P | targets R "
           "| target kind right | header | txt = docx |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    seen: set[str] = set()
    for tf in sorted(folder.glob("*.truth.yaml")) + sorted(PROGRAMMES.glob("*.truth.yaml")):
        name = tf.name[: -len(".truth.yaml")]
        doc = next(p for p in tf.parent.iterdir() if p.stem == name and not p.name.endswith(".yaml"))
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
    for doc in others:
        same, n = same_tasks(doc)
        out.append(f"| {doc.stem} ({n} tasks, made up, no truth file) | " + " | ".join(["–"] * 8)
                   + f" | {'yes' if same else 'NO'} |")
    b = bundled_figures()
    tf_, tn, tt = b["tasks"]
    gr, gn, gt = b["targets"]
    pairs = ((tf_, tn), (tf_, tt), b["leads"], b["leads_registry"], (gr, gn), (gr, gt))
    cells = " | ".join(f"{_ratio(a, c)} ({a}/{c})" for a, c in pairs)
    out.append(f"| {BUNDLED.stem} (truth: the bundled example) | {cells} | – | – | {'yes' if b['same'] else 'NO'} |")
    return out


def main(folder: Path) -> None:
    print("\n".join(table(folder)))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "import")
