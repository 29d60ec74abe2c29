"""The HTTP side of `serve`: the page, its assets, its event stream, and the deck's own files.

What it hands out, and nothing else:
- `/` — the page of the last good build (any query: the speaker view adds `?receiver`);
- `/_deckbuild/events` — Server-Sent Events, one per build; `/_deckbuild/slides` — their HTML;
- `/_deckbuild/a/<key>/<name>` — the stylesheets, scripts and fonts the page names;
- regular files under the deck's folder. A path with `..`, a dot-file, a directory, or a file
  that resolves (through symlinks) outside the folder is a 404, whatever its encoding.
On a loopback address, requests whose Host is not a loopback name are refused, so a web page
cannot reach the server through DNS rebinding.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from deckbuild.rendering.assets import mime_type
from deckbuild.serve.build import Page

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


class Live:
    """The current build and error, shared by the build loop and the request threads."""

    def __init__(self, page: Page, error: str | None = None) -> None:
        self._changed = threading.Condition()
        self.page, self.error, self.generation, self.closed = page, error, 0, False

    def publish(self, page: Page, error: str | None) -> None:
        with self._changed:
            self.page, self.error = page, error
            self.generation += 1
            self._changed.notify_all()

    def wait(self, generation: int, timeout: float) -> tuple[int, Page, str | None]:
        """The state once it is newer than `generation` (or after `timeout`, unchanged)."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != generation or self.closed, timeout)
            return self.generation, self.page, self.error

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return all(address.startswith("127.") or address == "::1" for address in addresses)


class DeckServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], live: Live, root: Path,
                 handler: type[BaseHTTPRequestHandler] | None = None) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.live, self.root = live, root.resolve()
        self.check_host = is_loopback(address[0])
        super().__init__(address, handler or Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser closing a connection is normal; anything else is one line, not a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            print(f"serve: request from {client_address} failed: {type(error).__name__}: {error}", file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    server: DeckServer
    protocol_version = "HTTP/1.1"
    server_version = "deckbuild"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _respond(self, body: bool) -> None:
        if self.server.check_host and not loopback_host(self.headers.get("Host", "")):
            return self._send(HTTPStatus.FORBIDDEN, b"forbidden host\n", "text/plain", body=body)
        path = urlsplit(self.path).path
        page = self.server.live.page
        if path == "/":
            return self._send(HTTPStatus.OK, page.html, "text/html; charset=utf-8", body=body)
        if path == "/_deckbuild/events":
            return self._events()
        if path == "/_deckbuild/slides":
            headers = {"X-Deckbuild-Version": page.version, "X-Deckbuild-Shell": page.shell}
            return self._send(HTTPStatus.OK, page.slides, "text/html; charset=utf-8", body=body, headers=headers)
        asset = page.assets.get(path)
        if asset is not None:
            data = asset.data if asset.data is not None else _read(asset.path)
            if data is not None:
                cache = {"Cache-Control": "max-age=31536000, immutable"}
                return self._send(HTTPStatus.OK, data, asset.mime, body=body, headers=cache)
        file = safe_file(self.server.root, self.path)
        data = _read(file)
        if file is None or data is None:
            return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", body=body)
        return self._send(HTTPStatus.OK, data, mime_type(file), body=body, headers={"Cache-Control": "no-cache"})

    def _send(self, status: HTTPStatus, data: bytes, mime: str, *, body: bool,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _open_stream(self) -> None:
        """Answer with Server-Sent Events, on a connection that closes when the stream ends."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()

    def _events(self) -> None:
        """One `data:` line per build until the client goes away or the server stops."""
        self._open_stream()
        live, seen = self.server.live, -1
        try:
            self.wfile.write(b"retry: 500\n\n")
            while not live.closed:
                generation, page, error = live.wait(seen, timeout=10)
                if generation == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    seen = generation
                    state = json.dumps({"version": page.version, "shell": page.shell, "error": error})
                    self.wfile.write(f"data: {state}\n\n".encode())
                self.wfile.flush()
        except ConnectionError:
            pass


def loopback_host(header: str) -> bool:
    host = header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    return host == "" or host in LOOPBACK_NAMES


def safe_file(root: Path, request_path: str) -> Path | None:
    """The regular file under `root` that `request_path` names, or None if it may not be served."""
    raw = urlsplit(request_path).path
    if "\\" in raw or "\0" in raw:
        return None
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or "\0" in decoded or not decoded.startswith("/"):
        return None
    parts = [part for part in decoded.split("/") if part]
    if not parts or any(part.startswith(".") for part in parts):  # `.`, `..`, `.git`, `.env`
        return None
    try:
        file = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if not file.is_relative_to(root) or not file.is_file():
        return None
    return file


def _read(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None
