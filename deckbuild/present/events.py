"""The one event stream every open page listens to: builds, runs, kernels.

Each page (the deck, and the speaker view's two preview frames) holds a single Server-Sent
Events connection, since a browser allows only six per host; builds travel on it as serve's
client expects them (plain `data:` lines), everything of `present`'s as `event: present`. A
run started from any window is seen by all of them.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from typing import Any

KEEP = 2000
"""Events kept for connections that fall behind; one further behind starts over from a snapshot."""


class EventBus:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._events: deque[tuple[int, str]] = deque(maxlen=KEEP)
        self.last = 0
        self.closed = False

    def publish(self, kind: str, data: dict[str, Any]) -> None:
        """`kind` "build" goes out as serve's reload message; any other as a `present` event."""
        payload = json.dumps(data if kind == "build" else {"kind": kind, **data})
        text = f"data: {payload}\n\n" if kind == "build" else f"event: present\ndata: {payload}\n\n"
        with self._changed:
            self.last += 1
            self._events.append((self.last, text))
            self._changed.notify_all()

    def wait(self, after: int, timeout: float) -> tuple[int, list[str]] | None:
        """The events published after number `after`, and the last one's number; waits up to
        `timeout` for one. None when `after` is too old to catch up from (or the bus closed)."""
        with self._changed:
            self._changed.wait_for(lambda: self.last != after or self.closed, timeout)
            if self.closed:
                return None
            if self._events and self._events[0][0] > after + 1:
                return None
            return self.last, [text for number, text in self._events if number > after]

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()
