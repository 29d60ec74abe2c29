"""The Jupyter messaging protocol, as much of it as running cells needs, with no I/O.

`request` builds a message for the kernel's websocket; `CellCollector` folds the replies to
one `execute_request` into a `CellRun`. Local kernels (jupyter_client) and remote ones (the
gateway's websocket) both feed it, so their outputs are the same objects and render the same.
`clear_output` and `update_display_data` behave as they do under nbclient. A `Listener` given
to the collector hears every change to the outputs as it happens (`deckbuild present` streams
them to the slide); a render gives none and gets the same `CellRun` as ever.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from deckbuild.execute.base import CellRun, Listener
from deckbuild.execute.nbjson import output_from_json, output_from_message
from deckbuild.model import Output

PROTOCOL_VERSION = "5.3"
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error")


def request(msg_type: str, content: dict[str, Any], session: str, channel: str = "shell") -> dict[str, Any]:
    """A message as the websocket channels expect it (JSON, with its `channel`)."""
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "session": session,
        "username": "deckbuild",
        "date": datetime.now(UTC).isoformat(),
        "version": PROTOCOL_VERSION,
    }
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content,
            "channel": channel, "buffers": []}


def execute_request(code: str, session: str, *, silent: bool = False) -> dict[str, Any]:
    content = {"code": code, "silent": silent, "store_history": not silent, "user_expressions": {},
               "allow_stdin": False, "stop_on_error": False}
    return request("execute_request", content, session)


class CellCollector:
    """The outputs of one `execute_request`; `done` once its reply and its idle status came.

    `listener` is called with `outputs` after each message that changed them: a chunk of a
    stream, a display or its update, a clear. The list and its outputs stay the collector's
    (an update changes an output in place), so a listener that keeps them copies them.
    """

    def __init__(self, msg_id: str, displays: dict[str, list[Output]], listener: Listener | None = None) -> None:
        self.msg_id = msg_id
        self.listener = listener
        self.outputs: list[Output] = []
        self.execution_count: int | None = None
        self.replied = self.idle = False
        self.kernel_state = ""
        """`restarting` or `dead` when the server saw the kernel die."""
        self._displays = displays
        """display_id → outputs showing it, shared by all cells of the kernel (updates reach back)."""
        self._clear_pending = False

    @property
    def done(self) -> bool:
        return self.replied and self.idle

    @property
    def run(self) -> CellRun:
        return CellRun(self.outputs, self.execution_count)

    def feed(self, msg: dict[str, Any]) -> None:
        msg_type = msg.get("header", {}).get("msg_type") or msg.get("msg_type", "")
        content = msg.get("content", {})
        if msg_type == "status" and content.get("execution_state") in ("restarting", "dead"):
            self.kernel_state = content["execution_state"]  # sent by the server, with no parent
            return
        if msg.get("parent_header", {}).get("msg_id") != self.msg_id:
            return
        if msg_type == "execute_reply":
            self.replied = True
            self.execution_count = _count(content, self.execution_count)
        elif msg_type == "execute_input":
            self.execution_count = _count(content, self.execution_count)
        elif msg_type == "status":
            self.idle = self.idle or content.get("execution_state") == "idle"
        elif msg_type == "clear_output":
            self._clear(bool(content.get("wait")))
            self._changed()
        elif msg_type == "update_display_data":
            self._update(content)
            self._changed()
        elif msg_type in OUTPUT_TYPES:
            self._add(msg, msg_type)
            self._changed()

    def _changed(self) -> None:
        if self.listener is not None:
            self.listener(self.outputs)

    def _add(self, msg: dict[str, Any], msg_type: str) -> None:
        if self._clear_pending:
            self._clear(False)
        output = output_from_message(msg_type, msg["content"])
        self.outputs.append(output)
        display_id = _display_id(msg["content"])
        if display_id and msg_type == "display_data":
            self._displays.setdefault(display_id, []).append(output)

    def _clear(self, wait: bool) -> None:
        if wait:
            self._clear_pending = True
            return
        self._clear_pending = False
        cleared = {id(output) for output in self.outputs}
        self.outputs.clear()
        for shown in self._displays.values():
            shown[:] = [output for output in shown if id(output) not in cleared]

    def _update(self, content: dict[str, Any]) -> None:
        display_id = _display_id(content)
        update = output_from_json({"output_type": "display_data", "data": content.get("data", {}),
                                   "metadata": content.get("metadata", {})})
        for output in self._displays.get(display_id or "", []):
            output.data, output.metadata = update.data, update.metadata


def _count(content: dict[str, Any], default: int | None) -> int | None:
    count = content.get("execution_count", default)
    return count if count is None or (isinstance(count, int) and not isinstance(count, bool)) else default


def _display_id(content: dict[str, Any]) -> str | None:
    """The `transient.display_id` an output can be updated by, if it is a well-formed one."""
    transient = content.get("transient")
    display_id = transient.get("display_id") if isinstance(transient, dict) else None
    return display_id if isinstance(display_id, str) else None
