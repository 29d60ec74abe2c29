"""`toc: true`: a contents slide after the title slide, as Quarto's reveal.js format makes it.

    <section id="TOC" class="slide level2 toc-slide">
      <nav role="doc-toc" aria-labelledby="toc-title">
        <h2 id="toc-title">Table of contents</h2>
        <ul>
          <li><a href="#/intro" id="/toc-intro">Introduction</a>       a `#` section …
            <ul><li><a href="#/first" id="/toc-first">First</a></li></ul>   … and its slides
          </li>
        </ul>

The links use reveal.js's `#/id` form, which it turns into a move to that slide, and pandoc's
ids (`/toc-id`), as Quarto's pages have them. `toc-depth: 1`
lists the sections alone; untitled slides, and the slides a cell's outputs add, are not listed.
"""

from __future__ import annotations

import html
import re

from deckbuild.config import DeckConfig
from deckbuild.model import Attrs, Slide
from deckbuild.rendering.slides import SlideParts

DEFAULT_TITLE = "Table of contents"
_LINK = re.compile(r"</?a\b[^>]*>")


def toc_slide(config: DeckConfig, parts: list[SlideParts]) -> SlideParts | None:
    """The contents slide for the deck's rendered slides, or None without `toc: true`."""
    if not config.toc:
        return None
    listed = [part for part in parts if part.title and part.slide.level >= 1 and part.slide.level <= config.toc_depth
              and not part.id.endswith("-output") and part.slide.attrs.values.get("visibility") != "hidden"]
    title = html.escape(config.toc_title or DEFAULT_TITLE)
    nav = (f'<nav role="doc-toc" aria-labelledby="toc-title">\n<h2 id="toc-title">{title}</h2>\n'
           f"{_list(listed)}</nav>\n")
    slide = Slide(title="", level=2, attrs=Attrs(id="TOC"), body=[], line=config.lines.get("toc", 1), stack_start=True)
    return SlideParts(slide=slide, id="TOC", title="", body=nav, attributes=' id="TOC" class="slide level2 toc-slide"')


def _list(parts: list[SlideParts]) -> str:
    """Sections hold the slides after them; slides before the first section stand alone."""
    items: list[str] = []
    open_section = False
    for part in parts:
        link = f'<a href="#/{html.escape(part.id)}" id="/toc-{html.escape(part.id)}">{_LINK.sub("", part.title)}</a>'
        if part.slide.level == 1:
            items.append(("</ul></li>\n" if open_section else "") + f"<li>{link}<ul>\n")
            open_section = True
        else:
            items.append(f"<li>{link}</li>\n")
    if open_section:
        items.append("</ul></li>\n")
    text = "".join(items).replace("<ul>\n</ul>", "")
    return f"<ul>\n{text}</ul>\n"
