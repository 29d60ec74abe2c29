"""Finding a browser, and what a user sees when there is none."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deckbuild import browser as browser_module
from deckbuild.browser import ENV_VAR, find_browser
from deckbuild.errors import BrowserNotFound

from conftest import ROOT, run_cli


def fake_executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No browser anywhere: empty PATH, no env var, an empty Playwright cache."""
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "pw"))
    return tmp_path


def test_nothing_found_says_how_to_install(bare: Path) -> None:
    with pytest.raises(BrowserNotFound) as error:
        find_browser()
    assert error.value.exit_code == 3
    assert "apt-get install -y chromium" in error.value.message
    assert "pip install playwright && playwright install chromium" in error.value.message


def test_search_order(bare: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_path = fake_executable(bare / "bin" / "google-chrome")
    assert find_browser() == on_path
    fake_executable(bare / "bin" / "chromium")
    assert find_browser() == bare / "bin" / "chromium"  # chromium before chrome
    bundled = fake_executable(bare / "pw" / "chromium-1200" / "chrome-linux64" / "chrome")
    assert find_browser() == bundled
    from_env = fake_executable(bare / "env" / "chrome")
    monkeypatch.setenv(ENV_VAR, str(from_env))
    assert find_browser() == from_env
    explicit = fake_executable(bare / "explicit" / "chrome")
    assert find_browser(explicit) == explicit


def test_newest_playwright_chromium_wins(bare: Path) -> None:
    fake_executable(bare / "pw" / "chromium-1100" / "chrome-linux" / "chrome")
    newest = fake_executable(bare / "pw" / "chromium-1200" / "chrome-linux64" / "chrome")
    assert browser_module.playwright_chromium() == newest


def test_explicit_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(BrowserNotFound, match="--browser: no browser executable at /nonexistent"):
        find_browser("/nonexistent")


def test_bad_env_var_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "/nonexistent/chrome")
    with pytest.raises(BrowserNotFound, match=ENV_VAR):
        find_browser()


@pytest.mark.parametrize("command", ["pdf", "png"])
def test_cli_without_browser_exits_3(tmp_path: Path, command: str) -> None:
    html = tmp_path / "deck.html"
    html.write_text("<!doctype html><title>x</title>")
    result = run_cli(command, str(html), "--browser", "/nonexistent")
    assert result.returncode == 3, result.stderr
    assert "no browser executable at /nonexistent" in result.stderr
    assert "apt-get install -y chromium" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_commands_import_nothing_heavy() -> None:
    code = (
        "import sys, deckbuild.export.commands, deckbuild.browser, deckbuild.export.pdf, deckbuild.export.png; "
        "print(sorted(m for m in ('playwright', 'pypdf') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_a_browser_that_will_not_start_fails_the_run_not_the_thread(tmp_path: Path) -> None:
    """BrowserThread hands a failed launch to the caller of `run`, as BrowserNotFound."""
    from deckbuild.browser import BrowserThread

    broken = fake_executable(tmp_path / "chromium")
    with BrowserThread(broken, timeout=10) as printer, pytest.raises(BrowserNotFound, match="is not a working Chromium"):
        printer.run(lambda browser: browser.version)


@pytest.mark.browser
def test_browser_thread_runs_work_and_passes_errors_back() -> None:
    from deckbuild.browser import BrowserThread

    try:
        find_browser()
    except BrowserNotFound as exc:
        from conftest import missing_resource

        missing_resource("Chromium", str(exc))
    with BrowserThread(timeout=30) as printer:
        assert printer.run(lambda browser: browser.is_connected())
        with pytest.raises(ZeroDivisionError):
            printer.run(lambda browser: 1 / 0)
        assert printer.run(lambda browser: len(browser.contexts)) == 0  # still usable after an error



def own_browser() -> Any:
    """deckbuild's launch on a thread of its own, as the commands run it (the session's shared
    browser holds Playwright's sync API on the test's thread)."""
    from deckbuild.browser import BrowserThread

    try:
        find_browser()
    except BrowserNotFound as exc:
        from conftest import missing_resource

        missing_resource("Chromium", str(exc))
    return BrowserThread(timeout=30)


@pytest.mark.browser
def test_the_browser_runs_no_page_of_its_own_beside_the_deck(tmp_path: Path) -> None:
    """A full Chromium in headless mode preloads its address bar's drop-down (`chrome://…`
    pages in a renderer of their own), which competed with the deck for the CPU while it
    loaded; the launch flags turn it off, so the only page is the one deckbuild opened."""
    import time

    deck = tmp_path / "deck.html"
    deck.write_text("<!doctype html><title>deck</title><p>one slide</p>")

    def pages(browser: Any) -> list[str]:
        page = browser.new_page()
        page.goto(deck.as_uri())
        time.sleep(1)  # the preloading starts a moment after the first window opens
        targets = browser.new_browser_cdp_session().send("Target.getTargets", {"filter": [{}]})["targetInfos"]
        return sorted({target["url"] for target in targets})

    with own_browser() as printer:
        assert printer.run(pages) == [deck.as_uri()]


@pytest.mark.browser
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads the browser's command line from /proc")
def test_our_disabled_features_keep_playwrights() -> None:
    """Chromium keeps only the last `--disable-features`: deckbuild's (the last) must still
    name every feature Playwright's own switch turns off, or they would be on again (a new
    Playwright that turns off more fails here, naming them)."""
    from deckbuild.browser import launched_pid

    with own_browser() as printer:
        pid = printer.run(launched_pid)
        assert pid is not None
        arguments = Path(f"/proc/{pid}/cmdline").read_text().split("\0")
    switches = [set(a.removeprefix("--disable-features=").split(",")) for a in arguments
                if a.startswith("--disable-features=")]
    assert len(switches) >= 2
    assert set().union(*switches[:-1]) - switches[-1] == set()
