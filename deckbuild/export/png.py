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
from deckbuild.export.printing import Blocked, Layout, PageInfo, finish, offline_context, pipelined, start

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

SHEET_COLUMNS = 5
THUMB_WIDTH = 384


@dataclass(slots=True, frozen=True)
class Job:
    html: Path
    folder: Path
    options: ExportOptions
    contact_sheet: bool = False


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
    contexts: dict[int, BrowserContext] = {}

    def context_for(scale: int) -> BrowserContext:
        if scale not in contexts:
            contexts[scale] = offline_context(browser, blocked, device_scale_factor=scale)
        return contexts[scale]

    def begin(job: Job) -> Page:
        return start(context_for(job.options.scale), job.html, _png_options(job.options), exact=True)

    def end(job: Job, page: Page) -> Result:
        try:
            layout = finish(page, job.html, _png_options(job.options), exact=True)
            images = _screenshots(page, job, layout)
            sheet = _contact_sheet(page, job, images, layout) if job.contact_sheet else None
        finally:
            page.close()
        return Result(images, sheet, layout)

    try:
        return list(pipelined(jobs, begin, end, parallel))
    finally:
        for context in contexts.values():
            context.close()


def _png_options(options: ExportOptions) -> ExportOptions:
    return replace(options, notes=None, page_size=None)


def _screenshots(page: Page, job: Job, layout: Layout) -> list[Path]:
    """One viewport-sized screenshot per laid-out page, scrolled into place."""
    job.folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": round(layout.width), "height": round(layout.height)})
    digits = max(2, len(str(layout.slides)))
    images = []
    for info, (x, y, _, _) in zip(layout.pages, layout.rects):
        target = job.folder / image_name(job.html.stem, info, digits)
        temp = target.with_name(f".{target.name}.part")
        page.evaluate("([x, y]) => window.scrollTo(x, y)", [x, y])
        page.screenshot(path=temp, type="png")  # twice as fast as a clip beyond the viewport
        temp.replace(target)
        images.append(target)
    return images


def _contact_sheet(page: Page, job: Job, images: list[Path], layout: Layout) -> Path:
    """All slides in a grid with their numbers, as one PNG beside the slide images."""
    columns = min(SHEET_COLUMNS, max(len(images), 1))
    thumb_height = round(THUMB_WIDTH * layout.height / layout.width)
    cells = "".join(
        f'<figure><img src="{image.resolve().as_uri()}"><figcaption>{info.n}'
        f'{"." + str(info.step) if info.step else ""} · {html_text.escape(info.title)}</figcaption></figure>'
        for image, info in zip(images, layout.pages)
    )
    sheet_page = f"""<!doctype html><meta charset="utf-8"><style>
      body {{ margin: 0; padding: 24px; background: #e9e9ee; font: 15px system-ui, sans-serif; width: max-content; }}
      main {{ display: grid; grid-template-columns: repeat({columns}, {THUMB_WIDTH}px); gap: 20px; }}
      figure {{ margin: 0; }} img {{ width: {THUMB_WIDTH}px; height: {thumb_height}px; display: block;
      box-shadow: 0 1px 4px #0004; background: #fff; }}
      figcaption {{ margin-top: 6px; color: #333; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
      width: {THUMB_WIDTH}px; }}</style><main>{cells}</main>"""
    target = job.folder / f"{job.html.stem}-contact-sheet.png"
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "sheet.html"
        source.write_text(sheet_page, encoding="utf-8")
        page.set_viewport_size({"width": 24 * 2 + columns * THUMB_WIDTH + (columns - 1) * 20, "height": 600})
        page.goto(source.as_uri(), wait_until="load")
        temp = target.with_name(f".{target.name}.part")
        page.screenshot(path=temp, type="png", full_page=True)
        temp.replace(target)
    return target


def export_png(html: str | Path, folder: str | Path | None = None, *, browser: str | Path | None = None,
               options: ExportOptions | None = None, contact_sheet: bool = False) -> list[Path]:
    """Screenshot one rendered deck; returns the PNG paths (default folder: beside the HTML)."""
    from deckbuild.browser import launch

    html = Path(html)
    job = Job(html, Path(folder) if folder else html.parent, options or ExportOptions(), contact_sheet)
    with launch(browser, timeout=job.options.timeout) as running:
        result = export_pngs(running, [job])[0]
    return result.images + ([result.contact_sheet] if result.contact_sheet else [])
