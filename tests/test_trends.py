"""Trends over cycles: the "Xu hướng" sheet, the city report's comparison, the review report.

Three cycles (2023, 2024, 2025) of the bundled example are built in a real workspace the way the
demo builds its earlier years: each year's workbooks generated, filled, collected into the store,
then ``cycle new``. Every figure the outputs show is checked against the store by SQL written
here (accepted current submissions, their answers), not by calling trends.py or stats.py.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from ctrxl.cli import cli
from ctrxl.definition.load import load_workspace_definition
from ctrxl.demo.history import simulate_history
from ctrxl.model import Indicator, IndicatorKind, Target, TargetOp
from ctrxl.report.render import workspace_reports
from ctrxl.report.review import write_review
from ctrxl.track.consolidate import workspace_consolidate
from ctrxl.track.cycles import move_to_year
from ctrxl.track.trends import on_track, target_path
from ctrxl.vn import format_number, format_percent
from ctrxl.workspace import init_workspace, open_workspace

YEARS = [2023, 2024, 2025]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("trends") / "ws"
    ws = move_to_year(init_workspace(root, example="danang-nq21"), YEARS[0])
    ws, done = simulate_history(ws, YEARS)
    assert [h.year for h in done] == YEARS and ws.config.cycle.year == 2026
    # the oldest year comes in through history import of a table, the others through collect
    assert done[0].imported is not None and done[0].table.suffix == ".csv"
    assert [h.imported for h in done[1:]] == [None, None]
    return root


def store(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / "ctrxl.sqlite")


def sql_year(root: Path, year: int) -> dict:
    """The figures of one cycle, by SQL over the store."""
    with store(root) as conn:
        (cid,) = conn.execute("SELECT id FROM cycles WHERE year = ?", (year,)).fetchone()
        current = conn.execute(
            """SELECT id, agency FROM submissions WHERE cycle_id = ? AND agency IS NOT NULL
               AND outcome IN ('accepted', 'warnings') AND superseded_by IS NULL""", (cid,)).fetchall()
        ids = [r[0] for r in current]
        marks = ",".join("?" * len(ids))
        first = conn.execute(
            """SELECT agency, MIN(substr(COALESCE(submitted_at, received_at), 1, 10)) FROM submissions
               WHERE cycle_id = ? AND agency IS NOT NULL AND outcome IN ('accepted', 'warnings')
               GROUP BY agency""", (cid,)).fetchall()
        statuses = dict(conn.execute(
            f"""SELECT value, COUNT(*) FROM answers WHERE submission_id IN ({marks})
                AND kind = 'task' AND field = 'status' GROUP BY value""", ids).fetchall())
        ratios: dict[str, list[float]] = {}
        for code, num, den in conn.execute(
                f"""SELECT n.code, SUM(CAST(n.value AS REAL)), SUM(CAST(d.value AS REAL)) FROM answers n
                    JOIN answers d ON d.submission_id = n.submission_id AND d.kind = 'indicator'
                      AND d.code = n.code AND d.field = 'denominator'
                    WHERE n.submission_id IN ({marks}) AND n.kind = 'indicator' AND n.field = 'numerator'
                      AND n.value IS NOT NULL AND d.value IS NOT NULL AND CAST(d.value AS REAL) > 0
                    GROUP BY n.code""", ids):
            ratios[code] = [num, den]
    due = dt.date(year, 12, 15).isoformat()
    applicable = sum(n for v, n in statuses.items() if v != '"not_applicable"')
    done = statuses.get('"done"', 0)
    workbooks = len(list((root / "output" / f"bieu-mau-17-CTr-TU-{year}").glob("*.xlsx")))
    if not workbooks:  # a year brought in by history import had no workbooks: its agencies that had to report
        workbooks = len(load_workspace_definition(open_workspace(explicit=root, year=year)).reporting)
    return {"expected": workbooks, "submitted": len(current), "on_time": sum(1 for _, day in first if day <= due),
            "completed": round(100 * done / applicable, 1), "ratios": ratios}


def test_the_store_holds_three_cycles(workspace):
    for year in YEARS:
        f = sql_year(workspace, year)
        assert 0 < f["submitted"] <= f["expected"]
    with store(workspace) as conn:
        kinds = conn.execute("""SELECT c.year, s.origin_kind, COUNT(*) FROM submissions s JOIN cycles c
                                ON c.id = s.cycle_id GROUP BY c.year, s.origin_kind ORDER BY c.year""").fetchall()
    assert [(y, k) for y, k, _ in kinds] == [(2023, "history"), (2024, "file"), (2025, "file")], kinds
    # the simulation improves from year to year
    assert sql_year(workspace, 2023)["completed"] < sql_year(workspace, 2025)["completed"]


def _sheet_rows(path: Path) -> list[list]:
    wb = openpyxl.load_workbook(path)
    assert "Xu hướng" in wb.sheetnames and wb.sheetnames[1] == "Xu hướng"
    return [list(r) for r in wb["Xu hướng"].iter_rows(values_only=True)]


def test_trends_sheet_against_the_store(workspace):
    data, path = workspace_consolidate(open_workspace(explicit=workspace, year=2025))
    rows = _sheet_rows(path)
    head = rows[2]
    assert head[2:5] == ["Năm 2023", "Năm 2024", "Năm 2025"] and head[5] == "2025 so với 2024"
    by_label = {r[0]: r for r in rows[3:40] if r[0]}
    for i, year in enumerate(YEARS):
        f = sql_year(workspace, year)
        assert by_label["Số đơn vị phải báo cáo"][2 + i] == f["expected"]
        assert by_label["Số đơn vị đã có biểu hợp lệ"][2 + i] == f["submitted"]
        assert by_label["  trong đó: nộp đúng hạn"][2 + i] == f["on_time"]
        rate = by_label["Tỷ lệ hoàn thành (đúng hạn và chậm hạn)"][2 + i]
        assert round(100 * rate, 1) == f["completed"]
    change = by_label["Tỷ lệ hoàn thành (đúng hạn và chậm hạn)"][5]
    rate = by_label["Tỷ lệ hoàn thành (đúng hạn và chậm hạn)"]
    assert change == pytest.approx(round(100 * (rate[4] - rate[3]), 1))
    # the indicators: each ratio's city figure per year is Σ numerators / Σ denominators
    results = {r[0].split(":")[0]: r for r in rows if r[0] and r[1] == "Kết quả"}
    checked = 0
    for i, year in enumerate(YEARS):
        for code, (num, den) in sql_year(workspace, year)["ratios"].items():
            assert results[code][2 + i] == pytest.approx(num / den)
            checked += 1
    assert checked >= 3 * 10
    # the current cycle's own figures are unchanged by the new sheet
    assert data["overall"]["rates"]["completed"] == sql_year(workspace, 2025)["completed"]
    # consolidate --json carries the same trends
    assert [y["year"] for y in data["trends"]["years"]] == YEARS
    for y in data["trends"]["years"]:
        f = sql_year(workspace, y["year"])
        assert (y["completion_rate"], y["agencies"]["submitted"], y["agencies"]["on_time"]) == (
            f["completed"], f["submitted"], f["on_time"])


def test_no_trends_sheet_with_one_cycle(workspace):
    _data, path = workspace_consolidate(open_workspace(explicit=workspace, year=2023))
    assert "Xu hướng" not in openpyxl.load_workbook(path, read_only=True).sheetnames


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _change(a: float, b: float) -> str:
    diff = round(b - a, 1)
    if diff == 0:
        return f"không thay đổi ({format_percent(b)})"
    return (f"{'tăng' if diff > 0 else 'giảm'} {format_number(abs(diff))} điểm phần trăm "
            f"(từ {format_percent(a)} {'lên' if diff > 0 else 'xuống'} {format_percent(b)})")


def test_city_report_compares_with_last_year(workspace):
    ws = open_workspace(explicit=workspace, year=2025)
    result = workspace_reports(ws)
    text = _text(result.documents[0].path)
    before, now = sql_year(workspace, 2024), sql_year(workspace, 2025)
    assert f"So với năm 2024: tỷ lệ hoàn thành chung {_change(before['completed'], now['completed'])}" in text
    assert (f"số đơn vị đã gửi báo cáo {now['submitted']}/{now['expected']} (năm 2024: "
            f"{before['submitted']}/{before['expected']}), đúng hạn {now['on_time']} (năm 2024: "
            f"{before['on_time']})") in text
    assert "So với năm 2024, kết quả các chỉ tiêu của thành phố:" in text
    definition = load_workspace_definition(ws)
    texts = {x.code: x.text for x in definition.programme.indicators}
    both = set(before["ratios"]) & set(now["ratios"])
    assert both
    for code in both:
        a = round(100 * before["ratios"][code][0] / before["ratios"][code][1], 1)
        b = round(100 * now["ratios"][code][0] / now["ratios"][code][1], 1)
        line = f"- {texts[code].rstrip('.')}: năm 2025 đạt {format_percent(b)}, so với năm 2024 {_change(a, b)}."
        assert line in text, line
    assert "So với năm 2024, tỷ lệ hoàn thành của nhóm" in text  # the groups of tasks


def sql_agency(root: Path, year: int, agency: str) -> dict | None:
    """One agency's figures of one cycle by SQL: its completion rate and its ratios; None without an
    accepted submission."""
    with store(root) as conn:
        (cid,) = conn.execute("SELECT id FROM cycles WHERE year = ?", (year,)).fetchone()
        row = conn.execute(
            """SELECT id FROM submissions WHERE cycle_id = ? AND agency = ? AND outcome IN ('accepted', 'warnings')
               AND superseded_by IS NULL""", (cid, agency)).fetchone()
        if row is None:
            return None
        statuses = dict(conn.execute(
            """SELECT value, COUNT(*) FROM answers WHERE submission_id = ? AND kind = 'task' AND field = 'status'
               GROUP BY value""", row).fetchall())
        values = conn.execute(
            """SELECT code, field, CAST(value AS REAL) FROM answers WHERE submission_id = ? AND kind = 'indicator'
               AND field IN ('numerator', 'denominator') AND value IS NOT NULL""", row).fetchall()
    pairs: dict[str, dict[str, float]] = {}
    for code, name, value in values:
        pairs.setdefault(code, {})[name] = value
    applicable = sum(n for v, n in statuses.items() if v != '"not_applicable"')
    return {"completed": round(100 * statuses.get('"done"', 0) / applicable, 1) if applicable else None,
            "ratios": {c: round(100 * p["numerator"] / p["denominator"], 1) for c, p in pairs.items()
                       if len(p) == 2 and p["denominator"] > 0}}


def test_agency_report_compares_with_last_year(workspace):
    """An agency's own report compares its completion and its indicators with its previous cycle."""
    ws = open_workspace(explicit=workspace, year=2025)
    definition = load_workspace_definition(ws)
    texts = {x.code: x.text for x in definition.programme.indicators}
    both = [code for code in definition.reporting
            if sql_agency(workspace, 2024, code) and sql_agency(workspace, 2025, code)
            and set(sql_agency(workspace, 2024, code)["ratios"]) & set(sql_agency(workspace, 2025, code)["ratios"])]
    assert both
    code = both[0]
    result = workspace_reports(ws, agencies=[code])
    text = _text(next(d.path for d in result.documents if d.kind == "agency"))
    before, now = sql_agency(workspace, 2024, code), sql_agency(workspace, 2025, code)
    assert f"So với năm 2024: tỷ lệ hoàn thành nhiệm vụ của đơn vị {_change(before['completed'], now['completed'])}" \
        in text
    assert "So với năm 2024, kết quả các chỉ tiêu của đơn vị:" in text
    for x in set(before["ratios"]) & set(now["ratios"]):
        a, b = before["ratios"][x], now["ratios"][x]
        line = f"- {texts[x].rstrip('.')}: năm 2025 đạt {format_percent(b)}, so với năm 2024 {_change(a, b)}."
        assert line in text, line
    # in the first cycle there is nothing to compare with
    first = workspace_reports(open_workspace(explicit=workspace, year=2023), agencies=[code])
    assert "So với năm" not in _text(next(d.path for d in first.documents if d.kind == "agency"))


def test_first_cycle_report_has_no_comparison(workspace):
    result = workspace_reports(open_workspace(explicit=workspace, year=2023))
    assert "So với năm" not in _text(result.documents[0].path)


def test_review_report_against_the_store(workspace):
    ws = open_workspace(explicit=workspace)
    result = write_review(ws, 2023, 2025)
    (doc,) = result.documents
    assert doc.kind == "review" and doc.path.name == "bao-cao-so-ket-17-CTr-TU-2023-2025.docx"
    text = _text(doc.path)
    assert "sơ kết 3 năm thực hiện Chương trình hành động số 17-CTr/TU" in text
    for year in YEARS:
        f = sql_year(workspace, year)
        row = next(line for line in text.splitlines() if line.startswith(f"{year} | "))
        cells = row.split(" | ")
        assert cells[1] == f"{f['submitted']}/{f['expected']}"
        assert cells[2] == str(f["on_time"])
        assert cells[10] == format_percent(f["completed"])
    first, last = sql_year(workspace, 2023), sql_year(workspace, 2025)
    assert f"- Từ năm 2023 đến năm 2025, tỷ lệ hoàn thành chung {_change(first['completed'], last['completed'])}." \
        in text
    # the indicators' progress: every ratio's figures of the three years in its row
    definition = load_workspace_definition(ws)
    for x in definition.programme.indicators:
        if x.kind != IndicatorKind.RATIO:
            continue
        row = next(line for line in text.splitlines() if f" | {x.text} | " in line)
        for year in YEARS:
            ratio = sql_year(workspace, year)["ratios"].get(x.code)
            if ratio:
                assert f"{year}: {format_percent(100 * ratio[0] / ratio[1])}" in row


def test_report_from_to_on_the_command_line(workspace):
    run = lambda *a: CliRunner().invoke(cli, ["-w", str(workspace), *a], catch_exceptions=False)  # noqa: E731
    out = run("report", "--from", "2024", "--to", "2025", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [d["kind"] for d in data["documents"]] == ["review"]
    assert Path(data["documents"][0]["path"]).name == "bao-cao-so-ket-17-CTr-TU-2024-2025.docx"
    bad = run("report", "--from", "2025", "--to", "2023")
    assert bad.exit_code != 0 and "Năm bắt đầu (2025) phải không sau năm kết thúc (2023)" in bad.output
    none = run("report", "--from", "2010", "--to", "2012")
    assert none.exit_code != 0 and "Không có kỳ báo cáo nào từ năm 2010 đến năm 2012" in none.output
    mixed = run("report", "--from", "2023", "--all-agencies")
    assert mixed.exit_code != 0 and "không đi kèm --agency" in mixed.output


def _indicator(**kw) -> Indicator:
    base = {"code": "X", "text": "x", "unit": "%", "kind": IndicatorKind.RATIO, "target": Target(TargetOp.GE, 90),
            "year": 2025}
    return Indicator(**{**base, **kw})


def test_target_path_is_linear_from_the_first_figure():
    years = [2022, 2023, 2024, 2025, 2026]
    path = target_path(_indicator(), (2023, 60.0), years)
    assert path == {2022: None, 2023: 60.0, 2024: 75.0, 2025: 90.0, 2026: 90.0}
    assert on_track(_indicator(), (2023, 60.0), 76.0, path[2024]) is True
    assert on_track(_indicator(), (2023, 60.0), 74.9, path[2024]) is False


def test_target_path_of_yearly_ranges_and_late_starts():
    years = [2023, 2024]
    yearly = _indicator(yearly=True, target=Target(TargetOp.BETWEEN, min=3, max=4))
    assert target_path(yearly, (2023, 2.0), years) == {2023: 3.0, 2024: 3.0}
    assert on_track(yearly, (2023, 2.0), 3.5, 3.0) is True
    assert target_path(_indicator(year=2023), (2024, 50.0), [2024, 2025]) == {2024: 90.0, 2025: 90.0}
    assert target_path(_indicator(), None, [2024, 2025]) == {2024: None, 2025: 90.0}
    down = _indicator(target=Target(TargetOp.LE, 5), year=2025)
    path = target_path(down, (2023, 15.0), [2023, 2024, 2025])
    assert path == {2023: 15.0, 2024: 10.0, 2025: 5.0}
    assert on_track(down, (2023, 15.0), 9.0, 10.0) is True and on_track(down, (2023, 15.0), 11.0, 10.0) is False
    assert target_path(_indicator(kind=IndicatorKind.YESNO, target=Target(TargetOp.EQ, 1)), None, [2024]) == {
        2024: None}


def test_an_earlier_cycle_of_the_example_is_valid(workspace):
    """The wards created on 1/7/2025 are in the registry already: in the 2023 cycle they are not yet
    members of their groups (not "routed to nobody"), and the quận ủy of 2023 report instead."""
    definition = load_workspace_definition(open_workspace(explicit=workspace, year=2023))
    assert definition.ok, [p.code for p in definition.problems if p.severity.value == "error"][:5]
    assert not any(p.code == "def.routes_to_nobody" for p in definition.problems)
    assert len(definition.reporting) == 23 and not any(c.startswith("DU-X-") for c in definition.reporting)


def test_simulated_indicators_are_near_their_targets(workspace):
    """The demo's figures (by SQL): each ratio's city figure lies around its target's level — a 3–4 %
    target reads about 3 %, not 90 % — and the earlier years are lower on the whole."""
    definition = load_workspace_definition(open_workspace(explicit=workspace, year=2025))
    levels = {}
    for x in definition.programme.indicators:
        if x.kind == IndicatorKind.RATIO and x.target is not None:
            levels[x.code] = (x.target.min + x.target.max) / 2 if x.target.op == TargetOp.BETWEEN else x.target.value
    assert any(level < 10 for level in levels.values())  # the example has low targets (3–4 %)
    totals = {}
    for year in YEARS:
        shares = []
        for code, (num, den) in sql_year(workspace, year)["ratios"].items():
            share = 100 * num / den / levels[code]
            assert 0.45 <= share <= 1.15, (year, code, share)
            shares.append(share)
        totals[year] = sum(shares) / len(shares)
    assert totals[2023] < totals[2024] < totals[2025]


def test_indicator_answer_around_the_target():
    import random

    from ctrxl.demo.simulate import TODAY_TARGET, indicator_answer, target_level

    assert target_level("3–4%") == 3.5 and target_level("≥ 90%") == 90 and target_level("≥ 1,5 chi bộ") == 1.5
    assert target_level("Đạt") is None and target_level("") is None
    for seed in range(200):
        rng = random.Random(seed)
        low = indicator_answer("ratio", "3–4%", rng, TODAY_TARGET, 0.5)
        if low:
            assert 2.2 <= 100 * low["numerator"] / low["denominator"] <= 4.1, low
        full = indicator_answer("ratio", "= 100%", rng, TODAY_TARGET, 0.5)
        if full:
            assert full["numerator"] <= full["denominator"]
            assert full["numerator"] >= 0.68 * full["denominator"]
        assert 7 <= indicator_answer("count", "≥ 10 chi bộ", rng, TODAY_TARGET, 0.5)["value"] <= 11
    assert indicator_answer("ratio", "3–4%", random.Random(5), TODAY_TARGET, 0.5) == indicator_answer(
        "ratio", "3–4%", random.Random(5), TODAY_TARGET, 0.5)  # deterministic
