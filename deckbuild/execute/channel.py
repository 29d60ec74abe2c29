"""A remote kernel's websocket channels (`/api/kernels/{id}/channels`): send a request, read
messages until its reply and idle status have come.

websocket-client is a small, synchronous, pure-Python client: the executor interface is
synchronous, so an asyncio client would need an event loop for nothing. It is imported
when a gateway cell first runs, and handed a `transport.Stream` as its socket, so the
handshake and every message arrive within a deadline, and a redirect is never followed to
another origin with the token. The token goes in the `Authorization` header of the
handshake, as on REST: jupyter_server's own gateway client forgets it there and gets 401.
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import time
import uuid
from typing import Any

from deckbuild.execute import shapes
from deckbuild.execute.base import CellTimeout, GatewayError, KernelDied, Listener
from deckbuild.execute.endpoint import Endpoint
from deckbuild.execute.messages import CellCollector, execute_request, request
from deckbuild.execute.rest import REDIRECTS, REPLY_TIMEOUT, GatewayAPI, reason_of, redirected, rejected, untrusted
from deckbuild.execute.transport import Stream, connect
from deckbuild.model import Output

PROBE_EVERY = 15.0
"""Seconds of silence after which the gateway is asked whether the kernel still exists: a
gateway host that vanished without closing the connection would otherwise hang a render."""
MESSAGE_TIMEOUT = 60.0
"""Seconds a message has to arrive in full once it has begun: a large plot on a slow link
takes a while, a gateway trickling bytes does not get forever."""


class KernelChannel:
    def __init__(self, endpoint: Endpoint, api: GatewayAPI, kernel_id: str) -> None:
        self.endpoint, self.api, self.kernel_id = endpoint, api, kernel_id
        self.session = uuid.uuid4().hex
        self.displays: dict[str, list[Output]] = {}
        self._ws: Any = None
        self._stream: Stream | None = None

    def connect(self) -> None:
        import websocket

        url = self.endpoint.websocket(f"/api/kernels/{self.kernel_id}/channels?session_id={self.session}")
        ws = websocket.WebSocket(enable_multithread=False)
        header = [f"{k}: {v}" for k, v in self.endpoint.headers().items()]
        try:
            stream = connect(self.endpoint, url, time.monotonic() + REPLY_TIMEOUT)
            ws.connect(url, socket=stream, header=header, redirect_limit=0)  # type: ignore[no-untyped-call]
        except (TimeoutError, websocket.WebSocketTimeoutException):
            raise self._error(f"the gateway did not answer within {REPLY_TIMEOUT:g} s (opening the kernel's "
                              "websocket) — is it overloaded?") from None
        except ssl.SSLCertVerificationError as exc:
            raise untrusted(self.endpoint, exc) from None
        except Exception as exc:
            raise self._refused(url, ws, exc) from None
        self._ws, self._stream = ws, stream

    def _refused(self, url: str, ws: Any, exc: Exception) -> GatewayError:
        """Why the handshake failed: the token, a redirect (never followed), or the connection."""
        response = getattr(ws, "handshake_response", None)
        status = getattr(exc, "status_code", None) or getattr(response, "status", None)
        if status in (401, 403):
            return rejected(self.endpoint, status, " on the websocket")
        if status in REDIRECTS:
            headers = getattr(exc, "resp_headers", None) or getattr(response, "headers", None) or {}
            try:
                target = redirected(self.endpoint, url, headers.get("location", ""))
            except GatewayError as error:
                return error
            return self._error(f"the gateway redirected the kernel's websocket (HTTP {status} to "
                               f"{self.endpoint.quote(target)}), and deckbuild does not follow websocket "
                               "redirects — give the gateway's own URL as `gateway:`")
        why = _describe(exc) if status or not isinstance(exc, OSError) else reason_of(exc)
        return self._error(f"cannot open the kernel's websocket ({why})")

    def wait_ready(self, timeout: float) -> None:
        """Ask for `kernel_info` and wait for the answer: the kernel may still be starting."""
        message = request("kernel_info_request", {}, self.session)
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            msg = self._receive(deadline, what="the kernel to start")
            if msg is None:
                raise self._error(f"the kernel did not answer within {timeout:g} s of starting")
            if msg.get("parent_header", {}).get("msg_id") == message["header"]["msg_id"] \
                    and msg.get("msg_type", msg.get("header", {}).get("msg_type")) == "kernel_info_reply":
                return

    def execute(self, code: str, timeout: float | None, *, silent: bool = False,
                listener: Listener | None = None) -> CellCollector:
        """Run `code`; on timeout, interrupt the kernel and raise `CellTimeout`."""
        message = execute_request(code, self.session, silent=silent)
        collector = CellCollector(message["header"]["msg_id"], self.displays, listener)
        self._send(message)
        deadline = time.monotonic() + timeout if timeout else None
        while not collector.done:
            msg = self._receive(deadline, what="a cell")
            if msg is None:
                self._interrupt()
                raise CellTimeout(timeout or 0)
            collector.feed(msg)
            if collector.kernel_state:
                raise KernelDied(f"the gateway reports the kernel is {collector.kernel_state}")
        return collector

    def close(self) -> None:
        ws, stream, self._ws, self._stream = self._ws, self._stream, None, None
        if stream is not None:
            stream.expect(1, 1)  # the gateway's goodbye is awaited a second, no more
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.close(timeout=1)

    def _send(self, message: dict[str, Any]) -> None:
        try:
            self._ws.send(json.dumps(message))
        except Exception as exc:
            raise self._lost(exc) from None

    def _receive(self, deadline: float | None, what: str) -> dict[str, Any] | None:
        """The next JSON message, or None at the deadline. Binary frames (comm buffers), pings
        and pongs are skipped; each re-arms the stream, so a ping is not a message begun."""
        import websocket

        assert self._stream is not None
        while True:
            wait = PROBE_EVERY if deadline is None else min(PROBE_EVERY, deadline - time.monotonic())
            if wait <= 0:
                return None
            self._stream.expect(wait, MESSAGE_TIMEOUT)
            _quick_ack(self._stream.sock)
            try:
                opcode, frame = self._ws.recv_data_frame(True)
            except websocket.WebSocketTimeoutException:
                if self._stream.received:
                    raise self._error(f"the gateway did not answer within {MESSAGE_TIMEOUT:g} s (a message on the "
                                      f"kernel's websocket stopped after {self._stream.received} bytes) — is the "
                                      "link to it that slow?") from None
                self._probe(what)
                continue
            except Exception as exc:
                raise self._lost(exc) from None
            if opcode == websocket.ABNF.OPCODE_TEXT:
                return self._parsed(frame.data)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise self._lost(ConnectionError("the gateway closed the websocket"))

    def _parsed(self, data: bytes) -> dict[str, Any]:
        try:
            msg = json.loads(data)
        except (ValueError, RecursionError):
            raise self._not_jupyter(f"a message on the kernel's websocket is not JSON (it sent "
                                    f"{self.endpoint.quote(data)})") from None
        problem = shapes.message_mismatch(msg)
        if problem:
            raise self._not_jupyter(f"a message on the kernel's websocket has the wrong shape ({problem})")
        parsed: dict[str, Any] = msg
        return parsed

    def _not_jupyter(self, message: str) -> GatewayError:
        return self._error(f"{message} — is {self.endpoint.shown} a Jupyter server or kernel gateway?")

    def _probe(self, what: str) -> None:
        try:
            alive = self.api.kernel_alive(self.kernel_id)
        except GatewayError:
            raise self._error(f"the gateway stopped answering while waiting for {what}") from None
        if not alive:
            raise KernelDied("the gateway no longer has the kernel")

    def _interrupt(self) -> None:
        with contextlib.suppress(GatewayError):
            self.api.interrupt(self.kernel_id)

    def _lost(self, exc: BaseException) -> GatewayError:
        return self._error(f"the connection to the gateway was lost while running a cell ({_describe(exc)})")

    def _error(self, message: str) -> GatewayError:
        return self.endpoint.error(GatewayError, message)


def _quick_ack(sock: socket.socket | None) -> None:
    """Acknowledge at once (Linux): the servers write each message without TCP_NODELAY, so
    without this their second message waits for our delayed ACK, 40 ms a cell."""
    if sock is not None and hasattr(socket, "TCP_QUICKACK"):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def _describe(exc: BaseException) -> str:
    text = str(exc).split(" -+-+- ")[0]  # websocket-client appends response headers and body
    return " ".join(text.split())[:200] or type(exc).__name__
