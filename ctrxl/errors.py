"""The one exception the CLI turns into a clean message and an exit code."""
from __future__ import annotations

from typing import Any


class CtrxlError(Exception):
    """A user-facing failure: a catalogue key and its parameters, rendered in the user's language."""

    exit_code = 2

    def __init__(self, key: str, /, **params: Any):
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        from .messages import msg

        return msg(self.key, lang, **self.params)

    def hint(self, lang: str | None = None) -> str | None:
        from .messages import msg_or_none

        return msg_or_none(self.key + ".hint", lang, **self.params)

    def __str__(self) -> str:
        return self.message()


class FaultError(CtrxlError):
    """The machine failed, not the input: a full or read-only disk, a locked or unwritable store, a
    second collect at work. Nothing was half-written; the same command succeeds once it is fixed."""

    exit_code = 3
