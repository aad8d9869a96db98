"""The agency workbook layout: the single source of truth.

Sheet names, columns, headers, the status vocabulary, dropdown lists, validation
rules, identity fields and the layout version live here. The writer
(``workbook/writer.py``), the reader (``workbook/reader.py``, used by collect), the
validator and the docs all read this module; none of them spells a header itself.

Change anything a returned workbook is read by (a sheet name, a column key or
header, a status label) and ``LAYOUT_VERSION`` must change, so a workbook of an
older layout is recognised as such when it comes back.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model import Role

LAYOUT_VERSION = "1"
FONT = "Times New Roman"

# ---------------------------------------------------------------- sheets
SHEET_GUIDE = "Hướng dẫn"
SHEET_TASKS = "Nhiệm vụ"
SHEET_INDICATORS = "Chỉ tiêu"
SHEET_ASSESSMENT = "Đánh giá chung"
SHEET_META = "ctrxl"  # hidden: identity cells and dropdown lists
SHEETS = (SHEET_GUIDE, SHEET_TASKS, SHEET_INDICATORS, SHEET_ASSESSMENT, SHEET_META)

# Rows above the table on the Nhiệm vụ and Chỉ tiêu sheets (title, agency, programme,
# a blank) — the header is on this 1-based row, data below it. The reader does not
# rely on it: it finds the header row by its labels (rows may be inserted above).
HEADER_ROW = 5


class Status(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    CONTINUING = "continuing"
    NOT_STARTED = "not_started"
    NOT_APPLICABLE = "not_applicable"


STATUS_LABELS: dict[Status, str] = {
    Status.DONE: "Đã hoàn thành",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.CONTINUING: "Đang thực hiện thường xuyên",
    Status.NOT_STARTED: "Chưa thực hiện",
    Status.NOT_APPLICABLE: "Không thuộc phạm vi, không phát sinh",
}
STATUS_HELP: dict[Status, str] = {
    Status.DONE: "Nhiệm vụ đã xong; ghi ngày hoàn thành và văn bản minh chứng.",
    Status.IN_PROGRESS: "Đã triển khai nhưng chưa xong; ghi tiến độ (%) nếu ước tính được.",
    Status.CONTINUING: "Nhiệm vụ thực hiện thường xuyên, hằng năm, đang được triển khai.",
    Status.NOT_STARTED: "Chưa triển khai; nêu lý do ở cột khó khăn, vướng mắc.",
    Status.NOT_APPLICABLE: "Nhiệm vụ không phát sinh hoặc không thuộc phạm vi của đơn vị; nêu lý do.",
}

ROLE_LABELS: dict[Role, str] = {Role.LEAD: "Chủ trì", Role.COORDINATE: "Phối hợp", Role.EXECUTE: "Thực hiện"}
ROLE_LETTERS: dict[Role, str] = {Role.LEAD: "C", Role.COORDINATE: "P", Role.EXECUTE: "T"}

YES_NO_LABELS = ("Có", "Không")
DONE_IN_YEAR = "Đã hoàn thành năm {year}"  # previous_status of a one-off task completed in an earlier cycle


class Kind(StrEnum):
    """What a column holds; drives the cell format, the validation and the reader's parsing."""

    SERIAL = "serial"
    CODE = "code"
    TEXT = "text"
    LONG_TEXT = "long_text"
    STATUS = "status"
    DATE = "date"
    PERCENT = "percent"
    NUMBER = "number"
    COMPUTED = "computed"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    kind: Kind
    input: bool = False
    required: bool = False
    help: str = ""  # how to fill it, shown on the guide sheet and as the cell's input message
    max_len: int = 32767  # Excel's cell limit
    # Locked information from the agency's previous cycle: written by generate, read back by the
    # reader, never an answer; a workbook without it (an older one) is read the same way.
    previous: bool = False


# ---------------------------------------------------------------- Nhiệm vụ
TASK_COLUMNS: tuple[Column, ...] = (
    Column("serial", "STT", 4, Kind.SERIAL),
    Column("task_code", "Mã nhiệm vụ", 9, Kind.CODE, help="Mã nhiệm vụ trong Chương trình; không sửa."),
    Column("section", "Thuộc mục", 14, Kind.TEXT),
    Column("task_text", "Nội dung nhiệm vụ", 42, Kind.LONG_TEXT),
    Column("role", "Vai trò của đơn vị", 8, Kind.TEXT,
           help="Chủ trì: đơn vị chủ trì, tham mưu; Phối hợp: đơn vị phối hợp; Thực hiện: đơn vị tự triển khai."),
    Column("deadline", "Thời hạn", 12, Kind.TEXT, help="Thời hạn như ghi trong Chương trình."),
    Column("status", "Tình trạng thực hiện", 13, Kind.STATUS, input=True, required=True,
           help="Chọn trong danh sách thả xuống (xem «Chú giải tình trạng» ở trên)."),
    Column("completed_on", "Ngày hoàn thành", 10.5, Kind.DATE, input=True,
           help="Bắt buộc khi đã hoàn thành; ghi ngày/tháng/năm, ví dụ 15/11/2025."),
    Column("progress", "Tiến độ (%)", 7, Kind.PERCENT, input=True,
           help="Số từ 0 đến 100, khi đang thực hiện và ước tính được."),
    Column("results", "Kết quả cụ thể", 26, Kind.LONG_TEXT, input=True,
           help="Việc đã làm, số liệu, sản phẩm; ngắn gọn, cụ thể."),
    Column("evidence", "Văn bản minh chứng (số, ngày)", 16, Kind.LONG_TEXT, input=True,
           help="Số, ký hiệu và ngày của văn bản, ví dụ: Kế hoạch số 12-KH/ĐU ngày 05/3/2025."),
    Column("difficulties", "Khó khăn, vướng mắc", 16, Kind.LONG_TEXT, input=True,
           help="Nếu có; nêu cả lý do khi chưa thực hiện."),
    Column("proposals", "Đề xuất, kiến nghị", 16, Kind.LONG_TEXT, input=True, help="Nếu có."),
    Column("previous_status", "Tình trạng kỳ trước", 14, Kind.TEXT, previous=True,
           help="Tình trạng đơn vị đã báo cáo ở kỳ trước (đã khóa). Nhiệm vụ đã hoàn thành ở kỳ trước được ghi "
                "«Đã hoàn thành năm N» và điền sẵn: không cần báo cáo lại, trừ khi có thay đổi."),
    Column("previous_result", "Kết quả kỳ trước", 26, Kind.LONG_TEXT, previous=True,
           help="Kết quả cụ thể đơn vị đã báo cáo ở kỳ trước (đã khóa)."),
)

# ---------------------------------------------------------------- Chỉ tiêu
INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("serial", "STT", 4, Kind.SERIAL),
    Column("indicator_code", "Mã chỉ tiêu", 12, Kind.CODE, help="Mã chỉ tiêu trong Chương trình; không sửa."),
    Column("indicator_text", "Nội dung chỉ tiêu", 40, Kind.LONG_TEXT),
    Column("unit", "Đơn vị tính", 7, Kind.TEXT),
    Column("target", "Chỉ tiêu đề ra", 10, Kind.TEXT),
    Column("year", "Năm đạt", 9, Kind.TEXT),
    Column("method", "Cách tính", 28, Kind.LONG_TEXT, help="Tử số và mẫu số của tỷ lệ; số cần báo cáo."),
    Column("numerator", "Tử số", 9, Kind.NUMBER, input=True,
           help="Chỉ tiêu tỷ lệ: số đạt (tử số). Để trống nếu chưa có số liệu; ghi 0 nếu bằng 0."),
    Column("denominator", "Mẫu số", 9, Kind.NUMBER, input=True,
           help="Chỉ tiêu tỷ lệ: tổng số (mẫu số), lớn hơn 0."),
    Column("value", "Giá trị", 9, Kind.NUMBER, input=True,
           help="Chỉ tiêu số lượng, giá trị: con số đạt được; chỉ tiêu có/không: chọn Có hoặc Không."),
    Column("result", "Kết quả", 9, Kind.COMPUTED,
           help="Tự tính: tỷ lệ % = tử số / mẫu số × 100, hoặc giá trị đã nhập."),
    Column("note", "Ghi chú", 22, Kind.LONG_TEXT, input=True, help="Nguồn số liệu, thời điểm tính, giải thích."),
    Column("previous_value", "Kết quả kỳ trước", 12, Kind.TEXT, previous=True,
           help="Kết quả của chỉ tiêu đơn vị đã báo cáo ở kỳ trước (đã khóa)."),
)

# ---------------------------------------------------------------- Đánh giá chung
@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: Kind
    required: bool = False
    help: str = ""
    height: float = 15  # row height in points for the input cell


ASSESSMENT_FIELDS: tuple[Field, ...] = (
    Field("strengths", "1. Ưu điểm, kết quả nổi bật", Kind.LONG_TEXT, True,
          "Những kết quả nổi bật trong năm khi thực hiện Chương trình.", 96),
    Field("weaknesses", "2. Hạn chế, khuyết điểm", Kind.LONG_TEXT, True, "Những việc chưa làm được, làm chưa tốt.", 80),
    Field("causes", "3. Nguyên nhân của hạn chế", Kind.LONG_TEXT, True, "Nguyên nhân khách quan và chủ quan.", 80),
    Field("direction", "4. Phương hướng, nhiệm vụ năm tới", Kind.LONG_TEXT, True,
          "Nhiệm vụ, giải pháp trọng tâm năm tới.", 80),
    Field("proposals", "5. Đề xuất, kiến nghị", Kind.LONG_TEXT, False,
          "Với Ban Thường vụ Thành ủy và các cơ quan liên quan.", 64),
    Field("filled_by", "Người điền biểu (họ và tên)", Kind.TEXT, True),
    Field("phone", "Số điện thoại", Kind.CODE, True, "Ghi dạng văn bản, ví dụ 0905123456."),
    Field("email", "Email", Kind.TEXT, False),
    Field("report_date", "Ngày báo cáo", Kind.DATE, True, "Ghi ngày/tháng/năm."),
    Field("head", "Thủ trưởng đơn vị (họ tên, chức vụ)", Kind.TEXT, True),
)
ASSESSMENT_KEY_COLUMN = 0  # hidden column A holds the field keys; the reader finds rows by key

# ---------------------------------------------------------------- identity
# Stored three times — custom document properties, workbook defined names, and
# cells on the hidden meta sheet — because each re-saving application keeps a
# different subset (LibreOffice turns veryHidden into hidden, drops structure
# protection; WPS rewrites properties). The reader cross-checks what survived.
IDENTITY_FIELDS: tuple[str, ...] = (
    "programme",  # programme symbol, e.g. 17-CTr/TU
    "definition_hash",  # sha256 of the normalised programme document
    "cycle",  # cycle year
    "agency",  # agency code
    "layout",  # LAYOUT_VERSION
    "content_digest",  # sha256 of the locked content this agency received
    "signature",  # HMAC-SHA256 of the fields above with the workspace secret (ctrxl/signing.py)
)
PROPERTY_PREFIX = "ctrxl."
NAME_PREFIX = "ctrxl_"
META_MARKER = "ctrxl-identity"  # cell A1 of the meta sheet
META_FIRST_ROW = 2  # identity rows: A = field, B = value (1-based rows)
META_LIST_COLUMN = 3  # 0-based column D: dropdown lists (status labels, yes/no)

# ---------------------------------------------------------------- guide text
GUIDE_STEPS: tuple[str, ...] = (
    "Điền các cột có nền trắng ở sheet «Nhiệm vụ», «Chỉ tiêu» và «Đánh giá chung»; các cột nền xám là nội dung "
    "của Chương trình, đã khóa, không sửa.",
    "Mỗi dòng ở sheet «Nhiệm vụ» là một nhiệm vụ được giao cho đơn vị; không thêm, xóa hay sửa mã nhiệm vụ. "
    "Có thể sắp xếp, lọc dòng.",
    "Ô tô vàng là ô bắt buộc còn trống. Khi đã chọn «Đã hoàn thành», phải ghi ngày hoàn thành.",
    "Chỉ tiêu tỷ lệ: ghi tử số và mẫu số (không ghi tỷ lệ %); cột «Kết quả» tự tính. Để trống nếu chưa có số liệu, "
    "ghi 0 nếu thực tế bằng 0.",
    "Không tự đánh giá «chậm tiến độ»: việc đúng hạn hay chậm được tính từ thời hạn và ngày hoàn thành.",
    "Lưu tệp ở định dạng Excel (.xlsx); có thể đổi tên tệp. Gửi lại tệp đã điền (không chụp ảnh, không chuyển PDF).",
)


def status_from_label(label: str) -> Status | None:
    """Exact label → status (the reader does the lenient matching with warnings)."""
    for status, text in STATUS_LABELS.items():
        if text == label:
            return status
    return None


def column_index(columns: tuple[Column, ...], key: str) -> int:
    for i, col in enumerate(columns):
        if col.key == key:
            return i
    raise KeyError(key)


def workbook_sheets(has_indicators: bool) -> tuple[str, ...]:
    """The sheets of an agency workbook, in order: no «Chỉ tiêu» sheet for an agency without an
    indicator (the reader and the validator accept its absence then)."""
    return SHEETS if has_indicators else tuple(s for s in SHEETS if s != SHEET_INDICATORS)


def guide_steps(has_indicators: bool) -> tuple[str, ...]:
    """The guide's steps; without indicators, no step speaks of the «Chỉ tiêu» sheet."""
    if has_indicators:
        return GUIDE_STEPS
    first = GUIDE_STEPS[0].replace(f"«{SHEET_TASKS}», «{SHEET_INDICATORS}» và", f"«{SHEET_TASKS}» và")
    return (first,) + tuple(s for s in GUIDE_STEPS[1:] if not s.startswith("Chỉ tiêu"))
