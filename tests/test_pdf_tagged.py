"""The tagged PDF: Chromium's structure tree (headings, lists, tables, figures with their alt
text, formulas with their TeX), the document's language and each page's /StructParents, kept
through deckbuild's outline, metadata and paper-size step; `pdfinfo` says "Tagged: yes".

`fixtures/export.md` is described in test_pdf.py; the example lecture is decks/intro-to-neural-networks.md.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from deckbuild.export.options import ExportOptions, parse_page_size
from deckbuild.export.pdf import Job, export_pdfs
from deckbuild.export.pdfdoc import structure_elements

from conftest import FIXTURES, ROOT, missing_resource

pytestmark = pytest.mark.browser


def rendered(source: Path, folder: Path) -> Path:
    from deckbuild import render

    return Path(render(source, folder / source.with_suffix(".html").name, quiet=True, execute=False))


def printed(browser: Any, html: Path, folder: Path, **options: Any) -> tuple[PdfReader, Path]:
    output = folder / "out.pdf"
    export_pdfs(browser, [Job(html, output, ExportOptions(**options))])
    return PdfReader(output), output


def pdfinfo(path: Path) -> dict[str, str]:
    if not shutil.which("pdfinfo"):
        missing_resource("pdfinfo", "apt-get install -y poppler-utils")
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def kinds(elements: list[DictionaryObject], *wanted: str) -> list[str]:
    return [str(e["/S"]) for e in elements if e["/S"] in wanted]


@pytest.fixture(scope="module")
def export_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rendered(FIXTURES / "export.md", tmp_path_factory.mktemp("export"))


@pytest.mark.parametrize("paper", [None, "A4"], ids=["deck-size", "a4"])
def test_every_page_is_tagged_in_reading_order_through_the_finishing_step(
    browser: Any, export_deck: Path, tmp_path: Path, paper: str | None
) -> None:
    reader, path = printed(browser, export_deck, tmp_path, page_size=parse_page_size(paper) if paper else None)
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and catalog["/Lang"] == "en"
    assert pdfinfo(path)["Tagged"] == "yes"
    assert [item.title for item in reader.outline if not isinstance(item, list)][:2] == ["Exporting a deck", "Part one"]
    elements = structure_elements(catalog)
    # Title, sections and slides in order; the stepped slide prints three pages, each with its title.
    assert kinds(elements, "/H1", "/H2") == ["/H1", "/H1", "/H2", "/H2", "/H1", "/H2", "/H2", "/H2", "/H2"]
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    order = [pages[e.raw_get("/Pg").idnum] for e in elements if "/Pg" in e]
    assert order == sorted(order) and set(order) == set(range(len(reader.pages)))  # slide by slide
    assert all(isinstance(page["/StructParents"], int) for page in reader.pages)
    tree = catalog["/StructTreeRoot"]
    assert len(tree["/ParentTree"]["/Nums"]) // 2 >= len(reader.pages)


def test_a_formula_is_tagged_with_its_tex_and_lists_keep_their_items(browser: Any, export_deck: Path, tmp_path: Path) -> None:
    reader, _ = printed(browser, export_deck, tmp_path)
    elements = structure_elements(reader.trailer["/Root"])
    [formula] = [e for e in elements if e["/S"] == "/Formula"]
    assert formula["/Alt"] == r"\sigma(z) = \frac{1}{1 + e^{-z}}"
    assert kinds(elements, "/Figure") == []  # the formula is not left as a figure
    assert kinds(elements, "/L", "/LI") == ["/L", "/LI", "/L", "/LI"]  # "always shown", then the pause's list


@pytest.fixture(scope="module")
def lecture_pdf(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, Path]:
    folder = tmp_path_factory.mktemp("lecture")
    return printed(browser, rendered(ROOT / "decks" / "intro-to-neural-networks.md", folder), folder)


def test_the_example_lecture_is_tagged_with_figures_maths_tables_and_lists(lecture_pdf: tuple[PdfReader, Path]) -> None:
    reader, path = lecture_pdf
    info = pdfinfo(path)
    assert (info["Tagged"], info["Title"]) == ("yes", "An introduction to neural networks and deep learning")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    elements = structure_elements(catalog)
    figures = [str(e.get("/Alt", "")) for e in elements if e["/S"] == "/Figure"]  # the plots too, when cached
    assert all(figures) and {alt.split(":")[0] for alt in figures} >= {"Three panels", "Diagram of a 2-4-1 multilayer perceptron"}
    formulas = [str(e.get("/Alt", "")) for e in elements if e["/S"] == "/Formula"]
    assert len(formulas) > 100 and all(formulas) and r"\hat y = \operatorname{sign}\!\left(w^\top x + b\right)." in formulas
    found = set(kinds(elements, "/H1", "/H2", "/Table", "/TH", "/TD", "/L", "/LI", "/Caption", "/Link", "/Code"))
    assert found == {"/H1", "/H2", "/Table", "/TH", "/TD", "/L", "/LI", "/Caption", "/Link", "/Code"}
    h1 = kinds(elements, "/H1")
    assert len(h1) == 1 + 11  # the title slide and the eleven `#` sections
