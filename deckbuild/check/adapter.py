"""The check's only calls into the pipeline, the exporter and the browser.

The deck goes through the stages `deckbuild render` runs (`pipeline.build`: load, execute,
render, write) into a scratch folder, and the check opens that page in reveal.js's print layout
with the exporter's own code (`export.printing`: offline, under the exporter's deadlines, with
print.js numbering the slides).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.model import Deck
from deckbuild.options import Overrides

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from deckbuild.browser import BrowserThread
    from deckbuild.export.printing import Loading


LAUNCH_TIMEOUT = 30.0
"""Seconds Chromium may take to start, whatever the deadline of each step: a busy machine is slow."""


@dataclass(slots=True, frozen=True)
class Rendered:
    deck: Deck
    """The deck as loaded and executed (its slides know their source lines)."""
    html: Path


def render(source: Path, folder: Path, overrides: Overrides, *, quiet: bool = True) -> Rendered:
    """The deck rendered into `folder`, its cells not run unless `overrides.execute` says so.
    Not self-contained (`--no-embed`): the page loads faster, and its images keep their file
    names, which the messages quote."""
    from deckbuild import pipeline
    from deckbuild.execute.progress import ProgressReporter

    overrides = replace(overrides, embed=False, execute=bool(overrides.execute))
    with ProgressReporter(enabled=not quiet) as progress:
        rendered, html = pipeline.build(source, folder / f"{source.stem}.html", overrides, progress=progress)
    if not quiet:
        pipeline.notices(rendered.warnings)
    return Rendered(rendered.deck, html)


def start_browser(explicit: str | None, timeout: float) -> BrowserThread:
    """Chromium, starting on its own thread while the first deck renders."""
    from deckbuild.browser import BrowserThread

    return BrowserThread(explicit, timeout=max(timeout, LAUNCH_TIMEOUT))


@contextmanager
def print_layout(browser: Browser, rendered: Rendered, timeout: float) -> Iterator[Loading]:
    """The deck open in reveal.js's print layout at its own size: one page per slide and
    fragment step, every slide shown to assistive technology (reveal.js hides all but the
    current one). Each step on the page goes under `Loading.step`'s deadline."""
    from deckbuild.export.options import ExportOptions
    from deckbuild.export.printing import (
        Blocked,
        close_quietly,
        finish,
        offline_context,
        start,
        watchdog_for,
    )

    config = rendered.deck.config
    options = ExportOptions(fragments=True, timeout=timeout)
    watchdog = watchdog_for(browser)
    context = offline_context(browser, Blocked(), viewport={"width": config.width, "height": config.height})
    try:
        loading = start(context, rendered.html, options, watchdog, name=rendered.deck.path, exact=True)
        try:
            finish(loading, options, exact=True, accessible=True, every_step=True)
            yield loading
        finally:
            loading.close()
    finally:
        close_quietly(context, watchdog)
