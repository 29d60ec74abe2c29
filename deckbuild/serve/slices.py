"""Cutting a rendered page into (before, slides, after) around reveal.js's `<div class="slides">`.

Themes own the page template, so the slides' place is found by parsing, not by a marker:
the first `div` whose classes include `slides`, up to its matching `</div>`. Only `div` tags
are counted; `<script>` and `<style>` bodies are skipped by the parser, as a browser would.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


def split_slides(page: str) -> tuple[str, str, str]:
    """`page` as (before, inside of the slides div, after); ("page", "", "") if there is none."""
    finder = _SlidesFinder(page)
    finder.feed(page)
    finder.close()
    if finder.start is None or finder.end is None:
        return page, "", ""
    return page[: finder.start], page[finder.start : finder.end], page[finder.end :]


class _SlidesFinder(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", page)]
        self.start: int | None = None
        self.end: int | None = None
        self._depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "div" or self.end is not None:
            return
        if self.start is not None:
            self._depth += 1
        elif "slides" in (dict(attrs).get("class") or "").split():
            self.start = self._offset() + len(self.get_starttag_text() or "")
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag != "div" or self.start is None or self.end is not None:
            return
        self._depth -= 1
        if self._depth == 0:
            self.end = self._offset()

