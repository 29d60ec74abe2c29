"""Execution benchmark: a 20-cell deck with 3 matplotlib plots.

Times, in the same run and on the same cells:
  1. `deckbuild render talk.md` first render (kernel start, all cells, HTML written),
  2. `jupyter nbconvert --execute --to html talk.ipynb` on the same cells as a notebook,
  3. `deckbuild render talk.md` again: from the cache, no kernel started (target ≤ 0.5 s),
  4. the same cached render in-process (`deckbuild.render`), with a spy proving no kernel.

Both commands run as subprocesses, so both pay for interpreter start-up and imports.
Needs nbconvert (`pip install -e .[bench]`). Run: `python benchmarks/execute_bench.py [--runs 3]`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SETUP = "import numpy as np\nrng = np.random.default_rng(0)"
PLOT = "import matplotlib.pyplot as plt\nxs = np.linspace(0, 10, 200)\nplt.plot(xs, np.sin(xs * {k}))\nplt.title('plot {k}');"
WORK = "data = rng.normal(size=(200, {k}))\nprint(f'{{data.mean():.3f}} {{data.std():.3f}}')"


def cells() -> list[str]:
    body = [SETUP] + [WORK.format(k=k + 2) for k in range(16)]
    for k, at in enumerate((3, 9, 15), start=1):
        body.insert(at, PLOT.format(k=k))
    assert len(body) == 20 and sum("plt.plot" in c for c in body) == 3
    return body


def write_sources(folder: Path) -> tuple[Path, Path]:
    import nbformat

    markdown = ["---", "title: Benchmark", "---", ""]
    for number, code in enumerate(cells(), start=1):
        markdown += [f"## Cell {number}", "", "```{python}", code, "```", ""]
    talk = folder / "talk.md"
    talk.write_text("\n".join(markdown))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in cells()])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    ipynb = folder / "talk.ipynb"
    nbformat.write(notebook, ipynb)
    return talk, ipynb


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=_env())
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return seconds, result.stderr


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT)}


def nbconvert_command(ipynb: Path) -> list[str]:
    jupyter = Path(sys.executable).with_name("jupyter")
    head = [str(jupyter), "nbconvert"] if jupyter.exists() else [sys.executable, "-m", "nbconvert"]
    return [*head, "--execute", "--to", "html", "--output", "nbconvert-out", str(ipynb)]


def in_process_cached(talk: Path) -> tuple[float, int]:
    sys.path.insert(0, str(ROOT))
    import deckbuild
    from deckbuild.execute.local import LocalExecutor

    made = []
    original = LocalExecutor.__init__

    def spy(self, **kwargs):  # type: ignore[no-untyped-def]
        made.append(self)
        original(self, **kwargs)

    LocalExecutor.__init__ = spy  # type: ignore[method-assign]
    started = time.perf_counter()
    deckbuild.render(talk, talk.with_name("in-process.html"), quiet=True)
    return time.perf_counter() - started, len(made)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    deckbuild_cli = [sys.executable, "-m", "deckbuild", "render", "talk.md"]
    first, nbconvert, cached = [], [], []
    with tempfile.TemporaryDirectory(prefix="deckbuild-bench-") as tmp:
        folder = Path(tmp)
        talk, ipynb = write_sources(folder)
        for _ in range(runs):
            shutil.rmtree(folder / ".deckbuild", ignore_errors=True)
            first.append(timed(deckbuild_cli, folder)[0])
            nbconvert.append(timed(nbconvert_command(ipynb), folder)[0])
            seconds, stderr = timed(deckbuild_cli, folder)
            assert "executed 0 cells, 20 from cache" in stderr, stderr
            cached.append(seconds)
        in_process, kernels = in_process_cached(talk)

    def show(label: str, values: list[float], target: str = "") -> None:
        spread = f"(min {min(values):.2f}, max {max(values):.2f})" if len(values) > 1 else ""
        print(f"{label:<44} {statistics.median(values):6.2f} s  {spread} {target}")

    beats = statistics.median(first) <= statistics.median(nbconvert)
    fast = statistics.median(cached) <= 0.5
    print(f"20 cells, 3 matplotlib plots; median of {runs} runs; {sys.version.split()[0]}")
    show("deckbuild render, first (executes)", first, f"[target <= nbconvert: {'ok' if beats else 'MISSED'}]")
    show("jupyter nbconvert --execute --to html", nbconvert)
    show("deckbuild render, cached (CLI process)", cached, f"[target <= 0.5 s: {'ok' if fast else 'MISSED'}]")
    show("deckbuild.render, cached (in process)", [in_process])
    print(f"{'kernels started by the cached renders':<44} {kernels}")


if __name__ == "__main__":
    main()
