"""Faster pieces of Jinja2's runtime for the templates of one environment, with the same results.

A detail page makes about 80 escapes and 30 calls through the template
context (macros, the page's functions) and a dozen macro calls; Jinja2's
general versions of these were about a fifth of rendering it. Each piece
here takes the common case (a ``str`` or ``Markup`` to escape; a plain
function, method or macro to call; a macro called with exactly its
positional arguments) in a few steps and hands every other case to Jinja2's
own code. :func:`speed_up` puts them into a compiled template's namespace,
where the generated code looks ``escape`` and ``Macro`` up.
"""

from __future__ import annotations

from types import FunctionType, MethodType
from typing import Any

import jinja2
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro
from jinja2.utils import missing
from markupsafe import Markup, escape

from dacu.render.filters import escape_text

_markup = str.__new__   # Markup(text) for a str, without Markup.__new__'s check for __html__


def fast_escape(value: Any) -> Markup:
    """``markupsafe.escape``: the same text, without a new ``Markup`` for one that is already safe."""
    kind = type(value)
    if kind is str:
        return _markup(Markup, escape_text(value))
    if kind is Markup:
        return value  # type: ignore[no-any-return]  # the type was checked just above
    return escape(value)


class FastMacro(Macro):
    """A macro whose call by its parameters' names or positions skips Jinja2's general argument matching."""

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        given = len(args)
        if (given > self._argument_count or self.catch_kwargs or self.catch_varargs or self.explicit_caller
                or (args and isinstance(args[0], EvalContext))):
            return super().__call__(*args, **kwargs)   # *varargs, **kwargs, an explicit caller: Jinja2's way
        caller = None
        if kwargs:
            caller = kwargs.get("caller") if self.caller else None
            names = self.arguments[given:]
            if len(kwargs) != (caller is not None) + sum(name in kwargs for name in names):
                return super().__call__(*args, **kwargs)   # a name it does not take (Jinja2's error)
            args = (*args, *[kwargs.get(name, missing) for name in names])
        elif given < self._argument_count:
            args = (*args, *[missing] * (self._argument_count - given))   # the macro applies its defaults
        if self.caller:
            if caller is None:
                return super().__call__(*args)   # no caller given (Jinja2's undefined one)
            args = (*args, caller)
        rv = self._func(*args)
        if not self._default_autoescape:
            return rv   # the macro's own result, as Jinja2 gives it
        return _markup(Markup, rv) if type(rv) is str else Markup(rv)


class FastContext(Context):
    """A template context whose ``call`` of a plain function, method or macro skips the pass_* checks."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805  # Jinja2's own signature
        kind = type(__obj)
        if not (kind is FastMacro or kind is Macro
                or ((kind is FunctionType or kind is MethodType) and not hasattr(__obj, "jinja_pass_arg"))):
            return super().call(__obj, *args, **kwargs)   # pass_context, a callable object ...
        if kind is not FunctionType and kind is not MethodType \
                and __obj._default_autoescape != __self.eval_ctx.autoescape:
            # called inside an {% autoescape %} block of another setting than the macro's own: Jinja2's
            # macro, which takes the caller's setting from its eval context
            __obj, args = Macro.__call__, (__obj, __self.eval_ctx, *args)
        if kwargs:   # what the generated code adds for pass_context functions only
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:   # as Jinja2 does
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


def speed_up(template: jinja2.Template) -> jinja2.Template:
    """``template`` with the fast escape and macros in its generated code's namespace (not for async templates)."""
    if not template.environment.is_async:
        namespace = template.root_render_func.__globals__
        namespace["escape"] = fast_escape
        namespace["Macro"] = FastMacro
    return template
