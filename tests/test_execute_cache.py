"""The execution cache: hits start no kernel, edits invalidate, bad entries are rebuilt."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deckbuild.execute import execute_deck
from deckbuild.execute.fake import FakeExecutor, stdout
from deckbuild.execute.local import LocalExecutor

from execute_support import make_deck, needs_kernel


class Spy:
    """An executor factory that counts the executors it makes and the cells they run."""

    def __init__(self) -> None:
        self.made: list[FakeExecutor] = []

    def __call__(self, spec):  # type: ignore[no-untyped-def]
        executor = FakeExecutor({"a = 1": [stdout("one\n")], "print(a)": [stdout("1\n")]})
        self.made.append(executor)
        return executor

    @property
    def ran(self) -> int:
        return sum(len(executor.ran) for executor in self.made)


def cache_file(folder: Path) -> Path:
    return folder / ".deckbuild" / "cache" / "talk.md" / "local.python.json"


def render(folder: Path, *cells, spy: Spy | None = None, **options):  # type: ignore[no-untyped-def]
    deck = make_deck(folder, *cells, execute=options.pop("deck", None))
    report = execute_deck(deck, make_executor=spy or Spy(), **options)
    return deck, report


@needs_kernel
def test_cache_hit_starts_no_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[LocalExecutor] = []
    original_init = LocalExecutor.__init__

    def spy_init(self, **kwargs):  # type: ignore[no-untyped-def]
        made.append(self)
        original_init(self, **kwargs)

    monkeypatch.setattr(LocalExecutor, "__init__", spy_init)
    first = make_deck(tmp_path, "import os\nprint(os.getpid())", "print('two')")
    report = execute_deck(first)
    assert (report.cells_run, report.cells_cached, len(made)) == (2, 0, 1)

    second = make_deck(tmp_path, "import os\nprint(os.getpid())", "print('two')")
    report = execute_deck(second)
    assert (report.cells_run, report.cells_cached, len(made)) == (0, 2, 1)  # no new executor
    assert [c.outputs for c in second.cells()] == [c.outputs for c in first.cells()]
    assert [c.execution_count for c in second.cells()] == [1, 2]
    assert report.seconds < 0.5


def test_hit_replays_outputs_without_making_an_executor(tmp_path: Path) -> None:
    spy = Spy()
    render(tmp_path, "a = 1", "print(a)", spy=spy)
    deck, report = render(tmp_path, "a = 1", "print(a)", spy=spy)
    assert (len(spy.made), spy.ran, report.cells_cached) == (1, 2, 2)
    assert [c.outputs[0].text for c in deck.cells()] == ["one\n", "1\n"]


def test_editing_a_cell_reruns_its_batch(tmp_path: Path) -> None:
    spy = Spy()
    render(tmp_path, "a = 1", "print(a)", spy=spy)
    _, report = render(tmp_path, "a = 1", "print(a)  # edited", spy=spy)
    assert (len(spy.made), spy.ran, report.cells_run) == (2, 4, 2)  # state: the whole batch again


@pytest.mark.parametrize(
    ("before", "after", "hit"),
    [
        ({}, {"echo": True, "output-location": "fragment", "fig-cap": "x"}, True),  # display only
        ({}, {"fig-width": 4}, False),  # changes the figures the kernel draws
        ({}, {"error": True}, False),
        ({"eval": True}, {"eval": False}, False),  # the cell leaves the batch
    ],
)
def test_which_options_invalidate(tmp_path: Path, before: dict, after: dict, hit: bool) -> None:  # type: ignore[type-arg]
    render(tmp_path, "a = 1", ("print(a)", before))
    _, report = render(tmp_path, "a = 1", ("print(a)", after))
    assert (report.cells_run == 0) is hit


def test_deck_level_options_are_in_the_key(tmp_path: Path) -> None:
    render(tmp_path, "a = 1")
    _, report = render(tmp_path, "a = 1", deck={"error": True})
    assert report.cells_run == 1


def test_corrupt_entry_warns_and_is_rebuilt(tmp_path: Path) -> None:
    render(tmp_path, "a = 1")
    cache_file(tmp_path).write_text('{"deckbuild-cache": 1, "key": ')
    _, report = render(tmp_path, "a = 1")
    assert report.cells_run == 1
    assert len(report.warnings) == 1 and "unreadable cache entry" in str(report.warnings[0])
    assert json.loads(cache_file(tmp_path).read_text())["cells"][0]["outputs"]  # rebuilt
    _, report = render(tmp_path, "a = 1")
    assert (report.cells_cached, report.warnings) == (1, [])


def test_entry_of_the_wrong_shape_is_corrupt_too(tmp_path: Path) -> None:
    render(tmp_path, "a = 1")
    cache_file(tmp_path).write_text(json.dumps({"deckbuild-cache": 1, "key": "k", "cells": [{"outputs": [{}]}]}))
    _, report = render(tmp_path, "a = 1")
    assert report.cells_run == 1 and report.warnings


def test_entries_are_plain_readable_json_written_atomically(tmp_path: Path) -> None:
    render(tmp_path, "a = 1", "print(a)")
    entry = json.loads(cache_file(tmp_path).read_text())
    assert entry["kernel"] == "lang:python" and [c["source"] for c in entry["cells"]] == ["a = 1", "print(a)"]
    assert entry["cells"][1]["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
    assert [p.name for p in cache_file(tmp_path).parent.iterdir()] == ["local.python.json"]  # no temp files
    assert cache_file(tmp_path).stat().st_mode & 0o044  # readable by others: it gets committed


def test_no_execute_uses_matching_cached_cells_only(tmp_path: Path) -> None:
    render(tmp_path, "a = 1", "print(a)")
    spy = Spy()
    deck, report = render(tmp_path, "a = 1", "print(a)  # edited", spy=spy, execute=False)
    assert spy.made == []
    first, second = deck.cells()
    assert (first.outputs[0].text, second.outputs) == ("one\n", [])
    assert (report.cells_cached, report.cells_missing) == (1, 1)


def test_no_execute_keeps_stored_notebook_outputs(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "a = 1")
    next(deck.cells()).outputs = [stdout("stored\n")]
    execute_deck(deck, execute=False, make_executor=Spy())
    assert next(deck.cells()).outputs[0].text == "stored\n"


def test_no_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    render(tmp_path, "a = 1", use_cache=False)
    assert not cache_file(tmp_path).exists()
    render(tmp_path, "a = 1")
    _, report = render(tmp_path, "a = 1", use_cache=False)
    assert report.cells_run == 1


def test_refresh_reruns_and_rewrites(tmp_path: Path) -> None:
    render(tmp_path, "a = 1")
    cache_file(tmp_path).write_text(cache_file(tmp_path).read_text().replace("one", "stale"))
    _, report = render(tmp_path, "a = 1", refresh=True)
    assert report.cells_run == 1 and "stale" not in cache_file(tmp_path).read_text()


def test_cache_false_always_runs(tmp_path: Path) -> None:
    render(tmp_path, ("a = 1", {"cache": False}))
    _, report = render(tmp_path, ("a = 1", {"cache": False}))
    assert report.cells_run == 1 and not cache_file(tmp_path).exists()


def test_cache_dir_and_frozen_cache_travel(tmp_path: Path) -> None:
    """A committed cache renders the deck elsewhere (another clone, another machine)."""
    render(tmp_path / "here", "a = 1", cache_dir=tmp_path / "shared")
    assert (tmp_path / "shared" / "talk.md" / "local.python.json").exists()
    _, report = render(tmp_path / "there", "a = 1", cache_dir=tmp_path / "shared")
    assert report.cells_cached == 1
    render(tmp_path / "a", "a = 1")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    spy = Spy()
    _, report = render(tmp_path / "b", "a = 1", spy=spy)
    assert (report.cells_cached, spy.made) == (1, [])


def test_a_failed_run_caches_nothing(tmp_path: Path) -> None:
    from deckbuild.errors import ExecutionError
    from deckbuild.execute.fake import error

    deck = make_deck(tmp_path, "a = 1", "boom()")
    with pytest.raises(ExecutionError):
        execute_deck(deck, make_executor=lambda spec: FakeExecutor({"boom()": [error("NameError", "boom")]}))
    assert not cache_file(tmp_path).exists()


SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from execute_support import make_deck
from deckbuild.execute import execute_deck
deck = make_deck(Path({folder!r}), *{cells!r})
execute_deck(deck, make_executor={factory})
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("jupyter_client", "nbclient", "zmq", "nbformat", "rich"))
print(heavy)
"""


@pytest.mark.parametrize("cells", [(), ("a = 1",)], ids=["no-cells", "cache-hit"])
def test_heavy_modules_are_not_imported(tmp_path: Path, cells: tuple[str, ...]) -> None:
    if cells:
        render(tmp_path, *cells)
    factory = "None" if not cells else "lambda spec: 1/0"
    script = SCRIPT.format(tests=str(Path(__file__).parent), folder=str(tmp_path), cells=cells, factory=factory)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
