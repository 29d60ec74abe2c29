"""What the export commands accept: a deck (rendered first) or an already rendered `.html`.

A deck's own `pdf:` front matter reaches the exporter through the rendered page, in a
`<script type="application/json" id="deckbuild-pdf">` block, so a deck and its HTML export
alike.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from deckbuild.errors import DeckbuildError

DECK_SUFFIXES = (".md", ".qmd", ".ipynb")
_PDF_SETTINGS = re.compile(rb'<script[^>]*\bid=["\']deckbuild-pdf["\'][^>]*>(.*?)</script>', re.S)


def as_html(source: Path, scratch: Path) -> tuple[Path, frozenset[Path]]:
    """The HTML to print for `source` (itself, or the deck rendered into `scratch`), and the
    files it was made from, which no export may overwrite."""
    suffix = source.suffix.lower()
    if suffix in (".html", ".htm"):
        return source, frozenset({source.resolve()})
    if suffix not in DECK_SUFFIXES:
        raise DeckbuildError(f"{source}: cannot export a {suffix or 'suffix-less'} file — give a .md, .qmd, .ipynb or .html")
    from deckbuild.pipeline import RenderOptions, build, load_deck

    folder = scratch / f"{len(list(scratch.iterdir()))}"
    folder.mkdir()
    html = folder / f"{source.stem}.html"
    opts = RenderOptions(output=html)
    return html, build(load_deck(source, opts), html, opts)


def project_sources() -> list[Path]:
    """The project's decks (its `decks` list), when no source is given."""
    from deckbuild.project import find_project

    decks = find_project(Path.cwd()).decks()
    if not decks:
        raise click.UsageError("no deck given, and no project file lists `decks` (see the README)")
    return decks


def deck_pdf_settings(html: Path) -> dict[str, Any]:
    """The deck's `pdf:` front matter as the renderer recorded it, or {}."""
    match = _PDF_SETTINGS.search(html.read_bytes())
    if not match:
        return {}
    try:
        settings = json.loads(match[1])
    except ValueError:
        return {}
    return settings if isinstance(settings, dict) else {}


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
