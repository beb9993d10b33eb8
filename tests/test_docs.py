"""The docs that are generated from code stay in sync with it."""

from dacu.core.rules import RULES, markdown_docs
from sitekit import REPO_ROOT


def test_rules_doc_is_generated_from_the_registry():
    assert (REPO_ROOT / "docs/rules.md").read_text(encoding="utf-8") == markdown_docs(), \
        "docs/rules.md is stale: run python -m dacu.core.rules > docs/rules.md"


def test_the_chinese_rules_doc_is_generated_from_the_registry():
    text = (REPO_ROOT / "docs/rules.zh.md").read_text(encoding="utf-8")
    assert text == markdown_docs("zh"), "docs/rules.zh.md is stale: run python -m dacu.core.rules zh > docs/rules.zh.md"
    assert "## 图片" in text and "**原因：**平台会把主图裁成正方形" in text


def test_every_spec_slug_is_in_the_registry():
    spec = {"image-unreadable", "main-image-square", "main-image-size", "main-image-white-background",
            "main-image-count", "detail-image-portrait", "detail-image-width", "hero-image-width", "text-contrast",
            "busy-background", "image-weight", "palette-colours", "palette-contrast", "background-lightness",
            "front-matter", "product-data", "unknown-sku", "price-anchor", "promotion-tiers", "promotion-rules",
            "schedule", "below-cost", "review-eligibility", "out-of-stock", "selling-points", "broken-link",
            "offer-scope", "price-claim", "presale", "price-consistency"}
    assert spec <= set(RULES)
