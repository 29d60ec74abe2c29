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
from deckbuild.execute.events import Event
from deckbuild.execute.progress import ProgressReporter
from deckbuild.pipeline import RenderOptions, gateway_executor, load_deck
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
    opts: RenderOptions | None = None,
    stop: threading.Event | None = None,
    poll: float = 0.05,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Present `source` until Ctrl-C (KeyboardInterrupt) or until `stop` is set."""
    source = Path(source).absolute()
    stop = stop or threading.Event()
    opts = opts or RenderOptions()
    opts.warn = adapter.once(opts.warn)  # each warning once per talk, not once per save
    run_cells = warm and opts.execute is not False
    build_opts = replace(opts, execute=False)  # builds read the cache; only the warm-up and Run run code
    gateway = gateway_executor(load_deck(source, replace(opts, quiet=True)), opts) if opts.gateway else None
    session = Session(kernel=opts.kernel, gateway=gateway)
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
        rebuild = _rebuilder(source, build_opts, live, watcher, session)
        rebuild()
        url = f"{adapter.page_url(server)}?token={_secret(server)}"
        click.echo(f"presenting {source.name} at {url} (Ctrl-C to stop)")
        if run_cells:
            if _warm(session, source, opts):
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
    present_server.progress = _print_event


def _secret(server: adapter.DeckServer) -> str:
    secret: str = getattr(server, "secret")  # noqa: B009 - set by _attach
    return secret


def _rebuilder(source: Path, opts: RenderOptions, live: adapter.Live, watcher: adapter.Watcher,
               session: Session) -> Callable[[], None]:
    def rebuild() -> None:
        adapter.rebuild(source, opts, live, watcher, session.prepare)
        opts.refresh = False
        session.bus.publish("build", {"version": live.page.version, "shell": live.page.shell, "error": live.error})

    return rebuild


def _warm(session: Session, source: Path, opts: RenderOptions) -> bool:
    """The warm-up, with serve's progress on the terminal; True when it filled the cache."""
    try:
        session.current()
    except LookupError:  # the first build failed: its error is on screen; warm after a fix
        return False
    deck = session.current().deck
    execute = opts.execute if opts.execute is not None else deck.path.suffix != ".ipynb"
    store = None
    if execute and opts.use_cache:
        store = CacheStore(opts.cache_dir or deck.path.parent / ".deckbuild" / "cache", deck.path.name, opts.warn)
    click.echo("warming the kernels: running the deck's cells in order")
    with ProgressReporter(enabled=not opts.quiet) as progress:
        return session.warm(progress, store, refresh=opts.refresh)


def _kernels(session: Session) -> str:
    states = session.pool.states()
    listed = ", ".join(f"{state.name} {state.state}" for state in states)
    return f"{len(states)} kernel{'' if len(states) == 1 else 's'} ({listed})" if states else "no cells to run"


def _print_event(event: Event) -> None:
    """Progress of a restart (from the speaker view), as plain lines: the bar belongs to the warm-up."""
    from deckbuild.execute.events import Warned

    if isinstance(event, Warned):
        click.echo(event.message, err=True)


def _warn(message: str) -> None:
    click.echo(click.style("warning: ", fg="yellow") + message, err=True)
