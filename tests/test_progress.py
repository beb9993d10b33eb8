"""Progress on a terminal: one line rewritten in place, nothing in JSON or when piped."""

from __future__ import annotations

import io
import json
import sys

from dacu.cli.main import main
from dacu.core.i18n import Translator, msg
from dacu.core.progress import TerminalProgress
from sitekit import write_valid_site


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_progress_rewrites_one_line_and_clears_it():
    out = Terminal()
    progress = TerminalProgress(out, Translator("en"))
    progress.stage(msg("Checking product images"), 3)
    for _ in range(3):
        progress.advance()
    progress.done()
    text = out.getvalue()
    assert "\rChecking product images 0/3" in text and "\rChecking product images 3/3" in text
    assert "\n" not in text and text.endswith("\r")


def test_chinese_progress():
    out = Terminal()
    progress = TerminalProgress(out, Translator("zh"))
    progress.stage(msg("Making pages"), 2)
    progress.advance(2)
    assert "生成页面 2/2" in out.getvalue()


def test_check_on_a_terminal_shows_progress_on_stderr(scratch, monkeypatch, capsys):
    write_valid_site(scratch)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check", "--source", str(scratch.root), "--lang", "en"]) == 0
    shown = terminal.getvalue()
    assert "\rReading content" in shown and "Checking product images 2/2" in shown and "Making pages" in shown
    assert "check passed" in capsys.readouterr().out


def test_no_progress_in_json_or_when_piped(scratch, monkeypatch, capsys):
    write_valid_site(scratch)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check", "--source", str(scratch.root), "--format", "json"]) == 0
    assert terminal.getvalue() == "" and json.loads(capsys.readouterr().out)["ok"] is True
    monkeypatch.undo()
    (scratch.root / "content/products.csv").write_text((scratch.root / "content/products.csv").read_text() + "\n")
    assert main(["check", "--source", str(scratch.root)]) == 0   # capsys: stderr is not a terminal
    assert "\r" not in capsys.readouterr().err


def test_verbose_shows_no_library_debug_lines(scratch, capsys):
    import logging

    write_valid_site(scratch)
    assert main(["check", "-v", "--source", str(scratch.root)]) == 0
    for library in ("MARKDOWN", "PIL", "asyncio"):
        assert logging.getLogger(library).getEffectiveLevel() >= logging.WARNING
    err = capsys.readouterr().err
    assert "DEBUG" not in err and "STREAM" not in err and "Successfully imported" not in err
