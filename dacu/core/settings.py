"""Site settings: ``[tool.dacu]`` in the site's pyproject.toml.

Every setting has a default, so a site with no pyproject.toml builds. Unknown
keys and wrong types are ``settings`` findings against pyproject.toml, all
collected before the build stops.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dacu.core.findings import Findings
from dacu.core.hints import did_you_mean
from dacu.core.i18n import LANGUAGES, Message, msg
from dacu.core.limits import Limits
from dacu.core.output_folder import check_output_setting
from dacu.core.rules import RULES, SEVERITIES
from dacu.core.urls import unsafe_url

SETTINGS_FILE = "pyproject.toml"
#: The folders of a site: what copywriters and operators write, the images, the designers' themes.
CONTENT_DIR, ASSETS_DIR, THEMES_DIR = "content", "assets", "themes"
IMAGE_FORMATS = ("webp", "jpeg", "avif")


@dataclass
class Settings:
    """The effective settings of one site (defaults merged with [tool.dacu])."""

    root: Path
    theme: str = "default"
    base_url: str = "/"
    timezone: str = "Asia/Shanghai"
    buy_url: str = "#buy-{sku}"
    widths: list[int] = field(default_factory=lambda: [375, 750, 1125])
    formats: list[str] = field(default_factory=lambda: ["webp", "jpeg"])
    output: str = "site"
    related_limit: int = 5
    language: str = "zh"   # messages, report and preview: "zh" (default) or "en"
    commission: float = 0.0  # the platform's take as a fraction of the price paid (below-cost)
    severities: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, dict[str, float]] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)   # [tool.dacu.limits]: how big an input may be

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def content_dir(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def assets_dir(self) -> Path:
        return self.root / ASSETS_DIR

    @property
    def output_dir(self) -> Path:
        return self.root / self.output

    @property
    def work_dir(self) -> Path:
        """The cache and report folder (never published)."""
        return self.root / ".dacu"

    def rule_params(self, slug: str) -> dict[str, float]:
        """The thresholds of ``slug``: the catalogue's defaults, overridden by the site."""
        return {**RULES[slug].thresholds, **self.thresholds.get(slug, {})}


# key -> (type check, description of the expected type)
_SIMPLE: Mapping[str, tuple[type | tuple[type, ...], Message]] = {
    "theme": (str, msg("a theme folder name")),
    "base_url": (str, msg("a URL such as https://example.com/")),
    "timezone": (str, msg("an IANA time zone such as Asia/Shanghai")),
    "buy_url": (str, msg("a URL template containing {{sku}}")),
    "output": (str, msg("a folder name")),
    "related_limit": (int, msg("a whole number")),
    "language": (str, msg('"zh" (Chinese, the default) or "en" (English)')),
}
_KNOWN = set(_SIMPLE) | {"widths", "formats", "rules", "limits", "commission"}


def load_settings(root: Path, findings: Findings) -> Settings:
    """Read ``root/pyproject.toml`` (if any) into :class:`Settings`, reporting problems.

    Raises :class:`~dacu.core.usage.UsageProblem` for an ``output`` that is not a
    folder of its own inside the site root (:mod:`dacu.core.output_folder`).
    """
    settings = Settings(root=root)
    path = root / SETTINGS_FILE
    if not path.is_file():
        return settings
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError, OSError) as exc:
        error = exc.strerror or type(exc).__name__ if isinstance(exc, OSError) else str(exc) or "nested too deep"
        findings.add("settings", SETTINGS_FILE, msg("pyproject.toml does not parse: {error}", error=error))
        return settings
    tool = data.get("tool", {})
    table = tool.get("dacu", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        findings.add("settings", SETTINGS_FILE, msg("[tool.dacu] must be a table"),
                     key="tool.dacu" if isinstance(tool, dict) else "tool")
        return settings

    def bad(key: str, message: Message) -> None:
        findings.add("settings", SETTINGS_FILE, message, key=f"tool.dacu.{key}")

    for key, value in table.items():
        if key not in _KNOWN:
            bad(key, msg('unknown setting "{key}": {hint}', key=key, hint=did_you_mean(key, _KNOWN)))
        elif key in _SIMPLE:
            kind, expected = _SIMPLE[key]
            if isinstance(value, kind) and not isinstance(value, bool):
                setattr(settings, key, value)
            else:
                bad(key, msg("{key} must be {expected}, not {value}", key=key, expected=expected, value=repr(value)))
    _read_commission(table, settings, bad)
    _read_widths(table, settings, bad)
    _read_formats(table, settings, bad)
    _read_rules(table.get("rules", {}), settings, bad)
    _read_limits(table.get("limits", {}), settings, bad)
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        bad("timezone", msg('unknown time zone "{zone}": use an IANA name such as "Asia/Shanghai"', zone=settings.timezone))
        settings.timezone = "Asia/Shanghai"
    if settings.language not in LANGUAGES:
        bad("language", msg('language must be "zh" or "en", not {value}', value=repr(settings.language)))
        settings.language = findings.language
    elif "language" in table:  # the site's choice speaks from here on, its own findings included
        findings.configure({}, settings.language)
    if "{sku}" not in settings.buy_url:
        bad("buy_url", msg('buy_url must contain "{{sku}}" where the product\'s SKU goes, e.g. "https://item.example.com/{{sku}}"'))
    for key in ("buy_url", "base_url"):  # every page links to them: a javascript: URL would run on each
        if unsafe_url(getattr(settings, key).replace("{sku}", "")):
            bad(key, msg("{key} must be an http, https or relative URL, not {value}", key=key,
                         value=repr(getattr(settings, key))[:80]))
            setattr(settings, key, getattr(Settings, key))
    if not settings.base_url.endswith("/"):
        settings.base_url += "/"
    check_output_setting(root, settings.output)  # raises: a wrong output folder could delete the site's input
    return settings


def _read_commission(table: dict[str, Any], settings: Settings, bad: Any) -> None:
    value = table.get("commission")
    if value is None:
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        settings.commission = float(value)
    else:
        bad("commission", msg("commission is the platform's take as a fraction of the price, e.g. 0.08 for 8%, "
                              "from 0 up to (not including) 1, not {value}", value=repr(value)))


def _read_widths(table: dict[str, Any], settings: Settings, bad: Any) -> None:
    widths = table.get("widths")
    if widths is None:
        return
    if (isinstance(widths, list) and widths
            and all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 4096 for w in widths)):
        settings.widths = sorted(set(widths))
    else:
        bad("widths", msg("widths must be a list of pixel widths between 16 and 4096, e.g. [375, 750, 1125], not {value}",
                          value=repr(widths)))


def _read_formats(table: dict[str, Any], settings: Settings, bad: Any) -> None:
    formats = table.get("formats")
    if formats is None:
        return
    if isinstance(formats, list) and formats and all(f in IMAGE_FORMATS for f in formats):
        settings.formats = list(dict.fromkeys(formats))
        if "jpeg" not in settings.formats:  # the <img> fallback every browser reads
            settings.formats.append("jpeg")
    else:
        bad("formats", msg("formats must be a list of {formats}, not {value}", formats=", ".join(IMAGE_FORMATS),
                           value=repr(formats)))


def _finite(value: Any) -> bool:
    """A number a threshold can be: not a bool, not inf or NaN, not too big for a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _read_limits(limits: Any, settings: Settings, bad: Any) -> None:
    if not isinstance(limits, dict):
        bad("limits", msg("[tool.dacu.limits] must be a table such as sheet_rows = 500000"))
        return
    values = {}
    for name, value in limits.items():
        if name not in Limits.names():
            bad(f"limits.{name}", msg('unknown limit "{name}": {hint}', name=name, hint=did_you_mean(name, Limits.names())))
        elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10**12:
            values[name] = value
        else:
            bad(f"limits.{name}", msg("limits.{name} must be a whole number of at least 1, not {value}",
                                      name=name, value=repr(value)[:40]))
    settings.limits = Limits(**values)


def _read_rules(rules: Any, settings: Settings, bad: Any) -> None:
    if not isinstance(rules, dict):
        bad("rules", msg("[tool.dacu.rules] must be a table of rule slugs"))
        return
    for slug, value in rules.items():
        if slug not in RULES:
            bad(f"rules.{slug}", msg('unknown rule "{slug}": {hint}', slug=slug, hint=did_you_mean(slug, RULES)))
            continue
        if isinstance(value, str):
            value = {"severity": value}
        if not isinstance(value, dict):
            bad(f"rules.{slug}", msg('rules.{slug} must be "error", "warning", "off" or a table', slug=slug))
            continue
        for name, setting in value.items():
            if name == "severity":
                if setting in SEVERITIES:
                    settings.severities[slug] = setting
                else:
                    bad(f"rules.{slug}.severity", msg('severity must be "error", "warning" or "off", not {value}',
                                                         value=repr(setting)))
            elif name in RULES[slug].thresholds:
                if _finite(setting):
                    settings.thresholds.setdefault(slug, {})[name] = float(setting)
                else:
                    bad(f"rules.{slug}.{name}", msg("{name} must be a number, not {value}", name=name,
                                                     value=repr(setting)[:40]))
            else:
                known = {"severity", *RULES[slug].thresholds}
                bad(f"rules.{slug}.{name}", msg('unknown setting "{name}" for rule {slug}: {hint}', name=name, slug=slug,
                                                 hint=did_you_mean(name, known)))
