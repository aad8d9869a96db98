"""The whole yearly cycle through the library at N agencies, each step against its baseline, same run.

    .venv/bin/python benchmarks/cycle.py 1000 [3000 …] [--tasks 80] [--jobs 2] [--steps generate,collect,…]

It ends with the goals of issue 17 at each size, each "met" or "NOT met" with its wall and CPU ratio
(the machine may be shared: CPU seconds sway less with the load); given several sizes, also the
linearity goals, time(N) / time(first N) ≤ 1.1 × N / first N.

Setup: a synthetic definition (benchmarks/generate.py ``synthetic``: N agencies, M tasks every
agency executes, 4 ratio indicators). Steps, each timed in a fresh process so its peak memory
(RSS, its own and its workers') is its own:

  generate     ``generate()``, ``--jobs`` processes.  Baseline (in a process of its own, after, so
               that the recorded cells are not generate's memory): the same cells (recorded from a
               first, untimed pass) written by plain xlsxwriter in_memory, same processes.
  collect      ``collect()`` over the filled workbooks.  Baseline: a raw python-calamine loop
               reading the same three sheets of every file to Python lists, in one process (the
               issue's baseline) and, like for like, in ``--jobs`` processes as collect has.
  consolidate  ``consolidate_figures()`` + ``write_consolidated()``, as ``ctrxl consolidate`` runs them
               (the every-answer rows by a forked child from before the figures, where it can:
               ctrxl/track/ahead.py; the child's memory is the step's).
               Baseline (in a process of its own, after, so its DataFrame is not the step's memory):
               load the same answers from the store and count statuses per task, per agency and
               overall with one pandas group-by. Also printed: the every-answer sheet alone written
               by plain xlsxwriter ``write_row``.
  report       the city report, ``write_reports()`` given the figures (computed untimed first,
               as ``consolidate`` hands them over).  Ratio: report / consolidate.
  agency_reports  100 agency reports spread over the registry (what they share built once, counted
               in), as ``report --all-agencies`` writes each.  Goal: ≤ 0.2 s a report at any size.

  recollect    ``collect()`` again over the same inbox (every file a duplicate).  Ratio: / collect.

The filler (not timed): benchmarks/fastfill.py, the answers of ctrxl/demo/simulate.py
``fill_workbook`` (same random draws, same seed: the reader sees the same values) patched into the
sheet XML, ~7 ms a file instead of ~0.15 s; ``CTRXL_SLOW_FILL=1`` uses ``fill_workbook`` itself.
One in ten with mistakes, one in ten with status variants, as benchmarks/collect.py does.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

STEPS = ("generate", "collect", "recollect", "consolidate", "report", "agency_reports")
AGENCY_SAMPLE = 100  # agency reports written by the agency_reports step, spread over the registry


def _cpu() -> float:
    """CPU seconds of this process and its finished children (pool workers count once the pool is shut
    down): on a machine shared with other work, less swayed by the load than wall seconds."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _rss() -> tuple[float, float]:
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _definition(root: Path):
    from ctrxl.definition.load import load_definition
    from ctrxl.model import Cycle
    from ctrxl.vn import parse_date

    cycle = Cycle(2025, parse_date("15/12/2025"), recipient=None)
    return load_definition(root / "programme.yaml", root / "registry.yaml", cycle)


def _workspace(root: Path, definition):
    from ctrxl.config import CycleConfig, WorkspaceConfig
    from ctrxl.workspace import Workspace

    c = definition.cycle
    return Workspace(root=root, config=WorkspaceConfig(cycle=CycleConfig(year=c.year, due=c.due)))


def _fill(job: tuple) -> None:
    """One in ten with mistakes, one in ten with status variants (as benchmarks/collect.py)."""
    src, dst, seed, form = job
    if form is None:  # CTRXL_SLOW_FILL=1: openpyxl, like the tests and the demo
        from ctrxl.demo.simulate import fill_workbook

        fill_workbook(Path(src), Path(dst), random.Random(seed), mistakes=seed % 10 == 5, variants=seed % 10 == 3)
        return
    from fastfill import fast_fill

    fast_fill(Path(src), Path(dst), form, random.Random(seed), mistakes=seed % 10 == 5, variants=seed % 10 == 3)


def step_generate_baseline(root: Path, jobs: int) -> dict:
    """Run apart, so that the recorded cells of every workbook are not counted in generate's memory."""
    from generate import baseline, record_cells

    from ctrxl.workbook.forms import Contact, build_forms

    definition = _definition(root)
    with ProcessPoolExecutor(jobs) as pool:  # not timed: what the baseline writes
        recorded = list(pool.map(record_cells, build_forms(definition, Contact()), chunksize=16))
    (root / "plain").mkdir(exist_ok=True)
    t0, c0 = time.perf_counter(), _cpu()
    baseline(recorded, root / "plain", jobs, in_memory=True)
    t_base, c_base = time.perf_counter() - t0, _cpu() - c0
    shutil.rmtree(root / "plain")
    return {"seconds": t_base, "cpu": c_base}


def step_generate(root: Path, jobs: int) -> dict:
    from ctrxl.workbook.forms import Contact, build_forms
    from ctrxl.workbook.generate import generate

    definition = _definition(root)
    t0, c0 = time.perf_counter(), _cpu()
    generated = generate(definition, root / "output", Contact(), processes=jobs)
    t, c = time.perf_counter() - t0, _cpu() - c0
    main_mib, child_mib = _rss()  # generate's own: the baseline's process and the fill come after
    base = json.loads(subprocess.run([sys.executable, __file__, "--step", "generate_baseline", "--root", str(root),
                                      "--jobs", str(jobs)], check=True, capture_output=True,
                                     text=True).stdout.strip().splitlines()[-1])
    inbox = root / "inbox"
    inbox.mkdir(exist_ok=True)
    forms = {f.agency_code: f for f in build_forms(definition, Contact())}
    slow = os.environ.get("CTRXL_SLOW_FILL") == "1"
    work = [(w["path"], str(inbox / Path(w["path"]).name), n, None if slow else forms[w["agency"]])
            for n, w in enumerate(generated.workbooks)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_fill, work, chunksize=16))
    return {"seconds": t, "baseline": base["seconds"], "baseline_name": "plain xlsxwriter in_memory, same cells",
            "cpu": c, "baseline_cpu": base["cpu"], "rss": (main_mib, child_mib),
            "note": f"filled {len(work)} workbooks in {time.perf_counter() - t0:.1f} s (not timed)"}


def _calamine_chunk(paths: list[str]) -> int:
    from collect import read_calamine

    return read_calamine([Path(p) for p in paths])


def step_collect(root: Path, jobs: int) -> dict:
    from collect import read_calamine

    from ctrxl.collect.run import collect

    definition = _definition(root)
    files = sorted((root / "inbox").iterdir())
    t0, c0 = time.perf_counter(), _cpu()
    read_calamine(files)
    t_base, c_base = time.perf_counter() - t0, _cpu() - c0
    t0 = time.perf_counter()  # the same loop in as many processes as collect has: the like-for-like floor
    with ProcessPoolExecutor(jobs) as pool:
        size = max(1, len(files) // (jobs * 8))
        list(pool.map(_calamine_chunk, [[str(p) for p in files[i:i + size]] for i in range(0, len(files), size)]))
    t_pool = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), _cpu()
    result = collect(_workspace(root, definition), definition, [root / "inbox"], processes=jobs)
    t, c = time.perf_counter() - t0, _cpu() - c0
    return {"seconds": t, "baseline": t_base, "baseline_name": "raw python-calamine loop, 3 sheets, 1 process",
            "cpu": c, "baseline_cpu": c_base,
            "also": {"calamine loop in --jobs processes": t_pool},
            "parts": _collect_parts(root, files),
            "note": f"outcomes {result.counts()}"}


def _collect_parts(root: Path, files: list[Path]) -> dict[str, float]:
    """Three things collect does that the raw loop does not, each alone over the same files, one process:
    the guard (every XML part decompressed and scanned), the archive (each file written and fsync'ed under
    its hash) and the store (the answers collect recorded, inserted again into a fresh copy of the answers
    table, one transaction a submission). Not the analysis itself: what no faster reading can remove.
    One file and one submission at a time, so the step's peak memory stays collect's own."""
    import sqlite3
    import tempfile

    from ctrxl.collect.analyse import _guard
    from ctrxl.collect.incoming import Incoming
    from ctrxl.collect.run import archive

    out = {"guard": 0.0, "archive": 0.0, "store": 0.0}
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        for p in files:
            data = p.read_bytes()
            t0 = time.perf_counter()
            _stopped, package = _guard(Incoming(p.name, data, p.name))
            if package is not None:
                package.zf.close()
            t1 = time.perf_counter()
            archive(Path(tmp), Path(tmp) / "archive", data, p.name)
            out["guard"] += t1 - t0
            out["archive"] += time.perf_counter() - t1
        src = sqlite3.connect(root / "ctrxl.sqlite")
        ddl = src.execute("SELECT sql FROM sqlite_master WHERE name = 'answers'").fetchone()[0]
        db = sqlite3.connect(Path(tmp) / "answers.sqlite", isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # as ctrxl.store
        db.execute(ddl.replace("REFERENCES submissions(id)", ""))
        for (sid,) in src.execute("SELECT id FROM submissions ORDER BY id").fetchall():
            group = src.execute("SELECT * FROM answers WHERE submission_id = ?", (sid,)).fetchall()
            t0 = time.perf_counter()
            db.execute("BEGIN")
            db.executemany("INSERT INTO answers VALUES (?,?,?,?,?,?,?)", group)
            db.execute("COMMIT")
            out["store"] += time.perf_counter() - t0
        src.close()
        db.close()
    return out


def step_recollect(root: Path, jobs: int) -> dict:
    """``collect()`` again over the same inbox: every file is a duplicate (ratio: / collect)."""
    from ctrxl.collect.run import collect

    definition = _definition(root)
    t0, c0 = time.perf_counter(), _cpu()
    result = collect(_workspace(root, definition), definition, [root / "inbox"], processes=jobs)
    t, c = time.perf_counter() - t0, _cpu() - c0
    files = sum(result.counts().values())
    return {"seconds": t, "cpu": c,
            "note": f"outcomes {result.counts()}; CPU {1000 * c / max(1, files):.3f} ms a file"}


def _sql_baseline(root: Path) -> int:
    """The same answers from the store, the status counts per task, per agency and overall: one group-by."""
    import pandas as pd

    conn = sqlite3.connect(root / "ctrxl.sqlite")
    df = pd.read_sql_query(
        """SELECT s.agency, a.kind, a.code, a.field, a.value, a.sheet, a.cell, s.original_name FROM answers a
           JOIN submissions s ON s.id = a.submission_id
           WHERE s.outcome IN ('accepted', 'warnings') AND s.superseded_by IS NULL""", conn)
    conn.close()
    status = df[(df.kind == "task") & (df.field == "status")]
    counts = status.groupby(["code", "agency", "value"]).size()
    per_task = counts.groupby(level=[0, 2]).sum()
    per_agency = counts.groupby(level=[1, 2]).sum()
    overall = counts.groupby(level=2).sum()
    return len(df) + len(per_task) + len(per_agency) + len(overall)


def _plain_answer_sheet(root: Path) -> float:
    """The every-answer sheet's rows (the same rows the consolidated workbook writes) by plain xlsxwriter
    constant_memory ``write_row``: the floor of writing that sheet at all."""
    from ctrxl.store import Store
    from ctrxl.track.stats import consolidate_figures

    definition = _definition(root)
    with Store(root / "ctrxl.sqlite") as store:
        answers = consolidate_figures(definition, store).answers
        import xlsxwriter

        t0 = time.perf_counter()
        wb = xlsxwriter.Workbook(str(root / "plain-answers.xlsx"), {"constant_memory": True,
                                 "strings_to_formulas": False, "strings_to_urls": False})
        ws = wb.add_worksheet("Dữ liệu chi tiết")
        for r, (agency, kind, code, fld, value, sheet, cell, file) in enumerate(answers.rows_by_agency(), 3):
            ws.write_row(r, 0, (agency, kind, code, fld, value if not isinstance(value, bool) else str(value), file,
                                sheet, cell))
        wb.close()
        t = time.perf_counter() - t0
    (root / "plain-answers.xlsx").unlink()
    return t


def step_consolidate_baseline(root: Path, jobs: int) -> dict:
    """Run apart, so that the baseline's DataFrame is not counted in the step's peak memory."""
    import pandas  # noqa: F401 — its import is not the baseline's work

    t0, c0 = time.perf_counter(), _cpu()
    _sql_baseline(root)
    return {"seconds": time.perf_counter() - t0, "cpu": _cpu() - c0, "floor": _plain_answer_sheet(root)}


def step_consolidate(root: Path, jobs: int) -> dict:
    from ctrxl.store import Store
    from ctrxl.track.ahead import RowsAhead
    from ctrxl.track.stats import consolidate_figures
    from ctrxl.track.workbook import answers_ahead, write_consolidated

    definition = _definition(root)
    t0, c0 = time.perf_counter(), _cpu()
    store = Store(root / "ctrxl.sqlite", readonly=True)  # as `ctrxl consolidate` opens it (its snapshot timed)
    ahead = answers_ahead(definition, store)  # as `ctrxl consolidate` starts it, before the figures
    figures = consolidate_figures(definition, store)
    t1 = time.perf_counter()
    path = write_consolidated(definition, figures, root / "tong-hop.xlsx", ahead=ahead)
    t, c = time.perf_counter() - t0, _cpu() - c0
    rss = _rss()  # the step's and its child's (the every-answer rows: ctrxl/track/ahead.py), before the baseline's
    base = json.loads(subprocess.run([sys.executable, __file__, "--step", "consolidate_baseline", "--root", str(root),
                                      "--jobs", str(jobs)], check=True, capture_output=True,
                                     text=True).stdout.strip().splitlines()[-1])
    return {"seconds": t, "baseline": base["seconds"], "baseline_name": "answers from the store + one pandas group-by",
            "cpu": c, "baseline_cpu": base["cpu"], "rss": rss,
            "also": {"the every-answer sheet alone by plain xlsxwriter write_row": base["floor"]},
            "note": f"{len(figures.answers):,} answers; figures {t1 - t0:.2f} s, workbook {t - (t1 - t0):.2f} s "
                    f"({path.stat().st_size / 1e6:.1f} MB; every-answer rows by a second process: "
                    f"{'yes' if RowsAhead.taken else 'no'})"}


def _timed_reports(root: Path, **which) -> tuple[float, float, int]:
    """Wall and CPU seconds of ``write_reports(..., **which)`` and the agency reports written (``sample``:
    ``AGENCY_SAMPLE`` of them spread over the registry), given the figures computed untimed first, as
    ``ctrxl report`` computes them or ``consolidate`` hands them over."""
    import matplotlib.pyplot  # noqa: F401 — imported once per process by any report run: not the report's cost

    from ctrxl.config.report import load_settings
    from ctrxl.report.render import write_reports
    from ctrxl.store import Store
    from ctrxl.track.stats import consolidate_figures

    definition = _definition(root)
    figures = consolidate_figures(definition, Store(root / "ctrxl.sqlite", readonly=True))
    if which.pop("sample", None):
        codes = list(figures.per_agency)
        which["agencies"] = codes[::max(1, len(codes) // AGENCY_SAMPLE)][:AGENCY_SAMPLE]
    t0, c0 = time.perf_counter(), _cpu()
    write_reports(definition, figures, load_settings({}), root / "reports", **which)
    return time.perf_counter() - t0, _cpu() - c0, len(which.get("agencies") or [])


def step_report(root: Path, jobs: int) -> dict:
    t, c, _n = _timed_reports(root)
    return {"seconds": t, "cpu": c}


def step_agency_reports(root: Path, jobs: int) -> dict:
    """``AGENCY_SAMPLE`` agency reports, as ``report --agency`` (or ``--all-agencies``) writes them: what they
    share built once, counted in. Goal: ≤ 0.2 s a report, whatever the number of agencies."""
    t, c, n = _timed_reports(root, sample=True, city=False)
    return {"seconds": t, "cpu": c, "reports": n,
            "note": f"{n} agency reports: {t / n:.3f} s a report (CPU {c / n:.3f} s)"}


def _run_step(step: str, root: Path, jobs: int) -> None:
    out = globals()[f"step_{step}"](root, jobs)
    # The larger of the step's own peak and its largest child's (workers run side by side: their sum can be
    # higher; both are printed). A step may measure its own part (generate, consolidate: before their baseline).
    out["main_mib"], out["child_mib"] = out.pop("rss", None) or _rss()
    out["peak_mib"] = max(out["main_mib"], out["child_mib"])
    print(json.dumps(out))


# The goals of issue 17: (name, what is compared, limit). Each is printed with its wall and CPU ratio.
RATIO_GOALS = (
    ("generate", "generate ≤ 1.5× plain xlsxwriter in_memory", 1.5),
    ("collect", "collect ≤ 1.5× the raw calamine loop", 1.5),
    ("consolidate", "consolidate ≤ 3× answers + one group-by", 3.0),
)
MEMORY_GOAL_MIB = 1024  # the whole cycle at 10,000 agencies, step by step


def _ratio(r: dict, other: dict | None = None) -> tuple[float, float | None]:
    """(wall ratio, CPU ratio) of a step to its baseline, or to ``other`` step."""
    if other is not None:
        return r["seconds"] / other["seconds"], (r["cpu"] / other["cpu"] if "cpu" in r and "cpu" in other else None)
    return r["seconds"] / r["baseline"], (r["cpu"] / r["baseline_cpu"] if "baseline_cpu" in r else None)


def _verdict(wall: float, cpu: float | None, limit: float) -> str:
    text = f"{wall:6.2f}× wall" + (f", {cpu:6.2f}× CPU" if cpu is not None else "")
    if wall <= limit and (cpu is None or cpu <= limit):
        return f"{text}   met"
    if wall <= limit:
        return f"{text}   met in wall time only"
    return f"{text}   {'met in CPU only' if cpu is not None and cpu <= limit else 'NOT met'}"


def goals(n: int, results: dict[str, dict]) -> list[str]:
    """The issue's goals for one run, each with its figures and whether it is met."""
    lines = []
    for step, text, limit in RATIO_GOALS:
        if step in results and "baseline" in results[step]:
            lines.append(f"  {text:<46} {_verdict(*_ratio(results[step]), limit)}")
    if "report" in results and "consolidate" in results:
        ratio = _ratio(results["report"], results["consolidate"])
        lines.append(f"  {'report ≤ 2× consolidate':<46} {_verdict(*ratio, 2)}")
    if "recollect" in results and "collect" in results:
        wall, cpu = _ratio(results["recollect"], results["collect"])
        lines.append(f"  {'recollect ≤ 5 % of collect':<46} {100 * wall:6.2f} % wall, {100 * (cpu or 0):5.2f} % CPU   "
                     f"{'met' if wall <= 0.05 else 'NOT met'}")
    if "agency_reports" in results:
        r = results["agency_reports"]
        each, cpu_each = r["seconds"] / r["reports"], r["cpu"] / r["reports"]
        lines.append(f"  {'agency report ≤ 0.2 s each':<46} {each:6.3f} s wall, {cpu_each:5.3f} s CPU   "
                     f"{'met' if each <= 0.2 else 'NOT met'}")
    if results:
        step, peak = max(((s, r["peak_mib"]) for s, r in results.items()), key=lambda x: x[1])
        lines.append(f"  {'peak memory ≤ 1 GiB (largest step: ' + step + ')':<46} {peak:6.0f} MiB   "
                     f"{'met' if peak <= MEMORY_GOAL_MIB else 'NOT met'}"
                     + ("" if n >= 10_000 else f" at {n:,} (the goal is at 10,000)"))
    return lines


def linearity(runs: list[tuple[int, dict[str, dict]]]) -> list[str]:
    """time(N) / time(first N) per step, against N / first N × 1.1 (3,000/1,000 ≤ 3.3, 10,000/1,000 ≤ 11)."""
    (n0, first), lines = runs[0], []
    for n, results in runs[1:]:
        limit = n / n0 * 1.1
        for step, r in results.items():
            if step in first and step != "agency_reports":  # the same sample at every size: its goal is per report
                wall, cpu = _ratio(r, first[step])
                lines.append(f"  time({n:,}) / time({n0:,}) ≤ {limit:.1f}: {step:<12} {_verdict(wall, cpu, limit)}")
    return lines


def run_cycle(n: int, args, root: Path) -> dict[str, dict]:
    from generate import synthetic

    root.mkdir(parents=True, exist_ok=True)
    if not (root / "programme.yaml").exists():
        synthetic(root, n, args.tasks)
    wanted = [s for s in STEPS if s in args.steps.split(",")]
    print(f"cycle: {n} agencies × {args.tasks} tasks, {args.jobs} processes, {root}")
    results: dict[str, dict] = {}
    for step in wanted:
        run = subprocess.run([sys.executable, __file__, "--step", step, "--root", str(root), "--jobs",
                              str(args.jobs)], check=True, capture_output=True, text=True)
        results[step] = json.loads(run.stdout.strip().splitlines()[-1])
        r = results[step]
        line = (f"  {step:<12} {r['seconds']:7.2f} s   peak {r['peak_mib']:6.0f} MiB"
                f" (main {r['main_mib']:.0f}, largest child {r['child_mib']:.0f})")
        if "baseline" in r:
            line += (f"   baseline {r['baseline']:6.2f} s ({r['baseline_name']})"
                     f"   ratio {r['seconds'] / r['baseline']:5.2f}×")
        if "baseline_cpu" in r:
            line += (f"\n{'':15}CPU {r['cpu']:.2f} s vs baseline CPU {r['baseline_cpu']:.2f} s:"
                     f" ratio {r['cpu'] / r['baseline_cpu']:.2f}×")
        for name, seconds in r.get("also", {}).items():
            line += f"\n{'':15}vs {name}: {seconds:.2f} s, ratio {r['seconds'] / seconds:.2f}×"
        if "parts" in r:  # collect: what it must do besides reading, each alone, against the baseline
            parts = r["parts"]
            line += (f"\n{'':15}alone, one process: " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items())
                     + f"; the baseline plus these: {(r['baseline'] + sum(parts.values())) / r['baseline']:.2f}×"
                     f" the baseline, before any checking")
        print(line + (f"\n{'':15}{r['note']}" if r.get("note") else ""), flush=True)
    if "recollect" in results and "collect" in results:
        print(f"  recollect / collect: {results['recollect']['seconds'] / results['collect']['seconds']:.3f}×"
              f" (CPU {results['recollect']['cpu'] / results['collect']['cpu']:.3f}×)")
    if "report" in results and "consolidate" in results:
        print(f"  report / consolidate: {results['report']['seconds'] / results['consolidate']['seconds']:.2f}×"
              f" (CPU {results['report']['cpu'] / results['consolidate']['cpu']:.2f}×)")
    print(f"  total of the timed steps: {sum(r['seconds'] for r in results.values()):.1f} s")
    print(f"goals at {n:,} agencies:")
    print("\n".join(goals(n, results)), flush=True)
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("agencies", type=int, nargs="*", default=[1000],
                    help="one or more sizes (e.g. 1000 3000): several also print the linearity goals")
    ap.add_argument("--tasks", type=int, default=80)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--steps", default=",".join(STEPS))
    ap.add_argument("--keep", type=Path, help="use (or keep) this folder: setup is reused when already there "
                                              "(with several sizes, one folder per size inside it)")
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.step:
        _run_step(args.step, args.root, args.jobs)
        return
    runs = []
    for n in args.agencies:
        if args.keep is None:
            root = Path(tempfile.mkdtemp(prefix=f"ctrxl-bench-cycle-{n}-"))
        else:
            root = args.keep if len(args.agencies) == 1 else args.keep / str(n)
        try:
            runs.append((n, run_cycle(n, args, root)))
        finally:
            if args.keep is None:
                shutil.rmtree(root, ignore_errors=True)
    if len(runs) > 1:
        print("linearity:")
        print("\n".join(linearity(runs)))


if __name__ == "__main__":
    main()
