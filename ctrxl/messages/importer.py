"""Messages of ``ctrxl import``: the pipeline's lines and the review items."""

ENTRIES: dict[str, tuple[str, str]] = {
    # from ctrxl/importer/pipeline.py
    "import.unreadable": ("không đọc được «{path}»: {detail}", "cannot read «{path}»: {detail}"),
    "import.unsupported": (
        "không nhập được tệp «{path}»: chỉ nhận .docx, .txt, .md (tệp này là «{suffix}»)",
        "cannot import «{path}»: only .docx, .txt and .md are accepted (this is «{suffix}»)",
    ),
    "import.exists": (
        "tệp «{path}» đã có; không ghi đè. Thêm --force để ghi đè hoặc chọn tên khác.",
        "«{path}» already exists; not overwriting. Add --force to overwrite or choose another name.",
    ),
    "import.summary": (
        "Nhập «{path}»: {tasks} nhiệm vụ, {indicators} chỉ tiêu, {sections} mục.",
        "Imported «{path}»: {tasks} tasks, {indicators} indicators, {sections} sections.",
    ),
    "import.programme": ("Chương trình: {symbol} — {title}", "Programme: {symbol} — {title}"),
    "import.assigned": (
        "Phân công: {matched} nhiệm vụ có đơn vị trong danh bạ, {noted} nhiệm vụ có tên giữ ở ghi chú, "
        "{none} nhiệm vụ chưa có phân công.",
        "Assignments: {matched} tasks with registry agencies, {noted} tasks with names kept as notes, "
        "{none} tasks without an assignment.",
    ),
    "import.registry": ("Danh bạ đơn vị: {source}", "Agency registry: {source}"),
    "import.no_registry": (
        "Không có danh bạ đơn vị (không có thư mục làm việc, không có --registry): mọi tên cơ quan giữ ở ghi chú.",
        "No agency registry (no workspace, no --registry): every agency name is kept as a note.",
    ),
    "import.deadlines": ("Thời hạn theo loại: {summary}", "Deadlines by kind: {summary}"),
    "import.review_header": ("Cần rà soát ({count} điểm):", "To review ({count} items):"),
    "import.review_row": ("  {where}: {message}", "  {where}: {message}"),
    "import.review_text": ("      «{text}»", "      «{text}»"),
    "import.review_none": ("Không có điểm nào cần rà soát.", "Nothing to review."),
    "import.written": ("Đã ghi bản nháp: {path}", "Draft written: {path}"),
    "import.not_written": (
        "Chưa ghi bản nháp; thêm «-o programme.yaml» để ghi.",
        "Draft not written; add «-o programme.yaml» to write it.",
    ),
    "import.note_unmatched": ("{role} (chưa khớp danh bạ): {names}", "{role} (not in the registry): {names}"),
    "import.note_names": ("{role}: {names}", "{role}: {names}"),
    "import.role.lead": ("Chủ trì", "Lead"),
    "import.role.coordinate": ("Phối hợp", "Coordinate"),
    "import.role.execute": ("Thực hiện", "Execute"),
    "import.yaml_header": (
        "Bản nháp do «ctrxl import» tạo từ «{source}»; {count} điểm cần rà soát (xem «ctrxl import»).",
        "Draft made by «ctrxl import» from «{source}»; {count} items to review (see «ctrxl import»).",
    ),
    # from ctrxl/importer/review.py
    "import.loc.line": ("dòng {n}", "line {n}"),
    "import.loc.paragraph": ("đoạn {n}", "paragraph {n}"),
    "import.loc.table": ("bảng {table}, dòng {row}", "table {table}, row {row}"),
    "import.unmatched_name": (
        "tên «{name}» không khớp đơn vị hay nhóm nào trong danh bạ; giữ ở ghi chú{candidates}",
        "the name «{name}» matches no agency or group in the registry; kept as a note{candidates}",
    ),
    "import.candidates": (" (gần nhất: {names})", " (closest: {names})"),
    "import.no_registry_name": (
        "chưa có danh bạ: tên «{name}» giữ ở ghi chú",
        "no registry: the name «{name}» is kept as a note",
    ),
    "import.ambiguous_name": (
        "tên «{name}» khớp nhiều mã ({codes}); đã lấy «{code}»",
        "the name «{name}» matches several codes ({codes}); took «{code}»",
    ),
    "import.no_assignment": (
        "nhiệm vụ {code} chưa có cơ quan chủ trì, phối hợp hay thực hiện",
        "task {code} has no lead, coordinating or executing agency",
    ),
    "import.subject_lead": (
        "nhiệm vụ {code}: cơ quan chủ trì lấy từ chủ ngữ của câu: {names}",
        "task {code}: lead agency taken from the sentence subject: {names}",
    ),
    "import.preamble": (
        "đoạn mở đầu phần {part} được coi là đối tượng thực hiện mọi nhiệm vụ của phần (không phải nhiệm vụ)",
        "the opening paragraph of part {part} is taken as the addressee of all its tasks (not a task)",
    ),
    "import.joined_paragraph": (
        "đoạn không có gạch đầu dòng được nối vào nhiệm vụ {code} ở trên",
        "a paragraph without a bullet was joined to task {code} above",
    ),
    "import.paragraph_task": (
        "đoạn không có gạch đầu dòng được coi là nhiệm vụ {code}",
        "a paragraph without a bullet was taken as task {code}",
    ),
    "import.not_task": (
        "đoạn trong phần nhiệm vụ không được coi là nhiệm vụ",
        "a paragraph in a task part was not taken as a task",
    ),
    "import.part_role": (
        "phần {part} «{title}»: không nhận ra vai trò (nhiệm vụ / chỉ tiêu); bỏ qua",
        "part {part} «{title}»: role not recognised (tasks / targets); skipped",
    ),
    "import.deadline_problem": ("nhiệm vụ {code}: {detail}", "task {code}: {detail}"),
    "import.deadline_several": (
        "nhiệm vụ {code} có nhiều thời hạn ({phrases}); thời hạn chính: {principal}",
        "task {code} has several deadlines ({phrases}); principal: {principal}",
    ),
    "import.deadline_weak": (
        "nhiệm vụ {code}: thời hạn «{phrase}» đoán từ trạng từ đầu câu",
        "task {code}: deadline «{phrase}» guessed from an adverb at the start",
    ),
    "import.target_split": (
        "một câu có {count} con số; tách thành {count} chỉ tiêu: {codes}",
        "one sentence holds {count} figures; split into {count} indicators: {codes}",
    ),
    "import.inline_coordinator": (
        "nhiệm vụ {code}: «{names}» được nêu trong câu (phối hợp với …); ghi là cơ quan phối hợp",
        "task {code}: «{names}» named in the sentence (phối hợp với …); recorded as coordinating",
    ),
    "import.target_figures_left": (
        "chỉ tiêu {code} còn {count} con số khác chưa đọc thành chỉ tiêu; xem lại",
        "indicator {code} has {count} more figure(s) not read as indicators; check it",
    ),
    "import.target_yesno": (
        "chỉ tiêu {code} không có con số; coi là chỉ tiêu có/không (hoàn thành hay chưa)",
        "indicator {code} has no figure; taken as a yes/no target (done or not)",
    ),
    "import.footnote": ("đã bỏ chú thích cuối trang ({number})", "footnote dropped ({number})"),
    "import.symbol_missing": (
        "không tìm thấy số ký hiệu chương trình (ví dụ 17-CTr/TU); tạm dùng «{symbol}»",
        "no programme symbol found (e.g. 17-CTr/TU); using «{symbol}» for now",
    ),
    "import.no_tasks": ("không tìm thấy nhiệm vụ nào trong văn bản", "no task found in the document"),
}
