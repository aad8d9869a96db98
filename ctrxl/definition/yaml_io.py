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
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        detail = getattr(exc, "problem", None) or str(exc)
        return {}, smap, [Problem("yaml.syntax", Severity.ERROR, Location(file=file, line=line), {"detail": detail})]
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
