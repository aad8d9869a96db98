"""The generate benchmark's baseline writes the cells ctrxl's writer writes: its recorder sees every
write, whichever fast paths ``ctrxl.xlsxout.FastWorksheet`` takes (else the baseline gets weaker)."""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import xlsxwriter

from ctrxl.definition.load import load_definition
from ctrxl.model import Cycle
from ctrxl.vn import parse_date
from ctrxl.workbook import writer
from ctrxl.workbook.forms import Contact, build_forms
from ctrxl.xlsxout import TEXT_SAFE, FastWorksheet

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import record_cells, synthetic  # noqa: E402


def test_recorder_sees_every_write(tmp_path, monkeypatch):
    synthetic(tmp_path, 3, 12)
    definition = load_definition(tmp_path / "programme.yaml", tmp_path / "registry.yaml",
                                 Cycle(2025, parse_date("15/12/2025")))
    forms = build_forms(definition, Contact(office="Văn phòng", person="A", phone="1", email="a@example.org"))
    fast = [record_cells(form) for form in forms]
    overrides = set(FastWorksheet.__dict__)
    assert {"write_string", "write_blank"} <= overrides  # the fast paths this guards
    assert set(FastWorksheet.__dict__) == overrides  # put back after recording

    @contextlib.contextmanager
    def plain_workbook(path, **options):  # xlsxwriter's own classes, no fast path
        wb = xlsxwriter.Workbook(str(path), {**TEXT_SAFE, **options})
        yield wb
        wb.close()

    monkeypatch.setattr(writer, "atomic_workbook", plain_workbook)
    plain = [record_cells(form) for form in forms]
    assert fast == plain
    kinds = {method for calls in fast for _, method, *_ in calls}
    assert {"write_string", "write_blank", "write_formula"} <= kinds
    assert all(len(calls) > 12 * 8 for calls in fast)
