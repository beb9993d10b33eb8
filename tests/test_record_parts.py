"""The record's large tables saved as a pickle and the entries changed since (dacu.incremental.parts)."""

from __future__ import annotations

import io
import pickle

import pytest

from dacu.incremental.parts import pack_part, unpack_part
from test_rebuild_record import COPY, NOW, assert_rebuilt_in_full_after_damage, assert_same_as_full, built


def _load(handle: io.BytesIO) -> object:
    return pickle.load(handle)


def test_an_unchanged_table_keeps_its_pickle_and_no_changes():
    table = {f"k{i}": (i, i * 2) for i in range(100)}
    data, changed = pack_part(table, None)
    again, base = unpack_part((data, changed), _load)
    assert again == table and list(again) == list(table)
    assert pack_part(again, base) == (data, {})


def test_a_few_changed_values_are_saved_beside_the_pickle_in_the_tables_order():
    table = {f"k{i}": (i,) for i in range(100)}
    data, _ = pack_part(table, None)
    read, base = unpack_part((data, {}), _load)
    read["k5"] = (-5,)
    read["k7"] = (7,)   # an equal value, another object: not a change
    part = pack_part(read, base)
    assert part == (data, {"k5": (-5,)})
    again, base = unpack_part(part, _load)
    assert list(again) == list(table) and again["k5"] == (-5,)
    again["k6"] = (-6,)   # the changes add up against the same pickle
    assert pack_part(again, base) == (data, {"k5": (-5,), "k6": (-6,)})


@pytest.mark.parametrize("change", ["added", "removed", "reordered", "many"])
def test_other_keys_or_many_changes_pickle_the_table_again(change):
    table = {f"k{i}": i for i in range(80)}
    data, _ = pack_part(table, None)
    read, base = unpack_part((data, {}), _load)
    if change == "added":
        read["new"] = 1
    elif change == "removed":
        del read["k3"]
    elif change == "reordered":
        read["k0"] = read.pop("k0")
    else:
        read.update((f"k{i}", -i) for i in range(1, 12))
    new_data, changed = pack_part(read, base)
    assert changed == {} and pickle.loads(new_data) == read and list(pickle.loads(new_data)) == list(read)


@pytest.mark.parametrize("part", [None, (b"", {}), ("text", {}), (pickle.dumps({"a": 1}), []),
                                  (pickle.dumps({"a": 1}), {"b": 2}), (pickle.dumps([1]), {}), (1, 2, 3)])
def test_a_part_of_another_shape_is_refused(part):
    with pytest.raises((ValueError, pickle.UnpicklingError, EOFError)):
        unpack_part(part, _load)


def _raw(scratch):  # type: ignore[no-untyped-def]
    from dacu.incremental import record

    return record._Unpickler(io.BytesIO((scratch.root / ".dacu/incremental.pickle").read_bytes())).load()


def test_rebuilds_save_only_the_changed_entries_and_give_a_full_builds_result(scratch, tmp_path, monkeypatch):
    from dacu.incremental import parts

    monkeypatch.setattr(parts, "_REWRITE_SHARE", 1)   # the small site's tables: a change of one in ten is few
    built(scratch)
    pages_pickle = _raw(scratch).parts["pages"][0]
    scratch.write(COPY, "## 细节\n第二版\n")
    assert "incremental" in scratch.build(now=NOW).timings
    data, changed = _raw(scratch).parts["pages"]
    assert data == pages_pickle and list(changed) == ["products/100012/index.html"]
    scratch.write(COPY, "## 细节\n第三版\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings
    assert "第三版" in (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    assert_same_as_full(scratch, result, tmp_path)


def test_a_damaged_change_list_means_a_warning_and_a_full_build(scratch, tmp_path, caplog, monkeypatch):
    from dacu.incremental import parts

    monkeypatch.setattr(parts, "_REWRITE_SHARE", 1)
    built(scratch)
    scratch.write(COPY, "## 细节\n第二版\n")
    assert "incremental" in scratch.build(now=NOW).timings
    raw = _raw(scratch)
    data, _ = raw.parts["pages"]
    raw.parts["pages"] = (data, {"no/such/page.html": raw.parts["pages"][1]})   # a key the table does not have
    (scratch.root / ".dacu/incremental.pickle").write_bytes(pickle.dumps(raw))
    assert_rebuilt_in_full_after_damage(scratch, caplog, tmp_path, "## 细节\n第三版\n")


def test_a_fresh_process_takes_the_engine_from_the_record_without_reading_dacus_code(scratch, tmp_path, monkeypatch):
    from dacu.core import engine

    built(scratch)
    if _raw(scratch).engine_files is None:
        pytest.skip("a code file of dacu saved in the last 2 s: the record cannot vouch for the code")
    code = engine.engine_code()
    monkeypatch.setattr(engine, "_ENGINE", [])   # as in a new process
    monkeypatch.setattr(engine, "_hash", lambda: pytest.fail("dacu's code was hashed"))
    scratch.write(COPY, "## 细节\n第二版\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and engine.engine_code() == code
    monkeypatch.undo()
    assert_same_as_full(scratch, result, tmp_path)


@pytest.mark.parametrize("table, entry", [
    ("copies", ("100012", [], False)),                    # a long copy's record of another length
    ("copies", ("100012", ["not a finding"], False, True, ())),
    ("pages", (None, [])),                                # a page's key that is not a text
    ("pages", "not a record"),
])
def test_a_damaged_page_or_copy_entry_means_a_warning_and_a_full_build(scratch, tmp_path, caplog, table, entry):
    """The page and copy records are checked one by one as a rebuild reads them (plain tuples in the file)."""
    built(scratch)
    raw = _raw(scratch)
    data, changed = raw.parts[table]
    name = COPY if table == "copies" else "products/100012/index.html"
    assert name in pickle.loads(data)
    raw.parts[table] = (data, {**changed, name: entry})
    (scratch.root / ".dacu/incremental.pickle").write_bytes(pickle.dumps(raw))
    assert_rebuilt_in_full_after_damage(scratch, caplog, tmp_path, "## 细节\n第二版\n")
    scratch.write(COPY, "## 细节\n第三版\n")   # the full build wrote a sound record again
    assert "incremental" in scratch.build(now=NOW).timings


def test_a_record_of_the_version_before_is_left_unused_without_a_warning(scratch, tmp_path, caplog):
    """Version 4 and before pickled a page or copy record as a call of its class, also among a table's
    changes in the record itself: such a record is read, found of another version and not used."""
    from dacu.incremental.record import CopyRecord

    class Called:   # pickled as the call of the class that older records hold
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return CopyRecord, ("100012", [], False, True, ())

    built(scratch)
    raw = _raw(scratch)
    data, changed = raw.parts["copies"]
    raw.parts["copies"] = (data, {**changed, COPY: Called()})
    raw.version = 4
    (scratch.root / ".dacu/incremental.pickle").write_bytes(pickle.dumps(raw))
    scratch.write(COPY, "## 细节\n第二版\n")
    with caplog.at_level("WARNING"):
        result = scratch.build(now=NOW)
    assert "incremental" not in result.timings and result.ok
    assert not [r for r in caplog.records if "incremental.pickle" in r.getMessage()]
    assert_same_as_full(scratch, result, tmp_path)
