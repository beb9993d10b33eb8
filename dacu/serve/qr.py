"""The preview address as a QR code drawn with text, for a phone's camera.

Two module rows share one text row through half blocks (▀), so the code is
about as tall as it is wide. On a terminal, explicit ANSI colours draw dark
modules black and light ones white whatever the terminal's own theme: a
light-on-dark code is inverted, and some phone cameras (iOS among them)
do not read inverted codes. Without a terminal (a log, a pipe), plain blocks
are written for a dark background.
"""

from __future__ import annotations

import segno

_UPPER = "\u2580"   # ▀: the upper half is the foreground colour
_BLACK, _WHITE = 0, 15  # 256-colour indexes; 15 is bright white


def render(text: str, *, ansi: bool, border: int = 2) -> str:
    """``text`` as a QR code (error correction M) in lines of text.

    A two-module quiet zone is narrower than the standard four but reads
    fine on a screen, and keeps the code within a 80-column terminal.
    """
    qr = segno.make(text, error="m", micro=False, boost_error=False)
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))  # pad with a light row
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2]):
        if ansi:
            cells = (f"\x1b[38;5;{_colour(t)};48;5;{_colour(b)}m{_UPPER}" for t, b in zip(top, bottom))
            lines.append("".join(cells) + "\x1b[0m")
        else:
            lines.append("".join(_plain(t, b) for t, b in zip(top, bottom)))
    return "\n".join(lines)


def _colour(dark: int) -> int:
    return _BLACK if dark else _WHITE


def _plain(top: int, bottom: int) -> str:
    # Light modules are drawn (in the terminal's light text colour), dark ones left blank.
    return {(0, 0): "\u2588", (0, 1): "\u2580", (1, 0): "\u2584", (1, 1): " "}[(top, bottom)]
