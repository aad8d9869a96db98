"""Structure: which paragraphs are parts, sections, tasks, targets, assignments — and which are not.

The hierarchy of the programmes: roman parts (``I.``, ``II-``), numbered sections
(``1.``, ``1.1.``, ``1.3.1.``, ``1)``), items (bullets ``-``, lettered ``a)``,
numbered ``(1)``), sub-bullets ``+``. A part's title tells its role: objectives
("MỤC TIÊU", "CHỈ TIÊU") hold targets; "NHIỆM VỤ", "GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"
hold tasks; "MỤC ĐÍCH, YÊU CẦU" and "QUAN ĐIỂM" hold neither. "Nơi nhận:" and the
signature end the body.

Task codes follow the bundled example: bullets lettered per section
(``II.1.1-a``), numbered items under their section (``III.3.(4)``), a numbered
paragraph that is itself a task (it ends a sentence: "2.1. Thực hiện …") keeps
its section number (``II.2.1``), table rows ``<section>.(STT)``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..vn import roman
from .assignments import AGENCY_START_RE, ASSIGN_RE, NameResult, Names, role_of
from .citations import implemented_documents
from .clauses import agency_clauses, subject_of
from .repair import Para
from .review import Place, Review
from .targets import TargetDraft, TargetReader

ROLES = ("lead", "coordinate", "execute")
_ROLE_VI = {"lead": "Chủ trì", "coordinate": "Phối hợp", "execute": "Thực hiện"}
_SIGNATURE_RE = re.compile(r"^(?:T/M|TM\.|K/T|KT\.|Q\.|BÍ THƯ|PHÓ BÍ THƯ|CHỦ TỊCH|\(đã ký\))", re.IGNORECASE)
_RECIPIENTS_RE = re.compile(r"^nơi\s+nhận\s*:?", re.IGNORECASE)
_TITLE_RE = re.compile(r"^CHƯƠNG\s*TRÌNH\s*HÀNH\s*ĐỘNG(?![a-zà-ỹ])\s*(?P<rest>.*)$", re.IGNORECASE)
# a bare heading word ("CHƯƠNG TRÌNH", "KẾ HOẠCH"), upper case, its subject on the next lines
_BARE_TITLE_RE = re.compile(r"^(?P<word>CHƯƠNG\s*TRÌNH|KẾ\s*HOẠCH)(?![A-ZÀ-Ỹa-zà-ỹ])\s*(?P<rest>.*)$")
_SUBTITLE_RE = re.compile(r"^(?:[a-zà-ỹđ“\"«(]|về\b|thực\s+hiện\b|triển\s+khai\b)")
_SYMBOL_RE = re.compile(r"(?:^|\b[Ss]ố[:\s]*)(\d{1,4}\s*-\s*CTr/[A-ZĐa-zđ]+)\b")
_ISSUER_RE = re.compile(
    r"(?P<who>(?:Ban\s+(?:Chấp\s+hành|Thường\s+vụ)|Thường\s+trực)\s+[^,.;()]*?"
    r"|(?:^|(?<=[,;:.]\s))(?:Tỉnh|Thành|Huyện|Quận|Thị)\s+ủy(?:\s+[A-ZĐ][^,.;()]*?)?)"
    r"\s+(?:đã\s+|vừa\s+)?(?:ban\s+hành|xây\s+dựng\s+(?:Chương\s+trình|chương\s+trình|Kế\s+hoạch|kế\s+hoạch))")
_INLINE_COORD_RE = re.compile(
    r"phối\s+hợp\s+(?:chặt\s+chẽ\s+)?với\s+(?P<names>.{3,160}?)(?=(?<!cơ\squan)\s+tham\s+mưu\b|\s+(?:rà\s+soát|căn\s+cứ|nghiên\s+cứu|"
    r"khẩn\s+trương|chỉ\s+đạo|xây\s+dựng|tổ\s+chức|thực\s+hiện|triển\s+khai|trình|theo\s+dõi|"
    r"đôn\s+đốc|hướng\s+dẫn|tuyên\s+truyền|đề\s+xuất|để|chuẩn\s+bị|giúp(?!\s+việc)|kiểm\s+tra|báo\s+cáo|tổng\s+hợp|"
    r"tham\s+gia|bảo\s+đảm|đảm\s+bảo|thẩm\s+định|vận\s+động|làm|nắm)\b|(?<=liên\s{1}quan)\s|\s*[;.(:]|$)",
    re.IGNORECASE,
)
_TASK_WORDS = ("nhiệm vụ", "giải pháp", "tổ chức thực hiện", "trách nhiệm", "phân công")
_TARGET_WORDS = ("mục tiêu", "chỉ tiêu")
_ORG_WORDS = ("tổ chức thực hiện", "nhiệm vụ cụ thể của", "phân công")


@dataclass
class TaskDraft:
    code: str
    section: str | None
    text: str
    place: Place
    names: dict[str, list[str]] = field(default_factory=dict)  # role → names as written
    codes: dict[str, list[str]] = field(default_factory=dict)  # role → registry codes
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # role → names kept as notes
    source: str = "item"  # item | paragraph | section | row
    deadline_text: str | None = None  # a table's deadline column
    fallback: list[tuple[str, str, NameResult]] = field(default_factory=list)  # when nothing is written
    in_org: bool = False  # read in the organisation part ("TỔ CHỨC THỰC HIỆN")
    context: str | None = None  # the parent item of a second-level item made a task of its own
    children: list[Para] = field(default_factory=list)  # second-level items ("+") appended to the text
    base_text: str | None = None  # the text before they were appended

    def assign(self, role: str, written: str, res: NameResult) -> None:
        self.names.setdefault(role, []).append(written)
        for c in res.codes:
            if c not in self.codes.setdefault(role, []):
                self.codes[role].append(c)
        for u in res.unmatched:
            if u not in self.unmatched.setdefault(role, []):
                self.unmatched[role].append(u)

    @property
    def assigned(self) -> bool:
        return any(self.codes.get(r) or self.unmatched.get(r) for r in ROLES)


@dataclass
class Draft:
    programme: dict[str, Any] = field(default_factory=dict)
    sections: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    indicators: list[TargetDraft] = field(default_factory=list)
    indicator_places: dict[str, Place] = field(default_factory=dict)
    programme_place: Place | None = None  # the title's paragraph


def _letters(n: int) -> str:
    out = ""
    while True:
        out = chr(ord("a") + n % 26) + out
        n = n // 26 - 1
        if n < 0:
            return out


def _first_sentence(text: str, limit: int = 200) -> str:
    m = re.search(r"(?<=[^\s.])\.\s+(?=[A-ZĐÀ-Ỹ])", text)
    s = text[: m.start() + 1] if m else text
    s = s.rstrip(" .")
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _is_task_paragraph(body: str) -> bool:
    """A numbered paragraph that ends a sentence is a task, not a heading ("…, kinh tế biển..." is a heading)."""
    t = body.rstrip(" ”\"’)")
    return t.endswith((".", ";")) and not t.endswith("..") and len(body) > 40


@dataclass
class _Part:
    code: str
    title: str
    tasks: bool
    targets: bool
    org: bool
    default: tuple[str, NameResult] | None = None  # the addressee of every task (part II preamble)
    num_style: str = ""


class Builder:
    def __init__(self, names: Names, review: Review):
        self.names = names
        self.review = review
        self.draft = Draft()
        self.part: _Part | None = None
        self.section: str | None = None  # current section code
        self.section_depth = 0
        self.section_is_target = False
        self.target_year: int | None = None  # the year in the targets heading ("CHỈ TIÊU ĐẾN NĂM 2030")
        self.section_lead: dict[str, tuple[str, NameResult]] = {}
        self.letters: dict[str, int] = {}
        self.last: TaskDraft | None = None
        self.pending: list[TaskDraft] = []
        self.in_assign = False
        self.stopped = False
        self.header: list[Para] = []
        self.targets = TargetReader()
        self.table_cols: dict[str, int] | None = None
        self.codes: set[str] = set()
        self.roman_seen = 0
        self.under_dash = False  # the last first-level item was a "-" bullet: "a)", "•" below it are its items
        self.top_letters: set[str] = set()  # sections whose first-level items are lettered "a)", "b)"

    # -- helpers ---------------------------------------------------------------
    def _code(self, code: str) -> str:
        base, k = code, 1
        while code in self.codes:
            k += 1
            code = f"{base}~{k}"
        self.codes.add(code)
        return code

    def _new_task(self, code: str, text: str, para: Para, source: str) -> TaskDraft:
        task = TaskDraft(self._code(code), self.section or (self.part.code if self.part else None), text,
                         para.place, source=source)
        sec = self.section or ""
        for key, (written, res) in sorted(self.section_lead.items(), key=lambda kv: -len(kv[0])):
            if sec == key or sec.startswith(key + "."):
                task.fallback.append(("lead", written, res))
                break
        if self.part and self.part.default:
            task.fallback.append(("execute", *self.part.default))
        task.in_org = bool(self.part and self.part.org)
        self.draft.tasks.append(task)
        if self.in_assign:
            self.pending, self.in_assign = [], False
        self.pending.append(task)
        self.last = task
        return task

    def _lettered(self, para: Para, text: str, source: str) -> TaskDraft:
        sec = self.section or self.open_part.code
        n = self.letters.get(sec, 0)
        self.letters[sec] = n + 1
        return self._new_task(f"{sec}-{_letters(n)}", text, para, source)

    def _add_section(self, code: str, title: str, parent: str | None) -> None:
        if not any(s["code"] == code for s in self.draft.sections):
            entry = {"code": code, "title": title}
            if parent:
                entry["parent"] = parent
            self.draft.sections.append(entry)

    @property
    def open_part(self) -> _Part:
        """The part being read: ``feed`` hands a paragraph on only once a part heading has opened one."""
        assert self.part is not None
        return self.part

    # -- paragraphs ------------------------------------------------------------
    def feed(self, para: Para) -> None:
        if self.stopped:
            return
        para = self._second_level(para)
        if para.kind != "plus":
            self._close_children()
        text = para.text
        if _RECIPIENTS_RE.match(text) or (_SIGNATURE_RE.match(text) and text.upper() == text):
            self.stopped = True
            return
        if para.kind == "roman" or (para.heading is not None and para.kind == "plain" and self.part is not None
                                    and para.body.upper() == para.body and len(para.body) < 200):
            self._part(para)
            return
        if self.part is None:
            if para.kind == "num" and para.heading is not None:
                self._part(para)  # a markdown document whose parts are "# 1. …"
            else:
                self.header.append(para)
            return
        if para.kind == "row":
            self._row(para)
            return
        m = ASSIGN_RE.match(text)
        if m and self.open_part.tasks:
            self._assignment(m.group("role"), m.group("names"), para)
            return
        if para.kind == "num" and not self._num_is_item(para):
            self._section(para)
            return
        self._item(para)

    def _part(self, para: Para) -> None:
        self.roman_seen += 1
        code = para.marker if para.kind == "roman" else roman(self.roman_seen)
        title = para.body if para.kind == "roman" else re.sub(r"^\d+[.)]\s*", "", para.body)
        low = title.lower()
        tasks = any(w in low for w in _TASK_WORDS)
        targets = any(w in low for w in _TARGET_WORDS)
        self.part = _Part(code, title, tasks, targets, any(w in low for w in _ORG_WORDS))
        if not tasks and not targets and "mục đích" not in low and "quan điểm" not in low:
            self.review.add("import.part_role", para.place, para.text, part=code, title=title)
        self._add_section(code, title, None)
        self.section, self.section_depth, self.last = None, 0, None
        # a targets part with no sections ("I. MỤC TIÊU, CHỈ TIÊU" then the figures) holds targets itself
        self.section_is_target = targets and ("cụ thể" in low or "chỉ tiêu" in low)
        self.target_year = _heading_year(title) if targets else None
        self.pending, self.in_assign = [], False

    def _num_is_item(self, para: Para) -> bool:
        """"1)" is an item when the part numbers its sections "1." and a section is open."""
        if not para.marker.endswith(")"):
            if not self.open_part.num_style:
                self.open_part.num_style = "."
            return False
        if self.open_part.num_style == "." and self.section is not None:
            return True
        self.open_part.num_style = self.open_part.num_style or ")"
        return False

    def _section(self, para: Para) -> None:
        comps = para.marker.rstrip(")").split(".")
        code = self.open_part.code + "." + ".".join(comps)
        parent = self.open_part.code + ("." + ".".join(comps[:-1]) if len(comps) > 1 else "")
        body = para.body
        is_task = self.open_part.tasks and _is_task_paragraph(body)
        self._add_section(code, _first_sentence(body) if is_task else body, parent)
        self.section, self.section_depth, self.last = code, len(comps), None
        low = body.lower()
        if self.open_part.targets:
            self.section_is_target = ("cụ thể" in low or "chỉ tiêu" in low) or (
                self.section_is_target and code.startswith(parent) and len(comps) > 1)
            self.target_year = _heading_year(body) or (self.target_year if len(comps) > 1 else
                                                        _heading_year(self.open_part.title))
        for key in [k for k in self.section_lead if not code.startswith(k + ".")]:
            del self.section_lead[key]
        if is_task:
            task = self._new_task(code, body, para, "section")
            if self.open_part.org:
                found = self.names.subject(body)
                if found:
                    task.assign("lead", found[0], found[1])
                    self.review.add("import.subject_lead", para.place, body, code=task.code, names=found[0])
            return
        if self.open_part.tasks and AGENCY_START_RE.match(body):
            res = self.names.resolve(body)
            if res.codes or self.names.resolver is None or self.open_part.org:
                self.section_lead[code] = (body, res)
                self._report_names(res, para, body)

    def _item(self, para: Para) -> None:
        part = self.open_part
        if part.targets and self.section_is_target and para.kind in ("bullet", "plain", "letter", "paren", "num"):
            for group in self.targets.paragraph(para.body, self.section or part.code, self.target_year):
                for t in group:
                    self.draft.indicators.append(t)
                    self.draft.indicator_places[t.code] = para.place
                    if t.extra.get("figures_left"):
                        self.review.add("import.target_figures_left", para.place, t.text, code=t.code,
                                        count=t.extra["figures_left"])
                if len(group) > 1:
                    self.review.add("import.target_split", para.place, para.body, count=len(group),
                                    codes=", ".join(t.code for t in group))
            return
        if not part.tasks:
            return
        if para.kind == "plus" and self.last is not None:
            if not self.last.children:
                self.last.base_text = self.last.text
            self.last.children.append(para)
            mark = para.marker or "+"
            self.last.text += "\n" + (f"{mark}) " if mark.isalpha() else f"{mark} ") + para.body
            return
        if para.kind == "star":
            self.review.add("import.not_task", para.place, para.text)
            self.last = None
            return
        if para.kind in ("bullet", "letter"):
            self._lettered(para, para.body, "item")
        elif para.kind in ("paren", "num"):
            sec = self.section or part.code
            self._new_task(f"{sec}.({para.marker.rstrip(')')})", para.body, para, "item")
        elif para.kind == "plain":
            if self._agency_clauses(para):
                return
            if self.section is None and self.last is None and self._preamble(para):
                return
            time_of_last = self.last is not None and _TIME_OF_WORK_RE.match(para.body) is not None
            if self.last is not None and (time_of_last or self.last.section == (self.section or part.code)
                                          and self.last.source == "item" and not self.in_assign):
                self.last.text += " " + para.body
                self.review.add("import.joined_paragraph", para.place, para.text, code=self.last.code)
            else:
                task = self._lettered(para, para.body, "paragraph")
                self.review.add("import.paragraph_task", para.place, para.text, code=task.code)

    def _second_level(self, para: Para) -> Para:
        """"a)" or "•" items under a "-" bullet are its second level, read as "+" items are. A
        section whose own items are lettered ("a) …", then "- …" under it) keeps its letters."""
        if para.kind == "bullet" and para.marker in "-–—":
            self.under_dash = True
            return para
        sec = self.section or (self.part.code if self.part else "")
        in_targets = bool(self.part and self.part.targets and self.section_is_target)
        if self.under_dash and not in_targets and ((para.kind == "letter" and sec not in self.top_letters)
                                or (para.kind == "bullet" and para.marker == "•")):
            return replace(para, kind="plus")
        if para.kind == "letter":
            self.top_letters.add(sec)
        if para.kind != "plus":
            self.under_dash = False
        return para

    def _close_children(self) -> None:
        """Second-level items under a bullet: fragments of its sentence stay in its text ("trọng tâm
        là: + Công nghiệp điện tử; + …"); when each is a whole task that could go to its own agency
        (one per sector, a subject of its own), each becomes a task with its parent as context. Either
        way the choice is listed for review."""
        parent = self.last
        if parent is None or not parent.children or parent.base_text is None:
            return
        children, base = parent.children, parent.base_text
        parent.children = []
        codes: list[str] = []
        if len(children) >= 2 and all(_assignable(c.body) for c in children):
            parent.text = base
            intro = base.rstrip().endswith(":")
            index = self.draft.tasks.index(parent)
            made = []
            for k, child in enumerate(children, start=1):
                task = TaskDraft(self._code(f"{parent.code}.{k}"), parent.section, child.body, child.place,
                                 source="subitem", fallback=list(parent.fallback), in_org=parent.in_org,
                                 context=base.rstrip(" :"))
                made.append(task)
            self.draft.tasks[index + 1:index + 1] = made
            if intro:
                self.draft.tasks.remove(parent)
                self.pending = [t for t in self.pending if t is not parent]
            self.pending += made
            self.last = made[-1]
            codes = [t.code for t in made]
            self.review.add("import.subitems_split", parent.place, base, code=parent.code, count=len(made),
                            codes=", ".join(codes))
        else:
            self.review.add("import.subitems_joined", parent.place, parent.text, code=parent.code,
                            count=len(children))

    def _agency_clauses(self, para: Para) -> bool:
        """A paragraph whose sentences open with different agencies ("Văn phòng Tỉnh ủy phối hợp …;
        … . Ban Tuyên giáo Tỉnh ủy triển khai … . Sở … xây dựng …"): one task per agency, its subject
        the lead. The words before the first such sentence are not a task (listed for review)."""
        found = agency_clauses(para.body)
        if found is None:
            return False
        lead_in, clauses = found
        if lead_in:
            self.review.add("import.not_task", para.place, lead_in)
        codes = []
        for clause in clauses:
            task = self._lettered(para, clause.text, "clause")
            if clause.subject:
                res = self.names.resolve(clause.subject)
                task.assign("lead", clause.subject, res)
                self._report_names(res, para, clause.subject)
            codes.append(task.code)
        self.review.add("import.agency_clauses", para.place, para.body, count=len(codes), codes=", ".join(codes))
        return True

    def _preamble(self, para: Para) -> bool:
        """"Các cấp ủy, tổ chức đảng, … căn cứ … tập trung thực hiện các nhiệm vụ sau:" — the addressee
        of the part's tasks, not a task. Returns False when the paragraph does not read as one."""
        text = para.body
        intro = text.rstrip().endswith(":")
        found = self.names.subject(text)
        if found:
            written, res = found
        else:
            m = re.match(r"^(.{8,200}?)\s+(?:căn\s+cứ|theo\s+chức\s+năng|có\s+trách\s+nhiệm|tập\s+trung|cần|phải)\b",
                         text)
            if not m or not AGENCY_START_RE.match(text) or not intro:
                if intro:
                    self.review.add("import.not_task", para.place, text)
                return intro
            written = m.group(1).rstrip(", ")
            res = self.names.resolve(written)
        if not intro and not found:
            return False
        self.open_part.default = (written, res)
        self.review.add("import.preamble", para.place, text, part=self.open_part.code)
        self._report_names(res, para, written)
        return True

    def _assignment(self, label: str, names_text: str, para: Para) -> None:
        role = role_of(label)
        res = self.names.resolve(names_text)
        targets = self.pending or ([self.last] if self.last else [])
        for task in targets:
            task.assign(role, names_text.strip().rstrip("."), res)
        self.in_assign = True
        self._report_names(res, para, names_text)

    def _report_names(self, res: NameResult, para: Para, written: str) -> None:
        for name in res.unmatched:
            if self.names.resolver is None:
                self.review.add("import.no_registry_name", para.place, written, name=name)
                continue
            cands = self.names.candidates(name)
            self.review.add("import.unmatched_name", para.place, written, name=name,
                            candidates="" if not cands else _cands(cands))
        for name, matches in res.ambiguous:
            self.review.add("import.ambiguous_name", para.place, written, name=name,
                            codes=", ".join(m.code for m in matches), code=matches[0].code)

    # -- tables ----------------------------------------------------------------
    def _row(self, para: Para) -> None:
        cells = [c.strip() for c in (para.cells or [])]
        low = [c.lower() for c in cells]
        cols: dict[str, int] = {}
        for i, c in enumerate(low):
            if ("nhiệm vụ" in c or "nội dung" in c) and "text" not in cols:
                cols["text"] = i
            elif "chủ trì" in c:
                cols["lead"] = i
            elif "phối hợp" in c:
                cols["coordinate"] = i
            elif "thực hiện" in c and "thời" not in c:
                cols["execute"] = i
            elif "thời" in c or "hạn" in c or "tiến độ" in c:
                cols["deadline"] = i
            elif c in ("stt", "tt", "số tt"):
                cols["no"] = i
        if "text" in cols and len(cols) >= 2:
            self.table_cols = cols
            return
        cols = self.table_cols or {}
        if not cols or not self.open_part.tasks:
            return

        def cell(key: str) -> str:
            i = cols.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        text = cell("text")
        if not text or not any(cell(k) for k in ("lead", "coordinate", "execute", "deadline")):
            return  # a group heading row
        no = re.sub(r"[^\dA-Za-z.]", "", cell("no")) or str(sum(1 for t in self.draft.tasks if t.source == "row") + 1)
        sec = self.section or self.open_part.code
        task = self._new_task(f"{sec}.({no})", " ".join(text.split()), para, "row")
        for role in ROLES:
            if cell(role):
                res = self.names.resolve(cell(role))
                task.assign(role, cell(role), res)
                self._report_names(res, para, cell(role))
        task.deadline_text = " ".join(cell("deadline").split()) or None
        self.pending, self.in_assign = [], False

    def _inline_coordinators(self, task: TaskDraft) -> None:
        """"X phối hợp với A, B tham mưu …", "chủ trì, phối hợp với A và các cơ quan liên quan …": the
        agencies after "phối hợp với" coordinate, when no "Cơ quan phối hợp:" line said it."""
        if task.names.get("coordinate"):
            return
        for m in _INLINE_COORD_RE.finditer(task.text):
            written = m.group("names").strip(" ,")
            if not AGENCY_START_RE.match(written):
                continue
            res = self.names.resolve(written)
            task.assign("coordinate", written, res)
            self.review.add("import.inline_coordinator", task.place, task.text, code=task.code, names=written)

    # -- the end ---------------------------------------------------------------
    def finish(self) -> Draft:
        """Tasks with nothing written under them take their section's agency heading (lead) or
        the part's addressee (execute); the rest are listed for review."""
        self._close_children()
        for task in self.draft.tasks:
            if not task.assigned and (subject := subject_of(task.text)):
                res = self.names.resolve(subject)
                task.assign("lead", subject, res)
                self.review.add("import.subject_lead", task.place, task.text, code=task.code, names=subject)
                self._report_names(res, Para(task.text, task.place), subject)
            if not task.assigned and task.fallback:
                role, written, res = task.fallback[0]
                task.assign(role, written, res)
            self._inline_coordinators(task)
        general = next(((t, s) for t in self.draft.tasks if t.in_org and (s := subject_of(t.text))
                        and _GENERAL_RE.match(s)), None)
        unassigned = [t for t in self.draft.tasks if not t.assigned]
        if general and unassigned:
            written = general[1]
            res = self.names.resolve(written)
            for task in unassigned:
                task.assign("execute", written, res)
            self.review.add("import.general_responsibility", general[0].place, general[0].text,
                            names=written, count=len(unassigned), codes=_code_list([t.code for t in unassigned]))
        for task in self.draft.tasks:
            if not task.assigned:
                self.review.add("import.no_assignment", task.place, task.text, code=task.code)
        self.draft.programme = header_info(self.header)
        self.draft.programme_place = self.header[0].place if self.header else None
        return self.draft


# "Thời gian hoàn thành việc quán triệt, chậm nhất ngày …": the time of the work above, not a task
_TIME_OF_WORK_RE = re.compile(r"^(?:thời\s+gian\s+(?:hoàn\s+thành|thực\s+hiện)|thời\s+hạn)\b", re.IGNORECASE)
# the general responsibility of the organisation part: every committee, not one agency
_GENERAL_RE = re.compile(r"^(?:các\s+)?(?:cấp\s+ủy|cấp\s+uỷ|đảng\s+bộ|tổ\s+chức\s+đảng|huyện\s+ủy|quận\s+ủy|"
                         r"đảng\s+ủy\s+trực\s+thuộc|ban\s+thường\s+vụ\s+các)", re.IGNORECASE)


def _assignable(body: str) -> bool:
    """A second-level item that is a task of its own: it names its agency, or is a whole sentence."""
    if subject_of(body) or re.search(r"\b(?:chủ\s+trì|phối\s+hợp\s+với)\b", body, re.IGNORECASE):
        return True
    return len(body.split()) >= 12 and body.rstrip(" ”\"’)").endswith((".", ";"))


def _code_list(codes: list[str], limit: int = 8) -> str:
    return ", ".join(codes) if len(codes) <= limit else ", ".join(codes[:limit]) + f", … (+{len(codes) - limit})"


def _heading_year(title: str) -> int | None:
    """"CHỈ TIÊU CỤ THỂ ĐẾN NĂM 2030", "Mục tiêu đến năm 2025" → the year; a heading with two years
    ("đến năm 2025, định hướng đến năm 2030") gives none: its items say which."""
    years = re.findall(r"(?:đến|tới)\s+(?:hết\s+|cuối\s+)?năm\s+(\d{4})", title, re.IGNORECASE)
    return int(years[0]) if len(set(years)) == 1 else None


def _cands(names: list[str]) -> str:
    from ..messages import msg

    return msg("import.candidates", None, names="; ".join(names))




def _bare_title(m: re.Match, after: list[Para]) -> str:
    """"CHƯƠNG TRÌNH" / "KẾ HOẠCH" alone (or glued: "CHƯƠNG TRÌNHHÀNH ĐỘNG"), then its subject:
    the next lines that read as a subtitle, past a "Số …" line."""
    word = "Chương trình" if m.group("word").upper().startswith("CH") else "Kế hoạch"
    rest = m.group("rest").strip()
    if not rest:
        for p in after[:3]:
            text = re.sub(r"(?i)^số[:\s]*\S+\s*", "", p.text).strip()  # "Số 03-CTr/TU" (the next line may be joined)
            if not text:
                continue
            if _SUBTITLE_RE.match(text):
                rest = text
            break
    if rest and rest.upper() == rest:
        rest = rest[0] + rest[1:].lower()
    if rest.count("“") == rest.count("”") == 1:
        rest = rest.replace("“", "").replace("”", "")
    return (word + " " + rest).strip() if rest else word


# the place-and-date line of a party document: "Đà Nẵng, ngày 16 tháng 8 năm 2022"
_DATE_LINE_RE = re.compile(r"^[^\d,;.]{2,40},\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\b",
                           re.IGNORECASE)


def header_info(header: list[Para]) -> dict[str, Any]:
    """Title, symbol, issuer and the implemented documents (``citations``), from the paragraphs before part I."""
    info: dict[str, Any] = {}
    for i, p in enumerate(header):
        m = _TITLE_RE.match(p.text)
        bare = _BARE_TITLE_RE.match(p.text) if m is None else None
        if bare and "title" not in info:
            info["title"] = _bare_title(bare, header[i + 1:])
            continue
        if m and "title" not in info:
            rest = m.group("rest").strip()
            if not rest and i + 1 < len(header) and header[i + 1].text[:1].islower():
                rest = header[i + 1].text  # a heading line, then the subtitle
            info["title"] = ("Chương trình hành động " + rest).strip()
        if "symbol" not in info and (m := _SYMBOL_RE.search(p.text)):
            info["symbol"] = m.group(1).replace(" ", "")
    for p in header:
        if "issuer" not in info and (m := _ISSUER_RE.search(p.text)):
            info["issuer"] = m.group("who").strip()
        if "issue_date" not in info and (m := _DATE_LINE_RE.match(p.text.strip())):
            info["issue_date"] = f"{int(m.group('d'))}/{int(m.group('m'))}/{m.group('y')}"
    implements = implemented_documents(info.get("title", ""), [p.text for p in header], info.get("symbol"))
    if implements:
        info["implements"] = implements
    return info
