"""How long `deckbuild check` takes on the shared 50-slide talk, browser start included.

    python benchmarks/check_bench.py [--runs 5] [--corpus DIR] [--no-phases]

Copies `talk-50.qmd` (and its image) from the shared benchmark corpus (`../shared/bench-corpus`
beside the checkout, or `--corpus`) into a temporary folder, runs `deckbuild check talk-50.qmd`
there once untimed (typeset formulas, compiled templates and Node's compiled driver are then
in the user cache, as for an author checking a talk again), then times `--runs` whole
processes and prints the median. Then, unless `--no-phases`, one run in this process split
into its steps (render, browser start, print layout, probe, axe), to show where the time goes.
Target on the 2-core reference machine: at most 5 s.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = 5.0
TALK = "talk-50.qmd"


def find_corpus(given: Path | None) -> Path:
    candidates = [given] if given else [ROOT.parent / "shared" / "bench-corpus", ROOT.parents[1] / "shared" / "bench-corpus"]
    for folder in candidates:
        if folder is not None and (folder / TALK).is_file():
            return folder
    raise SystemExit(f"no {TALK} in {', '.join(map(str, candidates))}: give --corpus DIR")


def copy_talk(corpus: Path, folder: Path) -> Path:
    for path in corpus.iterdir():
        if path.suffix in (".qmd", ".png", ".svg", ".jpg") and path.name.startswith(("talk-50", "neuron")):
            shutil.copy(path, folder / path.name)
    return folder / TALK


def timed_run(folder: Path) -> tuple[float, str]:
    """Wall time of one `deckbuild check` process, and its summary line."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "deckbuild", "check", TALK], cwd=folder, capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"deckbuild check failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout.strip().splitlines()[-1]


def phases(source: Path) -> list[tuple[str, float]]:
    """One check in this process, step by step (the browser starts while the deck renders)."""
    from deckbuild.check import adapter
    from deckbuild.check.measure import axe, probe
    from deckbuild.options import Overrides

    marks: list[tuple[str, float]] = []

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    mark("start")
    with adapter.start_browser(None, 30) as browser, tempfile.TemporaryDirectory() as scratch:
        rendered = adapter.render(source, Path(scratch), Overrides())
        mark("render (browser starting meanwhile)")

        def work(running: Any) -> None:
            mark("waiting for the browser")
            with adapter.print_layout(running, rendered, 30) as loading:
                mark("print layout (load, every fragment step)")
                probe(loading)
                mark("probe (and the pixels behind text on images)")
                axe(loading)
                mark("axe-core (loading it, then running)")

        run: Callable[[Callable[[Any], None]], None] = browser.run
        run(work)
    mark("closing the browser")
    return [(name, at - marks[i][1]) for i, (name, at) in enumerate(marks[1:])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--no-phases", action="store_true")
    args = parser.parse_args()
    corpus = find_corpus(args.corpus)
    print(f"{os.cpu_count()} CPUs; python {sys.version.split()[0]}; {corpus / TALK}")
    with tempfile.TemporaryDirectory(prefix="deckbuild-check-bench-") as scratch:
        folder = Path(scratch)
        source = copy_talk(corpus, folder)
        first, found = timed_run(folder)
        print(f"first run (fills the user cache): {first:.2f} s; {found}")
        times = [timed_run(folder)[0] for _ in range(args.runs)]
        median = statistics.median(times)
        verdict = "ok" if median <= TARGET else f"OVER the {TARGET:g} s target"
        print(f"deckbuild check, {TALK}: median {median:.2f} s of {args.runs} (min {min(times):.2f}, "
              f"max {max(times):.2f}), browser start included  {verdict}", flush=True)
        if not args.no_phases:
            for name, seconds in phases(source):
                print(f"  {name:<42} {seconds:5.2f} s")


if __name__ == "__main__":
    main()
