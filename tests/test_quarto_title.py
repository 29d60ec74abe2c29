"""The title slide as Quarto's reveal.js format writes it: authors in every shape Quarto's author
schema takes, dates (`today`, `date-format`), and the deck-wide typography keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from deckbuild import pipeline
from deckbuild.quarto import authors as quarto_authors
from deckbuild.quarto.date_names import names_for
from deckbuild.quarto.dates import Clock, parse_date, resolve_date, uses_names
from deckbuild.rendering.sinks import InlineSink

# --------------------------------------------------------------------------- authors

# (front matter, [(name, [affiliations shown], email, orcid, url)], what the warnings say)
AUTHORS: dict[str, tuple[str, list[tuple[str, list[str], str, str, str]], list[str]]] = {
    "a string": ("author: Ann Lee", [("Ann Lee", [], "", "", "")], []),
    "a list of strings": ("author: [Ann, Bo]", [("Ann", [], "", "", ""), ("Bo", [], "", "", "")], []),
    "one mapping": ("author: {name: Ann, affiliation: Uni A}", [("Ann", ["Uni A"], "", "", "")], []),
    "affiliations as a list of strings": (
        "author:\n  - name: Ann\n    affiliations: [Uni A, Lab B]", [("Ann", ["Uni A", "Lab B"], "", "", "")], []),
    "affiliations as objects": (
        "author:\n  - name: Ann\n    affiliations:\n      - name: Uni A\n        department: Physics\n        city: Oslo",
        [("Ann", ["Uni A"], "", "", "")], []),
    "an affiliation with no name shows its department and place": (
        "author:\n  - name: Ann\n    affiliations:\n      - department: Physics\n        city: Oslo",
        [("Ann", ["Physics, Oslo"], "", "", "")], []),
    "email, orcid, url": (
        "author:\n  - name: Ann\n    email: ann@uni.example\n    orcid: 0000-0002-1825-0097\n    url: https://ann.example",
        [("Ann", [], "ann@uni.example", "0000-0002-1825-0097", "https://ann.example")], []),
    "name as given and family": ("author:\n  - name: {given: Ann, family: Lee}", [("Ann Lee", [], "", "", "")], []),
    "name as literal": ("author:\n  - name: {literal: A. N. Lee, given: Ann}", [("A. N. Lee", [], "", "", "")], []),
    "refs into top-level affiliations": (
        "author:\n  - name: Ann\n    affiliations:\n      - ref: lab\n      - ref: uni\n"
        "affiliations:\n  - id: uni\n    name: Uni A\n  - id: lab\n    name: Lab B",
        [("Ann", ["Lab B", "Uni A"], "", "", "")], []),
    "authors: is read instead of author:": ("author: Old\nauthors:\n  - name: New", [("New", [], "", "", "")], []),
    "institute attaches by position, the rest to the last author": (
        "author: [Ann, Bo]\ninstitute: [Uni A, Lab B, Inst C]",
        [("Ann", ["Uni A"], "", "", ""), ("Bo", ["Lab B", "Inst C"], "", "", "")], []),
    "institute as a string": ("author: Ann\ninstitute: Uni A", [("Ann", ["Uni A"], "", "", "")], []),
    "corresponding and note are metadata": (
        "author:\n  - name: Ann\n    corresponding: true\n    note: Equal contribution", [("Ann", [], "", "", "")], []),
    "affiliation-url goes to the first affiliation": (
        "author:\n  - name: Ann\n    affiliation: Uni A\n    affiliation-url: https://uni.example",
        [("Ann", ["Uni A"], "", "", "")], []),
    "an unknown author field warns": (
        "author:\n  - name: Ann\n    twitter: '@ann'", [("Ann", [], "", "", "")], ["an author has no field `twitter`"]),
    "an unknown ref warns": (
        "author:\n  - name: Ann\n    affiliations:\n      - ref: nowhere", [("Ann", [], "", "", "")],
        ["affiliation `ref: nowhere` names no affiliation"]),
    "a nested value where text goes is shown as its text": (
        "author:\n  - name: Ann\n    email: {work: ann@uni.example}", [("Ann", [], "ann@uni.example", "", "")],
        ["`author.0.email` should be text, got a mapping"]),
    "an unknown affiliation field warns": (
        "author:\n  - name: Ann\n    affiliations:\n      - name: Uni A\n        campus: North",
        [("Ann", ["Uni A"], "", "", "")], ["an affiliation has no field `campus`"]),
}


@pytest.mark.parametrize("case", AUTHORS)
def test_authors_are_normalized_as_quarto_does(case: str) -> None:
    front, expected, said = AUTHORS[case]
    found = quarto_authors.normalize(yaml.safe_load(front), {})
    assert [(a.name, [f.shown for f in a.affiliations], a.email, a.orcid, a.url) for a in found.authors] == expected
    assert len(found.notes) == len(said)
    for note, words in zip(found.notes, said, strict=True):
        assert words in note.what
    assert not any("{" in a.name or "{" in a.affiliation or "[" in a.affiliation for a in found.authors)


@pytest.mark.parametrize("attributes", ["corresponding", "[corresponding, deceased]", "{corresponding: true}"])
def test_corresponding_is_read_from_attributes(attributes: str) -> None:
    (author,) = quarto_authors.normalize(yaml.safe_load(f"author:\n  - name: Ann\n    attributes: {attributes}"), {}).authors
    assert author.corresponding


def test_corresponding_and_affiliation_url_are_kept() -> None:
    front = "author:\n  - name: Ann\n    corresponding: true\n    affiliation: Uni A\n    affiliation-url: https://u.example"
    (author,) = quarto_authors.normalize(yaml.safe_load(front), {}).authors
    assert author.corresponding and author.affiliations[0].url == "https://u.example"


SCALARS = st.one_of(st.text(alphabet="ab c{}[]", max_size=8), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
KEYS = st.sampled_from(["name", "affiliations", "affiliation", "email", "orcid", "url", "ref", "given", "literal",
                        "department", "id", "x", "attributes", "corresponding", "affiliation-url", "family"])
YAML_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
                           max_leaves=12)


@given(st.dictionaries(st.sampled_from(["author", "authors", "affiliations", "institute"]), YAML_VALUES, max_size=4))
def test_no_shape_of_authors_shows_a_python_structure(meta: dict[str, Any]) -> None:
    found = quarto_authors.normalize(meta, {})
    for author in found.authors:
        for text in (author.name, author.email, author.url, author.orcid, *(a.shown for a in author.affiliations)):
            assert isinstance(text, str) and "'" not in text and "None" not in text and "True" not in text


def test_deckbuilds_own_theme_shows_each_affiliation_once(tmp_path: Path) -> None:
    path = tmp_path / "talk.md"
    path.write_text("---\ntitle: T\nauthor:\n  - name: Ann\n    affiliations: [Uni A]\ninstitute: Inst\n"
                    "date: 2005-03-07\ndate-format: long\n---\n\n## A\n", encoding="utf-8")
    page = BeautifulSoup(pipeline.render(pipeline.load(path), InlineSink()).html, "html.parser")
    slide = page.select_one("section#title-slide")
    assert slide.select_one(".affiliation").text == "Uni A, Inst" and slide.select_one(".institute") is None
    assert slide.select_one(".date").text == "March 7, 2005"


# --------------------------------------------------------------------------- dates

CLOCK = Clock(now=datetime(2024, 4, 18, 15, 7, 9, tzinfo=timezone(timedelta(hours=2))),
              modified=datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC))

# (date as written, date-format, what the title slide shows)
DATES = [
    ("today", None, "2024-04-18"),
    ("today", "full", "Thursday, April 18, 2024"),
    ("today", "long", "April 18, 2024"),
    ("today", "medium", "Apr 18, 2024"),
    ("today", "short", "4/18/24"),
    ("today", "iso", "2024-04-18"),
    ("today", "hh:mm A", "12:00 AM"),
    ("now", "hh:mm A", "03:07 PM"),
    ("now", "YYYY-MM-DDTHH:mm:ssZ", "2024-04-18T15:07:09+02:00"),
    ("now", "H:mm [o'clock], ddd", "15:07 o'clock, Thu"),
    ("last-modified", "MMMM D, YYYY", "January 2, 2023"),
    ("2005-03-07", None, "2005-03-07"),
    ("2005-03-07", "MMMM D, YYYY", "March 7, 2005"),
    ("2005-03-07", "DD/MM/YYYY", "07/03/2005"),
    ("2005-03-07", "dddd", "Monday"),
    ("2005-03-07", "MMM", "Mar"),
    ("2005-03-07", "Do [of] MMMM", "7th of March"),
    ("2005-03-07", "Q YY", "1 05"),
    ("03/07/2005", "long", "March 7, 2005"),
    ("03/07/05", "iso", "2005-03-07"),
    ("03-07-2005", "iso", "2005-03-07"),
    ("07 03 2005", "iso", "2005-03-07"),
    ("March 7, 2005", "DD/MM/YYYY", "07/03/2005"),
    ("7 March 2005", "iso", "2005-03-07"),
    ("Monday, March 7, 2005", "short", "3/7/05"),
    ("2024-04-18T09:30:00Z", "HH:mm Z", "09:30 +00:00"),
    ("Spring term 2024", "long", "Spring term 2024"),
    ("02/30/2024", "long", "02/30/2024"),
    ("TBA", None, "TBA"),
]


@pytest.mark.parametrize(("value", "style", "shown"), DATES)
def test_dates_resolve_and_format_as_quarto_does(value: str, style: str | None, shown: str) -> None:
    assert resolve_date(value, style, CLOCK) == shown


def test_free_text_is_no_date() -> None:
    assert parse_date("Spring term") is None and parse_date("2024") is None


# (lang, date-format, what the title slide shows for 2005-03-07): Intl's styles and dayjs's names
LOCALIZED = [
    ("en", "long", "March 7, 2005"),
    ("en-US", "full", "Monday, March 7, 2005"),
    ("en-GB", "long", "7 March 2005"),
    ("fr", "long", "7 mars 2005"),
    ("fr", "full", "lundi 7 mars 2005"),
    ("fr", "dddd D MMMM YYYY", "lundi 7 mars 2005"),
    ("fr", "Do MMM", "7 mars"),
    ("de", "long", "7. März 2005"),
    ("de", "medium", "07.03.2005"),
    ("de", "dddd, D. MMMM", "Montag, 7. März"),
    ("es", "long", "7 de marzo de 2005"),
    ("es", "short", "7/3/05"),
    ("pt-BR", "MMMM", "março"),
    ("fr", "iso", "2005-03-07"),
    ("fr", "DD/MM/YYYY", "07/03/2005"),
]


@pytest.mark.parametrize(("lang", "style", "shown"), LOCALIZED)
def test_dates_are_written_in_the_decks_language(lang: str, style: str, shown: str) -> None:
    names = names_for(lang)
    assert names is not None
    assert resolve_date("2005-03-07", style, CLOCK, names) == shown


def test_a_language_without_names_is_none() -> None:
    assert names_for("xx-unknown") is None and names_for("en") is names_for("en-US")


@pytest.mark.parametrize(("style", "named"), [
    ("long", True), ("full", True), ("medium", True), ("short", False), ("iso", False), (None, False),
    ("dddd D.M.", True), ("MMM YYYY", True), ("DD/MM/YYYY", False), ("[Mardi] YYYY", False), ("Do", True),
])
def test_which_formats_write_names(style: str | None, named: bool) -> None:
    assert uses_names(style) is named


# --------------------------------------------------------------------------- the title slide's HTML


def render(tmp_path: Path, front: str) -> tuple[BeautifulSoup, list[str]]:
    path = tmp_path / "talk.qmd"
    path.write_text(f"---\ntitle: Talk\nformat: revealjs\n{front}\n---\n\n## A\n\nText\n", encoding="utf-8")
    rendered = pipeline.render(pipeline.load(path), InlineSink())
    return BeautifulSoup(rendered.html, "html.parser"), [w.format_message() for w in rendered.warnings]


FULL = """author:
  - name: Ann Lee
    url: https://ann.example
    orcid: 0000-0002-1825-0097
    email: ann@uni.example
    affiliations:
      - name: Uni A
        url: https://uni.example
      - ref: lab
  - name: {given: Bo, family: Chen}
    affiliation: "*Lab* <b>C</b>"
affiliations:
  - id: lab
    name: Lab B
date: 2005-03-07
date-format: long"""


def test_title_slide_has_quartos_author_markup(tmp_path: Path) -> None:
    page, warnings = render(tmp_path, FULL)
    assert warnings == []
    slide = page.select_one("section#title-slide.quarto-title-block")
    assert slide is not None
    authors = slide.select(".quarto-title-authors > .quarto-title-author")
    assert [a.select_one(".quarto-title-author-name").get_text(" ", strip=True) for a in authors] == ["Ann Lee", "Bo Chen"]
    name_link = authors[0].select_one(".quarto-title-author-name > a")
    assert name_link is not None and name_link["href"] == "https://ann.example"
    orcid = authors[0].select_one("a.quarto-title-author-orcid")
    assert orcid is not None and orcid["href"] == "https://orcid.org/0000-0002-1825-0097"
    assert orcid.select_one("img")["alt"] == "" and "ORCID" in orcid["aria-label"]
    email = authors[0].select_one(".quarto-title-author-email a")
    assert email is not None and email["href"] == "mailto:ann@uni.example" and email.text == "ann@uni.example"
    affiliations = authors[0].select("p.quarto-title-affiliation")
    assert [p.get_text(strip=True) for p in affiliations] == ["Uni A", "Lab B"]
    assert affiliations[0].select_one("a")["href"] == "https://uni.example"
    second = authors[1].select_one("p.quarto-title-affiliation")
    assert second is not None and second.select_one("em").text == "Lab" and second.select_one("b") is None
    assert "<b>C</b>" in second.get_text()  # raw HTML in front matter is shown as text, as in a title
    assert slide.select_one("p.date").text == "March 7, 2005"
    assert "{'name'" not in str(slide) and "abstract" not in str(slide)


def test_quarto_shows_no_abstract_on_the_title_slide(tmp_path: Path) -> None:
    page, warnings = render(tmp_path, "author: Ann\nabstract: A long story.")
    assert warnings == [] and "A long story" not in str(page.select_one("section#title-slide"))


def test_today_is_the_day_of_the_render(tmp_path: Path) -> None:
    before = datetime.now().astimezone().date()
    page, _ = render(tmp_path, "date: today\ndate-format: iso")
    after = datetime.now().astimezone().date()
    assert page.select_one("#title-slide p.date").text in {before.isoformat(), after.isoformat()}


def test_last_modified_is_the_source_files_mtime(tmp_path: Path) -> None:
    path = tmp_path / "talk.qmd"
    path.write_text("---\ntitle: T\nformat: revealjs\ndate: last-modified\n---\n\n## A\n", encoding="utf-8")
    moment = datetime(2021, 6, 5, 12, 0).timestamp()
    import os

    os.utime(path, (moment, moment))
    html = pipeline.render(pipeline.load(path), InlineSink()).html
    assert BeautifulSoup(html, "html.parser").select_one("#title-slide p.date").text == "2021-06-05"


def test_pandoc_title_style_has_plain_authors_and_institutes(tmp_path: Path) -> None:
    page, _ = render(tmp_path, "title-slide-style: pandoc\nauthor: [Ann, Bo]\ninstitute: [Uni A, Lab B]")
    slide = page.select_one("section#title-slide")
    assert [p.text for p in slide.select("p.author")] == ["Ann", "Bo"]
    assert [p.text for p in slide.select("p.institute")] == ["Uni A", "Lab B"]
    assert slide.select_one(".quarto-title-authors") is None


def test_an_author_warning_names_its_line(tmp_path: Path) -> None:
    _, warnings = render(tmp_path, "author:\n  - name: Ann\n    shoe: 42")
    assert len(warnings) == 1 and warnings[0].startswith(f"{tmp_path / 'talk.qmd'}:6: an author has no field `shoe`")


def test_a_date_in_french_is_written_in_french(tmp_path: Path) -> None:
    page, warnings = render(tmp_path, "lang: fr\ndate: 2005-03-07\ndate-format: full")
    assert warnings == [] and page.select_one("#title-slide p.date").text == "lundi 7 mars 2005"


def test_a_date_format_in_an_unknown_language_warns_once(tmp_path: Path) -> None:
    _, warnings = render(tmp_path, "lang: xx-unknown\ndate: 2005-03-07\ndate-format: long")
    assert len(warnings) == 1 and "written in English" in warnings[0]


def test_the_pdf_metadata_names_the_authors(tmp_path: Path) -> None:
    page, _ = render(tmp_path, FULL)
    assert page.select_one('meta[name="author"]')["content"] == "Ann Lee, Bo Chen"


@pytest.mark.parametrize(("front", "embedded"), [
    ("self-contained: false", False), ("self-contained: true", True), ("embed-resources: false", False), ("", True),
])
def test_self_contained_is_quartos_older_name_for_embed_resources(tmp_path: Path, front: str, embedded: bool) -> None:
    path = tmp_path / "talk.qmd"
    path.write_text(f"---\ntitle: T\nformat: revealjs\n{front}\n---\n\n## A\n", encoding="utf-8")
    assert pipeline.load(path).config.embed_resources is embedded


# --------------------------------------------------------------------------- typography, in Chromium

TYPOGRAPHY_PROBE = """async () => {
  await document.fonts.ready;
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const text = style(".reveal .slides section.present p");
  return {size: style(".reveal").fontSize, family: style(".reveal").fontFamily, lineHeight: text.lineHeight,
          code: style(".reveal .slides section.present code").fontFamily,
          background: style(".reveal-viewport").backgroundColor,
          loaded: [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family.replace(/"/g, ""))};
}"""

TYPOGRAPHY = """fontsize: 20px
mainfont: Fira Sans, serif
monofont: JetBrains Mono
linestretch: 1.7
backgroundcolor: "#222222\""""


@pytest.mark.browser
@pytest.mark.parametrize(("front", "scss", "size"), [
    ("format: revealjs", "", "20px"),
    ("format: revealjs\ntheme: [default, custom.scss]", "$presentation-font-size-root: 30px;", "30px"),
    ("theme: beige", "", "20px"),
])
def test_typography_keys_reach_computed_styles(open_deck: Any, tmp_path: Path, front: str, scss: str, size: str) -> None:
    import deckbuild

    (tmp_path / "custom.scss").write_text(f"/*-- scss:defaults --*/\n{scss}\n", encoding="utf-8")
    source = tmp_path / "talk.md"
    source.write_text(f"---\ntitle: T\n{front}\n{TYPOGRAPHY}\n---\n\n## A\n\nSome text with `code`.\n", encoding="utf-8")
    page = open_deck(deckbuild.render(source, tmp_path / "talk.html", quiet=True), query="#/1")
    seen = page.evaluate(TYPOGRAPHY_PROBE)
    assert page.requests == [] and page.console_errors == []
    assert seen["size"] == size, "a theme's own assignment wins over the front matter's default, as in Quarto"
    assert seen["family"].startswith('"Fira Sans", serif') and "Fira Sans" in seen["loaded"]
    assert seen["code"].startswith('"JetBrains Mono"')
    assert float(seen["lineHeight"].removesuffix("px")) == pytest.approx(1.7 * float(size.removesuffix("px")), abs=0.6)
    assert seen["background"] != "rgb(34, 34, 34)", "Quarto's reveal.js format ignores backgroundcolor"


def test_meta_date_and_author_show_what_quarto_resolved(tmp_path: Path) -> None:
    page, warnings = render(tmp_path, 'author:\n  - name: Ann\n  - name: {given: Bo, family: Chen}\ndate: 2005-03-07\n'
                                      'date-format: long\nfooter: "{{< meta author >}} · {{< meta date >}}"')
    assert warnings == []
    assert page.select_one(".footer").text == "Ann, Bo Chen · March 7, 2005"


def test_a_br_in_front_matter_is_a_line_break_and_other_tags_stay_text(tmp_path: Path) -> None:
    page, _ = render(tmp_path, 'subtitle: "One<br>two"\nauthor:\n  - name: Ann\n'
                               '    affiliation: "Institution, <br>Department, <BR/>Division <b>x</b>"')
    affiliation = page.select_one("p.quarto-title-affiliation")
    assert len(affiliation.find_all("br")) == 2 and affiliation.find("b") is None and "<b>x</b>" in affiliation.text
    assert page.select_one(".subtitle").find("br") is not None
