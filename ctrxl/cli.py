"""The ``ctrxl`` command. Each command parses options, calls one library function, prints.

One place (``main``) turns ``CtrxlError`` into a clean message and exit code;
tracebacks only with ``--debug``.
"""
from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_lang import json_error, prepare, wants_json
from .errors import CtrxlError
from .messages import current_lang, msg
from .progress import Progress, shown
from .vn import format_number


@dataclass
class Context:
    workspace: Path | None
    lang: str
    debug: bool
    year: int | None = None  # --year: act on that cycle instead of the current one

    def open(self):
        from .workspace import open_workspace

        return open_workspace(explicit=self.workspace, year=self.year)


class CtrxlGroup(click.Group):
    """Turns a ``CtrxlError`` raised anywhere below into ``Lỗi: …`` on stderr and its exit code
    (with ``--json``: a JSON error object on stdout, same exit code); texts in the user's language."""

    json_errors = False

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        argv = sys.argv[1:] if args is None else list(args)
        prepare(self, argv)  # before click parses: --help and usage errors speak the language too
        self.json_errors = wants_json(argv)
        return super().main(args=argv, prog_name=prog_name, **extra)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as exc:
            self._json_usage_error(exc)
            raise

    def _json_usage_error(self, exc: click.ClickException) -> None:
        if self.json_errors:  # a usage error in the JSON shape, same exit code as without --json
            _print_json(json_error("usage", exc.format_message(), None))
            raise click.exceptions.Exit(exc.exit_code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            self._json_usage_error(exc)
            raise
        except CtrxlError as exc:
            obj = ctx.obj if isinstance(ctx.obj, Context) else None
            if obj and obj.debug:
                raise
            lang = obj.lang if obj else current_lang()
            if self.json_errors:
                _print_json(json_error(exc.key, exc.message(lang), exc.hint(lang)))
            else:
                click.echo(msg("cli.error", lang, message=exc.message(lang)), err=True)
            ctx.exit(exc.exit_code)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(cls=CtrxlGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-w", "--workspace", type=click.Path(path_type=Path, file_okay=False),
              help="Thư mục làm việc (mặc định: tìm ctrxl.toml từ thư mục hiện tại trở lên).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None, envvar="CTRXL_LANG",
              help="Ngôn ngữ thông báo (vi mặc định, en).")
@click.option("--debug", is_flag=True, help="In chi tiết lỗi (traceback).")
@click.option("--year", "year", type=int, default=None, envvar="CTRXL_YEAR",
              help="Làm việc với kỳ báo cáo của năm này (mặc định: kỳ hiện tại, mục [cycle] của ctrxl.toml).")
@click.version_option(__version__, prog_name="ctrxl", message="%(prog)s %(version)s")  # no words: any language
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None, lang: str | None, debug: bool, year: int | None) -> None:
    """ctrxl — chu trình báo cáo hằng năm chương trình hành động: định nghĩa, biểu mẫu Excel, thu nhận, tổng hợp,
    báo cáo."""
    ctx.obj = Context(workspace, current_lang(lang), debug, year)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--example", default=None, help="Tạo từ ví dụ có sẵn, ví dụ: danang-nq21.")
@click.option("--year", type=int, default=None, help="Năm của chu kỳ (khi không dùng ví dụ).")
@click.option("--force", is_flag=True, help="Ghi vào thư mục đã có tệp (không ghi đè tệp nào đã có).")
@click.option("--registry", default=None,
              help="Danh bạ đơn vị điền sẵn vào dinh-nghia.xlsx: một tệp định nghĩa, hoặc «starter» (danh bạ mẫu "
                   "thành ủy/tỉnh ủy sau sắp xếp 2025).")
@click.option("--committee", default=None, metavar="NAME",
              help="Tên cấp ủy của văn phòng, ví dụ «Thành ủy Đà Nẵng», «Tỉnh ủy Quảng Ngãi»: đặt cho danh bạ mẫu "
                   "(--registry starter) và cho dòng đầu, địa danh của báo cáo trong ctrxl.toml.")
@click.pass_obj
def init(obj: Context, directory: Path, example: str | None, year: int | None, force: bool,
         registry: str | None, committee: str | None) -> None:
    """Tạo thư mục làm việc với ctrxl.toml và các tệp định nghĩa."""
    from .resources import STARTER_REGISTRY
    from .vn import format_date
    from .workspace import STARTER_DEFINITION, init_workspace

    if committee is not None and registry is None and not example:
        registry = STARTER_REGISTRY  # the committee names the starter registry
    ws = init_workspace(directory, example=example, year=year, force=force, registry=registry, committee=committee)
    click.echo(msg("cli.init_done", obj.lang, path=ws.root, year=ws.cycle.year, due=format_date(ws.cycle.due)))
    if committee is not None:
        from .definition.committee import parse_committee

        report = ws.config.report
        click.echo(msg("cli.init_committee", obj.lang, name=parse_committee(committee).name, book=ws.root /
                       STARTER_DEFINITION, place=report.place, issuer=report.issuer,
                       higher=report.agency_higher_body))
    elif registry == STARTER_REGISTRY and not example:
        click.echo(msg("cli.init_committee_missing", obj.lang, path=directory, book=directory / STARTER_DEFINITION))
    if example:
        click.echo(msg("cli.init_next", obj.lang, path=directory))
    else:
        # with a registry in the workbook, import matches names against it; else it needs one
        click.echo(msg("cli.init_next_blank", obj.lang, path=directory, book=directory / STARTER_DEFINITION,
                       registry="" if registry else " --registry starter"))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="In định nghĩa đã chuẩn hóa dưới dạng JSON.")
@click.pass_obj
def check(obj: Context, as_json: bool) -> None:
    """Kiểm tra định nghĩa chương trình và danh bạ đơn vị; thoát với mã 1 khi có lỗi."""
    from .definition.check import check_json, check_text
    from .definition.load import load_workspace_definition, unreadable
    from .report.readiness import report_gaps

    ws = obj.open()
    definition = load_workspace_definition(ws)
    broken = unreadable(definition.problems)  # a file that cannot be read: its one problem, nothing more
    if not broken:
        definition.problems += report_gaps(ws)  # warnings: what the report still needs from ctrxl.toml
    if as_json:
        _print_json(check_json(definition, obj.lang))
    else:
        for line in check_text(definition, obj.lang):
            click.echo(line)
        if not broken and not definition.programme.tasks and not definition.programme.symbol:
            click.echo(msg("cli.check_empty", obj.lang, path=ws.programme_path))
    if not definition.ok:
        sys.exit(1)


@cli.command()
@click.option("--agency", "agencies", multiple=True, metavar="CODE",
              help="Chỉ tạo biểu mẫu cho đơn vị này (lặp lại được).")
@click.option("--jobs", type=int, default=None, help="Số tiến trình ghi song song (mặc định: số lõi CPU).")
@click.option("--json", "as_json", is_flag=True, help="In danh sách biểu mẫu dưới dạng JSON.")
@click.pass_obj
def generate(obj: Context, agencies: tuple[str, ...], jobs: int | None, as_json: bool) -> None:
    """Tạo biểu mẫu Excel cho từng đơn vị báo cáo và ma trận phân công."""
    ws = obj.open()
    with shown("cli.progress.generate", obj.lang, quiet=as_json) as progress:
        result = _generate(ws, list(agencies), jobs, progress)
    if as_json:
        _print_json(result.to_json())
        return
    for wb in result.workbooks:
        click.echo(msg("gen.row", obj.lang, path=wb["path"], tasks=wb["tasks"], indicators=wb["indicators"]))
    click.echo(msg("gen.done", obj.lang, count=len(result.workbooks), folder=result.folder, matrix=result.matrix))


def _generate(ws, agencies: list[str] | None = None, jobs: int | None = None, progress: Progress | None = None):
    from .definition.load import load_workspace_definition
    from .workbook.generate import contact_from_config, generate as run

    definition = load_workspace_definition(ws)
    return run(definition, ws.outputs(definition), contact_from_config(ws.config.contact, definition), agencies or None,
               jobs, secret=ws.signing_key(), progress=progress)


@cli.command("import")
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Ghi bản nháp vào tệp này: .xlsx là bảng tính định nghĩa (có trang Rà soát và danh bạ), "
                   ".yaml là YAML.")
@click.option("--json", "as_json", is_flag=True, help="In bản nháp dưới dạng JSON như «check --json», thêm «review».")
@click.option("--registry", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Danh bạ đơn vị để đối chiếu tên: một tệp, hoặc «starter» (danh bạ mẫu có sẵn); mặc định: "
                   "của thư mục làm việc, nếu có.")
@click.option("--symbol", default=None, help="Số ký hiệu chương trình, ví dụ 17-CTr/TU (khi văn bản không ghi).")
@click.option("--force", is_flag=True, help="Ghi đè tệp -o đã có.")
@click.pass_obj
def import_(obj: Context, document: Path, output: Path | None, as_json: bool, registry: Path | None,
            symbol: str | None, force: bool) -> None:
    """Nhập văn bản chương trình (.docx, .txt, .md) thành bản nháp định nghĩa cần rà soát."""
    from .importer import import_programme, write_draft
    from .importer.pipeline import registry_for_import

    reg, reg_source, cycle = registry_for_import(obj.workspace, registry)
    result = import_programme(document, registry=reg, registry_source=reg_source, cycle=cycle, symbol=symbol,
                              lang=obj.lang)
    written = write_draft(result, output, force=force, lang=obj.lang) if output else None
    if as_json:
        _print_json(result.to_json(obj.lang))
        return
    for line in result.summary(obj.lang):
        click.echo(line)
    click.echo(msg("import.written", obj.lang, path=written) if written else msg("import.not_written", obj.lang))
    if written and written.suffix.lower() == ".xlsx":
        click.echo(msg("import.next_xlsx_ws" if _is_workspace_definition(obj, written) else "import.next_xlsx",
                       obj.lang, path=written, name=written.name))


def _is_workspace_definition(obj: Context, path: Path) -> bool:
    """Whether ``path`` is the programme file of the workspace in use (so ctrxl.toml needs no edit)."""
    try:
        ws = obj.open()
    except CtrxlError:
        return False
    return ws.programme_path.resolve() == path.resolve()


@cli.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--registry", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Danh bạ đơn vị ở tệp riêng, gộp vào tệp ghi ra.")
@click.option("--registry-out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Khi ghi ra YAML: ghi danh bạ vào tệp riêng này.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dưới dạng JSON.")
@click.pass_obj
def convert(obj: Context, source: Path, output: Path, registry: Path | None, registry_out: Path | None, force: bool,
            as_json: bool) -> None:
    """Chuyển định nghĩa giữa YAML (.yaml) và bảng tính Excel (.xlsx), hai chiều, không mất thông tin."""
    from .definition.convert import convert_definition

    result = convert_definition(source, output, registry=registry, registry_output=registry_out, force=force,
                                lang=obj.lang)
    if as_json:
        _print_json(result.to_json())
        return
    for path in result.written:
        click.echo(msg("def.converted", obj.lang, path=path, **result.counts))
    if result.counts.get("proposed"):
        where = msg("def.converted_proposed.yaml", obj.lang) if output.suffix.lower() != ".xlsx" else ""
        click.echo(msg("def.converted_proposed", obj.lang, proposed=result.counts["proposed"], where=where))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả từng tệp dưới dạng JSON.")
@click.option("--strict", is_flag=True, help="Thoát với mã 1 khi có biểu không hợp lệ.")
@click.pass_obj
def collect(obj: Context, paths: tuple[Path, ...], as_json: bool, strict: bool) -> None:
    """Thu nhận biểu đã điền (tệp, thư mục, .zip, .eml; mặc định: thư mục inbox), kiểm tra, lưu trữ, ghi phiếu
    phản hồi."""
    from .definition.load import load_workspace_definition

    ws = obj.open()
    for path in paths:  # a typo is a clear error, not a quarantined "file"
        if not path.exists():
            raise CtrxlError("cli.collect_missing", path=path, inbox=ws.inbox)
    definition = load_workspace_definition(ws)
    with shown("cli.progress.collect", obj.lang, quiet=as_json) as progress:
        result = _collect(ws, definition, list(paths), progress)
    if as_json:
        _print_json(result.to_json(obj.lang))
    else:
        _print_collect(obj, result)
    if strict and result.rejected:
        sys.exit(1)


def _collect(ws, definition, paths: list[Path], progress: Progress | None = None):
    from .collect.run import collect as run

    return run(ws, definition, paths or None, progress=progress)


def _print_collect(obj: Context, result, verbose: bool = True) -> None:

    for f in result.files:
        if f.outcome == "container":
            continue
        if verbose or f.outcome in ("rejected", "quarantined"):
            outcome = msg(f"col.outcome.{f.outcome}", obj.lang)
            agency = f.agency_name or f.agency
            # A file nobody could be named for prints its name alone, never "— —".
            click.echo(msg("col.row", obj.lang, outcome=outcome, name=f.path, agency=agency) if agency
                       else msg("col.row_no_agency", obj.lang, outcome=outcome, name=f.path))
            if f.outcome == "duplicate":
                click.echo(msg("col.duplicate_of", obj.lang, submission=f.submission))
                continue
            for problem in f.problems:
                _print_issue(obj, problem, " ".join(x for x in (problem.location.sheet, problem.location.cell) if x))
                hint = problem.hint(obj.lang) if f.outcome == "quarantined" else None
                if hint:  # a quarantined file has no receipt an agency reads: say what to do here
                    click.echo(msg("col.issue_hint", obj.lang, hint=hint))
    counts = result.counts()
    click.echo(msg("col.summary", obj.lang, files=sum(v for k, v in counts.items() if k != "container"), **counts))
    receipts = {Path(f.receipt).parent for f in result.files if f.receipt}
    for folder in sorted(receipts):
        click.echo(msg("col.receipts", obj.lang, folder=folder))


def _print_issue(obj: Context, problem, where: str) -> None:
    """One problem under its file: "LỖI Nhiệm vụ F12: …", or "LỖI: …" when it has no place."""
    severity = msg(f"severity.{problem.severity}", obj.lang)
    message = problem.message(obj.lang)
    click.echo(msg("col.issue", obj.lang, severity=severity, where=where, message=message) if where
               else msg("col.issue_no_place", obj.lang, severity=severity, message=message))


@cli.command()
@click.option("--agency", "agencies", multiple=True, metavar="CODE", help="Chỉ gửi cho đơn vị này (lặp lại được).")
@click.option("--dry-run", is_flag=True, help="Ghi thư (.eml) vào thư mục outbox, không gửi.")
@click.option("--resend", is_flag=True, help="Gửi lại cả cho đơn vị đã được gửi.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả từng thư dưới dạng JSON.")
@click.pass_obj
def send(obj: Context, agencies: tuple[str, ...], dry_run: bool, resend: bool, as_json: bool) -> None:
    """Gửi biểu mẫu cho từng đơn vị qua email (mật khẩu: biến môi trường hoặc nhập khi chạy)."""
    from .definition.load import load_workspace_definition
    from .mail.send import send_workbooks
    from .mail.settings import password_from_env_or_prompt

    ws = obj.open()
    result = send_workbooks(ws, load_workspace_definition(ws), list(agencies), dry_run=dry_run, resend=resend,
                            password=password_from_env_or_prompt(obj.lang), lang=obj.lang)
    _print_mail(obj, result, as_json, "mail.send_done")


@cli.command()
@click.option("--dry-run", is_flag=True, help="Ghi thư (.eml) vào thư mục outbox, không gửi.")
@click.option("--resend", is_flag=True, help="Gửi cả khi hôm nay đã nhắc đơn vị đó.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả từng thư dưới dạng JSON.")
@click.pass_obj
def remind(obj: Context, dry_run: bool, resend: bool, as_json: bool) -> None:
    """Nhắc đơn vị chưa nộp (trước và sau hạn) và đề nghị đơn vị có biểu bị từ chối sửa, gửi lại."""
    from .definition.load import load_workspace_definition
    from .mail.remind import remind as run
    from .mail.settings import password_from_env_or_prompt
    from .track.guidance import activity

    ws = obj.open()
    definition = load_workspace_definition(ws)
    if definition.ok:
        done = activity(ws, definition)
        if not done.workbooks_sent and not done.submissions:
            if not dry_run:
                raise CtrxlError("cli.remind_before_send")
            if not done.workbooks_tried:
                click.echo(msg("cli.remind_before_send_dry", obj.lang), err=True)
    result = run(ws, definition, dry_run=dry_run, resend=resend,
                 password=password_from_env_or_prompt(obj.lang), lang=obj.lang)
    _print_mail(obj, result, as_json, "mail.remind_done")


def _print_mail(obj: Context, result, as_json: bool, done_key: str, verbose: bool = True) -> None:
    if as_json:
        _print_json(result.to_json(obj.lang))
    else:
        for row in result.rows if verbose else [r for r in result.rows if r["status"] in ("failed", "no-address")]:
            detail = f" — {row['error']}" if row["error"] else (f" — {row['eml']}" if row.get("eml") else "")
            click.echo(msg("mail.row", obj.lang, status=msg(f"mail.status.{row['status']}", obj.lang),
                           code=row["agency"], name=row["name"], to=", ".join(row["to"]) or "—", detail=detail))
        if result.dry_run:
            click.echo(msg("mail.dry_run_done", obj.lang, count=result.count("dry-run"), folder=result.outbox))
        else:
            click.echo(msg(done_key, obj.lang, sent=result.count("sent"), skipped=result.count("skipped", "uncertain"),
                           failed=result.count("failed", "no-address"), done=len(result.done)))
    if result.stopped:
        raise CtrxlError(result.stopped["key"], **result.stopped["params"])
    if not result.ok and not as_json:
        click.echo(msg("cli.error", obj.lang, message=msg("mail.some_failed", obj.lang,
                                                          count=result.count("failed", "no-address"))), err=True)
    if not result.ok and verbose:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="In thư đã đọc và kết quả thu nhận dưới dạng JSON.")
@click.pass_obj
def fetch(obj: Context, as_json: bool) -> None:
    """Đọc hộp thư (IMAP), chuyển tệp đính kèm của thư mới cho «collect»; không sửa, không xóa thư trên máy chủ."""
    from .definition.load import load_workspace_definition
    from .mail.imap import fetch as run
    from .mail.settings import password_from_env_or_prompt

    ws = obj.open()
    result = run(ws, load_workspace_definition(ws), password=password_from_env_or_prompt(obj.lang))
    if as_json:
        _print_json(result.to_json(obj.lang))
        return
    for m in result.messages:
        what = ", ".join(i.name for i in m.items) or (msg(m.note, obj.lang, size=m.size) if m.note else "—")
        click.echo(msg("mail.fetch_row", obj.lang, uid=m.uid, sender=m.sender or "—",
                       date=m.date.strftime("%d/%m/%Y %H:%M") if m.date else "—", attachments=what))
    if result.collect is not None:
        _print_collect(obj, result.collect)
    click.echo(msg("mail.fetch_done", obj.lang, mailbox=result.mailbox, user=result.account, new=len(result.messages),
                   attachments=result.attachments, seen=result.already_seen))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="In tình hình nộp của từng đơn vị dưới dạng JSON.")
@click.pass_obj
def status(obj: Context, as_json: bool) -> None:
    """Ai đã nộp (đúng hạn, chậm hạn), ai phải gửi lại, ai chưa nộp; số ngày còn lại đến hạn."""
    from .definition.load import load_workspace_definition
    from .store import open_store
    from .track.status import agency_status, status_lines

    ws = obj.open()
    definition = load_workspace_definition(ws)
    with open_store(ws, readonly=True) as store:
        report = agency_status(definition, store)
    if as_json:
        _print_json(report.to_json())
    else:
        for line in status_lines(report, obj.lang):
            click.echo(line)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="In các số liệu tổng hợp và đường dẫn tệp dưới dạng JSON.")
@click.pass_obj
def consolidate(obj: Context, as_json: bool) -> None:
    """Tổng hợp mọi biểu hợp lệ vào một tệp Excel: thống kê, chỉ tiêu, biểu đồ, dữ liệu chi tiết."""
    from .track.consolidate import workspace_consolidate

    ws = obj.open()
    with shown("cli.progress.consolidate", obj.lang, quiet=as_json) as progress:
        data, path = workspace_consolidate(ws, progress)
    counts = (data.get("submissions") or {}).get("counts") or {}
    if not any(counts.get(k) for k in ("on_time", "late", "rejected")):
        click.echo(msg("cli.nothing_received", obj.lang, what=msg("cli.what_consolidation", obj.lang)), err=True)
    if as_json:
        _print_json(data)
    else:
        _print_consolidated(obj, data, path)


def _print_consolidated(obj: Context, data: dict, path: Path) -> None:
    o = data["overall"]
    click.echo(msg("cons.done", obj.lang, path=path, completed=format_number(o["rates"]["completed"]) or "—",
                   pairs=sum(v for k, v in o["counts"].items() if k != "not_reported"),
                   agencies=data["submissions"]["counts"]["on_time"] + data["submissions"]["counts"]["late"],
                   expected=data["submissions"]["counts"]["expected"]))


@cli.command()
@click.option("--agency", "agencies", multiple=True, metavar="CODE",
              help="Thêm báo cáo riêng của đơn vị này (lặp lại được).")
@click.option("--all-agencies", is_flag=True, help="Thêm báo cáo riêng của mọi đơn vị đã nộp biểu hợp lệ.")
@click.option("--pdf", is_flag=True, help="Chuyển các báo cáo sang PDF bằng LibreOffice.")
@click.option("--from", "start", type=int, default=None, metavar="YEAR",
              help="Báo cáo sơ kết từ kỳ báo cáo của năm này (cùng --to).")
@click.option("--to", "end", type=int, default=None, metavar="YEAR",
              help="Báo cáo sơ kết đến kỳ báo cáo của năm này (mặc định: kỳ hiện tại).")
@click.option("--json", "as_json", is_flag=True, help="In danh sách báo cáo đã ghi dưới dạng JSON.")
@click.pass_obj
def report(obj: Context, agencies: tuple[str, ...], all_agencies: bool, pdf: bool, start: int | None,
           end: int | None, as_json: bool) -> None:
    """Điền báo cáo Word: báo cáo tổng hợp của thành phố và báo cáo riêng của từng đơn vị, sẵn sàng trình ký."""
    from .definition.load import load_workspace_definition
    from .report.render import workspace_reports
    from .track.guidance import activity

    if start is not None or end is not None:  # the review (sơ kết) over several cycles
        from .report.review import write_review

        if agencies or all_agencies:
            raise CtrxlError("report.review_agencies")
        review = write_review(obj.open(), start, end, pdf)
        if as_json:
            _print_json(review.to_json())
        else:
            _print_reports(obj, review)
        return
    ws = obj.open()
    definition = load_workspace_definition(ws)
    if definition.ok and not activity(ws, definition).submissions:
        click.echo(msg("cli.nothing_received", obj.lang, what=msg("cli.what_report", obj.lang)), err=True)
    with shown("cli.progress.report", obj.lang, quiet=as_json) as progress, \
            shown("cli.progress.pdf", obj.lang, quiet=as_json) as pdf_progress:
        result = workspace_reports(ws, list(agencies), all_agencies, pdf, progress=progress, pdf_progress=pdf_progress)
    if as_json:
        _print_json(result.to_json())
        return
    _print_reports(obj, result)


def _print_reports(obj: Context, result) -> None:
    for key in result.warnings:
        click.echo(msg(key, obj.lang), err=True)
    for d in result.documents:
        key = {"city": "report.city_row", "review": "report.review_row"}.get(d.kind, "report.agency_row")
        click.echo(msg(key, obj.lang, path=d.path, name=d.name))
        if d.pdf:
            click.echo(msg("report.pdf_row", obj.lang, path=d.pdf))
    click.echo(msg("report.done", obj.lang, count=len(result.documents), folder=result.folder))


@cli.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--example", default="danang-nq21", show_default=True, help="Ví dụ dùng để chạy thử.")
@click.option("--force", is_flag=True, help="Chạy trong thư mục đã có tệp (không phải thư mục làm việc).")
@click.pass_obj
def demo(obj: Context, directory: Path | None, example: str, force: bool) -> None:
    """Chạy cả chu trình trên ví dụ có sẵn (tạo thư mục làm việc, kiểm tra, tạo biểu mẫu, mô phỏng đơn vị gửi lại,
    thu nhận)."""
    from .demo.run import STARTED, run_demo
    from .track.status import status_lines

    target = directory or Path(tempfile.mkdtemp(prefix="ctrxl-demo-"))
    click.echo(msg("cli.demo_start", obj.lang, example=example, path=target))

    def on_stage(stage: str, result) -> None:
        if result is STARTED:
            click.echo(msg("cli.demo_step", obj.lang, step=stage))
        elif stage == "history":
            for h in result:
                if h.imported is not None:
                    click.echo(msg("cli.demo_history_imported", obj.lang, year=h.year, sent=h.sent, late=h.late,
                                   accepted=h.accepted, table=h.table, next=h.year + 1))
                    continue
                click.echo(msg("cli.demo_history_row", obj.lang, year=h.year, workbooks=h.workbooks, sent=h.sent,
                               late=h.late, accepted=h.accepted, next=h.year + 1))
        elif stage == "check":
            for line in result:
                click.echo(line)
        elif stage == "generate":
            click.echo(msg("gen.done", obj.lang, count=len(result.workbooks), folder=result.folder,
                           matrix=result.matrix))
        elif stage == "send --dry-run":
            _print_mail(obj, result, False, "mail.send_done", verbose=False)
        elif stage == "simulate":
            for line in result or []:  # None: the inbox already held returns
                click.echo("  " + line)
        elif stage == "collect":
            _print_collect(obj, result, verbose=False)
        elif stage == "status":
            for line in status_lines(result, obj.lang)[:2]:
                click.echo(line)
        elif stage == "consolidate":
            _print_consolidated(obj, *result)
        elif stage == "report":
            _print_reports(obj, result)

    result = run_demo(target, example, obj.lang, on_stage, force=force)
    if not result.definition.ok:
        sys.exit(1)
    click.echo(msg("cli.demo_done", obj.lang, path=result.root))


@cli.group()
def cycle() -> None:
    """Các kỳ báo cáo theo năm: mở kỳ mới từ kỳ hiện tại, liệt kê các kỳ."""


@cycle.command("new")
@click.argument("year", type=int)
@click.option("--json", "as_json", is_flag=True, help="In kỳ mới dưới dạng JSON.")
@click.pass_obj
def cycle_new(obj: Context, year: int, as_json: bool) -> None:
    """Mở kỳ báo cáo năm YEAR từ kỳ hiện tại (hạn nộp, kỳ số liệu dời theo số năm); kỳ cũ giữ trong [[cycles]]."""
    from .track.cycles import new_cycle
    from .vn import format_date

    result = new_cycle(obj.open(), year)
    if as_json:
        _print_json(result.to_json())
        return
    c = result.cycle.to_cycle()
    click.echo(msg("cyc.new_done", obj.lang, year=year, previous=result.previous, due=format_date(c.due),
                   start=format_date(c.period_start) or "—", end=format_date(c.period_end) or "—"))


@cycle.command("list")
@click.option("--json", "as_json", is_flag=True, help="In các kỳ dưới dạng JSON.")
@click.pass_obj
def cycle_list(obj: Context, as_json: bool) -> None:
    """Liệt kê các kỳ báo cáo của thư mục làm việc: hạn nộp, kỳ số liệu, số biểu hợp lệ, mã định nghĩa."""
    import datetime as dt

    from .track.cycles import list_cycles
    from .vn import format_date

    rows = list_cycles(obj.open())
    if as_json:
        _print_json({"cycles": rows})
        return
    day = lambda iso: format_date(dt.date.fromisoformat(iso)) if iso else "—"  # noqa: E731
    click.echo(msg("cyc.list_head", obj.lang))
    for r in rows:
        click.echo(msg("cyc.list_row", obj.lang, year=r["year"], due=day(r["due"]),
                       period=f"{day(r['period_start'])} – {day(r['period_end'])}", accepted=r["accepted"],
                       hash=(r["definition_hash"] or "—")[:12],
                       current=msg("cyc.current_mark", obj.lang) if r["current"] else ""))


@cli.group()
def history() -> None:
    """Số liệu các năm trước: nhập biểu, bảng tổng hợp hay bảng số liệu của các kỳ đã qua."""


_HIST_KINDS = {"workbook": "hist.kind_workbook", "consolidated": "hist.kind_consolidated", "table": "hist.kind_table",
               None: "hist.kind_unknown"}
_HIST_OUTCOMES = {"imported": "hist.outcome_imported", "unchanged": "hist.outcome_unchanged",
                  "rejected": "hist.outcome_rejected", "would": "hist.outcome_would"}


@history.command("import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--year", "year", type=int, default=None, help="Năm của số liệu khi tệp không ghi năm.")
@click.option("--dry-run", is_flag=True, help="Đọc và kiểm tra, không ghi gì.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả từng tệp dưới dạng JSON.")
@click.pass_obj
def history_import(obj: Context, paths: tuple[Path, ...], year: int | None, dry_run: bool, as_json: bool) -> None:
    """Nhập số liệu các năm trước vào kho (biểu đơn vị, bảng tổng hợp, bảng đơn vị × nhiệm vụ)."""
    import datetime as dt

    from .collect.history import import_history
    from .vn import format_date

    if not paths:
        raise CtrxlError("hist.no_paths")
    from .workspace import open_workspace

    ws = open_workspace(explicit=obj.workspace)  # the current cycle: the years imported are earlier ones
    result = import_history(ws, list(paths), year or obj.year, dry_run=dry_run)
    if as_json:
        _print_json(result.to_json(obj.lang))
    else:
        for f in result.files:
            outcome = "would" if dry_run and f.outcome == "imported" else f.outcome
            click.echo(msg("hist.file_row", obj.lang, outcome=msg(_HIST_OUTCOMES[outcome], obj.lang), path=f.path,
                           kind=msg(_HIST_KINDS[f.kind], obj.lang)))
            for problem in f.problems:
                _print_issue(obj, problem, problem.location.describe(obj.lang))
            for r in f.records:
                note = msg("hist.record_duplicate", obj.lang) if r.outcome == "duplicate" else (
                    "" if r.submitted_known else msg("hist.record_unknown_day", obj.lang))
                click.echo(msg("hist.record_row", obj.lang, year=r.year, agency=r.agency_name, answers=r.answers,
                               day=format_date(dt.date.fromisoformat(r.submitted_at)), note=note))
        for y in result.cycles_added:
            click.echo(msg("hist.cycle_added", obj.lang, year=y))
        click.echo(msg("hist.dry_run_summary" if dry_run else "hist.summary", obj.lang, **result.counts()))
    if result.rejected:
        sys.exit(1)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="ctrxl")


if __name__ == "__main__":
    main()
