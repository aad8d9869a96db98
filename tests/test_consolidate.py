"""status and consolidate on a small hand-computed case: every figure asserted, in the JSON and the cells.

3 agencies (A on time, B late, C missing) × 6 tasks × 2 indicators, with a lead/coordinator
disagreement, an unreported indicator and a real 0. Expected figures worked out by hand below.
"""
import datetime as dt
import json
import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from ctrxl.cli import cli
from ctrxl.workbook import layout as L

REGISTRY = """
groups:
  - code: ALL
    name: Các đơn vị
agencies:
  - code: A
    name: Ban Tổ chức Thành ủy
    groups: [ALL]
    emails: [a@example.org]
  - code: B
    name: Đảng ủy phường Hải Châu
    groups: [ALL]
    emails: [b@example.org]
  - code: C
    name: Đảng ủy xã Hòa Vang
    groups: [ALL]
    emails: [c@example.org]
"""
PROGRAMME = """
programme:
  symbol: 17-CTr/TU
  title: Chương trình thử
  issue_date: 16/8/2022
tasks:
  - {code: T1, text: "Nhiệm vụ một & <đặc biệt>", lead: [A], coordinate: [B], deadline: trước ngày 30/6/2025}
  - {code: T2, text: Nhiệm vụ hai, execute: [ALL], deadline: (thực hiện thường xuyên)}
  - {code: T3, text: Nhiệm vụ ba, execute: [ALL], deadline: (năm 2024)}
  - {code: T4, text: Nhiệm vụ bốn, execute: [ALL], deadline: (thực hiện hằng năm)}
  - {code: T5, text: Nhiệm vụ năm, lead: [B], coordinate: [C], deadline: (năm 2026)}
  - {code: T6, text: Nhiệm vụ sáu, execute: [ALL]}
indicators:
  - {code: I1, text: Tỷ lệ tổ chức đảng hoàn thành tốt, kind: ratio, unit: "%", target: {op: ">=", value: 90},
     year: 2025, numerator: Số đạt, denominator: Tổng số, reporters: [ALL]}
  - {code: I2, text: Số chi bộ thành lập mới, kind: count, unit: chi bộ, target: {op: ">=", value: 10},
     year: 2025, reporters: [ALL]}
"""
CONFIG = """
[cycle]
year = 2025
due = "15/12/2025"
period_start = "15/12/2024"
period_end = "14/12/2025"
recipient = "A"
"""
DONE, CONT, PROG, NOT, NA = (L.STATUS_LABELS[s] for s in (L.Status.DONE, L.Status.CONTINUING, L.Status.IN_PROGRESS,
                                                          L.Status.NOT_STARTED, L.Status.NOT_APPLICABLE))
ANSWERS = {
    "A": {"T1": (DONE, dt.datetime(2025, 6, 20)), "T2": (CONT, None), "T3": (DONE, dt.datetime(2025, 3, 15)),
          "T4": (PROG, None), "T6": (NOT, None)},
    "B": {"T1": (NOT, None), "T2": (PROG, None), "T3": (NOT, None), "T4": (DONE, dt.datetime(2025, 12, 1)),
          "T5": (PROG, None), "T6": (NA, None)},
}
INDICATORS = {"A": {"I1": (45, 50), "I2": 0}, "B": {"I1": (None, None), "I2": 12}}
SUBMITTED = {"A": dt.datetime(2025, 12, 10, 9), "B": dt.datetime(2025, 12, 17, 9)}

EXPECTED = {
    # T4 is yearly and A reports it "Đang thực hiện": thường xuyên, đang thực hiện — never overdue
    "A": {"done_on_time": 1, "done_late": 1, "in_progress": 0, "overdue": 0, "continuous": 2, "not_started": 1,
          "not_applicable": 0, "not_reported": 0},
    "B": {"done_on_time": 1, "done_late": 0, "in_progress": 1, "overdue": 2, "continuous": 1, "not_started": 0,
          "not_applicable": 1, "not_reported": 0},
    "C": {"done_on_time": 0, "done_late": 0, "in_progress": 0, "overdue": 0, "continuous": 0, "not_started": 0,
          "not_applicable": 0, "not_reported": 5},
}
OVERALL = {"done_on_time": 2, "done_late": 1, "in_progress": 1, "overdue": 2, "continuous": 3, "not_started": 1,
           "not_applicable": 1, "not_reported": 5}


def _fill(src: Path, dst: Path, agency: str) -> None:
    wb = openpyxl.load_workbook(src)
    col = {c.key: i + 1 for i, c in enumerate(L.TASK_COLUMNS)}
    s = wb[L.SHEET_TASKS]
    for r in range(L.HEADER_ROW + 1, s.max_row + 1):
        code = s.cell(r, col["task_code"]).value
        if code in ANSWERS[agency]:
            status, day = ANSWERS[agency][code]
            s.cell(r, col["status"]).value = status
            s.cell(r, col["completed_on"]).value = day
            if status == NOT:
                s.cell(r, col["difficulties"]).value = f"Khó khăn của {agency} về {code}"
                s.cell(r, col["proposals"]).value = f"Đề xuất của {agency} về {code}"
    icol = {c.key: i + 1 for i, c in enumerate(L.INDICATOR_COLUMNS)}
    i = wb[L.SHEET_INDICATORS]
    for r in range(L.HEADER_ROW + 1, i.max_row + 1):
        code = i.cell(r, icol["indicator_code"]).value
        if code == "I1":
            i.cell(r, icol["numerator"]).value, i.cell(r, icol["denominator"]).value = INDICATORS[agency]["I1"]
        elif code == "I2":
            i.cell(r, icol["value"]).value = INDICATORS[agency]["I2"]
    a = wb[L.SHEET_ASSESSMENT]
    for r in range(1, a.max_row + 1):
        if a.cell(r, 1).value:
            a.cell(r, 3).value = {"report_date": dt.datetime(2025, 12, 9), "phone": "0905000000"}.get(
                a.cell(r, 1).value, f"{agency}: {a.cell(r, 1).value}")
    wb.save(dst)
    ts = SUBMITTED[agency].timestamp()
    os.utime(dst, (ts, ts))


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    ws = tmp_path_factory.mktemp("hand")
    (ws / "ctrxl.toml").write_text(CONFIG, encoding="utf-8")
    (ws / "programme.yaml").write_text(PROGRAMME, encoding="utf-8")
    (ws / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    run = CliRunner().invoke(cli, ["-w", str(ws), "generate", "--json"])
    assert run.exit_code == 0, run.output
    paths = {w["agency"]: Path(w["path"]) for w in json.loads(run.output)["workbooks"]}
    (ws / "inbox").mkdir(exist_ok=True)
    for agency in ("A", "B"):
        _fill(paths[agency], ws / "inbox" / f"{agency}.xlsx", agency)
    run = CliRunner().invoke(cli, ["-w", str(ws), "collect", "--json"])
    outcomes = {f["agency"]: f["outcome"] for f in json.loads(run.output)["files"]}
    assert outcomes == {"A": "accepted", "B": "accepted"}, run.output
    status = json.loads(CliRunner().invoke(cli, ["-w", str(ws), "status", "--json"]).output)
    cons = CliRunner().invoke(cli, ["-w", str(ws), "consolidate", "--json"])
    assert cons.exit_code == 0, cons.output
    return ws, status, json.loads(cons.output)


def test_status(cycle):
    ws, status, _ = cycle
    by = {a["code"]: a for a in status["agencies"]}
    assert {c: a["state"] for c, a in by.items()} == {"A": "on_time", "B": "late", "C": "missing"}
    assert by["B"]["days_late"] == 2 and by["A"]["days_late"] is None
    assert status["counts"] == {"on_time": 1, "late": 1, "rejected": 0, "missing": 1, "expected": 3}
    assert [a["name"] for a in status["agencies"]] == ["Ban Tổ chức Thành ủy", "Đảng ủy phường Hải Châu",
                                                       "Đảng ủy xã Hòa Vang"]
    text = CliRunner().invoke(cli, ["-w", str(ws), "status"]).output
    assert "3 đơn vị: 1 đúng hạn, 1 chậm hạn, 0 phải gửi lại, 1 chưa nộp" in text
    assert "Đã nộp, chậm hạn (2 ngày)" in text


def test_task_statistics(cycle):
    _, _, data = cycle
    per_agency = {x["agency"]: x["counts"] for x in data["per_agency"]}
    assert per_agency == EXPECTED
    assert data["overall"]["counts"] == OVERALL
    for key in OVERALL:  # totals equal the sum of their parts
        assert sum(c[key] for c in per_agency.values()) == OVERALL[key]
        assert sum(t["counts"][key] for t in data["per_task"]) == OVERALL[key]
    assert data["overall"]["rates"]["completed"] == 30.0  # 3 completed of 10 applicable
    assert data["overall"]["rates"]["overdue"] == 20.0
    per_task = {t["task"]: t["counts"] for t in data["per_task"]}
    assert per_task["T1"]["done_on_time"] == 1 and per_task["T1"]["overdue"] == 1
    assert per_task["T5"] == {**{k: 0 for k in OVERALL}, "in_progress": 1, "not_reported": 1}


def test_disagreement(cycle):
    _, _, data = cycle
    assert data["disagreements"] == [{"task": "T1", "lead": "A", "lead_status": "done",
                                      "coordinator": "B", "coordinator_status": "not_started"}]


def test_indicators(cycle):
    _, _, data = cycle
    ind = {x["code"]: x for x in data["indicators"]}
    i1 = ind["I1"]
    assert i1["city"] == {"reported": 1, "expected": 3, "numerator": 45, "denominator": 50, "value": 90.0,
                          "verdict": "met"}
    rows = {r["agency"]: r for r in i1["agencies"]}
    assert rows["B"]["has_data"] is False and rows["B"]["verdict"] == "no_data"  # blank: not reported
    assert rows["C"]["reported"] is False
    i2 = ind["I2"]
    assert i2["city"]["value"] == 12 and i2["city"]["reported"] == 2 and i2["city"]["verdict"] == "exceeded"
    a = {r["agency"]: r for r in i2["agencies"]}["A"]
    assert a["value"] == 0 and a["has_data"] is True and a["verdict"] == "missed"  # a real zero


def test_consolidated_workbook_cells(cycle):
    ws, _, data = cycle
    wb = CalamineWorkbook.from_path(data["path"])
    assert wb.sheet_names == ["Tổng quan", "Ma trận tình trạng", "Theo đơn vị", "Theo nhiệm vụ", "Chỉ tiêu",
                              "Dữ liệu chi tiết", "Khó khăn - đề xuất", "Theo dõi nộp"]
    overview = wb.get_sheet_by_name("Tổng quan").to_python()
    figures = {row[0]: row[1:] for row in overview if row and isinstance(row[0], str)}
    assert figures["Hoàn thành đúng hạn"][0] == 2 and figures["Quá hạn, chưa hoàn thành"][0] == 2
    assert figures["Tổng số lượt đã báo cáo"][0] == 11
    # rates are stored as fractions with a percent format (30% is 0.3, the same in every locale)
    assert figures["Tỷ lệ hoàn thành (đúng hạn và chậm hạn)"][1] == pytest.approx(0.3)
    assert figures["Đã nộp đúng hạn"][0] == 1 and figures["Chưa nộp"][0] == 1
    agencies = wb.get_sheet_by_name("Theo đơn vị").to_python()
    b = next(r for r in agencies if r[1] == "Đảng ủy phường Hải Châu")
    assert b[2] == "Đã nộp, chậm hạn" and b[3:10] == [1, 0, 1, 2, 1, 0, 1] and b[12] == pytest.approx(0.2)
    tasks = wb.get_sheet_by_name("Theo nhiệm vụ").to_python()
    t1 = next(r for r in tasks if r[0] == "T1")
    assert t1[1] == "Nhiệm vụ một & <đặc biệt>"  # agency/programme text stays text
    assert t1[4] == DONE and t1[5] == f"Đảng ủy phường Hải Châu: {NOT}" and t1[-1] == "Có"
    ind = wb.get_sheet_by_name("Chỉ tiêu").to_python()
    city = next(r for r in ind if r[0] == "I1" and r[1])
    assert city[4:9] == ["1/3", 45, 50, pytest.approx(0.9), "đạt"]  # 45/50 as a fraction (percent format)
    answers = wb.get_sheet_by_name("Dữ liệu chi tiết").to_python()
    t3 = next(r for r in answers if r[0] == "Ban Tổ chức Thành ủy" and r[2] == "T3" and r[3] == "Ngày hoàn thành")
    assert t3[4] == "15/03/2025" and t3[5] == "A.xlsx" and t3[6] == L.SHEET_TASKS and t3[7].startswith("H")
    # a task's proposals carry the column's label, the assessment's its own item label (issue 16)
    proposals = {(r[1], r[2]): (r[3], r[4]) for r in answers if r[0] == "Đảng ủy phường Hải Châu"
                 and r[4] in ("Đề xuất của B về T1", "B: proposals")}
    assert proposals == {("Nhiệm vụ", "T1"): ("Đề xuất, kiến nghị", "Đề xuất của B về T1"),
                         ("Đánh giá", ""): ("5. Đề xuất, kiến nghị", "B: proposals")}
    difficulties = wb.get_sheet_by_name("Khó khăn - đề xuất").to_python()
    assert ["Đảng ủy phường Hải Châu", "Khó khăn", "T1", "Khó khăn của B về T1"] in difficulties
    # the reference date of the figures, on every sheet (docs/status-rules.md)
    assert data["reference_date"] == "2025-12-15"
    for name in wb.sheet_names:  # row 2; the matrix starts its title and note in B (column A repeats on print)
        assert "15/12/2025" in " ".join(str(v) for v in wb.get_sheet_by_name(name).to_python()[1][:2]), name


def test_consolidate_is_deterministic(cycle):
    ws, _, data = cycle
    first = Path(data["path"]).read_bytes()
    again = json.loads(CliRunner().invoke(cli, ["-w", str(ws), "consolidate", "--json"]).output)
    assert Path(again["path"]).read_bytes() == first


def _workbook_notes(path: Path) -> set[str]:
    book = CalamineWorkbook.from_path(str(path))
    return {str(book.get_sheet_by_name(n).to_python()[1][0] if n == "Tổng quan" else
                next(v for v in book.get_sheet_by_name(n).to_python()[1] if v)) for n in book.sheet_names}


@pytest.mark.parametrize("today, reference, kind", [
    (dt.date(2025, 12, 2), "2025-12-02", "today"),  # before the due date: today's figures, not yet complete
    (dt.date(2025, 12, 15), "2025-12-15", "due"),
    (dt.date(2026, 1, 20), "2025-12-15", "due"),
])
def test_reference_date_both_sides_of_due(cycle, tmp_path, today, reference, kind):
    """docs/status-rules.md R1/R2: the JSON names the date and its kind, every sheet and the city report
    state it; the figures of this case are the same on both sides (no task falls due between 2/12 and 15/12)."""
    from ctrxl.config.report import ReportSettings
    from ctrxl.definition.load import load_workspace_definition
    from ctrxl.report.context import city_context
    from ctrxl.store import open_store
    from ctrxl.track.stats import consolidate_figures
    from ctrxl.track.workbook import write_consolidated
    from ctrxl.workspace import open_workspace

    ws, _, _ = cycle
    definition = load_workspace_definition(open_workspace(explicit=ws))
    with open_store(open_workspace(explicit=ws), readonly=True) as store:  # open while used: answers read from it
        cons = consolidate_figures(definition, store, today=today)
        data = cons.to_json(definition)
        assert (data["reference_date"], data["reference"]) == (reference, kind)
        assert data["overall"]["counts"] == OVERALL
        assert {x["agency"]: x["counts"] for x in data["per_agency"]} == EXPECTED
        day = dt.date.fromisoformat(reference).strftime("%d/%m/%Y")
        notes = _workbook_notes(write_consolidated(definition, cons, tmp_path / "tong-hop.xlsx"))
        dated = [n for n in notes if "tính đến ngày" in n.lower()]
        assert dated and all(day in n for n in dated), notes
        assert all(("chưa đến hạn nộp 15/12/2025" in n) == (kind == "today") for n in dated), notes
        from ctrxl.report.context import agency_context

        summary = " ".join(agency_context(definition, cons, ReportSettings(), "A")["summary"])
        assert ("chưa đến hạn nộp ngày 15/12/2025" in summary) == (kind == "today"), summary
        leadership = city_context(definition, cons, ReportSettings())["leadership"][0]
        assert day in leadership
        assert ("chưa đến hạn nộp ngày 15/12/2025, số liệu chưa đầy đủ" in leadership) == (kind == "today")


def test_an_agencys_answers_are_its_share_of_the_citys(cycle):
    """``StoredAnswers.of_agency`` (what an agency report reads) gives the agency's answers of a kind as
    going through every answer and keeping its own would, in the same order; an agency without an
    accepted submission has none."""
    from ctrxl.definition.load import load_workspace_definition
    from ctrxl.store import open_store
    from ctrxl.track.stats import load_answers
    from ctrxl.workspace import open_workspace

    ws = open_workspace(cycle[0])
    definition = load_workspace_definition(ws)
    with open_store(ws, readonly=True) as store:
        answers, _files = load_answers(definition, store)
        for agency in ("A", "B"):
            for kind in ("task", "indicator", "assessment"):
                want = [(a.code, a.field, a.value) for a in answers.select((kind,)) if a.agency == agency]
                assert list(answers.of_agency(agency, kind)) == want
            assert len(list(answers.of_agency(agency, "task"))) > 5
        assert list(answers.of_agency("NOBODY", "task")) == []
