"""Building the served page in memory, through the pipeline's stages; nothing is written to disk.

Unlike `deckbuild render`, nothing is inlined: reveal.js, fonts and CSS are handed out from
memory under content-keyed URLs (the browser caches them across reloads), and the deck's own
files under its folder keep their relative URLs (with `?v=mtime`, so an edited image is
fetched again) — the `MemorySink`. A reload then moves only the slides' HTML, which the
RenderedDeck says where to find.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as package_files
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.options import Overrides
from deckbuild.rendering.sinks import Asset

if TYPE_CHECKING:
    from deckbuild.execute.events import Event
    from deckbuild.model import Deck
    from deckbuild.pipeline import RenderedDeck


@dataclass(frozen=True, slots=True)
class Page:
    """One build of the deck, as the server hands it out."""

    version: str
    html: bytes
    """The whole page, with the live-reload client in it."""
    slides: bytes
    """The inside of `<div class="slides">`: what an in-place update swaps."""
    shell: str
    """A hash of everything but the slides: when it changes, the page reloads instead."""
    assets: dict[str, Asset] = field(default_factory=dict)
    watched: frozenset[Path] = frozenset()
    """Every file the build read: the deck, project file, theme (and its SCSS), stylesheets, images."""


def build_page(path: Path, overrides: Overrides, version: str, progress: Callable[[Event], None] | None = None,
               prepare: Callable[[Deck], None] | None = None) -> tuple[Page, RenderedDeck]:
    """Load, execute and render the deck at `path` into a `Page`; errors propagate.
    `prepare` may change the executed deck before it is rendered (`present` marks its live cells)."""
    from deckbuild import pipeline
    from deckbuild.rendering.sinks import MemorySink
    from deckbuild.themes import forget_loaded

    forget_loaded()  # theme.yaml may have changed since the last build
    deck = pipeline.load(path, overrides)
    report = pipeline.execute(deck, overrides, progress=progress)
    if prepare is not None:
        prepare(deck)
    rendered = pipeline.render(deck, MemorySink(deck.path.parent), report)
    html = rendered.html
    start, end = rendered.slides_span or (len(html), len(html))
    shell = hashlib.sha1(f"{html[:start]}\0{html[end:]}".encode()).hexdigest()[:16]
    page = Page(version, with_client(html, version, shell).encode(), html[start:end].encode(), shell,
                rendered.files, rendered.inputs | {path.resolve()})
    return page, rendered


def error_page(path: Path, version: str, watched: frozenset[Path]) -> Page:
    """What a browser gets while the deck has never built: the overlay, waiting for a fix."""
    html = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{path.name} — deckbuild serve</title></head>\n<body style=\"background:#1e1e1e\">\n</body></html>\n")
    return Page(version, with_client(html, version, "none").encode(), b"", "none", {}, watched)


def with_client(html: str, version: str, shell: str) -> str:
    """`html` with the live-reload client before `</body>` (the served page only)."""
    state = json.dumps({"version": version, "shell": shell}).replace("</", "<\\/")
    client = f"<script>window.__deckbuild = {state};\n{_client_js()}</script>\n"
    end = html.lower().rfind("</body>")
    return html + client if end < 0 else html[:end] + client + html[end:]


@cache
def _client_js() -> str:
    return package_files.files("deckbuild.serve").joinpath("client.js").read_text("utf-8")
