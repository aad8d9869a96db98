"""collect, fetch and the store against a hostile inbox, a failing disk and a busy store (issue 15).

Every case builds its hostile input here, byte by byte where it must, and asserts the
same three things: no traceback, the original bytes archived, an outcome (with a problem
code) for every input. Cases that could abort the process (the grid bomb) run ctrxl in a
child process. Disk faults use real tiny or read-only tmpfs mounts (these tests run as
root); they are skipped where mounting is not allowed.
"""
from __future__ import annotations

import email.utils
import hashlib
import io
import json
import os
import random
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.workbook import layout as L

from .test_collect import cycle, filled  # noqa: F401  (the fixture and the clerk's filling)

REPO = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ running collect


def _empty(folder):
    """An empty folder to collect: creates the store without taking anything (a missing path is an error)."""
    folder.mkdir(exist_ok=True)
    return folder


def run_collect(ws: Path, *paths, extra=()):
    """collect in-process; a traceback (any exception but a clean exit) fails the test."""
    result = CliRunner().invoke(cli, ["-w", str(ws), "collect", "--json", *map(str, paths), *extra])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError("collect crashed:\n" + "".join(traceback.format_exception(result.exception)))
    return result


def collected(ws: Path, *paths) -> dict[str, dict]:
    result = run_collect(ws, *paths)
    assert result.exit_code == 0, result.output
    return {e["path"]: e for e in json.loads(result.stdout)["files"]}


def child_collect(ws: Path, *paths, timeout: float = 120) -> subprocess.CompletedProcess:
    """collect in a child process (an abort there must not take pytest with it), memory capped."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30)); "
            "from ctrxl.cli import main; main(sys.argv[1:])")
    return subprocess.run([sys.executable, "-c", code, "-w", str(ws), "collect", "--json", *map(str, paths)],
                          capture_output=True, text=True, timeout=timeout, cwd=REPO)


def codes(entry) -> set[str]:
    return {i["code"] for i in entry["issues"]}


def archived(ws: Path, data: bytes) -> bool:
    sha = hashlib.sha256(data).hexdigest()
    return any(p.read_bytes() == data for p in (ws / "archive" / sha[:2]).glob(sha + "*"))


def submissions(ws: Path) -> list[sqlite3.Row]:
    db = sqlite3.connect(ws / "ctrxl.sqlite")
    db.row_factory = sqlite3.Row
    try:
        return db.execute("SELECT * FROM submissions ORDER BY id").fetchall()
    finally:
        db.close()


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*") if p.is_file()] if folder.exists() else []


# ------------------------------------------------------------------ byte-level zip surgery

LOCAL, CENTRAL = b"PK\x03\x04", b"PK\x01\x02"


def zip_of(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name, (2025, 12, 1, 8, 0, 0)), data, compress_type=method)
    return buf.getvalue()


def headers(data: bytes, name: str) -> tuple[int, int]:
    """(local header offset, central header offset) of member ``name``."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
        local, pos = info.header_offset, zf.start_dir
    while data[pos:pos + 4] == CENTRAL:
        n, m, k = struct.unpack("<HHH", data[pos + 28:pos + 34])
        if data[pos + 46:pos + 46 + n].decode("cp437") == name:
            return local, pos
        pos += 46 + n + m + k
    raise KeyError(name)


def patch(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value):]


def set_method(data: bytes, name: str, method: int) -> bytes:
    local, central = headers(data, name)
    data = patch(data, local + 8, struct.pack("<H", method))
    return patch(data, central + 10, struct.pack("<H", method))


def bad_crc(data: bytes, name: str) -> bytes:
    local, central = headers(data, name)
    crc = struct.unpack("<I", data[central + 16:central + 20])[0] ^ 0xFFFFFFFF
    data = patch(data, local + 14, struct.pack("<I", crc))
    return patch(data, central + 16, struct.pack("<I", crc))


def renamed_local(data: bytes, name: str, other: str) -> bytes:
    assert len(other) == len(name)
    local, _ = headers(data, name)
    return patch(data, local + 30, other.encode())


def understated(data: bytes, name: str) -> bytes:
    """The header says the member is smaller than it inflates to."""
    local, central = headers(data, name)
    size = struct.unpack("<I", data[central + 24:central + 28])[0] // 3
    data = patch(data, local + 22, struct.pack("<I", size))
    return patch(data, central + 24, struct.pack("<I", size))


def corrupt_stream(data: bytes, name: str) -> bytes:
    """Garbage in the middle of a member's deflate stream (sizes and directory intact)."""
    local, central = headers(data, name)
    csize = struct.unpack("<I", data[central + 20:central + 24])[0]
    n, m = struct.unpack("<HH", data[local + 26:local + 30])
    start = local + 30 + n + m
    return patch(data, start + 2, b"\xff" * max(8, csize // 2))


def rewrite(data: bytes, fn) -> bytes:
    """The same package with parts changed by ``fn(name, bytes) -> bytes``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, fn(info.filename, zin.read(info)))
    return buf.getvalue()


def first_sheet(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))[0]


@pytest.fixture
def good(cycle, tmp_path):  # noqa: F811
    """The workspace and three filled workbooks' bytes (one per agency)."""
    ws, paths = cycle
    out = {}
    for n, agency in enumerate(("DU-P-HC", "BTCTU", "DU-X-HV"), 1):
        out[agency] = filled(paths[agency], tmp_path / "src" / f"{agency}.xlsx", seed=n).read_bytes()
    return ws, out


# ------------------------------------------------------------------ 1. zip members that cannot be read


def test_unreadable_zip_members_each_get_an_outcome(good, tmp_path):
    ws, wb = good
    members = [("a-crc.xlsx", wb["DU-P-HC"]), ("b-d64.xlsx", wb["BTCTU"]), ("c-name.xlsx", wb["DU-X-HV"]),
               ("d-size.xlsx", wb["DU-P-HC"] + b"x")]
    stored = zip_of(members, zipfile.ZIP_STORED)
    stored = bad_crc(stored, "a-crc.xlsx")
    stored = set_method(stored, "b-d64.xlsx", 9)  # deflate64: zipfile has no decoder
    stored = renamed_local(stored, "c-name.xlsx", "c-NAME.xlsx")
    deflated = understated(zip_of([("d-size.xlsx", wb["DU-P-HC"] + b"x")]), "d-size.xlsx")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "hong.zip").write_bytes(stored)
    (inbox / "lon-hon.zip").write_bytes(deflated)
    (inbox / "tot.xlsx").write_bytes(wb["DU-X-HV"])  # a good file of the same run is not lost
    files = collected(ws, inbox)
    for zipped in ("hong.zip", "lon-hon.zip"):
        assert archived(ws, (inbox / zipped).read_bytes())
    by_member = {p.split("!", 1)[1]: e for p, e in files.items() if "!" in p}
    assert set(by_member) == {"a-crc.xlsx", "b-d64.xlsx", "c-name.xlsx", "d-size.xlsx"}
    for name, entry in by_member.items():
        assert entry["outcome"] == "quarantined", (name, entry)
        assert codes(entry) == {"col.zip_member_unreadable"}, (name, entry)
        assert entry["issues"][0]["message"].startswith("không đọc được tệp «")
        assert entry["sha256"]  # the member's stored bytes are archived under their hash
    assert files[str(inbox / "tot.xlsx")]["outcome"] in ("accepted", "warnings")
    # a rerun changes nothing and does not crash
    again = collected(ws, inbox)
    assert {e["outcome"] for e in again.values()} <= {"duplicate", "container"}


def test_backslash_member_taken_safely(good, tmp_path):
    ws, wb = good
    z = tmp_path / "in" / "bao cao.zip"
    z.parent.mkdir()
    z.write_bytes(zip_of([("..\\..\\x.xlsx", wb["BTCTU"]), ("../../y.xlsx", wb["DU-P-HC"])]))
    before = set(tmp_path.parent.iterdir())
    files = collected(ws, z)
    members = {p.split("!", 1)[1]: e for p, e in files.items() if "!" in p}
    assert members["..\\..\\x.xlsx"]["outcome"] in ("accepted", "warnings")
    assert members["..\\..\\x.xlsx"]["name"] == "x.xlsx"
    assert members["../../y.xlsx"]["outcome"] in ("accepted", "warnings")
    assert set(tmp_path.parent.iterdir()) == before  # nothing written outside
    assert not list(ws.rglob("x.xlsx")) and not list(tmp_path.rglob("x.xlsx"))


# ------------------------------------------------------------------ 2. damaged parts inside an xlsx


def test_damaged_parts_inside_xlsx_quarantined(good, tmp_path):
    ws, wb = good
    inbox = tmp_path / "in"
    inbox.mkdir()
    sheet = first_sheet(wb["DU-P-HC"])
    cases = {
        "deflate-hong.xlsx": corrupt_stream(wb["DU-P-HC"], sheet),
        "phuong-thuc-9.xlsx": set_method(wb["BTCTU"], "docProps/app.xml", 9),
        "crc-sai.xlsx": bad_crc(wb["DU-X-HV"], "xl/workbook.xml"),
    }
    for name, data in cases.items():
        (inbox / name).write_bytes(data)
    files = collected(ws, inbox)
    for name, data in cases.items():
        entry = files[str(inbox / name)]
        assert entry["outcome"] == "quarantined", (name, entry)
        assert codes(entry) == {"col.unreadable"}, (name, entry)
        assert archived(ws, data)


def test_doctype_after_long_whitespace_is_unsafe(good, tmp_path):
    ws, wb = good
    sheet = first_sheet(wb["DU-P-HC"])

    def hide(name, data):
        if name != sheet:
            return data
        decl, rest = data.split(b"?>", 1) if data.startswith(b"<?xml") else (b'<?xml version="1.0"', data)
        return decl + b"?>" + b" \r\n\t" * 20_000 + b'<!DOCTYPE x [<!ENTITY e "boom">]>' + rest

    f = tmp_path / "an-dtd.xlsx"
    f.write_bytes(rewrite(wb["DU-P-HC"], hide))
    [entry] = collected(ws, f).values()
    assert (entry["outcome"], codes(entry)) == ("quarantined", {"col.unsafe_xml"})


def test_xls_named_xlsx_is_read_not_called_encrypted(good, tmp_path):
    from .libreoffice import convert

    ws, wb = good
    src = tmp_path / "lo" / "hc.xlsx"
    src.parent.mkdir()
    src.write_bytes(wb["DU-P-HC"])
    xls = convert(src, "xls", tmp_path / "xls")
    fake = tmp_path / "in" / "hai chau.xlsx"
    fake.parent.mkdir()
    shutil.copy(xls, fake)
    [entry] = collected(ws, fake).values()
    assert "col.encrypted" not in codes(entry)
    assert entry["agency"] == "DU-P-HC" and entry["outcome"] in ("accepted", "warnings"), entry


# ------------------------------------------------------------------ 3. a missing sheet


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_missing_sheet_is_reported(good, tmp_path, how):
    ws, wb = good
    f = tmp_path / f"{how}.xlsx"
    f.write_bytes(wb["DU-P-HC"])
    book = openpyxl.load_workbook(f)
    for sheet in (L.SHEET_TASKS, L.SHEET_INDICATORS):
        if how == "renamed":
            book[sheet].title = sheet[:10] + " (2)"
        else:
            del book[sheet]
    book.save(f)
    [entry] = collected(ws, f).values()
    assert entry["outcome"] == "rejected", entry
    assert "col.sheet_missing" in codes(entry)
    assert archived(ws, f.read_bytes())


# ------------------------------------------------------------------ 4. names that are not UTF-8


def test_non_utf8_file_names(good, tmp_path):
    ws, wb = good
    inbox = os.fsencode(tmp_path / "in")
    os.mkdir(inbox)
    raw = b"B\xe1o c\xe1o \xff\xfe.xlsx"  # Latin-1 / CP1258 bytes, not UTF-8
    with open(os.path.join(inbox, raw), "wb") as fh:
        fh.write(wb["DU-P-HC"])
    os.mkdir(os.path.join(inbox, b"th\xf9 m\xfcc"))
    with open(os.path.join(inbox, b"th\xf9 m\xfcc", b"\x80.xlsx"), "wb") as fh:
        fh.write(wb["BTCTU"])
    files = collected(ws, os.fsdecode(inbox))
    assert len(files) == 2
    for entry in files.values():
        assert entry["outcome"] in ("accepted", "warnings"), entry
        entry["name"].encode("utf-8")  # printable, storable text
        entry["path"].encode("utf-8")
    assert all(archived(ws, d) for d in (wb["DU-P-HC"], wb["BTCTU"]))
    names = [r["original_name"] for r in submissions(ws)]
    assert len(names) == 2 and all("\ufffd" in n or n.isprintable() for n in names)


# ------------------------------------------------------------------ 5. grid bombs


@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ200000"])
def test_one_cell_grid_bomb_refused(good, tmp_path, ref):
    ws, wb = good
    row = int("".join(ch for ch in ref if ch.isdigit()))

    def bomb(name, data):  # in every sheet: whichever the reader reads
        if not name.startswith("xl/worksheets/sheet"):
            return data
        cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
        return data.replace(b"</sheetData>", cell + b"</sheetData>")

    f = tmp_path / "bom-o.xlsx"
    f.write_bytes(rewrite(wb["DU-P-HC"], bomb))
    assert len(f.read_bytes()) < 100_000
    proc = child_collect(ws, f)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    [entry] = json.loads(proc.stdout)["files"]
    assert (entry["outcome"], codes(entry)) == ("quarantined", {"col.sheet_too_large"})
    assert archived(ws, f.read_bytes())
    assert "Traceback" not in proc.stderr


def test_declared_dimension_bomb_refused(good, tmp_path):
    ws, wb = good

    def declare(name, data):
        if not name.startswith("xl/worksheets/sheet"):
            return data
        return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data, count=1)

    f = tmp_path / "khai-bao.xlsx"
    f.write_bytes(rewrite(wb["DU-P-HC"], declare))
    proc = child_collect(ws, f)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    [entry] = json.loads(proc.stdout)["files"]
    assert (entry["outcome"], codes(entry)) == ("quarantined", {"col.sheet_too_large"})


# ------------------------------------------------------------------ 6. disk and store faults


@pytest.fixture
def mount(tmp_path):
    """Mount a tmpfs (size, read-only) over a folder; unmounted at the end."""
    mounted: list[Path] = []

    def _mount(folder: Path, size: str = "1m", ro: bool = False) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        opts = f"size={size}" + (",ro" if ro else "")
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(folder)], capture_output=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode(errors='replace')}")
        mounted.append(folder)
        return folder

    def _remount(folder: Path, opts: str) -> None:
        subprocess.run(["mount", "-o", "remount," + opts, str(folder)], check=True)

    _mount.remount = _remount
    yield _mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _assert_fault(result, *words: str) -> None:
    assert result.exit_code == 3, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    if not result.stdout.lstrip().startswith("{"):
        assert result.stderr.startswith("Lỗi: "), result.stderr
        for w in words:
            assert w in result.stderr, result.stderr
        return
    # with --json (run_collect): the fault is a JSON error object on stdout, exit code 3 all the same
    error = json.loads(result.stdout)["error"]
    assert error["code"] and error["message"] and not result.stderr, (error, result.stderr)
    for w in words:
        assert w in error["message"], error


def test_full_archive_is_a_clean_error_and_a_rerun_takes_the_files(good, tmp_path, mount):
    ws, wb = good
    inbox = tmp_path / "in"
    inbox.mkdir()
    for agency, data in wb.items():
        (inbox / f"{agency}.xlsx").write_bytes(data)
    smallest = min(len(d) for d in wb.values())
    archive = mount(ws / "archive", size=str(smallest + smallest // 2))  # room for one file only
    result = run_collect(ws, inbox)
    _assert_fault(result, str(archive))
    assert not temp_files(archive), temp_files(archive)  # no half-written copy left
    mount.remount(archive, "size=20m")
    files = collected(ws, inbox)
    assert {e["outcome"] for e in files.values()} <= {"accepted", "warnings", "duplicate"}
    assert all(archived(ws, d) for d in wb.values())
    assert len({r["sha256"] for r in submissions(ws)}) == len(submissions(ws)) == 3


def test_read_only_and_full_output_are_clean_errors(good, tmp_path, mount):
    ws, wb = good
    f = tmp_path / "in" / "sai.xlsx"
    f.parent.mkdir()
    f.write_bytes(wb["DU-P-HC"])
    book = openpyxl.load_workbook(f)
    del book[L.SHEET_INDICATORS]  # rejected: a receipt must be written
    book.save(f)
    out = mount(ws / "output", ro=True)
    result = run_collect(ws, f)
    _assert_fault(result, str(out))
    assert not submissions(ws)  # nothing recorded without its receipt: the rerun takes it
    mount.remount(out, "rw,size=4k")  # now full instead of read-only
    result = run_collect(ws, f)
    _assert_fault(result)
    assert not temp_files(out)
    mount.remount(out, "rw,size=20m")
    [entry] = collected(ws, f).values()
    assert entry["outcome"] == "rejected" and Path(entry["receipt"]).is_file()
    assert not temp_files(out)


def test_store_on_read_only_file_system(good, tmp_path, mount):
    ws, wb = good
    f = tmp_path / "in" / "tot.xlsx"
    f.parent.mkdir()
    f.write_bytes(wb["BTCTU"])
    (ws / "ctrxl.toml").write_text((ws / "ctrxl.toml").read_text() + '\n[paths]\nstore = "db/ctrxl.sqlite"\n')
    db = mount(ws / "db", size="4m")
    assert run_collect(ws, _empty(tmp_path / "nothing-yet")).exit_code == 0  # the store is created
    mount.remount(db, "ro")
    result = run_collect(ws, f)
    _assert_fault(result, "ctrxl.sqlite")
    mount.remount(db, "rw")
    [entry] = collected(ws, f).values()
    assert entry["outcome"] in ("accepted", "warnings")


def test_store_locked_by_another_program(good, tmp_path, monkeypatch):
    import ctrxl.store

    ws, wb = good
    f = tmp_path / "in" / "tot.xlsx"
    f.parent.mkdir()
    f.write_bytes(wb["BTCTU"])
    assert run_collect(ws, _empty(tmp_path / "nothing-yet")).exit_code == 0  # the store exists
    monkeypatch.setattr(ctrxl.store, "STORE_WAIT_SECONDS", 0.5)
    other = sqlite3.connect(ws / "ctrxl.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        result = run_collect(ws, f)
        _assert_fault(result, "ctrxl.sqlite")
    finally:
        other.execute("ROLLBACK")
        other.close()
    [entry] = collected(ws, f).values()
    assert entry["outcome"] in ("accepted", "warnings")


def test_stale_temp_files_are_cleaned_by_the_next_run(good, tmp_path):
    ws, wb = good
    (ws / "archive" / "ab").mkdir(parents=True)
    stale = ws / "archive" / "ab" / ".in-killed"
    stale.write_bytes(b"half")
    f = tmp_path / "tot.xlsx"
    f.write_bytes(wb["BTCTU"])
    collected(ws, f)
    assert not stale.exists()


# ------------------------------------------------------------------ 8. two collect runs at once


def test_two_collect_runs_at_once_record_everything_once(good, tmp_path):
    ws, wb = good
    inbox = tmp_path / "in"
    inbox.mkdir()
    for n in range(4):
        for agency, data in wb.items():
            (inbox / f"{agency}-{n}.xlsx").write_bytes(data + b"\0" * n)  # 12 distinct byte strings
    cmd = [sys.executable, "-m", "ctrxl", "-w", str(ws), "collect", "--json", str(inbox)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()
        assert b"Traceback" not in err
    rows = submissions(ws)
    assert len(rows) == 12 and len({r["sha256"] for r in rows}) == 12
    outcomes = [json.loads(out)["counts"] for out, _ in outs]
    assert sum(c["duplicate"] for c in outcomes) == 12  # the second run saw the first run's records


# ------------------------------------------------------------------ mail: forwarded, invisible senders


def _mail(sender: str, attachments: list[tuple[str, bytes]] = (), forwarded: bytes | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "thu@example.org"
    msg["Subject"] = "Báo cáo"
    msg["Date"] = "Tue, 09 Dec 2025 08:30:00 +0700"
    msg["Message-ID"] = email.utils.make_msgid(domain="example.org")
    msg.set_content("Kính gửi.")
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    if forwarded is not None:
        inner = email.message_from_bytes(forwarded, policy=email.policy.default)
        msg.add_attachment(inner)  # message/rfc822
    return msg.as_bytes()


def test_workbook_inside_forwarded_mail_found(good, tmp_path):
    ws, wb = good
    inner = _mail("hc@example.org", [("hai chau.xlsx", wb["DU-P-HC"])])
    outer = tmp_path / "chuyen tiep.eml"
    outer.write_bytes(_mail("btctu@example.org", [], forwarded=inner))
    files = collected(ws, outer)
    [entry] = [e for e in files.values() if e["name"] == "hai chau.xlsx"]
    assert entry["agency"] == "DU-P-HC" and entry["outcome"] in ("accepted", "warnings")
    # The sender is who sent it to us (the forwarded From is anyone's to write): a remark, not a refusal.
    assert entry["sender"] == "btctu@example.org" and "col.sender_mismatch" in codes(entry)


def test_invisible_character_in_sender_is_not_recorded_invisibly(good, tmp_path):
    ws, wb = good
    f = tmp_path / "thu.eml"
    f.write_bytes(_mail("h\u200bc@example.org", [("hai chau.xlsx", wb["DU-P-HC"])]))
    files = collected(ws, f)
    [entry] = [e for e in files.values() if e["name"] == "hai chau.xlsx"]
    assert "\u200b" not in (entry["sender"] or "")
    assert entry["sender"] != "hc@example.org"  # not mistaken for the registered address
    assert "col.sender_mismatch" in codes(entry)
    [row] = [r for r in submissions(ws) if r["original_name"] == "hai chau.xlsx"]
    assert row["sender"].isprintable() and "\u200b" not in row["sender"]


def nested(depth: int) -> bytes:
    head = ("From: ke-gian@example.org\r\nTo: thu@example.org\r\nSubject: long\r\n"
            "Date: Tue, 09 Dec 2025 08:30:00 +0700\r\nMessage-ID: <deep@example.org>\r\nMIME-Version: 1.0\r\n")
    parts = [head]
    for n in range(depth):
        parts.append(f'Content-Type: multipart/mixed; boundary="b{n}"\r\n\r\n--b{n}\r\n')
    parts.append("Content-Type: text/plain\r\n\r\nx\r\n")
    for n in reversed(range(depth)):
        parts.append(f"--b{n}--\r\n")
    return "".join(parts).encode()


def test_deeply_nested_eml_file_quarantined(good, tmp_path):
    ws, _ = good
    f = tmp_path / "sau.eml"
    f.write_bytes(nested(1500))
    [entry] = collected(ws, f).values()
    assert (entry["outcome"], codes(entry)) == ("quarantined", {"col.eml_too_deep"})
    assert archived(ws, f.read_bytes())


# ------------------------------------------------------------------ 7. a deeply nested MIME message in IMAP


@pytest.fixture
def dovecot():
    from .mailservers import start_dovecot

    server = start_dovecot()
    yield server
    server.stop()
    shutil.rmtree(server.base, ignore_errors=True)


def test_deep_mime_in_mailbox_does_not_stop_fetch(good, dovecot):
    from .test_mail_fetch import imap_config

    ws, wb = good
    imap_config(ws, dovecot.port)
    env = {"CTRXL_TEST_IMAP_PW": dovecot.password}
    dovecot.deliver(nested(1500))
    dovecot.deliver(_mail("hc@example.org", [("hai chau.xlsx", wb["DU-P-HC"])]))
    for n in range(2):  # the second fetch: nothing new, and no crash
        result = CliRunner().invoke(cli, ["-w", str(ws), "fetch", "--json"], env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"fetch crashed: {result.exception!r}")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        if n == 0:
            assert len(data["messages"]) == 2
            by_name = {f["name"]: f for f in data["files"]}
            assert by_name["hai chau.xlsx"]["outcome"] in ("accepted", "warnings")
            deep = [f for f in data["files"] if "col.eml_too_deep" in codes(f)]
            assert len(deep) == 1 and deep[0]["outcome"] == "quarantined"
            sha = deep[0]["sha256"]
            assert list((ws / "archive" / sha[:2]).glob(sha + "*"))  # the raw message, archived
        else:
            assert data["messages"] == [] and data["already_seen"] == 2


# ------------------------------------------------------------------ mutations of a real returned workbook


def test_mutated_workbooks_never_crash(good, tmp_path):
    """500 byte-mutated copies of a returned workbook: no traceback, every one archived, an outcome each."""
    from ctrxl.collect.run import collect as run
    from ctrxl.definition.load import load_workspace_definition
    from ctrxl.workspace import open_workspace

    ws, wb = good
    rng = random.Random(15)
    base = wb["DU-P-HC"]
    sheet = first_sheet(base)
    inbox = tmp_path / "mut"
    inbox.mkdir()
    made = []
    for n in range(500):
        data = bytearray(base)
        how = n % 4
        if how == 0:  # flip a few random bytes anywhere
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == 1:  # truncate
            data = data[:rng.randrange(len(data))]
        elif how == 2:  # overwrite a run inside the first sheet's stream
            data = bytearray(corrupt_stream(bytes(data), sheet)) if n % 8 == 2 else data
            at = rng.randrange(len(data) - 64)
            data[at:at + 32] = bytes(rng.randrange(256) for _ in range(32))
        else:  # damage a header field
            at = rng.choice([m.start() for m in re.finditer(rb"PK\x03\x04|PK\x01\x02", bytes(data))])
            data[at + rng.randrange(4, 30)] = rng.randrange(256)
        made.append(bytes(data))
        (inbox / f"m{n:03}.xlsx").write_bytes(bytes(data))
    workspace = open_workspace(explicit=ws)
    result = run(workspace, load_workspace_definition(workspace), [inbox], processes=1)
    outcomes = {f.path: f.outcome for f in result.files}
    assert len(outcomes) == 500
    assert set(outcomes.values()) <= {"accepted", "warnings", "rejected", "quarantined", "duplicate"}
    for data in made:
        assert archived(ws, data)



def test_store_refuses_the_same_bytes_twice_in_a_cycle(tmp_path):
    from ctrxl.store import Store, now

    with Store(tmp_path / "s.sqlite") as store:
        cycle = store.cycle_id("17-CTr/TU", 2025)
        store.conn.execute("INSERT INTO files VALUES ('ab', 1, 'archive/ab', ?)", (now(),))
        row = (cycle, "ab", "a.xlsx", "inbox", "file", now(), "accepted")
        sql = ("INSERT INTO submissions (cycle_id, sha256, original_name, origin, origin_kind, received_at, outcome) "
               "VALUES (?,?,?,?,?,?,?)")
        store.conn.execute(sql, row)
        with pytest.raises(sqlite3.IntegrityError, match="submissions_once"):
            store.conn.execute(sql, row)
        other = store.cycle_id("17-CTr/TU", 2026)
        store.conn.execute(sql, (other, *row[1:]))  # another cycle may receive the same bytes


def test_fetch_with_the_store_locked_is_a_clean_error(good, dovecot, tmp_path, monkeypatch):
    import ctrxl.store

    from .test_mail_fetch import imap_config

    ws, wb = good
    imap_config(ws, dovecot.port)
    env = {"CTRXL_TEST_IMAP_PW": dovecot.password}
    dovecot.deliver(_mail("hc@example.org", [("hai chau.xlsx", wb["DU-P-HC"])]))
    assert run_collect(ws, _empty(tmp_path / "nothing-yet")).exit_code == 0  # the store exists
    monkeypatch.setattr(ctrxl.store, "STORE_WAIT_SECONDS", 0.5)
    other = sqlite3.connect(ws / "ctrxl.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        result = CliRunner().invoke(cli, ["-w", str(ws), "fetch"], env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        _assert_fault(result, "ctrxl.sqlite")
    finally:
        other.execute("ROLLBACK")
        other.close()
    result = CliRunner().invoke(cli, ["-w", str(ws), "fetch", "--json"], env=env)
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)["files"]
    assert entry["outcome"] in ("accepted", "warnings")


def _ods(sheet: str, rows: int, columns: int) -> bytes:
    """A minimal OpenDocument spreadsheet: one cell with a value, repeated rows × columns times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="{sheet}"><table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string"><text:p>x</text:p>'
        '</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def test_ods_repeated_cell_grid_bomb_refused(good, tmp_path):
    ws, _ = good
    f = tmp_path / "lap.ods"
    f.write_bytes(_ods(L.SHEET_TASKS, 20_000, 1_000))  # 20 million cells from 800 bytes: 2.6 GB to read
    small = tmp_path / "nho.ods"
    small.write_bytes(_ods(L.SHEET_TASKS, 3, 3))
    proc = child_collect(ws, f, small)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    by_name = {e["name"]: e for e in json.loads(proc.stdout)["files"]}
    assert (by_name["lap.ods"]["outcome"], codes(by_name["lap.ods"])) == ("quarantined", {"col.sheet_too_large"})
    assert "col.sheet_too_large" not in codes(by_name["nho.ods"])  # read, and refused for what it is
    assert archived(ws, f.read_bytes())
