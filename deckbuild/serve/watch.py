"""Noticing that a deck's files changed, by polling their stat signatures.

Polling a few dozen files ten times a second costs nothing measurable, needs no dependency,
and sees every kind of save: in place, atomic rename (a new inode), or delete and recreate.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

Signature = tuple[int, int, int] | None
"""(mtime_ns, size, inode), or None when the file does not exist."""


def signature(path: Path) -> Signature:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class Watcher:
    """Tracks a set of paths; `changed()` says which differ since the last look."""

    def __init__(self, paths: Iterable[Path] = (), settle: float = 0.015) -> None:
        self.settle = settle
        """How long a change must stay still before it counts: a save may be two writes."""
        self._seen: dict[Path, Signature] = {}
        self.track(paths)

    def track(self, paths: Iterable[Path], known: dict[Path, Signature] | None = None) -> None:
        """Watch exactly `paths` from now on (the files the last build used).

        `known` holds signatures taken before that build: a file saved while it ran differs
        from them, so the next `changed()` sees it.
        """
        known = known or {}
        self._seen = {path: known[path] if path in known else signature(path) for path in paths}

    def signatures(self) -> dict[Path, Signature]:
        """The signatures of the watched files as they are now."""
        return {path: signature(path) for path in self._seen}

    @property
    def paths(self) -> frozenset[Path]:
        return frozenset(self._seen)

    def changed(self) -> list[Path]:
        changed = self._scan()
        if not changed:
            return []
        for _ in range(20):  # wait, briefly, until the writer is done
            time.sleep(self.settle)
            more = self._scan()
            if not more:
                break
            changed += [p for p in more if p not in changed]
        return changed

    def _scan(self) -> list[Path]:
        changed = []
        for path, seen in self._seen.items():
            now = signature(path)
            if now != seen:
                self._seen[path] = now
                changed.append(path)
        return changed
