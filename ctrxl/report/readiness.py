"""What the 15/12 report needs from ``ctrxl.toml`` and does not have yet: warnings for ``ctrxl check``.

The report can be made without them (the number is written in by hand, the date line
has no place), but a clerk should know before the day, and know which key to set.
Each warning points at the key's line in ctrxl.toml (or its table when the key is absent).
"""
from __future__ import annotations

from ..problems import Problem, Severity

# (section, key as written in ctrxl.toml, getter on the workspace config, what it is for: catalogue key)
_NEEDED = (
    ("cycle", "recipient", lambda c: c.cycle.recipient, "ready.recipient"),
    ("report", "place", lambda c: c.report.place, "ready.place"),
    ("report", "signer_name", lambda c: c.report.signature.name, "ready.signer_name"),
    ("report", "signer_title", lambda c: c.report.signature.title, "ready.signer_title"),
    ("report", "number", lambda c: c.report.number, "ready.number"),
)


def report_gaps(ws) -> list[Problem]:  # ws: workspace.Workspace
    """One warning per missing setting the report needs, naming the key to set."""
    out = []
    for section, key, get, what in _NEEDED:
        try:
            value = get(ws.config)
        except AttributeError:
            continue
        if value:
            continue
        where = ws.config_map.where((section, key))
        out.append(Problem(what, Severity.WARNING, where, {"key": f"{section}.{key}", "section": section,
                                                           "name": key}))
    return out
