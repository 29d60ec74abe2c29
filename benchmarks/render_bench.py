"""How fast `deckbuild render` is, as a user runs it: a whole process, start to exit.

Generates 50- and 500-slide decks (text, lists, code with line stepping, maths, an image),
renders each at least 5 times, and prints the median time, the peak RSS of the process and
the output size: "cold" with an empty user cache (KaTeX starts in V8 and typesets every
formula, templates compile), "warm" with the formulas and templates kept from the previous
run (what an author re-rendering a talk gets). Then it checks with `python -X importtime` that a deck without code imports
none of the Jupyter or browser machinery.

    python benchmarks/render_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HEAVY = ("nbclient", "jupyter_client", "nbconvert", "zmq", "playwright")

IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20" fill="#2563eb"/></svg>'


def slide(number: int) -> str:
    return f"""## Slide {number}: gradient descent

- The update rule moves **against** the gradient, step {number}
- A learning rate $\\eta$ that is too large diverges
- Mini-batches trade noise for speed

$$\\theta_{{t+1}} = \\theta_t - \\eta \\nabla L(\\theta_t) + {number}$$

``` {{.python code-line-numbers="1|2"}}
theta = theta - lr * grad(theta)
print({number})
```

![Figure {number}](pixel.svg){{width=20%}}

::: {{.notes}}
Say why the step size matters ({number}).
:::
"""


def make_deck(folder: Path, slides: int) -> Path:
    (folder / "pixel.svg").write_text(IMAGE, encoding="utf-8")
    deck = folder / f"deck{slides}.md"
    body = "\n".join(slide(n) for n in range(1, slides + 1))
    deck.write_text(f"---\ntitle: Benchmark deck\nauthor: Bench\n---\n\n{body}", encoding="utf-8")
    return deck


def timed_render(deck: Path, cache: Path) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one `deckbuild render` process using the user cache `cache`."""
    script = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "r = subprocess.run([sys.executable, '-m', 'deckbuild', 'render', '-q', sys.argv[1]]);"
        "e = time.perf_counter() - t;"
        "print(e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    env = {**os.environ, "DECKBUILD_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", script, str(deck)], capture_output=True, text=True, check=True, env=env)
    seconds, rss, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"render failed for {deck}")
    return float(seconds), int(rss)


def heavy_imports(deck: Path) -> list[str]:
    """Top-level packages among HEAVY that rendering `deck` imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "deckbuild", "render", "-q", str(deck)],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    return sorted(set(HEAVY) & imported)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'deck':>10} {'cache':>5} {'median s':>9} {'min s':>7} {'peak RSS MiB':>13} {'output KiB':>11}")
        for count in (50, 500):
            deck = make_deck(folder, count)
            timed_render(deck, folder / "warm")  # fills the OS file cache, bytecode and the warm store
            for label in ("cold", "warm"):
                runs = []
                for run in range(args.runs):
                    cache = folder / "warm" if label == "warm" else folder / f"cold-{count}-{run}"
                    runs.append(timed_render(deck, cache))
                times = [t for t, _ in runs]
                rss = max(r for _, r in runs) / 1024
                size = os.path.getsize(deck.with_suffix(".html")) / 1024
                median = statistics.median(times)
                print(f"{count:>4} slides {label:>5} {median:>9.3f} {min(times):>7.3f} {rss:>13.1f} {size:>11.0f}")
        print(f"heavy modules imported for a deck without code: {heavy_imports(deck) or 'none'}")


if __name__ == "__main__":
    main()
