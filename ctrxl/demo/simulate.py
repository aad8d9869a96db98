"""Simulate agencies filling their workbooks, for ``ctrxl demo``, the tests and the benchmarks.

A clerk opens the generated workbook, chooses statuses, types dates, numbers and
text, and saves — here with openpyxl on a copy (the way a test edits a file; a
real returned file is never re-saved by ctrxl). Some clerks make mistakes, some
type status variants, some re-save in LibreOffice as .ods or .xls, some zip the
file or send it by mail. Everything is seeded, so a demo run is reproducible.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import openpyxl

from .. import clock
from ..workbook import layout as L

RESULTS = (
    "Đã ban hành kế hoạch triển khai, tổ chức quán triệt đến 100% chi bộ trực thuộc.",
    "Tổ chức 02 hội nghị chuyên đề; 96% cán bộ, đảng viên tham gia học tập.",
    "Rà soát, bổ sung quy chế làm việc của cấp ủy nhiệm kỳ 2025 - 2030.",
    "Kiểm tra, giám sát 05 tổ chức đảng; kịp thời chấn chỉnh thiếu sót.",
    "Cập nhật 100% dữ liệu đảng viên vào phần mềm quản lý; số hóa hồ sơ.",
)
EVIDENCE = ("Kế hoạch số 12-KH/ĐU ngày 05/3/2025", "Báo cáo số 45-BC/ĐU ngày 20/6/2025",
            "Nghị quyết số 03-NQ/ĐU ngày 15/01/2025", "Công văn số 210-CV/ĐU ngày 10/9/2025")
DIFFICULTIES = ("Sắp xếp tổ chức bộ máy nên một số việc phải lùi thời gian.",
                "Đội ngũ làm công tác đảng ở cơ sở còn kiêm nhiệm.", None, None)

# The overall assessment every simulated agency writes (the benchmarks' fast filler types the same).
ASSESSMENT_TEXTS = {
    "strengths": "Cấp ủy quan tâm lãnh đạo; chất lượng sinh hoạt chi bộ được nâng lên.",
    "weaknesses": "Một số chi bộ sinh hoạt chuyên đề chưa đều.",
    "causes": "Sắp xếp tổ chức bộ máy; cán bộ kiêm nhiệm nhiều việc.",
    "direction": "Tiếp tục nâng cao chất lượng sinh hoạt chi bộ, công tác phát triển đảng viên.",
    "proposals": "Đề nghị tổ chức tập huấn nghiệp vụ công tác đảng cho cấp ủy cơ sở.",
}


# Today's indicator answers: a figure between 70% and 110% of its target's level (earlier years lower,
# history.STEPS), two agencies in three answering yes.
TODAY_TARGET = (0.70, 1.10)
TODAY_YES = 2 / 3
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def target_level(text: str | None) -> float | None:
    """The level a target the workbook shows (``≥ 90%``, ``3–4%``, ``≥ 10 chi bộ``) asks for: its number,
    the middle of a range; None for a yes/no target (``Đạt``) or none."""
    numbers = [float(n.replace(",", ".")) for n in _NUMBER.findall(text or "")]
    if not numbers:
        return None
    return sum(numbers[:2]) / len(numbers[:2])


def indicator_answer(kind: str, target: str | None, rng: random.Random, share: tuple[float, float],
                     yes: float) -> dict[str, Any]:
    """A simulated agency's figure for one indicator (field -> value; {} when left blank): near the target,
    ``share`` of its level (low, high). A ratio's denominator is large enough for a low target (3–4% of
    party members) to be a whole number of people; it never passes 100%."""
    level = target_level(target) if kind != "yesno" else None
    if kind == "ratio":
        if rng.random() < 0.1:
            return {}  # not reported: left blank
        den = rng.randint(20, 120) if level is None or level >= 40 else rng.randint(150, 900)
        if level is None:
            return {"numerator": rng.randint(int(den * share[0] * 0.9), den), "denominator": den}
        num = round(den * min(100.0, level * rng.uniform(*share)) / 100)
        return {"numerator": min(num, den), "denominator": den}
    if kind == "yesno":
        return {"value": L.YES_NO_LABELS[0] if rng.random() < yes else L.YES_NO_LABELS[1]}
    if level is None:
        return {"value": rng.randint(0, 50)}
    return {"value": max(0, round(level * rng.uniform(*share)))}


def _columns(sheet, columns: tuple[L.Column, ...]) -> tuple[int, dict[str, int]]:
    """(header row, key -> 1-based column) found by the headers, like the reader."""
    for r in range(1, 20):
        found = {}
        for c in range(1, sheet.max_column + 1):
            value = sheet.cell(r, c).value
            for col in columns:
                if value == col.header:
                    found[col.key] = c
        if "serial" in found and len(found) > 3:
            return r, found
    raise ValueError(f"no header on {sheet.title}")


def fill_workbook(src: Path, dst: Path, rng: random.Random, mistakes: bool = False, variants: bool = False,
                  year: int = 2025, contact: str = "Nguyễn Thị B", sent: dt.datetime | None = None) -> None:
    wb = openpyxl.load_workbook(src)
    tasks = wb[L.SHEET_TASKS]
    h, col = _columns(tasks, L.TASK_COLUMNS)
    statuses = [L.Status.DONE] * 5 + [L.Status.IN_PROGRESS] * 2 + [L.Status.CONTINUING] * 3 + [L.Status.NOT_STARTED]
    rows = [r for r in range(h + 1, tasks.max_row + 1) if tasks.cell(r, col["task_code"]).value]
    done_before = L.DONE_IN_YEAR.split("{", 1)[0]
    for n, r in enumerate(rows):
        # a one-off task completed in an earlier cycle comes filled in: the clerk leaves it (the draws
        # are made all the same, so a workbook without previous columns gets the answers it always got)
        prefilled = (col.get("previous_status") is not None
                     and str(tasks.cell(r, col["previous_status"]).value or "").startswith(done_before))

        def put(key: str, value, r: int = r, keep: bool = prefilled) -> None:
            if not keep:
                tasks.cell(r, col[key]).value = value

        deadline = str(tasks.cell(r, col["deadline"]).value or "")
        status = L.Status.CONTINUING if "thường xuyên" in deadline and rng.random() < 0.7 else rng.choice(statuses)
        label = L.STATUS_LABELS[status]
        if variants and n % 3 == 0:
            label = rng.choice([label.lower(), unicodedata.normalize("NFD", label), label.upper()])
            if status == L.Status.DONE and n % 2 == 0:
                label = "hoàn thành"
        put("status", label)
        if status == L.Status.DONE:
            put("completed_on", dt.datetime(year, rng.randint(1, 11), rng.randint(1, 28)))
            put("evidence", rng.choice(EVIDENCE))
        if status == L.Status.IN_PROGRESS:
            put("progress", rng.choice((30, 50, 70, 80)))
        if status != L.Status.NOT_STARTED:
            put("results", rng.choice(RESULTS))
        else:
            put("difficulties", "Chờ hướng dẫn của cấp trên.")
        if rng.random() < 0.2:
            put("difficulties", rng.choice([d for d in DIFFICULTIES if d]))
        if rng.random() < 0.1:
            put("proposals", "Đề nghị Thành ủy bố trí kinh phí & tập huấn <nghiệp vụ>.")
    if mistakes and rows:
        r = rows[0]
        tasks.cell(r, col["status"]).value = L.STATUS_LABELS[L.Status.DONE]
        tasks.cell(r, col["completed_on"]).value = None  # done without a date
        if len(rows) > 1:
            tasks.cell(rows[1], col["status"]).value = L.STATUS_LABELS[L.Status.IN_PROGRESS]
            tasks.cell(rows[1], col["progress"]).value = 120  # outside 0–100
    inds = wb[L.SHEET_INDICATORS] if L.SHEET_INDICATORS in wb.sheetnames else None  # none without indicators
    try:
        h, icol = _columns(inds, L.INDICATOR_COLUMNS) if inds is not None else (0, {})
    except ValueError:
        icol = {}
    first_ratio = True
    for r in range(h + 1, inds.max_row + 1) if inds is not None and icol else ():
        assert inds is not None  # the range is empty without the sheet
        if not inds.cell(r, icol["indicator_code"]).value:
            continue
        method = str(inds.cell(r, icol["method"]).value or "")
        kind = ("ratio" if method.startswith("Tử số") or "tử số" in method else "yesno" if "Có" in method
                else "count")
        value = indicator_answer(kind, str(inds.cell(r, icol["target"]).value or ""), rng, TODAY_TARGET, TODAY_YES)
        if kind == "ratio" and value and mistakes and first_ratio:
            value["numerator"] = int(value["denominator"]) + 3  # a numerator above its denominator
        if kind == "ratio" and value:
            first_ratio = False
        for key, v in value.items():
            inds.cell(r, icol[key]).value = v
    ass = wb[L.SHEET_ASSESSMENT]
    texts = {
        **ASSESSMENT_TEXTS,
        "filled_by": contact, "phone": "0905123456", "email": "vanphong@example.org",
        # a report is dated on or before the day it is sent
        "report_date": dt.datetime(year, 12, rng.randint(1, min(12, sent.day) if sent and sent.month == 12 else 12)),
        "head": "Trần Văn C, Bí thư",
    }
    for r in range(1, ass.max_row + 1):
        key = ass.cell(r, 1).value
        if key in texts:
            ass.cell(r, 3).value = texts[key]
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)


def libreoffice_resave(src: Path, fmt: str, outdir: Path) -> Path | None:
    """Re-save with LibreOffice (one profile per call); None when LibreOffice is not installed."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                       check=True, capture_output=True, timeout=180)
    out = outdir / f"{src.stem}.{fmt}"
    return out if out.is_file() else None


def as_eml(path: Path, sender: str, to: str, when: dt.datetime, subject: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg.set_content("Kính gửi Ban Tổ chức Thành ủy, đơn vị gửi biểu báo cáo kèm theo.")
    msg.add_attachment(path.read_bytes(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename=path.name)
    return bytes(msg)


def as_zip(paths: list[Path], dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in paths:
            zf.write(p, arcname=p.name)
    return dst


def _stamp(path: Path, when: dt.datetime) -> None:
    """Give a simulated return the time the agency saved it (collect reads it as the submission time)."""
    ts = when.timestamp()
    os.utime(path, (ts, ts))


def simulate_returns(workbooks: list[dict], inbox: Path, registry_emails: dict[str, list[str]], year: int,
                     recipient_email: str = "btctu@example.org", seed: int = 2025,
                     use_libreoffice: bool = True) -> list[str]:
    """Fill most agencies' workbooks into ``inbox`` in a realistic mix; return a line per agency.

    The mix follows the workbook's position ``n`` (0-based, in generate's order), by ``n % 10``:
    9 sends nothing; 7 sends a file with mistakes, then a corrected one three days later; 5 sends
    one with mistakes (done without a date, progress 120, numerator above denominator: rejected);
    3 types status variants (accepted with warnings); 1 re-saves in LibreOffice as .ods when
    ``n < 20``; 2 goes into one .zip for the first three of them (the zip saved 12/12, which is
    then their submission time); 4 mails an .eml when the agency has an address; 6 renames the
    file; the rest (0, 8, and the 1, 2 and 4 not caught above) copy the file as it is. A return is
    saved on 1–14 December, except ``n % 8 == 6``: 16–20 December, after the due date of the
    bundled example (15/12)."""
    inbox.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="ctrxl-sim-"))
    lines: list[str] = []
    zipped: list[Path] = []
    try:
        for n, wb in enumerate(workbooks):
            src, agency = Path(wb["path"]), wb["agency"]
            arng = random.Random(f"{seed}-{agency}")
            kind = n % 10
            name = src.name
            # Most agencies send in the first half of December; every eighth one is late.
            when = dt.datetime(year, 12, 16 + n % 5, 10) if n % 8 == 6 else dt.datetime(year, 12, 1 + n % 14, 9, n % 60)
            if kind == 9:
                lines.append(f"{agency}: chưa gửi")
                continue
            if kind == 7:  # first with mistakes, then a corrected resubmission
                first, second = inbox / f"{src.stem} (lần 1).xlsx", inbox / f"{src.stem} (lần 2, đã sửa).xlsx"
                fill_workbook(src, first, arng, mistakes=True, year=year, sent=when - dt.timedelta(days=3))
                fill_workbook(src, second, random.Random(f"{seed}-{agency}-2"), year=year, sent=when)
                _stamp(first, when - dt.timedelta(days=3))
                _stamp(second, when)
                lines.append(f"{agency}: gửi biểu có lỗi, sau đó gửi lại bản đã sửa")
                continue
            target = staging / name
            fill_workbook(src, target, arng, mistakes=(kind == 5), variants=(kind == 3), year=year, sent=when)
            _stamp(target, when)
            if kind == 1 and use_libreoffice and n < 20:
                fmt = "ods" if n % 2 else "xls"
                resaved = libreoffice_resave(target, fmt, staging / "lo")
                if resaved:
                    _stamp(resaved, when)
                    shutil.copy2(resaved, inbox / resaved.name)
                    lines.append(f"{agency}: lưu lại bằng LibreOffice (.{fmt})")
                    continue
            if kind == 2 and len(zipped) < 3:
                zipped.append(target)
                lines.append(f"{agency}: gửi trong tệp nén")
                continue
            if kind == 4 and registry_emails.get(agency):
                data = as_eml(target, registry_emails[agency][0], recipient_email,
                              when.replace(tzinfo=clock.zone()), f"Báo cáo năm {year}")
                (inbox / f"thu-{agency.lower()}.eml").write_bytes(data)
                lines.append(f"{agency}: gửi qua thư điện tử (.eml)")
                continue
            renamed = inbox / (f"bao cao {year} - {name}" if kind == 6 else name)
            shutil.copy2(target, renamed)
            lines.append(f"{agency}: " + {3: "gõ tình trạng theo cách khác (được chấp nhận, có lưu ý)",
                                          5: "có lỗi (hoàn thành chưa ghi ngày, tiến độ 120%, tử số > mẫu số)",
                                          6: "đổi tên tệp"}.get(kind, "đúng mẫu"))
        if zipped:
            _stamp(as_zip(zipped, inbox / f"cac-bieu-bao-cao-{year}.zip"), dt.datetime(year, 12, 12, 15))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return lines
