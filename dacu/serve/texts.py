"""The words of the preview's overlay and review mode, in the user's language.

The browser side (``client.js``) keeps no string table of its own: the
server renders these messages from the catalogue and hands them to the page
as JSON in the preview script's ``data-texts`` attribute. ``{n}`` is left in
a text for the script to fill in with a count.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from dacu.core.i18n import Message, Translator, msg


def _texts() -> dict[str, Message]:
    n = "{n}"  # filled in by the script
    return {
        "failed": msg("Build failed"),
        "errors_one": msg("{n} error", n=n),
        "errors_other": msg("{n} errors", n=n),
        "kept": msg("The page shows the last good build; save a fix and this clears by itself."),
        "close": msg("Close"),
        "tab": msg("Review {n}", n=n),
        "tab_label": msg("Review mode: {n} findings", n=n),
        "unplaced_one": msg("{n} finding is not drawn on this page.", n=n),
        "unplaced_other": msg("{n} findings are not drawn on this page.", n=n),
        "report": msg("Open the report (last good build)"),
    }


def client_texts(language: str) -> dict[str, str]:
    """Every text the preview's script shows, in ``language``."""
    translate = Translator(language)
    return {key: translate(text) for key, text in _texts().items()}


def texts_attribute(language: str) -> str:
    """``data-texts="…"``: the texts as JSON, escaped for an HTML attribute."""
    data = json.dumps(client_texts(language), ensure_ascii=False, separators=(",", ":"))
    return f'data-texts="{html.escape(data, quote=True)}"'


def site_language(root: Path) -> str:
    """The language in the site's settings (the default when they cannot be read)."""
    from dacu.core import Findings, load_settings
    from dacu.core.i18n import DEFAULT_LANGUAGE

    try:
        return load_settings(root, Findings()).language
    except Exception:  # settings problems are the build's findings to report, not ours
        return DEFAULT_LANGUAGE
