"""Rows of a workbook's sheets written by a second process while this one does the rest.

The every-answer sheet is half of ``consolidate``'s time (231,543 rows at 1,000 agencies) and needs
nothing the figures or the other sheets make: its rows come from the store, and its texts are the
workbook's only shared strings (a constant_memory workbook writes every other text inline). So a
forked child writes them, in a workbook of its own, into files of row XML, from before the figures
are worked out (``answers_ahead`` in ``workbook.py``; ``write_consolidated`` starts one itself when it
is given none); the parent then appends each file to its sheet (``FastWorksheet.append_rows``) and
takes the child's shared strings, its own table being unused (checked, with the format numbers and row
counts both sides wrote with). The parts are the ones the parent's own pass would write: the same
rows, the same shared strings in the same order, the same bytes (``tests/test_consolidate_ahead.py``).

Only where it is safe and pays: Linux (``os.fork``), two processors or more, no other thread in the
process (a fork copies one thread: a lock another one held would stay held in the child), and rows
read from a private copy of the store (the read-only snapshot, which no one writes: the child reads it
through its copy of the connection). Anything else, or any failure of the child (an error, a signal,
its result refused), and the parent writes the rows itself, as before: the child only ever saves
time. (``write_grouped_rows`` puts a row's height in its XML only: nothing of the child's sheets but
their rows, dimensions and strings is needed here.)
"""
from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any

from ..xlsxout import FastWorkbook, FastWorksheet, deflate_threads, remove_files

ENABLED = True  # tests turn it off to write the same workbook in one process
MIN_PROCESSORS = 2  # (on one, the two processes would take turns: nothing gained; tests lower it)


class RowsAhead:
    """A child process writing the rows of ``parts`` sheets: ``write(wb, sheets)`` in a workbook of its
    own (constant_memory, ``options``), on scratch sheets whose rows files are made here, returning what
    the parent must find the same (``meta``: the format numbers and the row counts it wrote with).
    ``take(sheets, meta)`` waits for it and gives its rows to the parent's sheets; ``close()`` ends it
    (killed if still running) and removes what was not taken; also a context manager (closed on exit)."""

    taken = 0  # rows taken from a child, in this process (tests look)

    def __init__(self, pid: int, result: int, files: list[str]):
        self.pid, self.result, self.files = pid, result, files
        self.done = False

    def __enter__(self) -> RowsAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @classmethod
    def start(cls, parts: int, write: Callable[[Any, list[Any]], Any],
              options: dict[str, Any]) -> RowsAhead | None:
        if not (ENABLED and sys.platform.startswith("linux") and hasattr(os, "fork")
                and deflate_threads() >= MIN_PROCESSORS and threading.active_count() == 1):
            return None
        files = []
        try:
            for _ in range(parts):
                fd, name = tempfile.mkstemp(prefix="ctrxl-rows-", suffix=".xml", dir=options.get("tmpdir"))
                os.close(fd)
                files.append(name)
            read, written = os.pipe()
        except OSError:
            remove_files(files)
            return None
        for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice by the child
            with suppress(Exception):
                stream.flush()
        gc.freeze()  # the child's collections leave the parent's objects (and their pages) alone
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(read)
            os.close(written)
            remove_files(files)
            return None
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(options, files, write, written)
        gc.unfreeze()
        os.close(written)
        return cls(pid, read, files)

    def take(self, sheets: Sequence[Any], meta: Any) -> bool:
        """The child's rows into ``sheets`` (the parent's, the rows above written) and its shared strings
        into the workbook, whose string table must be unused (the child's numbers start at 0); False
        (nothing changed) when the child failed or its result cannot be used."""
        if self.done:
            return False
        data = b""
        with suppress(OSError), os.fdopen(self.result, "rb") as fh:
            data = fh.read()
        self.done = True
        _, status = os.waitpid(self.pid, 0)
        try:
            kind, *got = pickle.loads(data) if data and status == 0 else ("failed",)
        except Exception:
            kind = "failed"
        if kind != "ok" or len(sheets) != len(self.files) or not sheets:
            return False
        their_meta, dims, new_strings, uses = got
        sst = sheets[0].str_table
        if (their_meta != meta or (sst.count, sst.unique_count) != (0, 0)
                or not all(isinstance(ws, FastWorksheet) for ws in sheets)):
            return False  # other formats, other rows, or the table used here: the child's numbers would clash
        for ws, path, (rowmin, rowmax, colmin, colmax, previous) in zip(sheets, self.files, dims, strict=True):
            if rowmin is not None:
                if rowmin > ws.previous_row:
                    ws._write_single_row(rowmin)  # the rows above (the header) go out first
                ws.dim_rowmin = rowmin if ws.dim_rowmin is None else min(ws.dim_rowmin, rowmin)
                ws.dim_rowmax = rowmax if ws.dim_rowmax is None else max(ws.dim_rowmax, rowmax)
                ws.dim_colmin = colmin if ws.dim_colmin is None else min(ws.dim_colmin, colmin)
                ws.dim_colmax = colmax if ws.dim_colmax is None else max(ws.dim_colmax, colmax)
                ws.previous_row = max(ws.previous_row, previous)
            ws.append_rows(path)
        for text in new_strings:
            sst.string_table[text] = sst.unique_count
            sst.unique_count += 1
        sst.count += uses
        self.files = []  # the sheets' now
        RowsAhead.taken += 1
        return True

    def close(self) -> None:
        if not self.done:
            self.done = True
            with suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with suppress(OSError):
                os.waitpid(self.pid, 0)
            with suppress(OSError):
                os.close(self.result)
        remove_files(self.files)
        self.files = []


def _child(options: dict[str, Any], files: list[str], write: Callable[[Any, list[Any]], Any], result: int) -> None:
    """In the forked child: the rows into ``files``, then (meta, dimensions, shared strings, their uses)
    to the parent; ``os._exit`` always (no cleanup of the parent's, no buffer of its flushed twice)."""
    code = 1
    try:
        wb = FastWorkbook(os.path.join(os.path.dirname(files[0]), "unused.xlsx"),
                          {**options, "constant_memory": True})  # (never closed: no file)
        sheets = []
        for k, path in enumerate(files):
            ws = wb.add_worksheet(f"ahead-{k}")
            ws.row_data_fh.close()
            os.unlink(ws.row_data_filename)
            ws.row_data_filename = path
            ws.row_data_fh = ws.fh = open(path, "w+", encoding="utf-8")  # noqa: SIM115 — the sheet's, as xlsxwriter's
            sheets.append(ws)
        meta = write(wb, sheets)
        dims = []
        for ws in sheets:
            ws._write_single_row(ws.previous_row + 1)  # a row still pending (xlsxwriter's own) goes out
            ws.row_data_fh.close()
            dims.append((ws.dim_rowmin, ws.dim_rowmax, ws.dim_colmin, ws.dim_colmax, ws.previous_row))
        sst = wb.str_table
        strings = [text for _, text in sorted((i, text) for text, i in sst.string_table.items())]
        out = pickle.dumps(("ok", meta, dims, strings, sst.count))
        with os.fdopen(result, "wb") as fh:
            fh.write(out)
        code = 0
    except BaseException:  # (the parent writes the rows itself, and meets the same error if it is one)
        code = 1
    finally:
        os._exit(code)

