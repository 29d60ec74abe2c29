"""Execution through real Markdown and the real command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import deckbuild

from execute_support import kernel_mark, soup

pytestmark = kernel_mark()

TALK = """---
title: Live
execute:
  echo: true
---

## Numbers

```{python}
#| code-line-numbers: "1|2"
x = 6
x * 7
```

## A plot

```{python}
#| fig-cap: The *curve*
#| output-location: slide
import matplotlib.pyplot as plt
plt.plot([1, 3, 2]);
```

## Quiet

```{python}
#| include: false
hidden = "ran"
```

```{python}
#| echo: false
print(hidden)
```
"""


def deckbuild_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deckbuild", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(Path(__file__).parents[1]), "PATH": "/usr/bin:/bin"})


def test_a_markdown_talk_renders_its_outputs(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(TALK)
    page = soup(deckbuild.render(tmp_path / "talk.md", quiet=True).read_text())
    numbers = page.select_one("section#numbers")
    assert numbers.select_one(".cell-code pre.stepped") and numbers.select_one(".cell-output-display").get_text() == "42"
    plot = page.select_one("section#a-plot")
    assert plot.select(".cell-code") and not plot.select("img")
    follower = plot.find_next_sibling("section")
    assert follower.select_one("h2").get_text() == "A plot"
    assert follower.select_one("figure img")["src"].startswith("data:image/png;base64,")
    assert follower.select_one("figcaption em").get_text() == "curve"
    quiet = page.select_one("section#quiet")
    assert [c.get_text() for c in quiet.select(".cell-output")] == ["ran\n"] and not quiet.select(".cell-code")


def test_cli_reports_a_failing_cell_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("---\ntitle: T\n---\n\n## Oops\n\n```{python}\nprint(undefined)\n```\n")
    result = deckbuild_cli("render", "talk.md", cwd=tmp_path)
    assert result.returncode == 1
    progress, first, *_ = result.stderr.splitlines()
    assert progress == "executing 1 cell on local (python)"
    assert first.startswith("error: talk.md:7: cell on slide ") and first.endswith(
        '"Oops" raised NameError: name \'undefined\' is not defined')
    assert "print(undefined)" in result.stderr and "\x1b[" not in result.stderr.split("\n", 1)[1]
    assert not (tmp_path / "talk.html").exists()


def test_cli_cached_rerender_and_no_execute(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(TALK)
    first = deckbuild_cli("render", "talk.md", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "executed 4 cells, 0 from cache" in first.stderr
    again = deckbuild_cli("render", "talk.md", cwd=tmp_path)
    assert "executed 0 cells, 4 from cache" in again.stderr
    (tmp_path / "talk.md").write_text(TALK.replace("x * 7", "x * 8"))
    offline = deckbuild_cli("render", "--no-execute", "talk.md", cwd=tmp_path)
    assert "executed 0 cells, 3 from cache, 1 without outputs" in offline.stderr
    quiet = deckbuild_cli("render", "-q", "--refresh", "talk.md", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_a_setup_cell_before_the_first_heading_runs_and_makes_no_slide(tmp_path: Path) -> None:
    """R and Quarto talks open with a setup chunk (`include: false`, or knitr's `include=FALSE`)
    before the first heading: Quarto shows nothing for it, and no empty slide."""
    (tmp_path / "talk.qmd").write_text("---\ntitle: Setup\n---\n\n```{python}\n#| include: false\nready = 'set up'\n```\n\n"
                                       "```{python setup, include=FALSE}\nalso = '!'\n```\n\n"
                                       "## First\n\n```{python}\n#| echo: false\nprint(ready + also)\n```\n")
    page = soup(deckbuild.render(tmp_path / "talk.qmd", quiet=True).read_text())
    assert [s.get("id") for s in page.select("div.slides > section")] == ["title-slide", "first"]
    assert page.select_one("section#first .cell-output").get_text() == "set up!\n"
