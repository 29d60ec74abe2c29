"""`include-in-header`, `include-before-body` and `include-after-body`: the author's HTML lands
where Quarto's template puts it, self-contained and offline, and cannot break the page."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from deckbuild import pipeline
from deckbuild.errors import DeckError
from deckbuild.rendering.sinks import InlineSink

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "project" / "_quarto.yml", "project:\n  type: default\n")
    return tmp_path / "project"


def deck(project: Path, front: str, files: dict[str, str] | None = None) -> Path:
    for name, text in (files or {}).items():
        write(project / name, text)
    return write(project / "talk.qmd", f"---\ntitle: T\n{front}\n---\n\n## A\n\nText.\n")


def build(path: Path) -> tuple[BeautifulSoup, list[str]]:
    loaded = pipeline.load(path)
    rendered = pipeline.render(loaded, InlineSink())
    return BeautifulSoup(rendered.html, "html.parser"), [w.format_message() for w in rendered.warnings]


def place_of(page: BeautifulSoup, marker: str) -> str:
    """Where the element with id `marker` is: `head`, `before` the slides, or `after` reveal.js's start."""
    found = page.select_one(f"#{marker}")
    assert isinstance(found, Tag), f"#{marker} is not on the page"
    if found.find_parent("head"):
        return "head"
    body = page.body
    assert body is not None
    reveal = body.select_one("div.reveal")
    assert reveal is not None
    if reveal in found.find_all_previous("div"):
        starts = [s for s in found.find_all_previous("script") if "Reveal.initialize" in s.get_text()]
        return "after" if starts else "between"
    return "before"


FORMS = {
    "a file name": ("include-in-header: head.html", {"head.html": '<meta id="m1" name="x" content="1">'}, {"m1": "head"}),
    "a list of files": (
        "include-before-body:\n  - one.html\n  - two.html",
        {"one.html": '<div id="m1"></div>', "two.html": '<div id="m2"></div>'},
        {"m1": "before", "m2": "before"},
    ),
    "text": ('include-after-body:\n  text: \'<div id="m1"></div>\'', {}, {"m1": "after"}),
    "file object": ("include-after-body:\n  - file: end.html", {"end.html": '<div id="m1"></div>'}, {"m1": "after"}),
    "nested under format": (
        "format:\n  revealjs:\n    include-in-header:\n      - text: <meta id=m1>\n    include-before-body: b.html",
        {"b.html": "<p id=m2>banner</p>"},
        {"m1": "head", "m2": "before"},
    ),
    "pandoc's header-includes, text": ("header-includes: <meta id=m1>", {}, {"m1": "head"}),
    "header-includes, a list with LaTeX": (
        "header-includes:\n  - \\usepackage{amsmath}\n  - '<meta id=m1>'", {}, {"m1": "head"},
    ),
    "all three": (
        "include-in-header: h.html\ninclude-before-body: b.html\ninclude-after-body: a.html",
        {"h.html": "<meta id=m1>", "b.html": "<p id=m2>b</p>", "a.html": "<p id=m3>a</p>"},
        {"m1": "head", "m2": "before", "m3": "after"},
    ),
}


@pytest.mark.parametrize(("front", "files", "places"), FORMS.values(), ids=FORMS.keys())
def test_includes_land_where_quarto_puts_them(project: Path, front: str, files: dict[str, str],
                                             places: dict[str, str]) -> None:
    page, warnings = build(deck(project, front, files))
    assert {marker: place_of(page, marker) for marker in places} == places
    assert warnings == []


def test_header_includes_come_before_include_in_header_and_latex_is_left_out(project: Path) -> None:
    page, warnings = build(deck(project, "include-in-header:\n  text: <meta id=m2>\n"
                                         "header-includes:\n  - \\usepackage{bm}\n  - '<meta id=m1>'"))
    assert [meta.get("id") for meta in page.select("head meta[id]")] == ["m1", "m2"]
    assert "usepackage" not in str(page)
    assert warnings == []


def test_several_items_keep_their_order(project: Path) -> None:
    page, _ = build(deck(project, "include-before-body:\n  - text: <p id=m1>1</p>\n  - b.html\n  - text: <p id=m3>3</p>",
                         {"b.html": "<p id=m2>2</p>"}))
    assert [p["id"] for p in page.select("body > p")] == ["m1", "m2", "m3"]


ERRORS = {
    "missing file": ("include-in-header: nope.html", {}, ":3: include-in-header `nope.html` not found"),
    "missing file in a list": ("include-after-body:\n  - a.html\n  - file: gone.html", {"a.html": "<p>a</p>"},
                               ":3: include-after-body `gone.html` not found"),
    "outside the project": ("include-in-header: ../outside.html", {"../outside.html": "<meta>"},
                            ":3: include-in-header `../outside.html` is outside the folders a deck may read"),
    "on the network": ("include-in-header: https://example.org/h.html", {},
                       ":3: include-in-header `https://example.org/h.html` is on the network"),
    "a number": ("include-before-body: 3", {}, ":3: include-before-body: expected a file name, {file: name}, {text: html}"),
    "an unknown mapping": ("include-before-body:\n  path: x.html", {}, ":3: include-before-body: expected a file name"),
    "a missing script": ("include-after-body: a.html", {"a.html": '<script src="gone.js"></script>'},
                         ":3: script `gone.js` not found"),
    "a script outside the project": ("include-after-body: a.html", {"a.html": '<script src="../x.js"></script>', "../x.js": "1"},
                                     ":3: script `../x.js` is outside the folders a deck may read"),
    "a missing stylesheet": ("include-in-header: h.html", {"h.html": '<link rel="stylesheet" href="gone.css">'},
                             ":3: stylesheet `gone.css` not found"),
}


@pytest.mark.parametrize(("front", "files", "error"), ERRORS.values(), ids=ERRORS.keys())
def test_include_mistakes_are_one_line_errors_at_the_front_matter_line(project: Path, front: str, files: dict[str, str],
                                                                       error: str) -> None:
    path = deck(project, front, files)
    with pytest.raises(DeckError) as caught:
        build(path)
    message = caught.value.format_message()
    assert message.startswith(f"{path}{error}"), message
    assert "\n" not in message


LEFT_OUT = {
    "a remote script": ('<script src="https://cdn.example.org/lib.js"></script><meta id=kept>',
                        "`https://cdn.example.org/lib.js` from the network; left out"),
    "a protocol-relative script": ('<script src="//cdn.example.org/lib.js"></script><meta id=kept>',
                                   "`//cdn.example.org/lib.js` from the network; left out"),
    "MathJax from a CDN": ('<script id=kept>MathJax = {};</script><script src="https://cdn.example.org/mathjax/tex-chtml.js"></script>',
                           "the page needs no maths script"),
    "a font stylesheet and its preconnect": (
        '<link rel="preconnect" href="https://fonts.example.org"><link rel="stylesheet" href="https://fonts.example.org/css?family=X">'
        "<meta id=kept>",
        "`https://fonts.example.org`, `https://fonts.example.org/css?family=X` from the network; left out",
    ),
    "an @import in a style": ('<style id=kept>@import url("https://fonts.example.org/x.css");\nh2 { color: red }</style>',
                              "`https://fonts.example.org/x.css` from the network; left out"),
    "a url() in a style": ("<style>h2 { background: url(https://img.example.org/bg.png) }</style><meta id=kept>",
                           "`https://img.example.org/bg.png` from the network; left out"),
}


@pytest.mark.parametrize(("html", "warning"), LEFT_OUT.values(), ids=LEFT_OUT.keys())
def test_network_references_are_left_out_with_a_warning_naming_the_include(project: Path, html: str, warning: str) -> None:
    path = deck(project, "include-in-header: h.html", {"h.html": html})
    page, warnings = build(path)
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:3: `include-in-header` file `h.html` loads ")
    assert warning in warnings[0]
    head = str(page.head)
    assert "example.org" not in head
    assert page.select_one("#kept") is not None or "color: red" in head


def test_an_iframe_on_the_network_stays_with_a_warning(project: Path) -> None:
    path = deck(project, "include-after-body:\n  text: '<iframe src=\"https://maps.example.org/x\"></iframe>'")
    page, warnings = build(path)
    assert page.select_one("iframe") is not None
    assert warnings == [f"{path}:3: `include-after-body` text loads `https://maps.example.org/x` from the network, "
                        "so the page needs a connection — download the file beside the deck and give its name"]


def test_local_scripts_stylesheets_and_images_are_embedded(project: Path) -> None:
    files = {
        "h.html": '<link rel="stylesheet" href="css/look.css" media="screen"><script defer src="js/go.js"></script>',
        "css/look.css": 'h2 { background: url("dot.png"); }',
        "js/go.js": "window.went = 1;",
        "a.html": '<img id=pic src="img/dot.png" alt="">\n<style>h3 { background: url(img/dot.png) }</style>',
    }
    path = deck(project, "include-in-header: h.html\ninclude-after-body: a.html", files)
    (project / "css" / "dot.png").write_bytes(PNG)
    (project / "img").mkdir()
    (project / "img" / "dot.png").write_bytes(PNG)
    page, warnings = build(path)
    assert warnings == []
    assert page.select("link[rel=stylesheet]") == []
    styles = " ".join(s.get_text() for s in page.select("head style"))
    assert "@media screen" in styles and "background: url(\"data:image/png;base64," in styles
    script = page.select_one("script[defer]")
    assert isinstance(script, Tag)
    src = str(script["src"])
    assert src.startswith("data:text/javascript;base64,") and base64.b64decode(src.split(",", 1)[1]) == b"window.went = 1;"
    picture = page.select_one("img#pic")
    assert isinstance(picture, Tag) and str(picture["src"]).startswith("data:image/png;base64,")
    assert 'url("data:image/png;base64,' in " ".join(s.get_text() for s in page.select("body style"))


def test_data_uris_are_kept_as_written(project: Path) -> None:
    head = ('<link rel="stylesheet" href="data:text/css,h2%7Bcolor:red%7D">'
            '<script src="data:text/javascript,window.x=1"></script>')
    page, warnings = build(deck(project, "include-in-header: h.html", {"h.html": head}))
    assert warnings == []
    assert page.select_one('link[href="data:text/css,h2%7Bcolor:red%7D"]') is not None
    assert page.select_one('script[src="data:text/javascript,window.x=1"]') is not None


BROKEN = {
    "an unclosed script": ("<script>var x = 1;", "an unclosed `<script>`"),
    "an unclosed comment": ("<!-- note", "unfinished markup"),
    "a stray end tag": ("<p id=kept>x</p></div></div>", "a stray `</div>`"),
    "an unclosed div": ("<div id=kept>banner", "an unclosed `<div>`"),
}


@pytest.mark.parametrize(("html", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_markup_that_would_break_the_page_is_repaired_with_a_warning(project: Path, html: str, problem: str) -> None:
    path = deck(project, "include-before-body: b.html", {"b.html": html})
    page, warnings = build(path)
    assert len(warnings) == 1 and problem in warnings[0] and warnings[0].startswith(f"{path}:3: ")
    assert len(page.select("body > div.reveal > div.slides > section")) == 2  # the title slide and "A", in place


def test_tex_definitions_are_read_for_macros_and_not_shown(project: Path) -> None:
    path = write(project / "talk.qmd", "---\ninclude-before-body:\n  text: '$$\\newcommand{\\RR}{\\mathbb{R}}$$ <p id=kept>x</p>'\n"
                 "---\n\n## A\n\n$\\RR$\n")
    page, warnings = build(path)
    assert warnings == []
    assert "newcommand" not in str(page.body)
    assert page.select_one("#kept") is not None and page.select_one(".katex .mathbb") is not None


def test_includes_are_supported_keys_not_warnings(project: Path) -> None:
    _, warnings = build(deck(project, "include-in-header:\n  text: <meta name=x>"))
    assert warnings == []


@pytest.mark.browser
def test_the_browser_applies_header_styles_and_runs_after_body_scripts_offline(project: Path, open_deck) -> None:  # type: ignore[no-untyped-def]
    files = {
        "header.html": '<style>.reveal h2 { color: rgb(200, 10, 20); }</style>\n'
                       '<link rel="preconnect" href="https://fonts.example.org">\n'
                       '<link rel="stylesheet" href="https://fonts.example.org/css2?family=Inter">\n'
                       '<script src="https://cdn.example.org/mathjax/es5/tex-chtml.js"></script>\n'
                       "<script>window.headerRan = typeof Reveal;</script>",
        "after.html": '<script src="after.js"></script>',
        "after.js": "window.afterState = Reveal.isReady() ? 'late' : 'early';\n"
                    "Reveal.on('ready', function () { window.afterReady = Reveal.getTotalSlides(); });\n"
                    "document.getElementById('banner').textContent = 'changed';",
    }
    path = deck(project, "include-in-header: header.html\ninclude-before-body:\n  text: <div id=banner>b</div>\n"
                "include-after-body: after.html", files)
    html = pipeline.write(pipeline.render(pipeline.load(path), InlineSink()), project / "talk.html")
    shown = open_deck(html)
    shown.wait_for_function("window.afterReady !== undefined", timeout=10_000)
    assert shown.evaluate("window.afterReady") == 2
    assert shown.evaluate("window.headerRan") == "undefined"  # the head's script ran before reveal.js was loaded
    assert shown.evaluate("document.getElementById('banner').textContent") == "changed"
    colour = shown.evaluate("getComputedStyle(document.querySelector('section:not(#title-slide) h2')).color")
    assert colour == "rgb(200, 10, 20)"
    assert shown.console_errors == []
    assert shown.requests == []


def test_without_embedding_each_included_stylesheet_is_a_file_of_its_own(project: Path) -> None:
    from deckbuild.rendering.sinks import FolderSink

    path = deck(project, "include-in-header: h.html", {
        "h.html": "<style>h2 { color: red }</style><style>h3 { color: blue }</style><link rel=stylesheet href=a.css>",
        "a.css": "h4 { color: green }",
    })
    rendered = pipeline.render(pipeline.load(path), FolderSink("talk_files"))
    sheets = {name: asset.read().decode() for name, asset in rendered.files.items() if name.startswith("include-")}
    assert sorted(sheets.values()) == ["h2 { color: red }", "h3 { color: blue }", "h4 { color: green }"]
    assert rendered.html.count('<link rel="stylesheet" href="talk_files/include-') == 3
