"""Quarto's inline code, `` `{python} radius` ``: an expression evaluated in the deck's kernel,
its value put into the sentence.

Each expression becomes a hidden cell (`include: false`) placed just before the run of text
that holds it, so it runs after the cells above it and before those below, in document
order, as Quarto runs them, and is cached like any cell. The run keeps its text; the renderer
puts each expression's value in its place (`rendering/inline_values.py`).
"""

from __future__ import annotations

import re

from deckbuild.model import Cell, Markdown

CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?P<code>[^`]|[^`].*?[^`])(?P=ticks)(?!`)", re.DOTALL)
"""A code span: a run of backticks, the code, the same run (CommonMark's rule, within one run of text)."""
EXPRESSION = re.compile(r"\{(?P<lang>[A-Za-z][\w+-]*)\}[ \t]+(?P<expr>\S.*?)\s*", re.DOTALL)
HIDDEN = {"include": False}


def expressions(text: str) -> list[re.Match[str]]:
    """The code spans of `text` that are inline expressions: one backtick, `{lang}`, a space, code."""
    if "`{" not in text:
        return []
    return [span for span in CODE_SPAN.finditer(text)
            if span["ticks"] == "`" and EXPRESSION.fullmatch(span["code"])]


def inline_cells(run: Markdown) -> list[Cell]:
    """The expressions in `run`, as cells, in order; each at its own line."""
    cells = []
    for span in expressions(run.text):
        found = EXPRESSION.fullmatch(span["code"])
        assert found is not None
        cells.append(Cell(source=found["expr"].strip(), language=found["lang"].lower(), options=dict(HIDDEN),
                          line=run.line + run.text.count("\n", 0, span.start()), tags=["inline-expression"]))
    return cells
