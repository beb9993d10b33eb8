"""The links of a page resolve as urlsplit and unquote read them, also on the quick path for plain links."""

from __future__ import annotations

import itertools
import random
from urllib.parse import unquote, urlsplit

from dacu.checks.rendered.links import _ATTR, _is_local, _plain, _values, resolve

PIECES = ["a", "/", ".", "..", ":", "?", "#", "%", "%20", "\t", "\n", "\r", " ", "\x00", "\x1f", "//", "中",
          "&", "=", "http:", "\x7f", "\x85", "\u3000", "\xa0"]


def test_a_plain_link_is_its_own_path():
    for size in range(4):
        for parts in itertools.product(PIECES, repeat=size):
            link = "".join(parts)
            if _plain(link):
                assert unquote(urlsplit(link).path) == link, repr(link)


def test_links_resolve_from_the_page_folder_and_the_root():
    assert resolve("products/1/index.html", "../2/") == "products/2/index.html"
    assert resolve("products/1/index.html", "../../static/a.css") == "static/a.css"
    assert resolve("products/1/index.html", "../2/?from=1#top") == "products/2/index.html"
    assert resolve("products/1/index.html", "%E5%9B%BE.webp") == "products/1/图.webp"
    assert resolve("products/1/index.html", "/camp/x/", "/camp/") == "x/index.html"
    assert resolve("index.html", "/elsewhere/", "/camp/") == "../" + "/elsewhere/"


def test_the_links_are_found_where_the_pattern_finds_them():
    pieces = [" ", "\t", "\n", "\u3000", "\xa0", "x", '"', "=", "href=", 'href="', 'src="', 'srcset="', "src", "set",
              "a,b 2x", "&amp;", "<a", ">", "/"]
    for seed in range(20000):
        rng = random.Random(seed)
        markup = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = [(m.start(), m.group(1) if m.group(1) is not None else m.group(2), m.group(1) is None)
                    for m in _ATTR.finditer(markup)]
        assert _values(markup) == expected, repr(markup)


def test_a_link_with_a_scheme_is_not_local_without_urlsplit():
    for size in range(5):
        for parts in itertools.product(["a", "h", "1", "+", ".", "-", ":", "/", "\t", " ", "#", "中"], repeat=size):
            link = "".join(parts)
            parts_ = urlsplit(link)
            expected = (bool(link) and not link.startswith(("#", "//", "?")) if ":" not in link else
                        not (parts_.scheme or parts_.netloc or link.startswith("#") or not parts_.path))
            assert _is_local(link) == expected, repr(link)
