"""Slides and their block trees → `<section>` HTML, the way Quarto's reveal.js writer lays them out.

Speaker notes and a slide's own footer are lifted out of wherever they stand in the slide;
footnotes referenced on a slide are listed at its bottom.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deckbuild.errors import DeckError
from deckbuild.model import EMBED_FILE, Attrs, Block, Cell, CodeBlock, Deck, Diagram, Div, Markdown, RawBlock, Slide
from deckbuild.references.crossref import NBSP, numeral
from deckbuild.references.floats import float_html, float_kind
from deckbuild.references.labelled import div_html, labelled_cell
from deckbuild.rendering import browser_cells, code_blocks, layouts, quarto_blocks
from deckbuild.rendering.annotations import Plan, plan
from deckbuild.rendering.highlight import LineNumbersError
from deckbuild.rendering.markdown import STYLE_KEYS, MarkdownRenderer, StyleError, attrs_html, style_for
from deckbuild.rendering.plain_text import plain_text
from deckbuild.rendering.resources import read_utf8

if TYPE_CHECKING:
    from deckbuild.options import CellOptions
    from deckbuild.rendering.libraries import Libraries

# Heading attributes that name a file: resolved (and embedded) like images.
FILE_ATTRIBUTES = ("background-image", "background-video")
POSITION_CLASSES = ("absolute",)


MATH_ENVIRONMENTS = ("equation", "equation*", "align", "align*", "aligned", "alignat", "alignat*", "gather",
                     "gather*", "gathered", "multline", "multline*", "split", "eqnarray", "eqnarray*", "CD")
TEX_ENVIRONMENT = re.compile(r"\\begin\{(?P<name>" + "|".join(re.escape(n) for n in MATH_ENVIRONMENTS) +
                             r")\}.*?\\end\{(?P=name)\}", re.DOTALL)
"""A LaTeX maths environment, which a raw `tex` block may hold (KaTeX typesets these)."""


@dataclass
class SlideParts:
    """One slide's rendered pieces, handed to the theme's slide template."""

    slide: Slide
    id: str
    title: str
    body: str
    attributes: str
    """Everything that goes on the `<section>` tag: id, classes, data-* attributes."""
    notes: str = ""
    footer: str = ""
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    """(label, HTML) pairs, numbered in order."""
    kind: str = "slide"
    """"section" for section title slides (`Slide.is_section`), "slide" otherwise."""
    title_tag: str = "h2"
    """The element of an ordinary slide's title: `h1` for a `#` heading that holds content (a
    notebook's, shown large as nbconvert shows it), `h2` otherwise."""
    followers: list[SlideParts] = field(default_factory=list)
    """Slides that come right after this one: cell outputs with `output-location: slide`."""


@dataclass
class _SlideState:
    notes: list[str] = field(default_factory=list)
    footer: str = ""
    followers: list[str] = field(default_factory=list)


@dataclass
class _Level:
    """One container being rendered: a div (None for the slide itself), its children still
    to render, and the HTML of those already rendered."""

    div: Div | None
    children: Iterator[Block]
    state: _SlideState
    incremental: bool
    html: list[str] = field(default_factory=list)


class SlideRenderer:
    def __init__(self, deck: Deck, markdown: MarkdownRenderer, section_background: str | None = None) -> None:
        self.deck = deck
        self.md = markdown
        self.section_background = section_background
        self.ids: set[str] = set()
        self.libraries: Libraries | None = None
        """The page's libraries for interactive outputs, once a cell is rendered."""
        self._slide: Slide | None = None
        self.code_ids = code_blocks.CodeIds()
        self._annotations = Plan()
        self._browser_warned: set[str] = set()
        """The kinds of browser-run cell (`ojs`, …) already warned about: once per deck."""

    def render(self, slide: Slide) -> SlideParts:
        try:
            return self._render(slide)
        except DeckError as exc:
            exc.place(self.deck.path, slide.line, slide.label())
            raise

    def _render(self, slide: Slide) -> SlideParts:
        self._slide = slide
        context = self.md.context
        context.footnotes, context.inline_notes = {}, {}
        context.slide = context.resources.slide = slide.label()
        if context.references:
            context.references.slide_rendered(slide)
        state = _SlideState()
        self._annotations = plan(slide.body, lambda block: code_blocks.has_markers(block, self.deck.config))
        title = self.md.render_inline(slide.title, slide.line) if slide.title else ""
        body = self._blocks(slide.body, state, self.deck.config.incremental)
        footnotes = [(label, self._footnote(label, line)) for label, line in context.footnotes.items()]
        ident = self._unique_id(slide.attrs.id or _slug(title) or f"slide-{slide.number}")
        followers = [self._follower(slide, title, body) for body in state.followers]
        return SlideParts(
            slide=slide,
            id=ident,
            title=title,
            body=body,
            attributes=self._section_attributes(slide, ident),
            notes="\n".join(state.notes),
            footer=state.footer,
            footnotes=footnotes,
            kind="section" if slide.is_section else "slide",
            title_tag="h1" if slide.level == 1 else "h2",
            followers=followers,
        )

    def _follower(self, slide: Slide, title: str, body: str) -> SlideParts:
        """A slide after `slide`, with its title, for a cell's outputs (as Quarto does)."""
        ident = self._unique_id(f"{slide.attrs.id or _slug(title) or f'slide-{slide.number}'}-output")
        attrs = attrs_html(Attrs(id=ident, classes=["slide", f"level{slide.level}", "content-slide"]))
        return SlideParts(slide=slide, id=ident, title=title, body=body, attributes=attrs)

    def _section_attributes(self, slide: Slide, ident: str) -> str:
        values = dict(slide.attrs.values)
        for key in FILE_ATTRIBUTES:
            if key in values and not values[key].startswith(("#", "rgb", "linear-gradient")):
                values[key] = self.md.context.resources.url(values[key], slide.line, key)
        kind = "section-slide" if slide.is_section else "content-slide"
        config = self.deck.config
        if slide.is_section and self.section_background and not any(k.startswith("background") for k in values):
            values["background-color"] = self.section_background
        classes = ["slide", f"level{slide.level}", kind, *config.slide_classes, *slide.attrs.classes]
        attrs = Attrs(id="" if config.hash_type == "number" else ident, classes=list(dict.fromkeys(classes)), values=values)
        return attrs_html(attrs)

    def _caption(self, text: object) -> str:
        """A `lst-cap`, `fig-cap` or `tbl-cap`: inline Markdown."""
        return self.md.render_inline(str(text), self._slide.line if self._slide else 0) if text else ""

    def _unique_id(self, ident: str) -> str:
        """Pandoc's rule for a repeated id: `a`, then `a-1`, `a-2`."""
        candidate, counter = ident, 0
        while candidate in self.ids:
            counter += 1
            candidate = f"{ident}-{counter}"
        self.ids.add(candidate)
        return candidate

    def _footnote(self, label: str, line: int) -> str:
        """The definition of a footnote referenced on the slide (at `line`, for a missing one)."""
        inline = self.md.context.inline_notes.get(label)
        if inline is not None:
            return inline
        note = self.deck.footnotes.get(label)
        if note is None:
            raise DeckError(f"footnote [^{label}] has no definition", line=line,
                            fix=f"add a line `[^{label}]: text` to the deck")
        return self.md.render_inline(note.text, note.line)

    def _blocks(self, blocks: list[Block], state: _SlideState, incremental: bool) -> str:
        """Blocks to HTML, with an explicit stack of the divs open, so that nesting costs no
        Python recursion (the parser allows divs as deep as a browser can show)."""
        root = _Level(None, iter(blocks), state, incremental)
        stack = [root]
        while stack:
            level = stack[-1]
            block = next(level.children, None)
            if block is None:
                stack.pop()
                if level.div is not None:
                    stack[-1].html.append(self._close(level, stack[-1].state))
            elif isinstance(block, Div):
                stack.append(self._open(block, level))
            else:
                level.html.append(self._leaf(block, level.state, level.incremental))
        return "".join(root.html)

    def _leaf(self, block: Block, state: _SlideState, incremental: bool) -> str:
        if isinstance(block, Markdown):
            rest = self._annotations.rest.get(id(block), block)
            if not rest:
                return ""
            text = rest.text
            if rest.inline:
                from deckbuild.rendering.inline_values import substitute

                text = substitute(rest, self._warn)
            return self.md.render(text, rest.line, incremental=incremental)
        if isinstance(block, CodeBlock):
            return self._code(block)
        if isinstance(block, RawBlock):
            if block.format == "html":
                return self._raw_html(block)
            if block.format in ("tex", "latex"):
                return self._raw_tex(block)
            return ""
        if isinstance(block, Diagram):
            from deckbuild.diagrams.figure import figure

            return figure(block, lambda text: self.md.render_inline(text, block.line)) + "\n"
        assert isinstance(block, Cell)
        return self._cell(block, state)

    def _warn(self, warning: DeckError) -> None:
        """A warning at a line of the slide being rendered, printed after the render."""
        slide = self._slide
        self.md.context.resources.warnings.append(warning.place(self.deck.path, None, slide.label() if slide else None))

    def _raw_html(self, block: RawBlock) -> str:
        """```` ```{=html} ```` as written, its `<img src>` and video files embedded like images."""
        from deckbuild.rendering.raw_media import locator, rewrite

        return rewrite(block.text, locator(self.md.context.resources, block.line)) + "\n"

    def _raw_tex(self, block: RawBlock) -> str:
        """```` ```{=tex} ```` that holds maths environments is shown as display maths, as pandoc
        does for MathJax (Quarto's demo deck writes its `align` this way); other raw LaTeX is
        for a LaTeX output and is left out, with a warning."""
        environments = [match[0] for match in TEX_ENVIRONMENT.finditer(block.text)]
        if environments and not TEX_ENVIRONMENT.sub("", block.text).strip():
            return self.md.render("".join(f"$$\n{tex}\n$$\n\n" for tex in environments), block.line)
        self._warn(DeckError("raw LaTeX (```{=" + block.format + "}```) is for LaTeX output; the HTML deck leaves "
                             "it out", line=block.line,
                             fix="write maths as $$…$$, or mark the block `{=html}` with what the slide should show"))
        return ""

    def _open(self, div: Div, parent: _Level) -> _Level:
        """Notes and a footer are rendered apart (lifted out of the slide); `incremental`
        and `nonincremental` divs set how the lists inside them appear."""
        attrs = div.attrs
        if attrs.has("notes") or attrs.has("footer"):
            return _Level(div, iter(div.children), _SlideState(), False)
        div = quarto_blocks.opened(div, self.deck.config)
        if _subfigure_parent(attrs):  # its images are subfigures: the div is the numbered float
            self.md.context.subfigures += 1
            self.md.context.subfloats.append([])
        incremental = True if attrs.has("incremental") else False if attrs.has("nonincremental") else parent.incremental
        return _Level(div, iter(div.children), parent.state, incremental)

    def _close(self, level: _Level, state: _SlideState) -> str:
        """A finished div as its parent shows it; notes and a footer go to the slide instead."""
        assert level.div is not None
        attrs, inner = level.div.attrs, "".join(level.html)
        if attrs.has("notes"):
            state.notes.append(inner)
            return ""
        if attrs.has("footer"):
            state.footer = inner
            return ""
        if layouts.wants_layout(attrs.values):
            references, line = self.md.context.references, level.div.line
            if _subfigure_parent(attrs):
                self.md.context.subfigures -= 1

            subfloats = self.md.context.subfloats.pop() if _subfigure_parent(attrs) else []

            def numbered(kind: str, caption: str) -> str:
                assert references is not None
                number = references.crossref.label(kind, attrs.id, line)
                for index, label in enumerate(subfloats):  # @fig-left: "Figure 1 (a)", as in Quarto
                    letter = numeral(index + 1, references.crossref.settings.subref_labels)
                    references.crossref.sublabel(kind, label, f"{number}{NBSP}({letter})", line)
                return references.crossref.caption(kind, number, caption)

            try:
                return layouts.div_panel(attrs, level.html, numbered if references else None)
            except layouts.LayoutError as exc:
                raise DeckError(str(exc), line=level.div.line, fix=exc.fix) from None
        if (block := quarto_blocks.closed(level.div, level.html, self.md, self.ids)) is not None:
            return block
        references = self.md.context.references
        if references and (attrs.id == "refs" or float_kind(attrs.id)):
            return div_html(references, attrs, inner, level.div.line)
        values = dict(attrs.values)
        style = ""
        try:
            if attrs.has("column") and "width" in values:
                style = style_for({key: values.pop(key) for key in ("width", "style") if key in values})
            elif attrs.has("absolute"):
                style = style_for(values)
                values = {k: v for k, v in values.items() if k not in (*STYLE_KEYS, "style")}
        except StyleError as exc:
            raise DeckError(str(exc), line=level.div.line, fix=exc.fix) from None
        shown = Attrs(attrs.id, list(attrs.classes), values)
        style_attr = f' style="{style}"' if style else ""
        html_div = f"<div{attrs_html(shown)}{style_attr}>\n{inner}</div>\n"
        if attrs.has("r-fit-text"):
            # reveal.js sizes fit-text to its parent's clientWidth, which counts the slide's
            # padding; a bare block around it makes the parent exactly the content width.
            return f'<div class="r-fit-box">{html_div}</div>\n'
        return html_div

    def _code(self, block: CodeBlock) -> str:
        source = block.code
        if EMBED_FILE in block.attrs.values:  # knitr's {embed}: the file, shown as code
            found = self.md.context.resources.locate(block.attrs.values[EMBED_FILE], block.line, "embedded file")
            source = read_utf8(found, "embedded file").rstrip("\n") if found else ""
        numbers = block.attrs.values.get("code-line-numbers")
        if numbers is None and (block.attrs.has("numberLines") or block.attrs.has("number-lines")):
            numbers = "true"
        deck_wide = self.deck.config.code_line_numbers  # Quarto's deck-wide default
        if numbers is None and deck_wide is not None:
            numbers = str(deck_wide).lower() if isinstance(deck_wide, bool) else deck_wide
        try:
            decor = self._decoration(block)
            code = code_blocks.render_code(source, block.language, numbers, decor, self.code_ids,
                                           self._annotation_text) + "\n"
        except LineNumbersError as exc:
            raise DeckError(str(exc), line=block.line,
                            fix='write steps as code-line-numbers="1-3|5|7,9"') from None
        except code_blocks.DecorationError as exc:
            raise DeckError(str(exc), line=block.line, fix=exc.fix) from None
        references = self.md.context.references
        if references and block.attrs.id.startswith("lst-"):
            return float_html(references.crossref, "lst", block.attrs.id, code, self._caption(block.attrs.values.get("lst-cap")),
                              block.line)
        return code

    def _decoration(self, block: CodeBlock | Cell) -> code_blocks.Decoration:
        return code_blocks.decoration_for(block, self.deck.config, self._annotations.lists.get(id(block)))

    def _annotation_text(self, text: str, line: int) -> str:
        return self.md.render(text, line)

    def _cell(self, cell: Cell, state: _SlideState) -> str:
        from deckbuild.rendering.cells import CellContext, render_cell
        from deckbuild.rendering.libraries import Libraries

        self.libraries = self.libraries or Libraries(widget_state=self.deck.widget_state)
        assert cell.resolved is not None, "the execution stage resolves every cell's options"
        try:
            decor = self._decoration(cell)
        except code_blocks.DecorationError as exc:
            raise DeckError(str(exc), line=cell.line, fix=exc.fix) from None

        def highlight(code: str, language: str, numbers: str | None) -> str:
            return code_blocks.render_code(code, language, numbers, decor, self.code_ids, self._annotation_text)

        if browser_cells.is_browser_cell(cell):
            return self._browser_cell(cell, cell.resolved, lambda code, language: highlight(code, language, None))

        resources = self.md.context.resources
        context = CellContext(highlight, lambda text: self.md.render(text, cell.line), self.md.context.math, self.libraries,
                              image=lambda src: resources.url(src, cell.line, "image"))
        options, context = labelled_cell(cell, cell.resolved, context, self.md.context.references, self._caption)
        try:
            rendered = render_cell(cell, options, context)
        except LineNumbersError as exc:
            raise DeckError(str(exc), line=cell.line, fix="write steps as code-line-numbers: 1-3|5|7,9") from None
        except layouts.LayoutError as exc:
            raise DeckError(str(exc), line=cell.line, fix=exc.fix) from None
        for note in rendered.notes:  # printed after the render, placed at the cell
            self.md.context.resources.warnings.append(DeckError(note, path=self.deck.path, line=cell.line,
                                                                slide=cell.label()))
        if rendered.next_slide:
            state.followers.append(rendered.next_slide)
        return rendered.html + "\n" if rendered.html else ""


    def _browser_cell(self, cell: Cell, options: CellOptions, highlight: Callable[[str, str], str]) -> str:
        """A cell Quarto runs in the browser: shown, with one warning per kind in the deck."""
        if cell.language not in self._browser_warned:
            self._browser_warned.add(cell.language)
            self.md.context.resources.warnings.append(DeckError(
                browser_cells.warning(cell), path=self.deck.path, line=cell.line, slide=cell.label(),
                fix="show a picture of its output instead, or render the deck with Quarto"))
        shown = browser_cells.render(cell, options, highlight)
        return shown + "\n" if shown else ""


_NOT_ID = re.compile(r"[^\w\-. ]+")


def _slug(title_html: str) -> str:
    """Pandoc's identifier for a heading: the rendered title's text (a formula as its TeX, no
    footnote marks), lower-cased, with only letters, digits, `_`, `-` and `.` kept, spaces as
    `-`, and nothing before the first letter; "" when nothing is left."""
    text = _NOT_ID.sub("", plain_text(title_html)).strip().lower()
    text = re.sub(r"\s+", "-", text)
    first = next((index for index, char in enumerate(text) if char.isalpha()), len(text))
    return text[first:]


def _subfigure_parent(attrs: Attrs) -> bool:
    """A `#fig-…`/`#tbl-…` div with a layout: Quarto's float around subfigures."""
    return attrs.id.startswith(("fig-", "tbl-")) and layouts.wants_layout(attrs.values)
