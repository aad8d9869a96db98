"""Benchmark ``ctrxl consolidate``: N agencies × M tasks, time and peak memory.

    .venv/bin/python benchmarks/consolidate.py [--agencies 1000] [--tasks 80]

Setup (not timed): a synthetic definition (benchmarks/generate.py) and a store
holding one accepted submission per agency with answers for every task, four
indicators and the assessment — inserted through SQLite directly, as collect
would have recorded them (filling 1,000 workbooks would only measure openpyxl).
Then, in a fresh process so its peak memory is its own, it times the figures
(``consolidate_figures``) and the workbook (``write_consolidated``) and prints
the seconds and the peak resident memory.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import synthetic  # noqa: E402

from ctrxl.definition.load import load_definition  # noqa: E402
from ctrxl.model import Cycle  # noqa: E402
from ctrxl.store import Store, now  # noqa: E402
from ctrxl.vn import parse_date  # noqa: E402
from ctrxl.workbook import layout as L  # noqa: E402

STATUSES = [s.value for s in L.Status]


def _definition(root: Path):
    cycle = Cycle(2025, parse_date("15/12/2025"), parse_date("15/12/2024"), parse_date("14/12/2025"))
    return load_definition(root / "programme.yaml", root / "registry.yaml", cycle)


def setup(root: Path, agencies: int, tasks: int) -> None:
    synthetic(root, agencies, tasks)
    definition = _definition(root)
    store = Store(root / "ctrxl.sqlite")
    cid = store.cycle_id(definition.programme.symbol, 2025, definition.hash)
    rng = random.Random(7)
    with store.tx() as conn:
        for n, code in enumerate(definition.reporting):
            sha = f"{n:064x}"
            conn.execute("INSERT INTO files VALUES (?,?,?,?)", (sha, 1, f"archive/{sha}", now()))
            cur = conn.execute(
                """INSERT INTO submissions (cycle_id, sha256, original_name, origin, origin_kind, received_at, agency,
                   identified_by, outcome, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                (cid, sha, f"{n:04d}.xlsx", f"inbox/{n:04d}.xlsx", "file", now(), code, "identity", "accepted",
                 f"2025-12-{1 + n % 14:02d}T09:00:00"))
            sid = cur.lastrowid
            rows = []
            for t, task in enumerate(definition.programme.tasks):
                status = rng.choice(STATUSES)
                r = str(6 + t)
                rows.append((sid, "task", task.code, "status", json.dumps(status), "Nhiệm vụ", "G" + r))
                if status == "done":
                    rows.append((sid, "task", task.code, "completed_on",
                                 json.dumps(f"2025-{rng.randint(1, 11):02d}-10"), "Nhiệm vụ", "H" + r))
                rows.append((sid, "task", task.code, "results", json.dumps("Đã triển khai & hoàn thành <kế hoạch>."),
                             "Nhiệm vụ", "J" + r))
                if t % 10 == 0:
                    rows.append((sid, "task", task.code, "difficulties", json.dumps("Thiếu cán bộ chuyên trách."),
                                 "Nhiệm vụ", "L" + r))
            for k, x in enumerate(definition.programme.indicators):
                den = rng.randint(20, 100)
                rows.append((sid, "indicator", x.code, "numerator", json.dumps(rng.randint(0, den)), "Chỉ tiêu",
                             f"H{6 + k}"))
                rows.append((sid, "indicator", x.code, "denominator", json.dumps(den), "Chỉ tiêu", f"I{6 + k}"))
            for k, f in enumerate(L.ASSESSMENT_FIELDS):
                rows.append((sid, "assessment", f.key, "value", json.dumps(f"{f.label} của đơn vị {n}"),
                             "Đánh giá chung", f"C{4 + k}"))
            conn.executemany("INSERT INTO answers VALUES (?,?,?,?,?,?,?)", rows)
    store.close()


def measure(root: Path) -> None:
    from ctrxl.track.stats import consolidate_figures
    from ctrxl.track.workbook import write_consolidated

    definition = _definition(root)
    store = Store(root / "ctrxl.sqlite")
    t0 = time.perf_counter()
    figures = consolidate_figures(definition, store)
    t1 = time.perf_counter()
    path = write_consolidated(definition, figures, root / "tong-hop.xlsx")
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"  answers read:        {len(figures.answers):,}")
    print(f"  figures:             {t1 - t0:6.2f} s")
    print(f"  workbook:            {t2 - t1:6.2f} s  ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"  consolidate total:   {t2 - t0:6.2f} s")
    print(f"  peak memory (RSS):   {peak:6.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=1000)
    ap.add_argument("--tasks", type=int, default=80)
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(args.measure)
        return
    root = Path(tempfile.mkdtemp(prefix="ctrxl-bench-cons-"))
    try:
        t0 = time.perf_counter()
        setup(root, args.agencies, args.tasks)
        print(f"{args.agencies} agencies × {args.tasks} tasks (setup {time.perf_counter() - t0:.1f} s, not timed)")
        subprocess.run([sys.executable, __file__, "--measure", str(root)], check=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
