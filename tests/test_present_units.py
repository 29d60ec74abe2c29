"""`deckbuild present`'s parts without a browser: the streaming hook, the live option, the
changes sent to pages, and `render` staying what it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deckbuild.execute.messages import CellCollector
from deckbuild.execute.run import resolve_cells
from deckbuild.model import Deck, Output
from deckbuild.present.cells import MARKER_CLASS, PlannedCell, live, mark, plan
from deckbuild.present.outputs import Blocks

from conftest import run_cli
from execute_support import make_deck, needs_kernel


def _message(msg_type: str, content: dict[str, Any], parent: str = "run-1") -> dict[str, Any]:
    return {"header": {"msg_type": msg_type}, "parent_header": {"msg_id": parent}, "content": content}


def planned(deck: Deck) -> list[PlannedCell]:
    """The deck's cells as `present` plans them, their options resolved as the execution stage does."""
    resolve_cells(deck)
    return plan(deck)


def _stream(text: str, parent: str = "run-1") -> dict[str, Any]:
    return _message("stream", {"name": "stdout", "text": text}, parent)


def _display(text: str, display_id: str, update: bool = False) -> dict[str, Any]:
    content = {"data": {"text/plain": text}, "metadata": {}, "transient": {"display_id": display_id}}
    return _message("update_display_data" if update else "display_data", content)


def _shown(outputs: list[Output]) -> list[str]:
    return [o.text if o.output_type == "stream" else str(o.data.get("text/plain")) for o in outputs]


@pytest.mark.parametrize(("messages", "heard"), [
    ([_stream("tick 1\n"), _stream("tick 2\n")], [["tick 1\n"], ["tick 1\n", "tick 2\n"]]),
    ([_display("50%", "bar"), _display("100%", "bar", update=True)], [["50%"], ["100%"]]),
    ([_stream("a"), _message("clear_output", {"wait": False}), _stream("b")], [["a"], [], ["b"]]),
    ([_stream("a"), _message("clear_output", {"wait": True}), _stream("b")], [["a"], ["a"], ["b"]]),
    ([_stream("mine"), _stream("another cell's", parent="run-2"), _message("status", {"execution_state": "idle"})],
     [["mine"]]),
])  # fmt: skip
def test_a_listener_hears_every_change_to_the_outputs(messages: list[dict[str, Any]], heard: list[list[str]]) -> None:
    got: list[list[str]] = []
    collector = CellCollector("run-1", {}, lambda outputs: got.append(_shown(outputs)))
    for message in messages:
        collector.feed(message)
    assert got == heard


def test_without_a_listener_the_outputs_are_the_same() -> None:
    messages = [_stream("a"), _display("1", "d"), _display("2", "d", update=True), _stream("b")]
    plain, heard = CellCollector("run-1", {}), CellCollector("run-1", {}, lambda outputs: None)
    for message in messages:
        plain.feed(message)
        heard.feed(message)
    assert plain.outputs == heard.outputs and _shown(plain.outputs) == ["a", "2", "b"]


@needs_kernel
def test_a_local_kernel_streams_lines_before_the_cell_ends(tmp_path: Path) -> None:
    import time

    from deckbuild.execute.local import LocalExecutor
    from deckbuild.model import Cell
    from deckbuild.options import CellOptions

    heard: list[tuple[float, int]] = []
    cell = Cell("import time\nfor i in range(3):\n    print(i, flush=True)\n    time.sleep(0.4)", "python", {}, 1)
    with LocalExecutor(kernel=None, language="python", cwd=tmp_path) as executor:
        executor.run(Cell("1", "python", {}, 1), CellOptions())  # started
        started = time.monotonic()
        result = executor.stream(cell, CellOptions(), lambda outputs: heard.append((time.monotonic(), len(outputs))))
        ended = time.monotonic()
    assert [count for _, count in heard] == [1, 2, 3]
    assert heard[0][0] - started < 0.3 and ended - heard[0][0] > 0.6  # the first line came long before the end
    assert "".join(o.text for o in result.outputs) == "0\n1\n2\n"


def test_blocks_send_only_what_changed() -> None:
    blocks = Blocks()
    assert blocks.changes(["<a>"]) == ([(0, "<a>")], 1)
    assert blocks.changes(["<a>", "<img>"]) == ([(1, "<img>")], 2)
    assert blocks.changes(["<a2>", "<img>"]) == ([(0, "<a2>")], 2)
    assert blocks.changes([]) == ([], 0)


@pytest.mark.parametrize(("front", "option", "message"), [
    ("", "#| live: sometimes", "cell option `live`: expected true or false, got 'sometimes'"),
    ("execute:\n  live: 3\n", "", "expected true or false, got 3"),
])  # fmt: skip
def test_the_live_option_is_checked(tmp_path: Path, front: str, option: str, message: str) -> None:
    source = tmp_path / "talk.md"
    source.write_text(f"---\ntitle: T\n{front}---\n\n## S\n\n```{{python}}\n{option}\nx = 1\n```\n", "utf-8")
    result = run_cli("render", "--no-execute", str(source))
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_live_cells_are_those_marked_and_shown(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, ("a = 1", {"live": True}), "b = 2", ("c = 3", {"live": True, "include": False}),
                     execute={"live": False})
    assert [p.cell.source for p in live(planned(deck))] == ["a = 1"]
    every = make_deck(tmp_path, "a = 1", ("b = 2", {"live": False}), execute={"live": True})
    assert [p.id for p in live(planned(every))] == ["cell-0"]


def test_markers_go_right_before_their_cells(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, ("print('</script>')", {"live": True}), "b = 2")
    cells = live(planned(deck))
    mark(deck, cells)
    body = deck.slides[0].body
    assert body[0].format == "html" and MARKER_CLASS in body[0].text and body[1] is cells[0].cell  # type: ignore[union-attr]
    assert "</script>')" not in body[0].text  # type: ignore[union-attr]  # the source cannot end the marker
    assert len(deck.slides[1].body) == 1


def test_render_and_pdf_sources_are_unchanged_by_live(tmp_path: Path) -> None:
    """The same deck with and without `live:` renders byte for byte the same (no Run control)."""
    cells = "## Demo\n\n```{python}\n#| echo: true\n%sprint('hi')\n```\n"
    (tmp_path / "live").mkdir()
    (tmp_path / "plain").mkdir()
    (tmp_path / "live" / "talk.md").write_text("---\ntitle: T\nexecute:\n  live: true\n---\n\n" + cells % "#| live: true\n")
    (tmp_path / "plain" / "talk.md").write_text("---\ntitle: T\n---\n\n" + cells % "")
    for folder in ("live", "plain"):
        result = run_cli("render", "--no-execute", "talk.md", cwd=tmp_path / folder)
        assert result.returncode == 0, result.stderr
    live_html = (tmp_path / "live" / "talk.html").read_bytes()
    assert live_html == (tmp_path / "plain" / "talk.html").read_bytes()
    assert MARKER_CLASS.encode() not in live_html and b"live-controls" not in live_html


def test_the_example_lectures_gpu_demo_is_live() -> None:
    from deckbuild import pipeline

    deck = pipeline.load(Path(__file__).parents[1] / "decks" / "intro-to-neural-networks.md")
    demos = [p for p in live(planned(deck)) if "torch.optim.Adam" in p.cell.source]
    assert len(demos) == 1 and demos[0].options.executor == "gpu"
    assert 'torch.cuda.is_available()' in demos[0].cell.source and "get_device_name" in demos[0].cell.source
    assert deck.config.executors["gpu"].fallback == "local"  # rehearsing without the GPU box runs it here
