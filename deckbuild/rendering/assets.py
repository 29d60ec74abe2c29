"""Where the bundled front-end files are, and how stylesheets take them along.

`deckbuild/_vendor/` is filled at build time by `hatch_build.py` (see `MANIFEST.json` there):

    reveal.js/{reveal.js, reveal.css, notes.js, LICENSE}
    katex/{katex.min.js, katex.min.css, fonts/*.woff2, LICENSE}
    fonts/<family>/{fonts.css, <family>-latin-<weight>-<style>.woff2, LICENSE}

A deck never references anything remote: stylesheets are either inlined (every relative
`url()` becomes a data URI) or put beside the page with their files (`talk_files/`, or served).
Only the woff2 alternative of a font is kept, so a self-contained page stays small.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from deckbuild.errors import AssetsMissing

VENDOR = Path(__file__).resolve().parent.parent / "_vendor"

MIME = {
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",
    ".css": "text/css", ".js": "text/javascript",
}  # fmt: skip

# url("…") / url('…') / url(…): quoted forms may hold parentheses (SVG data URIs do).
_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)""")
# A `src:` value: quoted strings and (…) groups may hold ";" (data URIs), the rest may not.
_SRC = re.compile(r"""(\bsrc\s*:\s*)((?:"[^"]*"|'[^']*'|\((?:"[^"]*"|'[^']*'|[^)"'])*\)|[^;}()"'])*)""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def vendor_path(relative: str) -> Path:
    """The bundled file `relative` (e.g. "katex/katex.min.css"); AssetsMissing if absent."""
    path = VENDOR / relative
    if not path.is_file():
        raise AssetsMissing(
            f"bundled file {relative!r} is missing from {VENDOR}: this deckbuild install is "
            "broken. Reinstall it (`pip install --force-reinstall deckbuild`), or in a source "
            "checkout run `pip install -e .` with Node.js 20+ and npm on PATH."
        )
    return path


@functools.cache
def read_text(relative: str) -> str:
    """A bundled text file, read once per process (decks re-render often while serving)."""
    return vendor_path(relative).read_text("utf-8")


@functools.cache
def manifest() -> dict[str, Any]:
    """`_vendor/MANIFEST.json`: package versions, licences, files, font family names."""
    return json.loads(read_text("MANIFEST.json"))  # type: ignore[no-any-return]


def mime_type(path: Path) -> str:
    """By the suffix: the types a page uses first, then the system's table."""
    found = MIME.get(path.suffix.lower())
    if found is None:
        import mimetypes  # reads the system's table: only for a file of another kind

        found = mimetypes.guess_type(path.name)[0]
    return found or "application/octet-stream"


def data_uri(path: Path) -> str:
    """`path` as a base64 data URI, its MIME type taken from the suffix."""
    path = Path(path).resolve()
    stat = path.stat()
    return _data_uri(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _data_uri(path: Path, mtime: int, size: int) -> str:
    """Kept while the file is unchanged (a long-running exporter or server renders again)."""
    return f"data:{mime_type(path)};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_css_urls(css: str, base: Path) -> str:
    """`css` with every relative `url()` (resolved against `base`) replaced by a data URI."""
    return _rewrite_urls(css, base, lambda path: data_uri(path))


def map_css_urls(css: str, base: Path, new_url: Callable[[Path], str]) -> str:
    """`css` with each relative `url()` (a file under `base`) replaced by `new_url(file)`:
    the sinks copy or serve the files this way."""
    return _rewrite_urls(css, base, new_url)


def _rewrite_urls(css: str, base: Path, new_url: Callable[[Path], str]) -> str:
    def replace(match: re.Match[str]) -> str:
        url = next(g for g in match.groups() if g is not None)
        if url.startswith(("data:", "#")) or not url:
            return match.group(0)
        return f'url("{new_url(_local_file(url, base))}")'

    return _URL.sub(replace, woff2_only(css))


def _local_file(url: str, base: Path) -> Path:
    """The file a relative stylesheet URL names; remote or absolute URLs are refused."""
    if _SCHEME.match(url) or url.startswith(("/", "\\")):
        raise ValueError(f"stylesheet refers to {url!r}: decks only use files beside the stylesheet")
    path = Path(base) / re.split(r"[?#]", url, maxsplit=1)[0]
    if not path.is_file():
        raise FileNotFoundError(f"stylesheet refers to {url!r}, but {path} does not exist")
    return path


def woff2_only(css: str) -> str:
    """Drop woff/ttf/eot alternatives from `src:` lists that also offer woff2."""

    def replace(match: re.Match[str]) -> str:
        entries = _split_commas(match.group(2))
        woff2 = [e for e in entries if "woff2" in e]
        if not woff2 or len(woff2) == len(entries):
            return match.group(0)
        kept = [e for e in entries if e in woff2 or e.lstrip().startswith("local(")]
        return match.group(1) + ",".join(kept)

    return _SRC.sub(replace, css)


def _split_commas(value: str) -> list[str]:
    """Split a CSS list on top-level commas (data URIs and format() hold commas too)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(value):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(value[start:i])
            start = i + 1
    return [*parts, value[start:]]
