"""[tool.dacu] settings: defaults, unknown keys, rule severities and thresholds."""

from dacu.core.findings import Findings
from dacu.core.settings import load_settings
from sitekit import PRODUCTS, write_valid_site


def settings_of(scratch, toml):
    scratch.write("pyproject.toml", toml)
    findings = Findings()
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
