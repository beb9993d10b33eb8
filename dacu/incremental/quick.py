"""A build answered by the rebuild from the record, taken under the site lock before the pipeline is imported.

The command line calls :func:`rebuild_site` after the replay found a
change and before it imports :mod:`dacu.build`: when the record places
every change, the run imports only what the rebuild runs (no image stage,
no content checks, no worker pool). :func:`dacu.build.build_site` calls it
too, so a build in a process (the preview, tests) takes the same way.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from dacu.core import BuildResult, Settings
from dacu.core.i18n import Translator, msg
from dacu.core.usage import WRITE_REFUSED, UsageProblem, cannot_write
from dacu.incremental.rebuild import rebuild
from dacu.output.lock import SiteLock
from dacu.output.replay import Stamp, forget, record

if TYPE_CHECKING:
    from dacu.session import Session


def site_lock(settings: Settings) -> SiteLock:
    """The site's build lock, saying on stderr (in the run's language) when it waits for another build."""
    translate = Translator(settings.language)
    return SiteLock(settings.work_dir, lambda message: print(translate(msg("dacu: {problem}", problem=message)),
                                                             file=sys.stderr, flush=True))


def rebuild_site(root: Path, settings: Settings, files: dict[str, Stamp], inputs: str, now: datetime, *,
                 strict: bool, session: Session | None, started: float,
                 on_result: Callable[[BuildResult], None] | None = None) -> BuildResult | None:
    """The result of the rebuild from the record, recorded for the next replay; None: build in full.

    ``files`` and ``inputs`` are the input signature (:func:`dacu.output.input_signature`) taken
    before anything was read. ``on_result`` hears the result once site/ holds it, before the records
    are saved. Raises :class:`UsageProblem` when site/ or .dacu/ cannot be written.
    """
    with site_lock(settings):
        try:
            forget(settings)
            quick = rebuild(root, settings, files, now, strict=strict, session=session, started=started)
            if quick is None:
                return None
            result, boundaries, output = quick
            if on_result is not None:
                on_result(result)
            record(settings, result, inputs, boundaries, now, write=result.ok, output=output, files=files)
            return result
        except OSError as exc:  # a read-only folder, a full disk: site/ is as it was
            if exc.errno not in WRITE_REFUSED:
                raise
            raise UsageProblem(cannot_write(exc)) from None
