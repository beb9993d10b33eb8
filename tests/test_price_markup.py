"""The price markup read from a page: the quick scan reads what html.parser reads, on every page.

``page_prices`` scans only the tags; ``parsed_prices`` is the reference
reading by html.parser. Both must give the same records on tricky markup
(attribute order and quotes, entities, nesting, void and self-closed
elements, scripts, comments, malformed tags) and on generated pages.
"""

from __future__ import annotations

import random

import pytest

from dacu.checks.rendered import price_markup
from dacu.checks.rendered.price_markup import page_prices, parsed_prices

W = 'data-start="2026-11-11T00:00:00+08:00" data-end="2026-11-11T23:59:59+08:00"'

TRICKY = {
    "attribute order": '<b data-price-kind="final" data-price="9" class="p" data-sku="1">¥9</b>',
    "single and bare quotes": "<b data-sku='1' data-price=9.50 data-price-kind=sale>¥9.50</b>",
    "upper case": '<DIV DATA-SHOW="running" ' + W.upper() + '><B DATA-SKU="1" Data-Price="9" DATA-PRICE-KIND="flash">x</B></DIV>',
    "entities": '<b data-sku="&#49;&#50;" data-price="&#x39;9" data-price-kind="fin&amp;al">x</b>'
                '<b data-sku=&quot;3 data-price="1" data-price-kind="sale">y</b>',
    "nested windows": f'<section {W} data-show="running"><p data-show="upcoming running"><span hidden>'
                      '<span><b data-sku="1" data-price="5" data-price-kind="flash">¥5</b></span></span></p>'
                      '</section><b data-sku="1" data-price="6" data-price-kind="sale">¥6</b>',
    "hidden with data-show": '<p data-show="ended" hidden><b data-sku="1" data-price="1" data-price-kind="sale">'
                             '</b></p><p hidden><i data-sku="2" data-price="2" data-price-kind="sale"></i></p>',
    "end tag closes inner elements": '<div data-show="running" data-end="2026-11-12T00:00:00+08:00"><span><em>'
                                     '</div><b data-sku="1" data-price="3" data-price-kind="sale">x</b>',
    "stray end tags": '</p></span><p data-show="running"></b></i><b data-sku="1" data-price="3" '
                      'data-price-kind="sale"></b></p>',
    "void and self-closed": '<div hidden><br><img src="a.png" data-sku="1" data-price="1" '
                            'data-price-kind="sale"><input/><span/><br/></div><b data-sku="1" data-price="2" '
                            'data-price-kind="sale"/><i data-sku="1" data-price="4" data-price-kind="final">',
    "script and style text": '<script>if (a<b) { x = "<b data-sku=\\"1\\" data-price=\\"1\\" data-price-kind=\\"sale\\">"'
                             ' }</SCRIPT ><style>p::before{content:"</p>"}</style><p data-show="running">'
                             '<b data-sku="1" data-price="2" data-price-kind="sale"></b>',
    "unclosed script": '<p data-show="running"><b data-sku="1" data-price="2" data-price-kind="sale"></b>'
                       '<script data-sku="9" data-price="1" data-price-kind="sale">document.write("<b data-sku=1>")',
    "comments and doctype": '<!DOCTYPE html><!-- <b data-sku="1" data-price="1" data-price-kind="sale"> -- >'
                            '<!----><b data-sku="1" data-price="2" data-price-kind="sale">',
    # long copy is escaped and sanitised: what looks like a price there is text, not markup
    "faked in long copy": '<p>&lt;b data-sku="1" data-price="0.01" data-price-kind="final"&gt;¥0.01&lt;/b&gt;</p>'
                          '<p>data-price-kind="final" data-sku="1"</p><a title="x data-sku=1 data-price-kind=final">'
                          '</a><b data-sku="1" data-price="9" data-price-kind="final">¥9</b>',
    "quoted greater-than": '<a title="a>b" data-show="running"><b data-sku="1" data-price="2" data-price-kind="sale" '
                           'title=\'</a>\'></b></a>',
    "missing sku or kind": '<b data-price="1" data-price-kind="sale"></b><b data-sku="1" data-price="1"></b>'
                           '<b data-sku data-price-kind></b>',
    "duplicate attributes": '<b data-sku="1" data-sku="2" data-price="1" data-price="3" data-price-kind="sale">',
    "text < signs": '<p>1 < 2 <3 <<b data-sku="1" data-price="1" data-price-kind="sale"></b></p>',
    # not read by the scan: handed to html.parser, so still the same answer
    "processing instruction": '<?xml version="1.0"?><b data-sku="1" data-price="1" data-price-kind="sale">',
    "no space between attributes": '<p data-show="running"hidden><b data-sku="1"data-price="1" data-price-kind="sale">',
    "spaces around =": '<b data-sku = "1" data-price ="1" data-price-kind= sale>',
    "unclosed tag": '<p data-show="running"><b data-sku="1" data-price="1" data-price-kind="sale"',
    "odd end tag": '<p data-show="running"></p class="x"><b data-sku="1" data-price="1" data-price-kind="sale">',
    "unicode space": '<p\u3000data-show="running"><b data-sku="1" data-price="1" data-price-kind="sale">',
    "bogus comment": '<p data-show="running"><!x><b data-sku="1" data-price="1" data-price-kind="sale"></p>',
    "CDATA": '<![CDATA[<b data-sku="1" data-price="1" data-price-kind="sale">]]>',
    # read line by line: what runs on into the next line, or closes what an earlier line opened
    "lines": '<main data-show="running" ' + W + '>\n<p><span hidden>\n<b data-sku="1" data-price="1" '
             'data-price-kind="sale"></b></span></p>\n</main><b data-sku="1" data-price="2" data-price-kind="sale">',
    "tag across lines": '<p data-show="running"\nhidden><b data-sku="1" data-price="1" data-price-kind="sale">',
    "comment across lines": '<!-- <p>\n--><b data-sku="1" data-price="1" data-price-kind="sale">',
    "script across lines": '<script>"\n<b data-sku=1 data-price=1 data-price-kind=sale>"\n</script>'
                           '<b data-sku="1" data-price="2" data-price-kind="sale">',
    "line closes an outer element": '<div data-show="running" ' + W + '>\n<span><em></div>\n'
                                    '<b data-sku="1" data-price="3" data-price-kind="sale">',
    "line closes nothing open": '<p data-show="running">\n<span></i>\n<b data-sku="1" data-price="3" '
                                'data-price-kind="sale"></span></p>',
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_the_scan_reads_what_html_parser_reads(name: str) -> None:
    assert page_prices(TRICKY[name]) == parsed_prices(TRICKY[name])


def test_what_the_scan_reads_is_pinned() -> None:
    window = ["running", "2026-11-11T00:00:00+08:00", "2026-11-11T23:59:59+08:00"]
    own = ["2026-11-11T00:00:00+08:00", "2026-11-11T23:59:59+08:00"]
    assert page_prices(TRICKY["nested windows"]) == [["1", "5", "flash", [window, ["upcoming running", *window[1:]]],
                                                      True, own], ["1", "6", "sale", [], False, None]]
    assert page_prices(TRICKY["entities"]) == [["12", "99", "fin&al", [], False, None],
                                               ['"3', "1", "sale", [], False, None]]
    assert page_prices(TRICKY["faked in long copy"]) == [["1", "9", "final", [], False, None]]
    assert page_prices(TRICKY["script and style text"]) == [["1", "2", "sale", [], False, None]]
    assert page_prices(TRICKY["end tag closes inner elements"]) == [["1", "3", "sale", [], False, None]]
    assert page_prices(TRICKY["void and self-closed"]) == [["1", "1", "sale", [], True, None],
                                                           ["1", "2", "sale", [], False, None],
                                                           ["1", "4", "final", [], False, None]]
    assert page_prices("<p>no prices here</p>") == []


_PIECES = ["<div>", "</div>", "<span>", "</span>", "<p>", "</p>", "<br>", "<img src=a.png>", "<i/>", "</b>",
           f"<section {W}>", "</section>", '<span data-show="running">', '<span data-show="upcoming" hidden>',
           "<p hidden>", '<li data-end="2026-11-12T00:00:00+08:00" data-show="running ended">', "</li>",
           '<b data-sku="1" data-price="1" data-price-kind="sale">', "<b data-sku='2' data-price=2 data-price-kind=final>",
           '<s data-sku="3" data-price="9" data-price-kind="reference"/>', "<script>x<y</script>", "<style>a{}</style>",
           "<!-- c -->", "text", "a < b", "&lt;b data-sku=1&gt;", "<P DATA-SHOW=running>", "</P>", "<td>", "</tr>",
           "\n", "\n", "\n"]
_ACROSS_LINES = ["<p\nhidden>", "<!-- a\nb -->", "<script>\n</script>", "</div\n>", "<!doctype\nhtml>"]
_ODD = ["<?pi?>", "<a href=x=y>", "</p x>", "<!x>", "<b data-sku='1'data-price-kind=sale>", "<script>"]


@pytest.mark.parametrize("seed", range(40))
def test_generated_pages_read_alike(seed: int) -> None:
    rng = random.Random(seed)
    pieces = _PIECES + (_ODD if seed % 4 == 0 else []) + (_ACROSS_LINES if seed % 3 == 0 else [])
    markup = "".join(rng.choice(pieces) for _ in range(rng.randint(5, 120)))
    assert page_prices(markup) == parsed_prices(markup)


def test_what_pages_share_of_their_tags_changes_no_record() -> None:
    """One ``known`` dictionary across pages (as a build passes it): each page reads as if alone."""
    known: dict[tuple[str, str], object] = {}
    rng = random.Random(7)
    pages = [TRICKY[name] for name in sorted(TRICKY)] * 2
    pages += ["".join(rng.choice(_PIECES) for _ in range(rng.randint(5, 120))) for _ in range(60)]
    for markup in pages:
        assert page_prices(markup, known) == parsed_prices(markup)
    assert any(isinstance(key, str) for key in known)     # lines remembered
    assert any(isinstance(key, tuple) for key in known)   # and tags


_LINE_PIECES = _PIECES[:-3] + [
    '<b data-sku="3&amp;" data-price="4" data-price-kind="final">', '<b data-sku="" data-price="" data-price-kind="x">',
    '<b data-sku="5" data-sku="6" data-price="7" data-price="8" data-price-kind="sale">', "<b Hidden>", "<b hıdden>",
    '<b DATA-SKU="9" data-price="1.5" data-price-kind="flash">', '<b data-sku="a>b" data-price="1" data-price-kind="sale">',
    '<a title=\'data-sku="7"\'>', ' data-sku="8" ', '"', "=", "> x", "<a href=x/>", '<a b="<c>">', "<x data-buy>",
    '<x xdata-sku="1">', "\x00", "<p\u3000class=x>", "</p >", "<", "<!doctype html>", "中文", "<br/>"]


def test_lines_read_by_their_form_read_as_tokenized() -> None:
    """A line read from its tags' names or its form (one memo across lines, as pages share it) reads as alone."""
    known: dict[object, object] = {}
    for seed in range(3000):
        rng = random.Random(seed)
        line = "".join(rng.choice(_LINE_PIECES) for _ in range(rng.randint(1, 10)))
        assert price_markup._quick_effect(line, known) == price_markup._line_effect(line, {}), line


@pytest.mark.parametrize("seed", range(40))
def test_a_page_reads_the_same_without_its_neutral_inset(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        before, inset, after = ("".join(rng.choice(_LINE_PIECES) for _ in range(rng.randint(0, 8))) for _ in "abc")
        if seed % 2:
            inset = "<p>x</p>\n<ul>\n<li>a<br>b</li>\n</ul>\n" + "".join(c for c in inset if c not in "<>")
        page = before + inset + after
        assert page_prices(page, {}, inset) == parsed_prices(page), (before, inset, after)
