"""Python-Markdown's inline processing, quicker on the text long copy is made of.

Two shortcuts, each giving the tree Python-Markdown's own inline processor
gives (tests compare them on the corpus and on generated Markdown):

- a pattern whose trigger characters are absent from a text is not tried
  (most runs of Chinese copy hold none of them for most of the fourteen patterns);
- a text made only of plain runs, ``**strong**`` and ``*em*`` pairs that do not
  nest, and ``[text](url)`` links with a plain text and a plain URL is built
  directly, in one pass of one regular expression, instead of by the placeholders
  and repeated scans of the patterns (about two thirds of Python-Markdown's inline
  time on long copy). Anything else (code, escapes, entities, ``_``, images, nested
  or unpaired ``*``, titles, reference links, autolinks, line breaks) goes the
  stock way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import util
from markdown.treeprocessors import InlineProcessor

#: The characters without which an inline pattern of Python-Markdown cannot match
#: (from each pattern's regular expression).
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "escape": ("\\",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("<",), "linebreak": ("  \n",),
    "entity": ("&",), "em_strong": ("*", "_"), "em_strong2": ("_",), "not_strong": ("*", "_"),
}

#: A link with a plain text and a URL that Python-Markdown takes whole (no space, parenthesis,
#: quote, angle bracket, backslash or backtick), a run of ``*``, or a bracket outside such a link.
_TOKEN = re.compile(r"\[([^\[\]]*)\]\(([^\s()<>\"'\\\[\]`]+)\)|(\*+)|[\[\]]")
#: Anywhere in the text: code, escapes, a line break, an image, a placeholder of Python-Markdown (the
#: text of an element made by the stock way, walked again; the source's STX and ETX are removed before).
#: Tested with ``in``, each a scan in C: one regular expression with these alternatives took twice as long.
_NEVER = ("`", "\\", "\x02", "\x03", "  \n", "![")
#: In plain runs and link texts (outside URLs): entities and underscores (smart emphasis).
_NOT_PLAIN = re.compile(r"[&_]")


def quick(text: str) -> tuple[str | None, list[etree.Element], list[etree.Element]] | None:
    """``text`` as Python-Markdown's inline patterns make it: the leading text, the new top-level elements,
    and every new element in the order Python-Markdown stashes them (the links, then the emphasis).

    None when the text holds anything but plain runs, simple emphasis pairs and plain links.
    """
    for never in _NEVER:
        if never in text:
            return None
    if "<" in text and ">" in text:   # "<...>" may be an autolink
        return None
    if "[" not in text and "]" not in text and "*" not in text:
        # Plain (most texts of long copy): no token to look for.
        return None if _NOT_PLAIN.search(text) else (text or None, [], [])
    lead: str | None = None
    made: list[etree.Element] = []
    links: list[etree.Element] = []
    emphasis: list[etree.Element] = []
    last: etree.Element | None = None       # the element whose tail the next plain run is
    inner: etree.Element | None = None      # an open emphasis
    inner_last: etree.Element | None = None
    size = 0
    pos = 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        if start > pos:
            plain = text[pos:start]
            if _NOT_PLAIN.search(plain):
                return None
            if inner is not None:
                if inner_last is None:
                    inner.text = plain
                else:
                    inner_last.tail = plain
            elif last is None:
                lead = plain
            else:
                last.tail = plain
        pos = match.end()
        stars = match.group(3)
        if stars is not None:
            if inner is None:
                # An opener: followed by a character that is not a space (it is not a "*": the run is whole).
                if len(stars) > 2 or pos == len(text) or text[pos].isspace():
                    return None
                inner, inner_last, size = etree.Element("strong" if len(stars) == 2 else "em"), None, len(stars)
            else:
                # Its closer: the same length, after a character that is not a space.
                if len(stars) != size or text[start - 1].isspace():
                    return None
                made.append(inner)
                emphasis.append(inner)
                last, inner = inner, None
            continue
        label = match.group(1)
        if label is None or _NOT_PLAIN.search(label) or "*" in label:
            return None                      # a bracket outside a plain link
        link = etree.Element("a")
        link.text = label
        link.set("href", match.group(2))
        links.append(link)
        if inner is not None:
            inner.append(link)
            inner_last = link
        else:
            made.append(link)
            last = link
    if inner is not None:
        return None
    if pos < len(text):
        plain = text[pos:]
        if _NOT_PLAIN.search(plain):
            return None
        if last is None:
            lead = plain
        else:
            last.tail = plain
    return lead, made, links + emphasis


class QuickInline(InlineProcessor):
    """Python-Markdown's inline processor with the two shortcuts of this module.

    ``run`` is Python-Markdown's own loop over the tree, with :func:`quick` tried first on each text; the
    stock path (``__handleInline`` and ``__processPlaceholders``) takes what it declines, and skips the
    patterns whose trigger characters are absent.
    """

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        """Apply the inline patterns to ``tree`` (as Python-Markdown's ``InlineProcessor.run``)."""
        self._patterns = [(p, _TRIGGERS.get(name)) for name, p in
                          zip((item.name for item in self.inlinePatterns._priority),  # type: ignore[attr-defined]
                              self.inlinePatterns)]
        # The delimiter processor of emphasis (Python-Markdown 3.11 and later), whose pairing quick() follows;
        # without it (an older Python-Markdown), every text goes the stock way.
        delimiters: Any = getattr(self.md, "delimiters", None)
        regions: list[Any] | None = getattr(delimiters, "regions", None)
        handle: Any = self._InlineProcessor__handleInline
        place: Any = self._InlineProcessor__processPlaceholders  # type: ignore[attr-defined]  # private, no stub
        self.stashed_nodes: dict[str, etree.Element | str] = {}
        # The ancestors of the root: the ones passed in and the root's own tag, as Python-Markdown
        # builds them (its map of parents is read only for that).
        parents = [] if ancestors is None else ancestors[:]
        parents.append(tree.tag.lower())
        stack: list[tuple[etree.Element, list[str]]] = [(tree, parents)]
        while stack:
            current, parents = stack.pop(0)
            self.ancestors = parents
            if current is not tree:
                parents.append(current.tag.lower())
            queue: list[tuple[etree.Element, list[etree.Element]]] = []
            for child in current:
                text = child.text
                if text and not isinstance(text, util.AtomicString):
                    # The delimiter processor may hold regions of a text before: then the stock way only.
                    built = quick(text) if regions is not None and not regions else None
                    if built is not None:
                        # Python-Markdown would queue the new elements to walk them again: their texts
                        # are plain, so that walk changes nothing.
                        child.text, made, stashed = built
                        if made:
                            # Stashed as Python-Markdown stashes them: the numbers of the placeholders that
                            # follow stay the same (a broken placeholder in its output shows one).
                            for new in stashed:
                                self.stashed_nodes["%04d" % len(self.stashed_nodes)] = new
                            queue.append((child, made))
                    else:
                        parents.append(child.tag.lower())
                        child.text = None
                        found = place(handle(text), child)
                        stack += found
                        queue.append((child, [item[0] for item in found]))
                        parents.pop()
                if child.tail:
                    tail = handle(child.tail)
                    dummy = etree.Element("d")
                    child.tail = None
                    result = place(tail, dummy, False)
                    if dummy.tail:
                        child.tail = dummy.tail
                    pos = list(current).index(child) + 1
                    result.reverse()
                    for item in result:
                        current.insert(pos, item[0])
                if len(child):
                    stack.append((child, parents[:]))
            for element, made in queue:
                for i, new in enumerate(made):
                    element.insert(i, new)
        return tree

    def _InlineProcessor__handleInline(self, data, patternIndex=0):  # type: ignore[no-untyped-def]
        """Python-Markdown's ``__handleInline`` (its name mangled, as the stock code calls it), trying only
        the patterns whose characters the text holds."""
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns = self._patterns
        count = len(patterns)
        startIndex = 0
        while patternIndex < count:
            pattern, needs = patterns[patternIndex]
            if needs is not None:
                for chars in needs:  # a plain loop: any() with a generator cost a fifth of the time
                    if chars in data:
                        break
                else:
                    patternIndex, startIndex = patternIndex + 1, 0  # as after a pattern that did not match
                    continue
            data, matched, startIndex = apply(pattern, data, patternIndex, startIndex)
            if not matched:
                patternIndex += 1
        return data
