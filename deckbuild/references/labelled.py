"""Where the slide renderer meets labels: `::: {#fig-x}` and `::: {#refs}` divs, and cells
labelled `#| label: fig-x` (with `fig-cap`), `tbl-x` (with `tbl-cap`) or `#| lst-label: lst-x`
(with `lst-cap`), whose outputs or code become a numbered float."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from deckbuild.model import Attrs, Cell
from deckbuild.options import CellOptions
from deckbuild.references.floats import div_float, float_html, float_kind

if TYPE_CHECKING:
    from deckbuild.references.resolve import References
    from deckbuild.rendering.cells import CellContext

REFS_CLASSES = "references csl-bib-body hanging-indent"


def div_html(references: References, attrs: Attrs, inner: str, line: int) -> str:
    """A float div (its last paragraph the caption), or the `#refs` div that receives the bibliography."""
    kind = float_kind(attrs.id)
    if kind is not None:
        return div_float(references.crossref, kind, attrs.id, inner, line)
    classes = " ".join([REFS_CLASSES, *(html.escape(c) for c in attrs.classes)])
    return f'<div id="refs" class="{classes}" role="list">\n{references.refs_div()}{inner}</div>\n'


def labelled_cell(cell: Cell, options: CellOptions, context: CellContext, references: References | None,
                  caption: Callable[[object], str]) -> tuple[CellOptions, CellContext]:
    """The options and context a labelled cell renders with: its outputs (or code) wrapped in a
    float captioned by `fig-cap`, `tbl-cap` or `lst-cap`; `caption` renders those as Markdown."""
    if references is None:
        return options, context
    label, listing = str(cell.options.get("label", "")), str(cell.options.get("lst-label", ""))
    kind = float_kind(label)
    if kind in ("fig", "tbl"):
        text = cell.options.get(f"{kind}-cap", "")
        first = text[0] if isinstance(text, list) and text else text
        crossref = references.crossref
        context = replace(context, wrap_outputs=lambda shown: float_html(crossref, kind, label, shown, caption(first), cell.line))
        if kind == "fig":
            options = replace(options, fig_cap=None)
    if float_kind(listing) == "lst":
        crossref = references.crossref
        code_caption = caption(cell.options.get("lst-cap", ""))
        context = replace(context, wrap_code=lambda code: float_html(crossref, "lst", listing, code, code_caption, cell.line))
    return options, context
