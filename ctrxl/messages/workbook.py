"""Messages of ``ctrxl generate`` (the agencies' workbooks and the assignment matrix)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "gen.unknown_agency": ("không có đơn vị báo cáo mã «{code}» trong chu kỳ này. {suggest}",
                           "no reporting agency with code «{code}» in this cycle. {suggest}"),
    "gen.no_work": ("đơn vị «{code}» không có nhiệm vụ hay chỉ tiêu nào trong chu kỳ này",
                    "agency «{code}» has no task or indicator in this cycle"),
    "gen.done": ("Đã tạo {count} biểu mẫu trong «{folder}» và ma trận phân công «{matrix}».",
                 "Wrote {count} workbooks in «{folder}» and the assignment matrix «{matrix}»."),
    "gen.row": ("  {path}  ({tasks} nhiệm vụ, {indicators} chỉ tiêu)", "  {path}  ({tasks} tasks, {indicators} indicators)"),
}
