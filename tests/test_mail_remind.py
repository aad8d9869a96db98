"""ctrxl remind: who gets which reminder, from the store; never the agencies that are done."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib

from ctrxl.definition.load import load_workspace_definition
from ctrxl.mail.remind import remind
from ctrxl.store import Store, now
from ctrxl.workspace import open_workspace

from .conftest import MINI_PROGRAMME
from .mailservers import smtp, smtp_server  # noqa: F401 (fixtures)
from .test_mail_send import mail_config, run

DUE = dt.date(2025, 12, 15)


def add_submission(root, agency: str, outcome: str, problems=(), receipt: str | None = None) -> int:
    data = f"{agency}-{outcome}".encode()
    sha = hashlib.sha256(data).hexdigest()
    with Store(root / "ctrxl.sqlite") as store:
        cycle = store.cycle_id("17-CTr/TU", 2025)
        with store.tx() as conn:
            conn.execute("INSERT OR IGNORE INTO files VALUES (?,?,?,?)", (sha, len(data), f"archive/{sha}", now()))
            sid = conn.execute(
                """INSERT INTO submissions (cycle_id, sha256, original_name, origin, origin_kind, received_at, agency,
                   outcome, receipt_path) VALUES (?,?,?,?,?,?,?,?,?)""",
                (cycle, sha, f"bao cao {agency}.xlsx", "inbox", "file", now(), agency, outcome, receipt)).lastrowid
            for code, sheet, cell, message, hint in problems:
                conn.execute("""INSERT INTO problems (submission_id, code, severity, sheet, cell, message, hint)
                                VALUES (?,?,?,?,?,?,?)""", (sid, code, "error", sheet, cell, message, hint))
    return sid


def received(server) -> dict[str, list]:
    out: dict[str, list] = {}
    for m in server.handler.messages:
        msg = email.message_from_bytes(m.data, policy=email.policy.default)
        out.setdefault(msg["To"].addresses[0].addr_spec, []).append(msg)
    return out


def remind_on(root, day: dt.date, **kw):
    ws = open_workspace(explicit=root)
    return remind(ws, load_workspace_definition(ws), today=day, **kw)


def test_reminders_follow_the_store(mini_ws, smtp):
    mail_config(mini_ws, smtp.port)
    (mini_ws / "output").mkdir(exist_ok=True)
    receipt = mini_ws / "output" / "Phiếu phản hồi - Ban Tuyên giáo và Dân vận.xlsx"
    receipt.write_bytes(b"receipt bytes")
    add_submission(mini_ws, "BTCTU", "warnings")  # done
    add_submission(mini_ws, "BTGDVTU", "rejected", receipt=str(receipt.relative_to(mini_ws)), problems=[
        ("col.ratio", "Chỉ tiêu", "H6", "tử số 37 lớn hơn mẫu số 34", "Kiểm tra lại hai số."),
        ("col.date", "Nhiệm vụ", "H7", "đã hoàn thành nhưng chưa ghi ngày hoàn thành", None),
    ])
    result = remind_on(mini_ws, dt.date(2025, 12, 1))
    kinds = {r["agency"]: (r["kind"], r["status"]) for r in result.rows}
    assert kinds == {"BTGDVTU": ("resend-request", "sent"), "DU-P-HC": ("reminder", "sent"),
                     "DU-X-HV": ("reminder", "no-address")}
    assert result.done == ["BTCTU"]
    got = received(smtp)
    assert "btctu@example.org" not in got  # never to an agency that is done
    (req,) = got["btgdv@example.org"]
    text = req.get_body(("plain",)).get_content()
    assert "chưa hợp lệ" in req["Subject"]
    assert "1. sheet «Chỉ tiêu», ô H6: tử số 37 lớn hơn mẫu số 34 — Kiểm tra lại hai số." in text
    assert "2. sheet «Nhiệm vụ», ô H7: đã hoàn thành nhưng chưa ghi ngày hoàn thành" in text
    assert "trước ngày 15/12/2025" in text
    (att,) = list(req.iter_attachments())
    assert att.get_filename() == receipt.name and att.get_content() == b"receipt bytes"
    (rem,) = got["hc@example.org"]
    assert "Nhắc gửi báo cáo" in rem["Subject"]
    assert "còn 14 ngày" in rem.get_body(("plain",)).get_content()
    (wb,) = list(rem.iter_attachments())
    assert wb.get_filename() == "003 - Đảng ủy phường Hải Châu.xlsx"

    same_day = remind_on(mini_ws, dt.date(2025, 12, 1))  # not twice on the same day
    assert {r["status"] for r in same_day.rows} == {"skipped", "no-address"}
    assert len(smtp.handler.messages) == 2
    forced = remind_on(mini_ws, dt.date(2025, 12, 1), resend=True, lang="vi")
    assert len(smtp.handler.messages) == 4 and forced.count("sent") == 2


def test_after_the_due_date_the_reminder_is_firmer(mini_ws, smtp):
    mail_config(mini_ws, smtp.port)
    add_submission(mini_ws, "BTCTU", "accepted")
    add_submission(mini_ws, "BTGDVTU", "accepted")
    result = remind_on(mini_ws, DUE + dt.timedelta(days=3))
    assert [(r["agency"], r["kind"], r["status"]) for r in result.rows] == [
        ("DU-P-HC", "reminder-late", "sent"), ("DU-X-HV", "reminder-late", "no-address")]
    (msg,) = received(smtp)["hc@example.org"]
    assert msg["Subject"].startswith("[17-CTr/TU] ĐÔN ĐỐC")
    text = msg.get_body(("plain",)).get_content()
    assert "đã quá hạn 3 ngày" in text
    assert "Chương trình hành động số 17-CTr/TU năm 2025" in text  # the mini programme names no document


def test_reminders_cite_the_implemented_document(mini_ws, smtp):
    (mini_ws / "programme.yaml").write_text(MINI_PROGRAMME.replace(
        "  issue_date: 16/8/2022\n",
        "  issue_date: 16/8/2022\n  implements:\n    - symbol: 165-TB/VPTW\n      date: 08/4/2025\n", 1), encoding="utf-8")
    mail_config(mini_ws, smtp.port)
    add_submission(mini_ws, "BTGDVTU", "rejected", problems=[("col.date", "Nhiệm vụ", "H7", "thiếu ngày", None)])
    remind_on(mini_ws, dt.date(2025, 12, 1))
    got = received(smtp)
    for address in ("btgdv@example.org", "hc@example.org"):  # a resend request and a reminder
        (msg,) = got[address]
        for part in ("plain", "html"):
            body = " ".join(msg.get_body((part,)).get_content().replace("<strong>", "").replace("</strong>", "").split())
            assert "Chương trình hành động số 17-CTr/TU (thực hiện Thông báo số 165-TB/VPTW) năm 2025" in body, part


def test_a_later_rejected_file_does_not_undo_done(mini_ws, smtp):
    mail_config(mini_ws, smtp.port)
    for code in ("BTGDVTU", "DU-P-HC", "DU-X-HV"):
        add_submission(mini_ws, code, "accepted")
    add_submission(mini_ws, "BTCTU", "accepted")
    add_submission(mini_ws, "BTCTU", "rejected", problems=[("x", "Nhiệm vụ", "A1", "lỗi", None)])
    result = run(mini_ws, "remind")
    assert result.exit_code == 0, result.output
    assert "Không có đơn vị nào cần nhắc" in result.stdout or "0 đã gửi" in result.stdout
    assert smtp.handler.messages == []


def test_remind_dry_run_cli(mini_ws, smtp):
    mail_config(mini_ws, smtp.port)
    result = run(mini_ws, "remind", "--dry-run", "--json")
    assert result.exit_code == 1  # DU-X-HV has no address
    assert smtp.handler.messages == []
    names = sorted(p.name for p in (mini_ws / "outbox").iterdir())
    assert len(names) == 3 and all(n.startswith("reminder") for n in names)
