"""Quarto's inline code, `` `{python} radius` ``: an expression evaluated in the deck's kernel,
its value put into the sentence.

Each expression becomes a hidden cell (`include: false`) placed just before the run of text
that holds it, so it runs after the cells above it and before those below, in document
order, as Quarto runs them, and is cached like any cell. The run keeps its text; the renderer
puts each expression's value in its place (`rendering/inline_values.py`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from deckbuild.model import Cell, Markdown
from deckbuild.sources.code_spans import code_spans

EXPRESSION = re.compile(r"\{(?P<lang>[A-Za-z][\w+-]*)\}[ \t]+(?P<expr>\S.*?)\s*", re.DOTALL)
HIDDEN = {"include": False}


class Expression(NamedTuple):
    """An inline expression: where its span is in the text, its language and its code."""

    start: int
    end: int
    language: str
    code: str


def expressions(text: str) -> list[Expression]:
    """The code spans of `text` that are inline expressions: one backtick, `{lang}`, a space, code."""
    if "`{" not in text:
        return []
    found = []
    for start, end, ticks in code_spans(text):
        match = EXPRESSION.fullmatch(text, start + 1, end - 1) if ticks == 1 else None
        if match is not None:
            found.append(Expression(start, end, match["lang"].lower(), match["expr"].strip()))
    return found


def inline_cells(run: Markdown) -> list[Cell]:
    """The expressions in `run`, as cells, in order; each at its own line."""
    return [Cell(source=found.code, language=found.language, options=dict(HIDDEN),
                 line=run.line + run.text.count("\n", 0, found.start), tags=["inline-expression"])
            for found in expressions(run.text)]
