"""Themes: a site's ``themes/<name>/`` over the default theme in the package.

Templates and static files are looked up in the site's theme first and then
in the packaged default theme, file by file, so a designer overrides only
what they change. Static files are fingerprinted (``dacu.3f2a9c1b.css``) so
phones never keep a stale stylesheet after a campaign update.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from dacu.core import Findings, Settings
from dacu.core.i18n import msg
from dacu.load.guard import Refused, check_input

PACKAGE_THEMES = Path(__file__).parent.parent / "themes"
DEFAULT_THEME = "default"


@dataclass
class Theme:
    """The template folders (site first) and the fingerprinted static files."""

    template_dirs: list[Path]
    static_dirs: list[Path]
    # logical name ("css/dacu.css") -> (source file, output path "static/css/dacu.3f2a9c1b.css")
    static: dict[str, tuple[Path, str]] = field(default_factory=dict)

    def static_url(self, name: str) -> str:
        """Output path of a static file, relative to the site root."""
        return self.static[name][1]

    def default_palette(self, roles: tuple[str, ...] = ("primary", "accent", "background", "text")) -> dict[str, str]:
        """The theme's palette: the ``:root { --role: colour }`` of its style sheets (later files win).

        A campaign's partial palette is completed from it, so templates can use every role.
        """
        found: dict[str, str] = {}
        for name, (path, _) in sorted(self.static.items()):
            if not name.endswith(".css"):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for block in _ROOT_BLOCK.findall(text):
                for role, value in _CUSTOM_PROPERTY.findall(block):
                    if role in roles:
                        found[role] = value.strip()
        return found


_ROOT_BLOCK = re.compile(r":root\s*\{([^}]*)\}")
_CUSTOM_PROPERTY = re.compile(r"--([\w-]+)\s*:\s*([^;}]+)")


def load_theme(settings: Settings, findings: Findings) -> Theme:
    """Resolve the theme named in the settings and fingerprint its static files."""
    root = settings.root
    dirs: list[Path] = []
    site_theme = root / "themes" / settings.theme
    if not _plain_name(settings.theme):
        findings.add("settings", "pyproject.toml", msg('theme = "{theme}" is not a folder name: name a folder of '
                                                       'themes/, such as "default"', theme=settings.theme[:80]),
                     key="tool.dacu.theme")
    elif site_theme.is_dir():
        dirs.append(site_theme)
        _guard_theme(root, site_theme, findings)
    elif settings.theme != DEFAULT_THEME:
        findings.add("settings", "pyproject.toml",
                     msg('theme "{theme}" not found: create themes/{theme}/ or set theme = "{default}"',
                         theme=settings.theme, default=DEFAULT_THEME), key="tool.dacu.theme")
    dirs.append(PACKAGE_THEMES / DEFAULT_THEME)
    theme = Theme(template_dirs=[d / "templates" for d in dirs if (d / "templates").is_dir()],
                  static_dirs=[d / "static" for d in dirs if (d / "static").is_dir()])
    for folder in reversed(theme.static_dirs):  # site files replace package files of the same name
        for path in sorted(folder.rglob("*")):
            if path.is_file() and (folder.is_relative_to(PACKAGE_THEMES) or _inside(root, path)):
                name = path.relative_to(folder).as_posix()
                theme.static[name] = (path, "static/" + fingerprint(name, path.read_bytes()))
    return theme


def _plain_name(name: str) -> bool:
    """A single folder name: no separators, no "..", not absolute."""
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\\0:")


def _guard_theme(root: Path, folder: Path, findings: Findings) -> None:
    """Every file of the site's theme through the input guard: no link may lead out of the site."""
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_dir():
            try:
                check_input(root, path)
            except Refused as exc:
                findings.add("template", path.relative_to(root).as_posix(), exc.message)


def _inside(root: Path, path: Path) -> bool:
    try:
        check_input(root, path)
        return True
    except Refused:
        return False


def fingerprint(name: str, data: bytes) -> str:
    """``css/dacu.css`` → ``css/dacu.<8 hex of sha256>.css``."""
    digest = hashlib.sha256(data).hexdigest()[:8]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"
