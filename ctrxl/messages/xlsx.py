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
        "không có đơn vị mã hay tên «{value}» trong trang «{agencies}»",
        "no agency with code or name «{value}» on sheet «{agencies}»",
    ),
    "xlsx.successor_unknown_agency.hint": (
        "Ghi mã (hoặc tên) của đơn vị cũ đúng như ở trang «{agencies}» (cột «{column}» hoặc Tên đầy đủ).",
        "Write the old agency's code (or name) exactly as on sheet «{agencies}» (column «{column}» or Tên đầy đủ).",
    ),
    # from ctrxl/definition/names.py: agency cells hold codes or names
    "xlsx.agency_near": (
        "«{value}» ({field}) không khớp đúng tên nào; đã hiểu là {chosen}",
        "«{value}» ({field}) matches no name exactly; taken as {chosen}",
    ),
    "xlsx.agency_near.hint": (
        "Nếu đúng, sửa ô cho khớp tên (hoặc thêm cách gọi này vào cột Tên khác); nếu sai, chọn đơn vị đúng.",
        "If right, correct the cell to the name (or add this spelling to Tên khác); if wrong, choose the right agency.",
    ),
    "xlsx.agency_ambiguous": (
        "«{value}» ({field}) là tên của nhiều đơn vị/nhóm; đã lấy {chosen} (còn: {others})",
        "«{value}» ({field}) names several agencies/groups; took {chosen} (also: {others})",
    ),
    "xlsx.agency_ambiguous.hint": (
        "Ghi mã đơn vị để chỉ rõ.",
        "Type the agency code to make it clear.",
    ),
    "xlsx.agency_unknown": (
        "không có đơn vị hay nhóm nào có mã, tên, tên ngắn hay tên khác là «{value}» ({field}); gần nhất: {candidates}",
        "no agency or group has the code, name, short name or alias «{value}» ({field}); closest: {candidates}",
    ),
    "xlsx.agency_unknown.hint": (
        "Chọn tên trong danh sách của ô, hoặc thêm đơn vị vào trang Đơn vị (hay nhóm vào trang Nhóm).",
        "Pick a name from the cell's list, or add the agency on the Đơn vị sheet (or the group on Nhóm).",
    ),
    "xlsx.ward_no_name": ("dòng này thiếu tên xã, phường (cột «{column}»)", "this row has no ward or commune name (column «{column}»)"),
    "xlsx.ward_no_name.hint": ("Ghi tên, ví dụ Phường Hải Châu, hoặc xóa dòng.", "Type the name, e.g. Phường Hải Châu, or delete the row."),
    "xlsx.ward_kind": (
        "«{value}» không bắt đầu bằng Phường, Xã, Đặc khu hay Thị trấn; đơn vị được ghi là «Đảng ủy {value}»",
        "«{value}» does not start with Phường, Xã, Đặc khu or Thị trấn; the agency is recorded as «Đảng ủy {value}»",
    ),
    "xlsx.ward_kind.hint": ("Ghi đủ, ví dụ Phường Hải Châu, Xã Hòa Vang.", "Write it in full, e.g. Phường Hải Châu, Xã Hòa Vang."),
    "xlsx.ward_duplicate": (
        "«{value}» đã có ở trang {sheet}; dòng này bị bỏ qua",
        "«{value}» is already on the {sheet} sheet; this row is skipped",
    ),
    "xlsx.ward_duplicate.hint": ("Giữ một trong hai dòng.", "Keep one of the two rows."),
    "xlsx.proposed_row": (
        "dòng đề xuất «{name}» (mã ?{proposed}) chưa được xác nhận nên chưa có trong danh bạ",
        "proposed row «{name}» (code ?{proposed}) is not confirmed, so it is not in the registry yet",
    ),
    "xlsx.proposed_row.hint": (
        "Xác nhận: xóa dấu ? ở đầu mã (sửa mã, tên, nhóm nếu cần); không cần thì xóa dòng.",
        "To confirm: remove the ? at the start of the code (correct code, name, groups if needed); else delete the row.",
    ),
}
