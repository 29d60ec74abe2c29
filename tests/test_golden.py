"""Each construct of the dialect, rendered: fixture Markdown → expected slide HTML.

The expected files live in tests/golden/. After an intended change of output, regenerate
them with `DECKBUILD_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

import deckbuild

FIXTURES = Path(__file__).parent / "fixtures" / "dialect"
GOLDEN = Path(__file__).parent / "golden"
SOURCES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".md", ".qmd"))

DATA_URI = re.compile(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)")


def slides_html(page: str) -> str:
    """The part of the page that the deck's source decides: the slides, data URIs hashed."""
    start = page.index('<div class="slides">')
    end = page.index("</div>\n</div>\n<script", start)
    body = page[start:end]
    return DATA_URI.sub(lambda m: f"data:{m[1]};base64,{hashlib.sha1(m[2].encode()).hexdigest()[:12]}", body)


@pytest.mark.parametrize("source", SOURCES, ids=[p.name for p in SOURCES])
def test_rendered_slides_match_golden_file(source: Path, tmp_path: Path) -> None:
    # Cells are not run here (no kernel): the execution tests cover outputs.
    written = deckbuild.render(source, tmp_path / "deck.html", quiet=True, execute=False, use_cache=False)
    page = written.read_text(encoding="utf-8")
    actual = slides_html(page)
    golden = GOLDEN / f"{source.stem}.html"
    if os.environ.get("DECKBUILD_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run DECKBUILD_UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == golden.read_text(encoding="utf-8")
