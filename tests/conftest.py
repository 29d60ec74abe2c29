"""Shared test fixtures: one Chromium per session, decks opened offline, strict resource skips.

A test that needs something this machine may lack (a browser, a kernel, a gateway, the built
front-end assets) calls `missing_resource(...)`: locally that skips, but with `CI` or
`DECKBUILD_STRICT=1` in the environment the skip is turned into a failure, so CI never passes
by skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
MISSING = "missing resource: "

# Property tests draw the same examples on every run unless DECKBUILD_FUZZ_RANDOM is set: CI
# then passes or fails on the code, not on the draw. Exploring with fresh examples (and more of
# them: DECKBUILD_FUZZ_EXAMPLES for the deck fuzzer) is a local run with the variable set.
settings.register_profile("deckbuild", derandomize=not os.environ.get("DECKBUILD_FUZZ_RANDOM"), database=None)
settings.load_profile("deckbuild")

# Tests never read or fill the user's own cache of typeset formulas and compiled templates.
os.environ.setdefault("DECKBUILD_CACHE_DIR", tempfile.mkdtemp(prefix="deckbuild-test-cache-"))


def strict() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("DECKBUILD_STRICT") == "1"


def missing_resource(what: str, how: str = "") -> None:
    """Skip (locally) or fail (CI) because `what` is not available; `how` says how to get it."""
    pytest.skip(MISSING + what + (f" — {how}" if how else ""))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and strict() and MISSING in str(report.longrepr):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"{reason}\n(CI / DECKBUILD_STRICT: a missing resource fails instead of skipping)"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session, with deckbuild's own flags."""
    from deckbuild.browser import LAUNCH_ARGS, find_browser
    from deckbuild.errors import BrowserNotFound

    try:
        executable = find_browser()
        from playwright.sync_api import sync_playwright
    except (BrowserNotFound, ImportError) as exc:
        missing_resource("Chromium driven by Playwright", str(exc))
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=list(LAUNCH_ARGS))
        yield launched
        launched.close()


@dataclass
class DeckPage:
    """A deck open in the browser; attribute access falls through to the Playwright page."""

    page: Any
    requests: list[str] = field(default_factory=list)
    """URLs that tried to leave the machine (all were aborted)."""
    console_errors: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)


@pytest.fixture
def open_deck(browser: Any) -> Iterator[Callable[..., DeckPage]]:
    """`open_deck(path, query="")`: load a deck over file://, offline, and wait for reveal.js."""
    from deckbuild.export.printing import OFFLINE

    contexts: list[Any] = []

    def open_(path: Path, query: str = "", **context_options: Any) -> DeckPage:
        context = browser.new_context(**context_options)
        contexts.append(context)
        deck = DeckPage(context.new_page())
        context.route(OFFLINE, lambda route: (deck.requests.append(route.request.url), route.abort()))
        deck.page.on("console", lambda m: m.type == "error" and deck.console_errors.append(m.text))
        deck.page.on("pageerror", lambda error: deck.console_errors.append(str(error)))
        deck.page.goto(Path(path).resolve().as_uri() + (f"?{query}" if query else ""))
        deck.page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15_000)
        return deck

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def render_fixture(tmp_path: Path) -> Callable[[str], Path]:
    """`render_fixture("name.md")`: the fixture deck rendered to HTML by the real renderer."""
    from deckbuild.errors import AssetsMissing

    def render(name: str) -> Path:
        from deckbuild import render as render_deck

        try:
            return Path(render_deck(FIXTURES / name, tmp_path / Path(name).with_suffix(".html").name, quiet=True))
        except (AssetsMissing, ImportError) as exc:
            missing_resource("the built front-end assets (deckbuild/_vendor)", f"pip install -e . builds them: {exc}")
            raise

    return render


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    """`deckbuild ARGS` as its own process, as a user runs it; `unprivileged` drops root's
    power to write where permissions say no."""
    command = [sys.executable, "-m", "deckbuild", *args]
    if unprivileged and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            missing_resource("setpriv (util-linux)", "as root, only it makes a read-only folder read-only")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})},
                          cwd=cwd or ROOT, timeout=300)


@pytest.fixture(scope="session")
def reveal_assets() -> Path:
    """Where reveal.js's files are, for hand-made decks."""
    sys.path.insert(0, str(Path(__file__).parent))
    from handmade import reveal_dir

    found = reveal_dir()
    if found is None:
        missing_resource("reveal.js files (deckbuild/_vendor/reveal.js)", "pip install -e . builds them")
    assert found is not None
    return found
