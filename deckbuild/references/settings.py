"""Front matter for cross-references and citations → typed settings, as Quarto spells them.

    crossref: {fig-title: Fig., fig-prefix: Fig., title-delim: "—", labels: roman, …}
    bibliography: refs.bib            (or a list; BibTeX, CSL JSON or CSL YAML)
    csl: ieee.csl                     (a CSL style file; Chicago author-date when absent)
    nocite: "@*"                      (or "@a, @b", or a list of them)
    link-citations: true
    reference-section-title: References
    suppress-bibliography: false
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from deckbuild.errors import DeckError
from deckbuild.options import boolean, shown, text

if TYPE_CHECKING:
    from deckbuild.config import DeckConfig

KINDS = ("fig", "tbl", "lst", "eq", "sec")
"""The kinds of label deckbuild numbers: `#fig-…`, `#tbl-…`, `#lst-…`, `#eq-…`, `#sec-…`."""

TITLES = {"fig": "Figure", "tbl": "Table", "lst": "Listing", "eq": "Equation", "sec": "Section"}
"""Quarto's English defaults: the caption's title and the reference's prefix are the same word."""

NUMBERINGS = ("arabic", "roman", "Roman", "alpha", "Alpha")

# Quarto crossref keys deckbuild has no use for in a deck (chapters, theorems, custom floats …).
IGNORED_CROSSREF_KEYS = frozenset(
    """chapters chapter-id chapter-delim sec-labels cnj-title cor-title def-title exm-title exr-title lem-title
    prf-title rem-title sol-title thm-title cnj-prefix cor-prefix def-prefix exm-prefix exr-prefix lem-prefix
    prf-prefix rem-prefix sol-prefix thm-prefix custom
    lof-title lot-title lol-title appendix-title appendix-delim""".split()
)


@dataclass(slots=True)
class CrossrefSettings:
    """`crossref:`: what a numbered caption and a reference say."""

    titles: dict[str, str] = field(default_factory=lambda: dict(TITLES))
    """Caption titles by kind: "Figure" in "Figure 1: A cat"."""
    prefixes: dict[str, str] = field(default_factory=lambda: dict(TITLES))
    """Reference prefixes by kind: "Figure" in "see Figure 1"."""
    delimiter: str = ":"
    """`title-delim`: between "Figure 1" and the caption."""
    labels: dict[str, str] = field(default_factory=dict)
    """Numbering by kind (`fig-labels: roman`), else `labels`, else arabic."""
    default_labels: str = "arabic"
    subref_labels: str = "alpha"
    """How subfigures are lettered in their captions and references (`subref-labels: roman i`)."""
    hyperlink: bool = True
    """`ref-hyperlink`: references link to their target's slide."""


@dataclass(slots=True)
class CitationSettings:
    bibliography: list[str] = field(default_factory=list)
    """The bibliography files, as written (relative to the deck)."""
    csl: str = ""
    """A CSL style file, as written; "" for the bundled Chicago author-date."""
    nocite: list[str] = field(default_factory=list)
    """Keys listed without being cited; "*" for every entry."""
    link_citations: bool = True
    section_title: str = ""
    """`reference-section-title`: the title of the references slide deckbuild adds."""
    suppress_bibliography: bool = False


def _set_crossref(config: DeckConfig, value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping such as {fig-prefix: Fig., title-delim: —}")
    settings = config.crossref
    for key, item in value.items():
        name = str(key)
        kind, _, part = name.partition("-")
        if kind in KINDS and part in ("title", "prefix"):
            (settings.titles if part == "title" else settings.prefixes)[kind] = text(item)
        elif (kind in KINDS and part == "labels") or name == "labels":
            numbering = _numbering(item)
            if name == "labels":
                settings.default_labels = numbering
            else:
                settings.labels[kind] = numbering
        elif name in ("subref-labels", "fig-subref-labels", "tbl-subref-labels"):
            settings.subref_labels = _numbering(item)
        elif name == "title-delim":
            settings.delimiter = text(item)
        elif name == "ref-hyperlink":
            settings.hyperlink = boolean(item)
        elif name not in IGNORED_CROSSREF_KEYS:
            config.warnings.append(DeckError(f"crossref: `{name}` is not a cross-reference setting deckbuild knows; ignored",
                                             line=config.lines.get("crossref"),
                                             fix="use fig-title, fig-prefix, title-delim, labels, fig-labels, …"))


def _numbering(value: Any) -> str:
    """`arabic`, `roman`, `Roman`, `alpha x`, `Alpha X`: Quarto's letter names the first label
    (`alpha x` counts x, y, z, aa; `alpha A` A, B, C), kept after the style's name."""
    words = text(value).split()
    word = words[0] if words else ""
    if word not in NUMBERINGS:
        raise ValueError(f"expected arabic, roman, Roman, alpha a or Alpha A, got {shown(value)}")
    start = words[1] if len(words) > 1 and word in ("alpha", "Alpha") and len(words[1]) == 1 and words[1].isalpha() else ""
    if not start:
        return word
    return f"{'Alpha' if start.isupper() else 'alpha'} {start.lower()}"  # the letter's case is the labels' case


_CITED = re.compile(r"@(\*|[\w][\w:.#$%&+?<>~/-]*)")


def _nocite(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    keys = [key for item in items for key in _CITED.findall(text(item))]
    if not keys:
        raise ValueError(f'expected citations such as "@*" or "@smith2020, @doe2021", got {shown(value)}')
    return keys


def _bibliography(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [text(item) for item in items]


def _citations(attr: str, convert: Callable[[Any], Any]) -> Callable[[DeckConfig, Any], None]:
    def apply(config: DeckConfig, value: Any) -> None:
        setattr(config.citations, attr, convert(value))

    return apply


SCHEMA: dict[str, Callable[[DeckConfig, Any], None]] = {
    "crossref": _set_crossref,
    "bibliography": _citations("bibliography", _bibliography),
    "csl": _citations("csl", text),
    "nocite": _citations("nocite", _nocite),
    "link-citations": _citations("link_citations", boolean),
    "reference-section-title": _citations("section_title", text),
    "suppress-bibliography": _citations("suppress_bibliography", boolean),
}
"""The front matter keys of this feature, added to `deckbuild.settings.SCHEMA`."""
