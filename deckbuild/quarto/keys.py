"""Quarto's front matter keys that deckbuild does not act on, sorted by what it says about them.

Quarto keeps every key it does not use and lets authors keep their own metadata there (what
`{{< meta >}}` reads), so no key stops a render. The keys deckbuild acts on live in
`settings.SCHEMA` and reveal.js's settings; the rest of Quarto's reveal.js format reference
(`quarto-cli/src/resources/schema/document-*.yml`, tagged for `revealjs` or for all HTML
formats) is sorted here:

- `WARNED`: it changes what Quarto makes, and deckbuild does not do it: said once, so an author
  knows why the deck differs (`--strict` makes it an error).
- `SILENT`: metadata, or what only Quarto's own machinery reads (its tests, projects, websites,
  the editor): nothing to say. So is any key starting with `_`, Quarto's private namespace.

A key in neither table nor deckbuild's own is unknown: a warning naming the nearest known key.
"""

from __future__ import annotations

WARNED = frozenset(
    """chalkboard multiplex menu toc-location number-sections number-depth
    number-offset code-tools code-link filters shortcodes
    revealjs-plugins template template-partials mermaid-format citation-location
    cite-method citations-hover footnotes-hover reference-location cap-location
    fig-cap-location tbl-cap-location fig-responsive fig-format
    fig-asp lightbox format-links
    standalone keep-tex keep-md keep-ipynb keep-typ keep-hidden output-ext output-file
    execute-dir engine jupyter knitr axe appearance
    center-title-slide email-obfuscation
    df-print comments reference-doc ojs-engine filters-params resources theme-dark
    fontcolor linkcolor backgroundcolor mermaid-theme
    preload-iframes""".split()
)
"""Quarto keys that change the output, which deckbuild ignores with one warning."""

SILENT = frozenset(
    """_quarto brand pagetitle title-meta author-meta date-meta description-meta language
    description abstract abstract-title categories image image-alt keywords-meta subject-meta
    citation google-scholar license copyright funding editor editor_options
    params draft date-modified lang-meta search project website book metadata-files
    filters-meta title-block-banner title-block-style title-block-categories doi order
    colorlinks urlcolor citecolor toccolor classoption documentclass papersize geometry
    slider published-title author-title affiliation-title abstract-title
    institute-meta reference-section-title notebook-links notebook-view notebook-preview-options
    other-links code-links repo-url repo-actions canonical-url open-graph twitter-card""".split()
)
"""Metadata and keys only Quarto's own machinery reads: accepted without a word."""


def is_silent(key: str) -> bool:
    return key in SILENT or key.startswith("_")


MEANINGS = {
    "keep-tex": "does nothing in deckbuild",
    "keep-md": "does nothing in deckbuild",
    "keep-ipynb": "does nothing in deckbuild",
    "output-ext": "does nothing in deckbuild (the output is .html, or .pdf from `deckbuild pdf`)",
    "output-file": "does nothing in deckbuild; name the output with -o",
    "chalkboard": "is a reveal.js plugin deckbuild does not bundle",
    "multiplex": "needs a socket.io server; deckbuild decks work offline",
    "menu": "is a reveal.js plugin deckbuild does not bundle",
    "revealjs-plugins": "names plugins deckbuild does not load",
    "filters": "are Lua filters for pandoc, which deckbuild does not run",
    "engine": "is chosen by deckbuild from the cells (a Jupyter kernel)",
    "jupyter": "is chosen with `execute: kernel:` in deckbuild",
    "resources": "names files Quarto copies beside its output; deckbuild embeds what the slides use, and copies "
                 "nothing else (a file the slides only link to stays where it is)",
    "fontcolor": "is for HTML documents; Quarto's reveal.js slides do not use it either (set `$body-color` in a "
                 "theme .scss)",
    "linkcolor": "is for HTML documents; Quarto's reveal.js slides do not use it either (set `$link-color` in a "
                 "theme .scss)",
    "backgroundcolor": "is for HTML documents; Quarto's reveal.js slides do not use it either (set `$body-bg` in a "
                       "theme .scss)",
}
"""What an ignored key's warning says, where "is not supported by deckbuild" says too little."""


def ignored(key: str) -> str:
    """The warning for a Quarto key deckbuild ignores."""
    return f"ignored: Quarto's `{key}` {MEANINGS.get(key, 'is not supported by deckbuild yet')}"
