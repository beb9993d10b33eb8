"""The message catalogue: every message has its Chinese, the compiled catalogue is current,
and a message renders in either language, values included."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from dacu.core.findings import Finding, Findings
from dacu.core.i18n import Translator, msg

LOCALE = Path(__file__).resolve().parent.parent / "dacu" / "locale"
PO = LOCALE / "zh" / "LC_MESSAGES" / "dacu.po"


def _catalogue():
    with PO.open("rb") as handle:
        return read_po(handle)


def _used_messages() -> set[str]:
    """Every msg("...") in the engine and {{ _("...") }} in its templates, as Babel extracts them."""
    method_map = [("**.py", "python"), ("**.html", "jinja2")]
    found = extract_from_dir(str(LOCALE.parent), method_map=method_map, keywords={"msg": None, "_": None})
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_message_in_the_code_has_a_chinese_translation():
    catalogue = _catalogue()
    missing = sorted(m for m in _used_messages() if not (catalogue.get(m) and catalogue.get(m).string))
    assert missing == [], "run scripts/messages and translate these in dacu.po"


def test_the_compiled_catalogue_matches_its_source():
    with (PO.parent / "dacu.mo").open("rb") as handle:
        compiled = {m.id: m.string for m in read_mo(handle) if m.id}
    source = {m.id: m.string for m in _catalogue() if m.id and m.string}
    assert compiled == source, "run scripts/messages to compile dacu.mo"


def test_translations_keep_every_value_of_their_source():
    import re
    import string

    def names(text: str) -> set[str]:
        if "%(" in text:  # the report template's _("... %(name)s ...") (Jinja's i18n extension)
            return set(re.findall(r"%\((\w+)\)s", text))
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    for message in _catalogue():
        if message.id and message.string:
            assert names(message.string) == names(message.id), message.id


def test_a_message_renders_in_chinese_by_default_and_english_on_request():
    hint = msg('did you mean "{choice}"?', choice="theme")
    message = msg('unknown setting "{key}": {hint}', key="them", hint=hint)
    assert Translator()(message) == '未知设置 "them"：是不是想写 "theme"？'
    assert Translator("en")(message) == 'unknown setting "them": did you mean "theme"?'
    assert Translator("en_US")(msg("valid keys: {keys}", keys=["a", "b"])) == "valid keys: a, b"
    assert Translator("zh-CN")(msg("valid keys: {keys}", keys=["a", "b"])) == "可用的键：a、b"


def test_a_cached_finding_is_shown_in_the_language_of_the_run_that_reads_it():
    chinese = Findings(language="zh")
    chinese.add("settings", "pyproject.toml", msg("[tool.dacu] must be a table"), key="tool.dacu")
    [finding] = list(chinese)
    assert finding.message == "[tool.dacu] 必须是一个表"
    record = finding.to_record()
    english = Findings(language="en")
    english.extend([Finding.from_record(record)])
    assert [f.message for f in english] == ["[tool.dacu] must be a table"]
    assert Finding.from_record(record) == finding


def test_the_catalogue_is_read_when_a_message_is_first_rendered_not_per_collector(monkeypatch):
    # Rendering makes a collector per page; reading the catalogue for each was a sixth of a build.
    from dacu.core import i18n

    reads = []
    real = i18n._load_catalogue
    monkeypatch.setattr(i18n, "_load_catalogue", lambda language: reads.append(language) or real(language))
    collectors = [Findings() for _ in range(50)]
    assert reads == []
    translate = Translator("zh")
    translate(msg("dacu: {problem}", problem="x"))
    translate(msg("dacu: {problem}", problem="y"))
    assert reads == ["zh"]
    assert len(collectors) == 50
