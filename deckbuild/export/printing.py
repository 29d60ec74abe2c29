"""Shared by PDF and PNG export: load a deck in reveal.js's print view, offline, and lay it out.

A deck is loaded over `file://` with `?print-pdf`; reveal.js then lays every slide out on its
own page and fires `pdf-ready`. `print.js` (injected before the deck's scripts) listens for
that event, then applies deckbuild's choices (fragments, slides, notes) to the laid-out pages
and describes them, so the PDF outline and the PNG names come from the same description.

Loading is split into `start` and `finish` so that several decks lay out in the browser at
once while Python waits on the first one: Playwright's sync API cannot wait on two pages, but
the browser works on every page it has been given.

A deck's own scripts can keep its page from ever answering; each step on a page (`Loading.step`)
therefore runs under a deadline (see `watchdog.py`), and print.js tells Python which slide's
script is running so that the error can name it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from deckbuild.errors import DeckbuildError
from deckbuild.export.options import ExportOptions
from deckbuild.export.watchdog import Watchdog

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route

PRINT_JS = (Path(__file__).parent / "print.js").read_text(encoding="utf-8")
OFFLINE = re.compile(r"^(?!(file|data|blob|about):)")
"""Every URL that is not on this machine; requests to them are aborted and recorded."""
SCRIPT_MARK = "[deckbuild] script "
"""print.js's console.debug prefix: `N title` when a script in slide N starts, `idle` after."""
GRACE = 1.0
"""Seconds a step's deadline adds to --timeout, so that print.js's own timeout, which
explains more, is reported first."""


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
    formulas: list[str] = field(default_factory=list)
    """The alternate text print.js gave each formula (its TeX, or its MathML's text), in page
    order, when the layout is for a tagged PDF."""


@dataclass  # not slotted: Playwright tags route handlers with an attribute
class Blocked:
    """Requests that tried to leave the machine; export must never make one."""

    urls: list[str] = field(default_factory=list)

    def __call__(self, route: Route) -> None:
        self.urls.append(route.request.url)
        route.abort("blockedbyclient")


def offline_context(browser: Any, blocked: Blocked, **options: Any) -> BrowserContext:
    context: BrowserContext = browser.new_context(**options)
    context.route(OFFLINE, blocked)
    context.add_init_script(PRINT_JS)
    return context


def print_url(html: Path, fragments: bool, *, exact: bool = False) -> str:
    """reveal.js reads its settings from the query too: one page per slide.

    The deck's own `margin` stays: reveal.js then prints each slide on a page that much larger
    than the slide, the slide centred in it, as the deck looks on a screen (a Quarto deck's 0.1
    keeps its content off the paper's edge; deckbuild's own themes print edge to edge with 0).
    For print, reveal.js makes each page 1 px shorter than the paper so that no page spills
    onto a blank one; screenshots want `exact` pages instead.
    """
    query = (
        f"print-pdf&pdfMaxPagesPerSlide=1&showNotes=false&pdfPageHeightOffset={0 if exact else -1}"
        f"&pdfSeparateFragments={str(fragments).lower()}"
    )
    return f"{html.resolve().as_uri()}?{query}"


def fragment_pages(html: Path, said: bool | None) -> bool:
    """Whether a slide wants a page per fragment step: what the renderer `said`, or for a page
    it did not hand over (a Python caller's `.html`), what the page says."""
    if said is not None:
        return said
    from deckbuild.export.sources import page_fragment_pages

    return page_fragment_pages(html.read_bytes())


@dataclass(slots=True)
class Loading:
    """A deck's page on its way to the print layout, and how messages name the deck."""

    page: Page
    html: Path
    name: str
    """The file the user gave (not the rendered page in a scratch folder)."""
    watchdog: Watchdog
    timeout: float
    running: str | None = None
    """The slide whose script is running now (print.js says so), for a hang's message."""

    @contextmanager
    def step(self, doing: str) -> Iterator[None]:
        """One step on the page (load, layout, print), within the export's timeout."""
        def expired() -> DeckbuildError:
            where, blame = (f"{self.running}: ", "a script on this slide") if self.running else ("", "a script in the deck")
            return DeckbuildError(
                f"{self.name}: {where}{doing} took longer than {self.timeout:g} s; {blame} may be stuck in a loop"
                " — fix it, or give --timeout more seconds"
            )

        with self.watchdog.deadline(self.timeout + GRACE, expired):
            try:
                yield
            except Exception as exc:
                from playwright.sync_api import TimeoutError as PlaywrightTimeout

                if isinstance(exc, PlaywrightTimeout):  # a call's own timeout (navigation) came first
                    raise expired() from None
                raise

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "debug" or not message.text.startswith(SCRIPT_MARK):
            return
        if message.text == SCRIPT_MARK + "idle":
            self.running = None
            return
        n, _, title = message.text[len(SCRIPT_MARK):].partition(" ")
        self.running = f'slide {n} "{title}"' if title else f"slide {n}"

    def close(self) -> None:
        close_quietly(self.page, self.watchdog)


def start(context: BrowserContext, html: Path, options: ExportOptions, watchdog: Watchdog, *,
          name: str | Path | None = None, exact: bool = False, fragment_pages: bool = False) -> Loading:
    """Start loading `html` in print view; `fragment_pages`: some slide wants a page per fragment
    step, so reveal.js must clone pages (slow: only then, or with `--fragments`)."""
    loading = Loading(context.new_page(), html, str(name or html), watchdog, options.timeout)
    loading.page.set_default_timeout(options.timeout * 1000)  # the calls that have a timeout of their own
    # A lambda: Playwright tags each handler with an attribute, which a slotted bound method refuses.
    loading.page.on("console", lambda message: loading.on_console(message))
    url = print_url(html, options.fragments or fragment_pages, exact=exact)
    with loading.step("loading the deck"):
        loading.page.goto(url, wait_until="commit", timeout=options.timeout * 1000)
    return loading


def finish(loading: Loading, options: ExportOptions, *, exact: bool = False, tagged: bool = False,
           accessible: bool = False, every_step: bool = False) -> Layout:
    """Wait for the print layout (events, not sleeps), apply the options, describe the pages.

    `accessible` shows every slide to assistive technology (reveal.js hides all but the
    current one); `tagged` also gives formulas and figures what a tagged PDF needs;
    `every_step` keeps a page per fragment step even where a slide's `pdf-fragments` says not."""
    errors: list[str] = []
    loading.page.on("pageerror", lambda error: errors.append(str(error)))
    arguments = {
        "fragments": options.fragments,
        "notes": options.notes,
        "slides": [list(pair) for pair in options.slides.ranges] if options.slides else None,
        "timeout": options.timeout * 1000,
        "exact": exact,
        "accessible": accessible,
        "tagged": tagged,
        "everyStep": every_step,
    }
    with loading.step("laying the deck out for print"):
        try:
            result = loading.page.evaluate("options => window.__deckbuild.prepare(options)", arguments)
        except Exception as exc:  # Playwright's Error: the message is what the user needs
            if loading.watchdog.fired:
                raise
            detail = f" (page errors: {'; '.join(errors)})" if errors else ""
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DeckbuildError(f"{loading.name}: reveal.js did not lay the deck out for printing: {first}{detail}") from exc
    layout = Layout(
        pages=[PageInfo(**info) for info in result["pages"]],
        width=result["width"],
        height=result["height"],
        slides=result["slides"],
        metadata=result["metadata"],
        rects=[tuple(rect) for rect in result["rects"]],
        formulas=list(result["formulas"]),
    )
    _check_selection(loading.name, layout, options)
    return layout


def _check_selection(name: str, layout: Layout, options: ExportOptions) -> None:
    missing = options.slides.past(layout.slides) if options.slides else None
    if missing is not None:
        raise DeckbuildError(f"{name}: --slides asks for slide {missing}, but the deck has {layout.slides} slides")


def close_quietly(target: Page | BrowserContext, watchdog: Watchdog) -> None:
    """Close a page or context; once the watchdog killed the browser there is nothing to close."""
    try:
        target.close()
    except Exception:
        if not watchdog.fired:
            raise


def watchdog_for(browser: Browser) -> Watchdog:
    from deckbuild.browser import launched_pid

    return Watchdog(launched_pid(browser))


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
