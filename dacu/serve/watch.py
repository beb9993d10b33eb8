"""Noticing saves: watchfiles (inotify, FSEvents, ReadDirectoryChangesW).

livereload's own watcher polls every 0.8 s, walks the whole tree each time
(about 75 ms of CPU for 4,000 files) and reports one changed file per poll.
watchfiles reports in tens of milliseconds and hands over every change of a
burst in one set, which becomes one :class:`~dacu.serve.changes.Plan`.

Only the input folders are watched (content/, assets/, themes/, and the
default theme inside the dacu package, which a site's theme falls back to):
watching the root would put a watch on every folder of .venv, .git and
site/, which the engine rewrites on every build. pyproject.toml, alone at
the root, is checked by its modification time whenever the watcher wakes,
at least every 200 ms. When the set of folders changes, the watch
restarts.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

import watchfiles

from dacu.core.settings import ASSETS_DIR, CONTENT_DIR, SETTINGS_FILE, THEMES_DIR
from dacu.serve.changes import Change, Kind, Layout, Plan, classify, plan

INPUT_FOLDERS = (CONTENT_DIR, ASSETS_DIR, THEMES_DIR)


def sources(root: Path, layout: Layout, packaged_theme: bool = True) -> list[tuple[Path, str]]:
    """The folders to watch, each with the path it has relative to the site root.

    The packaged default theme is read as if it were the site's own
    ``themes/<theme>/``: it fills in every file the site's theme leaves out.
    """
    found = [(root / name, name) for name in INPUT_FOLDERS if (root / name).is_dir()]
    if packaged_theme:
        from dacu.render import DEFAULT_THEME, PACKAGE_THEMES

        packaged = PACKAGE_THEMES / DEFAULT_THEME
        if packaged.is_dir() and not packaged.resolve().is_relative_to(root.resolve()):
            found.append((packaged, f"themes/{layout.theme}"))
    return found


def relative(path: Path, watched: Iterable[tuple[Path, str]]) -> str | None:
    """``path`` as seen from the site root, or ``None`` if no watched folder holds it."""
    for folder, rel in watched:
        try:
            inner = path.relative_to(folder).as_posix()
        except ValueError:
            continue
        return rel if inner == "." else f"{rel}/{inner}"
    return None


def classify_event(path: Path, watched: list[tuple[Path, str]], layout: Layout) -> Change:
    """:func:`classify` for an absolute path, judged by what is there now.

    An event reports what happened, not what is there: a save through a
    rename reports the file deleted and then added, in one batch.
    """
    rel = relative(path, watched)
    if rel is None:
        return Change(Kind.IGNORE, str(path), why="outside the watched folders")
    exists = os.path.lexists(path)
    # A removed path is gone: without a suffix it was most likely a folder.
    folder = path.is_dir() if exists else not path.suffix
    return classify(rel, layout=layout, deleted=not exists, folder=folder)


class Watcher:
    """A thread turning file events under ``root`` into plans for ``submit``."""

    def __init__(self, root: Path, layout: Callable[[], Layout], submit: Callable[[Plan], None],
                 *, step_ms: int = 5, max_wait_ms: int = 400, packaged_theme: bool = True) -> None:
        self.root = root
        self._packaged_theme = packaged_theme  # off for engines that do not read it (test stubs)
        self._layout = layout
        self._submit = submit
        # Quiet time that ends a burst of events. watchfiles yields one to two steps after
        # the last event, so 25 ms cost 50 ms on every save; 5 ms cost 8 ms, and an idle watcher
        # wakes 200 times a second for about 7 ms of CPU a second (measured). An editor's
        # save (truncate + write, or write + rename) lands within one step; a longer burst
        # becomes a second plan, which the builder merges into one follow-up build.
        self._step = step_ms
        self._max_wait = max_wait_ms  # yield even if events keep coming
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._settings_mtime = self._mtime(root / SETTINGS_FILE)
        self._watched: list[tuple[Path, str]] = []
        self._woken = threading.Condition()
        self.wakes = 0  # times the watcher looked at what changed (a batch of events, or a quiet 200 ms)
        self.last_plan_at = 0.0  # wall clock (time.time()) when the latest plan was handed over

    def start(self, timeout: float = 5.0) -> None:
        """Start watching; returns once saves are noticed, so none is missed."""
        self._thread = threading.Thread(target=self._run, name="dacu-watcher", daemon=True)
        self._thread.start()
        self._ready.wait(timeout)

    def wait_woken(self, times: int, timeout: float) -> bool:
        """Until the watcher has woken ``times`` more times: every save made before this call has been seen."""
        with self._woken:
            target = self.wakes + times
            return self._woken.wait_for(lambda: self.wakes >= target, timeout)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._watched = watched = self._sources()
            if not watched:
                self._ready.set()
                self._stop.wait(0.5)
                self._emit([])
                continue
            # The generator sets up its watches before it first waits, and yields
            # (an empty set) when it waited rust_timeout ms in vain: the first
            # yield says saves are seen from now on.
            for events in watchfiles.watch(*(folder for folder, _ in watched), watch_filter=self._wanted,
                                           step=self._step, debounce=self._max_wait, stop_event=self._stop,
                                           rust_timeout=200, yield_on_timeout=True, raise_interrupt=False):
                self._ready.set()
                layout = self._layout()
                self._emit([classify_event(Path(p), watched, layout) for p in sorted({p for _, p in events})])
                if self._sources() != watched:
                    break  # a folder came or went, or the theme changed: watch anew

    def _sources(self) -> list[tuple[Path, str]]:
        return sources(self.root, self._layout(), self._packaged_theme)

    def _emit(self, changes: list[Change]) -> None:
        settings = self._settings_change()
        if settings is not None:
            changes.append(settings)
        merged = plan(changes)
        if merged:
            self.last_plan_at = time.time()
            self._submit(merged)
        with self._woken:
            self.wakes += 1
            self._woken.notify_all()

    def _wanted(self, _event: watchfiles.Change, path: str) -> bool:
        # Drop temporary files and the like before they wake the loop.
        return classify_event(Path(path), self._watched, self._layout()).kind is not Kind.IGNORE

    def _settings_change(self) -> Change | None:
        mtime = self._mtime(self.root / SETTINGS_FILE)
        if mtime == self._settings_mtime:
            return None
        self._settings_mtime = mtime
        return classify(SETTINGS_FILE)

    @staticmethod
    def _mtime(path: Path) -> int | None:
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return None
