"""Notebook decks: slideshow placement, heading split, tags, front matter, errors, `deckbuild map`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from deckbuild.config import DeckConfig
from deckbuild.model import Cell, Deck, Div, Slide
from deckbuild.sources import load
from deckbuild.sources.slideshow import place


def _cell(kind: str | None, text: str = "", code: bool = False, **extra: Any) -> Any:
    cell = new_code_cell(text, **extra) if code else new_markdown_cell(text, **extra)
    if kind is not None:
        cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def _deck(tmp_path: Path, *cells: Any, metadata: dict[str, Any] | None = None) -> Deck:
    nb = new_notebook(cells=list(cells), metadata=metadata or {})
    path = tmp_path / "talk.ipynb"
    nbformat.write(nb, path)
    return load(path, DeckConfig())


def _shape(deck: Deck) -> list[tuple[str, bool | None, list[str]]]:
    """(title, stack_start, body summary) per slide; body: `md`, `cell`, `frag[...]`, `notes[...]`."""
    return [(s.title, s.stack_start, _summary(s.body)) for s in deck.slides]


def _summary(blocks: list[Any]) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Div):
            out.append(f"{block.attrs.classes[0]}[{','.join(_summary(block.children))}]")
        else:
            out.append("cell" if isinstance(block, Cell) else "md")
    return out


# --- placement, as nbconvert's slides do it ---------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["-", "fragment", "-"], [("slide", False), ("fragment", True), ("-", True)]),
        (["notes", "skip", "fragment"], [("notes", False), ("skip", False), ("slide", False)]),
        (["slide", "fragment", "notes", "skip", "fragment"],
         [("slide", False), ("fragment", True), ("notes", True), ("skip", True), ("fragment", True)]),
        (["slide", "fragment", "subslide", "-"], [("slide", False), ("fragment", True), ("subslide", False), ("-", False)]),
    ],
)
def test_placement(kinds: list[str], expected: list[tuple[str, bool]]) -> None:
    placements = place(kinds)
    assert placements is not None
    assert [(p.kind, p.in_fragment) for p in placements] == expected


def test_nothing_shown() -> None:
    assert place(["notes", "skip"]) is None


def test_slideshow_metadata_makes_slides_subslides_fragments_and_notes(tmp_path: Path) -> None:
    deck = _deck(
        tmp_path,
        _cell("notes", "before anything"),
        _cell("-", "## First\n\nhello"),
        _cell("fragment", "print(1)", code=True),
        _cell("notes", "said during the fragment"),
        _cell("skip", "never shown"),
        _cell("subslide", "## Below"),
        _cell("slide", "# Part two"),
        _cell(None, "continues"),
    )
    assert _shape(deck) == [
        ("First", True, ["md", "fragment[cell,notes[md]]"]),
        ("Below", False, []),
        ("Part two", True, ["md"]),
    ]
    assert [s.level for s in deck.slides] == [2, 2, 1]


def test_subslide_right_after_slide_and_untitled_slides(tmp_path: Path) -> None:
    deck = _deck(tmp_path, _cell("slide", "a"), _cell("subslide", "b"), _cell("subslide", "x = 1", code=True))
    assert _shape(deck) == [("", True, ["md"]), ("", False, ["md"]), ("", False, ["cell"])]


def test_slideshow_data_lands_on_the_section(tmp_path: Path) -> None:
    cell = _cell("slide", "## T")
    cell.metadata["slideshow"]["data"] = {"background_color": "#222"}
    deck = _deck(tmp_path, cell)
    assert deck.slides[0].attrs.values == {"background-color": "#222"}


def test_without_metadata_headings_and_rules_split(tmp_path: Path) -> None:
    deck = _deck(
        tmp_path,
        new_markdown_cell("# Intro\n\ntext\n\n## A"),
        new_code_cell("x = 1"),
        new_markdown_cell("::: notes\nspoken\n:::\n\n---\n\nuntitled"),
    )
    assert _shape(deck) == [("Intro", None, ["md"]), ("A", None, ["cell", "notes[md]"]), ("", None, ["md"])]


def test_code_cells_keep_outputs_options_and_tags(tmp_path: Path) -> None:
    outputs = [
        new_output("stream", name="stdout", text="hi\n"),
        new_output("execute_result", data={"text/plain": "42"}, execution_count=3),
        new_output("error", ename="ValueError", evalue="bad", traceback=["tb"]),
    ]
    cells = [
        new_markdown_cell("## Code"),
        new_code_cell("#| fig-cap: A plot\nprint('hi')", outputs=outputs, execution_count=3),
        new_code_cell("a", metadata={"tags": ["remove-input"]}),
        new_code_cell("b", metadata={"tags": ["hide-output"]}),
        new_code_cell("c", metadata={"tags": ["remove-cell"]}),
        new_markdown_cell("gone", metadata={"tags": ["remove-cell"]}),
    ]
    deck = _deck(tmp_path, *cells, metadata={"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}})
    first, second, third, removed = deck.cells()
    assert first.source == "print('hi')" and first.options == {"fig-cap": "A plot"}
    assert first.language == "r" and first.execution_count == 3
    assert [o.output_type for o in first.outputs] == ["stream", "execute_result", "error"]
    assert first.outputs[0].text == "hi\n" and first.outputs[1].data == {"text/plain": "42"}
    assert (second.options, second.tags) == ({"echo": False}, ["remove-input"])
    assert third.options == {"output": False}
    assert removed.source == "c" and removed.options == {"include": False}  # runs with --execute, never shown
    assert _shape(deck) == [("Code", None, ["cell", "cell", "cell", "cell"])]


def test_code_cells_no_slide_shows_still_run(tmp_path: Path) -> None:
    deck = _deck(tmp_path, _cell("skip", "import math", code=True), _cell("slide", "## A"),
                 _cell("skip", "x = 2", code=True), _cell("-", "print(x)", code=True))
    assert [(c.source, c.options.get("include")) for c in deck.cells()] == [
        ("import math", False), ("x = 2", False), ("print(x)", None)]
    assert _shape(deck) == [("A", True, ["cell", "cell", "cell"])]


def test_front_matter_from_raw_cell_and_metadata(tmp_path: Path) -> None:
    meta = {"deckbuild": {"title": "From metadata", "footer": "meta footer"}}
    deck = _deck(tmp_path, new_raw_cell("---\ntitle: From the raw cell\n---"), new_markdown_cell("## A"), metadata=meta)
    assert (deck.config.title, deck.config.footer) == ("From the raw cell", "meta footer")
    assert [s.number for s in deck.slides] == [2]
    bare = _deck(tmp_path, new_raw_cell("title: Bare YAML\nslide-number: true"), new_markdown_cell("## A"))
    assert bare.config.title == "Bare YAML" and bare.config.slide_number is True
    html = _deck(tmp_path, new_raw_cell("<b>not yaml</b>", metadata={"raw_mimetype": "text/html"}))
    assert html.config.title == "" and len(html.slides) == 1


def test_raw_cells_reach_the_page_as_nbconverts_html_takes_them(tmp_path: Path) -> None:
    """No format or HTML: into the page as they are; Markdown: rendered; LaTeX: left out."""
    from bs4 import BeautifulSoup

    from deckbuild import pipeline
    from deckbuild.rendering.sinks import InlineSink

    deck = _deck(tmp_path, new_markdown_cell("## A"), new_raw_cell("<b id=bare>no format</b>"),
                 new_raw_cell("<i id=html>html</i>", metadata={"raw_mimetype": "text/html"}),
                 new_raw_cell("**markdown** [x](#/a)", metadata={"raw_mimetype": "text/markdown"}),
                 new_raw_cell("\\textbf{latex}", metadata={"raw_mimetype": "text/latex"}))
    page = BeautifulSoup(pipeline.render(deck, InlineSink()).html, "html.parser")
    slide = page.select_one("section#a")
    assert slide is not None
    assert slide.select_one("b#bare") is not None and slide.select_one("i#html") is not None
    assert [strong.get_text() for strong in slide.select("strong")] == ["markdown"]
    assert "latex" not in slide.get_text()


# --- errors: one line naming the file, the cell and the fix -----------------------------------


def _render(tmp_path: Path, notebook: str | dict[str, Any]) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "talk.ipynb"
    path.write_text(notebook if isinstance(notebook, str) else json.dumps(notebook), "utf-8")
    return subprocess.run([sys.executable, "-m", "deckbuild", "render", str(path)], capture_output=True, text=True,
                          cwd=tmp_path)


def _nb(*cells: dict[str, Any], **meta: Any) -> dict[str, Any]:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": list(cells)}


def _md(source: str, **metadata: Any) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": f"c{abs(hash(source)) % 10**8}", "metadata": metadata, "source": source}


ERRORS = {
    "not JSON": ('{"cells": [', "talk.ipynb:1: not a notebook: invalid JSON"),
    "JSON but a list": ("[1, 2]", "talk.ipynb: not a valid notebook: the file holds a JSON list, not an object"),
    "JSON null": ("null", "talk.ipynb: not a valid notebook: the file holds a JSON null"),
    "no cells": ('{"nbformat": 4, "metadata": {}}', "talk.ipynb: not a valid notebook: it has no `cells`"),
    "cells not a list": ('{"nbformat": 4, "cells": 5}', "talk.ipynb: not a valid notebook: `cells` is not a list"),
    "a cell that is no object": ('{"nbformat": 4, "cells": [1]}', "talk.ipynb: not a valid notebook: cell 1 is not"),
    "worksheets not a list": ('{"nbformat": 3, "worksheets": 5}', "not a valid notebook: `worksheets` is not a list"),
    "cell without source": (
        _nb(_md("## A"), {"cell_type": "markdown", "id": "x1", "metadata": {}}),
        "talk.ipynb: cell 2: not a valid notebook",
    ),
    "unknown cell type": (
        _nb({"cell_type": "picture", "id": "x2", "metadata": {}, "source": "x"}),
        "talk.ipynb: cell 1: not a valid notebook",
    ),
    "unclosed div in a cell": (
        _nb(_md("## A\n\nok"), _md("text\n\n::: notes\nnever closed")),
        "talk.ipynb: cell 2, line 3: fenced div `:::` is never closed",
    ),
    "unknown theme in front matter": (
        _nb({"cell_type": "raw", "id": "r", "metadata": {}, "source": "---\ntitle: T\ntheme: nope\n---"}, _md("## A")),
        "talk.ipynb: cell 1, line 3: unknown theme `nope`",
    ),
    "missing image": (_nb(_md("## A"), _md("intro\n\n![x](nope.png)")), "talk.ipynb: cell 2, line 3: slide 1 \"A\": image `nope.png` not found"),
    "missing attachment": (_nb(_md("## A\n\nintro\n\n![x](attachment:image.png)")),
                           "talk.ipynb: cell 1, line 5: image `attachment:image.png` is not attached to this cell"),
    "attachment that is no image": (
        _nb({**_md("## A\n\n![x](attachment:notes.txt)"), "attachments": {"notes.txt": {"text/plain": "aGk="}}}),
        "talk.ipynb: cell 1, line 3: attachment `notes.txt` is not an image (it holds text/plain)"),
    "all skipped": (_nb(_md("x", slideshow={"slide_type": "skip"})), "there is no slide to show"),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_malformed_notebooks_get_one_line(tmp_path: Path, case: str) -> None:
    source, expected = ERRORS[case]
    result = _render(tmp_path, source)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert expected in lines[0]
    assert " — " in lines[0] or (case.startswith("missing") and "image" in case)
    assert not (tmp_path / "talk.html").exists()


# --- deckbuild map ----------------------------------------------------------------------------


def test_map_names_each_cell_slide_and_role(tmp_path: Path) -> None:
    cells = [
        new_raw_cell("title: Mapped"),
        _cell("notes", "early"),
        _cell("slide", "## One"),
        _cell("fragment", "x = 1", code=True),
        _cell("notes", "in the fragment"),
        _cell("subslide", "## One, below"),
        _cell("skip", "hidden"),
        _cell("slide", "## Two", metadata={"tags": ["remove-cell"]}),
    ]
    nbformat.write(new_notebook(cells=cells), tmp_path / "talk.ipynb")
    result = subprocess.run([sys.executable, "-m", "deckbuild", "map", "talk.ipynb"], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    rows = [line.split(None, 4) for line in result.stdout.splitlines()[1:]]
    assert [row[:4] for row in rows] == [
        ["cell", "1", "-", "-"],
        ["cell", "2", "-", "-"],
        ["cell", "3", "2", "2.1"],
        ["cell", "4", "2", "2.1"],
        ["cell", "5", "2", "2.1"],
        ["cell", "6", "3", "2.2"],
        ["cell", "7", "-", "-"],
        ["cell", "8", "-", "-"],
    ]
    text = result.stdout
    for expected in ("front matter", "notes before the first slide", "fragment 1", "notes in fragment 1",
                     "subslide", "skipped", "removed (tag remove-cell)"):
        assert expected in text


def test_map_of_a_markdown_deck(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("## One\n\na\n\n. . .\n\nb\n\n::: notes\nn\n:::\n\n## Two\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "deckbuild", "map", "talk.md"], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    rows = [line.split()[:5] for line in result.stdout.splitlines()[1:]]
    assert rows == [
        ["line", "1", "1", "1", "slide"],
        ["line", "5", "1", "1", "fragment"],
        ["line", "9", "1", "1", "notes"],
        ["line", "13", "2", "2", "slide"],
    ]


def test_stack_start_groups_columns_whatever_the_navigation_mode() -> None:
    from deckbuild.model import Attrs
    from deckbuild.rendering.page import stacks
    from deckbuild.rendering.slides import SlideParts

    def part(start: bool | None, level: int = 2) -> SlideParts:
        return SlideParts(Slide("", level, Attrs(), [], 1, stack_start=start), "", "", "", "")

    parts = [part(True), part(False), part(True), part(None, 2), part(None, 1)]
    assert [len(stack) for stack in stacks(parts, "linear")] == [2, 1, 1, 1]
    assert [len(stack) for stack in stacks(parts, "vertical")] == [2, 2, 1]


# --- code and stderr: nbconvert's defaults for notebooks, Quarto's for Markdown ----------------


def _stderr_cell(*, tags: list[str] | None = None, options: str = "") -> Any:
    output = new_output("stream", name="stderr", text="UserWarning: careful\n")
    return new_code_cell(f"{options}import warnings\nwarnings.warn('careful')", outputs=[output],
                         metadata={"tags": tags or []})


SHOWN = {
    # case: (cells before the code cell, the code cell, base execute settings, (code shown, stderr shown))
    "nbconvert's defaults": ([], _stderr_cell(), {}, (True, True)),
    "front matter echo: false": ([new_raw_cell("execute:\n  echo: false")], _stderr_cell(), {}, (False, True)),
    "front matter warning: false": ([new_raw_cell("execute:\n  warning: false")], _stderr_cell(), {}, (True, False)),
    "project file echo: false": ([], _stderr_cell(), {"echo": False}, (False, True)),
    "#| echo: false": ([], _stderr_cell(options="#| echo: false\n"), {}, (False, True)),
    "#| echo over front matter": ([new_raw_cell("execute:\n  echo: false")], _stderr_cell(options="#| echo: true\n"),
                                  {}, (True, True)),
    "tag remove-input": ([], _stderr_cell(tags=["remove-input"]), {}, (False, True)),
    "tag hide_input (nbconvert's spelling)": ([], _stderr_cell(tags=["hide_input"]), {}, (False, True)),
    "tag remove-stderr": ([], _stderr_cell(tags=["remove-stderr"]), {}, (True, False)),
    "written for Quarto (format: revealjs): Quarto's defaults": (
        [new_raw_cell("---\ntitle: T\nformat: revealjs\n---")], _stderr_cell(), {}, (False, False)),
    "written for Quarto, echo: true": (
        [new_raw_cell("---\nformat:\n  revealjs:\n    slide-number: true\nexecute:\n  echo: true\n---")],
        _stderr_cell(), {}, (True, False)),
}


@pytest.mark.parametrize("case", SHOWN, ids=list(SHOWN))
def test_notebooks_show_code_and_stderr_unless_told_otherwise(tmp_path: Path, case: str) -> None:
    from deckbuild import settings
    from deckbuild.config import Source
    from deckbuild.options import resolve_options

    before, cell, base, expected = SHOWN[case]
    nbformat.write(new_notebook(cells=[*before, new_markdown_cell("## A"), cell]), tmp_path / "talk.ipynb")
    project = settings.apply(DeckConfig(), {"execute": base} if base else {}, Source("_quarto.yml", {}, 1), project=True)
    deck = load(tmp_path / "talk.ipynb", project)
    options = resolve_options(next(deck.cells()), deck.config.execute)
    assert (options.show_code, options.warning) == expected


def test_markdown_decks_keep_quartos_defaults(tmp_path: Path) -> None:
    from deckbuild.options import resolve_options

    (tmp_path / "talk.md").write_text("## A\n\n```{python}\nprint(1)\n```\n", "utf-8")
    deck = load(tmp_path / "talk.md", DeckConfig())
    options = resolve_options(next(deck.cells()), deck.config.execute)
    assert (options.show_code, options.warning) == (False, False)


def test_a_function_slide_shows_its_code(tmp_path: Path) -> None:
    """The issue's case: a slide titled "A function" showed only `Hello, World!`."""
    from bs4 import BeautifulSoup

    from deckbuild import render

    greet = new_code_cell("def greet():\n    print('Hello, World!')\n\ngreet()", execution_count=1,
                          outputs=[new_output("stream", name="stdout", text="Hello, World!\n")])
    nbformat.write(new_notebook(cells=[_cell("slide", "## A function"), _cell("-", greet.source, code=True,
                                                                              outputs=greet.outputs)]),
                   tmp_path / "talk.ipynb")
    page = BeautifulSoup(render(tmp_path / "talk.ipynb", quiet=True).read_text("utf-8"), "html.parser")
    slide = page.select_one("section#a-function")
    assert "def greet():" in slide.select_one(".cell-code").get_text()
    assert slide.select_one(".cell-output-stdout").get_text().strip() == "Hello, World!"


# --- a `#` heading is a section slide only when its slide holds nothing else ------------------

SECTION_CASES = {
    "heading and a list": ([_cell("slide", "# Built-in Types\n\n- int\n- str")], [False]),
    "heading alone": ([_cell("slide", "# Numbers")], [True]),
    "heading and notes": ([_cell("slide", "# Numbers"), _cell("notes", "say hello")], [True]),
    "heading and a skipped cell": ([_cell("slide", "# Numbers"), _cell("skip", "x = 1", code=True)], [True]),
    "heading and code": ([_cell("slide", "# Numbers"), _cell("-", "2 ** 100", code=True)], [False]),
    "heading and hidden code without outputs": (
        [_cell("slide", "# Setup"), _cell("-", "import numpy", code=True, metadata={"tags": ["remove-input"]})], [True]),
    "heading and hidden code with outputs": (
        [_cell("slide", "# Setup"), _cell("-", "1", code=True, metadata={"tags": ["remove-input"]},
                                          outputs=[new_output("execute_result", data={"text/plain": "1"})])], [False]),
    "heading and a fragment": ([_cell("slide", "# Numbers"), _cell("fragment", "- more")], [False]),
    "## is never one": ([_cell("slide", "## Numbers")], [False]),
    "no slideshow metadata": ([new_markdown_cell("# Intro\n\ntext\n\n# Part\n\n## A\n\nbody")], [False, True, False]),
}


@pytest.mark.parametrize("case", SECTION_CASES, ids=list(SECTION_CASES))
def test_a_notebook_heading_is_a_section_slide_only_alone(tmp_path: Path, case: str) -> None:
    cells, expected = SECTION_CASES[case]
    assert [slide.is_section for slide in _deck(tmp_path, *cells).slides] == expected


def test_a_markdown_heading_with_content_stays_a_section_slide(tmp_path: Path) -> None:
    """Quarto renders with pandoc's `--slide-level 2`: a `#` heading's content goes on its
    section title slide."""
    (tmp_path / "talk.md").write_text("# Part one\n\nWhat this part covers.\n\n## A slide\n\nbody\n", "utf-8")
    assert [slide.is_section for slide in load(tmp_path / "talk.md", DeckConfig()).slides] == [True, False]


def test_the_title_of_an_ordinary_hash_slide_is_an_h1(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from deckbuild import render

    nbformat.write(new_notebook(cells=[_cell("slide", "# Built-in Types\n\n- int"), _cell("slide", "# Part two")]),
                   tmp_path / "talk.ipynb")
    page = BeautifulSoup(render(tmp_path / "talk.ipynb", quiet=True).read_text("utf-8"), "html.parser")
    types, part = page.select("section.slide")
    assert ("content-slide" in types["class"], types.find(["h1", "h2"]).name) == (True, "h1")
    assert "section-slide" in part["class"]


# --- RISE's metadata ----------------------------------------------------------------------------

RISE_CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str | None]] = {
    "theme and transition": ({"rise": {"theme": "moon", "transition": "zoom"}},
                             {"theme": "moon", "transition": "zoom"}, None),
    "layout": ({"rise": {"slideNumber": "c/t", "width": 1024, "height": "768px", "controls": False,
                         "center": False}},
               {"slide_number": "c/t", "width": 1024, "height": 768, "controls": False, "center": False}, None),
    "footer and reveal.js settings": ({"rise": {"footer": "<b>SciPy 2026</b>", "history": True, "margin": 0.05}},
                                      {"footer": "<b>SciPy 2026</b>", "history": True, "margin": 0.05}, None),
    "the old key, livereveal": ({"livereveal": {"theme": "sky"}}, {"theme": "sky"}, None),
    "deckbuild's own metadata wins": ({"rise": {"theme": "moon"}, "deckbuild": {"theme": "dark"}},
                                      {"theme": "dark"}, None),
    "live-only keys and unusable values": (
        {"rise": {"autolaunch": True, "transition": "linear", "width": "100%", "theme": "my-own", "scroll": True}},
        {"theme": "default"},
        "metadata `rise`: `autolaunch`, `theme`, `transition`, `width` steer RISE's live slideshow or have no "
        "meaning in a built deck (or a value deckbuild cannot take); ignored",
    ),
}


@pytest.mark.parametrize("case", RISE_CASES, ids=list(RISE_CASES))
def test_rise_metadata(tmp_path: Path, case: str) -> None:
    metadata, expected, warning = RISE_CASES[case]
    config = _deck(tmp_path, new_markdown_cell("## A"), metadata=metadata).config
    seen = {key: config.reveal.get(key, getattr(config, key, None)) for key in expected}
    assert seen == expected
    assert [w.format_message() for w in config.warnings] == ([f"{tmp_path / 'talk.ipynb'}: {warning}"] if warning else [])


# --- the kernel: the notebook's kernelspec, unless the deck or --kernel says otherwise ----------

KERNELS = {
    "the kernelspec": ({"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}}, [], "ir"),
    "no kernelspec": ({}, [], None),
    "execute: kernel: wins": ({"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}},
                              [new_raw_cell("execute:\n  kernel: python3")], "python3"),
}


@pytest.mark.parametrize("case", KERNELS, ids=list(KERNELS))
def test_the_kernel_comes_from_the_kernelspec(tmp_path: Path, case: str) -> None:
    from deckbuild import pipeline
    from deckbuild.options import Overrides

    metadata, before, expected = KERNELS[case]
    deck = _deck(tmp_path, *before, new_markdown_cell("## A"), new_code_cell("1"), metadata=metadata)
    assert deck.config.execute.kernel == expected
    overridden = pipeline.load(tmp_path / "talk.ipynb", Overrides(kernel="julia-1.10"))
    assert overridden.config.execute.kernel == "julia-1.10"  # --kernel


def test_a_kernelspec_that_is_not_installed_is_one_line_naming_the_installed_ones(tmp_path: Path) -> None:
    from deckbuild.execute.local import installed_kernels

    spec = {"name": "conda-env-talk-py", "language": "python", "display_name": "Python (talk)"}
    nbformat.write(new_notebook(cells=[_cell("slide", "## A"), _cell("-", "1 + 1", code=True)],
                                metadata={"kernelspec": spec}), tmp_path / "talk.ipynb")
    result = subprocess.run([sys.executable, "-m", "deckbuild", "render", "talk.ipynb", "--execute"],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("executing ")]  # progress
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: talk.ipynb: cell 2, line 1: no Jupyter kernel named `conda-env-talk-py`; "
                               "installed kernels: ")
    assert all(f"{name} (" in lines[0] for name in installed_kernels())
    assert not (tmp_path / "talk.html").exists()


# --- old notebooks: nbformat 3, and cells without ids --------------------------------------------

V3 = {
    "nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "", "signature": "sha256:0"},
    "worksheets": [{"metadata": {}, "cells": [
        {"cell_type": "heading", "level": 2, "metadata": {"slideshow": {"slide_type": "slide"}}, "source": ["Loops"]},
        {"cell_type": "code", "collapsed": False, "input": ["for i in range(2):\n", "    print(i)"],
         "language": "python", "metadata": {}, "prompt_number": 4,
         "outputs": [{"output_type": "stream", "stream": "stdout", "text": ["0\n", "1\n"]}]},
    ]}],
}  # fmt: skip


def test_an_nbformat_3_notebook_reads_as_jupyter_upgrades_it(tmp_path: Path) -> None:
    path = tmp_path / "talk.ipynb"
    path.write_text(json.dumps(V3), "utf-8")
    deck = load(path, DeckConfig())
    (slide,) = deck.slides
    (cell,) = deck.cells()
    assert (slide.title, slide.level) == ("Loops", 2)
    assert (cell.source, cell.execution_count, cell.outputs[0].text) == ("for i in range(2):\n    print(i)", 4, "0\n1\n")
    assert json.loads(path.read_text("utf-8")) == V3


def test_cells_without_ids_make_no_noise(tmp_path: Path) -> None:
    notebook = _nb(_md("## A"), {"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": [],
                                 "execution_count": None})
    for cell in notebook["cells"]:
        cell.pop("id", None)
    result = _render(tmp_path, notebook)
    assert result.returncode == 0 and "warning" not in result.stderr.lower(), result.stderr


# --- images: attachments, and raw HTML <img> -----------------------------------------------------

PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")


@pytest.mark.parametrize("reference", ["![a dict](attachment:image.png)", '<img src="attachment:image.png" width="50%">'])
def test_attachments_are_embedded(tmp_path: Path, reference: str) -> None:
    from bs4 import BeautifulSoup

    from deckbuild import render

    first = new_markdown_cell(f"## One\n\n{reference}", attachments={"image.png": {"image/png": PNG}})
    other = new_markdown_cell("## Two\n\n![](attachment:image.png)",
                              attachments={"image.png": {"image/gif": "R0lGODlhAQABAAAAACw="}})
    nbformat.write(new_notebook(cells=[first, other]), tmp_path / "talk.ipynb")
    page = BeautifulSoup(render(tmp_path / "talk.ipynb", quiet=True).read_text("utf-8"), "html.parser")
    one, two = (section.select_one("img")["src"] for section in page.select("section.slide"))
    assert one == f"data:image/png;base64,{PNG}"
    assert two.startswith("data:image/gif;base64,")  # each cell its own image.png


def test_raw_html_images_are_embedded_and_a_missing_one_is_named_with_its_cell(tmp_path: Path) -> None:
    """Raw `<img>` in a Markdown cell is checked like `![](…)` (issue 13): embedded, and a
    missing file stops the build at its cell. A remote one is fetched: tests/test_remote_images.py."""
    from bs4 import BeautifulSoup

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(__import__("base64").b64decode(PNG))
    cells = [new_markdown_cell('## Logos\n\n<img src="images/logo.png" width="120">\n\n'
                               'Inline <img src="images/logo.png" height="20"> too')]
    nbformat.write(new_notebook(cells=cells), tmp_path / "talk.ipynb")
    result = _render(tmp_path, json.loads((tmp_path / "talk.ipynb").read_text("utf-8")))
    assert result.returncode == 0, result.stderr
    images = BeautifulSoup((tmp_path / "talk.html").read_text("utf-8"), "html.parser").select("section.slide img")
    assert [img["src"][:22] for img in images] == ["data:image/png;base64,"] * 2
    assert [img.get("width") or img.get("height") for img in images] == ["120", "20"]

    cells.append(new_markdown_cell('## Gone\n\n<img src="images/gone.png">'))
    nbformat.write(new_notebook(cells=cells), tmp_path / "talk.ipynb")
    result = _render(tmp_path, json.loads((tmp_path / "talk.ipynb").read_text("utf-8")))
    assert result.returncode == 1
    assert result.stderr.startswith(f'error: {tmp_path / "talk.ipynb"}: cell 2, line 3: slide 2 "Gone": image '
                                    "`images/gone.png` not found"), result.stderr


def test_an_html_outputs_local_image_is_embedded_and_a_missing_one_named_with_its_cell(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    (tmp_path / "plot.png").write_bytes(__import__("base64").b64decode(PNG))
    html = '<figure><img src="plot.png"><img src="gone.png"></figure>'
    cells = [new_markdown_cell("## Figure"),
             new_code_cell("HTML(figure)", outputs=[new_output("display_data", data={"text/html": html})])]
    nbformat.write(new_notebook(cells=cells), tmp_path / "talk.ipynb")
    result = _render(tmp_path, json.loads((tmp_path / "talk.ipynb").read_text("utf-8")))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith(
        f'warning: {tmp_path / "talk.ipynb"}: cell 2, line 1: slide 1 "Figure": this output\'s image `gone.png` not '
        "found — check the path"), warnings
    images = BeautifulSoup((tmp_path / "talk.html").read_text("utf-8"), "html.parser").select(".cell-output img")
    assert [img["src"][:22] for img in images] == ["data:image/png;base64,", "gone.png"]
