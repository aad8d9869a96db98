"""Vietnamese text helpers: one place for normalisation, matching, sorting, dates, numbers.

Why each exists:
- ``nfc``: the same word arrives in NFC and NFD (macOS, some input methods).
- ``match_key``: agency names are written with two tone-placement styles
  (hoà/hòa, uỷ/ủy, thuỷ/thủy); matching must treat them as equal while hòa and
  hóa stay different. We decompose, keep the tone mark but move it to a fixed
  place (the end of the syllable), so placement no longer matters.
- ``sort_key``: code-point order puts Đ, Ă, Ơ after Z. Vietnamese order is
  a ă â b c d đ e ê … o ô ơ … u ư …, with tones as a secondary key.
- dates are day-first; the formal date line pads day and months 1–2.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import overload

__all__ = [
    "nfc",
    "match_key",
    "sort_key",
    "strip_tones",
    "date_line",
    "parse_date",
    "format_date",
    "format_number",
    "format_percent",
    "parse_number",
    "roman",
]

# Combining tone marks (dấu thanh). Vowel-quality marks (ă â ê ô ơ ư đ) are not tones.
_TONES = {
    "\u0300": 2,  # huyền  à
    "\u0309": 3,  # hỏi    ả
    "\u0303": 4,  # ngã    ã
    "\u0301": 5,  # sắc    á
    "\u0323": 6,  # nặng   ạ
}
# Vietnamese letter order after removing tones.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_WORD_RE = re.compile(r"\w+|\W+", re.UNICODE)


@overload
def nfc(text: str) -> str: ...


@overload
def nfc(text: None) -> None: ...


def nfc(text: str | None) -> str | None:
    """NFC-normalise; ``None`` stays ``None``."""
    if text is None:
        return None
    return unicodedata.normalize("NFC", text)


def _split_tone(syllable: str) -> tuple[str, str]:
    """Return (syllable without tone mark, tone mark or '') for one word, NFC in and out."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in _TONES:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def match_key(text: str | None) -> str:
    """A key under which two spellings of the same name are equal.

    Case-folded, NFC, whitespace collapsed, punctuation spacing ignored, and each
    word's tone mark moved to the end of the word: ``hoà`` and ``hòa`` share a key,
    ``hòa`` and ``hóa`` do not.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).casefold()
    out: list[str] = []
    for token in re.findall(r"\w+", text, re.UNICODE):
        base, tone = _split_tone(token)
        out.append(base + (str(_TONES[tone]) if tone else ""))
    return " ".join(out)


def strip_tones(text: str) -> str:
    """Remove tone marks only (keep ă â ê ô ơ ư đ)."""
    return " ".join(_split_tone(w)[0] if w.strip() else w for w in text.split(" "))


def _letter_rank(ch: str) -> tuple[int, int]:
    if ch in _LETTER_RANK:
        return (1, _LETTER_RANK[ch])
    if ch.isdigit():
        return (0, ord(ch))
    return (2, ord(ch))


@functools.lru_cache(maxsize=1 << 16)  # the same names are sorted again and again (a key is a tuple: immutable)
def sort_key(text: str | None) -> tuple:
    """Vietnamese collation key: letters first, tones as a secondary key, case last."""
    if not text:
        return ((), (), ())
    text = unicodedata.normalize("NFC", text)
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    for token in _WORD_RE.findall(text):
        if not token[0].isalnum():
            primary.append((-1, 0))  # word boundary sorts before any letter
            continue
        base, tone = _split_tone(token.casefold())
        primary.extend(_letter_rank(ch) for ch in base)
        secondary.append(_TONES.get(tone, 1))
    tertiary = tuple(0 if ch.islower() else 1 for ch in text if ch.isalpha())
    return (tuple(primary), tuple(secondary), tertiary)


# ---------------------------------------------------------------- dates

_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?\s*$")
_WORDS_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object) -> dt.date | None:
    """Parse a day-first date: ``15/3/2025``, ``15.03.2025``, ISO ``2025-03-15``,
    ``ngày 15 tháng 3 năm 2025``, a ``date``/``datetime``, or an Excel serial number.

    Returns ``None`` for empty input; raises ``ValueError`` for anything else that
    is not a real date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's valid serial range
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"số ngày Excel không hợp lệ: {value}")
    text = unicodedata.normalize("NFC", str(value)).strip()
    for regex, order in ((_DATE_RE, (0, 1, 2)), (_WORDS_RE, (0, 1, 2)), (_ISO_RE, (2, 1, 0))):
        m = regex.search(text) if regex is _WORDS_RE else regex.match(text)
        if m:
            parts = [int(g) for g in m.groups()]
            day, month, year = (parts[order[0]], parts[order[1]], parts[order[2]])
            return dt.date(year, month, day)  # raises ValueError on 31/2
    raise ValueError(f"không hiểu ngày tháng: {text!r}")


def format_date(day: dt.date | None) -> str:
    """Short day-first form used in cells and messages: ``15/12/2025``."""
    return day.strftime("%d/%m/%Y") if day else ""


def date_line(day: dt.date, place: str | None = None) -> str:
    """The formal date line of a party document.

    Day 01–09 and months 01–02 take a leading zero; months 3–12 do not:
    ``Đà Nẵng, ngày 05 tháng 02 năm 2026``, ``ngày 10 tháng 12 năm 2025``.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    line = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {line}" if place else line


# ---------------------------------------------------------------- numbers

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """Roman numerals, as party documents number their parts: 4 → IV."""
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out



def format_number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """Decimal comma, dot thousands: ``7,5``; ``1.234``; ``93,7``. Trailing zeros dropped."""
    if value is None:
        return ""
    d = Decimal(str(value))
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if d < 0 else ""
    d = abs(d)
    text = f"{d:f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0") if decimals is None else frac
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return sign + out + ("," + frac if frac else "")


def format_percent(value: float | None, decimals: int = 1) -> str:
    """``93,7%``; ``100%`` (a whole number shows no decimals)."""
    if value is None:
        return ""
    rounded = round(float(value), decimals)
    if rounded == int(rounded):
        return f"{format_number(int(rounded))}%"
    return f"{format_number(rounded, decimals)}%"


_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, escaped characters, [colour]/[locale]


def is_percent_format(code: str) -> bool:
    """A spreadsheet number format that shows its value ×100 with a % (``0%``, ``#,##0.0%``): a
    ``%`` outside quoted text and escapes. Excel stores a typed "50%" as 0.5 with such a format."""
    return "%" in _FORMAT_LITERALS.sub("", code)


def parse_number(value: object) -> float | None:
    """Read a number written the Vietnamese way (``7,5``, ``1.234``, ``93,7%``) or a real one."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"không phải số: {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    text = unicodedata.normalize("NFC", str(value)).strip().rstrip("%").strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    try:
        return float(Decimal(text))
    except InvalidOperation:
        raise ValueError(f"không phải số: {value!r}") from None
