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


LOADERS: dict[str, Callable[[Path, DeckConfig], Deck]] = {suffix: _markdown for suffix in MARKDOWN_SUFFIXES}


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
