"""Where Jupyter's slideshow metadata puts each cell, with the meaning nbconvert's slides give it.

Each cell's `slideshow.slide_type` is read in order:

- cells before the first one that is neither `notes` nor `skip` belong to no slide;
- that first shown cell starts a slide whatever its own type says;
- `slide` starts a new horizontal slide, `subslide` a new slide under it (a vertical stack);
  both end any open fragment;
- `fragment` starts a fragment that runs until the next `fragment`, `subslide` or `slide`:
  `-`, `notes` and `skip` cells after it belong to that fragment;
- `notes` become speaker notes, `skip` cells are not shown; neither ends a fragment;
- any other value (or none) is `-`: the cell continues what came before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from deckbuild.options import shown

SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")


@dataclass(frozen=True, slots=True)
class Placement:
    """One cell's place in the slideshow."""

    kind: str
    """Effective slide type: one of SLIDE_TYPES (the first shown cell is always "slide")."""
    shown: bool
    """False for cells before the first slide, which nbconvert puts in no slide."""
    in_fragment: bool
    """The cell lies inside a fragment (one it starts, or one an earlier cell started)."""


def slide_type(metadata: dict[str, object]) -> str:
    slideshow = metadata.get("slideshow")
    kind = slideshow.get("slide_type", "-") if isinstance(slideshow, dict) else "-"
    return kind if kind in SLIDE_TYPES else "-"


def data(metadata: dict[str, object]) -> dict[str, object]:
    """`slideshow.data`: attributes for the slide's `<section>` (checked by `metadata_problem`)."""
    slideshow = metadata.get("slideshow")
    found = slideshow.get("data") if isinstance(slideshow, dict) else None
    return found if isinstance(found, dict) else {}


def metadata_problem(metadata: dict[str, object]) -> str | None:
    """What is wrong with a cell's `slideshow` metadata, if anything (a value of the wrong shape)."""
    slideshow = metadata.get("slideshow")
    if slideshow is None:
        return None
    if not isinstance(slideshow, dict):
        return f'`slideshow` metadata must be a mapping such as {{"slide_type": "slide"}}, got {shown(slideshow)}'
    if not isinstance(slideshow.get("slide_type", "-"), str):
        return f"`slideshow.slide_type` must be one of {', '.join(SLIDE_TYPES)}, got {shown(slideshow['slide_type'])}"
    found = slideshow.get("data", {})
    if not isinstance(found, dict) or not all(isinstance(v, (str, int, float, bool)) for v in found.values()):
        return f"`slideshow.data` must map attribute names to text or numbers, got {shown(found)}"
    return None


def has_slideshow(metadatas: list[dict[str, object]]) -> bool:
    """Whether any cell says where it goes; otherwise headings and rules split the slides."""
    return any(isinstance(m.get("slideshow"), dict) and "slide_type" in m["slideshow"] for m in metadatas)  # type: ignore[operator]


def place(kinds: list[str]) -> list[Placement] | None:
    """Placements for cells of the given slide types; None when no cell would be shown."""
    first = next((i for i, kind in enumerate(kinds) if kind not in ("notes", "skip")), None)
    if first is None:
        return None
    placements = [Placement(kind, False, False) for kind in kinds[:first]]
    in_fragment = False
    for kind in ["slide", *kinds[first + 1 :]]:
        if kind in ("slide", "subslide"):
            in_fragment = False
        elif kind == "fragment":
            in_fragment = True
        placements.append(Placement(kind, True, in_fragment))
    return placements
