"""Build elsewhere, then swap: site/ is replaced whole or not at all."""

from dacu.core.output_folder import MARKER
from dacu.output.write import Output


def write(out, path, text):
    """A page as the renderer writes it: its bytes, then its record."""
    out.put(path, text)
    out.claimed(path, key=path)


def test_commit_replaces_the_target(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / MARKER).write_text("")   # dacu wrote it
    (target / "old.html").write_text("old")
    out = Output(target)
    write(out, "a/index.html", "新")
    assert (target / "old.html").exists(), "nothing changes before commit"
    out.commit()
    out.wait()
    assert sorted(p.name for p in target.rglob("*")) == [MARKER, "a", "index.html"]
    assert (target / "a/index.html").read_text(encoding="utf-8") == "新"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_discard_leaves_the_target_alone(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / MARKER).write_text("")
    (target / "keep.html").write_text("keep")
    out = Output(target)
    write(out, "x.html", "x")
    out.discard()
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "keep.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_dry_output_writes_nothing_but_knows_its_files(tmp_path):
    out = Output(tmp_path / "site", dry=True)
    write(out, "x.html", "x")
    out.commit()
    assert out.files == {"x.html"} and not (tmp_path / "site").exists()


def test_pages_go_into_new_nested_and_existing_folders(tmp_path):
    target = tmp_path / "site"
    out = Output(target)
    for path in ("a.html", "p/1/index.html", "p/2/index.html", "deep/er/still/index.html", "p/1/other.html"):
        write(out, path, path * 3)
    write(out, "p/1/index.html", "again")   # written twice: replaced, not appended
    out.commit()
    out.wait()
    assert (target / "deep/er/still/index.html").read_text(encoding="utf-8") == "deep/er/still/index.html" * 3
    assert (target / "p/1/index.html").read_text(encoding="utf-8") == "again"
    assert (target / "p/1/other.html").read_text(encoding="utf-8") == "p/1/other.html" * 3


def test_a_file_where_a_page_folder_goes_is_an_error(tmp_path):
    import pytest

    out = Output(tmp_path / "site")
    write(out, "p", "a file")
    with pytest.raises(OSError):
        out.put("p/index.html", "x")
    out.discard()
