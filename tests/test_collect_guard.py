"""The collect guard in one pass: what it refuses, and what it hands the reader.

The guard opens each package once; its scan of the XML parts is shortened (a literal-led
pattern for cell references, a two-search pre-check for DTDs), and the reader takes the parts
the guard already decompressed. These tests pin the refusals to the plain definitions and the
reader's result to reading the file on its own.
"""
from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import pytest

from ctrxl.collect import analyse
from ctrxl.collect.incoming import Incoming
from ctrxl.workbook.reader import read_workbook

REFERENCE = Path(__file__).parent / "data" / "reference" / "mini-BTCTU.xlsx"
PLAIN_REF = re.compile(rb'\sr="([A-Z]{0,3})([0-9]{1,7})"')  # the guard's definition of a reference


def package(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # padding: no ratio alarm
        zf.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def guard(data: bytes):
    return analyse.guard_spreadsheet(Incoming("x.xlsx", data, "x.xlsx"))


def codes(result) -> set[str]:
    return {p.code for p in result.problems} if result else set()


def test_reference_pattern_finds_what_the_plain_one_finds():
    rng = random.Random(17)
    alphabet = [b" ", b"\t", b"\n", b"\r", b"r", b"=", b'"', b"A", b"Z", b"XFD", b"1", b"9", b"x", b"<", b"c"]
    for _ in range(20_000):
        text = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert analyse._REF.findall(text) == PLAIN_REF.findall(text), text
    sheet = zipfile.ZipFile(REFERENCE).read("xl/worksheets/sheet1.xml")
    assert analyse._REF.findall(sheet) == PLAIN_REF.findall(sheet) != []


@pytest.mark.parametrize("sep", [" ", "\t", "\n", "\r\n"])
def test_grid_bomb_found_after_any_whitespace(sep):
    cell = f'<c{sep}r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
    data = package({"xl/worksheets/sheet1.xml": f'<worksheet><sheetData><row r="1">{cell}</row>'
                                                 f'</sheetData></worksheet>'.encode()})
    assert codes(guard(data)) == {"col.sheet_too_large"}


def test_attribute_ending_in_r_is_not_a_reference():
    data = package({"xl/worksheets/sheet1.xml": b'<worksheet><sheetData><row r="1">'
                                                b'<c xr="XFD1048576" r="A1"/></row></sheetData></worksheet>'})
    assert guard(data) is None


@pytest.mark.parametrize("encoding", ["ascii", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("decl", ["<!DOCTYPE x>", '<!ENTITY e "boom">'])
@pytest.mark.parametrize("offset", [0, analyse.XML_CHUNK - 5])  # inside the first window, across two
def test_dtd_in_any_encoding_is_unsafe(encoding, decl, offset):
    pad = " " * (offset // (1 if encoding == "ascii" else 2))
    text = (pad + decl + "<workbook/>").encode(encoding)
    assert codes(guard(package({"xl/workbook.xml": text}))) == {"col.unsafe_xml"}
    assert guard(package({"xl/workbook.xml": (pad + "<workbook/>").encode(encoding)})) is None


def test_reader_given_the_guards_package_reads_the_same():
    data = REFERENCE.read_bytes()
    stopped, pkg = analyse._guard(Incoming(REFERENCE.name, data, str(REFERENCE)))
    assert stopped is None and pkg is not None
    assert {"xl/workbook.xml", "xl/styles.xml", "docProps/custom.xml"} <= set(pkg.parts)
    assert pkg.parts["xl/workbook.xml"] == zipfile.ZipFile(REFERENCE).read("xl/workbook.xml")
    try:
        shared = read_workbook(data, pkg)
    finally:
        pkg.zf.close()
    own = read_workbook(data)
    assert shared == own and read_workbook(REFERENCE) == own
    assert own.identity.get("properties") and own.tasks is not None and own.tasks.rows
