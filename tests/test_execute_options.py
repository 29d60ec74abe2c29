"""Cell options with Quarto's reveal.js meaning: one real kernel runs a deck holding every
case, then each case checks what the rendered cell shows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deckbuild.errors import DeckError
from deckbuild.execute import execute_deck
from deckbuild.model import Cell
from deckbuild.options import CellOptions, resolve_options
from deckbuild.rendering.cells import render_cell

from conftest import run_cli
from execute_support import CONTEXT, make_deck, needs_kernel, soup

CODE = 'print("hello")\nimport sys; print("careful", file=sys.stderr)\n6 * 7'
MARKDOWN = 'print("**bold** move")'

# id, deck `execute:`, cell options, notebook tags, expected: ran, code shown, output classes
CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[str], bool, bool, list[str]]] = [
    ("defaults", {}, {}, [], True, False, ["stdout", "display"]),
    ("echo", {}, {"echo": True}, [], True, True, ["stdout", "display"]),
    ("deck-echo", {"echo": True}, {}, [], True, True, ["stdout", "display"]),
    ("cell-beats-deck", {"echo": True}, {"echo": False}, [], True, False, ["stdout", "display"]),
    ("eval-false", {}, {"eval": False, "echo": True}, [], False, True, []),
    ("deck-eval-false", {"eval": False}, {"echo": True}, [], False, True, []),
    ("output-false", {}, {"output": False}, [], True, False, []),
    ("include-false", {}, {"include": False, "echo": True}, [], True, False, []),
    ("warning", {}, {"warning": True}, [], True, False, ["stdout", "stderr", "display"]),
    ("deck-warning", {"warning": True}, {}, [], True, False, ["stdout", "stderr", "display"]),
    ("remove-input", {"echo": True}, {}, ["remove-input"], True, False, ["stdout", "display"]),
    ("remove-output", {}, {"echo": True}, ["remove-output"], True, True, []),
    ("remove-cell", {}, {"echo": True}, ["remove-cell"], True, False, []),
    ("deck-output-false", {"output": False}, {"output": True}, [], True, False, ["stdout", "display"]),
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Cell]:
    """All cases in one kernel per distinct deck `execute:` block."""
    done: dict[str, Cell] = {}
    for deck_options in {repr(case[1]): case[1] for case in CASES}.values():
        chosen = [case for case in CASES if case[1] == deck_options]
        deck = make_deck(tmp_path_factory.mktemp("deck"), *[(CODE, case[2]) for case in chosen],
                         execute=deck_options)
        for cell, case in zip(deck.cells(), chosen, strict=True):
            cell.tags = list(case[3])
        execute_deck(deck, use_cache=False)
        done.update({case[0]: (cell, deck) for cell, case in zip(deck.cells(), chosen, strict=True)})  # type: ignore[misc]
    return done  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("case", "deck_options", "options", "tags", "ran", "code_shown", "outputs"), CASES, ids=[c[0] for c in CASES]
)
@needs_kernel
def test_option_semantics(executed, case, deck_options, options, tags, ran, code_shown, outputs) -> None:  # type: ignore[no-untyped-def]
    cell, deck = executed[case]
    html = render_cell(cell, resolve_options(cell, deck.config.execute), CONTEXT).html
    page = soup(html)
    assert (cell.execution_count is not None) is ran
    assert bool(page.select(".cell-code")) is code_shown
    shown = [c.removeprefix("cell-output-") for div in page.select(".cell-output")
             for c in div["class"] if c.startswith("cell-output-")]
    assert sorted(shown) == sorted(outputs)
    if "display" in outputs:
        assert page.select_one(".cell-output-display").get_text() == "42"


@pytest.mark.parametrize(
    ("location", "selectors", "next_slide"),
    [
        ("default", [".cell > .cell-code", ".cell > .cell-output-stdout"], False),
        ("fragment", [".cell > .cell-code", ".cell > .cell-outputs.fragment > .cell-output-stdout"], False),
        ("column", [".columns > .column > .cell-code", ".columns > .column:not(.fragment) > .cell-output"], False),
        ("column-fragment", [".columns > .column > .cell-code", ".columns > .column.fragment > .cell-output"], False),
        ("slide", [".cell > .cell-code"], True),
    ],
)
def test_output_location(tmp_path, location: str, selectors: list[str], next_slide: bool) -> None:  # type: ignore[no-untyped-def]
    from deckbuild.execute.fake import FakeExecutor, stdout

    deck = make_deck(tmp_path, ("work()", {"echo": True, "output-location": location}))
    execute_deck(deck, use_cache=False, make_executor=lambda spec: FakeExecutor({"work()": [stdout("hi\n")]}))
    cell = next(deck.cells())
    rendered = render_cell(cell, resolve_options(cell, deck.config.execute), CONTEXT)
    for selector in selectors:
        assert soup(rendered.html).select(selector), selector
    if next_slide:
        assert not soup(rendered.html).select(".cell-output")
        assert soup(rendered.next_slide or "").select(".cell-output-slide > .cell-output-stdout")
    else:
        assert rendered.next_slide is None


@pytest.mark.parametrize(
    ("value", "numbered", "steps"),
    [(None, True, 1), (True, True, 1), (False, False, 1), ("1|2-3", True, 2)],  # Quarto: numbered by default
)
def test_code_line_numbers(value: object, numbered: bool, steps: int) -> None:
    options = {"echo": True} | ({} if value is None else {"code-line-numbers": value})
    cell = Cell("a = 1\nb = 2\nc = 3", "python", options, 1)
    pre = soup(render_cell(cell, resolve_options(cell, CellOptions()), CONTEXT).html).select_one(".cell-code pre")
    assert ("numbered" in pre["class"]) is numbered
    assert len(pre.select("code")) == steps
    if steps > 1:
        assert pre["data-line-numbers"] == value and pre.select("code.step.fragment .line.hl")


def test_echo_fenced_shows_fence_and_options() -> None:
    cell = Cell("x = 1", "python", {"echo": "fenced", "fig-cap": "A plot"}, 1)
    text = soup(render_cell(cell, resolve_options(cell, CellOptions()), CONTEXT).html).get_text()
    assert text.startswith("```{python}\n#| echo: fenced\n#| fig-cap: A plot\nx = 1\n```")


def test_output_asis_is_markdown(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from deckbuild.execute.fake import FakeExecutor, stdout

    deck = make_deck(tmp_path, (MARKDOWN, {"output": "asis"}))
    execute_deck(deck, use_cache=False, make_executor=lambda spec: FakeExecutor({MARKDOWN: [stdout("**bold** move\n")]}))
    cell = next(deck.cells())
    page = soup(render_cell(cell, resolve_options(cell, deck.config.execute), CONTEXT).html)
    assert page.select_one(".cell > p > strong").get_text() == "bold"
    assert not page.select(".cell-output")


def test_quarto_reveal_defaults() -> None:
    options = resolve_options(Cell("", "python", {}, 1), CellOptions())
    assert (options.echo, options.warning, options.eval, options.output, options.error) == (False, False, True, True, False)
    assert (options.fig_width, options.fig_height, options.fig_dpi) == (10, 5, 96)
    assert options.code_line_numbers is True and options.output_location == "default"


def test_precedence_defaults_deck_cell() -> None:
    deck = CellOptions(echo=True, timeout=30, kernel="python3")
    options = resolve_options(Cell("", "python", {"timeout": 5, "fig-width": 6}, 1), deck)
    assert (options.echo, options.timeout, options.kernel, options.fig_width) == (True, 5, "python3", 6)
    assert resolve_options(Cell("", "python", {}, 1), replace(deck, kernel="other")).kernel == "other"


def test_quarto_only_options_are_accepted() -> None:
    cell = Cell("", "python", {"label": "fig-x", "fig-align": "center", "code-fold": True}, 1)
    assert resolve_options(cell, CellOptions()) == CellOptions()


def test_an_unknown_option_is_a_warning_with_the_nearest_name_and_changes_nothing() -> None:
    cell = Cell("", "python", {"echoo": False, "fig.show": "hold"}, 7, slide=2, slide_title="Data")
    said: list[DeckError] = []
    assert resolve_options(cell, CellOptions(echo=True), path="talk.md", warn=said.append) == CellOptions(echo=True)
    assert [w.message for w in said] == ["talk.md:7: slide 2 \"Data\": unknown cell option `echoo`; ignored — did you mean `echo`?"]


KNITR_HEADERS = [
    ("```{r setup, include=FALSE}", {"label": "setup", "include": False}),
    ("```{r, echo=TRUE, eval=F}", {"echo": True, "eval": False}),
    ('```{r fig-loss, fig.cap="Loss, by epoch", fig.width=6, fig.alt=\'a curve\'}',
     {"label": "fig-loss", "fig-cap": "Loss, by epoch", "fig-width": 6, "fig-alt": "a curve"}),
    ('```{r, fig.dim=c(4, 3), out.width="50%", results="asis"}', {"fig.dim": "c(4, 3)", "out-width": "50%", "results": "asis"}),
    ("```{python echo=false}", {"echo": False}),
    ("```{python, echo=FALSE, warning=FALSE}", {"echo": False, "warning": False}),
]


@pytest.mark.parametrize(("fence", "options"), KNITR_HEADERS)
def test_knitr_chunk_headers_set_the_options_hash_pipe_lines_would(fence: str, options: dict[str, Any]) -> None:
    from deckbuild.sources.blocks import BlockParser

    cell = BlockParser("talk.qmd").cell(*_fence_parts(fence), ["1"], 1)
    assert cell.options == options


def _fence_parts(fence: str) -> tuple[str, str]:
    from deckbuild.sources.blocks import CELL_INFO

    match = CELL_INFO.match(fence.removeprefix("```"))
    assert match is not None
    return match["lang"], match["rest"]


def test_an_r_markdown_talk_renders_with_its_options_and_one_warning_for_a_typo(tmp_path: Path) -> None:
    source = tmp_path / "talk.qmd"
    source.write_text('---\ntitle: R talk\n---\n\n## Setup\n\n```{r setup, include=FALSE}\nlibrary(x)\n```\n\n'
                      '```{r, echo=TRUE}\n#| fig.width: 4\n#| out.width: "50%"\n#| message: false\nplot(1)\n```\n\n'
                      '```{r}\n#| ehco: true\nsummary(1)\n```\n', "utf-8")
    result = run_cli("render", "--no-execute", "talk.qmd", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == ['warning: talk.qmd:18: slide 2 "Setup": unknown cell option `ehco`; ignored — did you mean `echo`?']
    from bs4 import BeautifulSoup

    code = [pre.get_text() for pre in BeautifulSoup((tmp_path / "talk.html").read_text("utf-8"), "html.parser").select(".slides pre")]
    assert code == ["plot(1)"]  # setup has include=FALSE; the last cell, R's default echo (off)
    strict = run_cli("render", "--no-execute", "--strict", str(source), "-o", str(tmp_path / "strict.html"), cwd=tmp_path)
    assert strict.returncode == 1 and "`ehco`" in strict.stderr and not (tmp_path / "strict.html").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"eval": "yes"}, "talk.md:7: slide 2 \"Data\": cell option `eval`: expected true or false, got 'yes'"),
        ({"output-location": "left"}, "cell option `output-location`: expected one of default, fragment"),
        ({"timeout": -1}, "cell option `timeout`: expected a positive number, got -1"),
    ],
)
def test_bad_option_is_a_deck_error(options: dict[str, Any], message: str) -> None:
    cell = Cell("", "python", options, 7, slide=2, slide_title="Data")
    with pytest.raises(DeckError) as caught:
        resolve_options(cell, CellOptions(), path="talk.md")
    assert message in caught.value.message


@settings(max_examples=300, deadline=None)
@given(rest=st.text(alphabet=" ,=\"'()abcTRUEF.1-", max_size=40))
def test_any_chunk_header_reads_as_options_without_failing(rest: str) -> None:
    from deckbuild.sources.knitr import chunk_options

    options = chunk_options(rest)
    assert all(isinstance(key, str) and key for key in options)
