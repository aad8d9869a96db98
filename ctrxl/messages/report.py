"""Messages of ``ctrxl report`` (Word reports of a cycle)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "report.no_template": ("Không tìm thấy mẫu báo cáo «{path}». Sửa template_city/template_agency trong mục [report] "
                           "của ctrxl.toml, hoặc để trống để dùng mẫu có sẵn.",
                           "Report template «{path}» not found. Fix template_city/template_agency in [report] of "
                           "ctrxl.toml, or leave it empty for the bundled one."),
    "report.bad_template": ("Mẫu báo cáo «{path}» có lỗi, không điền được: {detail}",
                            "Report template «{path}» cannot be filled: {detail}"),
    "report.unknown_agency": ("Không có đơn vị «{code}» trong các đơn vị báo cáo của chu kỳ. Mã hợp lệ, ví dụ: {available}",
                              "No agency «{code}» among the cycle's reporting agencies. Valid codes, e.g.: {available}"),
    "report.no_libreoffice": ("Không tìm thấy LibreOffice (lệnh soffice) nên chưa chuyển được sang PDF; các tệp Word "
                              "đã được ghi vào «{folder}». Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer "
                              "fonts-liberation2) rồi chạy lại «ctrxl report --pdf».",
                              "LibreOffice (soffice) was not found, so nothing was converted to PDF; the Word files "
                              "were written into «{folder}». Install LibreOffice (Debian/Ubuntu: sudo apt-get install "
                              "libreoffice-writer fonts-liberation2) and run «ctrxl report --pdf» again."),
    "report.pdf_failed": ("LibreOffice không chuyển được «{path}» sang PDF: {detail}",
                          "LibreOffice could not convert «{path}» to PDF: {detail}"),
    "report.no_chart": ("Không vẽ được biểu đồ (thiếu thư viện matplotlib?); báo cáo không có hình.",
                        "The chart could not be drawn (matplotlib missing?); the report has no picture."),
    "report.city_row": ("Báo cáo tổng hợp: {path}", "City report: {path}"),
    "report.review_row": ("Báo cáo sơ kết: {path}", "Review report: {path}"),
    "report.review_order": ("Năm bắt đầu ({start}) phải không sau năm kết thúc ({end}) (--from, --to).",
                            "The first year ({start}) must not come after the last ({end}) (--from, --to)."),
    "report.review_no_cycle": ("Không có kỳ báo cáo nào từ năm {start} đến năm {end} trong ctrxl.toml (có: {known}).",
                               "No reporting cycle from {start} to {end} in ctrxl.toml (known: {known})."),
    "report.review_agencies": ("Báo cáo sơ kết (--from, --to) không đi kèm --agency hay --all-agencies: chạy "
                               "riêng hai lệnh.",
                               "The review report (--from, --to) does not take --agency or --all-agencies: run two "
                               "commands."),
    "report.agency_row": ("Báo cáo của {name}: {path}", "Report of {name}: {path}"),
    "report.pdf_row": ("  PDF: {path}", "  PDF: {path}"),
    "report.done": ("Đã ghi {count} báo cáo vào «{folder}».", "Wrote {count} report(s) into «{folder}»."),
}
