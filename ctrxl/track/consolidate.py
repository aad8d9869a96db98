"""``ctrxl consolidate`` on a workspace: the store's accepted submissions into one workbook, with the
sheet "Xu hướng" comparing the workspace's cycles up to this one (``trends.py``)."""
from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

from ..definition.load import load_workspace_definition
from ..progress import Progress
from ..store import open_store
from .stats import consolidate_figures
from .trends import workspace_trends
from .workbook import answers_ahead, write_consolidated


def workspace_consolidate(ws, progress: Progress | None = None) -> tuple[dict[str, Any], Path]:
    """Write the consolidated workbook into the output folder; return its figures in the JSON
    shape of ``consolidate --json`` (with ``path``) and the workbook's path. ``progress``: see
    ``write_consolidated``."""
    definition = load_workspace_definition(ws)
    with open_store(ws, readonly=True) as store:  # open while writing: the answers are read from it
        # the every-answer rows go first, in a second process where it can, while the figures are made
        with answers_ahead(definition, store, progress) or nullcontext() as ahead:
            figures = consolidate_figures(definition, store)
            trends = workspace_trends(ws, end=definition.cycle.year, store=store, current=(definition, figures))
            path = write_consolidated(definition, figures, ws.outputs(definition).consolidated, trends,
                                      progress=progress, ahead=ahead)
    data = figures.to_json(definition)
    data["trends"] = trends.to_json()  # every cycle up to this one (docs/cycles.md)
    data["path"] = str(path)
    return data, path
