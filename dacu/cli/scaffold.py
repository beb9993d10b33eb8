"""``dacu new campaign NAME``: a campaign folder with a commented front matter."""

from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

from dacu.core.settings import CONTENT_DIR
from dacu.model.site import RESERVED

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

TEMPLATE = """\
---
# The campaign's landing page (主会场). Times are ISO 8601; without an offset
# they are in the site's time zone. Only title, start and end are required:
# a section with no data is left out of the page. See docs/content.md.
title: {title}
slogan: 全场满减 爆款直降
start: {start}
end: {end}

# At most 3 chromatic colour families; black, white and greys are free.
palette:
  primary: "#E1251B"
  accent: "#FFD200"
  background: "#FFFFFF"
  text: "#222222"

# hero:
#   image: campaigns/{name}/hero.jpg     # relative to assets/, at least 750 px wide
#   alt: {title}
#   text_color: "#FFFFFF"
#   text_box: [0.06, 0.55, 0.88, 0.30]   # x, y, w, h as fractions: where the title sits

phases:                                  # in order, no overlap, inside start..end
  - {{name: 预热, start: {start}, end: {warm_end}}}
  - {{name: 高潮, start: {peak_start}, end: {end}}}

coupons:
  - {{name: 店铺券, threshold: 199, amount: 20}}

promotions:
  - {{type: tiered, tiers: [[99, 10], [199, 25], [299, 60]]}}   # 满减: the rate must rise at every tier

# flash_sales:
#   - {{start: {peak_start}, end: ..., skus: ["100012"], prices: {{"100012": 99}}}}

# floors:                                # product floors, in page order
#   - {{title: 手机数码, category: 手机数码}}
#   - {{title: 爆款推荐, skus: ["100012", "100013"]}}
---
## 活动规则

1. 活动时间：以页面展示为准。
2. 满减优惠可与店铺券叠加使用。
"""


def new_campaign(root: Path, name: str) -> int:
    """Create content/NAME/index.md; 1 if it exists, 2 if the name is not usable."""
    if not _NAME.match(name) or name in RESERVED:
        print(f"dacu: campaign name {name!r}: use lower-case letters, digits and '-' (it becomes the URL), "
              f"and none of {', '.join(sorted(RESERVED))}", file=sys.stderr)
        return 2
    folder = root / CONTENT_DIR / name
    index = folder / "index.md"
    if index.exists():
        print(f"dacu: {index.relative_to(root)} already exists; nothing was changed", file=sys.stderr)
        return 1
    start = (datetime.now().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=7))
    end = start + timedelta(days=14, seconds=-1)
    peak = end - timedelta(days=2, seconds=-1)
    fmt = "%Y-%m-%dT%H:%M:%S"
    folder.mkdir(parents=True, exist_ok=True)
    index.write_text(TEMPLATE.format(title=f"{name} 大促", name=name, start=start.strftime(fmt), end=end.strftime(fmt),
                                     warm_end=(peak - timedelta(seconds=1)).strftime(fmt), peak_start=peak.strftime(fmt)),
                     encoding="utf-8")
    print(f"created {index.relative_to(root)}: edit it, then run python build.py")
    return 0
