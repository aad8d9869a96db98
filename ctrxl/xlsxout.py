"""Writing an .xlsx safely: text stays text, and the file appears whole or not at all."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import xlsxwriter

# xlsxwriter would otherwise turn "=…" into formulas, "http…" into links and "01" into 1:
# agency and programme text must come out exactly as it went in.
TEXT_SAFE = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


@contextmanager
def atomic_workbook(path: Path, **options: Any) -> Iterator[xlsxwriter.Workbook]:
    """An xlsxwriter workbook written to a temporary file beside ``path``, renamed into place on
    success; on any error the temporary file is removed and ``path`` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ctrxl-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, {**TEXT_SAFE, **options})
        yield wb
        wb.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
