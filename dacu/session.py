"""The engine session: what outlives one build.

Compiled templates, parsed theme colours, the refs of images already
prepared and the Markdown converter cost more to make than a small rebuild
does, so they are kept between builds, but on this object, never in a
module: two sessions share nothing, so two sites built in one process (the
preview server, tests, a batch build) cannot see each other's state.

:func:`dacu.build.build_site` makes a session for one build when it is not
given one; the preview server keeps one for its whole life. Each stage gets
only its own part, so the stages know nothing of the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dacu.checks import ThemeColourMemo
from dacu.images import RefMemo
from dacu.load import Converter, Parsed
from dacu.render import Environments


@dataclass
class Session:
    """The state of one engine session (see the module doc)."""

    markdown: Converter = field(default_factory=Converter)
    theme_colours: ThemeColourMemo = field(default_factory=ThemeColourMemo)
    image_refs: RefMemo = field(default_factory=RefMemo)
    environments: Environments = field(default_factory=Environments)
    # front matter and sheets by their text; None for a session of one build (a sheet's rows are not kept past loading)
    parsed: Parsed | None = field(default_factory=Parsed)
