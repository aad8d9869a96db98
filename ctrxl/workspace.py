"""A workspace: the folder one reporting cycle lives in, described by ``ctrxl.toml``.

``ctrxl.toml`` holds paths and settings, never secrets (the mail password comes
from an environment variable or a prompt). Every command finds the workspace
from the current folder upwards, or from ``-w/--workspace``.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CtrxlError
from .model import Cycle
from .problems import Location
from .definition.source import SourceMap
from .resources import available_examples, examples_dir
from .vn import format_date, parse_date

CONFIG_NAME = "ctrxl.toml"


@dataclass
class Workspace:
    root: Path
    config: dict[str, Any]
    cycle: Cycle
    config_map: SourceMap = field(default_factory=SourceMap)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def path(self, section: str, key: str, default: str) -> Path:
        value = self.config.get(section, {}).get(key, default)
        p = Path(value)
        return p if p.is_absolute() else self.root / p

    @property
    def programme_path(self) -> Path:
        return self.path("definition", "programme", "programme.yaml")

    @property
    def registry_path(self) -> Path:
        return self.path("definition", "registry", "registry.yaml")

    @property
    def output_dir(self) -> Path:
        return self.path("paths", "output", "output")


def find_root(start: Path) -> Path | None:
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def _config_map(path: Path, text: str) -> SourceMap:
    """Line of each ``[section]`` key in ctrxl.toml, so problems can point at it."""
    shown = path.name  # problems are read from inside the workspace
    smap = SourceMap(file=shown)
    section = ""
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped.strip("[]").strip()
            smap.add((section,), Location(file=shown, line=n))
        elif "=" in stripped and not stripped.startswith("#"):
            key = stripped.split("=", 1)[0].strip()
            smap.add((section, key), Location(file=shown, line=n))
    return smap


def _date(cfg: dict, key: str, path: Path, required: bool = False) -> dt.date | None:
    value = cfg.get(key)
    if value in (None, ""):
        if required:
            raise CtrxlError("cli.bad_config_value", path=path, key=f"cycle.{key}", detail="thiếu giá trị / missing")
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise CtrxlError("cli.bad_config_value", path=path, key=f"cycle.{key}", detail=str(exc)) from None


def parse_cycle(cfg: dict[str, Any], path: Path) -> Cycle:
    c = cfg.get("cycle")
    if not isinstance(c, dict):
        raise CtrxlError("cli.bad_config_value", path=path, key="cycle", detail="thiếu mục [cycle] / no [cycle] table")
    year = c.get("year")
    if not isinstance(year, int):
        raise CtrxlError("cli.bad_config_value", path=path, key="cycle.year", detail=f"«{year}» không phải năm")
    due = _date(c, "due", path) or dt.date(year, 12, 15)
    reporting = c.get("reporting") or []
    if isinstance(reporting, str):
        reporting = [s.strip() for s in reporting.split(";") if s.strip()]
    return Cycle(
        year=year,
        due=due,
        period_start=_date(c, "period_start", path),
        period_end=_date(c, "period_end", path),
        recipient=c.get("recipient") or None,
        reporting=list(reporting),
    )


def open_workspace(start: Path | None = None, explicit: Path | None = None) -> Workspace:
    if explicit is not None:
        root = explicit.resolve()
        if not (root / CONFIG_NAME).is_file():
            raise CtrxlError("cli.no_workspace", path=explicit)
    else:
        here = start or Path.cwd()
        found = find_root(here)
        if found is None:
            raise CtrxlError("cli.no_workspace", path=here)
        root = found
    path = root / CONFIG_NAME
    try:
        text = path.read_bytes().decode("utf-8-sig")
        cfg = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CtrxlError("cli.bad_config", path=path, detail=str(exc)) from None
    return Workspace(root=root, config=cfg, cycle=parse_cycle(cfg, path), config_map=_config_map(path, text))


def init_workspace(target: Path, example: str | None = None, year: int | None = None) -> Workspace:
    """Create a workspace folder. With ``example``, copy that bundled example's files.

    Written into a temporary folder beside the target and renamed into place, so a
    failure never leaves a half-made workspace.
    """
    target = target.resolve()
    if (target / CONFIG_NAME).exists():
        raise CtrxlError("cli.init_exists", path=target)
    if example:
        source = examples_dir() / example
        if not (source / CONFIG_NAME).is_file():
            raise CtrxlError("cli.unknown_example", name=example, available=", ".join(available_examples()) or "—")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ctrxl-init-", dir=target.parent))
    try:
        if example:
            for item in sorted(source.iterdir()):
                if item.is_file():
                    shutil.copy2(item, staging / item.name)
        else:
            (staging / CONFIG_NAME).write_text(default_config(year or dt.date.today().year), encoding="utf-8")
        for sub in ("inbox", "outbox", "output", "archive"):
            (staging / sub).mkdir(exist_ok=True)
        if target.exists():
            for item in staging.iterdir():
                dest = target / item.name
                if dest.exists():
                    continue  # never overwrite what the user already has
                item.rename(dest)
        else:
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return open_workspace(explicit=target)


def default_config(year: int) -> str:
    due = dt.date(year, 12, 15)
    return CONFIG_TEMPLATE.format(
        year=year,
        due=format_date(due),
        start=format_date(dt.date(year - 1, 12, 15)),
        end=format_date(dt.date(year, 12, 14)),
    )


CONFIG_TEMPLATE = """\
# ctrxl workspace: one programme, one reporting cycle. No secrets in this file:
# the mail password comes from the environment variable named below, or a prompt.

[definition]
programme = "programme.yaml"   # or an Excel definition workbook (.xlsx)
registry = "registry.yaml"     # may be the same .xlsx file

[cycle]
year = {year}
due = "{due}"                  # submission due date, day-first
period_start = "{start}"       # the period the figures cover
period_end = "{end}"
recipient = ""                 # agency code that receives the reports
reporting = []                 # agency/group codes; empty = every agency with a task or indicator

[contact]                      # printed on every workbook's guide sheet
office = ""                    # default: the recipient agency's name
person = ""
phone = ""
email = ""                     # default: the recipient agency's first address

[paths]
store = "ctrxl.sqlite"
inbox = "inbox"
outbox = "outbox"
output = "output"
archive = "archive"

[report]                       # the Word reports (ctrxl report); every key is optional, see docs/report.md
number = ""                    # "125" gives "Số 125-BC/TU"; empty leaves room to write the number in
date = ""                      # date of the report, day-first; empty = the cycle's due date
place = ""                     # the place of the date line, e.g. Đà Nẵng
issuer = ""                    # e.g. THÀNH ỦY ĐÀ NẴNG (default: the registry's top agency)
issuer_abbrev = ""             # e.g. TU (default: that agency's abbrev)
higher_body = ""               # left header line above the issuer; empty when the issuer is a Thành ủy
agency_higher_body = ""        # the same line on an agency's own report, e.g. ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG
reporter = "Ban Thường vụ Thành ủy"
on_behalf = "T/M BAN THƯỜNG VỤ"
signer_title = "PHÓ BÍ THƯ"
signer_name = ""
# recipients = ["Ban Tổ chức Trung ương (b/c)", "Lưu Văn phòng Thành ủy"]   # "Nơi nhận"
# [report.layout] margins (mm), font, sizes (pt); [report.agencies.CODE] one agency's number, signer, …

[mail]
from = ""
smtp_host = ""
smtp_port = 587
smtp_security = "starttls"     # starttls | ssl | none
smtp_user = ""
password_env = "CTRXL_SMTP_PASSWORD"
throttle_seconds = 2           # pause between two messages
retries = 3                    # extra attempts after a transient failure
retry_backoff_seconds = 5      # first wait before a retry; doubled each time
imap_host = ""
imap_port = 993
imap_security = "ssl"          # ssl | starttls | none
imap_user = ""                 # default: smtp_user
imap_mailbox = "INBOX"
imap_password_env = "CTRXL_IMAP_PASSWORD"
"""
