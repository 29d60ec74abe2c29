"""A drawn diagram as the slide shows it, in the markup Quarto gives a diagram cell.

    <div class="cell">
      <div class="cell-output-display">
        <div class="quarto-diagram mermaid">SVG</div>                  without a caption
        <figure id="fig-x" class="quarto-float quarto-float-fig cell-figure">  with `fig-cap`
          <div class="quarto-diagram mermaid" aria-describedby="fig-x-caption">SVG</div>
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
    """`inline` renders the caption's Markdown."""
    label = html.escape(str(diagram.options.get("label") or ""))
    caption = diagram.options.get("fig-cap")
    kind = CLASSES[diagram.engine]
    if not caption:
        ident = f' id="{label}"' if label else ""
        body = f'<div class="quarto-diagram {kind}"{ident}>{diagram.svg}</div>'
    else:
        ident, described, caption_id = (f' id="{label}"', f' aria-describedby="{label}-caption"',
                                        f' id="{label}-caption"') if label else ("", "", "")
        body = (f'<figure{ident} class="quarto-float quarto-float-fig cell-figure">'
                f'<div class="quarto-diagram {kind}"{described}>{diagram.svg}</div>'
                f"<figcaption{caption_id}>{inline(str(caption))}</figcaption></figure>")
    return f'<div class="cell"><div class="cell-output-display">{body}</div></div>'
