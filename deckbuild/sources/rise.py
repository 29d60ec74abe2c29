"""RISE's notebook metadata (`metadata.rise`, or the older `metadata.livereveal`) as settings.

RISE passes most of its keys to reveal.js as they are; those with a meaning in a built deck
become deckbuild settings (validated as front matter is). The rest steer a live slideshow
inside Jupyter (`autolaunch`, `start_slideshow_at`, shortcuts, …) or draw things deckbuild
does not (`header`, `overlay`, the chalkboard): they are named once, in one warning. A value
deckbuild cannot take (RISE's default `width: "100%"`, the old `linear` transition) is
dropped with that warning too: the notebook was written for RISE, and must still render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckbuild.errors import DeckError

KEYS = ("rise", "livereveal")
TRANSITIONS = ("none", "fade", "slide", "convex", "concave", "zoom")
SLIDE_NUMBERS = ("h.v", "h/v", "c", "c/t")
REVEAL_PASSED = {"history": "history", "minScale": "minScale", "maxScale": "maxScale", "margin": "margin"}
"""RISE keys that are reveal.js settings under the same name."""
_PIXELS = re.compile(r"^\s*(\d+)\s*(px)?\s*$")


@dataclass
class RiseSettings:
    settings: dict[str, Any] = field(default_factory=dict)
    """Front-matter keys and values, ready for `settings.apply`."""
    scroll: bool = False
    """`scroll: true`: every slide scrolls when it overflows (`.scrollable`)."""
    ignored: list[str] = field(default_factory=list)
    """Keys without a deckbuild meaning, or with a value deckbuild cannot take."""
    key: str = "rise"


def read(metadata: dict[str, Any]) -> RiseSettings | None:
    """The notebook's RISE settings, or None when it has none."""
    key = next((name for name in KEYS if isinstance(metadata.get(name), dict)), None)
    if key is None:
        return None
    found = RiseSettings(key=key)
    for name, value in metadata[key].items():
        if not _take(found, str(name), value):
            found.ignored.append(str(name))
    return found


def _take(found: RiseSettings, name: str, value: Any) -> bool:
    """Map one key; False when it has no deckbuild meaning or an unusable value."""
    settings = found.settings
    if name == "scroll" and isinstance(value, bool):
        found.scroll = value
    elif name == "theme" and _reveal_theme(value):
        settings["theme"] = value
    elif name == "transition" and value in TRANSITIONS:
        settings["transition"] = value
    elif name == "slideNumber" and (isinstance(value, bool) or value in SLIDE_NUMBERS):
        settings["slide-number"] = value
    elif name in ("width", "height") and (pixels := _pixels(value)) is not None:
        settings[name] = pixels
    elif name in ("controls", "progress", "center") and isinstance(value, bool):
        settings[name] = value
    elif name == "footer" and isinstance(value, str):
        settings["footer"] = value
    elif name in REVEAL_PASSED and isinstance(value, (int, float, bool)):
        settings.setdefault("reveal", {})[REVEAL_PASSED[name]] = value
    else:
        return False
    return True


def _reveal_theme(value: Any) -> bool:
    """RISE hands `theme` to reveal.js: one of reveal.js's theme names means that theme here
    too (`serif`, which deckbuild's own theme is called, means deckbuild's)."""
    from deckbuild.themes.reveal import NAMES

    return value in NAMES


def _pixels(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _PIXELS.match(value) if isinstance(value, str) else None
    return int(match[1]) if match and int(match[1]) > 0 else None


def ignored_warning(path: Path, found: RiseSettings) -> DeckError | None:
    if not found.ignored:
        return None
    names = ", ".join(f"`{name}`" for name in found.ignored[:12])
    more = f" and {len(found.ignored) - 12} more" if len(found.ignored) > 12 else ""
    return DeckError(f"metadata `{found.key}`: {names}{more} steer RISE's live slideshow or have no meaning in a "
                     "built deck (or a value deckbuild cannot take); ignored", path=path)
