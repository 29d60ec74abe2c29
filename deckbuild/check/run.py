"""`deckbuild check` from Python: decks rendered one after another, measured in one browser.

    from deckbuild.check.run import CheckRun, check_decks
    reports = check_decks([Path("talk.qmd")], CheckRun(overrides=Overrides(theme="dark")))

Each report lists the deck's problems (and those its front matter ignores); the caller
decides what to print and how to exit.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.check import adapter
from deckbuild.check.findings import axe_problems, slide_problems
from deckbuild.check.measure import Measured, measure
from deckbuild.check.places import place_slides
from deckbuild.check.report import DeckReport, deck_report
from deckbuild.options import Overrides

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@dataclass(slots=True)
class CheckRun:
    browser: str | None = None
    timeout: float = 60.0
    """Seconds each step on a deck's page (load, layout, measuring) may take."""
    overrides: Overrides = field(default_factory=Overrides)
    """`render`'s options (`--theme` checks every deck in that theme); cells are not run unless `execute` is True."""
    quiet: bool = True
    """False: the render's progress and warnings on stderr, as `render` shows them."""


def check_decks(sources: list[Path], run: CheckRun) -> list[DeckReport]:
    reports = []
    with adapter.start_browser(run.browser, run.timeout) as browser, \
            tempfile.TemporaryDirectory(prefix="deckbuild-check-") as scratch:
        for index, source in enumerate(sources):
            folder = Path(scratch) / str(index)
            folder.mkdir()
            rendered = adapter.render(source, folder, run.overrides, quiet=run.quiet)

            def measured(running: Browser, rendered: adapter.Rendered = rendered) -> Measured:
                with adapter.print_layout(running, rendered, run.timeout) as loading:
                    return measure(loading)

            reports.append(report(rendered, browser.run(measured)))
    return reports


def report(rendered: adapter.Rendered, measured: Measured) -> DeckReport:
    deck = rendered.deck
    notes = deck.config.check.notes
    problems = [p for slide in measured.slides for p in slide_problems(slide, notes_required=notes)]
    problems += axe_problems(measured.axe)
    return deck_report(deck, place_slides(deck, measured.slides), problems)
