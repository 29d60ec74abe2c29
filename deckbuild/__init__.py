"""deckbuild: technical talks from Markdown or notebooks to offline reveal.js decks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "render"]

if TYPE_CHECKING:
    import os
    from pathlib import Path


def render(source: str | os.PathLike[str], output: str | os.PathLike[str] | None = None, *, quiet: bool = False,
           **overrides: Any) -> Path:
    """Render a deck and return the path written; keywords are `deckbuild.options.Overrides`'
    fields (`theme="dark"`, `execute=False`, …)."""
    from pathlib import Path

    from deckbuild.options import Overrides
    from deckbuild.pipeline import render_file

    return render_file(Path(source), Path(output) if output else None, Overrides(**overrides), quiet=quiet)
