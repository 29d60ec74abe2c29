"""`deckbuild pdf` / `png` with bad options, a bad browser or a deck that never finishes: one line
naming the file the user gave, the right exit code, nothing written, nothing left running."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from deckbuild.config import PdfOptions
from deckbuild.errors import DeckbuildError
from deckbuild.export.options import ExportOptions, SlideRanges, parse_page_size, parse_slides

from conftest import run_cli

TALK = "---\ntitle: Ten slides\n{extra}---\n\n" + "".join(f"## Slide {n}\n\nText {n}.\n\n" for n in range(2, 11))
"""A title slide and nine more: ten slides."""


def write_talk(folder: Path, extra: str = "") -> Path:
    (folder / "talk.md").write_text(TALK.format(extra=extra), encoding="utf-8")
    return folder / "talk.md"


# --- the small languages of the options -----------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "inside", "outside"),
    [
        ("3-7,10", [3, 7, 10], [2, 8, 11]),
        ("1-20000000", [1, 20_000_000], [0, 20_000_001]),
        ("007", [7], [6, 8]),
    ],
)
def test_slide_ranges_select_what_they_say(spec: str, inside: list[int], outside: list[int]) -> None:
    ranges = parse_slides(spec)
    assert all(n in ranges for n in inside) and not any(n in ranges for n in outside)


def test_a_huge_range_is_never_materialized() -> None:
    tracemalloc.start()
    ranges = parse_slides("1-20000000,5-900000000")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100_000, f"parsing two ranges took {peak} bytes"
    assert ranges.past(10) is None, "ranges that start inside a deck stop at its end"
    assert parse_slides("3,99").past(10) == 99


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("0x0", "0x0 is not a usable page"),
        ("0mmx210mm", "is not a usable page"),
        ("100000x1080", "is not a usable page"),
        ("1x1", "is not a usable page"),
        ("99999999999999999999x5", "cannot read"),
        ("wide", "cannot read 'wide'"),
    ],
)
def test_page_sizes_must_be_usable(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_page_size(spec)


@pytest.mark.parametrize(
    ("spec", "message"),
    [("0", "cannot read '0'"), ("5-3", "cannot read '5-3'"), ("1" * 40, "cannot read"), (",", "no slide numbers"),
     (",".join(["1"] * 1001), "more than 1000 ranges")],
    ids=["zero", "backwards", "too-many-digits", "empty", "too-many-ranges"],
)
def test_unreadable_slides(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_slides(spec)


def test_front_matter_values_are_reported_against_the_deck() -> None:
    with pytest.raises(DeckbuildError, match=r"^talk.md: pdf: page-size: 0x0 is not a usable page"):
        ExportOptions().with_defaults(PdfOptions(page_size="0x0"), set(), Path("talk.md"))


# --- the command line -----------------------------------------------------------------------

CLI_CASES = {
    "slide past the end": (["pdf", "--slides", "99"], "", 1,
                           "talk.md: --slides asks for slide 99, but the deck has 10 slides"),
    "front matter slide past the end": (["pdf"], "pdf:\n  slides: 12-14\n", 1,
                                        "talk.md: --slides asks for slide 12, but the deck has 10 slides"),
    "png slide past the end": (["png", "--slides", "4,99"], "", 1,
                               "talk.md: --slides asks for slide 99, but the deck has 10 slides"),
    "zero page size": (["pdf", "--page-size", "0x0"], "", 2, "--page-size: 0x0 is not a usable page"),
    "huge page size": (["pdf", "--page-size", "99999x99999"], "", 2, "--page-size: 99999x99999 is not a usable page"),
    "front matter page size": (["pdf"], "pdf:\n  page-size: '0x0'\n", 1, "talk.md: pdf: page-size: 0x0 is not a usable page"),
    "front matter slides": (["pdf"], "pdf:\n  slides: 5-3\n", 1, "talk.md: pdf: slides: cannot read '5-3'"),
    "unreadable slides": (["png", "--slides", "x"], "", 2, "--slides: cannot read 'x'"),
    "not a browser": (["pdf", "--browser", "/bin/true"], "", 3,
                      "/bin/true is not a working Chromium: it exited at once (exit code 0)"),
}


@pytest.mark.browser
@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_mistakes_give_one_line_and_write_nothing(name: str, tmp_path: Path) -> None:
    args, front_matter, code, expected = CLI_CASES[name]
    write_talk(tmp_path, front_matter)
    result = run_cli(*args, "talk.md", cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith(f"error: {expected}") and result.stderr.count("\n") == 1, result.stderr
    assert "deckbuild-" not in result.stderr, "messages name the deck, not the scratch copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.md"], "nothing may be written"


def test_not_a_browser_keeps_the_install_advice(tmp_path: Path) -> None:
    write_talk(tmp_path)
    result = run_cli("png", "--browser", "/bin/true", "talk.md", cwd=tmp_path)
    assert result.returncode == 3
    assert "apt-get install -y chromium" in result.stderr and "playwright install chromium" in result.stderr


@pytest.mark.browser
@pytest.mark.parametrize("where", ["option", "front matter"])
def test_a_range_past_the_end_stops_at_the_last_slide(tmp_path: Path, where: str) -> None:
    write_talk(tmp_path, "pdf:\n  slides: 8-20000000\n" if where == "front matter" else "")
    args = ["--slides", "8-20000000"] if where == "option" else []
    result = run_cli("pdf", *args, "talk.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [page.extract_text().split()[:2] for page in PdfReader(tmp_path / "talk.pdf").pages] == [
        ["Slide", "8"], ["Slide", "9"], ["Slide", "10"]]


# --- decks that never finish ----------------------------------------------------------------

LOOP = "while (true) {}"
HANGS = {
    "a script in a slide": ("pdf", f"<script>{LOOP}</script>", "",
                            'slide 3 "Looping": laying the deck out for print took longer than 1 s; a script on this slide'),
    "a script once laid out": ("pdf", "", f'<script>document.addEventListener("pdf-ready", () => setTimeout(() => {{ {LOOP} }}))</script>',
                               "laying the deck out for print took longer than 1 s; a script in the deck"),
    "a script while printing": ("pdf", "", f'<script>addEventListener("beforeprint", () => {{ {LOOP} }})</script>',
                                "printing took longer than 1 s; a script in the deck"),
    "a script in a slide, png": ("png", f"<script>{LOOP}</script>", "",
                                 'slide 3 "Looping": laying the deck out for print took longer than 1 s'),
    "a script while scrolling": ("png", "", f'<script>addEventListener("scroll", () => {{ {LOOP} }})</script>',
                                 "the screenshot of slide 2 took longer than 1 s; a script in the deck"),
}


@pytest.fixture
def own_browser() -> Any:
    """deckbuild's own browser on its own thread, as the commands run it (a deadline may kill
    it, so it cannot be the session's shared one); the test starts and closes it."""
    from deckbuild.browser import BrowserThread, find_browser
    from deckbuild.errors import BrowserNotFound

    from conftest import missing_resource

    try:
        find_browser()
    except BrowserNotFound as exc:
        missing_resource("Chromium", str(exc))
    return lambda: BrowserThread(timeout=30)


@pytest.mark.browser
@pytest.mark.parametrize("name", HANGS)
def test_a_deck_that_never_finishes_fails_within_its_timeout(name: str, tmp_path: Path, own_browser: Any,
                                                              reveal_assets: Path) -> None:
    from deckbuild.browser import launched_pid
    from deckbuild.export import pdf, png

    import handmade

    kind, body, head, expected = HANGS[name]
    slides = [handmade.slide("Title", level=1), handmade.slide("Fine"), handmade.slide("Looping", body), handmade.slide("After")]
    html = handmade.write(tmp_path / "loop.html", slides, head=head)
    options = ExportOptions(timeout=1)
    pids: list[int | None] = []

    def export(browser: Any) -> object:
        pids.append(launched_pid(browser))
        if kind == "pdf":
            return pdf.export_pdfs(browser, [pdf.Job(html, tmp_path / "out" / "loop.pdf", options, source=Path("loop.md"))])
        return png.export_pngs(browser, [png.Job(html, tmp_path / "out", options, source=Path("loop.md"))])

    began = time.monotonic()
    with own_browser() as printer, pytest.raises(DeckbuildError) as caught:
        printer.run(export)
    assert time.monotonic() - began < 20, "the deadline holds, and closing takes no longer (the browser starts in this time too)"
    assert caught.value.message.startswith("loop.md: ") and expected in caught.value.message, caught.value.message
    assert caught.value.message.endswith("— fix it, or give --timeout more seconds")
    assert not (tmp_path / "out").exists(), "no PDF or PNG is written, not even the folder"
    assert pids[0] is not None
    assert_gone(pids[0])


def assert_gone(pid: int) -> None:
    """The killed browser's process is gone (or a zombie waiting to be reaped), not spinning."""
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return
        except OSError:  # no /proc: ask the process itself
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            state = "?"
        if state == "Z":
            return
        time.sleep(0.1)
    raise AssertionError(f"browser process {pid} is still running")


@pytest.mark.browser
@pytest.mark.parametrize("command", ["pdf", "png"])
def test_cli_on_a_looping_deck_exits_1_naming_the_slide(command: str, tmp_path: Path) -> None:
    source = "---\ntitle: Hang\n---\n\n## One\n\ntext\n\n## Two\n\n```{=html}\n<script>while(true){}</script>\n```\n"
    (tmp_path / "hang.md").write_text(source, encoding="utf-8")
    began = time.monotonic()
    result = run_cli(command, "--timeout", "1", "hang.md", cwd=tmp_path)
    assert time.monotonic() - began < 30
    assert result.returncode == 1, result.stderr
    expected = ('error: hang.md: slide 3 "Two": laying the deck out for print took longer than 1 s; a script on this '
                "slide may be stuck in a loop — fix it, or give --timeout more seconds")
    assert result.stderr.strip().splitlines() == [expected]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hang.md"]


def test_slide_ranges_of_single_numbers() -> None:
    assert SlideRanges.of(1, 15).ranges == ((1, 1), (15, 15))
