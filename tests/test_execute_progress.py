"""Progress lines, the summary, and the command-line options."""

from __future__ import annotations

import io
from pathlib import Path

import click
from click.testing import CliRunner

from deckbuild.execute import execute_deck
from deckbuild.execute.cli_options import execution_options
from deckbuild.execute.fake import FakeExecutor
from deckbuild.execute.progress import ProgressReporter
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


def test_warnings_are_printed(tmp_path: Path) -> None:
    run(tmp_path, tty=False)
    (tmp_path / ".deckbuild/cache/talk.md/local.python.json").write_text("{")
    assert "warning: " in run(tmp_path, tty=False)


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    stream = io.StringIO()
    deck = make_deck(tmp_path, "a = 1")
    with ProgressReporter(stream, enabled=False) as progress:
        execute_deck(deck, progress=progress, make_executor=lambda spec: FakeExecutor())
    assert stream.getvalue() == ""


def test_cli_options_arrive_as_execute_deck_keywords() -> None:
    seen: list[dict[str, object]] = []

    @click.command()
    @execution_options
    def render(**execution: object) -> None:
        seen.append(execution)

    runner = CliRunner()
    unset = {"gateway": None, "gateway_token_env": None}
    assert runner.invoke(render, []).exit_code == 0
    assert seen[-1] == {"execute": None, "use_cache": True, "refresh": False, "cache_dir": None, "kernel": None,
                        **unset}
    assert runner.invoke(render, ["--execute", "--cache-dir", "c", "--refresh", "--kernel", "k"]).exit_code == 0
    assert seen[-1] == {"execute": True, "use_cache": True, "refresh": True, "cache_dir": Path("c"), "kernel": "k",
                        **unset}
    assert runner.invoke(render, ["--no-execute", "--no-cache"]).exit_code == 0
    assert seen[-1] == {"execute": False, "use_cache": False, "refresh": False, "cache_dir": None, "kernel": None,
                        **unset}
    assert runner.invoke(render, ["--gateway", "http://h:8888", "--gateway-token-env", "T"]).exit_code == 0
    assert (seen[-1]["gateway"], seen[-1]["gateway_token_env"]) == ("http://h:8888", "T")
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
    from deckbuild.pipeline import notebook_place
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
    with Recording(stream, tty=True, place=notebook_place(deck)) as progress:
        execute_deck(deck, progress=progress, make_executor=lambda spec: FakeExecutor())
    assert shown == ["local: cell 1/2, notebook cell 2 on slide 1", "local: cell 2/2, notebook cell 4 on slide 2"]
    assert "executed 2 cells" in stream.getvalue().splitlines()[-1]
