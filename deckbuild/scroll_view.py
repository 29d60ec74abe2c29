"""Quarto's `scroll-view:` and `view: scroll` → reveal.js's scroll view settings.

reveal.js (5 and later; the bundled 6 too) reads a deck as one scrolling page when initialised
with `view: "scroll"`. Quarto sets it, and its four companions, from one front matter key:

    scroll-view: true                     view: scroll, with Quarto's defaults below
    scroll-view: {activate: false, …}     the settings, but the deck opens as slides
    scroll-view: false                    nothing (reveal.js's own defaults)
    view: scroll                          the same as `scroll-view: true`

Quarto's defaults differ from reveal.js's in one place: `activation-width` is 0, so a narrow
window does not switch a deck into the scroll view by itself. A PDF is unaffected: reveal.js's
print view (`?print-pdf`) takes the place of any other view.
"""

from __future__ import annotations

from typing import Any

from deckbuild.config import DeckConfig
from deckbuild.options import shown

DEFAULTS = {"scrollProgress": "auto", "scrollSnap": "mandatory", "scrollLayout": "full", "scrollActivationWidth": 0}
OPTIONS = {"progress": "scrollProgress", "snap": "scrollSnap", "layout": "scrollLayout",
           "activation-width": "scrollActivationWidth"}  # fmt: skip
CHOICES: dict[str, tuple[Any, ...]] = {
    "scrollProgress": (True, False, "auto"),
    "scrollSnap": (False, "proximity", "mandatory"),
    "scrollLayout": ("full", "compact"),
}


def set_scroll_view(config: DeckConfig, value: Any) -> None:
    """`scroll-view:` as true, false, or a mapping of `activate` and the four options."""
    if value is False or value is None:
        return
    if value is True:
        value = {}
    if not isinstance(value, dict):
        raise ValueError(f"expected true, false or a mapping such as {{activate: true, snap: proximity}}, got {shown(value)}")
    unknown = sorted(set(value) - {"activate", *OPTIONS})
    if unknown:
        raise ValueError(f"scroll-view has no option {unknown[0]!r} (activate, {', '.join(OPTIONS)})")
    for key, setting in OPTIONS.items():
        if key in value:
            config.reveal[setting] = _checked(key, setting, value[key])
    for setting, default in DEFAULTS.items():
        config.reveal.setdefault(setting, default)
    activate = value.get("activate", True)
    if not isinstance(activate, bool):
        raise ValueError(f"scroll-view: activate takes true or false, got {shown(activate)}")
    if activate:
        config.reveal["view"] = "scroll"


def set_view(config: DeckConfig, value: Any) -> None:
    """`view: scroll` as Quarto reads it; `view: print` (or null) as reveal.js does."""
    if value == "scroll":
        set_scroll_view(config, True)
    elif value in ("print", None):
        config.reveal["view"] = value
    else:
        raise ValueError(f"expected scroll or print, got {shown(value)}")


def _checked(key: str, setting: str, value: Any) -> Any:
    if setting == "scrollActivationWidth":
        if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0):
            return value
        raise ValueError(f"scroll-view: {key} takes a width in pixels (0 never switches by itself), got {shown(value)}")
    choices = CHOICES[setting]
    if any(value is choice or (isinstance(choice, str) and value == choice) for choice in choices):
        return value
    listed = ", ".join(str(choice).lower() for choice in choices)
    raise ValueError(f"scroll-view: {key} takes one of {listed}, got {shown(value)}")
