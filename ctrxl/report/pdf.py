"""Convert reports to PDF with LibreOffice headless.

One user profile per process (``-env:UserInstallation=file:///tmp/…`` unique to this
call): two LibreOffice processes sharing a profile make one of them fail silently.
All documents of a run go through one LibreOffice start.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from ..errors import CtrxlError
from ..progress import Progress


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(cmd: list[str], timeout: float, progress: Progress | None, done: int, total: int) -> tuple[str, int]:
    """Run LibreOffice; it prints a line ``convert … -> … using filter …`` as each document is done,
    which moves ``progress``; killed after ``timeout`` seconds. Returns what it printed (stdout and
    stderr) and its exit code."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    lines: list[str] = []
    try:
        assert proc.stdout is not None  # a pipe, asked for above
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("convert ") and progress:
                done += 1
                progress(min(done, total), total)
        proc.wait()
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return "".join(lines), proc.returncode


def to_pdf(paths: list[Path], timeout: float = 120.0, progress: Progress | None = None) -> dict[Path, Path]:
    """Each .docx → the .pdf beside it. Raises ``report.no_libreoffice`` / ``report.pdf_failed``.
    ``progress(done, total)``: documents converted so far."""
    if not paths:
        return {}
    exe = find_soffice()
    if exe is None:
        raise CtrxlError("report.no_libreoffice", folder=paths[0].parent)
    out: dict[Path, Path] = {}
    by_folder: dict[Path, list[Path]] = {}
    for p in paths:
        by_folder.setdefault(p.parent, []).append(p)
    if progress:
        progress(0, len(paths))
    for folder, docs in by_folder.items():
        with tempfile.TemporaryDirectory(prefix="ctrxl-lo-") as profile:
            try:
                printed, code = _convert(
                    [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                     "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), *map(str, docs)],
                    timeout * len(docs), progress, len(out), len(paths))
            except (OSError, subprocess.SubprocessError) as exc:
                raise CtrxlError("report.pdf_failed", path=docs[0], detail=str(exc)) from None
        for doc in docs:
            pdf = doc.with_suffix(".pdf")
            if not pdf.is_file() or pdf.stat().st_mtime < doc.stat().st_mtime - 1:
                detail = (printed.strip() or f"exit {code}")[-300:]
                raise CtrxlError("report.pdf_failed", path=doc, detail=detail)
            out[doc] = pdf
    return out
