"""Content cannot put a script into a published page (issue 13, item 2)."""

from __future__ import annotations

import re

import pytest

from dacu.cli.main import main
from dacu.load.markdown import to_html
from dacu.load.markdown_safety import markdown_problems
from scriptcheck import scripts_in, theme_script_count
from sitekit import CAMPAIGN, write_valid_site

ATTACKS = [
    "[领券](javascript:alert(document.cookie))",
    "[领券](JaVaScRiPt:alert(1))",
    "[领券](javascript&#58;alert(1))",
    "[领券](&#106;avascript:alert(1))",
    "[领券](java&#x09;script:alert(1))",
    "[领券](<javascript:alert(1)>)",
    "[领券][r]\n\n[r]: javascript:alert(1)",
    "![图](javascript:alert(1))",
    "[看](data:text/html,<script>alert(1)</script>)",
    "![x](vbscript:msgbox(1))",
    '段落\n{: onclick="alert(1)" }',
    '![x](a.jpg){: onerror="alert(1)" }',
    '段落 {: onmouseover="alert(1)" style="position:fixed;inset:0" }',
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
]


def scripted(html: str) -> list[str]:
    """What in a Markdown fragment could run a script or restyle the page."""
    return scripts_in(html) + re.findall(r"<[^>]*\sstyle=\"(?!text-align)", html)


@pytest.mark.parametrize("text", ATTACKS)
def test_markdown_keeps_no_script(text: str) -> None:
    assert scripted(to_html(text)) == []


def test_safe_links_and_class_and_id_survive() -> None:
    html = to_html("[a](https://x.com/?a=1&b=2) [t](tel:400) [m](mailto:a@b.c) [r](../x.html#y) ![i](img/a.jpg)\n"
                   '{: .note #rules }\n\n| a | b |\n|:--|--:|\n| 1 | 2 |')
    for part in ('href="https://x.com/?a=1&amp;b=2"', 'href="tel:400"', 'href="mailto:a@b.c"', 'href="../x.html#y"',
                 'src="img/a.jpg"', 'class="note"', 'id="rules"', 'style="text-align:left"'):
        assert part in html


def test_a_removed_link_is_a_finding_at_its_line() -> None:
    [(line, message)] = markdown_problems("规则\n\n[领券](JaVaScRiPt:alert(1))\n", first_line=10)
    assert line == 12 and "was removed" in str(message)


def test_deep_nesting_is_refused_not_rendered() -> None:
    text = "".join("    " * i + "- x\n" for i in range(40))
    [(line, message)] = markdown_problems(text)
    assert line == 33 and "nest more than 32 levels" in str(message)
    assert to_html("[" * 5000 + "x" + "]" * 5000).startswith("<p>[[[")


def test_a_cached_page_is_sanitised_again() -> None:
    class Poisoned(dict):
        def get(self, key):  # type: ignore[override]
            return '<a href="javascript:alert(1)" onclick="x()">a</a>'

        def put(self, key, value) -> None:
            pass

    assert scripted(to_html("anything", Poisoned())) == []


def test_removed_links_are_reported_at_their_own_line_with_their_whole_url() -> None:
    text = "规则\n\n[领券](javascript:alert(1))\n\n[ref]: javascript:alert(7)\n"
    problems = [(line, str(message)) for line, message in markdown_problems(text, first_line=27)]
    assert problems == [(29, 'the link "javascript:alert(1)" was removed: only http, https, mailto, tel and '
                             "relative links are published"),
                        (31, 'the link "javascript:alert(7)" was removed: only http, https, mailto, tel and '
                             "relative links are published")]


def test_no_script_reaches_site(scratch) -> None:
    write_valid_site(scratch)
    body = "\n\n".join(ATTACKS)
    scratch.write("content/double11/index.md", CAMPAIGN + "\n" + body + "\n")
    scratch.write("content/double11/smart-life.md", "---\ntitle: 智能生活馆\n---\n" + body + "\n")
    scratch.write("content/products/100012.md", "---\n---\n" + body + "\n")
    result = scratch.build()
    removed = [f for f in result.findings if "was removed" in f.message or "被删除" in f.message]
    assert len(removed) >= 3 * 9
    scratch.write("pyproject.toml", '[tool.dacu.rules.front-matter]\nseverity = "warning"\n'
                                    '[tool.dacu.rules.product-data]\nseverity = "warning"\n'
                                    '[tool.dacu.rules.broken-link]\nseverity = "warning"\n')
    assert scratch.build().ok
    clean = (scratch.root / "site").rglob("*.html")
    for page in clean:
        html = page.read_text(encoding="utf-8")
        assert scripts_in(html, theme_scripts=theme_script_count(html)) == [], page
        assert "<script" not in html.split("</main>")[0].split("<main")[-1], page


@pytest.mark.parametrize("setting", ['buy_url = "javascript:alert(1)//{sku}"', 'buy_url = " JAVASCRIPT:x/{sku}"',
                                     'base_url = "javascript:alert(1)/"', 'buy_url = "data:text/html,{sku}"'])
def test_url_settings_allow_only_web_urls(scratch, capsys, setting: str) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("pyproject.toml", f"[tool.dacu]\n{setting}\n")
    assert main(["--source", str(scratch.root), "--lang", "en", "check"]) == 1
    assert "must be an http, https or relative URL" in capsys.readouterr().out


def test_a_sku_cannot_change_the_buy_link(scratch) -> None:
    from dacu.core import Settings
    from urllib.parse import quote
    settings = Settings(root=scratch.root, buy_url="{sku}")
    assert settings.buy_url.replace("{sku}", quote("javascript:alert(1)", safe="")) == "javascript%3Aalert%281%29"


def test_brackets_count_across_the_lines_of_a_paragraph_and_reset_at_a_blank_line() -> None:
    spread = "[" * 20 + "\n" + "(" * 20 + "\n"
    [(line, _)] = markdown_problems("标题\n\n" + spread, first_line=5)
    assert line == 8                                   # the 33rd opening bracket, on the paragraph's second line
    assert markdown_problems(("[" * 20 + "\n\n") * 3) == []            # a blank line ends a paragraph's brackets
    assert markdown_problems("[a](b) " * 40 + "\n" + "[" * 32) == []    # closed ones do not count
    assert markdown_problems("x" * 20 + "\n" + "[" * 32 + "\n" + "[") != []
