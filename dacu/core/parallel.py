"""Sharing work out: one parallel map behind a small executor interface.

The stages that are CPU-bound (Markdown, the image stage, page rendering)
cut their work into batches and hand them to an :class:`Executor`. The one
here runs them in worker processes on this machine; a distributed engine
can take its place without touching the stages, as long as it honours the
same contract: ``fn`` is called once per item, results come back in item
order, and ``fn`` may refer to the caller's objects (the site model, the
compiled templates), which a local worker inherits by ``fork`` instead of
receiving them pickled.
"""

from __future__ import annotations

import functools
import gc
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs a function over items, possibly elsewhere; results in item order."""

    @property
    def workers(self) -> int:
        """How many items run at once (1: in the calling process)."""
        ...

    def map(self, fn: Callable[[T], R], items: Sequence[T], chunksize: int = 1) -> list[R]:
        """``[fn(item) for item in items]``, shared among the workers ``chunksize`` items at a time."""
        ...

    def stream(self, fn: Callable[[T], R], items: Sequence[T], chunksize: int = 1) -> Iterator[R]:
        """:meth:`map`, each result handed over as soon as it and those before it are done.

        The caller can use a result and let it go while the workers make the
        next ones, instead of holding every result at once.
        """
        ...


class LocalProcesses:
    """Worker processes on this machine, forked so they inherit the caller's objects.

    Where ``fork`` is not available (Windows), the work runs in the calling
    process: the stages' objects are not built to be pickled.
    """

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)

    @property
    def workers(self) -> int:
        return self.jobs if _can_fork() else 1

    def map(self, fn: Callable[[T], R], items: Sequence[T], chunksize: int = 1) -> list[R]:
        return list(self.stream(fn, items, chunksize))

    def stream(self, fn: Callable[[T], R], items: Sequence[T], chunksize: int = 1) -> Iterator[R]:
        if self.workers <= 1 or len(items) <= 1:
            yield from (fn(item) for item in items)
            return
        # Frozen objects are left out of every garbage collection. Without
        # this, the first full collection in a worker writes into the header
        # of every object it inherited (the whole site model), and the kernel
        # copies each page it touches: with 50,000 products, each worker ends
        # up holding its own copy of the model.
        gc.freeze()
        try:
            with self._pool(fn, len(items)) as pool:
                yield from _in_order(pool, items, chunksize, AHEAD * self.workers)
        finally:
            gc.unfreeze()

    def start(self, fn: Callable[[T], R], items: Sequence[T]) -> Later[R]:
        """:meth:`map` begun now, its results taken later: the caller works meanwhile (see :func:`start`)."""
        if self.workers <= 1 or len(items) <= 1:
            return Later(lambda: [fn(item) for item in items])
        gc.freeze()   # as in stream(): the workers inherit the caller's objects without copying them
        try:
            # With fork, every worker is started at the first submit, before the pool's own thread.
            pool = self._pool(fn, len(items))
            futures = [pool.submit(_call_many, [item]) for item in items]
        except BaseException:
            gc.unfreeze()
            raise

        def collect() -> list[R]:
            try:
                return [cast(R, future.result()[0]) for future in futures]
            finally:
                pool.shutdown()
                gc.unfreeze()

        def cancel() -> None:
            try:
                pool.shutdown(cancel_futures=True)
            finally:
                gc.unfreeze()

        return Later(collect, cancel)

    def tasks(self, fn: Callable[[T], R], most: int) -> Tasks[T, R]:
        """A pool kept open for at most ``most`` items handed over one at a time (see :func:`tasks`)."""
        if self.workers <= 1 or most <= 1:
            return Tasks(fn)
        gc.freeze()   # as in stream()
        try:
            return Tasks(fn, self._pool(fn, min(self.workers, most)))
        except BaseException:
            gc.unfreeze()
            raise

    def _pool(self, fn: Callable[[T], R], count: int) -> Any:
        """A pool of forked workers (at most ``count``) that run ``fn``."""
        # imported here: a run that needs no workers (a rebuild from the record) does not load them
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # The function goes to the workers inside the pool's initializer, which
        # fork hands over as it is (no pickling): a closure over the
        # site model or the renderer costs nothing to send.
        return ProcessPoolExecutor(min(self.workers, count), mp_context=multiprocessing.get_context("fork"),
                                   initializer=functools.partial(_adopt, fn))


class Later(Generic[R]):
    """Results being made elsewhere while the caller does other work: :meth:`result` waits for them.

    Either :meth:`result` or :meth:`cancel` must be called (once is enough;
    both may be): it ends the workers.
    """

    def __init__(self, collect: Callable[[], list[R]], cancel: Callable[[], None] | None = None) -> None:
        self._collect: Callable[[], list[R]] | None = collect
        self._cancel = cancel
        self._results: list[R] = []

    def result(self) -> list[R]:
        """The results, in item order (waited for the first time)."""
        if self._collect is not None:
            collect, self._collect = self._collect, None
            self._results = collect()
        return self._results

    def cancel(self) -> None:
        """Give up results not taken yet (the workers stop); no-op once taken."""
        if self._collect is not None:
            self._collect = None
            if self._cancel is not None:
                self._cancel()


def start(executor: Executor, fn: Callable[[T], R], items: Sequence[T]) -> Later[R]:
    """``executor.map(fn, items)`` begun in the background where the executor can (local worker processes).

    The caller goes on with work of its own and takes the results with
    :meth:`Later.result`; meanwhile it must not start other workers (a fork
    next to a running pool) without taking them first. Another executor runs
    the map when the results are taken.
    """
    if isinstance(executor, LocalProcesses):
        return executor.start(fn, items)
    return Later(lambda: executor.map(fn, items))


class Tasks(Generic[T, R]):
    """``fn`` run on items handed over one at a time, each result taken when the caller needs it.

    :meth:`close` must be called (once is enough): it ends the workers.
    """

    def __init__(self, fn: Callable[[T], R], pool: Any = None) -> None:
        self._fn = fn
        self._pool = pool   # None: each item runs in the calling process as it is handed over

    def submit(self, item: T) -> Callable[[], R]:
        """Start ``fn(item)`` (in a worker when there are workers); the returned function waits for its result."""
        if self._pool is None:
            result = self._fn(item)
            return lambda: result
        future = self._pool.submit(_call_many, [item])
        return lambda: cast(R, future.result()[0])

    def close(self, cancel: bool = False) -> None:
        """End the workers, after the items handed over are done (``cancel``: without those not yet begun)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                pool.shutdown(cancel_futures=cancel)
            finally:
                gc.unfreeze()


def tasks(executor: Executor, fn: Callable[[T], R], most: int) -> Tasks[T, R]:
    """Workers of ``executor`` kept for items handed over one at a time: the caller hands over the
    next ones as it learns them (and goes on with its own work meanwhile) instead of all at once.
    ``most`` bounds the items, and so the workers started (never more workers than items).

    Local worker processes are forked at the first item, so they inherit what the caller made before
    it; another executor runs each item in the calling process.
    """
    if isinstance(executor, LocalProcesses):
        return executor.tasks(fn, most)
    return Tasks(fn)


#: Chunks handed to the workers ahead of the caller, per worker: enough that no worker waits for
#: work, few enough that results the caller has not taken yet do not pile up in its memory.
AHEAD = 2


def _in_order(pool: Any, items: Sequence[T], chunksize: int, ahead: int) -> Iterator[R]:
    """``fn(item)`` for each item, in order, with at most ``ahead`` chunks submitted and not yet taken.

    ``Executor.map`` of the standard library submits every item at once, so
    when the caller is slower than the workers (it checks and stores each
    page's facts), every result waits in its memory until taken.
    """
    pending: deque[Any] = deque()
    for chunk in slices(items, chunksize):
        pending.append(pool.submit(_call_many, chunk))
        if len(pending) >= ahead:
            yield from cast(list[R], pending.popleft().result())
    while pending:
        yield from cast(list[R], pending.popleft().result())


def batches(items: Sequence[T], count: int) -> list[list[T]]:
    """``items`` dealt round-robin into at most ``count`` non-empty batches.

    Neighbouring items tend to cost alike (a product's images, a floor's
    pages), so dealing them out evens the batches better than slicing.
    """
    count = min(count, len(items))
    return [list(items[i::count]) for i in range(count)]


def slices(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` cut into runs of ``size`` neighbouring items (the last one shorter).

    For work whose neighbours share what they make (the pages of related
    products share product cards): a worker that takes one run can keep what
    the run makes while it lasts and let it go after.
    """
    return [list(items[start:start + size]) for start in range(0, len(items), max(1, size))]


@functools.cache
def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


# The function a worker process runs: set by the pool's initializer inside
# each worker process only (the engine's own process never sets it), and gone
# with the worker when the map ends.
_task: list[Callable[[Any], object]] = []


def _adopt(fn: Callable[[Any], object]) -> None:
    _task.append(fn)


def _call_many(items: Sequence[Any]) -> list[object]:
    return [_task[-1](item) for item in items]
