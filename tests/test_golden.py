"""Each construct of the dialect, rendered: fixture Markdown → expected slide HTML.

The slides are compared as the renderer hands them over (`RenderedDeck.slides`: each
`<section>` as the theme rendered it, with its place in reveal.js's grid), not the whole page,
so a change to the page around them does not churn every case. The expected files live in
tests/golden/. After an intended change of output, regenerate them with
`DECKBUILD_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from deckbuild import pipeline
from deckbuild.options import Overrides
from deckbuild.rendering.sinks import InlineSink

FIXTURES = Path(__file__).parent / "fixtures" / "dialect"
GOLDEN = Path(__file__).parent / "golden"
SOURCES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".md", ".qmd"))

DATA_URI = re.compile(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)")


def slides_html(rendered: pipeline.RenderedDeck) -> str:
    """The slides, each under a line naming its reveal.js indices, data URIs hashed."""
    text = "".join(f"<!-- slide {slide.h}.{slide.v} -->\n{slide.html.strip()}\n" for slide in rendered.slides)
    return DATA_URI.sub(lambda m: f"data:{m[1]};base64,{hashlib.sha1(m[2].encode()).hexdigest()[:12]}", text)


@pytest.mark.parametrize("source", SOURCES, ids=[p.name for p in SOURCES])
def test_rendered_slides_match_golden_file(source: Path) -> None:
    # Cells are not run here (no kernel): the execution tests cover outputs.
    overrides = Overrides(execute=False, use_cache=False)
    deck = pipeline.load(source, overrides)
    rendered = pipeline.render(deck, InlineSink(), pipeline.execute(deck, overrides))
    actual = slides_html(rendered)
    golden = GOLDEN / f"{source.stem}.html"
    if os.environ.get("DECKBUILD_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run DECKBUILD_UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == golden.read_text(encoding="utf-8")
