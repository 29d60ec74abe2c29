"""Diagram cells (```` ```{mermaid} ````, ```` ```{dot} ````): loaded as diagrams, never as kernel
cells; drawn at build time as SVG in the deck's theme; shown in Chromium and in the PDF;
refused in one line at the diagram's own line; drawn once and then taken from the cache."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from deckbuild import pipeline
from deckbuild.errors import BrowserNotFound, DeckError
from deckbuild.model import Diagram

from conftest import missing_resource, run_cli

FLOW = """\
```{mermaid}
%%| label: fig-flow
%%| fig-cap: "The **flow**"
flowchart LR
  A[Start] --> B{Decide}
  B --> C[Finish]
```
"""

SEQUENCE = """\
```{mermaid}
sequenceDiagram
  Alice->>Bob: Hello Bob
  Bob-->>Alice: Hi Alice
```
"""

GRAPH = """\
```{dot}
//| fig-width: 3
//| fig-alt: Three nodes
digraph G { alpha -> beta -> gamma; alpha -> gamma }
```
"""


def deck_text(*slides: str, front: str = "title: Diagrams\nformat: revealjs") -> str:
    body = "\n".join(f"## Slide {n}\n\n{slide}" for n, slide in enumerate(slides, start=1))
    return f"---\n{front}\n---\n\n{body}"


def write(tmp_path: Path, text: str, name: str = "talk.qmd") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def chromium() -> None:
    """Diagrams are drawn by headless Chromium at build time."""
    from deckbuild.browser import find_browser

    try:
        find_browser()
        import playwright  # noqa: F401
    except (BrowserNotFound, ImportError) as exc:
        missing_resource("Chromium driven by Playwright", str(exc))


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of its own, so a test draws what it asks for rather than finding another test's SVG."""
    from deckbuild import user_cache

    folder = tmp_path / "cache"
    monkeypatch.setenv("DECKBUILD_CACHE_DIR", str(folder))
    monkeypatch.setattr(user_cache, "_open", {})
    return folder


def build(path: Path, **overrides: Any) -> pipeline.RenderedDeck:
    from deckbuild.options import Overrides

    rendered, _ = pipeline.build(path, path.with_suffix(".html"), Overrides(**overrides))
    return rendered


# --- loading ------------------------------------------------------------------------------


@pytest.mark.parametrize(("fence", "engine", "marker"), [("mermaid", "mermaid", "%%|"), ("dot", "dot", "//|"),
                                                         ("dot", "dot", "#|")])
def test_diagram_cells_are_diagrams_not_kernel_cells(tmp_path: Path, fence: str, engine: str, marker: str) -> None:
    path = write(tmp_path, deck_text(f"```{{{fence}}}\n{marker} label: fig-x\n{marker} fig-cap: Caption\nA\nB\n```\n"))
    deck = pipeline.load(path)
    diagram = deck.slides[0].body[0]
    assert isinstance(diagram, Diagram)
    assert (diagram.engine, diagram.source, diagram.options) == (engine, "A\nB", {"label": "fig-x", "fig-cap": "Caption"})
    assert (diagram.line, diagram.first_line) == (8, 11)  # the fence, then the first line after the options
    assert list(deck.cells()) == []  # nothing for a kernel: `execute` returns at once
    assert pipeline.execute(deck).cells_run == 0


# --- the page -------------------------------------------------------------------------------


@pytest.mark.browser
def test_each_diagram_is_an_svg_in_the_page(chromium: None, fresh_cache: Path, tmp_path: Path) -> None:
    rendered = build(write(tmp_path, deck_text(FLOW, SEQUENCE, GRAPH)))
    soup = BeautifulSoup(rendered.html, "html.parser")
    drawings = soup.select(".cell > .cell-output-display .quarto-diagram")
    assert [d["class"][:2] for d in drawings] == [["quarto-diagram", "mermaid"]] * 2 + [["quarto-diagram", "graphviz"]]
    for drawing in drawings:
        svg = drawing.find("svg", recursive=False)
        assert svg is not None and svg.get("viewbox")  # html.parser lowers attribute names and int(svg["width"]) > 0
    texts = [" ".join(d.svg.get_text(" ").split()) for d in drawings]
    assert all(word in texts[0] for word in ("Start", "Decide", "Finish"))
    assert "Hello Bob" in texts[1] and "alpha" in texts[2]
    figure = soup.select_one("figure#fig-flow")
    assert figure is not None and "quarto-float-fig" in figure["class"]
    assert figure.figcaption["id"] == "fig-flow-caption" and figure.figcaption.strong.text == "flow"
    assert drawings[2].svg["width"] == "288" and drawings[2].svg["aria-label"] == "Three nodes"  # 3 in at 96 px/in
    assert not soup.select("script[src*=mermaid], script[src*=viz]") and "mermaid.initialize" not in rendered.html


@pytest.mark.browser
def test_html_in_a_mermaid_label_is_markup_as_quartos_mermaid_shows_it(chromium: None, fresh_cache: Path,
                                                                       tmp_path: Path) -> None:
    labels = '```{mermaid}\nflowchart LR\n  C("<b>crew</b> workers") --> D("<i>mirai</i>")\n```\n'
    drawing = BeautifulSoup(build(write(tmp_path, deck_text(labels, FLOW))).html, "html.parser").select(".quarto-diagram")
    assert [b.get_text() for b in drawing[0].select("svg b")] == ["crew"]
    assert [i.get_text() for i in drawing[0].select("svg i")] == ["mirai"]
    assert "&lt;b&gt;" not in str(drawing[0])
    assert drawing[0].select("foreignObject") and not drawing[1].select("foreignObject")  # without HTML: SVG text


@pytest.mark.browser
def test_diagrams_take_the_deck_theme_colours(chromium: None, fresh_cache: Path, tmp_path: Path) -> None:
    """The dark theme's text colour (#d7dde6) inks the diagram; the default theme's does not."""

    def svg(theme: str) -> str:
        path = write(tmp_path, deck_text(FLOW, GRAPH, front=f"title: T\ntheme: {theme}"), f"{theme}.md")
        soup = BeautifulSoup(build(path).html, "html.parser")
        return "".join(str(s) for s in soup.select(".quarto-diagram svg")).lower()

    dark, light = svg("dark"), svg("default")
    assert dark.count("#d7dde6") >= 4 and "#d7dde6" not in light
    assert "inter" in dark  # the theme's font family


@pytest.mark.browser
def test_a_mermaid_theme_named_in_front_matter_wins(chromium: None, fresh_cache: Path, tmp_path: Path) -> None:
    forest = build(write(tmp_path, deck_text(FLOW, front="title: T\nmermaid:\n  theme: forest"), "f.md")).html
    plain = build(write(tmp_path, deck_text(FLOW, front="title: T"), "p.md")).html
    assert "#cde498" in forest.lower() and "#cde498" not in plain.lower()  # forest's node fill


@pytest.mark.browser
def test_diagrams_draw_in_chromium_offline(chromium: None, fresh_cache: Path, tmp_path: Path,
                                           open_deck: Callable[..., Any]) -> None:
    path = write(tmp_path, deck_text(FLOW, GRAPH))
    build(path)
    deck = open_deck(path.with_suffix(".html"))
    deck.evaluate("Reveal.slide(1)")
    box = deck.evaluate("""() => {
        const svg = document.querySelector('section.present .quarto-diagram svg');
        const text = [...svg.querySelectorAll('text')].find(t => t.textContent.includes('Decide'));
        return [svg.getBoundingClientRect().width, text.getBBox().width];
    }""")
    assert box[0] > 200 and box[1] > 10
    assert deck.console_errors == [] and deck.requests == []


@pytest.mark.browser
@pytest.mark.slow
def test_a_diagram_is_in_the_pdf(chromium: None, fresh_cache: Path, tmp_path: Path, browser: Any) -> None:
    from pypdf import PdfReader

    from deckbuild.export.options import ExportOptions
    from deckbuild.export.pdf import Job, export_pdfs
    from deckbuild.export.printing import Blocked

    path = write(tmp_path, deck_text(FLOW, GRAPH))
    build(path)
    blocked = Blocked()
    export_pdfs(browser, [Job(path.with_suffix(".html"), tmp_path / "talk.pdf", ExportOptions())], blocked=blocked)
    assert blocked.urls == []
    pages = PdfReader(tmp_path / "talk.pdf").pages
    assert "Decide" in pages[1].extract_text() and "Finish" in pages[1].extract_text()
    assert "gamma" in pages[2].extract_text()


# --- mistakes -------------------------------------------------------------------------------

ERRORS = [
    ("mermaid syntax", "```{mermaid}\nsequenceDiagram\n  Alice->>Bob: Hi\n  Bob-->>Alice\n```\n",
     'talk.qmd:11: slide 2 "Slide 1": mermaid diagram: Parse error: Expecting'),
    ("mermaid options then syntax", "```{mermaid}\n%%| fig-cap: C\nflowchart LR\n  A --> B -->\n```\n",
     'talk.qmd:11: slide 2 "Slide 1": mermaid diagram: Parse error: Expecting'),
    ("unknown mermaid diagram", "```{mermaid}\nnot a diagram\n```\n",
     'talk.qmd:8: slide 2 "Slide 1": mermaid diagram: No diagram type detected'),
    ("dot syntax", "```{dot}\ndigraph G {\n  a -> ;\n}\n```\n",
     'talk.qmd:10: slide 2 "Slide 1": Graphviz diagram: syntax error near \';\' — correct'),
    ("empty", "```{dot}\n//| label: fig-x\n```\n", 'talk.qmd:8: slide 2 "Slide 1": dot diagram is empty'),
    ("size", "```{dot}\n//| fig-width: wide\ndigraph { a }\n```\n",
     "talk.qmd:8: slide 2 \"Slide 1\": diagram option `fig-width` must be a positive number of inches, got 'wide'"),
    ("alignment", "```{dot}\n//| fig-align: middle\ndigraph { a }\n```\n",
     "talk.qmd:8: slide 2 \"Slide 1\": diagram option `fig-align` takes one of default, center, left, right"),
    ("missing file", "```{mermaid}\n%%| file: nowhere.mmd\n```\n", "diagram file `nowhere.mmd` not found"),
    ("error in a file", "```{mermaid}\n%%| file: flow.mmd\n```\n",
     'flow.mmd:2: slide 2 "Slide 1": mermaid diagram: Parse error: Expecting'),
]


@pytest.mark.browser
@pytest.mark.parametrize(("case", "cell", "expected"), ERRORS, ids=[case[0] for case in ERRORS])
def test_a_diagram_mistake_is_one_line_at_its_place(chromium: None, fresh_cache: Path, tmp_path: Path, case: str,
                                                    cell: str, expected: str) -> None:
    (tmp_path / "flow.mmd").write_text("flowchart LR\n  A --> B -->\n", "utf-8")
    path = write(tmp_path, deck_text(cell))
    with pytest.raises(DeckError) as error:
        build(path)
    message = error.value.message
    assert "\n" not in message and expected in message, message
    assert not path.with_suffix(".html").exists()


@pytest.mark.browser
def test_a_diagram_from_a_file_and_an_unknown_option(chromium: None, fresh_cache: Path, tmp_path: Path) -> None:
    (tmp_path / "g.dot").write_text("digraph { left -> right }\n", "utf-8")
    rendered = build(write(tmp_path, deck_text("```{dot}\n//| file: g.dot\n//| code-fold: true\n```\n")))
    assert "left" in BeautifulSoup(rendered.html, "html.parser").select_one(".graphviz svg").get_text()
    assert [w.message for w in rendered.warnings] == [
        f'{tmp_path / "talk.qmd"}:8: slide 2 "Slide 1": diagram option `code-fold` is not supported; ignored'
        " — the options are label, fig-cap, fig-alt, fig-width, fig-height, fig-align, file, echo, mermaid-format"]
    assert (tmp_path / "g.dot").resolve() in rendered.inputs  # `serve` watches it


def test_without_chromium_a_diagram_deck_says_how_to_get_one(fresh_cache: Path, tmp_path: Path) -> None:
    path = write(tmp_path, deck_text(GRAPH))
    result = run_cli("render", str(path), env={"DECKBUILD_BROWSER": "/nonexistent/chrome",
                                                "DECKBUILD_CACHE_DIR": str(fresh_cache)})
    assert result.returncode == 1, result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f'error: {path}:8: slide 2 "Slide 1": Graphviz diagrams are drawn by headless Chromium')
    assert "apt-get install -y chromium" in line


# --- the cache ------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_second_render_takes_the_drawings_from_the_cache(chromium: None, fresh_cache: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from deckbuild import user_cache
    from deckbuild.diagrams import engine

    path = write(tmp_path, deck_text(FLOW, SEQUENCE, GRAPH))
    started = time.perf_counter()
    first = build(path).html
    drawing = time.perf_counter() - started
    monkeypatch.setattr(user_cache, "_open", {})  # as a new process would: read back from the file

    def no_browser(*args: object) -> None:
        raise AssertionError("a cached diagram started the browser")

    monkeypatch.setattr(engine, "draw", no_browser)
    started = time.perf_counter()
    assert build(path).html == first
    cached = time.perf_counter() - started
    assert cached < drawing / 2, (cached, drawing)
    edited = write(tmp_path, deck_text(FLOW.replace("Finish", "End")))
    with pytest.raises(AssertionError, match="started the browser"):  # an edit draws again
        build(edited)


@pytest.mark.browser
def test_a_refused_diagram_does_not_cost_its_neighbours_their_drawing(chromium: None, fresh_cache: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from deckbuild.diagrams import engine

    drawn: list[list[str]] = []
    real = engine.draw

    def spy(jobs: list[engine.Job], style: engine.Style) -> list[engine.Drawn]:
        drawn.append([job.source.split()[0] for job in jobs])
        return real(jobs, style)

    monkeypatch.setattr(engine, "draw", spy)
    bad = "```{dot}\ndigraph {\n  a -> ;\n}\n```\n"
    with pytest.raises(DeckError, match="Graphviz diagram: syntax error"):
        build(write(tmp_path, deck_text(FLOW, bad)))
    build(write(tmp_path, deck_text(FLOW, bad.replace("a -> ;", "a -> b;"))))
    assert drawn == [["flowchart", "digraph"], ["digraph"]]


@pytest.mark.browser
def test_alignment_and_echo(chromium: None, fresh_cache: Path, tmp_path: Path) -> None:
    """Centred by default, as Quarto aligns diagrams on slides; `echo: true` shows the source too."""
    right = "```{dot}\n//| fig-align: right\n//| echo: true\ndigraph { p -> q }\n```\n"
    soup = BeautifulSoup(build(write(tmp_path, deck_text(FLOW, right))).html, "html.parser")
    first, second = soup.select(".cell")
    assert "quarto-figure-center" in first.select_one(".quarto-diagram")["class"] and first.select_one(".cell-code") is None
    assert "quarto-figure-right" in second.select_one(".quarto-diagram")["class"]
    assert second.select_one(".cell-code").get_text().strip() == "digraph { p -> q }"


@pytest.mark.parametrize(("content", "expected"), [
    (b"\xff\xfe not text", 'bad.mmd:1: slide 2 "Slide 1": diagram file is not valid UTF-8 (byte 0xff)'),
    (None, "diagram file `data:text/plain,graph…` is a data URI"),
])
def test_a_diagram_file_that_cannot_be_read_is_one_line(fresh_cache: Path, tmp_path: Path, content: bytes | None,
                                                         expected: str) -> None:
    reference = "bad.mmd" if content is not None else "data:text/plain,graph"
    if content is not None:
        (tmp_path / "bad.mmd").write_bytes(content)
    with pytest.raises(DeckError) as error:
        build(write(tmp_path, deck_text(f"```{{mermaid}}\n%%| file: {reference}\n```\n")))
    assert "\n" not in error.value.message and expected in error.value.message, error.value.message
