"""One kernel per executor, warm for the whole talk, whatever happens to the others.

A `WarmKernel` owns the executor of one (executor, kernel) pair: the local kernel, or one on
a gateway (the GPU box). It runs one cell at a time (`lock`), says where it runs and what
state it is in for the speaker view, and turns failures into states instead of ending the
talk: a gateway that cannot be reached is `unreachable` (the next Run tries again), a kernel
that died is `dead` until it is restarted. An executor whose gateway is unreachable at the
first run and whose `fallback:` is `local` runs on a local kernel instead, as a render would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from deckbuild.config import ExecutorConfig
from deckbuild.execute.base import (
    CellRun,
    Executor,
    ExecutorError,
    GatewayError,
    GatewayUnavailable,
    KernelDied,
    Listener,
)
from deckbuild.execute.batch import Batch
from deckbuild.execute.endpoint import origin
from deckbuild.execute.run import ExecutorSpec, default_executor, executor_spec
from deckbuild.model import Cell, Deck
from deckbuild.options import CellOptions

NOT_STARTED, STARTING, IDLE, BUSY, UNREACHABLE, DEAD = "not started", "starting", "idle", "busy", "unreachable", "dead"

CLOSE_WAIT = 30.0
"""Seconds `close` waits for a run to give its kernel up (its executor was closed under it)."""

Key = tuple[str, str | None, str]
"""(executor, kernel name, language when no kernel is named): as execution batches cells."""


def key_of(cell: Cell, options: CellOptions) -> Key:
    return options.executor, options.kernel, "" if options.kernel else cell.language.lower()


class Unavailable(Exception):
    """The kernel cannot run cells now; the message names the executor and says why."""


@dataclass(frozen=True, slots=True)
class KernelState:
    name: str
    where: str
    state: str
    problem: str = ""


class WarmKernel:
    def __init__(self, spec: ExecutorSpec, key: Key, changed: Callable[[], None]) -> None:
        self.spec, self.key, self._changed = spec, key, changed
        self.lock = threading.Lock()
        """Held while a cell runs: one cell at a time in a kernel."""
        self.state, self.problem = NOT_STARTED, ""
        self.fell_back = False
        self.fallback_reason = ""
        """Why the executor runs on the local kernel instead of its gateway (`fallback: local`)."""
        self._executor: Executor | None = None
        self.shut = False
        """Set when `present` stops: no cell starts (or starts a kernel) any more."""

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def where(self) -> str:
        if self.spec.config is None:
            return "this machine" + (" (fallback: local)" if self.fell_back else "")
        where = getattr(self._executor, "where", None)
        return str(where) if where else origin(self.spec.config.gateway)

    def run(self, cell: Cell, options: CellOptions, listener: Listener | None = None) -> CellRun:
        """Run `cell` (the caller holds `lock`); raises `Unavailable` when the kernel cannot."""
        if self.shut:
            raise Unavailable("deckbuild present is stopping")
        if self.state == DEAD:
            raise Unavailable(f"the kernel of executor `{self.name}` died — restart it from the speaker view")
        self._set(STARTING if self._executor is None else BUSY)
        executor = self._executor = self._executor or default_executor(self.spec)
        try:
            result = self._stream(executor, cell, options, listener)
        except GatewayUnavailable as exc:
            if self.spec.config is None or self.spec.config.fallback != "local":
                raise self._lost(executor, UNREACHABLE, exc) from None
            self._discard(executor)
            self._fall_back(str(exc))
            return self.run(cell, options, listener)
        except KernelDied as exc:
            raise self._lost(executor, DEAD, exc, f"the kernel of executor `{self.name}` died ({_first_line(exc)}) "
                                                  "— restart it from the speaker view") from None
        except GatewayError as exc:
            raise self._lost(executor, UNREACHABLE, exc) from None
        except ExecutorError as exc:
            self._set(IDLE)
            raise Unavailable(f"executor `{self.name}`: {exc}") from None
        except BaseException:
            self._set(IDLE)
            raise
        self._set(IDLE)
        return result

    def _stream(self, executor: Executor, cell: Cell, options: CellOptions, listener: Listener | None) -> CellRun:
        if listener is None:
            return executor.run(cell, options)
        self._set(BUSY)
        return executor.stream(cell, options, listener)

    def interrupt(self) -> None:
        executor = self._executor
        if executor is not None:
            try:
                executor.interrupt()
            except ExecutorError:
                pass  # the run itself reports what is wrong with the kernel

    def restart(self) -> None:
        """A fresh kernel on the next run (the caller holds `lock`)."""
        self.close()
        self._set(NOT_STARTED)

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.close()

    def status(self) -> KernelState:
        return KernelState(self.name, self.where, self.state, self.problem)

    def _fall_back(self, reason: str) -> None:
        self.spec = replace(self.spec, config=None)
        self.fell_back, self.fallback_reason = True, reason

    def _discard(self, executor: Executor) -> None:
        """Close `executor`, and forget it if it is still this kernel's (a restart may have
        put a fresh one in its place meanwhile)."""
        if self._executor is executor:
            self._executor = None
        try:
            executor.close()
        except Exception:
            pass

    def _lost(self, executor: Executor, state: str, exc: BaseException, message: str | None = None) -> Unavailable:
        """The executor is closed (a later run starts anew, or after a restart) and the state set."""
        self._discard(executor)
        self.problem = message or str(exc)
        self._set(state, keep_problem=True)
        return Unavailable(self.problem)

    def _set(self, state: str, keep_problem: bool = False) -> None:
        if not keep_problem:
            self.problem = ""
        if state != self.state or keep_problem:
            self.state = state
            self._changed()


class KernelPool:
    """The talk's kernels, made on first use and all shut down by `close`."""

    def __init__(self, changed: Callable[[], None]) -> None:
        self._kernels: dict[Key, WarmKernel] = {}
        self._lock = threading.Lock()
        self._changed = changed

    def kernel(self, deck: Deck, executors: dict[str, ExecutorConfig], cell: Cell, options: CellOptions) -> WarmKernel:
        """The warm kernel that `cell` runs in (an unknown executor is a `DeckError`)."""
        key = key_of(cell, options)
        with self._lock:
            if key not in self._kernels:
                batch = Batch(key[0], key[1], cell.language.lower(), [(cell, options)])
                self._kernels[key] = WarmKernel(executor_spec(deck, executors, batch), key, self._changed)
            return self._kernels[key]

    def find(self, name: str) -> list[WarmKernel]:
        with self._lock:
            return [kernel for key, kernel in self._kernels.items() if key[0] == name]

    def states(self) -> list[KernelState]:
        with self._lock:
            return [kernel.status() for kernel in self._kernels.values()]

    def close(self) -> None:
        """Shut every kernel down, here and on the gateways; one that fails does not stop the rest.
        A run still starting a kernel (a restart, a first Run) is waited for, a while, so that
        the kernel it gets is shut down too."""
        with self._lock:
            kernels, self._kernels = list(self._kernels.values()), {}
        for kernel in kernels:
            kernel.shut = True
            _quietly(kernel.close)
        for kernel in kernels:
            if kernel.lock.acquire(timeout=CLOSE_WAIT):
                kernel.lock.release()
            _quietly(kernel.close)


def _quietly(close: Callable[[], None]) -> None:
    try:
        close()
    except Exception:
        pass


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[-1][:160] if lines else type(exc).__name__
