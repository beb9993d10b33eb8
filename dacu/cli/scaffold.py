"""``dacu new campaign NAME`` and ``dacu new venue CAMPAIGN NAME``: content to start from.

A campaign named after a shopping festival is dated for its next edition
(618: 5.25–6.20; 双11: 10.20–11.12; 双12: 12.5–12.12) with the phases
platforms run (预热, 开门红, 高潮, 返场); any other name starts in a week and
runs two weeks. The folder is created when missing, and a site without a
product sheet gets ``content/products.csv`` with the Chinese header operators
know and one example row (UTF-8 with BOM, so Excel opens it with its Chinese
intact).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from dacu.core.i18n import Message, msg
from dacu.load.sheets import find_sheets
from dacu.core.settings import CONTENT_DIR
from dacu.model.site import RESERVED

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Festival names people type, and the folder (URL) each becomes.
FOLDERS = {"双11": "double11", "双十一": "double11", "1111": "double11", "11-11": "double11",
           "双12": "double12", "双十二": "double12", "1212": "double12", "12-12": "double12"}
_FMT = "%Y-%m-%dT%H:%M:%S"


@dataclass(frozen=True)
class Festival:
    """A shopping festival's usual calendar: (month, day) of its start and end, and its phases."""

    title: str
    slogan: str
    start: tuple[int, int]
    end: tuple[int, int]
    # (name, start (month, day, hour), end (month, day, hour, minute, second))
    phases: tuple[tuple[str, tuple[int, int, int], tuple[int, int, int, int, int]], ...]


FESTIVALS = {
    "618": Festival("618年中大促", "满300减50 爆款直降", (5, 25), (6, 20), (
        ("预热", (5, 25, 0), (5, 31, 19, 59, 59)),
        ("开门红", (5, 31, 20), (6, 3, 23, 59, 59)),
        ("高潮", (6, 16, 0), (6, 18, 23, 59, 59)),
        ("返场", (6, 19, 0), (6, 20, 23, 59, 59)))),
    "double11": Festival("双11全球狂欢节", "全场满减 爆款直降", (10, 20), (11, 12), (
        ("预热", (10, 20, 0), (10, 31, 19, 59, 59)),
        ("开门红", (10, 31, 20), (11, 3, 23, 59, 59)),
        ("高潮", (11, 10, 0), (11, 11, 23, 59, 59)),
        ("返场", (11, 12, 0), (11, 12, 23, 59, 59)))),
    "double12": Festival("双12年终盛典", "年终好价 满减叠券", (12, 5), (12, 12), (
        ("预热", (12, 5, 0), (12, 9, 23, 59, 59)),
        ("高潮", (12, 10, 0), (12, 12, 23, 59, 59)))),
}

TEMPLATE = """\
---
# The campaign's landing page (主会场). Times are ISO 8601; without an offset
# they are in the site's time zone; a date alone is the start of that day
# (for an end: its last second, 23:59:59). Only title, start and end are
# required: a section with no data is left out of the page. See docs/content.md.
title: {title}
slogan: {slogan}
start: {start}
end: {end}

# At most 3 chromatic colour families; black, white and greys are free.
# Colours in quotes: YAML reads an unquoted # as the start of a comment.
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

phases:                                  # in order, no overlap, inside start..end (gaps are fine)
{phases}
coupons:
  - {{name: 店铺券, threshold: 199, amount: 20}}

promotions:
  - {{type: tiered, tiers: [[99, 10], [199, 25], [299, 60]]}}   # 满减: the rate must rise at every tier

# flash_sales:
#   - {{start: {peak_start}, end: ..., skus: ["100001"], prices: {{"100001": 99}}}}

{floors}---
## 活动规则

1. 活动时间：以页面展示为准。
2. 满减优惠可与店铺券叠加使用。
"""

VENUE_TEMPLATE = """\
---
# A sub-venue (分会场) of {campaign}: its own title, hero and floors; the
# palette and dates are the campaign's unless given here. See docs/content.md.
title: {title}
# hero:
#   image: campaigns/{campaign}/{name}.jpg
#   text_box: [0.06, 0.55, 0.88, 0.30]
# start: 2026-11-01                      # optional: its own dates inside the campaign
# end: 2026-11-12
floors:
  - {{title: 美妆个护, category: 美妆个护}}
---
"""

#: Floors of a new campaign: the example sheet's category when the sheet is new, else examples to fill in.
FLOORS_OF_EXAMPLE = """floors:                                  # product floors, in page order
  - {title: 美妆个护, category: 美妆个护}
#  - {title: 爆款推荐, skus: ["100001", "100002"]}
"""
FLOORS_TO_FILL = """# floors:                                # product floors, in page order
#   - {title: 手机数码, category: 手机数码}   # every product of the sheet's category
#   - {title: 爆款推荐, skus: ["100012", "100013"]}
"""

#: The product sheet written beside a new campaign: the Chinese header operators know, one example row.
PRODUCT_SHEET = (
    "商品编码,款号,商品名称,品牌,类目,销售价,吊牌价,成本价,库存数量,卖点,为什么买,为什么现在买,"
    "好评率,评价数,包邮,货到付款,7天无理由退货,关联商品\n"
    "100001,A1,示例品牌 保湿面霜 50ml 补水修护 敏感肌,示例品牌,美妆个护,129,199,52,100,"
    "补水保湿|温和不刺激,一瓶搞定换季干燥,大促直降70元,98%,1200,是,否,是,\n"
)

Say = Callable[[Message], str]


def new_campaign(root: Path, name: str, say: Say = str, now: datetime | None = None) -> int:
    """Create content/NAME/index.md (and the folders, and a product sheet when there is none).

    Returns 0, 1 when the campaign exists, 2 when the name is not usable.
    ``say`` renders a message in the user's language; ``now`` dates the next festival.
    """
    folder_name = FOLDERS.get(name, name)
    if not _usable(folder_name, say):
        return 2
    folder = root / CONTENT_DIR / folder_name
    index = folder / "index.md"
    if index.exists():
        _err(say(msg("{file} already exists; nothing was changed", file=_rel(root, index))))
        return 1
    now = now or datetime.now()
    festival = FESTIVALS.get(folder_name) or FESTIVALS.get(_festival_of(folder_name) or "")
    folder.mkdir(parents=True, exist_ok=True)
    sheet = _product_sheet(root)
    index.write_text(_campaign_text(folder_name, festival, now, FLOORS_OF_EXAMPLE if sheet else FLOORS_TO_FILL),
                     encoding="utf-8")
    print(say(msg("created {file}: edit it, then run python build.py", file=_rel(root, index))))
    if sheet is not None:
        print(say(msg("created {file} with the columns of a product sheet and one example row: "
                      "replace the row with your products", file=_rel(root, sheet))))
    return 0


def new_venue(root: Path, campaign: str, name: str, say: Say = str) -> int:
    """Create content/CAMPAIGN/NAME.md; 1 if it exists or the campaign does not, 2 if the name is not usable."""
    campaign = FOLDERS.get(campaign, campaign)
    if not _usable(name, say):
        return 2
    if name == "index":  # content/CAMPAIGN/index.md is the campaign's own page
        _err(say(msg("a venue cannot be called index: content/{campaign}/index.md is the campaign's own page; "
                     "choose another name, e.g. new venue {campaign} main-venue", campaign=campaign)))
        return 2
    index = root / CONTENT_DIR / campaign / "index.md"
    if not index.is_file():
        _err(say(msg("there is no campaign {campaign} ({file} is missing): create it first with "
                     "python build.py new campaign {campaign}", campaign=campaign, file=_rel(root, index))))
        return 1
    page = index.parent / f"{name}.md"
    if page.exists():
        _err(say(msg("{file} already exists; nothing was changed", file=_rel(root, page))))
        return 1
    page.write_text(VENUE_TEMPLATE.format(campaign=campaign, name=name, title=f"{name} 分会场"), encoding="utf-8")
    print(say(msg("created {file}: edit it, then run python build.py", file=_rel(root, page))))
    return 0


def _usable(name: str, say: Say) -> bool:
    if _NAME.match(name) and name not in RESERVED:
        return True
    _err(say(msg("the name {name} becomes the URL: use lower-case letters, digits and '-' (e.g. double11, 618), "
                 "and none of {reserved}", name=repr(name), reserved=sorted(RESERVED))))
    return False


def _festival_of(name: str) -> str | None:
    """The festival a name means: "618-beauty" → 618, "double11-2026" → double11."""
    for key in FESTIVALS:
        if name.startswith(key):
            return key
    return None


def _campaign_text(name: str, festival: Festival | None, now: datetime, floors: str) -> str:
    if festival is None:
        start = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=7)
        end = start + timedelta(days=14, seconds=-1)
        peak = end - timedelta(days=2, seconds=-1)
        phases = [("预热", start, peak - timedelta(seconds=1)), ("高潮", peak, end)]
        title, slogan = f"{name} 大促", "全场满减 爆款直降"
    else:
        year = now.year if (now.month, now.day) <= festival.end else now.year + 1  # the next edition
        start = datetime(year, *festival.start)
        end = datetime(year, *festival.end, 23, 59, 59)
        phases = [(phase, datetime(year, *begin), datetime(year, *finish)) for phase, begin, finish in festival.phases]
        title, slogan = festival.title, festival.slogan
    lines = "".join(f"  - {{name: {phase}, start: {a.strftime(_FMT)}, end: {b.strftime(_FMT)}}}\n"
                    for phase, a, b in phases)
    peak_start = next((a for phase, a, _ in phases if phase == "高潮"), start)
    return TEMPLATE.format(title=title, slogan=slogan, name=name, start=start.strftime(_FMT),
                           end=end.strftime(_FMT), phases=lines, peak_start=peak_start.strftime(_FMT), floors=floors)


def _product_sheet(root: Path) -> Path | None:
    """content/products.csv with a header and an example row, when content/ has no product sheet yet."""
    content = root / CONTENT_DIR
    if find_sheets(content):
        return None
    path = content / "products.csv"
    path.write_text(PRODUCT_SHEET, encoding="utf-8-sig")  # the BOM: Excel then reads the Chinese as UTF-8
    return path


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _err(text: str) -> None:
    print(f"dacu: {text}", file=sys.stderr)
