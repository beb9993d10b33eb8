"""``new campaign`` and ``new venue``: folders made, festivals dated, a product sheet to start from."""

from __future__ import annotations

from datetime import datetime

import pytest

from dacu.cli.main import main
from dacu.cli.scaffold import new_campaign
from dacu.load.frontmatter import parse_document


def run(capsys, *args):  # type: ignore[no-untyped-def]
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def front(path):  # type: ignore[no-untyped-def]
    return parse_document(path.read_text(encoding="utf-8")).data


@pytest.mark.parametrize("name, folder, start, end, phases", [
    ("618", "618", "2027-05-25T00:00:00", "2027-06-20T23:59:59", ["预热", "开门红", "高潮", "返场"]),
    ("双11", "double11", "2026-10-20T00:00:00", "2026-11-12T23:59:59", ["预热", "开门红", "高潮", "返场"]),
    ("1111", "double11", "2026-10-20T00:00:00", "2026-11-12T23:59:59", ["预热", "开门红", "高潮", "返场"]),
    ("double12", "double12", "2026-12-05T00:00:00", "2026-12-12T23:59:59", ["预热", "高潮"]),
    ("双12", "double12", "2026-12-05T00:00:00", "2026-12-12T23:59:59", ["预热", "高潮"]),
])
def test_festivals_are_dated_for_their_next_edition(tmp_path, capsys, name, folder, start, end, phases):
    """In August 2026, 618 is next year's; 双11 and 双12 are this year's."""
    assert new_campaign(tmp_path, name, now=datetime(2026, 8, 1)) == 0  # content/ did not exist
    data = front(tmp_path / "content" / folder / "index.md")
    assert (data["start"], data["end"]) == (start, end)
    assert [p["name"] for p in data["phases"]] == phases
    assert data["phases"][-1]["end"] == end


def test_new_campaign_writes_a_product_sheet_and_checks_clean(tmp_path, capsys):
    code, out, _ = run(capsys, "new", "campaign", "618", "--source", tmp_path)
    assert code == 0
    assert "content/618/index.md" in out and "content/products.csv" in out
    sheet = (tmp_path / "content/products.csv").read_bytes()
    assert sheet.startswith(b"\xef\xbb\xbf") and "商品编码,款号,商品名称".encode() in sheet
    code, out, _ = run(capsys, "check", "--source", tmp_path, "--format", "json")
    import json

    report = json.loads(out)
    assert [f for f in report["findings"] if f["severity"] == "error"] == []
    # a second campaign leaves the sheet alone
    (tmp_path / "content/products.csv").write_text("sku,title,brand,price\n1,t,b,9\n", encoding="utf-8")
    assert run(capsys, "new", "campaign", "double11", "--source", tmp_path)[0] == 0
    assert (tmp_path / "content/products.csv").read_text(encoding="utf-8") == "sku,title,brand,price\n1,t,b,9\n"


def test_new_venue(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    code, _, err = run(capsys, "new", "venue", "double11", "smart-life", "--source", tmp_path, "--lang", "en")
    assert code == 1 and "there is no campaign double11" in err
    assert run(capsys, "new", "campaign", "double11", "--source", tmp_path)[0] == 0
    code, out, _ = run(capsys, "new", "venue", "双11", "smart-life", "--source", tmp_path, "--lang", "en")
    assert code == 0 and out.strip() == "created content/double11/smart-life.md: edit it, then run python build.py"
    assert front(tmp_path / "content/double11/smart-life.md")["title"] == "smart-life 分会场"
    code, out, _ = run(capsys, "check", "--source", tmp_path, "--format", "json")
    assert code == 0
    assert run(capsys, "new", "venue", "double11", "smart-life", "--source", tmp_path)[0] == 1


def test_new_campaign_speaks_chinese_by_default(tmp_path, capsys):
    code, out, _ = run(capsys, "new", "campaign", "618", "--source", tmp_path)
    assert code == 0 and "已创建 content/618/index.md" in out


@pytest.mark.parametrize("lang,message", [
    ("en", "dacu: a venue cannot be called index: content/double11/index.md is the campaign's own page; choose another "
           "name, e.g. new venue double11 main-venue"),
    ("zh", "dacu: 分会场不能叫 index：content/double11/index.md 是活动自己的主会场页面；请换一个名字，"
           "例如 new venue double11 main-venue"),
])
def test_a_venue_called_index_says_why(tmp_path, capsys, lang, message):
    assert run(capsys, "new", "campaign", "double11", "--source", tmp_path)[0] == 0
    code, out, err = run(capsys, "new", "venue", "double11", "index", "--source", tmp_path, "--lang", lang)
    assert code == 2 and out == "" and err.strip() == message
    assert not (tmp_path / "content/double11/index.md").read_text(encoding="utf-8").startswith("---\ntitle: index")
