"""Inline expressions' values put into their text: `` `{python} radius` `` → `5`.

The value is the expression's `text/markdown` when it gives one (IPython's `Markdown(…)`),
else its `text/plain`, escaped so it reads as text; a Python string shows without its
quotes, as Quarto shows it. An expression that has no value (the deck rendered with
`--no-execute` and nothing cached) stays as the code it is, with a warning.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from deckbuild.errors import DeckError
from deckbuild.model import BROWSER_ENGINES, Cell, Markdown
from deckbuild.sources.inline_code import expressions

PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
"""ASCII punctuation, each of which a backslash makes literal in Markdown."""


def substitute(run: Markdown, warn: Callable[[DeckError], None]) -> str:
    """`run`'s text with each inline expression replaced by its value."""
    if not run.inline:
        return run.text
    pieces, at = [], 0
    for span, cell in zip(expressions(run.text), run.inline, strict=False):
        pieces += [run.text[at : span.start], _shown(cell, warn)]
        at = span.end
    return "".join(pieces) + run.text[at:]


def _shown(cell: Cell, warn: Callable[[DeckError], None]) -> str:
    """The value as Markdown; the code itself (and a warning) when there is none."""
    shown = _value(cell)
    if shown is None:
        if (cell.resolved is None or cell.resolved.eval) and cell.language not in BROWSER_ENGINES:  # those: said once
            warn(DeckError(f"inline expression `{cell.source[:60]}` has no value: its cells were not run and the "
                           "cache holds none", line=cell.line, fix="render without --no-execute once"))
        return f"`{cell.source}`"
    return shown


def _value(cell: Cell) -> str | None:
    for output in cell.outputs:
        if output.output_type not in ("execute_result", "display_data"):
            continue
        if "text/markdown" in output.data:
            return str(output.data["text/markdown"]).strip()
        if "text/plain" in output.data:
            return _escaped(_unquoted(str(output.data["text/plain"])))
    return None


def _unquoted(text: str) -> str:
    """`'abc'` → `abc`: a string's repr shown as the string."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        if isinstance(value, str):
            return value
    return text


def _escaped(text: str) -> str:
    return PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
