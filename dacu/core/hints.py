"""Small helpers for messages that tell the user what to change."""

from __future__ import annotations

import difflib
from typing import Iterable

from dacu.core.i18n import Message, msg


def did_you_mean(word: str, choices: Iterable[str]) -> Message:
    """``did you mean "x"?`` for the closest choice, or the list of valid ones."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return msg('did you mean "{choice}"?', choice=close[0])
    return msg("valid keys: {keys}", keys=choices)
