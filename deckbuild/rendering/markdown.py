"""Markdown runs → HTML: mistune plus the pandoc inline syntax Quarto decks use.

Plugins, in the order they are applied: GFM tables, strikethrough, task lists, autolinks,
maths (delimited as pandoc or Jupyter do, `math_syntax.py`; typeset here by `context.math`,
not in the browser), footnote references, bracketed spans `[text]{.class}`, images with
attributes `![alt](src){width=50%}`, and emoji shortcodes when the deck asks for them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from re import Match
from typing import TYPE_CHECKING, Any

import mistune
from mistune import BlockParser, BlockState, InlineParser, InlineState
from mistune.plugins import import_plugin
from mistune.renderers.html import HTMLRenderer
from mistune.util import unikey

from deckbuild import cssvalues
from deckbuild.errors import DeckError
from deckbuild.model import Attrs
from deckbuild.references.crossref import numeral
from deckbuild.references.syntax import references_plugin
from deckbuild.rendering import conditions, fancy_lists
from deckbuild.rendering.grid_tables import grid_table_plugin
from deckbuild.rendering.line_blocks import line_blocks
from deckbuild.rendering.links import NO_EXTERNAL, ExternalLinks, anchor_attrs, merged, trailing_attrs
from deckbuild.rendering.math_syntax import PANDOC, MarkdownSyntax, line_in_block, math_plugin
from deckbuild.rendering.resources import Resources
from deckbuild.rendering.smart import smarten
from deckbuild.rendering.tables import tables_plugin
from deckbuild.sources.attributes import AttributeError_, parse_attrs, split_trailing

if TYPE_CHECKING:
    from deckbuild.references.resolve import References

MathFn = Callable[[str, bool], str]

SPAN = r"\[(?P<span_text>(?:\\.|[^\[\]\\]|\[[^\[\]]*\])*)\]\{(?P<span_attrs>[^{}\n]*)\}"
IMAGE_ATTRS = (
    r"!\[(?P<img_alt>(?:\\.|[^\[\]\\])*)\]\((?P<img_src><[^>\n]*>|[^\s()]+)"
    r"(?:\s+\"(?P<img_title>[^\"]*)\")?\)(?:\{(?P<img_attrs>[^{}\n]*)\})?"
)
"""An image with or without attributes (without them, it is ours too: so it knows its line)."""
FOOTNOTE_REF = r"\[\^(?P<fn_label>[^\]\s^\[]+)\]"
INLINE_NOTE = r"\^\[(?P<note_text>(?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]"
"""Pandoc's inline note `^[text]`: a footnote written where it is referenced (a link or a
bracketed span inside it is fine: brackets nest one level)."""
SUPERSCRIPT = r"\^(?P<sup_text>(?:\\.|[^\s^\\\[])(?:\\.|[^\s^\\])*)\^"
SUBSCRIPT = r"~(?P<sub_text>(?:\\.|[^\s~\\])+)~"
r"""Pandoc's `2^10^` and `H~2~O`: no unescaped space inside (`\ ` is a non-breaking one), and
`~~` stays strikethrough."""
FIGURE = re.compile(r"<img [^>]*>")
LABELLED_FIGURE = re.compile(r"<img [^>]*>|<a [^>]*><img [^>]*></a>")
"""What a labelled float may hold: an image, or a linked one (Quarto's crossref filter floats
both; pandoc makes a figure of the bare image only)."""
LIST_STYLES = {"a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}

# Image attributes that are layout, written as CSS; reveal.js's `absolute` class uses them too.
STYLE_KEYS = ("width", "height", "top", "left", "right", "bottom")


def style_for(values: dict[str, str]) -> str:
    """`width=50% top=10` → `width: 50%; top: 10px;` (bare numbers are pixels, as in Quarto).

    Each value must be a CSS length (StyleError otherwise); the result is escaped for the
    attribute, so even a free-form `style="…"` cannot leave it.
    """
    parts = []
    for key in STYLE_KEYS:
        if key in values:
            try:
                parts.append(f"{key}: {cssvalues.length(values[key])}")
            except ValueError as exc:
                raise StyleError(f"{key}={exc}") from None
    if "style" in values:
        parts.append(values["style"].rstrip(";"))
    return html.escape("; ".join(parts) + (";" if parts else ""))


class StyleError(ValueError):
    """A layout attribute that is not a CSS length; the caller knows the line."""

    fix = cssvalues.LENGTH_FIX


def attrs_html(attrs: Attrs, *, skip: tuple[str, ...] = (), extra_classes: tuple[str, ...] = ()) -> str:
    """Render attributes onto an element: id, classes, then data-* for anything reveal.js reads."""
    out = []
    if attrs.id:
        out.append(f' id="{html.escape(attrs.id)}"')
    classes = [*extra_classes, *attrs.classes]
    if classes:
        out.append(f' class="{html.escape(" ".join(classes))}"')
    for key, value in attrs.values.items():
        if key in skip:
            continue
        name = key if key.startswith(("data-", "aria-")) or key in PLAIN_ATTRIBUTES else f"data-{key}"
        out.append(f' {name}="{html.escape(value)}"')
    return "".join(out)


PLAIN_ATTRIBUTES = {"style", "title", "lang", "dir", "role", "href", "target", "alt", "width", "height"}


@dataclass
class InlineContext:
    """What the renderer needs to know about where it is; set per Markdown run."""

    resources: Resources
    math: MathFn
    line: int = 0
    """The source line of the Markdown run's first line."""
    block_line: int = 0
    """The line of the block being rendered, counted from the run's first (mistune's tokens carry it)."""
    incremental: bool = False
    footnotes: dict[str, int] = field(default_factory=dict)
    """Labels referenced on the current slide, in order of first reference, with its line."""
    inline_notes: dict[str, str] = field(default_factory=dict)
    """The rendered text of each inline note `^[…]` on the current slide, by its label."""
    notes_made: int = 0
    """Inline notes numbered so far in the deck: each gets a label (and so an id) of its own."""
    figure_caption: str | None = None
    """Alt text of the last image rendered, for the paragraph that may make it a figure."""
    slide: str = ""
    """How messages name the slide being rendered (`slide 3 "Title"`), for warnings."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    """The deck's front matter as written, for `when-meta` on spans."""
    tbl_colwidths: bool | str | list[float] = "auto"
    """The deck's `tbl-colwidths` (tables.py)."""
    figure_label: str = ""
    """The `#fig-…` label of the last image rendered, which makes its figure a numbered float."""
    fig_align: str = "default"
    """The deck's `fig-align`."""
    figure_align: str = ""
    """The last image's own `fig-align`, for the figure the paragraph makes of it."""
    subfigures: int = 0
    """How many `#fig-` layout divs the renderer is inside: their images are subfigures, not floats."""
    subfloats: list[list[str]] = field(default_factory=list)
    """For each of those divs, the labels of its subfigures so far (`#fig-left`), in order: they
    are lettered `(a)`, `(b)` in their captions and numbered after their parent."""
    references: References | None = None
    """The deck's cross-references and citations (`deckbuild.references`); None outside a deck."""
    external_links: ExternalLinks = NO_EXTERNAL
    """The deck's `link-external-*` settings (links.py)."""

    def at(self, line: int | None) -> int:
        """The source line of a line counted within the current block (None: the block's own)."""
        return self.line + self.block_line + (line or 0)


class SlideHTMLRenderer(HTMLRenderer):
    def __init__(self, context: InlineContext, *, raw_html: bool = True, implicit_figures: bool = True) -> None:
        super().__init__(escape=not raw_html)
        self.context = context
        self.implicit_figures = implicit_figures
        """Pandoc's rule that an image alone in a paragraph is a figure, captioned by its alt
        text; a plain notebook's Markdown (Jupyter's CommonMark) shows the image alone."""

    def render_token(self, token: dict[str, Any], state: BlockState) -> str:
        """Blocks carry their line (`_Blocks`): the inline mistakes inside them count from it."""
        line = token.get("line")
        if line is None:
            return super().render_token(token, state)
        outer, self.context.block_line = self.context.block_line, line
        try:
            return super().render_token(token, state)
        finally:
            self.context.block_line = outer

    def inline_html(self, html: str) -> str:
        return super().inline_html(self._media(html))

    def block_html(self, html: str) -> str:
        return super().block_html(self._media(html))

    def _media(self, text: str) -> str:
        """Raw HTML's `<img src>` and video files checked and embedded as Markdown's images are."""
        if self._escape:
            return text
        from deckbuild.rendering.raw_media import locator, rewrite

        return rewrite(text, locator(self.context.resources, self.context.at(None)))

    def heading(self, text: str, level: int, extra: Attrs | None = None, **attrs: Any) -> str:
        """`extra`: the heading's `{#id .cls}`, taken off its text before the text was parsed."""
        return f"<h{level}{attrs_html(extra) if extra else ''}>{text}</h{level}>\n"

    def link(self, text: str, url: str, title: str | None = None, extra: Attrs | None = None) -> str:
        """`extra`: the link's own attributes, under those of its reference definition (links.py)."""
        if title and extra and "title" in extra.values:
            extra = Attrs(extra.id, extra.classes, {k: v for k, v in extra.values.items() if k != "title"})
        own = self.render_attrs({"href": self.sanitize_url(url), "title": title or None})
        return f"<a{own}{anchor_attrs(url, extra, self.context.external_links)}>{text}</a>"

    def smart_literal(self, text: str) -> str:
        """A backslash-escaped character, which smart punctuation leaves as it is."""
        return self.text(text)

    def paragraph(self, text: str) -> str:
        """A paragraph holding one image is a figure, captioned by the alt text (as in Quarto)."""
        caption = self.context.figure_caption
        self.context.figure_caption = None
        if not text.strip():  # e.g. only macro definitions, which show nothing
            return ""
        label, self.context.figure_label = self.context.figure_label, ""
        if caption is not None and LABELLED_FIGURE.fullmatch(text.strip()) and label and self.context.subfloats:
            return self._subfloat(label, text.strip(), caption)
        if caption is not None and LABELLED_FIGURE.fullmatch(text.strip()) and label and self.context.references:
            from deckbuild.references.floats import float_html

            kind = label.partition("-")[0]  # an image labelled #tbl-x is a table, as in Quarto
            return float_html(self.context.references.crossref, kind, label, text, caption, self.context.at(None))
        if caption is not None and FIGURE.fullmatch(text.strip()) and self.implicit_figures:
            figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
            align = self.context.figure_align or self.context.fig_align
            classes = "figure" + (f" quarto-figure-{align}" if align != "default" else "")
            return f'<figure class="{classes}">{text.strip()}{figcaption}</figure>\n'
        return super().paragraph(text)

    def _subfloat(self, label: str, image: str, caption: str) -> str:
        """A labelled image inside a figure's layout: Quarto's subfloat, captioned `(a) Left`."""
        siblings = self.context.subfloats[-1]
        siblings.append(label)
        style = self.context.references.crossref.settings.subref_labels if self.context.references else "alpha"
        ident, letter = html.escape(label), numeral(len(siblings), style)
        shown = f"({letter}) {caption}" if caption else f"({letter})"
        return (f'<div id="{ident}" class="quarto-float quarto-figure quarto-figure-center">\n'
                f'<figure class="quarto-float quarto-subfloat-fig quarto-float-fig figure">\n'
                f'<div aria-describedby="{ident}-caption">\n{image}\n</div>\n'
                f'<figcaption id="{ident}-caption" class="quarto-float-caption-bottom quarto-subfloat-caption '
                f'quarto-subfloat-fig">{shown}</figcaption>\n</figure>\n</div>\n')

    def list_item(self, text: str) -> str:
        if self.context.incremental:
            return f'<li class="fragment">{text}</li>\n'
        return super().list_item(text)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return self._img(text, url, title, Attrs(), None)

    def image_with_attrs(self, text: str, src: str, title: str | None, attrs: Attrs, line: int) -> str:
        return self._img(text, src, title, attrs, line)

    def _img(self, caption: str, src: str, title: str | None, attrs: Attrs, line: int | None) -> str:
        """`caption` is HTML; the alt text is its plain text unless `fig-alt` says otherwise.
        `fig-alt=""` marks a decorative image (`alt=""`); an image with neither has no `alt`
        at all, so that `deckbuild check` and screen readers can tell it was forgotten."""
        url = self.context.resources.url(src, self.context.at(line), "image")
        self.context.figure_caption = caption
        self.context.figure_label = ""
        self.context.figure_align = self._fig_align(attrs.values.pop("fig-align", ""), line)
        if attrs.id.startswith(("fig-", "tbl-")) and self.context.references:  # the id goes on its float (or subfloat)
            self.context.figure_label, attrs.id = attrs.id, ""
        alt = attrs.values.pop("fig-alt", html.unescape(re.sub(r"<[^>]+>", "", caption)) or None)
        style = self._style(attrs.values, line)
        attrs.values = {k: v for k, v in attrs.values.items() if k not in (*STYLE_KEYS, "style")}
        alt_attr = f' alt="{html.escape(alt, quote=True)}"' if alt is not None else ""
        title_attr = f' title="{html.escape(title)}"' if title else ""
        style_attr = f' style="{style}"' if style else ""
        return f'<img src="{url}"{alt_attr}{title_attr}{attrs_html(attrs)}{style_attr}>'

    def _fig_align(self, value: str, line: int | None) -> str:
        if value in ("", "default", "left", "center", "right"):
            return value
        raise DeckError(f"image attribute `fig-align`: expected default, left, center or right, got {value!r}",
                        line=self.context.at(line), fix='write fig-align="center" (or left, right)')

    def span(self, text: str, attrs: Attrs, line: int) -> str:
        if conditions.is_conditional(attrs):  # Quarto keeps a shown span, without its conditions
            where = conditions.shown(attrs, self.context.meta)
            if where == "never":
                return ""
            attrs = conditions.remaining(attrs, where)
        style = self._style(attrs.values, line) if attrs.has("absolute") else ""
        if style:
            attrs.values = {k: v for k, v in attrs.values.items() if k not in (*STYLE_KEYS, "style")}
        style_attr = f' style="{style}"' if style else ""
        return f"<span{attrs_html(attrs)}{style_attr}>{text}</span>"

    def _style(self, values: dict[str, str], line: int | None) -> str:
        try:
            return style_for(values)
        except StyleError as exc:
            raise DeckError(str(exc), line=self.context.at(line), fix=exc.fix) from None

    def footnote_ref(self, label: str, line: int) -> str:
        notes = self.context.footnotes
        notes.setdefault(label, self.context.at(line))
        number = list(notes).index(label) + 1
        return f'<sup class="footnote-ref"><a href="#/fn-{html.escape(label)}">{number}</a></sup>'

    def list(self, text: str, ordered: bool, **attrs: Any) -> str:
        """CommonMark's lists, and pandoc's fancy ones (`fancy_lists`) with their `type`."""
        fancy = attrs.get("fancy", "")
        if not ordered or not fancy:
            return str(super().list(text, ordered, **attrs))
        start = f' start="{attrs["start"]}"' if attrs.get("start") else ""
        # The style as well as pandoc's `type`: reveal.js's themes make every list decimal, and
        # Chromium matches `type` without regard to case, so no stylesheet can tell `a` from `A`.
        kind = ' class="example"' if fancy == "e" else f' type="{fancy}" style="list-style-type: {LIST_STYLES[fancy]}"'
        return f"<ol{start}{kind}>\n{text}</ol>\n"

    def superscript(self, text: str) -> str:
        return f"<sup>{text}</sup>"

    def subscript(self, text: str) -> str:
        return f"<sub>{text}</sub>"

    def inline_note(self, text: str, line: int) -> str:
        """`^[text]`: numbered with the slide's other footnotes and listed with them."""
        self.context.notes_made += 1
        label = f"inline-{self.context.notes_made}"
        self.context.inline_notes[label] = text
        return self.footnote_ref(label, line)

    def inline_math(self, text: str, line: int) -> str:
        return self._math(text, display=False, line=line)

    def display_math(self, text: str, line: int) -> str:
        """`$$…$$` inside a paragraph: display maths in the run of text, as pandoc has it."""
        typeset = self._math(text, display=True, line=line)
        return f'<span class="math display">{typeset}</span>' if typeset else ""

    def block_math(self, text: str) -> str:
        """A paragraph that is one display formula; nothing at all for one that only defines macros."""
        typeset = self._math(text, display=True, line=None)
        return f'<div class="math display">{typeset}</div>\n' if typeset else ""

    def _math(self, tex: str, *, display: bool, line: int | None) -> str:
        try:
            return self.context.math(tex, display)
        except ValueError as exc:
            raise DeckError(
                f"maths `{tex.strip()[:60]}` cannot be typeset: {exc}",
                line=self.context.at(line),
                fix="check the LaTeX: neither KaTeX nor MathJax could typeset it",
            ) from None

    def emoji(self, text: str, name: str) -> str:
        return f'<span class="emoji" data-emoji="{html.escape(name)}">{text}</span>'

    def block_code(self, code: str, info: str | None = None) -> str:
        from deckbuild.rendering.highlight import highlight

        return f'<div class="sourceCode">{highlight(code, (info or "").split()[0] if info else "")}</div>\n'


class _Block(BlockState):
    """mistune's block state, each block token given the line it starts on (`token["line"]`,
    counted from 0 in the Markdown run), so that mistakes inside it name their own line.
    mistune appends a block's token with its cursor at the block's start; a list item's or a
    quote's lines end where the cursor stands when its own state is made."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.first_line = 0
        self._counted = (0, 0)
        """A position and the lines before it, so that each count goes on from the last."""

    def line_at(self, position: int) -> int:
        at, lines = self._counted if position >= self._counted[0] else (0, 0)
        lines += self.src.count("\n", at, position)
        self._counted = (position, lines)
        return self.first_line + lines

    def child_state(self, src: str, lazy_line_starts: set[int] | None = None) -> _Block:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, _Block)
        child.first_line = self.line_at(self.cursor) - src.rstrip("\n").count("\n") - 1
        return child

    def append_token(self, token: dict[str, Any]) -> None:
        token.setdefault("line", self.line_at(self.cursor))
        super().append_token(token)

    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        super().add_paragraph(text)
        if self.tokens[-1] is not last:
            self.tokens[-1]["line"] = self.line_at(self.cursor)


class _Inline(InlineState):
    """mistune's inline state with the line its text starts on, within its block."""

    line = 0

    def copy(self) -> _Inline:
        child = super().copy()
        assert isinstance(child, _Inline)
        child.line = self.line
        return child


def _nested(state: Any, src: str, position: int) -> Any:
    child = state.copy()
    child.src, child.line = src, line_in_block(state, position)
    return child


def _parse_span(inline: Any, m: Match[str], state: Any) -> int:
    try:
        attrs = parse_attrs(m.group("span_attrs"))
    except AttributeError_:
        return None  # type: ignore[return-value]  # not a span: let the link rule try
    child = _nested(state, m.group("span_text"), m.start("span_text"))
    token = {"attrs": attrs, "line": line_in_block(state, m.start())}
    state.append_token({"type": "span", "children": inline.render(child), "attrs": token})
    return m.end()


def _parse_image_attrs(inline: Any, m: Match[str], state: Any) -> int:
    try:
        attrs = parse_attrs(m.group("img_attrs") or "")
    except AttributeError_:
        return None  # type: ignore[return-value]
    child = _nested(state, m.group("img_alt"), m.start("img_alt"))
    token = {"src": m.group("img_src").strip("<>"), "title": m.group("img_title"), "attrs": attrs,
             "line": line_in_block(state, m.start())}
    state.append_token({"type": "image_with_attrs", "children": inline.render(child), "attrs": token})
    return m.end()


def _parse_footnote_ref(inline: Any, m: Match[str], state: Any) -> int:
    token = {"type": "footnote_ref", "raw": m.group("fn_label"), "attrs": {"line": line_in_block(state, m.start())}}
    state.append_token(token)
    return m.end()


def _parse_script(kind: str, group: str) -> Callable[..., int]:
    def parse(inline: Any, m: Match[str], state: Any) -> int:
        child = _nested(state, m.group(group).replace("\\ ", "\u00a0"), m.start(group))
        state.append_token({"type": kind, "children": inline.render(child)})
        return m.end()

    return parse


def _parse_inline_note(inline: Any, m: Match[str], state: Any) -> int:
    child = _nested(state, m.group("note_text"), m.start("note_text"))
    token = {"line": line_in_block(state, m.start())}
    state.append_token({"type": "inline_note", "children": inline.render(child), "attrs": token})
    return m.end()


class _InlineParser(InlineParser):
    """mistune's inline parser, with pandoc's attributes after links and, when the deck has
    `smart` on, its smart punctuation over each run of inline text (smart.py)."""

    def __init__(self, *, smart: bool) -> None:
        super().__init__()
        self.smart = smart

    def __call__(self, s: str, env: Any) -> list[dict[str, Any]]:
        tokens = super().__call__(s, env)
        if self.smart:
            smarten(tokens)
        return tokens

    def parse_escape(self, m: Match[str], state: InlineState) -> int:
        """`\\"`, `\\'`, `\\-` and `\\.` stay straight: a token of their own, which smart punctuation skips."""
        if not self.smart:
            return super().parse_escape(m, state)
        for char in m.group(0)[1::2]:  # a run of escapes, `\\-\\-`
            if char in "\"'-.":
                state.append_token({"type": "smart_literal", "raw": char})
            else:
                self.process_text(char, state, parse_emphasis=False)
        return m.end()

    def parse_auto_link(self, m: Match[str], state: InlineState) -> int:
        """`<https://…>{.cls}`: an autolink takes attributes too, as in pandoc."""
        end = super().parse_auto_link(m, state)
        own = trailing_attrs(state.src, end)
        token = state.tokens[-1] if state.tokens else None
        if own is None or token is None or token["type"] != "link":
            return end
        token["attrs"]["extra"] = own[0]
        return own[1]

    def parse_link_close(self, m: Match[str], state: InlineState) -> int:
        """A link just closed takes the `{…}` right after it, and its reference's attributes."""
        last = state.tokens[-1] if state.tokens else None
        end = super().parse_link_close(m, state)
        token = state.tokens[-1] if state.tokens else None
        if token is None or token is last or token["type"] not in ("link", "image"):
            return end
        reference = state.env.get("ref_links", {}).get(token.get("ref", "")) or {}
        own = trailing_attrs(state.src, end)
        attrs = merged(reference.get("attrs"), own[0] if own else None)
        if attrs is None:
            return end
        if token["type"] == "link":
            token["attrs"]["extra"] = attrs
        else:  # `![alt][ref]{width=50%}`: an image with attributes, as the inline form gives
            token.update(type="image_with_attrs", attrs={
                "src": token["attrs"]["url"], "title": token["attrs"].get("title"), "attrs": attrs,
                "line": line_in_block(state, m.start())})
        return own[1] if own else end


class _BlockParser(BlockParser):
    def parse_ref_link(self, m: Match[str], state: BlockState) -> int | None:
        """`[ref]: url "title" {#id .cls key=value}`: the attributes go with the reference.

        mistune reads the definition with the attributes blanked out (spaces keep every
        position where it was), and the attributes are kept beside the URL it stores."""
        line_end = state.src.find("\n", m.end())
        line_end = len(state.src) if line_end < 0 else line_end
        rest = state.src[m.end() : line_end]
        text, attrs = split_trailing(rest) if rest.rstrip().endswith("}") else (rest, None)
        if attrs is None:
            return super().parse_ref_link(m, state)
        key = unikey(m.group("reflink_1"))
        known = key in state.env.get("ref_links", {})
        src = state.src
        state.src = src[: m.end()] + text.ljust(len(rest)) + src[line_end:]
        try:
            end = super().parse_ref_link(m, state)
        finally:
            state.src = src
        if end and not known and key in state.env["ref_links"]:
            state.env["ref_links"][key]["attrs"] = attrs
        return end


_BLOCK_STARTS = (
    (re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)"), r"\1\\\2"),  # 1. Introduction
    (re.compile(r"^(\s*\(?(?:[A-Za-z]{1,8}|#|@[\w-]*))([.)])(?=\s|$)"), r"\1\\\2"),  # a. / (ii) / #. (pandoc's lists)
    (re.compile(r"^(\s*)([-+*|]|#{1,6})(?=\s|$)"), r"\1\\\2"),  # - x, ## z, | line
    (re.compile(r"^(\s*)(>|`{3}|~{3})"), r"\1\\\2"),  # > y, ```x
)


def inline_only(text: str) -> str:
    """`text` with what would make its first line a block (a list item, a quote, a heading, a
    fence) escaped, so that it renders as the one line of inline text it is."""
    for pattern, escaped in _BLOCK_STARTS:
        text = pattern.sub(escaped, text, count=1)
    return text


def pandoc_inline(md: mistune.Markdown) -> None:
    """Spans, images with attributes and footnote references: tried before mistune's links."""
    _register(md, "image_with_attrs", IMAGE_ATTRS, _parse_image_attrs, "!")
    _register(md, "span", SPAN, _parse_span, "[")
    _register(md, "footnote_ref", FOOTNOTE_REF, _parse_footnote_ref, "[")


def pandoc_extensions(md: mistune.Markdown) -> None:
    """Pandoc's own inline syntax, which CommonMark (a plain notebook's Markdown) reads as text:
    inline notes, superscripts and subscripts; and the hook that types fancy lists."""
    _register(md, "inline_note", INLINE_NOTE, _parse_inline_note, "^")
    _register(md, "superscript", SUPERSCRIPT, _parse_script("superscript", "sup_text"), "^")
    _register(md, "subscript", SUBSCRIPT, _parse_script("subscript", "sub_text"), "~")
    md.before_render_hooks.append(fancy_lists.fancy_list_types)


def definition_lists(md: mistune.Markdown) -> None:
    """Pandoc's definition lists (`Term` then `: definition`), through mistune's plugin, with
    pandoc's rule that a term is one line: after a paragraph of several lines, `: x` is text."""
    from mistune.plugins.def_list import DEF_PATTERN, def_list, parse_def_list

    def parse(block: Any, m: Match[str], state: Any) -> int | None:
        before = [token for token in state.tokens[-2:] if token["type"] != "blank_line"]
        if before and before[-1]["type"] == "paragraph" and "\n" in before[-1]["text"].strip():
            return None
        return parse_def_list(block, m, state)

    def_list(md)
    md.block.register("def_list", DEF_PATTERN, parse, before="paragraph")


def _register(md: mistune.Markdown, name: str, pattern: str, parse: Callable[..., int], start: str) -> None:
    """A rule with the character it starts with: without it, mistune drops its fast scan for
    plain text and searches every position with all its patterns (minutes on a line of spaces)."""
    md.inline.register(name, pattern, parse, before="link", start_chars=start)


def make_markdown(context: InlineContext, syntax: MarkdownSyntax = PANDOC, *, raw_html: bool = True) -> mistune.Markdown:
    """The deck's Markdown; `raw_html=False` escapes raw HTML (for text from metadata)."""
    renderer = SlideHTMLRenderer(context, raw_html=raw_html, implicit_figures=syntax.pandoc)
    plugins: list[Any] = [import_plugin(name) for name in ("table", "strikethrough", "task_lists", "url")]
    plugins += [definition_lists] if syntax.pandoc else []
    plugins += [grid_table_plugin(lambda: context.line), tables_plugin(context)]
    plugins += [line_blocks] if syntax.pandoc else []
    if syntax.math is not None:
        plugins.append(math_plugin(syntax.math))
    plugins.append(pandoc_inline)
    if syntax.pandoc:
        plugins.append(pandoc_extensions)
    plugins.append(references_plugin(syntax.math))
    if syntax.emoji:
        from deckbuild.rendering.emoji import emoji_plugin

        plugins.append(emoji_plugin)
    inline = _InlineParser(smart=syntax.smart)
    inline.state_cls = _Inline
    block = _BlockParser()
    block.state_cls = _Block
    md = mistune.Markdown(renderer=renderer, block=block, inline=inline, plugins=plugins)
    md.before_render_hooks.append(_table_lines)
    md.before_render_hooks.append(_heading_attrs)
    return md


def _heading_attrs(md: mistune.Markdown, state: BlockState) -> None:
    """A heading's trailing `{#id .cls}` is taken off its text before the text is parsed, so
    that neither smart quotes nor escaping reach the attribute list."""
    stack = list(state.tokens)
    while stack:
        token = stack.pop()
        if token["type"] == "heading":
            text, extra = split_trailing(token["text"])
            if extra is not None:
                token["text"] = text
                token["attrs"]["extra"] = extra
        stack.extend(token.get("children", ()))


def _table_lines(md: mistune.Markdown, state: BlockState) -> None:
    """A GFM table's rows are one line each, after the header and its delimiter row."""
    if "|" not in state.src:  # no table without a pipe: most runs need no walk of their tokens
        return
    stack = list(state.tokens)
    while stack:
        token = stack.pop()
        if token["type"] == "table" and "line" in token:
            head, body = token["children"]
            head["line"] = token["line"]
            for number, row in enumerate(body["children"], start=token["line"] + 2):
                row["line"] = number
        stack.extend(token.get("children", ()))


class MarkdownRenderer:
    """One mistune instance per deck (and one more for metadata, made when first needed);
    `render` sets where in the source the text is.

    `syntax` says how the deck's maths is delimited (pandoc's rules, or Jupyter's for a
    notebook) and which `from:` extensions are on; the source's loader decides it."""

    def __init__(self, context: InlineContext, syntax: MarkdownSyntax = PANDOC) -> None:
        self.context = context
        self.syntax = syntax
        self._md = make_markdown(context, syntax)
        self._escaping: mistune.Markdown | None = None

    def render(self, text: str, line: int, *, incremental: bool = False, raw_html: bool = True) -> str:
        stripped = text.lstrip("\n")
        self.context.line, self.context.block_line = line + len(text) - len(stripped), 0
        self.context.incremental = incremental
        if self.syntax.pandoc and fancy_lists.needs_rewrite(stripped):
            stripped = fancy_lists.rewrite(stripped)
        if raw_html:
            return str(self._md(stripped))
        if self._escaping is None:
            self._escaping = make_markdown(self.context, self.syntax, raw_html=False)
        return str(self._escaping(stripped))

    def render_inline(self, text: str, line: int, *, raw_html: bool = True) -> str:
        """A heading or title: one paragraph without its `<p>`. Text from front matter or
        notebook metadata (`raw_html=False`) keeps its Markdown but shows raw HTML as text:
        the body of a deck is where HTML belongs, not a title that metadata tools write.

        What would start a block at the text's start (`1. Introduction`, `- x`, `> y`, `a. z`)
        is escaped: a heading is one line of inline text, as pandoc reads it."""
        rendered = self.render(inline_only(text), line, raw_html=raw_html).strip()
        if rendered.startswith("<p>") and rendered.endswith("</p>"):
            rendered = rendered[3:-4]
        return rendered
