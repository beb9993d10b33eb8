"""Progress on long work: what the build is doing, on one line of a terminal.

The pipeline reports its stages (files read, images, pages) to a
:class:`Progress`; the command line gives it a :class:`TerminalProgress` when
standard error is a terminal and the output is text, and a
:class:`NoProgress` otherwise (JSON output, a pipe, ``-q``), so nothing is
printed where a script reads. The line is rewritten in place (``\\r``) at
most ten times a second and cleared when the work is done, so the findings
that follow start on a clean line.
"""

from __future__ import annotations

import time
from typing import Protocol, TextIO

from dacu.core.i18n import Message, Translator, msg


class Progress(Protocol):
    """What the pipeline calls while it works; every method is cheap and never raises."""

    def stage(self, what: Message, total: int = 0) -> None:
        """A stage begins (``total`` items, 0 when unknown)."""

    def advance(self, count: int = 1) -> None:
        """``count`` more items of the current stage are done."""

    def done(self) -> None:
        """The work is over: leave the terminal line clean."""


class NoProgress:
    """Progress that shows nothing (JSON output, a pipe, tests)."""

    def stage(self, what: Message, total: int = 0) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


class TerminalProgress:
    """``检查图片 12/48`` on one terminal line, rewritten in place."""

    #: Seconds between two redraws (a redraw per image would cost more than the image on a slow terminal).
    INTERVAL = 0.1

    def __init__(self, stream: TextIO, translate: Translator) -> None:
        self.stream = stream
        self.translate = translate
        self.what = ""
        self.total = 0
        self.count = 0
        self.width = 0           # characters of the line drawn last, to blank it
        self.drawn = 0.0

    def stage(self, what: Message, total: int = 0) -> None:
        self.what, self.total, self.count = self.translate(what), total, 0
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        self.count += count
        self._draw(force=self.total > 0 and self.count >= self.total)

    def done(self) -> None:
        if self.width:
            self._write("\r" + " " * self.width + "\r")
            self.width = 0

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.drawn < self.INTERVAL:
            return
        self.drawn = now
        text = self.translate(msg("{what} {count}/{total}", what=self.what, count=self.count, total=self.total)) \
            if self.total else self.what
        pad = max(0, self.width - _columns(text))
        self._write("\r" + text + " " * pad)
        self.width = _columns(text)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal must not stop the build
            pass


def _columns(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
