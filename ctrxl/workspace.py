"""A workspace: the folder one reporting cycle lives in, described by ``ctrxl.toml``.

``ctrxl.toml`` holds paths and settings, never secrets (the mail password comes
from an environment variable or a prompt). Every command finds the workspace
from the current folder upwards, or from ``-w/--workspace``.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import clock
from .config import CONFIG_NAME, WorkspaceConfig, default_config, parse_config
from .definition.source import SourceMap
from .errors import CtrxlError
from .model import Cycle
from .problems import Location
from .resources import available_examples, examples_dir

if TYPE_CHECKING:
    from .outputs import CyclePaths

__all__ = ["CONFIG_NAME", "Workspace", "default_config", "find_root", "init_workspace", "open_workspace"]


@dataclass(frozen=True)
class Workspace:
    root: Path
    config: WorkspaceConfig  # typed, validated ctrxl.toml (see config.py)

    @property
    def cycle(self) -> Cycle:
        return self.config.cycle.to_cycle(self.config.office.timezone)

    @property
    def config_map(self) -> SourceMap:
        return self.config.source

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def timezone(self) -> str:
        return self.config.office.timezone

    def today(self) -> dt.date:
        return clock.today(self.timezone)

    def resolve(self, value: str) -> Path:
        p = Path(value)
        return p if p.is_absolute() else self.root / p

    @property
    def programme_path(self) -> Path:
        return self.resolve(self.config.definition.programme)

    @property
    def registry_path(self) -> Path:
        return self.resolve(self.config.definition.registry)

    @property
    def output_dir(self) -> Path:
        return self.resolve(self.config.paths.output)

    @property
    def inbox(self) -> Path:
        return self.resolve(self.config.paths.inbox)

    @property
    def outbox(self) -> Path:
        return self.resolve(self.config.paths.outbox)

    @property
    def archive(self) -> Path:
        return self.resolve(self.config.paths.archive)

    @property
    def store_path(self) -> Path:
        return self.resolve(self.config.paths.store)

    def signing_key(self) -> bytes:
        """The secret that signs workbook identities (``.ctrxl/secret``), created on first use."""
        from .signing import ensure_secret

        return ensure_secret(self.root)

    def verifying_key(self) -> bytes | None:
        """The secret collect checks signatures with; None for a workspace that never signed."""
        from .signing import load_secret

        return load_secret(self.root)

    def outputs(self, definition) -> CyclePaths:  # definition: definition.load.Definition
        """Every folder and file name of this workspace's cycle."""
        from .outputs import CyclePaths

        return CyclePaths.of(definition, self.output_dir, inbox=self.inbox, outbox=self.outbox, archive=self.archive,
                             store=self.store_path)


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
        if stripped.startswith("[") and "]" in stripped:  # a header, maybe followed by a comment
            section = stripped.lstrip("[").split("]", 1)[0].strip()
            smap.add((section,), Location(file=shown, line=n))
        elif "=" in stripped and not stripped.startswith("#"):
            key = stripped.split("=", 1)[0].strip().strip("\"'")
            if "." in key and not key.startswith(("'", '"')):  # a dotted key: layout.font = … under [report]
                head, _, key = key.rpartition(".")
                smap.add((f"{section}.{head}" if section else head, key), Location(file=shown, line=n))
                continue
            if (section, key) not in smap.places:
                smap.add((section, key), Location(file=shown, line=n))
    return smap


def open_workspace(start: Path | None = None, explicit: Path | None = None, year: int | None = None) -> Workspace:
    """The workspace found from ``start`` (or ``explicit``), acting on the cycle of ``year``
    (None: the current one, ``[cycle]``; another year must be one of its ``[[cycles]]``)."""
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
    config = parse_config(cfg, path, _config_map(path, text))
    chosen = config.for_year(year)
    if chosen is None:
        raise CtrxlError("cyc.unknown_year", year=year,
                         known=", ".join(str(c.year) for c in sorted(config.all_cycles, key=lambda c: c.year)))
    return Workspace(root=root, config=chosen)


STARTER_DEFINITION = "dinh-nghia.xlsx"  # a blank workspace's definition: programme and registry in one workbook


def _starter_config(year: int, report: dict | None = None) -> str:
    """ctrxl.toml of a blank workspace: every default, the definition pointing at the starter workbook;
    ``report``: [report] values known already (from ``init --committee``)."""
    from dataclasses import replace

    from .config import WorkspaceConfig, render_template

    cfg = WorkspaceConfig.defaults(year)
    cfg = replace(cfg, definition=replace(cfg.definition, programme=STARTER_DEFINITION, registry=STARTER_DEFINITION))
    if report:
        cfg = replace(cfg, report=replace(cfg.report, **report))
    return render_template(cfg)


def init_workspace(target: Path, example: str | None = None, year: int | None = None,
                   force: bool = False, registry: Path | str | None = None,
                   committee: str | None = None) -> Workspace:
    """Create a workspace folder. With ``example``, copy that bundled example's files; without,
    write ``ctrxl.toml`` and the blank Excel definition workbook it names (``dinh-nghia.xlsx``).

    A folder that already holds files is refused unless ``force`` (and even then nothing the user
    has is overwritten). Written into a temporary folder beside the target and renamed into place,
    so a failure never leaves a half-made workspace. ``registry`` (a definition file, or ``starter``
    for the bundled starter registry) fills the starter workbook's registry sheets. ``committee``
    ("Thành ủy Đà Nẵng", starter registry only) names the starter's committee and writes the
    report's place, issuer and header lines into ctrxl.toml.
    """
    from .resources import STARTER_REGISTRY

    target = target.resolve()
    registry_doc = None
    report: dict | None = None
    if committee is not None:
        if example or (registry is not None and str(registry) != STARTER_REGISTRY):
            raise CtrxlError("cli.committee_needs_starter", value=committee)
        registry = STARTER_REGISTRY
    if registry is not None and not example:
        from .definition.load import read_document
        from .resources import registry_file

        doc, _smap, _problems = read_document(registry_file(registry))
        registry_doc = {k: v for k, v in doc.items() if k in ("groups", "agencies")}
        if committee is not None:
            from .config.report import ReportSettings
            from .definition.committee import name_registry, parse_committee, report_settings

            named = parse_committee(committee)
            registry_doc = name_registry(registry_doc, named)
            report = report_settings(named, ReportSettings())
    if (target / CONFIG_NAME).exists():
        raise CtrxlError("cli.init_exists", path=target)
    if target.is_dir() and not force and any(target.iterdir()):
        raise CtrxlError("cli.init_not_empty", path=target)
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
            from .definition.xlsx import write_template

            (staging / CONFIG_NAME).write_text(_starter_config(year or clock.today().year, report), encoding="utf-8")
            if registry_doc:
                from .definition.xlsx import write_definition_xlsx

                write_definition_xlsx(staging / STARTER_DEFINITION, None, registry_doc)
            else:
                write_template(staging / STARTER_DEFINITION)
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
    ws = open_workspace(explicit=target)
    ws.signing_key()  # a new workspace signs from its first workbook on
    return ws
