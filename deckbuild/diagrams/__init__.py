"""Diagram cells: ```` ```{mermaid} ```` and ```` ```{dot} ````, drawn at build time.

Quarto runs these cells itself rather than in a Jupyter kernel, and so does deckbuild: the
loader turns them into `Diagram` blocks (never cells, so they never start a kernel), and this
stage, called once per render before the slides are rendered, fills in each one's SVG.

In order: read each diagram's `file:` (checked like any file a deck reads) and options, key it
on everything that changes the drawing (engine and its version, source, size, the theme's
stylesheets and fonts), take what the user cache holds, draw the rest in one headless
Chromium page (`engine.py`), and keep what was drawn. A deck whose diagrams are all cached
starts no browser. A diagram the engine refuses is one line naming its file, line and slide.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from deckbuild import user_cache
from deckbuild.diagrams.engine import Drawn, Job, Style
from deckbuild.errors import BrowserNotFound, DeckError
from deckbuild.model import Deck, Diagram, Div, Slide
from deckbuild.rendering import assets
from deckbuild.rendering.resources import Resources, read_utf8
from deckbuild.themes import Theme

OPTIONS = ("label", "fig-cap", "fig-alt", "fig-width", "fig-height", "fig-align", "file", "echo", "mermaid-format")
ALIGNMENTS = ("default", "center", "left", "right")
ENGINE_NAMES = {"mermaid": "mermaid", "dot": "Graphviz"}
_PACKAGES = {"mermaid": "mermaid", "dot": "@viz-js/viz"}
_STORE = "diagrams"


@dataclass(slots=True)
class _Placed:
    """A diagram with where it is: its slide, and the file and line its source starts at."""

    diagram: Diagram
    slide: str
    path: str
    first_line: int
    job: Job | None = None
    key: str = ""


def draw_diagrams(deck: Deck, theme: Theme, variables: dict[str, str], resources: Resources) -> None:
    """Give every diagram in the deck its SVG (`Diagram.svg`)."""
    placed = [_place(deck, slide, diagram, resources) for slide, diagram in _diagrams(deck)]
    if not placed:
        return
    style = _style(deck, theme, variables)
    store = user_cache.Store.named(_STORE)
    for item in placed:
        item.job = _job(item)
        item.key = _key(item.job, style)
        item.diagram.svg = store.get(item.key) or ""
    missing = [item for item in placed if not item.diagram.svg]
    if not missing:
        return
    refused = []
    for item, drawn in zip(missing, _draw(missing, style), strict=True):
        if drawn.error:
            refused.append(_refused(item, drawn))
        else:  # kept even when another diagram is refused: the next render draws only what changed
            item.diagram.svg = drawn.svg
            store.put(item.key, drawn.svg)
    if refused:
        user_cache.save()
        raise refused[0]


def _diagrams(deck: Deck) -> Iterator[tuple[Slide, Diagram]]:
    for slide in deck.slides:
        blocks = list(slide.body)
        while blocks:
            block = blocks.pop(0)
            if isinstance(block, Diagram):
                yield slide, block
            elif isinstance(block, Div):
                blocks[:0] = block.children


def _place(deck: Deck, slide: Slide, diagram: Diagram, resources: Resources) -> _Placed:
    """The diagram checked, its `file:` read (then errors point into that file)."""
    where = _Placed(diagram, slide.label(), str(deck.path), diagram.first_line)
    for problem in _check_options(diagram.options):
        ignored = problem.endswith("ignored")
        error = DeckError(problem, path=deck.path, line=diagram.line, slide=where.slide,
                          fix=f"the options are {', '.join(OPTIONS)}" if ignored else None)
        if not ignored:
            raise error
        resources.warnings.append(error)
    reference = diagram.options.get("file")
    if isinstance(reference, str):
        path = resources.locate(reference, diagram.line, "diagram file")
        if path is None:
            raise DeckError(f"diagram file `{reference[:40]}…` is a data URI", path=deck.path, line=diagram.line,
                            slide=where.slide, fix="save the diagram as a file beside the deck")
        try:
            diagram.source = read_utf8(path, "diagram file")
        except DeckError as exc:
            raise exc.place(slide=where.slide) from None
        where.path, where.first_line = str(path), 1
    if not diagram.source.strip():
        raise DeckError(f"{diagram.engine} diagram is empty", path=deck.path, line=diagram.line, slide=where.slide,
                        fix="write the diagram inside the cell, or name it with `file:`")
    return where


def _check_options(options: dict[str, object]) -> Iterator[str]:
    """What is wrong with a diagram's options; an unknown one is only "… ignored"."""
    for key, value in options.items():
        if key not in OPTIONS:
            yield f"diagram option `{key}` is not supported; ignored"
        elif key in ("fig-width", "fig-height") and not _inches(value):
            yield f"diagram option `{key}` must be a positive number of inches, got {value!r}"
        elif key == "fig-align" and value not in ALIGNMENTS:
            yield f"diagram option `fig-align` takes one of {', '.join(ALIGNMENTS)}, got {value!r}"
        elif key == "echo" and not isinstance(value, bool):
            yield f"diagram option `echo` takes true or false, got {value!r}"
        elif key in ("label", "fig-cap", "fig-alt", "file") and not isinstance(value, str):
            yield f"diagram option `{key}` must be text, got {value!r}"


def _inches(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _style(deck: Deck, theme: Theme, variables: dict[str, str]) -> Style:
    declarations = "".join(f"  --{name}: {value};\n" for name, value in variables.items())
    sheets = [assets.read_text("reveal.js/reveal.css"), *(s.css for s in theme.page_sheets(f":root {{\n{declarations}}}\n"))]
    return Style("\n".join(sheets), theme.fonts, deck.config.mermaid_theme)


def _job(item: _Placed) -> Job:
    diagram, options = item.diagram, item.diagram.options
    digest = hashlib.sha256(diagram.source.encode()).hexdigest()[:12]
    label = options.get("label")
    return Job(diagram.engine, diagram.source, f"{label or diagram.engine}-{digest}",
               options.get("fig-width"), options.get("fig-height"), str(options.get("fig-alt") or ""))


def _key(job: Job, style: Style) -> str:
    """Everything the drawing depends on: a change to any of them draws it again."""
    version = assets.manifest()["packages"][_PACKAGES[job.engine]]["version"]
    parts = [job.engine, version, job.source, job.id, job.width, job.height, job.alt,
             style.mermaid_theme, style.fonts, style.css, _script_digest()]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


@functools.cache
def _script_digest() -> str:
    from deckbuild.diagrams.engine import SCRIPT

    return hashlib.sha256(SCRIPT.read_bytes()).hexdigest()


def _draw(missing: list[_Placed], style: Style) -> list[Drawn]:
    from deckbuild.diagrams import engine

    jobs = [item.job for item in missing if item.job is not None]
    try:
        return engine.draw(jobs, style)
    except BrowserNotFound as exc:
        first = missing[0]
        name = ENGINE_NAMES[first.diagram.engine]
        raise DeckError(f"{name} diagrams are drawn by headless Chromium: {exc.message}", path=first.path,
                        line=first.diagram.line, slide=first.slide) from None


def _refused(item: _Placed, drawn: Drawn) -> DeckError:
    """The engine's complaint, at the diagram line it names (else at the cell's fence)."""
    diagram = item.diagram
    unplaced = 1 if "file" in diagram.options else diagram.line
    last = len(diagram.source.rstrip("\n").split("\n"))  # mermaid counts a line past the end for an early EOF
    line = item.first_line + min(drawn.line, last) - 1 if drawn.line else unplaced
    name = ENGINE_NAMES[diagram.engine]
    what = re.sub(r"\s+(?:on|in) line \d+", "", drawn.error)  # the engine's count; the place says where
    return DeckError(f"{name} diagram: {what}", path=item.path, line=line, slide=item.slide,
                     fix=f"correct the {name} syntax")
