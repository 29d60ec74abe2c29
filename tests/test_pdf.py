"""PDF export in real Chromium: pages, text, outline, metadata, maths and backgrounds, offline.

The fixture deck `fixtures/export.md` has 7 slides: title, `# Part one`, "First steps" (one
pause, notes), "The sigmoid" (display maths), `# Part two`, "Stepped slide" (two fragments,
`pdf-fragments="all"`, notes) and "Orange finale" (orange background).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from deckbuild.export.options import ExportOptions, SlideRanges
from deckbuild.export.pdf import Job, export_pdfs
from deckbuild.export.printing import Blocked

pytestmark = pytest.mark.browser

TITLES = ["Exporting a deck", "Part one", "First steps", "The sigmoid", "Part two", "Stepped slide", "Orange finale"]


@pytest.fixture(scope="module")
def deck_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from deckbuild import render
    from deckbuild.errors import AssetsMissing

    from conftest import FIXTURES, missing_resource

    target = tmp_path_factory.mktemp("deck") / "export.html"
    try:
        return Path(render(FIXTURES / "export.md", target, quiet=True))
    except (AssetsMissing, ImportError) as exc:  # the renderer or its built assets are not there yet
        missing_resource("the renderer with its built assets", f"pip install -e . ({type(exc).__name__}: {exc})")
        raise


def export(browser: Any, html: Path, tmp_path: Path, **options: Any) -> tuple[PdfReader, Any]:
    blocked = Blocked()
    result = export_pdfs(browser, [Job(html, tmp_path / "out.pdf", ExportOptions(**options))], blocked=blocked)[0]
    assert blocked.urls == []
    return PdfReader(result.output), result.layout


@pytest.mark.parametrize(
    ("options", "pages"),
    [
        ({}, 7 + 2),  # the stepped slide asks for its two fragment steps itself
        ({"fragments": True}, 7 + 2 + 1),  # ... and the pause on "First steps" adds one
        ({"notes": "page"}, 9 + 2),  # two slides have notes
        ({"notes": "below"}, 9),
        ({"slides": SlideRanges.of(3, 4, 7)}, 3),
        ({"slides": SlideRanges.of(6)}, 3),
    ],
    ids=["default", "fragments", "notes-page", "notes-below", "slides", "slides-override"],
)
def test_page_counts(browser: Any, deck_html: Path, tmp_path: Path, options: dict[str, Any], pages: int) -> None:
    reader, _ = export(browser, deck_html, tmp_path, **options)
    assert len(reader.pages) == pages


def test_one_deck_sized_page_per_slide(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    reader, _ = export(browser, deck_html, tmp_path)
    sizes = {(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages}
    assert sizes == {(960.0, 540.0)}  # 1280x720 CSS px in points


def test_notes_below_make_taller_pages_with_the_notes(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    reader, _ = export(browser, deck_html, tmp_path, notes="below")
    assert float(reader.pages[0].mediabox.height) > 540
    assert "Speak slowly" in reader.pages[2].extract_text()


def test_notes_page_follows_its_slide(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    reader, _ = export(browser, deck_html, tmp_path, notes="page")
    texts = [page.extract_text() for page in reader.pages]
    assert "Speak slowly" in texts[3] and "First steps" in texts[2]


def test_titles_in_order_as_text(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    _reader, layout = export(browser, deck_html, tmp_path)
    text = pdf_text(tmp_path / "out.pdf")
    positions = [text.find(title) for title in TITLES]
    assert -1 not in positions and positions == sorted(positions)
    assert [p.title for p in layout.pages if not p.step] == TITLES


def test_outline_nests_slides_under_sections(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    reader, _ = export(browser, deck_html, tmp_path)
    outline = reader.outline
    shape = [item.title if not isinstance(item, list) else [child.title for child in item] for item in outline]
    assert shape == ["Exporting a deck", "Part one", ["First steps", "The sigmoid"], "Part two",
                     ["Stepped slide", "Orange finale"]]
    assert reader.get_destination_page_number(outline[3]) == 4
    assert reader.get_destination_page_number(outline[4][1]) == 8  # after the stepped slide's 3 pages


def test_metadata_from_front_matter(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    from deckbuild import __version__

    meta = export(browser, deck_html, tmp_path)[0].metadata
    assert meta.title == "Exporting a deck"
    assert meta.author == "Ada Lovelace, Charles Babbage"
    assert meta.subject == "PDF export test deck"
    assert meta["/Keywords"] == "deckbuild, pdf, export"
    assert meta.creator == f"deckbuild {__version__}"


def test_maths_is_text_and_is_drawn(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    export(browser, deck_html, tmp_path, slides=SlideRanges.of(4))
    assert "σ(z)" in pdf_text(tmp_path / "out.pdf")
    pixels = raster(tmp_path / "out.pdf", 1)
    band = [row[len(row) // 3: 2 * len(row) // 3] for row in pixels[len(pixels) // 5: len(pixels) // 2]]
    assert sum(value < 128 for row in band for value in row) > 50  # ink where the formula is


def test_backgrounds_are_printed(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    export(browser, deck_html, tmp_path, slides=SlideRanges.of(7))
    pixels = raster(tmp_path / "out.pdf", 1, gray=False)
    assert pixels[-3][-3] == (255, 136, 0)  # #ff8800, in the corner away from text


def test_page_size_scales_slides_onto_paper(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    from deckbuild.export.options import parse_page_size

    reader, _ = export(browser, deck_html, tmp_path, page_size=parse_page_size("A4"))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(842, 595)}
    assert "First steps" in reader.pages[2].extract_text()


def test_no_request_leaves_the_machine(browser: Any, tmp_path: Path, reveal_assets: Path) -> None:
    import handmade

    remote = '<img src="http://198.51.100.7/logo.png"><link rel="stylesheet" href="https://198.51.100.7/x.css">'
    html = handmade.write(tmp_path / "leaky.html", [handmade.slide("Leaky", remote)])
    blocked = Blocked()
    export_pdfs(browser, [Job(html, tmp_path / "leaky.pdf", ExportOptions())], blocked=blocked)
    assert sorted(set(blocked.urls)) == ["http://198.51.100.7/logo.png", "https://198.51.100.7/x.css"]


def test_several_decks_in_parallel(browser: Any, tmp_path: Path, reveal_assets: Path) -> None:
    import handmade

    jobs = []
    for count in (1, 2, 3):
        html = handmade.write(tmp_path / f"d{count}.html", [handmade.slide(f"S{i}") for i in range(count)])
        jobs.append(Job(html, tmp_path / f"d{count}.pdf", ExportOptions()))
    results = export_pdfs(browser, jobs, parallel=3)
    assert [len(PdfReader(r.output).pages) for r in results] == [1, 2, 3]


def test_a_page_without_reveal_fails_with_a_message(browser: Any, tmp_path: Path) -> None:
    from deckbuild.errors import DeckbuildError

    html = tmp_path / "plain.html"
    html.write_text("<!doctype html><title>x</title><p>not a deck</p>")
    with pytest.raises(DeckbuildError, match="no pdf-ready event"):
        export_pdfs(browser, [Job(html, tmp_path / "plain.pdf", ExportOptions(timeout=1))])
    assert not (tmp_path / "plain.pdf").exists()


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def raster(path: Path, page: int, *, gray: bool = True) -> list[list[Any]]:
    """Page `page` as rows of pixels (pdftoppm's PGM/PPM output, parsed without Pillow)."""
    from conftest import missing_resource

    if not shutil.which("pdftoppm"):
        missing_resource("pdftoppm", "apt-get install -y poppler-utils")
    args = ["pdftoppm", "-f", str(page), "-l", str(page), "-r", "48", *(["-gray"] if gray else [])]
    data = subprocess.run([*args, str(path)], capture_output=True, check=True).stdout
    fields = data.split(maxsplit=4)  # P5/P6 width height maxval pixels
    width, height, body = int(fields[1]), int(fields[2]), fields[4]
    depth = 1 if gray else 3
    values = list(body[: width * height * depth])
    pixels = [tuple(values[i: i + depth]) if depth == 3 else values[i] for i in range(0, len(values), depth)]
    return [pixels[row * width: (row + 1) * width] for row in range(height)]


LINKS = """---
title: Links
---

## Target {#target}

Linked to from the next slide.

## Links

An [outside link](https://example.org), [back to the target](#/target) and a note[^1].

[^1]: The footnote.

## After

The [missing slide](#/nowhere) links nowhere.
"""


def test_links_are_clickable(browser: Any, tmp_path: Path) -> None:
    """A web link is a /URI annotation on its slide's page; `#/id` links jump inside the PDF."""
    from deckbuild import render

    html = Path(render(_write(tmp_path / "links.md", LINKS), tmp_path / "links.html", quiet=True))
    reader, _ = export(browser, html, tmp_path)
    links = [[annotation.get_object() for annotation in page.get("/Annots", [])] for page in reader.pages]
    assert [len(page) for page in links] == [0, 0, 3, 0]
    web, slide, footnote = sorted(links[2], key=lambda link: float(link["/Rect"][0]))
    assert web["/A"]["/URI"] == "https://example.org/"
    destinations = reader.named_destinations
    assert reader.get_destination_page_number(destinations[slide["/Dest"]]) == 1
    assert reader.get_destination_page_number(destinations[footnote["/Dest"]]) == 2
    assert "links nowhere" in reader.pages[3].extract_text()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


NOTES_BELOW = """---
title: Notes below
footer: The footer line
slide-number: true
---

## A slide with notes

Body text.

::: notes
Notes text that belongs under the slide.
:::
"""


def word_tops(path: Path, page: int) -> dict[str, float]:
    """The top edge (points from the page's top) of each word on `page`, as pdftotext sees it."""
    from conftest import missing_resource

    if not shutil.which("pdftotext"):
        missing_resource("pdftotext", "apt-get install -y poppler-utils")
    args = ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"]
    xhtml = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', xhtml)
    return {text: float(top) for top, text in words}


def test_notes_below_leave_the_slide_whole_above_them(browser: Any, tmp_path: Path) -> None:
    """Footer and slide number stay on the slide; the notes start under the slide's own height."""
    from deckbuild import render

    html = Path(render(_write(tmp_path / "notes.md", NOTES_BELOW), tmp_path / "notes.html", quiet=True))
    export(browser, html, tmp_path, notes="below")
    tops = word_tops(tmp_path / "out.pdf", 2)
    slide_height = 540.0  # 720 CSS px in points
    assert tops["footer"] < slide_height and tops["Body"] < slide_height
    assert tops["2"] < slide_height, "the slide number stays on the slide"
    assert tops["Notes"] >= slide_height, "the notes print under the slide, on the last page too"
