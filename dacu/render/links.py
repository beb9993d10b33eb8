"""Links between the pages and files of site/: relative to the linking page's folder, by string work alone."""

from __future__ import annotations

from collections.abc import Iterable


def relative_link(here: str, target: str) -> str:
    """A link from the page folder ``here`` to the output path ``target``.

    Both are normalised paths inside site/ (no ``..``), so this is
    ``posixpath.relpath`` by string work alone: it runs for every link of
    every page, and relpath's abspath calls were a tenth of rendering.
    """
    target = target.removesuffix("index.html")  # directory URL: "products/1/" ("" for the root)
    if not here:
        return target or "./"
    if target.startswith(here + "/"):
        return target[len(here) + 1:] or "./"
    up = here.split("/")
    down = target.split("/")
    common = 0
    while common < len(up) and common < len(down) - 1 and up[common] == down[common]:
        common += 1
    return "../" * (len(up) - common) + "/".join(down[common:])


def folders_holding(targets: Iterable[str]) -> frozenset[str]:
    """The folders that hold one of ``targets`` (``products`` and ``products/1`` for ``products/1/a.jpg``).

    A link from a page folder to a target outside it climbs to the common
    parent (:func:`relative_link`), so it is the same from every sibling
    folder (same parent, same depth) that does not hold the target either:
    a fragment is reused in such a folder without comparing its links.
    """
    folders: set[str] = set()
    for target in targets:
        parts = target.removesuffix("index.html").split("/")
        folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
    return frozenset(folders)
