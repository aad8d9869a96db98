"""``ctrxl init --registry starter --committee "Thành ủy Đà Nẵng"``: the starter registry named
for one committee, and the report settings that follow from its name.

The starter registry is written for a city ("Thành ủy", "Ban Tổ chức Thành ủy", …), each
agency with its province form as another name. Named for a committee, the committee itself
(code ``TU``) takes the full name ("Thành ủy Đà Nẵng"); its boards keep the short form an
office writes ("Ban Tổ chức Thành ủy"). A province ("Tỉnh ủy Quảng Ngãi") turns every
"Thành ủy" of the names into "Tỉnh ủy" (and the city forms become the other names).
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from ..errors import CtrxlError
from ..vn import match_key, nfc

COMMITTEE_CODE = "TU"  # the starter registry's committee
CITY, PROVINCE = "Thành ủy", "Tỉnh ủy"


@dataclass(frozen=True)
class Committee:
    name: str  # Thành ủy Đà Nẵng
    kind: str  # CITY or PROVINCE
    place: str  # Đà Nẵng: the place of the report's date line

    @property
    def party_body(self) -> str:
        """The party organisation the committee leads: "Đảng bộ thành phố Đà Nẵng"."""
        unit = "thành phố" if self.kind == CITY else "tỉnh"
        first = match_key(self.place).split()[:2]
        already = first == match_key("thành phố").split() or first[:1] == [match_key("tỉnh")]
        return f"Đảng bộ {self.place}" if already else f"Đảng bộ {unit} {self.place}"

    def local(self, text: str) -> str:
        """A starter text ("… Thành ủy …") in this committee's form."""
        return _swap(text) if self.kind == PROVINCE else text


def parse_committee(text: str) -> Committee:
    """ "Thành ủy Đà Nẵng" / "Tỉnh uỷ Quảng Ngãi" (any case, either tone placement)."""
    name = " ".join(nfc(text).split())
    words = name.split()
    head = match_key(" ".join(words[:2]))
    kind = {match_key(CITY): CITY, match_key(PROVINCE): PROVINCE}.get(head)
    place = " ".join(words[2:])
    if kind is None or not place:
        raise CtrxlError("cli.committee_bad", value=text)
    return Committee(f"{kind} {place}", kind, place)


_PAIR = re.compile(r"\b(Thành|Tỉnh) (ủy|uỷ)", re.IGNORECASE)


def _swap(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        word = m.group(1)
        other = "Tỉnh" if match_key(word) == match_key("thành") else "Thành"
        return (other if word[0].isupper() else other.lower()) + " ủy"
    return _PAIR.sub(one, text)


def _unique(names: list[str], exclude: str) -> list[str]:
    out: list[str] = []
    for n in names:
        if match_key(n) != match_key(exclude) and match_key(n) not in {match_key(x) for x in out}:
            out.append(n)
    return out


def name_registry(doc: dict[str, Any], committee: Committee) -> dict[str, Any]:
    """The starter registry (groups, agencies) named for ``committee``; ``doc`` is not changed."""
    out = copy.deepcopy(doc)
    for key in ("groups", "agencies"):
        for rec in out.get(key) or []:
            for field in ("name", "short"):
                if isinstance(rec.get(field), str):
                    rec[field] = committee.local(rec[field])
            if rec.get("aliases"):
                rec["aliases"] = [committee.local(a) for a in rec["aliases"]]
            if rec.get("code") == COMMITTEE_CODE and key == "agencies":
                rec["name"] = committee.name
                rec["short"] = committee.kind
                rec["aliases"] = _unique([committee.kind, *rec.get("aliases", []),
                                          f"Ban Thường vụ {committee.name}",
                                          f"Ban Chấp hành {committee.party_body}"], committee.name)
            elif rec.get("aliases"):
                rec["aliases"] = _unique(rec["aliases"], rec.get("name", ""))
    return out


def report_settings(committee: Committee, defaults: Any) -> dict[str, Any]:
    """The ``[report]`` values ``init`` writes for ``committee`` (``defaults``: a ReportSettings)."""
    return {
        "place": committee.place,
        "issuer": committee.name.upper(),
        "agency_higher_body": committee.party_body.upper(),
        "reporter": committee.local(defaults.reporter),
        "recipients": [committee.local(r) for r in defaults.recipients],
        "agency_recipients": [committee.local(r) for r in defaults.agency_recipients],
    }
