"""Codes made from Vietnamese names, for the registry rows ctrxl writes itself (the rows
``ctrxl import`` proposes, the wards and communes of the "Xã, phường" sheet).

A code should read like the ones offices already use: the initials of the name without tones
("Ban Tổ chức Thành ủy" → ``BTCTU``, "Ủy ban Kiểm tra Thành ủy" → ``UBKTTU``), a ward or commune
as the bundled example spells them ("Đảng ủy phường Hòa Cường" → ``DU-P-HOACUONG``, "xã Hòa
Vang" → ``DU-X-HOAVANG``, "đặc khu Hoàng Sa" → ``DU-DK-HOANGSA``). Little words (và, các,
của, trên, địa bàn …) give no letter. A code already taken gets a number: ``BTCTU2``.
"""
from __future__ import annotations

import re
import unicodedata

from ..vn import strip_tones

_SMALL = {"va", "cac", "cua", "tren", "voi", "cho", "tai", "nhung", "theo"}
_PLACE_RE = re.compile(r"\b(?:trên\s+)?địa\s+bàn\b", re.IGNORECASE)  # "trên địa bàn thành phố"
_WARD_RE = re.compile(r"^(?:đảng\s+(?:ủy|uỷ|bộ)\s+)?(?P<kind>phường|xã|đặc\s+khu|thị\s+trấn)\s+(?P<name>.+)$",
                      re.IGNORECASE)
_WARD_PREFIX = {"phường": "DU-P", "xã": "DU-X", "đặc khu": "DU-DK", "thị trấn": "DU-TT"}
_MAX_INITIALS = 10


def ascii_words(text: str) -> list[str]:
    """The words of ``text`` without tones or diacritics, upper case: "Hòa Cường" → [HOA, CUONG]."""
    plain = strip_tones(unicodedata.normalize("NFC", text)).replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    return [w.upper() for w in re.findall(r"[A-Za-z0-9]+", plain)]


def ward_kind(name: str) -> tuple[str, str] | None:
    """("phường", "Hải Châu") for "Phường Hải Châu" or "Đảng ủy phường Hải Châu"; ``None`` otherwise."""
    m = _WARD_RE.match(" ".join(name.split()))
    if not m:
        return None
    return " ".join(m.group("kind").lower().split()), m.group("name").strip()


def readable_code(name: str, taken: set[str] | None = None) -> str:
    """A code for ``name`` (see the module doc), not in ``taken``; ``taken`` is updated."""
    taken = taken if taken is not None else set()
    ward = ward_kind(name)
    if ward:
        base = _WARD_PREFIX[ward[0]] + "-" + "".join(ascii_words(ward[1]))
    else:
        words = [w for w in ascii_words(_PLACE_RE.sub(" ", name)) if w.lower() not in _SMALL]
        base = "".join(w if w.isdigit() else w[0] for w in words)[:_MAX_INITIALS] or "DV"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}{n}"
    taken.add(code)
    return code
