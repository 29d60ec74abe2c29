"""Links: pandoc's link attributes (inline and reference links, on the slides, in titles and in
the footer), checked as spans' and images' are, and Quarto's `link-external-*` options; in
the browser, a new-window link and a preview link render without a console error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from quarto_blocks_support import page, slides

Attributes = dict[str, str | list[str]]

# (Markdown, the attributes of the <a> it gives, its text).
CASES: dict[str, tuple[str, Attributes, str]] = {
    "target in double quotes": ('[the docs](https://quarto.org){target="_blank"}',
                                {"href": "https://quarto.org", "target": "_blank"}, "the docs"),
    "target in single quotes": ("[the docs](https://quarto.org){target='_blank'}",
                                {"href": "https://quarto.org", "target": "_blank"}, "the docs"),
    "a class": ("[x](https://x.org){.external}", {"href": "https://x.org", "class": ["external"]}, "x"),
    "id, class, key": ("[x](u.html){#here .a .b key=value}",
                       {"href": "u.html", "id": "here", "class": ["a", "b"], "data-key": "value"}, "x"),
    "preview-link": ('[x](https://x.org){preview-link="true"}',
                     {"href": "https://x.org", "data-preview-link": "true"}, "x"),
    "with a title": ('[x](u.html "Tip"){rel=nofollow}', {"href": "u.html", "title": "Tip", "rel": ["nofollow"]}, "x"),
    "reference link": ("[x][ref]{.c}\n\n[ref]: u.html", {"href": "u.html", "class": ["c"]}, "x"),
    "on the reference": ('[x][ref]\n\n[ref]: u.html "T" {target=_blank .d}',
                         {"href": "u.html", "title": "T", "target": "_blank", "class": ["d"]}, "x"),
    "link over reference": ("[x][ref]{target=_self .c}\n\n[ref]: u.html {target=_blank .d}",
                            {"href": "u.html", "target": "_self", "class": ["d", "c"]}, "x"),
    "shortcut reference": ("[ref]\n\n[ref]: u.html {.d}", {"href": "u.html", "class": ["d"]}, "ref"),
    "handlers become data": ("[x](u.html){onclick=\"alert(1)\" onmouseover=x}",
                             {"href": "u.html", "data-onclick": "alert(1)", "data-onmouseover": "x"}, "x"),
    "href stays the link's": ("[x](u.html){href=\"javascript:alert(1)\"}", {"href": "u.html"}, "x"),
    "a harmful link is refused": ("[x](javascript:alert(1)){.c}", {"href": "#harmful-link", "class": ["c"]}, "x"),
    "a quote cannot leave its attribute": ("[x](u.html){title='a\" onclick=\"b'}",
                                           {"href": "u.html", "title": 'a" onclick="b'}, "x"),
    "an autolink": ("<https://x.org>{.c}", {"href": "https://x.org", "class": ["c"]}, "https://x.org"),
    "no attributes": ("[x](u.html)", {"href": "u.html"}, "x"),
}


def first_link(soup: BeautifulSoup) -> tuple[Attributes, str]:
    link = soup.select_one("section a")
    assert link is not None
    return dict(link.attrs), link.get_text()


@pytest.mark.parametrize(("markdown", "attributes", "text"), CASES.values(), ids=CASES.keys())
def test_link_attributes(tmp_path: Path, markdown: str, attributes: Attributes, text: str) -> None:
    soup = slides(tmp_path, f"## A\n\n{markdown}\n")
    assert first_link(soup) == (attributes, text)
    assert "{" not in soup.select_one("section p").get_text()  # nothing is left behind as text


# Braces that are not attributes right after a link stay text, as in pandoc.
NOT_ATTRIBUTES = {
    "a space before": "[x](u.html) {.c}",
    "unreadable": "[x](u.html){=}",
    "unclosed": "[x](u.html){.c",
}


@pytest.mark.parametrize("markdown", NOT_ATTRIBUTES.values(), ids=NOT_ATTRIBUTES.keys())
def test_braces_that_are_not_attributes_stay_text(tmp_path: Path, markdown: str) -> None:
    soup = slides(tmp_path, f"## A\n\n{markdown}\n")
    assert first_link(soup) == ({"href": "u.html"}, "x")
    assert "{" in soup.select_one("section p").get_text()


def test_titles_and_the_footer_take_link_attributes(tmp_path: Path) -> None:
    front = ("title: T\nsubtitle: \"[Docs](https://x.org){.c}\"\n"
             "footer: \"[Slides](https://x.org){target='_blank'}\"\nformat: revealjs")
    html = page(tmp_path, "## A [B](https://y.org){.d}\n\nText\n", front).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert dict(soup.select_one(".footer-default a").attrs) == {"href": "https://x.org", "target": "_blank"}
    assert soup.select_one(".subtitle a")["class"] == ["c"]
    assert soup.select_one("h2 a")["class"] == ["d"]
    assert "{" not in soup.select_one(".footer-default").get_text()


EXTERNAL = "[out](https://example.org/a) [in](https://talks.example.org/b) [here](#/1) [page](notes.html) " \
           "[own](https://example.org/c){target=_self rel=me}"


def external_links(tmp_path: Path, options: str) -> dict[str, Attributes]:
    soup = slides(tmp_path, f"## A\n\n{EXTERNAL}\n", f"title: T\nformat:\n  revealjs:\n{options}")
    return {link.get_text(): {k: v for k, v in link.attrs.items() if k != "href"} for link in soup.select("p a")}


def test_link_external_newwindow_and_icon(tmp_path: Path) -> None:
    options = "    link-external-newwindow: true\n    link-external-icon: true\n"
    assert external_links(tmp_path, options) == {
        "out": {"class": ["external"], "target": "_blank", "rel": ["noopener"]},
        "in": {"class": ["external"], "target": "_blank", "rel": ["noopener"]},
        "here": {},
        "page": {},
        "own": {"class": ["external"], "target": "_self", "rel": ["me"]},  # the author's own win
    }


def test_link_external_filter_names_internal_links(tmp_path: Path) -> None:
    options = "    link-external-newwindow: true\n    link-external-filter: '^https://talks\\.example\\.org/'\n"
    links = external_links(tmp_path, options)
    assert links["out"] == {"target": "_blank", "rel": ["noopener"]} and links["in"] == {}


def test_without_the_options_links_are_as_written(tmp_path: Path) -> None:
    assert external_links(tmp_path, "    slide-number: true\n")["out"] == {}


def test_a_new_window_link_and_a_preview_link_in_the_browser(tmp_path: Path, open_deck: Any) -> None:
    body = ("## Links\n\n[new window](https://example.org/a){target=\"_blank\"} and "
            "[preview](https://example.org/b){preview-link=\"true\"} and [auto](https://example.org/c)\n")
    front = "title: T\nformat:\n  revealjs:\n    preview-links: auto\n    link-external-icon: true"
    deck = open_deck(page(tmp_path, body, front), "#/links")
    assert deck.get_attribute("a[target=_blank]", "href") == "https://example.org/a"
    assert deck.get_attribute("a[data-preview-link]", "data-preview-link") == "true"
    assert deck.evaluate("[Reveal.getConfig().previewLinks, Reveal.getConfig().previewLinksAuto]") == [False, True]
    icon = deck.evaluate("getComputedStyle(document.querySelector('a.external'), '::after').width")
    assert icon not in ("", "auto", "0px")  # the icon is drawn
    deck.click("a[data-preview-link]")  # reveal.js's overlay opens on the slide, the deck stays
    deck.wait_for_selector(".reveal-overlay, .r-overlay", timeout=5000)
    assert deck.evaluate("Reveal.getIndices().h") == 1
    deck.keyboard.press("Escape")
    assert deck.console_errors == []
