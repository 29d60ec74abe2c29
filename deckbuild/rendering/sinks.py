"""Where a page's assets go: into the page, into a folder beside it, or into memory for `serve`.

Rendering hands each stylesheet, script and local file the page needs (reveal.js, fonts, the
theme's CSS, images, the logo) to one `Sink`, and puts on the page the tag or URL it answers:

    InlineSink    one self-contained page: `<style>`, `<script>`, data URIs (the default)
    FolderSink    `talk_files/` (`--no-embed`): the files are collected here, written by `write`
    MemorySink    `deckbuild serve`: content-keyed URLs answered from memory; the deck's own
                  files keep their relative URLs, with `?v=mtime` so an edited one is fetched again

A sink writes nothing: what it collects (`files`) travels in the RenderedDeck to the writer or
to the server.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from deckbuild.rendering import assets

SERVED = "/_deckbuild/a/"


@dataclass(frozen=True, slots=True)
class Asset:
    """A file the page loads: text made while rendering, or a file on disk."""

    mime: str
    data: bytes | None = None
    path: Path | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()


class Sink(Protocol):
    files: dict[str, Asset]
    """What the page needs beside it, by name in the folder (FolderSink) or by URL (MemorySink)."""

    @property
    def folder(self) -> str | None:
        """The folder beside the page that `files` are written to; None when nothing is written."""

    def style(self, name: str, css: str, base: Path | None) -> str:
        """The tag for a stylesheet; its relative `url()`s are files in `base`."""

    def script(self, name: str, code: str) -> str:
        """The tag for a script."""

    def file(self, path: Path) -> str:
        """The URL the page uses for a local file (checked by the deck's read rule already)."""


@dataclass
class InlineSink:
    files: dict[str, Asset] = field(default_factory=dict)
    folder: None = None

    def style(self, name: str, css: str, base: Path | None) -> str:
        css = assets.inline_css_urls(css, base) if base else css
        return f"<style>\n{css}\n</style>"

    def script(self, name: str, code: str) -> str:
        safe = code.replace("</script", "<\\/script")
        return f"<script>\n{safe}\n</script>"

    def file(self, path: Path) -> str:
        return assets.data_uri(path)


@dataclass
class FolderSink:
    """Files for a folder the page reaches as `url` (`talk_files`); stylesheets sit in it beside their files."""

    url: str
    files: dict[str, Asset] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return self.url

    def style(self, name: str, css: str, base: Path | None) -> str:
        if base:
            css = assets.map_css_urls(css, base, lambda path: self._add(path, plain=True))
        self.files[name] = Asset("text/css", css.encode("utf-8"))
        return f'<link rel="stylesheet" href="{self.url}/{name}">'

    def script(self, name: str, code: str) -> str:
        self.files[name] = Asset("text/javascript", code.encode("utf-8"))
        return f'<script src="{self.url}/{name}"></script>'

    def file(self, path: Path) -> str:
        return f"{self.url}/{self._add(path, plain=False)}"

    def _add(self, path: Path, *, plain: bool) -> str:
        """A name of its own for each file, so two `logo.png`s from two folders do not clash; a
        stylesheet's files keep their own names where they can (fonts are found by them)."""
        resolved = path.resolve()
        name = resolved.name
        taken = self.files.get(name)
        if not plain or (taken is not None and taken.path != resolved):
            name = f"{resolved.stem}-{hashlib.sha1(str(resolved).encode()).hexdigest()[:8]}{resolved.suffix}"
        self.files[name] = Asset(assets.mime_type(resolved), path=resolved)
        return name


@dataclass
class MemorySink:
    """For `serve`: everything behind content-keyed URLs (cached by the browser across reloads),
    except the files under the deck's folder `root`, which the server hands out by their path."""

    root: Path
    files: dict[str, Asset] = field(default_factory=dict)
    folder: None = None

    def style(self, name: str, css: str, base: Path | None) -> str:
        if base is not None:
            css = assets.map_css_urls(css, base, self._served)
        return f'<link rel="stylesheet" href="{self._text(name, css, "text/css")}">'

    def script(self, name: str, code: str) -> str:
        return f'<script src="{self._text(name, code, "text/javascript")}"></script>'

    def file(self, path: Path) -> str:
        path = path.resolve()
        try:
            relative = path.relative_to(self.root.resolve())
        except ValueError:
            return self._served(path)
        if any(part.startswith(".") for part in relative.parts):  # the server hides dot-files
            return self._served(path)
        return f"{quote(relative.as_posix())}?v={path.stat().st_mtime_ns}"

    def _text(self, name: str, text: str, mime: str) -> str:
        data = text.encode("utf-8")
        url = f"{SERVED}{hashlib.sha1(data).hexdigest()[:12]}/{quote(name)}"
        self.files[url] = Asset(mime, data=data)
        return url

    def _served(self, path: Path) -> str:
        path = path.resolve()
        stat = path.stat()
        key = hashlib.sha1(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}".encode()).hexdigest()[:12]
        url = f"{SERVED}{key}/{quote(path.name)}"
        self.files[url] = Asset(assets.mime_type(path), path=path)
        return url
