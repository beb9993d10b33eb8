"""Parse results kept between the builds of one engine session.

The preview server rebuilds the whole site on every save, but a save changes
one file: the front matter of the other pages and an unchanged product sheet
parse to what they parsed to before, and so does the front matter of a page
whose body alone was saved. :class:`Parsed` keeps the last result
of each file with the exact input it came from, and gives it back only for
that same input; a changed file is parsed again and replaces its entry, so
the memo holds one entry a file. Kept on the session
(:class:`dacu.session.Session`), never in a module.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, TypeVar

from dacu.load.frontmatter import Document, parse_document, split_front_matter

T = TypeVar("T")


class Parsed:
    """The last parse of each file, by what it was parsed from."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], tuple[Any, Any]] = {}

    def get(self, kind: str, name: str, source: Any, parse: Callable[[], T]) -> T:
        """``parse()``'s result for ``source`` (the file's text or bytes and the limits it was read with).

        Callers must not change what they get: it is handed out again.
        """
        hit = self._last.get((kind, name))
        if hit is not None and hit[0] == source:
            value: T = hit[1]
            return value
        value = parse()
        self._last[(kind, name)] = (source, value)
        return value

    def document(self, name: str, text: str, max_values: int) -> Document:
        """``parse_document(text, max_values)``, the front matter parsed again only when it changed.

        A save of a page's body (the campaign rules, say) then costs no YAML.
        """
        head, body = split_front_matter(text)
        doc = self.get("page", name, (head, max_values), lambda: parse_document(head, max_values))
        return dataclasses.replace(doc, body=body) if body else doc
