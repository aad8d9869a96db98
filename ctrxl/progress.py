"""Progress of long work on a terminal: one line on stderr, rewritten in place ("Đang tạo biểu mẫu: 120/1000").

The library only calls ``progress(done, total)`` (a ``Progress``, or None: nobody is watching) and
knows nothing of terminals; the command line makes one with ``shown``. Quiet unless stderr is a
terminal (a pipe, a file, a log or a test's CliRunner sees nothing) and with ``--json`` (a program
reads the output). The line is redrawn at most ten times a second and erased when the work is done
(or fails), so what the command prints afterwards starts on a clean line.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from .messages import msg

Progress = Callable[[int, int], None]

_INTERVAL = 0.1  # seconds between two redraws
_ERASE = "\r\x1b[K"  # back to the start of the line, clear it


class Line:
    """One progress line: the catalogue text ``key`` with ``{done}`` and ``{total}``."""

    def __init__(self, key: str, lang: str, stream: TextIO):
        self.key, self.lang, self.stream = key, lang, stream
        self.shown = False
        self._last = -1.0
        msg(key, lang, done=0, total=0)  # an unknown key fails here, not in the middle of the work

    def __call__(self, done: int, total: int) -> None:
        if total and done >= total:
            self.erase()
            return
        now = time.monotonic()
        if self.shown and now - self._last < _INTERVAL:
            return
        self._last = now
        self._write(_ERASE + msg(self.key, self.lang, done=done, total=total))
        self.shown = True

    def erase(self) -> None:
        if self.shown:
            self._write(_ERASE)
            self.shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken terminal: the work goes on without its line
            pass


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


@contextmanager
def shown(key: str, lang: str, quiet: bool = False, stream: TextIO | None = None) -> Iterator[Progress | None]:
    """A progress line on ``stream`` (stderr) when it is a terminal and not ``quiet``; else None."""
    stream = sys.stderr if stream is None else stream
    if quiet or not is_terminal(stream):
        yield None
        return
    line = Line(key, lang, stream)
    try:
        yield line
    finally:
        line.erase()
