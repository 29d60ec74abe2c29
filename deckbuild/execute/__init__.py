"""Execution: run a deck's code cells in Jupyter kernels, through a cache.

The pipeline calls one function, `execute_deck`. Executors (`Executor`) are the seam for
other ways of running cells: `LocalExecutor` (a kernel here), `CachingExecutor` (wraps any
other), `FakeExecutor` (tests). Nothing here imports jupyter_client or nbclient until a
kernel is actually needed.
"""

from __future__ import annotations

from deckbuild.execute.base import CellRun, Executor, ExecutorError
from deckbuild.execute.events import ExecutionReport
from deckbuild.execute.fake import FakeExecutor
from deckbuild.execute.options import CellOptions, resolve_options
from deckbuild.execute.run import ExecutorSpec, execute_deck

__all__ = [
    "CellOptions",
    "CellRun",
    "ExecutionReport",
    "Executor",
    "ExecutorError",
    "ExecutorSpec",
    "FakeExecutor",
    "execute_deck",
    "resolve_options",
]
