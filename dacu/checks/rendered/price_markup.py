"""Reading the price markup (``data-sku``, ``data-price``, ``data-price-kind``) out of a rendered page.

What is read is defined by :class:`PriceParser`, an ``html.parser`` pass
over the whole page: every start and end tag, to know which windows
(``data-start``/``data-end``), ``data-show`` states and ``hidden`` flags
enclose each price. That pass cost more than rendering the page, so
:func:`page_prices` scans the page with one compiled pattern instead: it
visits only the tags, keeps just their names for nesting, and reads the
attributes of the few tags whose attributes can matter (those naming a
``data-`` attribute or ``hidden``). The pattern accepts only well-formed
tags, on which ``html.parser`` reads the same names and attributes; at the
first construct it does not accept (a processing instruction, a bogus
comment, an attribute without the space before it, an unclosed tag...) the
page is read by :class:`PriceParser` instead, so the result is the same on
every page.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Any, TypeAlias, cast

from dacu.checks.rendered.line_forms import SLOTS, VOID as _VOID, WS as _WS, close as _close
from dacu.checks.rendered.line_forms import clean_form, names_effect, neutral, plain_tags

# One price as read from a page: sku, amount, kind, the windows that show it [[states, start, end]...], hidden,
# and its own window [start, end] (or None).
PriceRecord = list[Any]

_RAW_TEXT = ("script", "style")     # html.parser's CDATA_CONTENT_ELEMENTS: their text holds no tags

# A node of the open-element stack: (tag, window or False, data-show or None, hidden).
_Node = tuple[str, Any, "str | None", bool]


def _node(tag: str, a: dict[str, str]) -> _Node:
    return (tag, ("data-start" in a or "data-end" in a) and (a.get("data-start"), a.get("data-end")),
            a.get("data-show"), "hidden" in a and "data-show" not in a)


def _record(a: dict[str, str], path: list[_Node]) -> PriceRecord:
    """The price of the element whose attributes are ``a``, inside ``path`` (its ancestors and itself)."""
    conditions = []
    for i, (_, _, show, _) in enumerate(path):
        if show is None:
            continue
        # as the script does: the element's closest window (itself or an ancestor)
        window = next((p[1] for p in reversed(path[: i + 1]) if p[1]), None)
        if window:
            conditions.append([show, window[0], window[1]])
    # the window the price belongs to: outside it the price is announced (a coming or past
    # flash slot), not one a shopper pays now
    own = next((list(p[1]) for p in reversed(path) if p[1]), None)
    return [a["data-sku"], a.get("data-price", ""), a["data-price-kind"], conditions, any(p[3] for p in path), own]


class PriceParser(HTMLParser):
    """The reference reading of the price markup: ``html.parser`` over the whole page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Node] = []
        self.prices: list[PriceRecord] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        node = _node(tag, a)
        if "data-price-kind" in a and "data-sku" in a:
            self.prices.append(_record(a, [*self.stack, node]))
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return


def parsed_prices(markup: str) -> list[PriceRecord]:
    """:class:`PriceParser` over ``markup``."""
    parser = PriceParser()
    parser.feed(markup)
    parser.close()
    return parser.prices


_ATTRS = r"""(?:[\t\n\r\f ]+[^\s/>="'<][^\s/>="'<]*(?:=(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
#: One token at a '<': a script or style element whole (its text holds no markup), a well-formed
#: start tag, an end tag, a comment or the doctype; anything else is "odd".
_TOKEN = re.compile(rf"""<(?:
    (?P<raw>(?i:script|style))(?={_WS}|>)(?P<rattrs>{_ATTRS}){_WS}*>.*?</\s*(?i:(?P=raw))\s*>
  | (?P<start>[a-zA-Z][a-zA-Z0-9-]*)(?={_WS}|/|>)(?P<attrs>{_ATTRS}){_WS}*(?P<close>/?)>
  | /\s*(?P<end>[a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
  | !--.*?--\s*>
  | ![dD][oO][cC][tT][yY][pP][eE][^>]*>
  | (?P<odd>[a-zA-Z/!?])
)""", re.S | re.X)
_ATTR = re.compile(r"""([^\s/>="'<][^\s/>="'<]*)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
#: Attributes that can bear on a price (html.parser lowercases attribute names).
_MATTERS = re.compile(r"data-|hidden", re.I)
_PRICE_KIND = re.compile(r"data-price-kind", re.I)


def _attributes(text: str) -> dict[str, str]:
    """The attributes of a well-formed tag as html.parser gives them (names lowercased, values unescaped)."""
    a: dict[str, str] = {}
    for name, double, single, bare in _ATTR.findall(text):
        value = double or single or bare
        a[name.lower()] = unescape(value) if value else ""
    return a


#: Entries (lines and tags) a ``known`` dictionary of :func:`page_prices` holds at most (a worker keeps one).
_KNOWN_LIMIT = 30_000

# A tag's reading: its attributes, its node and whether it is a price; None when no attribute can matter.
_Read: TypeAlias = "tuple[dict[str, str], _Node, bool] | None"


def _read(tag: str, attrs: str, known: dict[Any, Any]) -> _Read:
    """What the attribute text ``attrs`` of a ``tag`` gives, remembered in ``known`` (pages repeat their tags)."""
    key = (tag, attrs)
    if key not in known:
        a = _attributes(attrs) if _MATTERS.search(attrs) else None
        known[key] = None if a is None else (a, _node(tag, a), "data-price-kind" in a and "data-sku" in a)
    return cast(_Read, known[key])


def _bears(node: _Node) -> bool:
    """Whether an open element with this node bears on the prices inside it (a window, a state, hidden)."""
    return bool(node[1] or node[2] is not None or node[3])


def _scan(markup: str, known: dict[Any, Any]) -> list[PriceRecord]:
    """The prices of a page scanned whole, tag by tag (the reading :func:`page_prices` shortens)."""
    names: list[str] = []                 # the open elements
    nodes: list[tuple[int, _Node]] = []   # those of them whose attributes matter, with their depth
    prices: list[PriceRecord] = []
    void, push = _VOID, names.append
    # findall gives each token's groups as a tuple, "" where a group took no part
    for raw, rattrs, tag, attrs, close, end, odd in _TOKEN.findall(markup):
        if raw:     # opened and closed at once, as far as prices go
            tag, attrs, close = raw, rattrs, "/"
        if tag:
            tag = tag.lower()
            opened = not close and tag not in void     # <x/> and void elements are closed at once
            if attrs:
                read = _read(tag, attrs, known)
                if read is not None:
                    a, node, priced = read
                    if priced:
                        prices.append(_record(a, [*(n for _, n in nodes), node]))
                    if opened and _bears(node):
                        nodes.append((len(names), node))
            if opened:
                if tag in _RAW_TEXT:
                    break   # a script or style without its end tag: the rest of the page is its text
                push(tag)
        elif end:
            _close(end.lower(), names, nodes)
        elif odd:
            return parsed_prices(markup)    # not a tag this scan reads as html.parser does
    return prices


# What one line of a page does to the open elements, as :func:`_line_effect` reads it alone: its steps in order
# (an end tag's name, closing elements opened on earlier lines, or a price (attributes, the nodes opened on the
# line around it and its own)), then the elements it leaves open (names, and the nodes that bear with their
# depth on the line). ``()`` when it leaves nothing open and holds no price nor outer end tag.
_Effect: TypeAlias = "tuple[list[Any], list[str], list[tuple[int, _Node]]] | tuple[()]"


def _line_effect(line: str, known: dict[Any, Any]) -> _Effect | None:
    """The effect of ``line`` on the page around it; None when it cannot be read alone.

    A line reads alone when its tags all end on it (no comment, script or
    tag runs on into the next line: the scan would see an odd token or a
    script left open) and it closes nothing opened before it while
    elements of its own are open (what that closes depends on the page).
    """
    names: list[str] = []
    nodes: list[tuple[int, _Node]] = []
    steps: list[Any] = []
    for raw, rattrs, tag, attrs, close, end, odd in _TOKEN.findall(line):
        if raw:
            tag, attrs, close = raw, rattrs, "/"
        if tag:
            tag = tag.lower()
            opened = not close and tag not in _VOID
            read = _read(tag, attrs, known) if attrs else None
            if read is not None:
                a, node, priced = read
                if priced:
                    steps.append(((a["data-sku"], a.get("data-price", ""), a["data-price-kind"]),
                                  (*(n for _, n in nodes), node)))
                if opened and _bears(node):
                    nodes.append((len(names), node))
            if opened:
                if tag in _RAW_TEXT:
                    return None     # its text runs on past the line
                names.append(tag)
        elif end:
            end = end.lower()
            if end in names:
                _close(end, names, nodes)
            elif names:
                return None
            else:
                steps.append(end)
        elif odd:
            return None
    return (steps, names, nodes) if steps or names else ()


def _quick_effect(line: str, known: dict[Any, Any]) -> _Effect | None:
    """:func:`_line_effect` of ``line``, read once per form of line (:mod:`dacu.checks.rendered.line_forms`).

    A plain line's effect follows from its tags' names, a clean one's from
    its form, where what it copies into its prices has slots; the lines a
    page has of its own (its title, its description, its price line) mostly
    share their form with other pages' lines.
    """
    tags = plain_tags(line)
    if tags is not None:
        key = "\n" + " ".join(tags)     # no line holds a line break, so no line is such a key
        effect = known.get(key, False)
        if effect is False:
            effect = known[key] = names_effect(tags)
        return cast("_Effect | None", effect)
    found = clean_form(line)
    if found is None:
        return _line_effect(line, known)
    form, values = found      # a form is read as a line, so a line that is a form reads the same
    effect = known.get(form, False)
    if effect is False:
        effect = known[form] = _line_effect(form, known)
    if not effect or not values:
        return cast("_Effect | None", effect)
    steps, names, nodes = effect
    value = dict(zip(SLOTS, values))
    return ([step if step.__class__ is str else
             ((value.get(step[0][0], step[0][0]), value.get(step[0][1], step[0][1]), step[0][2]), step[1])
             for step in steps], names, nodes)


# What the open elements from the page's root down to one of them give a price inside: the conditions
# [[states, start, end]...] (each data-show with its closest window), the closest window, whether hidden.
_Seen = tuple[tuple[tuple[str, Any, Any], ...], Any, bool]
_NOTHING: _Seen = ((), None, False)


def _seen(outer: _Seen, node: _Node) -> _Seen:
    """``outer`` one element further in, ``node`` being that element's (as :func:`_record` reads a path)."""
    conditions, window, hidden = outer
    window = node[1] or window
    if node[2] is not None and window:
        conditions = (*conditions, (node[2], window[0], window[1]))
    return conditions, window, hidden or node[3]


def page_prices(markup: str, known: dict[Any, Any] | None = None, inset: str = "") -> list[PriceRecord]:
    """Every price element of a page with the windows that show it (JSON-friendly, kept with the page).

    Pages share most of their lines (the head, the sections around the
    prices, a product's card on every page that lists it), so a page is
    read line by line and ``known`` remembers, across the pages that pass
    the same dictionary, what each line does to the open elements (and what
    each tag's attribute text gives). The tokens of a page are those of its
    lines when each line reads alone; a page with a line that does not is
    scanned whole, tag by tag.

    ``inset`` is markup the page holds as it is (a product's long copy:
    lines of its own, most of the page's that no other page has); when it
    is neutral (:func:`dacu.checks.rendered.line_forms.neutral`), the lines around it are read without it.
    """
    if "data-price-kind" not in markup and not _PRICE_KIND.search(markup):
        return []     # no attribute of that name, so no price (whatever else the page holds)
    known = {} if known is None else known
    if len(known) > _KNOWN_LIMIT:
        known.clear()   # pages bring lines and tags of their own: a bounded memo, not one entry per line of a campaign
    names: list[str] = []     # the open elements
    nodes: list[tuple[int, _Node, _Seen]] = [(-1, ("", False, None, False), _NOTHING)]   # those that bear on prices
    prices: list[PriceRecord] = []
    lines = None
    at = markup.find(inset) if inset else -1
    if at >= 0 and not markup.endswith("<", 0, at) and neutral(inset):
        # a tag, comment or script cut where the inset was reads as odd or left open on its line: then the
        # page is scanned whole, as before
        lines = markup[:at].split("\n") + markup[at + len(inset):].split("\n")
    for line in lines or markup.split("\n"):
        effect = known.get(line, False)
        if effect is False:
            effect = known[line] = _quick_effect(line, known) if "<" in line else ()
        if not effect:
            if effect is None:
                return _scan(markup, known)
            continue
        steps, opened, bearing = effect
        for step in steps:
            if step.__class__ is str:
                _close(step, names, nodes)
            else:
                (sku, amount, kind), path = step
                seen = nodes[-1][2]
                for node in path:
                    seen = _seen(seen, node)
                conditions, window, hidden = seen
                prices.append([sku, amount, kind, list(map(list, conditions)), hidden,
                               list(window) if window else None])
        if opened:
            depth = len(names)
            names += opened
            for d, node in bearing:
                nodes.append((depth + d, node, _seen(nodes[-1][2], node)))
    return prices
