"""User-facing errors.

Every mistake a user can make is a `DeckbuildError`: click prints its one-line message and
exits with its code, so no traceback reaches the user unless `--debug` asks for one.

    DeckbuildError (exit 1)
     ├── DeckError          a mistake in a deck: file, line, slide, what is wrong, how to fix it
     ├── ConfigError        a mistake in front matter or project settings (a DeckError)
     ├── ExecutionError     a cell raised, timed out, or its kernel died (carries the traceback)
     ├── AssetsMissing      the bundled reveal.js / KaTeX files are not there (a broken install)
     ├── ServeError         `deckbuild serve` cannot listen (port in use, bad host)
     └── BrowserNotFound    no Chromium to print with (exit 3)

A `DeckError` keeps its place as data (path, line, notebook cell, slide): whoever knows more of
it adds it on the way out (`place`), and the text is made only when it is shown. Warnings are
`DeckError`s too, collected rather than raised, so they are placed the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import click


class DeckbuildError(click.ClickException):
    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.format_message()

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(click.style("error: ", fg="red", bold=True) + self.format_message(), err=True)


class DeckError(DeckbuildError):
    """A mistake in a deck, reported like a compiler: `file:line: [slide] what — fix`."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        slide: str | None = None,
        fix: str | None = None,
        problems: Iterable[DeckError] = (),
    ) -> None:
        self.what, self.path, self.line, self.slide, self.fix = message, path, line, slide, fix
        self.cell: int | None = None
        """A notebook's cell (1-based); `line` is then the line in that cell."""
        self.problems = list(problems)
        """Several mistakes reported together (a layer of settings); each is placed on its own."""
        super().__init__(message)

    @property  # type: ignore[misc]  # click's `message` is a plain attribute; here it is made from the place
    def message(self) -> str:
        """The whole line, as printed (ExecutionError adds its details below it)."""
        if self.problems:
            return "\n".join(problem.message for problem in self.problems)
        text = self._where()
        if self.slide:
            text += f"{self.slide}: "
        text += self.what
        return text + (f" — {self.fix}" if self.fix else "")

    @message.setter
    def message(self, value: str) -> None:  # click's __init__ sets it
        self.what = value

    def _where(self) -> str:
        if self.path is None:
            return ""
        if self.cell is not None:
            return f"{self.path}: cell {self.cell}, line {self.line}: "
        return f"{self.path}:{self.line}: " if self.line else f"{self.path}: "

    def place(self, path: Path | str | None = None, line: int | None = None, slide: str | None = None) -> DeckError:
        """Add what the raiser did not know of the error's place; returns the error itself.

        A line belongs to its own file: it is filled in only along with the path, or when the
        error named no line in no file."""
        for problem in self.problems:
            problem.place(path, line, slide)
        if self.path is None:
            self.path = path
            self.line = self.line or line
        self.slide = self.slide or slide
        return self

    def in_cells(self, path: Path | str, starts: Sequence[int]) -> DeckError:
        """For a notebook read as one text (each cell starting at the line in `starts`): the
        line named as the cell and the line in it."""
        from deckbuild.model import cell_at

        for problem in self.problems:
            problem.in_cells(path, starts)
        if starts and self.cell is None and self.line and self.path is not None and str(self.path) == str(path):
            self.cell, self.line = cell_at(starts, self.line)
        return self


class ConfigError(DeckError):
    pass


class ExecutionError(DeckError):
    """A cell failed; `details` holds the cell's own traceback, printed under the one line."""

    def __init__(self, message: str, *, details: str = "", **where: Any) -> None:
        super().__init__(message, **where)
        self.details = details

    def format_message(self) -> str:
        return self.message + ("\n" + self.details if self.details else "")


class AssetsMissing(DeckbuildError):
    pass


class ServeError(DeckbuildError):
    pass


class BrowserNotFound(DeckbuildError):
    exit_code = 3
