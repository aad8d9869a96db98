"""Problems the definition workbook reader reports (beside ``definition/xlsx_layout.py``)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "xlsx.unreadable": (
        "không đọc được tệp Excel: {detail}",
        "the Excel file cannot be read: {detail}",
    ),
    "xlsx.unreadable.hint": (
        "Mở tệp bằng Excel và lưu lại dưới dạng Sổ làm việc Excel (.xlsx).",
        "Open the file in Excel and save it as an Excel Workbook (.xlsx).",
    ),
    "xlsx.no_sheets": (
        "tệp không có trang định nghĩa nào (cần ít nhất một trong: {expected})",
        "the workbook has no definition sheet (expected at least one of: {expected})",
    ),
    "xlsx.no_sheets.hint": (
        "Dùng tệp mẫu {template} và giữ nguyên tên các trang.",
        "Start from the template {template} and keep its sheet names.",
    ),
    "xlsx.unknown_sheet": (
        "trang «{sheet}» không thuộc mẫu định nghĩa nên bị bỏ qua",
        "sheet «{sheet}» is not part of the definition layout and is ignored",
    ),
    "xlsx.unknown_sheet.hint": (
        "Nếu đây là một trang của mẫu bị đổi tên, hãy đặt lại đúng tên: {expected}.",
        "If it is a template sheet that was renamed, give it back its name: {expected}.",
    ),
    "xlsx.missing_column": (
        "trang «{sheet}» thiếu cột «{column}» ở dòng tiêu đề",
        "sheet «{sheet}» has no column «{column}» in its header row",
    ),
    "xlsx.missing_column.hint": (
        "Dòng 1 phải có đúng tên cột «{column}» như tệp mẫu; đừng đổi tên hay xóa cột tiêu đề.",
        "Row 1 must hold the header «{column}» as in the template; do not rename or delete headers.",
    ),
    "xlsx.unknown_column": (
        "cột «{column}» của trang «{sheet}» không thuộc mẫu nên bị bỏ qua",
        "column «{column}» on sheet «{sheet}» is not part of the layout and is ignored",
    ),
    "xlsx.unknown_column.hint": (
        "Các cột của trang này: {expected}.",
        "This sheet's columns are: {expected}.",
    ),
    "xlsx.duplicate_column": (
        "trang «{sheet}» có hai cột «{column}»; chỉ đọc cột đầu tiên",
        "sheet «{sheet}» has two columns «{column}»; only the first is read",
    ),
    "xlsx.unknown_field": (
        "trường «{field}» không có trong mẫu nên bị bỏ qua",
        "field «{field}» is not part of the layout and is ignored",
    ),
    "xlsx.unknown_field.hint": (
        "Các trường hợp lệ: {expected}.",
        "Valid fields: {expected}.",
    ),
    "xlsx.bad_date": (
        "«{value}» không phải là ngày tháng",
        "«{value}» is not a date",
    ),
    "xlsx.bad_date.hint": (
        "Ghi ngày theo ngày/tháng/năm, ví dụ 16/8/2022.",
        "Write the date day first, e.g. 16/8/2022.",
    ),
    "xlsx.bad_number": (
        "«{value}» không phải là số",
        "«{value}» is not a number",
    ),
    "xlsx.bad_number.hint": (
        "Chỉ ghi con số (dấu phẩy thập phân), ví dụ 90 hoặc 7,5; đơn vị tính ghi ở cột riêng.",
        "Write a number only (decimal comma), e.g. 90 or 7,5; the unit has its own column.",
    ),
    "xlsx.successor_unknown_agency": (
        "mã đơn vị «{value}» không có trong trang «{agencies}»",
        "agency code «{value}» is not on sheet «{agencies}»",
    ),
    "xlsx.successor_unknown_agency.hint": (
        "Ghi mã của đơn vị cũ đúng như ở cột «{column}» của trang «{agencies}».",
        "Write the old agency's code exactly as in column «{column}» of sheet «{agencies}».",
    ),
}
