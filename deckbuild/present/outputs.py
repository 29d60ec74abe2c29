"""A live run's outputs as HTML, made as a built deck makes them (rendering/outputs.py), and
sent to the page as changes only.

The server renders, the browser only inserts: a streamed line, an image or an HTML table look
exactly as on a built slide. Each render of a run's outputs gives a list of blocks (one per
output shown, consecutive stream chunks merged); `Blocks.changes` says which differ from what
was last sent, so a training loop's thousandth line does not send its image again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from deckbuild.model import Deck, Output
from deckbuild.options import CellOptions
from deckbuild.rendering.deck_maths import DeckMaths
from deckbuild.rendering.drawings import Drawing
from deckbuild.rendering.libraries import Libraries
from deckbuild.rendering.markdown import InlineContext, MarkdownRenderer
from deckbuild.rendering.math_syntax import markdown_syntax
from deckbuild.rendering.mathjax_config import deck_macros
from deckbuild.rendering.outputs import OutputContext, render_outputs
from deckbuild.rendering.resources import Resources
from deckbuild.rendering.sinks import InlineSink


class StaticLibraries(Libraries):
    """A live output cannot bring a library the page lacks: drawings show their static version."""

    def supply(self, drawing: Drawing) -> str | None:
        return f"a live {drawing.library} output is drawn from its static version"


class OutputHTML:
    """Renders outputs for one build of the deck; safe to call from several runs' threads."""

    def __init__(self, deck: Deck) -> None:
        resources = Resources(deck.path, InlineSink(), deck.config.resource_path)
        self._maths = DeckMaths(deck_macros(deck.config, resources))
        self._markdown = MarkdownRenderer(InlineContext(resources=resources, math=self._maths),
                                          syntax=markdown_syntax(deck.config))
        self._lock = threading.Lock()

    def blocks(self, outputs: list[Output], options: CellOptions, line: int) -> list[str]:
        """One HTML block per output shown. Errors always show: the presenter needs to see them."""
        context = OutputContext(lambda text: self._markdown.render(text, line), self._maths,
                                libraries=StaticLibraries())
        with self._lock:
            return [self._maths.resolve(html) for html in render_outputs(outputs, options, context)]


@dataclass(slots=True)
class Blocks:
    """What the browsers were last sent for one run."""

    sent: list[str] = field(default_factory=list)

    def changes(self, blocks: list[str]) -> tuple[list[tuple[int, str]], int]:
        """(index, HTML) of each block that is new or changed, and how many blocks there are now."""
        changed = [(i, html) for i, html in enumerate(blocks) if i >= len(self.sent) or self.sent[i] != html]
        self.sent = list(blocks)
        return changed, len(blocks)
