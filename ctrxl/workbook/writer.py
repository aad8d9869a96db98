"""Write one agency's workbook from its form, with xlsxwriter.

Everything about *what* goes where comes from ``ctrxl.workbook.layout``; this module only
knows *how* to draw it: formats, validations, protection, print setup. Text is
always written with ``write_string`` so agency or programme text starting with
``=`` or ``http`` stays text. Output is deterministic: fixed document dates and
a fixed order of everything, so the same form gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from pathlib import Path
from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..model import IndicatorKind
from ..vn import format_date
from ..xlsxout import atomic_workbook, write_cells
from . import layout as L
from .forms import AgencyForm, role_label

if TYPE_CHECKING:
    import xlsxwriter

GREY = "#F2F2F2"
HEADER_FILL = "#DDEBF7"
REQUIRED_FILL = "#FFF2CC"
DATE_FORMAT = "dd/mm/yyyy"


class _Formats:
    """The workbook's cell formats, created once per workbook."""

    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": L.FONT, "font_size": 11, "valign": "top", "text_wrap": True}
        cell = {**base, "border": 1}

        def f(**kw):
            return wb.add_format({**base, **kw})

        self.title = f(bold=True, font_size=14, align="center", valign="vcenter")
        self.subtitle = f(italic=True, align="center", valign="vcenter")
        self.info = f(valign="vcenter")
        self.info_bold = f(bold=True, valign="vcenter")
        self.header = wb.add_format({**cell, "bold": True, "align": "center", "valign": "vcenter",
                                     "bg_color": HEADER_FILL})
        self.locked = wb.add_format({**cell, "bg_color": GREY})
        self.locked_center = wb.add_format({**cell, "bg_color": GREY, "align": "center"})
        self.input = wb.add_format({**cell, "locked": False})
        self.input_code = wb.add_format({**cell, "locked": False, "num_format": "@"})
        self.input_date = wb.add_format({**cell, "locked": False, "num_format": DATE_FORMAT, "align": "center"})
        self.input_number = wb.add_format({**cell, "locked": False, "num_format": "#,##0.##"})
        self.computed = wb.add_format({**cell, "bg_color": GREY, "num_format": "0.0#", "bold": True})
        self.label = wb.add_format({**cell, "bg_color": GREY, "bold": True})
        self.required = wb.add_format({"bg_color": REQUIRED_FILL})
        self.guide_head = f(bold=True, font_size=12, text_wrap=False)
        self.guide = f(font_size=12)
        self.guide_bold = f(font_size=12, bold=True)


def _protect(ws) -> None:
    # No password: the protection keeps honest clerks from editing programme text
    # by accident; every returned value is validated anyway (the legacy sheet
    # password hash is weak, so it would add no real security).
    ws.protect("", {
        "autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
        "select_locked_cells": True, "select_unlocked_cells": True,
    })


def _footer(form: AgencyForm) -> str:
    """The page footer: the programme and the agency on the left (Excel allows 255 characters)."""
    left = f"Chương trình {form.programme_symbol} — năm {form.cycle_year} — {form.agency_name}"
    tail = f"&C&\"{L.FONT}\"&10Trang &P/&N"
    head = f"&L&\"{L.FONT}\"&8"
    room = 255 - len(head) - len(tail)
    return head + (left if len(left) <= room else left[:room - 1] + "…").replace("&", "&&") + tail


def _print_setup(ws, header_row: int | None, form: AgencyForm | None = None) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_footer(_footer(form) if form is not None else f"&C&\"{L.FONT}\"&10Trang &P/&N")


def _info_rows(ws, fmt: _Formats, form: AgencyForm, title: str, width: int) -> None:
    last = width - 1
    ws.merge_range(0, 0, 0, last, title, fmt.title)
    ws.set_row(0, 24)
    ws.merge_range(1, 0, 1, last, form.programme_brief or (
        f"Chương trình hành động số {form.programme_symbol}"
        + (f" ngày {format_date(form.programme_date)}" if form.programme_date else "")), fmt.subtitle)
    ws.merge_range(2, 0, 2, last, f"Đơn vị báo cáo: {form.agency_name}", fmt.info_bold)
    period = ""
    if form.period_start and form.period_end:
        period = f" — Số liệu từ ngày {format_date(form.period_start)} đến ngày {format_date(form.period_end)}"
    ws.merge_range(3, 0, 3, last, f"Gửi về trước ngày {format_date(form.due)}{period}", fmt.info)


def row_height(cells: list[tuple[str, float]], min_lines: int = 2, font_size: float = 11) -> float:
    """Points needed to show wrapped text, estimated from its length and the column widths.

    Set explicitly because LibreOffice (and so its PDF export) does not re-fit rows
    that a generator left at the default height. A column width unit is one '0' of
    the default font; Times New Roman fits about 1.45 average Vietnamese letters in it
    (measured in LibreOffice; Excel is close).
    """
    return _row_height(tuple(cells), min_lines, font_size)


@functools.lru_cache(maxsize=8192)  # every agency has the same task texts: estimate each row once per process
def _row_height(cells: tuple[tuple[str, float], ...], min_lines: int, font_size: float) -> float:
    lines = min_lines
    for text, width in cells:
        per_line = max(1.0, width * 1.45 * 11 / font_size)
        n = sum(max(1, math.ceil(len(part) / per_line)) for part in (text or "").split("\n"))
        lines = max(lines, n)
    return round(lines * font_size * 1.25 + 4, 1)


def _validation_message(text: str) -> str:
    return text if len(text) <= 250 else text[:247] + "…"


def _table_sheet(wb, fmt: _Formats, form: AgencyForm, name: str, title: str, cols: tuple[L.Column, ...]):
    """A sheet with the info rows and the header row of a layout table; returns (sheet, header row index)."""
    ws = wb.add_worksheet(name)
    ws.hide_gridlines(2)
    for i, col in enumerate(cols):
        ws.set_column(i, i, col.width)
    _info_rows(ws, fmt, form, title, len(cols))
    h = L.HEADER_ROW - 1
    ws.set_row(h, 33)
    for i, col in enumerate(cols):
        ws.write_string(h, i, col.header, fmt.header)
    return ws, h


# the keys of a task row's texts (``values`` in ``_tasks_sheet``)
_TASK_VALUES = frozenset(("serial", "task_code", "section", "task_text", "role", "deadline", "previous_status",
                          "previous_result"))


def _tasks_sheet(wb, fmt: _Formats, form: AgencyForm) -> None:
    cols = L.TASK_COLUMNS
    ws, h = _table_sheet(wb, fmt, form, L.SHEET_TASKS, f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {form.cycle_year}", cols)
    first = h + 1
    shown = [(c.key, c.width) for c in cols if c.key in _TASK_VALUES]  # the columns the row height reads
    # Each column's cell when the task has no earlier answer: (column, key of its text or None for
    # an input cell, format) — the same cells, in the same order, as the loop below writes.
    plain: list[tuple[int, str | None, object]] = []
    for i, col in enumerate(cols):
        if col.input:
            plain.append((i, None, {L.Kind.DATE: fmt.input_date, L.Kind.PERCENT: fmt.input_number}.get(
                col.kind, fmt.input)))
        else:
            centered = col.kind in (L.Kind.SERIAL, L.Kind.CODE) or col.key == "role"
            plain.append((i, col.key, fmt.locked_center if centered else fmt.locked))
    for n, row in enumerate(form.tasks):
        r = first + n
        values = {
            "serial": str(n + 1), "task_code": row.code, "section": row.section, "task_text": row.text,
            "role": role_label(row.role), "deadline": row.deadline or "Không ghi thời hạn",
        }
        prev = form.previous_tasks.get(row.code)
        values["previous_status"] = prev.status if prev else ""
        values["previous_result"] = prev.result if prev else ""
        ws.set_row(r, row_height([(values[key], width) for key, width in shown]))
        if prev is None or prev.done_in is None:
            write_cells(ws, r, [(i, None if key is None else values[key], style) for i, key, style in plain])
            continue
        for i, col in enumerate(cols):
            if col.input and prev is not None and prev.done_in is not None and col.key in ("status", "completed_on"):
                # a one-off task completed in an earlier cycle: its answer is there already
                if col.key == "status":
                    ws.write_string(r, i, L.STATUS_LABELS[L.Status.DONE], fmt.input)
                elif prev.completed_on is not None:
                    ws.write_datetime(r, i, dt.datetime.combine(prev.completed_on, dt.time()), fmt.input_date)
                else:
                    ws.write_blank(r, i, None, fmt.input_date)
            elif col.input:
                style = {L.Kind.DATE: fmt.input_date, L.Kind.PERCENT: fmt.input_number}.get(col.kind, fmt.input)
                ws.write_blank(r, i, None, style)
            else:
                centered = col.kind in (L.Kind.SERIAL, L.Kind.CODE) or col.key == "role"
                ws.write_string(r, i, values[col.key], fmt.locked_center if centered else fmt.locked)
    last = first + max(len(form.tasks), 1) - 1
    idx = {c.key: i for i, c in enumerate(cols)}
    status_col, date_col, progress_col = idx["status"], idx["completed_on"], idx["progress"]
    status_labels = list(L.STATUS_LABELS.values())
    list_col = xl_col_to_name(L.META_LIST_COLUMN)
    meta_status = f"={L.SHEET_META}!${list_col}$2:${list_col}${1 + len(status_labels)}"
    if form.tasks:
        ws.data_validation(first, status_col, last, status_col, {
            "validate": "list", "source": meta_status,
            "input_title": "Tình trạng thực hiện",
            "input_message": _validation_message("Chọn: " + "; ".join(status_labels) + "."),
            "error_title": "Giá trị không hợp lệ",
            "error_message": "Chọn một tình trạng trong danh sách thả xuống.",
        })
        lo = form.programme_date or dt.date(2000, 1, 1)
        hi = dt.date(form.cycle_year, 12, 31)
        ws.data_validation(first, date_col, last, date_col, {
            "validate": "date", "criteria": "between", "minimum": lo, "maximum": hi,
            "input_title": "Ngày hoàn thành",
            "input_message": "Ghi ngày/tháng/năm, ví dụ 15/11/2025. Bắt buộc khi đã hoàn thành.",
            "error_title": "Ngày không hợp lệ",
            "error_message": f"Ghi một ngày từ {format_date(lo)} đến {format_date(hi)}, dạng ngày/tháng/năm.",
        })
        ws.data_validation(first, progress_col, last, progress_col, {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
            "input_title": "Tiến độ (%)", "input_message": "Số từ 0 đến 100.",
            "error_title": "Tiến độ không hợp lệ", "error_message": "Tiến độ là một số từ 0 đến 100.",
        })
        status_cell = f"${xl_col_to_name(status_col)}{first + 1}"
        date_cell = f"${xl_col_to_name(date_col)}{first + 1}"
        ws.conditional_format(first, status_col, last, status_col, {"type": "blanks", "format": fmt.required})
        ws.conditional_format(first, date_col, last, date_col, {
            "type": "formula",
            "criteria": f'=AND({status_cell}="{L.STATUS_LABELS[L.Status.DONE]}",LEN({date_cell})=0)',
            "format": fmt.required,
        })
    ws.freeze_panes(first, 2)
    ws.autofilter(h, 0, last, len(cols) - 1)
    _print_setup(ws, h, form)
    _protect(ws)


def _result_formula(kind: str, r: int, idx: dict[str, int]) -> str:
    num = xl_rowcol_to_cell(r, idx["numerator"])
    den = xl_rowcol_to_cell(r, idx["denominator"])
    val = xl_rowcol_to_cell(r, idx["value"])
    if kind == IndicatorKind.RATIO:
        return f'=IF(AND(ISNUMBER({num}),ISNUMBER({den}),{den}>0),ROUND({num}/{den}*100,2),"")'
    if kind == IndicatorKind.YESNO:
        return f'=IF({val}="","",{val})'
    return f'=IF(ISNUMBER({val}),{val},"")'


def _multi(rows: list[int], col: int) -> str:
    return " ".join(xl_rowcol_to_cell(r, col) for r in rows)


def _indicator_rules(ws, fmt: _Formats, rows_by_kind: dict[str, list[int]], idx: dict[str, int], yes_no: str) -> None:
    """Validation per kind of indicator, one rule per column covering all rows of that kind
    (a rule per row multiplies the XML and the writing time for nothing)."""
    num_c, den_c, val_c = idx["numerator"], idx["denominator"], idx["value"]
    ratio = rows_by_kind.get(IndicatorKind.RATIO, [])
    if ratio:
        num, den = xl_rowcol_to_cell(ratio[0], num_c), xl_rowcol_to_cell(ratio[0], den_c)
        ws.data_validation(ratio[0], num_c, ratio[0], num_c, {
            "validate": "custom", "value": f"=AND(ISNUMBER({num}),{num}>=0,OR(NOT(ISNUMBER({den})),{num}<={den}))",
            "multi_range": _multi(ratio, num_c),
            "input_title": "Tử số", "input_message": "Số không âm, không lớn hơn mẫu số.",
            "error_title": "Tử số không hợp lệ", "error_message": "Tử số phải là số không âm và không lớn hơn mẫu số.",
        })
        ws.data_validation(ratio[0], den_c, ratio[0], den_c, {
            "validate": "decimal", "criteria": ">", "value": 0, "multi_range": _multi(ratio, den_c),
            "input_title": "Mẫu số", "input_message": "Tổng số, lớn hơn 0.",
            "error_title": "Mẫu số không hợp lệ", "error_message": "Mẫu số phải là số lớn hơn 0.",
        })
    yesno = rows_by_kind.get(IndicatorKind.YESNO, [])
    if yesno:
        ws.data_validation(yesno[0], val_c, yesno[0], val_c, {
            "validate": "list", "source": yes_no, "multi_range": _multi(yesno, val_c),
            "input_title": "Giá trị", "input_message": "Chọn Có hoặc Không.",
            "error_title": "Giá trị không hợp lệ", "error_message": "Chọn Có hoặc Không trong danh sách.",
        })
    values = rows_by_kind.get(IndicatorKind.COUNT, []) + rows_by_kind.get(IndicatorKind.VALUE, [])
    if values:
        values.sort()
        ws.data_validation(values[0], val_c, values[0], val_c, {
            "validate": "decimal", "criteria": ">=", "value": 0, "multi_range": _multi(values, val_c),
            "input_title": "Giá trị", "input_message": "Con số đạt được (không âm).",
            "error_title": "Giá trị không hợp lệ", "error_message": "Ghi một số không âm.",
        })


def _indicators_sheet(wb, fmt: _Formats, form: AgencyForm) -> None:
    cols = L.INDICATOR_COLUMNS
    ws, h = _table_sheet(wb, fmt, form, L.SHEET_INDICATORS, f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {form.cycle_year}",
                         cols)
    idx = {c.key: i for i, c in enumerate(cols)}
    first = h + 1
    rows_by_kind: dict[str, list[int]] = {}
    yes_no = f"={L.SHEET_META}!${xl_col_to_name(L.META_LIST_COLUMN + 1)}$2:${xl_col_to_name(L.META_LIST_COLUMN + 1)}$3"
    for n, x in enumerate(form.indicators):
        r = first + n
        values = {"serial": str(n + 1), "indicator_code": x.code, "indicator_text": x.text, "unit": x.unit,
                  "target": x.target, "year": x.year, "method": x.method,
                  "previous_value": form.previous_indicators.get(x.code, "")}
        ratio = x.kind == IndicatorKind.RATIO
        ws.set_row(r, row_height([(values[c.key], c.width) for c in cols if c.key in values]))
        for i, col in enumerate(cols):
            if col.key in values:
                centered = col.kind in (L.Kind.SERIAL, L.Kind.CODE) or col.key in ("unit", "target", "year")
                ws.write_string(r, i, values[col.key], fmt.locked_center if centered else fmt.locked)
            elif col.key in ("numerator", "denominator"):
                ws.write_blank(r, i, None, fmt.input_number if ratio else fmt.locked)
            elif col.key == "value":
                ws.write_blank(r, i, None, fmt.locked if ratio else fmt.input_number)
            elif col.key == "result":
                ws.write_formula(r, i, _result_formula(x.kind, r, idx), fmt.computed, "")
            else:
                ws.write_blank(r, i, None, fmt.input)
        rows_by_kind.setdefault(x.kind, []).append(r)
    last = first + max(len(form.indicators), 1) - 1
    _indicator_rules(ws, fmt, rows_by_kind, idx, yes_no)
    if form.indicators:
        # Required and still empty: an unlocked input cell that is blank. One rule for the
        # whole block (CELL("protect") tells inputs from locked cells in Excel and LibreOffice).
        top = xl_rowcol_to_cell(first, idx["numerator"])
        ws.conditional_format(first, idx["numerator"], last, idx["value"], {
            "type": "formula", "criteria": f'=AND(ISBLANK({top}),CELL("protect",{top})=0)', "format": fmt.required})
    if not form.indicators:
        ws.merge_range(first, 0, first, len(cols) - 1, "Đơn vị không có chỉ tiêu phải báo cáo.", fmt.locked)
    ws.freeze_panes(first, 2)
    ws.autofilter(h, 0, last, len(cols) - 1)
    _print_setup(ws, h, form)
    _protect(ws)


def _assessment_sheet(wb, fmt: _Formats, form: AgencyForm) -> None:
    ws = wb.add_worksheet(L.SHEET_ASSESSMENT)
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 12, None, {"hidden": True})
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 95)
    ws.merge_range(0, 1, 0, 2, f"ĐÁNH GIÁ CHUNG NĂM {form.cycle_year}", fmt.title)
    ws.set_row(0, 24)
    ws.merge_range(1, 1, 1, 2, f"Đơn vị báo cáo: {form.agency_name}", fmt.info_bold)
    first = 3
    required = [first + n for n, fld in enumerate(L.ASSESSMENT_FIELDS) if fld.required]
    ws.conditional_format(required[0], 2, required[0], 2, {"type": "blanks", "format": fmt.required,
                                                          "multi_range": _multi(required, 2)})
    for n, fld in enumerate(L.ASSESSMENT_FIELDS):
        r = first + n
        ws.write_string(r, 0, fld.key)
        ws.write_string(r, 1, fld.label, fmt.label)
        style = {L.Kind.DATE: fmt.input_date, L.Kind.CODE: fmt.input_code}.get(fld.kind, fmt.input)
        ws.write_blank(r, 2, None, style)
        ws.set_row(r, fld.height if fld.height > 15 else 20)
        if fld.kind == L.Kind.DATE:
            ws.data_validation(r, 2, r, 2, {
                "validate": "date", "criteria": "between",
                "minimum": dt.date(form.cycle_year, 1, 1), "maximum": dt.date(form.cycle_year + 1, 12, 31),
                "input_title": "Ngày báo cáo", "input_message": "Ghi ngày/tháng/năm.",
                "error_title": "Ngày không hợp lệ", "error_message": "Ghi ngày báo cáo dạng ngày/tháng/năm.",
            })
        elif fld.help:
            ws.data_validation(r, 2, r, 2, {"validate": "any", "input_title": fld.label[:32],
                                            "input_message": _validation_message(fld.help)})
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_footer(_footer(form))
    _protect(ws)


def _guide_sheet(wb, fmt: _Formats, form: AgencyForm) -> None:
    ws = wb.add_worksheet(L.SHEET_GUIDE)
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 100)
    r = 0
    ws.merge_range(r, 0, r, 1, "HƯỚNG DẪN ĐIỀN BIỂU BÁO CÁO", fmt.title)
    ws.set_row(r, 26)
    r += 2
    c = form.contact
    facts = [
        ("Chương trình", form.programme_citation or (
            f"Chương trình hành động số {form.programme_symbol}"
            + (f" ngày {format_date(form.programme_date)}" if form.programme_date else ""))),
        ("Trích yếu", form.programme_title),
        ("Kỳ báo cáo", f"Năm {form.cycle_year}" + (
            f" (số liệu từ ngày {format_date(form.period_start)} đến ngày {format_date(form.period_end)})"
            if form.period_start and form.period_end else "")),
        ("Đơn vị báo cáo", form.agency_name),
        ("Thời hạn gửi", f"trước ngày {format_date(form.due)}"),
        ("Nơi nhận", ", ".join(x for x in (c.office, c.email) if x) or "—"),
        ("Liên hệ", ", ".join(x for x in (c.person, c.phone) if x) or "—"),
        ("Số nhiệm vụ, chỉ tiêu", f"{len(form.tasks)} nhiệm vụ, {len(form.indicators)} chỉ tiêu"),
    ]
    def line(label: str, value: str, label_fmt) -> None:
        nonlocal r
        ws.write_string(r, 0, label, label_fmt)
        ws.write_string(r, 1, value, fmt.guide)
        ws.set_row(r, row_height([(label, 30), (value, 100)], min_lines=1, font_size=12))
        r += 1

    for label, value in facts:
        line(label, value, fmt.guide_bold)
    r += 1
    ws.write_string(r, 0, "Cách điền", fmt.guide_head)
    r += 1
    for n, step in enumerate(L.guide_steps(bool(form.indicators)), 1):
        line(f"Bước {n}", step, fmt.guide_bold)
    r += 1
    ws.write_string(r, 0, "Chú giải tình trạng", fmt.guide_head)
    r += 1
    for status, label in L.STATUS_LABELS.items():
        line(label, L.STATUS_HELP[status], fmt.guide_bold)
    tables = [(f"Các cột của sheet «{L.SHEET_TASKS}»", L.TASK_COLUMNS)]
    if form.indicators:
        tables.append((f"Các cột của sheet «{L.SHEET_INDICATORS}»", L.INDICATOR_COLUMNS))
    for title, cols in tables:
        r += 1
        ws.write_string(r, 0, title, fmt.guide_head)
        r += 1
        for col in cols:
            if not col.help:
                continue
            line(col.header + (" (điền)" if col.input else ""), col.help, fmt.guide_bold)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    _protect(ws)


def _meta_sheet(wb, fmt: _Formats, form: AgencyForm) -> None:
    ws = wb.add_worksheet(L.SHEET_META)
    ws.write_string(0, 0, L.META_MARKER)
    for n, (key, value) in enumerate(form.identity.items()):
        ws.write_string(L.META_FIRST_ROW - 1 + n, 0, key)
        ws.write_string(L.META_FIRST_ROW - 1 + n, 1, value)
    ws.write_string(0, L.META_LIST_COLUMN, "status")
    for n, label in enumerate(L.STATUS_LABELS.values()):
        ws.write_string(1 + n, L.META_LIST_COLUMN, label)
    ws.write_string(0, L.META_LIST_COLUMN + 1, "yes_no")
    for n, label in enumerate(L.YES_NO_LABELS):
        ws.write_string(1 + n, L.META_LIST_COLUMN + 1, label)
    _protect(ws)
    ws.very_hidden()


def write_agency_workbook(form: AgencyForm, path: Path) -> Path:
    """Write ``form`` to ``path`` atomically (a temporary file in the same folder, then rename)."""
    with atomic_workbook(path, in_memory=True) as wb:
        created = dt.datetime(form.cycle_year, 1, 1)
        wb.set_properties({
            "title": f"Báo cáo năm {form.cycle_year} — {form.programme_symbol} — {form.agency_name}",
            "subject": f"Chương trình hành động số {form.programme_symbol}",
            "author": form.contact.office or "ctrxl",
            "company": form.contact.office or "",
            "comments": "Tạo bằng ctrxl; không sửa sheet ẩn «ctrxl».",
            "created": created,
        })
        for key, value in form.identity.items():
            wb.set_custom_property(L.PROPERTY_PREFIX + key, value)
            wb.define_name(L.NAME_PREFIX + key, '="' + value.replace('"', '""') + '"')
        fmt = _Formats(wb)
        _guide_sheet(wb, fmt, form)
        _tasks_sheet(wb, fmt, form)
        if L.SHEET_INDICATORS in L.workbook_sheets(bool(form.indicators)):
            _indicators_sheet(wb, fmt, form)
        _assessment_sheet(wb, fmt, form)
        _meta_sheet(wb, fmt, form)
    return path
