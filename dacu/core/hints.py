"""Small helpers for messages that tell the user what to change."""

from __future__ import annotations

from typing import Iterable

from dacu.core.i18n import Message, msg


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, when one is close enough to be a typo of it."""
    import difflib  # on first use: most runs suggest nothing

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], valid: Message | None = None) -> Message:
    """``did you mean "x"?`` for the closest choice, else ``valid`` or the list of valid keys."""
    choices = sorted(choices)
    close = closest(word, choices)
    if close:
        return msg('did you mean "{choice}"?', choice=close)
    return valid if valid is not None else msg("valid keys: {keys}", keys=choices)
