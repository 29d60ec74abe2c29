"""The execution cache: one plain JSON file per deck, executor and kernel.

Files live under `.deckbuild/cache/<deck file name>/` beside the deck (or `--cache-dir`).
They hold the cells' sources and outputs in nbformat's shape, so they can be read, diffed
and committed ("freeze"): another machine then renders the deck without running it. Writes
go to a temporary file that is renamed, so a crash never leaves half an entry; an entry that
does not parse is reported and rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from deckbuild.errors import DeckError
from deckbuild.execute.base import CellRun, Executor
from deckbuild.execute.batch import CACHE_FORMAT, Batch, cell_hash
from deckbuild.execute.nbjson import output_from_json, output_to_json
from deckbuild.model import Cell
from deckbuild.options import CellOptions
from deckbuild.writing import atomic_write


class CacheStore:
    def __init__(self, folder: Path, deck_name: str, warn: Callable[[DeckError], None]) -> None:
        self.folder = folder / deck_name
        self.warn = warn

    def path(self, batch: Batch) -> Path:
        return self.folder / f"{batch.slug}.json"

    def load(self, batch: Batch) -> dict[str, Any] | None:
        """The batch's entry as stored (whatever its key), or None if absent or unreadable."""
        path = self.path(batch)
        try:
            entry: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            _check(entry)
            return entry
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.warn(DeckError(f"unreadable cache entry ({exc}); ignoring it, it will be rebuilt", path=path))
            return None

    def lookup(self, batch: Batch, key: str) -> list[CellRun] | None:
        """The batch's runs if the stored key matches and there is one per cell: a cache hit."""
        entry = self.load(batch)
        if entry is None or entry["key"] != key:
            return None
        if len(entry["cells"]) != len(batch.cells):
            self.warn(DeckError(f"cache entry holds {len(entry['cells'])} cells for {len(batch.cells)}; "
                                "ignoring it, it will be rebuilt", path=self.path(batch)))
            return None
        return [_run(cell) for cell in entry["cells"]]

    def by_cell(self, batch: Batch) -> dict[str, CellRun]:
        """Stored runs by cell hash, whatever the key: for `--no-execute`."""
        entry = self.load(batch)
        return {cell["hash"]: _run(cell) for cell in entry["cells"]} if entry else {}

    def save(self, batch: Batch, key: str, runs: list[CellRun]) -> None:
        entry = {
            "deckbuild-cache": CACHE_FORMAT,
            "executor": batch.executor,
            "kernel": batch.kernel_id,
            "key": key,
            "cells": [
                {
                    "hash": cell_hash(cell, options),
                    "line": cell.line,
                    "source": cell.source,
                    "execution_count": run.execution_count,
                    "outputs": [output_to_json(output) for output in run.outputs],
                }
                for (cell, options), run in zip(batch.cells, runs, strict=True)
            ],
        }
        try:
            atomic_write(self.path(batch), json.dumps(entry, indent=1, ensure_ascii=False) + "\n")
        except OSError as exc:  # a read-only checkout still renders; it just runs again next time
            self.warn(DeckError(f"cannot write the cache ({exc.strerror or exc}); the deck renders, but its cells "
                                "run again next time", path=self.path(batch),
                                fix="make the folder writable or pass --cache-dir"))


def _check(entry: Any) -> None:
    if not isinstance(entry, dict) or entry.get("deckbuild-cache") != CACHE_FORMAT:
        raise ValueError("not a deckbuild cache entry of this version")
    if not isinstance(entry["key"], str) or not isinstance(entry["cells"], list):
        raise ValueError("malformed entry")
    for cell in entry["cells"]:
        _run(cell)


def _run(cell: dict[str, Any]) -> CellRun:
    return CellRun([output_from_json(o) for o in cell["outputs"]], cell.get("execution_count"))


class CachingExecutor(Executor):
    """Answers a batch from the cache when its key matches; otherwise starts the wrapped
    executor on the first `run`, and stores every run when the batch completes cleanly."""

    def __init__(
        self,
        inner: Callable[[], Executor],
        store: CacheStore,
        batch: Batch,
        key: str,
        *,
        read: bool = True,
    ) -> None:
        self.name = batch.executor
        self._factory, self._store, self._batch, self._key = inner, store, batch, key
        self._cached = store.lookup(batch, key) if read else None
        self._inner: Executor | None = None
        self._runs: list[CellRun] = []

    @property
    def hit(self) -> bool:
        return self._cached is not None

    def run(self, cell: Cell, options: CellOptions) -> CellRun:
        position = len(self._runs)
        if self._cached is not None:
            result = self._cached[position]
        else:
            self._inner = self._inner or self._factory()
            result = self._inner.run(cell, options)
        self._runs.append(result)
        return result

    def close(self) -> None:
        inner, self._inner = self._inner, None
        if inner is not None:
            inner.close()

    def __exit__(self, exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        try:
            complete = len(self._runs) == len(self._batch.cells)
            if exc_type is None and not self.hit and complete:
                self._store.save(self._batch, self._key, self._runs)
        finally:
            self.close()
