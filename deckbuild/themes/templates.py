"""Rendering a theme's Jinja template, a mistake in it one line naming the template and line.

Jinja reports template mistakes as Python exceptions (a syntax error, `StrictUndefined`'s
"'x' is undefined", a template that extends one that does not exist). They are the theme
author's mistakes, so they are reported like a deck's: `page.html.j2:4: what — fix`, with the
variables a template can use. Jinja rewrites the traceback so that its frames carry the
template's file and line; the innermost of them is where the template went wrong.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from deckbuild.errors import ConfigError, DeckbuildError
from deckbuild.themes.meta import shown


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except DeckbuildError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"template syntax: {exc.message}", path=_path(exc.filename), line=exc.lineno,
                          fix="see Jinja's template documentation") from None
    except Exception as exc:
        place = _template_frame(exc.__traceback__)
        if place is None and isinstance(exc, jinja2.TemplateNotFound):
            raise ConfigError(f"the theme has no template `{name}`",
                              fix=f"add templates/{name} to the theme, or `extends: default` in its theme.yaml") from None
        if place is None:
            raise  # not the template's doing: a bug of ours, with its traceback
        raise ConfigError(_what(exc), path=place[0], line=place[1], fix=_fix(exc, env, context)) from None


def _what(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template `{exc.name}` not found"
    if isinstance(exc, jinja2.UndefinedError):
        return f"template uses an undefined value: {exc.message}"
    return f"template failed: {type(exc).__name__}: {exc}"


def _fix(exc: Exception, env: jinja2.Environment, context: dict[str, Any]) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"templates there are: {', '.join(t for t in env.list_templates() if t.endswith('.j2'))}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"a page template has {', '.join(sorted(context))}"
    return "fix the template"


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost frame that Jinja made to stand for a template line."""
    place = None
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            place = (_path(tb.tb_frame.f_code.co_filename), tb.tb_lineno)
        tb = tb.tb_next
    return place


def _path(filename: str | None) -> str:
    return shown(Path(filename)) if filename else "theme template"
