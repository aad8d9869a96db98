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


FAR = re.compile(rb'\sr="(?:[A-Z]{3}|[A-Z]{0,2}[0-9]{4})')  # _FAR_REF's plain definition


def test_far_reference_pattern_finds_what_the_plain_one_finds_and_the_rest_is_near():
    rng = random.Random(29)
    alphabet = [b" ", b"\n", b"r", b"=", b'"', b"A", b"Z", b"ZZ", b"AAA", b"1", b"9", b"999", b"1000", b"x", b"<c"]
    for _ in range(20_000):
        text = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert bool(analyse._FAR_REF.search(text)) == bool(FAR.search(text)), text
        if not FAR.search(text):  # then every reference the guard counts is inside ZZ999
            for letters, digits in PLAIN_REF.findall(text):
                assert analyse._column_number(letters) <= 702 and int(digits) <= 999, text


def _sheet(rng: random.Random) -> bytes:
    """A worksheet of a few hundred cells, now and then with a far cell, a far or near dimension,
    a DTD, or padding that makes it larger than one window or than the whole-part limit."""
    refs = [f"{rng.choice(['A', 'O', 'Z', 'AB', 'ZZ'])}{rng.randint(1, 999)}" for _ in range(rng.randint(0, 300))]
    if rng.random() < 0.4:
        refs.insert(rng.randint(0, len(refs)), rng.choice(["AAA1", "A1000", "ZZ5698", "XFD1048576", "B2000000",
                                                           "ZZ999", "AA9999", "E800000", "F800000"]))
    cells = "".join(f'<c r="{r}"><v>1</v></c>' for r in refs)
    dim = rng.choice(["", '<dimension ref="A1:O90"/>', '<dimension ref="A1:XFD1048576"/>',
                      '<dimension ref="ZZ999"/>', '<dimension ref="A1:A5000"/>'])
    dtd = rng.choice(["", "", "", '<!DOCTYPE x [<!ENTITY e "boom">]>'])
    pad = " " * rng.choice([0, 0, analyse.XML_CHUNK, analyse._WHOLE_PART + 10])
    return f'{dtd}<worksheet>{dim}<sheetData><row r="1">{cells}</row></sheetData>{pad}</worksheet>'.encode()


def test_a_part_passed_at_a_glance_is_one_the_window_scan_passes(monkeypatch):
    """The guard's answer, code and parameters (rows, columns) are the same with and without the
    whole-part glance, over random sheets around its limits."""
    rng = random.Random(31)
    results = []
    for _ in range(400):
        data = package({"xl/worksheets/sheet1.xml": _sheet(rng), "xl/workbook.xml": b"<workbook/>"})
        quick = guard(data)
        with monkeypatch.context() as m:
            m.setattr(analyse, "_WHOLE_PART", -1)  # every part window by window, reference by reference
            exact = guard(data)
        summary = [(p.code, p.params) for p in quick.problems] if quick else None
        assert summary == ([(p.code, p.params) for p in exact.problems] if exact else None)
        results.append(summary[0][0] if summary else None)
    assert {None, "col.sheet_too_large", "col.unsafe_xml"} <= set(results)
