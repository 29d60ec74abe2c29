"""The slides on the page → the slides in the source, so that each problem names its line.

The page shows, in order: the title slide (made from the front matter's `title`), then each
slide of the deck, each followed by the slides that its cells' `output-location: slide`
outputs add (they hold a `.cell-output-slide`, and are reported at their slide). A slide with
`visibility="hidden"` is not on the page at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deckbuild.model import Deck, Slide


@dataclass(slots=True, frozen=True)
class Place:
    number: int
    """The slide's number as the deck shows it (the title slide is 1)."""
    title: str
    """As the source writes it; empty for an untitled slide."""
    line: int | None
    """The line of its heading (the title slide: the front matter's `title:`)."""
    id: str
    """The rendered slide's id, which `check: ignore:` may name as `#id`."""

    def label(self) -> str:
        return f'slide {self.number} "{self.title}"' if self.title else f"slide {self.number}"


def place_slides(deck: Deck, shown: list[dict[str, Any]]) -> dict[int, Place]:
    """Each slide on the page, by its position `n`, → where it comes from. If the page does not
    match the deck (a theme that adds slides), slides are named by position alone."""
    sources = iter([slide for slide in deck.slides if slide.attrs.values.get("visibility") != "hidden"])
    places: dict[int, Place] = {}
    last: Place | None = None
    for slide in shown:
        if slide["titleSlide"]:
            place = Place(1, deck.config.title, deck.config.lines.get("title"), slide["id"])
        elif slide["follower"] and last is not None:
            place = last
        else:
            source: Slide | None = next(sources, None)
            if source is None:
                return {s["n"]: Place(s["n"], s["title"], None, s["id"]) for s in shown}
            place = Place(source.number, source.title, source.line, slide["id"])
        places[slide["n"]] = last = place
    return places
