"""Network images: fetched at build time from a server on 127.0.0.1, kept in the user cache,
embedded; every way a fetch can fail is one line at the image's place.

The server is a real `http.server` in a thread of the test process, answering by path: an
image, a 404, a slow answer, too much data, a web page, redirects (one hop, and a loop).
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from deckbuild import pipeline
from deckbuild.errors import DeckError
from deckbuild.rendering import remote_images
from deckbuild.rendering.sinks import InlineSink

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
PNG_URI = "data:image/png;base64," + base64.b64encode(PNG).decode()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>'


@dataclass
class Server:
    url: str
    requests: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:
        record: Server = self.server.record  # type: ignore[attr-defined]
        record.requests.append(self.path)
        route = self.path.split("?")[0]
        if route == "/dot.png":
            self._send(200, "image/png", PNG)
        elif route == "/pic.svg":
            self._send(200, "image/svg+xml; charset=utf-8", SVG)
        elif route == "/slow.png":
            record.stop.wait(5)
            self._send(200, "image/png", PNG)
        elif route == "/big.png":
            self._send(200, "image/png", PNG + b"\0" * 4096)
        elif route == "/big-unsized.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG + b"\0" * 4096)
            self.close_connection = True
        elif route == "/page.png":
            self._send(200, "text/html", b"<html>not an image</html>")
        elif route == "/loop":
            self._redirect("/loop")
        elif route == "/hop":
            self._redirect("/dot.png")
        elif route == "/to-file":
            self._redirect("file:///etc/passwd")
        else:
            self._send(404, "text/plain", b"no such thing")

    def _send(self, code: int, mime: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    record = Server(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.record = record  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        record.stop.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache of this test's own, and bounds small enough to test."""
    cache = tmp_path / "user-cache"
    monkeypatch.setenv("DECKBUILD_CACHE_DIR", str(cache))
    monkeypatch.setattr(remote_images, "TIMEOUT", 0.5)
    monkeypatch.setattr(remote_images, "MAX_BYTES", 1024)
    return cache


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def render(deck: Path) -> BeautifulSoup:
    loaded = pipeline.load(deck)
    return BeautifulSoup(pipeline.render(loaded, InlineSink()).html, "html.parser")


def test_a_network_image_is_fetched_and_embedded(tmp_path: Path, server: Server) -> None:
    deck = write(tmp_path / "talk.qmd", f"## Pics\n\n![A dot]({server.url}/dot.png)\n\n<img src=\"{server.url}/pic.svg\">\n")
    page = render(deck)
    first, second = page.select("section#pics img")
    assert first["src"] == PNG_URI and first["alt"] == "A dot"
    assert second["src"] == "data:image/svg+xml;base64," + base64.b64encode(SVG).decode()
    assert server.url not in str(page)


def test_a_remote_logo_and_background_are_embedded(tmp_path: Path, server: Server) -> None:
    deck = write(tmp_path / "talk.qmd", f"---\nlogo: {server.url}/dot.png\n---\n\n"
                 f"## Back {{background-image=\"{server.url}/hop\"}}\n\nText.\n")
    loaded = pipeline.load(deck)
    html = pipeline.render(loaded, InlineSink()).html
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one("section#back")["data-background-image"] == PNG_URI
    assert page.select_one("img.slide-logo")["src"] == PNG_URI
    assert server.url not in html
    assert sorted(server.requests) == ["/dot.png", "/dot.png", "/hop"]  # the logo once, though the page uses it twice


def test_the_next_build_needs_no_network(tmp_path: Path, server: Server, own_cache: Path) -> None:
    deck = write(tmp_path / "talk.qmd", f"## Pics\n\n![]({server.url}/dot.png)\n")
    assert render(deck).select_one("img")["src"] == PNG_URI
    assert server.requests == ["/dot.png"]
    server.stop.set()
    requests = list(server.requests)
    page = render(deck)
    assert page.select_one("img")["src"] == PNG_URI
    assert server.requests == requests
    assert [p.suffix for p in (own_cache / "images").iterdir()] == [".png"]


def test_the_cached_copy_is_used_once_the_server_is_gone(tmp_path: Path) -> None:
    """Fetched from a server that then stops listening: the build still has the image."""
    deck = tmp_path / "talk.qmd"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.record = Server("")  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{httpd.server_address[1]}/dot.png"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    write(deck, f"## Pics\n\n![]({url})\n")
    assert render(deck).select_one("img")["src"] == PNG_URI
    httpd.shutdown()
    httpd.server_close()
    assert render(deck).select_one("img")["src"] == PNG_URI
    write(deck, f"## Pics\n\n![]({url}?other)\n")  # not cached, and nobody answers
    loaded = pipeline.load(deck)
    rendered = pipeline.render(loaded, InlineSink())
    img = BeautifulSoup(rendered.html, "html.parser").select_one("img")
    assert img is not None and img["src"] == f"{url}?other", "kept as a link, as pandoc does"
    [warning] = [w.format_message() for w in rendered.warnings if "cannot be fetched" in w.what]
    assert warning.startswith(f"{deck}:3:") and "needs the network" in warning


def test_a_server_that_does_not_answer_in_time_leaves_a_link_and_a_warning(tmp_path: Path, server: Server) -> None:
    """Offline, or a server that never answers: the build goes on (`--strict` makes it an error);
    only a server that answers wrongly (404, not an image, too large) stops it."""
    url = f"{server.url}/slow.png"
    deck = write(tmp_path / "talk.qmd", f"## Pics\n\nSome text.\n\n![]({url})\n")
    started = time.monotonic()
    rendered = pipeline.render(pipeline.load(deck), InlineSink())
    assert time.monotonic() - started < 4
    img = BeautifulSoup(rendered.html, "html.parser").select_one("img")
    assert img is not None and img["src"] == url
    assert [w.format_message().split(" — ")[0] for w in rendered.warnings] == [
        f'{deck}:5: slide 1 "Pics": image `{url}` cannot be fetched: no answer within 0.5 s; the slide links to it '
        "and needs the network"]


FAILURES = [
    # (path on the server, what the message says after the URL)
    ("/missing.png", "cannot be fetched: the server answered 404 Not Found"),
    ("/big.png", "is larger than 0 MB"),
    ("/big-unsized.png", "is larger than 0 MB"),
    ("/page.png", "is not an image (the server says `text/html`)"),
    ("/loop", "redirects more than 5 times (or in a loop)"),
    ("/to-file", "redirects to `file:///etc/passwd`, which is not http(s)"),
]


@pytest.mark.parametrize(("route", "what"), FAILURES,
                         ids=["404", "too-large", "too-large-unsized", "not-an-image", "redirect-loop",
                              "redirect-to-file"])
def test_an_image_that_cannot_be_fetched_is_an_error_at_its_line(tmp_path: Path, server: Server, own_cache: Path,
                                                                  route: str, what: str) -> None:
    url = f"{server.url}{route}"
    deck = write(tmp_path / "talk.qmd", f"## Pics\n\nSome text.\n\n![]({url})\n")
    started = time.monotonic()
    with pytest.raises(DeckError) as caught:
        render(deck)
    assert time.monotonic() - started < 4
    assert caught.value.format_message().startswith(f'{deck}:5: slide 1 "Pics": image `{url}` {what}')
    assert not (own_cache / "images").exists() or not list((own_cache / "images").iterdir())


@pytest.mark.parametrize(("url", "what"), [
    ("http://user:secret@127.0.0.1:9/dot.png", "carries credentials; a deck never sends them"),
    ("ftp://127.0.0.1/dot.png", "is not a local file"),
])
def test_urls_that_are_never_fetched(tmp_path: Path, url: str, what: str) -> None:
    deck = write(tmp_path / "talk.qmd", f"## Pics\n\n![]({url})\n")
    with pytest.raises(DeckError) as caught:
        render(deck)
    message = caught.value.format_message()
    assert what in message and "secret" not in message.replace(url, "")


def test_a_remote_stylesheet_is_still_refused(tmp_path: Path, server: Server) -> None:
    deck = write(tmp_path / "talk.qmd", f"---\ncss: {server.url}/style.css\n---\n\n## A\n")
    with pytest.raises(DeckError, match="is on the network; decks must work offline"):
        render(deck)
    assert server.requests == []


@pytest.mark.browser
def test_a_quarto_deck_with_shortcodes_and_network_images_works_offline_in_chromium(
        tmp_path: Path, server: Server, open_deck: Any) -> None:
    """Built while the server answers, then opened with the network cut: every image decodes,
    the included slides and the shortcodes' markup are there, and nothing is requested."""
    (tmp_path / "_quarto.yml").write_text("project:\n  type: default\n", encoding="utf-8")
    (tmp_path / "dot.png").write_bytes(PNG)
    write(tmp_path / "_part.qmd", f"## Included {{background-image=\"{server.url}/dot.png\"}}\n\n"
          f"<img id=\"raw\" src=\"{server.url}/pic.svg\" width=\"40\">\n")
    deck = write(tmp_path / "talk.qmd", f"""---
title: Offline
logo: {server.url}/hop
format: revealjs
---

## Keys

Press {{{{< kbd Ctrl-C mac=Command-C >}}}} to copy {{{{< meta title >}}}}.

![Remote]({server.url}/dot.png){{#remote width=50}}

{{{{< include _part.qmd >}}}}

## Filler

{{{{< placeholder 300 150 >}}}}

{{{{< lipsum 1 >}}}}
""")
    output = pipeline.build(deck, tmp_path / "talk.html")[1]
    page = open_deck(output)
    assert page.evaluate("Reveal.getTotalSlides()") == 4
    assert page.evaluate("document.querySelector('kbd').dataset.mac") == "Command-C"
    sizes = page.evaluate("""Promise.all([...document.querySelectorAll('img')].map(async img => {
        await img.decode(); return [img.id || img.alt, img.naturalWidth]; }))""")
    assert dict(sizes)["remote"] == 1 and dict(sizes)["raw"] == 2 and len(sizes) == 4  # and the placeholder, the logo
    assert page.evaluate("document.querySelector('img.slide-logo').naturalWidth") == 1
    assert page.requests == [] and page.console_errors == []
