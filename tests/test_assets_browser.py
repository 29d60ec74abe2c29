"""A page built only from inlined vendor files works in Chromium from file://, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckbuild.rendering import assets, math

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")


def _inlined(css: str) -> str:
    return assets.inline_css_urls(assets.read_text(css), assets.vendor_path(css).parent)


def _page() -> str:
    styles = [assets.read_text("reveal.js/reveal.css"), _inlined("katex/katex.min.css"),
              _inlined("fonts/inter/fonts.css"), _inlined("fonts/jetbrains-mono/fonts.css"),
              ".reveal { font-family: 'Inter'; } code { font-family: 'JetBrains Mono'; }"]  # fmt: skip
    scripts = [assets.read_text("reveal.js/reveal.js"), assets.read_text("reveal.js/notes.js"),
               "Reveal.initialize({plugins: [RevealNotes], hash: true});"]  # fmt: skip
    formula = math.render_math(r"e^{i\pi}+1=0", True)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        + "".join(f"<style>{s}</style>" for s in styles)
        + "</head><body><div class='reveal'><div class='slides'>"
        + f"<section><h2>One</h2><p>{formula}</p><code>x = 1</code></section>"
        + "<section><h2>Two</h2></section></div></div>"
        + "".join(f"<script>{s}</script>" for s in scripts)
        + "</body></html>"
    )


def test_inlined_page_runs_offline(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    page_file = tmp_path / "deck.html"
    page_file.write_text(_page(), "utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            page.wait_for_function("Reveal.isReady()")
            page.evaluate("document.fonts.ready")
            assert page.evaluate("Reveal.getTotalSlides()") == 2
            assert page.evaluate("Reveal.hasPlugin('notes')")
            loaded = page.evaluate("[...document.fonts].filter(f => f.status == 'loaded').map(f => f.family)")
            assert {"Inter", "JetBrains Mono", "KaTeX_Main"} <= {f.strip("\"'") for f in loaded}
            assert [r for r in requests if not r.startswith(("file:", "data:"))] == []
            assert errors == []
            page.screenshot(path=str(tmp_path / "deck.png"))
        finally:
            browser.close()
