"""`deckbuild present` for real: the command in a subprocess, pages in headless Chromium, local
kernels and a real `jupyter kernelgateway` on 127.0.0.1.

Every test that starts a gateway checks at its end that no kernel is left on it.
"""

from __future__ import annotations

import re
import secrets
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
import pytest

from conftest import missing_resource
from execute_support import kernel_mark
from gateway_support import (
    TOKEN_ENV,
    Gateway,
    free_port,
    have_kernel_gateway,
    remote,
    start_gateway,
    talk,
)
from presenting import Presented, presenting

pytestmark = [pytest.mark.browser, pytest.mark.slow, *kernel_mark()]

TICKS = ('import os, time\nprint(os.environ.get("DECKBUILD_WHERE", "local"), flush=True)\n'
         'for i in range(1, 6):\n    print(f"tick {i}", flush=True)\n    time.sleep(1)')
LIVE = "#| live: true"


@pytest.fixture(scope="module")
def token() -> str:
    return "tok-" + secrets.token_hex(16)


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory, token: str) -> Iterator[Gateway]:
    if not have_kernel_gateway():
        missing_resource("jupyter kernelgateway", "pip install jupyter_kernel_gateway (in the `test` extra)")
    started = start_gateway(tmp_path_factory.mktemp("gateway"), token)
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def env(token: str) -> dict[str, str]:
    return {TOKEN_ENV: token}


@pytest.fixture(autouse=True)
def nothing_left_on_the_gateway(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "gateway" in request.fixturenames:
        gateway: Gateway = request.getfixturevalue("gateway")
        deadline = time.monotonic() + 10  # the command has exited; a DELETE may still be landing
        while gateway.kernels() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert gateway.kernels() == [], "a kernel was left on the gateway"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    yield opened
    context.close()


def open_slide(page: Any, presented: Presented, slide: int) -> None:
    page.goto(f"{presented.url}#/{slide}")
    page.wait_for_function("window.Reveal && Reveal.isReady() && document.querySelector('.live-cell')")


def cell(page: Any, index: int = 0) -> Any:
    return page.locator(".live-cell").nth(index)


def live_text(page: Any, index: int = 0) -> str:
    text: str = cell(page, index).locator(".live-outputs").inner_text()
    return text


def wait_status(page: Any, status: str, index: int = 0, timeout: float = 30_000) -> None:
    try:
        page.wait_for_function("([i, s]) => document.querySelectorAll('.live-cell')[i]?.dataset.status === s",
                               arg=[index, status], timeout=timeout)
    except Exception:
        shown = cell(page, index).evaluate("c => [c.dataset.status, c.innerText]")
        raise AssertionError(f"the cell never became {status!r}: it is {shown}") from None


def stop(presented: Presented, sig: int = signal.SIGINT) -> None:
    assert presented.served.stop(sig, timeout=60) in (0, 130, 143)


# -- running, streaming, editing, stopping -------------------------------------------------

def test_outputs_stream_from_the_gateway_while_the_cell_runs(gateway: Gateway, env: dict[str, str], page: Any,
                                                             tmp_path: Path) -> None:
    talk(tmp_path, gateway.url, remote(TICKS, LIVE))
    with presenting(tmp_path / "talk.md", "--no-warm", env=env) as presented:
        open_slide(page, presented, 1)
        run = cell(page).get_by_role("button", name="Run")
        assert run.evaluate("b => b.tagName") == "BUTTON"
        run.click()
        page.wait_for_function("document.querySelector('.live-outputs').innerText.includes('tick 1')")
        seen = live_text(page)
        assert "gateway" in seen and "tick 5" not in seen  # the first line came while the cell ran
        assert cell(page).get_by_role("button", name="Stop").is_visible()
        wait_status(page, "done")
        assert re.findall(r"tick \d", live_text(page)) == [f"tick {i}" for i in range(1, 6)]
        stop(presented)


def test_edited_code_runs_and_reset_brings_back_the_source(page: Any, tmp_path: Path) -> None:
    source = "---\ntitle: T\n---\n\n## Demo\n\n```{python}\n#| echo: true\n#| live: true\nprint('from the source')\n```\n"
    deck = tmp_path / "talk.md"
    deck.write_text(source, "utf-8")
    with presenting(deck) as presented:
        open_slide(page, presented, 1)
        assert "from the source" in cell(page).locator(".live-cached").inner_text()  # built, warmed, cached
        editor = cell(page).locator("code-input textarea")
        editor.fill("rate = 0.5\nprint(f'edited, rate {rate}')")
        page.wait_for_function("document.querySelector('code-input pre code span')")  # highlighted by Pygments
        cell(page).get_by_role("button", name="Run").click()
        wait_status(page, "done")
        assert live_text(page).strip() == "edited, rate 0.5"
        assert not cell(page).locator(".live-cached").is_visible()
        cell(page).get_by_role("button", name="Reset").click()
        page.wait_for_function("document.querySelector('.live-cell').dataset.status === 'built'")
        assert editor.input_value() == "print('from the source')"
        assert cell(page).locator(".live-cached").is_visible()
        assert deck.read_text("utf-8") == source  # edits never reach the file
        stop(presented)


def test_stop_interrupts_a_long_cell_on_the_gateway(gateway: Gateway, env: dict[str, str], page: Any,
                                                    tmp_path: Path) -> None:
    talk(tmp_path, gateway.url, remote("import time\nprint('started', flush=True)\ntime.sleep(300)", LIVE),
         remote("print('after')", LIVE))
    with presenting(tmp_path / "talk.md", "--no-warm", env=env) as presented:
        open_slide(page, presented, 1)
        cell(page).get_by_role("button", name="Run").click()
        page.wait_for_function("document.querySelector('.live-outputs').innerText.includes('started')")
        started = time.monotonic()
        cell(page).get_by_role("button", name="Stop").click()
        wait_status(page, "stopped", timeout=15_000)
        assert time.monotonic() - started < 15
        assert "KeyboardInterrupt" in live_text(page)
        open_slide(page, presented, 2)  # the kernel is free again, its state intact
        cell(page, 1).get_by_role("button", name="Run").click()
        wait_status(page, "done", index=1)
        assert live_text(page, 1).strip() == "after"
        stop(presented)


def test_a_gateway_that_died_leaves_the_cached_output_and_a_notice(token: str, env: dict[str, str], page: Any,
                                                                   tmp_path: Path) -> None:
    if not have_kernel_gateway():
        missing_resource("jupyter kernelgateway", "pip install jupyter_kernel_gateway (in the `test` extra)")
    doomed = start_gateway(tmp_path / "gateway", token)
    try:
        talk(tmp_path, doomed.url, remote("print('from the gpu')", LIVE))
        with presenting(tmp_path / "talk.md", env=env) as presented:
            open_slide(page, presented, 1)
            assert cell(page).locator(".live-cached").inner_text().strip() == "from the gpu"
            doomed.kill()
            cell(page).get_by_role("button", name="Run").click()
            wait_status(page, "unavailable")
            notice = cell(page).get_by_role("status").inner_text()
            assert "executor `gpu`" in notice and doomed.url in notice and token not in notice
            assert cell(page).locator(".live-cached").inner_text().strip() == "from the gpu"
            assert not cell(page).locator(".live-outputs").is_visible()
            stop(presented)
    finally:
        doomed.stop()


def test_without_its_gateway_a_fallback_local_executor_runs_here(page: Any, tmp_path: Path) -> None:
    where = 'import os\nprint(os.environ.get("DECKBUILD_WHERE", "local"))'
    talk(tmp_path, f"http://127.0.0.1:{free_port()}", remote(where, LIVE), fallback="local")
    with presenting(tmp_path / "talk.md", env={TOKEN_ENV: "unused"}) as presented:
        assert presented.served.printed("its cells run on this machine (fallback: local)")
        open_slide(page, presented, 1)
        cell(page).get_by_role("button", name="Run").click()
        wait_status(page, "done")
        assert live_text(page).strip() == "local"
        stop(presented)


def test_a_rebuild_reloads_the_slides_and_keeps_the_kernel_state(page: Any, tmp_path: Path) -> None:
    deck = tmp_path / "talk.md"
    text = ("---\ntitle: T\n---\n\n## Count\n\n```{python}\ncount = 100\n```\n\n{}\n\n"
            "```{python}\n#| live: true\ncount += 1\nprint(count)\n```\n")
    deck.write_text(text.replace("{}", "Before the edit."), "utf-8")
    with presenting(deck) as presented:  # the warm-up ran both cells: count is 101
        open_slide(page, presented, 1)
        cell(page).get_by_role("button", name="Run").click()
        wait_status(page, "done")
        assert live_text(page).strip() == "102"
        deck.write_text(text.replace("{}", "After the edit."), "utf-8")
        page.wait_for_function("document.querySelector('.reveal .slides').innerText.includes('After the edit.')")
        cell(page).get_by_role("button", name="Run").click()
        page.wait_for_function("document.querySelector('.live-outputs').innerText.trim() === '103'")
        stop(presented)


def test_the_run_key_is_in_the_help_overlay(page: Any, tmp_path: Path) -> None:
    deck = tmp_path / "talk.md"
    deck.write_text("---\ntitle: T\n---\n\n## Demo\n\n```{python}\n#| live: true\nprint('keyed')\n```\n", "utf-8")
    with presenting(deck, "--no-warm") as presented:
        open_slide(page, presented, 1)
        page.keyboard.press("Shift+Slash")  # `?`
        help_text = page.locator(".r-overlay-help").inner_text()
        assert re.search(r"R\s+Run the live cell on this slide", help_text)
        page.keyboard.press("Escape")
        page.keyboard.press("r")
        wait_status(page, "done")
        assert live_text(page).strip() == "keyed"
        stop(presented)


def test_the_speaker_view_shows_the_kernels_and_follows_runs(gateway: Gateway, env: dict[str, str], page: Any,
                                                             tmp_path: Path) -> None:
    talk(tmp_path, gateway.url, remote("print('on the gpu')", LIVE), "print('here')")
    with presenting(tmp_path / "talk.md", env=env) as presented:
        open_slide(page, presented, 1)
        with page.expect_popup() as popup_info:
            page.keyboard.press("s")
        speaker = popup_info.value
        panel = speaker.locator("#deckbuild-kernels")
        panel.locator('li[data-executor="gpu"] .state', has_text="idle").wait_for()
        assert gateway.url in panel.locator('li[data-executor="gpu"] .where').inner_text()
        assert panel.locator('li[data-executor="local"] .where').inner_text() == "this machine"
        preview = speaker.frame_locator("#current-slide iframe")
        cell(page).get_by_role("button", name="Run").click()  # from the deck: the speaker view follows
        preview.locator(".live-cell .live-outputs", has_text="on the gpu").wait_for()
        preview.locator(".live-cell").first.get_by_role("button", name="Run").click()  # and the other way round
        page.wait_for_function("document.querySelector('.live-cell').dataset.status === 'done'")
        before = [kernel["id"] for kernel in gateway.kernels()]
        panel.locator('li[data-executor="gpu"]').get_by_role("button", name="Restart").click()
        deadline = time.monotonic() + 60
        while [kernel["id"] for kernel in gateway.kernels()] in ([], before) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(gateway.kernels()) == 1 and gateway.kernels()[0]["id"] not in before  # a fresh kernel
        panel.locator('li[data-executor="gpu"] .state', has_text="idle").wait_for(timeout=60_000)
        stop(presented)


# -- security and shutting down ------------------------------------------------------------

def test_requests_without_the_secret_are_refused_and_run_nothing(tmp_path: Path) -> None:
    deck = tmp_path / "talk.md"
    deck.write_text("---\ntitle: T\n---\n\n## Demo\n\n```{python}\n#| live: true\nopen('ran.txt', 'w').close()\n```\n",
                    "utf-8")
    with presenting(deck, "--no-warm") as presented:
        run = {"cell": "cell-0", "code": "open('ran.txt', 'w').close()"}
        cookie = f"deckbuild-present-{presented.url.split(':')[2].split('/')[0]}={presented.token}"
        refused = [
            presented.request("GET", "/"),
            presented.request("GET", "/?token=wrong"),
            presented.request("GET", "/_deckbuild/events"),
            presented.request("GET", "/talk.md"),
            presented.request("POST", "/_present/run", run),
            presented.request("POST", "/_present/run", run, {"Cookie": cookie}),  # a cookie is not enough
            presented.post("run", run, X_Deckbuild_Token="wrong"),
            presented.post("run", run, Origin="http://attacker.example"),
            presented.post("run", run, Origin="http://127.0.0.1:1"),  # another port is another origin
            presented.post("run", run, Sec_Fetch_Site="cross-site"),
            presented.post("run", run, Sec_Fetch_Site="same-site"),
        ]
        assert [status for status, _ in refused] == [403] * len(refused)
        time.sleep(1)
        assert not (tmp_path / "ran.txt").exists()
        assert presented.request("GET", f"/?token={presented.token}")[0] == 200
        assert presented.request("GET", "/talk.md", headers={"Cookie": cookie})[0] == 200
        assert presented.post("run", run)[0] == 202  # the same request, from the deck's page, runs
        deadline = time.monotonic() + 60
        while not (tmp_path / "ran.txt").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (tmp_path / "ran.txt").exists()
        stop(presented)


def test_a_page_of_another_origin_cannot_run_a_cell(browser: Any, tmp_path: Path) -> None:
    """A web page the presenter visits posts to the deck's address: the browser sends its Origin."""
    import http.server
    import threading

    deck = tmp_path / "talk.md"
    deck.write_text("---\ntitle: T\n---\n\n## Demo\n\n```{python}\n#| live: true\nopen('ran.txt', 'w').close()\n```\n",
                    "utf-8")
    (tmp_path / "evil").mkdir()
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: http.server.SimpleHTTPRequestHandler(
        *a, directory=str(tmp_path / "evil")))
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        with presenting(deck, "--no-warm") as presented:
            page = context.new_page()
            page.goto(presented.url)  # the presenter's browser holds the deck's cookie
            (tmp_path / "evil" / "index.html").write_text("<p>cats</p>", "utf-8")
            page.goto(f"http://127.0.0.1:{evil.server_address[1]}/")
            status = page.evaluate("""async ([url, token]) => {
                const r = await fetch(url + '/_present/run', {method: 'POST', mode: 'no-cors', credentials: 'include',
                  headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({cell: 'cell-0', code: 'x'})});
                return r.type; }""", [presented.origin, presented.token])
            assert status == "opaque"
            time.sleep(1)
            assert not (tmp_path / "ran.txt").exists()
            stop(presented)
    finally:
        context.close()
        evil.shutdown()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stopping_shuts_every_kernel_down(gateway: Gateway, env: dict[str, str], tmp_path: Path, sig: int) -> None:
    talk(tmp_path, gateway.url, remote("x = 1", LIVE), "import os\nprint(os.getpid())")
    with presenting(tmp_path / "talk.md", env=env) as presented:
        assert len(gateway.kernels()) == 1
        local = psutil.Process(presented.served.process.pid).children(recursive=True)
        assert local, "the warm-up started no local kernel"
        stop(presented, sig)
        assert "Traceback" not in "".join(presented.served.drain())
    _, alive = psutil.wait_procs(local, timeout=15)
    assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE], "a local kernel was left running"


def test_stopping_while_a_kernel_restarts_leaves_none_on_the_gateway(gateway: Gateway, env: dict[str, str],
                                                                     tmp_path: Path) -> None:
    talk(tmp_path, gateway.url, remote("x = 1", LIVE))
    with presenting(tmp_path / "talk.md", env=env) as presented:
        assert presented.post("restart", {"executor": "gpu"})[0] == 202
        time.sleep(0.05)  # the fresh kernel is being started on the gateway
        stop(presented)
    # the autouse fixture checks that the gateway has no kernel left
