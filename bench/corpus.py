"""Deterministic synthetic inputs: Markdown texts and the four sites built from them.

``texts(n)`` makes ``n`` Markdown documents of 1–2 KB (UTF-8 bytes) with
headings, lists, links, emphasis and, in every third document, a table. The
same seed always gives the same bytes (only :mod:`random` with a fixed seed,
no dates, no hashing of ``str``), so every run and every machine builds the
same corpus.

The same texts are written as

(a) a dacu site: ``content/products.csv`` with one SKU per text, the text as
    the product's long copy ``content/products/<sku>.md``, and a tiny
    campaign so that the landing pages exist; dacu makes one detail page per
    product. No images: the ``main-image-count`` rule is set ``off`` in the
    site's pyproject.toml so 4,000 identical warnings do not swamp the output;
(b) a Hugo site (``content/pages/<slug>.md``, two minimal layouts);
(c) an Eleventy project (``src/pages/<slug>.md``, one Nunjucks layout);
(d) a Pelican project (``content/pages/<slug>.md``, the built-in "simple" theme);

the peers build them as plain pages.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

SEED = 20261111

# A small vocabulary of shop copy, so that the texts look like the real thing
# to a Markdown parser (CJK runs, ASCII words, numbers, punctuation).
_NOUNS = ["手机", "耳机", "充电宝", "扫地机器人", "空气炸锅", "电饭煲", "羽绒服", "运动鞋", "双肩包", "保温杯",
          "洗面奶", "面霜", "精华液", "坚果礼盒", "咖啡豆", "牛奶", "茶叶", "台灯", "键盘", "显示器", "床品四件套",
          "收纳箱", "行李箱", "电动牙刷", "吹风机", "投影仪", "智能手表", "婴儿推车", "猫粮", "瑜伽垫"]
_ADJS = ["轻薄", "大容量", "静音", "长续航", "高颜值", "便携", "耐用", "防水", "护眼", "快充", "低糖", "无添加",
         "亲肤", "加厚", "折叠", "智能", "恒温", "降噪", "高清", "透气"]
_PHRASES = ["一步到位", "用两年依然流畅", "出门不用带线", "全家都能用", "通勤路上听得清", "宿舍也放得下",
            "送礼有面子", "夜里不吵人", "三分钟就上手", "售后有保障", "老用户都回购", "比日常低不少",
            "七天无理由退货", "支持以旧换新", "顺丰包邮到家", "前1000名加赠礼品"]
_ASCII = ["5G", "USB-C", "Wi-Fi 6", "4K", "HDR", "NFC", "65W", "IPX7", "LED", "App", "Type-C", "OLED", "PD", "3C"]
_HEADINGS = ["为什么选它", "三个版本怎么选", "参数一览", "使用场景", "售后无忧", "买前必看", "细节做工", "包装清单",
             "常见问题", "用户怎么说", "搭配推荐", "保养方法"]


@dataclass(frozen=True)
class Text:
    """One synthetic document: a slug, a title and its Markdown body."""

    index: int
    slug: str
    title: str
    body: str


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(_ADJS) + rng.choice(_NOUNS), rng.choice(_PHRASES)]
    if rng.random() < 0.5:
        parts.append(f"{rng.choice(_ASCII)} {rng.randint(2, 99)}{rng.choice(['小时', '分钟', '天', '件', 'mm', 'mAh'])}")
    if rng.random() < 0.35:
        i = rng.randrange(len(parts))
        parts[i] = f"**{parts[i]}**" if rng.random() < 0.6 else f"*{parts[i]}*"
    if rng.random() < 0.15:
        n = rng.randint(1, 9999)
        parts.append(f"[详见说明](https://help.example.com/faq/{n}.html)")
    return "，".join(parts) + "。"


def _paragraph(rng: random.Random, sentences: int) -> str:
    return "".join(_sentence(rng) for _ in range(sentences))


def _list(rng: random.Random) -> str:
    ordered = rng.random() < 0.3
    lines = []
    for i in range(rng.randint(3, 5)):
        mark = f"{i + 1}." if ordered else "-"
        lines.append(f"{mark} {_sentence(rng)}")
    return "\n".join(lines)


def _table(rng: random.Random) -> str:
    rows = ["| 版本 | 规格 | 颜色 | 到手价 |", "|---|---|---|---|"]
    for name in rng.sample(["标准版", "进阶版", "顶配版", "礼盒装", "家庭装"], 3):
        rows.append(f"| {name} | {rng.choice(_ADJS)}{rng.randint(1, 16) * 64}GB | "
                    f"{rng.choice(['曜石黑', '冰川蓝', '晨曦白', '樱花粉', '星空灰'])} | ¥{rng.randint(29, 4999)} |")
    return "\n".join(rows)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def make_text(index: int, seed: int = SEED) -> Text:
    """The ``index``-th document: 1–2 KB of Markdown, a table in every third (index % 3 == 0)."""
    rng = random.Random(seed * 1_000_003 + index)
    target = rng.randint(1100, 1950)
    title = f"{rng.choice(_ADJS)}{rng.choice(_NOUNS)} {rng.choice(_ASCII)} {rng.choice(_PHRASES)} 第{index + 1}款"
    headings = rng.sample(_HEADINGS, 4)
    blocks = [f"## {headings[0]}", _paragraph(rng, 2), _list(rng)]
    if index % 3 == 0:
        blocks += [f"## {headings[1]}", _table(rng)]
    blocks += [f"### {headings[2]}", _paragraph(rng, 1)]
    body = "\n\n".join(blocks)
    # Fill up to the target size with sentences, under a last heading.
    tail_heading = f"## {headings[3]}"
    tail: list[str] = []
    while _size(body + "\n\n" + tail_heading + "\n\n" + "".join(tail)) < target:
        tail.append(_sentence(rng))
    while tail and _size(body + "\n\n" + tail_heading + "\n\n" + "".join(tail)) > 2000:
        tail.pop()
    if tail:
        body += "\n\n" + tail_heading + "\n\n" + "".join(tail)
    return Text(index, f"p{index + 1:05d}", title, body + "\n")


def texts(n: int, seed: int = SEED) -> list[Text]:
    return [make_text(i, seed) for i in range(n)]


# -- writing files ------------------------------------------------------------------

def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _fresh(root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- (a) dacu -----------------------------------------------------------------------

PRODUCT_COLUMNS = ["sku", "title", "brand", "category", "price", "original_price", "cost", "stock", "selling_points",
                   "why_buy", "why_now", "review_rate", "review_count", "free_shipping", "cod", "returns_7d", "related"]
CATEGORIES = ["手机数码", "家用电器", "美妆个护", "食品生鲜", "服饰鞋包", "母婴玩具", "家居日用", "运动户外", "宠物用品",
              "图书文具"]
DACU_PYPROJECT = """\
# Generated by bench/ (deterministic synthetic benchmark input); do not edit.
[tool.dacu]
base_url = "https://bench.example.com/"
timezone = "Asia/Shanghai"
buy_url = "https://item.example.com/{sku}"
{extra}
[tool.dacu.rules]
{rules}
"""


def product_row(i: int, sku: str, title: str, n: int, sku_of) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """One valid product row (passes every content rule), deterministic in ``i``."""
    rng = random.Random(SEED + 7 * i)
    price = rng.randint(19, 4999)
    related = [sku_of((i + k) % n) for k in (1, 2, 3, 5) if (i + k) % n != i]
    return {
        "sku": sku,
        "title": title,
        "brand": rng.choice(["星澜", "声悦", "洁小宝", "暖宅", "极充", "棉语", "织暖", "鲜果志"]),
        "category": CATEGORIES[i % len(CATEGORIES)],
        "price": str(price),
        "original_price": str(price + rng.randint(10, 500)),
        "cost": str(max(1, price * rng.randint(25, 45) // 100)),
        "stock": str(rng.randint(50, 9000)),
        "selling_points": "|".join(rng.sample(_PHRASES, 3)),
        "why_buy": _sentence(rng).replace("**", "").replace("*", ""),
        "why_now": "双11到手价比日常低" + str(rng.randint(10, 400)) + "元，前1000名加赠礼品",
        "review_rate": f"{rng.randint(92, 99)}%",
        "review_count": str(rng.randint(120, 50000)),
        "free_shipping": "yes",
        "cod": rng.choice(["yes", "no"]),
        "returns_7d": "yes",
        "related": "|".join(related),
    }


def products_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PRODUCT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def campaign_md(floors: list[list[str]], flash: dict[str, int] | None = None) -> str:
    """A valid campaign landing page (front matter + rules text) with explicit-SKU floors."""
    lines = ["---", "title: 双11全球好物节（基准）", "slogan: 跨店满299减40", "start: 2026-10-25T00:00:00+08:00",
             "end: 2026-11-12T23:59:59+08:00",
             "phases:",
             "  - {name: 预热, start: 2026-10-25T00:00:00+08:00, end: 2026-10-31T19:59:59+08:00}",
             "  - {name: 开门红, start: 2026-10-31T20:00:00+08:00, end: 2026-11-03T23:59:59+08:00}",
             "  - {name: 高潮, start: 2026-11-10T00:00:00+08:00, end: 2026-11-11T23:59:59+08:00}",
             "coupons:", "  - {name: 店铺券, threshold: 199, amount: 10}",
             "promotions:", "  - {type: tiered, tiers: [[99, 5], [199, 15], [299, 40]]}"]
    if flash:
        skus = ", ".join(f'"{s}"' for s in flash)
        prices = ", ".join(f'"{s}": {p}' for s, p in flash.items())
        lines += ["flash_sales:", "  - {start: 2026-11-11T00:00:00+08:00, end: 2026-11-11T01:59:59+08:00,",
                  f"     skus: [{skus}], prices: {{{prices}}}}}"]
    lines.append("floors:")
    for k, skus in enumerate(floors):
        lines.append(f"  - {{title: 爆款推荐{k + 1}, skus: [{', '.join(chr(34) + s + chr(34) for s in skus)}]}}")
    lines += ["---", "## 活动规则", "", "1. **活动时间**：2026年10月25日00:00至11月12日23:59:59（北京时间）。",
              "2. **跨店满减**：每满99元减5元、满199元减15元、满299元减40元。", "3. **优惠券**：店铺券满199减10，每个账号限领一张。", ""]
    return "\n".join(lines)


def venue_md(title: str, floors: list[list[str]]) -> str:
    lines = ["---", f"title: {title}", "floors:"]
    for k, skus in enumerate(floors):
        lines.append(f"  - {{title: {title}{k + 1}, skus: [{', '.join(chr(34) + s + chr(34) for s in skus)}]}}")
    lines += ["---", f"{title}：限时特价，售完即止。", ""]
    return "\n".join(lines)


def dacu_pyproject(rules: dict[str, str]) -> str:
    return DACU_PYPROJECT.replace("{extra}", "").replace("{rules}", "\n".join(f'{k} = "{v}"' for k, v in rules.items()))


def corpus_sku(i: int) -> str:
    return str(300000 + i)


def write_dacu(root: Path, docs: list[Text]) -> None:
    _fresh(root)
    n = len(docs)
    rows = [product_row(t.index, corpus_sku(t.index), t.title, n, corpus_sku) for t in docs]
    _write(root / "content" / "products.csv", products_csv(rows))
    for t in docs:
        _write(root / "content" / "products" / f"{corpus_sku(t.index)}.md", t.body)
    skus = [corpus_sku(i) for i in range(min(n, 12))]
    _write(root / "content" / "bench" / "index.md", campaign_md([skus[:6], skus[6:12]]))
    _write(root / "pyproject.toml", dacu_pyproject({"main-image-count": "off"}))
    (root / "assets").mkdir()


# -- (b) Hugo -----------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "https://bench.example.com/"
languageCode = "zh-cn"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
"""
HUGO_SINGLE = """\
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
{{ .Content }}
</main></body></html>
"""
HUGO_LIST = """\
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1></body></html>
"""


def write_hugo(root: Path, docs: list[Text]) -> None:
    _fresh(root)
    _write(root / "hugo.toml", HUGO_CONFIG)
    _write(root / "layouts" / "_default" / "single.html", HUGO_SINGLE)
    _write(root / "layouts" / "_default" / "list.html", HUGO_LIST)
    for t in docs:
        _write(root / "content" / "pages" / f"{t.slug}.md", f"---\ntitle: {_yaml_str(t.title)}\n---\n{t.body}")


# -- (c) Eleventy -------------------------------------------------------------------

ELEVENTY_LAYOUT = """\
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
{{ content | safe }}
</main></body></html>
"""


def write_eleventy(root: Path, docs: list[Text]) -> None:
    _fresh(root)
    src = root / "src"
    _write(src / "_includes" / "page.njk", ELEVENTY_LAYOUT)
    _write(src / "pages" / "pages.json", '{"layout": "page.njk"}\n')
    for t in docs:
        _write(src / "pages" / f"{t.slug}.md", f"---\ntitle: {_yaml_str(t.title)}\n---\n{t.body}")


# -- (d) Pelican --------------------------------------------------------------------

PELICAN_CONF = """\
# Generated by bench/: plain pages, the built-in "simple" theme, no feeds or archives.
import os
import pelican

AUTHOR = "bench"
SITENAME = "bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
THEME = os.path.join(os.path.dirname(pelican.__file__), "themes", "simple")
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
STATIC_PATHS = []
DIRECT_TEMPLATES = ["index"]
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
DEFAULT_PAGINATION = False
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
RELATIVE_URLS = True
"""


def write_pelican(root: Path, docs: list[Text]) -> None:
    _fresh(root)
    _write(root / "pelicanconf.py", PELICAN_CONF)
    (root / "content" / "articles").mkdir(parents=True)
    for t in docs:
        _write(root / "content" / "pages" / f"{t.slug}.md", f"Title: {t.title}\nSlug: {t.slug}\n\n{t.body}")


WRITERS = {"dacu": write_dacu, "hugo": write_hugo, "eleventy": write_eleventy, "pelican": write_pelican}


def generate(work: Path, n: int, tools: list[str] | None = None) -> dict[str, Path]:
    """Write the corpus of ``n`` texts for each tool under ``work``; returns tool → site root."""
    docs = texts(n)
    roots = {}
    for tool in tools or list(WRITERS):
        root = work / f"corpus-{n}" / tool
        WRITERS[tool](root, docs)
        roots[tool] = root
    return roots


def stats(docs: list[Text]) -> dict[str, float]:
    sizes = [_size(t.body) for t in docs]
    return {"files": len(docs), "min_bytes": min(sizes), "max_bytes": max(sizes),
            "mean_bytes": round(sum(sizes) / len(sizes)), "with_table": sum("|---|" in t.body for t in docs)}


if __name__ == "__main__":
    import json
    import sys
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    print(json.dumps(stats(texts(count)), ensure_ascii=False))
    print(make_text(0).body)
