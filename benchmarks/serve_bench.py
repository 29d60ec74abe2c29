"""Edit-to-updated-page latency of `deckbuild serve`: `python benchmarks/serve_bench.py`.

A 50-slide deck without code is served on a free port and opened in headless Chromium at
slide 25. Each of 10 edits rewrites one line on that slide; the latency is from just before
the file is written to the first animation frame after the new text is in the page (stamped
in the browser, on the same wall clock). Prints each edit, the median (target: ≤ 300 ms),
and the server's own build times for comparison.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from serving import serving

CHROMIUM = "/usr/bin/chromium"
EDITS = 10
TARGET_SLIDE = 25

WATCH = """
window.__seen = null;
new MutationObserver(() => {
  if (window.__seen === null && document.querySelector('.reveal .slides').textContent.includes(window.__want)) {
    requestAnimationFrame(() => { window.__seen = performance.timeOrigin + performance.now(); });
  }
}).observe(document.querySelector('.reveal .slides'), {childList: true, subtree: true, characterData: true});
"""


def make_deck(marker: str) -> str:
    slides = ["---\ntitle: Benchmark deck\nauthor: deckbuild\n---\n"]
    for n in range(1, 51):
        slides.append(
            f"## Slide {n}: a title with *emphasis*\n\n"
            f"{marker if n == TARGET_SLIDE else 'Some text'} with **bold**, `code` and a [link](#/{n}).\n\n"
            "- first point, which is long enough to wrap on a narrow slide\n"
            "- second point\n  - nested point\n- third point\n\n"
            "| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n\n"
            "::: notes\nSpeaker notes for this slide.\n:::\n"
        )
    return "\n".join(slides)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        deck = Path(folder) / "bench.md"
        deck.write_text(make_deck("edit-0"), "utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"])
        with serving(deck) as served:
            page = browser.new_page()
            page.goto(served.url)
            page.wait_for_function("window.Reveal && Reveal.isReady()")
            page.evaluate(f"Reveal.slide({TARGET_SLIDE})")  # the title slide is 0
            latencies = []
            for n in range(1, EDITS + 1):
                page.evaluate(f"window.__want = 'edit-{n}'")
                page.evaluate(WATCH)
                time.sleep(0.3)  # let the watcher settle between edits
                written = time.time() * 1000
                deck.write_text(make_deck(f"edit-{n}"), "utf-8")
                page.wait_for_function("window.__seen !== null", timeout=10000)
                latencies.append(page.evaluate("window.__seen") - written)
                assert page.evaluate("Reveal.getIndices().h") == TARGET_SLIDE
            time.sleep(0.2)
            printed = "".join(served.drain())
            builds = [float(m) for m in re.findall(r"built \d+ slides in (\d+) ms", printed)][1:]  # not the first
        browser.close()
    for n, ms in enumerate(latencies, 1):
        print(f"edit {n:2}: {ms:6.1f} ms")
    median = statistics.median(latencies)
    print(f"median edit-to-page latency over {EDITS} edits on 50 slides: {median:.0f} ms (target ≤ 300 ms)")
    if builds:
        print(f"server build time (median of those printed): {statistics.median(builds):.0f} ms")
    sys.exit(0 if median <= 300 else 1)


if __name__ == "__main__":
    main()
