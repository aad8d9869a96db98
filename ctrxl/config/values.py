"""The pieces every ``ctrxl.toml`` section is parsed and written with: problems, typed values, template lines."""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..definition.source import SourceMap
from ..errors import CtrxlError
from ..messages import msg
from ..vn import format_date, parse_date

CONFIG_NAME = "ctrxl.toml"


# -- problems ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfigProblem:
    key: str  # catalogue key (config.*)
    line: int | None
    params: dict[str, Any]

    def text(self, lang: str | None = None) -> str:
        params = dict(self.params)
        if "expected" in params:
            params["expected"] = msg(f"config.type.{params['expected']}", lang)
        if "suggest" in params:
            params["suggest"] = msg("config.suggest", lang, name=params["suggest"]) if params["suggest"] else ""
        body = msg(self.key, lang, **params)
        return msg("config.at_line", lang, line=self.line, text=body) if self.line else body


class ConfigError(CtrxlError):
    """Every problem of one ctrxl.toml, rendered in the language asked for."""

    def __init__(self, path: Path | str, problems: list[ConfigProblem]):
        super().__init__("config.invalid", path=path, count=len(problems))
        self.path, self.problems = path, problems

    def message(self, lang: str | None = None) -> str:
        lines = "".join(f"\n  - {p.text(lang)}" for p in self.problems)
        return msg("config.invalid", lang, path=self.path, count=len(self.problems), problems=lines)


class Problems:
    """Collects problems while a file is parsed; ``line`` finds a key in the source map."""

    def __init__(self, smap: SourceMap | None = None):
        self.smap = smap or SourceMap()
        self.items: list[ConfigProblem] = []

    def line(self, section: str, key: str | None = None) -> int | None:
        for place in ([(section, key)] if key else []) + [(section,)]:
            loc = self.smap.places.get(place)
            if loc is not None:
                return loc.line
        return None

    def add(self, code: str, section: str, name: str | None = None, /, **params: Any) -> None:
        self.items.append(ConfigProblem(code, self.line(section, name), params))

    def unknown(self, section: str, name: str, known: list[str]) -> None:
        near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        self.add("config.unknown_key", section, name, key=f"{section}.{name}", section=section,
                 suggest=near[0] if near else "")

    def wrong_type(self, section: str, name: str, value: Any, expected: str) -> None:
        self.add("config.wrong_type", section, name, key=f"{section}.{name}", value=value, expected=expected)

    def bad_value(self, section: str, name: str, detail: str) -> None:
        self.add("config.bad_value", section, name, key=f"{section}.{name}", detail=detail)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def read_value(kind: str, value: Any, section: str, name: str, problems: Problems) -> tuple[bool, Any]:
    """(ok, converted value) for one setting of ``kind``; a wrong value is recorded, not raised."""
    if kind == "str":
        if isinstance(value, str):
            return True, value.strip()
        problems.wrong_type(section, name, value, "str")
    elif kind in ("int", "positive"):
        if _is_int(value) and (kind == "int" or value >= 1):
            return True, value
        problems.wrong_type(section, name, value, kind)
    elif kind == "float":
        if _is_number(value):
            return True, float(value)
        problems.wrong_type(section, name, value, "float")
    elif kind == "list":
        if isinstance(value, str):  # "A; B" is accepted for a list of codes or lines
            return True, tuple(s.strip() for s in value.split(";") if s.strip())
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return True, tuple(v.strip() for v in value)
        problems.wrong_type(section, name, value, "list")
    elif kind == "date":
        if value == "":
            return True, None
        if isinstance(value, (str, dt.date)):
            try:
                return True, parse_date(value)
            except (ValueError, TypeError) as exc:
                problems.bad_value(section, name, str(exc))
                return False, None
        problems.wrong_type(section, name, value, "date")
    else:  # pragma: no cover - a programming error
        raise AssertionError(kind)
    return False, None


def _kind(f: dataclasses.Field) -> str:
    if "kind" in f.metadata:
        return f.metadata["kind"]
    default = f.default
    return {str: "str", int: "int", float: "float", tuple: "list"}[type(default)]


def _toml_key(f: dataclasses.Field) -> str:
    return f.metadata.get("key", f.name)


def parse_section(cls: type, table: Any, section: str, problems: Problems, **fixed: Any) -> Any:
    """A frozen section from its table: known keys converted, the rest reported; defaults for the absent."""
    fields = [f for f in dataclasses.fields(cls) if f.name not in fixed]
    if table is None:
        table = {}
    if not isinstance(table, dict):
        problems.add("config.wrong_type", section, None, key=section, value=table, expected="table")
        table = {}
    by_key = {_toml_key(f): f for f in fields}
    values: dict[str, Any] = dict(fixed)
    for name, value in table.items():
        f = by_key.get(name)
        if f is None and "password" in name and f"{name}_env" in by_key:
            env = getattr(cls(), by_key[f"{name}_env"].name)
            problems.add("config.secret", section, name, key=f"{section}.{name}", env=env)
            continue
        if f is None:
            problems.unknown(section, name, list(by_key))
            continue
        ok, converted = read_value(_kind(f), value, section, name, problems)
        if ok and "choices" in f.metadata:
            converted = converted.lower()
            if converted not in f.metadata["choices"]:
                problems.add("config.bad_choice", section, name, section=section, name=name, value=converted,
                             choices=", ".join(f"«{c}»" for c in f.metadata["choices"]))
                continue
        if ok:
            values[f.name] = converted
    return cls(**values)


def doc(text: str, **meta: Any) -> dict[str, Any]:
    return {"doc": text, **meta}


# -- the sections ------------------------------------------------------------------------


# -- the template --------------------------------------------------------------------------


def _toml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return json.dumps(format_date(value), ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def template_line(key: str, value: str, comment: str = "", prefix: str = "") -> str:
    text = f"{prefix}{key} = {value}"
    return f"{text:<30} # {comment}" if comment else text


def section_lines(name: str, section: Any, comment: str = "") -> list[str]:
    head = f"[{name}]"
    lines = [f"{head:<30} # {comment}" if comment else head]
    for f in dataclasses.fields(section):
        value = getattr(section, f.name)
        note = f.metadata.get("doc", "")
        if value is None:
            example = f.metadata.get("example")
            if example is not None:
                lines.append(template_line(_toml_key(f), _toml(example), note, prefix="# "))
            else:
                lines.append(template_line(_toml_key(f), '""', note))
            continue
        lines.append(template_line(_toml_key(f), _toml(value), note))
    return lines
