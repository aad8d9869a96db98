"""``ctrxl history import``: the problems of an earlier year's file, and what the command prints
(docs/history-import.md lists the codes)."""

ENTRIES: dict[str, tuple[str, str]] = {
    # problems (errors: the file is not imported)
    "hist.no_year": ("không xác định được năm của số liệu: tệp không ghi năm", "the year of the figures is unknown: "
                     "the file does not say"),
    "hist.no_year.hint": ("Ghi năm bằng tùy chọn --year NĂM, hoặc thêm cột «Năm» vào bảng.",
                          "Give it with --year YEAR, or add a «Năm» column to the table."),
    "hist.bad_year": ("năm «{value}» không hợp lệ (cần bốn chữ số, ví dụ 2025)",
                      "«{value}» is not a year (four digits, e.g. 2025)"),
    "hist.year_mismatch": ("tệp là số liệu năm {found}, khác năm {given} đã chọn bằng --year",
                           "the file holds {found}'s figures, not {given} as --year says"),
    "hist.year_mismatch.hint": ("Bỏ tùy chọn --year (năm lấy từ tệp), hoặc nhập tệp của đúng năm.",
                                "Drop --year (the file's year is used), or import the file of that year."),
    "hist.not_earlier": ("năm {year} không phải một năm trước kỳ hiện tại ({current}): chỉ nhập được số liệu các năm "
                         "trước",
                         "{year} is not before the current cycle ({current}): only earlier years can be imported"),
    "hist.not_earlier.hint": ("Số liệu của kỳ hiện tại thu nhận bằng «ctrxl collect».",
                              "The current cycle's returns are collected with «ctrxl collect»."),
    "hist.definition_errors": ("định nghĩa có {errors} lỗi với kỳ báo cáo năm {year}, ví dụ: {first}",
                               "the definition has {errors} errors for the {year} cycle, e.g.: {first}"),
    "hist.definition_errors.hint": ("Danh bạ phải có cả các đơn vị của năm đó (kèm ngày hoạt động và kế thừa); "
                                    "thêm rồi nhập lại.",
                                    "The registry needs that year's agencies too (with their dates and "
                                    "successions); add them and import again."),
    "hist.csv_encoding": ("tệp CSV không đọc được bảng mã (cần UTF-8)", "the CSV file's encoding is unreadable "
                          "(UTF-8 expected)"),
    "hist.csv_encoding.hint": ("Trong Excel: Lưu thành › CSV UTF-8 (Comma delimited).",
                               "In Excel: Save As › CSV UTF-8 (Comma delimited)."),
    "hist.no_table": ("không tìm thấy bảng số liệu: cần một dòng tiêu đề có cột {columns}",
                      "no table found: a header row with the columns {columns} is needed"),
    "hist.no_table.hint": ("Xem mẫu templates/xlsx/lich-su-nhiem-vu.xlsx và docs/history-import.md.",
                           "See the template templates/xlsx/lich-su-nhiem-vu.xlsx and docs/history-import.md."),
    "hist.no_header": ("sheet không có dòng tiêu đề của bảng tổng hợp ({columns}, …)",
                       "the sheet has no header row of the consolidated table ({columns}, …)"),
    "hist.unknown_part": ("cột «Phần» ghi «{value}», cần một trong: {choices}",
                          "«Phần» says «{value}»; one of: {choices}"),
    "hist.unknown_field": ("cột «Trường» ghi «{value}», không phải một cột trả lời của phần {part}",
                           "«Trường» says «{value}», not an answer column of part {part}"),
    "hist.incomplete_row": ("dòng thiếu đơn vị hoặc mã nhiệm vụ, chỉ tiêu", "the row lacks the agency or the code"),
    "hist.no_agency": ("dòng không ghi mã đơn vị hay tên đơn vị", "the row names no agency (code or name)"),
    "hist.task_or_indicator": ("dòng phải ghi đúng một trong hai: mã nhiệm vụ hoặc mã chỉ tiêu",
                               "the row must give exactly one of: a task code or an indicator code"),
    "hist.unknown_agency": ("không có đơn vị «{agency}» trong danh bạ", "no agency «{agency}» in the registry"),
    "hist.unknown_agency.hint": ("Ghi mã đơn vị hoặc tên như trong danh bạ (trang Đơn vị); tên được so không phân biệt "
                                 "hoa thường và cách bỏ dấu.",
                                 "Give the code or the name as in the registry; names match whatever the case or the "
                                 "tone placement."),
    "hist.ambiguous_agency": ("tên «{agency}» ứng với nhiều đơn vị trong danh bạ", "«{agency}» names several "
                              "agencies in the registry"),
    "hist.ambiguous_agency.hint": ("Ghi mã đơn vị ở cột «Mã đơn vị».", "Give the code in «Mã đơn vị»."),
    "hist.agency_mismatch": ("mã đơn vị và tên đơn vị «{agency}» chỉ hai đơn vị khác nhau",
                             "the code and the name «{agency}» name two different agencies"),
    "hist.not_reporting": ("{agency} không có nhiệm vụ, chỉ tiêu nào phải báo cáo trong kỳ năm {year}",
                           "{agency} has no task or indicator to report in the {year} cycle"),
    "hist.not_reporting.hint": ("Kiểm tra năm của số liệu, hoặc việc giao nhiệm vụ và kế thừa đơn vị trong định nghĩa.",
                                "Check the year, or the assignments and successions in the definition."),
    "hist.submitted_conflict": ("ngày nộp «{value}» khác ngày nộp đã ghi ở dòng trước của cùng đơn vị ({first})",
                                "submission day «{value}» differs from the one given earlier for the agency ({first})"),
    "hist.duplicate_row": ("{code}: câu trả lời này đã có ở dòng {first}", "{code}: this answer is already on row "
                           "{first}"),
    # warnings: the definition has changed since that year
    "hist.outdated_form": ("biểu được lập từ một định nghĩa khác định nghĩa hiện hành (nhiệm vụ, chỉ tiêu đã thay đổi "
                           "từ năm đó): vẫn nhập, theo mã nhiệm vụ, chỉ tiêu",
                           "the workbook was made from another definition than the current one (tasks or indicators "
                           "changed since): imported by task and indicator code"),
    "hist.locked_edited": ("nhiệm vụ «{task}», cột «{column}»: khác định nghĩa hiện hành (đã sửa từ năm đó?): vẫn nhập "
                           "theo mã", "task «{task}», column «{column}»: differs from the current definition (edited "
                           "since?): imported by code"),
    "hist.locked_edited_indicator": ("chỉ tiêu «{indicator}», cột «{column}»: khác định nghĩa hiện hành: vẫn nhập "
                                     "theo mã", "indicator «{indicator}», column «{column}»: differs from the current "
                                     "definition: imported by code"),
    "hist.old_layout": ("biểu theo bố cục phiên bản {found} (hiện hành: {expected}): vẫn đọc theo tiêu đề cột",
                        "the workbook has layout {found} (current: {expected}): read by its column headers"),
    "hist.task_unknown": ("nhiệm vụ «{task}» không có trong định nghĩa hiện hành (hoặc không giao cho đơn vị năm đó): "
                          "câu trả lời này không được nhập",
                          "task «{task}» is not in the current definition (or not the agency's that year): this "
                          "answer is not imported"),
    "hist.indicator_unknown": ("chỉ tiêu «{indicator}» không có trong định nghĩa hiện hành (hoặc không giao cho đơn vị "
                               "năm đó): câu trả lời này không được nhập",
                               "indicator «{indicator}» is not in the current definition (or not the agency's that "
                               "year): this answer is not imported"),
    "hist.task_missing": ("biểu không có nhiệm vụ «{task}» (có thể được thêm sau năm đó): coi là chưa báo cáo",
                          "the workbook lacks task «{task}» (added since?): counted as not reported"),
    "hist.indicator_missing": ("biểu không có chỉ tiêu «{indicator}» (có thể được thêm sau năm đó): coi là chưa báo "
                               "cáo", "the workbook lacks indicator «{indicator}» (added since?): counted as not "
                               "reported"),
    "hist.nothing": ("tệp không có câu trả lời nào để nhập", "the file holds no answer to import"),
    # what the command prints
    "hist.kind_workbook": ("biểu của đơn vị", "agency workbook"),
    "hist.kind_consolidated": ("bảng tổng hợp", "consolidated workbook"),
    "hist.kind_table": ("bảng số liệu", "table"),
    "hist.kind_unknown": ("không rõ loại", "unknown kind"),
    "hist.outcome_imported": ("Đã nhập", "Imported"),
    "hist.outcome_unchanged": ("Đã có, không đổi", "Already there, unchanged"),
    "hist.outcome_rejected": ("Không nhập (có lỗi)", "Not imported (errors)"),
    "hist.outcome_would": ("Sẽ nhập (chạy thử)", "Would import (dry run)"),
    "hist.file_row": ("{outcome}: {path} ({kind})", "{outcome}: {path} ({kind})"),
    "hist.record_row": ("    năm {year} · {agency}: {answers} câu trả lời, ngày nộp {day}{note}",
                        "    {year} · {agency}: {answers} answers, submitted {day}{note}"),
    "hist.record_duplicate": (" — đã có, không ghi lại", " — already there, not recorded again"),
    "hist.record_unknown_day": (" (tệp không ghi ngày nộp: lấy hạn nộp)", " (no submission day in the file: the "
                                "due date)"),
    "hist.summary": ("{files} tệp: {imported} đã nhập, {unchanged} đã có, {rejected} không nhập; {records} lượt "
                     "báo cáo của đơn vị được ghi, {duplicates} đã có từ trước.",
                     "{files} files: {imported} imported, {unchanged} already there, {rejected} not imported; "
                     "{records} agency returns recorded, {duplicates} already there."),
    "hist.dry_run_summary": ("Chạy thử: không ghi gì. {files} tệp: {imported} sẽ nhập, {unchanged} đã có, {rejected} "
                             "có lỗi; {records} lượt báo cáo sẽ được ghi.",
                             "Dry run: nothing written. {files} files: {imported} to import, {unchanged} already "
                             "there, {rejected} with errors; {records} agency returns would be recorded."),
    "hist.cycle_added": ("Đã thêm kỳ báo cáo năm {year} vào ctrxl.toml ([[cycles]]).",
                         "Added the {year} cycle to ctrxl.toml ([[cycles]])."),
    "hist.no_paths": ("Chưa chỉ tệp nào để nhập: ctrxl history import TỆP|THƯ-MỤC… [--year NĂM]",
                      "No file given: ctrxl history import FILE|FOLDER… [--year YEAR]"),
}
