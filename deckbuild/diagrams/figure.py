"""A drawn diagram as the slide shows it, in the markup Quarto gives a diagram cell.

    <div class="cell">
      <div class="cell-code">SOURCE</div>                             with `echo: true`
      <div class="cell-output-display">
        <div class="quarto-diagram mermaid quarto-figure quarto-figure-center">SVG</div>   without a caption
        <figure id="fig-x" class="quarto-float quarto-float-fig cell-figure">                 with `fig-cap`
          <div class="quarto-diagram mermaid …" aria-describedby="fig-x-caption">SVG</div>
          <figcaption id="fig-x-caption">caption</figcaption>
        </figure>

A `label` without a caption still lands as the diagram's id, so `@fig-x` can find it.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from deckbuild.model import Diagram

CLASSES = {"mermaid": "mermaid", "dot": "graphviz"}


def figure(diagram: Diagram, inline: Callable[[str], str]) -> str:
    """`inline` renders the caption's Markdown. Centred unless `fig-align` says otherwise, as
    Quarto aligns diagrams on reveal.js slides; `echo: true` shows the diagram's source above it."""
    label = html.escape(str(diagram.options.get("label") or ""))
    caption = diagram.options.get("fig-cap")
    align = str(diagram.options.get("fig-align") or "center")
    align = "center" if align == "default" else align
    drawing = (f'<div class="quarto-diagram {CLASSES[diagram.engine]} quarto-figure quarto-figure-{align}"'
               f' style="text-align: {align}"{{attrs}}>{diagram.svg}</div>')
    if not caption:
        body = drawing.replace("{attrs}", f' id="{label}"' if label else "")
    else:
        ident, described, caption_id = (f' id="{label}"', f' aria-describedby="{label}-caption"',
                                        f' id="{label}-caption"') if label else ("", "", "")
        body = (f'<figure{ident} class="quarto-float quarto-float-fig cell-figure">{drawing.replace("{attrs}", described)}'
                f"<figcaption{caption_id}>{inline(str(caption))}</figcaption></figure>")
    code = _source(diagram) if diagram.options.get("echo") is True else ""
    return f'<div class="cell">{code}<div class="cell-output-display">{body}</div></div>'


def _source(diagram: Diagram) -> str:
    from deckbuild.rendering.highlight import highlight

    return f'<div class="cell-code">{highlight(diagram.source, diagram.engine, None)}</div>'
