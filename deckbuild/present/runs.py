"""Live runs: a slide's Run sends its (edited) code to its executor's warm kernel, and the
outputs stream to every open page as they come.

    POST run ─▶ waiting ─▶ running ──▶ done | error | stopped
                 (the kernel is busy     └──▶ unavailable: the slide keeps its cached
                  with another cell)           output and shows the notice

A run's changes are coalesced by a `Streamer`: the kernel's reading thread only copies the
outputs and wakes it, and it renders and sends whatever is newest, so a fast loop costs one
render per send, not one per line. The state of each cell's last run is kept, so a page that
opens later (the speaker view, a reload after a rebuild) shows what the others show.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from deckbuild.model import Output
from deckbuild.present.cells import Build, PlannedCell
from deckbuild.present.events import EventBus
from deckbuild.present.kernels import KernelPool, Unavailable
from deckbuild.present.outputs import Blocks

WAITING, RUNNING, DONE, ERROR, STOPPED, UNAVAILABLE = "waiting", "running", "done", "error", "stopped", "unavailable"
ACTIVE = (WAITING, RUNNING)


class RunRefused(Exception):
    """A run that cannot start: `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(slots=True)
class CellState:
    run: int
    code: str
    status: str
    blocks: list[str] = field(default_factory=list)
    notice: str = ""
    stop_asked: bool = False


class LiveRuns:
    def __init__(self, pool: KernelPool, bus: EventBus, current: Callable[[], Build]) -> None:
        self._pool, self._bus, self._current = pool, bus, current
        self._cells: dict[str, CellState] = {}
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)

    def start(self, cell_id: str, code: str) -> int:
        build = self._current()
        planned = build.live.get(cell_id)
        if planned is None:
            raise RunRefused(404, f"no live cell `{cell_id}` on this deck")
        with self._lock:
            state = self._cells.get(cell_id)
            if state is not None and state.status in ACTIVE:
                raise RunRefused(409, "this cell is already running")
            run = next(self._numbers)
            self._cells[cell_id] = CellState(run, code, WAITING)
        self._publish_run(cell_id, run, WAITING, code=code)
        thread = threading.Thread(target=self._run, args=(build, planned, run, code), name=f"present-run-{run}",
                                  daemon=True)
        thread.start()
        return run

    def stop(self, cell_id: str) -> None:
        """Interrupt the cell's run (a run still waiting for its kernel does not start)."""
        with self._lock:
            state = self._cells.get(cell_id)
            if state is None or state.status not in ACTIVE:
                return
            state.stop_asked = True
            running = state.status == RUNNING
        if running:
            build = self._current()
            planned = build.live.get(cell_id)
            if planned is not None:
                self._pool.kernel(build.deck, build.executors, planned.cell, planned.options).interrupt()

    def reset(self, cell_id: str) -> None:
        """Back to the built output (the pages restore the source's code themselves)."""
        self.stop(cell_id)
        with self._lock:
            self._cells.pop(cell_id, None)
        self._bus.publish("reset", {"cell": cell_id})

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {cell_id: {k: v for k, v in asdict(state).items() if k != "stop_asked"}
                    for cell_id, state in self._cells.items()}

    def _run(self, build: Build, planned: PlannedCell, run: int, code: str) -> None:
        cell_id = planned.id
        kernel = self._pool.kernel(build.deck, build.executors, planned.cell, planned.options)
        streamer = Streamer(lambda outputs: build.html.blocks(outputs, planned.options, planned.cell.line),
                            lambda changes, length, blocks: self._send(cell_id, run, changes, length, blocks))
        with kernel.lock:
            if self._stop_asked(cell_id, run):
                return self._finish(cell_id, run, STOPPED)
            self._set(cell_id, run, RUNNING)
            self._publish_run(cell_id, run, RUNNING)
            try:
                result = kernel.run(replace(planned.cell, source=code), planned.options, streamer.push)
            except Unavailable as exc:
                streamer.close()
                return self._finish(cell_id, run, UNAVAILABLE, str(exc))
            except Exception as exc:
                streamer.close()
                return self._finish(cell_id, run, ERROR, f"{type(exc).__name__}: {exc}")
        streamer.finish(result.outputs)
        failure = next((o for o in result.outputs if o.output_type == "error"), None)
        status = DONE if failure is None else STOPPED if failure.ename == "KeyboardInterrupt" else ERROR
        self._finish(cell_id, run, status)

    def _stop_asked(self, cell_id: str, run: int) -> bool:
        with self._lock:
            state = self._cells.get(cell_id)
            return state is not None and state.run == run and state.stop_asked

    def _set(self, cell_id: str, run: int, status: str, notice: str = "") -> bool:
        """Record the run's new status; False when the cell has moved on (reset, a newer run)."""
        with self._lock:
            state = self._cells.get(cell_id)
            if state is None or state.run != run:
                return False
            state.status, state.notice = status, notice
            return True

    def _finish(self, cell_id: str, run: int, status: str, notice: str = "") -> None:
        if self._set(cell_id, run, status, notice):
            self._publish_run(cell_id, run, status, notice=notice)

    def _send(self, cell_id: str, run: int, changes: list[tuple[int, str]], length: int, blocks: list[str]) -> None:
        with self._lock:
            state = self._cells.get(cell_id)
            if state is None or state.run != run:
                return
            state.blocks = blocks
        self._bus.publish("outputs", {"cell": cell_id, "run": run, "changes": changes, "length": length})

    def _publish_run(self, cell_id: str, run: int, status: str, *, code: str | None = None, notice: str = "") -> None:
        event: dict[str, Any] = {"cell": cell_id, "run": run, "status": status, "notice": notice}
        if code is not None:
            event["code"] = code
        self._bus.publish("run", event)


class Streamer:
    """Renders and sends a run's newest outputs on a thread of its own, as often as it can."""

    def __init__(self, render: Callable[[list[Output]], list[str]],
                 send: Callable[[list[tuple[int, str]], int, list[str]], None]) -> None:
        self._render, self._send = render, send
        self._changed = threading.Condition()
        self._latest: list[Output] | None = None
        self._done = False
        self._blocks = Blocks()
        self._thread = threading.Thread(target=self._loop, name="present-stream", daemon=True)
        self._thread.start()

    def push(self, outputs: list[Output]) -> None:
        """Called by the kernel's reader after each change: copy (the collector changes its
        outputs in place) and wake the sender."""
        copied = [replace(o, data=dict(o.data), metadata=dict(o.metadata)) for o in outputs]
        with self._changed:
            self._latest = copied
            self._changed.notify()

    def finish(self, outputs: list[Output]) -> None:
        """Send the final outputs and wait until they are sent."""
        self.push(outputs)
        self.close()

    def close(self) -> None:
        with self._changed:
            self._done = True
            self._changed.notify()
        self._thread.join()

    def _loop(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._latest is not None or self._done)
                outputs, self._latest = self._latest, None
                if outputs is None:
                    return
            before = len(self._blocks.sent)
            blocks = self._render(outputs)
            changes, length = self._blocks.changes(blocks)
            if changes or length != before:
                self._send(changes, length, blocks)
