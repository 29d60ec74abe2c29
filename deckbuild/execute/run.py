"""`execute_deck`: run a deck's cells, batch by batch, through the cache, and fill in outputs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from deckbuild.config import ExecutorConfig
from deckbuild.errors import DeckError, ExecutionError
from deckbuild.execute.base import (
    CellRun,
    CellTimeout,
    Executor,
    ExecutorError,
    GatewayUnavailable,
    KernelDied,
    KernelNotFound,
)
from deckbuild.execute.batch import Batch, make_batches
from deckbuild.execute.cache import CacheStore, CachingExecutor
from deckbuild.execute.endpoint import printable
from deckbuild.execute.events import (
    BatchStarted,
    CellStarted,
    Event,
    ExecutionReport,
    Finished,
)
from deckbuild.model import Cell, Deck
from deckbuild.options import CellOptions, resolve_options
from deckbuild.rendering.ansi import strip_ansi

Progress = Callable[[Event], None]


@dataclass(slots=True)
class ExecutorSpec:
    """What an executor factory is told: enough to start (lazily) the right kernel."""

    name: str
    kernel: str | None
    language: str
    cwd: Path
    config: ExecutorConfig | None
    """The deck's `executors:` entry for a remote executor; None for `local`."""
    secrets: frozenset[str] = frozenset()
    """Environment variables holding gateway tokens: a local kernel never sees them."""


ExecutorFactory = Callable[[ExecutorSpec], Executor]


def default_executor(spec: ExecutorSpec) -> Executor:
    """`local` runs a kernel here; a named executor runs one on its kernel gateway."""
    if spec.config is None:
        from deckbuild.execute.local import LocalExecutor

        return LocalExecutor(kernel=spec.kernel, language=spec.language, cwd=spec.cwd, name=spec.name,
                             hidden_env=spec.secrets)
    from deckbuild.execute.gateway import GatewayExecutor

    return GatewayExecutor(spec.config, cwd=spec.cwd)


def executor_spec(deck: Deck, executors: dict[str, ExecutorConfig], batch: Batch) -> ExecutorSpec:
    """What starts the kernel `batch` runs in; an executor the deck does not declare is a
    mistake at the batch's first cell."""
    config = None
    if batch.executor != "local":
        config = executors.get(batch.executor)
        if config is None:
            cell = batch.cells[0][0]
            known = ", ".join(["local", *executors])
            raise DeckError(f"unknown executor `{batch.executor}`", path=deck.path, line=cell.line,
                            fix=f"name one of: {known} (declare others under `executors:`)")
    secrets = frozenset(c.token_env for c in executors.values() if c.token_env)
    return ExecutorSpec(batch.executor, batch.kernel, batch.language, deck.path.parent.resolve(), config, secrets)


def deck_cache_key(deck: Deck) -> dict[str, Any]:
    """The deck-wide settings in every batch's cache key."""
    return {"eval": deck.config.execute.eval, "error": deck.config.execute.error}


def execute_deck(
    deck: Deck,
    *,
    execute: bool = True,
    use_cache: bool = True,
    refresh: bool = False,
    cache_dir: Path | None = None,
    kernel: str | None = None,
    progress: Progress | None = None,
    make_executor: ExecutorFactory | None = None,
    gateway: ExecutorConfig | None = None,
) -> ExecutionReport:
    """Fill every cell's `outputs` and `execution_count` in place.

    With `execute=False`, cells get the cached outputs that match them, and cells that already
    have outputs (a notebook's stored ones) keep them. A cell that raises stops everything with
    an `ExecutionError` unless it has `error: true`. `gateway` (`--gateway URL`) sends every
    cell to that gateway, as the executor named `gateway.name`, with a cache of its own.
    """
    started = time.perf_counter()
    report = ExecutionReport()
    notify = progress or (lambda event: None)

    plan = resolve_cells(deck, kernel=kernel, gateway=gateway)
    executors = dict(deck.config.executors)
    if gateway is not None:
        executors[gateway.name] = gateway
    batches = make_batches(plan)
    if execute:
        for cell, options in plan:
            if not options.eval:
                cell.outputs, cell.execution_count = [], None
    if not batches:
        return report
    store = CacheStore(cache_dir or deck.path.parent / ".deckbuild" / "cache", deck.path.name, report.warnings.append)
    runner = _Runner(deck, executors, store, report, notify, make_executor or default_executor)
    runner.total = sum(len(batch.cells) for batch in batches)
    for batch in batches:
        if execute:
            runner.run(batch, use_cache=use_cache, refresh=refresh)
        elif use_cache:
            runner.fill_from_cache(batch)
        else:
            report.cells_missing += sum(1 for cell, _ in batch.cells if not cell.outputs)
    report.seconds = time.perf_counter() - started
    notify(Finished(report))
    return report


def resolve_cells(deck: Deck, *, kernel: str | None = None, gateway: ExecutorConfig | None = None,
                  ) -> list[tuple[Cell, CellOptions]]:
    """Every cell's effective options, stored on it (`Cell.resolved`) for rendering; `kernel`
    (`--kernel`) over the deck's, and `gateway` (`--gateway`) as every cell's executor. An
    unknown option is one of the deck's warnings, said the first time its cell is resolved."""
    defaults = replace(deck.config.execute, kernel=kernel) if kernel else deck.config.execute
    plan = []
    for cell in deck.cells():
        warn = deck.config.warnings.append if cell.resolved is None else None
        options = resolve_options(cell, defaults, path=deck.path, warn=warn)
        cell.resolved = replace(options, executor=gateway.name) if gateway is not None else options
        plan.append((cell, cell.resolved))
    return plan


class _Runner:
    def __init__(self, deck: Deck, executors: dict[str, ExecutorConfig], store: CacheStore,
                 report: ExecutionReport, notify: Progress, make: ExecutorFactory) -> None:
        self.deck, self.executors, self.store, self.report, self.make = deck, executors, store, report, make
        self.notify = notify
        self.deck_key = deck_cache_key(deck)
        self.done = self.total = 0

    def run(self, batch: Batch, *, use_cache: bool, refresh: bool) -> None:
        done = self.done
        spec = self._spec(batch)
        try:
            self._run(batch, self._executor(batch, spec, use_cache=use_cache, refresh=refresh))
        except GatewayUnavailable as exc:  # raised before the batch ran anything
            self.done = done
            self._fall_back(batch, spec, exc, use_cache=use_cache, refresh=refresh)

    def _run(self, batch: Batch, executor: Executor) -> None:
        cached = isinstance(executor, CachingExecutor) and executor.hit
        self.notify(BatchStarted(batch.executor, batch.kernel_id, len(batch.cells), cached))
        with executor:
            for cell, options in batch.cells:
                self.done += 1
                self.notify(CellStarted(batch.executor, self.done, self.total, cell))
                self._apply(cell, options, self._run_cell(executor, batch, cell, options))
        if cached:
            self.report.cells_cached += len(batch.cells)
        else:
            self.report.cells_run += len(batch.cells)

    def _executor(self, batch: Batch, spec: ExecutorSpec, *, use_cache: bool, refresh: bool) -> Executor:
        if not (use_cache and batch.cacheable):
            return self.make(spec)
        key = batch.key(self.deck_key)
        return CachingExecutor(lambda: self.make(spec), self.store, batch, key, read=not refresh)

    def _spec(self, batch: Batch) -> ExecutorSpec:
        return executor_spec(self.deck, self.executors, batch)

    def _fall_back(self, batch: Batch, spec: ExecutorSpec, exc: GatewayUnavailable, *, use_cache: bool,
                   refresh: bool) -> None:
        """The deck's `fallback:` for a gateway that cannot be reached: the cache, local, or fail."""
        policy = spec.config.fallback if spec.config else "error"
        first = batch.cells[0][0]
        if policy == "local":
            self._warn(f"{exc}; running its {_count(len(batch.cells))} on the local kernel (fallback: local)")
            local = replace(batch, executor=f"{batch.executor}@local")  # cached apart from the gateway's
            local_spec = replace(spec, name=local.executor, config=None)
            self._run(local, self._executor(local, local_spec, use_cache=use_cache, refresh=refresh))
            return
        stored = self.store.by_cell(batch) if policy == "cache" and use_cache else {}
        if not stored:
            why = ("fallback: error" if policy == "error" else "no cached outputs to show instead (fallback: cache)"
                   if use_cache else "--no-cache forbids showing cached outputs instead")
            fix = "start the gateway (or its SSH tunnel), or set `fallback: local` to run these cells here"
            raise self._error(first, f"{exc}; {why}", fix=fix)
        missing = self.fill_from_cache(batch)
        note = f"; {_count(missing)} without outputs (changed since cached)" if missing else ""
        self._warn(f"{exc}; showing its {_count(len(batch.cells))} from the cache (fallback: cache){note}")

    def _warn(self, message: str) -> None:
        self.report.warnings.append(DeckError(message))

    def _run_cell(self, executor: Executor, batch: Batch, cell: Cell, options: CellOptions) -> CellRun:
        try:
            return executor.run(cell, options)
        except GatewayUnavailable:
            raise  # fallback is decided per batch, by `run`
        except KernelNotFound as exc:
            fix = exc.fix or "install it, or choose one with `execute: kernel:` or --kernel"
            raise self._error(cell, str(exc), fix=fix) from exc
        except CellTimeout as exc:
            raise self._error(cell, f"{_name(cell)} {exc}; the kernel was interrupted",
                              fix="raise the cell's `timeout:` or make it faster") from exc
        except KernelDied as exc:
            raise self._error(cell, f"the kernel died while running the {_name(cell)}", details=str(exc)) from exc
        except ExecutorError as exc:
            raise self._error(cell, str(exc)) from exc

    def _apply(self, cell: Cell, options: CellOptions, result: CellRun) -> None:
        cell.outputs, cell.execution_count = list(result.outputs), result.execution_count
        failure = next((o for o in result.outputs if o.output_type == "error"), None)
        if failure is not None and not options.error:
            traceback = printable(strip_ansi("\n".join(failure.traceback)), keep="\n\t")
            hint = "(add `#| error: true` to the cell to show the error on its slide instead)"
            what = printable(strip_ansi(f"{failure.ename}: {failure.evalue}"))  # a kernel's text, maybe a gateway's
            raise self._error(cell, f"{_name(cell)} raised {what}", details=f"{traceback}\n{hint}")

    def _error(self, cell: Cell, message: str, *, details: str = "", fix: str | None = None) -> ExecutionError:
        return ExecutionError(message, details=details, path=self.deck.path, line=cell.line, fix=fix)

    def fill_from_cache(self, batch: Batch) -> int:
        """Cells get the stored outputs that match them; returns how many had none."""
        stored = self.store.by_cell(batch)
        missing = 0
        for (cell, _), digest in zip(batch.cells, batch.cell_hashes(), strict=True):
            if cell.outputs:
                continue
            if digest in stored:
                cell.outputs, cell.execution_count = list(stored[digest].outputs), stored[digest].execution_count
                self.report.cells_cached += 1
            else:
                missing += 1
        self.report.cells_missing += missing
        return missing


def _count(number: int) -> str:
    return f"{number} cell{'' if number == 1 else 's'}"


def _name(cell: Cell) -> str:
    return f"cell on {cell.label()}" if cell.slide else "cell"
