"""The command line's flags and help, in the user's language.

``--help`` is read before anything else, so the language is found from the
command line itself: ``--lang``, else ``language`` in the ``[tool.dacu]`` of
the ``--source`` folder (the current one by default), else Chinese.
argparse's own words ("usage:", the section titles, "error:") are replaced
by the catalogue's, and so are the errors argparse writes about a bad flag.

The command lines a build is run with most (``build -q``, ``--source DIR
--now TIME build --format json``: the commands and flags of :data:`_FLAGS`,
:data:`_CHOICES` and :data:`_VALUES` alone)
are read without building the parser (:func:`parse_arguments`): building it,
in the user's language, took 4-6 ms of a 200 ms one-file rebuild, with
argparse's, gettext's and locale's imports. Tests compare the two on every
such command line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NoReturn, Sequence

from dacu import __version__
from dacu.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, Message, Translator, msg, normalise_language

if TYPE_CHECKING:
    import argparse

    #: The parsed command line: argparse's namespace, or the same values read by :func:`_simple`.
    Arguments = argparse.Namespace | SimpleNamespace

#: The flags without a value that :func:`_simple` reads, by the name argparse stores them under.
_FLAGS = {"-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose", "--strict": "strict"}
#: The flags :func:`_simple` reads with their value as the next argument: only a value of their choices.
_CHOICES = {"--format": ("text", "json"), "--lang": LANGUAGES}
#: The flags :func:`_simple` reads with any value (next, or after "="), by the name argparse stores them under:
#: a value that is empty or starts with "-" (an option to argparse) is left to argparse, as a --jobs that
#: is not a number.
_VALUES = {"--source": "source", "--now": "now", "--jobs": "jobs"}
#: What argparse gives a build or check command line that sets nothing (the top-level parser's defaults).
_DEFAULTS = {"source": ".", "now": None, "format": "text", "strict": False, "jobs": None, "quiet": 0, "verbose": 0,
             "lang": None}


def parse_arguments(argv: Sequence[str]) -> Arguments:
    """The command line parsed: by :func:`make_parser`'s parser in the user's language (which prints the help
    or an error and exits), or when it is one of the simple build or check lines, by :func:`_simple`."""
    simple = _simple(argv)
    if simple is not None:
        return simple
    return make_parser(language_of(argv)).parse_args(argv)


def _simple(argv: Sequence[str]) -> SimpleNamespace | None:
    """What :func:`make_parser`'s parser gives ``argv`` when it holds at most one ``build`` or ``check`` and
    the flags of :data:`_FLAGS`, :data:`_CHOICES` (each value as its own argument) and :data:`_VALUES`;
    None for any other.

    As argparse does: a flag given after the command is counted afresh and replaces the same flag given
    before it (the command's parser fills its own namespace, copied over the top-level one).
    """
    command: str | None = None
    given: list[dict[str, Any]] = [{}, {}]   # before the command, after it
    n = 0
    while n < len(argv):
        arg = argv[n]
        values = given[command is not None]
        if arg in _FLAGS:
            dest = _FLAGS[arg]
            values[dest] = True if dest == "strict" else values.get(dest, 0) + 1
        elif arg in _CHOICES and n + 1 < len(argv) and argv[n + 1] in _CHOICES[arg]:
            n += 1
            values[arg[2:]] = argv[n]
        elif (flag := arg.partition("=")[0]) in _VALUES:
            if "=" in arg:
                value: Any = arg.partition("=")[2]
            elif n + 1 < len(argv):
                n += 1
                value = argv[n]
            else:
                return None
            if not value or value.startswith("-"):
                return None
            if flag == "--jobs":
                try:
                    value = int(value)   # as argparse's type=int
                except ValueError:
                    return None
            values[_VALUES[flag]] = value
        elif command is None and arg in ("build", "check"):
            command = arg
        else:
            return None
        n += 1
    args: dict[str, Any] = {**_DEFAULTS, "command": command}
    if command == "check":
        args["open"] = False
    args.update(given[0])
    args.update(given[1])
    return SimpleNamespace(**args)


def language_of(argv: Sequence[str]) -> str:
    """The language of the help and usage errors, before the arguments are parsed."""
    given = {"--lang": None, "--source": "."}
    for n, arg in enumerate(argv):
        for flag in given:
            if arg == flag and n + 1 < len(argv):
                given[flag] = argv[n + 1]
            elif arg.startswith(flag + "="):
                given[flag] = arg.split("=", 1)[1]
    if given["--lang"] in LANGUAGES:
        return str(given["--lang"])
    from dacu.core import Findings, load_settings

    root = Path(str(given["--source"]))
    try:
        return normalise_language(load_settings(root.resolve(), Findings()).language) if root.is_dir() \
            else DEFAULT_LANGUAGE
    except Exception:  # the build reports a broken pyproject.toml; the help is shown anyway
        return DEFAULT_LANGUAGE


# argparse's own error texts (Lib/argparse.py), read back so the catalogue can say them in the user's language
# (patterns: compiled by re.fullmatch on an error only, not by every run that imports this module)
_ARGPARSE_ERRORS = [
    (r"unrecognized arguments: (?P<args>.*)", "unrecognized"),
    (r"the following arguments are required: (?P<args>.*)", "required"),
    (r"argument (?P<arg>\S+): invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", "choice"),
    (r"argument (?P<arg>\S+): invalid (?P<kind>\w+) value: (?P<value>.*)", "value"),
    (r"argument (?P<arg>\S+): expected one argument", "one"),
]


def _argparse_problem(message: str) -> Message | str:
    """argparse's error ``message`` as a catalogue message; unchanged when it is not one of the known ones."""
    for pattern, kind in _ARGPARSE_ERRORS:
        found = re.fullmatch(pattern, message)
        if found is None:
            continue
        values = found.groupdict()
        if kind == "unrecognized":
            return msg("unrecognized arguments: {args} (see dacu --help)", **values)
        if kind == "required":
            return msg("the following arguments are required: {args}", **values)
        if kind == "choice":
            return msg("argument {arg}: invalid choice {value}: choose from {choices}", **values)
        if kind == "value":
            return msg("argument {arg}: {value} is not a valid {kind} value", **values)
        return msg("argument {arg}: expected one value after it", **values)
    return message


def _localised(translate: Translator) -> type[argparse.ArgumentParser]:
    """An ArgumentParser class whose own words ("usage:", section titles, "error:") are in ``translate``'s language."""
    import argparse

    usage = translate(msg("usage: "))

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, text, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
            super().add_usage(text, actions, groups, usage if prefix is None else prefix)

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            kwargs.update(add_help=False, formatter_class=Formatter)
            super().__init__(*args, **kwargs)
            self._positionals.title = translate(msg("positional arguments"))
            self._optionals.title = translate(msg("options"))
            self.add_argument("-h", "--help", action="help", help=translate(msg("show this help and exit")))

        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            problem = translate(_argparse_problem(message))
            self.exit(2, translate(msg("{prog}: error: {problem}", prog=self.prog, problem=problem)) + "\n")

    return Parser


def _common(parser: argparse.ArgumentParser, top: bool, t: Translator) -> None:
    # Defaults only on the top-level parser: a subparser must not overwrite a
    # flag given before the command ("--source x check" and "check --source x").
    import argparse

    d = (lambda v: v) if top else (lambda v: argparse.SUPPRESS)
    parser.add_argument("--source", default=d("."), metavar="DIR",
                        help=t(msg("the site root (default: the current folder)")))
    parser.add_argument("--now", default=d(None), metavar="TIME",
                        help=t(msg("build the pages as at this moment, e.g. 2026-11-11T00:00 "
                                   "(site time zone if no offset)")))
    parser.add_argument("--format", choices=("text", "json"), default=d("text"), help=t(msg("output format")))
    parser.add_argument("--strict", action="store_true", default=d(False), help=t(msg("warnings fail the build too")))
    parser.add_argument("--jobs", type=int, default=d(None), metavar="N",
                        help=t(msg("worker processes (default: the core count)")))
    parser.add_argument("-q", "--quiet", action="count", default=d(0), help=t(msg("print less")))
    parser.add_argument("-v", "--verbose", action="count", default=d(0), help=t(msg("print more")))
    parser.add_argument("--lang", choices=LANGUAGES, default=d(None),
                        help=t(msg("language of messages, report and preview: zh (default) or en; "
                                   "overrides language in [tool.dacu]")))


def make_parser(language: str = DEFAULT_LANGUAGE) -> argparse.ArgumentParser:
    """The command line's parser, its help in ``language``."""
    t = Translator(language)
    parser_class = _localised(t)
    parser = parser_class(prog="dacu", description=t(msg("Check and build e-commerce campaign pages (大促活动页).")))
    parser.add_argument("--version", action="version", version=f"dacu {__version__}",
                        help=t(msg("show the version and exit")))
    _common(parser, True, t)
    sub = parser.add_subparsers(dest="command", metavar="{build,check,serve,new}", parser_class=parser_class,
                                title=t(msg("commands")))
    _common(sub.add_parser("build", help=t(msg("check, then build every page into site/ (the default)"))), False, t)
    check = sub.add_parser("check", help=t(msg("run every check, write nothing into site/")))
    _common(check, False, t)
    check.add_argument("--open", action="store_true", help=t(msg("open the visual report in a browser")))
    serve = sub.add_parser("serve", help=t(msg("build, serve site/ for phones, rebuild and reload on every change")))
    _common(serve, False, t)
    serve.add_argument("--host", default=None,
                       help=t(msg("address to listen on (default: all, printed as the LAN address)")))
    serve.add_argument("--port", type=int, default=8000, help=t(msg("port (default 8000; the next free one if taken)")))
    serve.add_argument("--no-token", dest="token", action="store_false", help=t(msg("serve without the access token")))
    new = sub.add_parser("new", help=t(msg("scaffold content: new campaign NAME, new venue CAMPAIGN NAME")))
    _common(new, False, t)
    new.add_argument("what", choices=("campaign", "venue"), help=t(msg("what to create")))
    new.add_argument("name", help=t(msg("the campaign's folder name, e.g. 618, double11 (双11), double12 (used in URLs)")))
    new.add_argument("venue", nargs="?", help=t(msg("for new venue: the venue's file name, e.g. smart-life")))
    return parser
