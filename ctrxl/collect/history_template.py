"""The blank table for ``ctrxl history import`` (``templates/xlsx/lich-su-nhiem-vu.xlsx``): one row
per agency × task or agency × indicator, the columns of ``history_read.TABLE_COLUMNS``.

Written by ``python -m ctrxl.resources.make_xlsx``; a test checks the committed file byte for byte.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..workbook import layout as L
from ..xlsxout import atomic_workbook
from .history_read import TABLE_COLUMNS

TEMPLATE_NAME = "lich-su-nhiem-vu.xlsx"
DATA_SHEET = "Lịch sử"
# In the order a clerk fills them; each header is the first one history_read accepts for its column.
ORDER = ("year", "agency_code", "agency_name", "task_code", "indicator_code", "status", "completed_on", "progress",
         "results", "evidence", "difficulties", "proposals", "numerator", "denominator", "value", "note", "submitted")
WIDTHS = {"agency_name": 34, "results": 40, "evidence": 26, "difficulties": 26, "proposals": 26, "note": 22,
          "status": 24}
GUIDE = (
    "NHẬP SỐ LIỆU CÁC NĂM TRƯỚC VÀO CTRXL",
    "",
    f"Điền ở sheet «{DATA_SHEET}»: mỗi dòng là kết quả của một đơn vị với một nhiệm vụ (ghi Mã nhiệm vụ) hoặc "
    "một chỉ tiêu (ghi Mã chỉ tiêu), trong một năm. Không đổi tên cột ở dòng 1; có thể bỏ các cột không dùng.",
    "Năm: năm của kỳ báo cáo (ví dụ 2025); để trống thì dùng tùy chọn --year khi nhập.",
    "Đơn vị: ghi Mã đơn vị, hoặc Tên đơn vị như trong danh bạ (không phân biệt hoa thường, cách bỏ dấu hoà/hòa).",
    "Tình trạng: " + "; ".join(L.STATUS_LABELS.values()) + ". Đã hoàn thành thì ghi Ngày hoàn thành.",
    "Ngày ghi theo ngày/tháng/năm, ví dụ 15/3/2025. Tiến độ: số từ 0 đến 100.",
    "Chỉ tiêu tỷ lệ: ghi Tử số và Mẫu số; chỉ tiêu số lượng, giá trị: ghi Giá trị; có/không: ghi Có hoặc Không.",
    "Ngày nộp: ngày đơn vị đã nộp báo cáo năm đó (để tính đúng hạn, chậm hạn); để trống thì coi như nộp đúng hạn.",
    "Nhập: ctrxl history import lich-su.xlsx (thêm --dry-run để kiểm tra trước, không ghi gì). "
    "Nhập lại cùng tệp không ghi trùng.",
)


def write_table_template(path: Path) -> Path:
    with atomic_workbook(path) as wb:
        wb.set_properties({"title": "Số liệu các năm trước (ctrxl history import)", "author": "ctrxl",
                           "created": dt.datetime(2025, 1, 1)})
        base = {"font_name": L.FONT, "font_size": 11, "valign": "top", "text_wrap": True}
        head = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#DDEBF7", "align": "center"})
        text = wb.add_format({**base, "num_format": "@"})
        title = wb.add_format({**base, "bold": True, "font_size": 13, "text_wrap": False})
        guide = wb.add_worksheet("Hướng dẫn")
        guide.set_column(0, 0, 62)
        guide.set_paper(9)
        guide.fit_to_pages(1, 0)
        for r, line in enumerate(GUIDE):
            guide.set_row(r, 16 * max(1, -(-len(line) // 85)) + 2)  # wrapped lines need their height
            guide.write_string(r, 0, line, title if r == 0 else text)
        ws = wb.add_worksheet(DATA_SHEET)
        for c, key in enumerate(ORDER):
            ws.set_column(c, c, WIDTHS.get(key, 13), text)
            ws.write_string(0, c, TABLE_COLUMNS[key][0], head)
        ws.set_row(0, 32)
        ws.freeze_panes(1, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        status = ORDER.index("status")
        ws.data_validation(1, status, 5000, status, {"validate": "list", "source": list(L.STATUS_LABELS.values()),
                                                     "error_type": "warning"})
        wb.worksheets()[1].activate()
    return path
