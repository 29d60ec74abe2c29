"""A deck with outputs → one HTML page, through its theme's templates.

The page carries reveal.js, the notes plugin, the theme's fonts and CSS, KaTeX's or MathJax's
stylesheet (only when the deck has maths: formulas are typeset here, by `DeckMaths`) and
Pygments' palette, wherever the sink puts them (inline, `talk_files/`, or served). Each slide's
HTML is taken as the theme's template renders it, for `serve` and for tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from deckbuild import __version__
from deckbuild.config import DeckConfig
from deckbuild.diagrams import draw_diagrams
from deckbuild.errors import DeckError
from deckbuild.model import Deck, starts_column
from deckbuild.references.resolve import References
from deckbuild.rendering import assets, code_look, logos
from deckbuild.rendering.brand import Brand
from deckbuild.rendering.brand import find as find_brand
from deckbuild.rendering.code_blocks import package_text
from deckbuild.rendering.deck_maths import DeckMaths
from deckbuild.rendering.highlight import stylesheet as pygments_css
from deckbuild.rendering.js_literal import js_object
from deckbuild.rendering.links import external_links
from deckbuild.rendering.markdown import InlineContext, MarkdownRenderer
from deckbuild.rendering.math_syntax import markdown_syntax
from deckbuild.rendering.mathjax_config import deck_macros
from deckbuild.rendering.page_includes import page_includes
from deckbuild.rendering.plain_text import plain_text
from deckbuild.rendering.resources import Resources
from deckbuild.rendering.sinks import Sink
from deckbuild.rendering.slides import SlideParts, SlideRenderer
from deckbuild.rendering.title_slide import clock_for, shown_date, with_line_breaks
from deckbuild.rendering.toc import toc_slide
from deckbuild.themes import Theme
from deckbuild.themes.fonts import families_used
from deckbuild.themes.templates import Rendered, render_template


def reveal_config(config: DeckConfig) -> dict[str, Any]:
    """reveal.js settings: our defaults (Quarto's), then what the deck says."""
    settings: dict[str, Any] = {
        "width": config.width,
        "height": config.height,
        "margin": 0,
        "center": False,
        "hash": True,
        "controls": True,
        "controlsTutorial": False,
        "progress": True,
        "transition": "none",
        "backgroundTransition": "none",
        "navigationMode": config.navigation_mode,
        "slideNumber": "c/t" if config.slide_number is True else config.slide_number,
        "pdfSeparateFragments": False,
        "pdfMaxPagesPerSlide": 1,
        "fragmentInURL": True,
    }
    settings.update(config.reveal)
    return settings


def pdf_options(config: DeckConfig) -> dict[str, Any]:
    """Front matter `pdf:` defaults, carried in the page so `deckbuild pdf talk.html` sees them."""
    pdf = config.pdf
    return {"fragments": pdf.fragments, "notes": pdf.notes, "page-size": pdf.page_size, "slides": pdf.slides}


def stacks(parts: list[SlideParts], mode: str) -> list[list[SlideParts]]:
    """Group slides into reveal.js stacks (columns): a slide's own `stack_start` decides when it
    has one (notebook subslides); otherwise, in vertical mode each `#` section is one column."""
    grouped: list[list[SlideParts]] = []
    for part in parts:
        if not grouped or starts_column(part.slide, mode):
            grouped.append([part])
        else:
            grouped[-1].append(part)
    return grouped


def theme_variables(theme: Theme, config: DeckConfig) -> dict[str, str]:
    return {**theme.variables, **config.theme_vars}


@dataclass(frozen=True, slots=True)
class SlideHTML:
    """One slide as the theme's `slide` (or `title_slide`) block rendered it."""

    h: int
    v: int
    """reveal.js's indices: its column, and its row in a vertical stack."""
    html: str


@dataclass(frozen=True, slots=True)
class Page:
    html: str
    slides_span: tuple[int, int] | None
    """Where the theme's `slides` block (the inside of `<div class="slides">`) lies in `html`;
    None when the theme's template does not use that block."""
    slides: tuple[SlideHTML, ...]
    """Every slide, title slide first; empty when the theme's template does not use the blocks."""


RECORDED = ("slides", "title_slide", "slide")
QUARTO_SHEETS = ("code_blocks.css", "layouts.css")
"""Stylesheets beside this module for Quarto's blocks, in every theme."""


def render_page(deck: Deck, theme: Theme, resources: Resources, sink: Sink) -> Page:
    """The page; what its outputs warn about is left, placed, in `resources.warnings`."""
    config = deck.config
    math = DeckMaths(deck_macros(config, resources))
    references = References(deck, resources)
    inline = InlineContext(resources=resources, math=math, meta=config.meta, tbl_colwidths=config.tbl_colwidths,
                           fig_align=config.fig_align, references=references, external_links=external_links(config))
    markdown = MarkdownRenderer(inline, syntax=markdown_syntax(config))
    variables = theme_variables(theme, config)
    code = code_look.look(config, theme.pygments, variables, resources)
    variables = {**variables, **code.variables, **config.theme_vars}
    draw_diagrams(deck, theme, variables, resources)  # each diagram's SVG, before the slides are rendered
    renderer = SlideRenderer(deck, markdown, section_background=variables.get("section-background"))
    parts = [part for slide in deck.slides for main in [renderer.render(slide)] for part in (main, *main.followers)]
    parts += [renderer.render(slide) for slide in references.final_slides(deck)]
    date = shown_date(config, clock_for(deck.path))
    title = _title_slide(deck, markdown, date)
    footer = _metadata_text(config, "footer", markdown)
    brand = _brand(deck, resources)
    logo_reference, logo_alt = logos.chosen(config, variables, brand)
    logo = resources.url(logo_reference, config.lines.get("logo", 1), "logo") if logo_reference else ""
    columns = stacks(parts, config.navigation_mode)
    if contents := toc_slide(config, parts):
        columns.insert(0, [contents])
    context = {
        "config": config,
        "theme": theme,
        "version": __version__,
        "lang": config.lang,
        "page_title": plain_text(title["title"] if title else _metadata_text(config, "title", markdown)) or deck.path.stem,
        "title_slide": title,
        "date": date,
        "stacks": [[_markup(p) for p in stack] for stack in columns],
        "footer": Markup(footer),
        "logo": logo,
        "logo_alt": logo_alt,
        "reveal_config": reveal_config(config),
        "pdf_options": pdf_options(config),
    }
    context["stylesheets"] = [Markup(s) for s in _stylesheets(deck, theme, variables, code, math, resources, sink, brand)]
    libraries = renderer.libraries.tags(sink.script) if renderer.libraries else ()
    if renderer.code_ids.count or any("code-fold" in part.body for part in parts):
        libraries = (*libraries, sink.script("code_blocks.js", package_text("code_blocks.js")))
    if script := code_look.copy_script(config, [part.body for part in parts]):
        libraries = (*libraries, sink.script("code_copy.js", script))
    context["scripts"] = [Markup(s) for s in (*_scripts(sink, config), *libraries)]
    includes = page_includes(config, resources, sink)
    context["includes"] = {place: Markup(getattr(includes, place)) for place in ("head", "before_body", "after_body")}
    made = render_template(_environment(theme), "page.html.j2", context, record=RECORDED)
    positions = [(0, 0)] if title else []
    positions += [(h, v) for h, stack in enumerate(columns, start=len(positions)) for v in range(len(stack))]
    page = _page(made, positions, math, references.resolve)
    resources.warnings.extend(references.warnings)
    return page


def _page(made: Rendered, positions: list[tuple[int, int]], math: DeckMaths, refs: Callable[[str], str]) -> Page:
    """The page and its slides, with forward references to equations typeset again now that
    the whole deck is (MathJax does the same in a page)."""
    spans = made.spans
    sections = [*spans["title_slide"], *spans["slide"]]
    text = made.text

    def resolve(part: str) -> str:  # cross-references and citations, then forward \eqref
        return math.resolve(refs(part))

    slides = tuple(SlideHTML(h, v, resolve(text[a:b])) for (h, v), (a, b) in zip(positions, sections, strict=False))
    if len(sections) != len(positions):
        slides = ()  # a theme that lays the slides out its own way
    if len(spans["slides"]) != 1:
        return Page(resolve(text), None, slides)
    start, end = spans["slides"][0]
    before, inside, after = (resolve(part) for part in (text[:start], text[start:end], text[end:]))
    return Page(before + inside + after, (len(before), len(before) + len(inside)), slides)


def _title_slide(deck: Deck, markdown: MarkdownRenderer, date: str) -> dict[str, Markup] | None:
    config = deck.config
    if not (config.title and config.title_slide):
        return None
    from deckbuild.rendering.title_slide import authors_html, title_attributes

    attributes, classes = title_attributes(config, markdown.context.resources)

    def inline(text: str, key: str) -> str:
        return markdown.render_inline(with_line_breaks(text), config.lines.get(key, 1), raw_html=False) if text else ""

    return {"title": Markup(_metadata_text(config, "title", markdown)),
            "subtitle": Markup(_metadata_text(config, "subtitle", markdown)),
            "authors": Markup(authors_html(config, inline)), "date": Markup(inline(date, "date")),
            "attributes": Markup(attributes), "classes": Markup.escape(classes)}


def _metadata_text(config: DeckConfig, key: str, markdown: MarkdownRenderer) -> str:
    """`title`, `subtitle` or `footer` as inline HTML: its Markdown rendered, raw HTML escaped."""
    text: str = with_line_breaks(getattr(config, key))
    return markdown.render_inline(text, config.lines.get(key, 1), raw_html=False) if text else ""


def _markup(part: SlideParts) -> SlideParts:
    part.title, part.body, part.notes, part.footer = (Markup(x) for x in (part.title, part.body, part.notes, part.footer))
    part.attributes = Markup(part.attributes)
    part.footnotes = [(label, Markup(note)) for label, note in part.footnotes]
    return part


def _brand(deck: Deck, resources: Resources) -> Brand | None:
    """The deck's brand (`brand:`, or a `_brand.yml` found beside it or at its project's root);
    a brand file counts among the page's inputs, so `serve` rebuilds when it changes."""
    from deckbuild.project import project_root

    config = deck.config
    try:
        found = find_brand(deck.path, project_root(deck.path.parent), config.brand, config.brand_mode)
    except DeckError as exc:
        raise exc.place(deck.path, config.lines.get("brand")) if exc.path is None else exc from None
    if found is not None:
        resources.read.add(found.path.resolve())
    return found


def _stylesheets(
    deck: Deck, theme: Theme, variables: dict[str, str], code: code_look.Look, maths: DeckMaths, resources: Resources, sink: Sink,
    brand: Brand | None = None,
) -> Iterable[str]:
    user = [resources.stylesheet(reference, deck.config.lines.get("css", 1)) for reference in deck.config.css]
    yield sink.style("reveal.css", assets.read_text("reveal.js/reveal.css"), None)
    for family in dict.fromkeys((*theme.fonts, *families_used(*(css for css, _ in user)))):
        css_path = assets.vendor_path(f"fonts/{family}/fonts.css")
        yield sink.style(f"font-{family}.css", assets.read_text(f"fonts/{family}/fonts.css"), css_path.parent)
    for name, css, base in maths.stylesheets():
        yield sink.style(name, css, base)
    declarations = "".join(f"  --{name}: {value};\n" for name, value in variables.items())
    # Token colours first, so a theme's own CSS can restyle them; each is nudged to meet the
    # theme's contrast on the code backgrounds (plain and highlighted lines) this deck ends up with.
    backgrounds = tuple(variables[name] for name in ("code-background", "code-highlight") if name in variables)
    yield sink.style("code.css", pygments_css(code.style, backgrounds=backgrounds, contrast=theme.code_contrast), None)
    for name in ("blocks.css", *QUARTO_SHEETS):  # Quarto's blocks, before the theme's CSS so that a theme can restyle them
        yield sink.style(name, package_text(name), None)
    for sheet in theme.page_sheets(f":root {{\n{declarations}}}\n"):
        yield sink.style(sheet.name, sheet.css, sheet.base)
    palette = {name: value for name, value in code.variables.items() if name not in deck.config.theme_vars}
    if blocks := code_look.block_css(deck.config, palette):  # the front matter's, over the theme's
        yield sink.style("code-blocks.css", blocks, None)
    if brand is not None and brand.colours:
        yield sink.style("brand.css", brand.stylesheet(), None)
    for index, (css, path) in enumerate(user):
        yield sink.style(f"user-{index}.css", css, path.parent)


def _scripts(sink: Sink, config: DeckConfig) -> Iterable[str]:
    from deckbuild.rendering.stretch import stretch_script

    yield sink.script("reveal.js", assets.read_text("reveal.js/reveal.js"))
    yield sink.script("notes.js", assets.read_text("reveal.js/notes.js"))
    yield sink.script("stretch.js", stretch_script(config))
    yield sink.script("blocks.js", package_text("blocks.js"))


def _environment(theme: Theme) -> jinja2.Environment:
    key = (tuple(theme.template_dirs()), tuple(theme.template_prefixes().items()))
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = _new_environment(theme)
    return _ENVIRONMENTS[key]


_ENVIRONMENTS: dict[tuple[object, ...], jinja2.Environment] = {}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling them costs as much as rendering a deck."""
    from deckbuild.user_cache import cache_root

    folder = cache_root() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _new_environment(theme: Theme) -> jinja2.Environment:
    """`page.html.j2` is the nearest theme's; `default/page.html.j2` is always the default's,
    so a child template can extend its parent's and override one block."""
    prefixed = {name: jinja2.FileSystemLoader(str(path)) for name, path in theme.template_prefixes().items()}
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(d) for d in theme.template_dirs()]),
        jinja2.PrefixLoader(prefixed),
    ])  # fmt: skip
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["roman"] = roman
    env.filters["js_object"] = lambda value: Markup(js_object(value))  # script-safe already (js_literal)
    return env


def roman(number: int) -> str:
    """1 → I, 4 → IV: section numbers for themes that print "Part II"."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
    text = ""
    for value, letters in numerals:
        count, number = divmod(number, value)
        text += letters * count
    return text
