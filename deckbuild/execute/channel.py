"""A remote kernel's websocket channels (`/api/kernels/{id}/channels`): send a request, read
messages until its reply and idle status have come.

websocket-client is a small, synchronous, pure-Python client: the executor interface is
synchronous, so an asyncio client would need an event loop for nothing. It is imported
when a gateway cell first runs. The token goes in the `Authorization` header of the
handshake, as on REST: jupyter_server's own gateway client forgets it there and gets 401.
"""

from __future__ import annotations

import json
import socket
import ssl
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

from deckbuild.execute.base import CellTimeout, GatewayError, GatewayRejected, KernelDied
from deckbuild.execute.endpoint import Endpoint
from deckbuild.execute.messages import CellCollector, execute_request, request
from deckbuild.execute.rest import CONNECT_TIMEOUT, LOOPBACK, GatewayAPI, untrusted
from deckbuild.model import Output

PROBE_EVERY = 15.0
"""Seconds of silence after which the gateway is asked whether the kernel still exists: a
gateway host that vanished without closing the connection would otherwise hang a render."""


class KernelChannel:
    def __init__(self, endpoint: Endpoint, api: GatewayAPI, kernel_id: str) -> None:
        self.endpoint, self.api, self.kernel_id = endpoint, api, kernel_id
        self.session = uuid.uuid4().hex
        self.displays: dict[str, list[Output]] = {}
        self._ws: Any = None

    def connect(self) -> None:
        import websocket

        options: dict[str, Any] = {"header": [f"{k}: {v}" for k, v in self.endpoint.headers().items()],
                                   "enable_multithread": False}
        context = self.endpoint.ssl_context()
        if context is not None:
            # Without cert_reqs and check_hostname, websocket-client switches a given context's
            # verification off.
            options["sslopt"] = {"context": context, "cert_reqs": ssl.CERT_REQUIRED, "check_hostname": True}
        host = urlsplit(self.endpoint.url).hostname
        if host in LOOPBACK:
            options["http_no_proxy"] = [host]
        url = self.endpoint.websocket(f"/api/kernels/{self.kernel_id}/channels?session_id={self.session}")
        try:
            self._ws = websocket.create_connection(url, timeout=CONNECT_TIMEOUT, **options)
        except Exception as exc:
            status = getattr(exc, "status_code", None)
            if status in (401, 403):
                raise self.endpoint.error(GatewayRejected, f"the gateway rejected the token from "
                                          f"${self.endpoint.token_env} on the websocket (HTTP {status})") from None
            if isinstance(exc, ssl.SSLCertVerificationError):
                raise untrusted(self.endpoint, exc) from None
            raise self._error(f"cannot open the kernel's websocket ({_describe(exc)})") from None

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

    def execute(self, code: str, timeout: float | None, *, silent: bool = False) -> CellCollector:
        """Run `code`; on timeout, interrupt the kernel and raise `CellTimeout`."""
        message = execute_request(code, self.session, silent=silent)
        collector = CellCollector(message["header"]["msg_id"], self.displays)
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
        ws, self._ws = self._ws, None
        if ws is not None:
            try:
                ws.close(timeout=1)
            except Exception:
                pass

    def _send(self, message: dict[str, Any]) -> None:
        try:
            self._ws.send(json.dumps(message))
        except Exception as exc:
            raise self._lost(exc) from None

    def _receive(self, deadline: float | None, what: str) -> dict[str, Any] | None:
        """The next JSON message, or None at the deadline. Binary frames (comm buffers) are skipped."""
        import websocket

        while True:
            wait = PROBE_EVERY if deadline is None else min(PROBE_EVERY, deadline - time.monotonic())
            if wait <= 0:
                return None
            self._ws.settimeout(wait)
            _quick_ack(self._ws.sock)
            try:
                frame = self._ws.recv()
            except websocket.WebSocketTimeoutException:
                self._probe(what)
                continue
            except Exception as exc:
                raise self._lost(exc) from None
            if isinstance(frame, str) and frame:
                parsed: dict[str, Any] = json.loads(frame)
                return parsed
            if frame in ("", b""):
                raise self._lost(ConnectionError("connection closed"))

    def _probe(self, what: str) -> None:
        try:
            alive = self.api.kernel_alive(self.kernel_id)
        except GatewayError:
            raise self._error(f"the gateway stopped answering while waiting for {what}") from None
        if not alive:
            raise KernelDied("the gateway no longer has the kernel")

    def _interrupt(self) -> None:
        try:
            self.api.interrupt(self.kernel_id)
        except GatewayError:
            pass

    def _lost(self, exc: BaseException) -> GatewayError:
        return self._error(f"the connection to the gateway was lost while running a cell ({_describe(exc)})")

    def _error(self, message: str) -> GatewayError:
        return self.endpoint.error(GatewayError, message)


def _quick_ack(sock: socket.socket | None) -> None:
    """Acknowledge at once (Linux): the servers write each message without TCP_NODELAY, so
    without this their second message waits for our delayed ACK, 40 ms a cell."""
    if sock is not None and hasattr(socket, "TCP_QUICKACK"):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except OSError:
            pass


def _describe(exc: BaseException) -> str:
    text = str(exc).split(" -+-+- ")[0]  # websocket-client appends response headers and body
    return " ".join(text.split())[:200] or type(exc).__name__
