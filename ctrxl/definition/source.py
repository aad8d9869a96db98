"""Source maps: from a path inside a definition document to the place the user sees.

Paths are tuples such as ``("tasks", 3, "lead", 0)``. A YAML loader maps each
node to its line; the Excel reader maps each record to its sheet and row and
each field to its column header. Lookups fall back to the nearest enclosing
path, so a problem about a missing field points at its record.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Location

Path = tuple[str | int, ...]


def path_text(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class SourceMap:
    file: str | None = None
    places: dict[Path, Location] = field(default_factory=dict)

    def add(self, path: Path, location: Location) -> None:
        self.places[tuple(path)] = location

    def where(self, path: Path) -> Location:
        path = tuple(path)
        while path:
            if path in self.places:
                return self.places[path]
            path = path[:-1]
        return self.places.get((), Location(file=self.file))
