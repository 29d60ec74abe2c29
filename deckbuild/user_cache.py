"""The user's cache folder: things worth keeping between runs that are cheap to lose."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """`DECKBUILD_CACHE_DIR`, else `$XDG_CACHE_HOME/deckbuild`, else `~/.cache/deckbuild`."""
    explicit = os.environ.get("DECKBUILD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "deckbuild"
