from dacu.core.i18n import Translator
from dacu.load.frontmatter import parse_document


def errors(doc):
    """The document's problems with their messages in English."""
    return [(line, key, str(message)) for line, key, message in doc.errors]


def test_keys_have_lines_and_the_body_its_offset():
    doc = parse_document("---\ntitle: x\nhero:\n  image: a.jpg\nphases:\n  - {name: a}\n---\n# body\n")
    assert doc.data == {"title": "x", "hero": {"image": "a.jpg"}, "phases": [{"name": "a"}]}
    assert doc.lines["title"] == 2
    assert doc.lines["hero.image"] == 4
    assert doc.lines["phases[0].name"] == 6
    assert doc.body == "# body\n" and doc.body_line == 8


def test_timestamps_stay_text_for_the_schema():
    doc = parse_document("---\nstart: 2026-10-25T00:00:00+08:00\n---\n")
    assert doc.data["start"] == "2026-10-25T00:00:00+08:00"


def test_yaml_error_points_at_the_line_of_the_unclosed_list():
    doc = parse_document("---\ntitle: x\nskus: [1, 2\n---\nbody")
    assert errors(doc) == [(3, "", "the front matter is not valid YAML: while parsing a flow sequence, "
                                   "expected ',' or ']', but got '<stream end>'")]


def test_duplicate_key_is_reported():
    doc = parse_document("---\ntitle: a\ntitle: b\n---\n")
    assert errors(doc) == [(3, "title", 'the key "title" appears twice; the second would silently replace the first')]


def test_no_front_matter_and_unclosed_front_matter():
    assert parse_document("# only body").data == {}
    assert parse_document("---\ntitle: x\n").errors[0][2].text.startswith('front matter starts with "---"')


def test_byte_order_mark_is_ignored():
    assert parse_document("\ufeff---\ntitle: x\n---\n").data == {"title": "x"}


def test_a_tab_after_a_colon_is_explained_at_its_line():
    doc = parse_document("---\ntitle: 双12\nslogan:\t全场好价\n---\n")
    assert errors(doc) == [(3, "", "the front matter has a tab on this line: YAML separates keys, values and list "
                                   "items with spaces only; replace the tab with spaces")]
    [(_, _, message)] = doc.errors
    assert Translator("zh")(message) == ("头部信息这一行有制表符（Tab）：YAML 的键、值和列表项之间只能用空格分隔；"
                                     "请把制表符换成空格")
