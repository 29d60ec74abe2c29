"""One build for every front end: `render`, `serve`, `pdf`, `png` and the nbconvert exporters
go through the same stages, take the same options, and place mistakes the same way.

Each test here is a seam a user could see before the stages were shared: `pdf` and `png`
without the render options, `serve` naming a notebook's line instead of its cell, front
matter `execute:` read by another validator than `#|` lines, warnings the exporter never
logged, a slide's own HTML changing how the deck prints, SCSS edits `serve` did not see.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from pypdf import PdfReader

from deckbuild import pipeline
from deckbuild.errors import ExecutionError
from deckbuild.options import Overrides

from conftest import run_cli
from execute_support import needs_kernel
from presenting import presenting
from serving import serving

TITLES = ["Alpha", "Beta", "Gamma"]




def notebook(folder: Path, *cells: Any, metadata: dict[str, Any] | None = None) -> Path:
    path = folder / "talk.ipynb"
    nbformat.write(new_notebook(cells=list(cells), metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                            "display_name": "Python 3"},
                                                             **(metadata or {})}), path)
    return path


def headings(html: str | bytes) -> list[str]:
    return [h.get_text() for h in BeautifulSoup(html, "html.parser").select("section h2")]


# ---------------------------------------------------------------- one deck, every front end

@pytest.mark.browser
def test_every_front_end_shows_the_same_slides(tmp_path: Path, browser: Any) -> None:
    """render, serve, pdf, the nbconvert exporter, present and check: one deck, the same slides
    (check asks for speaker notes, so that it reports on every slide, each at its cell)."""
    import json

    from deckbuild.nbconvert import DeckbuildExporter
    from deckbuild.serve.build import build_page

    path = notebook(tmp_path, *(new_markdown_cell(f"## {title}\n\nText of {title}.") for title in TITLES),
                    metadata={"deckbuild": {"check": {"notes": "required"}}})
    rendered = run_cli("render", "talk.ipynb", "-q", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    served, _ = build_page(path, Overrides(), "v1")
    exported, _ = DeckbuildExporter().from_notebook_node(nbformat.read(path, as_version=4),
                                                           {"metadata": {"path": str(tmp_path), "name": "talk"}})
    assert run_cli("pdf", "talk.ipynb", "-q", cwd=tmp_path).returncode == 0
    pages = [page.extract_text() for page in PdfReader(tmp_path / "talk.pdf").pages]
    with presenting(path) as presented:
        status, presented_page = presented.request("GET", f"/?token={presented.token}")
    checked = run_cli("check", "talk.ipynb", "--format", "json", "-q", cwd=tmp_path)
    problems = json.loads(checked.stdout)["decks"][0]["problems"]

    assert headings((tmp_path / "talk.html").read_text("utf-8")) == TITLES
    assert headings(served.slides) == headings(served.html) == TITLES
    assert headings(exported) == TITLES
    assert [[title in text for title in TITLES] for text in pages] == [[i == j for j in range(3)] for i in range(3)]
    assert status == 200 and headings(presented_page) == TITLES
    assert checked.returncode == 1, checked.stderr
    assert [(p["rule"], p["title"], p["slide"], p["cell"]) for p in problems] == [
        ("notes", title, number, number) for number, title in enumerate(TITLES, start=1)]


def test_the_rendered_deck_says_what_later_stages_need(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("---\npdf: {notes: page}\n---\n## A\n\n## B {pdf-fragments=all}\n", "utf-8")
    deck = pipeline.load(tmp_path / "talk.md")
    from deckbuild.rendering.sinks import InlineSink

    rendered = pipeline.render(deck, InlineSink(), pipeline.execute(deck))
    assert [(slide.h, slide.v) for slide in rendered.slides] == [(0, 0), (1, 0)]
    assert [BeautifulSoup(slide.html, "html.parser").section["id"] for slide in rendered.slides] == ["a", "b"]
    assert rendered.pdf.notes == "page" and rendered.fragment_pages
    start, end = rendered.slides_span or (0, 0)
    assert rendered.html[start:end].strip().startswith("<section") and (tmp_path / "talk.md").resolve() in rendered.inputs


# ---------------------------------------------------------------- pdf and png take render's options

@pytest.mark.browser
def test_pdf_and_png_take_the_render_options(tmp_path: Path, browser: Any) -> None:
    """A cell that would fail if run, a theme, quiet: all as `render` takes them."""
    (tmp_path / "talk.md").write_text("## A\n\n```{python}\nraise SystemExit('ran')\n```\n", "utf-8")
    for args in (["pdf", "talk.md"], ["png", "talk.md", "-o", "png"]):
        result = run_cli(*args, "--no-execute", "--no-cache", "--theme", "dark", "-q", cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert len(PdfReader(tmp_path / "talk.pdf").pages) == 1
    import matplotlib.image

    pixel = matplotlib.image.imread(tmp_path / "png" / "talk-01.png")[5, 5]
    assert max(pixel[:3]) < 0.3, "the dark theme's background"


# ---------------------------------------------------------------- one validator per option

TIMEOUT_TRUE = {
    "front matter": ({"talk.md": "---\nexecute:\n  timeout: true\n---\n## A\n"},
                     "talk.md:2: execute: `timeout`: expected a positive number, got True"),
    "project file": ({"deckbuild.yaml": "execute:\n  timeout: true\n", "talk.md": "## A\n"},
                     "deckbuild.yaml:1: execute: `timeout`: expected a positive number, got True"),
    "cell option": ({"talk.md": "## A\n\n```{python}\n#| timeout: true\n1\n```\n"},
                    'talk.md:3: slide 1 "A": cell option `timeout`: expected a positive number, got True'),
}


@pytest.mark.parametrize("where", TIMEOUT_TRUE)
def test_an_option_means_the_same_wherever_it_is_written(where: str, tmp_path: Path) -> None:
    files, expected = TIMEOUT_TRUE[where]
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    result = run_cli("render", "talk.md", "--no-execute", cwd=tmp_path)
    assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert not (tmp_path / "talk.html").exists()


# ---------------------------------------------------------------- errors keep their place

def test_serve_names_a_notebooks_cell(tmp_path: Path) -> None:
    notebook(tmp_path, new_markdown_cell("## One"), new_markdown_cell("Text\n\n![x](nowhere.png)"))
    with serving(tmp_path / "talk.ipynb") as served:  # it builds once before it serves
        assert served.printed('talk.ipynb: cell 2, line 3: slide 1 "One": image `nowhere.png` not found')


def test_placing_an_execution_error_keeps_its_traceback() -> None:
    error = ExecutionError("cell raised ValueError: bad", details="Traceback (most recent call last): …", line=5)
    error.place("talk.ipynb", 1, 'slide 1 "One"').in_cells("talk.ipynb", [1, 4, 9])
    assert error.format_message() == ('talk.ipynb: cell 2, line 2: slide 1 "One": cell raised ValueError: bad\n'
                                      "Traceback (most recent call last): …")


@needs_kernel
def test_serve_shows_a_notebook_cells_traceback_at_its_cell(tmp_path: Path) -> None:
    notebook(tmp_path, new_markdown_cell("## One"), new_code_cell("x = 1\n1 / 0"))
    with serving(tmp_path / "talk.ipynb", "--execute") as served:
        assert served.printed('talk.ipynb: cell 2, line 1: cell on slide 1 "One" raised ZeroDivisionError', timeout=60)
        assert served.printed("----> 2 1 / 0")  # the cell's own traceback, under the line


# ---------------------------------------------------------------- warnings reach every front end

def test_the_nbconvert_exporter_logs_the_decks_warnings(tmp_path: Path) -> None:
    output = {"output_type": "display_data", "metadata": {}, "data": {"text/html": '<img src="https://127.0.0.1:9/p.png">'}}
    cell = new_code_cell("show()", outputs=[nbformat.from_dict(output)], execution_count=1)
    notebook(tmp_path, new_markdown_cell("## Plots"), cell, metadata={"deckbuild": {"chalkboard": True}})
    env = {**os.environ, **{name: str(tmp_path / name.lower()) for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR")}}
    result = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "deckbuild", "talk.ipynb"],
                            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "ignored: Quarto's `chalkboard`" in result.stderr
    assert 'talk.ipynb: cell 2, line 1: slide 1 "Plots": this output loads `https://127.0.0.1:9/p.png`' in result.stderr


# ---------------------------------------------------------------- no page is read back

@pytest.mark.browser
def test_a_slides_own_html_does_not_change_how_the_deck_prints(tmp_path: Path, browser: Any) -> None:
    """The `pdf:` settings come from the renderer, not from the first block in the page that looks like them."""
    copied = '<script type="application/json" id="deckbuild-pdf">{"slides": "1"}</script>'
    (tmp_path / "talk.md").write_text(f"## A\n\n```{{=html}}\n{copied}\n```\n\n## B\n\n## C\n", "utf-8")
    assert run_cli("pdf", "talk.md", "-q", cwd=tmp_path).returncode == 0
    assert len(PdfReader(tmp_path / "talk.pdf").pages) == 3


# ---------------------------------------------------------------- the one writer

@pytest.mark.browser
@pytest.mark.parametrize("args", [["pdf", "talk.md", "-o", "ro/talk.pdf"], ["png", "talk.md", "-o", "ro"]])
def test_an_export_into_a_read_only_folder_is_one_line(args: list[str], tmp_path: Path, browser: Any) -> None:
    (tmp_path / "talk.md").write_text("## A\n", "utf-8")
    (tmp_path / "ro").mkdir(mode=0o555)
    result = run_cli(*args, "-q", cwd=tmp_path, unprivileged=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write this output: ro is read-only" in lines[0]
    assert list((tmp_path / "ro").iterdir()) == []


@needs_kernel
def test_an_output_that_is_an_input_is_refused_before_any_cell_runs(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "talk.md").write_text("---\nlogo: logo.png\n---\n## A\n\n```{python}\nopen('ran', 'w')\n```\n", "utf-8")
    result = run_cli("render", "talk.md", "-o", "logo.png", cwd=tmp_path)
    assert result.returncode == 1 and "the output would replace a file the deck is made from" in result.stderr
    assert not (tmp_path / "ran").exists() and not (tmp_path / ".deckbuild").exists()


# ---------------------------------------------------------------- serve sees what the build read

SCSS = "/*-- scss:defaults --*/\n$body-bg: {colour};\n/*-- scss:rules --*/\n"


def test_serve_rebuilds_when_the_decks_scss_changes(tmp_path: Path) -> None:
    (tmp_path / "custom.scss").write_text(SCSS.format(colour="#123456"), "utf-8")
    (tmp_path / "talk.qmd").write_text("---\ntheme: custom.scss\n---\n## A\n", "utf-8")
    with serving(tmp_path / "talk.qmd") as served:  # built once before it serves
        (tmp_path / "custom.scss").write_text(SCSS.format(colour="#654321"), "utf-8")
        served.wait_for("built ", timeout=60)
        import urllib.request

        page = urllib.request.urlopen(served.url, timeout=10).read().decode()
        sheets = [urllib.request.urlopen(served.url.rstrip("/") + link["href"], timeout=10).read().decode()
                  for link in BeautifulSoup(page, "html.parser").select("link[rel=stylesheet]")]
        assert any("#654321" in sheet for sheet in sheets) and not any("#123456" in sheet for sheet in sheets)


@pytest.mark.browser
def test_serve_stretches_the_slides_it_swaps_in(tmp_path: Path, browser: Any) -> None:
    """Quarto's auto-stretch runs on the page's slides at load, and again on the slides an edit swaps in."""
    (tmp_path / "plot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>', "utf-8")
    deck = tmp_path / "talk.qmd"
    deck.write_text("## Plot\n\n![A plot](plot.svg)\n", "utf-8")
    with serving(deck) as served:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(served.url)
            page.wait_for_function("window.Reveal && Reveal.isReady() && window.__deckbuild")
            assert page.evaluate("document.querySelector('.slides img').classList.contains('r-stretch')")
            page.evaluate("window.marker = 'same document'")
            deck.write_text("## Plot, edited\n\n![A plot](plot.svg)\n", "utf-8")
            page.wait_for_function("document.querySelector('.present h2').textContent.includes('edited')")
            assert page.evaluate("window.marker") == "same document"  # swapped in place, not reloaded
            assert page.evaluate("document.querySelector('.slides img').classList.contains('r-stretch')")
        finally:
            context.close()


def test_warnings_are_placed_data(tmp_path: Path) -> None:
    """Warnings travel as placed errors, not as text: a front end formats them once."""
    (tmp_path / "talk.md").write_text("---\nchalkboard: true\n---\n## A\n", "utf-8")
    deck = pipeline.load(tmp_path / "talk.md")
    from deckbuild.rendering.sinks import InlineSink

    (warning,) = pipeline.render(deck, InlineSink()).warnings
    assert (warning.path, warning.line) == (tmp_path / "talk.md", 2)
    assert warning.format_message() == (f"{tmp_path / 'talk.md'}:2: ignored: Quarto's `chalkboard` is a reveal.js plugin "
                                        "deckbuild does not bundle")
