"""Quarto's authoring blocks as Quarto's reveal.js output marks them up: callouts, tabsets,
asides and margin notes, conditional content, footers, logos and `_brand.yml`. Structure is
read from the parsed page; toggling, tab switching, contrast and the PDF in real Chromium."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

import deckbuild
from deckbuild.model import Attrs
from deckbuild.rendering.conditions import shown
from deckbuild.themes import quarto, reveal

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
                    "0001ff0a2db4340000000049454e44ae426082")


def deck(tmp_path: Path, body: str, front: str = "format: revealjs", name: str = "talk.qmd", **options: Any) -> BeautifulSoup:
    source = tmp_path / name
    source.write_text(f"---\ntitle: Blocks\n{front}\n---\n\n{textwrap.dedent(body).lstrip()}", encoding="utf-8")
    page = deckbuild.render(source, tmp_path / "talk.html", quiet=True, **options)
    return BeautifulSoup(Path(page).read_text(encoding="utf-8"), "html.parser")


def slide(page: BeautifulSoup, ident: str) -> Tag:
    found = page.select_one(f"section#{ident}")
    assert found is not None, f"no slide #{ident}"
    return found


def classes(tag: Tag | None) -> list[str]:
    assert tag is not None
    return list(tag.get("class") or [])


# --- callouts -------------------------------------------------------------------------------

CALLOUTS = {
    # source: (classes, title, has icon)
    '::: {.callout-note}\nBody.\n:::': (["callout", "callout-note", "callout-titled", "callout-style-default"], "Note", True),
    '::: {.callout-tip}\nBody.\n:::': (["callout", "callout-tip", "callout-titled", "callout-style-default"], "Tip", True),
    '::: {.callout-warning}\nBody.\n:::': (["callout", "callout-warning", "callout-titled", "callout-style-default"], "Warning", True),
    '::: {.callout-important}\nBody.\n:::': (["callout", "callout-important", "callout-titled", "callout-style-default"],
                                              "Important", True),
    '::: {.callout-caution}\nBody.\n:::': (["callout", "callout-caution", "callout-titled", "callout-style-default"], "Caution", True),
    '::: {.callout-note title="Read *this*"}\nBody.\n:::': (["callout", "callout-note", "callout-titled", "callout-style-default"],
                                                         "Read this", True),
    '::: {.callout-tip}\n## From the heading\nBody.\n:::': (["callout", "callout-tip", "callout-titled", "callout-style-default"],
                                                          "From the heading", True),
    '::: {.callout-note appearance="simple"}\nBody.\n:::': (["callout", "callout-note", "callout-style-simple"], None, True),
    '::: {.callout-note appearance="minimal"}\nBody.\n:::': (["callout", "callout-note", "no-icon", "callout-style-simple"], None, False),
    '::: {.callout-warning icon=false}\nBody.\n:::': (["callout", "callout-warning", "no-icon", "callout-titled", "callout-style-default"],
                                                     "Warning", False),
}


@pytest.mark.parametrize("source", CALLOUTS)
def test_callouts_have_quartos_markup(tmp_path: Path, source: str) -> None:
    want, title, icon = CALLOUTS[source]
    box = slide(deck(tmp_path, f"## S\n\n{source}\n"), "s").select_one(".callout")
    assert classes(box) == want
    assert box is not None and box.select_one(":scope > .callout-body > .callout-content").get_text(strip=True) == "Body."
    shown_title = box.select_one(".callout-title p strong")
    assert (shown_title.get_text() if shown_title else None) == title
    assert (box.select_one(".callout-icon-container > i.callout-icon") is not None) == icon
    assert box.find(["h1", "h2", "h3"]) is None  # a heading that gave the title is not repeated


def test_a_callout_with_an_id_or_class_is_wrapped_as_in_quarto(tmp_path: Path) -> None:
    box = slide(deck(tmp_path, "## S\n\n::: {.callout-note #keep .wide}\nBody.\n:::\n"), "s").select_one("#keep")
    assert box is not None and classes(box) == ["wide"]
    assert classes(box.select_one(":scope > div")) == ["callout", "callout-note", "callout-titled", "callout-style-default"]


@pytest.mark.parametrize(("collapse", "expanded"), [("true", "false"), ("false", "true")])
def test_a_collapsible_callout_has_a_toggle_button(tmp_path: Path, collapse: str, expanded: str) -> None:
    page = deck(tmp_path, f'## S\n\n::: {{.callout-tip collapse="{collapse}"}}\n## Hint\nHidden text.\n:::\n')
    button = page.select_one(".callout-title button.callout-btn-toggle")
    assert button is not None and button["type"] == "button" and button["aria-expanded"] == expanded
    body = page.select_one(f"#{button['aria-controls']}")
    assert body is not None and "callout-collapse" in classes(body) and ("show" in classes(body)) == (expanded == "true")
    assert body.get_text(strip=True) == "Hidden text."


# --- tabsets --------------------------------------------------------------------------------

TABSET = """
## Tabs

Before the tabs.

::: {.panel-tabset}
Dropped, as Quarto drops it.

### Python

```python
print("hi")
```

### R {.active}

Second *pane*, with #### a heading level the tabs don't use:

#### Detail

- item
:::

::: {.panel-tabset}
## Left
L
## Right
R
:::
"""


def test_tabsets_have_tabby_markup_with_roles(tmp_path: Path) -> None:
    page = slide(deck(tmp_path, TABSET), "tabs")
    first, second = page.select(".panel-tabset")
    tabs = first.select("ul.panel-tabset-tabby[role=tablist] > li[role=presentation] > a[role=tab]")
    assert [t.get_text() for t in tabs] == ["Python", "R"]
    assert [t["aria-selected"] for t in tabs] == ["false", "true"] and tabs[1].has_attr("data-tabby-default")
    panes = first.select(":scope > .tab-content > [role=tabpanel]")
    assert [p["id"] for p in panes] == [t["aria-controls"] for t in tabs] == ["tabset-1-1", "tabset-1-2"]
    assert [p.has_attr("hidden") for p in panes] == [True, False]
    assert panes[0].select_one("pre") is not None and panes[1].select_one("h4").get_text() == "Detail"
    assert "Dropped" not in first.get_text()
    assert [a.get_text() for a in second.select("a[role=tab]")] == ["Left", "Right"]  # `##` tabs: the first level found
    assert second.select_one("ul")["id"] == "tabset-2"


# --- conditional content --------------------------------------------------------------------

CONDITIONS = [
    ({"class": "content-visible", "when-format": "revealjs"}, "screen"),
    ({"class": "content-visible", "when-format": "html"}, "screen"),
    ({"class": "content-visible", "when-format": "pdf"}, "print"),
    ({"class": "content-visible", "unless-format": "pdf"}, "screen"),
    ({"class": "content-visible", "when-format": "docx"}, "never"),
    ({"class": "content-visible", "when-format": "revealjs, pdf"}, "always"),
    ({"class": "content-hidden", "when-format": "revealjs"}, "print"),
    ({"class": "content-hidden", "unless-format": "revealjs"}, "screen"),
    ({"class": "content-hidden", "when-format": "docx"}, "always"),
    ({"class": "content-visible", "when-meta": "answers"}, "always"),
    ({"class": "content-visible", "when-meta": "questions"}, "never"),
    ({"class": "content-visible", "when-meta": "nested.flag"}, "always"),
    ({"class": "content-hidden", "when-meta": "answers"}, "never"),
    ({"class": "content-visible", "unless-meta": "answers"}, "never"),
    ({"class": "content-visible", "when-meta": "answers", "when-format": "pdf"}, "print"),
    ({"class": "content-visible", "when-profile": "slides"}, "never"),
]


@pytest.mark.parametrize(("attributes", "where"), CONDITIONS, ids=[str(a) for a, _ in CONDITIONS])
def test_conditions_decide_screen_print_both_or_neither(attributes: dict[str, str], where: str) -> None:
    values = {k: v for k, v in attributes.items() if k != "class"}
    meta = {"answers": True, "questions": False, "nested": {"flag": True}}
    assert shown(Attrs(classes=[attributes["class"]], values=values), meta) == where


def test_conditional_divs_and_spans_in_a_deck(tmp_path: Path) -> None:
    page = slide(deck(tmp_path, """
        ## C

        ::: {.content-visible when-format="revealjs"}
        On screen.
        :::

        ::: {.content-hidden when-format="revealjs"}
        In print.
        :::

        ::: {.content-visible when-format="docx"}
        Nowhere.
        :::

        ::: {.content-visible when-meta="incremental"}
        Meta true.
        :::

        Text [screen]{.content-visible when-format="html"} [printed]{.content-hidden when-format="html:js" unless-format="pdf"}
        [never]{.content-visible when-format="docx"}.
    """, front="format: revealjs\nincremental: true"), "c")
    assert [d.get_text(strip=True) for d in page.select(".deckbuild-screen-only")] == ["On screen.", "screen"]
    assert [d.get_text(strip=True) for d in page.select(".deckbuild-print-only")] == ["In print.", "printed"]
    assert "Nowhere" not in page.get_text() and "never" not in page.get_text()
    assert page.find(string=lambda s: "Meta true." in s) is not None
    assert not page.select(".content-visible, .content-hidden, [data-when-format]")


# --- asides, margins, footers, logos, brand --------------------------------------------------


def test_asides_margins_and_footers_have_quartos_classes(tmp_path: Path) -> None:
    page = deck(tmp_path, """
        ## A

        Text.

        ::: aside
        A source.
        :::

        ::: {.column-margin}
        In the margin.
        :::

        ## B

        ::: footer
        Own footer
        :::
    """, front='format: revealjs\nfooter: "Deck footer"')
    assert slide(page, "a").select_one("div.aside").get_text(strip=True) == "A source."
    assert slide(page, "a").select_one("div.column-margin").get_text(strip=True) == "In the margin."
    assert classes(slide(page, "a").select_one(".footer")) == ["footer", "footer-default", "slide-footer"]
    own = slide(page, "b").select(".footer")
    assert len(own) == 1 and classes(own[0]) == ["footer", "slide-footer"] and own[0].get_text(strip=True) == "Own footer"


LOGOS = {
    "a path": ("logo: light.png", "default", "light.png", ""),
    "path and alt": ("logo: {path: light.png, alt: Our lab}", "default", "light.png", "Our lab"),
    "light and dark, light theme": ("logo: {light: light.png, dark: dark.png, alt: Lab}", "default", "light.png", "Lab"),
    "light and dark, dark theme": ("logo: {light: light.png, dark: {path: dark.png, alt: Dark lab}}", "dark", "dark.png", "Dark lab"),
}


@pytest.mark.parametrize("case", LOGOS)
def test_logo_is_one_img_slide_logo_with_alt(tmp_path: Path, case: str) -> None:
    front, theme, file, alt = LOGOS[case]
    for name in ("light.png", "dark.png"):
        (tmp_path / name).write_bytes(PNG)
    page = deck(tmp_path, "## A\n\nText.\n", front=f"{front}\ntheme: {theme}", name="talk.md", embed=False)
    logos = page.select("img.slide-logo")
    assert len(logos) == 1 and logos[0].parent is not None and "reveal" in classes(logos[0].parent)
    assert logos[0]["src"].startswith(f"talk_files/{file.split('.')[0]}-") and logos[0]["alt"] == alt


def test_a_brand_file_gives_the_logo_and_colours(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the project's root
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "mark.png").write_bytes(PNG)
    (tmp_path / "_brand.yml").write_text(textwrap.dedent("""
        color:
          palette: {ink: "#102030", paper: "#fdfcf7", sea: "#0b5cad"}
          foreground: ink
          background: paper
          primary: sea
        logo:
          images:
            mark: {path: images/mark.png, alt: "The lab's mark"}
          medium: mark
    """), encoding="utf-8")
    (tmp_path / "talks").mkdir()
    page = deck(tmp_path / "talks", "## A\n\nText.\n", embed=False)
    logo = page.select_one("img.slide-logo")
    assert logo is not None and logo["src"].startswith("talk_files/mark-") and logo["alt"] == "The lab's mark"
    sheets = [path.read_text(encoding="utf-8") for path in (tmp_path / "talks" / "talk_files").glob("*.css")]
    brand = next(css for css in sheets if "--r-background-color: #fdfcf7" in css)
    assert "--text: #102030" in brand and "--accent: #0b5cad" in brand


# --- in Chromium ----------------------------------------------------------------------------

BEHAVIOUR = """
## Blocks

::: {.callout-tip collapse="true"}
## Click me
Hidden at first.
:::

::: {.panel-tabset}
### One
First pane.
### Two
Second pane.
:::

## Next

After.
"""


def visible(page: Any, selector: str) -> bool:
    return bool(page.evaluate(f"(() => {{ const e = document.querySelector({selector!r}); return !!e && e.offsetParent !== null; }})()"))


@pytest.mark.browser
def test_a_collapsed_callout_opens_and_closes(tmp_path: Path, open_deck: Any) -> None:
    deck(tmp_path, BEHAVIOUR)
    page = open_deck(tmp_path / "talk.html", "#/blocks")
    assert not visible(page, ".callout-collapse")
    page.click(".callout-title")
    assert visible(page, ".callout-collapse") and page.get_attribute(".callout-btn-toggle", "aria-expanded") == "true"
    page.click(".callout-btn-toggle")
    assert not visible(page, ".callout-collapse") and page.get_attribute(".callout-btn-toggle", "aria-expanded") == "false"
    page.focus(".callout-btn-toggle")  # from the keyboard: Enter and Space toggle it, and the slide stays
    page.keyboard.press("Enter")
    assert visible(page, ".callout-collapse")
    page.keyboard.press(" ")
    assert not visible(page, ".callout-collapse") and page.evaluate("Reveal.getIndices().h") == 1
    assert page.console_errors == []


@pytest.mark.browser
def test_tabs_switch_on_click_and_keys_without_stealing_the_slides_arrows(tmp_path: Path, open_deck: Any) -> None:
    deck(tmp_path, BEHAVIOUR)
    page = open_deck(tmp_path / "talk.html", "#/blocks")
    assert visible(page, "#tabset-1-1") and not visible(page, "#tabset-1-2")
    page.click("#tabset-1-2-tab")
    assert visible(page, "#tabset-1-2") and not visible(page, "#tabset-1-1")
    assert page.get_attribute("#tabset-1-2-tab", "aria-selected") == "true"
    assert page.evaluate("Reveal.getIndices().h") == 1  # the pane's href="#…" is no slide to go to
    page.focus("#tabset-1-2-tab")  # a keyboard user on the tabs: the arrows move between them
    page.keyboard.press("ArrowLeft")
    assert visible(page, "#tabset-1-1") and page.evaluate("document.activeElement.id") == "tabset-1-1-tab"
    assert page.evaluate("Reveal.getIndices().h") == 1
    page.click("#tabset-1-2-tab")  # after a click with the mouse, the arrows turn slides again
    page.keyboard.press("ArrowRight")
    page.wait_for_function("Reveal.getIndices().h === 2")
    assert page.console_errors == []


CONTRAST = """
## Callouts

::: {.callout-note}
Note body text.
:::

::: {.callout-warning title="Warning title"}
Warning body text.
:::

::: {.callout-important appearance="simple"}
## Important title
Important body text.
:::

::: {.callout-caution appearance="minimal"}
Caution body text.
:::

## Tabs

::: {.panel-tabset}
### Tab one
Tab one text.
### Tab two
Tab two text.
:::

::: aside
Aside text.
:::
"""
OURS = ("Note", "Note body text.", "Warning title", "Warning body text.", "Important title", "Important body text.",
        "Caution body text.", "Tab one", "Tab two", "Tab one text.", "Aside text.")
THEMES = [("talk.md", name) for name in dict.fromkeys(("default", "dark", "serif", "high-contrast", "vivid", *reveal.NAMES))] + [
    ("talk.qmd", name) for name in quarto.NAMES]
"""deckbuild's themes and reveal.js's in a deckbuild deck, Quarto's in a Quarto deck."""


@pytest.mark.browser
@pytest.mark.parametrize(("name", "theme"), THEMES, ids=[f"{n.split('.')[1]}-{t}" for n, t in THEMES])
def test_blocks_meet_wcag_aa_in_every_built_in_theme(tmp_path: Path, browser: Any, name: str, theme: str) -> None:
    """Measured as `deckbuild check` measures: the print layout (every tab and callout shown),
    text over a gradient or image judged on the pixels behind it."""
    from deckbuild.check import adapter
    from deckbuild.check.measure import measure
    from deckbuild.check.run import report
    from deckbuild.options import Overrides

    deck(tmp_path, CONTRAST, front=f"theme: {theme}", name=name)
    rendered = adapter.render(tmp_path / name, tmp_path / "checked", Overrides())
    with adapter.print_layout(browser, rendered, timeout=60) as loading:
        measured = measure(loading)
    samples = [s["text"] for slide in measured.slides for s in (*slide["text"], *slide["overImage"])]
    printed = set(OURS) - {"Tab one", "Tab two"}  # in print the tab buttons give way to each pane's title
    assert set(samples) >= printed
    failures = [entry.text for entry in report(rendered, measured).problems
                if entry.problem.rule == "contrast" and any(text in entry.text for text in OURS)]
    assert failures == []


@pytest.mark.browser
def test_the_pdf_prints_collapsed_callouts_open_every_tab_and_print_only_content(tmp_path: Path, browser: Any) -> None:
    from pypdf import PdfReader

    from deckbuild.export.options import ExportOptions
    from deckbuild.export.pdf import Job, export_pdfs

    deck(tmp_path, BEHAVIOUR + '\n::: {.content-visible when-format="pdf"}\nHandout only.\n:::\n\n'
         '::: {.content-visible when-format="revealjs"}\nScreen only.\n:::\n')
    result = export_pdfs(browser, [Job(tmp_path / "talk.html", tmp_path / "talk.pdf", ExportOptions())])[0]
    pages = [page.extract_text() for page in PdfReader(result.output).pages]
    assert len(pages) == 3
    blocks, following = pages[1], pages[2]
    for text in ("Click me", "Hidden at first.", "One", "First pane.", "Two", "Second pane."):
        assert text in blocks, f"{text!r} is not on the printed slide: {blocks!r}"
    assert "Handout only." in following and "Screen only." not in following


@pytest.mark.browser
def test_the_logo_is_on_every_printed_page(tmp_path: Path, browser: Any) -> None:
    from pypdf import PdfReader

    from deckbuild.export.options import ExportOptions
    from deckbuild.export.pdf import Job, export_pdfs

    (tmp_path / "logo.png").write_bytes(PNG)
    deck(tmp_path, "## A\n\nOne.\n\n## B\n\nTwo.\n", front="logo: {path: logo.png, alt: Lab}", name="talk.md")
    result = export_pdfs(browser, [Job(tmp_path / "talk.html", tmp_path / "talk.pdf", ExportOptions())])[0]
    pages = PdfReader(result.output).pages
    assert len(pages) == 3 and all(len(page.images) == 1 for page in pages)


def test_a_long_heading_line_in_a_callout_or_tabset_renders_at_once(tmp_path: Path) -> None:
    import time

    spaces = " " * 100_000
    started = time.monotonic()
    page = deck(tmp_path, f"## S\n\n::: {{.callout-note}}\n## {spaces}x{spaces}\nBody.\n:::\n\n"
                f"::: {{.panel-tabset}}\n### {spaces}y{spaces}\nPane.\n:::\n")
    assert time.monotonic() - started < 10  # a backtracking pattern took minutes here
    assert slide(page, "s").select_one(".callout-title strong").get_text() == "x"
    assert slide(page, "s").select_one("[role=tab]").get_text() == "y"


def test_front_matter_brand_with_brand_mode_dark_and_brand_false(tmp_path: Path) -> None:
    for name in ("sun.png", "moon.png"):
        (tmp_path / name).write_bytes(PNG)
    inline = textwrap.dedent("""\
        brand:
          logo:
            images:
              sun: {path: sun.png, alt: sun face}
              moon: {path: moon.png, alt: moon face}
            medium: {light: sun, dark: moon}
          color:
            background: {light: "#eeeeee", dark: "#222222"}
        brand-mode: dark""")
    page = deck(tmp_path, "## A\n\nText.\n", front=f"format: revealjs\n{inline}", embed=False)
    logo = page.select_one("img.slide-logo")
    assert logo is not None and logo["src"].startswith("talk_files/moon-") and logo["alt"] == "moon face"
    assert any("--background: #222222" in p.read_text(encoding="utf-8") for p in (tmp_path / "talk_files").glob("*.css"))
    (tmp_path / "_brand.yml").write_text("logo:\n  medium: sun.png\n", encoding="utf-8")
    assert deck(tmp_path, "## A\n", embed=False).select("img.slide-logo")  # the folder's brand file
    assert not deck(tmp_path, "## A\n", front="format: revealjs\nbrand: false", embed=False).select("img.slide-logo")


@pytest.mark.parametrize("logos", [
    "    medium: {light: sun}\n    large: {dark: moon}\n",  # the dark logo only at another size: Quarto searches them all
    "    medium: {light: sun, dark: moon}\nlogo: {light: sun, dark: moon}\n",  # the deck's own pair, in dark mode
], ids=["dark at another size", "the deck's own pair"])
def test_brand_mode_dark_shows_the_dark_logo_wherever_it_is_given(tmp_path: Path, logos: str) -> None:
    for name in ("sun.png", "moon.png"):
        (tmp_path / name).write_bytes(PNG)
    front = ("format: revealjs\nbrand-mode: dark\nbrand:\n  logo:\n    images:\n      sun: {path: sun.png, alt: sun face}\n"
             "      moon: {path: moon.png, alt: moon face}\n" + logos)
    logo = deck(tmp_path, "## A\n", front=front, embed=False).select_one("img.slide-logo")
    assert logo is not None and logo["alt"] == "moon face"


def test_a_deck_logo_may_name_a_brand_image_and_override_its_alt(tmp_path: Path) -> None:
    """Quarto's smoke-all brand-logo-alt-override: `logo: {light: {path: sun, alt: SUN}}`
    names the brand's `sun` image (a file deckbuild would otherwise not find)."""
    for name in ("sun-face.png", "moon-face.png"):
        (tmp_path / name).write_bytes(PNG)
    front = textwrap.dedent("""\
        format: revealjs
        brand:
          logo:
            images:
              sun: {path: sun-face.png, alt: sun face}
              moon: {path: moon-face.png, alt: moon face}
            medium: {light: sun, dark: moon}
        logo:
          light: {path: sun, alt: SUN}
          dark: {path: moon}""")
    logo = deck(tmp_path, "## A\n\nText.\n", front=front, embed=False).select_one("img.slide-logo")
    assert logo is not None and logo["src"].startswith("talk_files/sun-face") and logo["alt"] == "SUN"


def test_callout_appearance_and_icon_for_the_whole_deck(tmp_path: Path) -> None:
    page = deck(tmp_path, '## S\n\n::: {.callout-note}\nA.\n:::\n\n::: {.callout-tip appearance="default" icon=true}\nB.\n:::\n',
                front="format: revealjs\ncallout-appearance: simple\ncallout-icon: false")
    first, second = page.select(".callout")
    assert classes(first) == ["callout", "callout-note", "no-icon", "callout-style-simple"]
    assert classes(second) == ["callout", "callout-tip", "callout-titled", "callout-style-default"]


@pytest.mark.browser
@pytest.mark.parametrize("name", ["talk.md", "talk.qmd"])
def test_an_aside_sits_small_at_the_bottom_and_a_margin_note_on_the_right(tmp_path: Path, open_deck: Any, name: str) -> None:
    deck(tmp_path, "## A\n\n::: {.column-margin}\nIn the margin.\n:::\n\nBody text of the slide.\n\n::: aside\nA source.\n:::\n",
         front="", name=name)
    page = open_deck(tmp_path / "talk.html", "#/a")
    boxes = page.evaluate("""() => Object.fromEntries(["section#a", "section#a > p", ".aside", ".column-margin"].map(s => {
        const e = document.querySelector(s), r = e.getBoundingClientRect();
        return [s, {top: r.top, bottom: r.bottom, left: r.left, right: r.right, size: parseFloat(getComputedStyle(e).fontSize)}];
    }))""")
    slide_box, body, aside, margin = (boxes[k] for k in ("section#a", "section#a > p", ".aside", ".column-margin"))
    height, width = slide_box["bottom"] - slide_box["top"], slide_box["right"] - slide_box["left"]
    assert aside["top"] > slide_box["top"] + 0.75 * height and aside["bottom"] <= slide_box["bottom"]
    assert aside["size"] < body["size"] and margin["size"] < body["size"]
    assert margin["left"] > slide_box["left"] + 0.6 * width and margin["top"] < body["bottom"]  # beside the text, not under it
