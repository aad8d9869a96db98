import datetime as dt
import unicodedata

import pytest

from ctrxl import vn


@pytest.mark.parametrize(
    "a, b",
    [
        ("Hòa Vang", "Hoà Vang"),
        ("Ủy ban Kiểm tra", "Uỷ ban Kiểm tra"),
        ("thủy", "thuỷ"),
        ("khóa XIII", "khoá XIII"),
        ("BAN TỔ CHỨC THÀNH ỦY", "Ban Tổ chức Thành uỷ"),
        ("Ban  Tổ chức\tThành ủy", "Ban Tổ chức Thành ủy"),
        (unicodedata.normalize("NFD", "Đảng ủy phường Hải Châu"), "Đảng ủy phường Hải Châu"),
        (unicodedata.normalize("NFD", "Hoà Khánh"), "Hòa Khánh"),
    ],
)
def test_match_key_equal(a, b):
    assert vn.match_key(a) == vn.match_key(b)


@pytest.mark.parametrize("a, b", [("hòa", "hóa"), ("Hòa Vang", "Hòa Văng"), ("đảng", "dang"), ("ủy", "ùy")])
def test_match_key_different(a, b):
    assert vn.match_key(a) != vn.match_key(b)


def test_nfc():
    nfd = unicodedata.normalize("NFD", "Thành ủy")
    assert nfd != "Thành ủy"
    assert vn.nfc(nfd) == "Thành ủy"
    assert vn.nfc(None) is None


def test_sort_order_vietnamese():
    names = ["Zô", "Đà Nẵng", "Ơn", "Ăn", "An", "Ân", "Dương", "Ô", "O", "Ưng", "Uyên", "Bà", "Ba", "Bá"]
    assert sorted(names, key=vn.sort_key) == [
        "An", "Ăn", "Ân", "Ba", "Bà", "Bá", "Dương", "Đà Nẵng", "O", "Ô", "Ơn", "Uyên", "Ưng", "Zô",
    ]


def test_sort_is_nfc_insensitive_and_word_aware():
    a = unicodedata.normalize("NFD", "Đảng ủy phường An Hải")
    b = "Đảng ủy phường An Khê"
    c = "Đảng ủy phường Ân"
    assert sorted([c, b, a], key=vn.sort_key) == [a, b, c]
    # "Ban Tổ chức" before "Ban Tuyên giáo" (ô < u), "Ban Dân vận" before both
    boards = ["Ban Tuyên giáo Thành ủy", "Ban Tổ chức Thành ủy", "Ban Dân vận Thành ủy"]
    assert sorted(boards, key=vn.sort_key) == ["Ban Dân vận Thành ủy", "Ban Tổ chức Thành ủy", "Ban Tuyên giáo Thành ủy"]


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2025, 12, 10), "ngày 10 tháng 12 năm 2025"),
        (dt.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
        (dt.date(2025, 3, 1), "ngày 01 tháng 3 năm 2025"),
    ],
)
def test_date_line(day, expected):
    assert vn.date_line(day) == expected


def test_date_line_with_place():
    assert vn.date_line(dt.date(2025, 12, 10), "Đà Nẵng") == "Đà Nẵng, ngày 10 tháng 12 năm 2025"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("15/12/2025", dt.date(2025, 12, 15)),
        ("5/3/2025", dt.date(2025, 3, 5)),
        ("05.03.2025", dt.date(2025, 3, 5)),
        ("2025-03-05", dt.date(2025, 3, 5)),
        ("ngày 16 tháng 8 năm 2022", dt.date(2022, 8, 16)),
        (dt.datetime(2025, 3, 5, 10, 0), dt.date(2025, 3, 5)),
        (dt.date(2025, 3, 5), dt.date(2025, 3, 5)),
        (45992, dt.date(2025, 12, 1)), (45658, dt.date(2025, 1, 1)),
        (None, None),
        ("", None),
    ],
)
def test_parse_date_day_first(value, expected):
    assert vn.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/2/2025", "hôm qua", "13/13/2025", "2025/15/12"])
def test_parse_date_rejects(value):
    with pytest.raises(ValueError):
        vn.parse_date(value)


@pytest.mark.parametrize(
    "value, expected",
    [(7.5, "7,5"), (93.7, "93,7"), (1234567, "1.234.567"), (1234.5, "1.234,5"), (0, "0"), (-3.25, "-3,25"), (100.0, "100")],
)
def test_format_number(value, expected):
    assert vn.format_number(value) == expected


def test_format_percent():
    assert vn.format_percent(93.66) == "93,7%"
    assert vn.format_percent(100) == "100%"
    assert vn.format_percent(7.5) == "7,5%"
    assert vn.format_percent(None) == ""


@pytest.mark.parametrize("text, expected", [("7,5", 7.5), ("1.234", 1234.0), ("1.234,5", 1234.5), ("93,7%", 93.7), (12, 12.0)])
def test_parse_number(text, expected):
    assert vn.parse_number(text) == expected


def test_parse_number_rejects_text():
    with pytest.raises(ValueError):
        vn.parse_number("mười")


@pytest.mark.parametrize("n, expected", [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (1990, "MCMXC")])
def test_roman(n, expected):
    assert vn.roman(n) == expected
