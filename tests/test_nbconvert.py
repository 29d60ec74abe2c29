"""deckbuild as an nbconvert exporter, and conformance with nbconvert's own slides.

- `jupyter nbconvert --to deckbuild` in a subprocess writes one self-contained page, `--to
  deckbuild_pdf` a PDF with one page per slide, and a deck error is one line, not a traceback;
- notebooks covering every `slide_type` combination give the same columns, rows, fragments
  and notes as `--to slides` (pages compared by their `<section>` structure);
- a real `jupyter server` lists the exporter and serves a deck that reveal.js runs.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from pypdf import PdfReader

from slide_structure import page_shape

KINDS = ("slide", "subslide", "fragment", "-", "skip", "notes")


def _notebook(kinds: list[str | None], titles: bool = False) -> Any:
    cells = []
    for number, kind in enumerate(kinds, start=1):
        heading = f"## Title {number}\n\n" if titles and kind in ("slide", "subslide") else ""
        cell = new_markdown_cell(f"{heading}cell{number}")
        if kind is not None:
            cell.metadata["slideshow"] = {"slide_type": kind}
        cells.append(cell)
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                              "display_name": "Python 3"}})


def _ours(nb: Any, tmp_path: Path) -> str:
    from deckbuild.nbconvert import DeckbuildExporter

    page, resources = DeckbuildExporter().from_notebook_node(nb, {"metadata": {"path": str(tmp_path), "name": "t"}})
    assert not resources.get("outputs")
    return page


def _theirs(nb: Any) -> str:
    from nbconvert import SlidesExporter

    return SlidesExporter().from_notebook_node(nb)[0]


CURATED = {
    "no slide types": ["-", "-"],
    "slides and subslides": ["slide", "subslide", "subslide", "slide"],
    "first cell not a slide, notes and skip before it": ["notes", "skip", "-", "fragment"],
    "first shown cell is a fragment": ["fragment", "fragment", "-"],
    "notes and skip between fragments": ["slide", "fragment", "notes", "fragment", "skip", "-"],
    "subslide right after slide": ["slide", "subslide", "fragment", "subslide"],
    "fragments end at subslides": ["slide", "fragment", "subslide", "fragment", "slide", "notes"],
    "notes only after a slide": ["slide", "notes", "skip", "notes"],
    "skip and notes first, then subslide": ["skip", "notes", "subslide", "-", "notes"],
    "some cells without metadata": [None, "fragment", None, "subslide", None],
    "fragment run": ["slide", "fragment", "fragment", "fragment", "-"],
}


@pytest.mark.parametrize("name", CURATED, ids=list(CURATED))
def test_same_structure_as_nbconvert_slides(name: str, tmp_path: Path) -> None:
    nb = _notebook(CURATED[name], titles=True)
    assert page_shape(_ours(nb, tmp_path)) == page_shape(_theirs(nb))


@pytest.mark.slow
def test_every_three_cell_combination_matches_nbconvert(tmp_path: Path) -> None:
    mismatches = []
    for kinds in itertools.product(KINDS, repeat=3):
        if all(kind in ("skip", "notes") for kind in kinds):
            continue
        nb = _notebook(list(kinds))
        if page_shape(_ours(nb, tmp_path)) != page_shape(_theirs(nb)):
            mismatches.append(kinds)
    assert mismatches == []


def test_shape_reader_sees_columns_rows_fragments_and_notes() -> None:
    nb = _notebook(["slide", "fragment", "notes", "subslide", "slide"])
    shape = page_shape(_theirs(nb))
    assert [len(column) for column in shape] == [2, 1]
    first = shape[0][0]
    assert (first.content, first.notes, first.fragments) == ([(1, 0), (2, 1)], [3], 1)


# --- jupyter nbconvert in a subprocess --------------------------------------------------------


def _jupyter_env(tmp_path: Path) -> dict[str, str]:
    """Keep the user's Jupyter config and runtime files out of the tests."""
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        env[name] = str(tmp_path / ".jupyter" / name.lower())
    return env


def test_jupyter_nbconvert_to_deckbuild(tmp_path: Path) -> None:
    nb = _notebook(["slide", "fragment", "subslide"], titles=True)
    nb.metadata["deckbuild"] = {"title": "Exported", "footer": "from metadata"}
    nb.cells.append(new_code_cell("x = 1"))
    nbformat.write(nb, tmp_path / "talk.ipynb")
    result = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "deckbuild", "talk.ipynb"],
                            cwd=tmp_path, capture_output=True, text=True, env=_jupyter_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["talk.html", "talk.ipynb"]
    page = (tmp_path / "talk.html").read_text("utf-8")
    assert 'id="title-slide"' in page and "from metadata" in page
    assert [len(column) for column in page_shape(page)] == [1, 2]  # title slide, then the stack


@pytest.mark.browser
def test_jupyter_nbconvert_to_deckbuild_pdf(tmp_path: Path, browser: Any) -> None:
    """One page per slide; `pdf:` in the notebook's metadata gives the notes pages."""
    nb = _notebook(["slide", "fragment", "subslide", "slide", "notes"], titles=True)
    nb.metadata["deckbuild"] = {"title": "Exported", "pdf": {"notes": "page"}}
    nbformat.write(nb, tmp_path / "talk.ipynb")
    result = _nbconvert(tmp_path, "--to", "deckbuild_pdf", "talk.ipynb")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["talk.ipynb", "talk.pdf"]
    texts = [page.extract_text() for page in PdfReader(tmp_path / "talk.pdf").pages]
    assert len(texts) == 4 + 1  # title slide, three slides, and the notes of "Title 4"
    assert ["Exported" in texts[0], "Title 4" in texts[3], "cell5" in texts[4]] == [True] * 3

    result = _nbconvert(tmp_path, "--to", "deckbuild_pdf", "--DeckbuildPDFExporter.notes=none", "talk.ipynb")
    assert result.returncode == 0 and len(PdfReader(tmp_path / "talk.pdf").pages) == 4


@pytest.mark.parametrize("exporter", ["deckbuild", "deckbuild_pdf"])
def test_a_deck_error_is_one_line_without_a_traceback(tmp_path: Path, exporter: str) -> None:
    nb = _notebook(["slide"])
    nb.metadata["deckbuild"] = {"incremental": "maybe"}  # an unknown key is only a warning (no key is fatal)
    nbformat.write(nb, tmp_path / "talk.ipynb")
    result = _nbconvert(tmp_path, "--to", exporter, "talk.ipynb", "--DeckbuildPDFExporter.browser=" + sys.executable)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith("talk.ipynb: metadata `deckbuild`:1: incremental: "
                                                          "expected true or false, got 'maybe'")
    assert not (tmp_path / f"talk.{'pdf' if exporter == 'deckbuild_pdf' else 'html'}").exists()


def _nbconvert(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", *args], cwd=folder, capture_output=True,
                          text=True, env=_jupyter_env(folder), timeout=300)


def test_render_of_a_markdown_deck_never_imports_nbconvert(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("## A\n\ntext\n", "utf-8")
    nbformat.write(_notebook(["slide"]), tmp_path / "talk.ipynb")
    probe = (
        "import sys\nfrom deckbuild import render\nrender('talk.md')\nrender('talk.ipynb')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nbconvert', 'jupyter_server')))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- a real jupyter server ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, token: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


@pytest.fixture
def jupyter_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    """`jupyter server` on 127.0.0.1 with a random port and token; always shut down."""
    port, token = _free_port(), secrets.token_hex(16)
    root = tmp_path / "root"
    root.mkdir()
    command = [sys.executable, "-m", "jupyter", "server", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--allow-root"]
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=_jupyter_env(tmp_path))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/api/status", token)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("jupyter server did not start:\n" + (tmp_path / "server.log").read_text()) from None
                time.sleep(0.2)
        yield base, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.mark.slow
@pytest.mark.browser
def test_jupyter_server_lists_and_serves_the_deck(jupyter_server: tuple[str, str, Path], browser: Any) -> None:
    base, token, root = jupyter_server
    nbformat.write(_notebook(["slide", "fragment", "subslide", "slide", "notes"], titles=True), root / "talk.ipynb")

    status, _, body = _get(f"{base}/api/nbconvert", token)
    exporters = json.loads(body)
    assert status == 200 and exporters["deckbuild"]["output_mimetype"] == "text/html"
    assert exporters["deckbuild_pdf"] == {"output_mimetype": "application/pdf"}

    status, content_type, body = _get(f"{base}/nbconvert/deckbuild/talk.ipynb", token)
    assert status == 200 and content_type.startswith("text/html")  # a page, not a zip
    assert [len(column) for column in page_shape(body.decode("utf-8"))] == [2, 1]

    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base}/nbconvert/deckbuild/talk.ipynb?token={token}")
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
        assert page.evaluate("Reveal.getTotalSlides()") == 3
        assert page.evaluate("Reveal.getHorizontalSlides().length") == 2
        page.evaluate("Reveal.next()")
        assert page.evaluate("Reveal.getIndices().f") == 0  # the first fragment shows
        assert errors == []
    finally:
        page.close()

    status, content_type, body = _get(f"{base}/nbconvert/deckbuild_pdf/talk.ipynb?download=true", token)
    assert status == 200 and content_type.startswith("application/pdf")  # the menu's "PDF deck (deckbuild)"
    assert len(PdfReader(io.BytesIO(body)).pages) == 3


# --- the example notebook deck ------------------------------------------------------------------

EXAMPLE = Path(__file__).parent.parent / "decks" / "dl-medical-imaging-journal-club.ipynb"


@pytest.mark.slow
def test_example_notebook_gives_the_same_deck_from_cli_and_nbconvert(tmp_path: Path) -> None:
    """decks/dl-medical-imaging-journal-club.ipynb, as CI renders it: both ways, one page."""
    notebook = tmp_path / EXAMPLE.name
    notebook.write_bytes(EXAMPLE.read_bytes())
    shutil.copy(EXAMPLE.with_suffix(".bib"), tmp_path)  # the papers it cites
    subprocess.run([sys.executable, "-m", "deckbuild", "render", notebook.name, "-o", "cli.html"], cwd=tmp_path,
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "deckbuild", notebook.name], cwd=tmp_path,
                   check=True, capture_output=True, env=_jupyter_env(tmp_path))
    cli = (tmp_path / "cli.html").read_text("utf-8")
    assert cli == (tmp_path / f"{EXAMPLE.stem}.html").read_text("utf-8")
    columns = [len(column) for column in page_shape(cli)]
    assert columns == [1, 2, 5, 1, 1, 3, 3, 1, 1, 1]  # title slide, then the talk's columns of subslides, references
    stored = nbformat.read(EXAMPLE, as_version=4)
    assert all(cell.outputs for cell in stored.cells if cell.cell_type == "code" and "print" in cell.source)
