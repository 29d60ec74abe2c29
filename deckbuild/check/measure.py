"""What the check measures in the page: probe.js over every page of the print layout, the
pixels behind text that stands on an image, and axe-core's violations.

Text over a background image or gradient has no one colour behind it, so those pages are
photographed with every text made transparent, and the page reads the screenshot's pixels
behind each text box (`probe.js: pixels`): five colours per box, from the darkest 5 % to the
lightest 5 %, against which `findings.py` takes the worst contrast.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deckbuild.export.printing import Loading

PROBE_JS = (Path(__file__).parent / "probe.js").read_text(encoding="utf-8")

AXE_SKIPPED = ("color-contrast", "image-alt", "svg-img-alt", "role-img-alt", "input-image-alt")
"""axe's rules that the probe's own cover (contrast on every fragment step and over images,
text alternatives with the image's name): reported once, by the probe."""


@dataclass(slots=True)
class Measured:
    slides: list[dict[str, Any]]
    """probe.js's findings, one entry per slide in page order."""
    axe: list[dict[str, Any]]
    """axe-core's violations, one entry per element, with the slide's position `n` (or None)."""


def measure(loading: Loading) -> Measured:
    return Measured(probe(loading), axe(loading))


def probe(loading: Loading) -> list[dict[str, Any]]:
    """probe.js's findings, slide by slide, with the colours behind text on images."""
    page = loading.page
    with loading.step("checking the slides"):
        page.add_script_tag(content=PROBE_JS)
        slides: list[dict[str, Any]] = page.evaluate("() => __deckbuildCheck.probe()")
        _read_images(loading, slides)
    return slides


def axe(loading: Loading) -> list[dict[str, Any]]:
    """axe-core's violations (after `probe`, which defines what maps them to slides)."""
    from deckbuild.rendering.assets import read_text

    page = loading.page
    with loading.step("running axe-core"):
        page.add_script_tag(content=read_text("axe-core/axe.min.js"))
        violations: list[dict[str, Any]] = page.evaluate("skipped => __deckbuildCheck.axe(skipped)", list(AXE_SKIPPED))
    return violations


def _read_images(loading: Loading, slides: list[dict[str, Any]]) -> None:
    """Give each text over an image its `behind` colours, from a screenshot of its page."""
    by_page: dict[tuple[float, ...], list[dict[str, Any]]] = defaultdict(list)
    for slide in slides:
        for sample in slide["overImage"]:
            by_page[tuple(sample["page"])].append(sample)
    if not by_page:
        return
    page = loading.page
    page.evaluate("() => __deckbuildCheck.hideText(true)")
    try:
        for (x, y, width, height), samples in by_page.items():
            shot = page.screenshot(clip={"x": x, "y": y, "width": width, "height": height}, full_page=True,
                                   animations="disabled", caret="hide")
            boxes = [[s["rect"][0] - x, s["rect"][1] - y, s["rect"][2], s["rect"][3]] for s in samples]
            behind = page.evaluate("([png, boxes]) => __deckbuildCheck.pixels(png, boxes)",
                                   [base64.b64encode(shot).decode("ascii"), boxes])
            for sample, colours in zip(samples, behind, strict=True):
                sample["behind"] = colours
    finally:
        page.evaluate("() => __deckbuildCheck.hideText(false)")
