"""PNG export in real Chromium: one image per slide at the deck's size, and a contact sheet."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from deckbuild.export.options import ExportOptions, SlideRanges
from deckbuild.export.png import Job, export_pngs
from deckbuild.export.printing import Blocked

pytestmark = pytest.mark.browser


def size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.fixture
def deck(tmp_path: Path, reveal_assets: Path) -> Path:
    import handmade

    slides = [handmade.slide(f"Slide {n}", attrs=f'data-background-color="#{n}{n}{n}"') for n in range(1, 5)]
    return handmade.write(tmp_path / "talk.html", slides)


@pytest.mark.parametrize("scale", [1, 2])
def test_one_image_per_slide_at_deck_resolution(browser: Any, deck: Path, tmp_path: Path, scale: int) -> None:
    blocked = Blocked()
    result = export_pngs(browser, [Job(deck, tmp_path / "png", ExportOptions(scale=scale))], blocked=blocked)[0]
    assert [p.name for p in result.images] == [f"talk-0{n}.png" for n in range(1, 5)]
    assert {size(p) for p in result.images} == {(1280 * scale, 720 * scale)}
    assert len({p.read_bytes() for p in result.images}) == 4  # each slide, not one slide four times
    assert blocked.urls == []


def test_selected_slides_and_contact_sheet(browser: Any, deck: Path, tmp_path: Path) -> None:
    options = ExportOptions(slides=SlideRanges.of(2, 4))
    result = export_pngs(browser, [Job(deck, tmp_path / "png", options, contact_sheet=True)])[0]
    assert [p.name for p in result.images] == ["talk-02.png", "talk-04.png"]
    assert result.contact_sheet is not None and result.contact_sheet.name == "talk-contact-sheet.png"
    width, height = size(result.contact_sheet)
    assert width > 2 * 384 and height > 216


def test_fragment_steps_get_their_own_images(browser: Any, tmp_path: Path, reveal_assets: Path) -> None:
    import handmade

    body = '<p class="fragment">a</p><p class="fragment">b</p>'
    html = handmade.write(tmp_path / "steps.html", [handmade.slide("Steps", body)])
    result = export_pngs(browser, [Job(html, tmp_path / "png", ExportOptions(fragments=True))])[0]
    assert [p.name for p in result.images] == ["steps-01.png", "steps-01-1.png", "steps-01-2.png"]
