"""Deadlines for the browser calls that a deck's own scripts can block.

Playwright gives some calls a timeout (navigation, screenshots) and others none (evaluating
script, printing), and no timeout of its own helps once a page's main thread never comes
back: `<script>while(true){}</script>` in a deck blocks every call on its page for ever.
So each step of an export runs under a `Watchdog` deadline. Past it, the browser that
deckbuild launched is killed, with its whole process group as Playwright itself kills it;
the blocked call then fails at once, and the step reports the error it was given.

A browser that deckbuild did not launch (a Python caller's own) is never killed: its calls
keep only the timeouts Playwright gives them.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from deckbuild.errors import DeckbuildError


class Watchdog:
    def __init__(self, browser_pid: int | None) -> None:
        self._pid = browser_pid
        self.fired = False
        """Set once a deadline has passed: the browser is gone, every later call fails."""

    @contextmanager
    def deadline(self, seconds: float, expired: Callable[[], DeckbuildError]) -> Iterator[None]:
        """Run the block within `seconds`, or raise `expired()` once the browser is killed."""
        if self.fired:
            raise expired()
        timer = threading.Timer(seconds, self._kill)
        timer.daemon = True
        timer.start()
        try:
            yield
        except Exception as exc:
            if self.fired:  # Playwright's "Target closed": the kill, not the cause
                raise expired() from exc
            raise
        finally:
            timer.cancel()
        if self.fired:  # the deadline passed just as the call returned: the browser is gone anyway
            raise expired()

    def _kill(self) -> None:
        self.fired = True
        if self._pid is not None:
            kill_browser(self._pid)


def kill_browser(pid: int) -> None:
    """Kill a browser and its renderers: Playwright starts Chromium as a process group leader."""
    try:
        if hasattr(os, "killpg") and os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except OSError:  # already gone
        pass
