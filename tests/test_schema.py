"""Field conversions: money, rates, times, colours, boxes."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dacu.model.entities import yuan
from dacu.load.schema import Box, Colour, Context, Invalid, Number, parse_money, parse_time

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("raw,expected", [(199, "199"), ("199.90", "199.90"), ("¥1,299", "1299"), ("99元", "99"),
                                          ("￥ 5", "5"), (19.9, "19.9")])
def test_money(raw, expected):
    assert parse_money(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["abc", "", None, True, "nan", "inf"])
def test_money_rejects(raw):
    with pytest.raises(Invalid):
        parse_money(raw)


def test_yuan_formats_like_people_write():
    assert [yuan(Decimal(x)) for x in ("199", "199.90", "19.95", "0.5")] == ["199", "199.9", "19.95", "0.5"]
    # amounts with more places are rounded to the fen (half to even), ints and floats as written
    assert [yuan(Decimal(x)) for x in ("2.675", "2.665", "1E+2", "-0.00")] == ["2.68", "2.66", "100", "-0"]
    assert [yuan(5), yuan(19.9), yuan(0.1 + 0.2)] == ["5", "19.9", "0.3"]


def test_rate_in_percent():
    assert Number(low=0, high=1).convert("97%", "r", Context(TZ)) == Decimal("0.97")


def test_times_with_and_without_offset():
    assert parse_time("2026-11-11T00:00:00+08:00", TZ).utcoffset().total_seconds() == 8 * 3600
    assert parse_time("2026-11-11 00:00", TZ) == datetime(2026, 11, 11, tzinfo=TZ)
    with pytest.raises(Invalid):
        parse_time("11月11日", TZ)


def test_colour_is_normalised():
    assert Colour().convert("#e12", "c", Context(TZ)) == "#EE1122"


def test_box_must_lie_inside():
    assert Box().convert([0, 0, 1, 1], "b", Context(TZ)) == (0.0, 0.0, 1.0, 1.0)
    with pytest.raises(Invalid):
        Box().convert([0.5, 0, 0.6, 1], "b", Context(TZ))
