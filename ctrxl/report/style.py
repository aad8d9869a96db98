"""Apply the layout settings to a Word document: page, margins, styles, the header table, the rule.

Used twice with the same code: by ``ctrxl.resources.make_docx`` when it lays out the committed
templates (with the default settings), and by ``render`` on every filled report (with
the workspace's settings), so an office that changes a margin or a size in
``[report.layout]`` gets it without a new template.
"""
from __future__ import annotations

import functools
import shutil
import subprocess
from collections import defaultdict

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from lxml.etree import XPath

from ..config.report import STYLES, Layout

# Styles that carry the body's spacing (justified text and headings).
_SPACED = ("CT Body", "CT Part", "CT Heading")


@functools.lru_cache(maxsize=8)
def _font_file(font: str, bold: bool) -> str | None:
    """The file fontconfig uses for ``font`` (Liberation Serif stands in for Times New Roman)."""
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", f"{font}:{'bold' if bold else 'regular'}"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def text_width_mm(text: str, font: str, size_pt: float, bold: bool = True) -> float:
    """Printed width of ``text``; measured with the font when Pillow and the font exist, else estimated."""
    path = _font_file(font, bold)
    if path:
        try:
            from PIL import ImageFont

            return ImageFont.truetype(path, 1000).getlength(text) / 1000 * size_pt / 72 * 25.4
        except Exception:  # noqa: BLE001 — no Pillow, unreadable font: estimate
            pass
    return len(text) * 0.63 * size_pt / 72 * 25.4


def set_run_font(rpr_parent, font: str) -> None:
    """Set every script's font (Word picks eastAsia/cs for some Vietnamese letters otherwise)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)


def table_borders(table: Table, visible: bool) -> None:
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _grid(table: Table, cells: dict | None = None) -> list:
    """``[row.cells for row in table.rows]``, computed once per table when ``cells`` (a dict kept by the
    caller while the tables' structure stays as it is) is given: python-docx works out each row's cells
    from the grid, spans and merges, and the layout pass went through every cell of a table three times."""
    if cells is None:
        return _rows_of_cells(table)
    key = table._tbl
    if key not in cells:
        cells[key] = _rows_of_cells(table)
    return cells[key]


def _rows_of_cells(table: Table) -> list:
    """``[row.cells for row in table.rows]``; for a table none of whose cells spans columns or rows
    (a report's long tables), each row's ``w:tc`` in order, as python-docx would give them, without
    its look-ups of each cell's span and merge (a third of the layout pass at 10,000 agencies)."""
    tbl = table._tbl
    if _SPANS(tbl):
        return [row.cells for row in table.rows]
    tr, tc = qn("w:tr"), qn("w:tc")
    return [tuple(_Cell(c, table) for c in row.iterchildren(tc)) for row in tbl.iterchildren(tr)]


# A cell of the table (not of a table inside it) spans columns or rows: python-docx works out its rows.
_SPANS = XPath("boolean(w:tr/w:tc/w:tcPr/w:gridSpan | w:tr/w:tc/w:tcPr/w:vMerge)", namespaces=nsmap)


def table_widths(table: Table, widths_mm: list[float], indent_mm: float | None = None,
                 cells: dict | None = None) -> None:
    """Fixed column widths (grid and every cell), so Word, LibreOffice and WPS agree."""
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    total = tbl_pr.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        tbl_pr.append(total)
    total.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    total.set(qn("w:type"), "dxa")
    if indent_mm is not None:
        ind = tbl_pr.find(qn("w:tblInd"))
        if ind is None:
            ind = OxmlElement("w:tblInd")
            tbl_pr.append(ind)
        ind.set(qn("w:w"), str(int(Mm(indent_mm).twips)))
        ind.set(qn("w:type"), "dxa")
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    # Each cell's width: set on its w:tcW where it has one (what python-docx's ``cell.width`` does to
    # it, without its look-ups: a third of the layout pass at 10,000 agencies), else by python-docx.
    tc_pr, tc_w, w_type, w_w = qn("w:tcPr"), qn("w:tcW"), qn("w:type"), qn("w:w")
    twips = [str(Mm(w).twips) for w in widths_mm]
    for row_cells in _grid(table, cells):
        for cell, w, tw in zip(row_cells, widths_mm, twips, strict=False):
            pr = cell._tc.find(tc_pr)
            el = pr.find(tc_w) if pr is not None else None
            if el is None:
                cell.width = Mm(w)
            else:
                el.set(w_type, "dxa")
                el.set(w_w, tw)


DEFAULT_CELL_MARGIN_MM = 1.905  # Word's default left cell margin (108 twips)


def left_cell_margin_mm(table: Table) -> float:
    """The table's left cell margin: in Word 2010 layout (compatibilityMode 14, our templates)
    the table's border stands this far left of ``tblInd``."""
    mar = table._tbl.tblPr.find(qn("w:tblCellMar"))
    left = None if mar is None else (mar.find(qn("w:left")) if mar.find(qn("w:left")) is not None
                                     else mar.find(qn("w:start")))
    if left is None or left.get(qn("w:w")) is None:
        return DEFAULT_CELL_MARGIN_MM
    return int(left.get(qn("w:w"))) / 56.6929


def _inside_text(table: Table, text_mm: float, cells: dict | None = None) -> None:
    """Keep the table between the margins: columns scaled down to the text width if wider,
    and indented by its cell margin so the border starts at the left margin, not in it."""
    cols = table._tbl.tblGrid.findall(qn("w:gridCol"))
    widths = [int(c.get(qn("w:w"))) / 56.6929 for c in cols]
    if sum(widths) > text_mm + 0.05:
        widths = [w * text_mm / sum(widths) for w in widths]
    table_widths(table, widths, indent_mm=left_cell_margin_mm(table), cells=cells)


def _page(doc: Document, layout: Layout) -> None:
    for section in doc.sections:
        landscape = section.orientation == WD_ORIENT.LANDSCAPE
        w, h = Mm(layout.page_width_mm), Mm(layout.page_height_mm)
        section.page_width, section.page_height = (h, w) if landscape else (w, h)
        section.top_margin = Mm(layout.margin_top_mm)
        section.bottom_margin = Mm(layout.margin_bottom_mm)
        section.left_margin = Mm(layout.margin_left_mm)
        section.right_margin = Mm(layout.margin_right_mm)
        section.header_distance = Mm(layout.header_distance_mm)
        section.footer_distance = Mm(layout.footer_distance_mm)


def _styles(doc: Document, layout: Layout) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = layout.font
    set_run_font(normal.element, layout.font)
    for name in STYLES:
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        style.font.name = layout.font
        set_run_font(style.element, layout.font)
        style.font.size = Pt(layout.sizes.get(name, 14))
        pf = style.paragraph_format
        if name in _SPACED:
            pf.first_line_indent = Cm(layout.first_line_indent_cm)
            pf.space_after = Pt(layout.space_after_pt)
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(layout.line_spacing_pt)
        if name == "CT Signer":
            pf.space_before = Pt(layout.signature_gap_pt)


def _styled_cells(doc: Document, cells: dict | None = None, styles: tuple[str, ...] | None = None
                  ) -> dict[str | None, list]:
    """Every paragraph in a cell of a top-level table, by its style's name, in document order;
    given ``styles``, the tables holding none of them are left out (a report's long tables).

    One pass over the tables, with the style ids resolved once: python-docx's
    ``paragraph.style`` runs an XPath over styles.xml for each paragraph, and a report's
    appendix tables have thousands of them (this was half of ``report`` at 1,000 agencies).
    Same answer as ``paragraph.style.name``: an unknown id, or one of another type,
    is the default paragraph style."""
    names = {s.style_id: s.name for s in doc.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    fallback = default.name if default is not None else None
    out: dict[str | None, list] = defaultdict(list)
    wanted = None if styles is None or fallback in styles else [i for i, n in names.items() if n in styles]
    for table in doc.tables:
        if wanted is not None and not _holds_style(table._tbl, wanted):
            continue
        for row_cells in _grid(table, cells):
            for cell in row_cells:
                for p in cell.paragraphs:
                    sid = p._p.style
                    out[names.get(sid, fallback) if sid is not None else fallback].append((table, cell, p))
    return out


def _holds_style(tbl, style_ids: list[str]) -> bool:
    """Some paragraph in the table (or in a table inside it) names one of the styles."""
    if not style_ids:
        return False
    return bool(_style_test(len(style_ids))(tbl, **{f"s{i}": sid for i, sid in enumerate(style_ids)}))


@functools.lru_cache(maxsize=8)
def _style_test(n: int) -> XPath:
    return XPath(f"boolean(.//w:pStyle[{' or '.join(f'@w:val = $s{i}' for i in range(n))}])", namespaces=nsmap)


# The styles the layout pass looks for in tables (every style it asks _cells_with for): the header's and
# the signature's.
_INDEXED = ("CT Party", "CT Sign", "CT Issuer", "CT Higher")


def _cells_with(doc: Document, style: str, index: dict[str | None, list] | None = None):
    """The (table, cell, paragraph) of ``style``; ``index``: apply_layout's, made for ``_INDEXED`` only."""
    assert index is None or style in _INDEXED, f"{style!r}: add it to _INDEXED"
    yield from (index if index is not None else _styled_cells(doc)).get(style, [])


def _rule(doc: Document, layout: Layout, party_name: str, index: dict | None = None) -> None:
    """The rule under ĐẢNG CỘNG SẢN VIỆT NAM: a bottom border on the paragraph, whose
    indents make it as long as the words (plus ``rule_slack_mm`` each side)."""
    size = layout.sizes.get("CT Party", 15)
    for _table, cell, p in _cells_with(doc, "CT Party", index):
        text = p.text if "{" not in p.text else party_name
        words = text_width_mm(text, layout.font, size)
        room = cell.width.mm - 2 * 1.9 if cell.width else layout.header_right_mm - 3.8  # Word's cell margins
        side = max(0.0, (room - words) / 2 - layout.rule_slack_mm)
        p.paragraph_format.left_indent = Mm(side)
        p.paragraph_format.right_indent = Mm(side)


def _balance(doc: Document, layout: Layout, index: dict | None = None) -> None:
    """A body name too long for its header column goes on two lines of similar length,
    broken between words (not a lone word left on the second line)."""
    room = layout.header_left_mm - 2 * 1.9
    for style, bold in (("CT Issuer", True), ("CT Higher", False)):
        size = layout.sizes.get(style, 14)
        for _table, cell, p in list(_cells_with(doc, style, index)):
            room = cell.width.mm - 2 * 1.9 if cell.width else room
            text = p.text
            if "{" in text or "\n" in text or text_width_mm(text, layout.font, size, bold) <= room:
                continue
            words = text.split()
            best = min(range(1, len(words)), key=lambda i: abs(
                text_width_mm(" ".join(words[:i]), layout.font, size, bold)
                - text_width_mm(" ".join(words[i:]), layout.font, size, bold)), default=None)
            if best is None:
                continue
            for run in list(p.runs)[1:]:
                run._r.getparent().remove(run._r)
            first = p.runs[0] if p.runs else p.add_run()
            first.text = " ".join(words[:best])
            first.add_break()
            p.add_run(" ".join(words[best:]))


def apply_layout(doc: Document, layout: Layout, party_name: str = "ĐẢNG CỘNG SẢN VIỆT NAM") -> None:
    _page(doc, layout)
    _styles(doc, layout)
    cells: dict = {}  # each table's rows of cells, worked out once: the layout below never adds, merges or splits one
    index = _styled_cells(doc, cells, _INDEXED)  # the layout below changes widths, indents and runs, never a style
    seen: set[int] = set()
    for table, _cell, _p in list(_cells_with(doc, "CT Party", index)):
        if id(table._tbl) not in seen:
            seen.add(id(table._tbl))
            table_widths(table, [layout.header_left_mm, layout.header_right_mm], cells=cells)  # scaled below
    seen.clear()
    for table, _cell, _p in list(_cells_with(doc, "CT Sign", index)):
        if id(table._tbl) not in seen:
            seen.add(id(table._tbl))
            table_widths(table, [layout.signature_left_mm, layout.signature_right_mm], cells=cells)
    for table in doc.tables:
        landscape = False
        sect = table._tbl.getnext()
        while sect is not None and sect.find(".//" + qn("w:sectPr")) is None and sect.tag != qn("w:sectPr"):
            sect = sect.getnext()
        if sect is not None:
            pr = sect if sect.tag == qn("w:sectPr") else sect.find(".//" + qn("w:sectPr"))
            orient = pr.find(qn("w:pgSz"))
            landscape = orient is not None and orient.get(qn("w:orient")) == "landscape"
        page = layout.page_height_mm if landscape else layout.page_width_mm
        _inside_text(table, page - layout.margin_left_mm - layout.margin_right_mm, cells)
    _rule(doc, layout, party_name, index)
    _balance(doc, layout, index)
