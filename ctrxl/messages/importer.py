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
    "import.note_context": ("Thuộc ý: {parent}", "Under the item: {parent}"),
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
        "tên «{name}» không khớp đơn vị hay nhóm nào trong danh bạ; giữ ở cột «Ghi chú» của nhiệm vụ{candidates}",
        "the name «{name}» matches no agency or group in the registry; kept in the task's «Ghi chú» column{candidates}",
    ),
    "import.abolished_level": (
        "«{name}» là cấp huyện, không còn từ ngày 01/7/2025 (chính quyền địa phương hai cấp): nếu việc này nay do "
        "cấp xã làm, giao cho nhóm {group} thay cho tên này",
        "«{name}» is the district level, abolished on 1/7/2025 (two-level local government): if the commune "
        "level now does this, assign the group {group} instead of this name",
    ),
    "import.wards_group": (
        "các đảng ủy xã, phường (trong danh bạ khởi đầu: «Các đảng ủy xã, phường», DU-XA-PHUONG)",
        "of the commune and ward committees (in the starter registry: «Các đảng ủy xã, phường», DU-XA-PHUONG)",
    ),
    "import.candidates": (" (gần nhất: {names})", " (closest: {names})"),
    "import.no_registry_name": (
        "chưa có danh bạ: tên «{name}» giữ ở cột «Ghi chú» của nhiệm vụ",
        "no registry: the name «{name}» is kept in the task's «Ghi chú» column",
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
    "import.agency_clauses": (
        "đoạn giao việc cho {count} cơ quan (mỗi câu mở đầu bằng tên cơ quan); tách thành {count} nhiệm vụ: {codes}",
        "a paragraph assigns work to {count} agencies (each sentence opens with one); split into {count} tasks: "
        "{codes}",
    ),
    "import.subitems_split": (
        "ý {code} có {count} ý con, mỗi ý là một việc có thể giao riêng; tách thành {count} nhiệm vụ ({codes}), "
        "ý {code} ghi làm ngữ cảnh",
        "item {code} has {count} sub-items, each a task that could go to its own agency; split into {count} tasks "
        "({codes}), item {code} kept as their context",
    ),
    "import.subitems_joined": (
        "{count} ý con («+») được nối vào nội dung nhiệm vụ {code}",
        "{count} sub-item(s) («+») joined to the text of task {code}",
    ),
    "import.general_responsibility": (
        "{count} nhiệm vụ không ghi cơ quan; phần tổ chức thực hiện giao chung cho «{names}»: đề xuất là cơ quan "
        "thực hiện của các nhiệm vụ đó ({codes})",
        "{count} tasks name no agency; the organisation part gives a general responsibility to «{names}»: "
        "proposed as their executing agency ({codes})",
    ),
    "import.deadline_text": (
        "nhiệm vụ {code}: thời hạn «{phrase}» giữ nguyên chữ (không đọc được thành ngày, năm hay kỳ)",
        "task {code}: deadline «{phrase}» kept as written (not read as a date, year or period)",
    ),
    "import.footnote": ("đã bỏ chú thích cuối trang ({number})", "footnote dropped ({number})"),
    "import.symbol_missing": (
        "không tìm thấy số ký hiệu chương trình (ví dụ 17-CTr/TU); tạm dùng «{symbol}»",
        "no programme symbol found (e.g. 17-CTr/TU); using «{symbol}» for now",
    ),
    "import.implements_found": ("chương trình thực hiện {names}", "the programme implements {names}"),
    "import.implements_missing": (
        "không tìm thấy văn bản mà chương trình thực hiện (nghị quyết, kết luận, thông báo… ở tên chương trình "
        "hoặc đoạn mở đầu)",
        "no implemented document found (resolution, conclusion, notice… in the title or the opening paragraph)",
    ),
    "import.no_tasks": ("không tìm thấy nhiệm vụ nào trong văn bản", "no task found in the document"),
    # what the clerk checks for each review item (the review sheet's last column)
    "import.check.import.unmatched_name": (
        "Thêm đơn vị này vào trang Đơn vị (hoặc thêm tên vào cột «Tên khác» của đơn vị đúng), rồi ghi tên vào cột "
        "«Chủ trì», «Phối hợp» hoặc «Thực hiện» của nhiệm vụ ở trang Nhiệm vụ.",
        "Add the agency to the Đơn vị sheet (or the name to the «Tên khác» column of the right agency), then type the "
        "name in the task's «Chủ trì», «Phối hợp» or «Thực hiện» column on the Nhiệm vụ sheet.",
    ),
    "import.check.import.abolished_level": (
        "Ghi nhóm các đảng ủy xã, phường (hoặc đơn vị kế thừa trong danh bạ) vào cột Chủ trì/Phối hợp/Thực hiện của "
        "nhiệm vụ; không thêm đơn vị cấp huyện vào danh bạ cho kỳ báo cáo từ năm 2025.",
        "Type the group of commune and ward committees (or the successor in the registry) in the task's "
        "Chủ trì/Phối hợp/Thực hiện column; do not add a district-level agency to the registry for cycles from 2025.",
    ),
    "import.check.import.no_registry_name": (
        "Điền danh bạ ở trang Đơn vị và Nhóm, rồi ghi tên đơn vị vào cột «Chủ trì», «Phối hợp» hoặc «Thực hiện» "
        "ở trang Nhiệm vụ.",
        "Fill in the registry on the Đơn vị and Nhóm sheets, then type the agency in the «Chủ trì», «Phối hợp» or "
        "«Thực hiện» column on the Nhiệm vụ sheet.",
    ),
    "import.check.import.ambiguous_name": (
        "Xem đúng đơn vị nào được giao; sửa cột «Chủ trì», «Phối hợp» hoặc «Thực hiện» ở trang Nhiệm vụ nếu cần.",
        "Check which agency is meant; correct the «Chủ trì», «Phối hợp» or «Thực hiện» column on the Nhiệm vụ "
        "sheet if needed.",
    ),
    "import.check.import.no_assignment": (
        "Ghi đơn vị chủ trì (và phối hợp) của nhiệm vụ ở trang Nhiệm vụ, hoặc xóa dòng nếu không phải nhiệm vụ.",
        "Type the task's lead (and coordinating) agencies on the Nhiệm vụ sheet, or delete the row if it is no task.",
    ),
    "import.check.import.subject_lead": (
        "Xem cơ quan chủ trì có đúng là chủ ngữ của câu không; sửa cột «Chủ trì» ở trang Nhiệm vụ nếu cần.",
        "Check that the lead agency really is the sentence's subject; correct the «Chủ trì» column on the Nhiệm vụ "
        "sheet if needed.",
    ),
    "import.check.import.preamble": (
        "Xem các nhiệm vụ của phần có đúng giao cho các đơn vị nêu ở đoạn mở đầu không.",
        "Check that the part's tasks are indeed addressed to the agencies of the opening paragraph.",
    ),
    "import.check.import.joined_paragraph": (
        "Xem cột «Nội dung» của nhiệm vụ ở trang Nhiệm vụ: tách thành dòng riêng nếu đó là một nhiệm vụ khác.",
        "Check the task's «Nội dung» column on the Nhiệm vụ sheet: split it into its own row if it is another task.",
    ),
    "import.check.import.paragraph_task": (
        "Xem đoạn này có đúng là một nhiệm vụ không; xóa dòng ở trang Nhiệm vụ nếu không.",
        "Check that this paragraph is a task; delete its row on the Nhiệm vụ sheet if not.",
    ),
    "import.check.import.not_task": (
        "Nếu đoạn này là nhiệm vụ, thêm một dòng ở trang Nhiệm vụ.",
        "If this paragraph is a task, add a row on the Nhiệm vụ sheet.",
    ),
    "import.check.import.part_role": (
        "Nếu phần này có nhiệm vụ hay chỉ tiêu, thêm chúng ở trang Nhiệm vụ hoặc Chỉ tiêu.",
        "If this part holds tasks or targets, add them on the Nhiệm vụ or Chỉ tiêu sheet.",
    ),
    "import.check.import.deadline_problem": (
        "Sửa cột «Thời hạn» (và «Loại thời hạn», «Ngày hạn», «Năm hạn» nếu cần) của nhiệm vụ ở trang Nhiệm vụ.",
        "Correct the task's «Thời hạn» column (and «Loại thời hạn», «Ngày hạn», «Năm hạn» if needed) on the "
        "Nhiệm vụ sheet.",
    ),
    "import.check.import.deadline_several": (
        "Thời hạn chính được suy ra từ cột «Thời hạn» của nhiệm vụ ở trang Nhiệm vụ; nếu văn bản đặt thời hạn chính "
        "khác, chọn ở cột «Loại thời hạn» (và ghi «Ngày hạn» hoặc «Năm hạn»).",
        "The principal deadline is derived from the task's «Thời hạn» column on the Nhiệm vụ sheet; if the document "
        "sets another one, choose it in «Loại thời hạn» (and fill in «Ngày hạn» or «Năm hạn»).",
    ),
    "import.check.import.deadline_weak": (
        "Xem cột «Thời hạn» của nhiệm vụ ở trang Nhiệm vụ: xóa nếu văn bản không đặt thời hạn.",
        "Check the task's «Thời hạn» column on the Nhiệm vụ sheet: clear it if the document sets no deadline.",
    ),
    "import.check.import.target_split": (
        "Xem các chỉ tiêu đã tách ở trang Chỉ tiêu (cột «Nội dung», «Giá trị», «Tử số», «Mẫu số»).",
        "Check the split indicators on the Chỉ tiêu sheet (columns «Nội dung», «Giá trị», «Tử số», «Mẫu số»).",
    ),
    "import.check.import.target_yesno": (
        "Nếu chỉ tiêu có con số, sửa cột «Loại», «Phép so» và «Giá trị» ở trang Chỉ tiêu.",
        "If the target has a figure, correct the «Loại», «Phép so» and «Giá trị» columns on the Chỉ tiêu sheet.",
    ),
    "import.check.import.footnote": (
        "Xem chú thích đã bỏ có chứa nhiệm vụ hay thời hạn nào không.",
        "Check whether the dropped footnote holds a task or a deadline.",
    ),
    "import.check.import.symbol_missing": (
        "Ghi số ký hiệu đúng (ví dụ 17-CTr/TU) vào dòng «Số, ký hiệu chương trình» ở trang Chương trình.",
        "Type the real symbol (e.g. 17-CTr/TU) in the «Số, ký hiệu chương trình» row of the Chương trình sheet.",
    ),
    "import.check.import.implements_found": (
        "Đối chiếu loại, số ký hiệu, ngày, cơ quan ban hành và trích yếu ở các dòng «Văn bản được thực hiện» "
        "của trang Chương trình: báo cáo và thư gửi đơn vị ghi đúng như vậy.",
        "Check the type, symbol, date, issuer and subject in the «Văn bản được thực hiện» rows of the "
        "Chương trình sheet: reports and emails cite the document exactly so.",
    ),
    "import.check.import.implements_missing": (
        "Nếu chương trình thực hiện một văn bản (nghị quyết, kết luận, thông báo…), điền các dòng «Văn bản được "
        "thực hiện» ở trang Chương trình.",
        "If the programme implements a document (resolution, conclusion, notice…), fill in the «Văn bản được "
        "thực hiện» rows of the Chương trình sheet.",
    ),
    "import.check.import.no_tasks": (
        "Xem văn bản có đúng là chương trình hành động không; nhập nhiệm vụ ở trang Nhiệm vụ.",
        "Check that the document is an action programme; enter the tasks on the Nhiệm vụ sheet.",
    ),
    "import.check.import.agency_clauses": (
        "Xem mỗi nhiệm vụ đã tách có đúng một việc và đúng cơ quan chủ trì không.",
        "Check that each split task is one piece of work with the right lead agency.",
    ),
    "import.check.import.subitems_split": (
        "Nếu các ý con là một việc chung, gộp lại thành một dòng ở trang Nhiệm vụ.",
        "If the sub-items are one piece of work, merge them into one row on the Nhiệm vụ sheet.",
    ),
    "import.check.import.subitems_joined": (
        "Nếu một ý con là việc giao riêng cho một cơ quan, tách thành dòng riêng ở trang Nhiệm vụ.",
        "If a sub-item is work for an agency of its own, split it into its own row on the Nhiệm vụ sheet.",
    ),
    "import.check.import.general_responsibility": (
        "Xem các nhiệm vụ đó có đúng giao chung cho các cấp ủy không; ghi cơ quan chủ trì nếu văn bản có nêu.",
        "Check that those tasks really go to every committee; type the lead agency where the document names one.",
    ),
    "import.check.import.deadline_text": (
        "Ghi thời hạn đúng (ngày, năm, kỳ) ở cột Thời hạn nếu văn bản có đặt.",
        "Type the real deadline (date, year, period) in the Thời hạn column if the document sets one.",
    ),
    "import.check.default": ("Đối chiếu với văn bản gốc.", "Compare with the source document."),
    "import.bad_output": (
        "không ghi được bản nháp vào «{path}»: tên tệp phải có đuôi .xlsx (bảng tính định nghĩa) hoặc .yaml/.yml "
        "(tệp này có đuôi «{suffix}»)",
        "cannot write the draft to «{path}»: the file name must end in .xlsx (definition workbook) or .yaml/.yml "
        "(this one ends in «{suffix}»)",
    ),
    "import.next_xlsx": (
        "Bước tiếp theo: mở «{path}» bằng Excel, xem trang «Rà soát», sửa các trang Nhiệm vụ, Chỉ tiêu, Đơn vị; "
        "rồi đặt programme = \"{name}\" và registry = \"{name}\" ở mục [definition] của ctrxl.toml và chạy: ctrxl check",
        "Next: open «{path}» in Excel, read the «Rà soát» sheet, correct the Nhiệm vụ, Chỉ tiêu and Đơn vị sheets; "
        "then set programme = \"{name}\" and registry = \"{name}\" in [definition] of ctrxl.toml and run: ctrxl check",
    ),
    "import.next_xlsx_ws": (
        "Bước tiếp theo: mở «{path}» bằng Excel, xem trang «Rà soát», sửa các trang Nhiệm vụ, Chỉ tiêu, Đơn vị "
        "(ô đơn vị ghi tên hay mã đều được); rồi chạy: ctrxl check",
        "Next: open «{path}» in Excel, read the «Rà soát» sheet, correct the Nhiệm vụ, Chỉ tiêu and Đơn vị sheets "
        "(agency cells take a name or a code); then run: ctrxl check",
    ),
}
