"""The one place `present` reaches into `serve` and the pipeline, so that either can change
under it by changing this file alone.

What `present` borrows: serve's listening socket and request handler (the page of the last good
build, its assets, the deck's own files, the loopback Host check), its build loop step
(`rebuild`: the pipeline's stages into a page in memory, published, the last good one kept on an
error; its session shows each warning once), its file watcher, and its page-less placeholder.
`build_page`'s `prepare` hook is how `present` marks the live cells of each build before it is
rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from deckbuild.model import Deck
from deckbuild.serve import Session as BuildSession
from deckbuild.serve import _url as page_url
from deckbuild.serve import bind as serve_bind
from deckbuild.serve import rebuild as serve_rebuild
from deckbuild.serve.build import Page, error_page
from deckbuild.serve.http import DeckServer, Handler, Live
from deckbuild.serve.http import _loopback_host as loopback_host
from deckbuild.serve.watch import Watcher

__all__ = ["BuildSession", "DeckServer", "Handler", "Live", "Page", "Watcher", "bind", "loopback_host", "page_url",
           "placeholder", "rebuild"]


def placeholder(source: Path) -> Live:
    """What pages get until the first build is done."""
    return Live(error_page(source, "none", frozenset({source})))


def bind(host: str, port: int, live: Live, root: Path, handler: type[BaseHTTPRequestHandler]) -> DeckServer:
    """serve's server on host:port (a port in use is a one-line error), answering with `handler`."""
    server = serve_bind(host, port, live, root)
    server.RequestHandlerClass = handler
    return server


def rebuild(source: Path, builds: BuildSession, live: Live, watcher: Watcher, prepare: Callable[[Deck], None]) -> None:
    """Build the page (from the cache: `builds.overrides.execute` is False) and publish it;
    `prepare` sees the deck before it is rendered."""
    serve_rebuild(source, builds, live, watcher, prepare)
