"""What a piece of HTML would make the browser fetch: its `src`, `href` of `<link>` and SVG
images, `srcset`, `poster`, `<object data>`, and CSS `url()` / `@import` in `style`.

Used on the HTML that cells output (a notebook's stored `text/html`, an SVG): deckbuild does
not write that markup, so rather than refuse a deck for it, rendering names the slide and what
would be fetched (`rendering.outputs`). Data URIs and `#fragment` links fetch nothing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HINT = re.compile(r"""(?:src|href|srcset|poster|data|background)\s*=|url\(|@import""", re.IGNORECASE)
_CSS = re.compile(r"""url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""", re.IGNORECASE)
_FETCHING = {"src", "poster", "background"}
_HREF_TAGS = {"link", "image", "use", "feimage", "script"}


def fetched(markup: str) -> list[str]:
    """The URLs `markup` would load, in order, without repeats; [] when it loads nothing."""
    if not _HINT.search(markup):
        return []  # most outputs (tables, text) hold no reference at all: skip the parse
    parser = _Collector()
    parser.feed(markup)
    parser.close()
    return [url for url in dict.fromkeys(parser.urls) if not url.startswith(("data:", "#", "about:", "javascript:"))]


def _srcset(value: str) -> list[str]:
    """The URLs of a `srcset`: each runs to whitespace (a data URI may hold commas), then its
    descriptors run to a comma (the HTML standard's parsing, without the descriptors)."""
    urls, position = [], 0
    while match := _CANDIDATE.match(value, position):
        url, position = match[1], match.end()
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", position)
            position = len(value) if comma < 0 else comma + 1
        urls.append(url)
    return urls


_CANDIDATE = re.compile(r"[\s,]*(\S+)")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if not value:
                continue
            value = value.strip()
            fetches = name in _FETCHING or (name == "data" and tag == "object")
            if fetches or (name in ("href", "xlink:href") and tag in _HREF_TAGS):
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls.extend(_srcset(value))
            elif name == "style":
                self._css(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False if tag == "style" else self._in_style

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data)

    def _css(self, css: str) -> None:
        self.urls.extend(match[1] or match[2] for match in _CSS.finditer(css))
