"""ctrxl fetch: a real dovecot IMAP server on 127.0.0.1 holds the replies; each is collected exactly once."""
from __future__ import annotations

import email.utils
import imaplib
import io
import json
import unicodedata
import zipfile
from email.message import EmailMessage
from pathlib import Path

from ctrxl.store import Store

from .mailservers import dovecot, dovecot_server, free_port  # noqa: F401 (fixtures)
from .test_mail_send import run

FOLDER = Path("output") / "bieu-mau-17-CTr-TU-2025"
HC = "003 - Đảng ủy phường Hải Châu.xlsx"
BTCTU = "001 - Ban Tổ chức Thành ủy.xlsx"
BTGDV = "002 - Ban Tuyên giáo và Dân vận Thành ủy.xlsx"
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def imap_config(root: Path, port: int, security: str = "none", user: str = "thu@example.org") -> None:
    with open(root / "ctrxl.toml", "a", encoding="utf-8") as fh:
        fh.write(f'\n[mail]\nimap_host = "127.0.0.1"\nimap_port = {port}\nimap_security = "{security}"\n'
                 f'imap_user = "{user}"\nimap_mailbox = "INBOX"\nimap_password_env = "CTRXL_TEST_IMAP_PW"\n'
                 "timeout_seconds = 5\n")


def reply(sender: str, date: str, subject: str, attachments: list[tuple[str, bytes, tuple[str, str]]]) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "thu@example.org"
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = email.utils.make_msgid(domain="example.org")
    msg.set_content("Kính gửi Ban Tổ chức, đơn vị gửi lại báo cáo.")
    for name, data, (maintype, subtype) in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def imap_submissions(root: Path) -> list:
    with Store(root / "ctrxl.sqlite") as store:
        return store.conn.execute(
            "SELECT * FROM submissions WHERE origin LIKE 'imap://%' ORDER BY id").fetchall()


def flags(server) -> list[bytes]:
    conn = imaplib.IMAP4(server.host, server.port)
    conn.login(server.user, server.password)
    conn.select("INBOX", readonly=True)
    typ, data = conn.uid("FETCH", "1:*", "(FLAGS)")
    conn.logout()
    return [d for d in data if d]


def test_fetch_collects_each_reply_once(mini_ws, dovecot):
    assert run(mini_ws, "generate").exit_code == 0
    imap_config(mini_ws, dovecot.port)
    env = {"CTRXL_TEST_IMAP_PW": dovecot.password}
    hc = (mini_ws / FOLDER / HC).read_bytes()
    btctu = (mini_ws / FOLDER / BTCTU).read_bytes()
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as zf:
        zf.writestr(BTCTU, btctu)
    nfd = unicodedata.normalize("NFD", HC)  # a Mac mailer
    dovecot.deliver(reply("Phường Hải Châu <HC@Example.ORG>", "Tue, 09 Dec 2025 08:30:00 +0700", "Báo cáo năm 2025",
                          [(nfd, hc, XLSX), ("ghi-chu.pdf", b"%PDF-1.4", ("application", "pdf"))]))
    dovecot.deliver(reply("btctu@example.org", "Wed, 10 Dec 2025 10:00:00 +0700", "Gửi lại (nén)",
                          [("bao-cao.zip", packed.getvalue(), ("application", "zip"))]))
    dovecot.deliver(reply("ai-do@example.org", "Wed, 10 Dec 2025 11:00:00 +0700", "Hỏi thăm", []))

    first = run(mini_ws, "fetch", "--json", env=env)
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert [m["attachments"] for m in data["messages"]] == [[HC], ["bao-cao.zip"], []]
    assert data["attachments"] == 2 and data["already_seen"] == 0
    subs = imap_submissions(mini_ws)
    by_name = {s["original_name"]: s for s in subs}
    assert set(by_name) >= {HC, BTCTU}
    assert by_name[HC]["sender"] == "hc@example.org"
    assert by_name[HC]["sent_at"].startswith("2025-12-09T08:30:00+07:00")
    assert by_name[HC]["agency"] == "DU-P-HC" and by_name[BTCTU]["agency"] == "BTCTU"
    assert by_name[HC]["origin"].endswith(f";UID=1!{HC}") and by_name[HC]["origin_kind"] == "imap"
    assert by_name[BTCTU]["sender"] == "btctu@example.org"  # a zip member keeps the mail's sender

    second = run(mini_ws, "fetch", env=env)  # nothing new: nothing collected again
    assert second.exit_code == 0, second.output
    assert "0 thư mới" in second.stdout and "3 thư đã xử lý trước đây" in second.stdout
    assert len(imap_submissions(mini_ws)) == len(subs)

    btgdv = (mini_ws / FOLDER / BTGDV).read_bytes()
    dovecot.deliver(reply("btgdv@example.org", "Thu, 11 Dec 2025 09:00:00 +0700", "Báo cáo", [(BTGDV, btgdv, XLSX)]))
    third = run(mini_ws, "fetch", env=env)
    assert third.exit_code == 0, third.output
    assert "1 thư mới, 1 tệp đính kèm" in third.stdout
    after = imap_submissions(mini_ws)
    assert len(after) == len(subs) + 1 and after[-1]["agency"] == "BTGDVTU"

    # Nothing on the server changed: four messages, none marked \Seen, none deleted.
    marks = flags(dovecot)
    assert len(marks) == 4 and not any(b"\\Seen" in m for m in marks)
    with Store(mini_ws / "ctrxl.sqlite") as store:
        assert store.conn.execute("SELECT COUNT(*) FROM imap_seen").fetchone()[0] == 4


def test_wrong_password_is_a_clear_error(mini_ws, dovecot):
    imap_config(mini_ws, dovecot.port)
    result = run(mini_ws, "fetch", env={"CTRXL_TEST_IMAP_PW": "sai-mat-khau"})
    assert result.exit_code == 2
    assert "Lỗi: máy chủ 127.0.0.1 (IMAP) từ chối đăng nhập của «thu@example.org»" in result.stderr
    assert "AUTHENTICATIONFAILED" in result.stderr


def test_starttls_not_offered_is_a_clear_error(mini_ws, dovecot):
    imap_config(mini_ws, dovecot.port, security="starttls")
    result = run(mini_ws, "fetch", env={"CTRXL_TEST_IMAP_PW": dovecot.password})
    assert result.exit_code == 2
    assert "(IMAP) không hỗ trợ STARTTLS" in result.stderr and "imap_security" in result.stderr


def test_ssl_against_a_plain_server_is_a_tls_error(mini_ws, dovecot):
    imap_config(mini_ws, dovecot.port, security="ssl")
    result = run(mini_ws, "fetch", env={"CTRXL_TEST_IMAP_PW": dovecot.password})
    assert result.exit_code == 2
    assert "Lỗi: không thiết lập được kết nối bảo mật (TLS)" in result.stderr
    assert "ssl dùng cổng 993, starttls dùng cổng 143" in result.stderr


def test_closed_port_is_a_clear_error(mini_ws):
    imap_config(mini_ws, free_port())
    result = run(mini_ws, "fetch", env={"CTRXL_TEST_IMAP_PW": "x"})
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi: không kết nối được tới máy chủ thư 127.0.0.1:")
    assert "(IMAP)" in result.stderr


def test_no_password_without_terminal(mini_ws, dovecot, monkeypatch):
    monkeypatch.delenv("CTRXL_TEST_IMAP_PW", raising=False)
    imap_config(mini_ws, dovecot.port)
    result = run(mini_ws, "fetch")
    assert result.exit_code == 2
    assert "không có mật khẩu cho «thu@example.org»" in result.stderr and "CTRXL_TEST_IMAP_PW" in result.stderr


def test_missing_imap_host(mini_ws):
    result = run(mini_ws, "fetch")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Lỗi: chưa khai báo «imap_host» trong mục [mail] của ctrxl.toml"
