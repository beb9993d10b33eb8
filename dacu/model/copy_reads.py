"""The long copy files read, and their Markdown converted, by the workers from the start of the load.

A text-heavy site has thousands of long copy files to read (the guarded
read, the front matter, the Markdown checks) and convert. The workers begin
with the files before the build's process has read the sheets: a read
hands back the product fields its front matter sets instead of setting them
on the product, which the sheets make meanwhile. Each chunk's Markdown is
handed back to the workers as soon as its files are read and their products
known, so neither core waits for the other; the campaigns, the site model and
the content checks run in the build's process while the workers convert.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable

from dacu.core.engine import engine_code
from dacu.core.parallel import Executor, Later, slices, tasks
from dacu.load import Converter
from dacu.load.markdown import PARALLEL_FROM, cached_html, html_key

#: Files a worker reads in one task, and texts it converts in one: small enough that the workers end
#: together (a task of 100 long copies is about 30 ms) and that the first Markdown is handed over early.
READ_FILES = 250
CONVERT_TEXTS = 100


class CopyReads:
    """``read(path)`` of each file by the workers, begun now; then the Markdown ``body(result)`` of each.

    ``body`` gives the text to convert of a read (None: nothing to convert). Either :meth:`later`'s
    result or :meth:`cancel` ends the workers.
    """

    def __init__(self, files: list[Path], read: Callable[[Path], Any], body: Callable[[Any], str | None],
                 executor: Executor, cache: Any, converter: Converter) -> None:
        self.files = files
        self._body = body
        self._cache = cache
        keyed = cache is not None
        if keyed:
            engine_code()   # in every cache key: worked out here once, not in each worker
        converter.prepare()   # the workers inherit it

        def work(item: tuple[str, list[Any]]) -> list[Any]:
            kind, load = item
            if kind == "convert":
                return converter.convert(load)
            done = []
            for path in load:
                result = read(path)
                text = body(result)
                done.append((result, html_key(text) if keyed and text is not None else None))
            return done

        self._chunks = slices(files, READ_FILES)
        # no more workers than tasks: the reads, then at most one conversion per CONVERT_TEXTS files
        self._tasks = tasks(executor, work, len(self._chunks) + math.ceil(len(files) / CONVERT_TEXTS))
        try:
            self._reads = [self._tasks.submit(("read", chunk)) for chunk in self._chunks]
        except BaseException:   # a fork that failed: no worker left running, the collector as it was
            self._tasks.close(cancel=True)
            raise
        self._html: dict[Path, str] = {}
        self._jobs: list[tuple[list[tuple[Path, str | None]], Callable[[], list[Any]]]] = []

    def take(self, wanted: Callable[[Path], bool]) -> list[Any]:
        """Each file's read, in file order (waited for); the Markdown of the files ``wanted`` is taken from
        the cache or handed to the workers chunk by chunk as the reads come."""
        results: list[Any] = []
        pending: list[tuple[Path, str | None, str]] = []
        for chunk, get in zip(self._chunks, self._reads):
            for path, (result, key) in zip(chunk, get()):
                results.append(result)
                text = self._body(result)
                if text is None or not wanted(path):
                    continue
                html = cached_html(self._cache, key) if self._cache is not None and key else None
                if html is not None:
                    self._html[path] = html
                else:
                    pending.append((path, key, text))
                if len(pending) >= CONVERT_TEXTS:
                    self._convert(pending)
                    pending = []
        if pending:
            self._convert(pending)
        return results

    def _convert(self, pending: list[tuple[Path, str | None, str]]) -> None:
        job = self._tasks.submit(("convert", [text for _, _, text in pending]))
        self._jobs.append(([(path, key) for path, key, _ in pending], job))

    def later(self, paths: list[Path]) -> Later[str]:
        """The HTML of ``paths`` (files :meth:`take` wanted, with a body), in their order, once made;
        what the workers made is put in the cache when taken."""
        def collect() -> list[str]:
            try:
                for made, job in self._jobs:
                    for (path, key), html in zip(made, job()):
                        self._html[path] = html
                        if self._cache is not None and key:
                            self._cache.put(key, html)
            finally:
                self._tasks.close()
            return [self._html[path] for path in paths]

        return Later(collect, self.cancel)

    def cancel(self) -> None:
        """Stop the workers (a load that failed before it needed the HTML)."""
        self._tasks.close(cancel=True)


def read_early(folder: Path, read: Callable[[Path], Any], body: Callable[[Any], str | None],
               executor: Executor | None, cache: Any, converter: Converter | None) -> CopyReads | None:
    """The ``*.md`` files of ``folder``, each ``read(path)`` by the workers from now on, when there are
    workers and many files; None: the caller reads them."""
    if executor is None or executor.workers <= 1 or not folder.is_dir():
        return None
    files = sorted(folder.glob("*.md"))
    if len(files) < PARALLEL_FROM:
        return None
    return CopyReads(files, read, body, executor, cache, converter or Converter())
