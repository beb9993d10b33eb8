"""A small valid site as inline strings, for planting one defect at a time."""

from __future__ import annotations

import functools
from io import BytesIO

from pathlib import Path

from PIL import Image, ImageDraw

REPO_ROOT = Path(__file__).resolve().parent.parent

CAMPAIGN = """\
---
title: 双11测试会场
slogan: 满199减25还包邮
start: 2026-10-25T00:00:00+08:00
end: 2026-11-12T23:59:59+08:00
palette:
  primary: "#E1251B"
  accent: "#FFD200"
  background: "#FFFFFF"
  text: "#222222"
phases:
  - {name: 预热, start: 2026-10-25T00:00:00+08:00, end: 2026-10-31T19:59:59+08:00}
  - {name: 高潮, start: 2026-11-10T00:00:00+08:00, end: 2026-11-11T23:59:59+08:00}
coupons:
  - {name: 店铺券, threshold: 199, amount: 20}
promotions:
  - {type: tiered, tiers: [[99, 10], [199, 25], [299, 60]]}
  - {type: percent_off, tiers: [[2, 0.9], [3, 0.8]]}
  - {type: n_free, buy: 3, free: 1}
  - {type: add_on, threshold: 99, sku: "100013", price: 5}
  - {type: gift, threshold: 100, gift: 丝袜一双}
  - {type: bundle, name: 情侣套装, skus: ["100012", "100013"], price: 239}
flash_sales:
  - {start: 2026-11-11T00:00:00+08:00, end: 2026-11-11T01:59:59+08:00, skus: ["100012"], prices: {"100012": 159}}
floors:
  - {title: 手机数码, category: 手机数码}
  - {title: 爆款推荐, skus: ["100012", "100013"]}
---
## 活动规则
1. 活动时间以页面为准。
"""

VENUE = """\
---
title: 智能生活馆
floors:
  - {title: 数码, category: 手机数码}
---
"""

HEADER = "sku,spu,title,brand,category,price,original_price,cost,stock,selling_points,why_buy,why_now,review_rate,review_count,free_shipping,cod,returns_7d,related"
PRODUCTS = HEADER + """
100012,A1,极光 X1 5G手机 8+256G 曲面屏 学生游戏拍照,极光,手机数码,199,299,80,50,曲面屏|长续航,旗舰芯片,双11直降100,97%,1200,yes,no,是,100013
100013,A2,极光 真无线蓝牙耳机 降噪 运动长续航,极光,手机数码,69,99,20,30,主动降噪,音质清晰,买手机加购更省,0.95,800,yes,yes,yes,100012
"""


def write_valid_site(site, images: bool = True) -> None:  # type: ignore[no-untyped-def]
    """A campaign, a venue and two products that pass every check."""
    site.write("content/double11/index.md", CAMPAIGN)
    site.write("content/double11/smart-life.md", VENUE)
    site.write("content/products.csv", PRODUCTS)
    if images:
        for sku in ("100012", "100013"):
            write_product_images(site, sku)


def write_product_images(site, sku: str, mains: int = 5, details: int = 2) -> None:  # type: ignore[no-untyped-def]
    """Main images (square, 800 px, white background) and portrait detail slices."""
    for n in range(1, mains + 1):
        site.write(f"assets/products/{sku}/main-{n}.jpg", jpeg(800, 800))
    for n in range(1, details + 1):
        site.write(f"assets/products/{sku}/detail-{n:02d}.jpg", jpeg(750, 1000, (240, 240, 240)))


@functools.cache
def jpeg(width: int, height: int, colour: tuple[int, int, int] = (255, 255, 255), box: bool = True) -> bytes:
    """A product-like JPEG: a coloured box on a plain background."""
    image = Image.new("RGB", (width, height), colour)
    if box:
        ImageDraw.Draw(image).rectangle([width // 4, height // 4, width * 3 // 4, height * 3 // 4], fill=(200, 30, 30))
    out = BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()
