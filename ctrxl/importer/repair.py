"""Text repair: from the scarred lines of an extracted document to whole paragraphs.

What extraction does to a programme, and what we undo here:
- hard line breaks inside sentences, and blank lines in the middle of a
  paragraph: a line continues the paragraph unless it starts with a list marker,
  or the paragraph is complete (ends a sentence, or its last line was short in a
  hard-wrapped text, or — in a one-line-per-paragraph text — a blank line
  precedes a capital letter). A line starting in lower case always continues;
- a page break splits a paragraph and drops the page's footnotes in between:
  footnote bodies (``(1) ...`` answering an earlier marker glued to a word,
  ``⁽¹⁾ ...``, ``[^1]: ...``) are removed with their continuation lines, and
  so are the markers inside the text;
- page artefacts (page numbers, separator rules, form feeds) are dropped;
- markdown emphasis (``**``, ``__``) and heading hashes are stripped;
- everything is NFC.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from .lines import SourceLine
from .review import Place

# List markers at the start of a paragraph. Two-digit limits keep "2022). Tham mưu"
# (a year ending a broken parenthesis) from looking like item 2022.
ROMAN_RE = re.compile(r"^(?P<m>[IVXL]{1,6})\s*[.\-–)]\s*(?P<body>\S.*)$")
NUM_RE = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2})*)(?P<end>\.|\))\s*(?P<body>[^\d\s/].*)$")
NUM_BARE_RE = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2})+)\s+(?P<body>[^\d\s].*)$")  # "1.1 Tổ chức"
PAREN_RE = re.compile(r"^\((?P<m>\d{1,2})\)\s*(?P<body>\S.*)$")
LETTER_RE = re.compile(r"^(?P<m>[a-zđ])\)\s*(?P<body>\S.*)$")
BULLET_RE = re.compile(r"^[-–—•·▪●]\s*(?P<body>\S.*)$")
PLUS_RE = re.compile(r"^\+\s*(?P<body>\S.*)$")
STAR_RE = re.compile(r"^\*\s+(?P<body>\S.*)$")

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = {ord(c): str(i) for i, c in enumerate(_SUPERSCRIPT)}
_SUP_BODY_RE = re.compile(r"^\s*⁽?([" + _SUPERSCRIPT + r"]+)⁾?\s*(?=\S)")
_MD_NOTE_BODY_RE = re.compile(r"^\s*\[\^?(\d{1,2})\]:\s*")
_PAREN_BODY_RE = re.compile(r"^\s*\((\d{1,2})\)\s+\S")
_GLUED_MARK_RE = re.compile(r"(?<=[^\s(\d])\((\d{1,2})\)(?=[\s,.;:”\"’)…]|$)")
_SUP_MARK_RE = re.compile(r"⁽[" + _SUPERSCRIPT + r"]+⁾|(?<=\S)[" + _SUPERSCRIPT + r"]+")
_MD_MARK_RE = re.compile(r"\[\^\d{1,2}\]")
_PAGE_RE = re.compile(r"^\s*(?:[-–]\s*\d{1,3}\s*[-–]|\d{1,3}|trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?|page\s+\d+)\s*$",
                      re.IGNORECASE)
_RULE_RE = re.compile(r"^\s*[-_=*~–—]{3,}\s*$")
_MD_HEADING_RE = re.compile(r"^\s*(#{1,6})\s+")
_EMPHASIS_RE = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)(?=[^*\n]*\S\*(?!\w))|(?<=\S)\*(?![\w*])")
_TERMINAL = ".:!?…"
_CLOSERS = "”\"’)»]* "
FOOTNOTE_WINDOW = 150  # a footnote body sits on the same page as its marker, or the next


@dataclass
class Para:
    """A repaired paragraph: its text (marker included), where it starts, what marks it."""

    text: str
    place: Place
    kind: str = "plain"  # roman | num | paren | letter | bullet | plus | star | plain
    marker: str = ""
    body: str = ""
    heading: int | None = None  # heading level from the format (docx style, markdown #)
    cells: list[str] | None = None
    lines: list[int] = field(default_factory=list)


@dataclass
class Footnote:
    number: str
    text: str
    place: Place


def classify(text: str) -> tuple[str, str, str]:
    """(kind, marker, body) of a paragraph's first line."""
    s = text.strip()
    for kind, regex in (("roman", ROMAN_RE), ("num", NUM_RE), ("num", NUM_BARE_RE), ("paren", PAREN_RE),
                        ("letter", LETTER_RE), ("bullet", BULLET_RE), ("plus", PLUS_RE), ("star", STAR_RE)):
        m = regex.match(s)
        if not m:
            continue
        marker = m.groupdict().get("m") or s[0]
        if kind == "num" and m.groupdict().get("end") == ")":
            marker += ")"
        return kind, marker, m.group("body").strip()
    return "plain", "", s


def _clean_line(text: str) -> tuple[str, int | None]:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\t", " ")
    heading = None
    m = _MD_HEADING_RE.match(text)
    if m:
        heading = len(m.group(1))
        text = text[m.end():]
    text = _EMPHASIS_RE.sub("", text)
    return text.rstrip(), heading


def _starts_lower(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
        if ch in ",;:.)":  # a line that starts with punctuation continues
            return True
    return False


def _terminal(text: str) -> bool:
    t = text.rstrip(_CLOSERS)
    return bool(t) and t[-1] in _TERMINAL


def find_footnotes(lines: list[tuple[str, Place]]) -> tuple[set[int], list[Footnote]]:
    """Indexes of footnote-body lines, and the footnotes. A ``(n) …`` line is a body only if
    a marker ``word(n)`` appeared shortly before and has not been answered yet."""
    pending: dict[str, int] = {}
    drop: set[int] = set()
    notes: list[Footnote] = []
    i = 0
    while i < len(lines):
        text, place = lines[i]
        number = None
        m = _SUP_BODY_RE.match(text)
        if m and not text.strip().startswith(("(", "[")):
            number = m.group(1).translate(_SUP_TO_DIGIT)
        elif (m := _MD_NOTE_BODY_RE.match(text)):
            number = m.group(1)
        elif (m := _PAREN_BODY_RE.match(text)) and m.group(1) in pending and i - pending[m.group(1)] <= FOOTNOTE_WINDOW:
            number = m.group(1)
        if number is None:
            for mark in _GLUED_MARK_RE.finditer(text):
                pending.setdefault(mark.group(1), i)
            i += 1
            continue
        pending.pop(number, None)
        body = [text.strip()]
        drop.add(i)
        j = i + 1
        # continuation lines of the footnote, until it ends a sentence
        while not _terminal(body[-1]) and j < len(lines) and j - i <= 8:
            nxt = lines[j][0].strip()
            if not nxt:
                j += 1
                continue
            if _SUP_BODY_RE.match(nxt) or _PAREN_BODY_RE.match(nxt) or classify(nxt)[0] != "plain":
                break
            body.append(nxt)
            drop.add(j)
            j += 1
        notes.append(Footnote(number, " ".join(body), place))
        i = j
    return drop, notes


def repair(source: list[SourceLine], markdown: bool = False) -> tuple[list[Para], list[Footnote]]:
    """Join lines into paragraphs (see the module docstring). In markdown a blank line
    before a capital letter always ends a paragraph."""
    cleaned: list[tuple[str, Place, int | None, list[str] | None]] = []
    for sl in source:
        text, heading = _clean_line(sl.text)
        cleaned.append((text, sl.place, heading if heading is not None else sl.heading, sl.cells))
    drop, notes = find_footnotes([(t, p) for t, p, _, _ in cleaned])
    numbers = {n.number for n in notes}

    def unmark(text: str) -> str:
        text = _GLUED_MARK_RE.sub(lambda m: "" if m.group(1) in numbers else m.group(0), text)
        return _MD_MARK_RE.sub("", _SUP_MARK_RE.sub("", text))

    lengths = [len(t.strip()) for i, (t, *_rest) in enumerate(cleaned) if t.strip() and i not in drop]
    long_lines = markdown or (bool(lengths) and statistics.median(lengths) > 150)
    wrap = sorted(lengths)[int(len(lengths) * 0.9)] if lengths else 80
    short = 0.6 * wrap

    paras: list[Para] = []
    cur: Para | None = None
    closed = True  # the current paragraph cannot take more lines
    last_len = 0
    gap = False
    for i, (text, place, heading, cells) in enumerate(cleaned):
        if i in drop:
            continue
        s = unmark(text).strip()
        if not s or _PAGE_RE.match(s):
            gap = gap or not s
            continue
        if _RULE_RE.match(s):
            closed = True
            continue
        if cells is not None:
            paras.append(Para(s, place, "row", "", s, None, cells, [place.n]))
            closed, cur = True, None
            continue
        kind, marker, body = classify(s)
        new = cur is None or closed or heading is not None
        if cur is not None and not new:
            if kind in ("bullet", "plus") and _starts_lower(body) and not _terminal(cur.text):
                new = False  # "kinh tế\n- xã hội": a hyphen, not a bullet
            elif kind != "plain":
                new = True
            elif _starts_lower(s):
                new = False
            elif cur.kind == "roman" and s.upper() != s:
                new = True  # a part title is upper case; a mixed-case line starts the body
            elif _terminal(cur.text):
                new = True
            elif long_lines and gap:
                new = True
            elif not long_lines and last_len < short:
                new = True
        if new or cur is None:
            cur = Para(s, place, kind, marker, body, heading, None, [place.n])
            paras.append(cur)
            closed = heading is not None  # a heading is one line
        else:
            joiner = "" if re.search(r"\w-$", cur.text) else " "
            cur.text = cur.text + joiner + s
            cur.body = cur.body + joiner + s
            cur.lines.append(place.n)
        last_len = len(s)
        gap = False
    for p in paras:
        p.text = " ".join(p.text.split())
        p.body = " ".join(p.body.split())
    return paras, notes
