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
    "cli.init_not_empty": (
        "thư mục «{path}» đã có tệp; không tạo thư mục làm việc vào đó. Chọn thư mục trống, hoặc thêm --force "
        "(không ghi đè tệp nào đã có).",
        "«{path}» is not empty; not creating a workspace there. Choose an empty folder, or add --force "
        "(no existing file is overwritten).",
    ),
    "cli.init_next_blank": (
        "Tiếp theo, một trong hai cách:\n"
        "  1. nhập văn bản chương trình: ctrxl -w {path} import VAN-BAN.docx -o {book}{registry} --force\n"
        "  2. hoặc mở «{book}» bằng Excel và điền chương trình, danh bạ đơn vị;\n"
        "rồi điền [cycle] recipient và [report] trong ctrxl.toml, và chạy: ctrxl -w {path} check",
        "Next, either:\n"
        "  1. import the programme document: ctrxl -w {path} import DOCUMENT.docx -o {book}{registry} --force\n"
        "  2. or open «{book}» in Excel and fill in the programme and the agency registry;\n"
        "then fill in [cycle] recipient and [report] in ctrxl.toml, and run: ctrxl -w {path} check",
    ),
    "cli.init_committee": (
        "Danh bạ mẫu trong «{book}» mang tên «{name}»; ctrxl.toml [report]: place = \"{place}\", "
        "issuer = \"{issuer}\", agency_higher_body = \"{higher}\".",
        "The starter registry in «{book}» is named «{name}»; ctrxl.toml [report]: place = \"{place}\", "
        "issuer = \"{issuer}\", agency_higher_body = \"{higher}\".",
    ),
    "cli.init_committee_missing": (
        "Danh bạ mẫu mang tên chung «Thành ủy» (báo cáo sẽ ghi «THÀNH ỦY», không có địa danh): sửa tên đơn vị "
        "«Thành ủy» ở trang Đơn vị của «{book}» (ví dụ «Thành ủy Đà Nẵng») và đặt place, issuer ở mục [report] "
        "của ctrxl.toml; hoặc tạo lại thư mục với: ctrxl init {path} --committee \"Thành ủy Đà Nẵng\"",
        "The starter registry uses the generic name «Thành ủy» (reports would say «THÀNH ỦY», with no place): "
        "rename the «Thành ủy» agency on the Đơn vị sheet of «{book}» (e.g. «Thành ủy Đà Nẵng») and set place, "
        "issuer in [report] of ctrxl.toml; or make the folder again with: "
        "ctrxl init {path} --committee \"Thành ủy Đà Nẵng\"",
    ),
    "cli.committee_bad": (
        "--committee «{value}»: tên cấp ủy phải là «Thành ủy» hoặc «Tỉnh ủy» và tên địa phương, ví dụ "
        "«Thành ủy Đà Nẵng», «Tỉnh ủy Quảng Ngãi»",
        "--committee «{value}»: the committee's name must be «Thành ủy» or «Tỉnh ủy» and the place, e.g. "
        "«Thành ủy Đà Nẵng», «Tỉnh ủy Quảng Ngãi»",
    ),
    "cli.committee_needs_starter": (
        "--committee «{value}» đặt tên cho danh bạ mẫu: chỉ dùng với --registry starter (không dùng với --example "
        "hay danh bạ riêng; với danh bạ riêng, sửa tên ở trang Đơn vị)",
        "--committee «{value}» names the starter registry: use it with --registry starter only (not with --example "
        "or your own registry; there, rename the agency on the Đơn vị sheet)",
    ),
    "cli.init_next": (
        "Tiếp theo: ctrxl -w {path} check",
        "Next: ctrxl -w {path} check",
    ),
    "cli.demo_start": ("Chạy ví dụ «{example}» trong «{path}»", "Running example «{example}» in «{path}»"),
    "cli.demo_step": ("== {step} ==", "== {step} =="),
    "cli.demo_done": ("Xong. Thư mục làm việc: {path}", "Done. Workspace: {path}"),
    "cli.demo_history_imported": ("  Kỳ báo cáo năm {year}: nhập bằng ctrxl history import từ bảng {table} ({sent} đơn "
                                  "vị, {late} chậm hạn; {accepted} bản ghi); kỳ năm {next} đã mở trước khi nhập.",
                                  "  Cycle {year}: brought in with ctrxl history import from the table {table} ({sent} "
                                  "agencies, {late} late; {accepted} records); the {next} cycle was opened first."),
    "cli.demo_history_row": ("  Kỳ báo cáo năm {year}: {workbooks} biểu mẫu, {sent} đơn vị gửi lại ({late} chậm hạn), "
                             "{accepted} biểu hợp lệ; sau đó mở kỳ năm {next}.",
                             "  Cycle {year}: {workbooks} workbooks, {sent} agencies returned theirs ({late} late), "
                             "{accepted} accepted; then the {next} cycle was opened."),
    # check summary
    "check.cited": ("Các văn bản sẽ ghi: «{citation}»", "Texts will cite it as: «{citation}»"),
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
    # from ctrxl/report/readiness.py: what the report needs (warnings of ctrxl check)
    "ready.recipient": (
        "báo cáo còn thiếu nơi nhận báo cáo (đơn vị theo dõi chương trình): chưa đặt «{name}» ở mục [{section}] của ctrxl.toml",
        "the report lacks the report's recipient (the agency following the programme): «{name}» is not set in [{section}] of ctrxl.toml",
    ),
    "ready.recipient.hint": (
        "Đặt {name} = \"…\" trong mục [{section}] của ctrxl.toml (khóa {key}).",
        "Set {name} = \"…\" in [{section}] of ctrxl.toml (key {key}).",
    ),
    "ready.place": (
        "báo cáo còn thiếu địa danh của dòng ngày tháng (ví dụ: Đà Nẵng, ngày … tháng … năm …): chưa đặt «{name}» ở mục [{section}] của ctrxl.toml",
        "the report lacks the place of the date line (e.g. Đà Nẵng, ngày … tháng … năm …): «{name}» is not set in [{section}] of ctrxl.toml",
    ),
    "ready.place.hint": (
        "Đặt {name} = \"…\" trong mục [{section}] của ctrxl.toml (khóa {key}).",
        "Set {name} = \"…\" in [{section}] of ctrxl.toml (key {key}).",
    ),
    "ready.signer_name": (
        "báo cáo còn thiếu họ tên người ký: chưa đặt «{name}» ở mục [{section}] của ctrxl.toml",
        "the report lacks the signer's name: «{name}» is not set in [{section}] of ctrxl.toml",
    ),
    "ready.signer_name.hint": (
        "Đặt {name} = \"…\" trong mục [{section}] của ctrxl.toml (khóa {key}).",
        "Set {name} = \"…\" in [{section}] of ctrxl.toml (key {key}).",
    ),
    "ready.signer_title": (
        "báo cáo còn thiếu chức vụ người ký (ví dụ PHÓ BÍ THƯ): chưa đặt «{name}» ở mục [{section}] của ctrxl.toml",
        "the report lacks the signer's title (e.g. PHÓ BÍ THƯ): «{name}» is not set in [{section}] of ctrxl.toml",
    ),
    "ready.signer_title.hint": (
        "Đặt {name} = \"…\" trong mục [{section}] của ctrxl.toml (khóa {key}).",
        "Set {name} = \"…\" in [{section}] of ctrxl.toml (key {key}).",
    ),
    "ready.number": (
        "báo cáo còn thiếu số báo cáo (để trống thì viết tay vào chỗ Số …-BC/…): chưa đặt «{name}» ở mục [{section}] của ctrxl.toml",
        "the report lacks the report number (empty: written in by hand at Số …-BC/…): «{name}» is not set in [{section}] of ctrxl.toml",
    ),
    "ready.number.hint": (
        "Đặt {name} = \"…\" trong mục [{section}] của ctrxl.toml (khóa {key}).",
        "Set {name} = \"…\" in [{section}] of ctrxl.toml (key {key}).",
    ),
    "cli.check_empty": (
        "Định nghĩa còn trống. Nhập văn bản chương trình: ctrxl import VAN-BAN.docx -o {path} --force, "
        "hoặc mở «{path}» bằng Excel để điền.",
        "The definition is empty. Import the programme document: ctrxl import DOCUMENT.docx -o {path} --force, "
        "or open «{path}» in Excel and fill it in.",
    ),
    # commands that find nothing to do say what to do first
    "cli.collect_missing": (
        "không tìm thấy «{path}»; không thu nhận gì. Kiểm tra đường dẫn (tệp, thư mục, .zip, .eml), hoặc chạy "
        "«ctrxl collect» không tham số để thu nhận thư mục {inbox}.",
        "«{path}» not found; nothing collected. Check the path (file, folder, .zip, .eml), or run «ctrxl collect» "
        "without arguments to collect the folder {inbox}.",
    ),
    "cli.remind_before_send": (
        "chưa gửi biểu mẫu cho đơn vị nào và chưa nhận biểu nào: chưa có gì để nhắc. Gửi biểu mẫu trước: "
        "ctrxl send (thử trước: ctrxl send --dry-run).",
        "no workbook has been sent and none received: nothing to remind about. Send the workbooks first: "
        "ctrxl send (try first: ctrxl send --dry-run).",
    ),
    "cli.remind_before_send_dry": (
        "Lưu ý: chưa gửi biểu mẫu cho đơn vị nào (ctrxl send); đây chỉ là thư nhắc thử.",
        "Note: no workbook has been sent yet (ctrxl send); these are trial reminders only.",
    ),
    "cli.nothing_received": (
        "Lưu ý: chưa nhận biểu nào của chu kỳ này, {what} chưa có số liệu. Trước hết: ctrxl generate, ctrxl send, "
        "rồi thu nhận biểu các đơn vị gửi lại: ctrxl collect THƯ-MỤC|TỆP.zip (hoặc ctrxl fetch).",
        "Note: nothing has been received for this cycle, so the {what} has no figures. First: ctrxl generate, "
        "ctrxl send, then collect the returned workbooks: ctrxl collect FOLDER|FILE.zip (or ctrxl fetch).",
    ),
    "cli.what_consolidation": ("tệp tổng hợp", "consolidation"),
    "cli.what_report": ("báo cáo", "report"),
    # progress lines on a terminal (ctrxl/progress.py): stderr, rewritten in place, erased when done
    "cli.progress.generate": ("Đang tạo biểu mẫu: {done}/{total}", "Writing workbooks: {done}/{total}"),
    "cli.progress.collect": ("Đang thu nhận: {done}/{total} tệp", "Collecting: {done}/{total} files"),
    "cli.progress.consolidate": ("Đang tổng hợp: {done}/{total} câu trả lời",
                                 "Consolidating: {done}/{total} answers"),
    "cli.progress.report": ("Đang viết báo cáo: {done}/{total}", "Writing reports: {done}/{total}"),
    "cli.progress.pdf": ("Đang chuyển sang PDF: {done}/{total}", "Converting to PDF: {done}/{total}"),
}
