"""The maths of one deck, typeset in deck order, as MathJax would typeset the page.

A deck's formulas are not independent: a macro defined in one holds for every later one, and
equation numbers run on from slide to slide. `DeckMaths` is the callable the Markdown renderer
and the cell outputs call for each formula (`maths(tex, display)` → HTML), once per deck
render, in deck order; it keeps that state and which engines were used (so the page carries
only the stylesheets it needs). Importing it starts nothing: V8 starts on the first formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from deckbuild.rendering.tex_macros import Macro, MacroTable


class DeckMaths:
    def __init__(self, macros: Iterable[Macro] = ()) -> None:
        """`macros`: those the deck defines outside its formulas (front matter, includes)."""
        from deckbuild.rendering.mathjax import Numbering

        self.macros = MacroTable(macros)
        self.numbering = Numbering()
        self.engines: set[str] = set()

    @property
    def used(self) -> bool:
        return bool(self.engines)

    def __call__(self, tex: str, display: bool) -> str:
        """HTML for the formula; "" for one that only defines macros (it shows nothing)."""
        from deckbuild.rendering import math

        body = self.macros.take(tex)
        if not body.strip():
            return ""
        preamble = self.macros.preamble(body)
        numbered = math.needs_numbering(preamble + body)
        result = math.typeset(math.Formula(body, display, preamble, self.numbering if numbered else None))
        if result.numbering is not None:
            self.numbering = result.numbering
        self.engines.add(result.engine)
        return result.html

    def stylesheets(self) -> list[tuple[str, str, Path | None]]:
        """(name, CSS, folder its `url()`s are relative to) for each engine this deck used."""
        from deckbuild.rendering import assets

        sheets: list[tuple[str, str, Path | None]] = []
        if "katex" in self.engines:
            katex = assets.vendor_path("katex/katex.min.css")
            sheets.append(("katex.css", assets.read_text("katex/katex.min.css"), katex.parent))
        if "mathjax" in self.engines:
            from deckbuild.rendering.math import mathjax_stylesheet

            sheets.append(("mathjax.css", mathjax_stylesheet(), None))
        return sheets
