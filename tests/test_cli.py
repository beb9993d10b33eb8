"""The command line as users run it: exit codes, JSON on stdout, text output, new."""

import json
import re
import subprocess
import sys

import pytest

from dacu.cli.main import main
from sitekit import PRODUCTS, REPO_ROOT, write_valid_site


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_build_ok_is_exit_0(scratch, capsys):
    write_valid_site(scratch)
    code, out, _ = run(capsys, "--source", scratch.root, "--now", "2026-11-11T10:00", "--lang", "en")
    assert code == 0
    assert out.startswith("built 5 pages into site/ in ")
    assert out.rstrip().endswith(" s (0 errors, 0 warnings)")


def test_the_summary_lines_are_chinese_by_default(scratch, capsys):
    write_valid_site(scratch)
    code, out, _ = run(capsys, "--source", scratch.root, "--now", "2026-11-11T10:00")
    assert code == 0
    assert re.fullmatch(r"已构建 5 个页面，输出到 site/，用时 \d+\.\d\d 秒（0 个错误，0 个警告）", out.strip())
    code, out, _ = run(capsys, "check", "--source", scratch.root)
    assert re.fullmatch(r"检查通过：共 5 个页面，0 个错误，0 个警告（用时 \d+\.\d\d 秒）", out.strip())


def test_verbose_timings_in_both_languages(scratch, capsys):
    write_valid_site(scratch)
    _, _, err = run(capsys, "check", "--source", scratch.root, "-v")
    assert re.search(r"^dacu：读取 \d+\.\d\d 秒、图片 \d+\.\d\d 秒、.*；渲染了 5 个页面，写入 0 个文件$", err, re.M), err
    _, _, err = run(capsys, "check", "--source", scratch.root, "-v", "--lang", "en")
    assert re.search(r"^dacu: load \d+\.\d\d s, images \d+\.\d\d s, .*; 5 pages rendered, 0 files written$", err, re.M), err


def test_language_in_the_settings_speaks_english(scratch, capsys):
    write_valid_site(scratch)
    scratch.write("pyproject.toml", '[tool.dacu]\nlanguage = "en"\n')
    code, out, _ = run(capsys, "check", "--source", scratch.root)
    assert code == 0 and out.startswith("check passed: 0 errors, 0 warnings in 5 pages (")
    code, out, _ = run(capsys, "check", "--source", scratch.root, "--lang", "zh")
    assert out.startswith("检查通过：共 5 个页面，0 个错误，0 个警告")


def test_check_json_is_the_only_stdout_and_names_every_defect(scratch, capsys):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,", ",199,99,"))
    scratch.write("content/double11/smart-life.md", "---\ntitle: 馆\nflors: []\n---\n")
    code, out, _ = run(capsys, "check", "--source", scratch.root, "--format", "json", "--lang", "en")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"ok", "findings", "pages", "seconds"} and data["ok"] is False
    assert [(f["rule"], f["file"], f.get("key"), f.get("line")) for f in data["findings"]] == [
        ("front-matter", "content/double11/smart-life.md", "flors", 3),
        ("price-anchor", "content/products.csv", "original_price", 2),
    ]
    assert data["findings"][1] == {
        "rule": "price-anchor", "severity": "error", "file": "content/products.csv", "key": "original_price",
        "line": 2, "message": "SKU 100012: strikethrough price ¥99 is not above the sale price ¥199: "
                              "raise original_price or leave it empty", "measured": 99.0, "threshold": 199.0}


def test_flags_after_the_command_too(scratch, capsys):
    write_valid_site(scratch)
    code, out, _ = run(capsys, "--source", scratch.root, "check", "--format", "json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_strict_turns_warnings_into_exit_1(scratch, capsys):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",50,曲面屏", ",0,曲面屏"))  # out-of-stock warning
    assert run(capsys, "check", "--source", scratch.root)[0] == 0
    code, out, _ = run(capsys, "build", "--source", scratch.root, "--strict", "--lang", "en")
    assert code == 1
    assert out.rstrip().splitlines()[-1] == ("build failed: 0 errors, 1 warning; warnings count as errors with --strict; "
                                             "site/ was left as it was")
    code, out, _ = run(capsys, "build", "--source", scratch.root, "--strict")
    assert out.rstrip().splitlines()[-1] == "构建失败：0 个错误，1 个警告；使用 --strict 时警告也算作错误；site/ 保持原样，未做改动"
    assert not (scratch.root / "site").exists()


def test_text_output_groups_by_file(scratch, capsys):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,", ",199,99,"))
    code, out, _ = run(capsys, "check", "--source", scratch.root, "--lang", "en")
    assert code == 1
    assert out.splitlines()[:2] == [
        "content/products.csv",
        "  error [price-anchor] (line 2, original_price): SKU 100012: strikethrough price ¥99 is not above the sale "
        "price ¥199: raise original_price or leave it empty"]
    *_, verdict, report = out.rstrip().splitlines()
    assert verdict.startswith("check failed: 1 error, 0 warnings in 5 pages")
    assert report == f"report: {scratch.root.resolve() / '.dacu/report/index.html'}"


def test_text_output_in_chinese(scratch, capsys):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,", ",199,99,"))
    code, out, _ = run(capsys, "build", "--source", scratch.root)
    assert code == 1
    assert out.splitlines()[1].startswith("  错误 [price-anchor]（第 2 行，original_price）：")
    assert out.rstrip().splitlines()[-1] == "构建失败：1 个错误，0 个警告；site/ 保持原样，未做改动"
    code, out, _ = run(capsys, "check", "--source", scratch.root)
    *_, verdict, report = out.rstrip().splitlines()
    assert verdict.startswith("检查未通过：共 5 个页面，1 个错误，0 个警告（用时 ")
    assert report == f"报告：{scratch.root.resolve() / '.dacu/report/index.html'}"


@pytest.mark.parametrize("args,message", [
    (["--source", "/no/such/dir"], "dacu: --source /no/such/dir: no such folder"),
    (["--now", "tomorrow"], "dacu: --now tomorrow: expected a time such as 2026-11-11T00:00:00+08:00, got 'tomorrow'"),
])
def test_usage_errors_are_exit_2(scratch, capsys, args, message):
    write_valid_site(scratch)
    code, _, err = run(capsys, "--source", scratch.root, "--lang", "en", *args)
    assert code == 2 and err.strip() == message


@pytest.mark.parametrize("args,message", [
    (["--source", "/no/such/dir"], "dacu：--source /no/such/dir：找不到这个文件夹"),
    (["--jobs", "0"], "dacu：--jobs 0：工作进程数至少为 1"),
])
def test_usage_errors_in_chinese(scratch, capsys, args, message):
    write_valid_site(scratch)
    code, _, err = run(capsys, "--source", scratch.root, *args)
    assert code == 2 and err.strip() == message


def test_no_site_is_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, "--source", tmp_path, "--lang", "en")
    assert code == 2 and "has no content/ folder" in err
    code, _, err = run(capsys, "--source", tmp_path)
    assert code == 2 and err.strip() == (f"dacu：{tmp_path.resolve()} 下没有 content/ 文件夹：请在站点文件夹里运行 dacu，"
                                         "或用 --source DIR 指定站点")


def test_bad_flag_is_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--no-such-flag"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == ("dacu：错误：无法识别的参数：--no-such-flag"
                                                        "（可运行 dacu --help 查看用法）")


@pytest.mark.parametrize("args,chinese,english", [
    (["new"], "dacu new：错误：缺少必需的参数：what, name",
     "dacu new: error: the following arguments are required: what, name"),
    (["--format", "xml"], "dacu：错误：参数 --format：'xml' 不是可选的值，请从 'text', 'json' 中选择",
     "dacu: error: argument --format: invalid choice 'xml': choose from 'text', 'json'"),
    (["--jobs", "x"], "dacu：错误：参数 --jobs：'x' 不是有效的 int 值",
     "dacu: error: argument --jobs: 'x' is not a valid int value"),
    (["--now"], "dacu：错误：参数 --now 后面需要跟一个值", "dacu: error: argument --now: expected one value after it"),
])
def test_argparse_errors_in_both_languages(capsys, args, chinese, english):
    for lang, expected in [([], chinese), (["--lang", "en"], english)]:
        with pytest.raises(SystemExit) as exc:
            main(lang + args)
        assert exc.value.code == 2
        assert capsys.readouterr().err.splitlines()[-1] == expected


def test_help_in_chinese_by_default_and_in_english_on_request(tmp_path, capsys):
    for args, lines in [
        ([], ["用法：dacu [-h]", "检查并生成电商大促活动页。", "  --strict              警告也会让构建失败",
              "    check               运行所有检查，不往 site/ 写任何文件"]),
        (["--lang", "en"], ["usage: dacu [-h]", "  --strict              warnings fail the build too",
                            "    check               run every check, write nothing into site/"]),
    ]:
        with pytest.raises(SystemExit) as exc:
            main(["--source", str(tmp_path), *args, "--help"])
        out = capsys.readouterr().out
        assert exc.value.code == 0
        assert all(any(line.startswith(want) for line in out.splitlines()) for want in lines), out
    (tmp_path / "pyproject.toml").write_text('[tool.dacu]\nlanguage = "en"\n', encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["check", "--help", "--source", str(tmp_path)])
    assert capsys.readouterr().out.startswith("usage: dacu check [-h]")


def test_new_campaign_scaffolds_a_valid_campaign(scratch, capsys):
    scratch.write("content/products.csv", PRODUCTS)
    code, out, _ = run(capsys, "new", "campaign", "double12", "--source", scratch.root, "--lang", "en")
    assert code == 0 and out.strip() == "created content/double12/index.md: edit it, then run python build.py"
    assert run(capsys, "check", "--source", scratch.root)[0] == 0
    code, _, err = run(capsys, "new", "campaign", "double12", "--source", scratch.root)
    assert code == 1 and "content/double12/index.md 已经存在" in err
    assert run(capsys, "new", "campaign", "Bad Name", "--source", scratch.root)[0] == 2


def test_build_py_is_the_front_door(scratch):
    write_valid_site(scratch)
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "build.py"), "check", "--format", "json"],
                          cwd=scratch.root, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["pages"] == 5


def test_json_keeps_keys_and_slugs_with_the_message_in_the_chosen_language(scratch):
    write_valid_site(scratch)
    scratch.write("pyproject.toml", '[tool.dacu]\nthem = "x"\n')

    def check(*args):
        proc = subprocess.run([sys.executable, str(REPO_ROOT / "build.py"), *args, "check", "--format", "json"],
                              cwd=scratch.root, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1, proc.stderr
        data = json.loads(proc.stdout)
        assert set(data) == {"ok", "findings", "pages", "seconds"}
        [finding] = data["findings"]
        return {k: v for k, v in finding.items() if k != "message"}, finding["message"]

    english, chinese = check("--lang", "en"), check()
    assert english[0] == chinese[0] == {"rule": "settings", "severity": "error", "file": "pyproject.toml",
                                        "key": "tool.dacu.them"}
    assert english[1] == 'unknown setting "them": did you mean "theme"?'
    assert chinese[1] == '未知设置 "them"：是不是想写 "theme"？'
