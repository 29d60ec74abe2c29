"""Test helpers for `deckbuild serve`: a server in a subprocess, and a deck to edit under it."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DECK = """---
title: Live
---

## One

First slide.

## Two

Second slide.

## Three

Alpha

. . .

Beta

. . .

Gamma

::: notes
Remember to breathe.
:::

## Four

Fourth slide.
"""


@dataclass
class Served:
    """A running `deckbuild serve`: its URL, and everything it has printed so far."""

    process: subprocess.Popen[str]
    url: str = ""
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    output: list[str] = field(default_factory=list)

    def wait_for(self, text: str, timeout: float = 10) -> str:
        """The next printed line containing `text` (stdout or stderr)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.output.append(line)
            if text in line:
                return line
        raise AssertionError(f"server never printed {text!r}; it printed:\n" + "".join(self.output))

    def printed(self, text: str, timeout: float = 10) -> bool:
        """Whether `text` was printed at any time (waiting for it if not yet)."""
        if any(text in line for line in self.drain()):
            return True
        self.wait_for(text, timeout)
        return True

    def drain(self) -> list[str]:
        """Everything printed so far, including lines nobody waited for."""
        while not self.lines.empty():
            self.output.append(self.lines.get())
        return self.output

    def stop(self, sig: int = signal.SIGINT, timeout: float = 10) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)


def _pump(stream: object, lines: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line)


def start(deck: Path, *args: str) -> Served:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "deckbuild", "serve", str(deck), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    served = Served(process)
    for stream in (process.stdout, process.stderr):
        threading.Thread(target=_pump, args=(stream, served.lines), daemon=True).start()
    return served


@contextmanager
def serving(deck: Path, *args: str) -> Iterator[Served]:
    served = start(deck, "--port", "0", *args)
    try:
        line = served.wait_for(" at http", timeout=30)
        served.url = line.split(" at ", 1)[1].split()[0]
        yield served
    finally:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait()
