"""Front matter schema: small field classes that convert and validate.

Like MkDocs' config options, each field type converts one value and reports
what is wrong with it; a :class:`Struct` collects the problems of all its
fields (and unknown keys, with a "did you mean") instead of stopping at the
first. Problems are ``(key path, message)`` pairs; loading turns them into
``front-matter`` findings with the line of the key.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo

from dacu.core.hints import did_you_mean
from dacu.load.numbers import out_of_range, too_many_digits


class Invalid(Exception):
    """A value that cannot be converted; the message says what is expected."""


class Context:
    """What fields need while converting: the time zone and the problem list."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self.problems: list[tuple[str, str]] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append((path, message))


class Field:
    """Base field: ``convert`` returns the value or raises :class:`Invalid`."""

    def __init__(self, required: bool = False, default: Any = None) -> None:
        self.required = required
        self.default = default

    def convert(self, value: Any, path: str, ctx: Context) -> Any:
        return value

    def run(self, value: Any, path: str, ctx: Context) -> Any:
        try:
            return self.convert(value, path, ctx)
        except Invalid as exc:
            ctx.problem(path, f"{_leaf(path)}: {exc}")
            return None


def _leaf(path: str) -> str:
    return path.rsplit(".", 1)[-1] if path else "value"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Text(Field):
    def convert(self, value: Any, path: str, ctx: Context) -> str:
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            raise Invalid(f"expected text, got {_show(value)}")
        text = str(value).strip()
        if self.required and not text:
            raise Invalid("must not be empty")
        return text


SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class Sku(Field):
    """A SKU is text: numbers from YAML (100012) are taken as their digits."""

    def convert(self, value: Any, path: str, ctx: Context) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise Invalid(f"expected a SKU, got {_show(value)}")
        sku = str(value).strip()
        if not SKU_PATTERN.match(sku):
            raise Invalid(f'"{sku}" is not a valid SKU (letters, digits, ".", "_" and "-" only)')
        return sku


def parse_money(value: Any) -> Decimal:
    """Yuan as Decimal: accepts 199, 199.9, "¥1,299.00", "199元"."""
    if isinstance(value, bool) or value is None:
        raise Invalid(f"expected an amount in yuan, got {_show(value)}")
    try:
        text = str(value).strip().replace(",", "").replace("，", "")
    except ValueError:  # an int past Python's 4,300-digit limit
        raise Invalid(str(too_many_digits())) from None
    text = text.lstrip("¥￥").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise Invalid(f"expected an amount in yuan such as 199 or 199.90, got {_show(value)}") from None
    if not amount.is_finite():
        raise Invalid(f"expected an amount in yuan, got {_show(value)}")
    if out_of_range(amount):
        raise Invalid(str(too_many_digits()))
    return amount


class Money(Field):
    def __init__(self, positive: bool = True, **kw: Any) -> None:
        super().__init__(**kw)
        self.positive = positive

    def convert(self, value: Any, path: str, ctx: Context) -> Decimal:
        amount = parse_money(value)
        if self.positive and amount <= 0:
            raise Invalid(f"must be more than 0, got {amount}")
        return amount


class Number(Field):
    """A plain number (a rate such as 0.8); "80%" is accepted as 0.8."""

    def __init__(self, low: float | None = None, high: float | None = None, as_float: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.low, self.high, self.as_float = low, high, as_float

    def run(self, value: Any, path: str, ctx: Context) -> Any:
        number = super().run(value, path, ctx)
        return float(number) if self.as_float and number is not None else number

    def convert(self, value: Any, path: str, ctx: Context) -> Decimal:
        if isinstance(value, str) and value.strip().endswith("%"):
            number = parse_money(value.strip()[:-1]) / 100
        else:
            number = parse_money(value)
        if self.low is not None and number < Decimal(str(self.low)):
            raise Invalid(f"must be at least {self.low}, got {number}")
        if self.high is not None and number > Decimal(str(self.high)):
            raise Invalid(f"must be at most {self.high}, got {number}")
        return number


class Count(Field):
    """A whole number of pieces."""

    def __init__(self, low: int = 0, **kw: Any) -> None:
        super().__init__(**kw)
        self.low = low

    def convert(self, value: Any, path: str, ctx: Context) -> int:
        if isinstance(value, bool):
            raise Invalid(f"expected a whole number, got {_show(value)}")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise Invalid(f"expected a whole number, got {_show(value)}") from None
        except ValueError:  # an int past Python's 4,300-digit limit
            raise Invalid(str(too_many_digits())) from None
        if not number.is_finite():
            raise Invalid(f"expected a whole number, got {_show(value)}")
        if out_of_range(number):
            raise Invalid(str(too_many_digits()))
        if number != number.to_integral_value():
            raise Invalid(f"expected a whole number, got {_show(value)}")
        if number < self.low:
            raise Invalid(f"must be at least {self.low}, got {number}")
        return int(number)


def parse_time(value: Any, tz: ZoneInfo) -> datetime:
    """ISO 8601; a time without an offset is in the site's time zone."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", text) else text)
        except ValueError:
            raise Invalid(f"expected a time such as 2026-11-11T00:00:00+08:00, got {_show(value)}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment


class Time(Field):
    def convert(self, value: Any, path: str, ctx: Context) -> datetime:
        return parse_time(value, ctx.tz)


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class Colour(Field):
    """A hex colour; normalised to upper-case #RRGGBB."""

    def convert(self, value: Any, path: str, ctx: Context) -> str:
        text = str(value).strip() if isinstance(value, str) else ""
        if not _HEX.match(text):
            raise Invalid(f'expected a hex colour such as "#E1251B" (in quotes: YAML reads # as a comment), got {_show(value)}')
        if len(text) == 4:
            text = "#" + "".join(c * 2 for c in text[1:])
        return text.upper()


class Box(Field):
    """x, y, w, h as fractions of the image, inside the image."""

    def convert(self, value: Any, path: str, ctx: Context) -> tuple[float, float, float, float]:
        if not isinstance(value, list) or len(value) != 4 or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            raise Invalid(f"expected [x, y, w, h] as fractions of the image, e.g. [0.06, 0.55, 0.88, 0.30], got {_show(value)}")
        x, y, w, h = (float(v) for v in value)
        if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 and 0 < h <= 1) or x + w > 1.0001 or y + h > 1.0001:
            raise Invalid(f"the box {_show(value)} must lie inside the image: 0 ≤ x, y and x + w, y + h ≤ 1")
        return (x, y, w, h)


class ListOf(Field):
    def __init__(self, item: Field, **kw: Any) -> None:
        super().__init__(**kw)
        self.item = item

    def convert(self, value: Any, path: str, ctx: Context) -> list[Any]:
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {_show(value)}")
        items = [self.item.run(v, f"{path}[{i}]", ctx) for i, v in enumerate(value)]
        return [v for v in items if v is not None]


class Pair(Field):
    """A two-element list such as a tier [threshold, discount]."""

    def __init__(self, first: Field, second: Field, example: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.first, self.second, self.example = first, second, example

    def convert(self, value: Any, path: str, ctx: Context) -> tuple[Any, Any]:
        if not isinstance(value, list) or len(value) != 2:
            raise Invalid(f"expected a pair such as {self.example}, got {_show(value)}")
        return (self.first.convert(value[0], path, ctx), self.second.convert(value[1], path, ctx))


class MapOf(Field):
    """A mapping with free keys (e.g. flash prices by SKU)."""

    def __init__(self, key: Field, value: Field, **kw: Any) -> None:
        super().__init__(**kw)
        self.key, self.value = key, value

    def convert(self, value: Any, path: str, ctx: Context) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping, got {_show(value)}")
        out = {}
        for k, v in value.items():
            key = self.key.run(k, f"{path}.{k}", ctx)
            val = self.value.run(v, f"{path}.{k}", ctx)
            if key is not None and val is not None:
                out[key] = val
        return out


class Struct(Field):
    """A mapping with known keys; unknown keys are problems with a hint."""

    def __init__(self, fields: Mapping[str, Field], build: Callable[..., Any] | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.fields = fields
        self.build = build

    def convert(self, value: Any, path: str, ctx: Context) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping of keys, got {_show(value)}")
        return self.convert_mapping(value, path, ctx)

    def convert_mapping(self, value: Mapping[str, Any], path: str, ctx: Context) -> Any:
        out: dict[str, Any] = {}
        ok = True
        for key in value:
            if key not in self.fields:
                child = f"{path}.{key}" if path else str(key)
                ctx.problem(child, f'unknown key "{key}": {did_you_mean(str(key), self.fields)}')
        for name, spec in self.fields.items():
            child = f"{path}.{name}" if path else name
            if name not in value or value[name] is None:
                if spec.required:
                    where = f" in {path}" if path else ""
                    ctx.problem(path, f'the required key "{name}" is missing{where}')
                    ok = False
                elif spec.default is not None:
                    out[name] = spec.default() if callable(spec.default) else spec.default
                continue
            converted = spec.run(value[name], child, ctx)
            if converted is None and spec.required:
                ok = False
            if converted is not None:
                out[name] = converted
        if not ok:
            return None
        return self.build(**out) if self.build else out


class Tagged(Field):
    """A mapping whose ``type`` key selects its :class:`Struct`."""

    def __init__(self, variants: Mapping[str, Struct], **kw: Any) -> None:
        super().__init__(**kw)
        self.variants = variants

    def convert(self, value: Any, path: str, ctx: Context) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping with a type, got {_show(value)}")
        kind = value.get("type")
        if not isinstance(kind, str) or kind not in self.variants:
            hint = did_you_mean(str(kind), self.variants) if kind else "valid types: " + ", ".join(self.variants)
            raise Invalid(f'unknown promotion type {_show(kind)}: {hint}'.replace("valid keys", "valid types"))
        rest = {k: v for k, v in value.items() if k != "type"}
        return self.variants[kind].convert_mapping(rest, path, ctx)
