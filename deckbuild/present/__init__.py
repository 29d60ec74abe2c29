"""`deckbuild present`: the deck served for the talk, with live cells that run on warm kernels.

    bind ─▶ build (from the cache) ─▶ warm the kernels ─▶ serve, rebuilding on save ─┐
                                       (cells in order)    ▲                          │
                                                           └──────── changed ◀────────┘
    Run (any window) ─▶ the cell's warm kernel ─▶ outputs stream to every window

It is `serve`'s loop (the pipeline's stages into a page in memory, the last good build kept on
an error, each warning once) with a `Talk` in it: the request handler, the secret, the warm-up,
the live cells marked on each executed deck before it is rendered.

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
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from deckbuild.execute.cache import CacheStore
from deckbuild.execute.progress import ProgressReporter
from deckbuild.model import Deck
from deckbuild.options import Overrides
from deckbuild.present.http import PresentHandler, PresentServer
from deckbuild.present.session import Session
from deckbuild.serve import Front, serve
from deckbuild.serve.http import DeckServer, Live

__all__ = ["present"]


def present(source: Path, *, warm: bool = True, overrides: Overrides | None = None, quiet: bool = False,
            **serving: Any) -> None:
    """Present `source` until Ctrl-C (KeyboardInterrupt) or until `stop` is set; `serving` are
    `serve`'s keywords (host, port, open_browser, stop, poll, on_ready)."""
    overrides = overrides or Overrides()
    # Builds read the cache: only the warm-up and Run run code.
    serve(source, overrides=replace(overrides, execute=False), quiet=quiet, front=Talk(overrides, quiet, warm), **serving)


class Talk(Front):
    """What `present` adds to `serve`: the talk's kernels, live cells and their controls."""

    verb = "presenting"
    exposed = "and learns the printed URL can run code in the talk's kernels"
    handler = PresentHandler

    def __init__(self, overrides: Overrides, quiet: bool, warm: bool) -> None:
        self.overrides, self.quiet, self.warm = overrides, quiet, warm
        self.session = Session(overrides, notice=_notice)

    def attach(self, server: DeckServer) -> str:
        talk: PresentServer = server  # type: ignore[assignment]
        talk.session, talk.secret = self.session, secrets.token_urlsafe(24)
        return f"?token={talk.secret}"

    def prepare(self, deck: Deck) -> None:
        self.session.prepare(deck)

    def built(self, live: Live) -> None:
        self.session.bus.publish("build", {"version": live.page.version, "shell": live.page.shell, "error": live.error})

    def started(self, rebuild: Callable[[], None]) -> None:
        if not self.warm or self.overrides.execute is False:
            click.echo("not warming the kernels (--no-warm): nothing has run yet; the first Run on each executor "
                       "starts its kernel with nothing defined")
        elif self._warm():
            rebuild()
        click.echo(f"ready: {_kernels(self.session)}")

    def close(self) -> None:
        self.session.close()

    def _warm(self) -> bool:
        """The warm-up, with serve's progress on the terminal; True when it filled the cache."""
        try:
            deck = self.session.current().deck
        except LookupError:  # the first build failed: its error is on screen; warm after a fix
            return False
        overrides = self.overrides
        execute = overrides.execute if overrides.execute is not None else deck.path.suffix.lower() != ".ipynb"
        store = None
        if execute and overrides.use_cache is not False:
            folder = overrides.cache_dir or deck.path.parent / ".deckbuild" / "cache"
            store = CacheStore(folder, deck.path.name, lambda warning: _notice(f"warning: {warning.format_message()}"))
        click.echo("warming the kernels: running the deck's cells in order")
        with ProgressReporter(enabled=not self.quiet) as progress:
            return self.session.warm(progress, store, refresh=bool(overrides.refresh))


def _kernels(session: Session) -> str:
    states = session.pool.states()
    listed = ", ".join(f"{state.name} {state.state}" for state in states)
    return f"{len(states)} kernel{'' if len(states) == 1 else 's'} ({listed})" if states else "no cells to run"


def _notice(message: str) -> None:
    """What the warm-up and a restart (from the speaker view) say, as plain lines: the bar belongs to the warm-up."""
    click.echo(message, err=True)
