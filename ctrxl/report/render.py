"""Fill the Word templates: the city report and the agency reports of a cycle.

docxtpl renders with ``autoescape=True`` — without it ``&`` and ``<`` in an agency's
text silently vanish, and text could inject markup. After rendering, the layout
settings are applied to the document (``style.apply_layout``), and the file is
written to a temporary name and renamed, so a failed run leaves no half file.
"""
from __future__ import annotations

import gc
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from ..bulk import fewer_collections
from ..config.report import ReportSettings
from ..definition.load import Definition
from ..errors import CtrxlError
from ..outputs import CyclePaths
from ..progress import Progress
from ..track.stats import Consolidation
from ..track.trends import YearFigures
from .charts import AGENCY_TITLE, CITY_TITLE, category_chart
from .context import Shared, agency_context, city_context, reporting_agencies
from .settings import template_path
from .style import apply_layout


@dataclass
class ReportDocument:
    kind: str  # city | agency
    agency: str | None
    name: str
    path: Path
    pdf: Path | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "agency": self.agency, "name": self.name, "path": str(self.path),
                "pdf": str(self.pdf) if self.pdf else None}


@dataclass
class ReportResult:
    folder: Path
    documents: list[ReportDocument]
    warnings: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "documents": [d.to_json() for d in self.documents],
                "warnings": self.warnings}


_JINJA: Any = None


def _jinja_env() -> Any:
    """docxtpl's Jinja environment (autoescape), which compiles each distinct part's XML once: every agency
    report is the same template, and compiling it was a fifth of a report's time."""
    global _JINJA
    if _JINJA is None:
        from jinja2 import Environment

        class CachingEnvironment(Environment):
            _compiled: dict[tuple[str, Any], Any] = {}

            def from_string(self, source, globals=None, template_class=None):
                if globals is not None or template_class is not None:
                    return super().from_string(source, globals, template_class)
                key = (source, self.autoescape)
                found = self._compiled.get(key)
                if found is None:
                    if len(self._compiled) > 64:  # templates edited between runs in one process
                        self._compiled.clear()
                    found = self._compiled[key] = super().from_string(source)
                return found

        _JINJA = CachingEnvironment(autoescape=True)
    return _JINJA


# Elements of WordprocessingML that carry ``xml:space`` (a run's text, a field's code, deleted text).
_SPACED_TEXT = tuple(qn(f"w:{t}") for t in ("t", "instrText", "delText", "delInstrText"))
_XML_SPACE = qn("xml:space")
_TEMPLATE: Any = None
# docxtpl's paragraph, and the characters its resolve_listing turns into markup.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING = re.compile("[\t\a\n\f]")


def _grid_fits(table: Any, w: str) -> bool:
    """docxtpl's ``fix_tables`` would leave this table's grid as it is: no row (its own or a nested
    table's, as docxtpl iterates them) has more cells than the grid has columns, and some row's cells
    (a cell counting its ``gridSpan``) fill them all, or the grid has none."""
    grid = table.find(f"{{{w}}}tblGrid")
    if grid is None:
        return False  # docxtpl's own code decides (and says) what happens
    n = len(grid.findall(f"{{{w}}}gridCol"))
    tc, pr, span, val = f"{{{w}}}tc", f"{{{w}}}tcPr", f"{{{w}}}gridSpan", f"{{{w}}}val"
    filled = n == 0
    for row in table.iter(f"{{{w}}}tr"):
        cells = row.findall(tc)
        if len(cells) > n:
            return False
        if not filled:
            width = 0
            for cell in cells:
                props = cell.find(pr)
                spans = None if props is None else props.find(span)
                try:
                    width += 1 if spans is None else int(spans.get(val))
                except (TypeError, ValueError):
                    return False  # a span without a number: docxtpl's code says what it says of it
            filled = width >= n
    return filled


def _template_class() -> Any:
    """docxtpl's ``DocxTemplate``, with its body moved into the document in time that grows with the body,
    and its table-grid fix run only when a grid is to change (``fix_tables``).

    docxtpl parses the rendered body into a document of its own and moves it into the template's
    (``map_tree``). lxml fixes the namespaces of every moved node through a cache that each
    ``xml:space`` attribute misses and lengthens (the xml namespace belongs to the source document),
    so the move grew with the square of the attributes: 0.03 s for the city report at 1,000
    agencies, 2.9 s at 10,000 (120,000 of them; lxml's performance notes warn of moving between
    documents). A lone ``xml:space`` of a text element is taken off before the move and put back
    after: the same tree, attribute for attribute; any other element keeps its attribute."""
    global _TEMPLATE
    if _TEMPLATE is None:
        from docxtpl import DocxTemplate

        class Template(DocxTemplate):
            def fix_tables(self, xml):
                """docxtpl's walks every row and cell (1.8 s at 10,000 agencies) to widen or narrow a
                table's grid when a loop over cells changed the count: each table is asked first
                (``_grid_fits``, one pass over its rows), and docxtpl's runs only when a grid is to change."""
                from lxml import etree

                tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))  # as docxtpl parses it
                w = tree.nsmap.get("w")
                if w is not None and all(_grid_fits(t, w) for t in tree.iter(f"{{{w}}}tbl")):
                    return tree
                return super().fix_tables(xml)

            def resolve_listing(self, xml):
                """docxtpl's turns a tab, a new line, a page break or ``\\a`` in a text into Word's
                markup, going through every run of every paragraph with regular expressions (1 s for
                the city report at 10,000 agencies); a paragraph without one of those is left as it is,
                untouched, and docxtpl's runs on each of the others."""
                listing = super().resolve_listing
                return _PARAGRAPH.sub(lambda m: listing(m.group(0)) if _LISTING.search(m.group(0))
                                      else m.group(0), xml)

            def map_tree(self, tree):
                lone = []
                for el in tree.iter(*_SPACED_TEXT):
                    if len(el.attrib) == 1:
                        value = el.get(_XML_SPACE)
                        if value is not None:
                            del el.attrib[_XML_SPACE]
                            lone.append((el, value))
                super().map_tree(tree)
                for el, value in lone:
                    el.set(_XML_SPACE, value)

        _TEMPLATE = Template
    return _TEMPLATE


def render_document(template: Path, context: dict[str, Any], out: Path, settings: ReportSettings,
                    chart: bytes | None = None) -> Path:
    from docx.shared import Mm
    from docxtpl import InlineImage

    if not template.is_file():
        raise CtrxlError("report.no_template", path=template)
    try:
        tpl = _template_class()(str(template))
        ctx = dict(context)
        ctx["chart"] = InlineImage(tpl, io.BytesIO(chart), width=Mm(settings.layout.chart_width_mm)) if chart else ""
        tpl.render(ctx, jinja_env=_jinja_env(), autoescape=True)
    except CtrxlError:
        raise
    except Exception as exc:  # a template edited by hand: name it, say what docxtpl said
        raise CtrxlError("report.bad_template", path=template, detail=f"{type(exc).__name__}: {exc}") from None
    apply_layout(tpl.docx, settings.layout, settings.party_name)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".docx", dir=out.parent)
    os.close(fd)
    try:
        tpl.save(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def _free_documents() -> None:
    """Free the document just written. A python-docx document is held in reference cycles, and its
    lxml tree's memory is outside what the collector counts: under ``fewer_collections`` it waited
    for a rare full collection, and 100 agency reports grew the process by ~330 MiB (471 MiB at
    1,000 agencies, 786 at 10,000). The young generations only (the consolidation's objects, long
    in the oldest, are not gone through): 1-2 ms a report; 100 reports then peak at 133 / 454 MiB."""
    gc.collect(1)


def report_folder(definition: Definition, output_dir: Path) -> Path:
    return CyclePaths.of(definition, output_dir).reports


@fewer_collections()
def write_reports(definition: Definition, cons: Consolidation, settings: ReportSettings, outputs: CyclePaths | Path,
                  agencies: list[str] | None = None, all_agencies: bool = False, city: bool = True,
                  workspace_root: Path | None = None, previous: YearFigures | None = None,
                  progress: Progress | None = None) -> ReportResult:
    """The city report (unless ``city=False``) and the agency reports asked for; ``previous``: the
    latest earlier cycle with data, which the city report compares with; ``progress(done, total)``:
    documents written so far."""
    outputs = outputs if isinstance(outputs, CyclePaths) else CyclePaths.of(definition, outputs)
    folder = outputs.reports
    warnings: list[str] = []
    known = list(cons.per_agency)
    wanted: list[str] = []
    for code in agencies or []:
        if code not in cons.per_agency:
            raise CtrxlError("report.unknown_agency", code=code, available=", ".join(known[:12]) or "—")
        if code not in wanted:
            wanted.append(code)
    if all_agencies:
        wanted += [c for c in reporting_agencies(definition, cons) if c not in wanted]
    next_year = str(definition.cycle.year + 1)
    docs: list[ReportDocument] = []
    total = int(city) + len(wanted)
    if progress:
        progress(0, total)
    if city:
        ctx = city_context(definition, cons, settings, previous)
        ctx["next_year"] = next_year
        chart = category_chart(cons.overall, CITY_TITLE,
                               settings.layout.chart_width_mm)
        if chart is None:
            warnings.append("report.no_chart")
        path = render_document(template_path(settings, "city", workspace_root), ctx, outputs.city_report,
                               settings, chart)
        _free_documents()
        docs.append(ReportDocument("city", None, ctx["issuer"], path))
        if progress:
            progress(len(docs), total)
    files = outputs.agency_reports({code: definition.resolver.agencies[code].name for code in wanted})
    shared = Shared(definition, cons, settings) if wanted else None  # built once for all the agency reports
    agency_template = template_path(settings, "agency", workspace_root)
    for code in wanted:
        ctx = agency_context(definition, cons, settings, code, shared, previous)
        ctx["next_year"] = next_year
        counts = cons.per_agency.get(code, {})
        reported = sum(counts.values()) - counts.get("not_reported", 0)
        chart = category_chart(counts, AGENCY_TITLE, settings.layout.chart_width_mm) if reported else None
        name = ctx["agency_name"]
        path = render_document(agency_template, ctx, files[code], settings, chart)
        _free_documents()
        docs.append(ReportDocument("agency", code, name, path))
        if progress:
            progress(len(docs), total)
    return ReportResult(folder, docs, warnings)


def convert_all(result: ReportResult, progress: Progress | None = None) -> None:
    from .pdf import to_pdf

    pdfs = to_pdf([d.path for d in result.documents], progress=progress)
    for d in result.documents:
        d.pdf = pdfs.get(d.path)


def workspace_reports(ws, agencies: list[str] | None = None, all_agencies: bool = False,
                      pdf: bool = False, cons: Consolidation | None = None, progress: Progress | None = None,
                      pdf_progress: Progress | None = None) -> ReportResult:
    """``ctrxl report``: consolidate the store's accepted submissions, fill the reports, convert if asked.
    ``cons``: figures a caller has just computed (``consolidate`` then ``report``), not computed again.
    ``progress`` / ``pdf_progress``: documents written / converted so far."""
    from ..definition.load import load_workspace_definition
    from ..store import open_store
    from ..track.stats import consolidate_figures
    from ..track.trends import previous_figures

    definition = load_workspace_definition(ws)
    with open_store(ws, readonly=True) as store:  # open while writing: the answers are read from it
        previous = previous_figures(ws, definition, store)
        if cons is None:
            cons = consolidate_figures(definition, store)
        result = write_reports(definition, cons, ws.config.report, ws.outputs(definition), agencies, all_agencies,
                               workspace_root=ws.root, previous=previous, progress=progress)
    if pdf:
        convert_all(result, pdf_progress)
    return result
