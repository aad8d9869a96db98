"""ctrxl send: real aiosmtpd server on 127.0.0.1, attachments byte-identical, resumable, errors in Vietnamese."""
from __future__ import annotations

import email
import email.policy
import json
import smtplib
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.definition.load import load_workspace_definition
from ctrxl.mail.compose import Rendered, build_message, encode_words, to_bytes
from ctrxl.mail.send import send_workbooks
from ctrxl.store import Store
from ctrxl.workspace import open_workspace

from .mailservers import free_port, smtp, smtp_auth, smtp_auth_server, smtp_server, start_smtp  # noqa: F401

# aiosmtpd warns on every connection that AUTH without TLS is unsafe: wanted here, on 127.0.0.1 only.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

SENT_TO = {"BTCTU": ["btctu@example.org"], "BTGDVTU": ["btgdv@example.org"], "DU-P-HC": ["hc@example.org"]}
FILES = {"BTCTU": "001 - Ban Tổ chức Thành ủy.xlsx", "BTGDVTU": "002 - Ban Tuyên giáo và Dân vận Thành ủy.xlsx",
         "DU-P-HC": "003 - Đảng ủy phường Hải Châu.xlsx"}


def mail_config(root: Path, port: int, security: str = "none", user: str = "", **extra) -> None:
    settings = {"from": "btctu@example.org", "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": security,
                "smtp_user": user, "password_env": "CTRXL_TEST_SMTP_PW", "throttle_seconds": 0,
                "retry_backoff_seconds": 0, "timeout_seconds": 5, **extra}
    lines = ["", "[mail]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in settings.items()]
    with open(root / "ctrxl.toml", "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def run(root: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["-w", str(root), *args], env=env)


def parsed(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def by_agency(server) -> dict[str, list]:
    out: dict[str, list] = {}
    for m in server.handler.messages:
        msg = parsed(m.data)
        out.setdefault(msg["To"].addresses[0].addr_spec, []).append(msg)
    return out


def workbook_bytes(root: Path, code: str) -> bytes:
    return (root / "output" / "bieu-mau-17-CTr-TU-2025" / FILES[code]).read_bytes()


# ------------------------------------------------------------------ composing


def test_long_vietnamese_subject_keeps_its_spaces():
    subject = ("[17-CTr/TU] Báo cáo năm 2025 của Đảng ủy các cơ quan Đảng thành phố chưa hợp lệ — "
               "đề nghị sửa và gửi lại")
    msg = build_message(sender="a@example.org", recipients=["b@example.org"], subject=subject,
                        rendered=Rendered(subject, "x", "<p>x</p>"), message_id="<1@example.org>")
    raw = to_bytes(msg)
    assert parsed(raw)["Subject"] == subject
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))
    assert all(len(w) <= 75 for w in encode_words(subject))


def test_attachment_name_is_rfc2231_and_nfc():
    nfd = unicodedata.normalize("NFD", "003 - Đảng ủy phường Hải Châu.xlsx")
    msg = build_message(sender="a@example.org", recipients=["b@example.org"], subject="s",
                        rendered=Rendered("s", "x", "<p>x</p>"), message_id="<1@example.org>",
                        attachments=[__import__("ctrxl.mail.compose", fromlist=["Attachment"]).Attachment(nfd, b"PK")])
    raw = to_bytes(msg)
    assert b"filename*" in raw  # RFC 2231 parameter, not a raw UTF-8 name
    att = next(parsed(raw).iter_attachments())
    assert att.get_filename() == unicodedata.normalize("NFC", nfd)
    assert att.get_content() == b"PK"


# ------------------------------------------------------------------ sending


def test_send_one_message_per_agency_with_workbook(mini_ws, smtp):
    mail_config(mini_ws, smtp.port)
    result = run(mini_ws, "send", "--json")
    assert result.exit_code == 1, result.output  # DU-X-HV has no address: reported, the others still go
    data = json.loads(result.stdout)
    status = {m["agency"]: m["status"] for m in data["messages"]}
    assert status == {"BTCTU": "sent", "BTGDVTU": "sent", "DU-P-HC": "sent", "DU-X-HV": "no-address"}
    got = by_agency(smtp)
    assert sorted(got) == sorted(a for v in SENT_TO.values() for a in v)
    ids = set()
    for code, (addr,) in SENT_TO.items():
        (msg,) = got[addr]
        assert msg["From"] == "btctu@example.org"
        assert "Biểu mẫu báo cáo kết quả thực hiện năm 2025" in msg["Subject"]
        plain = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        assert "Kính gửi" in plain and "15/12/2025" in plain and "<strong>" in html
        (att,) = list(msg.iter_attachments())
        assert unicodedata.normalize("NFC", att.get_filename()) == FILES[code]
        assert att.get_content() == workbook_bytes(mini_ws, code)  # generated on the fly, byte-identical
        ids.add(msg["Message-ID"])
    no_addr = next(m for m in data["messages"] if m["agency"] == "DU-X-HV")
    assert "Đảng ủy xã Hòa Vang" in no_addr["error"] and "chưa có địa chỉ email" in no_addr["error"]
    with Store(mini_ws / "ctrxl.sqlite") as store:
        rows = store.conn.execute("SELECT agency, status, message_id, attempts FROM sends ORDER BY agency").fetchall()
    assert {r["agency"]: r["status"] for r in rows} == {"BTCTU": "sent", "BTGDVTU": "sent", "DU-P-HC": "sent"}
    assert {r["message_id"] for r in rows} == ids

    again = run(mini_ws, "send")  # a second run sends nothing
    assert len(smtp.handler.messages) == 3
    assert "[BỎ QUA] BTCTU" in again.stdout and "đã gửi ngày" in again.stdout
    assert "Lỗi: 1 thư chưa gửi được" in again.stderr

    forced = run(mini_ws, "send", "--agency", "DU-P-HC", "--resend")
    assert forced.exit_code == 0, forced.output
    assert len(smtp.handler.messages) == 4


def test_dry_run_writes_eml_and_sends_nothing(mini_ws, smtp):
    mail_config(mini_ws, smtp.port)
    result = run(mini_ws, "send", "--dry-run", "--agency", "BTCTU", "--agency", "DU-P-HC")
    assert result.exit_code == 0, result.output
    assert smtp.handler.messages == []
    outbox = mini_ws / "outbox"
    assert sorted(p.name for p in outbox.iterdir()) == ["workbook-BTCTU.eml", "workbook-DU-P-HC.eml"]
    msg = parsed((outbox / "workbook-DU-P-HC.eml").read_bytes())
    (att,) = list(msg.iter_attachments())
    assert att.get_filename() == FILES["DU-P-HC"]
    assert att.get_content() == workbook_bytes(mini_ws, "DU-P-HC")
    assert "Chạy thử: đã ghi 2 thư" in result.stdout
    live = run(mini_ws, "send", "--agency", "BTCTU")  # a dry run does not count as sent
    assert live.exit_code == 0, live.output
    assert len(smtp.handler.messages) == 1


def test_unknown_agency(mini_ws, smtp):
    mail_config(mini_ws, smtp.port)
    result = run(mini_ws, "send", "--agency", "KHONG-CO")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Lỗi: không có đơn vị báo cáo mã «KHONG-CO» trong chu kỳ này"


def test_refusal_halfway_then_rerun_delivers_each_once(mini_ws, smtp):
    mail_config(mini_ws, smtp.port, retries=1)
    smtp.handler.fail = lambda n, env: "451 4.7.1 Vượt hạn mức, thử lại sau" if n >= 1 else None
    first = run(mini_ws, "send")
    assert first.exit_code == 2
    assert "máy chủ thư tạm thời không nhận thư" in first.stderr and "đã gửi 1 thư" in first.stderr
    assert len(smtp.handler.messages) == 1
    smtp.handler.fail = None
    second = run(mini_ws, "send")
    assert second.exit_code == 1  # only DU-X-HV, which has no address
    addrs = [parsed(m.data)["To"].addresses[0].addr_spec for m in smtp.handler.messages]
    assert sorted(addrs) == sorted(a for v in SENT_TO.values() for a in v)  # each exactly once
    with Store(mini_ws / "ctrxl.sqlite") as store:
        rows = store.conn.execute("SELECT agency, status, attempts FROM sends").fetchall()
    assert len(rows) == 3 and {r["status"] for r in rows} == {"sent"}
    assert max(r["attempts"] for r in rows) == 3  # 2 failed attempts, then the rerun's one


def test_dropped_connection_is_retried_without_duplicates(mini_ws, smtp):
    mail_config(mini_ws, smtp.port, retries=2)
    dropped = []

    def fail(n, envelope):
        if n == 1 and not dropped:
            dropped.append(envelope.rcpt_tos)
            return "drop"
        return None

    smtp.handler.fail = fail
    waits: list[float] = []
    ws = open_workspace(explicit=mini_ws)
    result = send_workbooks(ws, load_workspace_definition(ws), sleep=waits.append)
    assert dropped, "the server never dropped the connection"
    assert [r["status"] for r in result.rows] == ["sent", "sent", "sent", "no-address"]
    addrs = sorted(parsed(m.data)["To"].addresses[0].addr_spec for m in smtp.handler.messages)
    assert addrs == sorted(a for v in SENT_TO.values() for a in v)
    assert [r.get("attempts") for r in result.rows[:3]] == [1, 2, 1]


def test_throttle_and_backoff_waits(mini_ws, smtp):
    mail_config(mini_ws, smtp.port, retries=3, throttle_seconds=1.5, retry_backoff_seconds=2)
    smtp.handler.fail = lambda n, env: "421 4.3.2 bận" if n == 0 and len(waits) < 2 else None
    waits: list[float] = []
    ws = open_workspace(explicit=mini_ws)
    send_workbooks(ws, load_workspace_definition(ws), sleep=waits.append)
    assert waits == [2, 4, 1.5, 1.5]  # backoff doubles; then a pause between messages


def test_pending_send_is_never_resent_silently(mini_ws, smtp):
    mail_config(mini_ws, smtp.port)
    ws = open_workspace(explicit=mini_ws)
    definition = load_workspace_definition(ws)

    class Killed(BaseException):
        pass

    original = smtplib.SMTP.send_message

    def die_on_second(self, msg, *a, **k):
        if "btgdv@example.org" in msg["To"]:
            raise Killed()  # the process dies while the message is being handed over
        return original(self, msg, *a, **k)

    smtplib.SMTP.send_message = die_on_second
    try:
        with pytest.raises(Killed):
            send_workbooks(ws, definition)
    finally:
        smtplib.SMTP.send_message = original
    result = send_workbooks(ws, definition)
    status = {r["agency"]: r["status"] for r in result.rows}
    assert status == {"BTCTU": "skipped", "BTGDVTU": "uncertain", "DU-P-HC": "sent", "DU-X-HV": "no-address"}
    assert "có thể thư đã đi" in result.rows[1]["error"]
    assert len(smtp.handler.messages) == 2
    forced = send_workbooks(ws, definition, ["BTGDVTU"], resend=True)
    assert forced.rows[0]["status"] == "sent" and len(smtp.handler.messages) == 3


# ------------------------------------------------------------------ errors and passwords


def test_wrong_host_port_is_a_clear_error(mini_ws):
    mail_config(mini_ws, free_port())
    result = run(mini_ws, "send")
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi: không kết nối được tới máy chủ thư 127.0.0.1:")
    assert "máy chủ từ chối kết nối" in result.stderr


def test_unknown_host_is_a_clear_error(mini_ws):
    mail_config(mini_ws, 25)
    text = (mini_ws / "ctrxl.toml").read_text(encoding="utf-8").replace('"127.0.0.1"', '"khong-ton-tai.invalid"')
    (mini_ws / "ctrxl.toml").write_text(text, encoding="utf-8")
    result = run(mini_ws, "send")
    assert result.exit_code == 2
    assert "Lỗi: không tìm thấy máy chủ thư «khong-ton-tai.invalid» (SMTP)" in result.stderr


def test_login_with_password_from_environment(mini_ws, smtp_auth):
    mail_config(mini_ws, smtp_auth.port, user="btctu@example.org")
    ok = run(mini_ws, "send", "--agency", "BTCTU", env={"CTRXL_TEST_SMTP_PW": "dung-mat-khau"})
    assert ok.exit_code == 0, ok.output
    assert len(smtp_auth.handler.messages) == 1


def test_refused_login_is_a_clear_error(mini_ws, smtp_auth):
    mail_config(mini_ws, smtp_auth.port, user="btctu@example.org")
    result = run(mini_ws, "send", env={"CTRXL_TEST_SMTP_PW": "sai"})
    assert result.exit_code == 2
    assert "Lỗi: máy chủ 127.0.0.1 (SMTP) từ chối đăng nhập của «btctu@example.org»: 535" in result.stderr
    assert "biến môi trường CTRXL_TEST_SMTP_PW" in result.stderr
    assert smtp_auth.handler.messages == []
    with Store(mini_ws / "ctrxl.sqlite") as store:  # recorded as failed, so a rerun sends it
        assert {r[0] for r in store.conn.execute("SELECT status FROM sends")} == {"failed"}
    retry = run(mini_ws, "send", "--agency", "BTCTU", env={"CTRXL_TEST_SMTP_PW": "dung-mat-khau"})
    assert retry.exit_code == 0, retry.output


def test_no_password_without_terminal_is_a_clear_error(mini_ws, smtp_auth, monkeypatch):
    monkeypatch.delenv("CTRXL_TEST_SMTP_PW", raising=False)
    mail_config(mini_ws, smtp_auth.port, user="btctu@example.org")
    result = run(mini_ws, "send")
    assert result.exit_code == 2
    assert "Lỗi: không có mật khẩu cho «btctu@example.org» trên «127.0.0.1»: đặt biến môi trường " \
           "CTRXL_TEST_SMTP_PW" in result.stderr


def test_password_prompt_on_a_terminal(mini_ws, smtp_auth, monkeypatch):
    from ctrxl.mail import settings

    monkeypatch.delenv("CTRXL_TEST_SMTP_PW", raising=False)
    mail_config(mini_ws, smtp_auth.port, user="btctu@example.org")
    asked = []
    monkeypatch.setattr("click.prompt", lambda text, hide_input: asked.append((text, hide_input)) or "dung-mat-khau")
    ws = open_workspace(explicit=mini_ws)
    result = send_workbooks(ws, load_workspace_definition(ws), ["BTCTU"],
                            password=settings.password_from_env_or_prompt("vi", interactive=True))
    assert result.rows[0]["status"] == "sent"
    assert asked == [("Mật khẩu của btctu@example.org trên 127.0.0.1", True)]


def test_starttls_not_offered_is_a_clear_error(mini_ws, smtp):
    mail_config(mini_ws, smtp.port, security="starttls", user="btctu@example.org")
    result = run(mini_ws, "send", env={"CTRXL_TEST_SMTP_PW": "x"})
    assert result.exit_code == 2
    assert "Lỗi: máy chủ 127.0.0.1:" in result.stderr and "không hỗ trợ STARTTLS" in result.stderr
    assert smtp.handler.messages == []


def test_ssl_against_a_plain_server_is_a_tls_error(mini_ws, smtp):
    mail_config(mini_ws, smtp.port, security="ssl")
    result = run(mini_ws, "send")
    assert result.exit_code == 2
    assert "Lỗi: không thiết lập được kết nối bảo mật (TLS)" in result.stderr
    assert "ssl dùng cổng 465, starttls dùng cổng 587" in result.stderr


def test_password_is_not_read_from_the_config(mini_ws, smtp_auth, monkeypatch):
    monkeypatch.delenv("CTRXL_TEST_SMTP_PW", raising=False)
    mail_config(mini_ws, smtp_auth.port, user="btctu@example.org", password="dung-mat-khau")
    result = run(mini_ws, "send")
    assert result.exit_code == 2 and "không có mật khẩu" in result.stderr


def test_bad_security_value(mini_ws):
    mail_config(mini_ws, 25, security="tls")
    result = run(mini_ws, "send", "--dry-run")
    assert result.exit_code == 2
    assert "«smtp_security» = «tls» không hợp lệ" in result.stderr


def test_english_messages(mini_ws):
    mail_config(mini_ws, free_port())
    result = run(mini_ws, "--lang", "en", "send")
    assert result.stderr.startswith("Error: cannot connect to mail server 127.0.0.1:")


def test_non_ascii_password_goes_as_utf8_auth_plain(mini_ws):
    server = start_smtp(auth=("btctu@example.org", "mật-khẩu-có-dấu"))
    try:
        mail_config(mini_ws, server.port, user="btctu@example.org")
        ok = run(mini_ws, "send", "--agency", "BTCTU", env={"CTRXL_TEST_SMTP_PW": "mật-khẩu-có-dấu"})
        assert ok.exit_code == 0, ok.output
        assert len(server.handler.messages) == 1
    finally:
        server.controller.stop()
