"""docs/status-rules.md, row by row: task categories, an agency's timeliness, dates in a workbook."""
import datetime as dt
import json
import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.track.stats import classify, statistics_reference
from ctrxl.workbook import layout as L
from tests.test_consolidate import CONFIG, PROGRAMME, REGISTRY

S = L.Status
R = dt.date(2025, 12, 15)  # the reference date: the cycle's due date
PAST, FUTURE, PERIOD_END = dt.date(2025, 6, 30), dt.date(2026, 12, 31), dt.date(2025, 12, 14)


@pytest.mark.parametrize("row, status, completed, due, continuous, expected", [
    (1, S.NOT_APPLICABLE, None, PAST, False, "not_applicable"),
    (1, S.NOT_APPLICABLE, None, None, True, "not_applicable"),
    (2, S.DONE, dt.date(2025, 6, 30), PAST, False, "done_on_time"),
    (2, S.DONE, dt.date(2025, 12, 1), PERIOD_END, True, "done_on_time"),  # yearly, within the period
    (3, S.DONE, dt.date(2025, 7, 1), PAST, False, "done_late"),
    (3, S.DONE, dt.date(2025, 12, 15), PERIOD_END, True, "done_late"),  # yearly, after the period
    (4, S.DONE, dt.date(2025, 3, 1), None, True, "done_on_time"),
    (4, S.DONE, dt.date(2025, 3, 1), None, False, "done_on_time"),
    (5, S.CONTINUING, None, None, True, "continuous"),
    (5, S.IN_PROGRESS, None, None, True, "continuous"),
    (5, S.CONTINUING, None, PERIOD_END, True, "continuous"),  # yearly: the period's end is before R, never overdue
    (5, S.IN_PROGRESS, None, PERIOD_END, True, "continuous"),
    (6, S.IN_PROGRESS, None, PAST, False, "overdue"),
    (6, S.CONTINUING, None, PAST, False, "overdue"),
    (7, S.IN_PROGRESS, None, FUTURE, False, "in_progress"),
    (7, S.CONTINUING, None, FUTURE, False, "in_progress"),
    (7, S.IN_PROGRESS, None, R, False, "in_progress"),  # due on the reference date itself: not passed
    (8, S.NOT_STARTED, None, PAST, False, "overdue"),
    (8, S.NOT_STARTED, None, PERIOD_END, True, "overdue"),  # a yearly task not started in its year
    (9, S.NOT_STARTED, None, FUTURE, False, "not_started"),
    (9, S.NOT_STARTED, None, None, True, "not_started"),
    (9, S.NOT_STARTED, None, None, False, "not_started"),
    (10, S.IN_PROGRESS, None, None, False, "in_progress"),
    (10, S.CONTINUING, None, None, False, "in_progress"),
])
def test_task_category_rows(row, status, completed, due, continuous, expected):
    assert classify(status, completed, due, continuous, R) == expected, f"row {row}"


@pytest.mark.parametrize("row, today, expected", [
    ("R1", dt.date(2025, 12, 2), (dt.date(2025, 12, 2), "today")),  # the cycle is open: today's figures
    ("R1", dt.date(2025, 1, 1), (dt.date(2025, 1, 1), "today")),
    ("R2", R, (R, "due")),  # on the due date
    ("R2", dt.date(2026, 1, 20), (R, "due")),  # a January run gives the due date's figures
])
def test_reference_date_rows(row, today, expected):
    assert statistics_reference(R, today) == expected, f"row {row}"


def test_reference_date_decides_overdue():
    """A yearly task not started, its period ending 14/12: not yet overdue on 2/12 (R1), overdue at R (R2)."""
    for today, category in ((dt.date(2025, 12, 2), "not_started"), (dt.date(2025, 12, 16), "overdue")):
        reference, _kind = statistics_reference(R, today)
        assert classify(S.NOT_STARTED, None, PERIOD_END, True, reference) == category, today


# -- rows 11, T1–T5 and D1–D4 on a real workspace --------------------------------------------------

def _fill(src: Path, dst: Path, answers: dict, sent: dt.datetime, report_date: dt.datetime | None = None) -> None:
    wb = openpyxl.load_workbook(src)
    if report_date is not None:
        a = wb[L.SHEET_ASSESSMENT]
        for r in range(1, a.max_row + 1):
            if a.cell(r, 1).value == "report_date":
                a.cell(r, 3).value = report_date
    col = {c.key: i + 1 for i, c in enumerate(L.TASK_COLUMNS)}
    s = wb[L.SHEET_TASKS]
    for r in range(L.HEADER_ROW + 1, s.max_row + 1):
        code = s.cell(r, col["task_code"]).value
        if code:
            status, day = answers.get(code, (L.STATUS_LABELS[S.CONTINUING], None))
            s.cell(r, col["status"]).value = status
            s.cell(r, col["completed_on"]).value = day
    wb.save(dst)
    os.utime(dst, (sent.timestamp(), sent.timestamp()))


def _run(ws: Path, *args: str) -> dict:
    run = CliRunner().invoke(cli, ["-w", str(ws), *args, "--json"])
    assert run.exit_code == 0, run.output
    return json.loads(run.output)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    ws = tmp_path_factory.mktemp("rules")
    (ws / "ctrxl.toml").write_text(CONFIG, encoding="utf-8")
    (ws / "programme.yaml").write_text(PROGRAMME, encoding="utf-8")
    (ws / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    paths = {w["agency"]: Path(w["path"]) for w in _run(ws, "generate")["workbooks"]}
    return ws, paths


DONE = L.STATUS_LABELS[S.DONE]


def test_timeliness_rows(workspace, tmp_path):
    ws, paths = workspace
    inbox = tmp_path / "in"
    inbox.mkdir()
    # A: on time, then a correction after the due date (T3); B: rejected on time, accepted late (T2)
    _fill(paths["A"], inbox / "A1.xlsx", {}, dt.datetime(2025, 12, 10, 9))
    _fill(paths["B"], inbox / "B1.xlsx", {"T1": (DONE, None)}, dt.datetime(2025, 12, 12, 9))  # D4: no date
    first = {f["agency"]: f for f in _run(ws, "collect", str(inbox))["files"]}
    assert first["A"]["outcome"] == "warnings" and first["B"]["outcome"] == "rejected"  # warnings: assessment blank
    assert "col.done_without_date" in {p["code"] for p in first["B"]["issues"]}
    status = {a["code"]: a for a in _run(ws, "status")["agencies"]}
    assert status["B"]["state"] == "rejected"  # T4
    assert status["C"]["state"] == "missing"  # T5
    later = tmp_path / "later"
    later.mkdir()
    _fill(paths["A"], later / "A2.xlsx", {"T1": (DONE, dt.datetime(2025, 6, 1))}, dt.datetime(2025, 12, 20, 9))
    _fill(paths["B"], later / "B2.xlsx", {}, dt.datetime(2025, 12, 18, 9))
    second = {f["agency"]: f["outcome"] for f in _run(ws, "collect", str(later))["files"]}
    assert second == {"A": "warnings", "B": "warnings"}
    status = {a["code"]: a for a in _run(ws, "status")["agencies"]}
    assert status["A"]["state"] == "on_time" and status["A"]["days_late"] is None  # T1, T3
    assert status["A"]["corrections"] == 1 and status["A"]["first_submitted_at"].startswith("2025-12-10")
    assert status["A"]["submitted_at"].startswith("2025-12-20")  # the correction is current
    assert status["B"]["state"] == "late" and status["B"]["days_late"] == 3  # T2
    cons = _run(ws, "consolidate")
    assert cons["reference_date"] == "2025-12-15"
    a = next(x for x in cons["per_agency"] if x["agency"] == "A")["counts"]
    assert a["done_on_time"] == 1  # the correction's answers count: T1 done 1/6 (row 2)
    c = next(x for x in cons["per_agency"] if x["agency"] == "C")["counts"]
    assert c["not_reported"] == 5 and sum(v for k, v in c.items() if k != "not_reported") == 0  # row 11


def test_date_rows(workspace, tmp_path):
    ws, paths = workspace
    inbox = tmp_path / "in"
    inbox.mkdir()
    # D1: completed 12/12, but the file was sent on 10/12 — whatever the machine's clock says
    _fill(paths["A"], inbox / "A.xlsx", {"T1": (DONE, dt.datetime(2025, 12, 12))}, dt.datetime(2025, 12, 10, 9))
    # D2: completed 15/12 (after the period ending 14/12), sent 16/12; D1b: the report dated 17/12
    _fill(paths["B"], inbox / "B.xlsx", {"T4": (DONE, dt.datetime(2025, 12, 15))}, dt.datetime(2025, 12, 16, 9),
          report_date=dt.datetime(2025, 12, 17))
    # D3: before the programme (16/8/2022)
    _fill(paths["C"], inbox / "C.xlsx", {"T3": (DONE, dt.datetime(2021, 3, 1))}, dt.datetime(2025, 12, 10, 9))
    files = {f["agency"]: f for f in _run(ws, "collect", str(inbox))["files"]}
    codes = {a: {p["code"]: p["severity"] for p in f["issues"]} for a, f in files.items()}
    assert files["A"]["outcome"] == "rejected" and codes["A"]["col.date_after_submission"] == "error"
    assert files["B"]["outcome"] == "warnings" and codes["B"]["col.date_after_period"] == "warning"
    assert codes["B"]["col.date_after_submission"] == "warning"  # D1b: only the report's own date
    assert files["C"]["outcome"] == "rejected" and codes["C"]["col.date_before_programme"] == "error"
