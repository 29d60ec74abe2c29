"""Rendered decks → one PNG per slide at the deck's resolution, and an optional contact sheet.

The slides are screenshotted from the same print layout the PDF uses, so a PNG and a PDF page
always agree (final fragment state, backgrounds, slide numbers). The contact sheet is a small
generated page of the PNGs, screenshotted by the same browser: no imaging library needed.
"""

from __future__ import annotations

import html as html_text
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.export.options import ExportOptions
from deckbuild.export.printing import (
    Blocked,
    Layout,
    Loading,
    PageInfo,
    close_quietly,
    finish,
    fragment_pages,
    offline_context,
    pipelined,
    start,
    watchdog_for,
)
from deckbuild.writing import atomic_write, reported

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

SHEET_COLUMNS = 5
THUMB_WIDTH = 384


@dataclass(slots=True, frozen=True)
class Job:
    html: Path
    folder: Path
    options: ExportOptions
    contact_sheet: bool = False
    source: Path | None = None
    """The file the user gave, which messages name; None: the HTML itself."""
    fragment_pages: bool | None = None
    """Some slide asks for a page per fragment step (`pdf-fragments="all"`); None: read the page to know."""


@dataclass(slots=True)
class Result:
    images: list[Path]
    contact_sheet: Path | None
    layout: Layout


def image_name(stem: str, info: PageInfo, digits: int) -> str:
    step = f"-{info.step}" if info.step else ""
    return f"{stem}-{info.n:0{digits}d}{step}.png"


def is_image_name(stem: str, name: str) -> bool:
    """Whether `name` is one a PNG export of the deck `stem` writes (see `image_name`)."""
    return re.fullmatch(rf"{re.escape(stem)}-(\d+(-\d+)?|contact-sheet)\.png", name) is not None


def export_pngs(browser: Browser, jobs: list[Job], *, parallel: int = 1, blocked: Blocked | None = None) -> list[Result]:
    """Screenshot every job's slides; decks with the same scale share one browser context."""
    blocked = blocked if blocked is not None else Blocked()
    watchdog = watchdog_for(browser)
    contexts: dict[int, BrowserContext] = {}

    def context_for(scale: int) -> BrowserContext:
        if scale not in contexts:
            contexts[scale] = offline_context(browser, blocked, device_scale_factor=scale)
        return contexts[scale]

    def begin(job: Job) -> Loading:
        return start(context_for(job.options.scale), job.html, _png_options(job.options), watchdog, name=job.source,
                     exact=True, fragment_pages=fragment_pages(job.html, job.fragment_pages))

    def end(job: Job, loading: Loading) -> Result:
        """The images are written once all of them are taken: a deck that fails half-way
        leaves none of this run's images behind."""
        try:
            layout = finish(loading, _png_options(job.options), exact=True)
            images = _screenshots(loading, job, layout)
            sheet = _contact_sheet(loading, job, images, layout) if job.contact_sheet else None
        finally:
            loading.close()
        for target, data in [*images, *([sheet] if sheet else [])]:
            with reported(target):
                atomic_write(target, data)
        return Result([target for target, _ in images], sheet[0] if sheet else None, layout)

    try:
        return list(pipelined(jobs, begin, end, parallel))
    finally:
        for context in contexts.values():
            close_quietly(context, watchdog)


def _png_options(options: ExportOptions) -> ExportOptions:
    return replace(options, notes=None, page_size=None)


def _screenshots(loading: Loading, job: Job, layout: Layout) -> list[tuple[Path, bytes]]:
    """One viewport-sized screenshot per laid-out page, scrolled into place, with its file name."""
    page = loading.page
    with loading.step("sizing the screenshots"):
        page.set_viewport_size({"width": round(layout.width), "height": round(layout.height)})
    digits = max(2, len(str(layout.slides)))
    images = []
    for info, (x, y, _, _) in zip(layout.pages, layout.rects, strict=True):
        with loading.step(f"the screenshot of slide {info.n}"):
            # After a scroll, Chromium may take the screenshot before it has painted the tiles
            # that scrolled in (the lower part of a slide came out blank): wait for two frames.
            page.evaluate("""([x, y]) => new Promise((done) => {
                window.scrollTo(x, y);
                requestAnimationFrame(() => requestAnimationFrame(done));
            })""", [x, y])
            image = page.screenshot(type="png")  # twice as fast as a clip beyond the viewport
        images.append((job.folder / image_name(job.html.stem, info, digits), image))
    return images


def _contact_sheet(loading: Loading, job: Job, images: list[tuple[Path, bytes]], layout: Layout) -> tuple[Path, bytes]:
    """All slides in a grid with their numbers, as one PNG beside the slide images."""
    page = loading.page
    columns = min(SHEET_COLUMNS, max(len(images), 1))
    thumb_height = round(THUMB_WIDTH * layout.height / layout.width)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for target, data in images:
            (folder / target.name).write_bytes(data)
        cells = "".join(
            f'<figure><img src="{(folder / target.name).as_uri()}"><figcaption>{info.n}'
            f'{"." + str(info.step) if info.step else ""} · {html_text.escape(info.title)}</figcaption></figure>'
            for (target, _), info in zip(images, layout.pages, strict=True)
        )
        (folder / "sheet.html").write_text(f"""<!doctype html><meta charset="utf-8"><style>
          body {{ margin: 0; padding: 24px; background: #e9e9ee; font: 15px system-ui, sans-serif; width: max-content; }}
          main {{ display: grid; grid-template-columns: repeat({columns}, {THUMB_WIDTH}px); gap: 20px; }}
          figure {{ margin: 0; }} img {{ width: {THUMB_WIDTH}px; height: {thumb_height}px; display: block;
          box-shadow: 0 1px 4px #0004; background: #fff; }}
          figcaption {{ margin-top: 6px; color: #333; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
          width: {THUMB_WIDTH}px; }}</style><main>{cells}</main>""", encoding="utf-8")
        with loading.step("the contact sheet"):
            page.set_viewport_size({"width": 24 * 2 + columns * THUMB_WIDTH + (columns - 1) * 20, "height": 600})
            page.goto((folder / "sheet.html").as_uri(), wait_until="load")
            sheet = page.screenshot(type="png", full_page=True)
    return job.folder / f"{job.html.stem}-contact-sheet.png", sheet
