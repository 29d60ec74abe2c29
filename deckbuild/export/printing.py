"""Shared by PDF and PNG export: load a deck in reveal.js's print view, offline, and lay it out.

A deck is loaded over `file://` with `?print-pdf`; reveal.js then lays every slide out on its
own page and fires `pdf-ready`. `print.js` (injected before the deck's scripts) listens for
that event, then applies deckbuild's choices (fragments, slides, notes) to the laid-out pages
and describes them, so the PDF outline and the PNG names come from the same description.

Loading is split into `start` and `finish` so that several decks lay out in the browser at
once while Python waits on the first one: Playwright's sync API cannot wait on two pages, but
the browser works on every page it has been given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from deckbuild.errors import DeckbuildError
from deckbuild.export.options import ExportOptions

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route

PRINT_JS = (Path(__file__).parent / "print.js").read_text(encoding="utf-8")
OFFLINE = re.compile(r"^(?!(file|data|blob|about):)")
"""Every URL that is not on this machine; requests to them are aborted and recorded."""


@dataclass(slots=True)
class PageInfo:
    n: int
    """The slide's 1-based number in the deck."""
    title: str
    level: int
    """0 the title slide, 1 a section slide (`# Heading`), 2 an ordinary slide."""
    step: int
    """0 for a slide's first page, then one more per fragment step or notes page."""
    notes: bool


@dataclass(slots=True)
class Layout:
    pages: list[PageInfo]
    width: float
    height: float
    slides: int
    """How many slides the deck has (before `--slides` selected some)."""
    metadata: dict[str, str]
    rects: list[tuple[float, float, float, float]]
    """Where each page is in the laid-out document (x, y, width, height), for screenshots."""


@dataclass  # not slotted: Playwright tags route handlers with an attribute
class Blocked:
    """Requests that tried to leave the machine; export must never make one."""

    urls: list[str] = field(default_factory=list)

    def __call__(self, route: Route) -> None:
        self.urls.append(route.request.url)
        route.abort("blockedbyclient")


def offline_context(browser: Any, blocked: Blocked, **options: Any) -> BrowserContext:
    context = browser.new_context(**options)
    context.route(OFFLINE, blocked)
    context.add_init_script(PRINT_JS)
    return context


def print_url(html: Path, fragments: bool, *, exact: bool = False) -> str:
    """reveal.js reads its settings from the query too: one page per slide, no margins.

    For print, reveal.js makes each page 1 px shorter than the paper so that no page spills
    onto a blank one; screenshots want `exact` pages instead.
    """
    query = (
        f"print-pdf&margin=0&pdfMaxPagesPerSlide=1&showNotes=false&pdfPageHeightOffset={0 if exact else -1}"
        f"&pdfSeparateFragments={str(fragments).lower()}"
    )
    return f"{html.resolve().as_uri()}?{query}"


def needs_fragment_pages(html: Path, options: ExportOptions) -> bool:
    """Whether reveal.js must clone pages per fragment step (slow: only when some slide wants it)."""
    if options.fragments:
        return True
    return re.search(rb"data-pdf-fragments=[\"']?all", html.read_bytes()) is not None


def start(context: BrowserContext, html: Path, options: ExportOptions, *, exact: bool = False) -> Page:
    page = context.new_page()
    url = print_url(html, needs_fragment_pages(html, options), exact=exact)
    page.goto(url, wait_until="commit", timeout=options.timeout * 1000)
    return page


def finish(page: Page, html: Path, options: ExportOptions, *, exact: bool = False) -> Layout:
    """Wait for the print layout (events, not sleeps), apply the options, describe the pages."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    arguments = {
        "fragments": options.fragments,
        "notes": options.notes,
        "slides": sorted(options.slides) if options.slides else None,
        "timeout": options.timeout * 1000,
        "exact": exact,
    }
    try:
        result = page.evaluate("options => window.__deckbuild.prepare(options)", arguments)
    except Exception as exc:  # Playwright's Error: the message is what the user needs
        detail = f" (page errors: {'; '.join(errors)})" if errors else ""
        raise DeckbuildError(f"{html}: reveal.js did not lay the deck out for printing: {exc}{detail}") from exc
    layout = Layout(
        pages=[PageInfo(**info) for info in result["pages"]],
        width=result["width"],
        height=result["height"],
        slides=result["slides"],
        metadata=result["metadata"],
        rects=[tuple(rect) for rect in result["rects"]],
    )
    _check_selection(html, layout, options)
    return layout


def _check_selection(html: Path, layout: Layout, options: ExportOptions) -> None:
    missing = sorted(n for n in options.slides or () if n > layout.slides)
    if missing:
        raise DeckbuildError(f"{html}: --slides asks for slide {missing[0]}, but the deck has {layout.slides} slides")


T = TypeVar("T")
R = TypeVar("R")


def pipelined(jobs: Iterable[T], begin: Callable[[T], Any], end: Callable[[T, Any], R], width: int) -> Iterator[R]:
    """Run `begin` up to `width` jobs ahead of `end`, so the browser works on several at once."""
    pending: list[tuple[T, Any]] = []
    for job in jobs:
        pending.append((job, begin(job)))
        if len(pending) >= max(width, 1):
            yield end(*pending.pop(0))
    while pending:
        yield end(*pending.pop(0))
