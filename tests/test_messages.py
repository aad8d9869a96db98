"""The message catalogue: every key the code uses exists, in both languages, with the same placeholders.

The code names a message by a string literal (``msg("col.row", …)``, ``Problem("def.no_lead", …)``,
``CtrxlError("cli.file_missing", …)``, ``_quarantine("col.encrypted")``, a guard returning
``"col.zip_too_many"``…), or by a prefix and a value (``msg(f"col.outcome.{outcome}")``). The
scan reads ctrxl/ itself, so a key added in code but not in ``ctrxl/messages/`` fails here.
"""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from ctrxl.messages import FAMILIES, LANGS, keys, msg, template
from ctrxl.model import DeadlineKind, Role
from ctrxl.problems import Severity
from ctrxl.track.status import STATES

PACKAGE = Path(__file__).resolve().parents[1] / "ctrxl"
CATALOGUE = set(keys())
PREFIXES = sorted({k.split(".")[0] for k in CATALOGUE})
# A literal shaped like a key of a known family: "col.bad_date", "mail.status.sent".
KEY_SHAPE = re.compile(rf"^({'|'.join(PREFIXES)})\.[a-z0-9_-]+(\.[a-z0-9_-]+)*$")
# Calls whose first argument is a message key, whatever its family.
KEY_CALLS = {"msg", "msg_or_none", "Problem", "CtrxlError", "report", "problem", "add", "_quarantine"}
# Keys built from a prefix and a value: every value the code can produce.
DYNAMIC = {
    "col.outcome.": ["accepted", "warnings", "rejected", "duplicate", "quarantined", "container"],
    "severity.": [s.value for s in Severity],
    "mail.status.": ["sent", "failed", "dry-run", "no-address", "skipped", "uncertain"],
    "cyc.state.": list(STATES),  # track/status.py state_label
    "import.role.": [r.value for r in Role],
    "deadline_kind.": [k.value for k in DeadlineKind],
    "import.loc.": ["line", "paragraph", "table"],
    # what to check for each review item (ctrxl/importer/pipeline.py review_rows)
    "import.check.": ["default"] + ["import." + c for c in (
        "ambiguous_name", "deadline_problem", "deadline_several", "deadline_weak", "footnote", "implements_found",
        "implements_missing", "joined_paragraph",
        "no_assignment", "no_registry_name", "no_tasks", "not_task", "paragraph_task", "part_role", "preamble",
        "subject_lead", "symbol_missing", "target_split", "target_yesno", "unmatched_name",
        "agency_clauses", "subitems_split", "subitems_joined", "general_responsibility", "deadline_text")],
    "config.type.": ["str", "int", "positive", "float", "list", "table", "date", "sizes"],
}
# f-strings with a family prefix that are not message keys (setting names in error texts).
NOT_KEYS = {"mail.", "report.", "report.agencies."}
# ctrxl.toml tables named like a family: "report.layout" is a table of [report], not a message.
CONFIG_TABLES = {"report.layout", "report.layout.sizes", "report.agencies"}


def _sources() -> list[tuple[Path, ast.AST]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))
            if "messages" not in p.relative_to(PACKAGE).parts]


def _callee(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def test_families_are_loaded_by_the_package():
    for family in FAMILIES:
        module = __import__(f"ctrxl.messages.{family}", fromlist=["ENTRIES"])
        assert module.ENTRIES and set(module.ENTRIES) <= CATALOGUE, family


def test_every_key_used_in_the_code_exists():
    missing, prefixes = [], set()
    for path, tree in _sources():
        where = path.relative_to(PACKAGE.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY_SHAPE.match(node.value):
                if node.value not in CATALOGUE | CONFIG_TABLES:
                    missing.append(f"{where}:{node.lineno}: {node.value}")
            elif isinstance(node, ast.Call) and _callee(node) in KEY_CALLS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value \
                        and " " not in first.value and first.value not in CATALOGUE:
                    missing.append(f"{where}:{node.lineno}: {first.value}")
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if re.match(rf"^({'|'.join(PREFIXES)})\.([a-z0-9_-]+\.)*$", head):
                    prefixes.add(head)
    assert missing == []
    # every key prefix built with an f-string is known, and all its values exist
    assert prefixes - NOT_KEYS <= set(DYNAMIC), prefixes - NOT_KEYS - set(DYNAMIC)
    absent = [prefix + value for prefix, values in DYNAMIC.items() for value in values
              if prefix + value not in CATALOGUE]
    assert absent == []


def test_the_scan_finds_keys():
    # guard against a scan that silently finds nothing
    found = set()
    for _, tree in _sources():
        found |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                  and n.value in CATALOGUE}
    assert {"col.bad_date", "def.no_lead", "xlsx.unreadable", "cli.file_missing", "mail.row"} <= found


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages(key):
    for lang in LANGS:
        assert template(key, lang).strip(), (key, lang)
        assert msg(key, lang)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_same_placeholders_in_both_languages(key):
    # hints are keys of their own ("….hint"), so they are checked the same way
    assert _fields(template(key, "vi")) == _fields(template(key, "en")), key


def _vformat(key: str, lang: str, params: dict) -> str:
    """How msg() rendered before: string.Formatter's Python loop (msg now uses str.format_map)."""
    from ctrxl.messages import _Lenient

    return string.Formatter().vformat(template(key, lang), (), _Lenient(params))


def test_msg_renders_every_template_as_string_formatter_did():
    """msg() fills a template with str.format_map instead of string.Formatter().vformat (~4× faster);
    both must give the same text for every key and language: with every parameter given (as text, as
    a number, as a value with a format spec's type), with none (an absent one stays ``{name}``)."""
    for key in sorted(CATALOGUE):
        for lang in LANGS:
            names = _fields(template(key, lang))
            for params in ({}, {n: f"«{n}» đủ" for n in names}, {n: 1234 for n in names},
                           {n: 7.5 for n in names}, dict.fromkeys(list(names)[:1], "một")):
                assert msg(key, lang, **params) == _vformat(key, lang, params), (key, lang, params)
