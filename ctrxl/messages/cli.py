"""Places, severities and the CLI's own lines (init, demo, check summary, consolidate)."""

ENTRIES: dict[str, tuple[str, str]] = {
    # places
    "loc.sheet": ("sheet «{sheet}»", "sheet «{sheet}»"),
    "loc.row": ("dòng {row}", "row {row}"),
    "loc.column": ("cột «{column}»", "column «{column}»"),
    "loc.line": ("dòng {line}", "line {line}"),
    "loc.cell": ("ô {cell}", "cell {cell}"),
    "severity.error": ("LỖI", "ERROR"),
    "severity.warning": ("CẢNH BÁO", "WARNING"),
    # generic CLI
    "cli.error": ("Lỗi: {message}", "Error: {message}"),
    "cli.no_workspace": (
        "không tìm thấy thư mục làm việc (tệp ctrxl.toml) ở «{path}» hay thư mục cha nào của nó. "
        "Tạo bằng «ctrxl init THƯ_MỤC» hoặc chỉ ra bằng «-w THƯ_MỤC».",
        "no workspace (ctrxl.toml) found in «{path}» or any parent folder. "
        "Create one with «ctrxl init DIR» or point at it with «-w DIR».",
    ),
    "cli.bad_config": (
        "tệp cấu hình «{path}» không đọc được: {detail}",
        "the configuration file «{path}» cannot be read: {detail}",
    ),
    "cli.bad_config_value": (
        "tệp cấu hình «{path}», mục «{key}»: {detail}",
        "configuration file «{path}», key «{key}»: {detail}",
    ),
    "cli.file_missing": ("không tìm thấy tệp «{path}»", "file «{path}» not found"),
    "cli.unknown_example": (
        "không có ví dụ «{name}». Các ví dụ có sẵn: {available}",
        "no example «{name}». Available examples: {available}",
    ),
    "cli.init_exists": (
        "thư mục «{path}» đã có ctrxl.toml; không ghi đè. Chọn thư mục khác hoặc xóa tệp đó trước.",
        "«{path}» already holds a ctrxl.toml; not overwriting. Choose another folder or remove it first.",
    ),
    "cli.init_done": (
        "Đã tạo thư mục làm việc «{path}» (chu kỳ {year}, hạn nộp {due}).",
        "Created workspace «{path}» (cycle {year}, due {due}).",
    ),
    "cli.init_next": (
        "Tiếp theo: ctrxl -w {path} check",
        "Next: ctrxl -w {path} check",
    ),
    "cli.demo_start": ("Chạy ví dụ «{example}» trong «{path}»", "Running example «{example}» in «{path}»"),
    "cli.demo_step": ("== {step} ==", "== {step} =="),
    "cli.demo_done": ("Xong. Thư mục làm việc: {path}", "Done. Workspace: {path}"),
    # check summary
    "check.title": ("Kiểm tra định nghĩa: {symbol} — {title}", "Definition check: {symbol} — {title}"),
    "check.cycle": (
        "Chu kỳ {year}: hạn nộp {due}; số liệu từ {start} đến {end}; nơi nhận: {recipient}",
        "Cycle {year}: due {due}; data from {start} to {end}; recipient: {recipient}",
    ),
    "check.counts": (
        "{tasks} nhiệm vụ, {indicators} chỉ tiêu, {agencies} đơn vị trong danh bạ, {reporting} đơn vị báo cáo",
        "{tasks} tasks, {indicators} indicators, {agencies} agencies in the registry, {reporting} reporting agencies",
    ),
    "check.deadlines": ("Thời hạn theo loại: {summary}", "Deadlines by kind: {summary}"),
    "check.kind_count": ("{kind}: {count}", "{kind}: {count}"),
    # deadline kinds (model.DeadlineKind) as people read them
    "deadline_kind.date": ("trước một ngày", "by a date"),
    "deadline_kind.year": ("trong một năm", "within a year"),
    "deadline_kind.from_year": ("từ một năm trở đi", "from a year on"),
    "deadline_kind.continuous": ("thường xuyên", "continuous"),
    "deadline_kind.yearly": ("hằng năm", "yearly"),
    "deadline_kind.quarter": ("trong quý", "within a quarter"),
    "deadline_kind.month": ("trong tháng", "within a month"),
    "deadline_kind.conditional": ("khi có điều kiện (hướng dẫn, văn bản)", "once a condition is met"),
    "deadline_kind.none": ("không ghi thời hạn", "no deadline written"),
    "check.per_agency_header": (
        "Phân công theo đơn vị (chủ trì / phối hợp / thực hiện / chỉ tiêu):",
        "Assignments per agency (lead / coordinate / execute / indicators):",
    ),
    "check.per_agency_row": ("  {name:<48} {lead:>3} / {coord:>3} / {execute:>3} / {indicators:>3}",
                             "  {name:<48} {lead:>3} / {coord:>3} / {execute:>3} / {indicators:>3}"),
    "check.problems_header": ("Vấn đề ({errors} lỗi, {warnings} cảnh báo):", "Problems ({errors} errors, {warnings} warnings):"),
    "check.problem_row": ("  [{severity}] {where}: {message}", "  [{severity}] {where}: {message}"),
    "check.problem_hint": ("      → {hint}", "      → {hint}"),
    "check.ok": ("Không có lỗi.", "No errors."),
    "cons.done": ("Đã tổng hợp {agencies}/{expected} đơn vị, {pairs} lượt nhiệm vụ; tỷ lệ hoàn thành {completed}%. Tệp: {path}",
                  "Consolidated {agencies}/{expected} agencies, {pairs} task assignments; completion {completed}%. File: {path}"),
    "gen.definition_errors": ("định nghĩa còn {errors} lỗi; chạy «ctrxl check» và sửa trước",
                              "the definition has {errors} errors; run «ctrxl check» and fix them first"),
    "check.failed": ("Định nghĩa có {errors} lỗi; sửa rồi chạy lại «ctrxl check».",
                     "The definition has {errors} errors; fix them and run «ctrxl check» again."),
}
