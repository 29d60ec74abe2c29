"""The user's cache folder: things worth keeping between runs that are cheap to lose.

A `Store` is one JSON file of strings by key there: typeset formulas (starting V8 and loading
KaTeX costs more than rendering a whole deck without maths) and highlighted code (Pygments
compiles a language's patterns before its first line). An author re-rendering a talk gets the
same results again and again; a store that cannot be read or written is simply not used.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

MAX_ENTRIES = 20_000
_open: dict[Path, Store] = {}


def cache_root() -> Path:
    """`DECKBUILD_CACHE_DIR`, else `$XDG_CACHE_HOME/deckbuild`, else `~/.cache/deckbuild`."""
    explicit = os.environ.get("DECKBUILD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "deckbuild"


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, str] = self._read()
        self.dirty = False

    @classmethod
    def named(cls, name: str) -> Store:
        """The store `name`.json in the cache folder, read once per process."""
        path = cache_root() / f"{name}.json"
        if path not in _open:
            _open[path] = cls(path)
        return _open[path]

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> str | None:
        return self.entries.get(key)

    def put(self, key: str, value: str) -> None:
        self.entries[key] = value
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        from deckbuild.writing import atomic_write

        entries = dict(list(self.entries.items())[-MAX_ENTRIES:])
        try:
            atomic_write(self.path, json.dumps(entries, ensure_ascii=False, separators=(",", ":")))
            self.dirty = False
        except OSError:
            pass


def save() -> None:
    """Write what the stores opened by this process learnt (after a render; cheap when nothing is new)."""
    for store in _open.values():
        store.save()
