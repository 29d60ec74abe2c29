"""Cells grouped by where they run: one batch per executor and kernel, in deck order.

A batch is the unit of caching: cells share a kernel's state, so a batch's cache key covers
every cell in it, in order, and a change anywhere re-runs the whole batch.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from deckbuild.model import BROWSER_ENGINES, Cell
from deckbuild.options import CellOptions

CACHE_FORMAT = 1
"""Bump when what a kernel is sent changes (the figure set-up, say), to invalidate caches."""


@dataclass(slots=True)
class Batch:
    executor: str
    """`local`, or a name from the deck's `executors:`."""
    kernel: str | None
    """The kernel asked for by name, or None to choose one by `language`."""
    language: str
    cells: list[tuple[Cell, CellOptions]] = field(default_factory=list)

    @property
    def kernel_id(self) -> str:
        """What the cache knows the kernel as; a language, not a path, so caches travel."""
        return self.kernel or f"lang:{self.language}"

    @property
    def slug(self) -> str:
        return re.sub(r"[^\w.-]+", "_", f"{self.executor}.{self.kernel or self.language}")

    @property
    def cacheable(self) -> bool:
        return all(options.cache for _, options in self.cells)

    def cell_hashes(self) -> list[str]:
        return [cell_hash(cell, options) for cell, options in self.cells]

    def key(self, deck_options: dict[str, Any]) -> str:
        """Everything that can change what this batch's kernel produces."""
        parts = {
            "format": CACHE_FORMAT,
            "executor": self.executor,
            "kernel": self.kernel_id,
            "deck": deck_options,
            "cells": self.cell_hashes(),
        }
        return _digest(parts)


def cell_hash(cell: Cell, options: CellOptions) -> str:
    return _digest([cell.language, cell.source, options.execution_key()])


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def make_batches(plan: list[tuple[Cell, CellOptions]]) -> list[Batch]:
    """The cells to run (`eval: true`), by executor and kernel, keeping deck order."""
    batches: dict[tuple[str, str | None, str], Batch] = {}
    for cell, options in plan:
        language = cell.language.lower()
        if not options.eval or language in BROWSER_ENGINES:  # run by the reader's browser in Quarto, never here
            continue
        kernel = options.kernel
        where = (options.executor, kernel, "" if kernel else language)
        batch = batches.setdefault(where, Batch(options.executor, kernel, language))
        batch.cells.append((cell, options))
    return list(batches.values())
