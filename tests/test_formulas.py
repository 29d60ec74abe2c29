"""The early look for formulas finds what the renderer will typeset."""

from __future__ import annotations

from pathlib import Path

from deckbuild.config import DeckConfig
from deckbuild.rendering.formulas import formulas_in
from deckbuild.sources import load

DIALECT = Path(__file__).parent / "fixtures" / "dialect"


def test_finds_inline_and_display_maths_as_mistune_splits_them() -> None:
    deck = load(DIALECT / "maths.md", DeckConfig())
    assert formulas_in(deck) == [
        ("\\frac{\\partial L}{\\partial w_{ij}} = \\delta_j \\, a_i", True),
        ("\\sum_{i=1}^n i = \\frac{n(n+1)}{2}", True),
        ("\\sigma(z) = \\frac{1}{1 + e^{-z}}", False),
    ]


def test_a_deck_without_dollars_has_none() -> None:
    assert formulas_in(load(DIALECT / "divs.md", DeckConfig())) == []
