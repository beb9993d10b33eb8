"""The checks over rendered pages, read where each page is rendered and judged in the build's process.

Whatever the number of workers, the batches they get or whether a page was
rendered now or taken over with its cached facts, the findings are those of
checking every page in page order; a page's prices as step functions give
the lowest price a page shows at any moment as reading its markup then does.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from sitekit import PRODUCTS, write_valid_site

NOW = "2026-11-11T10:00"
PYPROJECT = "[tool.dacu.rules.palette-colours]\nmax_families = {families}\nseverity = \"warning\"\n"


def _findings(result):  # type: ignore[no-untyped-def]
    return [(f.to_json(), dict(f.extra)) for f in result.findings]


def _site_with_findings(scratch):  # type: ignore[no-untyped-def]
    """A site whose pages give colour, link and price findings."""
    from dacu.render.theme import PACKAGE_THEMES

    write_valid_site(scratch)
    scratch.write("content/products/100012.md", "## 细节\n[旧款](../100099/) 和 [说明](/nowhere/)\n")
    detail = (PACKAGE_THEMES / "default" / "templates" / "product.html").read_text(encoding="utf-8")
    scratch.write("themes/default/templates/product.html", detail.replace(   # the detail page at half its 到手价
        "{{ price_line(product, detail=True) }}",
        '<b data-sku="{{ product.sku }}" data-price="{{ (price_now(product).final / 2)|yuan }}" '
        'data-price-kind="final">¥{{ (price_now(product).final / 2)|yuan }}</b>'))
    scratch.write("pyproject.toml", PYPROJECT.format(families=1))


def test_findings_are_the_same_with_any_workers_batches_and_cache_state(scratch, monkeypatch):
    from dacu.build import build_site
    from dacu.load.schema import parse_time
    from dacu.render import pages

    _site_with_findings(scratch)
    moment = parse_time(NOW, ZoneInfo("Asia/Shanghai"))
    reference = build_site(scratch.root, now=moment, jobs=1, write=False, language="en")
    rules = {f.rule for f in reference.findings}
    assert {"broken-link", "price-consistency", "palette-colours"} <= rules
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "BATCH_PAGES", 1)   # one page a batch: results come back out of page order
    shutil.rmtree(scratch.root / ".dacu", ignore_errors=True)
    parallel = build_site(scratch.root, now=moment, jobs=2, write=False, language="en")
    assert _findings(parallel) == _findings(reference) and parallel.pages == reference.pages
    # a check reuses every page's facts from the cache: judged as when rendered
    again = build_site(scratch.root, now=moment, jobs=2, write=False, language="en")
    assert again.rendered == 0 and _findings(again) == _findings(reference)


def test_a_build_that_takes_pages_over_checks_them_from_their_cached_facts(scratch, tmp_path):
    from dacu.build import build_site
    from dacu.load.schema import parse_time

    _site_with_findings(scratch)
    scratch.write("pyproject.toml", PYPROJECT.format(families=1) + "".join(   # warnings: the build writes
        f'[tool.dacu.rules.{rule}]\nseverity = "warning"\n' for rule in ("broken-link", "price-consistency")))
    moment = parse_time(NOW, ZoneInfo("Asia/Shanghai"))
    first = build_site(scratch.root, now=moment, jobs=1, language="en")
    assert first.ok and {"broken-link", "price-consistency", "palette-colours"} <= {f.rule for f in first.findings}
    scratch.write("content/products.csv", PRODUCTS.replace(",69,99,", ",59,99,"))  # 100013's price
    warm = build_site(scratch.root, now=moment, jobs=1, language="en")
    assert 0 < warm.rendered < 10
    fresh = tmp_path / "cold"
    shutil.copytree(scratch.root, fresh, ignore=shutil.ignore_patterns("site", ".dacu"))
    cold = build_site(fresh, now=moment, jobs=1, language="en")
    assert _findings(warm) == _findings(cold) and warm.pages == cold.pages


def _shown_lowest(records, sku, at):  # type: ignore[no-untyped-def]
    """The lowest paid price of ``sku`` a page shows at ``at``, read straight from its price records."""
    def state(start, end):  # type: ignore[no-untyped-def]
        start, end = (datetime.fromisoformat(t) if t else None for t in (start, end))
        return "upcoming" if start and at < start else "running" if not end or at <= end else "ended"

    shown = [Decimal(amount) for s, amount, kind, conditions, hidden, own in records
             if s == sku and kind in ("sale", "flash", "final") and not hidden
             and (not own or state(*own) == "running")
             and all(state(start, end) in states.split() for states, start, end in conditions)]
    return min(shown) if shown else None


@pytest.mark.parametrize("seed", range(20))
def test_step_functions_give_the_lowest_price_shown_at_every_moment(seed):
    import random

    from dacu.checks.rendered.price_steps import instant, price_facts, value_at

    rng = random.Random(seed)
    base = datetime(2026, 11, 11, tzinfo=timezone(timedelta(hours=8)))
    zones = [timezone(timedelta(hours=8)), timezone.utc]
    times = [(base + timedelta(hours=rng.randint(-5, 5), milliseconds=rng.choice([0, 1, 999])))
             .astimezone(rng.choice(zones)) for _ in range(6)]

    def time():  # type: ignore[no-untyped-def]
        return rng.choice([None, *(t.isoformat() for t in times)])

    records = [[rng.choice("12"), rng.choice(["90", "100", "100.0", "95.5"]), rng.choice(["final", "sale", "member"]),
                [[rng.choice(["running", "upcoming running", "ended"]), time(), time()]
                 for _ in range(rng.randint(0, 2))], rng.random() < 0.1,
                rng.choice([None, [time(), time()]])] for _ in range(8)]
    lows = price_facts(records)["lows"]
    probes = [t + timedelta(microseconds=d) for t in times for d in (-1, 0, 1)] + [base - timedelta(days=9)]
    for sku in "12":
        for at in probes:
            expected = _shown_lowest(records, sku, at)
            got = value_at(lows[sku], 2 * instant(at)) if sku in lows else None
            assert (Decimal(got) if got is not None else None) == expected, (sku, at)


def test_the_workers_results_stream_in_item_order():
    from dacu.core.parallel import LocalProcesses

    results = LocalProcesses(2).stream(lambda n: n * n, list(range(20)))
    assert next(results) == 0 and list(results) == [n * n for n in range(1, 20)]
