"""Front matter schema: small field classes that convert and validate.

Like MkDocs' config options, each field type converts one value and reports
what is wrong with it; a :class:`Struct` collects the problems of all its
fields (and unknown keys, with a "did you mean") instead of stopping at the
first. Problems are ``(key path, message)`` pairs; loading turns them into
``front-matter`` findings with the line of the key. Messages are
:func:`dacu.core.i18n.msg` texts, shown in the user's language.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo

from dacu.core.hints import did_you_mean
from dacu.core.i18n import Message, msg
from dacu.load.value_limits import bad_offset, bad_year, control_character, out_of_range, too_many_digits


class Invalid(Exception):
    """A value that cannot be converted; the message says what is expected."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class Context:
    """What fields need while converting: the time zone and the problem list."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self.problems: list[tuple[str, Message]] = []

    def problem(self, path: str, message: Message) -> None:
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
            ctx.problem(path, msg("{key}: {problem}", key=_leaf(path), problem=exc.message))
            return None


def _leaf(path: str) -> str:
    return path.rsplit(".", 1)[-1] if path else "value"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Text(Field):
    def convert(self, value: Any, path: str, ctx: Context) -> str:
        if isinstance(value, (bool, bytes)) or value is None or isinstance(value, (list, dict, set)):
            raise Invalid(msg("expected text, got {value}", value=_show(value)))
        text = str(value).strip()
        if (problem := control_character(text)) is not None:
            raise Invalid(problem)
        if self.required and not text:
            raise Invalid(msg("must not be empty"))
        return text


SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: What separates the items of a list written in one cell or one line: | and
#: the commas people type in Chinese text (，、) as well as ASCII ones.
LIST_SEPARATORS = re.compile(r"\s*[|｜,，、;；]\s*")


class Sku(Field):
    """A SKU is text: numbers from YAML (100012) are taken as their digits."""

    def convert(self, value: Any, path: str, ctx: Context) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise Invalid(msg("expected a SKU, got {value}", value=_show(value)))
        sku = str(value).strip()
        if not SKU_PATTERN.match(sku):
            if len(LIST_SEPARATORS.split(sku)) > 1:
                raise Invalid(msg('"{sku}" holds several SKUs: write them as a list, e.g. [{example}]',
                                  sku=sku, example=", ".join(f'"{p}"' for p in LIST_SEPARATORS.split(sku) if p)))
            raise Invalid(msg('"{sku}" is not a valid SKU (letters, digits, ".", "_" and "-" only)', sku=sku))
        return sku


def parse_money(value: Any) -> Decimal:
    """Yuan as Decimal: accepts 199, 199.9, "¥1,299.00", "199元"."""
    if isinstance(value, bool) or value is None:
        raise Invalid(msg("expected an amount in yuan, got {value}", value=_show(value)))
    amount = _decimal(value)
    if amount is None:
        raise Invalid(msg("expected an amount in yuan such as 199 or 199.90, got {value}", value=_show(value)))
    if out_of_range(amount):
        raise Invalid(too_many_digits())
    return amount


def _decimal(value: Any) -> Decimal | None:
    """A finite number written as people write amounts (¥1,299.00, 199元), or None."""
    try:
        text = str(value).strip().replace(",", "").replace("，", "")
    except ValueError:  # an int past Python's 4,300-digit limit
        raise Invalid(too_many_digits()) from None
    text = text.lstrip("¥￥").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


class Money(Field):
    def __init__(self, positive: bool = True, **kw: Any) -> None:
        super().__init__(**kw)
        self.positive = positive

    def convert(self, value: Any, path: str, ctx: Context) -> Decimal:
        amount = parse_money(value)
        if self.positive and amount <= 0:
            raise Invalid(msg("must be more than 0, got {value}", value=amount))
        return amount


class Number(Field):
    """A plain number (a rate such as 0.8); "80%" is accepted as 0.8.

    A rate (``rate=True``, between 0 and 1) explains the ways people write
    rates in Chinese: "9折" is 0.9 of the price, and a rate of 95 is 95% = 0.95.
    """

    def __init__(self, low: float | None = None, high: float | None = None, as_float: bool = False,
                 rate: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.low, self.high, self.as_float, self.rate = low, high, as_float, rate

    def run(self, value: Any, path: str, ctx: Context) -> Any:
        number = super().run(value, path, ctx)
        return float(number) if self.as_float and number is not None else number

    def convert(self, value: Any, path: str, ctx: Context) -> Decimal:
        text = str(value).strip() if not isinstance(value, bool) and value is not None else ""
        if self.rate and text.endswith("折"):
            tenths = _decimal(text[:-1])
            # 9折 = 0.9, 8.5折 = 0.85, 85折 = 0.85 (how shops write it)
            shown = tenths / 10 if tenths is not None and tenths < 10 else (tenths / 100 if tenths else None)
            if shown is not None and 0 < shown < 1:
                raise Invalid(msg('write {value} as {rate}: a rate is the share of the price paid (0.8 = 8折)',
                                  value=text, rate=format(shown.normalize(), "f")))
        if text.endswith("%"):
            number = _decimal(text[:-1])
            number = number / 100 if number is not None else None
        else:
            number = _decimal(value) if text else None
        if number is None:
            if self.rate:
                raise Invalid(msg("expected a rate such as 0.8 (= 8折) or 80%, got {value}", value=_show(value)))
            raise Invalid(msg("expected a number such as 0.8, got {value}", value=_show(value)))
        if self.low is not None and number < Decimal(str(self.low)):
            raise Invalid(msg("must be at least {low}, got {value}", low=self.low, value=number))
        if self.high is not None and number > Decimal(str(self.high)):
            if self.rate and number <= 100:
                raise Invalid(msg("a rate is at most 1, got {value}: write {percent} or {fraction} "
                                  "({percent} = {fraction})", value=number, percent=format(number, "f") + "%",
                                  fraction=format((number / 100).normalize(), "f")))
            raise Invalid(msg("must be at most {high}, got {value}", high=self.high, value=number))
        return number


class Count(Field):
    """A whole number of pieces."""

    def __init__(self, low: int = 0, **kw: Any) -> None:
        super().__init__(**kw)
        self.low = low

    def convert(self, value: Any, path: str, ctx: Context) -> int:
        if isinstance(value, bool):
            raise Invalid(msg("expected a whole number, got {value}", value=_show(value)))
        number = _decimal(value)   # finite, with at most the digits a count can have
        if number is None or out_of_range(number):
            raise Invalid(too_many_digits() if number is not None else
                          msg("expected a whole number, got {value}", value=_show(value)))
        if number != number.to_integral_value():
            raise Invalid(msg("expected a whole number, got {value}", value=_show(value)))
        if number < self.low:
            raise Invalid(msg("must be at least {low}, got {value}", low=self.low, value=number))
        return int(number)


_DATE_ONLY = re.compile(r"^\d{4}-\d\d-\d\d$")


def parse_time(value: Any, tz: ZoneInfo, end_of_day: bool = False) -> datetime:
    """ISO 8601; a time without an offset is in the site's time zone.

    A date without a time is the start of that day, or with ``end_of_day``
    its last second (23:59:59): ``end: 2027-06-20`` includes the 20th.
    """
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        if (offset_problem := bad_offset(text)) is not None:
            raise Invalid(offset_problem)
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", text) else text)
        except ValueError:
            raise Invalid(msg("expected a time such as 2026-11-11T00:00:00+08:00, got {value}",
                              value=_show(value))) from None
        if end_of_day and _DATE_ONLY.match(text):
            moment = moment.replace(hour=23, minute=59, second=59)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    if (year_problem := bad_year(moment)) is not None:
        raise Invalid(year_problem)
    return moment


class Time(Field):
    """A moment; a date alone is its day's start, or its end (23:59:59) for a key named ``end`` or ``*_end``."""

    def convert(self, value: Any, path: str, ctx: Context) -> datetime:
        return parse_time(value, ctx.tz, end_of_day=_leaf(path).endswith("end"))


class Flag(Field):
    """yes/no, 是/否, true/false, 1/0 (Excel writes TRUE/FALSE; YAML 1.2 leaves yes/no as words)."""

    _YES = {"yes", "y", "true", "1", "是", "有", "支持", "✓", "√", "包邮"}
    _NO = {"no", "n", "false", "0", "否", "无", "不支持", "✗", "×", "不包邮"}

    def convert(self, value: Any, path: str, ctx: Context) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text.endswith(".0"):
            text = text[:-2]
        if text in self._YES:
            return True
        if text in self._NO:
            return False
        raise Invalid(msg("expected yes or no (also 是/否, true/false, 1/0), got {value}", value=_show(value)))


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class Colour(Field):
    """A hex colour; normalised to upper-case #RRGGBB."""

    def convert(self, value: Any, path: str, ctx: Context) -> str:
        text = str(value).strip() if isinstance(value, str) else ""
        if not _HEX.match(text):
            raise Invalid(msg('expected a hex colour such as "#E1251B" (in quotes: YAML reads # as a comment), '
                              'got {value}', value=_show(value)))
        if len(text) == 4:
            text = "#" + "".join(c * 2 for c in text[1:])
        return text.upper()


class Box(Field):
    """x, y, w, h as fractions of the image, inside the image."""

    def convert(self, value: Any, path: str, ctx: Context) -> tuple[float, float, float, float]:
        if not isinstance(value, list) or len(value) != 4 or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            raise Invalid(msg("expected [x, y, w, h] as fractions of the image, e.g. [0.06, 0.55, 0.88, 0.30], "
                              "got {value}", value=_show(value)))
        x, y, w, h = (float(v) for v in value)
        if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 and 0 < h <= 1) or x + w > 1.0001 or y + h > 1.0001:
            raise Invalid(msg("the box {value} must lie inside the image: 0 ≤ x, y and x + w, y + h ≤ 1",
                              value=_show(value)))
        return (x, y, w, h)


class ListOf(Field):
    def __init__(self, item: Field, **kw: Any) -> None:
        super().__init__(**kw)
        self.item = item

    def convert(self, value: Any, path: str, ctx: Context) -> list[Any]:
        if isinstance(value, str) and isinstance(self.item, Sku) and value.strip():
            # "100012，100013" or "100012、100013": the SKUs as people type them in one line
            value = [part for part in LIST_SEPARATORS.split(value.strip()) if part]
        if not isinstance(value, list):
            raise Invalid(msg("expected a list, got {value}", value=_show(value)))
        items = [self.item.run(v, f"{path}[{i}]", ctx) for i, v in enumerate(value)]
        return [v for v in items if v is not None]


class Pair(Field):
    """A two-element list such as a tier [threshold, discount]."""

    def __init__(self, first: Field, second: Field, example: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.first, self.second, self.example = first, second, example

    def convert(self, value: Any, path: str, ctx: Context) -> tuple[Any, Any]:
        if not isinstance(value, list) or len(value) != 2:
            raise Invalid(msg("expected a pair such as {example}, got {value}", example=self.example, value=_show(value)))
        return (self.first.convert(value[0], path, ctx), self.second.convert(value[1], path, ctx))


class MapOf(Field):
    """A mapping with free keys (e.g. flash prices by SKU)."""

    def __init__(self, key: Field, value: Field, **kw: Any) -> None:
        super().__init__(**kw)
        self.key, self.value = key, value

    def convert(self, value: Any, path: str, ctx: Context) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise Invalid(msg("expected a mapping, got {value}", value=_show(value)))
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
            raise Invalid(msg("expected a mapping of keys, got {value}", value=_show(value)))
        return self.convert_mapping(value, path, ctx)

    def convert_mapping(self, value: Mapping[str, Any], path: str, ctx: Context) -> Any:
        out: dict[str, Any] = {}
        ok = True
        for key in value:
            if key not in self.fields:
                child = f"{path}.{key}" if path else str(key)
                ctx.problem(child, msg('unknown key "{key}": {hint}', key=str(key), hint=did_you_mean(str(key), self.fields)))
        for name, spec in self.fields.items():
            child = f"{path}.{name}" if path else name
            if name not in value or value[name] is None:
                if spec.required:
                    if path:
                        ctx.problem(path, msg('the required key "{key}" is missing in {where}', key=name, where=path))
                    else:
                        ctx.problem(path, msg('the required key "{key}" is missing', key=name))
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
            raise Invalid(msg("expected a mapping with a type, got {value}", value=_show(value)))
        kind = value.get("type")
        if not isinstance(kind, str) or kind not in self.variants:
            close = did_you_mean(str(kind), self.variants) if kind else None
            useful = close is not None and not close.text.startswith("valid keys")
            hint = close if useful and close is not None else msg("valid types: {types}", types=sorted(self.variants))
            raise Invalid(msg("unknown promotion type {kind}: {hint}", kind=_show(kind), hint=hint))
        rest = {k: v for k, v in value.items() if k != "type"}
        return self.variants[kind].convert_mapping(rest, path, ctx)
