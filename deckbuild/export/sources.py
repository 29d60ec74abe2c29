"""What the export commands print: a deck, rendered through the pipeline's stages, or a page
rendered before (an `.html` given as the source).

Chromium loads pages from files, so a rendered deck's page is written into a scratch folder;
what the renderer knew about it (the `pdf:` settings, whether a slide wants a page per
fragment, the files it was made from) comes with it from the RenderedDeck. Only an `.html`
given as a source is read back for them: its renderer wrote the `pdf:` settings into a
`<script type="application/json" id="deckbuild-pdf">` block.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.config import PdfOptions
from deckbuild.errors import DeckbuildError, DeckError
from deckbuild.options import Overrides

if TYPE_CHECKING:
    from deckbuild.execute.events import Event
    from deckbuild.pipeline import RenderedDeck

DECK_SUFFIXES = (".md", ".qmd", ".ipynb")
_PDF_SETTINGS = re.compile(rb'<script[^>]*\bid=["\']deckbuild-pdf["\'][^>]*>(.*?)</script>', re.S)
_FRAGMENT_PAGES = re.compile(rb"data-pdf-fragments=[\"']?all")


@dataclass(frozen=True, slots=True)
class Printable:
    """A page for Chromium to load, and what is known about it."""

    source: Path
    """What the user gave, which messages name."""
    html: Path
    pdf: PdfOptions
    """The deck's `pdf:` settings: defaults for what the command line does not say."""
    fragment_pages: bool
    """Some slide asks for a page per fragment step (reveal.js must then clone pages)."""
    inputs: frozenset[Path]
    """Files no export of it may overwrite."""
    warnings: tuple[DeckError, ...] = ()

    @classmethod
    def of(cls, rendered: RenderedDeck, scratch: Path) -> Printable:
        """A rendered deck, its page written into the folder `scratch`."""
        from deckbuild.pipeline import write

        html = write(rendered, scratch / f"{rendered.deck.path.stem}.html")
        return cls(rendered.deck.path, html, rendered.pdf, rendered.fragment_pages, rendered.inputs, rendered.warnings)


def printable(source: Path, scratch: Path, overrides: Overrides, check: Callable[[frozenset[Path]], None],
              progress: Callable[[Event], None] | None = None) -> Printable:
    """`source` ready to print: an `.html` as it is, a deck through load, execute and render.

    `check(inputs)` refuses outputs that would replace an input: called with the inputs known
    before any cell runs, and again with all of them once the deck is rendered."""
    suffix = source.suffix.lower()
    if suffix in (".html", ".htm"):
        data = source.read_bytes()
        inputs = frozenset({source.resolve()})
        check(inputs)
        return Printable(source, source, page_pdf_settings(data), page_fragment_pages(data), inputs)
    if suffix not in DECK_SUFFIXES:
        raise DeckbuildError(f"{source}: cannot export a {suffix or 'suffix-less'} file — give a .md, .qmd, .ipynb or .html")
    from deckbuild import pipeline
    from deckbuild.rendering.sinks import InlineSink

    deck = pipeline.load(source, overrides)
    check(pipeline.known_inputs(deck))
    rendered = pipeline.render(deck, InlineSink(), pipeline.execute(deck, overrides, progress=progress))
    check(rendered.inputs)
    folder = scratch / str(len(list(scratch.iterdir())))
    folder.mkdir()
    return Printable.of(rendered, folder)


def page_pdf_settings(page: bytes) -> PdfOptions:
    """The `pdf:` settings a rendered page carries; a page without them (or not ours) has none."""
    from deckbuild.config import DeckConfig
    from deckbuild.settings import SCHEMA

    match, config = _PDF_SETTINGS.search(page), DeckConfig()
    try:
        found = json.loads(match[1]) if match else {}
        SCHEMA["pdf"](config, {key: value for key, value in found.items() if value not in (None, False)})
    except (ValueError, AttributeError):
        return PdfOptions()
    return config.pdf


def page_fragment_pages(page: bytes) -> bool:
    """Whether a rendered page has a slide that wants a PDF page per fragment step."""
    return _FRAGMENT_PAGES.search(page) is not None


def pdf_target(source: Path, output: Path | None, count: int) -> Path:
    """`-o` names the PDF for one source, or a folder for several; default: beside the source."""
    if output is None:
        return _default_output(source, ".pdf")
    if count == 1 and not output.is_dir() and (output.suffix.lower() == ".pdf" or output.is_file()):
        return output  # a file named on the command line is the target, whatever its suffix
    return output / source.with_suffix(".pdf").name


def refuse_png_inputs(folder: Path, stem: str, inputs: frozenset[Path]) -> None:
    """An error if the deck's images would land on a file the deck is made from."""
    from deckbuild.export.png import is_image_name
    from deckbuild.writing import refuse_inputs

    folder = folder.resolve()
    clashes = [path for path in inputs if path.parent == folder and is_image_name(stem, path.name)]
    refuse_inputs(clashes, inputs, None)


def png_folder(source: Path, output: Path | None) -> Path:
    """`-o` is the folder for every deck's PNGs (their names start with the deck's name)."""
    return output if output is not None else _default_output(source, "").with_name(f"{source.stem}_png")


def _default_output(source: Path, suffix: str) -> Path:
    """Where `deckbuild render` would put the deck's HTML (the project's `output-dir`), or beside it."""
    if source.suffix.lower() in (".html", ".htm"):
        return source.with_suffix(suffix)
    from deckbuild.project import find_project

    return find_project(source.parent).output_for(source, suffix)
