"""Rendered decks → PDF: one vector page per slide (or per fragment step), tagged, outline, metadata.

`export_pdfs` prints several decks with one browser; `export_pdf` is the one-deck shortcut
for Python callers. Nothing here renders Markdown: sources arrive as HTML files.
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


@dataclass(slots=True)
class Result:
    output: Path
    layout: Layout


def export_pdfs(browser: Browser, jobs: list[Job], *, parallel: int = 1, blocked: Blocked | None = None) -> list[Result]:
    """Print every job in one browser context, up to `parallel` decks laid out at once."""
    from deckbuild.export.pdfdoc import (  # pypdf: only when printing
        finish_pdf,
        write_atomically,
    )

    blocked = blocked if blocked is not None else Blocked()
    watchdog = watchdog_for(browser)
    context = offline_context(browser, blocked)

    def begin(job: Job) -> Loading:
        return start(context, job.html, job.options, watchdog, name=job.source)

    def end(job: Job, loading: Loading) -> Result:
        try:
            layout = finish(loading, job.options, tagged=True)
            with loading.step("printing"):
                raw = loading.page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
        finally:
            loading.close()
        write_atomically(job.output, finish_pdf(raw, layout, job.options.page_size))
        return Result(job.output, layout)

    try:
        return list(pipelined(jobs, begin, end, parallel))
    finally:
        close_quietly(context, watchdog)


def export_pdf(html: str | Path, output: str | Path | None = None, *, browser: str | Path | None = None,
               options: ExportOptions | None = None) -> Path:
    """Print one rendered deck; returns the PDF's path (default: beside the HTML)."""
    from deckbuild.browser import launch

    html = Path(html)
    job = Job(html, Path(output) if output else html.with_suffix(".pdf"), options or ExportOptions())
    with launch(browser, timeout=job.options.timeout) as running:
        return export_pdfs(running, [job])[0].output
