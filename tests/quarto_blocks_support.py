"""Decks written inline for the Quarto block tests: rendered by the real pipeline, slides parsed."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from deckbuild import pipeline
from deckbuild.options import Overrides
from deckbuild.rendering.sinks import InlineSink


def write_deck(tmp_path: Path, body: str, front: str = "title: T", name: str = "talk.qmd") -> Path:
    path = tmp_path / name
    path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    return path


def slides(tmp_path: Path, body: str, front: str = "title: T") -> BeautifulSoup:
    """The deck's slides (without running its cells), as one parsed document."""
    deck = pipeline.load(write_deck(tmp_path, body, front), Overrides(execute=False, use_cache=False))
    rendered = pipeline.render(deck, InlineSink())
    return BeautifulSoup("".join(slide.html for slide in rendered.slides), "html.parser")


def page(tmp_path: Path, body: str, front: str = "title: T", name: str = "talk.qmd") -> Path:
    """The deck rendered to an HTML file (a .md deck gets deckbuild's themes, a .qmd Quarto's)."""
    import deckbuild

    return Path(deckbuild.render(write_deck(tmp_path, body, front, name), tmp_path / "talk.html", quiet=True,
                                 execute=False, use_cache=False))
