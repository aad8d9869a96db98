"""Help of every command and option: ``help.COMMAND`` and ``help.COMMAND.PARAM``.

``help.ctrxl`` is the top-level command; a command of a group is ``help.GROUP.COMMAND``.
``ctrxl.cli_lang.localize`` puts them on the click objects before help is rendered;
``tests/test_cli_lang.py`` checks that every command and option has its entry.
"""

ENTRIES: dict[str, tuple[str, str]] = {
    "help.ctrxl": (
        "ctrxl — chu trình báo cáo hằng năm chương trình hành động: định nghĩa, biểu mẫu Excel, thu nhận, "
        "tổng hợp, báo cáo.",
        "ctrxl — the yearly reporting cycle of an action programme: definition, Excel forms, collection, "
        "consolidation, reports."),
    "help.ctrxl.workspace": ("Thư mục làm việc (mặc định: tìm ctrxl.toml từ thư mục hiện tại trở lên).",
                             "Workspace folder (default: the nearest ctrxl.toml from the current folder up)."),
    "help.ctrxl.lang": ("Ngôn ngữ thông báo (vi mặc định, en).", "Language of messages (vi by default, en)."),
    "help.ctrxl.debug": ("In chi tiết lỗi (traceback).", "Print error details (traceback)."),
    "help.ctrxl.year": ("Làm việc với kỳ báo cáo của năm này (mặc định: kỳ hiện tại, mục [cycle] của ctrxl.toml).",
                        "Work on the reporting cycle of this year (default: the current one, [cycle] of ctrxl.toml)."),
    "help.cycle": ("Các kỳ báo cáo theo năm: mở kỳ mới từ kỳ hiện tại, liệt kê các kỳ.",
                   "The yearly reporting cycles: open a new one from the current one, list them."),
    "help.cycle.new": ("Mở kỳ báo cáo năm NĂM từ kỳ hiện tại (hạn nộp, kỳ số liệu dời theo số năm); kỳ cũ giữ trong "
                       "[[cycles]].",
                       "Open the reporting cycle of YEAR from the current one (due date and data period shifted by "
                       "the years between); the old one is kept under [[cycles]]."),
    "help.cycle.new.as_json": ("In kỳ mới dưới dạng JSON.", "Print the new cycle as JSON."),
    "help.cycle.list": ("Liệt kê các kỳ báo cáo của thư mục làm việc: hạn nộp, kỳ số liệu, số biểu hợp lệ, mã định "
                        "nghĩa.",
                        "List the workspace's reporting cycles: due date, data period, accepted returns, "
                        "definition hash."),
    "help.cycle.list.as_json": ("In các kỳ dưới dạng JSON.", "Print the cycles as JSON."),
    "help.history": ("Số liệu các năm trước: nhập biểu, bảng tổng hợp hay bảng số liệu của các kỳ đã qua.",
                     "Earlier years: import the workbooks, consolidated workbooks or tables of past cycles."),
    "help.history.import": ("Nhập số liệu các năm trước vào kho: biểu đơn vị đã điền, bảng tổng hợp của ctrxl, hoặc "
                            "bảng đơn vị × nhiệm vụ (.xlsx, .csv). Mỗi tệp: nhập hết hoặc không nhập gì; nhập lại "
                            "cùng tệp không ghi trùng.",
                            "Import earlier years into the store: filled agency workbooks, ctrxl's consolidated "
                            "workbook, or an agency × task table (.xlsx, .csv). Each file is imported whole or not at "
                            "all; importing it again records nothing twice."),
    "help.history.import.year": ("Năm của số liệu khi tệp không ghi năm (mặc định: năm ghi trong tệp).",
                                 "The year of the figures when the file does not say (default: the file's own)."),
    "help.history.import.dry_run": ("Đọc và kiểm tra, không ghi gì.", "Read and check; write nothing."),
    "help.history.import.as_json": ("In kết quả từng tệp dưới dạng JSON.", "Print the outcome of every file as JSON."),
    "help.init": ("Tạo thư mục làm việc với ctrxl.toml và các tệp định nghĩa.",
                  "Create a workspace folder with ctrxl.toml and the definition files."),
    "help.init.example": ("Tạo từ ví dụ có sẵn, ví dụ: danang-nq21.",
                          "Start from a bundled example, e.g. danang-nq21."),
    "help.init.year": ("Năm của chu kỳ (khi không dùng ví dụ).", "Year of the cycle (without an example)."),
    "help.init.force": ("Ghi vào thư mục đã có tệp (không ghi đè tệp nào đã có).",
                        "Write into a folder that already holds files (no existing file is overwritten)."),
    "help.init.committee": ("Tên cấp ủy của văn phòng, ví dụ «Thành ủy Đà Nẵng», «Tỉnh ủy Quảng Ngãi»: đặt cho danh "
                            "bạ mẫu (--registry starter) và cho dòng đầu, địa danh của báo cáo trong ctrxl.toml.",
                            "The office's party committee, its Vietnamese name (the city or province committee "
                            "and the place): names the committee of the starter registry (--registry starter) and "
                            "the report's header and place in ctrxl.toml."),
    "help.init.registry": ("Danh bạ đơn vị điền sẵn vào dinh-nghia.xlsx: một tệp định nghĩa, hoặc «starter» (danh bạ "
                           "mẫu thành ủy/tỉnh ủy sau sắp xếp 2025).",
                           "Agency registry to prefill dinh-nghia.xlsx with: a definition file, or «starter» (a city "
                           "or province committee after the 2025 reorganisation)."),
    "help.convert": ("Chuyển định nghĩa giữa YAML (.yaml) và bảng tính Excel (.xlsx), hai chiều, không mất thông tin.",
                     "Convert a definition between YAML (.yaml) and the Excel workbook (.xlsx), both ways, "
                     "without loss."),
    "help.convert.registry": ("Danh bạ đơn vị ở tệp riêng, gộp vào tệp ghi ra.",
                              "The agency registry in a separate file, merged into the output."),
    "help.convert.registry_out": ("Khi ghi ra YAML: ghi danh bạ vào tệp riêng này.",
                                  "When writing YAML: write the registry into this separate file."),
    "help.convert.force": ("Ghi đè tệp đã có.", "Overwrite an existing file."),
    "help.convert.as_json": ("In kết quả dưới dạng JSON.", "Print the result as JSON."),
    "help.check": ("Kiểm tra định nghĩa chương trình và danh bạ đơn vị; thoát với mã 1 khi có lỗi.",
                   "Check the programme definition and the agency registry; exit code 1 on errors."),
    "help.check.as_json": ("In định nghĩa đã chuẩn hóa dưới dạng JSON.", "Print the normalised definition as JSON."),
    "help.generate": ("Tạo biểu mẫu Excel cho từng đơn vị báo cáo và ma trận phân công.",
                      "Create the Excel form of every reporting agency and the assignment matrix."),
    "help.generate.agencies": ("Chỉ tạo biểu mẫu cho đơn vị này (lặp lại được).",
                               "Only create the form of this agency (repeatable)."),
    "help.generate.jobs": ("Số tiến trình ghi song song (mặc định: số lõi CPU).",
                           "Number of parallel writer processes (default: the number of CPU cores)."),
    "help.generate.as_json": ("In danh sách biểu mẫu dưới dạng JSON.", "Print the list of forms as JSON."),
    "help.import": ("Nhập văn bản chương trình (.docx, .txt, .md) thành bản nháp định nghĩa cần rà soát.",
                    "Import a programme document (.docx, .txt, .md) as a draft definition to review."),
    "help.import.output": ("Ghi bản nháp vào tệp này: .xlsx là bảng tính định nghĩa (có trang Rà soát và danh bạ), "
                           ".yaml là YAML.",
                           "Write the draft to this file: .xlsx is the definition workbook (with the review sheet "
                           "and the registry), .yaml is YAML."),
    "help.import.as_json": ("In bản nháp dưới dạng JSON như «check --json», thêm «review».",
                            "Print the draft as JSON like «check --json», plus «review»."),
    "help.import.registry": ("Danh bạ đơn vị để đối chiếu tên: một tệp, hoặc «starter» (danh bạ mẫu có sẵn); "
                             "mặc định: của thư mục làm việc, nếu có.",
                             "Agency registry to match names against: a file, or «starter» (the bundled starter "
                             "registry); default: the workspace's, if any."),
    "help.import.symbol": ("Số ký hiệu chương trình, ví dụ 17-CTr/TU (khi văn bản không ghi).",
                           "The programme's symbol, e.g. 17-CTr/TU (when the document does not state it)."),
    "help.import.force": ("Ghi đè tệp -o đã có.", "Overwrite an existing -o file."),
    "help.collect": ("Thu nhận biểu đã điền (tệp, thư mục, .zip, .eml; mặc định: thư mục inbox), kiểm tra, lưu trữ, "
                     "ghi phiếu phản hồi.",
                     "Collect filled-in forms (files, folders, .zip, .eml; default: the inbox folder), check and "
                     "archive them, write receipts."),
    "help.collect.as_json": ("In kết quả từng tệp dưới dạng JSON.", "Print the outcome of every file as JSON."),
    "help.collect.strict": ("Thoát với mã 1 khi có biểu không hợp lệ.", "Exit with code 1 when a form is rejected."),
    "help.send": ("Gửi biểu mẫu cho từng đơn vị qua email (mật khẩu: biến môi trường hoặc nhập khi chạy).",
                  "Email every agency its form (password: environment variable or asked for)."),
    "help.send.agencies": ("Chỉ gửi cho đơn vị này (lặp lại được).", "Only send to this agency (repeatable)."),
    "help.send.dry_run": ("Ghi thư (.eml) vào thư mục outbox, không gửi.",
                          "Write the mails (.eml) to the outbox folder, do not send."),
    "help.send.resend": ("Gửi lại cả cho đơn vị đã được gửi.", "Send again to agencies already sent to."),
    "help.send.as_json": ("In kết quả từng thư dưới dạng JSON.", "Print the outcome of every mail as JSON."),
    "help.remind": ("Nhắc đơn vị chưa nộp (trước và sau hạn) và đề nghị đơn vị có biểu bị từ chối sửa, gửi lại.",
                    "Remind agencies that have not submitted (before and after the deadline) and ask agencies "
                    "with a rejected form to fix and resend it."),
    "help.remind.dry_run": ("Ghi thư (.eml) vào thư mục outbox, không gửi.",
                            "Write the mails (.eml) to the outbox folder, do not send."),
    "help.remind.resend": ("Gửi cả khi hôm nay đã nhắc đơn vị đó.", "Send even when the agency was reminded today."),
    "help.remind.as_json": ("In kết quả từng thư dưới dạng JSON.", "Print the outcome of every mail as JSON."),
    "help.fetch": ("Đọc hộp thư (IMAP), chuyển tệp đính kèm của thư mới cho «collect»; không sửa, không xóa thư "
                   "trên máy chủ.",
                   "Read the mailbox (IMAP) and pass the attachments of new mails to «collect»; nothing on the "
                   "server is changed or deleted."),
    "help.fetch.as_json": ("In thư đã đọc và kết quả thu nhận dưới dạng JSON.",
                           "Print the mails read and the collect outcome as JSON."),
    "help.status": ("Ai đã nộp (đúng hạn, chậm hạn), ai phải gửi lại, ai chưa nộp; số ngày còn lại đến hạn.",
                    "Who submitted (on time, late), who must resend, who has not submitted; "
                    "days left to the deadline."),
    "help.status.as_json": ("In tình hình nộp của từng đơn vị dưới dạng JSON.",
                            "Print every agency's submission status as JSON."),
    "help.consolidate": ("Tổng hợp mọi biểu hợp lệ vào một tệp Excel: thống kê, chỉ tiêu, biểu đồ, dữ liệu chi tiết.",
                         "Consolidate every valid form into one Excel file: statistics, indicators, charts, "
                         "detailed data."),
    "help.consolidate.as_json": ("In các số liệu tổng hợp và đường dẫn tệp dưới dạng JSON.",
                                 "Print the consolidated figures and the file path as JSON."),
    "help.report": ("Điền báo cáo Word: báo cáo tổng hợp của thành phố và báo cáo riêng của từng đơn vị, sẵn sàng "
                    "trình ký.",
                    "Fill in the Word reports: the city's consolidated report and each agency's own report, ready "
                    "to sign."),
    "help.report.agencies": ("Thêm báo cáo riêng của đơn vị này (lặp lại được).",
                             "Add this agency's own report (repeatable)."),
    "help.report.all_agencies": ("Thêm báo cáo riêng của mọi đơn vị đã nộp biểu hợp lệ.",
                                 "Add the own report of every agency with a valid form."),
    "help.report.pdf": ("Chuyển các báo cáo sang PDF bằng LibreOffice.",
                        "Convert the reports to PDF with LibreOffice."),
    "help.report.start": ("Báo cáo sơ kết từ kỳ báo cáo của năm này (cùng --to): mỗi năm một dòng, tiến độ các chỉ "
                          "tiêu.",
                          "Review report from the cycle of this year (with --to): a row per year, the indicators' "
                          "progress."),
    "help.report.end": ("Báo cáo sơ kết đến kỳ báo cáo của năm này (mặc định: kỳ hiện tại).",
                        "Review report up to the cycle of this year (default: the current one)."),
    "help.report.as_json": ("In danh sách báo cáo đã ghi dưới dạng JSON.",
                            "Print the list of reports written as JSON."),
    "help.demo": ("Chạy cả chu trình trên ví dụ có sẵn (tạo thư mục làm việc, kiểm tra, tạo biểu mẫu, mô phỏng đơn "
                  "vị gửi lại, thu nhận).",
                  "Run the whole cycle on a bundled example (create a workspace, check, generate forms, simulate "
                  "agencies' returns, collect)."),
    "help.demo.example": ("Ví dụ dùng để chạy thử.", "The example to run."),
    "help.demo.force": ("Chạy trong thư mục đã có tệp (không phải thư mục làm việc).",
                        "Run in a folder that already holds files (not a workspace)."),
}
