"""Messages about ``ctrxl.toml``: unknown tables and keys, wrong types, bad values."""

ENTRIES: dict[str, tuple[str, str]] = {
    "config.invalid": ("tệp cấu hình «{path}» có {count} lỗi:{problems}",
                       "the configuration file «{path}» has {count} problem(s):{problems}"),
    "config.at_line": ("dòng {line}: {text}", "line {line}: {text}"),
    "config.unknown_section": ("mục [{section}] không có{suggest}; các mục: {known}",
                               "there is no table [{section}]{suggest}; tables: {known}"),
    "config.unknown_key": ("«{key}» không có trong mục [{section}]{suggest}",
                           "«{key}» is not a setting of [{section}]{suggest}"),
    "config.suggest": ("; có phải «{name}»?", "; did you mean «{name}»?"),
    "config.wrong_type": ("«{key}» = «{value}»: cần {expected}", "«{key}» = «{value}»: {expected} expected"),
    "config.bad_choice": ("mục [{section}] «{name}» = «{value}» không hợp lệ; dùng {choices}",
                          "[{section}] «{name}» = «{value}» is not valid; use {choices}"),
    "config.bad_value": ("«{key}»: {detail}", "«{key}»: {detail}"),
    "config.secret": ("«{key}»: không có mật khẩu nào được đọc từ tệp này (ctrxl không bao giờ đọc mật khẩu từ tệp); "
                      "xóa dòng này, đặt mật khẩu vào biến môi trường {env} hoặc nhập khi chạy lệnh",
                      "«{key}»: ctrxl never reads a password from a file; remove this line and put the password in "
                      "the environment variable {env} (or type it when asked)"),
    "config.cycle_twice": ("kỳ báo cáo năm {year} có hai lần ([cycle] và [[cycles]], hoặc hai [[cycles]])",
                           "the {year} cycle is given twice ([cycle] and [[cycles]], or two [[cycles]])"),
    "config.missing": ("«{key}»: thiếu giá trị", "«{key}»: missing"),
    "config.bad_timezone": ("«{key}» = «{value}»: không có múi giờ này (ví dụ: Asia/Ho_Chi_Minh)",
                            "«{key}» = «{value}»: unknown time zone (e.g. Asia/Ho_Chi_Minh)"),
    "config.type.str": ("một chuỗi (trong dấu \"\")", "a string (in \"\")"),
    "config.type.int": ("một số nguyên", "an integer"),
    "config.type.positive": ("một số nguyên dương", "a positive integer"),
    "config.type.float": ("một số", "a number"),
    "config.type.list": ("một danh sách chuỗi", "a list of strings"),
    "config.type.table": ("một bảng [..]", "a table [..]"),
    "config.type.date": ("một ngày, ví dụ \"15/12/2025\"", "a date, e.g. \"15/12/2025\""),
    "config.type.sizes": ("một bảng style = cỡ chữ", "a table of style = size"),
}
