"""`scroll-view:` and `view: scroll` as Quarto maps them onto reveal.js's scroll view (the cases
of quarto-cli's tests/docs/smoke-all/revealjs/scroll-view*), in the page and in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reveal_config import page_config

from deckbuild import pipeline
from deckbuild.errors import ConfigError
from deckbuild.rendering.sinks import InlineSink

DEFAULTS = {"view": "scroll", "scrollProgress": "auto", "scrollSnap": "mandatory", "scrollLayout": "full",
            "scrollActivationWidth": 0}
SCROLL_KEYS = ("view", "scrollProgress", "scrollSnap", "scrollLayout", "scrollActivationWidth")

CASES = [
    ("absent", "", {}),
    ("defaults", "scroll-view: true", DEFAULTS),
    ("direct view key", "view: scroll", DEFAULTS),
    ("off", "scroll-view: false", {}),
    ("config", "scroll-view:\n      activate: true\n      progress: true\n      snap: false\n      layout: compact\n"
               "      activation-width: 0",
     {"view": "scroll", "scrollProgress": True, "scrollSnap": False, "scrollLayout": "compact", "scrollActivationWidth": 0}),
    ("progress auto", "scroll-view:\n      activate: true\n      progress: auto", DEFAULTS),
    ("progress false", "scroll-view:\n      progress: false", {**DEFAULTS, "scrollProgress": False}),
    ("snap proximity", "scroll-view:\n      snap: proximity", {**DEFAULTS, "scrollSnap": "proximity"}),
    ("activation width", "scroll-view:\n      activate: true\n      activation-width: 600",
     {**DEFAULTS, "scrollActivationWidth": 600}),
    ("not activated", "scroll-view:\n      activate: false\n      layout: compact",
     {key: value for key, value in {**DEFAULTS, "scrollLayout": "compact"}.items() if key != "view"}),
]


def deck(tmp_path: Path, options: str) -> Path:
    nested = f"\n    {options}" if options else " default"
    path = tmp_path / "talk.qmd"
    path.write_text(f"---\ntitle: Scroll\nformat:\n  revealjs:{nested}\n---\n\n## One\n\nA\n\n## Two\n\nB\n", "utf-8")
    return path


@pytest.mark.parametrize(("case", "options", "expected"), CASES, ids=[case[0] for case in CASES])
def test_scroll_view_settings_in_the_page(tmp_path: Path, case: str, options: str, expected: dict[str, Any]) -> None:
    rendered = pipeline.render(pipeline.load(deck(tmp_path, options)), InlineSink())
    config = page_config(rendered.html)
    assert {key: config[key] for key in SCROLL_KEYS if key in config} == expected


MISTAKES = [
    ("scroll-view: sideways", "scroll-view: expected true, false or a mapping"),
    ("scroll-view:\n      snap: always", "scroll-view: snap takes one of false, proximity, mandatory, got 'always'"),
    ("scroll-view:\n      layout: wide", "scroll-view: layout takes one of full, compact, got 'wide'"),
    ("scroll-view:\n      activation-width: -5", "scroll-view: activation-width takes a width in pixels"),
    ("scroll-view:\n      activate: maybe", "scroll-view: activate takes true or false, got 'maybe'"),
    ("scroll-view:\n      speed: 3", "scroll-view has no option 'speed'"),
    ("view: sideways", "view: expected scroll or print, got 'sideways'"),
]


@pytest.mark.parametrize(("options", "expected"), MISTAKES)
def test_a_wrong_scroll_view_setting_is_named_at_its_line(tmp_path: Path, options: str, expected: str) -> None:
    with pytest.raises(ConfigError) as error:
        pipeline.load(deck(tmp_path, options))
    message = error.value.message
    assert "talk.qmd:" in message and expected in message, message


@pytest.mark.browser
def test_reveal_js_reports_the_scroll_view_active(tmp_path: Path, open_deck: Callable[..., Any]) -> None:
    path = deck(tmp_path, "scroll-view:\n      snap: false\n      layout: compact")
    pipeline.build(path, path.with_suffix(".html"))
    page = open_deck(path.with_suffix(".html"))
    state = page.evaluate("""() => ({active: Reveal.isScrollView(), snap: Reveal.getConfig().scrollSnap,
        pages: document.querySelectorAll('.scroll-page').length})""")
    assert state == {"active": True, "snap": False, "pages": 3}  # the title slide and two slides, one under another
    assert page.console_errors == [] and page.requests == []
    plain = deck(tmp_path, "")
    pipeline.build(plain, plain.with_suffix(".html"))
    assert open_deck(plain.with_suffix(".html")).evaluate("Reveal.isScrollView()") is False


@pytest.mark.browser
def test_a_scroll_view_deck_still_prints_a_page_per_slide(tmp_path: Path, browser: Any) -> None:
    """reveal.js's print view takes the place of the scroll view for the PDF."""
    from pypdf import PdfReader

    from deckbuild.export.options import ExportOptions
    from deckbuild.export.pdf import Job, export_pdfs

    path = deck(tmp_path, "scroll-view: true")
    pipeline.build(path, path.with_suffix(".html"))
    export_pdfs(browser, [Job(path.with_suffix(".html"), tmp_path / "talk.pdf", ExportOptions())])
    pages = PdfReader(tmp_path / "talk.pdf").pages
    assert [page.extract_text().split()[0] for page in pages] == ["Scroll", "One", "Two"]
