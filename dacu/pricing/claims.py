"""Discount claims as copywriters write them: 低至6折, 5折起, 全场五折, 低至¥99, 99元起.

A claim is measured against the 到手价 (规范促销行为暂行规定): a 折 claim
against the reference price (划线价) or, where none is shown, the lowest
price of the 7 days before (``price_7d_low``); a price claim against the
到手价 itself. Full-width digits (６折) and Chinese numerals (五折, 七五折)
are read as digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_FULL_WIDTH = {ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")} | {ord("．"): ord("."), ord("￥"): ord("¥")}
_CHINESE = dict(zip("〇零一二两三四五六七八九", "001223456789"))
_NUMBER = r"(\d+(?:\.\d+)?)"
_ZHE = r"(\d(?:\.\d+)?|\d{2})"       # 6, 5.5, or two digits written together (七五 → 75 → 7.5)

# (pattern, kind); kind "rate": the value is a 折 (tenths paid), "price": yuan.
_PATTERNS = [
    (re.compile(r"低至\s*" + _ZHE + r"\s*折"), "rate"),
    (re.compile(r"全场\s*" + _ZHE + r"\s*折"), "rate"),
    (re.compile(_ZHE + r"\s*折起"), "rate"),
    (re.compile(r"低至\s*¥\s*" + _NUMBER), "price"),
    (re.compile(r"低至\s*" + _NUMBER + r"\s*元"), "price"),
    (re.compile(r"¥\s*" + _NUMBER + r"\s*起"), "price"),
    (re.compile(_NUMBER + r"\s*元起"), "price"),
]


@dataclass(frozen=True)
class Claim:
    """One claim in a text: what it says (``text``), and the bound it sets.

    ``rate`` claims set the deepest share of the reference price some product
    must reach (低至6折 → 0.6); ``price`` claims the lowest 到手价 (低至¥99 → 99).
    """

    text: str
    kind: str
    bound: Decimal


def normalise(text: str) -> str:
    """Full-width digits and Chinese numerals before 折 as ASCII digits (全场五折 → 全场5折)."""
    text = text.translate(_FULL_WIDTH)
    return re.sub(r"[〇零一二两三四五六七八九]{1,2}(?=\s*折)", lambda m: "".join(_CHINESE[c] for c in m.group()), text)


#: Every pattern above needs one of these (￥ becomes ¥ in :func:`normalise`): a text without any has no claim.
_MARKS = ("折", "¥", "￥", "元")


def may_claim(text: str) -> bool:
    """Whether ``text`` can hold a claim at all (a substring test: most titles and selling points cannot)."""
    return any(mark in text for mark in _MARKS)


def find_claims(text: str) -> list[Claim]:
    """Every discount claim in ``text``, in order, each once."""
    if not may_claim(text):
        return []
    plain = normalise(text)
    found: dict[tuple[int, int], Claim] = {}
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(plain):
            if any(s <= match.start() < e or match.start() <= s < match.end() for s, e in found):
                continue  # 低至5折起 is one claim, not two
            value = Decimal(match.group(1))
            if kind == "rate":
                if "." not in match.group(1) and value >= 10:
                    value = value / 10            # 七五折, 75折 → 7.5折
                if not 0 < value < 10:
                    continue
                bound = value / 10
            else:
                bound = value
            # normalising keeps every character in place, so the claim is quoted as written
            found[(match.start(), match.end())] = Claim(text[match.start():match.end()], kind, bound)
    return [found[k] for k in sorted(found)]
