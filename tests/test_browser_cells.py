"""Cells Quarto runs in the reader's browser (`{ojs}`, webR, Pyodide, Shinylive): never sent to a
kernel, shown as their code where Quarto would show it and a note in place of their output,
with one warning per kind of cell in the deck."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from quarto_blocks_support import write_deck

from deckbuild import pipeline
from deckbuild.options import Overrides
from deckbuild.rendering.sinks import InlineSink


def _render(path: Path, execute: bool = True) -> tuple[BeautifulSoup, list[str]]:
    deck = pipeline.load(path, Overrides(execute=execute, use_cache=False))
    rendered = pipeline.render(deck, InlineSink())
    soup = BeautifulSoup("".join(slide.html for slide in rendered.slides), "html.parser")
    return soup, [warning.format_message() for warning in rendered.warnings]


# The cell as written → (its code is shown, the note in place of its output is shown).
CELLS = {
    "ojs, Quarto's default echo": ("```{ojs}\nx * 2\n```", False, True),
    "ojs with echo": ("```{ojs}\n//| echo: true\nx * 2\n```", True, True),
    "ojs with echo on the fence": ("```{ojs echo=true}\nx * 2\n```", True, True),
    "ojs without output": ("```{ojs}\n//| echo: true\n//| output: false\nx * 2\n```", True, False),
    "ojs not included": ("```{ojs}\n//| include: false\nx = 2\n```", False, False),
    "ojs not run": ("```{ojs}\n//| echo: true\n//| eval: false\nx * 2\n```", True, False),
    "webR: its code is its editor": ("```{webr-r}\nplot(1:10)\n```", True, True),
    "webR setup": ("```{webr-r}\n#| context: setup\nx <- 1\n```", False, False),
    "webR output only": ("```{webr-r}\n#| context: output\nplot(1)\n```", False, True),
    "pyodide": ("```{pyodide-python}\nprint(1)\n```", True, True),
    "shinylive": ("```{shinylive-python}\n#| components: [editor, viewer]\nfrom shiny import App\n```", True, True),
}


@pytest.mark.parametrize("case", CELLS)
def test_a_browser_cell_shows_its_code_and_a_note_as_quarto_would(tmp_path: Path, case: str) -> None:
    cell, code, note = CELLS[case]
    soup, _ = _render(write_deck(tmp_path, f"## Live\n\n{cell}\n", "title: T\nformat: revealjs"))
    slide = soup.select_one("section#live")
    assert slide is not None
    assert (slide.select_one("div.cell-code pre.code") is not None) == code
    shown = slide.select_one("div.cell-output-browser[role=note]")
    assert (shown is not None) == note
    if shown is not None:
        assert "runs in the browser in Quarto" in shown.get_text()


def test_ojs_code_is_the_code_as_written(tmp_path: Path) -> None:
    soup, _ = _render(write_deck(tmp_path, "## Live\n\n```{ojs}\n//| echo: true\nviewof n = Inputs.range([1, 9])\n```\n"))
    pre = soup.select_one("section#live pre.code")
    assert pre is not None and pre.get_text() == "viewof n = Inputs.range([1, 9])"


DECK = """## One

```{ojs}
a = 1
```

## Two

```{ojs}
b = 2
```

```{webr-r}
plot(1)
```
"""


def test_one_warning_per_kind_at_its_first_cell_and_no_kernel_is_asked_for(tmp_path: Path) -> None:
    path = write_deck(tmp_path, DECK, "title: T\nformat: revealjs")
    _, warnings = _render(path, execute=True)  # no Jupyter kernel runs ojs or webr-r: none is started
    browser = [w for w in warnings if "run in the reader's browser" in w]
    assert len(browser) == 2
    assert browser[0].startswith(f'{path}:8: slide 2 "One": `{{ojs}}` cells run')
    assert browser[1].startswith(f'{path}:18: slide 3 "Two": `{{webr-r}}` cells run')


def test_an_inline_ojs_expression_shows_its_code_with_the_one_warning(tmp_path: Path) -> None:
    path = write_deck(tmp_path, "## Live\n\nTwice is `{ojs} x * 2` here.\n", "title: T\nformat: revealjs")
    soup, warnings = _render(path)
    code = soup.select_one("section#live p code")
    assert code is not None and code.get_text() == "x * 2"
    assert len(warnings) == 1 and "`{ojs}` cells run in the reader's browser" in warnings[0]
