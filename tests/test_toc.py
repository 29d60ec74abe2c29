"""`toc: true`: a contents slide after the title slide, sections holding their slides, links
that move reveal.js to the slide they name (as Quarto's reveal.js format makes it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from deckbuild import pipeline
from deckbuild.rendering.sinks import InlineSink

BODY = """
## Before {#before}

x

# Part *one* {#one}

## Alpha

a

## Beta

b

---

untitled

# Two

# Three

## Gamma

c
"""


def rendered(tmp_path: Path, front: str) -> BeautifulSoup:
    path = tmp_path / "talk.qmd"
    path.write_text(f"---\ntitle: Contents\n{front}\n---\n{BODY}", "utf-8")
    return BeautifulSoup(pipeline.render(pipeline.load(path), InlineSink()).html, "html.parser")


def outline(items: Tag) -> list[Any]:
    """The nested list as (text, href) pairs, a section's slides in a list after it."""
    entries: list[Any] = []
    for item in items.find_all("li", recursive=False):
        link = item.find("a", recursive=False)
        entries.append((link.get_text(), link["href"]))
        if (inner := item.find("ul", recursive=False)) is not None:
            entries.append(outline(inner))
    return entries


def test_the_contents_slide_comes_after_the_title_slide(tmp_path: Path) -> None:
    soup = rendered(tmp_path, "toc: true")
    slides = soup.select(".slides > section")
    assert [s.get("id") for s in slides[:3]] == ["title-slide", "TOC", "before"]
    nav = slides[1].select_one('nav[role="doc-toc"]')
    assert nav is not None and nav["aria-labelledby"] == "toc-title"
    assert nav.h2.get_text() == "Table of contents" and nav.h2["id"] == "toc-title"
    assert outline(nav.ul) == [
        ("Before", "#/before"),
        ("Part one", "#/one"), [("Alpha", "#/alpha"), ("Beta", "#/beta")],
        ("Two", "#/two"),
        ("Three", "#/three"), [("Gamma", "#/gamma")],
    ]
    ids = {section.get("id") for section in soup.select(".slides section")}
    assert all(link["href"][2:] in ids for link in nav.select("a"))  # every link names a slide


@pytest.mark.parametrize(("front", "title", "entries"), [
    ("toc: true\ntoc-title: Overview", "Overview", 7),
    ("toc: true\ntoc-depth: 1", "Table of contents", 3),
])
def test_toc_title_and_depth(tmp_path: Path, front: str, title: str, entries: int) -> None:
    nav = rendered(tmp_path, front).select_one("#TOC nav")
    assert nav is not None and nav.h2.get_text() == title
    assert len(nav.select("a")) == entries


def test_no_contents_slide_unless_asked(tmp_path: Path) -> None:
    assert rendered(tmp_path, "toc: false").select_one("#TOC") is None
    assert rendered(tmp_path, "subtitle: s").select_one("#TOC") is None


@pytest.mark.browser
def test_a_contents_link_moves_to_its_slide(tmp_path: Path, open_deck: Callable[..., Any]) -> None:
    path = tmp_path / "talk.qmd"
    path.write_text(f"---\ntitle: Contents\ntoc: true\n---\n{BODY}", "utf-8")
    pipeline.build(path, path.with_suffix(".html"))
    page = open_deck(path.with_suffix(".html"))
    page.evaluate("Reveal.slide(1)")
    assert page.evaluate("Reveal.getCurrentSlide().id") == "TOC"
    page.click('#TOC a[href="#/gamma"]')
    page.wait_for_function("Reveal.getCurrentSlide().id === 'gamma'", timeout=5_000)
    assert page.evaluate("Reveal.getTotalSlides()") == 10  # title, contents, and the deck's eight
    assert page.console_errors == [] and page.requests == []


def test_the_contents_list_is_the_one_pandoc_makes(tmp_path: Path) -> None:
    """Quarto's contents slide is pandoc's (`--toc`, slide level 2): the same entries, links and ids."""
    pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")
    source = f"---\ntitle: Contents\n---\n{BODY}"
    reference = BeautifulSoup(pypandoc.convert_text(source, "revealjs", format="markdown",
                                                    extra_args=["-s", "--toc", "--slide-level=2"]), "html.parser")
    ours = rendered(tmp_path, "toc: true")

    def entries(soup: BeautifulSoup) -> list[tuple[str, str, str, int]]:
        links = soup.select('#TOC nav[role="doc-toc"] a')
        return [(a.get_text(), a["href"], a["id"], len(a.find_parents("ul"))) for a in links]

    assert entries(ours) == entries(reference) != []
