"""Word documents: paragraphs in body order, list numbering rendered, tables row by row.

python-docx gives a paragraph's text but not its list number: Word computes
"1.", "1.1.", "(1)", "-" from numbering.xml at display time. We render it the
same way (counters per list and level, restarted below a higher level) so that
the rest of the importer sees what the reader of the document sees.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import CtrxlError
from ..vn import roman
from .lines import SourceLine
from .review import Place

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _format(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    return str(n)


class _Numbering:
    """Renders list labels from numbering.xml."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.indents: dict[str, dict[int, int]] = {}  # numId -> ilvl -> left indent (twips)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        indents: dict[str, dict[int, int]] = {}
        for an in root.findall(f"{_W}abstractNum"):
            levels = {}
            ind_of: dict[int, int] = {}
            for lvl in an.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                ind = lvl.find(f"{_W}pPr/{_W}ind")
                if ind is not None and _twips(ind) is not None:
                    ind_of[ilvl] = _twips(ind) or 0
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = (fmt.get(f"{_W}val") if fmt is not None else "decimal",
                                text.get(f"{_W}val") if text is not None else "",
                                int(start.get(f"{_W}val")) if start is not None else 1)
            abstract[an.get(f"{_W}abstractNumId")] = levels
            indents[an.get(f"{_W}abstractNumId")] = ind_of
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})
                self.indents[num.get(f"{_W}numId")] = indents.get(ref.get(f"{_W}val"), {})

    def label(self, num_id: str, ilvl: int) -> str | None:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        fmt, text, start = levels[ilvl]
        if fmt == "bullet":
            # a second-level bullet by its level, its glyph (Word's "o", "◦", "+") or its indentation
            # (Word's "List Bullet 2" is a list of its own, at level 0, indented further)
            deep = ilvl > 0 or text.strip() in _SUB_GLYPHS or self.indents.get(num_id, {}).get(ilvl, 0) >= _SUB_INDENT
            return "+" if deep else "-"
        if fmt == "none":
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def sub(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            lfmt, _, lstart = levels.get(level, ("decimal", "", 1))
            return _format(counters.get(level, lstart), lfmt)

        return re.sub(r"%(\d)", sub, text) or None


_SUB_GLYPHS = {"o", "◦", "○", "+", "▫", "\uf0a7"}
_SUB_INDENT = 1080  # twips (0.75 inch): Word indents level 0 by 720, level 1 by 1440


def _twips(ind) -> int | None:
    for attr in ("left", "start"):
        v = ind.get(f"{_W}{attr}")
        if v is not None:
            try:
                return int(v)
            except ValueError:
                return None
    return None


def _direct_indent(paragraph) -> int | None:
    ppr = paragraph._p.pPr
    ind = ppr.find(f"{_W}ind") if ppr is not None else None
    return _twips(ind) if ind is not None else None


def _num_pr(paragraph) -> tuple[str, int] | None:
    """numId and level from the paragraph, else from its style chain ("List Bullet", "List Number")."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
        ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
        return str(ppr.numPr.numId.val), int(ilvl)
    style = paragraph.style
    while style is not None:
        sppr = style.element.pPr
        if sppr is not None and sppr.numPr is not None and sppr.numPr.numId is not None:
            ilvl = sppr.numPr.ilvl.val if sppr.numPr.ilvl is not None else 0
            return str(sppr.numPr.numId.val), int(ilvl)
        style = style.base_style
    return None


def _style_label(style_name: str) -> str | None:
    """Fallback when a list style carries no numbering definition."""
    name = style_name.lower()
    if name.startswith("list bullet"):
        return "+" if re.search(r"[2-9]\s*$", name) else "-"
    return None


def read_docx_lines(path: Path) -> list[SourceLine]:
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise CtrxlError("import.unreadable", path=path, detail=str(exc)) from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a damaged file
        raise CtrxlError("import.unreadable", path=path, detail=str(exc)) from None
    numbering = _Numbering(document)
    lines: list[SourceLine] = []
    para_no = 0
    table_no = 0
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            para_no += 1
            p = Paragraph(child, document)
            text = p.text
            style = p.style.name if p.style is not None else ""
            heading = None
            m = re.match(r"(?i)heading\s*(\d)", style or "")
            if m:
                heading = int(m.group(1))
            elif (style or "").lower() == "title":
                heading = 0
            label = None
            num = _num_pr(p)
            if num and text.strip():
                label = numbering.label(*num)
            if label is None and text.strip():
                label = _style_label(style or "")
            if label == "-" and ((_style_label(style or "") == "+") or (_direct_indent(p) or 0) >= _SUB_INDENT):
                label = "+"  # "List Bullet 2", or a bullet indented to the second level by hand
            if label:
                text = f"{label} {text.lstrip()}"
            lines.append(SourceLine(text, Place(para_no, "paragraph"), heading=heading))
        elif child.tag == f"{_W}tbl":
            table_no += 1
            table = Table(child, document)
            for r, row in enumerate(table.rows, start=1):
                cells: list[str] = []
                for cell in row.cells:
                    value = "\n".join(cp.text for cp in cell.paragraphs).strip()
                    if not cells or cells[-1] != value or not value:  # merged cells repeat
                        cells.append(value)
                lines.append(SourceLine(" | ".join(cells), Place(para_no, "table", table_no, r), cells=cells))
    return lines
