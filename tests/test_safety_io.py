"""Never destroy, never leak: what deckbuild writes, what a deck may read, what a page fetches.

- An output that is (after symlinks) any file the deck is made from is refused: exit 1, one
  line, every file as it was.
- `--no-embed` replaces a `talk_files/` folder only if deckbuild made it, never one holding
  the deck or the working folder, and a render racing another still leaves a complete folder.
- A deck reads files from its folder, its project root and its `resource-path:` folders only;
  never /proc, /sys, /dev, a hidden file, or anything a `..` or a symlink leads out to.
- A remote reference in a user stylesheet is an error; one in a cell's stored HTML output is
  a warning naming the slide.
- The file system saying no is one line (a read-only cache only warns: the deck still renders).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from deckbuild import render
from deckbuild.execute import execute_deck
from deckbuild.execute.fake import FakeExecutor, stdout

from conftest import run_cli
from execute_support import make_deck, needs_kernel

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
UP = "../" * 12  # enough to climb from any temporary folder to /
NOTEBOOK = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": "## A"}]})




def files(folder: Path) -> dict[str, bytes | str]:
    """Every file and link under `folder`, with its content (a link: where it points)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def make(folder: Path, tree: dict[str, str | bytes]) -> None:
    """Files from `{name: text or bytes}`; a value `-> target` makes a symlink."""
    for name, content in tree.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str) and content.startswith("-> "):
            path.symlink_to(content[3:])
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---------------------------------------------------------------- outputs never replace inputs

OUTPUT_IS_INPUT = {
    "the source": ({"talk.md": "## A\n"}, ["render", "talk.md", "-o", "talk.md"], "the deck's source"),
    "the source, by absolute path": ({"talk.md": "## A\n"}, ["render", "talk.md", "-o", "{tmp}/talk.md"], "the deck's source"),
    "a symlink to the source": ({"talk.md": "## A\n", "out.html": "-> talk.md"}, ["render", "talk.md", "-o", "out.html"],
                                "the deck's source"),
    "the notebook": ({"talk.ipynb": NOTEBOOK}, ["render", "talk.ipynb", "-o", "talk.ipynb"], "the deck's source"),
    "an image": ({"talk.md": "## A\n\n![x](pic.png)\n", "pic.png": PNG}, ["render", "talk.md", "-o", "pic.png"],
                 "a file the deck is made from"),
    "the logo": ({"talk.md": "---\nlogo: logo.png\n---\n## A\n", "logo.png": PNG}, ["render", "talk.md", "-o", "logo.png"],
                 "a file the deck is made from"),
    "a background image": ({"talk.md": '## A {background-image="bg.png"}\n', "bg.png": PNG},
                           ["render", "talk.md", "-o", "bg.png"], "a file the deck is made from"),
    "a stylesheet": ({"talk.md": "---\ncss: style.css\n---\n## A\n", "style.css": "h2 { color: red }\n"},
                     ["render", "talk.md", "-o", "style.css"], "a file the deck is made from"),
    "a stylesheet's image": ({"talk.md": "---\ncss: style.css\n---\n## A\n", "style.css": "h2 { background: url(p.png) }\n",
                              "p.png": PNG}, ["render", "talk.md", "-o", "p.png"], "a file the deck is made from"),
    "the project file": ({"talk.md": "## A\n", "deckbuild.yaml": "theme: dark\n"},
                         ["render", "talk.md", "-o", "deckbuild.yaml"], "a file the deck is made from"),
}


@pytest.mark.parametrize("name", OUTPUT_IS_INPUT)
def test_an_output_never_replaces_an_input(name: str, tmp_path: Path) -> None:
    tree, args, what = OUTPUT_IS_INPUT[name]
    make(tmp_path, tree)
    before = files(tmp_path)
    line = one_line_error(run_cli(*(a.format(tmp=tmp_path) for a in args), cwd=tmp_path))
    assert f"the output would replace {what}; nothing was written — choose another output file with -o" in line
    assert files(tmp_path) == before


@pytest.mark.browser
@pytest.mark.parametrize("args", [["pdf", "talk.md", "-o", "talk.md"], ["png", "talk.md", "-o", "shots"]])
def test_an_export_never_replaces_an_input(args: list[str], browser: Any, tmp_path: Path) -> None:
    make(tmp_path, {"talk.md": "## A\n\n![x](shots/talk-01.png)\n", "shots/talk-01.png": PNG})
    before = files(tmp_path)
    line = one_line_error(run_cli(*args, cwd=tmp_path))
    assert "the output would replace" in line
    assert files(tmp_path) == before


# ---------------------------------------------------------------- --no-embed and its folder

def test_no_embed_keeps_a_folder_it_did_not_make(tmp_path: Path) -> None:
    make(tmp_path, {"talk.md": "## A\n", "talk_files/precious.txt": "mine"})
    line = one_line_error(run_cli("render", "talk.md", "--no-embed", cwd=tmp_path))
    assert line == ("error: talk_files: --no-embed would replace this folder, but deckbuild did not make it "
                    "(no .deckbuild-files in it) — render to another name with -o, or move the folder away")
    assert files(tmp_path) == {"talk.md": b"## A\n", "talk_files/precious.txt": b"mine"}


def test_no_embed_never_replaces_the_folder_it_runs_in(tmp_path: Path) -> None:
    make(tmp_path, {"deck_files/deck.md": "## A\n"})
    line = one_line_error(run_cli("render", "deck.md", "--no-embed", "-o", "../deck.html", cwd=tmp_path / "deck_files"))
    assert line.startswith(f"error: {(tmp_path / 'deck_files').resolve()}: --no-embed would replace this folder, "
                           "but it holds the deck's source and the working folder — render to another name with -o")
    assert files(tmp_path) == {"deck_files/deck.md": b"## A\n"}


def test_no_embed_replaces_its_own_folder(tmp_path: Path) -> None:
    make(tmp_path, {"talk.md": "## A\n\n![x](pic.png)\n", "pic.png": PNG})
    assert run_cli("render", "talk.md", "--no-embed", cwd=tmp_path).returncode == 0
    (tmp_path / "talk_files" / "stale.css").write_text("old", encoding="utf-8")
    assert run_cli("render", "talk.md", "--no-embed", cwd=tmp_path).returncode == 0
    names = {p.name for p in (tmp_path / "talk_files").iterdir()}
    assert {".deckbuild-files", "reveal.js"} <= names and "stale.css" not in names


def test_a_render_racing_another_leaves_a_complete_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other render puts its folder in place just before this one's rename: this one must
    neither fail ("Directory not empty") nor leave half a folder."""
    make(tmp_path, {"talk.md": "## A\n\n![x](pic.png)\n", "pic.png": PNG})
    rename, raced = Path.rename, []

    def racing_rename(self: Path, target: Any) -> Path:
        if Path(target).name == "talk_files" and self.parent.name.startswith(".talk.") and not raced:
            raced.append(True)
            render(tmp_path / "talk.md", embed=False, quiet=True)  # the other render wins the race
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", racing_rename)
    render(tmp_path / "talk.md", embed=False, quiet=True)
    assert raced
    folder = tmp_path / "talk_files"
    page = BeautifulSoup((tmp_path / "talk.html").read_text(encoding="utf-8"), "html.parser")
    used = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[href], img[src]")]
    assert used and all((tmp_path / url).is_file() for url in used)
    assert (folder / ".deckbuild-files").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pic.png", "talk.html", "talk.md", "talk_files"]


def test_concurrent_no_embed_renders_all_succeed(tmp_path: Path) -> None:
    make(tmp_path, {"talk.md": "## A\n\n![x](pic.png)\n", "pic.png": PNG})
    command = [sys.executable, "-m", "deckbuild", "render", "talk.md", "--no-embed", "-q"]
    renders = [subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    assert [(r.wait(timeout=120), r.stderr.read() if r.stderr else "") for r in renders] == [(0, "")] * 3
    assert (tmp_path / "talk_files" / ".deckbuild-files").is_file() and (tmp_path / "talk_files" / "reveal.js").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pic.png", "talk.html", "talk.md", "talk_files"]


# ---------------------------------------------------------------- what a deck may read

OUTSIDE = "is outside the folders a deck may read"
SYSTEM = "is a system file; a deck never reads /proc, /sys or /dev"
FIX = "add its folder to `resource-path:` in the front matter"
READ_REFUSED = {
    "absolute image": ({"talk.md": "## A\n\n![x](/etc/passwd)\n"}, f"talk.md:3: slide 1 \"A\": image `/etc/passwd` {OUTSIDE}"),
    "image up through ..": ({"talk.md": f"## A\n\n![x]({UP}etc/passwd)\n"}, f"image `{UP}etc/passwd` {OUTSIDE}"),
    "file:// image": ({"talk.md": "## A\n\n![x](file:///etc/passwd)\n"}, f"image `file:///etc/passwd` {OUTSIDE}"),
    "the environment": ({"talk.md": "## A\n\n![](/proc/self/environ)\n"}, f"image `/proc/self/environ` {SYSTEM}"),
    "a symlink out": ({"talk.md": "## A\n\n![](pw.png)\n", "pw.png": "-> /etc/passwd"}, f"image `pw.png` {OUTSIDE}"),
    "a hidden file": ({"talk.md": "## A\n\n![](.ssh/id.png)\n", ".ssh/id.png": PNG}, "image `.ssh/id.png` is hidden"),
    "logo": ({"talk.md": "---\nlogo: /etc/passwd\n---\n## A\n"}, f"talk.md:2: logo `/etc/passwd` {OUTSIDE}"),
    "background image": ({"talk.md": '## A {background-image="/proc/self/environ"}\n'},
                         f"background-image `/proc/self/environ` {SYSTEM}"),
    "background video": ({"talk.md": f'## A {{background-video="{UP}etc/passwd"}}\n'}, f"background-video `{UP}etc/passwd` {OUTSIDE}"),
    "css": ({"talk.md": "---\ncss: /etc/passwd\n---\n## A\n"}, f"talk.md:2: stylesheet `/etc/passwd` {OUTSIDE}"),
    "css url()": ({"talk.md": "---\ncss: s.css\n---\n## A\n", "s.css": "\nh2 { background: url(/etc/passwd) }\n"},
                  f"s.css:2: url `/etc/passwd` {OUTSIDE}"),
    "css url(file://)": ({"talk.md": "---\ncss: s.css\n---\n## A\n", "s.css": "h2 { background: url('file:///etc/passwd') }"},
                         f"s.css:1: url `file:///etc/passwd` {OUTSIDE}"),
    "css @import": ({"talk.md": "---\ncss: s.css\n---\n## A\n", "s.css": f'@import "{UP}etc/passwd";'},
                    f"s.css:1: @import `{UP}etc/passwd` {OUTSIDE}"),
    "/dev, even listed": ({"talk.md": "---\nresource-path: [/dev]\n---\n## A\n\n![](zero)\n"}, f"image `zero` {SYSTEM}"),
    "/proc, even listed": ({"talk.md": "---\nresource-path: [/proc/self]\n---\n## A\n\n![](environ)\n"}, f"image `environ` {SYSTEM}"),
}


@pytest.mark.parametrize("name", READ_REFUSED)
def test_a_deck_reads_nothing_outside_its_folders(name: str, tmp_path: Path) -> None:
    tree, expected = READ_REFUSED[name]
    make(tmp_path, tree)
    before = files(tmp_path)
    line = one_line_error(run_cli("render", "talk.md", cwd=tmp_path))
    assert expected in line
    assert FIX in line or SYSTEM in line
    assert files(tmp_path) == before


IMAGE_SRC = "data:image/png;base64," + base64.b64encode(PNG).decode()
READ_ALLOWED = {
    "../ in a pyproject.toml project": {"pyproject.toml": "", "images/x.png": PNG, "talks/talk.md": "## A\n\n![](../images/x.png)\n"},
    "../ in a Quarto project": {"_quarto.yml": "", "images/x.png": PNG, "talks/talk.md": "## A\n\n![](../images/x.png)\n"},
    "../ in a git repository": {".git/HEAD": "", "images/x.png": PNG, "talks/talk.md": "## A\n\n![](../images/x.png)\n"},
    "a project stylesheet's ../": {".git/HEAD": "", "images/x.png": PNG, "talks/s.css": ".x { background: url(../images/x.png) }",
                                   "talks/talk.md": "---\ncss: s.css\n---\n## A\n\n![](../images/x.png)\n"},
    "a resource-path folder": {"shared/x.png": PNG,
                               "talks/talk.md": "---\nresource-path: [../shared]\n---\n## A\n\n![](../shared/x.png)\n"},
    "a file found on the resource-path": {"shared/x.png": PNG,
                                          "talks/talk.md": "---\nresource-path: ../shared\n---\n## A\n\n![](x.png)\n"},
    "the project file's resource-path": {"proj/deckbuild.yaml": "resource-path: [../shared]\n", "shared/x.png": PNG,
                                         "proj/talks/talk.md": "## A\n\n![](x.png)\n"},
}


@pytest.mark.parametrize("name", READ_ALLOWED)
def test_a_deck_reads_its_project_and_resource_path(name: str, tmp_path: Path) -> None:
    make(tmp_path, READ_ALLOWED[name])
    deck = next(tmp_path.rglob("talk.md"))
    result = run_cli("render", "talk.md", cwd=deck.parent)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup(deck.with_suffix(".html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".slides img")["src"] == IMAGE_SRC


def test_outside_a_project_the_parent_folder_is_out_of_reach(tmp_path: Path) -> None:
    make(tmp_path, {"images/x.png": PNG, "talks/talk.md": "## A\n\n![](../images/x.png)\n"})
    line = one_line_error(run_cli("render", "talk.md", cwd=tmp_path / "talks"))
    assert f"image `../images/x.png` {OUTSIDE} ({tmp_path.resolve() / 'talks'})" in line and FIX in line


# ---------------------------------------------------------------- outside requests

CSS_REMOTE = {
    "@import string": ('@import "https://127.0.0.1:9/x.css";', "s.css:1: @import `https://127.0.0.1:9/x.css` is on the network"),
    "@import url()": ("\n@import url(https://127.0.0.1:9/x.css);", "s.css:2: @import `https://127.0.0.1:9/x.css` is on the network"),
    "url()": ("h2 { background: url(https://127.0.0.1:9/x.png) }", "s.css:1: url `https://127.0.0.1:9/x.png` is on the network"),
    "protocol-relative url()": ("h2 { background: url(//127.0.0.1:9/x.png) }", "s.css:1: url `//127.0.0.1:9/x.png` is on the network"),
    "image-set string": ('h2 {\n background-image: image-set("https://127.0.0.1:9/x.png" 1x) }',
                         "s.css:2: url `https://127.0.0.1:9/x.png` is on the network"),
}


@pytest.mark.parametrize("name", CSS_REMOTE)
def test_a_stylesheet_that_reaches_the_network_is_an_error(name: str, tmp_path: Path) -> None:
    css, expected = CSS_REMOTE[name]
    make(tmp_path, {"talk.md": "---\ncss: s.css\n---\n## A\n", "s.css": css})
    line = one_line_error(run_cli("render", "talk.md", cwd=tmp_path))
    assert expected in line and "decks must work offline" in line
    assert not (tmp_path / "talk.html").exists()


def test_local_imports_are_folded_into_the_page(tmp_path: Path) -> None:
    """Comments name nothing, and a font's woff fallback (dropped from the page) need not exist."""
    font = '@font-face { font-family: F; src: url(f.woff2) format("woff2"), url(f.woff) format("woff"); }'
    make(tmp_path, {"talk.md": "---\ncss: s.css\n---\n## A\n", "s.css": '@import "parts/a.css" print;\nh2 { color: red }',
                    "parts/a.css": f"/* url(not-there.png) */\nh3 {{ background: url(../p.png) }}\n{font}",
                    "parts/f.woff2": b"wOF2", "p.png": PNG})
    result = run_cli("render", "talk.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    styles = " ".join(s.get_text() for s in BeautifulSoup((tmp_path / "talk.html").read_text(encoding="utf-8"),
                                                          "html.parser").select("style"))
    assert "@import" not in styles and "@media print" in styles and IMAGE_SRC in styles
    assert "data:font/woff2;base64,d09GMg==" in styles and "f.woff" not in styles


def _notebook_with_html_outputs(folder: Path) -> Path:
    html = ['<img src="https://127.0.0.1:9/plot.png">', '<script src="https://127.0.0.1:9/cdn/lib.js"></script><div>x</div>']
    outputs = [{"output_type": "display_data", "metadata": {}, "data": {"text/html": text}} for text in html]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "## Plots"},
        {"cell_type": "code", "id": "b", "metadata": {}, "source": "show()", "execution_count": 1, "outputs": outputs},
    ]}
    path = folder / "talk.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def test_remote_files_in_stored_outputs_are_reported_with_their_slide(tmp_path: Path) -> None:
    _notebook_with_html_outputs(tmp_path)
    result = run_cli("render", "talk.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    place = 'warning: talk.ipynb: cell 2, line 1: slide 1 "Plots": this output loads'
    assert f"{place} `https://127.0.0.1:9/plot.png` from the network" in result.stderr
    assert f"{place} `https://127.0.0.1:9/cdn/lib.js` from the network" in result.stderr
    assert (tmp_path / "talk.html").is_file()


@pytest.mark.browser
def test_pdf_reports_the_remote_files_it_blocks(browser: Any, tmp_path: Path) -> None:
    _notebook_with_html_outputs(tmp_path)
    result = run_cli("pdf", "talk.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'slide 1 "Plots": this output loads `https://127.0.0.1:9/plot.png` from the network' in result.stderr
    assert "warning: blocked 2 request(s) to remote URLs" in result.stderr


# ---------------------------------------------------------------- the file system saying no

def test_an_output_under_a_file_is_one_line(tmp_path: Path) -> None:
    make(tmp_path, {"talk.md": "## A\n", "afile": "x"})
    line = one_line_error(run_cli("render", "talk.md", "-o", "afile/out.html", cwd=tmp_path))
    assert line == "error: afile/out.html: cannot write this output: afile is a file, not a folder — choose another output with -o"


def test_a_read_only_output_folder_is_one_line(tmp_path: Path) -> None:
    make(tmp_path, {"talk.md": "## A\n"})
    (tmp_path / "ro").mkdir(mode=0o555)
    line = one_line_error(run_cli("render", "talk.md", "-o", "ro/out.html", cwd=tmp_path, unprivileged=True))
    assert "ro/out.html: cannot write this output: ro is read-only" in line
    assert list((tmp_path / "ro").iterdir()) == []


@needs_kernel
def test_a_read_only_cache_warns_and_the_deck_still_renders(tmp_path: Path) -> None:
    make(tmp_path, {"talk.md": "## A\n\n```{python}\nprint(6 * 7)\n```\n"})
    (tmp_path / "cache").mkdir(mode=0o555)
    result = run_cli("render", "talk.md", "--cache-dir", "cache", cwd=tmp_path, unprivileged=True)
    assert result.returncode == 0, result.stderr
    assert "cannot write the cache" in result.stderr and "Traceback" not in result.stderr
    assert "42" in BeautifulSoup((tmp_path / "talk.html").read_text(encoding="utf-8"), "html.parser").select_one(".cell-output").text


def test_a_cache_entry_with_too_few_cells_is_rebuilt(tmp_path: Path) -> None:
    def executor(spec: Any) -> FakeExecutor:
        return FakeExecutor({"a = 1": [stdout("one\n")], "print(a)": [stdout("1\n")]})

    execute_deck(make_deck(tmp_path, "a = 1", "print(a)"), make_executor=executor)
    entry_path = tmp_path / ".deckbuild" / "cache" / "talk.md" / "local.python.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry["cells"] = entry["cells"][:1]  # the right key, one cell short
    entry_path.write_text(json.dumps(entry), encoding="utf-8")

    deck = make_deck(tmp_path, "a = 1", "print(a)")
    report = execute_deck(deck, make_executor=executor)
    assert report.cells_run == 2
    assert any("holds 1 cells for 2" in str(warning) for warning in report.warnings)
    assert [output.text for cell in deck.cells() for output in cell.outputs] == ["one\n", "1\n"]


STYLESHEET_MISTAKES = {
    "a missing url()": ("h1 {}\nh2 { background: url(missing.png) }\n", "error: s.css:2: url `missing.png` not found — check the path"),
    "invalid UTF-8": (b"h1 {}\nh2 { content: '\xff' }\n", "error: s.css:2: stylesheet is not valid UTF-8 (byte 0xff) — save it as UTF-8"),
}


@pytest.mark.parametrize("name", STYLESHEET_MISTAKES)
def test_a_stylesheet_mistake_is_one_line(name: str, tmp_path: Path) -> None:
    css, expected = STYLESHEET_MISTAKES[name]
    make(tmp_path, {"talk.md": "---\ncss: s.css\n---\n## A\n", "s.css": css})
    assert one_line_error(run_cli("render", "talk.md", cwd=tmp_path)).startswith(expected)


@pytest.mark.browser
def test_a_logo_without_embedding_shows(tmp_path: Path, open_deck: Any) -> None:
    make(tmp_path, {"talk.md": "---\nlogo: img/logo.png\n---\n## A\n", "img/logo.png": PNG})
    result = run_cli("render", "talk.md", "--no-embed", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    deck = open_deck(tmp_path / "talk.html")
    source = deck.evaluate("document.querySelector('img.slide-logo').src")
    assert source.startswith("file://") and "/talk_files/logo" in source and source.endswith(".png")
    loaded = deck.evaluate("() => { const image = document.querySelector('img.slide-logo'); return image.complete && image.naturalWidth; }")
    assert loaded == 1 and deck.console_errors == []
