"""Sizes of the bundled assets and speed of build-time maths: `python benchmarks/bench_assets.py`.

Prints what a self-contained deck inlines (reveal.js core, css, notes plugin, KaTeX css with
woff2 fonts, the default theme's Inter and JetBrains Mono) and KaTeX's cost in V8.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from deckbuild.rendering import assets

FORMULAS = [
    rf"\sum_{{i=1}}^{{{n}}} \frac{{x_i^2}}{{\sqrt{{{n} + \alpha}}}} = \int_0^\infty e^{{-{n}t}}\,dt"
    for n in range(200)
]
TIMING = """
import time; t0 = time.perf_counter()
from py_mini_racer import MiniRacer
MiniRacer().close(); t1 = time.perf_counter()
from deckbuild.rendering import math
math._get_engine(); t2 = time.perf_counter()
math.render_math("x", False); t3 = time.perf_counter()
for f in FORMULAS: math.render_math(f, True)
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


def deck_sizes() -> dict[str, int]:
    """Bytes each piece adds to a self-contained page (stylesheets with fonts inlined)."""
    sizes = {name: len(assets.read_text(name).encode()) for name in
             ["reveal.js/reveal.js", "reveal.js/reveal.css", "reveal.js/notes.js"]}  # fmt: skip
    for css in ["katex/katex.min.css", "fonts/inter/fonts.css", "fonts/jetbrains-mono/fonts.css"]:
        inlined = assets.inline_css_urls(assets.read_text(css), assets.vendor_path(css).parent)
        sizes[css + " (inlined)"] = len(inlined.encode())
    return sizes


def main() -> None:
    total = sum(p.stat().st_size for p in assets.VENDOR.rglob("*") if p.is_file())
    print(f"_vendor total: {total / 1024:.0f} KiB")
    sizes = deck_sizes()
    for name, size in sizes.items():
        print(f"  {name:42} {size / 1024:7.1f} KiB")
    print(f"  {'self-contained deck inlines':42} {sum(sizes.values()) / 1024:7.1f} KiB")
    code = f"FORMULAS = {FORMULAS!r}\n{TIMING}"
    runs = [list(map(float, subprocess.check_output([sys.executable, "-c", code]).split())) for _ in range(5)]
    labels = ["bare V8 start", "V8 + KaTeX load", "first formula", "200 formulas"]
    for label, values in zip(labels, zip(*runs, strict=True), strict=True):
        print(f"{label:20} median {statistics.median(values) * 1000:6.1f} ms  (5 fresh processes)")


if __name__ == "__main__":
    main()
