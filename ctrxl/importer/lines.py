"""The one shape every reader produces: a numbered source line that keeps its place.

It lives apart from the readers so that the dispatcher (``source.read_lines``) can
import the format readers (``docx_reader``) and they can all import this, one way.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .review import Place


@dataclass
class SourceLine:
    text: str
    place: Place
    heading: int | None = None  # heading level when the format says so (docx style, markdown #)
    cells: list[str] | None = field(default=None)  # a table row's cells
