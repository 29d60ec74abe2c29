"""Export options and the small languages of their values (`3-7,10`, `A4`, `1920x1080`).

Front matter `pdf:` gives a deck's defaults; a command-line option given explicitly wins.
A value that cannot be used is an `OptionError` (exit 2) when it came from the command line,
and an error naming the deck when it came from the deck's front matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from deckbuild.config import PdfOptions
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
PAGE_SIDE = (96.0, 19200.0)
"""A page side from 1 inch to 200 inches (PDF's own limit is 14,400 points), in CSS px."""
MAX_RANGES = 1000
MAX_DIGITS = 9


class OptionError(DeckbuildError):
    """A command-line option's value cannot be used: one line, exit 2 (wrong usage)."""

    exit_code = 2


@dataclass(slots=True, frozen=True)
class SlideRanges:
    """A `--slides` selection kept as ranges: `1-20000000` is two numbers, never twenty million."""

    ranges: tuple[tuple[int, int], ...]
    """(first, last) pairs, 1-based and inclusive, as the user wrote them."""

    @classmethod
    def of(cls, *numbers: int) -> SlideRanges:
        """Single slides: `SlideRanges.of(1, 15)`."""
        return cls(tuple((n, n) for n in numbers))

    def __contains__(self, number: object) -> bool:
        return any(first <= number <= last for first, last in self.ranges) if isinstance(number, int) else False

    def past(self, count: int) -> int | None:
        """The first slide asked for that a deck of `count` slides does not have, if any.
        A range that starts inside the deck and runs past its end just stops at the end."""
        outside = [first for first, _ in self.ranges if first > count]
        return min(outside) if outside else None


@dataclass(slots=True, frozen=True)
class ExportOptions:
    fragments: bool = False
    """One page per fragment step instead of each slide's final state."""
    notes: str | None = None
    """`page`: notes on their own page after the slide; `below`: under it, on a taller page."""
    slides: SlideRanges | None = None
    """The 1-based slide numbers to keep; None keeps all."""
    page_size: tuple[float, float] | None = None
    """Page size in CSS pixels; None means the deck's own width x height."""
    timeout: float = 60.0
    """Seconds each step (load, layout, print) of one deck may take."""
    scale: int = 1
    """PNG pixel density (device scale factor)."""

    def with_defaults(self, deck: PdfOptions, given: set[str], source: Path | str = "the deck") -> ExportOptions:
        """Fill the options the command line did not give from the deck's `pdf:` settings;
        a value there that cannot be used is reported against `source`."""
        changes: dict[str, Any] = {}
        if "fragments" not in given and deck.fragments:
            changes["fragments"] = True
        if "notes" not in given and deck.notes in ("page", "below"):
            changes["notes"] = deck.notes
        for key, field, value, parse in (("slides", "slides", deck.slides, parse_slides),
                                         ("page-size", "page_size", deck.page_size, parse_page_size)):
            if field not in given and value:
                try:
                    changes[field] = parse(value)
                except ValueError as exc:
                    raise DeckbuildError(f"{source}: pdf: {key}: {exc}") from None
        return replace(self, **changes)


def parse_slides(spec: str) -> SlideRanges:
    """`3-7,10` → ranges (3, 7) and (10, 10); numbers are 1-based, as the slide number shows them.
    Raises ValueError saying what is wrong."""
    ranges: list[tuple[int, int]] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        match = re.fullmatch(rf"0*(\d{{1,{MAX_DIGITS}}})(?:\s*-\s*0*(\d{{1,{MAX_DIGITS}}}))?", part)
        first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
        if not match or first < 1 or last < first:
            raise ValueError(f"cannot read {part[:40]!r} — use numbers and ranges such as 3-7,10")
        ranges.append((first, last))
        if len(ranges) > MAX_RANGES:
            raise ValueError(f"more than {MAX_RANGES} ranges — join neighbours into ranges such as 3-7")
    if not ranges:
        raise ValueError("no slide numbers given — use e.g. 3-7,10")
    return SlideRanges(tuple(ranges))


def parse_page_size(spec: str) -> tuple[float, float]:
    """`A4`, `A4-portrait`, `letter`, `1920x1080`, `297mmx210mm` → (width, height) in CSS px.
    Raises ValueError saying what is wrong."""
    text = spec.strip().lower()
    name, _, orientation = text.partition("-")
    if name in PAPER and orientation in ("", "landscape", "portrait"):
        width, height = PAPER[name]
        return (height, width) if orientation == "portrait" else (width, height)
    number = r"(\d{1,9}(?:\.\d{1,6})?)\s*(px|in|mm|cm|pt)?"
    match = re.fullmatch(rf"{number}\s*[x×]\s*{number}", text)
    if not match:
        raise ValueError(
            f"cannot read {spec[:40]!r} — use WIDTHxHEIGHT (1920x1080, 297mmx210mm) "
            f"or a paper name ({', '.join(PAPER)}, optionally -portrait)"
        )
    width = float(match[1]) * UNITS[match[2] or match[4] or "px"]
    height = float(match[3]) * UNITS[match[4] or match[2] or "px"]
    low, high = PAGE_SIDE
    if not (low <= width <= high and low <= height <= high):
        raise ValueError(
            f"{spec.strip()[:40]} is not a usable page — each side must be from 1in (96px) "
            f"to 200in (19200px), e.g. A4 or 1920x1080"
        )
    return (width, height)
