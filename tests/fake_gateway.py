"""A misbehaving kernel gateway on 127.0.0.1, for what a real one never does on purpose:
redirect elsewhere, answer garbage or JSON of the wrong shape, trickle its bytes.

A route maps `METHOD /path` to an `Answer`: the exact bytes that go out, how fast, and
whether the connection then stays open. The server records every request it got (method,
path, headers), so a test can see where the token went. Routes a test does not give answer
as a well-behaved gateway with one `python3` kernelspec would.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SPECS = {"default": "python3", "kernelspecs": {"python3": {"name": "python3", "spec": {"language": "python"}}}}
KERNEL_ID = "0e6c4bbd-7b39-4b3e-9c0e-000000000001"
CHANNELS = f"GET /api/kernels/{KERNEL_ID}/channels"


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]


Bytes = bytes | Callable[[Seen], bytes]


@dataclass(frozen=True)
class Answer:
    data: Bytes
    """Sent at once."""
    slow: Bytes = b""
    """Sent after `data`, a byte every `every` seconds: a trickle."""
    every: float = 1.0
    hold: bool = False
    """Keep the connection open, silent, afterwards (a websocket)."""


@dataclass
class FakeGateway:
    url: str
    seen: list[Seen] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def saw(self, route: str) -> list[Seen]:
        method, path = route.split(" ", 1)
        return [s for s in self.seen if s.method == method and s.path.split("?")[0] == path]


def reply(body: Any, status: int = 200, reason: str = "OK", headers: dict[str, str] | None = None) -> Answer:
    """An HTTP answer: `body` as JSON (bytes as they are)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(data)}", "Connection: close",
             *(f"{k}: {v}" for k, v in (headers or {}).items())]
    return Answer(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data)


def redirect(location: str, status: int = 302) -> Answer:
    return reply(b"", status, "Found", {"Location": location})


def trickled(answer: Answer, every: float) -> Answer:
    """All of `answer`, a byte every `every` seconds."""
    return replace(answer, data=b"", slow=answer.data, every=every)


def websocket(*payloads: bytes, every: float | None = None) -> Answer:
    """The channels handshake, then text frames with these payloads (trickled, if `every`
    is given); then silence."""
    frames = b"".join(map(text_frame, payloads))
    if every is None:
        return Answer(lambda seen: handshake(seen) + frames, hold=True)
    return Answer(handshake, frames, every, hold=True)


def handshake(seen: Seen) -> bytes:
    key = seen.headers.get("sec-websocket-key", "")
    accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
    return (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")


def text_frame(payload: bytes) -> bytes:
    """One unmasked text frame, as a server sends it."""
    if len(payload) < 126:
        return bytes([0x81, len(payload)]) + payload
    return bytes([0x81, 126]) + struct.pack("!H", len(payload)) + payload


def well_behaved() -> dict[str, Answer]:
    return {
        "GET /api/kernelspecs": reply(SPECS),
        "POST /api/kernels": reply({"id": KERNEL_ID, "name": "python3"}, 201, "Created"),
        f"DELETE /api/kernels/{KERNEL_ID}": reply(b"", 204, "No Content"),
        f"POST /api/kernels/{KERNEL_ID}/interrupt": reply(b"", 204, "No Content"),
        f"GET /api/kernels/{KERNEL_ID}": reply({"id": KERNEL_ID, "name": "python3"}),
    }


@contextmanager
def fake_gateway(routes: dict[str, Answer] | None = None) -> Iterator[FakeGateway]:
    """A fake gateway on a free loopback port; `routes` override the well-behaved answers."""
    table = {**well_behaved(), **(routes or {})}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_one_request(self) -> None:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline or not self.parse_request():
                self.close_connection = True
                return
            seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
            gateway.seen.append(seen)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            route = f"{self.command} {self.path.split('?')[0]}"
            with suppress(BrokenPipeError, ConnectionResetError):
                self.send(table.get(route, reply({"message": f"no route {route}"}, 404, "Not Found")), seen)
            self.close_connection = True

        def send(self, answer: Answer, seen: Seen) -> None:
            data, slow = (part(seen) if callable(part) else part for part in (answer.data, answer.slow))
            self.wfile.write(data)
            for byte in slow:
                if gateway.stopping.wait(answer.every):
                    return
                self.wfile.write(bytes([byte]))
            if answer.hold:
                gateway.stopping.wait(120)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    gateway = FakeGateway(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        gateway.stopping.set()
        server.shutdown()
        server.server_close()


@dataclass
class Proxy:
    url: str
    tunnels: list[str] = field(default_factory=list)
    """The `host:port` of every CONNECT it was asked for."""


@contextmanager
def connect_proxy() -> Iterator[Proxy]:
    """An HTTP proxy on a free loopback port that tunnels every CONNECT to the same port on
    127.0.0.1, whatever host was asked for: a gateway named `gpu-box.invalid` is reached
    through it, and only through it."""

    class Tunnel(BaseHTTPRequestHandler):
        def do_CONNECT(self) -> None:
            proxy.tunnels.append(self.path)
            upstream = socket.create_connection(("127.0.0.1", int(self.path.rsplit(":", 1)[1])))
            self.send_response(200, "Connection established")
            self.end_headers()
            pump = threading.Thread(target=_pipe, args=(upstream, self.connection), daemon=True)
            pump.start()
            _pipe(self.connection, upstream)
            pump.join(5)
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tunnel)
    server.daemon_threads = True
    proxy = Proxy(f"http://127.0.0.1:{server.server_address[1]}")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()


def _pipe(source: socket.socket, target: socket.socket) -> None:
    """Copy bytes until `source` closes, then close the writing half of `target`."""
    try:
        while data := source.recv(65536):
            target.sendall(data)
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass
