"""Messages of the mail commands (send, remind, fetch), Vietnamese and English."""

ENTRIES: dict[str, tuple[str, str]] = {
    # settings and passwords
    "mail.no_setting": (
        "chưa khai báo «{key}» trong mục [mail] của ctrxl.toml",
        "«{key}» is not set in the [mail] table of ctrxl.toml",
    ),
    "mail.bad_security": (
        "mục [mail] «{key}» = «{value}» không hợp lệ; dùng «starttls», «ssl» hoặc «none»",
        "[mail] «{key}» = «{value}» is not valid; use «starttls», «ssl» or «none»",
    ),
    "mail.no_password": (
        "không có mật khẩu cho «{user}» trên «{host}»: đặt biến môi trường {env} hoặc chạy lệnh trong cửa sổ "
        "dòng lệnh để nhập mật khẩu (ctrxl không đọc mật khẩu từ tệp)",
        "no password for «{user}» on «{host}»: set the environment variable {env} or run the command in a "
        "terminal to type it (ctrxl never reads a password from a file)",
    ),
    "mail.password_prompt": ("Mật khẩu của {user} trên {host}", "Password of {user} on {host}"),
    # connection failures (SMTP and IMAP)
    "mail.host_unknown": (
        "không tìm thấy máy chủ thư «{host}» ({what}); kiểm tra tên máy chủ trong mục [mail] của ctrxl.toml",
        "mail server «{host}» not found ({what}); check the host name in the [mail] table of ctrxl.toml",
    ),
    "mail.connect_failed": (
        "không kết nối được tới máy chủ thư {host}:{port} ({what}): {detail}. Kiểm tra tên máy chủ, cổng "
        "và mạng (tường lửa)",
        "cannot connect to mail server {host}:{port} ({what}): {detail}. Check the host, the port and the "
        "network (firewall)",
    ),
    "mail.tls_failed": (
        "không thiết lập được kết nối bảo mật (TLS) với {host}:{port} ({what}): {detail}. Kiểm tra "
        "«{key}» (ssl hay starttls) và cổng: thường ssl dùng cổng {ssl_port}, starttls dùng cổng {starttls_port}",
        "cannot establish a secure (TLS) connection with {host}:{port} ({what}): {detail}. Check «{key}» "
        "(ssl or starttls) and the port: ssl usually uses port {ssl_port}, starttls port {starttls_port}",
    ),
    "mail.starttls_unsupported": (
        "máy chủ {host}:{port} ({what}) không hỗ trợ STARTTLS, nên ctrxl không gửi mật khẩu qua kết nối "
        "không mã hóa. Kiểm tra «{key}» và cổng trong mục [mail] của ctrxl.toml",
        "server {host}:{port} ({what}) does not offer STARTTLS, so ctrxl will not send the password "
        "unencrypted. Check «{key}» and the port in the [mail] table of ctrxl.toml",
    ),
    "mail.login_refused": (
        "máy chủ {host} ({what}) từ chối đăng nhập của «{user}»: {detail}. Kiểm tra tên đăng nhập và mật "
        "khẩu (biến môi trường {env})",
        "server {host} ({what}) refused the login of «{user}»: {detail}. Check the user name and the "
        "password (environment variable {env})",
    ),
    "mail.server_error": (
        "máy chủ {host} ({what}) báo lỗi: {detail}",
        "server {host} ({what}) reported an error: {detail}",
    ),
    # send / remind
    "mail.no_address": (
        "đơn vị «{name}» ({code}) chưa có địa chỉ email trong danh bạ; thêm «emails» cho đơn vị này rồi "
        "chạy lại (các đơn vị khác vẫn được gửi)",
        "agency «{name}» ({code}) has no email address in the registry; add «emails» for it and run again "
        "(the other agencies are still sent)",
    ),
    "mail.unknown_agency": (
        "không có đơn vị báo cáo mã «{code}» trong chu kỳ này",
        "no reporting agency with code «{code}» in this cycle",
    ),
    "mail.already_sent": (
        "đã gửi ngày {date} (Message-ID {message_id}); dùng --resend để gửi lại",
        "already sent on {date} (Message-ID {message_id}); use --resend to send again",
    ),
    "mail.already_sent_today": (
        "đã gửi thư loại này hôm nay ({date}); dùng --resend để gửi lại",
        "a message of this kind was already sent today ({date}); use --resend to send again",
    ),
    "mail.uncertain": (
        "lần chạy trước bị ngắt khi đang giao thư này cho máy chủ ({date}); có thể thư đã đi. Kiểm tra "
        "hộp thư đã gửi, rồi dùng --resend nếu cần gửi lại",
        "an earlier run was interrupted while handing this message to the server ({date}); it may have "
        "gone. Check the sent folder, then use --resend if it must go again",
    ),
    "mail.rejected_message": (
        "máy chủ từ chối thư: {detail}",
        "the server refused the message: {detail}",
    ),
    "mail.stopped": (
        "máy chủ thư tạm thời không nhận thư ({detail}) sau {attempts} lần thử; đã gửi {sent} thư. Chạy lại "
        "lệnh sau ít phút: các thư đã gửi sẽ không bị gửi lại",
        "the mail server is temporarily not accepting mail ({detail}) after {attempts} attempts; {sent} "
        "messages went. Run the command again in a few minutes: sent messages will not go twice",
    ),
    "mail.some_failed": (
        "{count} thư chưa gửi được (xem các dòng ở trên)",
        "{count} messages could not be sent (see the lines above)",
    ),
    "mail.row": ("  [{status}] {code} {name} → {to}{detail}", "  [{status}] {code} {name} → {to}{detail}"),
    "mail.status.sent": ("ĐÃ GỬI", "SENT"),
    "mail.status.dry-run": ("THỬ", "DRY-RUN"),
    "mail.status.skipped": ("BỎ QUA", "SKIPPED"),
    "mail.status.failed": ("LỖI", "FAILED"),
    "mail.status.no-address": ("THIẾU ĐỊA CHỈ", "NO ADDRESS"),
    "mail.status.uncertain": ("CHƯA RÕ", "UNCERTAIN"),
    "mail.kind.workbook": ("biểu mẫu", "workbook"),
    "mail.kind.reminder": ("nhắc nộp", "reminder"),
    "mail.kind.reminder-late": ("đôn đốc quá hạn", "overdue reminder"),
    "mail.kind.resend-request": ("đề nghị sửa, gửi lại", "request to fix and resend"),
    "mail.send_done": (
        "Gửi biểu mẫu: {sent} đã gửi, {skipped} bỏ qua, {failed} lỗi.",
        "Workbooks: {sent} sent, {skipped} skipped, {failed} failed.",
    ),
    "mail.dry_run_done": (
        "Chạy thử: đã ghi {count} thư (.eml) vào «{folder}», không gửi thư nào.",
        "Dry run: wrote {count} messages (.eml) into «{folder}»; nothing was sent.",
    ),
    "mail.remind_done": (
        "Nhắc nộp: {sent} đã gửi, {skipped} bỏ qua, {failed} lỗi; {done} đơn vị đã nộp hợp lệ không cần nhắc.",
        "Reminders: {sent} sent, {skipped} skipped, {failed} failed; {done} agencies are done and were not reminded.",
    ),
    "mail.remind_none": (
        "Không có đơn vị nào cần nhắc: {done} đơn vị đã nộp hợp lệ.",
        "No agency needs a reminder: {done} agencies are done.",
    ),
    # fetch
    "mail.fetch_row": (
        "  thư UID {uid} từ {sender} ({date}): {attachments}",
        "  message UID {uid} from {sender} ({date}): {attachments}",
    ),
    "mail.fetch_no_attachment": ("không có tệp bảng tính hay .zip đính kèm", "no spreadsheet or .zip attachment"),
    "mail.fetch_too_big": ("thư quá lớn ({size} byte), bỏ qua", "message too large ({size} bytes), skipped"),
    "mail.fetch_done": (
        "Hộp thư «{mailbox}» của {user}: {new} thư mới, {attachments} tệp đính kèm chuyển cho «collect»; "
        "{seen} thư đã xử lý trước đây. Không thư nào trên máy chủ bị sửa hay xóa.",
        "Mailbox «{mailbox}» of {user}: {new} new messages, {attachments} attachments handed to «collect»; "
        "{seen} messages processed before. Nothing on the server was changed or deleted.",
    ),
    "mail.fetch_file": ("    {outcome}: {name} → {agency}", "    {outcome}: {name} → {agency}"),
    "mail.mailbox_missing": (
        "không mở được hộp thư «{mailbox}» trên {host}: {detail}",
        "cannot open mailbox «{mailbox}» on {host}: {detail}",
    ),
    "mail.collect_missing": (
        "chức năng «collect» chưa có trong bản ctrxl này; chưa thể nhận thư",
        "«collect» is not available in this ctrxl build; mail cannot be fetched yet",
    ),
    "mail.template_error": (
        "mẫu thư «{template}» lỗi: {detail}",
        "email template «{template}» is broken: {detail}",
    ),
}
