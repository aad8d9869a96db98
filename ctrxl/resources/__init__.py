"""Files that ship inside the package: templates (docx, email, xlsx) and bundled examples.

They are found with ``importlib.resources``, so a plain ``pip install`` (not only an
editable checkout) has them. ``make_docx`` and ``make_xlsx`` are the build scripts
that lay out the committed templates; tests keep the files byte-identical to their
output (``python -m ctrxl.resources`` regenerates both).

The top-level ``templates/`` and ``examples/`` of the repository are links to the
folders here, so there is one copy of each file.
"""
from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

CONFIG_NAME = "ctrxl.toml"


def resource_dir(*parts: str) -> Path:
    """A bundled folder as a real path (ctrxl is never imported from a zip)."""
    base = files(__name__).joinpath(*parts)
    return Path(str(base))


def template_dir(kind: str) -> Path:
    """``docx``, ``email`` or ``xlsx``."""
    return resource_dir("templates", kind)


def template_file(kind: str, name: str) -> Path:
    return template_dir(kind) / name


def examples_dir() -> Path:
    """Bundled examples: ``$CTRXL_EXAMPLES`` when set (a folder of example workspaces)."""
    env = os.environ.get("CTRXL_EXAMPLES")
    return Path(env) if env else resource_dir("examples")


def available_examples() -> list[str]:
    base = examples_dir()
    return sorted(p.name for p in base.iterdir() if (p / CONFIG_NAME).is_file()) if base.is_dir() else []


STARTER_REGISTRY = "starter"  # ``--registry starter``: the bundled registry of a city/province committee


def registry_file(value: str | Path) -> Path:
    """``--registry`` as a path: the word ``starter`` names the bundled starter registry."""
    if str(value) == STARTER_REGISTRY:
        return resource_dir("registries") / "starter.yaml"
    return Path(value)

