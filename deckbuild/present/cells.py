"""The deck's live cells: which they are, where they run, and the marker each gets on its slide;
what one build tells the live side (`Build`).

A cell is live when its options say `live: true` (its own `#|` line, or `execute: live:` for
the deck). `present` puts a marker right before each one in the slide's block tree: a
`<script type="application/json" class="deckbuild-live">` holding its id, source and
executor, which the page's client turns into the Run, Stop and Reset controls and the editor.
The marker is added to the deck that `present` renders, never to `render`'s or `pdf`'s, so
those stay byte for byte what they were. An id is the cell's place among all the deck's cells
(`cell-3`): stable across rebuilds as long as no cell is added before it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from deckbuild.config import ExecutorConfig
from deckbuild.model import Block, Cell, Deck, Div, RawBlock
from deckbuild.options import CellOptions
from deckbuild.present.outputs import OutputHTML

MARKER_CLASS = "deckbuild-live"


@dataclass(frozen=True, slots=True)
class PlannedCell:
    """One of the deck's cells with its effective options, as execution sees it."""

    id: str
    cell: Cell
    options: CellOptions


@dataclass(frozen=True, slots=True)
class Build:
    """What one build of the deck tells the live side: the deck, its cells and how to render outputs."""

    deck: Deck
    executors: dict[str, ExecutorConfig]
    """The deck's `executors:`, with `--gateway`'s when given."""
    cells: list[PlannedCell]
    """Every cell in deck order: what the warm-up runs."""
    html: OutputHTML
    live: dict[str, PlannedCell] = field(default_factory=dict)
    """The live cells by id."""


def plan(deck: Deck) -> list[PlannedCell]:
    """Every cell in deck order, with the options the execution stage resolved on it
    (`--kernel` and `--gateway` included)."""
    planned = []
    for index, cell in enumerate(deck.cells()):
        assert cell.resolved is not None, "the execution stage resolves every cell's options"
        planned.append(PlannedCell(f"cell-{index}", cell, cell.resolved))
    return planned


def live(planned: list[PlannedCell]) -> list[PlannedCell]:
    """The cells that get a Run control: `live: true` and shown on a slide."""
    return [p for p in planned if p.options.live and p.options.include]


def mark(deck: Deck, cells: list[PlannedCell]) -> None:
    """Put each live cell's marker right before it, wherever it sits in its slide."""
    markers = {id(p.cell): p for p in cells}
    for blocks in _block_lists(deck):
        for index in reversed(range(len(blocks))):
            block = blocks[index]
            if isinstance(block, Cell) and id(block) in markers:
                blocks.insert(index, RawBlock("html", marker(markers[id(block)]), block.line))


def marker(planned: PlannedCell) -> str:
    description = {
        "id": planned.id,
        "source": planned.cell.source,
        "language": planned.cell.language,
        "executor": planned.options.executor,
        "editable": planned.options.show_code,
    }
    text = json.dumps(description).replace("</", "<\\/").replace("<!--", "<\\!--")
    return f'<script type="application/json" class="{MARKER_CLASS}">{text}</script>'


def _block_lists(deck: Deck) -> Iterator[list[Block]]:
    """Every list of blocks in the deck, slides' bodies and divs' children, without recursion."""
    pending = [slide.body for slide in deck.slides]
    while pending:
        blocks = pending.pop()
        yield blocks
        pending.extend(block.children for block in blocks if isinstance(block, Div))
