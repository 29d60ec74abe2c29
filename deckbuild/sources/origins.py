"""Where each line of an expanded deck came from: the deck's own file, or a file it includes.

`{{< include >}}` pastes other files into the deck before it is cut into slides, and a
shortcode may stand for several lines; every later stage still counts lines through the one
text it is given. Those lines are numbered from `BASE` on, one after another, and each number
keeps its origin (file, line), so that an error found anywhere downstream is shown at the line
the author wrote. A deck whose lines are its own keeps their real numbers and needs no map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deckbuild.errors import DeckError

BASE = 10_000_000
"""The first number of an expanded line: far above any real line, so a number is never read
twice (an error placed once is not moved again)."""


@dataclass(slots=True)
class Origins:
    """Expanded line `BASE + i` came from `lines[i]`: (file as the deck names it, its line)."""

    deck: Path
    lines: list[tuple[Path, int]] = field(default_factory=list)

    def number(self, path: Path, line: int) -> int:
        """The next expanded line's number, which stands for `line` of `path`."""
        self.lines.append((path, line))
        return BASE + len(self.lines) - 1

    def origin(self, line: int) -> tuple[Path, int] | None:
        index = line - BASE
        if 0 <= index < len(self.lines):
            return self.lines[index]
        if index == len(self.lines) and self.lines:  # just past the end: an unclosed block's "end"
            return self.lines[-1]
        return None

    def place(self, error: DeckError) -> DeckError:
        """The error moved from an expanded line of the deck to its file and line there."""
        for problem in error.problems:
            self.place(problem)
        if error.line is None or error.cell is not None or str(error.path) != str(self.deck):
            return error
        found = self.origin(error.line)
        if found is not None:
            error.path, error.line = found
        return error

    def shown(self, line: int) -> str:
        """`line 12`, or `part.qmd line 3` for a line from an included file (`deckbuild map`)."""
        found = self.origin(line)
        if found is None:
            return f"line {line}"
        path, number = found
        return f"line {number}" if str(path) == str(self.deck) else f"{path.name} line {number}"
