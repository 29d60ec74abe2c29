"""`<div>` tags on lines of their own are divs whose content is Markdown, as pandoc reads them
(`native_divs`, `markdown_in_html_blocks`): Quarto talks wrap lists in `<div class="fragment">`
and lay out `<div class="columns">` by hand. Each case's structure is checked against pandoc's
revealjs output (the test extra's `pypandoc-binary`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from quarto_blocks_support import slides

pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")

FRONT = "title: T\ntitle-slide: false"


def structure(soup: BeautifulSoup) -> list[list[tuple[str, tuple[str, ...], str]]]:
    """Each slide's elements below its title: tag, classes and own text, in order."""
    found = []
    for section in soup.find_all("section"):
        if section.find("section"):
            continue
        elements = [el for el in section.find_all(True) if el.name not in ("h2", "section")]
        found.append([(el.name, tuple(sorted(el.get("class") or ())),
                       " ".join("".join(el.find_all(string=True, recursive=False)).split())) for el in elements])
    return found


def pandoc_structure(source: str) -> list[list[tuple[str, tuple[str, ...], str]]]:
    page = pypandoc.convert_text(source, "revealjs", format="markdown", extra_args=["--slide-level=2"])
    return structure(BeautifulSoup(page, "html.parser"))


CASES = {
    "a fragment holding a list": '## A\n\n<div class="fragment">\n#### Pros\n- fast\n- small\n</div>\n',
    "columns by hand": ('## A\n\n<div class="columns">\n<div class="column">\nleft *x*\n</div>\n'
                        '<div class="column">\nright\n</div>\n</div>\n'),
    "speaker notes": '## A\n\nText\n\n<div class="notes">\nsay **this**\n</div>\n',
    "a heading below the slide level": '## A\n\n<div class="x">\ntext\n\n### Inside\n</div>\n\n## B\n',
    "id and attributes": '## A\n\n<div id="box" class="a b" data-k="1">\n**bold**\n</div>\n',
    "upper case, a space before >": '## A\n\n<DIV class="k" >\ntext\n</div >\n',
    "a div's closing fence right after a tag": '## A\n\n::: {.row}\n:::: {.col}\n<hr class="x" />::::\n:::: {.col}\ntext\n::::\n:::\n',
    "indented: raw HTML, as pandoc has it": '## A\n\n  <div class="k">\ntext\n  </div>\n',
}


@pytest.mark.parametrize("source", CASES.values(), ids=CASES.keys())
def test_html_divs_hold_markdown_as_pandoc_reads_them(tmp_path: Path, source: str) -> None:
    assert structure(slides(tmp_path, source, front=FRONT)) == pandoc_structure(source)


def test_attributes_reach_the_div(tmp_path: Path) -> None:
    soup = slides(tmp_path, '## A\n\n<div id="box" class="a b" style="display: flex" data-k=\'say "hi"\' title="x &amp; y">\n'
                            "text\n</div>\n", front=FRONT)
    div = soup.select_one("div#box")
    assert isinstance(div, Tag)
    assert div.get("class") == ["a", "b"]
    assert (div["style"], div["data-k"], div["title"]) == ("display: flex", 'say "hi"', "x & y")
    assert div.find("p") is not None


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ('<div onclick="go()">\ntext\n</div>', 'onclick="go()"'),  # the author's script stays as written
        ('<div class="x">\nnever closed', "never closed"),
        ('<div class="y">one line</div>', "one line"),
        ("```html\n<div>\n## code\n</div>\n```", "## code"),
    ],
)
def test_what_is_not_a_div_pair_stays_as_written(tmp_path: Path, source: str, kept: str) -> None:
    page = str(slides(tmp_path, f"## A\n\n{source}\n", front=FRONT))
    assert kept in page
    assert "<h2>code</h2>" not in page
