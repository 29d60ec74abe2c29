"""What probe.js measured on one slide → the problems a reader would meet, each with its fix.

The probe reports every page (fragment step) of a slide; a problem seen on several steps is
reported once, with the largest amount. Contrast follows WCAG 2.1 AA: 4.5:1, or 3:1 for
large text (24 px, or 18.66 px bold).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from deckbuild.check.report import Problem
from deckbuild.themes.contrast import RGB, ensure, ratio, to_hex

FIXES = {
    "overflow": "shorten it, split the slide, or make it smaller (`.smaller` on the slide's heading, a width on an image)",
    "clipped": "shorten its lines or rows, split it, or give it more room (`.smaller` on the slide's heading)",
    "image": "put the text on a solid box, darken or lighten the image, or move the text",
    "alt-text": "describe it: `![what it shows](file.png)` or `fig-alt=\"…\"` (for a plot, `#| fig-alt: …`); "
                "a purely decorative image takes `fig-alt=\"\"`",
    "title": "give it a heading (`## Title`): screen reader users find slides by their titles",
    "bare-url": "link words that say where it leads: `[the course page](https://…)`",
    "vague-link": "write what the link opens: `[the survey paper](…)`, not \"here\"",
    "maths": "write it as TeX maths (`$…$`), which deckbuild typesets with MathML, or give it an aria-label",
    "notes": "add a `::: {.notes}` div (the deck's `check: notes: required` asks for them)",
}

Found = tuple[str, str, str]
"""(rule, what is wrong, how to fix it)."""


def slide_problems(slide: dict[str, Any], *, notes_required: bool) -> list[Problem]:
    found = [*_layout(slide), *_contrast(slide), *_reading(slide)]
    if notes_required and not (slide["notes"] or slide["titleSlide"] or slide["follower"]):
        found.append(("notes", "the slide has no speaker notes", FIXES["notes"]))
    return [Problem(rule, what, fix, slide["n"]) for rule, what, fix in dict.fromkeys(found)]  # in order, once each


def _layout(slide: dict[str, Any]) -> Iterator[Found]:
    largest: dict[tuple[str, str, str], int] = {}
    for item in slide["layout"]:
        key = (item["kind"], item["what"], item["edge"])
        largest[key] = max(largest.get(key, 0), item["by"])
    for (kind, what, edge), by in largest.items():
        if kind == "overflow":
            yield "overflow", f"{what} runs {by} px past the slide's {edge} edge", FIXES["overflow"]
        elif kind == "footer":
            yield "overflow", f"{what} runs {by} px into the {edge}", FIXES["overflow"]
        else:
            yield "clipped", f"{what} is cut off: its content is {by} px {edge} than its box", FIXES["clipped"]


def needed(size: float, weight: float) -> float:
    """WCAG AA: 3:1 for large text (24 px, or 18.66 px bold), 4.5:1 for the rest."""
    return 3.0 if size >= 24 or (size >= 18.66 and weight >= 700) else 4.5


def _contrast(slide: dict[str, Any]) -> Iterator[Found]:
    for sample in slide["text"]:
        fg, bg, need = tuple(sample["fg"]), tuple(sample["bg"]), needed(sample["size"], sample["weight"])
        if ratio(fg, bg) < need:
            what = f"{_text(sample)} has contrast {ratio(fg, bg):.2f}:1 on {to_hex(bg)} (AA needs {need:g}:1)"
            fix = f"make its colour {to_hex(ensure(fg, bg, need))} (it is {to_hex(fg)}), or change what is behind it"
            yield "contrast", what, fix
    for sample in slide["overImage"]:
        need = needed(sample["size"], sample["weight"])
        worst = min((_on(sample["fg"], tuple(colour)) for colour in sample.get("behind", [])), default=None)
        if worst is not None and worst[0] < need:
            what = f"{_text(sample)} has contrast {worst[0]:.2f}:1 on the image behind it, at {to_hex(worst[1])}"
            yield "contrast", f"{what} (AA needs {need:g}:1)", FIXES["image"]


def _on(fg: list[float], bg: RGB) -> tuple[float, RGB]:
    """The contrast of a (perhaps translucent) text colour drawn on `bg`."""
    alpha = fg[3]
    seen = (fg[0] * alpha + bg[0] * (1 - alpha), fg[1] * alpha + bg[1] * (1 - alpha), fg[2] * alpha + bg[2] * (1 - alpha))
    return ratio(seen, bg), bg


def _text(sample: dict[str, Any]) -> str:
    return f'the slide number "{sample["text"]}"' if sample["where"] == "slide-number" else f'text "{sample["text"]}"'


def _reading(slide: dict[str, Any]) -> Iterator[Found]:
    for what in slide["noAlt"]:
        yield "alt-text", f"{what} has no alt text", FIXES["alt-text"]
    if not slide["titled"] and not slide["follower"]:
        yield "title", "the slide has no title", FIXES["title"]
    for skip in slide["skips"]:
        wanted = skip["after"] + 1
        what = f'heading "{skip["text"]}" is level {skip["level"]} after level {skip["after"]}'
        yield "heading-order", what, f"make it a level-{wanted} heading ({'#' * wanted}): headings go down one level at a time"
    for link in slide["links"]:
        if link["bare"]:
            yield "link-text", f'link text "{link["text"]}" is a bare URL', FIXES["bare-url"]
        else:
            yield "link-text", f'link text "{link["text"]}" does not say where it leads', FIXES["vague-link"]
    for formula in slide["maths"]:
        yield "maths", f'formula "{formula}" has no accessible form (no MathML, no label)', FIXES["maths"]


def axe_problems(violations: list[dict[str, Any]]) -> list[Problem]:
    """axe-core's violations as problems of rule `axe:ID`, once per slide and element."""
    problems = [Problem(f"axe:{v['id']}", f"{v['help']}: {v['what']}", v["fix"] or f"see axe-core's rule {v['id']}", v["n"])
                for v in violations]
    return list(dict.fromkeys(problems))
