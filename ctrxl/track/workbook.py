"""The consolidated workbook of a cycle: what a leader reads, and what the report is built from.

Sheets: Tổng quan (key figures, two charts), Ma trận tình trạng (tasks × agencies,
coloured), Theo đơn vị, Theo nhiệm vụ (with the lead/coordinator comparison),
Chỉ tiêu, Dữ liệu chi tiết (every answer with its source file and cell), Khó khăn -
đề xuất, Theo dõi nộp. Agency text stays text (never a formula or a link);
everything is written in a fixed order with fixed document dates, so the same
store gives the same bytes.

Nothing is dropped at Excel's limits (``MAX_ROWS`` rows, ``MAX_COLS`` columns a sheet): the
answers continue on "Dữ liệu chi tiết (2)", … and the matrix's agencies on "Ma trận tình trạng (2)",
…, each with the same title, note and header rows, the note saying where the data continue;
a cell xlsxwriter would still refuse raises ``SheetFull``.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..bulk import fewer_collections
from ..definition.load import Definition
from ..messages import msg
from ..model import Role
from ..progress import Progress
from ..vn import format_date, format_number
from ..workbook import layout as L
from ..workbook.writer import row_height
from ..xlsxout import TEXT_SAFE, atomic_workbook
from .ahead import RowsAhead
from .fastrows import RowSpec, SheetFull, write_grouped_rows, write_rows
from .stats import CATEGORIES, CATEGORY_LABELS, VERDICTS, Consolidation, StoredAnswers, answer_value, load_answers
from .status import _day, state_label
from .trends import Trends

MAX_ROWS = 1_048_576  # Excel's rows in a sheet (module constants: a test lowers them)
MAX_COLS = 16_384  # and its columns
HEAD_ROWS = 3  # title, note, header: on every sheet, continuations included

COLOURS = {
    "done_on_time": "#C6EFCE", "done_late": "#FFEB9C", "in_progress": "#DDEBF7", "overdue": "#FFC7CE",
    "continuous": "#E2EFDA", "not_started": "#F8CBAD", "not_applicable": "#EDEDED", "not_reported": "#FFFFFF",
}
SHORT = {"done_on_time": "HT", "done_late": "HT chậm", "in_progress": "Đang TH", "overdue": "Quá hạn",
         "continuous": "TX", "not_started": "Chưa TH", "not_applicable": "KPV", "not_reported": "—"}
# The matrix's legend in the page footer (Excel allows 255 characters there).
MATRIX_LEGEND = ("HT: hoàn thành đúng hạn; HT chậm: hoàn thành chậm hạn; Đang TH: đang thực hiện, trong hạn; "
                 "Quá hạn: quá hạn, chưa hoàn thành; TX: thường xuyên, đang thực hiện; Chưa TH: chưa thực hiện; "
                 "KPV: không thuộc phạm vi; —: chưa báo cáo; ô trống: không giao")
# The label of an answer's field, per part: a task's "proposals" is the column "Đề xuất, kiến nghị",
# the assessment's is its item "5. Đề xuất, kiến nghị" (one flat dict let the second win).
FIELD_LABELS: dict[str, dict[str, str]] = {
    "task": {c.key: c.header for c in L.TASK_COLUMNS},
    "indicator": {c.key: c.header for c in L.INDICATOR_COLUMNS},
    "assessment": {f.key: f.label for f in L.ASSESSMENT_FIELDS},
}
STATUS_VI = {s.value: label for s, label in L.STATUS_LABELS.items()}


class _Fmt:
    def __init__(self, wb):
        base = {"font_name": L.FONT, "font_size": 10, "valign": "top", "text_wrap": True}
        self.title = wb.add_format({**base, "font_size": 14, "bold": True, "text_wrap": False})
        self.note = wb.add_format({**base, "italic": True, "text_wrap": False})
        self.head = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#DDEBF7", "align": "center",
                                   "valign": "vcenter"})
        self.text = wb.add_format({**base, "border": 1})
        self.center = wb.add_format({**base, "border": 1, "align": "center"})
        self.num = wb.add_format({**base, "border": 1, "num_format": "#,##0"})
        self.dec = wb.add_format({**base, "border": 1, "num_format": "#,##0.0"})
        # rates are fractions shown as percents: the number is the same in every locale
        self.pct = wb.add_format({**base, "border": 1, "num_format": "0.0%"})
        self.pct_bold = wb.add_format({**base, "border": 1, "bold": True, "num_format": "0.0%"})
        self.year = wb.add_format({**base, "border": 1, "num_format": "0"})  # 2023, not 2,023
        self.bold = wb.add_format({**base, "border": 1, "bold": True})
        self.cat = {k: wb.add_format({**base, "border": 1, "align": "center", "bg_color": v})
                    for k, v in COLOURS.items()}
        self.flag = wb.add_format({**base, "border": 1, "bold": True, "font_color": "#C00000"})


def share(counts: dict[str, int], keys: tuple[str, ...] = ("done_on_time", "done_late")) -> float | None:
    """The fraction of the applicable pairs in ``keys`` (unrounded: the cell's format rounds it once)."""
    applicable = sum(counts.get(k, 0) for k in CATEGORIES if k != "not_applicable")
    return sum(counts.get(k, 0) for k in keys) / applicable if applicable else None


def _checked(ws, r: int, c: int, result: int) -> None:
    """xlsxwriter's -1: the cell is outside the sheet and was not written. Never silently."""
    if result == -1:
        raise SheetFull(f"cell (row {r + 1}, column {c + 1}) is outside sheet {ws.name!r}")


def _cell(ws, r: int, c: int, value: Any, fmt) -> None:
    if value is None:
        result = ws.write_blank(r, c, None, fmt)
    elif isinstance(value, bool):
        result = ws.write_string(r, c, "Có" if value else "Không", fmt)
    elif isinstance(value, (int, float)):
        result = ws.write_number(r, c, value, fmt)
    else:
        result = ws.write_string(r, c, str(value), fmt)
    _checked(ws, r, c, result)


def _part_names(name: str, parts: int) -> list[str]:
    """``name``, then ``name (2)``, … for the sheets a table continues on."""
    return [name] + [f"{name} ({k})" for k in range(2, parts + 1)]


def _continued(what: str, k: int, names: list[str], first: int, last: int, limit: str) -> str:
    """The note of part ``k`` (0-based) of a table split over the sheets ``names``."""
    head = f"Phần {k + 1}/{len(names)}: {what} thứ {format_number(first)}–{format_number(last)}"
    if k == len(names) - 1:
        return f"{head} (phần cuối; phần đầu ở sheet “{names[0]}”)."
    rest = f"“{names[k + 1]}”" if k + 2 == len(names) else f"“{names[k + 1]}” đến “{names[-1]}”"
    return f"{head}; tiếp theo ở sheet {rest} (một sheet Excel có tối đa {limit})."


def reference_line(c: Consolidation) -> str:
    """Row 2's statement of the figures' date: the due date, or today while the cycle is open."""
    if c.open:
        return msg("cyc.reference_line_open", "vi", date=format_date(c.reference), due=format_date(c.status.due))
    return msg("cyc.reference_line", "vi", date=format_date(c.reference))


def _sheet(wb, name: str, title: str, heads: list[str], widths: Sequence[float], fmt: _Fmt, landscape: bool = True,
           fit: bool = True, fit_wide: int = 3, note: str | None = None, head_height: float | None = None,
           head_fmt=None, title_col: int = 0, reference: Consolidation | None = None, repeat: bool = True):
    """A sheet with its title (row 1), a note (row 2: the reference date of its figures, then ``note``)
    and its header (row 3), written in row order: the workbook is in constant_memory mode, where a row
    written after a later one is lost."""
    ws = wb.add_worksheet(name)
    ws.write_string(0, title_col, title, fmt.title)
    if reference is not None:  # every sheet states the reference date of its figures
        line = reference_line(reference)
        note = f"{line} {note}" if note else line
    if note:
        _checked(ws, 1, title_col, ws.write_string(1, title_col, note, fmt.note))
    ws.set_row(2, head_height or max(30.0, row_height(list(zip(heads, widths, strict=True)), min_lines=1,
                                                      font_size=10)))
    for i, (h, w) in enumerate(zip(heads, widths, strict=True)):
        ws.set_column(i, i, w)
        _checked(ws, 2, i, ws.write_string(2, i, h, (head_fmt if head_fmt is not None and i else fmt.head)))
    ws.freeze_panes(3, 0)
    if landscape:
        ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    if fit:
        ws.fit_to_pages(1, 0)
    else:  # too wide for one page: a few pages across, the first column repeated
        ws.fit_to_pages(fit_wide, 0)
        ws.repeat_columns(0)
    if repeat:
        ws.repeat_rows(0, 2)  # the title and the header on every page
    ws.set_footer(f"&C&\"{L.FONT}\"&9Trang &P/&N")
    return ws


@fewer_collections()
def write_consolidated(definition: Definition, c: Consolidation, path: Path, trends: Trends | None = None,
                       progress: Progress | None = None, ahead: RowsAhead | None = None) -> Path:
    """The workbook; ``trends`` (the workspace's cycles up to this one) adds the sheet "Xu hướng" when
    two cycles or more have data (without them there is nothing to compare: no sheet).
    ``progress(done, total)``: rows of the every-answer sheet written (the bulk of the work).
    ``ahead``: those rows started in a second process (``answers_ahead``, for the same store and
    definition), taken here and closed; without it one is started here where it can be."""
    names = _names(definition)
    year = definition.cycle.year
    try:
        with atomic_workbook(path, constant_memory=True) as wb:
            wb.set_properties({"title": f"Tổng hợp kết quả thực hiện {definition.programme.symbol} năm {year}",
                               "author": "ctrxl", "created": dt.datetime(year, 12, 31)})
            f = _Fmt(wb)
            f.text._get_xf_index()  # the every-answer rows' format numbered first, as in a second process
            parts = _answer_parts(len(c.answers))
            if ahead is None:  # the every-answer rows in a second process meanwhile, where it can (ahead.py)
                ahead = _start_ahead(c.answers, names, parts, progress)
            _overview(wb, f, definition, c)
            if trends is not None and trends.comparable:
                _trends(wb, f, trends, c)
            _matrix(wb, f, definition, c, names)
            _by_agency(wb, f, definition, c, names)
            _by_task(wb, f, definition, c, names)
            _indicators(wb, f, c, names)
            sheets = _answer_sheets(wb, f, c, parts)
            _difficulties(wb, f, c, names)
            _tracker(wb, f, c)
            if ahead is None or not ahead.take(sheets, (f.text._get_xf_index(), parts)):
                _answer_rows_into(sheets, parts, f.text, c.answers, names, progress)
    finally:
        if ahead is not None:
            ahead.close()
    return path


def answers_ahead(definition: Definition, store, progress: Progress | None = None) -> RowsAhead | None:
    """The every-answer rows of ``store``'s accepted submissions started now in a second process, where it
    can (``ahead.py``), so that they are written while the figures are worked out: give it to
    ``write_consolidated`` (a context manager too: closed on exit, whatever happens before)."""
    answers, _ = load_answers(definition, store)
    return _start_ahead(answers, _names(definition), _answer_parts(len(answers)), progress)


def _start_ahead(answers: StoredAnswers, names: dict[str, str], parts: list[tuple[str, int]],
                 progress: Progress | None) -> RowsAhead | None:
    if not answers.private or not len(answers):
        return None

    def write(wb, sheets) -> Any:  # in the child, its own workbook: the format numbered as the parent's
        f = _Fmt(wb)
        index = f.text._get_xf_index()
        _answer_rows_into(sheets, parts, f.text, answers, names, progress)
        return index, parts

    return RowsAhead.start(len(parts), write, dict(TEXT_SAFE))


def _names(definition: Definition) -> dict[str, str]:
    return {code: a.name for code, a in definition.resolver.agencies.items()}


def _overview(wb, f: _Fmt, definition: Definition, c: Consolidation) -> None:
    ws = wb.add_worksheet("Tổng quan")
    ws.set_column(0, 0, 42)
    ws.set_column(1, 3, 14)
    ws.write_string(0, 0, f"TỔNG HỢP KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH {definition.programme.symbol} NĂM {c.status.year}",
                    f.title)
    ws.write_string(1, 0, reference_line(c), f.note)
    counts = c.status.counts()
    ws.write_string(3, 0, "Tình hình nộp biểu", f.head)
    ws.write_string(3, 1, "Số đơn vị", f.head)
    rows = [("Số đơn vị phải báo cáo", counts["expected"])] + [(state_label(s, "vi"), counts[s]) for s in
                                                             ("on_time", "late", "rejected", "missing")]
    for i, (label, n) in enumerate(rows, 4):
        ws.write_string(i, 0, label, f.text)
        ws.write_number(i, 1, n, f.num)
    r0 = 11
    ws.set_row(r0, 30)
    ws.write_string(r0, 0, "Kết quả thực hiện nhiệm vụ (lượt nhiệm vụ × đơn vị)", f.head)
    ws.write_string(r0, 1, "Số lượt", f.head)
    ws.write_string(r0, 2, "Tỷ lệ", f.head)
    for i, cat in enumerate(CATEGORIES, r0 + 1):
        ws.write_string(i, 0, CATEGORY_LABELS[cat], f.cat[cat])
        ws.write_number(i, 1, c.overall[cat], f.num)
        _cell(ws, i, 2, None if cat == "not_applicable" else share(c.overall, (cat,)), f.pct)
    last = r0 + len(CATEGORIES)
    ws.write_string(last + 1, 0, "Tổng số lượt đã báo cáo", f.bold)
    ws.write_formula(last + 1, 1, f"=SUM(B{r0 + 2}:B{last + 1})", f.num, sum(c.overall[k] for k in CATEGORIES))
    ws.write_string(last + 2, 0, "Tỷ lệ hoàn thành (đúng hạn và chậm hạn)", f.bold)
    _cell(ws, last + 2, 2, share(c.overall), f.pct_bold)
    ws.set_row(last + 3, 30)
    ws.write_string(last + 3, 0, "Số lượt nhiệm vụ chưa báo cáo (của các đơn vị chưa có biểu hợp lệ)", f.text)
    ws.write_number(last + 3, 1, c.overall["not_reported"], f.num)
    ws.write_string(last + 4, 0, "Số đơn vị chưa có biểu hợp lệ (chưa nộp hoặc phải gửi lại)", f.text)
    ws.write_number(last + 4, 1, counts["rejected"] + counts["missing"], f.num)
    r1 = last + 6
    ws.write_string(r1, 0, "Chỉ tiêu (số liệu toàn thành phố)", f.head)
    ws.write_string(r1, 1, "Số chỉ tiêu", f.head)
    verdicts = [x["city"]["verdict"] for x in c.indicators]
    for i, v in enumerate(("exceeded", "met", "missed", "no_data"), r1 + 1):
        ws.write_string(i, 0, VERDICTS[v].capitalize(), f.text)
        ws.write_number(i, 1, verdicts.count(v), f.num)
    pie = wb.add_chart({"type": "pie"})
    pie.add_series({"name": "Kết quả thực hiện nhiệm vụ", "categories": ["Tổng quan", r0 + 1, 0, last, 0],
                    "values": ["Tổng quan", r0 + 1, 1, last, 1],
                    "points": [{"fill": {"color": COLOURS[k]}, "border": {"color": "#7F7F7F"}} for k in CATEGORIES],
                    "data_labels": {"percentage": True}})
    pie.set_title({"name": "Phân bố tình trạng nhiệm vụ", "name_font": {"name": L.FONT, "size": 12}})
    pie.set_legend({"font": {"name": L.FONT, "size": 9}, "position": "right"})
    pie.set_size({"width": 600, "height": 330})
    ws.insert_chart(r1 + 6, 0, pie)
    # The completion rate of each agency with a valid return (no empty bars for the others),
    # from a data block in hidden columns, on a page of its own.
    reported = [(a, share(cnt)) for a, cnt in c.per_agency.items() if share(cnt) is not None]
    names = {code: x.name for code, x in definition.resolver.agencies.items()}
    data_col, top = 20, r1 + 6 + 18  # the bar chart on the second page, under the pie on the first
    ws.set_column(data_col, data_col + 1, 30, None, {"hidden": True})
    # rows after every visible one: the sheet is written in constant_memory mode (row order)
    ws.write_string(top, data_col, "Đơn vị", f.text)
    ws.write_string(top, data_col + 1, "Tỷ lệ hoàn thành", f.text)
    for i, (a, value) in enumerate(reported, top + 1):
        ws.write_string(i, data_col, names.get(a, a), f.text)
        ws.write_number(i, data_col + 1, value, f.pct)
    if reported:
        bar = wb.add_chart({"type": "bar"})
        bar.add_series({"name": "Tỷ lệ hoàn thành",
                        "categories": ["Tổng quan", top + 1, data_col, top + len(reported), data_col],
                        "values": ["Tổng quan", top + 1, data_col + 1, top + len(reported), data_col + 1],
                        "fill": {"color": "#4472C4"}, "gap": 40})
        bar.set_title({"name": f"Tỷ lệ hoàn thành nhiệm vụ của {len(reported)} đơn vị đã có biểu hợp lệ",
                       "name_font": {"name": L.FONT, "size": 12}})
        bar.set_x_axis({"min": 0, "max": 1, "num_format": "0%", "num_font": {"name": L.FONT, "size": 8},
                        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        bar.set_y_axis({"reverse": True, "interval_unit": 1,  # every agency named
                        "num_font": {"name": L.FONT, "size": 6 if len(reported) > 60 else 9}})
        bar.set_legend({"none": True})
        bar.show_hidden_data()  # its data are in hidden columns
        bar.set_size({"width": 600, "height": min(1150, max(300, 12 * len(reported) + 150))})
        ws.set_h_pagebreaks([top])
        ws.insert_chart(top, 0, bar)
    ws.set_portrait()
    ws.set_paper(9)
    ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.print_area(0, 0, top + 58, 3)
    ws.fit_to_pages(1, 0)
    ws.set_footer(f"&C&\"{L.FONT}\"&9Trang &P/&N")


def _matrix(wb, f: _Fmt, definition: Definition, c: Consolidation, names: dict[str, str]) -> None:
    agencies = [a for a in definition.reporting if a in c.per_agency]
    longest = max((len(names[a]) for a in agencies), default=10)
    rotated = wb.add_format({"font_name": L.FONT, "font_size": 9, "bold": True, "rotation": 90, "border": 1,
                             "bg_color": "#DDEBF7", "valign": "bottom", "align": "center"})
    # the legend on the row under the title, printed on every page with the header
    legend = ("Chú giải: " + "; ".join(f"{SHORT[k]}: {CATEGORY_LABELS[k]}" for k in (*CATEGORIES, "not_reported"))
              + " (đơn vị chưa có biểu hợp lệ); ô trống: nhiệm vụ không giao cho đơn vị.")
    tasks = definition.programme.tasks
    # column A has the task codes: past Excel's columns the agencies continue on further sheets
    per_sheet = MAX_COLS - 1
    sheets = _part_names("Ma trận tình trạng", max(1, -(-len(agencies) // per_sheet)))
    empty = (None, f.text)
    cells = {k: (SHORT[k], f.cat[k]) for k in f.cat}
    pairs = c.pairs
    for k, name in enumerate(sheets):
        part = agencies[k * per_sheet:(k + 1) * per_sheet]
        note = legend
        if len(sheets) > 1:
            note += " " + _continued("các đơn vị", k, sheets, k * per_sheet + 1, k * per_sheet + len(part),
                                     f"{format_number(MAX_COLS)} cột")
        ws = _sheet(wb, name, "MA TRẬN TÌNH TRẠNG THỰC HIỆN (nhiệm vụ × đơn vị)",
                    ["Mã nhiệm vụ"] + [names[a] for a in part], [12] + [6] * len(part), f, fit=False,
                    fit_wide=max(1, min(3, -(-len(part) // 40))), note=note,
                    head_height=min(409.0, longest * 5.2 + 12), head_fmt=rotated,  # the rotated names whole
                    title_col=1, reference=c)
        # Several pages across, with column A repeated: a title or legend overflowing from A would be cut
        # on the pages after the first (so they start in B, printed on the first page only), and every
        # page has them in its page header and footer.
        ws.repeat_rows(2)
        of = f" (phần {k + 1}/{len(sheets)})" if len(sheets) > 1 else ""
        ws.set_header(f"&C&\"{L.FONT},Bold\"&10MA TRẬN TÌNH TRẠNG THỰC HIỆN (nhiệm vụ × đơn vị){of}"
                      f"&R&\"{L.FONT}\"&8Trang &P/&N")
        ws.set_footer(f"&L&7{MATRIX_LEGEND}")
        def rows(part=part):  # a task per row: its code, then each agency's category (blank: not assigned)
            for task in tasks:
                row: list[tuple[Any, Any]] = [(task.code, f.center)]
                for a in part:
                    pair = pairs.get((task.code, a))
                    row.append(empty if pair is None else cells[pair["category"]])
                yield row

        if write_rows(ws, HEAD_ROWS, rows(), None, _cell, styled=True) != HEAD_ROWS + len(tasks):
            raise SheetFull(f"rows of sheet {name!r} not written")
        ws.freeze_panes(3, 1)


def _by_agency(wb, f: _Fmt, definition: Definition, c: Consolidation, names: dict[str, str]) -> None:
    heads = ["STT", "Đơn vị", "Tình trạng nộp"] + [CATEGORY_LABELS[k] for k in CATEGORIES] + [
        CATEGORY_LABELS["not_reported"], "Tổng số lượt", "Tỷ lệ hoàn thành", "Tỷ lệ quá hạn"]
    widths = [5, 40, 16] + [11] * (len(CATEGORIES) + 4)
    ws = _sheet(wb, "Theo đơn vị", "KẾT QUẢ THEO ĐƠN VỊ", heads, widths, f, reference=c)
    states = {s.code: s.state for s in c.status.agencies}
    heights: dict[int, RowSpec] = {}

    def rows():
        for r, (n, (a, counts)) in enumerate(enumerate(c.per_agency.items(), 1), 3):
            values = [n, names.get(a, a), state_label(states.get(a, "missing"), "vi")] + [
                counts[k] for k in CATEGORIES] + [counts["not_reported"], sum(counts[k] for k in CATEGORIES),
                                                  share(counts), share(counts, ("overdue",))]
            heights[r] = row_height([(str(values[1]), widths[1]), (str(values[2]), widths[2])], min_lines=1,
                                    font_size=10)
            yield [(v, f.pct if i >= len(values) - 2 else (f.num if isinstance(v, int) else f.text))
                   for i, v in enumerate(values)]

    r = write_rows(ws, 3, rows(), None, _cell, heights, styled=True)
    ws.autofilter(2, 0, max(r - 1, 3), len(heads) - 1)


def _by_task(wb, f: _Fmt, definition: Definition, c: Consolidation, names: dict[str, str]) -> None:
    heads = ["Mã nhiệm vụ", "Nội dung (rút gọn)", "Hạn", "Đơn vị chủ trì", "Tình trạng của chủ trì",
             "Đơn vị phối hợp và tình trạng"] + [CATEGORY_LABELS[k] for k in CATEGORIES] + [
        CATEGORY_LABELS["not_reported"], "Tỷ lệ hoàn thành", "Chủ trì và phối hợp khác nhau"]
    ws = _sheet(wb, "Theo nhiệm vụ", "KẾT QUẢ THEO NHIỆM VỤ (so sánh đơn vị chủ trì và phối hợp)", heads,
                [12, 45, 11, 24, 18, 34] + [10] * (len(CATEGORIES) + 3), f, reference=c)
    flagged = {d["task"] for d in c.disagreements}
    on = definition.reference_date
    heights: dict[int, RowSpec] = {}

    def rows():
        for r, task in enumerate(definition.programme.tasks, 3):
            roles = definition.resolver.task_roles(task, on)
            counts = c.per_task[task.code]

            def who(codes: list[str], code: str = task.code) -> str:
                return "; ".join(
                    f"{names[x]}: {STATUS_VI.get(c.pairs[(code, x)]['status'], CATEGORY_LABELS['not_reported'])}"
                    for x in codes)

            leads = roles[Role.LEAD]
            text = task.text if len(task.text) <= 200 else task.text[:197] + "…"
            first = c.pairs.get((task.code, (leads or roles[Role.EXECUTE] or [""])[0]))
            due = first.due if first is not None else None
            values: list[Any] = [task.code, text, format_date(dt.date.fromisoformat(due)) if due else "—",
                      "; ".join(names[x] for x in leads) or "—",
                      "; ".join(STATUS_VI.get(c.pairs[(task.code, x)]["status"], "—") for x in leads) or "—",
                      who(roles[Role.COORDINATE]) or "—"] + [counts[k] for k in CATEGORIES] + [
                counts["not_reported"], share(counts), "Có" if task.code in flagged else ""]
            heights[r] = row_height([(values[1], 45), (values[3], 24), (values[5], 34)], min_lines=1, font_size=10)
            yield [(v, f.flag if (i == len(values) - 1 and v) else (f.num if isinstance(v, int) else
                                                                     f.pct if isinstance(v, float) else f.text))
                   for i, v in enumerate(values)]

    write_rows(ws, 3, rows(), None, _cell, heights, styled=True)
    ws.autofilter(2, 0, 2 + max(len(definition.programme.tasks), 1), len(heads) - 1)


def _target_text(x: dict[str, Any]) -> str:
    """The target as read: ``≥ 90%``, ``Hoàn thành`` for a yes/no target (never ``= 1``)."""
    if not x["target"]:
        return ""
    if x["kind"] == "yesno":
        return "Hoàn thành" if x["target"].get("value") else "Không"
    return x["target"]["text"].removeprefix("= ") + ("%" if x["unit"] == "%" else "")


def _fraction(fig: dict[str, Any]) -> Any:
    """A ratio as a fraction (percent format), computed once from its numerator and denominator."""
    num, den = fig.get("numerator"), fig.get("denominator")
    return num / den if isinstance(num, (int, float)) and isinstance(den, (int, float)) and den else None


def _indicators(wb, f: _Fmt, c: Consolidation, names: dict[str, str]) -> None:
    heads = ["Mã chỉ tiêu", "Nội dung", "Chỉ tiêu đề ra", "Năm", "Đơn vị báo cáo / phải báo cáo", "Tổng tử số",
             "Tổng mẫu số", "Kết quả toàn thành phố", "Đánh giá", "Đơn vị", "Tử số", "Mẫu số", "Giá trị",
             "Đánh giá của đơn vị"]
    widths = [14, 40, 12, 9, 12, 10, 10, 12, 12, 34, 9, 9, 9, 12]
    ws = _sheet(wb, "Chỉ tiêu", "CHỈ TIÊU: SỐ LIỆU TOÀN THÀNH PHỐ (tổng tử số / tổng mẫu số) VÀ TỪNG ĐƠN VỊ", heads,
                widths, f, reference=c,
                note="Dòng của từng đơn vị được thu gọn dưới dòng toàn thành phố: bấm dấu + bên trái để mở.")
    ws.outline_settings(True, False, True, False)  # the city row above its agencies' rows
    heights: dict[int, RowSpec] = {}

    def rows():  # per indicator: the city row, then its agencies' rows folded under it
        r = 3
        blanks = [(None, f.text)] * 5
        for x in c.indicators:
            city = x["city"]
            ratio = x["kind"] == "ratio"
            head = [x["code"], x["text"], _target_text(x), "Hằng năm" if x["yearly"] else (x["year"] or ""),
                    f"{city['reported']}/{city['expected']}", city.get("numerator"), city.get("denominator"),
                    _fraction(city) if ratio else city["value"], VERDICTS[city["verdict"]]]
            heights[r] = (row_height([(x["text"], widths[1])], min_lines=1, font_size=10), {"collapsed": True})
            yield [(v, f.pct_bold if ratio and i == 7 else f.bold if i in (0, 7, 8) else
                    f.year if i == 3 and isinstance(v, int) else f.num if isinstance(v, (int, float)) else f.text)
                   for i, v in enumerate(head)] + blanks
            r += 1
            for row in x["agencies"]:
                name = names.get(row["agency"], row["agency"])
                values = [x["code"], "", "", "", "", None, None, None, "", name,
                          row.get("numerator"), row.get("denominator"), _fraction(row) if ratio else row["value"],
                          VERDICTS[row["verdict"]] if row["reported"] else "chưa nộp biểu"]
                heights[r] = (row_height([(name, widths[9])], min_lines=1, font_size=10), {"level": 1, "hidden": True})
                yield [(v, f.pct if ratio and i == 12 else
                        f.num if isinstance(v, (int, float)) and not isinstance(v, bool) else f.text)
                       for i, v in enumerate(values)]
                r += 1

    r = write_rows(ws, 3, rows(), None, _cell, heights, styled=True)
    ws.autofilter(2, 0, max(r - 1, 3), len(heads) - 1)


# The every-answer sheet and the submissions tracker: written here, read back by ``ctrxl history import``
# (collect/history_read.py) when an earlier year's consolidated workbook is brought into a workspace.
ANSWERS_SHEET = "Dữ liệu chi tiết"
ANSWERS_HEADS = ("Đơn vị", "Phần", "Mã", "Trường", "Giá trị", "Tệp nguồn", "Sheet", "Ô")
ANSWER_PARTS = {"task": "Nhiệm vụ", "indicator": "Chỉ tiêu", "assessment": "Đánh giá"}
TRACKER_SHEET = "Theo dõi nộp"
TRACKER_HEADS = ("STT", "Đơn vị", "Tình trạng", "Ngày nộp", "Số ngày chậm", "Tệp", "Lỗi", "Lưu ý", "Email")


def _answer_rows(answers: StoredAnswers, names: dict[str, str], per_sheet: int, heights: list[dict[int, RowSpec]],
                 progress: Progress | None, total: int) -> Iterator[tuple[Any, ...]]:
    """The every-answer sheet's rows as ``write_grouped_rows`` takes them, (agency), (part, code, field),
    value, (file), (sheet, cell), streamed from the store in (agency, kind, code, field) order, never
    all held; a tall row's height put in ``heights`` (one dict a sheet) before the row is given."""
    part, labels_of = ANSWER_PARTS, FIELD_LABELS
    dates = ("completed_on", "report_date")
    labels: dict[tuple[str, str, str], tuple[str, str, str]] = {}  # (kind, code, field) → its three cells
    tall: dict[str, float] = {}  # a long text → its row's height (the same text given by many agencies)
    i = 0  # answers given so far
    for agency, file, rows in answers.by_agency():
        who, source = (names.get(agency, agency),), (file,)
        for kind, code, fld, text, sheet, cell in rows:
            if progress and not i & 4095:
                progress(i, total)
            # (answer_value's common case, a text without escapes, inline)
            value = text[1:-1] if text and text[0] == '"' and "\\" not in text else answer_value(text)
            if fld == "status":
                value = STATUS_VI.get(value, value)
            elif fld in dates and isinstance(value, str):
                value = format_date(dt.date.fromisoformat(value))
            if isinstance(value, str) and len(value) > 50:
                height = tall.get(value)
                if height is None:
                    height = row_height([(value, 50)], min_lines=1, font_size=10)
                    if len(tall) < 20_000:  # (bounded: most long answers are each agency's own)
                        tall[value] = height
                heights[i // per_sheet][HEAD_ROWS + i % per_sheet] = height
            key = (kind, code, fld)
            label = labels.get(key)
            if label is None:
                label = labels[key] = (part[kind], code if kind != "assessment" else "",
                                       labels_of[kind].get(code if kind == "assessment" else fld, fld))
            i += 1
            yield who, label, value, source, (sheet, cell)


def _answer_parts(total: int) -> list[tuple[str, int]]:
    """The every-answer sheet's parts for ``total`` answers, (name, rows): past Excel's rows the answers
    continue on further sheets, each with the title, note and header."""
    per_sheet = MAX_ROWS - HEAD_ROWS
    names = _part_names(ANSWERS_SHEET, max(1, -(-total // per_sheet)))
    return [(name, min(per_sheet, total - k * per_sheet)) for k, name in enumerate(names)]


def _answer_sheets(wb, f: _Fmt, c: Consolidation, parts: list[tuple[str, int]]) -> list[Any]:
    """The every-answer sheet's parts with their title, note and header (rows: ``_answer_rows_into``)."""
    heads = list(ANSWERS_HEADS)
    total = len(c.answers)
    per_sheet = MAX_ROWS - HEAD_ROWS
    sheets = [name for name, _ in parts]
    lookup = (f"Bảng tra cứu ({format_number(total)} dòng, không in cả bảng): lọc theo đơn vị hoặc "
              "nhiệm vụ, chọn vùng cần in rồi in vùng đã chọn.")
    out = []
    for k, (name, size) in enumerate(parts):
        note = lookup
        if len(sheets) > 1:
            note += " " + _continued("các dòng", k, sheets, k * per_sheet + 1, k * per_sheet + size,
                                     f"{format_number(MAX_ROWS)} dòng")
        # a lookup table, not a document: printing it whole would be hundreds of pages
        ws = _sheet(wb, name, "TẤT CẢ CÂU TRẢ LỜI (kèm tệp và ô nguồn)", heads,
                    [34, 10, 14, 20, 50, 34, 14, 6], f, reference=c, note=note)
        ws.print_area(0, 0, 2, len(heads) - 1)
        ws.autofilter(2, 0, 2 + max(size, 1), len(heads) - 1)
        out.append(ws)
    return out


def _answer_rows_into(sheets: Sequence[Any], parts: list[tuple[str, int]], fmt, answers: StoredAnswers,
                      names: dict[str, str], progress: Progress | None = None) -> None:
    """The every-answer rows, from row ``HEAD_ROWS`` of each part's sheet (the parent's own, or a
    second process's scratch ones: ``RowsAhead``), every cell with ``fmt``; the agency, the labels, the
    file, sheet and cell as shared strings, the value inline."""
    total = len(answers)
    if progress:
        progress(0, total)
    heights: list[dict[int, RowSpec]] = [{} for _ in parts]
    stream = _answer_rows(answers, names, MAX_ROWS - HEAD_ROWS, heights, progress, total)
    for k, (ws, (name, size)) in enumerate(zip(sheets, parts, strict=True)):
        end = write_grouped_rows(ws, HEAD_ROWS, itertools.islice(stream, size), (1, 3, 0, 1, 2), fmt, _cell,
                                 heights[k])
        if end != HEAD_ROWS + size:  # every answer written, once
            raise SheetFull(f"{HEAD_ROWS + size - end} rows of sheet {name!r} not written")
    if progress:
        progress(total, total)  # done: the line goes (the child's own, when a child writes them)


def _difficulties(wb, f: _Fmt, c: Consolidation, names: dict[str, str]) -> None:
    widths = [34, 11, 24, 80]
    ws = _sheet(wb, "Khó khăn - đề xuất", "KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ THEO ĐƠN VỊ",
                ["Đơn vị", "Loại", "Nhiệm vụ / mục", "Nội dung"], widths, f, reference=c)
    # one row per agency, kind and text: the same sentence given for several tasks lists the tasks
    # (the store's order within an agency, as one query over both kinds gave it: its assessment, then its
    # tasks; rows of one agency, kind and tasks keep it through the sort below)
    grouped: dict[tuple[str, int, str], list[str]] = {}
    for agency, code, _fld, value in c.answers.values("assessment", ("value",)):
        if code in ("proposals", "weaknesses", "causes") and value:
            grouped.setdefault((agency, {"weaknesses": 0, "causes": 0, "proposals": 1}[code], str(value)),
                               []).append("Đánh giá chung")
    for agency, code, fld, value in c.answers.values("task", ("difficulties", "proposals")):
        if value:
            grouped.setdefault((agency, 0 if fld == "difficulties" else 1, str(value)), []).append(code)
    rows = [(agency, kind, "; ".join(dict.fromkeys(where)), text) for (agency, kind, text), where in grouped.items()]
    rows.sort(key=lambda x: (names.get(x[0], x[0]), x[1], x[2]))
    heights: dict[int, RowSpec] = {
        r: row_height([(text, widths[3]), (names.get(agency, agency), widths[0]), (where, widths[2])],
                      min_lines=1, font_size=10) for r, (agency, kind, where, text) in enumerate(rows, 3)}
    write_rows(ws, 3, ((names.get(agency, agency), "Khó khăn" if kind == 0 else "Đề xuất", where, text)
                       for agency, kind, where, text in rows), f.text, _cell, heights)
    ws.autofilter(2, 0, 2 + max(len(rows), 1), 3)


def _tracker(wb, f: _Fmt, c: Consolidation) -> None:
    heads = list(TRACKER_HEADS)
    ws = _sheet(wb, TRACKER_SHEET, "THEO DÕI NỘP BIỂU", heads, [5, 40, 24, 11, 9, 40, 6, 6, 30], f,
                reference=c)
    for r, s in enumerate(c.status.agencies, 3):
        day = _day(s.submitted_at, c.status.timezone)
        row = [r - 2, s.name, state_label(s.state, "vi"), format_date(day) if day else "",
               s.days_late, s.file, s.errors if s.submission else None, s.warnings if s.submission else None,
               "; ".join(s.emails)]
        ws.set_row(r, row_height([(s.name, 40), (s.file or "", 40), (str(row[8]), 30)], min_lines=1, font_size=10))
        for i, v in enumerate(row):
            _cell(ws, r, i, v, f.num if isinstance(v, int) else f.text)
    ws.autofilter(2, 0, 2 + max(len(c.status.agencies), 1), len(heads) - 1)


TREND_SHEET = "Xu hướng"


def _trend_rows(t: Trends) -> list[tuple[str, str, list[Any], str]]:
    """Table 1 of "Xu hướng": (label, unit, a value per year, kind: count | rate | text)."""
    ys = t.years
    rows: list[tuple[str, str, list[Any], str]] = [
        ("Ngày tính số liệu (hạn nộp, kỳ chưa đến hạn: hôm nay)", "ngày", [format_date(y.reference) for y in ys],
         "text")]
    for key, label in (("expected", "Số đơn vị phải báo cáo"), ("submitted", "Số đơn vị đã có biểu hợp lệ"),
                       ("on_time", "  trong đó: nộp đúng hạn"), ("late", "  nộp chậm hạn"),
                       ("rejected", "Số đơn vị phải gửi lại (biểu có lỗi)"), ("missing", "Số đơn vị chưa nộp")):
        rows.append((label, "đơn vị", [y.agencies[key] for y in ys], "count"))
    rows.append(("Tỷ lệ đơn vị nộp đúng hạn", "%",
                 [y.agencies["on_time"] / y.agencies["expected"] if y.agencies["expected"] else None for y in ys],
                 "rate"))
    rows.append(("Số lượt nhiệm vụ đã báo cáo", "lượt",
                 [sum(y.consolidation.overall[k] for k in CATEGORIES) for y in ys], "count"))
    for k in CATEGORIES:
        rows.append((f"  {CATEGORY_LABELS[k]}", "lượt", [y.consolidation.overall[k] for y in ys], "count"))
    rows.append((CATEGORY_LABELS["not_reported"] + " (đơn vị chưa có biểu hợp lệ)", "lượt",
                 [y.consolidation.overall["not_reported"] for y in ys], "count"))
    rows.append(("Tỷ lệ hoàn thành (đúng hạn và chậm hạn)", "%", [share(y.consolidation.overall) for y in ys], "rate"))
    rows.append(("Tỷ lệ hoàn thành đúng hạn", "%", [share(y.consolidation.overall, ("done_on_time",)) for y in ys],
                 "rate"))
    return rows


def _trends(wb, f: _Fmt, t: Trends, c: Consolidation) -> None:
    """Years side by side: the agencies and task pairs of each cycle, the rates, a chart of them; each
    indicator's city figure per year against its target path (trends.py), with a chart per indicator."""
    ys = [y.year for y in t.years]
    data = [y for y in t.years if y.has_data]
    last, prev = data[-1], data[-2]
    n = len(ys)
    first = 2  # the first year column
    change = first + n
    heads = ["Chỉ số", "Đơn vị tính"] + [f"Năm {y}" for y in ys] + [f"{last.year} so với {prev.year}"]
    widths = [50, 20] + [11] * n + [22]
    note = ("Mỗi năm tính đến hạn nộp (kỳ chưa đến hạn: đến hôm nay), cùng quy tắc; cột cuối: chênh lệch, "
            "tỷ lệ tính bằng điểm phần trăm.")
    # two tables and charts: the page header names the sheet, no header row repeated
    ws = _sheet(wb, TREND_SHEET, f"SO SÁNH CÁC KỲ BÁO CÁO {ys[0]}–{ys[-1]}", heads, widths, f, reference=c,
                note=note, repeat=False)
    ws.set_header(f"&C&\"{L.FONT},Bold\"&10{TREND_SHEET}: các kỳ báo cáo {ys[0]}–{ys[-1]}")
    points = wb.add_format({"font_name": L.FONT, "font_size": 10, "border": 1, "num_format": "+0.0;-0.0;0.0"})
    signed = wb.add_format({"font_name": L.FONT, "font_size": 10, "border": 1, "num_format": "+#,##0;-#,##0;0"})
    li, pi = ys.index(last.year), ys.index(prev.year)
    r = HEAD_ROWS
    rate_rows: dict[str, int] = {}
    for label, unit, values, kind in _trend_rows(t):
        _cell(ws, r, 0, label, f.bold if kind == "rate" else f.text)
        _cell(ws, r, 1, unit, f.center)
        for i, v in enumerate(values):
            _cell(ws, r, first + i, v, f.pct if kind == "rate" else f.num if kind == "count" else f.center)
        a, b = values[pi], values[li]
        if kind == "rate" and a is not None and b is not None:
            _cell(ws, r, change, round(100 * (b - a), 1), points)
        elif kind == "count" and a is not None and b is not None:
            _cell(ws, r, change, b - a, signed)
        else:
            _cell(ws, r, change, None, f.text)
        if kind == "rate":
            rate_rows[label] = r
        r += 1
    # the chart of the rates, under the table
    chart = wb.add_chart({"type": "line"})
    colours = ("#2E75B6", "#70AD47", "#ED7D31")
    for row, colour in zip(rate_rows.values(), colours, strict=False):
        chart.add_series({"name": [TREND_SHEET, row, 0], "categories": [TREND_SHEET, 2, first, 2, first + n - 1],
                          "values": [TREND_SHEET, row, first, row, first + n - 1],
                          "line": {"color": colour, "width": 2.25},
                          "marker": {"type": "circle", "size": 6, "fill": {"color": colour},
                                     "border": {"color": colour}},
                          "data_labels": {"value": True, "num_format": "0.0%", "position": "above",
                                          "font": {"name": L.FONT, "size": 8}}})
    chart.set_title({"name": "Tỷ lệ hoàn thành nhiệm vụ và tỷ lệ đơn vị nộp đúng hạn qua các năm",
                     "name_font": {"name": L.FONT, "size": 11}})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "num_font": {"name": L.FONT, "size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_x_axis({"num_font": {"name": L.FONT, "size": 9}})
    chart.set_legend({"position": "bottom", "font": {"name": L.FONT, "size": 9}})
    chart.set_size({"width": 760, "height": 300})
    r += 1
    ws.insert_chart(r, 0, chart, {"x_offset": 10})
    r += 17
    breaks = [r]
    # table 2: the indicators, a row of figures and a row of the target path each
    _cell(ws, r, 0, "CHỈ TIÊU: KẾT QUẢ TOÀN THÀNH PHỐ QUA CÁC NĂM VÀ LỘ TRÌNH ĐẾN NĂM ĐẠT CHỈ TIÊU", f.title)
    r += 1
    _cell(ws, r, 0, "Lộ trình: đường thẳng từ kết quả của năm đầu tiên có số liệu đến mức chỉ tiêu ở năm đạt chỉ tiêu; "
                    "chỉ tiêu hằng năm: mức chỉ tiêu mỗi năm (docs/cycles.md).", f.note)
    r += 1
    header = r
    ws.set_row(r, 30)
    for i, h in enumerate(["Chỉ tiêu", "Dòng"] + [f"Năm {y}" for y in ys] + [f"Đánh giá năm {last.year}"]):
        _cell(ws, r, i, h, f.head)
    r += 1
    charts = []
    for x in t.indicators:
        ratio, yesno = x["kind"] == "ratio", x["kind"] == "yesno"
        text = f"{x['code']}: {x['text']}"
        target = _target_text({"target": x["target"], "kind": x["kind"], "unit": x["unit"]})
        when = "hằng năm" if x["yearly"] else (f"đến năm {x['target_year']}" if x["target_year"] else "")
        by_year = {row["year"]: row for row in x["years"]}
        figures: list[Any] = []
        for y in ys:
            row = by_year[y]
            if row["value"] is None:
                figures.append(None)
            elif ratio:
                figures.append(row["numerator"] / row["denominator"] if row["denominator"] else None)
            elif yesno:
                figures.append(f"{row['yes']}/{row['reported']} có")
            else:
                figures.append(row["value"])
        verdict = by_year[last.year]
        track = {True: "Đạt lộ trình", False: "Chưa đạt lộ trình", None: ""}[verdict["on_track"]]
        lines = 1 if yesno else 2
        height = row_height([(text, widths[0])], min_lines=1, font_size=10)
        # constant_memory: the rows in order (the merge writes its blank in the second row)
        ws.set_row(r, max(15.0, height / lines))
        _cell(ws, r, 1, "Kết quả", f.text)
        fmt = f.pct if ratio else f.center if yesno else f.num
        for i, v in enumerate(figures):
            _cell(ws, r, first + i, v, fmt)
        _cell(ws, r, change, (VERDICTS[verdict["verdict"]].capitalize() + (f"; {track.lower()}" if track else "")),
              f.text)
        if lines == 1:
            _cell(ws, r, 0, text, f.text)
        if lines == 2:
            ws.set_row(r + 1, max(15.0, height / lines))
            ws.merge_range(r, 0, r + 1, 0, text, f.text)
            _cell(ws, r + 1, 1, f"Lộ trình {when} ({target})" if when else f"Lộ trình ({target})", f.text)
            for i, y in enumerate(ys):
                path = by_year[y]["path"]
                _cell(ws, r + 1, first + i, None if path is None else (path / 100 if ratio else path), fmt)
            _cell(ws, r + 1, change, None, f.text)
            if any(v is not None for v in figures):
                charts.append((x, r, ratio))
        r += lines
    # a chart per indicator with figures: its results and its path, two charts a row
    r += 1
    per_row, chart_rows = 2, 16
    for k, (x, row, ratio) in enumerate(charts):
        if k % (2 * per_row) == 0:
            breaks.append(r)
        ch = wb.add_chart({"type": "line"})
        cats = [TREND_SHEET, header, first, header, first + n - 1]
        ch.add_series({"name": "Kết quả", "categories": cats, "values": [TREND_SHEET, row, first, row, first + n - 1],
                       "line": {"color": "#2E75B6", "width": 2.25},
                       "marker": {"type": "circle", "size": 6, "fill": {"color": "#2E75B6"},
                                  "border": {"color": "#2E75B6"}},
                       "data_labels": {"value": True, "num_format": "0.0%" if ratio else "#,##0",
                                       "position": "above", "font": {"name": L.FONT, "size": 8}}})
        ch.add_series({"name": "Lộ trình", "categories": cats,
                       "values": [TREND_SHEET, row + 1, first, row + 1, first + n - 1],
                       "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"}, "marker": {"type": "none"}})
        title = f"{x['code']}: {x['text']}"
        ch.set_title({"name": title if len(title) <= 70 else title[:67].rsplit(" ", 1)[0] + "…",
                      "name_font": {"name": L.FONT, "size": 9}})
        ch.set_y_axis({"min": 0, **({"max": 1, "num_format": "0%"} if ratio else {}),
                       "num_font": {"name": L.FONT, "size": 8},
                       "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        ch.set_x_axis({"num_font": {"name": L.FONT, "size": 8}})
        ch.set_legend({"position": "bottom", "font": {"name": L.FONT, "size": 8}})
        ch.set_size({"width": 470, "height": 290})
        # a little below the row: a chart starting on a page break would draw its top border on both pages
        ws.insert_chart(r, 0, ch, {"x_offset": 5 if k % per_row == 0 else 480, "y_offset": 10})
        if k % per_row == per_row - 1 or k == len(charts) - 1:
            r += chart_rows
    ws.set_h_pagebreaks(breaks)
    ws.print_area(0, 0, r, change)
