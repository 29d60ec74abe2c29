"""`deckbuild serve`: a live preview that rebuilds on save and keeps your place.

    bind the port ─▶ build ─▶ serve ─┐
                     ▲               │ poll the files the last build read (watch.py)
                     └── changed ◀───┘

The build loop runs in the calling (main) thread, so Ctrl-C unwinds through the execution
stage's executors and shuts their kernels down; HTTP requests are answered on other threads
from the last good build (http.py). A build that fails keeps that page and adds its error,
which browsers show as an overlay until a later save fixes it.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import click

from deckbuild.errors import DeckbuildError, DeckError, ServeError
from deckbuild.model import Deck
from deckbuild.options import Overrides
from deckbuild.serve.build import Page, build_page, error_page
from deckbuild.serve.http import DeckServer, Handler, Live
from deckbuild.serve.watch import Watcher

__all__ = ["Front", "ServeError", "Session", "serve"]


@dataclass
class Session:
    """What one `serve` builds with, and the warnings it has shown (each once, not once per save)."""

    overrides: Overrides = field(default_factory=Overrides)
    quiet: bool = False
    shown: set[str] = field(default_factory=set)

    def warn(self, warnings: tuple[DeckError, ...]) -> None:
        for warning in warnings:
            text = warning.format_message()
            if not self.quiet and text not in self.shown:
                self.shown.add(text)
                _warn(text)


class Front:
    """What a front end adds to the preview loop: plain `serve` is `Front()`; `present` is a `Talk`."""

    verb = "serving"
    exposed = "can read the deck and the files beside it"
    """Who can do what when the server listens beyond loopback (for the warning)."""
    handler: type[Handler] = Handler

    def attach(self, server: DeckServer) -> str:
        """The port is bound; returns what the printed URL adds."""
        return ""

    def prepare(self, deck: Deck) -> None:
        """`build_page`'s hook: the executed deck, before it is rendered."""

    def built(self, live: Live) -> None:
        """A build was published (or failed, keeping the last good page)."""

    def started(self, rebuild: Callable[[], None]) -> None:
        """The first build is done and the URL printed; the loop starts on return."""

    def close(self) -> None:
        """Stopping: release what the front end holds."""


def serve(
    source: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    overrides: Overrides | None = None,
    quiet: bool = False,
    stop: threading.Event | None = None,
    poll: float = 0.05,
    on_ready: Callable[[str], None] | None = None,
    front: Front | None = None,
) -> None:
    """Serve `source` until Ctrl-C (KeyboardInterrupt) or until `stop` is set."""
    source = Path(source).absolute()
    stop = stop or threading.Event()
    front = front or Front()
    session = Session(overrides or Overrides(), quiet)
    live = Live(error_page(source, "none", frozenset({source})))
    server = bind(host, port, live, source.parent, front.handler)
    url = _url(server) + front.attach(server)
    threading.Thread(target=server.serve_forever, name=f"deckbuild-{front.verb}", daemon=True).start()
    try:
        if not server.check_host:
            _warn(f"{front.verb} on {host}, which is not a loopback address: anyone who can reach this machine "
                  f"{front.exposed}")
        watcher = Watcher([source])

        def build() -> None:
            rebuild(source, session, live, watcher, front.prepare)
            front.built(live)

        build()
        session.overrides = replace(session.overrides, refresh=None)  # `--refresh` re-runs the cells once, not on every save
        click.echo(f"{front.verb} {source.name} at {url} (Ctrl-C to stop)")
        front.started(build)
        if on_ready:
            on_ready(url)
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        while not stop.wait(poll):
            if watcher.changed():
                build()
    finally:
        front.close()
        live.close()
        server.shutdown()
        server.server_close()


def bind(host: str, port: int, live: Live, root: Path, handler: type[Handler] = Handler) -> DeckServer:
    """Listen on host:port now, so a port in use is reported before any building."""
    try:
        return DeckServer((host, port), live, root, handler)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on `{host}`: {exc.strerror} — give an address or a name of this machine "
                         "with --host") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is in use — stop what uses it, or pick another port with "
                             "--port N (--port 0 picks a free one)") from None
        if exc.errno == errno.EACCES:
            raise ServeError(f"not allowed to listen on port {port} — use a port above 1023") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def rebuild(source: Path, session: Session, live: Live, watcher: Watcher,
            prepare: Callable[[Deck], None] | None = None) -> None:
    """Build once and publish the result; an error keeps the last good page and shows over it.
    `prepare` is `build_page`'s."""
    from deckbuild.execute.progress import ProgressReporter

    started = time.perf_counter()
    before = watcher.signatures()  # a save during the build must still count as a change
    try:
        with ProgressReporter(enabled=not session.quiet) as progress:
            page, rendered = build_page(source, session.overrides, f"{time.time_ns():x}", progress, prepare)
    except Exception as exc:
        message = exc.format_message() if isinstance(exc, DeckbuildError) else f"{type(exc).__name__}: {exc}"
        click.echo(click.style("error: ", fg="red", bold=True) + message, err=True)
        live.publish(live.page, message)
        named = {Path(exc.path).resolve()} if isinstance(exc, DeckError) and exc.path else set()  # an included file
        watcher.track(live.page.watched | {source, source.parent} | named, before)
        return
    session.warn(rendered.warnings)
    if not _same(page, live.page) or live.error is not None:
        live.publish(page, None)
    watcher.track(page.watched, before)
    took = (time.perf_counter() - started) * 1000
    click.echo(f"built {len(rendered.deck.slides)} slides in {took:.0f} ms")


def _same(new: Page, old: Page) -> bool:
    """Nothing a browser would see changed (e.g. a save without edits): no reload needed."""
    return new.shell == old.shell and new.slides == old.slides


def _url(server: DeckServer) -> str:
    host, port = str(server.server_address[0]), server.server_address[1]
    if host in ("0.0.0.0", "::"):
        host = socket.gethostname()
    return f"http://[{host}]:{port}/" if ":" in str(host) else f"http://{host}:{port}/"


def _warn(message: str) -> None:
    click.echo(click.style("warning: ", fg="yellow") + message, err=True)
