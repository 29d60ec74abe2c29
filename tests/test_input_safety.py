"""Hostile or careless input: one line and exit 1, never a traceback, a hang, or a script that runs.

Each row is a deck (and the files beside it) that once crashed deckbuild with a Python
traceback, hung it, or ran its payload in the page. The decks are rendered through the real
command, in this process (click's runner), so a traceback shows up as the exception it is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from reveal_config import page_config

from deckbuild.cli import cli

DOT = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
PAYLOAD = '<img src="nowhere.png" onerror="window.__pwned = true">'


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs" (840 bytes): each level maps `width` keys to the level before it,
    so the last stands for 9**9 values, and for as many paths through the keys."""
    keys = "abcdefghi"[:width]
    lines = ["l0: &l0 {" + ", ".join(f"{key}: lol" for key in keys) + "}"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} {{" + ", ".join(f"{key}: *l{level - 1}" for key in keys) + "}")
    return "---\n" + "\n".join(lines) + "\n---\n\n## A\n"


def nested_divs(depth: int) -> str:
    return "## A\n\n" + "::: {.level}\n" * depth + "deep\n" + ":::\n" * depth


def pauses(count: int) -> str:
    return "## A\n\n" + "".join(f"Step {n}\n\n. . .\n\n" for n in range(count)) + "Done.\n"


def notebook(cells: list[dict[str, Any]], metadata: dict[str, Any] | None = None) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": metadata or {}, "cells": cells})


def markdown_cell(source: str, **metadata: Any) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": "m1", "metadata": metadata, "source": source}


Files = dict[str, str | bytes]

# name: (files, deck to render, what stderr must say)
ONE_LINE: dict[str, tuple[Files, str, str]] = {
    "a date that does not exist": (
        {"talk.md": "---\ndate: 2026-02-30\n---\n## A\n"}, "talk.md",
        "talk.md:2: front matter is not valid YAML: `2026-02-30` is not a real date (day is out of range for month)",
    ),
    "an alias that contains itself": (
        {"talk.md": "---\nreveal: &r {a: *r}\n---\n## A\n"}, "talk.md",
        "talk.md:2: front matter refused: an alias refers to the value that contains it",
    ),
    "an alias bomb": (
        {"talk.md": alias_bomb()}, "talk.md",
        "front matter refused: its aliases expand to more than 10,000 values (an alias bomb?)",
    ),
    "front matter nested 1,000 deep": (
        {"talk.md": "---\ntitle: " + "[" * 1000 + "]" * 1000 + "\n---\n## A\n"}, "talk.md",
        "talk.md:2: front matter refused: it nests deeper than 64 levels",
    ),
    "a cell attribute that is not YAML": (
        {"talk.md": '## A\n\n```{python echo="[x"}\n1\n```\n'}, "talk.md",
        "talk.md:3: slide 1 \"A\": cell option `echo`: expected true or false, got '[x'",
    ),
    "a cell option with a date that does not exist": (
        {"talk.md": "## A\n\n```{python}\n#| echo: 2026-02-30\n1\n```\n"}, "talk.md",
        "talk.md:4: cell option is not valid YAML: `2026-02-30` is not a real date",
    ),
    "a cell option tagged as a number it is not": (
        {"talk.md": "## A\n\n```{python}\n#| timeout: !!int x\n1\n```\n"}, "talk.md",
        "talk.md:4: cell option is not valid YAML: `x` cannot be read as int",
    ),
    "a number longer than Python reads": (
        {"talk.md": "---\nwidth: " + "9" * 5000 + "\n---\n## A\n"}, "talk.md",
        "talk.md:2: front matter is not valid YAML: a value cannot be read as int (Exceeds the limit (4300 digits) for integer string conversion) — fix the value",
    ),
    "a control character in front matter": (
        {"talk.md": "---\ntitle: a\x14b\n---\n## A\n"}, "talk.md",
        "talk.md:2: front matter is not valid YAML: it holds the control character #x0014",
    ),
    "cell options that refer to themselves": (
        {"talk.md": "## A\n\n```{python}\n#| fig-cap: &r [*r]\n1\n```\n"}, "talk.md",
        "talk.md:4: cell options refused: an alias refers to the value that contains it",
    ),
    "a reveal.js size that is a list": (
        {"talk.md": "---\nreveal:\n  width: [1, 2]\n---\n## A\n"}, "talk.md",
        "talk.md:2: reveal: width takes a number or a percentage such as 100%, got [1, 2]",
    ),
    "a reveal.js flag that is text": (
        {"talk.md": "---\nreveal:\n  loop: 'yes'\n---\n## A\n"}, "talk.md",
        "talk.md:2: reveal: loop takes true or false, got 'yes'",
    ),
    "a reveal.js choice at the top level": (
        {"talk.md": "---\ncontrols-layout: middle\n---\n## A\n"}, "talk.md",
        "talk.md:2: controls-layout: controlsLayout takes one of edges, bottom-right, got 'middle'",
    ),
    "a theme variable that closes the stylesheet": (
        {"talk.md": f"---\ntheme:\n  vars:\n    accent: 'red}}</style>{PAYLOAD}'\n---\n## A\n"}, "talk.md",
        "talk.md:2: theme: 'red}</style>...wned = true\">' is not a CSS value that stays in its declaration",
    ),
    "a theme variable name that ends the declaration": (
        {"talk.md": "---\ntheme:\n  vars:\n    'a: red; } body {': blue\n---\n## A\n"}, "talk.md",
        "talk.md:2: theme: theme variable 'a: red; } body {' is not a CSS name",
    ),
    "an image width that leaves the style attribute": (
        {"talk.md": "## A\n\n![x](dot.svg){width='50%\" onload=\"window.__pwned = true'}\n", "dot.svg": DOT}, "talk.md",
        'talk.md:3: slide 1 "A": width=\'50%" onload=..._pwned = true\' is not a CSS length — write a CSS length',
    ),
    "an absolute position that leaves the style attribute": (
        {"talk.md": "## A\n\n::: {.absolute top='1px\" onclick=\"window.__pwned = true'}\nhi\n:::\n"}, "talk.md",
        "talk.md:3: slide 1 \"A\": top='1px\" onclick..._pwned = true' is not a CSS length",
    ),
    "a column width that leaves the style attribute": (
        {"talk.md": "## A\n\n:::: columns\n::: {.column width='40%\"><script>window.__pwned = true</script>'}\nhi\n:::\n::::\n"},
        "talk.md", "talk.md:4: slide 1 \"A\": width='40%\"><script...true</script>' is not a CSS length",
    ),
    "a span position that is not a length": (
        {"talk.md": "## A\n\n[x]{.absolute left=red}\n"}, "talk.md",
        "talk.md:3: slide 1 \"A\": left='red' is not a CSS length — write a CSS length such as 50%, 300 (pixels)",
    ),
    "invalid UTF-8 in pyproject.toml": (
        {"pyproject.toml": b'[tool.deckbuild]\ntheme = "\xff"\n', "talk.md": "## A\n"}, "talk.md",
        "pyproject.toml:2: the file is not UTF-8 text — save it as UTF-8",
    ),
    "invalid UTF-8 in deckbuild.yaml": (
        {"deckbuild.yaml": b'theme: "\xff"\n', "talk.md": "## A\n"}, "talk.md",
        "deckbuild.yaml:1: the file is not UTF-8 text — save it as UTF-8",
    ),
    "a pyproject.toml whose tool is not a table": (
        {"pyproject.toml": 'tool = "x"\n', "talk.md": "## A\n"}, "talk.md",
        "pyproject.toml:1: `tool` must be a table — write deckbuild's settings under a `[tool.deckbuild]` header",
    ),
    "a pyproject.toml whose tool.deckbuild is not a table": (
        {"pyproject.toml": '[tool]\ndeckbuild = "x"\n', "talk.md": "## A\n"}, "talk.md",
        "pyproject.toml:2: `tool.deckbuild` must be a table of settings",
    ),
    "a pyproject.toml that is not TOML": (
        {"pyproject.toml": "[tool.deckbuild]\ntheme = \n", "talk.md": "## A\n"}, "talk.md",
        "pyproject.toml:2: not valid TOML: Invalid value — fix the TOML syntax",
    ),
    "divs nested deeper than a browser shows": (
        {"talk.md": nested_divs(251)}, "talk.md",
        "talk.md:253: fenced divs nest more than 250 deep — close some of the divs",
    ),
    "a notebook whose slideshow metadata is text": (
        {"talk.ipynb": notebook([markdown_cell("## A", slideshow="slide")])}, "talk.ipynb",
        'talk.ipynb: cell 1: `slideshow` metadata must be a mapping such as {"slide_type": "slide"}, got \'slide\'',
    ),
    "a notebook whose slideshow data is text": (
        {"talk.ipynb": notebook([markdown_cell("## A", slideshow={"slide_type": "slide", "data": "x"})])},
        "talk.ipynb", "talk.ipynb: cell 1: `slideshow.data` must map attribute names to text or numbers, got 'x'",
    ),
    "a notebook nested 100,000 deep": (
        {"talk.ipynb": "[" * 100_000 + "]" * 100_000}, "talk.ipynb",
        "talk.ipynb: not a notebook: its JSON nests more than 100 levels deep",
    ),
}


def write(folder: Path, files: Files) -> None:
    for name, content in files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def render(folder: Path, deck: str, monkeypatch: pytest.MonkeyPatch, *extra: str) -> Result:
    monkeypatch.chdir(folder)
    return CliRunner().invoke(cli, ["render", deck, "--no-execute", "--quiet", *extra])


def no_traceback(result: Result) -> None:
    """The command ended through click (exit code), not through an exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ONE_LINE)
def test_bad_input_is_one_line_and_writes_nothing(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files, deck, expected = ONE_LINE[name]
    write(tmp_path, files)
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    result = render(tmp_path, deck, monkeypatch)
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before, "nothing written or changed"


def test_an_alias_bomb_is_refused_in_well_under_a_second(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "talk.md").write_text(alias_bomb(), encoding="utf-8")
    started = time.perf_counter()
    result = render(tmp_path, "talk.md", monkeypatch)
    assert result.exit_code == 1
    assert time.perf_counter() - started < 1.0


def test_a_few_aliases_still_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = "---\nauthor: &me {name: Ada, affiliation: Lab}\nsubject: &s Engines\nkeywords: [*s, *s]\n---\n## A\n"
    (tmp_path / "talk.md").write_text(deck, encoding="utf-8")
    result = render(tmp_path, "talk.md", monkeypatch)
    assert result.exit_code == 0, result.output
    assert '<meta name="keywords" content="Engines, Engines">' in (tmp_path / "talk.html").read_text(encoding="utf-8")


def test_valid_reveal_settings_reach_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = ("---\nreveal:\n  width: '100%'\n  controls: speaker-only\n  autoSlide: false\n  keyboardCondition: null\n"
            "  autoAnimateStyles: [opacity]\nscroll-snap: proximity\n---\n## A\n")
    (tmp_path / "talk.md").write_text(deck, encoding="utf-8")
    result = render(tmp_path, "talk.md", monkeypatch)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "talk.html").read_text(encoding="utf-8")
    config = page_config(page)
    assert (config["width"], config["controls"], config["autoSlide"], config["scrollSnap"]) == \
        ("100%", "speaker-only", False, "proximity")


def test_css_lengths_and_calc_are_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = ("## A\n\n![x](dot.svg){width=300 .absolute top=3em left=\"calc(50% - 2em)\"}\n\n"
            ":::: columns\n::: {.column width=40%}\nA\n:::\n::::\n")
    write(tmp_path, {"talk.md": deck, "dot.svg": DOT})
    result = render(tmp_path, "talk.md", monkeypatch)
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup((tmp_path / "talk.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("img.absolute")["style"] == "width: 300px; top: 3em; left: calc(50% - 2em);"
    assert soup.select_one("div.column")["style"] == "width: 40%;"


@pytest.mark.parametrize(("source", "depth"), [(nested_divs(200), 200), (nested_divs(250), 250)])
def test_deeply_nested_divs_render_whole(source: str, depth: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "talk.md").write_text(source, encoding="utf-8")
    result = render(tmp_path, "talk.md", monkeypatch)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup((tmp_path / "talk.html").read_text(encoding="utf-8"), "html.parser")
    innermost = soup.find(string="deep")
    assert innermost is not None
    assert len(innermost.find_parents("div", class_="level")) == depth


def test_a_thousand_pauses_render_as_a_thousand_fragments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "talk.md").write_text(pauses(1000), encoding="utf-8")
    result = render(tmp_path, "talk.md", monkeypatch)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup((tmp_path / "talk.html").read_text(encoding="utf-8"), "html.parser")
    fragments = soup.select("section#a > div.fragment")
    assert len(fragments) == 1000, "one fragment per pause, side by side, as pandoc makes them"
    assert not soup.select("div.fragment div.fragment")


@pytest.mark.parametrize(("source", "said"), [
    (nested_divs(200), "built 1 slides"),
    (pauses(1000), "built 1 slides"),
    (nested_divs(300), "fenced divs nest more than 250 deep"),
])  # fmt: skip
def test_serve_builds_deep_decks_or_says_why_not(
    source: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from deckbuild.options import Overrides
    from deckbuild.serve import Session, rebuild
    from deckbuild.serve.build import error_page
    from deckbuild.serve.http import Live
    from deckbuild.serve.watch import Watcher

    deck = tmp_path / "talk.md"
    deck.write_text(source, encoding="utf-8")
    live = Live(error_page(deck, "none", frozenset({deck})))
    rebuild(deck, Session(Overrides(execute=False), quiet=True), live, Watcher([deck]))
    output = capsys.readouterr()
    assert said in output.out + output.err
    assert "RecursionError" not in output.err


# Lines that made a pattern backtrack: seconds to minutes each, before (times on this machine).
LONG_LINES = {
    "a heading padded with spaces": "## a" + " " * 3000 + "b\n",  # heading and trailing-attribute patterns: a minute
    "a code fence line padded with spaces": "## A\n\n```" + " " * 20_000 + "`\n",  # over 100 s (cut short)
    "a paragraph padded with spaces": "## A\n\na" + " " * 40_000 + "b\n",  # mistune without its fast scan: 18 s
    "a long attribute list": "## A\n\n::: {" + ".a " * 300_000 + "}\nx\n:::\n",  # quadratic slicing: 26 s
    "footnote openers": "## A\n\n" + "[^" * 20_000 + "\n",  # a label that ran to the end of the line: 3.4 s
    "inline note openers": "## A\n\n" + "^[" * 20_000 + "\n",  # the same label pattern, one place on: 5 s
    "a div tag of many attributes": "## A\n\n<div " + "a=b " * 50_000 + ">\nx\n</div>\n",
    "comments that never close": "## A\n\n" + "<!-- `x` " * 20_000 + "\n",  # each looked for its end: 1.7 s
}


@pytest.mark.parametrize("name", LONG_LINES)
def test_long_lines_render_in_linear_time(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "talk.md").write_text(LONG_LINES[name], encoding="utf-8")
    started = time.perf_counter()
    result = render(tmp_path, "talk.md", monkeypatch)
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 3.0


# -- payloads that must not run ------------------------------------------------------------

HOSTILE_DECK = f"""---
title: '*Emphasis*, `code`, $x^2$ and [a link](#/a) {PAYLOAD}'
subtitle: '<script>window.__pwned = true</script>'
footer: '**Bold** <b onmouseover="window.__pwned = true">hover</b>'
---

## A

![x](dot.svg){{style='outline: 0" onload="window.__pwned = true'}}

[text]{{.absolute left=10 style='color: red" onmouseover="window.__pwned = true'}}

<img src="dot.svg" onload="window.__body_ran = true">
"""


def stream_output_notebook() -> str:
    name = 'stdout"><img src="nowhere.png" onerror="window.__pwned = true">'
    code = {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": 1, "source": "print(1)",
            "outputs": [{"output_type": "stream", "name": name, "text": "1\n"}]}
    return notebook([markdown_cell("## A"), code], metadata={"deckbuild": {"title": f"Notebook {PAYLOAD}"}})


def rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    write(tmp_path, {"talk.md": HOSTILE_DECK, "dot.svg": DOT, "nb.ipynb": stream_output_notebook()})
    for deck in ("talk.md", "nb.ipynb"):
        result = render(tmp_path, deck, monkeypatch)
        assert result.exit_code == 0, result.output
    return tmp_path / "talk.html", tmp_path / "nb.html"


def test_metadata_keeps_its_markdown_and_shows_raw_html_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck, nb = rendered(tmp_path, monkeypatch)
    soup = BeautifulSoup(deck.read_text(encoding="utf-8"), "html.parser")
    title = soup.select_one("#title-slide h1.title")
    assert [tag.name for tag in title.find_all(["em", "code", "a"])] == ["em", "code", "a"]
    assert title.select_one(".katex") is not None
    assert not title.find_all(["img", "script"]) and PAYLOAD in title.get_text()
    assert soup.title.get_text() == f"Emphasis, code, $x^2$ and a link {PAYLOAD}"
    assert soup.select_one(".subtitle").get_text() == "<script>window.__pwned = true</script>"
    footer = soup.select_one(".slide-footer")
    assert footer.find("strong") is not None and footer.find("b") is None
    image = soup.select_one("section#a img")
    assert "onload" not in image.attrs and image["style"] == 'outline: 0" onload="window.__pwned = true;'
    span = soup.select_one("span.absolute")
    assert sorted(span.attrs) == ["class", "style"]
    raw = soup.select_one('img[onload="window.__body_ran = true"]')
    assert raw is not None and raw["src"].startswith("data:image/svg+xml"), "raw HTML in the body stays, its file embedded"
    nb_soup = BeautifulSoup(nb.read_text(encoding="utf-8"), "html.parser")
    assert not nb_soup.select("#title-slide h1 img") and PAYLOAD in nb_soup.select_one("#title-slide h1").get_text()
    output = nb_soup.select_one(".cell-output")
    assert output is not None and not output.find("img")


@pytest.mark.browser
def test_no_payload_runs_in_chromium(
    open_deck: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck, nb = rendered(tmp_path, monkeypatch)
    pages = [open_deck(deck), open_deck(nb)]
    for page in pages:
        page.wait_for_function("[...document.images].every(image => image.complete)")
        page.evaluate("""() => document.querySelectorAll('*').forEach(element =>
            ['mouseover', 'click', 'focus'].forEach(kind => element.dispatchEvent(new Event(kind))))""")
        page.evaluate("() => new Promise(done => setTimeout(done, 200))")  # every onload and onerror has fired
        assert page.evaluate("window.__pwned") is None
    assert pages[0].evaluate("window.__body_ran") is True, "the same kind of payload does run from the deck's body"


@pytest.mark.browser
def test_the_deepest_divs_allowed_keep_their_structure_in_chromium(
    open_deck: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chromium moves elements nested past 512 levels beside their parent: the bound keeps under it."""
    (tmp_path / "talk.md").write_text(nested_divs(250), encoding="utf-8")
    assert render(tmp_path, "talk.md", monkeypatch).exit_code == 0
    page = open_deck(tmp_path / "talk.html")
    depth = page.evaluate("""() => { let node = [...document.querySelectorAll('div.level')].pop(), depth = 0;
        while (node) { depth += node.classList.contains('level'); node = node.parentElement; } return depth; }""")
    assert depth == 250
    assert page.console_errors == []
