"""The master assignment matrix: tasks × agencies with the role of each (C / P / T).

Sheet «Ma trận»: one row per task, one column per reporting agency (Vietnamese
order), totals per task and per agency, frozen panes, printable on A3 landscape.
Sheet «Đơn vị»: each agency's workbook file, its roles count and its contacts.
The counts are formulas with correct cached values, so the file reads right in
any application and in a preview that does not recalculate.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from .. import clock
from ..definition.load import Definition
from ..vn import format_date
from ..xlsxout import atomic_workbook, write_cells
from . import layout as L
from .writer import row_height

SHEET_MATRIX = "Ma trận"
SHEET_AGENCIES = "Đơn vị"


def matrix_cells(definition: Definition) -> tuple[list[str], list[str], dict[tuple[str, str], str]]:
    """(task codes, agency codes, {(task, agency): role letter}) for the cycle."""
    on = definition.reference_date
    cells: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for t in definition.programme.tasks:
        for role, codes in definition.resolver.task_roles(t, on).items():
            for code in codes:
                cells[(t.code, code)] = L.ROLE_LETTERS[role]
                used.add(code)
    agencies = [c for c in definition.reporting if c in used]
    return [t.code for t in definition.programme.tasks], agencies, cells


def _role_counts(tasks: list[str], agencies: list[str], cells: dict[tuple[str, str], str]) -> dict[str, dict[str, int]]:
    """For each agency, how many tasks it leads (C), supports (P) and executes (T): one pass over the
    cells instead of one per agency and letter."""
    counts = {a: {"C": 0, "P": 0, "T": 0} for a in agencies}
    wanted = set(tasks)
    for (task, agency), letter in cells.items():
        if task in wanted and agency in counts and letter in counts[agency]:
            counts[agency][letter] += 1
    return counts


def write_matrix(definition: Definition, path: Path, files: dict[str, str] | None = None) -> Path:
    files = files or {}
    tasks, agencies, cells = matrix_cells(definition)
    task_by_code = {t.code: t for t in definition.programme.tasks}
    resolver = definition.resolver
    year = definition.cycle.year if definition.cycle else clock.today().year
    with atomic_workbook(path) as wb:
        wb.set_properties({"title": f"Ma trận phân công — {definition.programme.symbol} — {year}",
                           "author": "ctrxl", "created": dt.datetime(year, 1, 1)})
        base = {"font_name": L.FONT, "font_size": 10, "border": 1, "valign": "top", "text_wrap": True}
        f_title = wb.add_format({"font_name": L.FONT, "font_size": 14, "bold": True})
        f_head = wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#DDEBF7"})
        f_vert = wb.add_format({**base, "bold": True, "rotation": 90, "align": "center", "valign": "bottom",
                                "bg_color": "#DDEBF7"})
        f_text = wb.add_format(base)
        f_center = wb.add_format({**base, "align": "center"})
        f_roles = {
            "C": wb.add_format({**base, "align": "center", "bold": True, "bg_color": "#F8CBAD"}),
            "P": wb.add_format({**base, "align": "center", "bg_color": "#DDEBF7"}),
            "T": wb.add_format({**base, "align": "center", "bg_color": "#E2EFDA"}),
        }
        f_total = wb.add_format({**base, "bold": True, "align": "center", "bg_color": "#F2F2F2"})

        ws = wb.add_worksheet(SHEET_MATRIX)
        fixed = ["STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ (rút gọn)", "Thời hạn", "Số chủ trì", "Số phối hợp",
                 "Số thực hiện"]
        nfix = len(fixed)
        ws.write_string(0, 0, f"MA TRẬN PHÂN CÔNG THỰC HIỆN CHƯƠNG TRÌNH {definition.programme.symbol} — NĂM {year}",
                        f_title)
        f_note = wb.add_format({"font_name": L.FONT, "font_size": 10, "italic": True})
        ws.write_string(1, 0, "C: chủ trì · P: phối hợp · T: thực hiện. Đơn vị sắp theo thứ tự tên tiếng Việt; "
                              f"phân công theo tổ chức bộ máy ngày {format_date(definition.reference_date)}.", f_note)
        h = 3
        ws.set_row(h, 150)
        for i, label in enumerate(fixed):
            ws.write_string(h, i, label, f_head)
        for j, code in enumerate(agencies):
            ws.write_string(h, nfix + j, resolver.agencies[code].name, f_vert)
        widths = [5, 11, 48, 14, 7, 7, 7]
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        ws.set_column(nfix, nfix + max(len(agencies), 1) - 1, 3.6)
        first_agency_col = xl_col_to_name(nfix)
        last_agency_col = xl_col_to_name(nfix + max(len(agencies), 1) - 1)
        for n, code in enumerate(tasks):
            r = h + 1 + n
            t = task_by_code[code]
            text = t.text if len(t.text) <= 160 else t.text[:157].rstrip() + "…"
            ws.write_string(r, 0, str(n + 1), f_center)
            ws.write_string(r, 1, code, f_center)
            ws.write_string(r, 2, text, f_text)
            ws.set_row(r, row_height([(text, widths[2]), (t.deadline.text, widths[3])], min_lines=1, font_size=10))
            ws.write_string(r, 3, t.deadline.text, f_text)
            letters = [cells.get((code, a), "") for a in agencies]
            rng = f"${first_agency_col}{r + 1}:${last_agency_col}{r + 1}"
            for k, letter in enumerate(("C", "P", "T")):
                ws.write_formula(r, 4 + k, f'=COUNTIF({rng},"{letter}")', f_total, letters.count(letter))
            # a letter or a formatted blank per agency: the write_string / write_blank calls in one step
            write_cells(ws, r, [(nfix + j, letter, f_roles[letter]) if letter else (nfix + j, None, f_text)
                                for j, letter in enumerate(letters)])
        last = h + len(tasks)
        role_counts = _role_counts(tasks, definition.reporting, cells)
        for k, (label, letter) in enumerate((("Số nhiệm vụ chủ trì", "C"), ("Số nhiệm vụ phối hợp", "P"),
                                             ("Số nhiệm vụ thực hiện", "T"))):
            r = last + 1 + k
            ws.merge_range(r, 0, r, nfix - 1, label, f_total)
            for j, a in enumerate(agencies):
                col = xl_col_to_name(nfix + j)
                count = role_counts[a][letter]
                ws.write_formula(r, nfix + j, f'=COUNTIF({col}{h + 2}:{col}{last + 1},"{letter}")', f_total, count)
        ws.freeze_panes(h + 1, nfix)
        ws.autofilter(h, 0, last, nfix + max(len(agencies), 1) - 1)
        # A city has a hundred agencies: fitting them on one page width makes print
        # unreadable, so print at a fixed scale across pages, repeating task columns.
        ws.set_landscape()
        ws.set_paper(8)  # A3
        ws.set_print_scale(80)
        ws.repeat_rows(h)
        ws.repeat_columns(0, 2)
        ws.set_footer(f"&C&\"{L.FONT}\"&9Trang &P/&N")

        wa = wb.add_worksheet(SHEET_AGENCIES)
        heads = ["STT", "Mã đơn vị", "Tên đơn vị", "Tệp biểu mẫu", "Chủ trì", "Phối hợp", "Thực hiện", "Chỉ tiêu",
                 "Email"]
        for i, (label, w) in enumerate(zip(heads, (5, 16, 40, 48, 8, 8, 8, 8, 36), strict=True)):
            wa.write_string(0, i, label, f_head)
            wa.set_column(i, i, w)
        indicator_count: dict[str, int] = {}
        for x in definition.programme.indicators:
            for code in resolver.assignees(x.reporters, definition.reference_date):
                indicator_count[code] = indicator_count.get(code, 0) + 1
        for n, code in enumerate(definition.reporting):
            r = n + 1
            agency = resolver.agencies[code]
            counts = [role_counts[code][letter] for letter in ("C", "P", "T")]
            values = [str(n + 1), code, agency.name, files.get(code, "")]
            for i, v in enumerate(values):
                wa.write_string(r, i, v, f_center if i < 2 else f_text)
            for k, count in enumerate(counts + [indicator_count.get(code, 0)]):
                wa.write_number(r, 4 + k, count, f_center)
            wa.write_string(r, 8, "; ".join(agency.emails), f_text)
        wa.freeze_panes(1, 3)
        wa.autofilter(0, 0, max(len(definition.reporting), 1), len(heads) - 1)
        wa.set_landscape()
        wa.set_paper(9)
        wa.fit_to_pages(1, 0)
        wa.repeat_rows(0)
    return path


__all__ = ["write_matrix", "matrix_cells", "SHEET_MATRIX", "SHEET_AGENCIES"]
