"""`deckbuild serve`: safe paths, a watcher that sees saves, and a page that keeps your place."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from deckbuild.options import Overrides
from deckbuild.serve.http import safe_file
from deckbuild.serve.watch import Watcher

from execute_support import needs_kernel
from serving import DECK, serving, start


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A deck folder with an image, a dot-file, a subfolder, and a secret beside (outside) it."""
    root = tmp_path / "talk"
    (root / "images").mkdir(parents=True)
    (root / "talk.md").write_text(DECK + "\n![x](images/dot.svg)\n", "utf-8")
    (root / "images" / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    (root / ".env").write_text("TOKEN=x", "utf-8")
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (root / "inside.svg").symlink_to(root / "images" / "dot.svg")
    return root


# -- paths ---------------------------------------------------------------------------------

@pytest.mark.parametrize("request_path", [
    "/../secret.txt", "/images/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
    "/images%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/images\\..\\..\\secret.txt",
    "//etc/passwd", "/%2fetc%2fpasswd", "/leak.txt", "/.env", "/images", "/images/", "/",
    "/talk.md%00.svg", "/%ff", "/./talk.md",
])  # fmt: skip
def test_unsafe_paths_are_refused(folder: Path, request_path: str) -> None:
    assert safe_file(folder.resolve(), request_path) is None


def test_files_in_the_folder_are_served(folder: Path) -> None:
    root = folder.resolve()
    assert safe_file(root, "/images/dot.svg?v=1") == root / "images" / "dot.svg"
    assert safe_file(root, "/inside.svg") == root / "images" / "dot.svg"  # a symlink that stays inside
    assert safe_file(root, "/talk.md") == root / "talk.md"


def test_the_served_slides_are_the_inside_of_the_slides_div(folder: Path) -> None:
    from bs4 import BeautifulSoup

    from deckbuild.serve.build import build_page

    page, rendered = build_page(folder / "talk.md", Overrides(), "v1")
    soup = BeautifulSoup(page.html, "html.parser")
    inside = soup.select_one("div.slides").decode_contents().strip()
    assert BeautifulSoup(page.slides, "html.parser").decode().strip() == inside
    assert [slide.html for slide in rendered.slides] and all(s.html.strip() in page.slides.decode() for s in rendered.slides)


def test_watcher_sees_edits_atomic_saves_and_deletes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.css"
    a.write_text("one")
    b.write_text("x")
    watcher = Watcher([a, b], settle=0.001)
    assert watcher.changed() == []
    a.write_text("two!")
    assert watcher.changed() == [a]
    (tmp_path / "new").write_text("x")
    os.replace(tmp_path / "new", b)
    assert watcher.changed() == [b]
    a.unlink()
    assert watcher.changed() == [a]
    assert watcher.changed() == []


def test_a_save_during_a_build_is_not_lost(tmp_path: Path) -> None:
    a = tmp_path / "a.md"
    a.write_text("one")
    watcher = Watcher([a], settle=0.001)
    before = watcher.signatures()
    a.write_text("saved while building")
    watcher.track([a], before)
    assert watcher.changed() == [a]


# -- the server over HTTP ------------------------------------------------------------------

def _get(url: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    """A request with `path` sent exactly as written (http.client does not normalise it)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _raw(url: str, request_line: str) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(f"{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


def test_server_hands_out_the_page_assets_and_files_only(folder: Path) -> None:
    with serving(folder / "talk.md") as served:
        assert served.url.startswith("http://127.0.0.1:")
        status, page = _get(served.url, "/")
        assert status == 200 and b"window.__deckbuild" in page and b"images/dot.svg?v=" in page
        assert _get(served.url, "/?receiver&progress=false")[0] == 200
        assert _get(served.url, "/images/dot.svg")[0] == 200
        assert _get(served.url, "/_deckbuild/slides")[1].lstrip().startswith(b"<section")
        script = page.split(b'<script src="', 1)[1].split(b'"', 1)[0].decode()
        assert _get(served.url, script)[0] == 200
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "/images/%2e%2e/%2e%2e/secret.txt",
                     "/leak.txt", "/.env", "/images/", "/_deckbuild/a/nothing/reveal.js"):  # fmt: skip
            assert _get(served.url, path)[0] == 404, path
        assert b" 404 " in _raw(served.url, "GET /../../secret.txt HTTP/1.1").split(b"\r\n", 1)[0]
        assert b" 404 " in _raw(served.url, f"GET {folder.parent / 'secret.txt'} HTTP/1.1").split(b"\r\n", 1)[0]
        assert _get(served.url, "/", host="attacker.example:80")[0] == 403  # DNS rebinding
        assert _get(served.url, "/", host="localhost:1234")[0] == 200


def test_an_edited_image_gets_a_new_url(folder: Path) -> None:
    with serving(folder / "talk.md") as served:
        before = _get(served.url, "/_deckbuild/slides")[1]
        time.sleep(0.01)
        (folder / "images" / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>', "utf-8")
        served.wait_for("built ")
        after = _get(served.url, "/_deckbuild/slides")[1]
        assert before != after and after.count(b"images/dot.svg?v=") == 1


def test_port_in_use_is_a_one_line_error(folder: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = start(folder / "talk.md", "--port", str(port))
        code = process.process.wait(30)
        errors = process.process.stderr.read() if process.process.stderr else ""
        time.sleep(0.1)
        printed = "".join(process.lines.queue) + errors
    assert code == 1
    assert f"port {port} on 127.0.0.1 is in use" in printed and "--port 0" in printed
    assert "Traceback" not in printed


def test_non_loopback_host_warns(folder: Path) -> None:
    with serving(folder / "talk.md", "--host", "0.0.0.0") as served:
        assert served.printed("not a loopback address")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_exits_cleanly(folder: Path, sig: int) -> None:
    with serving(folder / "talk.md") as served:
        code = served.stop(sig)
        served.wait_for("stopped")
        port = urlsplit(served.url).port
        assert code in (0, 130)
        assert "Traceback" not in "".join(served.output)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()


@needs_kernel
def test_ctrl_c_during_a_cell_shuts_its_kernel_down(folder: Path) -> None:
    import psutil

    deck = folder / "talk.md"
    deck.write_text("## Code\n\n```{python}\nx = 1\n```\n", "utf-8")
    with serving(deck) as served:
        pid_file = folder / "kernel.pid"
        deck.write_text("## Code\n\n```{python}\nimport os, time\nopen('kernel.pid', 'w').write(str(os.getpid()))\n"
                        "time.sleep(120)\n```\n", "utf-8")
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        kernel = psutil.Process(int(pid_file.read_text()))
        assert served.stop(signal.SIGINT, timeout=30) in (0, 130)
        assert not kernel.is_running() or kernel.status() == psutil.STATUS_ZOMBIE


def test_a_broken_deck_keeps_the_server_running(folder: Path) -> None:
    deck = folder / "talk.md"
    with serving(deck) as served:
        good = _get(served.url, "/")[1]
        deck.write_text("---\ntitle: [unclosed\n---\n\n## One\n", "utf-8")
        line = served.wait_for("error: ")
        assert "talk.md" in line
        assert _get(served.url, "/")[1] == good  # the last good page stays
        deck.write_text(DECK.replace("First slide.", "Fixed slide."), "utf-8")
        served.wait_for("built ")
        assert b"Fixed slide." in _get(served.url, "/_deckbuild/slides")[1]


def test_a_deck_broken_from_the_start_recovers(folder: Path) -> None:
    deck = folder / "talk.md"
    deck.write_text("---\nnonsense-key: 1\n---\n## One\n", "utf-8")
    with serving(deck) as served:
        assert served.printed("nonsense-key")
        assert _get(served.url, "/")[0] == 200  # a waiting page, with the client in it
        deck.write_text(DECK, "utf-8")
        served.wait_for("built ")
        assert b"Alpha" in _get(served.url, "/")[1]


# -- in the browser ------------------------------------------------------------------------

@pytest.fixture
def open_served(browser: Any) -> Iterator[Callable[[str], Any]]:
    """`open_served(url)`: a served deck in a fresh browser context, ready; closed afterwards."""
    contexts: list[Any] = []

    def open_page(url: str) -> Any:
        contexts.append(browser.new_context())
        page = contexts[-1].new_page()
        page.goto(url)
        page.wait_for_function("window.Reveal && Reveal.isReady() && window.__deckbuild")
        return page

    yield open_page
    for context in contexts:
        context.close()


def _indices(page: Any) -> dict[str, Any]:
    return page.evaluate("Reveal.getIndices()")  # type: ignore[no-any-return]


@pytest.mark.browser
def test_an_edit_shows_on_the_same_slide_and_fragment(open_served: Callable[[str], Any], folder: Path) -> None:
    deck = folder / "talk.md"
    with serving(deck) as served:
        page = open_served(served.url)
        page.evaluate("Reveal.slide(3, 0, 1)")  # slide 3 after the title slide; second fragment
        before = _indices(page)
        assert before == {"h": 3, "v": 0, "f": 1}
        page.evaluate("window.marker = 'still the same document'")
        deck.write_text(DECK.replace("Beta", "Beta, edited"), "utf-8")
        page.wait_for_function("document.querySelector('.present').textContent.includes('Beta, edited')")
        assert _indices(page) == before
        assert page.evaluate("window.marker") == "still the same document"  # swapped in place
        fragments = page.eval_on_selector_all(".present .fragment", "els => els.map(e => e.classList.contains('visible'))")
        assert fragments == [True, True]

        (folder / "extra.css").write_text(".reveal h2 { color: rgb(1, 2, 3); }", "utf-8")
        deck.write_text(DECK.replace("title: Live", "title: Live\ncss: extra.css"), "utf-8")
        page.wait_for_function("getComputedStyle(document.querySelector('.present h2')).color == 'rgb(1, 2, 3)'")
        assert _indices(page) == before  # a new stylesheet reloads the page, at the same place
        (folder / "extra.css").write_text(".reveal h2 { color: rgb(4, 5, 6); }", "utf-8")
        page.wait_for_function("getComputedStyle(document.querySelector('.present h2')).color == 'rgb(4, 5, 6)'")
        assert _indices(page) == before


@pytest.mark.browser
def test_the_error_overlay_comes_and_goes(open_served: Callable[[str], Any], folder: Path) -> None:
    deck = folder / "talk.md"
    with serving(deck) as served:
        page = open_served(served.url)
        page.evaluate("Reveal.slide(2)")
        deck.write_text(DECK + "\n![missing](nowhere.png)\n", "utf-8")
        overlay = page.wait_for_selector("#deckbuild-error")
        assert "nowhere.png" in overlay.text_content() and "talk.md:" in overlay.text_content()
        assert page.evaluate("Reveal.getTotalSlides()") == 5  # the last good deck stays under it
        fresh = open_served(served.url)  # a page opened while broken shows it too
        fresh.wait_for_selector("#deckbuild-error")
        deck.write_text(DECK.replace("Second slide.", "Second, repaired."), "utf-8")
        page.wait_for_selector("#deckbuild-error", state="detached")
        page.wait_for_function("document.querySelector('.present').textContent.includes('Second, repaired.')")
        assert _indices(page)["h"] == 2


@pytest.mark.browser
def test_speaker_view_opens_from_the_served_page(open_served: Callable[[str], Any], folder: Path) -> None:
    with serving(folder / "talk.md") as served:
        page = open_served(served.url)
        page.evaluate("Reveal.slide(3, 0, 0)")
        with page.expect_popup() as popup_info:
            page.keyboard.press("s")
        popup = popup_info.value
        popup.wait_for_selector(".speaker-controls-notes .value", timeout=10000)
        popup.wait_for_function("document.querySelector('.speaker-controls-notes .value').textContent.includes('breathe')")
        frame = popup.frame_locator("#current-slide iframe")
        assert "Alpha" in frame.locator(".present").first.text_content()
        status = popup.text_content("#connection-status") or ""
        assert "error" not in status.lower()
        (folder / "talk.md").write_text(DECK.replace("Remember to breathe.", "Remember to smile."), "utf-8")
        popup.wait_for_function("document.querySelector('.speaker-controls-notes .value').textContent.includes('smile')")
        (folder / "extra.css").write_text(".reveal h2 { color: red; }", "utf-8")
        (folder / "talk.md").write_text(DECK.replace("title: Live", "title: Live\ncss: extra.css"), "utf-8")
        page.wait_for_function("getComputedStyle(document.querySelector('.present h2')).color == 'rgb(255, 0, 0)'")
        page.wait_for_timeout(1500)  # the reloaded page reconnects to the speaker view on its heartbeat
        page.evaluate("Reveal.slide(4)")
        frame.locator(".present", has_text="Fourth slide.").wait_for()
