"""Every way execution fails, reported like a compiler: file, line, slide, what happened."""

from __future__ import annotations

import time

import pytest

from deckbuild.errors import DeckError, ExecutionError
from deckbuild.execute import execute_deck

from execute_support import kernel_mark, make_deck

pytestmark = kernel_mark()


def test_a_raising_cell_stops_with_its_place_and_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deck = make_deck(tmp_path, "x = 1", "def f():\n    return undefined_name\nf()", "print('never')")
    with pytest.raises(ExecutionError) as caught:
        execute_deck(deck)
    error = caught.value
    first, *details = error.format_message().splitlines()
    assert first == (f'{tmp_path / "talk.md"}:20: cell on slide 2 "Slide 2" raised NameError: '
                     "name 'undefined_name' is not defined")
    assert error.exit_code == 1
    text = "\n".join(details)
    assert "\x1b" not in text and "return undefined_name" in text and "error: true" in text
    assert list(deck.cells())[2].outputs == []  # execution stopped
    assert not (tmp_path / ".deckbuild" / "cache" / "talk.md").exists()  # nothing cached


def test_error_true_shows_the_error_and_carries_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deck = make_deck(tmp_path, ("raise ValueError('shown')", {"error": True}), "print('after')")
    execute_deck(deck)
    first, second = deck.cells()
    assert first.outputs[0].output_type == "error" and first.outputs[0].ename == "ValueError"
    assert second.outputs[0].text == "after\n"


def test_deck_level_error_true(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deck = make_deck(tmp_path, "1/0", "print('after')", execute={"error": True})
    execute_deck(deck)
    assert list(deck.cells())[1].outputs[0].text == "after\n"


def test_timeout_interrupts_and_reports(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deck = make_deck(tmp_path, "print('ok')", ("import time\ntime.sleep(60)", {"timeout": 1}))
    started = time.monotonic()
    with pytest.raises(ExecutionError) as caught:
        execute_deck(deck)
    assert time.monotonic() - started < 15
    assert caught.value.message == (f'{tmp_path / "talk.md"}:20: cell on slide 2 "Slide 2" timed out after 1 s; '
                                    "the kernel was interrupted — raise the cell's `timeout:` or make it faster")


def test_deck_level_timeout(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deck = make_deck(tmp_path, "import time\ntime.sleep(60)", execute={"timeout": 1})
    with pytest.raises(ExecutionError, match="timed out after 1 s"):
        execute_deck(deck)


def test_dead_kernel_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deck = make_deck(tmp_path, "import os, sys\nprint('dying', file=sys.__stderr__, flush=True)\nos._exit(3)")
    with pytest.raises(ExecutionError) as caught:
        execute_deck(deck)
    assert caught.value.message == f'{tmp_path / "talk.md"}:10: the kernel died while running the cell on slide 1 "Slide 1"'
    assert "dying" in caught.value.details  # the kernel's own last words


def test_unknown_kernel_lists_the_installed_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deck = make_deck(tmp_path, "1")
    with pytest.raises(ExecutionError) as caught:
        execute_deck(deck, kernel="julia-9")
    message = caught.value.message
    assert message.startswith(f"{tmp_path / 'talk.md'}:10: no Jupyter kernel named `julia-9`; installed kernels: ")
    assert "python3 (python)" in message and "--kernel" in message
    assert "IJulia" in caught.value.fix and "--no-execute" in caught.value.fix


# A language no installed kernel runs → what the fix names: the kernel package, and --no-execute.
KERNEL_FIXES = {
    "r": ("cat('hi')", ["IRkernel", "the Jupyter kernel for R", "IRkernel::installspec()", "--no-execute"]),
    "julia": ("println(1)", ["IJulia", 'Pkg.add("IJulia")', "--no-execute"]),
    "cobol": ("DISPLAY 'HI'.", ["install a Jupyter kernel for cobol", "--no-execute"]),
}


@pytest.mark.parametrize("language", KERNEL_FIXES)
def test_a_language_without_a_kernel_names_the_kernel_to_install(tmp_path, language: str) -> None:  # type: ignore[no-untyped-def]
    code, said = KERNEL_FIXES[language]
    deck = make_deck(tmp_path, code, language=language)
    with pytest.raises(ExecutionError, match=rf"no installed Jupyter kernel runs {language}; installed kernels: .*python3") as caught:
        execute_deck(deck)
    for words in said:
        assert words in caught.value.fix


def test_kernel_from_front_matter(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deck = make_deck(tmp_path, "import sys; print(sys.executable)", execute={"kernel": "python3"})
    execute_deck(deck)
    assert next(deck.cells()).outputs[0].text.strip()


def test_unknown_executor_names_the_known_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deck = make_deck(tmp_path, ("1", {"executor": "gpu"}))
    with pytest.raises(DeckError, match=r"talk.md:10: unknown executor `gpu` — name one of: local"):
        execute_deck(deck)
