"""`deckbuild present`: the deck served for the talk, with live cells that run on warm kernels.

    bind ─▶ build (from the cache) ─▶ warm the kernels ─▶ serve, rebuilding on save ─┐
                                       (cells in order)    ▲                          │
                                                           └──────── changed ◀────────┘
    Run (any window) ─▶ the cell's warm kernel ─▶ outputs stream to every window

Slides show the built (cached) outputs first; a live run replaces them on the slide only
(the cache and the source are never written by a live run). Builds never start a kernel:
they read the cache, so an edit during the talk reloads the slides in a blink and leaves the
kernels, and their state, alone. The warm-up runs every cell once in deck order, in the
kernels the talk keeps, and fills the cache where `render` would have (a deck never rendered
shows its outputs). Ctrl-C and SIGTERM unwind through `finally`: every kernel is shut down,
here and on the gateways.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import click

from deckbuild.execute.cache import CacheStore
from deckbuild.execute.progress import ProgressReporter
from deckbuild.options import Overrides
from deckbuild.present import adapter
from deckbuild.present.http import PresentHandler, PresentServer
from deckbuild.present.session import Session

__all__ = ["present"]


def present(
    source: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    warm: bool = True,
    overrides: Overrides | None = None,
    quiet: bool = False,
    stop: threading.Event | None = None,
    poll: float = 0.05,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Present `source` until Ctrl-C (KeyboardInterrupt) or until `stop` is set."""
    source = Path(source).absolute()
    stop = stop or threading.Event()
    overrides = overrides or Overrides()
    run_cells = warm and overrides.execute is not False
    # Builds read the cache (only the warm-up and Run run code); serve's session shows each warning once per talk.
    builds = adapter.BuildSession(replace(overrides, execute=False), quiet)
    session = Session(overrides, notice=_notice)
    live = adapter.placeholder(source)
    server = adapter.bind(host, port, live, source.parent, PresentHandler)
    assert isinstance(server, adapter.DeckServer)
    _attach(server, session)
    threading.Thread(target=server.serve_forever, name="deckbuild-present", daemon=True).start()
    try:
        if not server.check_host:
            _warn(f"presenting on {host}, which is not a loopback address: anyone who can reach this machine and "
                  "learns the printed URL can run code in the talk's kernels")
        watcher = adapter.Watcher([source])
        rebuild = _rebuilder(source, builds, live, watcher, session)
        rebuild()
        url = f"{adapter.page_url(server)}?token={_secret(server)}"
        click.echo(f"presenting {source.name} at {url} (Ctrl-C to stop)")
        if run_cells:
            if _warm(session, overrides, quiet):
                rebuild()
        else:
            click.echo("not warming the kernels (--no-warm): nothing has run yet; the first Run on each executor "
                       "starts its kernel with nothing defined")
        click.echo(f"ready: {_kernels(session)}")
        if on_ready:
            on_ready(url)
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        while not stop.wait(poll):
            if watcher.changed():
                rebuild()
    finally:
        session.close()
        live.close()
        server.shutdown()
        server.server_close()


def _attach(server: adapter.DeckServer, session: Session) -> None:
    present_server: PresentServer = server  # type: ignore[assignment]
    present_server.session = session
    present_server.secret = secrets.token_urlsafe(24)


def _secret(server: adapter.DeckServer) -> str:
    secret: str = getattr(server, "secret")  # noqa: B009 - set by _attach
    return secret


def _rebuilder(source: Path, builds: adapter.BuildSession, live: adapter.Live, watcher: adapter.Watcher,
               session: Session) -> Callable[[], None]:
    def rebuild() -> None:
        adapter.rebuild(source, builds, live, watcher, session.prepare)
        session.bus.publish("build", {"version": live.page.version, "shell": live.page.shell, "error": live.error})

    return rebuild


def _warm(session: Session, overrides: Overrides, quiet: bool) -> bool:
    """The warm-up, with serve's progress on the terminal; True when it filled the cache."""
    try:
        deck = session.current().deck
    except LookupError:  # the first build failed: its error is on screen; warm after a fix
        return False
    execute = overrides.execute if overrides.execute is not None else deck.path.suffix.lower() != ".ipynb"
    store = None
    if execute and overrides.use_cache is not False:
        folder = overrides.cache_dir or deck.path.parent / ".deckbuild" / "cache"
        store = CacheStore(folder, deck.path.name, lambda warning: _notice(f"warning: {warning.format_message()}"))
    click.echo("warming the kernels: running the deck's cells in order")
    with ProgressReporter(enabled=not quiet) as progress:
        return session.warm(progress, store, refresh=bool(overrides.refresh))


def _kernels(session: Session) -> str:
    states = session.pool.states()
    listed = ", ".join(f"{state.name} {state.state}" for state in states)
    return f"{len(states)} kernel{'' if len(states) == 1 else 's'} ({listed})" if states else "no cells to run"


def _notice(message: str) -> None:
    """What the warm-up and a restart (from the speaker view) say, as plain lines: the bar belongs to the warm-up."""
    click.echo(message, err=True)


def _warn(message: str) -> None:
    click.echo(click.style("warning: ", fg="yellow") + message, err=True)
