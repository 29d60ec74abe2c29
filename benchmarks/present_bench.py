"""Present benchmark: from pressing Run to the first streamed line on the slide.

`deckbuild present` serves a deck with two live cells that print `1`: one on the local kernel,
one on a `jupyter kernelgateway` on 127.0.0.1 (with a token). In headless Chromium, each Run
button is clicked; the page records `performance.now()` in the click (before the POST leaves)
and again when a MutationObserver sees the `1` in the slide's live outputs. The kernels are
warm (the warm-up ran both cells) and each cell is run once before timing.
Targets: median at most 150 ms locally and 250 ms through the gateway.

Needs Chromium and jupyter_kernel_gateway (`pip install -e .[test]`).
Run: `python benchmarks/present_bench.py [--runs 15]`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from deckbuild.browser import LAUNCH_ARGS, find_browser  # noqa: E402

from gateway_support import TOKEN_ENV, start_gateway, talk  # noqa: E402
from presenting import presenting  # noqa: E402

TARGETS_MS = {"local": 150.0, "gateway": 250.0}

TIME_RUN = """async (index) => {
  const cell = document.querySelectorAll('.live-cell')[index];
  const outputs = cell.querySelector('.live-outputs');
  await new Promise((resolve) => {  // the previous run is over
    const check = () => cell.dataset.status === 'done' || cell.dataset.status === 'built' ? resolve() : setTimeout(check, 10);
    check();
  });
  outputs.textContent = '';
  return await new Promise((resolve) => {
    let pressed = 0;
    const seen = new MutationObserver(() => {
      if (outputs.textContent.includes('1')) { seen.disconnect(); resolve(performance.now() - pressed); }
    });
    seen.observe(outputs, {childList: true, subtree: true, characterData: true});
    const run = cell.querySelector('button.live-run');
    run.addEventListener('click', () => { pressed = performance.now(); }, {capture: true, once: true});
    run.click();
  });
}"""


def measure(page: Any, index: int, runs: int) -> list[float]:
    page.evaluate(TIME_RUN, index)  # once, untimed
    return [float(page.evaluate(TIME_RUN, index)) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="deckbuild-present-bench-") as tmp:
        folder = Path(tmp)
        gateway = start_gateway(folder / "gateway", token)
        try:
            talk(folder, gateway.url, "#| live: true\nprint(1)", "#| executor: gpu\n#| live: true\nprint(1)")
            env = {**os.environ, TOKEN_ENV: token}
            with presenting(folder / "talk.md", env=env) as presented, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=find_browser(), args=list(LAUNCH_ARGS))
                page = browser.new_page()
                page.goto(presented.url)
                page.wait_for_function("window.Reveal && Reveal.isReady() && document.querySelectorAll('.live-cell').length == 2")
                for index, where in enumerate(("local", "gateway")):
                    times = measure(page, index, args.runs)
                    median, target = statistics.median(times), TARGETS_MS[where]
                    verdict = "ok" if median <= target else "over target"
                    print(f"Run to first line, {where:7}: median {median:6.1f} ms, best {min(times):6.1f} ms, "
                          f"worst {max(times):6.1f} ms over {len(times)} runs (target ≤ {target:.0f} ms: {verdict})")
                browser.close()
                presented.served.stop()
        finally:
            gateway.stop()


if __name__ == "__main__":
    main()
