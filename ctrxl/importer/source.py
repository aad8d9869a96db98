"""Read a programme document into source lines (``lines.SourceLine``), whatever the format.

A .txt/.md file gives one line per physical line; a .docx file one line per
paragraph (Word list numbering rendered in front of the text) and one per table
row. Each line keeps its place, so the review report can point back at it.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import CtrxlError
from .docx_reader import read_docx_lines
from .lines import SourceLine
from .review import Place

__all__ = ["SourceLine", "read_lines", "read_text_lines"]


def read_text_lines(path: Path) -> list[SourceLine]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CtrxlError("import.unreadable", path=path, detail=str(exc)) from None
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes almost anything
        raise CtrxlError("import.unreadable", path=path, detail="encoding")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return [SourceLine(line, Place(i, "line")) for i, line in enumerate(text.split("\n"), start=1)]


def read_lines(path: Path) -> list[SourceLine]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise CtrxlError("cli.file_missing", path=path)
    if suffix == ".docx":
        return read_docx_lines(path)
    if suffix in (".txt", ".md", ".markdown", ".text", ""):
        return read_text_lines(path)
    raise CtrxlError("import.unsupported", path=path, suffix=suffix)
