"""A fast filler for the benchmarks: the answers of ``ctrxl.demo.simulate.fill_workbook``, patched
straight into the generated workbook's sheet XML (no openpyxl load and save).

``fill_workbook`` makes the same choices (this module replays its random draws in the same order,
so the same seed gives the same answers) but takes ~0.1–0.2 s a file; this takes a few ms. The
rows and columns come from the agency's form and ``ctrxl/workbook/layout.py`` (the single source
of the layout): the generated workbook has the tasks and indicators in the form's order below
``L.HEADER_ROW`` and the assessment fields from row 4 (key in column A, value in column C).

The patching itself (each answered styled blank becomes a value, every other part copied byte for
byte) is ``ctrxl.demo.xmlfill``, which the demo's earlier years fill with too. It is a benchmark tool, not a
clerk: ``tests`` and ``ctrxl demo`` keep using ``fill_workbook``.
"""
from __future__ import annotations

import datetime as dt
import random
import unicodedata
from pathlib import Path

from ctrxl.demo.simulate import (
    ASSESSMENT_TEXTS,
    DIFFICULTIES,
    EVIDENCE,
    RESULTS,
    TODAY_TARGET,
    TODAY_YES,
    indicator_answer,
)
from ctrxl.demo.xmlfill import patch_workbook
from ctrxl.workbook import layout as L
from ctrxl.workbook.forms import AgencyForm
from ctrxl.workbook.reader import col_letter


def answers(form: AgencyForm, rng: random.Random, mistakes: bool = False, variants: bool = False,
            year: int = 2025, contact: str = "Nguyễn Thị B") -> dict[str, dict[str, object]]:
    """Sheet name -> {A1 ref: value}: what ``fill_workbook`` would type, in the same random order."""
    tcol = {c.key: col_letter(i) for i, c in enumerate(L.TASK_COLUMNS)}
    tasks: dict[str, object] = {}
    statuses = [L.Status.DONE] * 5 + [L.Status.IN_PROGRESS] * 2 + [L.Status.CONTINUING] * 3 + [L.Status.NOT_STARTED]
    rows = [L.HEADER_ROW + 1 + n for n in range(len(form.tasks))]
    for n, (r, task) in enumerate(zip(rows, form.tasks, strict=True)):
        deadline = task.deadline or "Không ghi thời hạn"
        status = L.Status.CONTINUING if "thường xuyên" in deadline and rng.random() < 0.7 else rng.choice(statuses)
        label = L.STATUS_LABELS[status]
        if variants and n % 3 == 0:
            label = rng.choice([label.lower(), unicodedata.normalize("NFD", label), label.upper()])
            if status == L.Status.DONE and n % 2 == 0:
                label = "hoàn thành"
        tasks[f"{tcol['status']}{r}"] = label
        if status == L.Status.DONE:
            tasks[f"{tcol['completed_on']}{r}"] = dt.datetime(year, rng.randint(1, 11), rng.randint(1, 28))
            tasks[f"{tcol['evidence']}{r}"] = rng.choice(EVIDENCE)
        if status == L.Status.IN_PROGRESS:
            tasks[f"{tcol['progress']}{r}"] = rng.choice((30, 50, 70, 80))
        if status != L.Status.NOT_STARTED:
            tasks[f"{tcol['results']}{r}"] = rng.choice(RESULTS)
        else:
            tasks[f"{tcol['difficulties']}{r}"] = "Chờ hướng dẫn của cấp trên."
        if rng.random() < 0.2:
            tasks[f"{tcol['difficulties']}{r}"] = rng.choice([d for d in DIFFICULTIES if d])
        if rng.random() < 0.1:
            tasks[f"{tcol['proposals']}{r}"] = "Đề nghị Thành ủy bố trí kinh phí & tập huấn <nghiệp vụ>."
    if mistakes and rows:
        r = rows[0]
        tasks[f"{tcol['status']}{r}"] = L.STATUS_LABELS[L.Status.DONE]
        tasks.pop(f"{tcol['completed_on']}{r}", None)  # done without a date
        if len(rows) > 1:
            tasks[f"{tcol['status']}{rows[1]}"] = L.STATUS_LABELS[L.Status.IN_PROGRESS]
            tasks[f"{tcol['progress']}{rows[1]}"] = 120  # outside 0–100
    icol = {c.key: col_letter(i) for i, c in enumerate(L.INDICATOR_COLUMNS)}
    inds: dict[str, object] = {}
    first_ratio = True
    for n, x in enumerate(form.indicators):
        r = L.HEADER_ROW + 1 + n
        method = x.method or ""
        kind = ("ratio" if method.startswith("Tử số") or "tử số" in method else "yesno" if "Có" in method
                else "count")
        value = indicator_answer(kind, x.target, rng, TODAY_TARGET, TODAY_YES)
        if kind == "ratio" and value and mistakes and first_ratio:
            value["numerator"] = int(value["denominator"]) + 3  # a numerator above its denominator
        if kind == "ratio" and value:
            first_ratio = False
        for key, v in value.items():
            inds[f"{icol[key]}{r}"] = v
    texts = {
        **ASSESSMENT_TEXTS,
        "filled_by": contact, "phone": "0905123456", "email": "vanphong@example.org",
        "report_date": dt.datetime(year, 12, rng.randint(1, 12)), "head": "Trần Văn C, Bí thư",
    }
    assessment = {f"C{4 + n}": texts[f.key] for n, f in enumerate(L.ASSESSMENT_FIELDS) if f.key in texts}
    return {L.SHEET_TASKS: tasks, L.SHEET_INDICATORS: inds, L.SHEET_ASSESSMENT: assessment}


def fast_fill(src: Path, dst: Path, form: AgencyForm, rng: random.Random, mistakes: bool = False,
              variants: bool = False, year: int = 2025) -> None:
    patch_workbook(src, dst, answers(form, rng, mistakes, variants, year))
