"""The rules, grouped by what they read: the model (content), one image's pixels, rendered pages."""

from typing import TYPE_CHECKING

from dacu.core.lazy import exports

if TYPE_CHECKING:
    from dacu.checks.content import check_content
    from dacu.checks.image_rules import (check_detail_image, check_hero, check_main_images, check_variant_weight,
                                         check_weight)
    from dacu.checks.rendered import (PageColours, PricedPage, ThemeColourMemo, check_links, check_price_consistency,
                                      inline_colours, page_links, page_prices, read_theme_colours)

__all__ = ["check_content", "check_detail_image", "check_hero", "check_main_images", "check_variant_weight",
           "check_weight", "PageColours", "ThemeColourMemo", "check_links", "inline_colours", "page_links",
           "read_theme_colours", "PricedPage", "check_price_consistency", "page_prices"]

# each module is imported when one of its names is first used (dacu.core.lazy)
__getattr__ = exports(__name__, {
    "dacu.checks.content": ("check_content",),
    "dacu.checks.image_rules": ("check_detail_image", "check_hero", "check_main_images", "check_variant_weight",
                                "check_weight"),
    "dacu.checks.rendered": ("PageColours", "PricedPage", "ThemeColourMemo", "check_links",
                             "check_price_consistency", "inline_colours", "page_links", "page_prices",
                             "read_theme_colours"),
})
