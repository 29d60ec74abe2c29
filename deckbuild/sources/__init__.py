"""Source files → `Deck`: one loader per kind of source, chosen by file suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.model import Deck

MARKDOWN_SUFFIXES = (".md", ".qmd", ".markdown")


def _markdown(path: Path, base: DeckConfig) -> Deck:
    from deckbuild.sources.markdown import load_markdown

    return load_markdown(path, base)


def _notebook(path: Path, base: DeckConfig) -> Deck:
    from deckbuild.sources.notebook import load_notebook

    return load_notebook(path, base)


LOADERS: dict[str, Callable[[Path, DeckConfig], Deck]] = {suffix: _markdown for suffix in MARKDOWN_SUFFIXES}
LOADERS[".ipynb"] = _notebook


def is_source(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def load(path: Path, base: DeckConfig) -> Deck:
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise DeckError(
            f"cannot read `{path.suffix or path.name}` files",
            path=path,
            fix=f"give a deck ending in {', '.join(sorted(LOADERS))}",
        )
    return loader(path, base)


def locate(exc: DeckError, deck: Deck) -> DeckError:
    """The error with a notebook's lines (its cells read one after another) named as cells."""
    if not deck.cell_lines:
        return exc
    from deckbuild.sources.notebook import relocate

    return relocate(exc, deck.path, deck.cell_lines)
