"""Links: pandoc's `link_attributes` and Quarto's `link-external-*` options.

`[text](url){target="_blank" .cls #id key=value}` takes the same attribute list as spans,
images and headings (`sources/attributes.py`), after an inline link, a reference link
`[text][ref]{…}`, or on the reference itself (`[ref]: url "title" {…}`, the link's own win).
They go onto the `<a>` as pandoc's HTML writer puts them: attributes that `<a>` knows keep
their names, any other becomes `data-…` (so `preview-link="true"` is reveal.js's
`data-preview-link`, and no `on…` handler can be written), and `href` stays the link's own.

Quarto's options (its HTML formats do this in the browser; deckbuild writes it into the page):
an external link is an absolute `http(s)` URL that `link-external-filter` (a regular
expression, searched in the URL) does not call internal. `link-external-newwindow` gives it
`target="_blank"` and, unless it has one, `rel="noopener"`; `link-external-icon` gives it the
`external` class, whose icon `blocks.css` draws (as it does for a link written `{.external}`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from deckbuild.config import DeckConfig
from deckbuild.model import Attrs

LINK_ATTRIBUTES = frozenset("target rel download hreflang type referrerpolicy title lang dir role style".split())
"""What `<a>` takes under its own name; anything else is written `data-…` (`aria-…` stays)."""

EXTERNAL = re.compile(r"https?://", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ExternalLinks:
    """The deck's `link-external-*` settings."""

    newwindow: bool = False
    icon: bool = False
    filter: re.Pattern[str] | None = None
    """Links whose URL it matches are internal (Quarto's `link-external-filter`)."""

    def is_external(self, url: str) -> bool:
        return bool(EXTERNAL.match(url)) and not (self.filter and self.filter.search(url))


NO_EXTERNAL = ExternalLinks()


def external_links(config: DeckConfig) -> ExternalLinks:
    """The deck's settings (its filter was checked to be a regular expression when read)."""
    pattern = re.compile(config.link_external_filter) if config.link_external_filter else None
    return ExternalLinks(config.link_external_newwindow, config.link_external_icon, pattern)


def trailing_attrs(src: str, pos: int) -> tuple[Attrs, int] | None:
    """The attribute list `{…}` that starts at `pos`, and where it ends; None when there is none
    (no brace there, no closing brace on the line, or what is inside is not attributes)."""
    from deckbuild.sources.attributes import AttributeError_, parse_attrs

    if not src.startswith("{", pos):
        return None
    end = src.find("}", pos)
    if end < 0 or any(char in src[pos + 1 : end] for char in "{\n"):
        return None
    try:
        return parse_attrs(src[pos : end + 1]), end + 1
    except AttributeError_:
        return None


def merged(base: Attrs | None, own: Attrs | None) -> Attrs | None:
    """A reference's attributes under the link's own (its id and values win; classes add up)."""
    if base is None or own is None:
        return own or (Attrs(base.id, list(base.classes), dict(base.values)) if base else None)
    return Attrs(own.id or base.id, [*base.classes, *own.classes], {**base.values, **own.values})


def anchor_attrs(url: str, attrs: Attrs | None, external: ExternalLinks) -> str:
    """Everything after `href` on the `<a>`: id, classes, then the other attributes, escaped."""
    attrs = Attrs(attrs.id, list(attrs.classes), dict(attrs.values)) if attrs else Attrs()
    attrs.values.pop("href", None)
    if external.is_external(url):
        if external.icon and "external" not in attrs.classes:
            attrs.classes.append("external")
        if external.newwindow:
            attrs.values.setdefault("target", "_blank")
            attrs.values.setdefault("rel", "noopener")
    out = [f' id="{html.escape(attrs.id)}"'] if attrs.id else []
    if attrs.classes:
        out.append(f' class="{html.escape(" ".join(attrs.classes))}"')
    for key, value in attrs.values.items():
        name = key if key in LINK_ATTRIBUTES or key.startswith(("data-", "aria-")) else f"data-{key}"
        out.append(f' {name}="{html.escape(value)}"')
    return "".join(out)
