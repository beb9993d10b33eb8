"""The rule catalogue: every check dacu runs, by its stable slug.

This registry is the single source for severities, thresholds and the
user-facing explanation of each rule; ``docs/rules.md`` is generated from it
(``python -m dacu.core.rules > docs/rules.md``, and in Chinese
``python -m dacu.core.rules zh > docs/rules.zh.md``) so the docs cannot drift
from the code. A site changes a rule in ``[tool.dacu.rules]``, either its severity::

    [tool.dacu.rules]
    busy-background = "off"

or its severity and thresholds::

    [tool.dacu.rules.text-contrast]
    severity = "warning"
    min_ratio = 3.0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from dacu.core.i18n import Message, Translator, msg

SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True)
class Rule:
    """One check: its slug, default severity, thresholds and documentation.

    The texts are messages (:func:`dacu.core.i18n.msg`): the report shows them
    in the run's language, ``docs/rules.md`` in English and ``docs/rules.zh.md``
    in Chinese.
    """

    slug: str
    severity: str
    group: Message
    summary: Message       # what the rule checks
    why: Message           # why it matters to a shopper or the platform
    fix: Message           # what to change
    thresholds: Mapping[str, float] = field(default_factory=dict)


# The groups of the catalogue, in the order docs/rules.md shows them.
IMAGES = msg("Images")
COLOURS = msg("Colours")
CONTENT = msg("Content")
PROMOTIONS = msg("Promotions")
OUTPUT = msg("Output")


def _rule(slug: str, severity: str, group: Message, summary: Message, why: Message, fix: Message,
          **thresholds: float) -> Rule:
    return Rule(slug, severity, group, summary, why, fix, MappingProxyType(thresholds))


_ALL = [
    # -- images ---------------------------------------------------------------
    _rule("image-unreadable", "error", IMAGES,
          msg("An image is missing, truncated, corrupt, unsupported, a decompression bomb, or its path leaves assets/."),
          msg("A page with a broken image looks broken to every shopper; a path outside assets/ could publish private files."),
          msg("Check the path (relative to assets/), re-export the file as JPEG or PNG, and keep it inside assets/.")),
    _rule("main-image-square", "error", IMAGES,
          msg("A product main image (主图) is square within a tolerance."),
          msg("Platforms crop main images to squares; a non-square image loses its edges in listings."),
          msg("Crop or pad the image to a square canvas."), tolerance=0.01),
    _rule("main-image-size", "error", IMAGES,
          msg("A product main image is at least this many pixels on each side."),
          msg("Platforms enable zoom only from 800 × 800 px; smaller images look soft on 3× phones."),
          msg("Export the main image at 800 × 800 px or more."), min_px=800),
    _rule("main-image-white-background", "error", IMAGES,
          msg("The first main image has a white background: enough of the border strip is near-white."),
          msg("The first main image is the front on a white background; platforms reject other backgrounds."),
          msg("Shoot or cut out the product on pure white (#FFFFFF) and leave a white margin around it."),
          strip=0.02, share=0.99, min_channel=250),
    _rule("main-image-count", "warning", IMAGES,
          msg("A product has at least this many main images (front, back, packaging, two details)."),
          msg("Five main images answer the shopper's questions before they scroll; fewer lower conversion."),
          msg("Add main-1.jpg … main-5.jpg under assets/products/<sku>/."), min_count=5),
    _rule("detail-image-portrait", "warning", IMAGES,
          msg("A detail image (详情图) is not landscape."),
          msg("Mobile detail pages stack portrait slices top to bottom (上下结构); a landscape slice shrinks to a strip."),
          msg("Re-cut the detail image as a portrait slice, e.g. 750 × 1000 px.")),
    _rule("detail-image-width", "error", IMAGES,
          msg("A detail image is at least this wide."),
          msg("Detail images fill the phone's width; below 750 px they are blurry on a 2× screen."),
          msg("Export detail images at 750 px wide or more."), min_px=750),
    _rule("hero-image-width", "error", IMAGES,
          msg("A hero image (头图) is at least this wide."),
          msg("The hero fills the width of the landing page; below 750 px it is blurry on a 2× screen."),
          msg("Export the hero at 750 px wide or more (1125 px for 3× phones)."), min_px=750),
    _rule("text-contrast", "error", IMAGES,
          msg("Text drawn over an image keeps a WCAG 2 contrast ratio against the pixels under its box."),
          msg("A title that melts into the picture is not read in the 10 seconds a shopper decides in."),
          msg("Move text_box to a calmer, darker or lighter area, change text_color, or darken the image under the text."),
          min_ratio=4.5, large_ratio=3.0, percentile=5, margin=0.02),
    _rule("busy-background", "warning", IMAGES,
          msg("The region under text is calm: low luminance spread and few edges."),
          msg("Domain rule: use a simple background behind words (no gravel and grass behind a headline)."),
          msg("Place the text over a plain or gently graded area, or blur/darken the image there."),
          max_spread=0.30, max_edge_density=0.12),
    _rule("image-weight", "warning", IMAGES,
          msg("A source image stays under a size, and each produced variant under its byte budget."),
          msg("Phones on mobile data pay for every byte; heavy pages lose the shopper before they load."),
          msg("Re-export the image with stronger compression or smaller dimensions."),
          max_source_mb=5.0, max_variant_kb=300.0),
    _rule("text-fit", "error", IMAGES,
          msg("Text set inside a box on an image (the hero's title and slogan in text_box) fits it at every phone "
              "width from min_width to max_width CSS px without being cut or shrunk below a legible size."),
          msg("The hero is the first thing a shopper sees; a title cut off at the edge of its box looks broken."),
          msg("Shorten the title or slogan, or make text_box wider or taller (the message gives the sizes)."),
          min_width=360, max_width=430, min_title_px=20, min_slogan_px=14),
    # -- colours --------------------------------------------------------------
    _rule("palette-colours", "error", COLOURS,
          msg("A page uses at most this many chromatic colour families (neutrals are free). One hue in several "
              "lightnesses or saturations is one family: a red, its pale tint and its dark shade count once "
              "(#E1251B, #FBC9C6, #8A1610; #E60012, #FF3B30)."),
          msg("Domain rule: 页面设计，要求使用颜色在三种以内: more colours make a phone page look cheap and noisy; "
              "把色彩变淡或者加深 keeps one colour."),
          msg("Drop or merge colours so the palette, theme CSS and inline styles use at most three colour families: "
              "use a tint or shade of a palette colour instead of a new hue."),
          # neutral: OKLCH chroma below neutral_chroma; one family: OKLCH hues within
          # family_hue degrees, whatever their lightness (see dacu/core/colour.py)
          max_families=3, neutral_chroma=0.03, family_hue=20.0),
    _rule("palette-contrast", "error", COLOURS,
          msg("Text/background pairs of the palette and theme pass WCAG AA."),
          msg("Shoppers read prices in sunlight on small screens; low contrast text is skipped."),
          msg("Darken the text colour or lighten the background (or the other way round) until the ratio passes; "
              "the message names the contrast partner on the 0–240 lightness scale (y ≥ 148 pairs with y − 148, "
              "y ≤ 92 with y + 148)."),
          min_ratio=4.5, large_ratio=3.0),
    _rule("background-lightness", "warning", COLOURS,
          msg("A large background colour avoids HSL lightness between 38% and 61% (92–147 on the 0–240 scale)."),
          msg("Domain rule: mid-lightness backgrounds glare on a phone screen."),
          msg("Choose a background with a lightness below 38%, or above 61%."),
          low=0.38, high=0.61),
    # -- content and promotions -----------------------------------------------
    _rule("front-matter", "error", CONTENT,
          msg("Front matter parses as YAML, has the required keys with the right types, and no unknown key."),
          msg("A typo in a key silently drops a section from the page; dacu says so instead."),
          msg("Fix the YAML at the given line, or rename the key as suggested.")),
    _rule("product-data", "error", CONTENT,
          msg("Every product row has its required fields, well formed, and a unique SKU; every sheet is readable."),
          msg("Operators export the sheet from Excel; a shifted column or a duplicated SKU publishes wrong prices."),
          msg("Fix the cell at the given sheet, row and column.")),
    _rule("unknown-sku", "error", CONTENT,
          msg("Every SKU named by a campaign, venue, floor, flash sale, bundle, add-on or related list exists, "
              "and every floor category is the category of some product."),
          msg("A promoted SKU that no sheet has becomes a dead tile on the page; a floor whose category no product "
              "has silently vanishes."),
          msg("Add the SKU to the product sheet or correct the reference (or the floor's category, as suggested).")),
    _rule("price-anchor", "error", CONTENT,
          msg("The strikethrough price (划线价) is above the sale price; member (会员价) and flash prices are below it; every price is above zero."),
          msg("A strikethrough price at or below the sale price is misleading advertising; a member or flash price that is not lower is no offer."),
          msg("Raise original_price above price (or leave it empty); lower member_price or the flash price below price.")),
    _rule("promotion-tiers", "error", PROMOTIONS,
          msg("Tiered offers (满减) have rising thresholds, a strictly rising discount rate, and discounts below thresholds."),
          msg("Domain rule: 平级阶梯促销是很不合理的: a flat or falling tier gives shoppers no reason to spend more."),
          msg("Make each tier's discount / threshold larger than the tier before it.")),
    _rule("promotion-rules", "error", PROMOTIONS,
          msg("Other offers are possible: n_free, percent_off, add_on, bundle, gift and coupon arithmetic."),
          msg("An offer that cannot be honoured costs money or trust on launch day."),
          msg("Correct the numbers of the offer as the message says.")),
    _rule("schedule", "error", CONTENT,
          msg("Phases are in order, do not overlap and lie inside the campaign; flash sales, coupons, promotions and venues with their own dates lie inside it; ends follow starts."),
          msg("A page shows prices and labels by phase; an overlap would show two phases at once. A gap between "
              "phases is allowed (e.g. between 开门红 and 高潮): the page shows the campaign without a phase label "
              "until the next phase starts. A date without a time means the start of that day for start and its "
              "end (23:59:59) for end."),
          msg("Correct the start and end times named in the message.")),
    _rule("below-cost", "warning", PROMOTIONS,
          msg("Where costs are known: SKUs whose lowest 到手价 over the campaign (offers stacked as a shopper stacks them, coupons included), less the platform commission, is at or below cost."),
          msg("Seed 000's margin example: at 50% off an item priced at 2× cost earns nothing and one at 1.76× loses; stacked coupons (小心亏本) and the commission (setting: commission) deepen it."),
          msg("Exclude the SKU from an offer (scope: exclude), raise its price, or accept the loss knowingly (set the rule off).")),
    _rule("offer-scope", "error", PROMOTIONS,
          msg("A coupon's or promotion's scope names categories, brands and SKUs that exist, and selects at least one product."),
          msg("A category coupon whose category is misspelt applies to nothing, and the page would promise it anyway."),
          msg("Correct the scope's category, brand or SKU as the message suggests, or loosen the scope.")),
    _rule("price-claim", "error", PROMOTIONS,
          msg("A discount claim in the copy (低至6折, 5折起, 全场五折, 低至¥99, 99元起) is backed by the lowest 到手价 of at least one product it covers, measured against its 划线价 or else its price_7d_low; a warning where neither is known."),
          msg("Chinese price rules (规范促销行为暂行规定, 2020) measure a claim against the reference price, or the lowest price of the 7 days before."),
          msg("Lower the price of the product the message names as the closest, or change the claim.")),
    _rule("presale", "error", PROMOTIONS,
          msg("A pre-sale deposit (定金) is at most 20% of its price, counts for at least itself at the final payment, and its windows run in order inside the campaign."),
          msg("The Civil Code (art. 586) caps a deposit at 20% of the price; a deposit that shrinks or windows out of order mislead the buyer."),
          msg("Lower the deposit, raise deduct to at least the deposit, or put deposit_start < deposit_end < balance_start < balance_end inside the campaign.")),
    _rule("review-eligibility", "warning", CONTENT,
          msg("A promoted SKU has a positive-review rate of at least 90% and at least 100 reviews."),
          msg("Platforms hardly admit products below these figures to activities."),
          msg("Promote a better reviewed SKU, or collect reviews first."),
          min_rate=0.90, min_count=100),
    _rule("out-of-stock", "warning", CONTENT,
          msg("A promoted SKU has stock."),
          msg("A promoted SKU with zero stock drops out of ranking and disappoints shoppers."),
          msg("Restock the SKU or take it out of the promotion.")),
    _rule("selling-points", "warning", CONTENT,
          msg("A detail page has a main selling point, why-buy and why-now copy."),
          msg("The first three screens must win the order: what is it, why buy it, why buy it now."),
          msg("Fill selling_points, why_buy and why_now in the sheet or the product's Markdown.")),
    _rule("broken-link", "error", OUTPUT,
          msg("Every link and image in the produced pages points at a produced file."),
          msg("A dead link in the closed loop (landing → venue → detail) loses the shopper."),
          msg("Fix the reference in the content or template.")),
    _rule("price-consistency", "error", OUTPUT,
          msg("No page shows a product at a lower price than its detail page shows at the same moment (read from the pages' price markup)."),
          msg("No prominent spot may show a lower price than the detail page (明码标价和禁止价格欺诈规定, 2022); a template override can undercut it unnoticed."),
          msg("Make the template show the price the pricing model gives (price_plan), or correct the override named in the message.")),
    _rule("url-collision", "error", OUTPUT,
          msg("No two pages are written to the same URL."),
          msg("The second page would silently overwrite the first."),
          msg("Rename one of the files (or SKUs) so their URLs differ.")),
    _rule("template", "error", OUTPUT,
          msg("A theme template renders without error."),
          msg("A template error would publish a half-rendered page."),
          msg("Fix the template at the given line.")),
    _rule("settings", "error", CONTENT,
          msg("[tool.dacu] settings have known keys and values of the right type."),
          msg("A mistyped setting would be ignored silently."),
          msg("Fix the key in pyproject.toml as the message says.")),
]

RULES: Mapping[str, Rule] = MappingProxyType({r.slug: r for r in _ALL})


def markdown_docs(language: str = "en") -> str:
    """The rule catalogue as Markdown: ``docs/rules.md`` in English, ``docs/rules.zh.md`` in Chinese."""
    t = Translator(language)
    lines = [
        t(msg("# Rules")),
        "",
        "<!-- generated by `python -m dacu.core.rules" + ("" if t.language == "en" else f" {t.language}")
        + "`; edit dacu/core/rules.py instead -->",
        "",
        t(msg("Every finding carries one of these stable slugs. Change a rule's severity "
              "(`error`, `warning`, `off`) or thresholds in `[tool.dacu.rules]`:")),
        "",
        "```toml",
        "[tool.dacu.rules]",
        'busy-background = "off"',
        "",
        "[tool.dacu.rules.text-contrast]",
        'severity = "warning"',
        "min_ratio = 3.0",
        "```",
        "",
    ]
    group = None
    for rule in _ALL:
        if rule.group != group:
            group = rule.group
            lines += [f"## {t(group)}", ""]
        lines += [f"### `{rule.slug}` ({rule.severity})", "", t(rule.summary), "",
                  t(msg("**Why.** {why}", why=rule.why)), "", t(msg("**Fix.** {fix}", fix=rule.fix)), ""]
        if rule.thresholds:
            settings = ", ".join(f"`{k}` = {v:g}" for k, v in rule.thresholds.items())
            lines += [t(msg("**Thresholds.** {settings}", settings=settings)), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(markdown_docs(sys.argv[1] if len(sys.argv) > 1 else "en"), end="")
