"""Finding and launching the headless Chromium that prints decks.

Search order, first hit wins: an explicit path (`--browser`), `DECKBUILD_BROWSER`,
Playwright's own downloaded Chromium, then Chromium or Chrome on PATH. Finding is pure file
system work, so a missing browser is reported before Playwright (a heavy import that starts a
Node driver) is ever loaded.

Starting takes about a second (Playwright's Node driver, then Chromium), so `BrowserThread`
starts both on a thread of their own while the caller renders decks; Playwright's sync API
belongs to the thread that started it, so the printing runs on that thread too.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from deckbuild.errors import BrowserNotFound

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ENV_VAR = "DECKBUILD_BROWSER"
PATH_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Flags for a quiet, offline, container-friendly headless Chromium: no sandbox (containers
# rarely allow one), no /dev/shm (often tiny in containers), and no phoning home. A full
# Chromium in headless mode (what distributions ship, unlike Playwright's headless shell) also
# preloads the address bar's drop-down, a web page of its own in a renderer of its own: that
# renderer took about 0.7 s of CPU while the deck loaded, on a machine with two cores. Nothing
# prints through an address bar, so those features are off. Chromium keeps only the last
# `--disable-features` it is given, and Playwright passes its own before ours: so ours repeats
# Playwright's (`PLAYWRIGHT_DISABLED`, as its Chromium switches list them) after deckbuild's.
DECKBUILD_DISABLED = ("PreloadTopChromeWebUI", "WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup")
PLAYWRIGHT_DISABLED = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying",
    "AimEnabled", "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
)  # fmt: skip
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-features=" + ",".join(DECKBUILD_DISABLED + PLAYWRIGHT_DISABLED),
)

INSTALL_HINT = (
    "install one: `apt-get install -y chromium` (Debian/Ubuntu), or "
    "`pip install playwright && playwright install chromium`; "
    f"or point --browser / {ENV_VAR} at a Chromium or Chrome executable"
)

_PLAYWRIGHT_GLOBS = (
    "chromium-*/chrome-linux*/chrome",
    "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
    "chromium-*/chrome-win*/chrome.exe",
    "chromium_headless_shell-*/chrome-*/chrome-headless-shell",
    "chromium_headless_shell-*/chrome-*/headless_shell",
)


def _playwright_cache() -> Path:
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH", "")
    if configured and configured != "0":
        return Path(configured)
    if sys.platform == "darwin":
        return Path.home() / "Library/Caches/ms-playwright"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "ms-playwright"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ms-playwright"


def playwright_chromium() -> Path | None:
    """The newest Chromium that `playwright install chromium` downloaded, if any."""
    root = _playwright_cache()
    found = [path for pattern in _PLAYWRIGHT_GLOBS for path in root.glob(pattern) if path.is_file()]
    return max(found, key=lambda path: path.parts[len(root.parts)]) if found else None


def _usable(path: str | Path) -> Path | None:
    resolved = shutil.which(str(path))
    return Path(resolved) if resolved else None


def find_browser(explicit: str | Path | None = None) -> Path:
    """The Chromium to use; raises `BrowserNotFound` (exit 3) saying how to get one."""
    for origin, candidate in (("--browser", explicit), (ENV_VAR, os.environ.get(ENV_VAR))):
        if candidate:
            found = _usable(candidate)
            if found is None:
                raise BrowserNotFound(f"{origin}: no browser executable at {candidate} — {INSTALL_HINT}")
            return found
    bundled = playwright_chromium()
    if bundled is not None:
        return bundled
    for name in PATH_NAMES:
        found = _usable(name)
        if found is not None:
            return found
    raise BrowserNotFound(f"no Chromium or Chrome found — {INSTALL_HINT}")


@contextmanager
def _compile_cache() -> Iterator[None]:
    """Node keeps the driver's compiled JavaScript between runs (NODE_COMPILE_CACHE, Node >= 22;
    older Nodes ignore it): the driver starts in about two thirds of the time."""
    if "NODE_COMPILE_CACHE" in os.environ:
        yield
        return
    from deckbuild.user_cache import cache_root

    os.environ["NODE_COMPILE_CACHE"] = str(cache_root() / "node-compile-cache")
    try:
        yield
    finally:
        os.environ.pop("NODE_COMPILE_CACHE", None)


@contextmanager
def launch(explicit: str | Path | None = None, *, timeout: float = 30.0) -> Iterator[Browser]:
    """One headless browser for a whole run; always closed, even when printing fails."""
    executable = find_browser(explicit)
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        raise BrowserNotFound("printing needs Playwright's Python package: `pip install playwright`") from exc
    with _compile_cache():
        manager = sync_playwright()
        playwright = manager.__enter__()
    try:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, args=list(LAUNCH_ARGS), headless=True, timeout=timeout * 1000
            )
        except Error as exc:  # a browser that won't start, or does not speak the DevTools protocol
            raise BrowserNotFound(f"{executable} {why_not_started(exc)} — {INSTALL_HINT}") from None
        _LAUNCHED[browser] = _process_id(browser)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        manager.__exit__(None, None, None)


_LAUNCHED: weakref.WeakKeyDictionary[Browser, int | None] = weakref.WeakKeyDictionary()


def launched_pid(browser: Browser) -> int | None:
    """The process id of a browser that `launch` started on this machine; None for any other
    (a Python caller's own browser, perhaps on another machine, is never ours to kill)."""
    return _LAUNCHED.get(browser)


def _process_id(browser: Browser) -> int | None:
    from playwright.sync_api import Error

    try:
        session = browser.new_browser_cdp_session()
        processes = session.send("SystemInfo.getProcessInfo")["processInfo"]
        session.detach()
    except (Error, KeyError):  # a Chromium without the SystemInfo domain: deadlines still hold, no kill
        return None
    return next((int(p["id"]) for p in processes if p.get("type") == "browser"), None)


def why_not_started(error: Exception) -> str:
    """What went wrong, in one line out of Playwright's launch error (which appends the whole
    driver log): `/bin/true` exits at once, a script that is not a browser never answers."""
    text = str(error)
    exited = re.search(r"<process did exit: exitCode=(\w+), signal=(\w+)>", text)
    if exited and exited[2] not in ("null", "SIGKILL"):
        return f"is not a working Chromium: it was killed by {exited[2]} as it started"
    if exited:
        return f"is not a working Chromium: it exited at once (exit code {exited[1]}) instead of waiting to be driven"
    timed_out = re.search(r"Timeout (\d+)ms exceeded", text)
    if timed_out:
        return f"did not start as a headless Chromium within {int(timed_out[1]) / 1000:g} s"
    first = text.split("\n", 1)[0].removeprefix("BrowserType.launch: ")
    return f"is not a working Chromium: {first[:200] or type(error).__name__}"


T = TypeVar("T")


class BrowserThread:
    """A browser started at once on its own thread, used later through `run`.

    `with BrowserThread(path, timeout=…) as printer:` render decks meanwhile, then
    `printer.run(lambda browser: …)` runs the printing on the browser's thread and returns its
    result (or raises its error). The thread is a daemon: an interrupted run does not wait for it.
    """

    def __init__(self, explicit: str | Path | None = None, *, timeout: float = 30.0) -> None:
        find_browser(explicit)  # a missing browser is reported now, on the caller's thread
        self._tasks: queue.SimpleQueue[tuple[Callable[[Browser], Any], Future[Any]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, args=(explicit, timeout), name="deckbuild-browser",
                                        daemon=True)
        self._thread.start()

    def _serve(self, explicit: str | Path | None, timeout: float) -> None:
        try:
            with launch(explicit, timeout=timeout) as browser:
                while (task := self._tasks.get()) is not None:
                    work, future = task
                    try:
                        future.set_result(work(browser))
                    except BaseException as exc:  # handed to the caller's thread
                        future.set_exception(exc)
        except BaseException as exc:  # the browser did not start: every waiting task gets the error
            while (task := self._tasks.get()) is not None:
                task[1].set_exception(exc)

    def run(self, work: Callable[[Browser], T]) -> T:
        future: Future[T] = Future()
        self._tasks.put((work, future))
        return future.result()

    def close(self) -> None:
        self._tasks.put(None)
        self._thread.join()

    def __enter__(self) -> BrowserThread:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is KeyboardInterrupt:
            return  # the daemon thread, the driver and Chromium end with the process
        self.close()
