"""Export options and the small languages of their values (`3-7,10`, `A4`, `1920x1080`).

Front matter `pdf:` gives a deck's defaults; a command-line option given explicitly wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from deckbuild.errors import DeckbuildError

# Paper sizes in CSS pixels (96 per inch), landscape first since slides are landscape.
PAPER = {
    "a3": (1587.4, 1122.5),
    "a4": (1122.5, 793.7),
    "a5": (793.7, 559.4),
    "letter": (1056.0, 816.0),
    "legal": (1344.0, 816.0),
}
UNITS = {"px": 1.0, "in": 96.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "pt": 96 / 72}


@dataclass(slots=True, frozen=True)
class ExportOptions:
    fragments: bool = False
    """One page per fragment step instead of each slide's final state."""
    notes: str | None = None
    """`page`: notes on their own page after the slide; `below`: under it, on a taller page."""
    slides: frozenset[int] | None = None
    """1-based slide numbers to keep; None keeps all."""
    page_size: tuple[float, float] | None = None
    """Page size in CSS pixels; None means the deck's own width x height."""
    timeout: float = 60.0
    """Seconds to wait for a deck to load and lay out."""
    scale: int = 1
    """PNG pixel density (device scale factor)."""

    def with_defaults(self, deck: dict[str, Any], given: set[str]) -> ExportOptions:
        """Fill the options the command line did not give from the deck's `pdf:` settings."""
        changes: dict[str, Any] = {}
        if "fragments" not in given and isinstance(deck.get("fragments"), bool):
            changes["fragments"] = deck["fragments"]
        if "notes" not in given and deck.get("notes") in ("page", "below"):
            changes["notes"] = deck["notes"]
        if "slides" not in given and deck.get("slides"):
            changes["slides"] = parse_slides(str(deck["slides"]))
        if "page_size" not in given and deck.get("page-size"):
            changes["page_size"] = parse_page_size(str(deck["page-size"]))
        return replace(self, **changes)


def parse_slides(spec: str) -> frozenset[int]:
    """`3-7,10` → {3, 4, 5, 6, 7, 10}; numbers are 1-based, as the slide number shows them."""
    numbers: set[int] = set()
    for part in filter(None, (p.strip() for p in spec.split(","))):
        match = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
        if not match or int(match[1]) < 1 or (match[2] and int(match[2]) < int(match[1])):
            raise DeckbuildError(f"--slides: cannot read {part!r} — use numbers and ranges such as 3-7,10")
        numbers.update(range(int(match[1]), int(match[2] or match[1]) + 1))
    if not numbers:
        raise DeckbuildError("--slides: no slide numbers given — use e.g. 3-7,10")
    return frozenset(numbers)


def parse_page_size(spec: str) -> tuple[float, float]:
    """`A4`, `A4-portrait`, `letter`, `1920x1080`, `297mmx210mm` → (width, height) in CSS px."""
    text = spec.strip().lower()
    name, _, orientation = text.partition("-")
    if name in PAPER and orientation in ("", "landscape", "portrait"):
        width, height = PAPER[name]
        return (height, width) if orientation == "portrait" else (width, height)
    number = r"(\d+(?:\.\d+)?)\s*(px|in|mm|cm|pt)?"
    match = re.fullmatch(rf"{number}\s*[x×]\s*{number}", text)
    if not match:
        raise DeckbuildError(
            f"--page-size: cannot read {spec!r} — use WIDTHxHEIGHT (1920x1080, 297mmx210mm) "
            f"or a paper name ({', '.join(PAPER)}, optionally -portrait)"
        )
    width = float(match[1]) * UNITS[match[2] or match[4] or "px"]
    height = float(match[3]) * UNITS[match[4] or match[2] or "px"]
    return (width, height)
