"""The Jinja2 environment of a theme, kept by the engine session.

Autoescape is on and undefined names fail (StrictUndefined). Templates are
looked up in the site's theme first, then in the packaged default theme,
which a site template can also reach as ``default/<name>``.

The packaged pieces ``_macros.html`` and ``_sections.html`` are imported
``with context`` by every page (docs/themes.md): their macros read the page's
names (``image``, ``price_plan``, ``once`` ...). Jinja2 builds such an import
anew for every page, running the piece's top level and making each macro
again: three modules a detail page, a sixth of its rendering. Their top level
only defines macros and constants, and a macro looks a name up when it is
called, so each of them is built once per environment here and reads the
names of the page being rendered (:meth:`PageNames.enter`). A theme's own
``_macros.html`` or ``_sections.html`` is imported as Jinja2 does it, since
its top level may read the page, and so is a packaged piece that imports
one (the packaged ``_sections.html`` under a theme's ``_macros.html``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.environment import TemplateModule

from dacu.model import yuan
from dacu.pricing import describe
from dacu.render.bytecode import bytecode_cache
from dacu.render.filters import ink, zh_clock, zh_date, zh_time
from dacu.render.runtime import FastContext, speed_up
from dacu.render.theme import DEFAULT_THEME, PACKAGE_THEMES, Theme

_PACKAGED = PACKAGE_THEMES / DEFAULT_THEME / "templates"
#: Packaged templates whose top level only defines macros and constants, with the templates each
#: imports (tests/test_fragments.py reads the templates to check it: parsing them here would cost
#: a rebuild after one edit more than rendering its page).
PAGE_INDEPENDENT: dict[str, tuple[str, ...]] = {"_macros.html": (), "_sections.html": ("_macros.html",)}


class PageNames:
    """The names of the page being rendered, as the shared modules' macros read them.

    One dictionary, refilled for each page: the modules hold it as the
    parent of their context, and a name is looked up in it at the macro call.
    """

    def __init__(self) -> None:
        self.names: dict[str, Any] = {}
        self.active = False

    @contextmanager
    def enter(self, env: jinja2.Environment, context: Mapping[str, Any]) -> Iterator[None]:
        """While a page renders: its ``context`` over the environment's globals, as Jinja2 gives it to the page."""
        self.names.clear()
        self.names.update(env.globals)
        self.names.update(context)
        self.active = True
        try:
            yield
        finally:
            self.active = False
            self.names.clear()


class _Template(jinja2.Template):
    """A template whose ``with context`` import of a packaged page-independent piece is built once."""

    _shared: TemplateModule | None = None

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: CodeType, globals: Any,
                  uptodate: Any = None) -> jinja2.Template:
        """Jinja2's template, compiled or from the bytecode cache, with :mod:`dacu.render.runtime`'s pieces."""
        return speed_up(super().from_code(environment, code, globals, uptodate))

    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Mapping[str, Any] | None = None) -> TemplateModule:
        page = getattr(self.environment, "page_names", None)
        if not (shared and isinstance(page, PageNames) and page.active and self._page_independent()):
            return super().make_module(vars, shared, locals)
        if self._shared is None:
            context = self.environment.context_class(self.environment, page.names, self.name, self.blocks,
                                                     globals=self.globals)
            self._shared = TemplateModule(self, context)
        return self._shared

    def _page_independent(self) -> bool:
        known: bool | None = self.__dict__.get("_independent")
        if known is None:  # once per template: every page imports it
            name = (self.name or "").removeprefix(DEFAULT_THEME + "/")
            known = self.__dict__["_independent"] = (
                name in PAGE_INDEPENDENT and self.filename is not None and Path(self.filename).parent == _PACKAGED
                and all(self._shares(ref) for ref in PAGE_INDEPENDENT[name]))
        return known

    def _shares(self, name: str) -> bool:
        """Whether the template this one imports as ``name`` is page-independent too.

        A theme's own ``_macros.html`` in its place is not: built into a
        shared module, it would keep the names of the first page that
        imported it (its links relative to that page).
        """
        template = self.environment.get_template(name, parent=self.name)
        return isinstance(template, _Template) and template._page_independent()


class _Environment(jinja2.Environment):
    template_class = _Template
    context_class = FastContext

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.page_names = PageNames()


class Environments:
    """The Jinja2 environments of one engine session, by template folders and work folder.

    The preview server keeps its session across rebuilds: compiling the
    templates again on every save cost more than rendering. Jinja2 checks
    each template's modification time on use, so an edited template is still
    picked up. The work folder is part of the key because an environment
    writes compiled templates into its site's ``.dacu/``.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[tuple[str, ...], str], jinja2.Environment] = {}

    def get(self, theme: Theme, work_dir: Path | None = None) -> jinja2.Environment:
        """The environment of ``theme``: site templates first, then the default ones."""
        key = (tuple(str(d) for d in theme.template_dirs), str(work_dir))
        if key not in self._made:
            self._made[key] = new_environment(theme, work_dir)
        return fresh_templates(self._made[key])


def fresh_templates(env: jinja2.Environment) -> jinja2.Environment:
    """``env`` with every compiled template that its file no longer matches let go, checked now, once.

    A build asks for its environment once, before it renders. Jinja2 would
    check a template's file at every use instead (auto_reload: four ``stat``
    calls a detail page, for templates that do not change while a build
    renders); an edit between two builds of a session (the preview) is
    still picked up by the next build.
    """
    env.auto_reload = False
    if env.cache is not None:
        for key, template in list(env.cache.items()):
            if not template.is_up_to_date:
                del env.cache[key]
    return env


def render_names(template: jinja2.Template, names: dict[str, Any]) -> str:
    """``template.render(...)`` of a page whose ``names`` already hold the environment's globals (:class:`PageNames`).

    Jinja2's ``render`` copies the page's names into a new dictionary and
    that again over the template's globals (a ``ChainMap``, read in Python):
    the context here takes ``names`` as they are, as Jinja2 does for a
    shared context, and errors are reported at their template line as
    ``render`` reports them.
    """
    env = template.environment
    context = env.context_class(env, names, template.name, template.blocks, globals=template.globals)
    try:
        return env.concat(template.root_render_func(context))  # "".join
    except Exception:
        env.handle_exception()   # raises, its traceback pointing into the template
        raise


def page_names(env: jinja2.Environment) -> PageNames:
    """The environment's :class:`PageNames` (a new one for an environment made elsewhere)."""
    names = getattr(env, "page_names", None)
    if not isinstance(names, PageNames):
        names = PageNames()
        env.page_names = names  # type: ignore[attr-defined]  # a plain environment: its imports stay Jinja2's own
    return names


def new_environment(theme: Theme, work_dir: Path | None) -> jinja2.Environment:
    """A new environment for ``theme``, its compiled templates kept in ``work_dir/templates``."""
    # Compiled templates are kept in .dacu/ too: compiling costs a command-line
    # rebuild more than rendering the pages that changed.
    bytecode = bytecode_cache(work_dir / "templates") if work_dir is not None else None
    env = _Environment(
        bytecode_cache=bytecode,
        # a plain dictionary of the compiled templates, not Jinja2's LRU cache, which moves the
        # template used to its end under a lock at every look-up (five a page); a theme has a few dozen
        cache_size=-1,
        # A site theme's template can extend the packaged one of the same name
        # as "default/<name>" and change only a block (docs/themes.md).
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
            jinja2.PrefixLoader({DEFAULT_THEME: jinja2.FileSystemLoader(str(_PACKAGED))}),
        ]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Pure functions that every page calls with the same few values (prices, palette colours):
    # remembered by the environment, which the engine session keeps.
    env.filters["yuan"] = functools.lru_cache(maxsize=4096)(yuan)
    env.filters["describe"] = describe
    env.filters["zh_time"] = zh_time
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    # tojson in single-quoted attributes (data-countdown='...'): readable Chinese, still HTML-safe
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.filters["zh_date"] = zh_date
    env.filters["zh_clock"] = zh_clock
    env.filters["ink"] = functools.lru_cache(maxsize=256)(ink)
    return env
