"""Typeset formulas kept on disk between runs, so re-rendering a deck never starts V8.

Starting V8 and loading KaTeX costs more than rendering a whole deck without maths; a talk
being edited re-renders the same formulas again and again. The store is one JSON file per
KaTeX version in the user's cache folder (`deckbuild.user_cache`), written atomically; it is an optimisation, so an unreadable or
unwritable store is simply not used.
"""

from __future__ import annotations

import json
from pathlib import Path

from deckbuild.writing import atomic_write

MAX_ENTRIES = 20_000


class FormulaStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, str] = self._read()
        self.dirty = False

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> str | None:
        return self.entries.get(key)

    def put(self, key: str, html: str) -> None:
        self.entries[key] = html
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        entries = dict(list(self.entries.items())[-MAX_ENTRIES:])
        try:
            atomic_write(self.path, json.dumps(entries, ensure_ascii=False, separators=(",", ":")))
            self.dirty = False
        except OSError:
            pass
