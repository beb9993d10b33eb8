"""Rebuilding in the background, one build at a time, saves coalesced.

The server loop must keep answering phones while the engine works, so builds
run in one worker thread. Saves that arrive while a build runs are merged
into a single follow-up build: a copywriter's editor saving on every
keystroke costs at most two builds, never a queue of them.

A build that fails, or even crashes, only changes the :class:`Status`; the
engine leaves site/ as it was, so the preview keeps the last good pages
while the status carries the findings for the in-page overlay.
"""

from __future__ import annotations

import inspect
import secrets
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, Protocol, Sequence

from dacu.core.i18n import Message, Translator, msg
from dacu.serve.changes import Plan, plan as merge

State = Literal["ok", "failed"]


class FindingLike(Protocol):
    def to_json(self) -> dict[str, Any]: ...


class ResultLike(Protocol):
    """What the server reads from :class:`dacu.build.BuildResult`."""

    @property
    def ok(self) -> bool: ...
    @property
    def findings(self) -> Sequence[FindingLike]: ...
    @property
    def pages(self) -> int: ...
    @property
    def seconds(self) -> float: ...


BuildFn = Callable[..., ResultLike]
"""``build_site(root, *, now=None, strict=False, write=True[, language=...][, on_result=...])``."""


@dataclass(frozen=True)
class Status:
    """The outcome of the latest finished build, as sent to the browser."""

    run: str                    # changes with every server run: pages then reload
    generation: int             # counts finished builds; a page knows the one it came from
    state: State
    findings: tuple[dict[str, Any], ...] = ()
    pages: int = 0
    seconds: float = 0.0
    trigger: str = ""
    building: bool = False
    # wall clock (time.time()) of the build's start and end: the preview's timeline (bench/serve_latency.py)
    started_at: float = 0.0
    finished_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"run": self.run, "generation": self.generation, "state": self.state,
                "building": self.building, "trigger": self.trigger, "pages": self.pages,
                "seconds": round(self.seconds, 3), "findings": list(self.findings)}

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f.get("severity") == "error"]


def _crash_finding(exc: BaseException, translate: Callable[[Message], str]) -> dict[str, Any]:
    # A crash is a bug in dacu, not in the content; say so and where to look.
    error = type(exc).__name__ + ": " + str(exc)
    return {"rule": "internal-error", "severity": "error", "file": "",
            "message": translate(msg("dacu crashed while building ({error}); the terminal shows the traceback: "
                                     "please report it", error=error))}


def _usage_finding(exc: BaseException, translate: Callable[[Message], str]) -> dict[str, Any]:
    problem = getattr(exc, "message", None) or (exc.args[0] if exc.args else None)  # a UsageProblem carries one
    text = translate(problem) if isinstance(problem, Message) else str(exc)
    return {"rule": "site", "severity": "error", "file": "", "message": text}


class Builder:
    """Runs ``build`` for submitted plans in a worker thread.

    ``on_done(status, plan)`` is called in the worker thread after each
    build, as soon as its result is known (see :meth:`_run`); the server
    hands it over to its event loop.
    """

    def __init__(self, root: Path, build: BuildFn, *, now: datetime | None = None, strict: bool = False,
                 language: str | None = None, on_done: Callable[[Status, Plan], None] | None = None,
                 log: Callable[[str], None] = print,
                 usage_errors: tuple[type[Exception], ...] = (),
                 translate: Callable[[Message], str] | None = None) -> None:
        self.root = root
        self._build = build
        # The language of the findings a build cannot make itself (a crash, no site): the preview's.
        self._translate = translate or Translator(language)
        # Exceptions that mean "not a site" rather than "a bug": the first build
        # raises them to the command line; later ones become a finding.
        self._usage_errors = usage_errors
        self._kwargs: dict[str, Any] = {"now": now, "strict": strict}
        if language is not None and _accepts(build, "language"):
            self._kwargs["language"] = language  # --lang; otherwise the build reads the site's setting
        self._announces = _accepts(build, "on_result")  # test stubs return their result only
        self._on_done = on_done
        self._log = log
        self._cond = threading.Condition()
        self._pending: list[Plan] = []
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._running = False       # a build taken from the queue has not finished yet
        self._status = Status(run=secrets.token_hex(4), generation=0, state="ok")

    @property
    def status(self) -> Status:
        with self._cond:
            return self._status

    def build_now(self, plan: Plan = Plan()) -> Status:
        """Build in the calling thread (the first build, before serving).

        Raises the usage errors (no content/ folder, say) instead of serving them.
        """
        return self._run(plan, first=True)

    def submit(self, plan: Plan) -> None:
        """Queue a plan; plans queued while a build runs share the next build."""
        if not plan:
            return
        with self._cond:
            self._pending.append(plan)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[Status], bool], timeout: float) -> bool:
        """Until ``predicate(status)`` holds (checked after every build); False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self._status), timeout)

    def wait_idle(self, timeout: float) -> bool:
        """Until no build runs or waits and the last one was reported; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._running, timeout)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="dacu-builder", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._stopping)
                if self._stopping:
                    return
                batch = combine(self._pending)
                self._pending.clear()
                self._running = True
            self._run(batch)
            with self._cond:
                self._running = False
                self._cond.notify_all()

    def _run(self, plan: Plan, first: bool = False) -> Status:
        """Build; the status is set, and ``on_done`` told, as soon as the engine has its result.

        An engine that takes ``on_result`` calls it once site/ holds the build (or
        the build failed), before it saves its records for the next run: the
        browsers hear of the build while those are written.
        """
        with self._cond:
            self._status = _replace(self._status, building=True)
        kwargs = dict(self._kwargs)
        started_at, started = time.time(), time.perf_counter()
        told: list[Status] = []

        def tell(state: State, findings: tuple[dict[str, Any], ...], pages: int, seconds: float) -> None:
            with self._cond:
                self._status = Status(run=self._status.run, generation=self._status.generation + 1,
                                      state=state, findings=findings, pages=pages, seconds=seconds,
                                      trigger=plan.describe() if plan else "", building=bool(self._pending),
                                      started_at=started_at, finished_at=time.time())
                self._cond.notify_all()
                told.append(self._status)
            if not first and self._on_done is not None:
                self._on_done(told[-1], plan)

        def result_known(result: ResultLike) -> None:
            tell("ok" if result.ok else "failed", tuple(f.to_json() for f in result.findings), result.pages,
                 result.seconds)

        if self._announces:
            kwargs["on_result"] = result_known
        try:
            result = self._build(self.root, **kwargs)
            if not told:
                result_known(result)
        except self._usage_errors as exc:
            if first:
                raise
            tell("failed", (_usage_finding(exc, self._translate),), 0, time.perf_counter() - started)
        except Exception as exc:  # the preview must outlive any bug in the engine
            self._log(self._translate(msg("dacu: the build crashed:")) + "\n" + traceback.format_exc())
            tell("failed", (_crash_finding(exc, self._translate),), 0, time.perf_counter() - started)
        return told[-1]


def _replace(status: Status, **changes: Any) -> Status:
    return Status(**{**status.__dict__, **changes})


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    """Whether ``fn`` takes the keyword ``name`` (test stubs take fewer than the engine)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == name or p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


def combine(plans: Iterable[Plan]) -> Plan:
    """One plan for several batches of saves."""
    return merge(c for p in plans for c in p.changes)
