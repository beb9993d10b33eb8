"""[tool.dacu] settings: defaults, unknown keys, rule severities and thresholds."""

from dacu.core.findings import Findings
from dacu.core.rules import RULES
from dacu.core.settings import load_settings
from sitekit import PRODUCTS, write_valid_site


def settings_of(scratch, toml, language="en"):
    scratch.write("pyproject.toml", toml)
    findings = Findings(language=language)
    settings = load_settings(scratch.root, findings)
    return settings, [(f.key, f.message) for f in findings]


def test_defaults_without_pyproject(scratch):
    settings, findings = settings_of(scratch, "")
    assert (settings.theme, settings.timezone, settings.widths, settings.formats) == (
        "default", "Asia/Shanghai", [375, 750, 1125], ["webp", "jpeg"])
    assert findings == []


def test_unknown_keys_and_wrong_types_are_all_reported(scratch):
    _, findings = settings_of(scratch, """
[tool.dacu]
them = "x"
timezone = "Mars/Base"
buy_url = "https://item.example.com/"
widths = [375, "big"]
[tool.dacu.rules]
text-contrat = "off"
busy-background = "quiet"
[tool.dacu.rules.text-contrast]
min_ratio = "high"
max_ratio = 3
""")
    assert sorted(findings) == sorted([
        ("tool.dacu.them", 'unknown setting "them": did you mean "theme"?'),
        ("tool.dacu.widths", "widths must be a list of pixel widths between 16 and 4096, e.g. [375, 750, 1125], not [375, 'big']"),
        ("tool.dacu.rules.text-contrat", 'unknown rule "text-contrat": did you mean "text-contrast"?'),
        ("tool.dacu.rules.busy-background.severity", "severity must be \"error\", \"warning\" or \"off\", not 'quiet'"),
        ("tool.dacu.rules.text-contrast.min_ratio", "min_ratio must be a number, not 'high'"),
        ("tool.dacu.rules.text-contrast.max_ratio", 'unknown setting "max_ratio" for rule text-contrast: did you mean "min_ratio"?'),
        ("tool.dacu.timezone", 'unknown time zone "Mars/Base": use an IANA name such as "Asia/Shanghai"'),
        ("tool.dacu.buy_url", 'buy_url must contain "{sku}" where the product\'s SKU goes, e.g. "https://item.example.com/{sku}"'),
    ])


def test_settings_messages_are_chinese_by_default(scratch):
    toml = '[tool.dacu]\nthem = "x"\nwidths = "big"\n[tool.dacu.rules]\nnope = "off"\n'
    _, findings = settings_of(scratch, toml, language="zh")
    assert sorted(findings) == sorted([
        ("tool.dacu.them", '未知设置 "them"：是不是想写 "theme"？'),
        ("tool.dacu.widths", "widths 必须是 16 到 4096 之间的像素宽度列表，例如 [375, 750, 1125]，现在是 'big'"),
        ("tool.dacu.rules.nope", '没有名为 "nope" 的规则：可用的键：' + "、".join(sorted(RULES))),
    ])


def test_language_setting_switches_every_message_to_english(scratch):
    _, findings = settings_of(scratch, '[tool.dacu]\nlanguage = "en"\nthem = "x"\n', language="zh")
    assert findings == [("tool.dacu.them", 'unknown setting "them": did you mean "theme"?')]
    _, findings = settings_of(scratch, '[tool.dacu]\nlanguage = "fr"\n', language="zh")
    assert findings == [("tool.dacu.language", "language 只能是 \"zh\" 或 \"en\"，现在是 'fr'")]


def test_rule_severity_and_threshold_change_the_outcome(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",97%,1200,", ",91%,1200,"))
    assert scratch.check().findings == []
    scratch.write("pyproject.toml", '[tool.dacu.rules.review-eligibility]\nmin_rate = 0.95\nseverity = "error"\n')
    result = scratch.check()
    assert [(f.rule, f.severity, f.threshold) for f in result.findings] == [("review-eligibility", "error", 0.95)]
    assert not result.ok
    scratch.write("pyproject.toml", '[tool.dacu.rules]\nreview-eligibility = "off"\n')
    assert scratch.check().findings == []
