"""PDF and PNG export speed and memory, as whole `deckbuild` processes (browser start included).

    python benchmarks/pdf_bench.py [--runs 5] [--runs-500 5] [--no-decktape]

Generates 50- and 500-slide decks (text, lists, code, maths, an image), renders them to HTML
once (not timed), then times `deckbuild pdf` and `deckbuild png` on that HTML: median of the
runs, and the peak RSS of the whole process tree (Python + Playwright's driver + Chromium),
sampled from /proc in a separate run so that sampling does not slow the timed runs.
decktape (npm, installed into a temporary folder) prints the same HTML with the same Chromium
for comparison; that part is skipped, with a note, when npm cannot install it.
Targets on the 2-core reference machine: 50 slides <= 4 s, 500 <= 20 s, PNG 50 <= 8 s,
>= 5x faster than decktape.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120"><rect width="320" height="120" fill="#2563eb"/></svg>'


def deck_markdown(slides: int) -> str:
    parts = ["---\ntitle: Benchmark deck\nauthor: deckbuild\n---\n"]
    for n in range(1, slides):
        if n % 10 == 1:
            parts.append(f"# Part {n // 10 + 1}\n")
            continue
        parts.append(f"## Slide {n}: gradients\n\nThe loss $L(w) = \\frac{{1}}{{2}}\\lVert y - Xw \\rVert^2$ falls.\n")
        parts.append("- a point\n- another point with **bold** text\n- a third\n")
        if n % 3 == 0:
            parts.append("```python\nfor epoch in range(10):\n    w -= lr * grad(w)\n```\n")
        if n % 5 == 0:
            parts.append("$$\\nabla_w L = X^\\top (Xw - y)$$\n")
        if n % 10 == 5:
            parts.append("![a box](box.svg){width=30%}\n")
    return "\n".join(parts)


def deckbuild_command() -> list[str]:
    return [sys.executable, "-m", "deckbuild"]


def make_html(folder: Path, slides: int) -> tuple[Path, str]:
    """The benchmark deck, rendered by deckbuild."""
    from deckbuild.pipeline import render

    source = folder / f"deck{slides}.md"
    source.write_text(deck_markdown(slides))
    (folder / "box.svg").write_text(IMAGE)
    return Path(render(source, folder / f"deck{slides}.html", quiet=True)), "rendered by deckbuild"


def tree_rss(root: int) -> int:
    """Memory of `root` and all its descendants, in bytes (Linux /proc).

    Proportional set size (PSS): Chromium's processes share most of their pages, and summing
    plain RSS would count those pages once per process.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


def run(command: list[str], *, sample: bool = False) -> tuple[float, int]:
    """Wall time of the process, and (when sampling) the peak RSS of its tree."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sampler() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(process.pid))
            stop.wait(0.05)

    thread = threading.Thread(target=sampler) if sample else None
    if thread:
        thread.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    if thread:
        thread.join()
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{errors}")
    return elapsed, peak


def measure(label: str, command: list[str], runs: int, target: float | None) -> float:
    times = [run(command)[0] for _ in range(runs)]
    _, peak = run(command, sample=True)
    median = statistics.median(times)
    verdict = "" if target is None else ("  ok" if median <= target else f"  OVER the {target:g} s target")
    print(f"{label:<28} median {median:6.2f} s of {runs} (min {min(times):.2f}, max {max(times):.2f}), "
          f"peak memory (PSS of the tree) {peak / 2**20:5.0f} MiB{verdict}", flush=True)
    return median


def install_decktape(folder: Path) -> Path | None:
    npm = shutil.which("npm")
    if not npm:
        print("decktape: skipped (no npm)")
        return None
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "true", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "true"}
    done = subprocess.run([npm, "install", "--prefix", str(folder), "decktape", "--no-audit", "--no-fund",
                           "--loglevel=error"], capture_output=True, text=True, env=env)
    script = folder / "node_modules/decktape/decktape.js"
    if done.returncode or not script.exists():
        print(f"decktape: skipped (npm install failed: {done.stderr.strip()[:200]})")
        return None
    return script


def decktape_command(script: Path, chromium: Path, html: Path, output: Path, pause: int | None) -> list[str]:
    """decktape's reveal plugin; `pause` None keeps its default (1 s on every slide)."""
    timing = ["--pause", str(pause)] if pause is not None else []
    return ["node", str(script), "reveal", "--size", "1280x720", *timing, "--chrome-path", str(chromium),
            "--chrome-arg=--no-sandbox", "--chrome-arg=--disable-dev-shm-usage", html.resolve().as_uri(), str(output)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--runs-500", type=int, default=5)
    parser.add_argument("--no-decktape", action="store_true")
    args = parser.parse_args()
    from deckbuild.browser import find_browser

    chromium = find_browser()
    deckbuild = deckbuild_command()
    print(f"Chromium: {chromium}; {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="deckbuild-bench-") as scratch:
        folder = Path(scratch)
        html50, how = make_html(folder, 50)
        html500, _ = make_html(folder, 500)
        print(f"decks: {how}; {html50.stat().st_size / 1e6:.1f} MB and {html500.stat().st_size / 1e6:.1f} MB of HTML")
        ours = measure("deckbuild pdf, 50 slides", [*deckbuild, "pdf", "-q", str(html50), "-o", str(folder / "a.pdf")],
                       args.runs, 4)
        measure("deckbuild pdf, 500 slides", [*deckbuild, "pdf", "-q", str(html500), "-o", str(folder / "b.pdf")],
                args.runs_500, 20)
        measure("deckbuild png, 50 slides", [*deckbuild, "png", "-q", str(html50), "-o", str(folder / "png")],
                args.runs, 8)
        script = None if args.no_decktape else install_decktape(folder / "decktape")
        if script:
            for label, pause, runs in (("defaults", None, 1), ("--pause 0", 0, max(1, min(args.runs, 3)))):
                command = decktape_command(script, chromium, html50, folder / "d.pdf", pause)
                theirs = measure(f"decktape {label}, 50 slides", command, runs, None)
                verdict = "ok" if theirs / ours >= 5 else "UNDER the 5x target"
                print(f"  deckbuild is {theirs / ours:.1f}x faster than decktape ({label})  {verdict}", flush=True)


if __name__ == "__main__":
    main()
