"""Helpers for the execution tests: decks built from the model (no parser needed), a kernel
marker that skips when ipykernel is missing (a missing resource: CI turns the skip into a failure),
and a cell context with real Markdown and stub maths."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import mistune
import pytest
from bs4 import BeautifulSoup

from deckbuild.config import DeckConfig
from deckbuild.model import Attrs, Cell, Deck, Slide
from deckbuild.options import CellOptions
from deckbuild.rendering.cells import CellContext
from deckbuild.rendering.highlight import highlight


def _have_kernel() -> bool:
    if importlib.util.find_spec("ipykernel") is None:
        return False
    from jupyter_client.kernelspec import KernelSpecManager

    return "python3" in KernelSpecManager().find_kernel_specs()


def kernel_mark() -> list[pytest.MarkDecorator]:
    reason = "missing resource: ipykernel's python3 kernel — pip install ipykernel"
    return [pytest.mark.kernel, pytest.mark.skipif(not _have_kernel(), reason=reason)]


def needs_kernel(test: Any) -> Any:
    """Decorator: the `kernel` marker, and a skip when there is no kernel (a failure in CI)."""
    for mark in kernel_mark():
        test = mark(test)
    return test


CellSpec = str | tuple[str, dict[str, Any]]


def make_deck(folder: Path, *cells: CellSpec, execute: dict[str, Any] | None = None,
              language: str = "python") -> Deck:
    """A deck with one slide per cell: slide N is titled "Slide N", cell N sits on line 10*N."""
    config = DeckConfig()
    if execute:
        config.execute = CellOptions(**execute)
    slides = []
    for number, spec in enumerate(cells, start=1):
        source, options = (spec, {}) if isinstance(spec, str) else spec
        cell = Cell(source, language, dict(options), line=10 * number, slide=number, slide_title=f"Slide {number}")
        slides.append(Slide(f"Slide {number}", 2, Attrs(), [cell], line=10 * number - 1, number=number))
    return Deck(folder / "talk.md", config, slides)


def cells(deck: Deck) -> list[Cell]:
    return list(deck.cells())


def math_stub(tex: str, display: bool) -> str:
    return f'<span class="math {"display" if display else "inline"}">{tex}</span>'


CONTEXT = CellContext(highlight=highlight, markdown=mistune.html, math=math_stub)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")
