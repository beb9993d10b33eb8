"""Plain cells converted in one step give exactly what their column's field gives them."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dacu.load.plain_values import NOT_PLAIN, plain_reader
from dacu.load.schema import Context, Count, Money, Number, Text
from dacu.model.products import COLUMNS, PLAIN, SheetSku

VALUES = ["199", " 199.90 ", "0", "0.00", "-1", "+5", "1e5", "１２", "٣", "¥199", "1,299", "199元", "00012", "0.96",
          "96", "1.5", "1.", ".5", "1.123456", "9" * 15, "9" * 16, "9" * 15 + ".12345", "9" * 15 + ".123456",
          "是", "否", "TRUE", "yes.0", "包邮", "abc", "A-1_2.x", "-A1", "100012", "has\x01control", " text ",
          "a|b", "曲面屏，长续航", "80%", "9折", "NaN", "Infinity", 199, 1.5, 100012.0, True, None, ""]


def _run(field, name: str, value):
    ctx = Context(ZoneInfo("Asia/Shanghai"))
    return field.run(value, name, ctx), ctx.problems


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_a_plain_cell_converts_as_its_field_converts_it(name: str) -> None:
    taken = 0
    for value in VALUES:
        quick = PLAIN[name](value)
        if quick is NOT_PLAIN:
            continue
        taken += 1
        converted, problems = _run(COLUMNS[name], name, value)
        assert problems == [] and type(quick) is type(converted) and str(quick) == str(converted), (name, value)
    assert taken or name in ("selling_points", "related")   # lists go the field's way


def test_fields_not_known_here_and_bounds_go_the_fields_way() -> None:
    assert plain_reader(SheetSku(), exact=(SheetSku,))("100012") == "100012"
    assert plain_reader(SheetSku())("100012") is NOT_PLAIN     # a subclass not named reads the field's way
    assert plain_reader(type("Odd", (Text,), {})())("x") is NOT_PLAIN     # a subclass may convert otherwise
    assert plain_reader(Money())("0") is NOT_PLAIN                      # not more than 0: the field says so
    assert plain_reader(Count(low=1))("0") is NOT_PLAIN
    assert plain_reader(Number(low=0, high=1))("2") is NOT_PLAIN
    assert plain_reader(Number(low=0, high=1))("0.5") == Decimal("0.5")
