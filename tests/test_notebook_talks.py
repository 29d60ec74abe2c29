"""Three conference talks as their authors wrote them (tests/fixtures/notebooks/make_talks.py):
a RISE talk in nbformat 4.4 without cell ids, an nbformat 3 tutorial, an nbconvert talk with
tags. Each must render as `jupyter nbconvert --to slides` shows it, slide by slide:

- the same slides, titles, code inputs, outputs (stderr among them), images, fragments and
  notes (nbconvert run in a subprocess, with the `--TagRemovePreprocessor` settings that make
  it honour the tags the talks use);
- in Chromium, offline: reveal.js starts without a console error, every local image (files,
  attachments, HTML outputs) has decoded, every code block has a size, and nothing but the
  one remote logo tries to leave the machine;
- rendering reads, never writes, the notebooks and prints none of nbformat's warnings.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from reveal_config import page_config

from execute_support import needs_kernel
from slide_digest import digest

TALKS_DIR = Path(__file__).parent / "fixtures" / "notebooks"
TALKS = ["builtin_types.ipynb", "numpy_broadcasting.ipynb", "jupytercon_kernels.ipynb"]
TAG_REMOVAL = {"TagRemovePreprocessor": {
    "enabled": True,
    "remove_cell_tags": ["remove-cell", "remove_cell"],
    "remove_input_tags": ["remove-input", "hide-input", "remove_input", "hide_input"],
    "remove_all_outputs_tags": ["remove-output", "hide-output", "remove_output", "hide_output"],
}}  # fmt: skip
"""How an nbconvert user removes what Jupyter Book's tags mark, which deckbuild reads itself."""


@pytest.fixture
def talks(tmp_path: Path) -> Path:
    """A copy of the talks and their images (so nothing is written beside the fixtures)."""
    folder = tmp_path / "talks"
    shutil.copytree(TALKS_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def _jupyter_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        folder = tmp_path / ".jupyter" / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    return env


def _deckbuild(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deckbuild", *args], cwd=folder, capture_output=True, text=True,
                          env=_jupyter_env(folder.parent), timeout=300, check=False)


def _nbconvert_slides(folder: Path, talk: str) -> str:
    config = folder.parent / "tags.json"
    config.write_text(json.dumps(TAG_REMOVAL), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides", f"--config={config}", "--stdout", talk],
        cwd=folder, capture_output=True, text=True, env=_jupyter_env(folder.parent), timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _ours(folder: Path, talk: str) -> str:
    result = _deckbuild(folder, "render", talk, "-o", f"{talk}.html")
    assert result.returncode == 0, result.stderr
    return (folder / f"{talk}.html").read_text("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("talk", TALKS)
def test_each_slide_shows_what_nbconvert_slides_shows(talks: Path, talk: str) -> None:
    ours, theirs = digest(_ours(talks, talk), "deckbuild"), digest(_nbconvert_slides(talks, talk), "nbconvert")
    assert [slide.title for slide in ours] == [slide.title for slide in theirs]
    for mine, nbconverts in zip(ours, theirs, strict=True):
        assert mine == nbconverts, mine.title
    assert sum(len(slide.code) for slide in ours) >= 4  # the talks are mostly code: it must show


SECTIONS = {
    "builtin_types.ipynb": {"Python's built-in types": "h1", "Built-in Types": "h1", "Numbers": "section",
                            "Sequences": "h1", "Questions?": "h2"},
    "numpy_broadcasting.ipynb": {"Broadcasting in NumPy": "h1", "The rules": "h2", "Thank you": "section"},
    "jupytercon_kernels.ipynb": {"How a Jupyter kernel runs your code": "h1", "Sending code": "section"},
}
"""A `#` heading alone (notes aside) makes a section slide; with anything else on its slide, an
ordinary slide titled in `h1`, as nbconvert and RISE show it. (A heading cell of nbformat 3
followed by a `-` cell is such a slide.)"""


@pytest.mark.parametrize("talk", TALKS)
def test_a_heading_is_a_section_slide_only_when_alone(talks: Path, talk: str) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_ours(talks, talk), "html.parser")
    seen = {}
    for section in soup.select("section.slide"):
        heading = section.find(["h1", "h2"])
        if heading is not None and heading.get_text(strip=True) in SECTIONS[talk]:
            kind = "section" if "section-slide" in section["class"] else heading.name
            seen[heading.get_text(strip=True)] = kind
    assert seen == SECTIONS[talk]


def test_rendering_reads_but_never_writes_and_nbformat_stays_quiet(talks: Path) -> None:
    before = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in talks.glob("*.ipynb")}
    for talk in TALKS:
        result = _deckbuild(talks, "render", talk, "-o", f"{talk}.html")
        assert result.returncode == 0, result.stderr
        assert "site-packages" not in result.stderr and "MissingIDField" not in result.stderr, result.stderr
    assert {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in talks.glob("*.ipynb")} == before


def test_rise_settings_take_effect_and_the_rest_is_one_warning(talks: Path) -> None:
    from bs4 import BeautifulSoup

    result = _deckbuild(talks, "render", "builtin_types.ipynb", "-o", "out.html")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: builtin_types.ipynb: metadata `rise`: `autolaunch`, `enable_chalkboard`, `header`, "
                        "`height`, `start_slideshow_at`, `width` steer RISE's live slideshow or have no meaning in a "
                        "built deck (or a value deckbuild cannot take); ignored"]
    page = (talks / "out.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert "theme-simple" in soup.select_one(".reveal")["class"]  # reveal.js's `simple`, as RISE showed it
    assert all("scrollable" in section["class"] for section in soup.select("section.slide:not(#title-slide)"))
    assert page_config(page)["transition"] == "fade"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("talk", TALKS)
def test_in_chromium_every_image_decodes_and_every_code_block_shows(talks: Path, talk: str, open_deck: Any) -> None:
    _ours(talks, talk)
    deck = open_deck(talks / f"{talk}.html")
    shown = deck.evaluate("""() => {
        const seen = [];
        const slides = [...document.querySelectorAll('.reveal .slides section')].filter(s => !s.querySelector('section'));
        for (const slide of slides) {
            const {h, v} = Reveal.getIndices(slide);
            Reveal.slide(h, v, Number.MAX_SAFE_INTEGER);
            seen.push({
                code: [...slide.querySelectorAll('.cell-code pre')].map(pre => pre.getBoundingClientRect().height),
                images: [...slide.querySelectorAll('img')].filter(img => !img.closest('aside.notes'))
                    .map(img => [img.getAttribute('src').slice(0, 30), img.complete ? img.naturalWidth : -1]),
            });
        }
        return seen;
    }""")
    assert all(height > 10 for slide in shown for height in slide["code"])
    local = [(src, width) for slide in shown for src, width in slide["images"] if not src.startswith("https:")]
    assert local and all(width > 0 for _, width in local), local
    assert all(src.startswith("data:image/") for src, _ in local)  # embedded: the page stands alone
    remote = [src for slide in shown for src, _ in slide["images"] if src.startswith("https:")]
    assert deck.requests == (["https://example.org/jupytercon/logo.svg"] if remote else [])
    assert deck.console_errors == (["Failed to load resource: net::ERR_FAILED"] if remote else [])  # the aborted logo
    assert deck.evaluate("Reveal.getTotalSlides()") == len(digest(deck.content(), "deckbuild"))


@needs_kernel
@pytest.mark.slow
def test_execute_runs_the_talk_in_its_kernelspec_and_shows_stderr(talks: Path) -> None:
    from bs4 import BeautifulSoup

    result = _deckbuild(talks, "render", "builtin_types.ipynb", "--execute", "--no-cache", "-o", "run.html")
    assert result.returncode == 0, result.stderr
    assert "executing 8 cells on local (python3)" in result.stderr  # the notebook's kernelspec, by name
    soup = BeautifulSoup((talks / "run.html").read_text("utf-8"), "html.parser")
    assert "FutureWarning" in soup.select_one(".cell-output-stderr").get_text()
    assert "1267650600228229401496703205376" in soup.get_text()  # 2 ** 100, computed again
    quiet = _deckbuild(talks, "render", "builtin_types.ipynb", "--execute", "--no-cache", "-q", "-o", "run.html")
    assert (quiet.returncode, quiet.stderr, quiet.stdout) == (0, "", "")
