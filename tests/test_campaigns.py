"""Campaign and venue front matter: conversion and front-matter findings."""

from decimal import Decimal

from dacu.model.campaigns import load_campaigns
from dacu.core.findings import Findings
from dacu.core.settings import Settings
from sitekit import CAMPAIGN, VENUE



def load(scratch):
    findings = Findings(language="en")
    campaigns = load_campaigns(Settings(root=scratch.root), findings)
    return campaigns, [(f.file, f.line, f.key, f.message) for f in findings]


def test_valid_campaign_and_venue(scratch):
    scratch.write("content/double11/index.md", CAMPAIGN)
    scratch.write("content/double11/smart-life.md", VENUE)
    [campaign], findings = load(scratch)
    assert findings == []
    assert campaign.slug == "double11" and campaign.title == "双11测试会场"
    assert campaign.start.isoformat() == "2026-10-25T00:00:00+08:00"
    assert campaign.promotions[0].tiers == [(Decimal(99), Decimal(10)), (Decimal(199), Decimal(25)), (Decimal(299), Decimal(60))]
    assert campaign.flash_sales[0].prices == {"100012": Decimal(159)}
    assert campaign.venues[0].slug == "smart-life"
    assert campaign.venues[0].palette["primary"] == "#E1251B"  # inherited
    assert "<h2>活动规则</h2>" in campaign.body_html


def test_time_without_offset_is_in_the_site_time_zone(scratch):
    scratch.write("content/c/index.md", "---\ntitle: t\nstart: 2026-11-01 00:00\nend: 2026-11-02T00:00\n---\n")
    [campaign], _ = load(scratch)
    assert campaign.start.isoformat() == "2026-11-01T00:00:00+08:00"


def test_every_problem_is_collected_with_its_line_and_key(scratch):
    scratch.write("content/c/index.md", """\
---
title: 测试
start: 2026-11-01T00:00:00+08:00
slogn: 全场五折
palette:
  primary: E1251B
hero:
  text_box: [0.5, 0.5, 0.8, 0.2]
promotions:
  - {type: tiered, tiers: [[99, 10], [199]]}
  - {type: coupon, amount: 5}
floors:
  - {category: 手机}
---
""")
    campaigns, findings = load(scratch)
    assert campaigns == []
    assert findings == [
        ("content/c/index.md", 2, None, 'the required key "end" is missing'),
        ("content/c/index.md", 4, "slogn", 'unknown key "slogn": did you mean "slogan"?'),
        ("content/c/index.md", 6, "palette.primary", 'primary: expected a hex colour such as "#E1251B" '
         "(in quotes: YAML reads # as a comment), got 'E1251B'"),
        ("content/c/index.md", 8, "hero.text_box", "text_box: the box [0.5, 0.5, 0.8, 0.2] must lie inside the image: "
         "0 ≤ x, y and x + w, y + h ≤ 1"),
        ("content/c/index.md", 10, "promotions[0].tiers[1]", "tiers[1]: expected a pair such as [199, 25], got [199]"),
        ("content/c/index.md", 11, "promotions[1]", "promotions[1]: unknown promotion type 'coupon': valid types: "
         "add_on, bundle, gift, n_free, percent_off, tiered"),
        ("content/c/index.md", 13, "floors[0]", 'the required key "title" is missing in floors[0]'),
    ]


def test_yaml_syntax_error_is_one_finding(scratch):
    scratch.write("content/c/index.md", "---\ntitle: [\n---\n")
    campaigns, findings = load(scratch)
    assert campaigns == [] and len(findings) == 1
    assert findings[0][:2] == ("content/c/index.md", 3)  # where the parser ran out: the closing ---
    assert findings[0][3].startswith("the front matter is not valid YAML")


def test_venue_rejects_campaign_only_keys(scratch):
    scratch.write("content/c/index.md", "---\ntitle: t\nstart: 2026-11-01\nend: 2026-11-02\n---\n")
    scratch.write("content/c/v.md", "---\ntitle: v\ncoupons: []\n---\n")
    _, findings = load(scratch)
    assert findings == [("content/c/v.md", 3, "coupons", 'unknown key "coupons": valid keys: end, floors, hero, palette, start, title')]


def test_folder_without_index_is_reported(scratch):
    scratch.write("content/c/v.md", "---\ntitle: v\n---\n")
    _, findings = load(scratch)
    assert findings == [("content/c", None, None, "c/ has venue pages but no index.md: add content/c/index.md "
                         "with the campaign's title, start and end")]
