"""Quarto's inline code, `` `{python} expr` ``, evaluated in the deck's own kernel.

Each expression runs after the cells above it and before those below (document order, as
Quarto runs them), its value is put into the sentence as text, and it is cached like a cell:
the next build, or one with `--no-execute`, takes it from the cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from deckbuild import pipeline
from deckbuild.errors import ExecutionError
from deckbuild.options import Overrides
from deckbuild.rendering.sinks import InlineSink
from deckbuild.sources.inline_code import expressions

from execute_support import needs_kernel

TALK = """---
title: Circles
---

## Radius

```{python}
radius = 5
label = "small *and* <round>"
```

The radius is `{python} radius`, the area `{python} round(3.14159 * radius ** 2, 1)`.
It is `{python} label`.

## Later

```{python}
radius = 7
```

Now `{python} radius`; as code: `` `{python} radius` `` and `radius`.
"""


def build(deck: Path, overrides: Overrides | None = None) -> tuple[BeautifulSoup, list[str]]:
    loaded = pipeline.load(deck)
    report = pipeline.execute(loaded, overrides or Overrides())
    rendered = pipeline.render(loaded, InlineSink(), report)
    return BeautifulSoup(rendered.html, "html.parser"), [w.format_message() for w in rendered.warnings]


def paragraphs(page: BeautifulSoup, ident: str) -> list[str]:
    return [p.get_text() for p in page.select(f"section#{ident} p")]


@pytest.mark.parametrize(("text", "found"), [
    ("`{python} x`", ["`{python} x`"]),
    ("a `{python} x + 1` b `{python}  y ` c", ["`{python} x + 1`", "`{python}  y `"]),
    ("`` `{python} x` ``", []),
    ("`{python}x`", []),
    ("`python x`", []),
    ("```{python} x```", []),
    ("`{r} nrow(d)`", ["`{r} nrow(d)`"]),
])
def test_which_code_spans_are_expressions(text: str, found: list[str]) -> None:
    assert [text[e.start : e.end] for e in expressions(text)] == found


@needs_kernel
def test_inline_values_follow_the_cells_above_them(tmp_path: Path) -> None:
    deck = tmp_path / "talk.qmd"
    deck.write_text(TALK, encoding="utf-8")
    page, warnings = build(deck)
    assert paragraphs(page, "radius") == ["The radius is 5, the area 78.5.\nIt is small *and* <round>."]
    assert page.select_one("section#radius em") is None  # the value is text, not Markdown
    later = paragraphs(page, "later")
    assert later == ["Now 7; as code: `{python} radius` and radius."]
    assert [c.get_text() for c in page.select("section#later code")] == ["`{python} radius`", "radius"]
    assert warnings == []


@needs_kernel
def test_inline_values_are_cached_and_used_with_no_execute(tmp_path: Path) -> None:
    deck = tmp_path / "talk.qmd"
    deck.write_text(TALK, encoding="utf-8")
    build(deck)
    page, warnings = build(deck, Overrides(execute=False))
    assert paragraphs(page, "later") == ["Now 7; as code: `{python} radius` and radius."]
    assert warnings == []


def test_no_execute_without_a_cache_keeps_the_code_with_a_warning(tmp_path: Path) -> None:
    deck = tmp_path / "talk.qmd"
    deck.write_text("## N\n\n```{python}\nn = 3\n```\n\nThere are `{python} n` of them.\n", encoding="utf-8")
    page, warnings = build(deck, Overrides(execute=False, use_cache=False))
    assert paragraphs(page, "n") == ["There are n of them."]
    assert page.select_one("section#n p code").get_text() == "n"
    assert warnings == [f'{deck}:7: slide 1 "N": inline expression `n` has no value: its cells were not run and the '
                        "cache holds none — render without --no-execute once"]


@needs_kernel
def test_a_markdown_value_is_markdown(tmp_path: Path) -> None:
    deck = tmp_path / "talk.qmd"
    deck.write_text("## M\n\n```{python}\nfrom IPython.display import Markdown\n```\n\n"
                    "Say `{python} Markdown('**bold**')` here.\n", encoding="utf-8")
    page, _ = build(deck)
    assert page.select_one("section#m p strong").get_text() == "bold"


@needs_kernel
def test_an_expression_that_raises_is_an_error_at_its_line(tmp_path: Path) -> None:
    deck = tmp_path / "talk.qmd"
    deck.write_text("## E\n\nFine.\n\nBroken `{python} undefined_name` here.\n", encoding="utf-8")
    with pytest.raises(ExecutionError) as caught:
        build(deck)
    message = caught.value.format_message()
    assert message.startswith(f'{deck}:5: cell on slide 1 "E" raised NameError'), message


@needs_kernel
def test_inline_code_in_an_included_file_runs_with_the_deck(tmp_path: Path) -> None:
    (tmp_path / "_part.qmd").write_text("## Part\n\nValue `{python} value * 2`.\n", encoding="utf-8")
    deck = tmp_path / "talk.qmd"
    deck.write_text("## A\n\n```{python}\nvalue = 21\n```\n\n{{< include _part.qmd >}}\n", encoding="utf-8")
    page, _ = build(deck)
    assert paragraphs(page, "part") == ["Value 42."]


def test_inline_code_is_not_an_expression_in_a_notebook(tmp_path: Path) -> None:
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    notebook = tmp_path / "nb.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("## A\n\nShown `{python} x` as code.")]), notebook)
    deck = pipeline.load(notebook)
    assert list(deck.cells()) == []
