"""The receipt (phiếu phản hồi): what collect found in one submission, cell by cell, in Vietnamese.

An office can send it back to the agency as it is: outcome, file, time received,
then every problem with its sheet, cell, the value found, what is wrong and how
to fix it. Written atomically; the same submission gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import clock
from ..messages import msg
from ..problems import Problem, Severity
from ..workbook import layout as L
from ..xlsxout import atomic_workbook


def received_text(received: str, timezone: str | None = None) -> str:
    """``14 giờ 05 phút, ngày 15/12/2025 (giờ Việt Nam)``: an ISO moment in the office's zone,
    the Vietnamese way; a text that is not a moment is shown as it is."""
    try:
        moment = dt.datetime.fromisoformat(received)
    except (TypeError, ValueError):
        return received
    if moment.tzinfo is not None:
        moment = moment.astimezone(clock.zone(timezone))
    zone = " (giờ Việt Nam)" if (timezone or clock.DEFAULT_TIMEZONE) == clock.DEFAULT_TIMEZONE else f" ({timezone})"
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, ngày {moment.strftime('%d/%m/%Y')}{zone}"


# column widths: STT, severity, sheet, cell, value, problem, fix (one A4 landscape page wide)
WIDTHS = (5, 9, 14, 7, 24, 50, 46)


def _lines_needed(text: str, width: float) -> int:
    per_line = max(1.0, width * 1.3)  # 11 pt Times New Roman letters in a width unit
    return sum(max(1, -(-len(part) // int(per_line))) for part in (text or "").split("\n"))


def write_receipt(path: Path, *, programme: str, year: int, agency_name: str | None, file_name: str,
                  received: str, outcome: str, problems: list[Problem], due: dt.date | None = None,
                  timezone: str | None = None) -> Path:
    with atomic_workbook(path, in_memory=True) as wb:
        wb.set_properties({"title": f"Phiếu phản hồi — {agency_name or file_name}", "author": "ctrxl",
                           "created": dt.datetime(year, 1, 1)})
        base = {"font_name": L.FONT, "font_size": 11, "text_wrap": True, "valign": "top"}
        f_title = wb.add_format({**base, "bold": True, "font_size": 14})
        f_bold = wb.add_format({**base, "bold": True})
        f_text = wb.add_format(base)
        f_head = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#DDEBF7", "align": "center"})
        f_cell = wb.add_format({**base, "border": 1})
        f_err = wb.add_format({**base, "border": 1, "bold": True, "font_color": "#C00000"})
        f_warn = wb.add_format({**base, "border": 1, "font_color": "#9C5700"})
        ws = wb.add_worksheet("Phản hồi")
        for i, w in enumerate(WIDTHS):
            ws.set_column(i, i, w)
        ws.set_row(0, 24)
        ws.merge_range(0, 0, 0, 6, "PHIẾU PHẢN HỒI KẾT QUẢ TIẾP NHẬN BIỂU BÁO CÁO", f_title)
        lines = [
            ("Chương trình", f"{programme} — kỳ báo cáo năm {year}"),
            ("Đơn vị", agency_name or "Chưa xác định được"),
            ("Tệp đã nhận", file_name),
            ("Thời điểm nhận", received_text(received, timezone)),
            ("Kết quả", msg(f"col.outcome.{outcome}", "vi")),
        ]
        errors = sum(1 for p in problems if p.severity == Severity.ERROR)
        if outcome == "rejected":
            lines.append(("Đề nghị", f"Sửa {errors} lỗi dưới đây và gửi lại biểu"
                          + (f" trước ngày {due.strftime('%d/%m/%Y')}." if due else ".")))
        label_width, value_width = WIDTHS[0] + WIDTHS[1], sum(WIDTHS[2:])
        for r, (label, value) in enumerate(lines, start=2):
            # the label over two merged columns (not cut by the value's column), the value over the rest
            ws.set_row(r, 15 * max(_lines_needed(label, label_width), _lines_needed(value, value_width)) + 3)
            ws.merge_range(r, 0, r, 1, label, f_bold)
            ws.merge_range(r, 2, r, 6, value, f_text)
        r = len(lines) + 3
        if not problems:
            ws.merge_range(r, 0, r, 6, "Biểu hợp lệ, không có lưu ý. Cảm ơn đơn vị.", f_bold)
        else:
            for i, head in enumerate(("STT", "Mức độ", "Sheet", "Ô", "Giá trị", "Vấn đề", "Cách sửa")):
                ws.write_string(r, i, head, f_head)
            ordered = sorted(problems, key=lambda p: (p.severity != Severity.ERROR,))
            for n, p in enumerate(ordered, 1):
                rr = r + n
                error = p.severity == Severity.ERROR
                # each text rendered once (a message is a catalogue template filled in), always in
                # Vietnamese: the receipt goes back to the agency
                sheet, value = p.location.sheet or "", (p.value_text() or "")[:500]
                message, hint = p.message("vi"), p.hint("vi") or ""
                texts = [(sheet, WIDTHS[2]), (value, WIDTHS[4]), (message, WIDTHS[5]), (hint, WIDTHS[6])]
                ws.set_row(rr, 15 * max(_lines_needed(t, w) for t, w in texts) + 3)  # no text under the next row
                ws.write_string(rr, 0, str(n), f_cell)
                ws.write_string(rr, 1, "Lỗi" if error else "Lưu ý", f_err if error else f_warn)
                ws.write_string(rr, 2, sheet, f_cell)
                ws.write_string(rr, 3, p.location.cell or "", f_cell)
                ws.write_string(rr, 4, value, f_cell)
                ws.write_string(rr, 5, message, f_cell)
                ws.write_string(rr, 6, hint, f_cell)
            ws.autofilter(r, 0, r + len(ordered), 6)
            ws.freeze_panes(r + 1, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        ws.fit_to_pages(1, 0)
        if problems:
            ws.repeat_rows(r)  # the table's header on every page
        ws.set_footer(f"&C&\"{L.FONT}\"&9Trang &P/&N")
    return path
