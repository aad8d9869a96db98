"""``ctrxl history import`` of a year's table on the bundled example, and what it costs next year.

Makes a workspace from the bundled example moved to 2026, writes a 2025 table (one row per
agency × task and agency × indicator of that year's forms, statuses in turn), then times:

- import: ``import_history`` of the table, against a plain ``csv.reader`` pass over the same file
  (the ratio says what checking and recording cost over reading);
- import again: the same file, every record a duplicate;
- previous: ``with_previous`` for the 2026 forms (what generate and collect now read of the store).

    .venv/bin/python benchmarks/history.py [--copies N]

``--copies N``: the table holds N years, 2025, 2024, … (the bundled registry knows the agencies of
2025 only: an earlier year is refused with ``hist.definition_errors``, which the script reports).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import tempfile
import time
from pathlib import Path

from ctrxl.collect.history import import_history
from ctrxl.definition.load import load_definition, load_workspace_definition
from ctrxl.store import open_store
from ctrxl.track.cycles import earlier_cycle, move_to_year
from ctrxl.workbook import layout as L
from ctrxl.workbook.forms import build_forms
from ctrxl.workbook.previous import with_previous
from ctrxl.workspace import init_workspace

STATUSES = [L.STATUS_LABELS[s] for s in (L.Status.DONE, L.Status.IN_PROGRESS, L.Status.CONTINUING,
                                         L.Status.NOT_STARTED)]


def write_table(ws, path: Path, years: list[int]) -> int:
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Năm", "Mã đơn vị", "Mã nhiệm vụ", "Mã chỉ tiêu", "Tình trạng", "Ngày hoàn thành", "Kết quả",
                      "Khó khăn", "Tử số", "Mẫu số", "Giá trị"])
        for year in years:
            cfg, _ = earlier_cycle(ws.config, year)
            definition = load_definition(ws.programme_path, ws.registry_path, cfg.to_cycle(), base=ws.root)
            for form in build_forms(definition):
                for n, task in enumerate(form.tasks):
                    status = STATUSES[(n + len(form.agency_code)) % len(STATUSES)]
                    done = f"{10 + n % 15}/{1 + n % 11}/{year}" if status == STATUSES[0] else ""
                    out.writerow([year, form.agency_code, task.code, "", status, done, f"Kết quả {n}",
                                  "Chưa có kinh phí" if status == STATUSES[3] else "", "", "", ""])
                    rows += 1
                for x in form.indicators:
                    num, den = ("45", "50") if x.kind == "ratio" else ("", "")
                    out.writerow([year, form.agency_code, "", x.code, "", "", "", "", num, den,
                                  "" if x.kind == "ratio" else ("Có" if x.kind == "yesno" else "3")])
                    rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=1, help="years of history in the table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ctrxl-bench-history-") as tmp:
        ws = move_to_year(init_workspace(Path(tmp) / "ws", example="danang-nq21"), 2026)
        years = [2025 - k for k in range(args.copies)]
        table = Path(tmp) / "lich-su.csv"
        rows = write_table(ws, table, years)
        t0 = time.perf_counter()
        with table.open(encoding="utf-8") as fh:
            parsed = sum(1 for _ in csv.reader(fh))
        baseline = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = import_history(ws, [table])
        first = time.perf_counter() - t0
        if result.rejected:
            print("refused:", [i["message"] for i in result.to_json()["files"][0]["issues"][:3]])
            return
        t0 = time.perf_counter()
        again = import_history(ws, [table])
        second = time.perf_counter() - t0
        assert again.files[0].outcome == "unchanged"
        from ctrxl.workspace import open_workspace

        ws = open_workspace(explicit=ws.root)
        forms = build_forms(load_workspace_definition(ws))
        t0 = time.perf_counter()
        with open_store(ws, readonly=True) as store:
            shown = with_previous(forms, store)
        previous = time.perf_counter() - t0
        filled = sum(1 for f in shown for _ in f.previous_tasks)
        counts = result.counts()
        print(f"table: {rows} rows ({parsed - 1} read by csv), {len(years)} year(s), {counts['records']} "
              f"agency returns, {dt.date.today().isoformat()}")
        print(f"csv.reader pass      {baseline * 1000:8.1f} ms")
        print(f"history import       {first * 1000:8.1f} ms   ×{first / baseline:,.0f} the csv pass")
        print(f"import again (dups)  {second * 1000:8.1f} ms   ×{second / first:.2f} the first import")
        print(f"with_previous 2026   {previous * 1000:8.1f} ms   ({len(forms)} forms, {filled} task rows filled)")


if __name__ == "__main__":
    main()
