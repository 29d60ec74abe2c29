"""How long typesetting maths takes: KaTeX, and the MathJax fallback for what KaTeX lacks.

For each engine, N distinct formulas are typeset in a fresh process with an empty formula
store: "cold" is the first formula (V8 starts and loads the engine) plus the rest, "warm" is
another N new formulas in the same process (engine loaded, nothing cached), and "cached" is
the first N again in a new process (taken from the on-disk store: no V8 at all). Each figure is
the median of several runs.

    python benchmarks/math_bench.py [--formulas 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

# KaTeX typesets these; the MathJax set is what only MathJax does (eqnarray, \label/\eqref).
KATEX = r"\sum_{{i=1}}^{{{n}}} \frac{{x_i^2}}{{\lVert w \rVert + {n}}} \leadsto \theta_{{{n}}}"
MATHJAX = (r"\begin{{eqnarray}} a_{{{n}}} &=& \frac{{b}}{{{n}}} \label{{eq:{n}}} \nonumber \\ "
           r"c &=& \eqref{{eq:{n}}} \end{{eqnarray}}")

PROBE = """
import json, sys, time
from deckbuild.rendering.deck_maths import DeckMaths
template, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def batch(start):
    maths = DeckMaths()
    began = time.perf_counter()
    for n in range(start, start + count):
        maths(template.format(n=n), True)
    return time.perf_counter() - began, sorted(maths.engines)
cold, engines = batch(first)
warm, _ = batch(first + count)
from deckbuild import user_cache
user_cache.save()
print(json.dumps({"cold": cold, "warm": warm, "engines": engines, "v8": "py_mini_racer" in sys.modules}))
"""


def run(template: str, count: int, cache: str, first: int = 0) -> dict[str, object]:
    env = {**os.environ, "DECKBUILD_CACHE_DIR": cache}
    done = subprocess.run([sys.executable, "-c", PROBE, template, str(first), str(count)],
                          capture_output=True, text=True, env=env, check=True)
    return dict(json.loads(done.stdout))


def measure(name: str, template: str, count: int, runs: int) -> None:
    cold, warm, cached = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="math-bench-") as cache:
            first = run(template, count, cache)
            assert first["engines"] == [name], first["engines"]
            again = run(template, count, cache)  # the first batch is now in the store
            cold.append(float(first["cold"]))  # type: ignore[arg-type]
            warm.append(float(first["warm"]))  # type: ignore[arg-type]
            cached.append(float(again["cold"]))  # type: ignore[arg-type]
    print(f"{name:8} {count:5d} formulas   cold {statistics.median(cold):7.3f} s   "
          f"warm {statistics.median(warm):7.3f} s ({1000 * statistics.median(warm) / count:6.2f} ms each)   "
          f"from the store {statistics.median(cached):7.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formulas", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    measure("katex", KATEX, args.formulas, args.runs)
    measure("mathjax", MATHJAX, args.formulas, args.runs)


if __name__ == "__main__":
    main()
