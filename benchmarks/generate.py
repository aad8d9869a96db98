"""Benchmark ``ctrxl generate`` against plain xlsxwriter writing the same cells, in the same run.

    .venv/bin/python benchmarks/generate.py [--agencies 1000] [--tasks 80] [--jobs 2]

Builds a synthetic definition (N agencies, M tasks every agency executes, 4
indicators), then times:
  - ctrxl: ``generate()`` — forms, styled workbooks with validation, protection,
    identity, and the master matrix — with ``--jobs`` processes;
  - baseline: the same cells — every value ctrxl writes, on the same sheets, recorded
    from a first pass that is not timed — written by plain xlsxwriter with no formats,
    validation, protection or properties, with the same number of processes.
Prints workbooks per second for each and the ratio ctrxl / baseline.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import xlsxwriter
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ctrxl.definition.load import load_definition  # noqa: E402
from ctrxl.model import Cycle  # noqa: E402
from ctrxl.vn import parse_date  # noqa: E402
from ctrxl.workbook.forms import AgencyForm, Contact, build_forms  # noqa: E402
from ctrxl.workbook.generate import generate  # noqa: E402

SENTENCE = ("Tiếp tục nâng cao chất lượng sinh hoạt chi bộ, tăng cường sinh hoạt chuyên đề, bảo đảm ít nhất "
            "bốn chuyên đề trong một năm, chú trọng những vấn đề mới, cần quan tâm ")


def synthetic(folder: Path, agencies: int, tasks: int) -> None:
    programme = {
        "programme": {"symbol": "99-CTr/TU", "title": "Chương trình thử tải", "issue_date": "1/8/2022"},
        "sections": [{"code": "II", "title": "Nhiệm vụ"}],
        "tasks": [{"code": f"II.{i}", "section": "II", "text": f"{SENTENCE}({i}).", "execute": ["ALL"],
                   "deadline": "(thực hiện thường xuyên)" if i % 2 else "(năm 2025)"} for i in range(1, tasks + 1)],
        "indicators": [{"code": f"CT-{k}", "text": f"Tỷ lệ thử {k}", "kind": "ratio", "unit": "%",
                        "target": {"op": ">=", "value": 90}, "year": 2025, "numerator": "Số đạt",
                        "denominator": "Tổng số", "reporters": ["ALL"]} for k in range(1, 5)],
    }
    registry = {
        "groups": [{"code": "ALL", "name": "Tất cả"}],
        "agencies": [{"code": f"DU-{n:05d}", "name": f"Đảng ủy xã Thử Nghiệm {n:05d}", "groups": ["ALL"],
                      "emails": [f"du{n}@example.org"]} for n in range(1, agencies + 1)],
    }
    (folder / "programme.yaml").write_text(yaml.safe_dump(programme, allow_unicode=True), encoding="utf-8")
    (folder / "registry.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")


_WRITES = ("write_string", "write_number", "write_formula", "write_datetime", "write_blank")


def record_cells(form: AgencyForm) -> list[tuple]:
    """Every (sheet, method, row, col, value) that ctrxl's writer writes for ``form``."""
    import xlsxwriter.worksheet as xw

    from ctrxl.workbook.writer import write_agency_workbook
    from ctrxl.xlsxout import FastWorksheet

    calls: list[tuple] = []
    originals = {name: getattr(xw.Worksheet, name) for name in _WRITES + ("merge_range",)}

    def recorder(name):
        def record(self, row, col, *args, **kw):
            calls.append((self.name, name, row, col, args[0] if args else None))
            return originals[name](self, row, col, *args, **kw)
        return record

    def merge(self, r1, c1, r2, c2, data, fmt=None):
        calls.append((self.name, "write_string", r1, c1, data))
        return originals["merge_range"](self, r1, c1, r2, c2, data, fmt)

    # ctrxl's worksheet class may override some of these (its fast paths, same cells): take its own
    # definitions away while recording, so that every write reaches the recorder exactly once.
    overridden = {(cls, name): cls.__dict__[name] for cls in FastWorksheet.__mro__ if cls is not xw.Worksheet
                  and issubclass(cls, xw.Worksheet) for name in originals if name in cls.__dict__}
    for cls, name in overridden:
        delattr(cls, name)
    for name in _WRITES:
        setattr(xw.Worksheet, name, recorder(name))
    xw.Worksheet.merge_range = merge
    try:
        with tempfile.TemporaryDirectory() as tmp:
            write_agency_workbook(form, Path(tmp) / "x.xlsx")
    finally:
        for name, fn in originals.items():
            setattr(xw.Worksheet, name, fn)
        for (cls, name), fn in overridden.items():
            setattr(cls, name, fn)
    return calls


def _plain(job: tuple[list[tuple], str, bool]) -> None:
    cells, path, in_memory = job
    wb = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": in_memory})
    sheets: dict[str, object] = {}
    for sheet, method, row, col, value in cells:
        ws = sheets.get(sheet) or sheets.setdefault(sheet, wb.add_worksheet(sheet))
        if method == "write_blank":
            continue  # a blank without a format is nothing: that is the unstyled baseline
        getattr(ws, method)(row, col, value)
    wb.close()


def baseline(recorded: list[list[tuple]], folder: Path, jobs: int, in_memory: bool) -> None:
    work = [(cells, str(folder / f"{n:05d}.xlsx"), in_memory) for n, cells in enumerate(recorded)]
    if jobs <= 1:
        for job in work:
            _plain(job)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_plain, work, chunksize=max(1, len(work) // (jobs * 8))))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=1000)
    ap.add_argument("--tasks", type=int, default=80)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="ctrxl-bench-"))
    try:
        synthetic(root, args.agencies, args.tasks)
        cycle = Cycle(2025, parse_date("15/12/2025"))
        t0 = time.perf_counter()
        definition = load_definition(root / "programme.yaml", root / "registry.yaml", cycle)
        t_load = time.perf_counter() - t0
        assert definition.ok, [p.message() for p in definition.problems][:5]
        forms = build_forms(definition, Contact())
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:  # not timed
            recorded = list(pool.map(record_cells, forms, chunksize=16))

        (root / "base").mkdir()
        t0 = time.perf_counter()
        baseline(recorded, root / "base", args.jobs, in_memory=False)
        t_default = time.perf_counter() - t0
        t0 = time.perf_counter()
        baseline(recorded, root / "base", args.jobs, in_memory=True)
        t_base = time.perf_counter() - t0

        t0 = time.perf_counter()
        result = generate(definition, root / "out", Contact(), processes=args.jobs)
        t_ctrxl = time.perf_counter() - t0
        n = len(result.workbooks)
        assert n == args.agencies
        print(f"{args.agencies} agencies × {args.tasks} tasks, {args.jobs} processes")
        print(f"  definition load + validate: {t_load:6.2f} s")
        print(f"  baseline, default options:   {t_default:6.2f} s  {n / t_default:7.1f} workbooks/s")
        print(f"  baseline, in_memory (as ctrxl): {t_base:6.2f} s  {n / t_base:7.1f} workbooks/s")
        print(f"  ctrxl generate:              {t_ctrxl:6.2f} s  {n / t_ctrxl:7.1f} workbooks/s")
        print(f"  ratio ctrxl / baseline (in_memory): {t_ctrxl / t_base:6.2f}×")
        print(f"  ratio ctrxl / baseline (default):   {t_ctrxl / t_default:6.2f}×")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
