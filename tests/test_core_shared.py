"""The shared helpers of dacu.core: the parallel map, atomic writes, the changed-file test, finding records."""

import gc
import os

import pytest

from dacu.core import Finding, atomic_file, file_signature, write_atomic
from dacu.core.parallel import LocalProcesses, batches, start


def test_the_local_executor_runs_closures_in_worker_processes_and_keeps_item_order():
    offset = 100  # a closure: the workers inherit it instead of receiving it pickled
    parent = os.getpid()
    results = LocalProcesses(2).map(lambda item: (item + offset, os.getpid()), list(range(20)), chunksize=3)
    assert [value for value, _ in results] == [item + 100 for item in range(20)]
    if LocalProcesses(2).workers > 1:
        assert all(pid != parent for _, pid in results)


def test_workers_inherit_the_callers_objects_frozen_out_of_garbage_collection():
    # A collection in a worker would otherwise touch every inherited object and
    # make the kernel copy the caller's whole model into each worker.
    model = [{"sku": str(n)} for n in range(1000)]
    counts = LocalProcesses(2).map(lambda item: (gc.get_freeze_count(), len(model)), [1, 2, 3, 4])
    if LocalProcesses(2).workers > 1:
        assert all(frozen >= len(model) for frozen, _ in counts)
    assert gc.get_freeze_count() == 0  # the caller's collector is as it was


def test_a_started_map_runs_while_the_caller_works_and_hands_results_in_item_order():
    offset = 7
    parent = os.getpid()
    later = start(LocalProcesses(2), lambda item: (item + offset, os.getpid()), list(range(10)))
    assert [value for value, _ in later.result()] == [item + 7 for item in range(10)]
    assert later.result() == later.result()   # taken once, kept
    if LocalProcesses(2).workers > 1:
        assert all(pid != parent for _, pid in later.result())
    assert gc.get_freeze_count() == 0


def test_a_started_map_can_be_given_up_and_other_executors_run_it_when_taken():
    later = start(LocalProcesses(2), lambda item: item, [1, 2, 3])
    later.cancel()
    later.cancel()
    assert later.result() == [] and gc.get_freeze_count() == 0

    class Here:
        workers = 2
        ran: list[int] = []

        def map(self, fn, items, chunksize=1):
            self.ran.extend(items)
            return [fn(item) for item in items]

    deferred = start(Here(), lambda item: item * 2, [1, 2])
    assert Here.ran == []   # not yet: the caller works first
    assert deferred.result() == [2, 4] and Here.ran == [1, 2]


def test_one_worker_runs_in_the_calling_process():
    parent = os.getpid()
    assert LocalProcesses(1).map(lambda item: os.getpid(), [1, 2, 3]) == [parent] * 3


def test_batches_deal_items_round_robin_without_empty_batches():
    assert batches([1, 2, 3, 4, 5], 2) == [[1, 3, 5], [2, 4]]
    assert batches([1, 2], 8) == [[1], [2]]
    assert batches([], 4) == []


def test_an_atomic_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "record.json"
    write_atomic(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_file(target) as handle:
            handle.write(b"half of the new")
            raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]
    write_atomic(target, "新")
    assert target.read_text(encoding="utf-8") == "新"


def test_the_file_signature_changes_with_the_content_size_or_time(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("one")
    first = file_signature(path)
    os.utime(path, ns=(first[1] + 1_000_000, first[1] + 1_000_000))
    assert file_signature(path) != first
    assert file_signature(path)[0] == 3


def test_a_finding_survives_its_record():
    finding = Finding("text-contrast", "error", "content/a/index.md", "too faint", key="hero", line=3,
                      image="assets/h.jpg", region=(1, 2, 3, 4), measured=2.5, threshold=4.5, extra={"page": "a/"})
    again = Finding.from_record(finding.to_record())
    assert again == finding and again.extra == {"page": "a/"} and again.region == (1, 2, 3, 4)


def test_an_atomic_write_opens_its_file_in_binary_mode_where_the_os_has_a_text_mode(tmp_path, monkeypatch):
    """On Windows a file opened without O_BINARY writes every \\n as \\r\\n: a pickle, an image or a page
    would come out changed. (The flag is 0 elsewhere: here it stands in for the Windows one.)"""
    opened: list[int] = []
    real_open = os.open

    def recording_open(path, flags, mode=0o777):  # type: ignore[no-untyped-def]
        opened.append(flags)
        return real_open(path, flags & ~0x8000, mode)

    monkeypatch.setattr(os, "O_BINARY", 0x8000, raising=False)
    monkeypatch.setattr(os, "open", recording_open)
    write_atomic(tmp_path / "image.webp", b"RIFF\n\r\n")
    assert opened and all(flags & 0x8000 for flags in opened)
    assert (tmp_path / "image.webp").read_bytes() == b"RIFF\n\r\n"


def test_a_pool_of_tasks_starts_no_more_workers_than_its_items():
    import multiprocessing

    from dacu.core.parallel import tasks

    pool = tasks(LocalProcesses(6), lambda item: item * 2, 2)
    try:
        assert pool.submit(1)() == 2
        if LocalProcesses(6).workers > 1:
            assert len(multiprocessing.active_children()) == 2   # forked at the first item, all at once
    finally:
        pool.close()
    assert gc.get_freeze_count() == 0 and multiprocessing.active_children() == []
