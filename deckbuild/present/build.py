"""What one build of the deck tells the live side: the deck, its cells and how to render outputs."""

from __future__ import annotations

from dataclasses import dataclass, field

from deckbuild.config import ExecutorConfig
from deckbuild.model import Deck
from deckbuild.present.cells import PlannedCell
from deckbuild.present.outputs import OutputHTML


@dataclass(frozen=True, slots=True)
class Build:
    deck: Deck
    executors: dict[str, ExecutorConfig]
    """The deck's `executors:`, with `--gateway`'s when given."""
    cells: list[PlannedCell]
    """Every cell in deck order: what the warm-up runs."""
    html: OutputHTML
    live: dict[str, PlannedCell] = field(default_factory=dict)
    """The live cells by id."""
