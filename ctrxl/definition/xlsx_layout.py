"""The Excel definition workbook's layout, as data: the one source of truth.

The writer (``xlsx.py``), the reader (same module) and the format document
(``docs/definition-format.md``) all follow these tables, so a column renamed
here is renamed everywhere. Each column says which document field it holds
(a dotted path inside the record, e.g. ``deadline.kind``), how its cells are
typed, how wide it is and which dropdown list (if any) helps the clerk.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..model import DeadlineKind, IndicatorKind, SuccessionKind, TargetOp


class Cell(StrEnum):
    """How a column's cells are written and read back."""

    TEXT = "text"  # always text; numbers typed by the clerk are read back as their digits
    LIST = "list"  # several values joined by "; "
    DATE = "date"  # a real Excel date, dd/mm/yyyy; read back as "d/m/yyyy"
    NUMBER = "number"  # a real number
    INT = "int"  # a whole number (a year)
    BOOL = "bool"  # "x" for true, blank for false
    CHOICE = "choice"  # one code of a fixed list (Vietnamese labels accepted on reading)


@dataclass(frozen=True)
class Choice:
    code: str
    label: str  # Vietnamese meaning, shown in Danh mục and accepted by the reader


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # dotted path inside the record; "" for a column that is not a record field
    cell: Cell = Cell.TEXT
    width: float = 14
    required: bool = False  # a missing header is an error (else a warning)
    choices: tuple[Choice, ...] = ()
    lookup: str | None = None  # defined name of the dropdown list (see LISTS)
    several: bool = False  # the cell may hold several codes: the dropdown only helps
    prompt: str = ""  # input message shown when the cell is selected (≤ 255 characters)
    explanation: bool = False  # written for the reader's eyes only; never read, never missed


@dataclass(frozen=True)
class Sheet:
    name: str
    key: str  # document key: "tasks", "agencies", ... ; "programme" for the key-value sheet
    part: str  # "programme" or "registry"
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)


TEMPLATE_NAME = "dinh-nghia-chuong-trinh.xlsx"  # under templates/xlsx/

# ---------------------------------------------------------------- fixed lists

DEADLINE_KINDS: tuple[Choice, ...] = (
    Choice(DeadlineKind.DATE.value, "trước một ngày cụ thể"),
    Choice(DeadlineKind.YEAR.value, "trong năm"),
    Choice(DeadlineKind.FROM_YEAR.value, "từ năm trở đi"),
    Choice(DeadlineKind.CONTINUOUS.value, "thường xuyên"),
    Choice(DeadlineKind.YEARLY.value, "hằng năm"),
    Choice(DeadlineKind.QUARTER.value, "trong quý"),
    Choice(DeadlineKind.MONTH.value, "trong tháng"),
    Choice(DeadlineKind.CONDITIONAL.value, "khi có điều kiện"),
    Choice(DeadlineKind.NONE.value, "không có thời hạn"),
)
INDICATOR_KINDS: tuple[Choice, ...] = (
    Choice(IndicatorKind.RATIO.value, "tỷ lệ"),
    Choice(IndicatorKind.COUNT.value, "số lượng"),
    Choice(IndicatorKind.VALUE.value, "giá trị"),
    Choice(IndicatorKind.YESNO.value, "có/không"),
)
TARGET_OPS: tuple[Choice, ...] = (
    Choice(TargetOp.GE.value, "lớn hơn hoặc bằng"),
    Choice(TargetOp.GT.value, "lớn hơn"),
    Choice(TargetOp.LE.value, "nhỏ hơn hoặc bằng"),
    Choice(TargetOp.LT.value, "nhỏ hơn"),
    Choice(TargetOp.EQ.value, "bằng"),
    Choice(TargetOp.BETWEEN.value, "trong khoảng"),
)
SUCCESSION_KINDS: tuple[Choice, ...] = (
    Choice(SuccessionKind.MERGED_INTO.value, "hợp nhất vào"),
    Choice(SuccessionKind.RENAMED_TO.value, "đổi tên thành"),
    Choice(SuccessionKind.SPLIT_INTO.value, "tách thành"),
)
# Symbols people type for operators; the reader accepts them beside codes and labels.
OP_SYMBOLS = {"≥": ">=", "≤": "<=", "==": "="}


def _explain(choices: tuple[Choice, ...]) -> str:
    return "; ".join(f"{c.code}: {c.label}" for c in choices)


# ---------------------------------------------------------------- sheets

GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
# Written by ``ctrxl import -o FILE.xlsx`` only: the decisions to check. Never read back.
REVIEW_SHEET = "Rà soát"
REVIEW_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Vị trí trong văn bản", 16),
    ("Đoạn văn", 60),
    ("Đã quyết định", 50),
    ("Cần kiểm tra", 50),
)
# A Nhóm/Đơn vị row whose code starts with this was proposed by ``ctrxl import`` (a name the registry
# lacked) and is left out until the clerk confirms it by removing the mark.
PROPOSED = "?"
# Where those rows go in the document (and in YAML): ``proposed: {groups: [...], agencies: [...]}``,
# codes without the mark. Not part of the registry; ``convert`` carries them both ways.
PROPOSED_KEY = "proposed"
FIRST_DATA_ROW = 2  # header is row 1: Excel row = record index + 2
VALIDATION_ROWS = 1000  # dropdowns cover at least this many data rows

_CODES = "Có thể chọn hoặc gõ nhiều mã hay tên, cách nhau bởi dấu chấm phẩy (;)."

# Column A shows each field's Vietnamese label; the machine key sits in the hidden column D
# ("Khóa"), which the reader prefers. A workbook without it (or with keys typed in column A) reads
# the same: column A takes the key or the label.
PROGRAMME = Sheet("Chương trình", "programme", "programme", (
    Column("Trường", "", width=34, required=True),
    Column("Giá trị", "", width=56, required=True),
    Column("Ý nghĩa", "", width=42, explanation=True),
    Column("Khóa", "", width=4, explanation=True),  # read when present, never missed
))
PROGRAMME_KEY_COLUMN = "Khóa"
SECTIONS = Sheet("Mục", "sections", "programme", (
    Column("Mã mục", "code", width=14, required=True),
    Column("Tên mục", "title", width=60, required=True),
    Column("Mục cha", "parent", width=14, lookup="ds_muc",
           prompt="Mã của mục chứa mục này (để trống nếu là mục cấp cao nhất)."),
))
TASKS = Sheet("Nhiệm vụ", "tasks", "programme", (
    Column("Mã nhiệm vụ", "code", width=16, required=True,
           prompt="Mã duy nhất, không đổi giữa các năm (ví dụ II.1.1-a)."),
    Column("Mục", "section", width=12, lookup="ds_muc", prompt="Mã mục (ở trang Mục)."),
    Column("Nội dung", "text", width=60, required=True),
    Column("Chủ trì", "lead", Cell.LIST, 18, lookup="ds_ma", several=True,
           prompt="Tên (hoặc mã) đơn vị, nhóm chủ trì, tham mưu. " + _CODES),
    Column("Phối hợp", "coordinate", Cell.LIST, 18, lookup="ds_ma", several=True,
           prompt="Tên (hoặc mã) đơn vị, nhóm phối hợp. " + _CODES),
    Column("Thực hiện", "execute", Cell.LIST, 18, lookup="ds_ma", several=True,
           prompt="Tên (hoặc mã) đơn vị, nhóm thực hiện. " + _CODES),
    Column("Thời hạn", "deadline.text", width=24,
           prompt="Ghi nguyên văn thời hạn, ví dụ: (thực hiện thường xuyên), trước ngày 10/6/2025."),
    Column("Loại thời hạn", "deadline.kind", Cell.CHOICE, 14, choices=DEADLINE_KINDS,
           lookup="ds_loai_thoi_han",
           prompt="Chỉ điền khi cần ghi rõ. " + _explain(DEADLINE_KINDS)),
    Column("Ngày hạn", "deadline.due", Cell.DATE, 12,
           prompt="Ngày hết hạn (ngày/tháng/năm), chỉ điền khi cần ghi rõ."),
    Column("Năm hạn", "deadline.year", Cell.INT, 10, prompt="Năm của thời hạn, chỉ điền khi cần ghi rõ."),
    Column("Báo cáo lại", "reask", Cell.BOOL, 11,
           prompt="Gõ x nếu đơn vị đã hoàn thành nhiệm vụ này ở kỳ trước vẫn phải báo cáo lại mỗi kỳ; để trống: "
                  "nhiệm vụ (không thường xuyên) đã hoàn thành thì không phải báo cáo lại."),
    Column("Ghi chú", "notes", width=30),
))
INDICATORS = Sheet("Chỉ tiêu", "indicators", "programme", (
    Column("Mã chỉ tiêu", "code", width=16, required=True),
    Column("Mục", "section", width=12, lookup="ds_muc", prompt="Mã mục (ở trang Mục)."),
    Column("Nội dung", "text", width=50, required=True),
    Column("Loại", "kind", Cell.CHOICE, 10, choices=INDICATOR_KINDS, lookup="ds_loai_chi_tieu",
           prompt=_explain(INDICATOR_KINDS)),
    Column("Đơn vị tính", "unit", width=10, prompt="Ví dụ: %, tổ chức, đảng viên."),
    Column("Phép so", "target.op", Cell.CHOICE, 10, choices=TARGET_OPS, lookup="ds_phep_so",
           prompt=_explain(TARGET_OPS) + ". Với between điền Từ và Đến, còn lại điền Giá trị."),
    Column("Giá trị", "target.value", Cell.NUMBER, 10),
    Column("Từ", "target.min", Cell.NUMBER, 8),
    Column("Đến", "target.max", Cell.NUMBER, 8),
    Column("Năm", "year", Cell.INT, 8, prompt="Năm phải đạt chỉ tiêu."),
    Column("Hằng năm", "yearly", Cell.BOOL, 10, prompt="Gõ x nếu chỉ tiêu phải đạt hằng năm."),
    Column("Tử số", "numerator", width=30, prompt="Chỉ với chỉ tiêu tỷ lệ (ratio)."),
    Column("Mẫu số", "denominator", width=30, prompt="Chỉ với chỉ tiêu tỷ lệ (ratio)."),
    Column("Đơn vị báo cáo", "reporters", Cell.LIST, 18, lookup="ds_ma", several=True,
           prompt="Tên (hoặc mã) đơn vị, nhóm báo cáo chỉ tiêu. " + _CODES),
    Column("Ghi chú", "notes", width=30),
))
GROUPS = Sheet("Nhóm", "groups", "registry", (
    Column("Mã nhóm", "code", width=16, required=True,
           prompt="Mã duy nhất, không trùng với mã nhóm hay mã đơn vị khác."),
    Column("Tên nhóm", "name", width=45, required=True),
    Column("Tên khác", "aliases", Cell.LIST, 35, prompt="Các cách gọi khác, cách nhau bởi dấu chấm phẩy (;)."),
    Column("Gồm nhóm", "include", Cell.LIST, 18, lookup="ds_nhom", several=True,
           prompt="Tên (hoặc mã) các nhóm con. " + _CODES),
    Column("Thành viên", "members", Cell.LIST, 30, lookup="ds_don_vi", several=True,
           prompt="Tên (hoặc mã) các đơn vị thuộc nhóm (ngoài các đơn vị tự ghi nhóm này). " + _CODES),
    Column("Tập hợp chung", "collective", Cell.BOOL, 12,
           prompt="Gõ x nếu nhóm chỉ là cách gọi chung (ví dụ: các cơ quan liên quan), không giao cho ai cụ thể."),
))
AGENCIES = Sheet("Đơn vị", "agencies", "registry", (
    Column("Mã đơn vị", "code", width=14, required=True,
           prompt="Mã duy nhất, không trùng với mã nhóm hay mã đơn vị khác."),
    Column("Tên đầy đủ", "name", width=45, required=True),
    Column("Tên ngắn", "short", width=22),
    Column("Ký hiệu", "abbrev", width=12, prompt="Dùng trong số văn bản, ví dụ Số …-BC/BTCTU."),
    Column("Tên khác", "aliases", Cell.LIST, 30, prompt="Các cách gọi khác, cách nhau bởi dấu chấm phẩy (;)."),
    Column("Nhóm", "groups", Cell.LIST, 20, lookup="ds_nhom", several=True,
           prompt="Tên (hoặc mã) các nhóm đơn vị thuộc về. " + _CODES),
    Column("Cấp trên", "parent", width=12, lookup="ds_don_vi", prompt="Tên (hoặc mã) đơn vị cấp trên."),
    Column("Email", "emails", Cell.LIST, 30, prompt="Nhiều địa chỉ cách nhau bởi dấu chấm phẩy (;)."),
    Column("Hoạt động từ", "active_from", Cell.DATE, 13),
    Column("Hoạt động đến", "active_to", Cell.DATE, 13, prompt="Ngày cuối cùng đơn vị còn hoạt động."),
))
# The office's own wards and communes, one simple row each: read as agencies "Đảng ủy phường …" of
# the group WARDS_GROUP (added when the registry lacks it). Never written from a document: a
# document's wards are agencies, on Đơn vị.
WARDS = Sheet("Xã, phường", "wards", "registry", (
    Column("Tên", "name", width=34, required=True,
           prompt="Ví dụ: Phường Hải Châu, Xã Hòa Vang, Đặc khu Hoàng Sa. Đơn vị báo cáo là đảng ủy của xã, phường."),
    Column("Email", "emails", Cell.LIST, 34, prompt="Nhiều địa chỉ cách nhau bởi dấu chấm phẩy (;)."),
    Column("Mã đơn vị", "code", width=20,
           prompt="Để trống: ctrxl tự đặt (ví dụ DU-P-HAICHAU); không trùng mã nhóm hay đơn vị khác."),
    Column("Tên khác", "aliases", Cell.LIST, 30, prompt="Các cách gọi khác, cách nhau bởi dấu chấm phẩy (;)."),
))
WARDS_GROUP = ("DU-XA-PHUONG", "Các đảng ủy xã, phường")  # code and name, as in the starter registry
SUCCESSIONS = Sheet("Kế thừa", "successors", "registry", (
    Column("Mã đơn vị", "", width=14, required=True, lookup="ds_don_vi",
           prompt="Mã hoặc tên đơn vị cũ (ở trang Đơn vị)."),
    Column("Hình thức", "kind", Cell.CHOICE, 14, required=True, choices=SUCCESSION_KINDS,
           lookup="ds_hinh_thuc", prompt=_explain(SUCCESSION_KINDS)),
    Column("Đơn vị kế thừa", "to", Cell.LIST, 24, required=True, lookup="ds_don_vi", several=True,
           prompt="Tên (hoặc mã) đơn vị nhận lại nhiệm vụ; tách thành (split_into) thì ghi nhiều tên cách nhau "
                  "bởi dấu chấm phẩy (;)."),
    Column("Ngày", "date", Cell.DATE, 12, prompt="Ngày có hiệu lực (ngày/tháng/năm)."),
))

# In workbook order (after the guide); Danh mục comes last.
SHEETS: tuple[Sheet, ...] = (PROGRAMME, SECTIONS, TASKS, INDICATORS, GROUPS, AGENCIES, WARDS, SUCCESSIONS)
RECORD_SHEETS: tuple[Sheet, ...] = SHEETS[1:]

# The key-value rows of "Chương trình": (key, cell, label shown in column A, explanation in
# column C). ``implements_*`` rows repeat, one group per document the programme implements.
PROGRAMME_FIELDS: tuple[tuple[str, Cell, str, str], ...] = (
    ("symbol", Cell.TEXT, "Số, ký hiệu chương trình", "Bắt buộc, ví dụ 17-CTr/TU."),
    ("title", Cell.TEXT, "Tên (trích yếu) chương trình", "Bắt buộc."),
    ("issuer", Cell.TEXT, "Cơ quan ban hành", "Ví dụ: Ban Thường vụ Thành ủy."),
    ("issue_date", Cell.DATE, "Ngày ban hành", "Ngày/tháng/năm, ví dụ 16/8/2022."),
    ("implements_symbol", Cell.TEXT, "Văn bản được thực hiện: số, ký hiệu",
     "Ví dụ 21-NQ/TW, 165-TB/VPTW. Loại văn bản suy ra từ ký hiệu (NQ: Nghị quyết, KL: Kết luận, "
     "TB: Thông báo, CT: Chỉ thị, QĐ: Quyết định, KH: Kế hoạch, …)."),
    ("implements_type", Cell.TEXT, "Văn bản được thực hiện: loại",
     "Để trống nếu đúng như ký hiệu; ghi khi khác, ví dụ Quy định (ký hiệu QĐ)."),
    ("implements_date", Cell.DATE, "Văn bản được thực hiện: ngày ban hành", "Ngày/tháng/năm."),
    ("implements_issuer", Cell.TEXT, "Văn bản được thực hiện: cơ quan ban hành",
     "Ví dụ: Bộ Chính trị, Văn phòng Trung ương Đảng."),
    ("implements_title", Cell.TEXT, "Văn bản được thực hiện: trích yếu",
     "Nội dung sau chữ «về», ví dụ: tăng cường củng cố, xây dựng tổ chức cơ sở đảng …"),
)

# ---------------------------------------------------------------- Danh mục (hidden lists)

# Fixed lists: (defined name, header, choices), one pair of columns each (code, meaning).
FIXED_LISTS: tuple[tuple[str, str, tuple[Choice, ...]], ...] = (
    ("ds_loai_thoi_han", "Loại thời hạn", DEADLINE_KINDS),
    ("ds_loai_chi_tieu", "Loại chỉ tiêu", INDICATOR_KINDS),
    ("ds_phep_so", "Phép so", TARGET_OPS),
    ("ds_hinh_thuc", "Hình thức kế thừa", SUCCESSION_KINDS),
)
# Dropdowns over what the clerk types in other sheets: (defined name, sheet, column letter). Sections
# by code; groups and agencies by name (column B), since agency cells accept a code or a name. They
# grow with the sheet (OFFSET over the filled part), so a new agency shows up without editing anything.
CODE_LISTS: tuple[tuple[str, Sheet, str], ...] = (
    ("ds_muc", SECTIONS, "A"),
    ("ds_nhom", GROUPS, "B"),
    ("ds_don_vi", AGENCIES, "B"),
)
# "ds_ma": group names then agency names, gathered by formulas into one Danh mục column,
# because a dropdown must come from one contiguous range.
MIXED_LIST = "ds_ma"
MIXED_ROWS = 1000

GUIDE_LINES: tuple[str, ...] = (
    "HƯỚNG DẪN ĐIỀN TỆP ĐỊNH NGHĨA CHƯƠNG TRÌNH",
    "",
    "Tệp này mô tả một chương trình hành động (trang Chương trình, Mục, Nhiệm vụ, Chỉ tiêu) "
    "và danh bạ đơn vị (trang Nhóm, Đơn vị, «Xã, phường», Kế thừa). Có thể chỉ điền một trong hai phần.",
    "Không đổi tên trang, không đổi tên hay xóa dòng tiêu đề (dòng 1). Mỗi dòng từ dòng 2 là một mục, "
    "một nhiệm vụ, một chỉ tiêu, một nhóm, một đơn vị hoặc một lần kế thừa. Dòng trống được bỏ qua.",
    "Chương trình: điền cột Giá trị cho từng Trường; cột Ý nghĩa giải thích trường đó. Chương trình "
    "thực hiện nhiều văn bản (nghị quyết, kết luận, thông báo…) thì chép thêm năm dòng «Văn bản được "
    "thực hiện: …» cho mỗi văn bản.",
    "Mã (mã mục, mã nhiệm vụ, mã chỉ tiêu, mã nhóm, mã đơn vị) phải duy nhất và không đổi giữa các năm; "
    "các trang khác nhắc đến mục bằng mã; nhóm và đơn vị bằng mã, tên đầy đủ, tên ngắn hoặc tên khác "
    "(chọn trong danh sách của ô). Tên gần đúng được chấp nhận kèm cảnh báo nêu đơn vị đã hiểu.",
    "Ô có nhiều giá trị (Chủ trì, Phối hợp, Thực hiện, Tên khác, Nhóm, Email…) ghi cách nhau bởi dấu chấm phẩy (;).",
    "Ngày ghi theo ngày/tháng/năm, ví dụ 16/8/2022.",
    "Cột Hằng năm, Tập hợp chung, Báo cáo lại: gõ x nếu đúng, để trống nếu không.",
    "Thời hạn: ghi nguyên văn; chỉ điền Loại thời hạn, Ngày hạn, Năm hạn khi muốn ghi rõ cách hiểu thời hạn.",
    "Chỉ tiêu: Phép so là >=, >, <=, <, = (điền Giá trị) hoặc between (điền Từ và Đến).",
    "Xã, phường: mỗi dòng một xã, phường, đặc khu của địa phương (ví dụ Phường Hải Châu, Xã Hòa Vang) và email; "
    "mỗi dòng là một đơn vị «Đảng ủy phường …» thuộc nhóm «Các đảng ủy xã, phường»; mã để trống thì tự đặt.",
    "Kế thừa: đơn vị bị hợp nhất, đổi tên, tách ra thì ghi một dòng cho mỗi lần, kèm ngày có hiệu lực.",
    "Các ô có danh sách chọn (mũi tên bên phải ô) lấy từ trang Danh mục (ẩn) và từ cột mã của các trang.",
    "Kiểm tra tệp bằng lệnh: ctrxl check",
)


# ---------------------------------------------------------------- problems

# The problems the reader reports are in ctrxl/messages/xlsx.py.
