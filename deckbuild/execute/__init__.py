"""Execution: run a deck's code cells in Jupyter kernels, through a cache.

The pipeline calls one function, `execute_deck`. Executors (`Executor`) are the seam for
other ways of running cells: `LocalExecutor` (a kernel here), `CachingExecutor` (wraps any
other), `FakeExecutor` (tests). Nothing here imports jupyter_client until a
kernel is actually needed, and the names below load on first use, so the CLI importing
`deckbuild.execute.cli_options` costs nothing for a deck without code.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deckbuild.execute.base import CellRun as CellRun
    from deckbuild.execute.base import Executor as Executor
    from deckbuild.execute.base import ExecutorError as ExecutorError
    from deckbuild.execute.events import ExecutionReport as ExecutionReport
    from deckbuild.execute.fake import FakeExecutor as FakeExecutor
    from deckbuild.execute.run import ExecutorSpec as ExecutorSpec
    from deckbuild.execute.run import execute_deck as execute_deck
    from deckbuild.execute.run import resolve_cells as resolve_cells

_HOMES = {
    "CellRun": "base",
    "ExecutionReport": "events",
    "Executor": "base",
    "ExecutorError": "base",
    "ExecutorSpec": "run",
    "FakeExecutor": "fake",
    "execute_deck": "run",
    "resolve_cells": "run",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"deckbuild.execute.{_HOMES[name]}"), name)
