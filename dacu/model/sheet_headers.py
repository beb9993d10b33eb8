"""The header names operators use for the product sheet's columns.

Sheets come from Excel templates and from Taobao/Tmall (千牛, 生意参谋) and
JD (京麦) exports, so one column has many names: 商品名称, 宝贝标题 and 标题 are
all ``title``; 销售价 and 一口价 are ``price``; 吊牌价, 市场价 and 划线价 are
``original_price``. A header is compared after :func:`normalise`: spaces,
a required-field star (``*商品名称``) and a unit in brackets (``销售价（元）``)
do not matter, nor does the case of English names.
"""

from __future__ import annotations

import re
from typing import Mapping

#: Every name a column is known by (English first), normalised.
NAMES: Mapping[str, tuple[str, ...]] = {
    "sku": ("sku", "商品编码", "商家编码", "sku编码", "sku编号", "商家sku编码", "商品sku", "货号", "商品货号",
            "商品编号", "外部编码"),
    "spu": ("spu", "款号", "款式编码", "商品款号", "spu编码", "商品id", "宝贝id", "货品编码"),
    "title": ("title", "商品名称", "商品标题", "标题", "宝贝标题", "宝贝名称", "商品名", "品名", "名称"),
    "brand": ("brand", "品牌", "品牌名称", "品牌名"),
    "category": ("category", "类目", "分类", "商品类目", "类目名称", "商品分类", "一级类目", "品类", "楼层"),
    "price": ("price", "销售价", "售价", "价格", "一口价", "现价", "单价", "商品价格", "宝贝价格", "京东价", "销售价格"),
    "original_price": ("original_price", "吊牌价", "划线价", "原价", "市场价", "参考价", "专柜价"),
    "cost": ("cost", "成本价", "成本", "进价", "采购价", "进货价"),
    "stock": ("stock", "库存数量", "库存", "库存数", "可售库存", "可用库存", "数量"),
    "selling_points": ("selling_points", "卖点", "商品卖点", "核心卖点", "亮点"),
    "why_buy": ("why_buy", "为什么买", "购买理由"),
    "why_now": ("why_now", "为什么现在买", "现在买的理由"),
    "review_rate": ("review_rate", "好评率"),
    "review_count": ("review_count", "评价数", "评价数量", "评论数", "评价条数", "累计评价"),
    "free_shipping": ("free_shipping", "包邮", "是否包邮"),
    "cod": ("cod", "货到付款", "是否货到付款", "支持货到付款"),
    "returns_7d": ("returns_7d", "7天无理由退货", "七天无理由退货", "7天无理由", "七天无理由", "是否7天无理由"),
    "related": ("related", "关联商品", "推荐商品", "搭配商品", "关联sku"),
    "member_price": ("member_price", "会员价", "vip价", "会员价格"),
    "price_7d_low": ("price_7d_low", "近7天最低价", "7天最低价", "前7天最低价", "七日最低价", "近7日最低价"),
}

_UNIT = re.compile(r"[（(][^）)]*[）)]$")


def normalise(header: str) -> str:
    """A header as compared: no spaces, star or trailing unit in brackets; English in lower case."""
    text = re.sub(r"\s+", "", str(header)).lstrip("*＊").rstrip("*＊")
    text = _UNIT.sub("", text) or text
    return text.lower()


def column_for(header: str, columns: Mapping[str, object]) -> str | None:
    """The column (one of ``columns``) a header names, or None."""
    wanted = normalise(header)
    for column, names in NAMES.items():
        if column in columns and wanted in names:
            return column
    return wanted if wanted in columns else None


def chinese_name(column: str) -> str | None:
    """The Chinese header most sheets use for ``column`` (for hints): 商品编码 for sku."""
    names = NAMES.get(column, ())
    return names[1] if len(names) > 1 else None


def header_score(cells: list[str], columns: Mapping[str, object], required: list[str]) -> int:
    """2 when the row names every required column, 1 when it names at least two columns, else 0."""
    named = {column_for(cell, columns) for cell in cells if cell}
    named.discard(None)
    if all(c in named for c in required):
        return 2
    return 1 if len(named) >= 2 else 0
