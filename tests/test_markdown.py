"""Markdown: the quicker inline processing gives Python-Markdown's own output."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dacu.load.markdown import _EXTENSIONS, _make, to_html
from dacu.load.markdown_inline import quick

TEXTS = [
    "纯中文段落，没有任何标记。",
    "*强调* 和 **加粗** 和 _下划线_ 和 __粗__ 和 ***三星*** 混排",
    "链接 [说明](https://example.com/a?b=1&c=2) 图片 ![图](a.png) 引用 [文][1]\n\n[1]: https://x.y/z",
    "代码 `a*b` 与转义 \\*不是强调\\* 与实体 &amp; &copy; 与 &#20013;",
    "自动链接 <https://example.com> 邮件 <a@b.cn> 和行尾两个空格  \n换行",
    "| 版本 | 价格 |\n|---|---|\n| *标准* | ¥[99](https://x) |\n",
    "## 标题 {: style=\"color: #00A0E9\" }\n\n- 一\n- **二** [链](u)\n\n1. 三\n2. 四",
    "嵌套 **加粗里有 [链接](u) 和 *斜体*** 结束",
    "不匹配的 [括号 和 *星号 和 _下划线 和 `反引号",
    "<script>alert(1)</script> 与 <b>粗</b>",
    "转义的花括号 \\{: .x } 和 `{: .code }` 与 \\\\ 反斜杠\n\n段落 {: #p1 }\n",
    "| 甲 | 乙 \\| 丙 |\n|---|---|\n| {: .c } | x |\n\n- 项 {: .li }\n    - 子项\n",
    "标题\n===\n\n- 一\n\n    {: .indented }\n",
    # a placeholder Python-Markdown leaves unresolved: its number counts the elements made before it
    "|**粗**\n\n- > *斜**斜*[链 接](http://x.cn/a_b*c&d=1)&!    {: .x}  \n: `{: .x}!",
    "**[链](u)** 与 *[链](v)*，[链](w_x*y&z=1)后**粗**，*斜*。\n\n- **一**\n    - [二](u)\n",
]

#: Pieces of Markdown that make Python-Markdown's inline patterns meet (links, emphasis, escapes,
#: entities, autolinks, line breaks) inside lists, quotes, tables and headings.
PIECES = ["**", "*", "***", "[", "]", "(", ")", "](", "[a](u)", "[链 接](http://x.cn/a_b*c&d=1)", " ", "  ", "\n",
          "\n\n", "中文", "，", "_", "&", "&amp;", "<", ">", "!", "`", "\\", "  \n", "- ", "1. ", "> ", "## ", "|",
          "{: .x}", '"', "'", "\t", "\u3000", "\xa0", "x", "**粗**", "*斜*", '[t](u "title")', "<http://a.b>",
          "    ", "|---|---|\n"]


def _reference() -> markdown.Markdown:
    md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_html_as_python_markdown(text):
    ours, reference = _make(), _reference()
    assert ours.convert(text) == reference.convert(text)


def test_raw_html_still_comes_out_as_text():
    assert "<script>" not in to_html("<script>alert(1)</script>")
    assert "&lt;script&gt;" in to_html("<script>alert(1)</script>")


def test_the_quicker_inline_processor_is_the_one_in_use():
    assert type(_make().treeprocessors["inline"]).__name__ == "QuickInline"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_generated_markdown_gives_python_markdowns_html(text):
    ours, reference = _make(), _reference()
    assert ours.convert(text) == reference.convert(text)


def test_long_copy_is_built_the_quick_way_and_anything_else_the_stock_way():
    lead, made, stashed = quick("前**粗**中*斜*，[链](https://x.cn/a_b?c=1&d=2)后")
    assert lead == "前" and [(e.tag, e.text, e.tail) for e in made] == [
        ("strong", "粗", "中"), ("em", "斜", "，"), ("a", "链", "后")]
    assert [e.tag for e in stashed] == ["a", "strong", "em"]   # links first, as Python-Markdown stashes them
    for text in ["`码`", "\\*", "&amp;", "a_b", "![图](u)", "[t](u \"t\")", "[r][1]", "<http://a.b>", "行  \n尾",
                 "**a*", "*a**b**c*", "** a**", "**a **", "***a***", "[**a**](u)", "[a] (u)"]:
        assert quick(text) is None, text


def test_one_converter_gives_each_text_its_own_output_in_any_order():
    # attr_list and unescape run only for a text with "{" or a backslash: the choice is made per text
    ours = _make()
    for text in [*TEXTS, *reversed(TEXTS)]:
        ours.reset()
        assert ours.convert(text) == _reference().convert(text)


def test_block_level_tags_are_told_as_python_markdown_tells_them():
    ours, reference = _make(), _reference()
    tags = [*reference.block_level_elements, "P", "Div/", "hr/", "span", "em", "a", "", None, 3]
    assert [ours.is_block_level(t) for t in tags] == [reference.is_block_level(t) for t in tags]


def test_the_converter_is_made_once_before_the_workers_start():
    from dacu.load.markdown import Converter, to_html_many

    class TwoWorkers:
        workers = 2

        def map(self, fn, items, chunksize=1):
            assert converter._made is not None, "made before the workers fork"
            return [fn(item) for item in items]

    converter = Converter()
    texts = [f"第{i}段 *强调*" for i in range(250)]
    assert to_html_many(texts, executor=TwoWorkers(), converter=converter) == Converter().convert(texts)
