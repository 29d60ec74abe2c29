"""PNG export in real Chromium: one image per slide at the deck's size, and a contact sheet."""

from __future__ import annotations

import struct
import zlib
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


def dark_rows(path: Path) -> list[int]:
    """The rows of a PNG screenshot (8-bit RGB or RGBA) that hold a near-black pixel, decoded
    with zlib alone (no imaging library)."""
    data = path.read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    channels = {2: 3, 6: 4}[data[25]]
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"IDAT":
            idat += data[position + 8:position + 8 + length]
        position += 12 + length
    raw, stride, previous, dark = zlib.decompress(idat), width * channels, bytearray(width * channels), []
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), left), (abs(guess - up), up), (abs(guess - corner), corner),
                           key=lambda pair: pair[0])[1]
                line[x] = (line[x] + near) & 255
        if any(line[x] < 40 and line[x + 1] < 40 and line[x + 2] < 40 for x in range(0, stride, channels)):
            dark.append(y)
        previous = line
    return dark


def test_the_lower_part_of_every_slide_is_in_its_image(browser: Any, tmp_path: Path) -> None:
    """Each image is taken after the slide scrolled into view has been painted: Chromium could
    take it first, and the lower part of a slide (a list after two paragraphs) came out blank."""
    import deckbuild

    block = '<div style="height: 120px; background: #000; margin-top: 250px"></div>'
    source = tmp_path / "low.qmd"
    source.write_text("---\ntitle: Low\nformat: revealjs\n---\n\n"
                      + "".join(f"## Slide {n}\n\nfirst\n\nsecond\n\n{block}\n\n" for n in range(1, 7)), encoding="utf-8")
    html = deckbuild.render(source, tmp_path / "low.html", quiet=True, execute=False)
    result = export_pngs(browser, [Job(html, tmp_path / "png", ExportOptions())])[0]
    for image in result.images[1:]:
        rows = dark_rows(image)
        assert rows and max(rows) > size(image)[1] // 2, f"{image.name}: nothing dark in its lower half"
