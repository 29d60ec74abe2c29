"""Rendering a theme's Jinja template, a mistake in it one line naming the template and line.

Jinja reports template mistakes as Python exceptions (a syntax error, `StrictUndefined`'s
"'x' is undefined", a template that extends one that does not exist). They are the theme
author's mistakes, so they are reported like a deck's: `page.html.j2:4: what — fix`, with the
variables a template can use. Jinja rewrites the traceback so that its frames carry the
template's file and line; the innermost of them is where the template went wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from deckbuild.errors import ConfigError, DeckbuildError
from deckbuild.writing import shown


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    spans: dict[str, list[tuple[int, int]]]
    """Where each output of the recorded blocks lies in `text`, in the order they were rendered."""


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any], record: tuple[str, ...] = ()) -> Rendered:
    """The template rendered; the output of each block named in `record` is located as it is
    made (a theme may override those blocks, or extend them with `super()`)."""
    try:
        return _render(env, name, context, record)
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


def _render(env: jinja2.Environment, name: str, context: dict[str, Any], record: tuple[str, ...]) -> Rendered:
    template = env.get_template(name)
    recording = _Recording(template.new_context(context), record)
    chunks: list[str] = []
    try:
        for chunk in template.root_render_func(recording.context):
            chunks.append(chunk)
            recording.length += len(chunk)
    except Exception:
        env.handle_exception()  # raises it again, its traceback in the template's own lines
    return Rendered("".join(chunks), recording.spans)


class _Recording(dict[str, list[Callable[..., Iterator[str]]]]):
    """A template context's blocks, the recorded ones wrapped to note where their output goes.

    Jinja calls a block as `context.blocks[name][0](context)`, and finds `super()` as the
    function after the calling one: so the list handed out is [recorder, own, parent's, …]."""

    def __init__(self, context: Any, record: tuple[str, ...]) -> None:
        super().__init__(context.blocks)
        self.context, self.record, self.length = context, record, 0
        self.spans: dict[str, list[tuple[int, int]]] = {name: [] for name in record}
        context.blocks = self

    def __getitem__(self, name: str) -> list[Callable[..., Iterator[str]]]:
        functions = super().__getitem__(name)
        if name not in self.record:
            return functions

        def recorded(block_context: Any) -> Iterator[str]:
            start = self.length
            yield from functions[0](block_context)
            self.spans[name].append((start, self.length))

        return [recorded, *functions]


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


def _template_frame(tb: TracebackType | None) -> tuple[Path | str, int] | None:
    """The innermost frame that Jinja made to stand for a template line."""
    place = None
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            place = (_path(tb.tb_frame.f_code.co_filename), tb.tb_lineno)
        tb = tb.tb_next
    return place


def _path(filename: str | None) -> Path | str:
    return shown(Path(filename)) if filename else "theme template"
