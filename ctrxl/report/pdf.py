"""Convert reports (and any office document) to PDF with LibreOffice headless.

One user profile per process (``-env:UserInstallation=file:///tmp/…`` unique to this
call): two LibreOffice processes sharing a profile make one of them fail silently.
All documents of a folder go through one LibreOffice start.

The fresh profile is given the Vietnamese locale before LibreOffice first starts: headless,
LibreOffice takes the process locale (usually C or en-US on a server), and a number that a
document formats by locale (a spreadsheet's percent or thousands format) would print as
"27.5%" / "1,234.5" instead of "27,5%" / "1.234,5".
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import CtrxlError
from ..progress import Progress

LOCALE = "vi-VN"  # the locale of an office in Viet Nam; numbers "27,5%", dates day-first
# The export filter by the source's kind: a Writer document or a Calc spreadsheet.
FILTERS = {".docx": "pdf:writer_pdf_Export", ".doc": "pdf:writer_pdf_Export", ".odt": "pdf:writer_pdf_Export",
           ".xlsx": "pdf:calc_pdf_Export", ".xlsm": "pdf:calc_pdf_Export", ".xls": "pdf:calc_pdf_Export",
           ".ods": "pdf:calc_pdf_Export"}


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


def prepare_profile(profile: Path, locale: str = LOCALE) -> str:
    """Write the settings of a fresh LibreOffice user profile in ``profile`` and return the
    ``-env:UserInstallation=…`` argument for it. The locale setting (Tools › Options › Language
    Settings › Languages › Locale setting) is ``/org.openoffice.Setup/L10N/ooSetupSystemLocale``,
    read from ``user/registrymodifications.xcu`` at start."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    value = escape(locale)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">'
        f'<value>{value}</value></prop></item>\n'
        '</oor:items>\n', encoding="utf-8")
    return f"-env:UserInstallation={profile.as_uri()}"


def to_pdf(paths: list[Path], timeout: float = 120.0, progress: Progress | None = None) -> dict[Path, Path]:
    """Each document (.docx, .xlsx, .ods, …) → the .pdf beside it, printed in the Vietnamese locale.
    Raises ``report.no_libreoffice`` / ``report.pdf_failed``. ``progress(done, total)``: documents
    converted so far."""
    if not paths:
        return {}
    exe = find_soffice()
    if exe is None:
        raise CtrxlError("report.no_libreoffice", folder=paths[0].parent)
    out: dict[Path, Path] = {}
    batches: dict[tuple[Path, str], list[Path]] = {}
    for p in paths:
        batches.setdefault((p.parent, FILTERS.get(p.suffix.lower(), "pdf")), []).append(p)
    if progress:
        progress(0, len(paths))
    for (folder, pdf_filter), docs in batches.items():
        with tempfile.TemporaryDirectory(prefix="ctrxl-lo-") as profile:
            try:
                printed, code = _convert(
                    [exe, prepare_profile(Path(profile)), "--headless", "--norestore",
                     "--convert-to", pdf_filter, "--outdir", str(folder), *map(str, docs)],
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
