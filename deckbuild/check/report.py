"""Problems placed at their slide's line, ignored or not, as compiler-style lines or JSON.

A line reads `talk.qmd:42: slide 7 "Training": <what> — <fix>` (a notebook's place is its
cell); a problem outside any slide names the file alone. Front matter `check: ignore:`
entries silence a rule for the whole deck or for the slides they name (numbers, titles or
`#id`s), and each keeps its reason, which the JSON output shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckbuild.check.places import Place
from deckbuild.check.rules import covers
from deckbuild.config import CheckIgnore
from deckbuild.errors import ConfigError, DeckError
from deckbuild.model import Deck


@dataclass(slots=True, frozen=True)
class Problem:
    rule: str
    what: str
    fix: str
    slide: int | None = None
    """The slide's position on the page (1-based); None: the deck as a whole."""


@dataclass(slots=True, frozen=True)
class Entry:
    problem: Problem
    text: str
    """The one line that reports it."""
    place: Place | None
    where: dict[str, Any]
    """`file`, `line` and, in a notebook, `cell` (then `line` counts within the cell)."""
    ignored: str | None = None
    """The reason given in `check: ignore:`, when an entry there silences the problem."""

    def as_json(self) -> dict[str, Any]:
        p = self.problem
        slide = {"slide": self.place.number, "title": self.place.title} if self.place else {"slide": None, "title": None}
        return {**self.where, **slide, "rule": p.rule, "message": p.what, "fix": p.fix, "text": self.text,
                **({"ignored": self.ignored} if self.ignored else {})}


@dataclass(slots=True)
class DeckReport:
    source: Path
    entries: list[Entry] = field(default_factory=list)

    @property
    def problems(self) -> list[Entry]:
        return [e for e in self.entries if e.ignored is None]

    @property
    def ignored(self) -> list[Entry]:
        return [e for e in self.entries if e.ignored is not None]

    def as_json(self) -> dict[str, Any]:
        return {"source": str(self.source), "problems": [e.as_json() for e in self.problems],
                "ignored": [e.as_json() for e in self.ignored]}


def deck_report(deck: Deck, places: dict[int, Place], problems: list[Problem]) -> DeckReport:
    ignores = deck.config.check.ignore
    _check_references(deck, ignores, list(places.values()))
    report = DeckReport(deck.path)
    for problem in problems:
        place = places.get(problem.slide) if problem.slide is not None else None
        reason = next((i.reason for i in ignores if covers(i.rule, problem.rule) and _names(i, place)), None)
        text, where = _located(deck, problem, place)
        report.entries.append(Entry(problem, text, place, where, reason))
    return report


def _names(entry: CheckIgnore, place: Place | None) -> bool:
    """Whether an ignore entry covers the slide at `place` (every place, with no `slides`)."""
    if not entry.slides:
        return True
    return place is not None and any(_matches(reference, place) for reference in entry.slides)


def _matches(reference: int | str, place: Place) -> bool:
    if isinstance(reference, int):
        return reference == place.number
    return reference == place.title or (reference.startswith("#") and reference[1:] == place.id)


def _check_references(deck: Deck, ignores: list[CheckIgnore], places: list[Place]) -> None:
    """A slide named in `check: ignore:` that is not in the deck is a mistake (a typo, or a
    slide since removed), not a silent no-op."""
    for entry in ignores:
        for reference in entry.slides:
            if not any(_matches(reference, place) for place in places):
                raise ConfigError(
                    f"check: ignore: `{entry.rule}` names slide {reference!r}, which is not in the deck",
                    path=deck.path, line=entry.line or deck.config.lines.get("check"),
                    fix="name slides by the number or title the check reports, or by `#id`",
                )


def _located(deck: Deck, problem: Problem, place: Place | None) -> tuple[str, dict[str, Any]]:
    error = deck.place(DeckError(problem.what, path=deck.path, line=place.line if place else None,
                                 slide=place.label() if place else None, fix=problem.fix))
    where: dict[str, Any] = {"file": str(deck.path), "line": error.line}
    if error.cell is not None:
        where["cell"] = error.cell
    return error.message, where


def summary(reports: list[DeckReport]) -> str:
    problems = sum(len(r.problems) for r in reports)
    ignored = sum(len(r.ignored) for r in reports)
    decks = f"{len(reports)} deck{'s' if len(reports) != 1 else ''}"
    found = f"{problems} problem{'s' if problems != 1 else ''}" if problems else "no problems"
    return f"checked {decks}: {found}" + (f" ({ignored} ignored by `check: ignore:`)" if ignored else "")
