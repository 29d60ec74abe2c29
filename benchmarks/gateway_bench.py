"""Gateway benchmark: per-cell overhead of a kernel behind a loopback kernel gateway.

In the same run, 50 trivial cells (`x = i`) go through `LocalExecutor` (jupyter_client, a kernel on
this machine) and through `GatewayExecutor` (REST + websocket to `jupyter kernelgateway` on
127.0.0.1, with a token); kernel start-up and shut-down are timed apart from the cells.
Target: at most 15 ms more per cell through the gateway than locally.

Needs jupyter_kernel_gateway (`pip install -e .[test]`).
Run: `python benchmarks/gateway_bench.py [--cells 50] [--runs 3]`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from deckbuild.config import ExecutorConfig  # noqa: E402
from deckbuild.execute.base import Executor  # noqa: E402
from deckbuild.execute.gateway import GatewayExecutor  # noqa: E402
from deckbuild.execute.local import LocalExecutor  # noqa: E402
from deckbuild.model import Cell  # noqa: E402
from deckbuild.options import CellOptions  # noqa: E402

from gateway_support import start_gateway  # noqa: E402

TARGET_MS = 15.0


def timed(make: Callable[[], Executor], count: int) -> tuple[float, float, float]:
    """Seconds to start (first cell), milliseconds per further cell, seconds to shut down."""
    options = CellOptions()
    executor = make()
    started = time.perf_counter()
    executor.run(Cell("x = 0", "python", {}, 1), options)
    start = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(1, count + 1):
        run = executor.run(Cell(f"x = {i}", "python", {}, i + 1), options)
        assert not run.outputs, run.outputs
    per_cell = (time.perf_counter() - started) / count * 1000
    started = time.perf_counter()
    executor.close()
    return start, per_cell, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    token = secrets.token_hex(16)
    os.environ["DECKBUILD_BENCH_TOKEN"] = token
    with tempfile.TemporaryDirectory(prefix="deckbuild-gateway-bench-") as folder:
        gateway = start_gateway(Path(folder), token)
        try:
            config = ExecutorConfig("gpu", gateway.url, "DECKBUILD_BENCH_TOKEN")
            makers = {
                "local": lambda: LocalExecutor(kernel="python3", language="python", cwd=Path(folder)),
                "gateway": lambda: GatewayExecutor(config, cwd=Path(folder)),
            }
            results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in makers}
            for _ in range(args.runs):
                for name, make in makers.items():
                    results[name].append(timed(make, args.cells))
            assert gateway.kernels() == [], "a kernel was left on the gateway"
        finally:
            gateway.stop()

    print(f"{args.cells} trivial cells, median of {args.runs} runs, same machine, same run")
    print(f"{'':8} {'start (s)':>10} {'per cell (ms)':>14} {'shut down (s)':>14}")
    medians = {}
    for name, runs in results.items():
        start, per_cell, stop = (statistics.median(column) for column in zip(*runs, strict=True))
        medians[name] = per_cell
        print(f"{name:8} {start:10.2f} {per_cell:14.2f} {stop:14.2f}")
    extra = medians["gateway"] - medians["local"]
    verdict = "within" if extra <= TARGET_MS else "OVER"
    print(f"gateway overhead: {extra:+.2f} ms per cell ({verdict} the {TARGET_MS:g} ms target)")


if __name__ == "__main__":
    main()
