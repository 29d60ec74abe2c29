"""Source files → `Deck`: one loader per kind of source, chosen by file suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.model import Deck

MARKDOWN_SUFFIXES = (".md", ".qmd", ".markdown")


def _markdown(path: Path, base: DeckConfig, text: str | None) -> Deck:
    from deckbuild.sources.markdown import load_markdown

    return load_markdown(path, base, text)


def _notebook(path: Path, base: DeckConfig, text: str | None) -> Deck:
    from deckbuild.sources.notebook import load_notebook

    return load_notebook(path, base, text)


LOADERS: dict[str, Callable[[Path, DeckConfig, str | None], Deck]] = {suffix: _markdown for suffix in MARKDOWN_SUFFIXES}
LOADERS[".ipynb"] = _notebook


def load(path: Path, base: DeckConfig, text: str | None = None) -> Deck:
    """The deck in the file at `path` (or in `text`, standing for that file), over the project's `base`."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise DeckError(
            f"cannot read `{path.suffix or path.name}` files",
            path=path,
            fix=f"give a deck ending in {', '.join(sorted(LOADERS))}",
        )
    return loader(path, base, text)
