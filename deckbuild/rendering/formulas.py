"""A quick look for the formulas in a deck's Markdown, before it is rendered.

Only a guess (no Markdown parsing: `$` in code counts too), good enough to know early whether
KaTeX will be needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from deckbuild.model import Block, Deck, Div, Markdown

DISPLAY = re.compile(r"\$\$[ \t]*\n?(.+?)\n?[ \t]*\$\$", re.S)
INLINE = re.compile(r"(?<![\\$])\$(?![\s$])((?:[^$\\\n]|\\.)+?)\$(?!\d)")


def formulas_in(deck: Deck) -> list[tuple[str, bool]]:
    """(TeX, display) pairs that look like maths, in order."""
    found: list[tuple[str, bool]] = []
    for text in _texts(deck):
        if "$" not in text:
            continue
        found.extend((tex, True) for tex in DISPLAY.findall(text))
        found.extend((tex, False) for tex in INLINE.findall(DISPLAY.sub(" ", text)))
    return found


def _texts(deck: Deck) -> Iterator[str]:
    yield deck.config.title
    yield deck.config.subtitle
    for slide in deck.slides:
        yield slide.title
        yield from _markdown(slide.body)
    for note in deck.footnotes.values():
        yield note.text


def _markdown(blocks: list[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Markdown):
            yield block.text
        elif isinstance(block, Div):
            yield from _markdown(block.children)
