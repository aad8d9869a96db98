"""Problems of a programme/registry definition: YAML reading, building, validation rules."""

ENTRIES: dict[str, tuple[str, str]] = {
    # from ctrxl/definition/yaml_io.py
    "yaml.unreadable": (
        "không đọc được tệp: {detail}",
        "cannot read the file: {detail}",
    ),
    "yaml.unreadable.hint": (
        "Lưu tệp dưới dạng văn bản UTF-8.",
        "Save the file as UTF-8 text.",
    ),
    "yaml.syntax": ("lỗi cú pháp YAML: {detail}", "YAML syntax error: {detail}"),
    "yaml.syntax.hint": (
        "Kiểm tra thụt lề (dùng dấu cách, không dùng tab) và dấu «:» sau mỗi tên trường.",
        "Check the indentation (spaces, not tabs) and the «:» after each key.",
    ),
    "yaml.not_mapping": (
        "tệp phải là một bảng (mapping) với các mục như «programme», «tasks», «agencies»",
        "the file must be a mapping with keys such as «programme», «tasks», «agencies»",
    ),
    # from ctrxl/definition/build.py
    "def.required": ("thiếu trường bắt buộc «{field}»", "required field «{field}» is missing"),
    "def.required.hint": ("Điền «{field}» cho mục này.", "Fill in «{field}» for this entry."),
    "def.not_list": ("«{field}» phải là một danh sách", "«{field}» must be a list"),
    "def.not_record": ("mỗi mục trong «{field}» phải là một bảng có các trường", "each entry of «{field}» must be a mapping of fields"),
    "def.bad_date": ("«{field}» không phải ngày hợp lệ: «{value}»", "«{field}» is not a valid date: «{value}»"),
    "def.bad_date.hint": ("Viết ngày theo dạng ngày/tháng/năm, ví dụ 15/12/2025.", "Write dates day-first, e.g. 15/12/2025."),
    "def.bad_number": ("«{field}» không phải số: «{value}»", "«{field}» is not a number: «{value}»"),
    "def.bad_year": ("«{field}» không phải năm hợp lệ: «{value}»", "«{field}» is not a valid year: «{value}»"),
    "def.bad_choice": (
        "«{field}» có giá trị «{value}» không nằm trong danh sách: {choices}",
        "«{field}» has the value «{value}», not one of: {choices}",
    ),
    "def.bad_deadline": ("thời hạn không hợp lệ: {detail}", "invalid deadline: {detail}"),
    "def.bad_deadline.hint": (
        "Viết thời hạn như trong văn bản, ví dụ «trước ngày 10/6/2025», «(năm 2023)», «(thực hiện thường xuyên)».",
        "Write the deadline as in the document, e.g. «trước ngày 10/6/2025», «(năm 2023)», «(thực hiện thường xuyên)».",
    ),
    # from ctrxl/definition/validate.py
    "def.duplicate_code": ("mã «{code}» bị trùng ({kind}); đã dùng ở {first}",
                           "duplicate code «{code}» ({kind}); first used at {first}"),
    "def.duplicate_code.hint": ("Mỗi mã phải là duy nhất; đổi một trong hai mã.", "Every code must be unique; change one of them."),
    "def.unknown_agency": ("không có đơn vị hay nhóm nào mã «{code}» trong danh bạ ({field})",
                           "no agency or group with code «{code}» in the registry ({field})"),
    "def.unknown_agency.hint": ("{suggest}", "{suggest}"),
    "def.unknown_section": ("không có mục «{code}» trong danh sách mục", "no section «{code}» in the sections list"),
    "def.no_lead": ("nhiệm vụ «{code}» chưa có cơ quan chủ trì hay cơ quan/nhóm thực hiện",
                    "task «{code}» has no lead and no executing agency or group"),
    "def.no_lead.hint": ("Điền «Chủ trì» hoặc «Thực hiện» cho nhiệm vụ.", "Fill in «lead» or «execute» for the task."),
    "def.routes_to_nobody": (
        "nhiệm vụ «{task}»: đơn vị «{code}» không còn hoạt động vào {date} và không có đơn vị kế thừa",
        "task «{task}»: agency «{code}» is not active on {date} and has no successor",
    ),
    "def.routes_to_nobody.hint": (
        "Khai báo «successors» (sáp nhập vào / đổi tên thành / tách thành) cho đơn vị «{code}» trong danh bạ.",
        "Declare «successors» (merged_into / renamed_to / split_into) for «{code}» in the registry.",
    ),
    "def.task_nobody": ("nhiệm vụ «{code}» không còn đơn vị nào chịu trách nhiệm trong chu kỳ {year}",
                        "task «{code}» has no responsible agency in the {year} cycle"),
    "def.deadline_unparsed": ("không nhận ra thời hạn trong «{text}»", "no deadline recognised in «{text}»"),
    "def.deadline_unparsed.hint": (
        "Viết thời hạn như «trước ngày 10/6/2025», «(năm 2023)», «(từ năm 2022)», «(thực hiện thường xuyên)», "
        "«hằng năm», «trong quý III/2022», «trong tháng 8/2022», hoặc ghi rõ «kind».",
        "Write e.g. «trước ngày 10/6/2025», «(năm 2023)», «(từ năm 2022)», «(thực hiện thường xuyên)», "
        "«hằng năm», «trong quý III/2022», «trong tháng 8/2022», or give «kind» explicitly.",
    ),
    "def.deadline_invalid": ("thời hạn «{text}»: {detail}", "deadline «{text}»: {detail}"),
    "def.indicator_no_target": ("chỉ tiêu «{code}» chưa có mục tiêu (target)", "indicator «{code}» has no target"),
    "def.indicator_no_target.hint": ("Ví dụ: target: {{op: \">=\", value: 90}}", "e.g. target: {{op: \">=\", value: 90}}"),
    "def.indicator_no_unit": ("chỉ tiêu «{code}» chưa có đơn vị tính", "indicator «{code}» has no unit"),
    "def.indicator_bad_target": ("chỉ tiêu «{code}»: mục tiêu không hợp lệ ({detail})", "indicator «{code}»: invalid target ({detail})"),
    "def.ratio_no_labels": ("chỉ tiêu tỷ lệ «{code}» chưa có nhãn tử số và mẫu số",
                            "ratio indicator «{code}» has no numerator and denominator labels"),
    "def.ratio_no_labels.hint": ("Điền «numerator» (tử số) và «denominator» (mẫu số) để đơn vị biết phải báo cáo số nào.",
                                 "Fill in «numerator» and «denominator» so agencies know which figures to report."),
    "def.indicator_no_reporters": ("chỉ tiêu «{code}» chưa có đơn vị báo cáo", "indicator «{code}» has no reporting agency"),
    "def.successor_cycle": ("vòng lặp kế thừa: {chain}", "successor cycle: {chain}"),
    "def.successor_cycle.hint": ("Một đơn vị không thể (gián tiếp) kế thừa chính nó; sửa «successors».",
                                 "An agency cannot (indirectly) succeed itself; fix «successors»."),
    "def.group_cycle": ("vòng lặp nhóm: {chain}", "group cycle: {chain}"),
    "def.active_range": ("đơn vị «{code}»: ngày bắt đầu {start} sau ngày kết thúc {end}",
                         "agency «{code}»: active from {start} after active to {end}"),
    "def.no_email": ("đơn vị «{name}» ({code}) chưa có địa chỉ email", "agency «{name}» ({code}) has no email address"),
    "def.no_email.hint": ("Thêm «emails» để gửi biểu mẫu và nhắc hạn qua thư.", "Add «emails» to send forms and reminders by mail."),
    "def.bad_email": ("đơn vị «{code}»: địa chỉ email không hợp lệ «{value}»", "agency «{code}»: invalid email address «{value}»"),
    "def.ambiguous_name": ("tên «{name}» dùng cho nhiều mã: {codes}", "the name «{name}» is used by several codes: {codes}"),
    "def.cycle_recipient": ("nơi nhận báo cáo «{code}» không có trong danh bạ", "report recipient «{code}» is not in the registry"),
    "def.cycle_period": ("kỳ số liệu: ngày bắt đầu {start} sau ngày kết thúc {end}", "data period: start {start} after end {end}"),
    "def.no_reporting": ("chu kỳ không có đơn vị báo cáo nào", "the cycle has no reporting agency"),
    # from ctrxl/definition/convert.py
    "def.convert_bad_output": (
        "không ghi được «{path}»: tệp định nghĩa phải có đuôi .xlsx (bảng tính Excel) hoặc .yaml/.yml "
        "(tệp này có đuôi «{suffix}»); không ghi gì",
        "cannot write «{path}»: a definition file must end in .xlsx (Excel workbook) or .yaml/.yml "
        "(this one ends in «{suffix}»); nothing written",
    ),
    "def.convert_bad_input": (
        "không đọc được «{path}» như một định nghĩa: chỉ nhận .xlsx, .xlsm, .yaml, .yml (tệp này có đuôi «{suffix}»)",
        "cannot read «{path}» as a definition: only .xlsx, .xlsm, .yaml and .yml are accepted (this one ends in «{suffix}»)",
    ),
    "def.convert_exists": (
        "tệp «{path}» đã có; không ghi đè. Thêm --force để ghi đè hoặc chọn tên khác.",
        "«{path}» already exists; not overwriting. Add --force to overwrite or choose another name.",
    ),
    "def.convert_registry_output": (
        "--registry-out chỉ dùng khi ghi ra YAML; bảng tính Excel luôn chứa cả danh bạ",
        "--registry-out only applies to YAML output; the Excel workbook always holds the registry too",
    ),
    "def.convert_unreadable": (
        "không chuyển đổi «{path}»: có {count} lỗi khi đọc (đầu tiên: {first}); không ghi gì",
        "not converting «{path}»: {count} errors while reading (first: {first}); nothing written",
    ),
    "def.converted": (
        "Đã ghi «{path}» ({tasks} nhiệm vụ, {indicators} chỉ tiêu, {agencies} đơn vị, {groups} nhóm).",
        "Wrote «{path}» ({tasks} tasks, {indicators} indicators, {agencies} agencies, {groups} groups).",
    ),
}
