"""What `execute_deck` tells its `progress` callable, in the order it happens."""

from __future__ import annotations

from dataclasses import dataclass, field

from deckbuild.errors import DeckError
from deckbuild.model import Cell


@dataclass(slots=True)
class ExecutionReport:
    """What execution did, for the summary line and for callers."""

    cells_run: int = 0
    cells_cached: int = 0
    cells_missing: int = 0
    """Cells shown without outputs: not run (`--no-execute`) and not in the cache."""
    seconds: float = 0.0
    warnings: list[DeckError] = field(default_factory=list)
    """What execution noticed without stopping (an unreadable cache entry, a gateway out of reach)."""


@dataclass(slots=True)
class BatchStarted:
    executor: str
    kernel: str
    cells: int
    cached: bool
    """True when every cell of the batch comes from the cache: no kernel is started."""


@dataclass(slots=True)
class CellStarted:
    executor: str
    index: int
    """1-based position among all the cells being run or read."""
    total: int
    cell: Cell


@dataclass(slots=True)
class Finished:
    report: ExecutionReport


Event = BatchStarted | CellStarted | Finished
