"""Quarto's markup for a numbered figure, table or listing (users' stylesheets target it):

    <div id="fig-x" class="quarto-float quarto-figure quarto-figure-center">
      <figure class="quarto-float quarto-float-fig figure">
        <div aria-describedby="fig-x-caption">CONTENT</div>
        <figcaption id="fig-x-caption" class="quarto-float-caption-bottom quarto-float-caption quarto-float-fig">
          Figure 1: Caption</figcaption>
      </figure>
    </div>

Tables and listings put their caption on top, as Quarto does by default; a listing is aligned
left and its div is also a `listing`.
"""

from __future__ import annotations

import html

from deckbuild.references.crossref import Crossrefs

FLOAT_KINDS = ("fig", "tbl", "lst")
CAPTION_ON_TOP = ("tbl", "lst")


def float_kind(ident: str) -> str | None:
    """`fig-a` → "fig": the kind of float an id labels, or None."""
    kind = ident.partition("-")[0]
    return kind if ident.startswith(f"{kind}-") and kind in FLOAT_KINDS and len(ident) > len(kind) + 1 else None


CAPTION_CLASS = {"fig": "figure", "tbl": "table", "lst": "listing"}
"""The class Quarto gives a float's caption after its kind (stylesheets and Quarto's tests look for it)."""


def float_html(crossref: Crossrefs, kind: str, label: str, content: str, caption: str, line: int) -> str:
    """Number the float `label` and return its markup around `content` (HTML), captioned by `caption` (HTML)."""
    number = crossref.label(kind, label, line)
    ident = html.escape(label)
    where = "top" if kind in CAPTION_ON_TOP else "bottom"
    figcaption = (f'<figcaption id="{ident}-caption" class="quarto-float-caption-{where} quarto-float-caption '
                  f'quarto-float-{kind} {CAPTION_CLASS.get(kind, kind)}">{crossref.caption(kind, number, caption)}'
                  "</figcaption>")
    body = f'<div aria-describedby="{ident}-caption">\n{content.strip()}\n</div>'
    inside = f"{figcaption}\n{body}" if where == "top" else f"{body}\n{figcaption}"
    classes = ("listing " if kind == "lst" else "") + "quarto-float quarto-figure quarto-figure-" + (
        "left" if kind == "lst" else "center")
    return (f'<div id="{ident}" class="{classes}">\n<figure class="quarto-float quarto-float-{kind} figure">\n'
            f"{inside}\n</figure>\n</div>\n")


def div_float(crossref: Crossrefs, kind: str, label: str, inner: str, line: int) -> str:
    """`::: {#fig-x}` … `:::`: the div's last paragraph is its caption (Quarto's rule)."""
    stripped = inner.rstrip()
    start = stripped.rfind("<p>")
    if start >= 0 and stripped.endswith("</p>") and "</p>" not in stripped[start:-4]:
        caption, content = stripped[start + 3:-4], stripped[:start]
    else:
        caption, content = "", inner
    return float_html(crossref, kind, label, content, caption, line)
