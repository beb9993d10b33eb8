"""The colours of a page's own styles: read once per distinct style text of a build."""

from __future__ import annotations

from dacu.checks import inline_colours

PAGE = ('<style>:root{--primary:#E1251B;--text:#222222}</style><p style="color:#FF0000">a</p>'
        '<p style="color:#FF0000">b</p><style>p{background:#fff}</style><b style="border-color:&quot;#00f&quot;">')


def test_a_memo_gives_the_same_colours_and_reads_each_style_text_once() -> None:
    memo: dict[tuple[str, str], list[tuple[str, str]]] = {}
    alone = inline_colours(PAGE)
    assert inline_colours(PAGE, memo) == alone
    assert ("#E1251B", "page <style>: :root { --primary }") in alone
    assert alone.count(("#FF0000", "inline style: color")) == 2
    assert len(memo) == 4                   # two <style> blocks, two distinct style attributes
    memo[(":root{--primary:#E1251B;--text:#222222}", "page <style>")] = [("#000001", "remembered")]
    assert ("#000001", "remembered") in inline_colours(PAGE, memo)
