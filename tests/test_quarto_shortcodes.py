"""Quarto's includes and built-in shortcodes, in decks written as Quarto authors write them.

Each case renders a real `.qmd` through the pipeline and reads the slides back with an HTML
parser: what a shortcode became, what an include pasted in, and where a mistake in an
included file is reported (that file and its line, never the deck's expanded numbering).
"""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from deckbuild import pipeline
from deckbuild.errors import DeckError
from deckbuild.rendering.sinks import InlineSink
from deckbuild.sources import placeholders

from execute_support import needs_kernel

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(deck: Path) -> tuple[BeautifulSoup, list[str], pipeline.RenderedDeck]:
    """The rendered page's slides, its warnings as printed, and the rendered deck."""
    loaded = pipeline.load(deck)
    rendered = pipeline.render(loaded, InlineSink(), pipeline.execute(loaded))
    slides = BeautifulSoup(rendered.html, "html.parser").select_one("div.slides")
    assert slides is not None
    return BeautifulSoup(str(slides), "html.parser"), [w.format_message() for w in rendered.warnings], rendered


def slide(page: BeautifulSoup, ident: str) -> Tag:
    found = page.select_one(f"section#{ident}")
    assert found is not None, f"no slide #{ident} in {[s.get('id') for s in page.select('section')]}"
    return found


def fails(deck: Path) -> str:
    with pytest.raises(DeckError) as caught:
        build(deck)
    return caught.value.format_message()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A Quarto project folder (`_quarto.yml` makes it the root a deck may read from)."""
    write(tmp_path / "_quarto.yml", "project:\n  type: default\n")
    return tmp_path


# --- includes ------------------------------------------------------------------------------

def test_an_include_pastes_its_slides_in_place(project: Path) -> None:
    write(project / "_intro.qmd", "## From the include\n\nIncluded text.\n\n{{< include _nested.qmd >}}\n")
    write(project / "_nested.qmd", "## Nested\n\nTwo levels down.\n")
    deck = write(project / "talk.qmd", "---\ntitle: Talk\n---\n\n## First\n\nBefore.\n\n"
                 "{{< include _intro.qmd >}}\n\n## Last\n\nAfter.\n")
    page, warnings, rendered = build(deck)
    titles = [h.get_text() for h in page.select("section > h2")]
    assert titles == ["First", "From the include", "Nested", "Last"]
    assert slide(page, "from-the-include").p.get_text() == "Included text."
    assert warnings == []
    assert {(project / "_intro.qmd").resolve(), (project / "_nested.qmd").resolve()} <= rendered.inputs


def test_an_included_file_is_an_input_no_output_may_replace(project: Path) -> None:
    write(project / "part.qmd", "## Part\n")
    deck = write(project / "talk.qmd", "## A\n\n{{< include part.qmd >}}\n")
    with pytest.raises(DeckError, match=r"part\.qmd"):
        pipeline.build(deck, project / "part.qmd")
    assert (project / "part.qmd").read_text(encoding="utf-8") == "## Part\n"


def test_relative_paths_in_an_included_file_are_the_decks_and_slash_is_the_projects(project: Path) -> None:
    """As in Quarto: an include is a paste, so `img.png` inside `parts/a.qmd` is beside the deck;
    `/parts/b.qmd` is read from the project's root."""
    (project / "img.png").write_bytes(PNG)
    write(project / "parts" / "a.qmd", "## A\n\n![](img.png)\n\n{{< include /parts/b.qmd >}}\n")
    write(project / "parts" / "b.qmd", "## B\n")
    deck = write(project / "talks" / "talk.qmd", "{{< include ../parts/a.qmd >}}\n")
    (project / "talks" / "img.png").write_bytes(PNG)
    page, _, _ = build(deck)
    assert [h.get_text() for h in page.select("section > h2")] == ["A", "B"]
    assert slide(page, "a").img["src"].startswith("data:image/png;base64,")


def test_cells_in_an_included_file_are_cells_of_the_deck(project: Path) -> None:
    write(project / "_code.qmd", "## Code\n\n```{python}\n#| eval: false\nprint('hi')\n```\n")
    deck = write(project / "talk.qmd", "{{< include _code.qmd >}}\n")
    loaded = pipeline.load(deck)
    (cell,) = loaded.cells()
    assert cell.source == "print('hi')" and cell.options == {"eval": False}


def test_an_include_inside_a_code_block_is_the_files_text_unless_shortcodes_are_off(project: Path) -> None:
    """Quarto 1.4 and later paste an include into a code block or a raw block (a script shown
    from its file); `{shortcodes=false}` shows the shortcode itself."""
    write(project / "cats.R", 'cat("cats!\\n")\n')
    write(project / "config.yml", "---\nkey: value\n")
    write(project / "box.html", '<div class="box">from a file</div>\n')
    deck = write(project / "talk.qmd", "## Code\n\n```r\n{{< include cats.R >}}\n```\n\n```yaml\n{{< include config.yml >}}\n```\n\n"
                                       "## Raw\n\n```{=html}\n{{< include box.html >}}\n```\n\n"
                                       "## Shown\n\n```{.markdown shortcodes=false}\n{{< include nowhere.qmd >}}\n{{< meta title >}}\n```\n")
    page, warnings, _ = build(deck)
    assert [pre.get_text() for pre in slide(page, "code").select("pre")] == ['cat("cats!\\n")', "---\nkey: value"]
    assert slide(page, "raw").select_one("div.box").get_text() == "from a file"
    assert slide(page, "shown").pre.get_text() == "{{< include nowhere.qmd >}}\n{{< meta title >}}"
    assert warnings == []


def test_the_included_files_front_matter_is_ignored_with_a_warning(project: Path) -> None:
    write(project / "_part.qmd", "---\ntitle: Not mine\n---\n\n## Part\n")
    deck = write(project / "talk.qmd", "---\ntitle: Mine\n---\n\n{{< include _part.qmd >}}\n")
    page, warnings, _ = build(deck)
    assert page.select_one("h1.title").get_text() == "Mine"
    assert [h.get_text() for h in page.select("section > h2")] == ["Part"]
    assert warnings == [f"{project / '_part.qmd'}:1: the included file's front matter is ignored"
                        " — put its settings in the deck's own front matter"]


INCLUDE_ERRORS = [
    # (files besides the deck, the deck's body, the message's start, what it says)
    ({}, "{{< include gone.qmd >}}\n", "talk.qmd:1: ", "include `gone.qmd` not found"),
    ({"a.qmd": "{{< include b.qmd >}}\n", "b.qmd": "\n{{< include a.qmd >}}\n"}, "{{< include a.qmd >}}\n",
     "b.qmd:2: ", "include `a.qmd` includes itself (a.qmd → b.qmd → a.qmd)"),
    ({"self.qmd": "{{< include self.qmd >}}\n"}, "{{< include self.qmd >}}\n", "self.qmd:1: ", "includes itself"),
    ({}, "{{< include talk.qmd >}}\n", "talk.qmd:1: ", "includes itself (talk.qmd → talk.qmd)"),
    ({}, "Text {{< include part.qmd >}} inline.\n", "talk.qmd:1: ", "an include must be a line of its own"),
    ({}, "{{< include /etc/passwd >}}\n", "talk.qmd:1: ", "not found"),
    ({}, "{{< include ../../../../../../../etc/hostname >}}\n", "talk.qmd:1: ", "is outside the folders a deck may read"),
    ({".secret.qmd": "## x\n"}, "{{< include .secret.qmd >}}\n", "talk.qmd:1: ", "is hidden"),
    ({"bad.qmd": b"## ok\n\xff\xfe\n"}, "{{< include bad.qmd >}}\n", "bad.qmd:2: ", "included file is not valid UTF-8"),
]


@pytest.mark.parametrize(("files", "body", "where", "what"), INCLUDE_ERRORS,
                         ids=["missing", "cycle", "self", "deck-itself", "inline", "absolute-is-project", "outside",
                              "hidden", "not-utf8"])
def test_include_mistakes_name_the_file_and_line(project: Path, files: dict[str, str | bytes], body: str,
                                                 where: str, what: str) -> None:
    for name, content in files.items():
        target = project / name
        target.write_bytes(content) if isinstance(content, bytes) else write(target, content)
    message = fails(write(project / "talk.qmd", body))
    assert what in message
    assert message.startswith(str(project / where)), message


def test_includes_nest_at_most_sixteen_deep(project: Path) -> None:
    for level in range(20):
        write(project / f"l{level}.qmd", f"## Level {level}\n\n{{{{< include l{level + 1}.qmd >}}}}\n")
    write(project / "l20.qmd", "## Bottom\n")
    message = fails(write(project / "talk.qmd", "{{< include l0.qmd >}}\n"))
    assert "nests includes more than 16 deep" in message and message.startswith(str(project / "l15.qmd:3: "))


ERRORS_IN_INCLUDED_FILES = [
    # (the included file, the message's start, its end): each stage's mistake at the included line
    ("## One\n\n## Two\n\n::: {.notes}\nnever closed\n", "part.qmd:5: ", "fenced div `:::` is never closed"),
    ("## One\n\ntext\n\n![](nope.png)\n", 'part.qmd:5: slide 2 "One": ', "image `nope.png` not found"),
    ("## One\n\n```{python}\n#| echo: [unclosed\n1\n```\n", "part.qmd:4: ", "cell option is not valid YAML"),
    ("## One\n\nSee[^x].\n", 'part.qmd:3: slide 2 "One": ', "footnote [^x] has no definition"),
    ("## One\n\n$\\frac{$ and\n", 'part.qmd:3: slide 2 "One": ', "cannot be typeset"),
]


@pytest.mark.parametrize(("included", "where", "what"), ERRORS_IN_INCLUDED_FILES,
                         ids=["div", "image", "cell-option", "footnote", "maths"])
def test_a_mistake_in_an_included_file_names_that_file_and_its_line(project: Path, included: str, where: str,
                                                                      what: str) -> None:
    write(project / "part.qmd", included)
    deck = write(project / "talk.qmd", "## Opening\n\nSome words\nover three\nlines.\n\n{{< include part.qmd >}}\n")
    message = fails(deck)
    assert message.startswith(str(project / where)), message
    assert what in message


def test_a_mistake_in_the_deck_after_an_include_keeps_its_own_line(project: Path) -> None:
    write(project / "part.qmd", "## Part\n\none\ntwo\nthree\n")
    deck = write(project / "talk.qmd", "{{< include part.qmd >}}\n\n## After\n\n![](nope.png)\n")
    assert fails(deck).startswith(f'{project / "talk.qmd"}:5: slide 2 "After": image `nope.png` not found')


# --- meta, var, kbd, pagebreak --------------------------------------------------------------

def test_meta_reads_the_front_matter_also_in_links_and_the_title(project: Path) -> None:
    deck = write(project / "talk.qmd", """---
title: "{{< meta subtitle >}}: the talk"
subtitle: Bayesian Workflows
footer: "{{< meta author >}} · {{< meta date >}}"
author: Ada Lovelace
date: 2026-03-14
execute:
  echo: false
format:
  revealjs:
    slide-number: true
---

## About {{< meta author >}}

Echo is {{< meta execute.echo >}}; slide numbers {{< meta format.revealjs.slide-number >}}.
[{{< meta subtitle >}}](https://example.org/{{< meta author >}}) and `{{< meta title >}}` in code.
""")
    page, warnings, rendered = build(deck)
    assert page.select_one("h1.title").get_text() == "Bayesian Workflows: the talk"
    assert rendered.deck.config.footer == "Ada Lovelace · 2026-03-14"
    body = slide(page, "about-ada-lovelace")
    assert body.h2.get_text() == "About Ada Lovelace"
    assert body.p.get_text().startswith("Echo is false; slide numbers true.")
    assert body.a.get_text() == "Bayesian Workflows" and body.a["href"] == "https://example.org/Ada%20Lovelace"
    assert body.code.get_text() == "{{< meta title >}}"
    assert warnings == []


def test_var_reads_the_projects_variables_file(project: Path) -> None:
    write(project / "_variables.yml", "version: 2.1\nemail:\n  info: info@example.org\n")
    deck = write(project / "talks" / "talk.qmd", "## Contact\n\nVersion {{< var version >}}, {{< var email.info >}}.\n")
    page, warnings, rendered = build(deck)
    assert slide(page, "contact").p.get_text() == "Version 2.1, info@example.org."
    assert (project / "_variables.yml").resolve() in rendered.inputs
    assert warnings == []


SHORTCODE_WARNINGS = [
    # (the line, what the slide shows, the warning's text after the place)
    ("Stars {{< iconify star >}} here.", "Stars  here.",
     "shortcode `iconify` is not a Quarto built-in; it renders as nothing — remove it, or replace it with what the extension would show"),
    ("{{< countdown minutes=5 >}}", "", "shortcode `countdown` is not a Quarto built-in"),
    ("Missing {{< meta nothing.here >}}.", "Missing ?meta:nothing.here.", "shortcode `meta`: `nothing.here` is not in the deck's front matter"),
    ("Missing {{< var nope >}}.", "Missing ?var:nope.", "shortcode `var`: `nope` is not in `_variables.yml`"),
    ("A {{< meta execute >}}.", "A ?meta:execute.", "`execute` is a mapping, not text"),
    ("{{< kbd >}}", "", "shortcode `kbd`: give the keys"),
    ("{{< lipsum many >}}", "", "`many` is not a number of paragraphs"),
    ("{{< placeholder wide >}}", "", "width and height must be whole numbers"),
    ('{{< meta "unclosed >}}', "", "cannot be read: No closing quotation"),
    ("Home {{< env HOME >}}.", "Home .", "Quarto's `env` shortcode is not expanded: a deck never shows the environment's"),
    ("{{< embed other.ipynb#fig >}}", "", "Quarto's `embed` shortcode (cells from another notebook) is not supported"),
    ("{{< brand color primary >}}", "", "shortcode `brand`: the deck has no brand"),
]


@pytest.mark.parametrize(("line", "shown", "warning"), SHORTCODE_WARNINGS,
                         ids=["extension", "extension-block", "meta-missing", "var-missing", "meta-mapping", "kbd-empty",
                              "lipsum-count", "placeholder-size", "unreadable", "env", "embed", "brand-none"])
def test_a_shortcode_that_does_not_work_is_a_warning_at_its_line(project: Path, line: str, shown: str, warning: str) -> None:
    deck = write(project / "talk.qmd", f"---\nexecute:\n  echo: true\n---\n\n## S\n\n{line}\n")
    page, warnings, _ = build(deck)
    assert slide(page, "s").get_text(strip=True) == "S" + shown.strip() or shown in slide(page, "s").get_text()
    assert len(warnings) == 1 and warnings[0].startswith(f"{project / 'talk.qmd'}:8: ")
    assert warning in warnings[0]


def test_brand_shows_the_brands_colours_and_logos(project: Path) -> None:
    (project / "images").mkdir()
    (project / "images" / "logo.png").write_bytes(PNG)
    write(project / "_brand.yml", "color:\n  palette:\n    navy: '#0b3954'\n  primary: navy\n"
                                  "logo:\n  images:\n    full: {path: images/logo.png, alt: Our lab}\n  large: full\n")
    deck = write(project / "talk.qmd", "---\ntitle: T\n---\n\n## S\n\nIn {{< brand color primary >}} and "
                                       "{{< brand color navy >}}.\n\n{{< brand logo full >}} {{< brand logo large >}}\n\n"
                                       "{{< brand logo nope >}}\n")
    page, warnings, _ = build(deck)
    shown = slide(page, "s")
    assert "In #0b3954 and #0b3954." in shown.get_text()
    assert [img["alt"] for img in shown.select("img")] == ["Our lab", "Our lab"]
    assert len(warnings) == 1
    assert warnings[0].endswith(":11: shortcode `brand`: the brand names no logo `nope` — use one of: full, large")


def test_escaped_shortcodes_show_as_written(project: Path) -> None:
    deck = write(project / "talk.qmd", "## Docs\n\nWrite {{{< meta title >}}} or {{{< include x.qmd >}}}.\n\n"
                 "{{{< include _not_read.qmd >}}}\n")
    page, warnings, _ = build(deck)
    paragraphs = [p.get_text() for p in slide(page, "docs").select("p")]
    assert paragraphs == ["Write {{< meta title >}} or {{< include x.qmd >}}.", "{{< include _not_read.qmd >}}"]
    assert warnings == []


@pytest.mark.parametrize(("shortcode", "keys", "data"), [
    ("{{< kbd Shift-Ctrl-P >}}", "Shift-Ctrl-P", {}),
    ("{{< kbd Shift-Ctrl-P mac=Shift-Command-P >}}", "Shift-Ctrl-P", {"data-mac": "Shift-Command-P"}),
    ("{{< kbd mac=Command-C win=Control-C linux=Ctrl-C >}}", "Command-C",
     {"data-mac": "Command-C", "data-windows": "Control-C", "data-linux": "Ctrl-C"}),
])
def test_kbd_is_kbd_markup_with_each_systems_keys(project: Path, shortcode: str, keys: str, data: dict[str, str]) -> None:
    page, _, _ = build(write(project / "talk.qmd", f"## Keys\n\nPress {shortcode} now.\n"))
    kbd = slide(page, "keys").kbd
    assert kbd.get_text() == keys
    assert {k: v for k, v in kbd.attrs.items() if k.startswith("data-")} == data


def test_pagebreak_is_a_print_break_and_nothing_on_screen(project: Path) -> None:
    page, warnings, _ = build(write(project / "talk.qmd", "## P\n\nOne\n\n{{< pagebreak >}}\n\nTwo\n"))
    (brk,) = slide(page, "p").select('div[style="page-break-after: always;"]')
    assert brk.get_text() == "" and warnings == []


# --- lipsum, placeholder --------------------------------------------------------------------

def test_lipsum_gives_the_same_paragraphs_every_build(project: Path) -> None:
    deck = write(project / "talk.qmd", "## Filler\n\n{{< lipsum 3 >}}\n\n## Inline\n\nA {{< lipsum 1 >}} B\n")
    first, _, _ = build(deck)
    again, _, _ = build(deck)
    paragraphs = [p.get_text() for p in slide(first, "filler").select("p")]
    assert len(paragraphs) == 3 and all(len(p.split()) > 20 and p.endswith(".") for p in paragraphs)
    assert paragraphs == [p.get_text() for p in slide(again, "filler").select("p")]
    assert len(set(paragraphs)) == 3
    inline = slide(first, "inline").select("p")
    assert len(inline) == 1 and inline[0].get_text().startswith("A ") and inline[0].get_text().endswith(" B")
    assert placeholders.lipsum(2) == placeholders.lipsum(2)


def test_placeholder_is_an_svg_image_of_the_size_asked(project: Path) -> None:
    page, _, _ = build(write(project / "talk.qmd", "## Pic\n\n{{< placeholder 400 200 >}}\n\n## Square\n\n{{< placeholder 50 >}}\n"))
    for ident, (width, height) in (("pic", (400, 200)), ("square", (50, 50))):
        src = slide(page, ident).img["src"]
        assert src.startswith("data:image/svg+xml;base64,")
        svg = BeautifulSoup(base64.b64decode(src.split(",", 1)[1]).decode(), "html.parser").svg
        assert (svg["width"], svg["height"]) == (str(width), str(height))
        assert svg.find("text").get_text() == f"{width} x {height}"


# --- video ----------------------------------------------------------------------------------

def test_a_local_video_is_embedded_through_the_sink(project: Path) -> None:
    (project / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 not really a film")
    deck = write(project / "talk.qmd", '## Film\n\n{{< video clip.mp4 width="400" height="300" title="A clip" >}}\n')
    page, warnings, rendered = build(deck)
    video = slide(page, "film").select_one("div.quarto-video > video")
    assert video is not None and (video["width"], video["height"], video["title"]) == ("400", "300", "A clip")
    assert video.source["src"].startswith("data:video/mp4;base64,")
    assert (project / "clip.mp4").resolve() in rendered.inputs
    assert warnings == []


def test_a_local_video_goes_into_the_files_folder_without_embedding(project: Path) -> None:
    from deckbuild.rendering.sinks import FolderSink

    (project / "clip.mp4").write_bytes(b"film")
    deck = pipeline.load(write(project / "talk.qmd", "## Film\n\n{{< video clip.mp4 >}}\n"))
    rendered = pipeline.render(deck, FolderSink("talk_files"))
    src = BeautifulSoup(rendered.html, "html.parser").select_one("video source")["src"]
    assert src.startswith("talk_files/clip-") and src.endswith(".mp4")
    assert src.removeprefix("talk_files/") in rendered.files


@pytest.mark.parametrize("url", ["https://www.youtube.com/embed/wo9vZccmqwc", "https://vimeo.com/548291297",
                                 "https://example.org/film.mp4"])
def test_a_video_on_the_network_is_a_link_with_a_warning(project: Path, url: str) -> None:
    page, warnings, _ = build(write(project / "talk.qmd", f"## Film\n\n{{{{< video {url} >}}}}\n"))
    link = slide(page, "film").a
    assert link["href"] == url and link.get_text() == url
    assert slide(page, "film").video is None
    assert len(warnings) == 1 and warnings[0].startswith(f"{project / 'talk.qmd'}:3: shortcode `video`: `{url}` is on")


def test_a_missing_video_is_an_error_at_its_line(project: Path) -> None:
    message = fails(write(project / "talk.qmd", "## Film\n\nText\n\n{{< video gone.mp4 >}}\n"))
    assert message.startswith(f'{project / "talk.qmd"}:5: slide 1 "Film": video `gone.mp4` not found')


# --- escaped cells --------------------------------------------------------------------------

def test_an_escaped_cell_fence_shows_the_cell_and_never_runs(project: Path) -> None:
    deck = write(project / "talk.qmd", "## Cell syntax\n\n```{{python}}\n#| echo: false\nraise SystemExit('ran')\n```\n")
    loaded = pipeline.load(deck)
    assert list(loaded.cells()) == []
    page, _, _ = build(deck)
    code = slide(page, "cell-syntax").pre.get_text()
    assert code == "```{python}\n#| echo: false\nraise SystemExit('ran')\n```"


def test_an_escaped_cell_inside_a_longer_fence_stays_as_written(project: Path) -> None:
    deck = write(project / "talk.qmd", "## Docs\n\n````markdown\n```{{python}}\n1 + 1\n```\n````\n")
    page, _, _ = build(deck)
    assert slide(page, "docs").pre.get_text() == "```{{python}}\n1 + 1\n```"


# --- raw HTML media -------------------------------------------------------------------------

def test_img_in_raw_html_is_embedded_and_checked_like_a_markdown_image(project: Path) -> None:
    (project / "dot.png").write_bytes(PNG)
    deck = write(project / "talk.qmd", '## Raw\n\n<img src="dot.png" width="10" alt="dot">\n\nInline <img src=\'dot.png\'> too.\n\n'
                 '```{=html}\n<figure><img src="dot.png"></figure>\n```\n')
    page, _, rendered = build(deck)
    images = slide(page, "raw").select("img")
    assert len(images) == 3 and all(img["src"].startswith("data:image/png;base64,") for img in images)
    assert images[0]["width"] == "10" and images[0]["alt"] == "dot"
    assert (project / "dot.png").resolve() in rendered.inputs


@pytest.mark.parametrize(("html", "what"), [
    ('<img src="gone.png">', "image `gone.png` not found"),
    ('<img src="/etc/hostname">', "image `/etc/hostname` is outside the folders a deck may read"),
    ('<img src="../../../../../../etc/hostname">', "is outside the folders a deck may read"),
    ('<img src="file:///etc/passwd">', "outside the folders a deck may read"),
])
def test_img_in_raw_html_is_refused_where_a_markdown_image_is(project: Path, html: str, what: str) -> None:
    message = fails(write(project / "talk.qmd", f"## Raw\n\nText\n\n{html}\n"))
    assert message.startswith(f'{project / "talk.qmd"}:5: slide 1 "Raw": '), message
    assert what in message


# --- serve ----------------------------------------------------------------------------------

def _slides(url: str) -> bytes:
    from urllib.request import urlopen

    with urlopen(f"{url}/_deckbuild/slides", timeout=10) as answer:
        return bytes(answer.read())


def _edit(path: Path, text: str) -> None:
    """An edit in place (no new file in the folder), with a modification time of its own."""
    time.sleep(0.05)
    with path.open("w", encoding="utf-8") as file:
        file.write(text)


def test_serve_rebuilds_when_an_included_file_changes(project: Path) -> None:
    from serving import serving

    part = write(project / "parts" / "_part.qmd", "## Part\n\nFirst version.\n")
    deck = write(project / "talk.qmd", "## A\n\n{{< include parts/_part.qmd >}}\n")
    with serving(deck) as served:
        assert b"First version." in _slides(served.url)
        _edit(part, "## Part\n\nSecond version.\n")
        served.wait_for("built ", timeout=20)
        assert b"Second version." in _slides(served.url)


def test_serve_recovers_from_a_mistake_in_an_included_file(project: Path) -> None:
    from serving import serving

    part = write(project / "parts" / "_part.qmd", "## Part\n\n::: {.notes}\nnever closed\n")
    deck = write(project / "talk.qmd", "## A\n\n{{< include parts/_part.qmd >}}\n")
    with serving(deck) as served:
        assert served.printed(f"error: {project / 'parts' / '_part.qmd'}:3: fenced div", timeout=20)
        _edit(part, "## Part\n\nFixed.\n")
        served.wait_for("built ", timeout=20)
        assert b"Fixed." in _slides(served.url)


def test_a_shortcode_may_be_written_over_several_lines(project: Path) -> None:
    (project / "clip.mp4").write_bytes(b"film")
    deck = write(project / "talk.qmd", '## Film\n\n{{< video\n    clip.mp4\n    title="A clip"\n>}}\n\n'
                 "Unfinished {{< meta title\n\nstays text.\n")
    page, warnings, _ = build(deck)
    video = slide(page, "film").video
    assert video is not None and video["title"] == "A clip" and video.source["src"].startswith("data:video/mp4")
    assert [p.get_text() for p in slide(page, "film").select("p")] == ["Unfinished {{< meta title", "stays text."]
    assert warnings == []


def test_deckbuild_map_names_the_included_files_lines(project: Path) -> None:
    from deckbuild.sources.sourcemap import markdown_map

    write(project / "_part.qmd", "\n## From the part\n\nText.\n")
    deck = write(project / "talk.qmd", "## First\n\n{{< include _part.qmd >}}\n\n## Last\n")
    rows = markdown_map(pipeline.load(deck))
    assert [(row.where, row.title) for row in rows] == [("line 1", "First"), ("_part.qmd line 2", "From the part"),
                                                        ("line 5", "Last")]


@needs_kernel
def test_a_failing_cell_in_an_included_file_is_reported_there(project: Path) -> None:
    from deckbuild.errors import ExecutionError

    write(project / "_code.qmd", "## Code\n\nText.\n\n```{python}\nvalue = 6 * 7\n```\n\n```{python}\n1 / 0\n```\n")
    deck = write(project / "talk.qmd", "## A\n\n```{python}\nstart = 1\n```\n\n{{< include _code.qmd >}}\n")
    with pytest.raises(ExecutionError) as caught:
        build(deck)
    message = caught.value.format_message()
    assert message.startswith(f'{project / "_code.qmd"}:9: cell on slide 2 "Code" raised ZeroDivisionError'), message


def test_a_meta_value_keeps_its_markdown_and_shows_raw_html_as_text(project: Path) -> None:
    """As deckbuild shows a title: metadata is text that may hold Markdown, not the page's HTML."""
    deck = write(project / "talk.qmd", "---\nsubtitle: '*Fast* <img src=x onerror=alert(1)> & more'\n---\n\n"
                 "## S\n\nSee {{< meta subtitle >}}.\n")
    page, _, _ = build(deck)
    body = slide(page, "s")
    assert body.em.get_text() == "Fast" and body.img is None
    assert body.p.get_text() == "See Fast <img src=x onerror=alert(1)> & more."
