"""PDF and PNG export speed and memory, as whole `deckbuild` processes (browser start included).

    python benchmarks/pdf_bench.py [--runs 5] [--runs-500 5] [--no-decktape] [--corpus ../shared/bench-corpus]

First the corpus's `talk-50.qmd` (copied out of the read-only corpus): `deckbuild pdf` on the
source, browser start included, then where that time goes, measured inside one process with
the functions the command uses: rendering, the browser's launch (Playwright's driver and
Chromium), the page loading in print view up to reveal.js's `pdf-ready`, deckbuild's own
layout step (print.js), Chromium printing, and the post-processing (pypdf's outline and
metadata, the file written); each step also says how much CPU the browser's processes spent.
Then it generates 50- and 500-slide decks (text, lists, code, maths, an image), renders them to HTML
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


def corpus_folder(given: str | None) -> Path | None:
    """The benchmark corpus: --corpus, else `shared/bench-corpus` beside the checkout (or its parent)."""
    beside = [folder / "shared" / "bench-corpus" for folder in (ROOT.parent, ROOT.parents[1])]
    candidates = [Path(given)] if given else beside
    return next((path for path in candidates if (path / "talk-50.qmd").is_file()), None)


def stages(source: Path, output: Path) -> dict[str, tuple[float, float]]:
    """Seconds and browser CPU seconds of each step of `deckbuild pdf source`, in this process."""
    from deckbuild import pipeline
    from deckbuild.browser import launch
    from deckbuild.export.options import ExportOptions
    from deckbuild.export.pdfdoc import finish_pdf
    from deckbuild.export.printing import Blocked, finish, offline_context, start, watchdog_for
    from deckbuild.writing import atomic_write

    spent: dict[str, tuple[float, float]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="deckbuild-bench-") as scratch:
        deck = pipeline.load(source)
        rendered = pipeline.render(deck, pipeline.sink_for(deck, Path(scratch) / "deck.html"), pipeline.execute(deck))
        html = pipeline.write(rendered, Path(scratch) / "deck.html")
        spent["render (load, execute, render, write)"] = (time.perf_counter() - started, 0.0)
        mark = time.perf_counter()
        with launch() as browser:
            session = browser.new_browser_cdp_session()

            def cpu() -> float:
                return sum(p["cpuTime"] for p in session.send("SystemInfo.getProcessInfo")["processInfo"])

            last = [mark, 0.0]

            def step(name: str) -> None:
                now, used = time.perf_counter(), cpu()
                spent[name] = (now - last[0], used - last[1])
                last[:] = [now, used]

            step("browser launch (driver + Chromium)")
            options = ExportOptions()
            context = offline_context(browser, Blocked())
            loading = start(context, html, options, watchdog_for(browser), fragment_pages=rendered.fragment_pages)
            loading.page.evaluate("() => window.__deckbuild.ready")
            step("page load in print view (to pdf-ready)")
            layout = finish(loading, options)
            step("deckbuild's print layout (print.js)")
            raw = loading.page.pdf(prefer_css_page_size=True, print_background=True)
            step("Chromium prints")
            atomic_write(output, finish_pdf(raw, layout, options.page_size))
            step("post-process (pypdf) and write")
            loading.close()
            context.close()
        spent["browser close"] = (time.perf_counter() - last[0], 0.0)
    spent["total"] = (time.perf_counter() - started, sum(cpu for _, cpu in spent.values()))
    return spent


def corpus(folder: Path, given: str | None, runs: int) -> None:
    """`deckbuild pdf talk-50.qmd`, browser start included, and where its time goes."""
    found = corpus_folder(given)
    if found is None:
        print("no benchmark corpus found (give --corpus): skipping talk-50.qmd")
        return
    copied = folder / "corpus"
    shutil.copytree(found, copied)
    talk = copied / "talk-50.qmd"
    measure("deckbuild pdf talk-50.qmd", [*deckbuild_command(), "pdf", "-q", str(talk), "-o", str(folder / "t.pdf")],
            runs, 3)
    all_runs = [stages(talk, folder / "s.pdf") for _ in range(runs)]
    print(f"  where the time goes (median of {runs} runs in one process; load {os.getloadavg()[0]:.2f}):")
    for name in all_runs[0]:
        seconds = statistics.median(run[name][0] for run in all_runs)
        cpu = statistics.median(run[name][1] for run in all_runs)
        shown = f"   browser CPU {cpu:5.2f} s" if cpu > 0 else ""  # its processes that exit take their CPU along
        print(f"    {name:<42} {seconds:6.2f} s{shown}", flush=True)


def deckbuild_command() -> list[str]:
    return [sys.executable, "-m", "deckbuild"]


def make_html(folder: Path, slides: int) -> tuple[Path, str]:
    """The benchmark deck, rendered by deckbuild."""
    from deckbuild import render

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
          f"peak memory (PSS of the tree) {peak / 2**20:5.0f} MiB, load {os.getloadavg()[0]:.2f}{verdict}", flush=True)
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
    parser.add_argument("--corpus", help="the folder holding talk-50.qmd")
    args = parser.parse_args()
    from deckbuild.browser import find_browser

    chromium = find_browser()
    deckbuild = deckbuild_command()
    print(f"Chromium: {chromium}; {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="deckbuild-bench-") as scratch:
        folder = Path(scratch)
        corpus(folder, args.corpus, args.runs)
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
