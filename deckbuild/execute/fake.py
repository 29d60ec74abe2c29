"""A fake executor: canned outputs, no kernel. For render tests and for the pipeline's own.

    fake = FakeExecutor({"1 + 1": [Output("execute_result", data={"text/plain": "2"})]})
    execute_deck(deck, make_executor=lambda spec: fake)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from deckbuild.execute.base import CellRun, Executor
from deckbuild.model import Cell, Output
from deckbuild.options import CellOptions

Answer = list[Output] | Callable[[Cell], list[Output]]


class FakeExecutor(Executor):
    """Answers each cell by its source; an unknown source prints nothing."""

    def __init__(self, answers: Mapping[str, Answer] | None = None, name: str = "local") -> None:
        self.name = name
        self.answers = dict(answers or {})
        self.ran: list[Cell] = []
        self.closed = False

    def run(self, cell: Cell, options: CellOptions) -> CellRun:
        self.ran.append(cell)
        answer = self.answers.get(cell.source, [])
        outputs = answer(cell) if callable(answer) else list(answer)
        return CellRun(outputs, len(self.ran))

    def close(self) -> None:
        self.closed = True


def stdout(text: str) -> Output:
    return Output("stream", name="stdout", text=text)


def result(text: str, **data: str) -> Output:
    return Output("execute_result", data={"text/plain": text, **data})


def error(ename: str, evalue: str, *traceback: str) -> Output:
    return Output("error", ename=ename, evalue=evalue, traceback=list(traceback) or [f"{ename}: {evalue}"])
