"""Rendered decks → PDF: one vector page per slide (or per fragment step), tagged, outline, metadata.

`export_pdfs` prints several decks with one browser (`pipeline.export` prints one). Nothing
here renders Markdown: sources arrive as HTML files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.export.options import ExportOptions
from deckbuild.export.printing import (
    Blocked,
    Layout,
    Loading,
    close_quietly,
    finish,
    fragment_pages,
    offline_context,
    pipelined,
    start,
    watchdog_for,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@dataclass(slots=True, frozen=True)
class Job:
    html: Path
    output: Path
    options: ExportOptions
    source: Path | None = None
    """The file the user gave, which messages name; None: the HTML itself."""
    fragment_pages: bool | None = None
    """Some slide asks for a page per fragment step (`pdf-fragments="all"`); None: read the page to know."""


@dataclass(slots=True)
class Result:
    output: Path
    layout: Layout


def export_pdfs(browser: Browser, jobs: list[Job], *, parallel: int = 1, blocked: Blocked | None = None) -> list[Result]:
    """Print every job in one browser context, up to `parallel` decks laid out at once."""
    from deckbuild.export.pdfdoc import finish_pdf  # pypdf: only when printing
    from deckbuild.writing import atomic_write, reported

    blocked = blocked if blocked is not None else Blocked()
    watchdog = watchdog_for(browser)
    context = offline_context(browser, blocked)

    def begin(job: Job) -> Loading:
        return start(context, job.html, job.options, watchdog, name=job.source,
                     fragment_pages=fragment_pages(job.html, job.fragment_pages))

    def end(job: Job, loading: Loading) -> Result:
        try:
            layout = finish(loading, job.options, tagged=True)
            with loading.step("printing"):
                raw = loading.page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
        finally:
            loading.close()
        with reported(job.output):
            atomic_write(job.output, finish_pdf(raw, layout, job.options.page_size))
        return Result(job.output, layout)

    try:
        return list(pipelined(jobs, begin, end, parallel))
    finally:
        close_quietly(context, watchdog)
