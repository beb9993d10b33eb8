"""Messages users read: in Chinese by default, in English on request.

Every sentence dacu shows a person (a finding, a line of the command line's
output, the report, the preview's overlay) is written in code as an English
source text with named values, and only recorded there::

    findings.add("price-anchor", file, msg("SKU {sku} has price {price}: a sale price must be more than 0",
                                           sku=product.sku, price=yuan(product.price)), key="price")

A :class:`Translator` renders it in the user's language at the edge. The
Chinese text comes from the gettext catalogue
``dacu/locale/zh/LC_MESSAGES/dacu.po``, compiled to ``dacu.mo`` beside it.
Babel keeps the catalogue in step with the code (``scripts/messages``:
extract every ``msg(...)`` into ``dacu/locale/dacu.pot``, update the ``.po``,
compile the ``.mo``); ``tests/test_i18n.py`` fails when a message has no
Chinese translation or the ``.mo`` is older than its ``.po``.

Values are rendered too: a value that is itself a :class:`Message` is
translated, a list is joined the way the language joins lists (``、`` in
Chinese, ``, `` in English). Values are kept JSON-friendly (text, numbers,
messages, lists of them) so a finding can be cached and shown later in
another language (:meth:`Message.to_record`).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping, Sequence, Union

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
DOMAIN = "dacu"

# A value a message can carry: it must survive JSON and be formattable.
Value = Union[str, int, float, "Message", Sequence[Any]]

_LIST_SEPARATOR = {"zh": "、", "en": ", "}


@dataclass(frozen=True)
class Message:
    """An English source text with named values, rendered later in the user's language."""

    text: str
    params: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        """The English rendering (logs, debugging, exceptions)."""
        return Translator("en")(self)

    def to_record(self) -> dict[str, Any]:
        """A JSON-friendly form, read back by :meth:`from_record`."""
        return {"text": self.text, "params": {name: _encode(value) for name, value in self.params}}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Message:
        """The message saved by :meth:`to_record`."""
        params = data.get("params") or {}
        return cls(str(data["text"]), tuple((str(k), _decode(v)) for k, v in params.items()))


def msg(text: str, /, **params: Any) -> Message:
    """Record a user-facing message: ``text`` is the English source, ``{name}`` its values.

    Decimals become text (prices are shown as written, never as floats).
    """
    return Message(text, tuple((name, _plain(value)) for name, value in params.items()))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return {"__msg__": value.to_record()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "__msg__" in value:
        return Message.from_record(value["__msg__"])
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    return value


def normalise_language(language: str | None) -> str:
    """``zh``, ``zh_CN``, ``zh-Hans`` … → ``zh``; ``en``, ``en_US`` → ``en``; anything else → the default."""
    if not language:
        return DEFAULT_LANGUAGE
    head = language.replace("-", "_").split("_")[0].lower()
    return head if head in LANGUAGES else DEFAULT_LANGUAGE


class Translator:
    """Renders messages in one language; one per build or session, never global."""

    def __init__(self, language: str | None = DEFAULT_LANGUAGE) -> None:
        self.language = normalise_language(language)
        self._loaded: gettext.NullTranslations | None = None

    @property
    def _catalogue(self) -> gettext.NullTranslations:
        # Read on first use: every page's rendering makes a collector (and so a
        # translator), and parsing the catalogue for each was a sixth of a build.
        if self._loaded is None:
            self._loaded = _load_catalogue(self.language)
        return self._loaded

    def __call__(self, message: Message | str) -> str:
        """``message`` in this language; plain text is returned as it is."""
        if isinstance(message, str):
            return message
        template = self._catalogue.gettext(message.text)
        values = {name: self._value(value) for name, value in message.params}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            # A translation that names a value the code no longer passes must not
            # hide the finding: fall back to the source text.
            return message.text.format(**values)

    def gettext(self, source: str) -> str:
        """A fixed sentence in this language: what Jinja's i18n extension calls for ``{{ _("...") }}``."""
        return self._catalogue.gettext(source)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Singular or plural form for ``n`` (Jinja's ``{% trans count=n %}``)."""
        return self._catalogue.ngettext(singular, plural, n)

    def _value(self, value: Any) -> Any:
        if isinstance(value, Message):
            return self(value)
        if isinstance(value, (list, tuple)):
            return _LIST_SEPARATOR[self.language].join(str(self._value(v)) for v in value)
        return value


def _load_catalogue(language: str) -> gettext.NullTranslations:
    if language == "en":  # the source texts are English
        return gettext.NullTranslations()
    # beside the package's modules (importlib.resources would cost every run its import)
    path = Path(__file__).resolve().parent.parent / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError:
        return gettext.NullTranslations()
