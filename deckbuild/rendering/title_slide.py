"""The title slide: Quarto's `title-slide-attributes`, and its authors and date as Quarto marks them up.

A background image or video named in `title-slide-attributes` is found, checked and embedded like
a slide's own `background-image` (the same `Resources`); colours and sizes pass through as
written, escaped.

The authors follow Quarto's reveal.js title slide (`title-fancy/title-slide.html`), so stylesheets
written for Quarto apply: `div.quarto-title-authors` holds one `div.quarto-title-author` per
author, with `div.quarto-title-author-name` (linked to the author's `url`; an ORCID link
`a.quarto-title-author-orcid` after it), `div.quarto-title-author-email` (a mailto link) and a
`p.quarto-title-affiliation` per affiliation (linked to its `url`). `title-slide-style: pandoc`
gives pandoc's plain `p.author` and `p.institute` instead. Quarto's reveal.js title slide shows
no abstract, and neither does this one. Names and affiliations are front matter text: their
Markdown is rendered and raw HTML shown as text, as in the title, except `<br>`, a line break.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path

from deckbuild.config import Author, DeckConfig
from deckbuild.model import Attrs
from deckbuild.quarto.date_names import names_for
from deckbuild.quarto.dates import ENGLISH, Clock, resolve_date
from deckbuild.rendering.markdown import attrs_html
from deckbuild.rendering.resources import Resources

FILES = ("data-background-image", "data-background-video")
NOT_FILES = ("#", "rgb", "hsl", "linear-gradient", "radial-gradient")
ORCID_ICON = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
              "%3Ccircle cx='8' cy='8' r='8' fill='%23a6ce39'/%3E%3Ctext x='8' y='11.5' font-size='9' "
              "font-family='sans-serif' font-weight='bold' text-anchor='middle' fill='%23fff'%3EiD%3C/text%3E%3C/svg%3E")
"""deckbuild's own small ORCID iD mark (a green disc with "iD"), where Quarto puts ORCID's logo."""

BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)

Inline = Callable[[str, str], str]
"""Front matter text (and its key, for the line) → inline HTML."""


def title_attributes(config: DeckConfig, resources: Resources) -> tuple[str, str]:
    """(the `data-*` attributes as HTML, the extra classes) for the title slide."""
    values: dict[str, str] = {}
    classes = ""
    for name, value in config.title_slide_attributes.items():
        if name == "class":
            classes = value
            continue
        if name in FILES and value and not value.startswith(NOT_FILES):
            line = config.lines.get(f"title-slide-attributes.{name}", config.lines.get("title-slide-attributes", 1))
            value = resources.url(value, line, f"title-slide-attributes {name}")
        values[name] = value
    return attrs_html(Attrs(values=values)), classes


def with_line_breaks(text: str) -> str:
    """`<br>` in front matter text as a Markdown hard line break: Quarto authors break long
    titles and affiliations with it, and it is the one tag that needs no escaping to be safe
    (the rest of a raw tag in front matter is shown as text)."""
    return BREAK.sub("\\\n", text)


def clock_for(deck: Path) -> Clock:
    """The render's clock: now, in the local time zone, and the deck file's modification time."""
    now = datetime.now().astimezone()
    try:
        modified = datetime.fromtimestamp(deck.stat().st_mtime).astimezone()
    except OSError:
        modified = None
    return Clock(now, modified)


def shown_date(config: DeckConfig, clock: Clock) -> str:
    """The date the title slide shows (`today` is the day of this render)."""
    if not config.date.strip():
        return ""
    return resolve_date(config.date, config.date_format, clock, names_for(config.lang) or ENGLISH)


def authors_html(config: DeckConfig, inline: Inline) -> str:
    """The authors block of the title slide, in the markup of `config.title_slide_style`."""
    if config.title_slide_style == "pandoc":
        people = [f'<p class="author">{inline(author.name, "author")}</p>' for author in config.authors]
        places = [f'<p class="institute">{inline(name, "institute")}</p>' for name in config.institute]
        return "\n    ".join(people + places)
    if not config.authors:
        return ""
    return ('<div class="quarto-title-authors">'
            + "".join(_author(author, inline) for author in config.authors) + "\n    </div>")


def _author(author: Author, inline: Inline) -> str:
    name = inline(author.name, "author")
    shown = f'<a href="{escape(author.url)}">{name}</a>' if author.url else name
    if author.orcid:
        shown += (f' <a href="https://orcid.org/{escape(author.orcid)}" class="quarto-title-author-orcid"'
                  f' aria-label="ORCID profile for {escape(author.name)}"><img alt="" src="{ORCID_ICON}"></a>')
    parts = [f'\n      <div class="quarto-title-author-name">{shown}</div>']
    if author.email:
        email = escape(author.email)
        parts.append(f'\n      <div class="quarto-title-author-email"><a href="mailto:{email}">{email}</a></div>')
    for affiliation in author.affiliations:
        text = inline(affiliation.shown, "author")
        if affiliation.url:
            text = f'<a href="{escape(affiliation.url)}">{text}</a>'
        parts.append(f'\n      <p class="quarto-title-affiliation">{text}</p>')
    return '\n    <div class="quarto-title-author">' + "".join(parts) + "\n    </div>"
