"""The every-answer rows written by a second process (``ctrxl/track/ahead.py``) give the workbook the
parent alone gives, byte for byte; when the child fails, is killed or cannot be used, the parent writes
them itself, the same; when the parent fails, the child is ended and its files are gone.

Each consolidation runs in a fresh process (``ctrxl consolidate``, as an office runs it: the store's
read-only snapshot), so that no thread of the test runner keeps the child from being forked; the
hand-computed cycle of ``test_consolidate``, its answers over one sheet or, with Excel's rows lowered,
over several.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .test_consolidate import cycle  # noqa: F401  (the hand-computed cycle)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child is forked on Linux only")

SCRIPT = r"""
import os, signal, sys
from ctrxl.track import ahead as A, workbook as W
mode, ws, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
A.ENABLED = not mode.endswith("serial")
A.MIN_PROCESSORS = 1  # (a machine with one processor forks too, here)
if rows:
    W.MAX_ROWS = rows
parent = os.getpid()
real = W._answer_rows_into

def in_child(*args, **kwargs):
    if os.getpid() != parent:
        if mode == "child fails":
            raise RuntimeError("the child fails")
        if mode == "child killed":
            os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

W._answer_rows_into = in_child
if mode == "started inside":  # not before the figures: write_consolidated starts the child itself
    import ctrxl.track.consolidate as C
    C.answers_ahead = lambda *args: None
if mode.startswith("strings used"):  # the parent takes a shared string while the child works: its indices clash
    tracker = W._tracker
    def _tracker(wb, *args):
        wb.str_table._get_shared_string_index("Theo dõi nộp")
        return tracker(wb, *args)
    W._tracker = _tracker
if mode == "parent fails":
    def _difficulties(*args):
        raise RuntimeError("the parent fails")
    W._difficulties = _difficulties
from ctrxl.cli import cli
try:
    cli.main(["-w", ws, "consolidate", "--json"], standalone_mode=False)
finally:
    print("TAKEN", A.RowsAhead.taken, file=sys.stderr)
"""


def _consolidate(ws: Path, tmp: Path, mode: str, rows: int = 0) -> tuple[bytes | None, int, subprocess.CompletedProcess]:
    """(the workbook's bytes or None, how many times the child's rows were taken, the run)."""
    tmp.mkdir()
    run = subprocess.run([sys.executable, "-c", SCRIPT, mode, str(ws), str(rows)], capture_output=True, text=True,
                         env={**os.environ, "TMPDIR": str(tmp)}, timeout=300)
    taken = int(run.stderr.rsplit("TAKEN", 1)[1].split()[0])
    left = sorted(p.name for p in tmp.iterdir() if p.name.startswith("ctrxl-rows-"))
    assert left == [], f"{mode}: the child's files are left behind"
    if run.returncode != 0:
        return None, taken, run
    path = Path(json.loads(run.stdout)["path"])
    return path.read_bytes(), taken, run


@pytest.mark.parametrize("mode", ["ahead", "started inside"])
@pytest.mark.parametrize("rows", [0, 3 + 10], ids=["one sheet", "five sheets"])
def test_the_child_writes_the_rows_the_parent_would(cycle, tmp_path, rows, mode):  # noqa: F811
    ws, _, _ = cycle
    alone, taken, _ = _consolidate(ws, tmp_path / "serial", "serial", rows)
    assert alone is not None and taken == 0
    ahead, taken, _ = _consolidate(ws, tmp_path / "ahead", mode, rows)
    assert taken == 1  # the child's rows were used
    assert ahead == alone


@pytest.mark.parametrize("mode", ["child fails", "child killed", "strings used"])
def test_when_the_child_cannot_be_used_the_parent_writes_the_rows(cycle, tmp_path, mode):  # noqa: F811
    ws, _, _ = cycle
    alone, _, _ = _consolidate(ws, tmp_path / "serial", "serial" if mode != "strings used" else "strings used serial")
    got, taken, run = _consolidate(ws, tmp_path / "ahead", mode)
    assert taken == 0 and got is not None, run.stderr
    assert got == alone


def test_when_the_parent_fails_the_child_is_ended_and_its_files_removed(cycle, tmp_path):  # noqa: F811
    ws, _, data = cycle
    before = Path(data["path"]).read_bytes()
    got, taken, run = _consolidate(ws, tmp_path / "ahead", "parent fails")
    assert got is None and taken == 0 and "the parent fails" in run.stderr
    assert Path(data["path"]).read_bytes() == before  # the workbook there before, untouched
