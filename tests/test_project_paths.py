"""Paths as a Quarto project has them: a name in `_quarto.yml` is read from the project's folder
(a deck in a subfolder still finds `css:`, `brand:`, `bibliography:`, `logo:` and includes), a
path starting with `/` is read from the project's folder, a deck's own name that only the
project's folder holds is found there with a warning (Quarto's older rule), and a `logo:` may
name one of the brand's logo sizes."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from deckbuild import pipeline
from deckbuild.errors import DeckError
from deckbuild.options import Overrides
from deckbuild.rendering.sinks import InlineSink

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
BIB = "@online{q, title = {Quarto}, url = {https://quarto.org}, author = {Allaire, J.J.}}\n"


def project(tmp_path: Path, quarto_yml: str, deck_front: str = "", body: str = "## A\n\n[@q]\n") -> Path:
    root = tmp_path / "course"
    for folder in ("img", "brand", "lectures/week1"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "img" / "logo.png").write_bytes(PNG)
    (root / "brand" / "logo.png").write_bytes(PNG)
    (root / "style.css").write_text(".reveal h2 { letter-spacing: 7px; }\n", encoding="utf-8")
    (root / "refs.bib").write_text(BIB, encoding="utf-8")
    (root / "head.html").write_text('<meta name="from-project" content="yes">\n', encoding="utf-8")
    (root / "brand" / "brand.yml").write_text("color:\n  primary: '#0b3954'\nlogo:\n  large: logo.png\n", encoding="utf-8")
    (root / "_quarto.yml").write_text("project:\n  type: default\n" + quarto_yml, encoding="utf-8")
    deck = root / "lectures" / "week1" / "slides.qmd"
    deck.write_text(f"---\ntitle: Week 1\nformat: revealjs\n{deck_front}---\n\n{body}", encoding="utf-8")
    return deck


def built(deck: Path) -> tuple[BeautifulSoup, list[str]]:
    rendered = pipeline.render(pipeline.load(deck, Overrides(execute=False)), InlineSink())
    return BeautifulSoup(rendered.html, "html.parser"), [w.format_message() for w in rendered.warnings]


def test_names_in_the_project_file_are_read_from_its_folder(tmp_path: Path) -> None:
    deck = project(tmp_path, "css: style.css\nbibliography: refs.bib\nlogo: img/logo.png\ninclude-in-header: head.html\n")
    page, warnings = built(deck)
    assert warnings == []
    assert "letter-spacing: 7px" in str(page)
    assert page.select_one("img.slide-logo") is not None
    assert page.select_one('meta[name="from-project"]') is not None
    assert [cite.get_text() for cite in page.select("span.citation")] == ["(Allaire, n.d.)"]


def test_a_brand_named_in_the_project_file_is_its_folders(tmp_path: Path) -> None:
    page, warnings = built(project(tmp_path, "brand: brand/brand.yml\n"))
    assert warnings == []
    assert "#0b3954" in str(page).lower()


def test_a_slash_path_is_read_from_the_project_folder(tmp_path: Path) -> None:
    page, warnings = built(project(tmp_path, "", "logo: /img/logo.png\n"))
    assert warnings == []
    assert page.select_one("img.slide-logo") is not None


def test_a_deck_path_only_the_project_folder_holds_is_found_there_with_a_warning(tmp_path: Path) -> None:
    deck = project(tmp_path, "", "logo: img/logo.png\n")
    page, warnings = built(deck)
    assert page.select_one("img.slide-logo") is not None
    assert warnings == [f"{deck}:4: logo `img/logo.png` is read from the project's folder, not the deck's"
                        " — write `/img/logo.png`: a path from the project's folder starts with /"]


@pytest.mark.parametrize("logo", ["large", "{path: large}"])
def test_a_logo_may_name_a_brand_logo_size(tmp_path: Path, logo: str) -> None:
    page, warnings = built(project(tmp_path, "brand: brand/brand.yml\n", f"logo: {logo}\n"))
    assert warnings == []
    assert page.select_one("img.slide-logo") is not None


def test_outside_the_project_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.css").write_text("x", encoding="utf-8")
    deck = project(tmp_path, "css: ../secret.css\n")
    with pytest.raises(DeckError, match="outside the folders a deck may read"):
        built(deck)
