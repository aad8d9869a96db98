"""Benchmark ``ctrxl collect`` against pandas/openpyxl and raw python-calamine, in the same run.

    .venv/bin/python benchmarks/collect.py [--agencies 1000] [--tasks 80] [--jobs 2] [--pandas-sample 100]

Setup (not timed): a synthetic definition of N agencies × M tasks, its generated
workbooks, each filled like a clerk would (openpyxl, in a pool). Then, timed:
  - ctrxl collect over the folder: guard, archive, identify, read, validate,
    record in SQLite, write a receipt per file — with ``--jobs`` processes;
  - raw calamine: open each workbook and read the same three sheets to Python
    lists, in a loop (the floor for any reader);
  - pandas: ``pandas.read_excel(engine="openpyxl")`` of the same three sheets, in a
    loop over a sample of files (it is slow; the rate is per file).
Prints files per second for each and the ratios.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import synthetic  # noqa: E402

from ctrxl.collect.run import collect  # noqa: E402
from ctrxl.definition.load import load_definition  # noqa: E402
from ctrxl.demo.simulate import fill_workbook  # noqa: E402
from ctrxl.model import Cycle  # noqa: E402
from ctrxl.vn import parse_date  # noqa: E402
from ctrxl.workbook import layout as L  # noqa: E402
from ctrxl.workbook.forms import Contact  # noqa: E402
from ctrxl.workbook.generate import generate  # noqa: E402
from ctrxl.workspace import Workspace  # noqa: E402

SHEETS = (L.SHEET_TASKS, L.SHEET_INDICATORS, L.SHEET_ASSESSMENT)


def _fill(job: tuple[str, str, int]) -> None:
    """A realistic mix: one in ten with mistakes, one in ten with status variants."""
    src, dst, seed = job
    fill_workbook(Path(src), Path(dst), random.Random(seed), mistakes=seed % 10 == 5, variants=seed % 10 == 3)


def read_calamine(paths: list[Path]) -> int:
    cells = 0
    for p in paths:
        wb = CalamineWorkbook.from_path(str(p))
        for name in SHEETS:
            cells += sum(len(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
        wb.close()
    return cells


def read_pandas(paths: list[Path]) -> int:
    rows = 0
    for p in paths:
        frames = pd.read_excel(p, sheet_name=list(SHEETS), engine="openpyxl", header=None, dtype=str)
        rows += sum(len(f) for f in frames.values())
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=1000)
    ap.add_argument("--tasks", type=int, default=80)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--pandas-sample", type=int, default=100)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="ctrxl-bench-collect-"))
    try:
        synthetic(root, args.agencies, args.tasks)
        cycle = Cycle(2025, parse_date("15/12/2025"), recipient=None)
        definition = load_definition(root / "programme.yaml", root / "registry.yaml", cycle)
        generated = generate(definition, root / "output", Contact(), processes=args.jobs)
        inbox = root / "inbox"
        inbox.mkdir()
        jobs = [(w["path"], str(inbox / Path(w["path"]).name), n) for n, w in enumerate(generated.workbooks)]
        t0 = time.perf_counter()
        with ProcessPoolExecutor(args.jobs) as pool:
            list(pool.map(_fill, jobs, chunksize=16))
        print(f"setup: filled {len(jobs)} workbooks in {time.perf_counter() - t0:.1f} s (not timed below)")
        files = sorted(inbox.iterdir())

        t0 = time.perf_counter()
        read_calamine(files)
        t_cal = time.perf_counter() - t0

        sample = files[: args.pandas_sample]
        t0 = time.perf_counter()
        read_pandas(sample)
        t_pd = (time.perf_counter() - t0) / len(sample) * len(files)  # per-file rate × N

        ws = Workspace(root=root, config={"paths": {"store": "ctrxl.sqlite"}}, cycle=cycle)
        t0 = time.perf_counter()
        result = collect(ws, definition, [inbox], processes=args.jobs)
        t_ctrxl = time.perf_counter() - t0
        counts = result.counts()
        n = len(files)
        print(f"{n} returned workbooks ({args.tasks} tasks each), {args.jobs} processes; outcomes {counts}")
        print(f"  raw calamine loop (3 sheets):        {t_cal:7.2f} s  {n / t_cal:7.1f} files/s")
        print(f"  pandas+openpyxl loop (3 sheets):     {t_pd:7.2f} s  {n / t_pd:7.1f} files/s"
              f"  (rate from {len(sample)} files)")
        print(f"  ctrxl collect (all of it):           {t_ctrxl:7.2f} s  {n / t_ctrxl:7.1f} files/s")
        print(f"  ctrxl vs pandas: {t_pd / t_ctrxl:5.1f}× faster;  ctrxl / raw calamine: {t_ctrxl / t_cal:4.2f}×")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
