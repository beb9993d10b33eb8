"""The command line's start: the simple command lines read without argparse give exactly what the parser
gives; importing it leaves the cyclic collector as it was."""

import itertools

import pytest

from dacu.cli.parser import _simple, make_parser, parse_arguments

#: Every word the simple reading knows, and some it must leave to argparse.
WORDS = ["build", "check", "serve", "-q", "--quiet", "-v", "--verbose", "--strict", "--format", "json", "text",
         "--lang", "en", "zh", "--open", "-qv", "--quie", "--format=json", "-h", "--source", "--source=site 2",
         "--now", "2026-11-11T10:00", "--jobs", "2", " 3", "-1", "x", "--now=", "--jobs=4", "--jobs=a", "", "--"]


def _parsed(argv, parser=None):
    try:
        return vars((parser or make_parser("en")).parse_args(argv))
    except SystemExit:
        return None


@pytest.mark.parametrize("length", [0, 1, 2, 3, 4])
def test_every_simple_command_line_reads_as_argparse_reads_it(length):
    parser = make_parser("en")
    read = 0
    for argv in itertools.product(WORDS, repeat=length):
        simple = _simple(list(argv))
        if simple is not None:
            read += 1
            assert vars(simple) == _parsed(list(argv), parser), argv
    assert read > 0


@pytest.mark.parametrize("argv", [["build", "-q"], [], ["check"], ["build", "--format", "json"],
                                  ["--source", "/tmp/site", "--now", "2026-11-11T10:00", "build", "--format", "json"],
                                  ["check", "--jobs", "2", "--source=a b"],
                                  ["-q", "build", "-q", "-q"], ["--strict", "check", "--lang", "en", "-v"],
                                  ["--format", "json", "build", "--format", "text"]])
def test_the_usual_command_lines_are_read_without_the_parser(argv):
    assert _simple(argv) is not None
    assert vars(parse_arguments(argv)) == _parsed(argv)


@pytest.mark.parametrize("argv", [["--source"], ["build", "--now", "-1"], ["check", "--open"], ["--source="],
                                  ["build", "--jobs", "two"], ["new", "campaign", "x"], ["build", "build"],
                                  ["--format"], ["--lang", "fr"], ["-qq"], ["--", "build"]])
def test_other_command_lines_go_to_argparse(argv):
    assert _simple(argv) is None


@pytest.mark.parametrize("enabled", [True, False])
def test_importing_the_command_line_leaves_the_collector_as_it_was(enabled):
    import subprocess
    import sys

    from sitekit import REPO_ROOT

    code = ("import gc\n"
            f"{'' if enabled else 'gc.disable()'}\n"
            "from dacu.cli import main\n"
            "print(gc.isenabled(), gc.get_freeze_count())\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"}).stdout
    assert out.split() == [str(enabled), "0"]
