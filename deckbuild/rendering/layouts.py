"""Quarto's panel layouts: `layout-ncol`, `layout-nrow`, `layout="[[1,1],[1]]"`, `layout-valign`
and `layout-align`, on a fenced div or on a cell whose outputs are several plots.

Each block inside (a paragraph, a figure, a div, an output) becomes one cell of a grid of rows,
in Quarto's markup, which users' stylesheets target:

    <div class="quarto-layout-panel">
      <div class="quarto-layout-row [quarto-layout-valign-top|center|bottom]">
        <div class="quarto-layout-cell" style="flex-basis: 50.0%;justify-content: center;">…</div>

In `layout`, each row's numbers are relative widths; a negative one is an empty spacer of that
width (`quarto-figure-spacer`). A heading inside the div goes into the next cell as bold text,
as Quarto does on slides. A div with a `#fig-…` or `#tbl-…` id is a figure (or table) whose
caption is the div's last paragraph; its cells are subfigures (`quarto-layout-cell-subref`,
`data-ref-parent`), and every id stays where it was written, for cross-references to number.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any

from deckbuild.model import Attrs
from deckbuild.options import CellOptions
from deckbuild.rendering.html_isolation import VOID
from deckbuild.rendering.markdown import attrs_html

_STDERR = re.compile(r'<div class="[^"]*\bcell-output-stderr\b')
KEYS = ("layout", "layout-ncol", "layout-nrow")
OTHER_KEYS = ("layout-valign", "layout-align")
VALIGNS = ("top", "center", "bottom")
ALIGNS = {"left": "flex-start", "center": "center", "right": "flex-end"}


class LayoutError(ValueError):
    """A layout option that cannot be read; the caller knows the line."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


@dataclass(frozen=True, slots=True)
class Layout:
    rows: list[list[float]]
    """Each row's cell widths in percent; a negative width is a spacer."""
    valign: str = ""
    align: str = "center"

    @classmethod
    def read(cls, values: dict[str, Any], count: int) -> Layout:
        """The layout asked for by `values` (a div's attributes or a cell's options) for `count` cells."""
        valign = str(values.get("layout-valign", ""))
        if valign and valign not in VALIGNS:
            raise LayoutError(f"layout-valign: expected top, center or bottom, got {valign!r}", "write layout-valign=\"center\"")
        align = str(values.get("layout-align", "center"))
        if align not in ALIGNS:
            raise LayoutError(f"layout-align: expected left, center or right, got {align!r}", "write layout-align=\"left\"")
        if "layout" in values and not ("layout-ncol" in values or "layout-nrow" in values):
            return cls(_grid(values["layout"], count), valign, align)
        columns = _count(values, "layout-ncol")
        if columns is None:
            rows = _count(values, "layout-nrow") or 1
            columns = max(1, math.ceil(count / rows))
        width = round(100 / columns, 1)
        return cls([[width] * columns for _ in range(max(1, math.ceil(count / columns)))], valign, align)


def wants_layout(values: dict[str, Any]) -> bool:
    return any(key in values for key in KEYS)


def _count(values: dict[str, Any], key: str) -> int | None:
    if key not in values:
        return None
    value = values[key]
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or str(value).strip() != str(number):
        raise LayoutError(f"{key}: expected a positive whole number, got {value!r}", f'write {key}="2"')
    return number


def _grid(spec: Any, count: int) -> list[list[float]]:
    """`[[1,1],[1]]` (or one row, `[1,-1,1]`) → widths in percent, row by row; rows after the
    last one repeat it while cells remain (Quarto would drop those cells)."""
    fix = 'write layout="[[1,1],[1]]": a list of rows, each a list of relative widths'
    rows = spec
    if isinstance(spec, str):
        try:
            rows = json.loads(spec)
        except ValueError:
            raise LayoutError(f"layout: cannot read {spec!r}", fix) from None
    if isinstance(rows, list) and rows and all(_number(v) for v in rows):
        rows = [rows]
    if not (isinstance(rows, list) and rows and all(isinstance(r, list) and r and all(_number(v) for v in r) for r in rows)):
        raise LayoutError(f"layout: expected a list of rows of numbers, got {spec!r}", fix)
    percent = []
    for row in rows:
        total = sum(abs(v) for v in row)
        if total == 0:
            raise LayoutError(f"layout: a row of zero widths, {row!r}", fix)
        percent.append([round(100 * v / total, 1) for v in row])
    filled = sum(1 for row in percent for w in row if w >= 0)
    while filled < count and any(w >= 0 for w in percent[-1]):
        percent.append(list(percent[-1]))
        filled += sum(1 for w in percent[-1] if w >= 0)
    return percent


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def panel(cells: list[str], layout: Layout, *, ref_parent: str = "", attrs: str = ' class="quarto-layout-panel"') -> str:
    """The cells (HTML, in order) laid out in rows; `attrs` are the panel's own, as HTML."""
    queue = list(cells)
    rows = []
    for widths in layout.rows:
        if not queue:
            break
        row = []
        for width in widths:
            if width < 0:
                row.append(f'<div class="quarto-figure-spacer quarto-layout-cell" style="flex-basis: {-width}%;">'
                           "<p>&nbsp;</p></div>")
            elif queue:
                row.append(_cell(queue.pop(0), width, layout.align, ref_parent))
        valign = f" quarto-layout-valign-{layout.valign}" if layout.valign else ""
        rows.append(f'<div class="quarto-layout-row{valign}">\n{"".join(row)}\n</div>')
    return f'<div{attrs}>\n{"".join(rows)}\n</div>'


def _cell(html: str, width: float, align: str, ref_parent: str) -> str:
    classes = "quarto-layout-cell-subref quarto-layout-cell" if ref_parent else "quarto-layout-cell"
    parent = f' data-ref-parent="{ref_parent}"' if ref_parent else ""
    style = f"flex-basis: {width}%;justify-content: {ALIGNS[align]};"
    return f'<div class="{classes}"{parent} style="{style}">\n{html.strip()}\n</div>'


def div_panel(attrs: Attrs, children: list[str], numbered: Callable[[str, str], str] | None = None) -> str:
    """A fenced div with a layout: its blocks as cells; a `#fig-`/`#tbl-` div also a float
    with its last paragraph as caption, which `numbered(kind, caption)` numbers with the deck's
    other floats (the cross-references)."""
    blocks = _with_headings([piece for child in children for piece in top_level(child)])
    kind = next((k for k in ("fig", "tbl") if attrs.id.startswith(f"{k}-")), "")
    caption = ""
    if kind and len(blocks) > 1 and re.fullmatch(r"<p>.*</p>", blocks[-1].strip(), re.S):
        caption = blocks.pop().strip()[3:-4]
    layout = Layout.read(attrs.values, len(blocks))
    own = Attrs(attrs.id, list(attrs.classes), {k: v for k, v in attrs.values.items() if k not in (*KEYS, *OTHER_KEYS)})
    if not kind:
        return panel(blocks, layout, attrs=attrs_html(own, extra_classes=("quarto-layout-panel",))) + "\n"
    grid = panel(blocks, layout, ref_parent=attrs.id)
    place = "bottom" if kind == "fig" else "top"
    caption = numbered(kind, caption) if numbered else caption
    figcaption = (f'<figcaption class="quarto-float-caption-{place} quarto-float-caption quarto-float-{kind}">'
                  f"{caption}</figcaption>") if caption else ""
    inner = f"{grid}{figcaption}" if place == "bottom" else f"{figcaption}{grid}"
    outer = attrs_html(own, extra_classes=("quarto-float", f"quarto-{'figure' if kind == 'fig' else 'table'}",
                                           f"quarto-figure-{'center' if kind == 'fig' else 'left'}"))
    return f'<div{outer}><figure class="quarto-float quarto-float-{kind} figure">\n{inner}\n</figure></div>\n'


def cell_outputs(render: Callable[[CellOptions], list[str]], values: dict[str, Any], options: CellOptions,
                 markdown: Callable[[str], str]) -> list[str]:
    """A cell's outputs (`render(options)`) laid out as its `layout*` options ask, its code
    staying above them. With `label: fig-…`, Quarto's figure: `fig-subcap` captions each plot,
    `fig-cap` the whole."""
    label = str(values.get("label", ""))
    subcaps = values.get("fig-subcap")
    if subcaps is not None and not (isinstance(subcaps, list) and all(isinstance(c, str) for c in subcaps)):
        raise LayoutError(f"fig-subcap: expected a list of captions, got {subcaps!r}", "write fig-subcap: [First, Second]")
    figure = wants_layout(values) and label.startswith("fig-")
    caption = options.fig_cap if figure and isinstance(options.fig_cap, str) else None
    if figure and (caption is not None or subcaps):
        options = replace(options, fig_cap=subcaps)
    outputs = render(options)
    if not wants_layout(values) or not outputs:
        return outputs
    pieces = [piece for output in outputs for piece in top_level(output)]
    before = [piece for piece in pieces if _STDERR.match(piece)]  # warnings go above, as in Quarto
    cells = [piece for piece in pieces if not _STDERR.match(piece)]
    if not cells:
        return before
    grid = panel(cells, Layout.read(values, len(cells)), ref_parent=label if figure else "")
    if not figure:
        return [*before, grid]
    text = markdown(caption).strip() if caption else ""
    text = text[3:-4] if text.startswith("<p>") and text.endswith("</p>") else text
    figcaption = (f'<figcaption class="quarto-float-caption-bottom quarto-float-caption quarto-float-fig">{text}</figcaption>'
                  if text else "")
    return [*before, f'<div id="{html.escape(label)}" class="quarto-float quarto-figure quarto-figure-center">'
                     f'<figure class="quarto-float quarto-float-fig figure">\n{grid}{figcaption}\n</figure></div>']


def _with_headings(blocks: list[str]) -> list[str]:
    """A heading is not a cell of its own: it opens the next one, as bold text."""
    merged: list[str] = []
    heading = ""
    for block in blocks:
        match = re.fullmatch(r"<h[1-6][^>]*>(.*)</h[1-6]>", block.strip(), re.S)
        if match:
            heading += f"<p><strong>{match.group(1)}</strong></p>\n"
            continue
        merged.append(heading + block)
        heading = ""
    if heading:
        merged.append(heading)
    return merged


def top_level(html: str) -> list[str]:
    """The HTML's top-level elements (and runs of text between them), each as written."""
    splitter = _Splitter(html)
    splitter.feed(html)
    splitter.close()
    pieces = [html[a:b] for a, b in splitter.spans]
    return [piece for piece in pieces if piece.strip()]


class _Splitter(HTMLParser):
    """Offsets of each top-level element: the tokenizer's positions, back in the original text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.starts = [0, *(m.end() for m in re.finditer("\n", html))]
        self.depth = 0
        self.open_at = 0
        self.last = 0
        self.spans: list[tuple[int, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def _close_at(self, end: int) -> None:
        self.spans.append((self.open_at, end))
        self.last = end

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._offset()
        if self.depth == 0:
            if at > self.last:
                self.spans.append((self.last, at))
            self.open_at = at
        if tag not in VOID:
            self.depth += 1
        elif self.depth == 0:
            self._close_at(at + len(self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag("br", attrs)  # `<x/>` opens nothing at this level

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            at = self._offset()
            self._close_at(self.html.index(">", at) + 1)

    def close(self) -> None:
        super().close()
        if self.last < len(self.html):
            self.spans.append((self.last, len(self.html)))
