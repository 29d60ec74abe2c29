"""`present`'s HTTP side: serve's handler behind a secret, plus the live cells' requests.

Every request must carry the run's secret: in the URL the command prints (`?token=…`), in an
`X-Deckbuild-Token` header, or in the cookie that the page's first load sets (HttpOnly,
SameSite=Strict: a page of another site never sends it). Without it the answer is 403 and
nothing runs. A POST needs the header itself, the cookie is not enough, and a browser's
`Origin` (and `Sec-Fetch-Site`) must say the request comes from the deck's own page, so no
other page, not even one on another port of this machine, can run code. Pages may not be
framed by other origins.

    POST /_present/run {cell, code}    run (edited) code in the cell's warm kernel → {run}
    POST /_present/stop {cell}         interrupt it
    POST /_present/reset {cell}        back to the built output
    POST /_present/restart {executor}  a fresh kernel, its cells run again
    POST /_present/highlight {code, language} → {html}: the editor's Pygments markup
    GET  /_deckbuild/events            builds, runs and kernels (Server-Sent Events)
    GET  /_present/s/NAME              the client, its stylesheet, the editor
"""

from __future__ import annotations

import hmac
import json
from functools import cache
from http import HTTPStatus
from importlib import resources as package_files
from typing import Any
from urllib.parse import parse_qs, urlsplit

from deckbuild.present.runs import RunRefused
from deckbuild.present.session import Session
from deckbuild.rendering import assets
from deckbuild.rendering.highlight import highlight_lines
from deckbuild.serve.http import DeckServer, Handler, loopback_host

MAX_BODY = 2**20
"""Bytes: a cell's code is a few kilobytes."""
STATIC = {
    "present.js": ("package", "text/javascript"),
    "present.css": ("package", "text/css"),
    "code-input.min.js": ("vendor", "text/javascript"),
    "code-input.min.css": ("vendor", "text/css"),
    "indent.min.js": ("vendor", "text/javascript"),
}


class PresentServer(DeckServer):
    session: Session
    secret: str


class PresentHandler(Handler):
    server: PresentServer

    def do_GET(self) -> None:
        self._get(body=True)

    def do_HEAD(self) -> None:
        self._get(body=False)

    def do_POST(self) -> None:
        if not self._permitted(post=True):
            return
        try:
            request = self._json()
        except ValueError as exc:
            return self._answer(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
        path = urlsplit(self.path).path
        action = {"/_present/run": self._run, "/_present/stop": self._stop, "/_present/reset": self._reset,
                  "/_present/restart": self._restart, "/_present/highlight": self._highlight}.get(path)
        if action is None:
            return self._answer(HTTPStatus.NOT_FOUND, {"error": "no such action"})
        action(request)

    def end_headers(self) -> None:
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        self.send_header("Content-Security-Policy", "frame-ancestors 'self'")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    # -- reading -------------------------------------------------------------------------

    def _get(self, body: bool) -> None:
        if not self._permitted(post=False):
            return
        path = urlsplit(self.path).path
        if path == "/":
            page = self.server.live.page
            headers = {"Cache-Control": "no-store", "Set-Cookie": f"{self._cookie_name()}={self.server.secret}; "
                                                                   "Path=/; HttpOnly; SameSite=Strict"}
            html = with_present(page.html, self.server.secret)
            return self._send(HTTPStatus.OK, html, "text/html; charset=utf-8", body=body, headers=headers)
        if path.startswith("/_present/s/") and path.removeprefix("/_present/s/") in STATIC:
            name = path.removeprefix("/_present/s/")
            return self._send(HTTPStatus.OK, static(name), STATIC[name][1], body=body)
        self._respond(body)

    def _events(self) -> None:
        """serve's build messages and present's events on one stream; a page that connects
        first gets the current build and a snapshot of every cell and kernel."""
        self._open_stream()
        bus, live = self.server.session.bus, self.server.live
        try:
            after = bus.last
            page = live.page
            build = json.dumps({"version": page.version, "shell": page.shell, "error": live.error})
            self.wfile.write(f"retry: 500\n\ndata: {build}\n\n".encode())
            self._snapshot()
            while not bus.closed:
                got = bus.wait(after, timeout=10)
                if got is None:
                    if bus.closed:
                        return
                    after = bus.last
                    self._snapshot()
                    continue
                after, texts = got
                self.wfile.write("".join(texts).encode() if texts else b": keep-alive\n\n")
                self.wfile.flush()
        except (ConnectionError, TimeoutError):
            pass

    def _snapshot(self) -> None:
        data = json.dumps({"kind": "snapshot", **self.server.session.snapshot()})
        self.wfile.write(f"event: present\ndata: {data}\n\n".encode())
        self.wfile.flush()

    # -- actions -------------------------------------------------------------------------

    def _run(self, request: dict[str, Any]) -> None:
        try:
            run = self.server.session.runs.start(_text(request, "cell"), _text(request, "code"))
        except RunRefused as exc:
            return self._answer(HTTPStatus(exc.status), {"error": str(exc)})
        except LookupError as exc:
            return self._answer(HTTPStatus.SERVICE_UNAVAILABLE, {"error": str(exc)})
        self._answer(HTTPStatus.ACCEPTED, {"run": run})

    def _stop(self, request: dict[str, Any]) -> None:
        self.server.session.runs.stop(_text(request, "cell"))
        self._answer(HTTPStatus.OK, {})

    def _reset(self, request: dict[str, Any]) -> None:
        self.server.session.runs.reset(_text(request, "cell"))
        self._answer(HTTPStatus.OK, {})

    def _restart(self, request: dict[str, Any]) -> None:
        if not self.server.session.restart(_text(request, "executor")):
            return self._answer(HTTPStatus.NOT_FOUND, {"error": "no such executor"})
        self._answer(HTTPStatus.ACCEPTED, {})

    def _highlight(self, request: dict[str, Any]) -> None:
        lines = highlight_lines(_text(request, "code"), _text(request, "language"))
        self._answer(HTTPStatus.OK, {"html": "\n".join(lines)})

    # -- checks --------------------------------------------------------------------------

    def _permitted(self, *, post: bool) -> bool:
        """The Host (DNS rebinding), the secret, and for a POST where it comes from; else 403."""
        if self.server.check_host and not loopback_host(self.headers.get("Host", "")):
            return self._refuse("forbidden host")
        given = self.headers.get("X-Deckbuild-Token", "")
        if not post:
            given = given or _query_token(self.path) or _cookie(self.headers.get("Cookie", ""), self._cookie_name())
        if not given or not hmac.compare_digest(given.encode(), self.server.secret.encode()):
            return self._refuse("this deck's address carries a secret: open the URL that `deckbuild present` printed")
        if post and not self._same_origin():
            return self._refuse("cross-origin request")
        return True

    def _same_origin(self) -> bool:
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            return False
        origin = self.headers.get("Origin")
        return origin is None or origin == f"http://{self.headers.get('Host', '')}"

    def _refuse(self, why: str) -> bool:
        self._discard_body()
        self._send(HTTPStatus.FORBIDDEN, f"forbidden: {why}\n".encode(), "text/plain; charset=utf-8",
                   body=self.command != "HEAD")
        return False

    def _cookie_name(self) -> str:
        return f"deckbuild-present-{self.server.server_address[1]}"

    def _json(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("request too large")
        try:
            value = json.loads(self.rfile.read(length) or b"{}")
        except (ValueError, RecursionError):
            raise ValueError("not JSON") from None
        if not isinstance(value, dict):
            raise ValueError("expected a JSON object")
        return value

    def _discard_body(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    def _answer(self, status: HTTPStatus, value: dict[str, Any]) -> None:
        self._send(status, json.dumps(value).encode(), "application/json", body=True,
                   headers={"Cache-Control": "no-store"})


def with_present(html: bytes, secret: str) -> bytes:
    """The served page with `present`'s client after serve's, before `</body>`."""
    state = json.dumps({"token": secret}).replace("</", "<\\/")
    tags = ('<link rel="stylesheet" href="/_present/s/code-input.min.css">'
            '<link rel="stylesheet" href="/_present/s/present.css">\n'
            f"<script>window.__present = {state};</script>\n"
            '<script src="/_present/s/code-input.min.js"></script>'
            '<script src="/_present/s/indent.min.js"></script>'
            '<script src="/_present/s/present.js"></script>\n').encode()
    end = html.lower().rfind(b"</body>")
    return html + tags if end < 0 else html[:end] + tags + html[end:]


@cache
def static(name: str) -> bytes:
    where, _ = STATIC[name]
    if where == "package":
        return package_files.files("deckbuild.present").joinpath(name).read_bytes()
    return assets.vendor_path(f"code-input/{name}").read_bytes()


def _text(request: dict[str, Any], key: str) -> str:
    value = request.get(key, "")
    return value if isinstance(value, str) else ""


def _query_token(path: str) -> str:
    values = parse_qs(urlsplit(path).query).get("token", [])
    return values[0] if values else ""


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""
