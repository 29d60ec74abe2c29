"""One executed cell as HTML: its code (if echoed) and its outputs, placed by `output-location`.

The slide renderer calls `render_cell` for each `Cell` in a slide body and puts
`CellHTML.html` where the cell was. For `output-location: slide` it must also add a new
slide right after the current one (same title, Quarto does the same) holding
`CellHTML.next_slide`. Markup, by location:

    default          <div class="cell">CODE OUTPUTS</div>
    fragment         <div class="cell">CODE <div class="cell-outputs fragment">OUTPUTS</div></div>
    column           <div class="cell columns column-output-location">
                       <div class="column">CODE</div><div class="column">OUTPUTS</div></div>
    column-fragment  the same, with `fragment` on the outputs' column
    slide            html: <div class="cell">CODE</div>
                     next_slide: <div class="cell cell-output-slide">OUTPUTS</div>
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from deckbuild.model import Cell
from deckbuild.options import CellOptions
from deckbuild.rendering.layouts import cell_outputs as layout_outputs
from deckbuild.rendering.libraries import Libraries
from deckbuild.rendering.outputs import OutputContext, render_outputs

Highlight = Callable[[str, str, "str | None"], str]


@dataclass(frozen=True, slots=True)
class CellContext:
    """What cell rendering borrows from the page renderer."""

    highlight: Highlight
    """`highlight(code, language, line_numbers)`: Pygments HTML in a `<pre>`. `line_numbers`
    is None for none, "" for numbers without highlights, or reveal.js steps such as "1-2|4"."""
    markdown: Callable[[str], str]
    """Block Markdown of the deck's dialect → HTML."""
    math: Callable[[str, bool], str]
    """`math(tex, display)` → KaTeX HTML."""
    libraries: Libraries = field(default_factory=Libraries)
    """The deck's libraries for interactive outputs (one per page)."""
    image: Callable[[str], str] | None = None
    """A local image an HTML output names → the URL the page uses (see `OutputContext.image`)."""
    wrap_outputs: Callable[[str], str] | None = None
    """A labelled cell's outputs, wrapped as one numbered float (`deckbuild.references.labelled`)."""
    wrap_code: Callable[[str], str] | None = None
    """A cell's code, wrapped as a numbered listing (`lst-label`)."""


@dataclass(slots=True)
class CellHTML:
    html: str
    """Goes where the cell is in the slide; "" when nothing is shown (`include: false`)."""
    next_slide: str | None = None
    """`output-location: slide`: the outputs, for a new slide right after this one."""
    code: str = ""
    """The pieces, for a renderer that wants to place them itself."""
    outputs: list[str] = field(default_factory=list)
    location: str = "default"
    notes: list[str] = field(default_factory=list)
    """Warnings to print with the cell's place (an output that cannot be drawn, a repaired one)."""


def render_cell(cell: Cell, options: CellOptions, ctx: CellContext) -> CellHTML:
    code = _code(cell, options, ctx) if options.show_code else ""
    if code and ctx.wrap_code:
        code = ctx.wrap_code(code)
    out_ctx = OutputContext(ctx.markdown, ctx.math, libraries=ctx.libraries, image=ctx.image)
    outputs = layout_outputs(lambda shown: render_outputs(cell.outputs, shown, out_ctx), cell.options, options, ctx.markdown)
    if outputs and ctx.wrap_outputs:
        outputs = [ctx.wrap_outputs("".join(outputs))]
    result = CellHTML("", None, code, outputs, options.output_location, out_ctx.notes)
    if code or outputs:
        result.html, result.next_slide = _place(code, "".join(outputs), options.output_location)
    return result


def _place(code: str, outputs: str, location: str) -> tuple[str, str | None]:
    if not outputs or location == "default":
        return f'<div class="cell">{code}{outputs}</div>', None
    if location == "fragment":
        return f'<div class="cell">{code}<div class="cell-outputs fragment">{outputs}</div></div>', None
    if location == "slide":
        return (f'<div class="cell">{code}</div>' if code else ""), f'<div class="cell cell-output-slide">{outputs}</div>'
    fragment = " fragment" if location == "column-fragment" else ""
    return (
        f'<div class="cell columns column-output-location"><div class="column">{code}</div>'
        f'<div class="column{fragment}">{outputs}</div></div>'
    ), None


def _code(cell: Cell, options: CellOptions, ctx: CellContext) -> str:
    if options.echo == "fenced":
        lines = [f"```{{{cell.language}}}", *(f"#| {k}: {_yaml(v)}" for k, v in cell.options.items())]
        fenced = "\n".join([*lines, cell.source, "```"])
        return f'<div class="cell-code">{ctx.highlight(fenced, "markdown", None)}</div>'
    numbers = options.code_line_numbers
    steps = None if numbers is False else ("" if numbers is True else str(numbers))
    return f'<div class="cell-code">{ctx.highlight(cell.source, cell.language, steps)}</div>'


def _yaml(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value)
