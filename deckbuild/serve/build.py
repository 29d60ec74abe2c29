"""Building the served page in memory: the render pipeline's stages, nothing written to disk.

Unlike `deckbuild render`, nothing is inlined: reveal.js, fonts and CSS are handed out from
memory under content-keyed URLs (the browser caches them across reloads), and the deck's own
files under its folder keep their relative URLs (with `?v=mtime`, so an edited image is
fetched again). A reload then moves only the slides' HTML.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as package_files
from pathlib import Path
from urllib.parse import quote

from deckbuild.model import Deck
from deckbuild.pipeline import RenderOptions, deck_theme, execute_deck, load_deck, report_warnings, save_formula_store
from deckbuild.rendering import assets
from deckbuild.rendering.page import Publisher, render_page
from deckbuild.rendering.resources import Resources, mime_type, to_data_uri
from deckbuild.serve.slices import split_slides
from deckbuild.themes import Theme

ASSETS = "/_deckbuild/a/"


@dataclass(frozen=True, slots=True)
class Asset:
    """A file the page loads from `/_deckbuild/a/…`: text made at build time, or a file on disk."""

    mime: str
    data: bytes | None = None
    path: Path | None = None


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
    """Every file the build read: the deck, project file, theme, stylesheets, images."""


@dataclass
class MemoryPublisher(Publisher):
    """A Publisher that keeps stylesheets and scripts in memory, behind content-keyed URLs."""

    embed: bool = False
    assets: dict[str, Asset] = field(default_factory=dict)
    files: set[Path] = field(default_factory=set)

    def style(self, name: str, css: str, base: Path | None) -> str:
        if base is not None:
            css = assets.map_css_urls(css, base, self._file)
        return f'<link rel="stylesheet" href="{self._text(name, css, "text/css")}">'

    def script(self, name: str, code: str) -> str:
        return f'<script src="{self._text(name, code, "text/javascript")}"></script>'

    def _text(self, name: str, text: str, mime: str) -> str:
        data = text.encode("utf-8")
        url = f"{ASSETS}{hashlib.sha1(data).hexdigest()[:12]}/{quote(name)}"
        self.assets[url] = Asset(mime, data=data)
        return url

    def _file(self, path: Path) -> str:
        path = path.resolve()
        self.files.add(path)
        stat = path.stat()
        key = hashlib.sha1(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}".encode()).hexdigest()[:12]
        url = f"{ASSETS}{key}/{quote(path.name)}"
        self.assets[url] = Asset(assets.MIME.get(path.suffix.lower()) or mime_type(path), path=path)
        return url


class LiveResources(Resources):
    """Files under the deck's folder keep relative URLs (the server hands them out); others are inlined."""

    def _publish(self, path: Path) -> str:
        root = self.deck_path.parent.resolve()
        try:
            relative = path.relative_to(root)
        except ValueError:
            return to_data_uri(path.read_bytes(), mime_type(path))
        if any(part.startswith(".") for part in relative.parts):  # the server hides dot-files
            return to_data_uri(path.read_bytes(), mime_type(path))
        return f"{quote(relative.as_posix())}?v={path.stat().st_mtime_ns}"


def build_page(path: Path, opts: RenderOptions, version: str,
               prepare: Callable[[Deck], None] | None = None) -> tuple[Page, Deck]:
    """Load, execute and render the deck at `path` into a `Page`; errors propagate.
    `prepare` may change the executed deck before it is rendered (`present` marks its live cells)."""
    from deckbuild.project import find_project
    from deckbuild.themes import forget_loaded

    forget_loaded()  # theme.yaml may have changed since the last build
    deck = load_deck(path, opts)
    execute_deck(deck, opts)
    if prepare is not None:
        prepare(deck)
    theme = deck_theme(deck)
    resources = LiveResources(deck.path, embed=False, resource_path=deck.config.resource_path)
    publisher = MemoryPublisher()
    html = render_page(deck, theme, resources, publisher)
    report_warnings(deck, resources, opts)
    save_formula_store()
    before, slides, after = split_slides(html)
    shell = hashlib.sha1(f"{before}\0{after}".encode()).hexdigest()[:16]
    project = find_project(path.parent).file
    watched = {path.resolve(), *resources.read, *publisher.files, *_theme_files(theme.chain())}
    if project is not None:
        watched.add(project.resolve())
    page = Page(version, with_client(html, version, shell).encode(), slides.encode(), shell,
                publisher.assets, frozenset(watched))
    return page, deck


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


def _theme_files(themes: list[Theme]) -> set[Path]:
    files: set[Path] = set()
    for theme in themes:
        files.update(p.resolve() for p in theme.path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files

