"""Cells that Quarto runs in the reader's browser (```` ```{ojs} ````, and its extensions' webR,
Pyodide and Shinylive cells): shown, never run.

deckbuild's decks work offline and carry no Observable runtime, webR or Pyodide, and no Jupyter
kernel runs these languages, so such a cell cannot show what it shows in Quarto. What a careful
author wants then is to see, on the slide and in the terminal, that something is missing:

- its code, where Quarto would show it: `echo: true` for an OJS cell; always for the others,
  whose code is what they show (an editor the reader runs), but for webR's and Pyodide's
  `context: setup` (nothing shown) and `context: output` (only the output);
- where its output would be, a short visible note saying what would be there, so a slide
  never comes out silently empty (`output: false`, `eval: false` or `include: false` leave none);
- one warning per kind of cell in the deck, at the first one (file:line and slide).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from deckbuild.model import BROWSER_ENGINES, Cell
from deckbuild.options import CellOptions

SHOWN_AS = {"ojs": "javascript", "webr": "r", "webr-r": "r", "shinylive-r": "r"}
"""The language a cell's code is highlighted as (Pygments has no `ojs`); Python otherwise."""

EDITORS = frozenset(BROWSER_ENGINES) - {"ojs"}
"""Cells whose code is what the reader sees (an editor), whatever `echo` says."""


def is_browser_cell(cell: Cell) -> bool:
    return cell.language in BROWSER_ENGINES


def warning(cell: Cell) -> str:
    """What the terminal says at the deck's first cell of this kind."""
    kind = f"`{{{cell.language}}}`"
    return (f"{kind} cells run in the reader's browser in Quarto ({BROWSER_ENGINES[cell.language]}), which a "
            f"deckbuild deck does not carry: this and the deck's other {kind} cells show their code where Quarto "
            "would, and a note in place of their output")


def render(cell: Cell, options: CellOptions, highlight: Callable[[str, str], str]) -> str:
    """The cell's HTML: its code (`highlight(code, language)`), where shown, and a note in place
    of its output; "" when it shows neither."""
    context = str(cell.options.get("context", "interactive"))  # webR's and Pyodide's: setup cells are hidden
    if not options.include or context == "setup":
        return ""
    shows_code = context != "output" and (cell.language in EDITORS or options.echo is not False)
    code = f'<div class="cell-code">{highlight(cell.source, SHOWN_AS.get(cell.language, "python"))}</div>' if shows_code else ""
    note = ""
    if options.output is not False and options.eval is not False:
        what = html.escape(f"{BROWSER_ENGINES[cell.language]} output")
        note = (f'<div class="cell-output cell-output-browser" role="note"><p><strong>{what}</strong> '
                "runs in the browser in Quarto and is not part of this deck.</p></div>")
    if not code and not note:
        return ""
    return f'<div class="cell cell-browser" data-engine="{html.escape(cell.language)}">{code}{note}</div>'
