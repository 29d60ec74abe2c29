"""Quarto's `title-slide-attributes` → the attributes of the title slide's `<section>`.

A background image or video named there is found, checked and embedded like a slide's own
`background-image` (the same `Resources`); colours and sizes pass through as written, escaped.
"""

from __future__ import annotations

from deckbuild.config import DeckConfig
from deckbuild.model import Attrs
from deckbuild.rendering.markdown import attrs_html
from deckbuild.rendering.resources import Resources

FILES = ("data-background-image", "data-background-video")
NOT_FILES = ("#", "rgb", "hsl", "linear-gradient", "radial-gradient")


def title_attributes(config: DeckConfig, resources: Resources) -> tuple[str, str]:
    """(the `data-*` attributes as HTML, the extra classes) for the title slide."""
    values: dict[str, str] = {}
    classes = ""
    for name, value in config.title_slide_attributes.items():
        if name == "class":
            classes = value
            continue
        if name in FILES and value and not value.startswith(NOT_FILES):
            line = config.lines.get(f"title-slide-attributes.{name}", config.lines.get("title-slide-attributes", 1))
            value = resources.url(value, line, f"title-slide-attributes {name}")
        values[name] = value
    return attrs_html(Attrs(values=values)), classes
