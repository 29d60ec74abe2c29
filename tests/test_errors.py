"""Bad input: one line naming file, line and slide, what is wrong and the fix; exit 1; nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CASES = {
    "wrong value type": ("---\nincremental: maybe\n---\n## A\n", "talk.md:2: incremental: expected true or false"),
    "unknown reveal.js setting": (
        "---\nreveal:\n  slideNumbr: true\n---\n## A\n",
        "talk.md:2: reveal: reveal.js has no setting 'slideNumbr'; did you mean 'slideNumber'?",
    ),
    "invalid YAML": ("---\ntitle: [unclosed\n---\n## A\n", "talk.md:2: front matter is not valid YAML"),
    "front matter never closed": ("---\ntitle: T\n\n## A\n", "talk.md:1: front matter starts with `---` but never ends"),
    "unclosed div": ("## A\n\n::: notes\nhello\n", "talk.md:3: fenced div `:::` is never closed — add a line `:::`"),
    "unclosed code block": ("## A\n\n```python\nx = 1\n", "talk.md:3: code block is never closed"),
    "missing image": ("## A\n\nText\n\n![x](nope.png)\n", 'talk.md:5: slide 1 "A": image `nope.png` not found'),
    "remote image refused": (
        "## A\n\n![x](ftp://127.0.0.1:9/x.png)\n",
        'talk.md:3: slide 1 "A": image `ftp://127.0.0.1:9/x.png` is not a local file',
    ),
    "bad maths": ("## A\n\nSee $\\frac{1$ here\n", 'talk.md:3: slide 1 "A": maths `\\frac{1` cannot be typeset: KaTeX parse error'),
    "undefined footnote": ("## A\n\nSee[^x]\n", 'slide 1 "A": footnote [^x] has no definition — add a line `[^x]: text`'),
    "bad line numbers": (
        '## A\n\n``` {.python code-line-numbers="1|9"}\nx = 1\n```\n',
        'talk.md:3: slide 1 "A": line numbers "1|9" go past the code\'s 1 lines',
    ),
    "bad cell option": ("## A\n\n```{python}\n#| echo: [\nprint(1)\n```\n", "talk.md:4: cell option is not valid YAML"),
    "unknown theme": ("---\ntheme: nope\n---\n## A\n", "talk.md:2: unknown theme `nope` — installed themes: dark, default, high-contrast, serif, vivid"),
    "bad attributes": ('## A\n\n::: {.x key="unclosed}\nhi\n:::\n', "talk.md:3: cannot read attributes"),
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deckbuild", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", CASES)
def test_bad_deck_gives_one_line_and_writes_nothing(name: str, tmp_path: Path) -> None:
    source, expected = CASES[name]
    deck = tmp_path / "talk.md"
    deck.write_text(source, encoding="utf-8")
    result = run("render", "talk.md", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert deck.read_text(encoding="utf-8") == source, "the source must never be modified"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.md"], "nothing may be written"


def test_all_front_matter_mistakes_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("---\nthem: dark\nfooterr: x\n---\n## A\n", encoding="utf-8")
    result = run("render", "talk.md", cwd=tmp_path)
    assert "talk.md:2: unknown front matter key `them`" in result.stderr
    assert "talk.md:3: unknown front matter key `footerr`" in result.stderr


def test_quarto_only_key_is_a_warning_and_the_deck_renders(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("---\nchalkboard: true\n---\n## A\n", encoding="utf-8")
    result = run("render", "talk.md", cwd=tmp_path)
    assert result.returncode == 0
    assert "talk.md:2: ignored: Quarto's `chalkboard` is a reveal.js plugin deckbuild does not bundle" in result.stderr
    assert (tmp_path / "talk.html").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("## A\n\n![x](nope.png)\n", encoding="utf-8")
    result = run("--debug", "render", "talk.md", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_missing_file_and_usage_errors(tmp_path: Path) -> None:
    missing = run("render", "nothere.md", cwd=tmp_path)
    assert missing.returncode == 1
    assert "nothere.md: no such file" in missing.stderr
    usage = run("render", "--bogus", cwd=tmp_path)
    assert usage.returncode == 2


def test_failed_render_keeps_the_previous_output(tmp_path: Path) -> None:
    deck = tmp_path / "talk.md"
    deck.write_text("## Good\n", encoding="utf-8")
    assert run("render", "talk.md", cwd=tmp_path).returncode == 0
    before = (tmp_path / "talk.html").read_text(encoding="utf-8")
    deck.write_text("## Bad\n\n![x](nope.png)\n", encoding="utf-8")
    assert run("render", "talk.md", cwd=tmp_path).returncode == 1
    assert (tmp_path / "talk.html").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.html", "talk.md"]


# A mistake inside a block of Markdown names its own line, also when the same text appears
# earlier in the block (mistune hands each block's line to the renderer; no text is searched).
INLINE_LINES = {
    "the image's name earlier as text": ("## A\n\n`nope.png` is missing:\n\n![x](nope.png)\n", 5),
    "the formula's TeX earlier as text": ("## A\n\nThe formula \\frac{1 is broken:\n\n$\\frac{1$\n", 5),
    "an image further down a paragraph": ("## A\n\nText\nmore ![ok](data:image/png;base64,AA==)\n![x](nope.png)\n", 5),
    "an image in a nested list": ("## A\n\n- one\n\n  two\n  - three\n  - ![x](nope.png)\n", 7),
    "an image in a block quote": ("## A\n\n> one\n> two\n> ![x](nope.png)\n", 5),
    "an image in a table row": ("## A\n\n| a | b |\n|---|---|\n| x | y |\n| ![x](nope.png) | z |\n", 6),
    "a footnote reference": ("## A\n\nOne.\n\nTwo[^x].\n", 5),
    "a span's layout": ("## A\n\nOne\ntwo [x]{.absolute top=abc}\n", 4),
    "maths inside a span": ("## A\n\nOne\n[two\n$\\frac{1$]{.a}\n", 5),
}


@pytest.mark.parametrize("name", INLINE_LINES)
def test_inline_mistakes_name_their_own_line(name: str, tmp_path: Path) -> None:
    source, line = INLINE_LINES[name]
    (tmp_path / "talk.md").write_text(source, encoding="utf-8")
    result = run("render", "talk.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: talk.md:{line}: "), result.stderr
