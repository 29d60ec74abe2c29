"""Rendering as a user runs it: CLI, Python API, outputs, project defaults."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import deckbuild

EXAMPLE = Path(__file__).parent.parent / "decks" / "intro-to-neural-networks.md"
REMOTE = re.compile(r"""(?:<script[^>]+src|<link[^>]+href|<img[^>]+src)=["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deckbuild", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_python_api_returns_the_written_path(tmp_path: Path) -> None:
    deck = write(tmp_path / "talk.md", "## Hello\n")
    assert deckbuild.render(deck) == tmp_path / "talk.html"
    assert deckbuild.render(str(deck), tmp_path / "out" / "x.html") == tmp_path / "out" / "x.html"


def test_version() -> None:
    result = subprocess.run([sys.executable, "-m", "deckbuild", "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"deckbuild, version {deckbuild.__version__}"


def test_example_deck_is_one_self_contained_file(tmp_path: Path) -> None:
    page = deckbuild.render(EXAMPLE, tmp_path / "deck.html").read_text(encoding="utf-8")
    assert not REMOTE.search(page), REMOTE.search(page)
    assert "Reveal.initialize" in page and "RevealNotes" in page
    assert 'class="katex"' in page
    assert "data:font/woff2;base64," in page
    assert "data:image/svg+xml;base64," in page
    assert list(tmp_path.iterdir()) == [tmp_path / "deck.html"]


def test_no_embed_writes_a_page_and_its_files_folder(tmp_path: Path) -> None:
    write(tmp_path / "pic.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    write(tmp_path / "talk.md", "## Maths $x^2$\n\n![p](pic.svg)\n")
    result = run("render", "--no-embed", "talk.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "talk.html").read_text(encoding="utf-8")
    files = {p.name for p in (tmp_path / "talk_files").iterdir()}
    assert {"reveal.js", "notes.js", "reveal.css", "theme.css", "katex.css"} <= files
    assert any(name.endswith(".woff2") for name in files)
    assert '<script src="talk_files/reveal.js">' in page
    assert re.search(r'<img src="talk_files/pic-\w+\.svg"', page)
    assert "base64" not in page


def test_several_decks_in_one_call_into_a_folder(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "## A\n")
    write(tmp_path / "b.qmd", "## B\n")
    result = run("render", "a.md", "b.qmd", "-o", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "a.html").exists() and (tmp_path / "site" / "b.html").exists()


def test_project_defaults_and_rendering_all_decks(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.deckbuild]\ndecks = ["talks/*.md"]\noutput-dir = "public"\nfooter = "Project footer"\n')
    write(tmp_path / "talks" / "one.md", "## One\n")
    write(tmp_path / "talks" / "two.md", "---\nfooter: Own footer\n---\n## Two\n")
    result = run("render", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    one = (tmp_path / "public" / "talks" / "one.html").read_text(encoding="utf-8")
    two = (tmp_path / "public" / "talks" / "two.html").read_text(encoding="utf-8")
    assert "Project footer" in one
    assert "Own footer" in two and "Project footer" not in two


def test_deckbuild_yaml_project_file_and_its_errors(tmp_path: Path) -> None:
    write(tmp_path / "deckbuild.yaml", "theme: default\nslide-number: true\nbogus: 1\n")
    write(tmp_path / "talk.md", "## A\n")
    result = run("render", "talk.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "deckbuild.yaml:3: unknown front matter key `bogus` (ignored)" in result.stderr
    strict = run("render", "talk.md", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert "error: " in strict.stderr and "deckbuild.yaml:3: unknown front matter key `bogus`" in strict.stderr


def test_command_line_theme_beats_front_matter(tmp_path: Path) -> None:
    write(tmp_path / "talk.md", "---\ntheme: nope\n---\n## A\n")
    assert run("render", "talk.md", "--theme", "default", cwd=tmp_path).returncode == 0


def test_a_deck_without_code_imports_no_jupyter_or_browser_machinery(tmp_path: Path) -> None:
    write(tmp_path / "talk.md", "## A\n\n$x$ and `code`\n")
    probe = (
        "import sys, deckbuild; deckbuild.render(sys.argv[1]);"
        "heavy = {'nbclient', 'jupyter_client', 'nbconvert', 'zmq', 'playwright', 'nbformat'};"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "talk.md")], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
