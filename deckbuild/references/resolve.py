"""A deck's references while it renders: placeholders now, their text once every slide is made.

`References` is the one object the Markdown renderer and the slide renderer talk to. A reference
(`@fig-x`, `[@smith20]`) becomes a comment placeholder in the slide's HTML; the label it points
to may come later in the deck, and CSL formats the citations all together. `resolve(page)`
then puts each one's text in place, and the bibliography in the `#refs` div. Where the deck has
no `::: {#refs}` div, its references go on its last slide if that has a title and nothing else
(pandoc's `## References` at the end), else on a slide of their own after it (`final_slides`).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from deckbuild.errors import DeckError
from deckbuild.model import Attrs, Deck, Div, Markdown, Slide
from deckbuild.references.citations import Citations
from deckbuild.references.crossref import Crossrefs, kind_of
from deckbuild.references.syntax import CiteItem

if TYPE_CHECKING:
    from deckbuild.rendering.resources import Resources

_PLACEHOLDER = re.compile(r"<!--deckbuild-(ref|bibliography):(\d+)-->")
REFS_CLASSES = ("smaller", "scrollable")
"""What Quarto gives the slide that holds the references."""


class References:
    def __init__(self, deck: Deck, resources: Resources) -> None:
        config = deck.config
        self.crossref = Crossrefs(config.crossref)
        self.citations = Citations(config.citations, resources, config.lines.get("bibliography", 1))
        self.slide = ""
        """The slide being rendered, for messages."""
        self._crossrefs: list[tuple[list[CiteItem], int, str]] = []
        self._pending: list[tuple[str, int]] = []
        """("crossref" or "citation", its index) for each placeholder, in deck order."""
        self._has_refs_div = _holds_refs(deck) or _empty_last_slide_takes_refs(deck)
        self._texts: list[str] | None = None

    @property
    def warnings(self) -> list[DeckError]:
        return [*self.crossref.warnings, *self.citations.warnings]

    def cite(self, items: list[CiteItem], *, in_text: bool, line: int, raw: str) -> str:
        """A placeholder for a citation or a cross-reference (every item's key a label: `[@fig-a; @fig-b]`).
        Without a bibliography a citation stays as written (`@someone`), as pandoc leaves it
        when no citation processing is asked for."""
        if all(kind_of(item.key) for item in items):
            self._crossrefs.append((items, line, self.slide))
            self._pending.append(("crossref", len(self._crossrefs) - 1))
        elif not self.citations.settings.bibliography:
            keys = html.escape(" ".join(item.key for item in items))
            return f'<span class="citation" data-cites="{keys}">{html.escape(raw)}</span>'
        else:
            self._pending.append(("citation", self.citations.add(items, in_text, line, self.slide)))
        return f"<!--deckbuild-ref:{len(self._pending) - 1}-->"

    def slide_rendered(self, slide: Slide) -> None:
        """Called as each slide is rendered: it counts towards section numbers."""
        self.slide = self.crossref.slide = slide.label()
        self.crossref.count_slide(slide.attrs.id, slide.level, slide.line)

    def refs_div(self) -> str:
        """The inside of `::: {#refs}`: the bibliography, once formatted."""
        return "<!--deckbuild-bibliography:0-->"

    def final_slides(self, deck: Deck) -> list[Slide]:
        """A "References" slide after the last, for a deck that cites and has no `#refs` div."""
        settings = deck.config.citations
        cites = bool(self.citations.groups) or bool(settings.nocite)
        if self._has_refs_div or not cites or settings.suppress_bibliography or not settings.bibliography:
            return []
        line = self.citations.line
        refs = Div(Attrs(id="refs"), [], line)
        slide = Slide(settings.section_title or "References", 2, Attrs(id="references", classes=list(REFS_CLASSES)),
                      [refs], line, number=(deck.slides[-1].number + 1 if deck.slides else 1))
        return [slide]

    def resolve(self, page: str) -> str:
        """`page` (or a part of it) with every placeholder's text in place; the first call,
        once every slide is rendered, formats them all."""
        if "<!--deckbuild-" not in page:
            return page
        if self._texts is None:
            self.citations.format()
            self._texts = [self._text(kind, index) for kind, index in self._pending]
        texts = self._texts

        def put(found: re.Match[str]) -> str:
            if found.group(1) == "bibliography":
                return self._bibliography()
            return texts[int(found.group(2))]

        return _PLACEHOLDER.sub(put, page)

    def _text(self, kind: str, index: int) -> str:
        if kind == "citation":
            return self.citations.formatted[index]
        items, line, slide = self._crossrefs[index]
        return "; ".join(self.crossref.reference(item, line, slide) for item in items)

    def _bibliography(self) -> str:
        entries = "".join(f'<div id="ref-{key}" class="csl-entry" role="listitem">{entry}</div>\n'
                          for key, entry in self.citations.entries)
        return entries


def _empty_last_slide_takes_refs(deck: Deck) -> bool:
    """A deck that cites and ends on a titled slide with nothing on it (`## References`) gets
    its references there, as pandoc puts them at the end of the document."""
    last = deck.slides[-1] if deck.slides else None
    if not deck.config.citations.bibliography or last is None or not last.title:
        return False
    if any(not isinstance(block, Markdown) or block.text.strip() for block in last.body):
        return False
    last.body.append(Div(Attrs(id="refs"), [], last.line))
    return _holds_refs(deck)


def _holds_refs(deck: Deck) -> bool:
    """Whether a slide holds `::: {#refs}`; that slide gets Quarto's `smaller scrollable`."""
    found = False
    for slide in deck.slides:
        stack = list(slide.body)
        while stack:
            block = stack.pop()
            if isinstance(block, Div):
                if block.attrs.id == "refs":
                    found = True
                    for cls in REFS_CLASSES:
                        if cls not in slide.attrs.classes:
                            slide.attrs.classes.append(cls)
                stack.extend(block.children)
    return found
