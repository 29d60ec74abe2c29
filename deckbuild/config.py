"""The typed settings of a deck: what front matter and project files become.

Plain dataclasses; `deckbuild.settings` validates front matter and project files into them.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckbuild.errors import DeckError
from deckbuild.options import CellOptions
from deckbuild.references.settings import CitationSettings, CrossrefSettings


@dataclass(slots=True)
class Affiliation:
    """One of an author's affiliations, in Quarto's author schema (`deckbuild.quarto.authors`)."""

    name: str = ""
    department: str = ""
    url: str = ""
    address: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    postal_code: str = ""

    @property
    def shown(self) -> str:
        """What the title slide shows: its name (Quarto's), else its department and place."""
        return self.name or ", ".join(part for part in (self.department, self.city, self.country) if part)


@dataclass(slots=True)
class Author:
    """An author as Quarto normalizes them; the title slide shows name, affiliations, email, ORCID."""

    name: str
    affiliations: list[Affiliation] = field(default_factory=list)
    email: str = ""
    url: str = ""
    orcid: str = ""
    note: str = ""
    corresponding: bool = False

    @property
    def affiliation(self) -> str:
        """The affiliations in one line, for themes that show one."""
        return ", ".join(shown for shown in (a.shown for a in self.affiliations) if shown)


@dataclass(slots=True)
class ExecutorConfig:
    """A named remote executor: `executors: {gpu: {gateway: URL, token-env: VAR}}`."""

    name: str
    gateway: str
    token_env: str | None = None
    kernel: str = "python3"
    fallback: str = "cache"
    ca_bundle: str | None = None


@dataclass(slots=True)
class PdfOptions:
    fragments: bool = False
    notes: str | None = None
    page_size: str | None = None
    slides: str | None = None


@dataclass(slots=True)
class CheckIgnore:
    """One `check: ignore:` entry: a rule of `deckbuild check` that does not apply, and why."""

    rule: str
    """A rule's name (`contrast`), `axe` for all of axe-core's, or `axe:RULE` for one of them."""
    reason: str
    slides: list[int | str] = field(default_factory=list)
    """Slide numbers, titles or `#id`s; empty: the whole deck."""
    line: int = 0
    """Where the entry is in the front matter (0: unknown), for a slide that is not in the deck."""


@dataclass(slots=True)
class CheckOptions:
    """Front matter `check:`, what `deckbuild check` looks for in this deck."""

    notes: bool = False
    """`notes: required`: a slide without speaker notes is a problem."""
    ignore: list[CheckIgnore] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Include:
    """One item of `include-in-header`, `include-before-body` or `include-after-body`: a file
    (read relative to the deck, like an image) or a text given in the front matter."""

    file: str | None = None
    text: str | None = None


@dataclass(slots=True)
class DeckConfig:
    title: str = ""
    subtitle: str = ""
    authors: list[Author] = field(default_factory=list)
    date: str = ""
    """As written (`today`, `2024-03-07`, free text); the title slide shows it resolved
    (`deckbuild.quarto.dates`), in `date_format`."""
    date_format: str | None = None
    """Quarto's `date-format`: full, long, medium, short, iso or dayjs tokens; None is iso."""
    institute: list[str] = field(default_factory=list)
    """Quarto's `institute` (text or a list): the n-th is the n-th author's affiliation."""
    lang: str = "en"
    """The page's language (screen readers, hyphenation)."""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    theme: str = "default"
    theme_vars: dict[str, str] = field(default_factory=dict)
    """Overrides of the theme's CSS variables (`theme: {name: dark, vars: {accent: "#e63"}}`)."""
    theme_scss: list[str] = field(default_factory=list)
    theme_sass: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Quarto's typography keys as its Sass variables (`fontsize` → `presentation-font-size-root`):
    variable → (value, front matter line); `deckbuild.quarto.typography`."""
    """Quarto SCSS theme files layered on the theme (`theme: [default, custom.scss]`), as written."""
    quarto: bool = False
    """The deck comes from Quarto (`format: revealjs`, or a .qmd file): Quarto's slide size,
    theme names and auto-stretch are its defaults."""
    auto_stretch: bool | None = None
    """Quarto's `auto-stretch`: a lone image fills the rest of its slide; None follows `quarto`."""
    css: list[str] = field(default_factory=list)
    resource_path: list[Path] = field(default_factory=list)
    """`resource-path:` folders a deck may also read files from (and looks files up in, after its
    own folder). Relative ones are the deck's; the project file's arrive resolved."""
    logo: str = ""
    logo_dark: str = ""
    """Quarto's `logo: {light, dark}`: the logo shown by a dark theme."""
    logo_alt: str = ""
    logo_dark_alt: str = ""
    brand: Any = None
    """Quarto's `brand:`: a brand file (path), the brand itself (mapping), False for none; None: `_brand.yml`."""
    brand_mode: str = "light"
    callout_appearance: str = "default"
    """Quarto's `callout-appearance`, `callout-icon`: what a callout without its own has."""
    callout_icon: bool = True
    footer: str = ""
    link_external_newwindow: bool = False
    """Quarto's `link-external-*`: external links open in a new window, carry an icon, and
    `link_external_filter` (a regular expression) names the URLs that are not external."""
    link_external_icon: bool = False
    link_external_filter: str = ""
    slide_number: bool | str = False
    incremental: bool = False
    navigation_mode: str = "linear"
    title_slide: bool = True
    width: int = 1280
    height: int = 720
    embed_resources: bool = True
    markdown_extensions: dict[str, bool] = field(default_factory=dict)
    """Pandoc reader extensions turned on (True) or off (False) by `from: markdown+emoji-…`."""
    includes: dict[str, list[Include]] = field(default_factory=dict)
    """Quarto's `include-in-header`, `include-before-body` and `include-after-body`, by key: HTML
    put into the page's head, at the start or at the end of its body (`rendering.page_includes`),
    and read for MathJax macros (`rendering.mathjax_config`)."""
    math_delimiters: str = "pandoc"
    """"pandoc" for Markdown talks; the notebook loader sets "jupyter" (Jupyter's `$` rules)."""
    reveal: dict[str, Any] = field(default_factory=dict)
    """reveal.js settings (camelCase), from dedicated keys and from `reveal:`."""
    toc: bool = False
    """`toc: true`: a contents slide after the title slide (`deckbuild.rendering.toc`)."""
    toc_depth: int = 3
    toc_title: str = ""
    mermaid_theme: str = ""
    """`mermaid: {theme: …}`: a mermaid theme for the deck's diagrams; "" draws them in the deck's colours."""
    execute: CellOptions = field(default_factory=CellOptions)
    """The deck's `execute:` defaults for its cells (Quarto's reveal.js defaults, then the project's and the front matter's)."""
    execute_chosen: set[str] = field(default_factory=set)
    """The `execute:` keys some layer set (a notebook takes nbconvert's defaults for the others)."""
    executors: dict[str, ExecutorConfig] = field(default_factory=dict)
    pdf: PdfOptions = field(default_factory=PdfOptions)
    check: CheckOptions = field(default_factory=CheckOptions)
    # Quarto's code blocks, tables and layouts (code_blocks.py, tables).
    code_annotations: str | bool = "below"
    """`code-annotations`: below, hover, select, none, or false (markers left as comments)."""
    code_block_background: bool = True
    code_fold: bool | str = False
    code_summary: str = "Code"
    highlight_style: str | dict[str, str] = ""
    """`highlight-style`: a Quarto or Pygments palette, a `.theme` file, or `{light, dark}` of them;
    "" keeps the theme's (`deckbuild.rendering.code_look`)."""
    code_copy: bool | str = "hover"
    """`code-copy`: a copy button on code blocks, shown on hover (Quarto's reveal.js default), always, or never."""
    code_overflow: str = ""
    """`code-overflow`: `wrap` or `scroll` for long lines; "" keeps the theme's."""
    code_block_height: str = ""
    """`code-block-height`: the tallest a code block grows before it scrolls (a CSS length)."""
    code_block_border_left: str | bool = False
    """`code-block-border-left`: a left rule on code blocks, in this colour (True: a muted one)."""
    code_block_bg: str = ""
    """`code-block-bg`: the code blocks' background colour ("" keeps the theme's)."""
    tbl_colwidths: bool | str | list[float] = "auto"
    fig_align: str = "default"
    """Quarto's `fig-align` for the deck's figures: default, left, center or right (an image's own wins)."""
    """`tbl-colwidths`: auto, true, false, or percentages for every table's columns."""
    output_dir: str = ""
    decks: list[str] = field(default_factory=list)
    """The project's decks (project file only), for `deckbuild render` with no argument."""
    meta: dict[str, Any] = field(default_factory=dict)
    """The front matter as written (after `format: revealjs:` is flattened), read by `when-meta`."""
    crossref: CrossrefSettings = field(default_factory=CrossrefSettings)
    """`crossref:`: caption titles, reference prefixes and numbering."""
    citations: CitationSettings = field(default_factory=CitationSettings)
    """`bibliography:`, `csl:`, `nocite:` and the other citation keys."""
    # Quarto's keys with a meaning (deckbuild/quarto/frontmatter.py).
    hash_type: str = "title"
    """`number`: slides carry no ids, so reveal.js's URLs name slides by number."""
    title_slide_attributes: dict[str, str] = field(default_factory=dict)
    """`data-*` attributes (and `class`) for the title slide's `<section>`, as written."""
    slide_level: int = 2
    """Headings of this level start slides; those above it start sections (pandoc's rule)."""
    code_line_numbers: bool | str | None = None
    """The deck-wide default for code blocks' line numbers; None leaves each block's own."""
    slide_classes: list[str] = field(default_factory=list)
    """Classes every slide gets: Quarto's deck-wide `smaller` and `scrollable`."""
    title_slide_style: str = "default"
    strict: bool = False
    """`--strict`: the deck's warnings are errors."""
    theme_override: str | None = None
    """`--theme`: the theme to find with the front matter instead of the deck's own."""
    lines: dict[str, int] = field(default_factory=dict)
    """Front matter line of each key given, so later stages can point at it."""
    warnings: list[DeckError] = field(default_factory=list)
    """Quarto keys accepted but not supported yet, each with its place."""


@dataclass(slots=True)
class Source:
    """Where a mapping came from, for messages."""

    path: Path | str
    lines: dict[str, int]
    """Line of each top-level key (and `parent.child` for nested keys)."""
    first_line: int = 1


def merged(base: DeckConfig) -> DeckConfig:
    """A copy for one deck, so its front matter never leaks into the project's next deck."""
    copy = deepcopy(base)
    copy.lines = {}  # the project's warnings stay: each deck shows them (said once, see settings._warn_once)
    return copy
