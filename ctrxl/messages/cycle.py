"""Cycles over years: ``ctrxl cycle new|list``, ``--year``, the reference date of the figures."""
from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # ctrxl status: an agency's state in the cycle (track/status.py), and the lines it prints
    "cyc.state.on_time": ("Đã nộp đúng hạn", "Submitted on time"),
    "cyc.state.late": ("Đã nộp, chậm hạn", "Submitted late"),
    "cyc.state.rejected": ("Phải gửi lại (biểu có lỗi)", "Must resend (errors)"),
    "cyc.state.missing": ("Chưa nộp", "Nothing received"),
    "cyc.status_head_left": ("Kỳ báo cáo năm {year} — hạn nộp {due}, còn {days} ngày",
                             "Cycle {year} — due {due}, {days} days left"),
    "cyc.status_head_overdue": ("Kỳ báo cáo năm {year} — hạn nộp {due}, đã quá hạn {days} ngày",
                                "Cycle {year} — due {due}, {days} days overdue"),
    "cyc.status_summary": ("{expected} đơn vị: {on_time} đúng hạn, {late} chậm hạn, {rejected} phải gửi lại, "
                           "{missing} chưa nộp",
                           "{expected} agencies: {on_time} on time, {late} late, {rejected} must resend, "
                           "{missing} nothing received"),
    "cyc.status_col_agency": ("Đơn vị", "Agency"),
    "cyc.status_col_state": ("Tình trạng", "State"),
    "cyc.status_col_rest": ("Ngày nộp    Lỗi/Lưu ý", "Submitted   Errors/Warnings"),
    "cyc.status_days_late": (" ({days} ngày)", " ({days} days)"),
    "cyc.reference_line": ("Số liệu tính đến ngày {date} (hạn nộp của kỳ báo cáo); chỉ tính biểu hợp lệ.",
                             "Figures as of {date} (the cycle's due date); valid workbooks only."),
    "cyc.reference_line_open": ("Số liệu tính đến ngày {date} (hôm nay, chưa đến hạn nộp {due}: chưa đầy đủ); chỉ "
                                  "tính biểu hợp lệ.",
                                  "Figures as of {date} (today, before the due date {due}: not yet complete); valid "
                                  "workbooks only."),
    "cyc.unknown_year": ("Không có kỳ báo cáo năm {year} trong ctrxl.toml (có: {known}). Mở kỳ mới: ctrxl cycle new {year}",
                           "No {year} cycle in ctrxl.toml (known: {known}). Open one: ctrxl cycle new {year}"),
    "cyc.exists": ("Kỳ báo cáo năm {year} đã có trong ctrxl.toml.", "The {year} cycle is already in ctrxl.toml."),
    "cyc.not_after": ("Năm {year} phải sau kỳ hiện tại ({current}).",
                        "Year {year} must come after the current cycle ({current})."),
    "cyc.no_table": ("ctrxl.toml không có bảng [cycle] để chuyển sang kỳ mới.",
                       "ctrxl.toml has no [cycle] table to carry over."),
    "cyc.new_done": ("Đã mở kỳ báo cáo năm {year}: hạn nộp {due}, kỳ số liệu {start} – {end}. Kỳ {previous} được giữ "
                       "trong [[cycles]] của ctrxl.toml.",
                       "Opened the {year} cycle: due {due}, data period {start} – {end}. The {previous} cycle is kept "
                       "under [[cycles]] in ctrxl.toml."),
    "cyc.list_head": ("Năm   Hạn nộp     Kỳ số liệu               Nộp hợp lệ  Định nghĩa",
                        "Year  Due         Data period              Accepted    Definition"),
    "cyc.list_row": ("{year}  {due:<10}  {period:<23}  {accepted:>10}  {hash}{current}",
                       "{year}  {due:<10}  {period:<23}  {accepted:>10}  {hash}{current}"),
    "cyc.current_mark": ("  (kỳ hiện tại)", "  (current)"),
}
