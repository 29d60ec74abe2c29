"""How fast `deckbuild render` is, as a user runs it: a whole process, start to exit.

Generates 50- and 500-slide decks (text, lists, code with line stepping, maths, an image),
renders each at least 5 times, and prints the median time, the peak RSS of the process and
the output size: "cold" with an empty user cache (KaTeX starts in V8 and typesets every
formula, templates compile, Pygments compiles its lexers), "warm" with the formulas,
templates and highlighted code kept from the previous run (what an author re-rendering a talk
gets). Then the corpus's talks (`talk-50.qmd`, `talk-500.qmd`, copied out of the read-only
corpus first) the same way, next to `pandoc -s -t revealjs --mathjax` on their `.pandoc.md`
twins (pandoc from the pypandoc-binary test dependency). Each row names the load average: on
a busy machine the figures are noise. Python's own start is part of every figure (as pandoc's
is of its), so the rows after them show what a process costs before it renders anything: the
interpreter alone, `import deckbuild.cli`, and the four libraries a render cannot do without
(click, Jinja, PyYAML, mistune). Last it checks with `python -X importtime` that a deck
without code imports none of the Jupyter or browser machinery.

What "warm" keeps from the run before (the user cache): typeset formulas, highlighted code
and Pygments palettes, compiled SCSS and Jinja's template bytecode. Everything else (the
Markdown, the slides, the page, its stylesheets and fonts inlined) is made again on every run.
The package is byte-compiled first, as `pip install` does: with PYTHONDONTWRITEBYTECODE set
(as in some containers) an editable checkout would otherwise compile its modules on every run.

    python benchmarks/render_bench.py [--runs 7] [--corpus ../shared/bench-corpus]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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


def startup_rows(runs: int) -> None:
    """What a process costs before it renders: Python, deckbuild's CLI, the libraries it needs."""
    for label, code in (("python -c pass", "pass"), ("import cli", "import deckbuild.cli"),
                        ("import 4 libs", "import click, jinja2, yaml, mistune")):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - started)
        print(f"{label:>16} {'':>6} {statistics.median(times):>9.3f} {min(times):>7.3f} {'':>13} {'':>11} "
              f"{os.getloadavg()[0]:>6.2f}")


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


def pandoc_seconds(source: Path, runs: int) -> list[float]:
    """`pandoc -s -t revealjs --mathjax` on `source`, timed as a whole process."""
    import pypandoc  # type: ignore[import-untyped]

    pandoc = pypandoc.get_pandoc_path()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([pandoc, "-s", "-t", "revealjs", "--mathjax", str(source), "-o", str(source.with_suffix(".html"))],
                       check=True)
        times.append(time.perf_counter() - started)
    return times


def corpus_folder(given: str | None) -> Path | None:
    """The benchmark corpus: --corpus, else `shared/bench-corpus` beside the checkout (or its parent)."""
    root = Path(__file__).resolve().parents[1]
    beside = [folder / "shared" / "bench-corpus" for folder in (root.parent, root.parents[1])]
    candidates = [Path(given)] if given else beside
    return next((path for path in candidates if (path / "talk-50.qmd").is_file()), None)


def row(name: str, label: str, runs: list[tuple[float, int]], output: Path) -> None:
    times = [t for t, _ in runs]
    rss = max(r for _, r in runs) / 1024
    size = output.stat().st_size / 1024
    load = os.getloadavg()[0]
    print(f"{name:>16} {label:>6} {statistics.median(times):>9.3f} {min(times):>7.3f} {rss:>13.1f} {size:>11.0f} {load:>6.2f}")


def bench(deck: Path, folder: Path, runs: int) -> None:
    timed_render(deck, folder / "warm")  # fills the OS file cache, bytecode and the warm stores
    for label in ("cold", "warm"):
        caches = [folder / "warm" if label == "warm" else folder / f"cold-{deck.stem}-{run}" for run in range(runs)]
        row(deck.name, label, [timed_render(deck, cache) for cache in caches], deck.with_suffix(".html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--corpus", help="the folder holding talk-50.qmd and talk-500.qmd")
    args = parser.parse_args()
    package = Path(__file__).resolve().parents[1] / "deckbuild"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'deck':>16} {'cache':>6} {'median s':>9} {'min s':>7} {'peak RSS MiB':>13} {'output KiB':>11} {'load':>6}")
        for count in (50, 500):
            bench(make_deck(folder, count), folder, args.runs)
        corpus = corpus_folder(args.corpus)
        if corpus is None:
            print("no benchmark corpus found (give --corpus): skipping talk-50 and talk-500")
        else:
            copied = folder / "corpus"
            shutil.copytree(corpus, copied)
            for name in ("talk-50", "talk-500"):
                bench(copied / f"{name}.qmd", folder, args.runs)
                times = pandoc_seconds(copied / f"{name}.pandoc.md", args.runs)
                print(f"{name + '.pandoc.md':>16} {'pandoc':>6} {statistics.median(times):>9.3f} {min(times):>7.3f} "
                      f"{'':>13} {(copied / f'{name}.pandoc.html').stat().st_size / 1024:>11.0f} {os.getloadavg()[0]:>6.2f}")
        startup_rows(args.runs)
        print(f"heavy modules imported for a deck without code: {heavy_imports(make_deck(folder, 50)) or 'none'}")


if __name__ == "__main__":
    main()
