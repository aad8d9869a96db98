"""The generate benchmark's baseline writes the cells ctrxl's writer writes: its recorder sees every
write, whichever fast paths ``ctrxl.xlsxout.FastWorksheet`` takes (else the baseline gets weaker)."""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import openpyxl
import xlsxwriter

from ctrxl.definition.load import load_definition
from ctrxl.model import Cycle
from ctrxl.vn import parse_date
from ctrxl.workbook import writer
from ctrxl.workbook.forms import Contact, build_forms
from ctrxl.xlsxout import TEXT_SAFE, FastWorksheet

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import record_cells, synthetic  # noqa: E402


def _cells_in(path: Path) -> set[tuple[str, int, int]]:
    """Every cell of the saved workbook, 0-based, but the covered cells of a merged range (xlsxwriter
    writes them itself: the recorder sees the range's first cell)."""
    wb = openpyxl.load_workbook(path)
    cells = set()
    for ws in wb.worksheets:
        covered = {(r, c) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
                   for c in range(m.min_col, m.max_col + 1) if (r, c) != (m.min_row, m.min_col)}
        cells |= {(ws.title, r - 1, c - 1) for r, c in ws._cells if (r, c) not in covered}
    return cells


def test_recorder_sees_every_write(tmp_path, monkeypatch):
    synthetic(tmp_path, 3, 12)
    definition = load_definition(tmp_path / "programme.yaml", tmp_path / "registry.yaml",
                                 Cycle(2025, parse_date("15/12/2025")))
    forms = build_forms(definition, Contact(office="Văn phòng", person="A", phone="1", email="a@example.org"))
    overrides = set(FastWorksheet.__dict__)
    assert {"write_string", "write_blank"} <= overrides  # the fast paths this guards
    fast = [record_cells(form) for form in forms]
    assert set(FastWorksheet.__dict__) == overrides  # put back after recording
    for form, calls in zip(forms, fast, strict=True):  # every cell of the file was recorded, once
        path = writer.write_agency_workbook(form, tmp_path / f"{form.agency_code}.xlsx")
        recorded = [(sheet, row, col) for sheet, _, row, col, _ in calls]
        assert len(recorded) == len(set(recorded))
        assert set(recorded) == _cells_in(path)

    @contextlib.contextmanager
    def plain_workbook(path, **options):  # xlsxwriter's own classes, no fast path
        wb = xlsxwriter.Workbook(str(path), {**TEXT_SAFE, **options})
        yield wb
        wb.close()

    monkeypatch.setattr(writer, "atomic_workbook", plain_workbook)
    assert [record_cells(form) for form in forms] == fast
    kinds = {method for calls in fast for _, method, *_ in calls}
    assert {"write_string", "write_blank", "write_formula"} <= kinds
