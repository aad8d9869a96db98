"""Convert reports to PDF with LibreOffice headless.

One user profile per process (``-env:UserInstallation=file:///tmp/…`` unique to this
call): two LibreOffice processes sharing a profile make one of them fail silently.
All documents of a run go through one LibreOffice start.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import CtrxlError


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(paths: list[Path], timeout: float = 120.0) -> dict[Path, Path]:
    """Each .docx → the .pdf beside it. Raises ``report.no_libreoffice`` / ``report.pdf_failed``."""
    if not paths:
        return {}
    exe = find_soffice()
    if exe is None:
        raise CtrxlError("report.no_libreoffice", folder=paths[0].parent)
    out: dict[Path, Path] = {}
    by_folder: dict[Path, list[Path]] = {}
    for p in paths:
        by_folder.setdefault(p.parent, []).append(p)
    for folder, docs in by_folder.items():
        with tempfile.TemporaryDirectory(prefix="ctrxl-lo-") as profile:
            try:
                run = subprocess.run(
                    [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                     "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), *map(str, docs)],
                    capture_output=True, text=True, timeout=timeout * len(docs))
            except (OSError, subprocess.SubprocessError) as exc:
                raise CtrxlError("report.pdf_failed", path=docs[0], detail=str(exc)) from None
        for doc in docs:
            pdf = doc.with_suffix(".pdf")
            if not pdf.is_file() or pdf.stat().st_mtime < doc.stat().st_mtime - 1:
                detail = (run.stderr or run.stdout or f"exit {run.returncode}").strip()[-300:]
                raise CtrxlError("report.pdf_failed", path=doc, detail=detail)
            out[doc] = pdf
    return out
