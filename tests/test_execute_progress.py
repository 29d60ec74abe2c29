"""Progress lines, the summary, and the command-line options."""

from __future__ import annotations

import io
from pathlib import Path

import click
from click.testing import CliRunner

from deckbuild.cli_options import render_options
from deckbuild.execute import execute_deck
from deckbuild.execute.fake import FakeExecutor
from deckbuild.execute.progress import ProgressReporter
from deckbuild.options import Overrides

from execute_support import make_deck


def run(folder: Path, *, tty: bool, **options) -> str:  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    deck = make_deck(folder, "a = 1", "b = 2")
    with ProgressReporter(stream, tty=tty) as progress:
        execute_deck(deck, progress=progress, make_executor=lambda spec: FakeExecutor(), **options)
    return stream.getvalue()


def test_off_a_terminal_one_line_per_executor_then_a_summary(tmp_path: Path) -> None:
    lines = run(tmp_path, tty=False).splitlines()
    assert lines[0] == "executing 2 cells on local (python)"
    assert lines[1].startswith("executed 2 cells, 0 from cache, in ") and lines[1].endswith(" s")
    lines = run(tmp_path, tty=False).splitlines()
    assert lines[0] == "2 cells on local (python) from the cache"
    assert lines[1].startswith("executed 0 cells, 2 from cache, in ")


def test_on_a_terminal_a_bar_then_the_summary(tmp_path: Path) -> None:
    output = run(tmp_path, tty=True)
    assert "executed 2 cells, 0 from cache" in output.splitlines()[-1]


def test_no_execute_counts_cells_without_outputs(tmp_path: Path) -> None:
    output = run(tmp_path, tty=False, execute=False)
    assert "2 without outputs (not executed, not cached)" in output


def test_warnings_are_in_the_report_not_in_the_progress(tmp_path: Path) -> None:
    run(tmp_path, tty=False)
    (tmp_path / ".deckbuild/cache/talk.md/local.python.json").write_text("{")
    stream = io.StringIO()
    with ProgressReporter(stream, tty=False) as progress:
        report = execute_deck(make_deck(tmp_path, "a = 1", "b = 2"), progress=progress,
                              make_executor=lambda spec: FakeExecutor())
    assert "warning" not in stream.getvalue()  # the front end prints warnings, once
    assert [str(w).split(": ", 1)[1] for w in report.warnings] == [
        "unreadable cache entry (Expecting property name enclosed in double quotes: line 1 column 2 (char 1)); "
        "ignoring it, it will be rebuilt"]


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    stream = io.StringIO()
    deck = make_deck(tmp_path, "a = 1")
    with ProgressReporter(stream, enabled=False) as progress:
        execute_deck(deck, progress=progress, make_executor=lambda spec: FakeExecutor())
    assert stream.getvalue() == ""


def test_render_options_arrive_as_overrides() -> None:
    seen: list[tuple[Overrides, bool]] = []

    @click.command()
    @render_options
    def render(overrides: Overrides, quiet: bool) -> None:
        seen.append((overrides, quiet))

    runner = CliRunner()
    assert runner.invoke(render, []).exit_code == 0
    assert seen[-1] == (Overrides(), False)  # nothing given: every field None
    assert runner.invoke(render, ["--execute", "--cache-dir", "c", "--refresh", "--kernel", "k", "-q"]).exit_code == 0
    assert seen[-1] == (Overrides(execute=True, refresh=True, cache_dir=Path("c"), kernel="k"), True)
    assert runner.invoke(render, ["--no-execute", "--no-cache", "--theme", "dark", "--no-embed"]).exit_code == 0
    assert seen[-1][0] == Overrides(theme="dark", embed=False, execute=False, use_cache=False)
    assert runner.invoke(render, ["--gateway", "http://h:8888", "--gateway-token-env", "T"]).exit_code == 0
    assert (seen[-1][0].gateway, seen[-1][0].gateway_token_env) == ("http://h:8888", "T")
    result = runner.invoke(render, ["--no-cache", "--refresh"])
    assert result.exit_code == 2 and "cannot go with --no-cache" in result.output
    result = runner.invoke(render, ["--gateway-token-env", "T"])
    assert result.exit_code == 2 and "give the URL too" in result.output


def test_public_surface_is_complete() -> None:
    import deckbuild.execute as execute

    for name in execute.__all__:
        assert getattr(execute, name) is not None


def test_a_notebooks_bar_names_each_cell_by_its_number_in_the_notebook(tmp_path: Path) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from deckbuild.config import DeckConfig
    from deckbuild.sources import load

    cells = [new_markdown_cell("## Setup"), new_code_cell("import math"), new_markdown_cell("## Use"),
             new_code_cell("math.pi")]
    nbformat.write(new_notebook(cells=cells), tmp_path / "talk.ipynb")
    deck = load(tmp_path / "talk.ipynb", DeckConfig())
    shown: list[str] = []

    class Recording(ProgressReporter):
        def describe(self, event):  # type: ignore[no-untyped-def]
            shown.append(super().describe(event))
            return shown[-1]

    stream = io.StringIO()
    with Recording(stream, tty=True) as progress:
        execute_deck(deck, progress=progress, make_executor=lambda spec: FakeExecutor())
    assert shown == ["local: cell 1/2, notebook cell 2 on slide 1", "local: cell 2/2, notebook cell 4 on slide 2"]
    assert "executed 2 cells" in stream.getvalue().splitlines()[-1]
