"""deckbuild: technical talks from Markdown or notebooks to offline reveal.js decks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "render"]

if TYPE_CHECKING:
    import os
    from pathlib import Path


def render(source: str | os.PathLike[str], output: str | os.PathLike[str] | None = None, **options: Any) -> Path:
    """Render a deck and return the output path; see `deckbuild.pipeline.render_file`."""
    from deckbuild.pipeline import render_file

    return render_file(source, output, **options)
