"""The command line: ``python build.py [build|check|serve|new] ...`` (see docs/cli.md).

Exit codes: 0 no error finding, 1 at least one error finding (site/ left as
it was), 2 the command itself was wrong. With ``--format json`` standard
output carries exactly one JSON object; everything else goes to stderr.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from dacu.core import BuildResult, Findings, NoSite, Settings, load_settings, require_site
from dacu.report import format_findings, summary
from dacu.report.text import count_pages
from dacu.core.i18n import DEFAULT_LANGUAGE, Message, Translator, msg
from dacu.cli.parser import parse_arguments
from dacu.core.usage import UsageProblem

if TYPE_CHECKING:
    from dacu.cli.parser import Arguments
    from dacu.output.replay import Stamp

log = logging.getLogger("dacu")
COMMANDS = ("build", "check", "serve", "new")
#: The build's stages as -v names them (the keys of BuildResult.timings).
STAGES = {"load": msg("load"), "images": msg("images"), "render": msg("render"), "publish": msg("publish"),
          "report": msg("report"), "swap": msg("swap"), "unchanged": msg("unchanged")}
#: Loggers of libraries whose debug and info lines -v does not show.
QUIET_LIBRARIES = ("MARKDOWN", "PIL", "asyncio", "watchfiles", "tornado", "livereload", "urllib3")


class UsageError(Exception):
    """A wrong command line (exit code 2); its argument is the message (:func:`dacu.core.i18n.msg`)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_arguments(argv)
    command = args.command or "build"
    verbosity = args.verbose - args.quiet
    logging.basicConfig(level=logging.WARNING if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG,
                        format="%(message)s", stream=sys.stderr)
    # -v is about dacu's own work: the libraries' debug lines (Python-Markdown's extension
    # loading, Pillow's plugin imports, asyncio's selector) are noise to a campaign team.
    for library in QUIET_LIBRARIES:
        logging.getLogger(library).setLevel(max(logging.WARNING, logging.getLogger().level))
    root = Path(args.source)
    language = args.lang or DEFAULT_LANGUAGE  # until the site's settings are read
    try:
        if not root.is_dir():
            raise UsageError(msg("--source {path}: no such folder", path=args.source))
        settings = load_settings(root.resolve(), Findings())  # the build reports their findings
        if args.lang:
            settings.language = args.lang
        language = settings.language
        if command == "new":
            return _new(root, args, Translator(settings.language))
        now = _parse_now(args.now, settings)
        if command == "serve":
            from dacu.serve import serve
            try:
                serve(root, host=args.host, port=args.port, token=args.token, now=now, strict=args.strict,
                      language=args.lang)
            except OSError as exc:  # no free port, or --host not an address of this machine
                host = args.host or msg("all addresses")
                raise UsageError(msg("cannot serve on {host} port {port}: {reason}", host=host, port=args.port,
                                     reason=exc.strerror or str(exc))) from None
            return 0
        if args.jobs is not None and args.jobs < 1:
            raise UsageError(msg("--jobs {jobs}: use 1 or more worker processes", jobs=args.jobs))
        result = _run(root, settings, now, args.strict, command == "build", args.jobs, args.lang,
                      _progress(args, settings.language))
    except (UsageError, UsageProblem) as exc:
        print(Translator(language)(msg("dacu: {problem}", problem=problem_of(exc))), file=sys.stderr)
        return 2
    _report(result, command, args, Translator(language))
    _skip_collection_at_exit()
    if getattr(args, "open", False) and result.report is not None:
        import webbrowser
        webbrowser.open(result.report.resolve().as_uri())
    return 0 if result.ok else 1


def _new(root: Path, args: Arguments, say: Translator) -> int:
    from dacu.cli.scaffold import new_campaign, new_venue

    if args.what == "venue":
        if not args.venue:
            raise UsageError(msg("new venue CAMPAIGN NAME: name the campaign and the venue, e.g. new venue double11 "
                                 "smart-life"))
        return new_venue(root, args.name, args.venue, say)
    if args.venue:
        raise UsageError(msg("new campaign NAME takes one name, got {first} {second}", first=args.name,
                             second=args.venue))
    return new_campaign(root, args.name, say)


def _progress(args: Arguments, language: str) -> Any:
    """The progress line on a terminal's standard error; None for JSON, -q or when stderr is not a terminal."""
    if args.format == "json" or args.quiet > 0 or not sys.stderr.isatty():
        return None
    from dacu.core.progress import TerminalProgress

    return TerminalProgress(sys.stderr, Translator(language))


def _run(root: Path, settings: Settings, now: datetime | None, strict: bool, write: bool,
         jobs: int | None, language: str | None, progress: Any = None) -> BuildResult:
    """Replay the last run when nothing changed (no engine import), else rebuild from the record, else build."""
    import gc
    import time

    from dacu.output import input_signature, replay

    started = time.perf_counter()
    require_site(root)
    # The replay and the rebuild from the record make a few hundred thousand objects (the record's stamps
    # and page records, the imported modules), nearly none of them in cycles: the collector's passes over
    # them cost a one-file rebuild of the 4,000-file corpus 20-30 ms of its 230, and free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        files: dict[str, Stamp] = {}   # each input's size and time: a rebuild compares them one by one
        inputs = input_signature(root.resolve(), files)
        moment = now.astimezone(settings.tz) if now else datetime.now(settings.tz)
        replayed = replay(settings, inputs, moment, write=write, strict=strict, started=started)
        if replayed is not None:
            return replayed
        if write:  # a few files edited: the rebuild from the record imports only what it runs
            from dacu.incremental.quick import rebuild_site

            rebuilt = rebuild_site(root.resolve(), settings, files, inputs, moment, strict=strict, session=None,
                                   started=started)
            if rebuilt is not None:
                return rebuilt
    finally:
        if collecting:
            # the objects made meanwhile go to the oldest generation (freeze, then thaw into it): the first
            # young pass after enable() would otherwise look at all of them (7 ms) for nothing
            gc.freeze()
            gc.unfreeze()
            gc.enable()  # the full build makes garbage in cycles (templates, parsed pages): collected as usual
    from dacu.build import build_site  # the engine: only when there is work

    return build_site(root, now=moment, strict=strict, write=write, jobs=jobs, inputs=inputs, language=language,
                      progress=progress, files=files, quick=False)


def _skip_collection_at_exit() -> None:
    """Leave the objects alive now out of the collection the interpreter makes as it exits.

    That pass looks at every object left (a rebuild's record and modules: 10-25 ms, a tenth of a one-file
    rebuild) to free what the process's end frees anyway. Registered once per process (tests call
    :func:`main` many times); the other exit handlers (logging's flush) run as before.
    """
    import atexit
    import gc

    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def _parse_now(text: str | None, settings: Settings) -> datetime | None:
    if text is None:
        return None
    from dacu.load import Invalid, parse_time  # only with --now: the loaders import Pillow and Markdown

    try:
        return parse_time(text, settings.tz)
    except Invalid as exc:
        raise UsageError(msg("--now {text}: {problem}", text=text, problem=problem_of(exc))) from None


def problem_of(exc: BaseException) -> Message | str:
    """The message an exception carries: a :class:`Message` when it was raised with one."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)


def _report(result: BuildResult, command: str, args: Arguments, translate: Translator) -> None:
    if args.format == "json":
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    quiet = args.quiet > 0
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = len(result.findings) - errors
    shown = [f for f in result.findings if f.severity == "error"] if quiet else result.findings
    if shown:
        print(format_findings(shown, color=sys.stdout.isatty() and "NO_COLOR" not in os.environ,
                              language=translate.language))
    counts = summary(errors, warnings)
    if args.verbose > 0 and result.timings:
        stages = [msg("{stage} {seconds:.2f} s", stage=STAGES.get(name, name), seconds=seconds)
                  for name, seconds in result.timings.items()]
        print(translate(msg("dacu: {stages}; {rendered} pages rendered, {written} files written", stages=stages,
                            rendered=result.rendered, written=result.files_written)), file=sys.stderr)
    output = result.output.name
    if command == "check":
        verdict = (msg("check passed: {counts} in {pages} ({seconds:.2f} s)", counts=counts,
                       pages=count_pages(result.pages), seconds=result.seconds) if result.ok else
                   msg("check failed: {counts} in {pages} ({seconds:.2f} s)", counts=counts,
                       pages=count_pages(result.pages), seconds=result.seconds))
        print(translate(verdict))
        if result.findings and result.report is not None:
            print(translate(msg("report: {path}", path=str(result.report))))
    elif result.ok:
        print(translate(msg("built {pages} into {output}/ in {seconds:.2f} s ({counts})", pages=count_pages(result.pages),
                            output=output, seconds=result.seconds, counts=counts)))
    elif args.strict and not errors:
        print(translate(msg("build failed: {counts}; warnings count as errors with --strict; {output}/ was left as it was",
                            counts=counts, output=output)))
    else:
        print(translate(msg("build failed: {counts}; {output}/ was left as it was", counts=counts, output=output)))


if __name__ == "__main__":
    sys.exit(main())
