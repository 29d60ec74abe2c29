"""Everything `present` keeps for the whole talk: the kernels, the event stream, the live runs,
and what the last build said about the deck's cells.

The build loop calls `prepare` on each freshly executed deck (before it is rendered): it marks
the live cells and takes note of every cell, so a rebuild after the source was edited changes
the slides and the cells that Run sends, and nothing else: kernels and their state stay.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from deckbuild.execute.base import CellRun
from deckbuild.execute.batch import make_batches
from deckbuild.execute.cache import CacheStore
from deckbuild.execute.events import (
    BatchStarted,
    CellStarted,
    Event,
    ExecutionReport,
    Finished,
)
from deckbuild.execute.run import deck_cache_key
from deckbuild.model import Cell, Deck
from deckbuild.options import Overrides
from deckbuild.present import cells
from deckbuild.present.events import EventBus
from deckbuild.present.kernels import KernelPool, Unavailable, WarmKernel, key_of
from deckbuild.present.outputs import OutputHTML
from deckbuild.present.runs import LiveRuns

Progress = Callable[[Event], None]


class Session:
    def __init__(self, overrides: Overrides, notice: Callable[[str], None]) -> None:
        self.overrides = overrides
        """The command line's: `--gateway` adds an executor to the deck's."""
        self.notice = notice
        """Says what the warm-up and restarts noticed (a cell that failed, a gateway out of reach)."""
        self.bus = EventBus()
        self.pool = KernelPool(self._kernels_changed)
        self.runs = LiveRuns(self.pool, self.bus, self.current)
        self._build: cells.Build | None = None

    def current(self) -> cells.Build:
        if self._build is None:
            raise LookupError("the deck has not been built yet")
        return self._build

    def prepare(self, deck: Deck) -> None:
        """The `build_page` hook: note the executed deck's cells, mark the live ones on their slides."""
        from deckbuild.pipeline import gateway_executor

        executors = dict(deck.config.executors)
        if (gateway := gateway_executor(deck, self.overrides)) is not None:
            executors[gateway.name] = gateway
        planned = cells.plan(deck)
        live = cells.live(planned)
        cells.mark(deck, live)
        for item in planned:  # every executor the deck uses shows in the speaker view from the start
            if item.options.eval or item.options.live:
                self.pool.kernel(deck, executors, item.cell, item.options)
        self._build = cells.Build(deck, executors, planned, OutputHTML(deck), {item.id: item for item in live})
        self._kernels_changed()

    def snapshot(self) -> dict[str, Any]:
        """What a page that connects now needs to show what the others show."""
        return {"cells": self.runs.snapshot(), "kernels": self._kernel_states()}

    def warm(self, progress: Progress, store: CacheStore | None, *, refresh: bool = False) -> bool:
        """Run every cell in deck order in the warm kernels, so the talk's state is ready.
        With a `store`, a kernel's cells that the cache lacks (all, with `refresh`) are saved as
        `render` would save them; returns whether any were (the page is then rebuilt to show them)."""
        started = time.perf_counter()
        build = self.current()
        batches = make_batches([(p.cell, p.options) for p in build.cells])
        report, total, saved = ExecutionReport(), sum(len(b.cells) for b in batches), False
        for batch in batches:
            progress(BatchStarted(batch.executor, batch.kernel_id, len(batch.cells), False))
            kernel = self.pool.kernel(build.deck, build.executors, *batch.cells[0])
            runs = self._replay(kernel, build.deck, batch.cells, progress, report, total)
            if kernel.fell_back:
                self.notice(f"{kernel.fallback_reason}; its cells run on this machine (fallback: local)")
            key = batch.key(deck_cache_key(build.deck))
            if store is not None and len(runs) == len(batch.cells) and batch.cacheable \
                    and (refresh or store.lookup(batch, key) is None):
                store.save(batch, key, runs)
                saved = True
        report.seconds = time.perf_counter() - started
        progress(Finished(report))
        return saved

    def restart(self, name: str) -> bool:
        """A fresh kernel for executor `name`, its cells run again in order; False if unknown."""
        kernels = self.pool.find(name)
        for kernel in kernels:
            threading.Thread(target=self._restart, args=(kernel,), name=f"present-restart-{name}",
                             daemon=True).start()
        return bool(kernels)

    def close(self) -> None:
        self.bus.close()
        self.pool.close()

    def _restart(self, kernel: WarmKernel) -> None:
        build = self.current()
        mine = [(p.cell, p.options) for p in build.cells if p.options.eval and key_of(p.cell, p.options) == kernel.key]
        kernel.close()  # a cell stuck in the old kernel ends now and lets go of the lock
        with kernel.lock:
            kernel.restart()
        report = ExecutionReport()
        self._replay(kernel, build.deck, mine, lambda event: None, report, len(mine))
        self.notice(f"executor `{kernel.name}` restarted; {report.cells_run} of its {len(mine)} cells run again")

    def _replay(self, kernel: WarmKernel, deck: Deck, batch: list[tuple[Cell, Any]], progress: Progress,
                report: ExecutionReport, total: int) -> list[CellRun]:
        """Run `batch` in `kernel`, in order, until one fails (later cells need its state)."""
        runs: list[CellRun] = []
        with kernel.lock:
            for cell, options in batch:
                progress(CellStarted(kernel.name, report.cells_run + 1, total, cell))
                try:
                    run = kernel.run(cell, options)
                except Unavailable as exc:
                    self.notice(f"{exc}; its cells were not run")
                    return runs
                report.cells_run += 1
                failure = next((o for o in run.outputs if o.output_type == "error"), None)
                if failure is not None and not options.error:
                    where = f'{deck.path.name}:{cell.line}: cell on slide {cell.slide}'
                    self.notice(f"{where} raised {failure.ename}: {failure.evalue}; executor `{kernel.name}` "
                                "ran its cells up to there")
                    return runs
                runs.append(run)
        return runs

    def _kernels_changed(self) -> None:
        self.bus.publish("kernels", {"kernels": self._kernel_states()})

    def _kernel_states(self) -> list[dict[str, str]]:
        return [asdict(state) for state in self.pool.states()]
