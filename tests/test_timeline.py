"""A campaign's state at a moment: phase, countdown boundary, flash-sale states."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from dacu.model.entities import Campaign, FlashSale, Phase
from dacu.model.timeline import ENDED, RUNNING, UPCOMING, flash_price, flash_state, moment, next_flash

CST = timezone(timedelta(hours=8))


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=CST)


@pytest.fixture
def campaign():
    return Campaign(slug="d", source="content/d/index.md", title="双11", start=at("2026-10-25T00:00"),
                    end=at("2026-11-12T23:59:59"),
                    phases=[Phase("预热", at("2026-10-25T00:00"), at("2026-10-31T19:59:59")),
                            Phase("高潮", at("2026-11-10T00:00"), at("2026-11-11T23:59:59"))],
                    flash_sales=[FlashSale(at("2026-11-11T00:00"), at("2026-11-11T01:59:59"), ["1"], {"1": Decimal(99)})])


@pytest.mark.parametrize("now,status,phase,boundary,label", [
    ("2026-10-01T00:00", UPCOMING, None, "2026-10-25T00:00", "活动开始"),
    ("2026-10-28T12:00", RUNNING, "预热", "2026-10-31T19:59:59", "预热结束"),
    ("2026-11-05T12:00", RUNNING, None, "2026-11-10T00:00", "高潮开始"),   # between phases
    ("2026-11-11T10:00", RUNNING, "高潮", "2026-11-11T23:59:59", "高潮结束"),
    ("2026-11-12T10:00", RUNNING, None, "2026-11-12T23:59:59", "活动结束"),
    ("2026-11-13T00:00", ENDED, None, None, "活动已结束"),
])
def test_moment(campaign, now, status, phase, boundary, label):
    m = moment(campaign, at(now))
    assert (m.status, m.phase.name if m.phase else None, m.boundary, m.boundary_label) == (
        status, phase, at(boundary) if boundary else None, label)


def test_flash_sale_states_and_prices(campaign):
    sale = campaign.flash_sales[0]
    assert [flash_state(sale, at(t)) for t in ("2026-11-10T23:59", "2026-11-11T00:00", "2026-11-11T02:00")] == [
        UPCOMING, RUNNING, ENDED]
    assert flash_price(campaign, "1", at("2026-11-11T01:00")) == Decimal(99)
    assert flash_price(campaign, "1", at("2026-11-11T03:00")) is None
    assert next_flash(campaign, "1", at("2026-11-10T12:00")) == (sale, Decimal(99))
    assert next_flash(campaign, "1", at("2026-11-11T01:00")) is None
