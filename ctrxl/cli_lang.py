"""The language of the command line itself: click's texts, help texts and metavars.

click renders its own texts ("Usage:", "Show this message and exit.", "Aborted!", "Error: No
such option …") through ``gettext.gettext``, which each click module imports as ``_`` (and
``ngettext``). gettext offers no hook to hand it a catalogue without .mo files, and installing
one for the default domain would translate every other library in the process; so each click
module's ``_``/``ngettext`` is replaced by a lookup in the ``click.*`` entries of the catalogue
(``ctrxl/messages/clicktext.py``), keyed by click's English msgid. Command and option help,
and metavars, are set on the click objects by ``localize`` before anything is parsed, because
click reads them when it renders help and because ``ctrxl generate --help --lang en`` must
already know the language while ``--help`` (an eager option) is processed.
"""
from __future__ import annotations

import gettext
import importlib
import sys
from collections.abc import Sequence

import click

from .messages import current_lang, keys, msg_or_none, template

_lang = "vi"


def _table() -> tuple[dict[str, str], dict[str, str]]:
    """click msgid → Vietnamese; and the reverse, for texts click stored before a switch."""
    vi: dict[str, str] = {}
    for key in keys():
        if key.startswith("click") and ".metavar." not in key:
            vi[template(key, "en")] = template(key, "vi")
    return vi, {v: k for k, v in vi.items()}


_VI, _EN = _table()


def click_gettext(message: str) -> str:
    return _VI.get(message, message) if _lang == "vi" else message


def click_ngettext(singular: str, plural: str, n: int) -> str:
    return click_gettext(singular if n == 1 else plural)


def _click_modules() -> list:
    for name in ("shell_completion", "_termui_impl"):  # loaded lazily by click
        try:
            importlib.import_module("click." + name)
        except ImportError:  # pragma: no cover - platform-specific
            pass
    return [m for n, m in list(sys.modules.items()) if m is not None and (n == "click" or n.startswith("click" + "."))]


def install_click_texts() -> None:
    """Route every click module's gettext calls through the catalogue (idempotent)."""
    for module in _click_modules():
        if getattr(module, "_", None) in (gettext.gettext, click_gettext):
            module._ = click_gettext
        if getattr(module, "ngettext", None) in (gettext.ngettext, click_ngettext):
            module.ngettext = click_ngettext


def lang_from_args(args: Sequence[str]) -> str:
    """``--lang X`` / ``--lang=X`` anywhere before ``--``, else CTRXL_LANG, else Vietnamese."""
    explicit = None
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            explicit = args[i + 1]
        elif arg.startswith("--lang="):
            explicit = arg.split("=", 1)[1]
    return current_lang(explicit)


def set_lang(lang: str) -> None:
    global _lang
    _lang = current_lang(lang)


def text(message: str, lang: str) -> str:
    """A click text (English msgid, or its Vietnamese) in ``lang``."""
    english = _EN.get(message, message)
    return _VI.get(english, english) if lang == "vi" else english


def _metavar(english: str, lang: str) -> str:
    word = english.lower()
    return (msg_or_none("click.metavar." + word, lang) if word.isidentifier() else None) or english


def localize(command: click.Command, lang: str, path: str = "ctrxl") -> None:
    """Help texts and metavars of ``command`` and everything below it, in ``lang``.

    A command or option without a ``help.…`` entry keeps the help written in cli.py.
    """
    original = command.__dict__.setdefault("_ctrxl_help", command.help)
    command.help = msg_or_none("help." + path, lang) or original
    if command.options_metavar:
        command.options_metavar = msg_or_none("click.metavar.options", lang)
    if isinstance(command, click.Group):
        if command.subcommand_metavar in ("COMMAND [ARGS]...", "LỆNH [THAM_SỐ]..."):
            command.subcommand_metavar = msg_or_none("click.metavar.command", lang) or command.subcommand_metavar
    params = list(command.params) + [getattr(command, "_help_option", None)]
    for param in params:
        if param is None:
            continue
        if isinstance(param, click.Option):
            help_original = param.__dict__.setdefault("_ctrxl_help", param.help)
            param.help = msg_or_none("help." + path + "." + str(param.name), lang) or (
                text(help_original, lang) if help_original else help_original)
        _localize_metavar(param, lang)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            localize(sub, lang, name if path == "ctrxl" else f"{path}.{name}")


def _localize_metavar(param: click.Parameter, lang: str) -> None:
    if isinstance(param.type, click.Path):  # "Thư mục '…' là một tệp.", not "Directory '…'"
        param.type.name = _Name(text(_type_name(param).lower(), lang))
    if isinstance(param, click.Option) and (param.is_flag or param.count):
        return
    if isinstance(param.type, click.Choice):
        return
    explicit = param.__dict__.setdefault("_ctrxl_metavar", param.metavar)
    if isinstance(param, click.Argument):
        base = explicit or (param.name or "").upper()
        var = _metavar(base, lang)
        if explicit is None:  # the decoration click adds only to a metavar it made itself
            if not param.required:
                var = f"[{var}]"
            if param.nargs != 1:
                var += "..."
        param.metavar = var
    else:
        base = explicit or _type_name(param)
        var = _metavar(base, lang)
        if explicit is None and param.nargs != 1:
            var += "..."
        param.metavar = var


class _Name(str):
    """click capitalises a path's kind with ``title()``: «Thư mục», not «Thư Mục»."""

    def title(self) -> str:
        return self[:1].upper() + self[1:]


def _type_name(param: click.Parameter) -> str:
    t = param.type
    if isinstance(t, click.Path):  # its name is a click text, stored in the language of import time
        return "FILE" if not t.dir_okay else "DIRECTORY" if not t.file_okay else "PATH"
    return t.name.upper()


def prepare(command: click.Command, args: Sequence[str]) -> str:
    """Everything click needs before it parses ``args``; returns the language."""
    lang = lang_from_args(args)
    set_lang(lang)
    install_click_texts()
    localize(command, lang)
    return lang


def wants_json(args: Sequence[str]) -> bool:
    """``--json`` among the options: errors are then printed as a JSON object."""
    args = list(args)
    return "--json" in (args[:args.index("--")] if "--" in args else args)


def json_error(code: str, message: str, hint: str | None) -> dict:
    """The one shape of an error under ``--json`` (docs/json-errors.md)."""
    return {"error": {"code": code, "message": message, "hint": hint}}
