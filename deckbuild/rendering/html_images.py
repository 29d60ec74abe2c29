"""`<img src>` in HTML that an author or a cell wrote, pointed at the file the page embeds.

Raw HTML in a Markdown cell (`<img src="images/arch.png" width="60%">`, the usual way to size an
image in a notebook) and a stored `text/html` output (`IPython.display.Image(url=…)`) name local
files the way a Markdown image does; each `src` goes through the same `Resources` rules. Tags
are found by the standard library's tokenizer, so an `<img` inside a script, a comment or
escaped text is left alone; only the `src` value changes, every other byte stays.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

_IMG = re.compile(r"<img\b", re.IGNORECASE)
_SRC = re.compile(r"""(\ssrc\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.IGNORECASE)
LEFT_ALONE = ("data:", "#", "about:", "javascript:", "blob:")


def embed_images(markup: str, url: Callable[[str], str | None]) -> str:
    """`markup` with each `<img>`'s `src` replaced by `url(src)` (the value unescaped; None
    keeps it as written). Data URIs and empty values are never asked about."""
    if not _IMG.search(markup):
        return markup
    pieces, done = [], 0
    for start, tag in _image_tags(markup):
        replaced = _SRC.sub(lambda match: _resolved(match, url), tag, count=1)
        pieces += [markup[done:start], replaced]
        done = start + len(tag)
    return "".join(pieces) + markup[done:]


def _resolved(match: re.Match[str], url: Callable[[str], str | None]) -> str:
    value = html.unescape(match[2].strip("\"'")).strip()
    if not value or value.lower().startswith(LEFT_ALONE):
        return match[0]
    found = url(value)
    return match[0] if found is None else f'{match[1]}"{html.escape(found, quote=True)}"'


def _image_tags(markup: str) -> list[tuple[int, str]]:
    """(offset, raw text) of every `<img>` start tag, in order."""
    finder = _Finder()
    finder.feed(markup)
    finder.close()
    starts = [0] + [match.end() for match in re.finditer("\n", markup)]
    return [(starts[line - 1] + column, text) for (line, column), text in finder.found]


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text()
        if tag == "img" and text:
            self.found.append((self.getpos(), text))

    handle_startendtag = handle_starttag
