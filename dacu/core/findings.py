"""One finding type for every problem dacu reports.

A finding names the rule (a stable slug from :mod:`dacu.core.rules`), its severity,
the file relative to the site root, and where it can, the line or key, the
image and the pixel region concerned. The message says what to change.

Checks never raise for bad input: they add findings to a :class:`Findings`
collector, which applies the site's severity settings (a rule set to ``off``
is dropped) so that every problem is collected before the build decides.

Messages are made with :func:`dacu.core.i18n.msg` and rendered by the
collector in the site's language; the finding keeps the source message, so a
finding read back from the cache or from a worker process is shown in the
language of the run that shows it (:meth:`Finding.to_record`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Literal, Mapping

from dacu.core.i18n import DEFAULT_LANGUAGE, Message, Translator

Severity = Literal["error", "warning"]
Region = tuple[int, int, int, int]


@dataclass(frozen=True)
class Finding:
    """A single problem, as reported in text, JSON and the visual report."""

    rule: str
    severity: Severity
    file: str
    message: str
    key: str | None = None
    line: int | None = None
    image: str | None = None
    region: Region | None = None
    measured: float | None = None
    threshold: float | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)
    source: Message | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The finding as in ``cli.md``: optional fields only where they apply."""
        out: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "file": self.file}
        for name in ("key", "line", "image"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.region is not None:
            out["region"] = list(self.region)
        out["message"] = self.message
        for name in ("measured", "threshold"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        # ``extra`` (colour families, the page of a link) feeds the visual
        # report; the JSON keeps to the documented fields.
        return out

    def to_record(self) -> dict[str, Any]:
        """Every field, JSON-friendly, with the source message: for the cache, workers and replay."""
        out: dict[str, Any] = {name: getattr(self, name) for name in
                               ("rule", "severity", "file", "message", "key", "line", "image",
                                "measured", "threshold")}
        out["region"] = list(self.region) if self.region is not None else None
        out["extra"] = dict(self.extra)
        out["source"] = self.source.to_record() if self.source is not None else None
        return out

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Finding:
        """The finding saved by :meth:`to_record` (its message re-rendered by the collector that takes it)."""
        fields = {k: v for k, v in data.items() if k in _FIELDS}
        if fields.get("region") is not None:
            fields["region"] = tuple(fields["region"])
        if fields.get("source") is not None:
            fields["source"] = Message.from_record(fields["source"])
        fields["extra"] = dict(fields.get("extra") or {})
        return cls(**fields)

    def where(self) -> str:
        """``file:line (key)`` as shown in text output."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
        if self.key:
            place += f" ({self.key})"
        return place

    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.line or 0, self.key or "", self.rule, self.message)


_FIELDS = frozenset(Finding.__dataclass_fields__)


class Findings:
    """Collects findings, applying per-rule severities from the settings.

    ``severities`` maps a rule slug to ``"error"``, ``"warning"`` or ``"off"``;
    rules not named keep the default from the rule catalogue. ``language``
    is the language messages are rendered in (``zh`` by default).
    """

    def __init__(self, severities: Mapping[str, str] | None = None, language: str = DEFAULT_LANGUAGE) -> None:
        self._severities = dict(severities or {})
        self._items: list[Finding] = []
        self._seen: set[Finding] = set()
        self.translate = Translator(language)

    @property
    def language(self) -> str:
        return self.translate.language

    def configure(self, severities: Mapping[str, str], language: str | None = None) -> None:
        """Apply the site's severities and language (read after the collector was made) to all findings."""
        self._severities.update(severities)
        if language is not None and language != self.translate.language:
            self.translate = Translator(language)
        items, self._items, self._seen = self._items, [], set()
        self.extend(items)

    def severity_of(self, rule: str) -> str:
        """The effective severity of ``rule``: error, warning or off."""
        from dacu.core.rules import RULES  # rules imports nothing from here at runtime

        if rule in self._severities:
            return self._severities[rule]
        return RULES[rule].severity

    def add(self, rule: str, file: str, message: Message | str, **fields: Any) -> Finding | None:
        """Record a finding for ``rule``; returns it, or None if the rule is off.

        ``message`` is made with :func:`dacu.core.i18n.msg`, so it is shown in the user's language.
        ``at_most="warning"`` lowers an error to a warning (a rule's finding it can only suspect).
        """
        severity = self.severity_of(rule)
        if severity == "off":
            return None
        if fields.pop("at_most", None) == "warning" and severity == "error":
            severity = "warning"  # a finding its rule can only suspect (a claim with nothing to measure it by)
        if isinstance(fields.get("region"), list):
            fields["region"] = tuple(fields["region"])
        source = message if isinstance(message, Message) else None
        finding = Finding(rule=rule, severity=severity, file=file, message=self.translate(message),  # type: ignore[arg-type]
                          source=source, **fields)
        if finding not in self._seen:  # the same defect reached by two paths is reported once
            self._seen.add(finding)
            self._items.append(finding)
        return finding

    def extend(self, findings: Iterable[Finding]) -> None:
        """Add findings made elsewhere (a worker process, the cache), re-applying severities."""
        for f in findings:
            severity = self.severity_of(f.rule)
            if severity == "off":
                continue
            message = self.translate(f.source) if f.source is not None else f.message
            if severity != f.severity or message != f.message:
                f = Finding(**{**f.__dict__, "severity": severity, "message": message})
            if f not in self._seen:
                self._seen.add(f)
                self._items.append(f)

    def __iter__(self) -> Iterator[Finding]:
        return iter(sorted(self._items, key=Finding.sort_key))

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self if f.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        """True when the build must stop: an error, or with ``strict`` any warning."""
        return any(f.severity == "error" or strict for f in self._items)
