"""An executable cell → HTML. (Minimal: code only; the execution work renders outputs.)"""

from __future__ import annotations

from deckbuild.model import Cell, Deck
from deckbuild.rendering.highlight import highlight
from deckbuild.rendering.markdown import MarkdownRenderer


def render_cell(cell: Cell, deck: Deck, markdown: MarkdownRenderer) -> str:
    if cell.options.get("include") is False or cell.options.get("echo", deck.config.execute.echo) is False:
        return ""
    code = highlight(cell.source, cell.language, cell.options.get("code-line-numbers"))
    return f'<div class="cell" data-language="{cell.language}">{code}</div>\n'
