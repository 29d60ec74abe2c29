"""Finishing Chromium's PDF with pypdf: outline, metadata, formula tags, and an optional paper size.

Chromium's own outline gives one bookmark for a whole deck, and it writes no author or
keywords; both come from the page description that `print.js` returned.

Chromium tags the PDF (a structure tree of headings, paragraphs, lists, tables and figures
with their alternate text, the document's /Lang, /MarkInfo, each page's /StructParents).
The writer is cloned from Chromium's document, not filled page by page, so that all of it
survives; the one change made to the tree is that formulas, which Chromium can only tag as
figures, become /Formula elements.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    RectangleObject,
)

from deckbuild import __version__
from deckbuild.export.printing import Layout

PT_PER_PX = 0.75


class _ChromiumTrailer(logging.Filter):
    """Chromium's PDFs can count fewer objects in their trailer than they hold; pypdf's clone
    copies them all the same and says so on stderr, which is noise in a user's terminal."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "exceeds defined trailer size" not in record.getMessage()


logging.getLogger("pypdf._writer").addFilter(_ChromiumTrailer())  # where the clone says it


def finish_pdf(raw: bytes, layout: Layout, page_size: tuple[float, float] | None) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(raw))
    if page_size:
        _fit_pages(writer, page_size[0] * PT_PER_PX, page_size[1] * PT_PER_PX)
    _add_outline(writer, layout)
    _add_metadata(writer, layout.metadata)
    _tag_formulas(writer, set(layout.formulas))
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_outline(writer: PdfWriter, layout: Layout) -> None:
    """Slides in order; a section slide (`# Heading`) is the parent of the slides after it."""
    section = None
    for index, page in enumerate(layout.pages):
        if page.step or page.notes:
            continue
        parent = section if page.level == 2 else None
        item = writer.add_outline_item(title=page.title, page_number=index, parent=parent)
        if page.level == 1:
            section = item
        elif page.level == 0:
            section = None


def _add_metadata(writer: PdfWriter, metadata: dict[str, str]) -> None:
    fields = {"/Title": "title", "/Author": "author", "/Subject": "subject", "/Keywords": "keywords"}
    info = {key: metadata[name] for key, name in fields.items() if metadata.get(name)}
    writer.add_metadata({**info, "/Creator": f"deckbuild {__version__}"})


def _tag_formulas(writer: PdfWriter, formulas: set[str]) -> None:
    """A figure whose alternate text print.js gave a formula is a /Formula."""
    if not formulas:
        return
    for element in structure_elements(writer._root_object):
        if element.get("/S") == "/Figure" and str(element.get("/Alt", "")) in formulas:
            element[NameObject("/S")] = NameObject("/Formula")


def structure_elements(catalog: DictionaryObject) -> list[DictionaryObject]:
    """Every element of a tagged PDF's structure tree, in reading order (none if untagged)."""
    root = catalog.get("/StructTreeRoot")
    found: list[DictionaryObject] = []
    stack = [root.get_object()] if root is not None else []
    while stack:
        node = stack.pop()
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        children = [kid.get_object() for kid in kids]
        elements = [c for c in children if isinstance(c, DictionaryObject) and c.get("/Type") not in ("/MCR", "/OBJR")]
        stack.extend(reversed(elements))
    return found


def _fit_pages(writer: PdfWriter, width: float, height: float) -> None:
    """Scale each slide onto the paper, centred, keeping vector content and links."""
    for page in writer.pages:
        box = page.mediabox
        page.scale_by(min(width / float(box.width), height / float(box.height)))
        dx = (width - float(page.mediabox.width)) / 2
        dy = (height - float(page.mediabox.height)) / 2
        page.add_transformation(Transformation().translate(dx, dy))
        for annotation in page.get("/Annots", []) or []:
            obj = annotation.get_object()
            if "/Rect" in obj:
                x0, y0, x1, y1 = (float(v) for v in obj["/Rect"])
                obj[NameObject("/Rect")] = ArrayObject(FloatObject(v) for v in (x0 + dx, y0 + dy, x1 + dx, y1 + dy))
        page.mediabox = RectangleObject((0, 0, width, height))
        page.cropbox = RectangleObject((0, 0, width, height))
