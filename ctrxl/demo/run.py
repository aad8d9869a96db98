"""``ctrxl demo``: the whole yearly cycle on a bundled example, as one library call.

init (or reopen) → history (a new demo workspace only: the three cycles before the current year, each
generated, filled and collected, then ``cycle new`` to the next — ``history.py``) → check → generate →
send --dry-run → simulate the agencies' returns (``simulate.py``) → collect → status → consolidate →
report (the city report, one agency's, and the review of all the cycles; with PDF when LibreOffice is
there), on the cycle of the current year (due 15/12 of it).
Every stage is the library function the matching command
calls; nothing here prints.
The caller sees each stage through ``on_stage(stage, result)``: once with ``STARTED`` when the
stage starts and once with its result when it is done, so the CLI prints as the cycle runs.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..definition.check import check_text
from ..definition.load import Definition, load_workspace_definition
from ..messages import current_lang
from ..workspace import Workspace, init_workspace, open_workspace

STAGES = ("init", "history", "check", "generate", "send --dry-run", "simulate", "collect", "status", "consolidate",
          "report")

OnStage = Callable[[str, Any], None]
STARTED = object()  # the ``result`` of the call that announces a stage


@dataclass
class DemoResult:
    """What a demo run produced; a stage's field stays None when the run stopped before it."""

    workspace: Workspace
    definition: Definition
    check_lines: list[str]
    generated: Any = None  # workbook.generate.Generated
    mail: Any = None  # mail.send.MailResult of the dry run (.eml files in outbox/)
    history: list[Any] = field(default_factory=list)  # demo.history.HistoryYear of each earlier year
    simulated: list[str] | None = None  # a line per agency; None when the inbox already held files
    collected: Any = None  # collect.run.CollectResult
    status: Any = None  # track.status.StatusReport
    consolidated: dict[str, Any] | None = None  # the figures of ``consolidate --json``
    consolidated_path: Path | None = None
    reports: Any = None  # report.render.ReportResult
    stages: list[str] = field(default_factory=list)  # the stages that ran, in order

    @property
    def ok(self) -> bool:
        """The definition is valid and every stage ran."""
        return self.definition.ok and self.reports is not None

    @property
    def root(self) -> Path:
        return self.workspace.root


def _quiet(stage: str, result: Any) -> None:
    pass


def run_demo(target: Path | None = None, example: str = "danang-nq21", lang: str | None = None,
             on_stage: OnStage | None = None, force: bool = False) -> DemoResult:
    """Run the cycle in ``target`` (a new temporary folder when None). A folder that already holds a
    ``ctrxl.toml`` is reopened, and returns are simulated only into an empty inbox, so a second run
    over the same folder adds nothing; any other folder that is not empty is refused unless ``force``.
    Stops after the check when the definition has errors
    (``result.ok`` is False). The reports are converted to PDF when LibreOffice is installed."""
    from ..collect.run import collect
    from ..mail.send import send_workbooks
    from ..report.pdf import find_soffice
    from ..report.render import convert_all, workspace_reports
    from ..store import open_store
    from ..track.consolidate import workspace_consolidate
    from ..track.status import agency_status
    from ..workbook.generate import contact_from_config, generate
    from .simulate import simulate_returns

    step = on_stage or _quiet
    lang = current_lang(lang)
    target = target or Path(tempfile.mkdtemp(prefix="ctrxl-demo-"))

    step("init", STARTED)
    reopen = (target / "ctrxl.toml").is_file()
    ws = open_workspace(explicit=target) if reopen else init_workspace(target, example=example, force=force)
    years: list[int] = []
    if not reopen:  # the demo is today's cycle (due 15/12 of this year), after the years before it
        from .. import clock
        from ..track.cycles import move_to_year
        from .history import history_years

        today = clock.today(ws.timezone).year
        issued = load_workspace_definition(ws).programme.issue_date
        years = history_years(today, issued)
        ws = move_to_year(ws, years[0] if years else today)
    step("init", ws)
    history: list[Any] = []
    stages = ["init"]
    if years and load_workspace_definition(ws).ok:
        from .history import simulate_history

        step("history", STARTED)
        ws, history = simulate_history(ws, years)
        stages.append("history")
        step("history", history)

    step("check", STARTED)
    definition = load_workspace_definition(ws)
    result = DemoResult(ws, definition, check_text(definition, lang), history=history, stages=[*stages, "check"])
    step("check", result.check_lines)
    if not definition.ok:
        return result

    def stage(name: str, run: Callable[[], Any]) -> Any:
        step(name, STARTED)
        value = run()
        result.stages.append(name)
        step(name, value)
        return value

    result.generated = stage("generate", lambda: generate(definition, ws.outputs(definition),
                                                          contact_from_config(ws.config.contact, definition),
                                                          secret=ws.signing_key()))
    result.mail = stage("send --dry-run", lambda: send_workbooks(ws, definition, dry_run=True, lang=lang))

    inbox = ws.inbox
    emails = {code: a.emails for code, a in definition.resolver.agencies.items()}
    fresh = not inbox.is_dir() or not any(inbox.iterdir())
    result.simulated = stage("simulate", lambda: simulate_returns(
        result.generated.workbooks, inbox, emails, ws.cycle.year)
        if fresh else None)
    result.collected = stage("collect", lambda: collect(ws, definition, None))

    def status():
        with open_store(ws, readonly=True) as store:
            return agency_status(definition, store)

    result.status = stage("status", status)
    result.consolidated, result.consolidated_path = stage("consolidate", lambda: workspace_consolidate(ws))
    # The city report, and one agency's own report as a sample.
    sent = [a["code"] for a in result.consolidated["submissions"]["agencies"] if a["state"] in ("on_time", "late")]
    pdf = find_soffice() is not None
    def reports():
        out = workspace_reports(ws, sent[:1])
        if len(ws.config.all_cycles) > 1:  # and the review (sơ kết) of every cycle of the workspace
            from ..report.review import write_review

            review = write_review(ws, None, None)
            out.documents += review.documents
            out.warnings += [w for w in review.warnings if w not in out.warnings]
        if pdf:
            convert_all(out)
        return out

    result.reports = stage("report", reports)
    return result
