"""Cycles over years in one workspace: [cycle] + [[cycles]], ``cycle new``, ``cycle list``, ``--year``."""
import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.config import ConfigError, CycleConfig, parse_config
from ctrxl.track.cycles import next_cycle, rewrite_config, shift_date
from tests.test_consolidate import CONFIG, PROGRAMME, REGISTRY, _fill

REPORT = """
[report]
number = "125"                 # Số 125-BC/TU
date = "10/12/2025"

[report.agencies.B]
number = "7"
date = "9/12/2025"
"""


def _run(ws: Path, *args: str, code: int = 0) -> dict:
    run = CliRunner().invoke(cli, ["-w", str(ws), *args, "--json"])
    assert run.exit_code == code, run.output
    return json.loads(run.output) if code == 0 else {"output": run.output}


def test_a_single_cycle_config_stays_valid():
    cfg = parse_config(tomllib.loads(CONFIG))
    assert cfg.cycle.year == 2025 and cfg.cycles == () and [c.year for c in cfg.all_cycles] == [2025]
    assert cfg.for_year(None) is cfg and cfg.for_year(2025) is cfg and cfg.for_year(2024) is None


def test_earlier_cycles_and_their_problems():
    text = CONFIG + '\n[[cycles]]\nyear = 2023\ndue = "10/12/2023"\n\n[[cycles]]\nyear = 2024\n'
    cfg = parse_config(tomllib.loads(text))
    assert [c.year for c in cfg.all_cycles] == [2025, 2024, 2023]
    assert cfg.for_year(2023).cycle.due == dt.date(2023, 12, 10)
    assert cfg.for_year(2024).cycle.to_cycle().due == dt.date(2024, 12, 15)  # the default due date
    with pytest.raises(ConfigError) as err:
        parse_config(tomllib.loads(CONFIG + "\n[[cycles]]\nyear = 2025\n"))
    assert "config.cycle_twice" in {p.key for p in err.value.problems}


def test_next_cycle_shifts_dates():
    cur = CycleConfig(year=2024, due=dt.date(2024, 2, 29), period_start=dt.date(2023, 12, 15),
                      period_end=dt.date(2024, 12, 14), recipient="A", reporting=("ALL",))
    new = next_cycle(cur, 2025)
    assert (new.year, new.due, new.period_start, new.period_end) == (
        2025, dt.date(2025, 2, 28), dt.date(2024, 12, 15), dt.date(2025, 12, 14))
    assert new.recipient == "A" and new.reporting == ("ALL",)
    assert shift_date(None, 3) is None


def test_rewrite_keeps_the_old_cycle_and_shifts_the_report():
    text = "# mine\n" + CONFIG + REPORT
    out = rewrite_config(text, next_cycle(parse_config(tomllib.loads(text)).cycle, 2026), 1)
    data = tomllib.loads(out)
    assert data["cycle"]["year"] == 2026 and data["cycle"]["due"] == "15/12/2026"
    assert data["cycles"] == [{"year": 2025, "due": "15/12/2025", "period_start": "15/12/2024",
                               "period_end": "14/12/2025", "recipient": "A"}]
    assert data["report"]["date"] == "10/12/2026" and data["report"]["number"] == ""
    assert data["report"]["agencies"]["B"] == {"number": "", "date": "09/12/2026"}
    assert out.startswith("# mine\n") and "# Số 125-BC/TU" in out  # the user's comments stay


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    ws = tmp_path_factory.mktemp("years")
    (ws / "ctrxl.toml").write_text(CONFIG, encoding="utf-8")
    (ws / "programme.yaml").write_text(PROGRAMME, encoding="utf-8")
    (ws / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    paths = {w["agency"]: Path(w["path"]) for w in _run(ws, "generate")["workbooks"]}
    (ws / "inbox").mkdir(exist_ok=True)
    for agency in ("A", "B"):
        _fill(paths[agency], ws / "inbox" / f"{agency}.xlsx", agency)
    _run(ws, "collect")
    return ws


def test_cycle_new_list_and_year(workspace):
    ws = workspace
    before = _run(ws, "consolidate")
    new = _run(ws, "cycle", "new", "2026")
    assert new["year"] == 2026 and new["previous"] == 2025 and new["due"] == "2026-12-15"
    assert new["period_start"] == "2025-12-15" and new["period_end"] == "2026-12-14" and new["recipient"] == "A"
    listed = _run(ws, "cycle", "list")["cycles"]
    assert [(c["year"], c["current"], c["accepted"]) for c in listed] == [(2026, True, 0), (2025, False, 2)]
    assert listed[0]["definition_hash"] and listed[0]["definition_hash"] == listed[1]["definition_hash"]
    # every command acts on the current cycle…
    assert _run(ws, "status")["year"] == 2026 and _run(ws, "status")["counts"]["missing"] == 3
    generated = _run(ws, "generate")
    assert all("-2026" in w["path"] for w in generated["workbooks"])
    # …unless --year names another; the store still holds 2025's submissions and answers
    assert _run(ws, "--year", "2025", "status")["counts"]["on_time"] == 1
    again = _run(ws, "--year", "2025", "consolidate")
    assert again["overall"] == before["overall"] and again["year"] == 2025
    assert "2019" in _run(ws, "--year", "2019", "status", code=2)["output"]
    assert "2026" in _run(ws, "cycle", "new", "2026", code=2)["output"]  # already there
    assert "(2026)" in _run(ws, "cycle", "new", "2024", code=2)["output"]  # not after the current one


def test_last_year_in_this_years_workbook(workspace):
    """After cycle new and generate (test above), each 2026 workbook shows the agency's 2025 answers."""
    from ctrxl.store import Store
    from ctrxl.workbook import layout as L
    from ctrxl.workbook.previous import earlier_answers, indicator_text
    from ctrxl.workbook.reader import read_workbook

    ws = workspace
    folder = ws / "output" / "bieu-mau-17-CTr-TU-2026"
    books = {p.name.split(" - ")[1].split(".")[0]: p for p in folder.glob("*.xlsx")}
    with Store(ws / "ctrxl.sqlite", readonly=True) as store:
        [(year, answers)] = earlier_answers(store, "17-CTr/TU", 2026)
    assert year == 2025 and set(answers) == {"A", "B"}
    names = {"A": "Ban Tổ chức Thành ủy", "B": "Đảng ủy phường Hải Châu", "C": "Đảng ủy xã Hòa Vang"}
    one_off = {"T1", "T3", "T5", "T6"}  # dated or no deadline; T2 continuous, T4 yearly
    for agency, name in names.items():
        content = read_workbook(books[name])
        rows = content.tasks.rows
        assert {"previous_status", "previous_result"} <= set(content.tasks.columns)
        for code, row in rows.items():
            ans = answers.get(agency, {}).get(("task", code), {})
            shown = row["previous_status"].value or ""
            if agency == "C" or not ans:
                assert shown == "" and row["status"].value is None, (agency, code)
            elif code in one_off and ans["status"] == "done":
                assert shown == "Đã hoàn thành năm 2025", (agency, code)
                assert row["status"].value == L.STATUS_LABELS[L.Status.DONE]  # filled in: no new answer needed
                day = row["completed_on"].value
                assert (day.date() if hasattr(day, "date") else day).isoformat() == ans["completed_on"]
            else:
                assert shown.startswith(L.STATUS_LABELS[L.Status(ans["status"])]), (agency, code, shown)
                assert row["status"].value is None
        for code, row in content.indicators.rows.items():
            kind = {"I1": "ratio", "I2": "count"}[code]
            want = indicator_text(kind, answers.get(agency, {}).get(("indicator", code), {}))
            assert (row["previous_value"].value or "") == want, (agency, code)
    assert read_workbook(books[names["A"]]).indicators.rows["I1"]["previous_value"].value == "45/50 = 90%"
    # the agency answers only what is still open: the one-off tasks done in 2025 pass as they are
    import openpyxl

    wb = openpyxl.load_workbook(books[names["A"]])
    s = wb[L.SHEET_TASKS]
    col = {c.key: i + 1 for i, c in enumerate(L.TASK_COLUMNS)}
    for r in range(L.HEADER_ROW + 1, s.max_row + 1):
        if s.cell(r, col["status"]).value is None and s.cell(r, col["task_code"]).value:
            s.cell(r, col["status"]).value = L.STATUS_LABELS[L.Status.CONTINUING]
    inbox = ws / "inbox-2026"
    inbox.mkdir()
    wb.save(inbox / "A.xlsx")
    import os

    stamp = dt.datetime(2026, 12, 10, 9).timestamp()
    os.utime(inbox / "A.xlsx", (stamp, stamp))
    [f] = _run(ws, "collect", str(inbox))["files"]
    assert f["outcome"] in ("accepted", "warnings") and f["agency"] == "A", f["issues"]
    assert not [i for i in f["issues"] if i["severity"] == "error"]
    cons = _run(ws, "consolidate")
    a = next(x for x in cons["per_agency"] if x["agency"] == "A")["counts"]
    assert a["done_on_time"] == 1 and a["done_late"] == 1  # T1 and T3, as in 2025
