"""The maths of one deck, typeset in deck order, as MathJax would typeset the page.

A deck's formulas are not independent: a macro defined in one holds for every later one, and
equation numbers run on from slide to slide. `DeckMaths` is the callable the Markdown renderer
and the cell outputs call for each formula (`maths(tex, display)` → HTML), once per deck
render, in deck order; it keeps that state and which engines were used (so the page carries
only the stylesheets it needs). Importing it starts nothing: V8 starts on the first formula.

A formula that cites a label defined later (a forward `\\eqref`) is typeset again once the
whole deck is, as MathJax does in a page: `resolve(page)` puts the second version in place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.rendering.tex_macros import Macro, MacroTable

if TYPE_CHECKING:
    from deckbuild.rendering.math import Formula

_PENDING = re.compile(r"<!--deckbuild-maths:(\d+)-->.*?<!--/deckbuild-maths:\1-->", re.DOTALL)


class DeckMaths:
    def __init__(self, macros: Iterable[Macro] = ()) -> None:
        """`macros`: those the deck defines outside its formulas (front matter, includes)."""
        from deckbuild.rendering.mathjax import Numbering

        self.macros = MacroTable(macros)
        self.numbering = Numbering()
        self.engines: set[str] = set()
        self._pending: list[Formula] = []
        """Formulas that cite labels defined after them, to typeset again at the end."""

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
        formula = math.Formula(body, display, preamble, self.numbering if numbered else None)
        result = math.typeset(formula)
        if result.numbering is not None:
            self.numbering = result.numbering
        self.engines.add(result.engine)
        if not result.unresolved:
            return result.html
        self._pending.append(formula)
        index = len(self._pending) - 1
        return f"<!--deckbuild-maths:{index}-->{result.html}<!--/deckbuild-maths:{index}-->"

    def resolve(self, page: str) -> str:
        """`page` with each forward reference typeset again, now that every label is known."""
        if not self._pending:
            return page
        from dataclasses import replace

        from deckbuild.rendering import math

        def again(found: re.Match[str]) -> str:
            formula = self._pending[int(found.group(1))]
            assert formula.numbering is not None
            numbering = replace(formula.numbering, labels=self.numbering.labels)
            return math.typeset(replace(formula, numbering=numbering)).html

        return _PENDING.sub(again, page)

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
