"""Execution progress on stderr: a bar on a terminal, one line per executor elsewhere (CI
logs), and one summary line at the end. rich is imported only for the terminal bar.

    with ProgressReporter() as progress:
        execute_deck(deck, progress=progress)
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, TextIO

from deckbuild.execute.events import BatchStarted, CellStarted, Event, ExecutionReport, Finished
from deckbuild.model import Cell


class ProgressReporter:
    """A `progress` callable for `execute_deck`; `enabled=False` (`--quiet`) prints nothing."""

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty() if tty is None else tty
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, event: Event) -> None:
        if not self.enabled:
            return
        if isinstance(event, BatchStarted):
            self._batch(event)
        elif isinstance(event, CellStarted):
            self._cell(event)
        elif isinstance(event, Finished):
            self.close()
            self._print(summary(event.report))

    def _batch(self, event: BatchStarted) -> None:
        kernel = event.kernel.removeprefix("lang:")
        cells = _count(event.cells, "cell")
        if event.cached:
            self._print(f"{cells} on {event.executor} ({kernel}) from the cache")
        elif not self.tty:
            self._print(f"executing {cells} on {event.executor} ({kernel})")

    def _cell(self, event: CellStarted) -> None:
        if not self.tty:
            return
        if self._bar is None:
            self._start_bar(event.total)
        self._bar.update(self._task, completed=event.index - 1, description=self.describe(event))

    def describe(self, event: CellStarted) -> str:
        """The bar's text while a cell runs: `local: cell 3/12, notebook cell 5 on slide 2`."""
        return f"{event.executor}: cell {event.index}/{event.total}, {place(event.cell)}"

    def _start_bar(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=self.stream, force_terminal=True)
        self._bar = Progress(
            TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console, transient=True
        )
        self._bar.start()
        self._task = self._bar.add_task("", total=total)

    def _print(self, line: str) -> None:
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        bar, self._bar = self._bar, None
        if bar is not None:
            bar.stop()

    def __enter__(self) -> ProgressReporter:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def place(cell: Cell) -> str:
    """How the bar names the cell running: a notebook's by its cell number, others by slide (or line)."""
    if cell.number:
        return f"notebook cell {cell.number}" + (f" on slide {cell.slide}" if cell.slide else "")
    return f"slide {cell.slide}" if cell.slide else f"line {cell.line}"


def summary(report: ExecutionReport) -> str:
    """`executed 12 cells, 3 from cache, in 4.2 s`."""
    parts = [f"executed {_count(report.cells_run, 'cell')}", f"{report.cells_cached} from cache"]
    if report.cells_missing:
        parts.append(f"{report.cells_missing} without outputs (not executed, not cached)")
    return ", ".join(parts) + f", in {report.seconds:.1f} s"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
