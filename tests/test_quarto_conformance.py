"""A Quarto reveal.js talk gets the slide structure Quarto gives it.

Quarto builds its reveal.js decks with pandoc's revealjs writer (slide level 2), so pandoc
itself (the `pypandoc-binary` wheel carries it) is the reference: both pages are parsed and
their slides compared as (title, level, fragments, notes, classes), in order. Quarto itself
cannot be installed here: its PyPI package downloads the binary at install time. Quarto puts
footnotes on their slide, as `--reference-location=section` does.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

import deckbuild

pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")

FIXTURE = Path(__file__).parent / "fixtures" / "quarto" / "conformance.qmd"


@dataclass
class SlideShape:
    title: str = ""
    heading: int = 0
    fragments: int = 0
    notes: int = 0
    classes: set[str] = field(default_factory=set)
    stack: bool = False
    """An outer `<section>` that only groups vertical slides."""


class Slides(HTMLParser):
    """Innermost `<section>`s in order, with what reveal.js will do with them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.slides: list[SlideShape] = []
        self.stack: list[SlideShape] = []
        self.in_heading = 0
        self.notes_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = set((dict(attrs).get("class") or "").split())
        current = self.stack[-1] if self.stack else None
        if tag == "section":
            if current is not None:
                current.stack = True
            shape = SlideShape(classes=names & {"smaller", "scrollable"})
            self.stack.append(shape)
            self.slides.append(shape)
            return
        if current is None:
            return
        if tag == "aside" and "notes" in names:
            current.notes += 1
        if "fragment" in names:
            current.fragments += 1
        if tag in ("h1", "h2") and not current.heading:
            current.heading = int(tag[1])
            self.in_heading = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.stack.pop()
        if tag in ("h1", "h2"):
            self.in_heading = 0

    def handle_data(self, data: str) -> None:
        if self.stack and self.in_heading:
            self.stack[-1].title += data.strip()


def shapes(page: str) -> list[SlideShape]:
    parser = Slides()
    parser.feed(page[page.index('<div class="slides">') :])
    return [s for s in parser.slides if not s.stack]


def pandoc_page(source: Path, out: Path) -> str:
    pandoc = pypandoc.get_pandoc_path()
    subprocess.run(
        [pandoc, "-s", "-t", "revealjs", "--slide-level=2", "--reference-location=section", "-f", "markdown", "-V", "revealjs-url=.", str(source), "-o", str(out)],
        check=True,
        cwd=source.parent,
    )
    return out.read_text(encoding="utf-8")


def test_slides_fragments_and_notes_match_pandocs_revealjs_writer(tmp_path: Path) -> None:
    ours = shapes(deckbuild.render(FIXTURE, tmp_path / "ours.html", quiet=True).read_text(encoding="utf-8"))
    reference = shapes(pandoc_page(FIXTURE, tmp_path / "pandoc.html"))
    ours_table = [(s.title, s.heading, s.fragments, s.notes, sorted(s.classes)) for s in ours]
    reference_table = [(s.title, s.heading, s.fragments, s.notes, sorted(s.classes)) for s in reference]
    assert ours_table == reference_table


RULES_AND_HEADINGS = {
    "a rule before a heading starts no slide": "## One\n\na\n\n---\n\n## Two\n\nb\n",
    "two rules make an empty slide": "## One\n\na\n\n---\n\n---\n\nc\n",
    "a rule before a section heading keeps its slide": "## One\n\na\n\n---\n\n# Sec\n\n---\n\n## T3\n",
    "text, a rule, a heading": "a\n\n---\n\n## T\n",
    "a rule first": "---\n\n## First\n",
}


@pytest.mark.parametrize("body", RULES_AND_HEADINGS.values(), ids=RULES_AND_HEADINGS.keys())
def test_rules_and_headings_cut_slides_as_pandoc_does(tmp_path: Path, body: str) -> None:
    source = tmp_path / "talk.md"
    source.write_text(body, encoding="utf-8")  # no title: neither makes a title slide
    ours = shapes(deckbuild.render(source, tmp_path / "ours.html", quiet=True).read_text(encoding="utf-8"))
    reference = shapes(pandoc_page(source, tmp_path / "pandoc.html"))
    assert [(s.title, s.heading) for s in ours] == [(s.title, s.heading) for s in reference]


def test_slide_ids_are_pandocs(tmp_path: Path) -> None:
    """Links into a talk (`talk.html#/the-x2-rule`) and stylesheets that target `#id` keep
    working: a slide's id is made from its heading's text as pandoc makes it."""
    headings = ["A", "A", "A", "1. Intro", "The $x^2$ rule", "Dots v1.2 and **bold**", "[Fit]{.r-fit-text} {.center}",
                "Ünïcode straße", "`code` and [a link](https://example.org)"]
    source = tmp_path / "talk.md"
    source.write_text("".join(f"## {heading}\n\ntext\n\n" for heading in headings), encoding="utf-8")
    ours = re.findall(r'<section id="([^"]*)"', deckbuild.render(source, tmp_path / "ours.html", quiet=True).read_text("utf-8"))
    theirs = re.findall(r'<section id="([^"]*)"', pandoc_page(source, tmp_path / "pandoc.html"))
    assert ours == theirs


def test_a_heading_is_one_line_of_inline_text(tmp_path: Path) -> None:
    """`## 1. Introduction` is a numbered title, not a list inside the heading (nor `- x` a
    bullet, `> y` a quote, `a. z` a lettered list), as pandoc reads it."""
    headings = ["1. Introduction", "2024. A year", "- a dash", "> a quote", "a. lettered", "(ii) roman", "`code` first",
                "*emphasis* first"]
    source = tmp_path / "talk.md"
    source.write_text("".join(f"## {heading}\n\ntext\n\n" for heading in headings), encoding="utf-8")
    ours = re.findall(r"<h2>(.*?)</h2>", deckbuild.render(source, tmp_path / "ours.html", quiet=True).read_text("utf-8"))
    theirs = re.findall(r"<h2>(.*?)</h2>", pandoc_page(source, tmp_path / "pandoc.html"))
    assert ours == theirs
