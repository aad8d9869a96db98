"""``ctrxl demo``: the whole cycle on the bundled example, checked stage by stage.

The demo runs once for the module (≈ 30 s; those tests are marked ``slow``). The expected figures are derived from the rules of
``ctrxl.demo.simulate.simulate_returns`` (its docstring), applied to the workbooks in generate's
order, not copied from a run.
"""
from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from ctrxl import clock
from ctrxl.cli import cli
from ctrxl.demo.run import STARTED, run_demo

YEAR = clock.today().year  # the demo is today's cycle
SYMBOL_YEAR = f"17-CTr-TU-{YEAR}"
AGENCIES = 106  # agencies with work in programme 17-CTr/TU (check says "106 đơn vị báo cáo")


def kinds(*wanted: int) -> int:
    """How many workbooks have a position ``n`` with ``n % 10`` in ``wanted``."""
    return len([n for n in range(AGENCIES) if n % 10 in wanted])


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def expected_states(n_workbooks: int) -> list[str]:
    """The state ``status`` should give the agency of the n-th workbook, by the simulation's rules."""
    states, zipped = [], 0
    for n in range(n_workbooks):
        kind = n % 10
        if kind == 9:
            states.append("missing")
        elif kind == 5:
            states.append("rejected")  # sent once, with mistakes
        elif kind == 2 and zipped < 3:
            zipped += 1
            states.append("on_time")  # the zip is saved on 12/12, before the due date
        else:
            states.append("late" if n % 8 == 6 else "on_time")
    return states


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("demo") / "d"
    result = run("demo", str(root))
    assert result.exit_code == 0, result.output
    return root, result.output


@pytest.fixture(scope="module")
def workbooks(demo) -> list[Path]:
    return sorted((demo[0] / "output" / f"bieu-mau-{SYMBOL_YEAR}").glob("*.xlsx"))


@pytest.mark.slow
def test_demo_runs_on_example(demo):
    output = demo[1]
    assert "62 nhiệm vụ" in output and "Không có lỗi." in output
    for stage in ("init", "check", "generate", "send --dry-run", "simulate", "collect", "status", "consolidate",
                  "report"):
        assert f"== {stage} ==" in output
    assert output.rstrip().endswith(f"Xong. Thư mục làm việc: {demo[0]}")


@pytest.mark.slow
def test_files_of_every_stage(demo, workbooks):
    root = demo[0]
    out = root / "output"
    assert len(workbooks) == AGENCIES
    assert [p.name[:4] for p in workbooks] == [f"{n:03d} " for n in range(1, AGENCIES + 1)]
    assert (out / f"ma-tran-phan-cong-{SYMBOL_YEAR}.xlsx").is_file()
    # send --dry-run: one message per agency (every agency of the example has an address)
    assert len(list((root / "outbox").glob("*.eml"))) == AGENCIES
    # simulate: 10 agencies send nothing, 10 send twice, three files travel in one zip
    inbox = sorted(p.name for p in (root / "inbox").iterdir())
    assert len(inbox) == AGENCIES - kinds(9) + kinds(7) - 3 + 1
    (zip_name,) = [n for n in inbox if n.endswith(".zip")]
    with zipfile.ZipFile(root / "inbox" / zip_name) as zf:
        assert sorted(i.filename[:3] for i in zf.infolist()) == ["003", "013", "023"]
    assert sorted(n[:3] for n in inbox if n.endswith(".ods")) == ["002", "012"]  # kind 1, n < 20
    assert len([n for n in inbox if n.endswith(".eml")]) == kinds(4)
    # collect: a receipt for every file rejected (5, and 7's first try) or accepted with warnings (3)
    assert len(list((out / f"phieu-phan-hoi-{SYMBOL_YEAR}").iterdir())) == kinds(5, 7) + kinds(3)
    # consolidate and report
    assert (out / f"tong-hop-{SYMBOL_YEAR}.xlsx").is_file()
    reports = out / f"bao-cao-{SYMBOL_YEAR}"
    city = reports / "bao-cao-tong-hop.docx"
    assert "17-CTr/TU" in "\n".join(p.text for p in Document(city).paragraphs)
    (agency_report,) = (reports / "don-vi").glob("*.docx")
    assert agency_report.stem == workbooks[0].stem.split(" - ", 1)[1]  # the first agency that sent
    if shutil.which("soffice") or os.environ.get("CI"):  # .ci/run installs LibreOffice
        for doc in (city, agency_report):
            assert doc.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.slow
def test_collect_counts_in_the_output(demo):
    rejected, warned = kinds(5, 7), kinds(3)
    files = AGENCIES - kinds(9) + kinds(7)  # the zip is a container, not counted
    assert (f"Đã xử lý {files} tệp: {files - rejected - warned} hợp lệ, {warned} hợp lệ có lưu ý, "
            f"{rejected} không hợp lệ, 0 trùng, 0 cách ly.") in demo[1]


@pytest.mark.slow
def test_status_and_consolidate_agree_with_the_simulation(demo, workbooks):
    root = demo[0]
    states = expected_states(len(workbooks))
    counts = {s: states.count(s) for s in ("on_time", "late", "rejected", "missing")}
    assert counts == {"on_time": 73, "late": 12, "rejected": 11, "missing": 10}  # the rules, worked out by hand

    status = run("-w", str(root), "status", "--json")
    assert status.exit_code == 0, status.output
    data = json.loads(status.output)
    assert data["counts"] == {**counts, "expected": AGENCIES}
    state_of = {a["name"]: a["state"] for a in data["agencies"]}
    assert [state_of[p.stem.split(" - ", 1)[1]] for p in workbooks] == states
    for a in data["agencies"]:
        assert (a["file"] is None) == (a["state"] == "missing"), a
        assert (a["days_late"] or 0) > 0 if a["state"] == "late" else not a["days_late"], a

    cons = run("-w", str(root), "consolidate", "--json")
    assert cons.exit_code == 0, cons.output
    figures = json.loads(cons.output)
    assert figures["submissions"]["counts"] == data["counts"]
    assert len(figures["per_agency"]) == AGENCIES and len(figures["per_task"]) == 62
    assert len(figures["indicators"]) == 20
    assert Path(figures["path"]) == root / "output" / f"tong-hop-{SYMBOL_YEAR}.xlsx"
    overall = figures["overall"]["counts"]
    assert sum(overall.values()) > 0
    # the text line of the demo says the same
    accepted = counts["on_time"] + counts["late"]
    assert f"Đã tổng hợp {accepted}/{AGENCIES} đơn vị" in demo[1]


def test_run_demo_stops_after_a_failed_check(mini_ws, write):
    write("programme.yaml", (mini_ws / "programme.yaml").read_text(encoding="utf-8").replace(
        "lead: [BTGTU]", "lead: [KHONG-CO]"))
    seen: list[tuple[str, bool]] = []
    result = run_demo(mini_ws, on_stage=lambda stage, r: seen.append((stage, r is STARTED)))
    assert not result.ok and not result.definition.ok
    assert result.stages == ["init", "check"] and result.generated is None
    assert seen == [("init", True), ("init", False), ("check", True), ("check", False)]
    assert any("KHONG-CO" in line for line in result.check_lines)
    assert not (mini_ws / "output").exists()


def test_next_year_shows_the_demo_answers(demo, tmp_path):
    """demo → cycle new → generate: every new workbook shows that agency's previous answers (read back and
    compared with the store); a one-off task done this year is marked and needs no new answer."""
    from ctrxl.store import Store
    from ctrxl.workbook import layout as L
    from ctrxl.workbook.previous import earlier_answers, indicator_text
    from ctrxl.workbook.reader import agreed_identity, read_workbook

    root = tmp_path / "d"
    shutil.copytree(demo[0], root)  # the other demo tests keep their workspace
    assert run("-w", str(root), "cycle", "new", str(YEAR + 1)).exit_code == 0
    result = run("-w", str(root), "generate", "--json")
    assert result.exit_code == 0, result.output
    books = [Path(w["path"]) for w in json.loads(result.output)["workbooks"]]
    with Store(root / "ctrxl.sqlite", readonly=True) as store:
        history = earlier_answers(store, "17-CTr/TU", YEAR + 1)  # the demo's cycle and its earlier ones
    assert [y for y, _ in history] == [YEAR, YEAR - 1, YEAR - 2, YEAR - 3] and all(a for _, a in history)
    kinds = {x["code"]: x["kind"] for x in json.loads(run("-w", str(root), "check", "--json").output)["indicators"]}
    seen_done = seen_status = seen_value = 0
    for path in books:
        content = read_workbook(path)
        agency = agreed_identity(content.identity)[0]["agency"]
        # the agency's latest cycle with an accepted submission gives the columns
        mine = next((a[agency] for _, a in history if agency in a), {})
        for code, row in content.tasks.rows.items():
            ans = mine.get(("task", code), {})
            shown = row["previous_status"].value or ""
            if shown.startswith("Đã hoàn thành năm "):  # a one-off task completed in that earlier year
                done = int(shown.rsplit(" ", 1)[1])
                dans = dict(history)[done][agency][("task", code)]
                assert dans["status"] == "done" and row["status"].value == L.STATUS_LABELS[L.Status.DONE]
                assert (row["previous_result"].value or "") == (dans.get("results") or "")
                seen_done += 1
            elif not ans.get("status"):
                assert shown == "", (agency, code)
            else:
                assert shown.startswith(L.STATUS_LABELS[L.Status(ans["status"])]), (agency, code, shown)
                assert (row["previous_result"].value or "") == (ans.get("results") or "")
                seen_status += 1
        for code, row in (content.indicators.rows if content.indicators else {}).items():
            want = indicator_text(kinds[code], mine.get(("indicator", code), {}))
            assert (row["previous_value"].value or "") == want, (agency, code)
            seen_value += bool(want)
    assert seen_done and seen_status and seen_value


@pytest.mark.slow
def test_demo_has_three_earlier_cycles(demo):
    """The demo runs today's cycle after three earlier ones, collected into the store: the cycles are
    listed with their returns, the consolidation compares them, the review report covers them."""
    import openpyxl

    root, output = demo
    for year in range(YEAR - 3, YEAR):
        assert f"Kỳ báo cáo năm {year}:" in output
    cycles = json.loads(run("-w", str(root), "cycle", "list", "--json").output)["cycles"]
    assert [c["year"] for c in cycles] == [YEAR, YEAR - 1, YEAR - 2, YEAR - 3]
    assert all(c["accepted"] > 0 for c in cycles)
    book = openpyxl.load_workbook(root / "output" / f"tong-hop-{SYMBOL_YEAR}.xlsx", read_only=True)
    assert book.sheetnames[:2] == ["Tổng quan", "Xu hướng"]
    assert (root / "output" / f"bao-cao-so-ket-17-CTr-TU-{YEAR - 3}-{YEAR}.docx").is_file()
    city = Document(str(root / "output" / f"bao-cao-{SYMBOL_YEAR}" / "bao-cao-tong-hop.docx"))
    assert any(p.text.startswith(f"So với năm {YEAR - 1}: tỷ lệ hoàn thành chung") for p in city.paragraphs)
