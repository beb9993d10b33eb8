"""The links of a page resolve as urlsplit and unquote read them, also on the quick path for plain links."""

from __future__ import annotations

import itertools
from urllib.parse import unquote, urlsplit

from dacu.checks.rendered.links import _plain, resolve

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
