"""YAML definitions: load with a line for every node, dump in canonical form."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml

from ..problems import Location, Problem, Severity
from .document import normalise_document
from .source import Path as DocPath, SourceMap

# libyaml's loader when PyYAML was built with it (5–10× faster); both keep node marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _walk(node: yaml.Node, path: DocPath, smap: SourceMap, file: str) -> None:
    smap.add(path, Location(file=file, line=node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            child = path + (key,)
            # A field's place is its key's line; its value may start on a later line.
            _walk(value_node, child, smap, file)
            smap.add(child, Location(file=file, line=key_node.start_mark.line + 1))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), smap, file)


# PyYAML's problem texts (libyaml's and the pure loader's), and what they mean to someone who
# edited the file by hand. Unknown texts keep PyYAML's words under "yaml.syntax".
_SYNTAX = [
    ("cannot start any token", "yaml.tab"),
    ("found a tab character", "yaml.tab"),
    ("expected ',' or ']'", "yaml.unclosed_list"),
    ("expected ',' or '}'", "yaml.unclosed_map"),
    ("mapping values are not allowed", "yaml.colon_in_value"),
    ("could not find expected ':'", "yaml.colon_in_value"),
    ("did not find expected key", "yaml.bad_indent"),
    ("expected '-' indicator", "yaml.bad_indent"),
    ("expected <block end>", "yaml.bad_indent"),
    ("unknown escape character", "yaml.bad_escape"),
    ("undefined alias", "yaml.undefined_alias"),
    ("another document", "yaml.many_documents"),
    ("end of stream", "yaml.unclosed_quote"),
]


def syntax_problem(exc: yaml.YAMLError, file: str) -> Problem:
    """One problem for a file PyYAML cannot parse: at the line it stopped, in the user's words."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    start = getattr(exc, "context_mark", None) or mark
    detail = getattr(exc, "problem", None) or str(exc)
    code = next((c for text, c in _SYNTAX if text in detail), "yaml.syntax")
    if code == "yaml.unclosed_quote" and "quoted" not in str(getattr(exc, "context", "")):
        code = "yaml.syntax"
    params: dict[str, Any] = {"detail": detail} if code == "yaml.syntax" else {}
    if code in ("yaml.unclosed_list", "yaml.unclosed_map", "yaml.bad_indent", "yaml.unclosed_quote"):
        params["start"] = start.line + 1 if start else "?"
    return Problem(code, Severity.ERROR, Location(file=file, line=mark.line + 1 if mark else None), params)


def load_yaml(path: Path, display: str | None = None) -> tuple[dict[str, Any], SourceMap, list[Problem]]:
    """Read a YAML definition. Returns (normalised document, source map, problems)."""
    file = display or str(path)
    smap = SourceMap(file=file)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, smap, [Problem("yaml.unreadable", Severity.ERROR, Location(file=file), {"detail": str(exc)})]
    loader = _Loader(io.StringIO(text))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        return {}, smap, [syntax_problem(exc, file)]
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, smap, [Problem("yaml.not_mapping", Severity.ERROR, Location(file=file, line=1))]
    if node is not None:
        _walk(node, (), smap, file)
    return normalise_document(data), smap, []


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(document: dict[str, Any]) -> str:
    """Canonical YAML text of a document: block style, keys in document order, UTF-8 text."""
    return yaml.dump(
        normalise_document(document),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        indent=2,
    )
