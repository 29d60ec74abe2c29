"""Quarto's `auto-stretch` (and `.r-stretch` on a figure): a script the page runs before reveal.js.

Done in the page rather than here because reveal.js stretches only an element that is a child
of its slide, measured against what else is on the slide: the script moves the image there,
and reveal.js sizes it on every layout (screen, print, PDF) with the real fonts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from deckbuild.config import DeckConfig


def auto_stretch(config: DeckConfig) -> bool:
    """Quarto's default is on; deckbuild's own decks keep their figures as laid out."""
    return config.auto_stretch if config.auto_stretch is not None else config.quarto


def stretch_script(config: DeckConfig) -> str:
    return f"{_source().rstrip()}({'true' if auto_stretch(config) else 'false'});\n"


@cache
def _source() -> str:
    return (Path(__file__).parent / "stretch.js").read_text("utf-8")  # importlib.resources costs more to import
