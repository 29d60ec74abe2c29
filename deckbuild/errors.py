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
"""

from __future__ import annotations

from pathlib import Path

import click


class DeckbuildError(click.ClickException):
    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def, override]
        click.echo(click.style("error: ", fg="red", bold=True) + self.format_message(), err=True)


def _where(path: Path | str | None, line: int | None) -> str:
    if path is None:
        return ""
    return f"{path}:{line}: " if line else f"{path}: "


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
    ) -> None:
        self.path, self.line, self.slide, self.fix, self.what = path, line, slide, fix, message
        text = _where(path, line)
        if slide:
            text += f"{slide}: "
        text += message
        if fix:
            text += f" — {fix}"
        super().__init__(text)

    def located(self, path: Path | str, line: int | None = None, slide: str | None = None) -> DeckError:
        """The same error, placed in a file when the raiser did not know where it was."""
        return type(self)(
            self.what,
            path=self.path or path,
            line=self.line if self.path else self.line or line,  # a line belongs to its own file
            slide=self.slide or slide,
            fix=self.fix,
        )


class ConfigError(DeckError):
    pass


class ExecutionError(DeckError):
    """A cell failed; `details` holds the cell's own traceback, printed under the one line."""

    def __init__(self, message: str, *, details: str = "", **where) -> None:  # type: ignore[no-untyped-def]
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
