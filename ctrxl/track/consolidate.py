"""``ctrxl consolidate`` on a workspace: the store's accepted submissions into one workbook."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..definition.load import load_workspace_definition
from ..store import open_store
from ..workbook.forms import safe_file_name
from .stats import consolidate_figures
from .workbook import write_consolidated


def workspace_consolidate(ws) -> tuple[dict[str, Any], Path]:
    """Write the consolidated workbook into the output folder; return its figures in the JSON
    shape of ``consolidate --json`` (with ``path``) and the workbook's path."""
    definition = load_workspace_definition(ws)
    with open_store(ws) as store:
        figures = consolidate_figures(definition, store)
    symbol = safe_file_name(definition.programme.symbol.replace("/", "-"))
    path = write_consolidated(definition, figures, ws.output_dir / f"tong-hop-{symbol}-{ws.cycle.year}.xlsx")
    data = figures.to_json(definition)
    data["path"] = str(path)
    return data, path
