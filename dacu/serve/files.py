"""Mapping a request path to a file inside site/, and nothing else.

The preview is reachable from the whole office network, and the machine
behind it holds more than the site: the product sheet with unit costs, other
campaigns, the user's home. So a URL resolves only to a regular file inside
site/, checked after every symlink is followed: no ``..`` (plain or percent
encoded), no backslashes, NUL bytes or drive letters, no hidden files (the
build's scratch folders among them), and no directory listings: a folder is
served through its index.html or not at all.

Resolution happens per request against the current site/, because the
engine swaps a fresh build into place while the server runs.
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

INDEX = "index.html"

# Types the stdlib table of Python 3.11 lacks or gets wrong for the web.
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
}


@dataclass(frozen=True)
class Target:
    """A file to send, or a redirect (a folder asked for without its slash)."""

    file: Path | None = None
    redirect: str | None = None


def resolve(site: Path, raw_path: str) -> Target | None:
    """The file ``raw_path`` (the request path as sent, percent-encoded) names in ``site``.

    Returns ``None`` for anything that must be a 404: not found, refused, or
    a folder without index.html.
    """
    segments = _segments(raw_path)
    if segments is None:
        return None
    try:
        root = site.resolve(strict=True)
    except OSError:
        return None  # no site/ yet (the first build failed)
    candidate = _inside(root, root.joinpath(*segments))
    if candidate is None:
        return None
    if candidate.is_dir():
        index = _inside(root, candidate / INDEX)
        if index is None or not index.is_file():
            return None
        if not raw_path.endswith("/"):
            # Relative links in index.html assume the slash; add it, as web servers do.
            return Target(redirect=raw_path + "/")
        return Target(file=index)
    if candidate.is_file():
        return Target(file=candidate)
    return None  # sockets, devices, fifos: never


def _segments(raw_path: str) -> list[str] | None:
    """The path's segments, or ``None`` when any of them is refused."""
    if not raw_path.startswith("/") or "\\" in raw_path or "\x00" in raw_path:
        return None
    # Decode once: "%2e%2e" becomes ".." and is refused below; "%252e" becomes
    # the harmless literal name "%2e", which does not exist.
    try:
        decoded = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or any(ord(ch) < 0x20 or ch == "\x7f" for ch in decoded):
        return None
    segments = [s for s in decoded.split("/") if s]
    for segment in segments:
        # ".", "..", hidden names and the build's ".tmp" folders; ":" for drive letters.
        if segment.startswith(".") or ":" in segment:
            return None
    return segments


def _inside(root: Path, path: Path) -> Path | None:
    """``path`` with symlinks followed, if it exists and stays inside ``root``."""
    try:
        real = Path(os.path.realpath(path, strict=True))
    except (OSError, ValueError):
        return None
    return real if real == root or real.is_relative_to(root) else None


def content_type(path: Path) -> str:
    """The Content-Type for a file, by its suffix."""
    suffix = path.suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def is_html(path: Path) -> bool:
    return path.suffix.lower() in (".html", ".htm")
