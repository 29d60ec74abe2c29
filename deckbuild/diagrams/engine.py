"""Drawing diagrams in headless Chromium: one page, the deck's theme, mermaid and Viz.js.

Why a browser at build time rather than a script in the deck: mermaid lays text out with the
browser's own font metrics, so it needs a real page, and the deck then carries a plain SVG
(no 5 MB script, nothing to wait for before printing, the same drawing in every viewer). The
drawing page holds the theme's stylesheets (their `url()`s dropped: colours and fonts are all
it is read for) and the theme's bundled fonts, so a diagram is drawn in the deck's own
typeface and colours. Every request that is not a local file is refused.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckbuild.rendering import assets

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SCRIPT = Path(__file__).with_name("draw.js")
LIBRARIES = {"mermaid": "mermaid/mermaid.min.js", "dot": "viz/viz-global.js"}
_URL = re.compile(r"url\((?:\"[^\"]*\"|'[^']*'|[^)]*)\)")
_SLIDE = '<section class="present"><h2>Diagram</h2><p>Text <a href="#top">link</a></p></section>'


@dataclass(frozen=True, slots=True)
class Style:
    """What a diagram is drawn with: the deck's theme stylesheets and font families."""

    css: str
    fonts: tuple[str, ...]
    mermaid_theme: str = ""
    """A mermaid theme the deck names (`mermaid: {theme: forest}`); "" draws in the deck's colours."""


@dataclass(frozen=True, slots=True)
class Job:
    """One diagram to draw, as draw.js reads it."""

    engine: str
    source: str
    id: str
    """The SVG's id (mermaid scopes its styles to it)."""
    width: float | None = None
    height: float | None = None
    """`fig-width` / `fig-height`, in inches."""
    alt: str = ""
    theme: str = ""


@dataclass(frozen=True, slots=True)
class Drawn:
    """An SVG, or the engine's one-line complaint and the diagram line it names (if any)."""

    svg: str = ""
    error: str = ""
    line: int | None = None


def draw(jobs: list[Job], style: Style, timeout: float = 60.0) -> list[Drawn]:
    """Every job drawn in one browser page, in order."""
    from deckbuild.browser import BrowserThread

    with tempfile.TemporaryDirectory(prefix="deckbuild-diagrams-") as scratch:
        page = Path(scratch) / "draw.html"
        page.write_text(_page(style, {job.engine for job in jobs}), "utf-8")
        with BrowserThread(timeout=timeout) as browser:
            return browser.run(lambda running: _draw(running, page, jobs, style, timeout))


def _draw(browser: Browser, page_file: Path, jobs: list[Job], style: Style, timeout: float) -> list[Drawn]:
    from deckbuild.export.printing import OFFLINE, Blocked

    blocked = Blocked()
    context = browser.new_context()
    try:
        context.route(OFFLINE, blocked)
        page = context.new_page()
        page.set_default_timeout(timeout * 1000)
        page.goto(page_file.as_uri())
        page.wait_for_function("window.deckbuildDiagrams !== undefined")
        return [_one(page, job, style) for job in jobs]
    finally:
        context.close()


def _one(page: Any, job: Job, style: Style) -> Drawn:
    """One job; a drawing that hangs or crashes the page is that diagram's error, not a traceback."""
    from playwright.sync_api import Error

    try:
        answer: dict[str, Any] = page.evaluate("job => window.deckbuildDiagrams.draw(job)",
                                               {**asdict(job), "theme": job.theme or style.mermaid_theme})
    except Error as exc:
        return Drawn(error=f"the drawing did not finish ({str(exc).splitlines()[0][:200]})")
    return Drawn(str(answer.get("svg", "")), str(answer.get("error", "")), answer.get("line"))


def _page(style: Style, engines: set[str]) -> str:
    """The drawing page: the theme's fonts and colours on a slide, and the engines asked for."""
    links = "".join(f'<link rel="stylesheet" href="{assets.vendor_path(f"fonts/{family}/fonts.css").as_uri()}">'
                    for family in style.fonts)
    scripts = "".join(f'<script src="{assets.vendor_path(LIBRARIES[engine]).as_uri()}"></script>'
                      for engine in sorted(engines))
    css = _URL.sub("none", style.css).replace("</", "<\\/")
    return (
        f'<!doctype html><html><head><meta charset="utf-8">{links}<style>{css}</style>{scripts}'
        f"<script>{SCRIPT.read_text('utf-8')}</script></head>"
        f'<body class="reveal-viewport"><div class="reveal"><div class="slides">{_SLIDE}</div></div>'
        '<div id="drawing" style="position: absolute; left: -10000px; top: 0"></div></body></html>'
    )
