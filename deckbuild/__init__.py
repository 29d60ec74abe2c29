"""deckbuild: technical talks from Markdown or notebooks to offline reveal.js decks."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "render"]


def render(source, output=None, **options):  # type: ignore[no-untyped-def]
    """Render a deck and return the output path; see `deckbuild.pipeline.render`."""
    from deckbuild.pipeline import render as _render

    return _render(source, output, **options)
