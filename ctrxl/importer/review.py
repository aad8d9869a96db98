"""The review report: every decision the importer was not sure about, with its place.

A reviewer reads this list top to bottom and opens the document at each place
(line number for .txt/.md, paragraph number for .docx). Items are data; the
text comes from the message catalogue (Vietnamese by default, English on request).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..messages import msg, register

register(
    {
        "import.loc.line": ("dòng {n}", "line {n}"),
        "import.loc.paragraph": ("đoạn {n}", "paragraph {n}"),
        "import.loc.table": ("bảng {table}, dòng {row}", "table {table}, row {row}"),
        "import.unmatched_name": (
            "tên «{name}» không khớp đơn vị hay nhóm nào trong danh bạ; giữ ở ghi chú{candidates}",
            "the name «{name}» matches no agency or group in the registry; kept as a note{candidates}",
        ),
        "import.candidates": (" (gần nhất: {names})", " (closest: {names})"),
        "import.no_registry_name": (
            "chưa có danh bạ: tên «{name}» giữ ở ghi chú",
            "no registry: the name «{name}» is kept as a note",
        ),
        "import.ambiguous_name": (
            "tên «{name}» khớp nhiều mã ({codes}); đã lấy «{code}»",
            "the name «{name}» matches several codes ({codes}); took «{code}»",
        ),
        "import.no_assignment": (
            "nhiệm vụ {code} chưa có cơ quan chủ trì, phối hợp hay thực hiện",
            "task {code} has no lead, coordinating or executing agency",
        ),
        "import.subject_lead": (
            "nhiệm vụ {code}: cơ quan chủ trì lấy từ chủ ngữ của câu: {names}",
            "task {code}: lead agency taken from the sentence subject: {names}",
        ),
        "import.preamble": (
            "đoạn mở đầu phần {part} được coi là đối tượng thực hiện mọi nhiệm vụ của phần (không phải nhiệm vụ)",
            "the opening paragraph of part {part} is taken as the addressee of all its tasks (not a task)",
        ),
        "import.joined_paragraph": (
            "đoạn không có gạch đầu dòng được nối vào nhiệm vụ {code} ở trên",
            "a paragraph without a bullet was joined to task {code} above",
        ),
        "import.paragraph_task": (
            "đoạn không có gạch đầu dòng được coi là nhiệm vụ {code}",
            "a paragraph without a bullet was taken as task {code}",
        ),
        "import.not_task": (
            "đoạn trong phần nhiệm vụ không được coi là nhiệm vụ",
            "a paragraph in a task part was not taken as a task",
        ),
        "import.part_role": (
            "phần {part} «{title}»: không nhận ra vai trò (nhiệm vụ / chỉ tiêu); bỏ qua",
            "part {part} «{title}»: role not recognised (tasks / targets); skipped",
        ),
        "import.deadline_problem": ("nhiệm vụ {code}: {detail}", "task {code}: {detail}"),
        "import.deadline_several": (
            "nhiệm vụ {code} có nhiều thời hạn ({phrases}); thời hạn chính: {principal}",
            "task {code} has several deadlines ({phrases}); principal: {principal}",
        ),
        "import.deadline_weak": (
            "nhiệm vụ {code}: thời hạn «{phrase}» đoán từ trạng từ đầu câu",
            "task {code}: deadline «{phrase}» guessed from an adverb at the start",
        ),
        "import.target_split": (
            "một câu có {count} con số; tách thành {count} chỉ tiêu: {codes}",
            "one sentence holds {count} figures; split into {count} indicators: {codes}",
        ),
        "import.target_yesno": (
            "chỉ tiêu {code} không có con số; coi là chỉ tiêu có/không (hoàn thành hay chưa)",
            "indicator {code} has no figure; taken as a yes/no target (done or not)",
        ),
        "import.footnote": ("đã bỏ chú thích cuối trang ({number})", "footnote dropped ({number})"),
        "import.symbol_missing": (
            "không tìm thấy số ký hiệu chương trình (ví dụ 17-CTr/TU); tạm dùng «{symbol}»",
            "no programme symbol found (e.g. 17-CTr/TU); using «{symbol}» for now",
        ),
        "import.no_tasks": ("không tìm thấy nhiệm vụ nào trong văn bản", "no task found in the document"),
    }
)


@dataclass(frozen=True)
class Place:
    """Where a paragraph starts in the source: a line (txt/md) or a paragraph (docx)."""

    n: int
    unit: str = "line"  # "line" | "paragraph" | "table"
    table: int | None = None
    row: int | None = None

    def describe(self, lang: str = "vi") -> str:
        if self.unit == "table":
            return msg("import.loc.table", lang, table=self.table, row=self.row)
        return msg(f"import.loc.{self.unit}", lang, n=self.n)


@dataclass
class ReviewItem:
    code: str  # catalogue key, e.g. "import.unmatched_name"
    place: Place | None
    text: str = ""  # the passage concerned, shortened
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        return msg(self.code, lang, **self.params)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "code": self.code,
            "where": self.place.describe(lang) if self.place else "",
            "message": self.message(lang),
            "text": self.text,
        }


def snippet(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Review:
    """Collects review items in document order."""

    def __init__(self) -> None:
        self.items: list[ReviewItem] = []

    def add(self, key: str, place: Place | None, text: str = "", /, **params: Any) -> None:
        self.items.append(ReviewItem(key, place, snippet(text), params))

    def sorted(self) -> list[ReviewItem]:
        return sorted(self.items, key=lambda i: (i.place.n if i.place else 0))
