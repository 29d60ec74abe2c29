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
from deckbuild.writing import reported
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
        staged = Staged(job.folder)
        try:
            layout = finish(loading, _png_options(job.options), exact=True)
            images = _screenshots(loading, job, layout, staged)
            sheet = _contact_sheet(loading, job, images, layout, staged) if job.contact_sheet else None
            staged.commit()
        finally:
            loading.close()
            staged.discard()
        return Result([target for _, target in images], sheet, layout)

    try:
        return list(pipelined(jobs, begin, end, parallel))
    finally:
        for context in contexts.values():
            close_quietly(context, watchdog)


class Staged:
    """A deck's images are written as `.NAME.part` files and renamed only once all of them are
    done, so that a deck that fails half-way leaves none of this run's images behind."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made_folder = False
        self.files: list[tuple[Path, Path]] = []

    def temp(self, target: Path) -> Path:
        with reported(target):
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True)
                self.made_folder = True
            temp = target.with_name(f".{target.name}.part")
            temp.touch()  # a read-only folder says so here, before any screenshot is taken
        self.files.append((temp, target))
        return temp

    def commit(self) -> None:
        for temp, target in self.files:
            with reported(target):
                temp.replace(target)
        self.files, self.made_folder = [], False

    def discard(self) -> None:
        for temp, _ in self.files:
            temp.unlink(missing_ok=True)
        if self.made_folder and not any(self.folder.iterdir()):
            self.folder.rmdir()


def _png_options(options: ExportOptions) -> ExportOptions:
    return replace(options, notes=None, page_size=None)


def _screenshots(loading: Loading, job: Job, layout: Layout, staged: Staged) -> list[tuple[Path, Path]]:
    """One viewport-sized screenshot per laid-out page, scrolled into place: (written, final) paths."""
    page = loading.page
    with loading.step("sizing the screenshots"):
        page.set_viewport_size({"width": round(layout.width), "height": round(layout.height)})
    digits = max(2, len(str(layout.slides)))
    images = []
    for info, (x, y, _, _) in zip(layout.pages, layout.rects):
        target = job.folder / image_name(job.html.stem, info, digits)
        temp = staged.temp(target)
        with loading.step(f"the screenshot of slide {info.n}"):
            page.evaluate("([x, y]) => window.scrollTo(x, y)", [x, y])
            page.screenshot(path=temp, type="png")  # twice as fast as a clip beyond the viewport
        images.append((temp, target))
    return images


def _contact_sheet(loading: Loading, job: Job, images: list[tuple[Path, Path]], layout: Layout, staged: Staged) -> Path:
    """All slides in a grid with their numbers, as one PNG beside the slide images."""
    page = loading.page
    columns = min(SHEET_COLUMNS, max(len(images), 1))
    thumb_height = round(THUMB_WIDTH * layout.height / layout.width)
    cells = "".join(
        f'<figure><img src="{image.resolve().as_uri()}"><figcaption>{info.n}'
        f'{"." + str(info.step) if info.step else ""} · {html_text.escape(info.title)}</figcaption></figure>'
        for (image, _), info in zip(images, layout.pages)
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
        temp = staged.temp(target)
        with loading.step("the contact sheet"):
            page.set_viewport_size({"width": 24 * 2 + columns * THUMB_WIDTH + (columns - 1) * 20, "height": 600})
            page.goto(source.as_uri(), wait_until="load")
            page.screenshot(path=temp, type="png", full_page=True)
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
