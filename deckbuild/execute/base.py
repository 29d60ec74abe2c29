"""The executor interface: the one seam every way of running cells plugs into.

An executor runs one cell at a time, in deck order, in one kernel that it owns. It is a
context manager so the kernel is always shut down, on success, on a cell error and on Ctrl-C.
Starting the kernel is the executor's business and happens lazily, on the first `run`, so a
caching wrapper that answers everything from disk never starts one.

    ExecutorError          raised by executors; the pipeline adds the cell's place in the deck
     ├── KernelNotFound    no kernel of that name or language is installed
     ├── KernelDied        the kernel process went away during a cell
     ├── CellTimeout       a cell ran longer than its `timeout` (the kernel was interrupted)
     └── GatewayError      a remote executor's gateway failed (named with its URL, never its token)
          ├── GatewayUnavailable  it cannot be reached, or its variables are unset: `fallback` applies
          └── GatewayRejected     it refused the token (HTTP 401/403)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

from deckbuild.model import Cell, Output
from deckbuild.options import CellOptions

Listener = Callable[[list[Output]], None]
"""Hears a running cell's outputs so far, each time they change (see `messages.Listener`)."""


@dataclass(slots=True)
class CellRun:
    """What running one cell gave."""

    outputs: list[Output] = field(default_factory=list)
    execution_count: int | None = None


class Executor(ABC):
    """Runs cells in one kernel; subclasses implement `run`, and `close` if they hold one."""

    name: str = "local"
    """The executor's name in the deck (`local`, or a key of `executors:`)."""

    @abstractmethod
    def run(self, cell: Cell, options: CellOptions) -> CellRun:
        """Run one cell and return its outputs. A cell that raises is *not* an exception here:
        its `error` output comes back and the caller decides (`error: true` or fail)."""

    def stream(self, cell: Cell, options: CellOptions, listener: Listener) -> CellRun:
        """`run`, telling `listener` about the outputs as they arrive. Executors whose kernel
        talks as it goes override this; others tell it once, at the end."""
        result = self.run(cell, options)
        listener(result.outputs)
        return result

    def interrupt(self) -> None:  # noqa: B027 - optional: only executors with a kernel of their own interrupt it
        """Interrupt the cell running now; called from another thread than `run`'s. Executors
        without a kernel of their own have nothing to interrupt."""

    def close(self) -> None:  # noqa: B027 - optional: only executors that hold a kernel close one
        """Release the kernel, if one was started. Must be safe to call twice."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ExecutorError(Exception):
    """A failure of the kernel rather than of the user's code."""


class KernelNotFound(ExecutorError):
    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.fix = fix
        """What to install or choose, when the executor knows better than "install it"."""


class KernelDied(ExecutorError):
    pass


class CellTimeout(ExecutorError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


class GatewayError(ExecutorError):
    status: int | None = None
    """The HTTP status the gateway answered with; None when it did not answer."""


class GatewayUnavailable(GatewayError):
    """Raised only before the executor has run anything, so the deck's `fallback` can apply."""


class GatewayRejected(GatewayError):
    pass
