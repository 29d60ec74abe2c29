"""How bytes reach a gateway: one connection per request or websocket, through the
environment's HTTP proxy (never for loopback: a tunnelled gateway), TLS verified, and every
read bounded by a deadline.

A socket timeout bounds one read and starts again with every byte, so a server that trickles
a byte every two seconds would hold a render forever. `Stream` looks at the clock before each
read instead. The REST calls (http.client) and the websocket (websocket-client, handed the
stream as its socket) both read through it, so neither can hang.
"""

from __future__ import annotations

import base64
import http.client
import io
import socket
import time
import urllib.request
from typing import Any
from urllib.parse import unquote, urlsplit

from deckbuild.execute.endpoint import DEFAULT_PORTS, Endpoint

LOOPBACK = ("localhost", "127.0.0.1", "::1")
WRITE_TIMEOUT = 30.0
"""Seconds one write may wait for the gateway to take bytes (a large cell's source)."""


class Stream:
    """A connected socket whose reads end by `deadline` (time.monotonic), however slowly bytes
    come; other socket methods pass through. `expect` re-arms it for the next websocket message."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline
        self.received = 0
        """Bytes read since the stream was made or re-armed."""
        self._then: float | None = None

    def expect(self, wait: float, then: float) -> None:
        """Wait up to `wait` seconds for the next message to begin; once its first byte is
        here, the rest has `then` seconds, so a message begun just before `wait` runs out is
        not cut short, and one that trickles in is."""
        self.deadline, self._then, self.received = time.monotonic() + wait, then, 0

    def recv(self, size: int, flags: int = 0) -> bytes:
        self._arm()
        data = self.sock.recv(size, flags)
        self._got(len(data))
        return data

    def recv_into(self, buffer: Any, size: int = 0, flags: int = 0) -> int:
        self._arm()
        count = self.sock.recv_into(buffer, size, flags)
        self._got(count)
        return count

    def send(self, data: bytes, flags: int = 0) -> int:
        self.sock.settimeout(WRITE_TIMEOUT)  # not what the last read left, maybe a millisecond
        return self.sock.send(data, flags)

    def sendall(self, data: bytes, flags: int = 0) -> None:
        self.sock.settimeout(WRITE_TIMEOUT)
        self.sock.sendall(data, flags)

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        """What http.client reads a response from: through `recv_into`, so under the deadline."""
        return io.BufferedReader(_Reader(self))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)

    def _arm(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the deadline passed")
        self.sock.settimeout(left)

    def _got(self, count: int) -> None:
        if count and not self.received and self._then is not None:
            self.deadline = time.monotonic() + self._then
        self.received += count


class _Reader(io.RawIOBase):
    def __init__(self, stream: Stream) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._stream.recv_into(buffer)


def connect(endpoint: Endpoint, url: str, deadline: float) -> Stream:
    """A connection to the host of `url` (http, https, ws or wss), TLS done for the secure ones.

    Raises what connecting raises: OSError (refused, unknown host, TimeoutError, a proxy's
    refusal), ssl.SSLCertVerificationError for a certificate that is not trusted."""
    parts = urlsplit(url)
    secure = parts.scheme in ("https", "wss")
    host, port = parts.hostname or "", parts.port or DEFAULT_PORTS[parts.scheme]
    proxy = _proxy(host, secure)
    via_host, via_port = (proxy[0], proxy[1]) if proxy else (host, port)
    timeout = max(deadline - time.monotonic(), 0.001)
    connection = (http.client.HTTPSConnection(via_host, via_port, timeout=timeout, context=endpoint.context)
                  if secure else http.client.HTTPConnection(via_host, via_port, timeout=timeout))
    if proxy:
        connection.set_tunnel(host, port, headers=proxy[2])
    connection.connect()
    assert connection.sock is not None
    return Stream(connection.sock, deadline)


def _proxy(host: str, secure: bool) -> tuple[str, int, dict[str, str]] | None:
    """The environment's proxy for `host` (`https_proxy`, `http_proxy`, `no_proxy`), as
    host, port and the headers of its CONNECT; websocket-client honours the same variables."""
    if host in LOOPBACK or urllib.request.proxy_bypass(host):
        return None
    proxy = urllib.request.getproxies().get("https" if secure else "http")
    if not proxy:
        return None
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    headers = {}
    if parts.username:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(credentials).decode()
    return parts.hostname or "", parts.port or 80, headers
