"""Agency names in a programme → registry codes, or notes when nothing matches.

A programme writes agencies as running text: "Ban Tổ chức Thành ủy, Ủy ban Mặt
trận Tổ quốc Việt Nam thành phố; các cấp ủy, tổ chức đảng trực thuộc Thành ủy và
các cơ quan liên quan". We cut it at commas, semicolons and "và", then choose the
segmentation that covers the most of the text with registry names (a name may
itself hold commas and "và": "Ban Tuyên giáo và Dân vận Thành ủy", "Các quận ủy,
huyện ủy"), preferring fewer, longer names. Segments that match nothing are kept
together, as written, and go to the task's notes with the closest candidates —
never turned into a guessed code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..definition.registry import Match, Resolver
from ..model import Registry

# "Cơ quan chủ trì (tham mưu): …", "Cơ quan phối hợp: …", "Cơ quan thực hiện: …", "Chủ trì: …"
ASSIGN_RE = re.compile(
    r"^(?:[-–+*]\s*)?(?:(?:cơ\s+quan|đơn\s+vị)\s+)?"
    r"(?P<role>chủ\s+trì(?:\s*\(?\s*tham\s+mưu\s*\)?)?(?:\s*,\s*tham\s+mưu)?|tham\s+mưu|phối\s+hợp|thực\s+hiện|theo\s+dõi)"
    r"\s*:\s*(?P<names>.+)$",
    re.IGNORECASE,
)
ROLE_OF = {"chủ": "lead", "tham": "lead", "phối": "coordinate", "thực": "execute", "theo": "lead"}
_SPLIT_RE = re.compile(r"\s*(?:,|;|\bvà\b|\bcùng\b)\s*")
_MAX_SPAN = 14
# Words that open an agency name: used to read a heading or a sentence subject without a registry.
AGENCY_START_RE = re.compile(
    r"^(?:các\s+)?(?:ban|đảng\s+đoàn|đảng\s+ủy|đảng\s+uỷ|đảng\s+bộ|ủy\s+ban|uỷ\s+ban|văn\s+phòng|thành\s+đoàn|"
    r"quận\s+ủy|huyện\s+ủy|thị\s+ủy|tỉnh\s+ủy|thành\s+ủy|sở|hội|báo|đài|mặt\s+trận|công\s+an|bộ\s+chỉ\s+huy|"
    r"liên\s+đoàn|trường|cấp\s+ủy|cơ\s+quan|ubnd|hđnd|mttq|bộ\s+chqs|viện|tòa\s+án|tỉnh\s+đoàn|đoàn\s+thanh\s+niên|"
    r"chi\s+bộ|đảng\s+bộ|cấp\s+uỷ)\b",
    re.IGNORECASE,
)


@dataclass
class NameResult:
    """What a run of text named: registry codes, and the parts that matched nothing."""

    codes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, list[Match]]] = field(default_factory=list)
    covered: int = 0  # segments matched
    segments: int = 0


def role_of(label: str) -> str:
    return ROLE_OF.get(label.strip().split()[0].lower(), "lead")


def _variants(name: str) -> list[str]:
    """Spellings to try, most literal first."""
    n = name.strip(" .;:,")
    out = [n]
    low = n.lower()
    if low.startswith("các "):
        out.append(n[4:])
    else:
        out.append("Các " + n)
    for prefix in ("ban thường vụ ", "thường trực "):
        if low.startswith(prefix) and len(n) > len(prefix) + 4:
            rest = n[len(prefix):]
            out += [rest, rest[0].upper() + rest[1:]]
    for suffix in (" thành phố", " đà nẵng", " tỉnh"):
        if low.endswith(suffix) and len(n) > len(suffix) + 8:
            out.append(n[: -len(suffix)])
    return out


class Names:
    """Resolves agency names against a registry; with no registry every name stays a note."""

    def __init__(self, registry: Registry | None):
        self.resolver = Resolver(registry) if registry and (registry.agencies or registry.groups) else None

    def lookup(self, name: str) -> list[Match]:
        if self.resolver is None or not name.strip():
            return []
        for variant in _variants(name):
            found = self.resolver.resolve_name(variant)
            if found:
                return found
        return []

    def candidates(self, name: str) -> list[str]:
        if self.resolver is None:
            return []
        out: list[str] = []
        for m in self.resolver.candidates(name, limit=6):
            if m.name not in out:
                out.append(m.name)
        return out[:3]

    def resolve(self, text: str) -> NameResult:
        text = text.strip().rstrip(".;").strip()
        pieces = [p for p in _SPLIT_RE.split(text)]
        seps = _SPLIT_RE.findall(text)
        pieces_idx = [i for i, p in enumerate(pieces) if p.strip()]
        result = NameResult(segments=len(pieces_idx))
        if not pieces_idx:
            return result

        def span(i: int, j: int) -> str:  # pieces i..j-1 with their original separators
            out = pieces[i]
            for k in range(i + 1, j):
                out += seps[k - 1] + pieces[k]
            return out.strip()

        n = len(pieces)
        # best[i] = (covered, -names, plan) for pieces[i:]
        best: list[tuple[int, int, list[tuple[int, int, list[Match] | None]]]] = [(0, 0, [])] * (n + 1)
        for i in range(n - 1, -1, -1):
            if not pieces[i].strip():
                best[i] = best[i + 1]
                continue
            choice = (best[i + 1][0], best[i + 1][1], [(i, i + 1, None)] + best[i + 1][2])
            for j in range(min(n, i + _MAX_SPAN), i, -1):
                found: list[Match] | None = self.lookup(span(i, j))
                if found:
                    cand = (best[j][0] + (j - i), best[j][1] - 1, [(i, j, found)] + best[j][2])
                    if cand[:2] > choice[:2]:
                        choice = cand
            best[i] = choice
        covered, _, plan = best[0]
        result.covered = covered
        run: list[int] = []

        def flush() -> None:
            if run:
                result.unmatched.append(span(run[0], run[-1] + 1).strip(" ,;."))
                run.clear()

        for i, j, found in plan:
            if found is None:
                # a new "các …" or a segment after ";" starts a new unmatched name
                if run and (pieces[i].lower().startswith("các ") or seps[i - 1].strip() == ";"):
                    flush()
                run.append(i)
                continue
            flush()
            if len(found) > 1:
                result.ambiguous.append((span(i, j), found))
            code = found[0].code
            if code not in result.codes:
                result.codes.append(code)
        flush()
        result.unmatched = [u for u in result.unmatched if u]
        return result

    def subject(self, sentence: str) -> tuple[str, NameResult] | None:
        """The agency names a sentence opens with ("Văn phòng Thành ủy phối hợp với …"):
        the longest word prefix wholly made of registry names."""
        if self.resolver is None:
            return None
        words = sentence.split()
        for k in range(min(len(words), 30), 0, -1):
            prefix = " ".join(words[:k]).rstrip(",;:")
            if not AGENCY_START_RE.match(prefix):
                return None
            res = self.resolve(prefix)
            if res.codes and res.covered == res.segments and not res.unmatched:
                return prefix, res
        return None
