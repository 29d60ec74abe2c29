"""`deckbuild check` in real Chromium, as a user runs it: every problem a deck can have is one
line at its slide's heading, with a fix, and exit code 1; a clean deck exits 0; front matter
`check:` ignores a rule only with a reason; JSON for CI; the example decks pass in every theme.

`fixtures/check/problems.md` has one problem per slide (after its title slide); the table
below says which line each slide gives.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT, run_cli

pytestmark = pytest.mark.browser

CHECK = FIXTURES / "check"
EXAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "decks").iterdir() if p.suffix in (".md", ".ipynb") and p.name != "README.md")
THEMES = ["default", "dark", "serif", "high-contrast", "vivid"]

# (slide number, title, what its line says after `problems.md:LINE: slide N "Title": `, a regex).
CASES = [
    (2, "Too long", r'list "one two three four five six seven eight…" runs \d+ px past the slide\'s bottom edge — shorten it, split the slide'),
    (3, "Wide table", r'<div> "column_00 column_01 column_02 column_03…" is cut off: its content is \d+ px wider than its box — shorten'),
    (4, "Faint", r'text "Faint grey words" has contrast 1\.82:1 on #ffffff \(AA needs 3:1\) — make its colour #959595 \(it is #c0c0c0\)'),
    (5, "Over a picture", r'text "Dark text on a dark picture\." has contrast 1\.\d\d:1 on the image behind it, at #1a1a1a \(AA needs 3:1\) — put the text on a solid box'),
    (6, "An image", r'image "diagram\.svg" has no alt text — describe it: `!\[what it shows\]\(file\.png\)` or `fig-alt="…"`'),
    (7, "", r"the slide has no title — give it a heading \(`## Title`\)"),
    (8, "Headings", r'heading "Too deep" is level 4 after level 2 — make it a level-3 heading \(###\)'),
    (9, "Links", r'link text "here" does not say where it leads — write what the link opens'),
    (9, "Links", r'link text "http://127\.0\.0\.1:8000/notes\.html" is a bare URL — link words that say where it leads'),
    (10, "Maths", r'formula "x²" has no accessible form \(no MathML, no label\) — write it as TeX maths'),
    (11, "Quiet", r"the slide has no speaker notes — add a `::: \{\.notes\}` div \(the deck's `check: notes: required` asks for them\)"),
    (12, "A button", r"Buttons must have discernible text: <button> — Element does not have inner text that is visible to screen readers"),
    # Seen at one fragment step only, on a slide that prints its last step alone.
    (13, "Steps", r'text "Shown for one step, in grey too faint t…" has contrast 1\.67:1 on #ffffff \(AA needs 3:1\)'),
    # Two more that come with those slides: the title on the picture, axe on the scrolling table.
    (5, "Over a picture", r'text "Over a picture" has contrast 1\.\d\d:1 on the image behind it'),
    (3, "Wide table", r'Scrollable region must have keyboard access: <div> "column_00'),
]


def copy_fixture(tmp_path: Path, name: str) -> Path:
    for path in CHECK.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / name


def slide_lines(source: Path) -> dict[int, int]:
    """Slide number -> the line its heading (`## …` or `---`) is on; the title slide is 1."""
    lines = source.read_text(encoding="utf-8").splitlines()
    body = lines.index("---", 1) + 1
    starts = [i + 1 for i, line in enumerate(lines) if i >= body and (line.startswith("## ") or line == "---")]
    return {number: line for number, line in enumerate(starts, start=2)}


@pytest.fixture(scope="module")
def problems_run(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("problems")
    source = copy_fixture(folder, "problems.md")
    return source, run_cli("check", source.name, cwd=folder)


@pytest.mark.parametrize(("number", "title", "says"), CASES, ids=[f"{n}-{says[:24]}" for n, _, says in CASES])
def test_each_problem_is_one_line_at_its_slide(problems_run: tuple[Path, Any], number: int, title: str, says: str) -> None:
    source, result = problems_run
    label = f'slide {number} "{title}"' if title else f"slide {number}"
    pattern = re.escape(f"problems.md:{slide_lines(source)[number]}: {label}: ") + says
    assert any(re.match(pattern, out) for out in result.stdout.splitlines()), f"{pattern}\n---\n{result.stdout}"


def test_a_deck_with_problems_exits_1_with_those_lines_only_and_a_summary(problems_run: tuple[Path, Any]) -> None:
    _, result = problems_run
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stderr
    assert lines[-1] == f"checked 1 deck: {len(CASES)} problems"
    unexpected = [out for out in lines[:-1] if not any(re.search(says, out) for _, _, says in CASES)]
    assert unexpected == [] and len(lines) - 1 == len(CASES), result.stdout
    assert "Traceback" not in result.stderr


CLEAN = """\
---
title: "A clean deck"
author: Ada Lovelace
---

# Part one

## A figure

![A blue rectangle](diagram.svg){width=30%}

The loss $L(w) = \\frac{1}{2}\\lVert y - Xw \\rVert^2$ falls, see [the notes page](http://127.0.0.1:8000/notes.html).

::: {.notes}
Say what the figure shows.
:::

## Steps

- first
- second

. . .

A last point.
"""


def test_a_clean_deck_exits_0(browser: Any, tmp_path: Path) -> None:
    copy_fixture(tmp_path, "problems.md")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", "clean.md", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "checked 1 deck: no problems\n"), result.stderr


IGNORING = """\
---
title: "Ignoring"
check:
  ignore:
    - rule: title
      slides: [2]
      reason: "a full-bleed question slide; the next slide names it"
    - rule: alt-text
      slides: ["#pictures"]
      reason: "the caption on the slide says it all"
---

---

Why not just stack linear layers?

## Pictures {#pictures}

![](diagram.svg)

## More pictures

![](diagram.svg)
"""


def test_ignore_with_a_reason_silences_the_slides_it_names_and_json_keeps_the_reason(browser: Any, tmp_path: Path) -> None:
    copy_fixture(tmp_path, "problems.md")
    (tmp_path / "ignoring.md").write_text(IGNORING, encoding="utf-8")
    text = run_cli("check", "ignoring.md", cwd=tmp_path)
    assert text.returncode == 1
    assert text.stdout.splitlines() == [
        ('ignoring.md:21: slide 4 "More pictures": image "diagram.svg" has no alt text — describe it: '
         '`![what it shows](file.png)` or `fig-alt="…"` (for a plot, `#| fig-alt: …`); a purely decorative image takes `fig-alt=""`'),
        "checked 1 deck: 1 problem (2 ignored by `check: ignore:`)",
    ]
    document = json.loads(run_cli("check", "ignoring.md", "--format", "json", "--warn-only", cwd=tmp_path).stdout)
    assert (document["problems"], document["ignored"]) == (1, 2)
    [deck] = document["decks"]
    assert deck["source"] == "ignoring.md"
    assert [(p["slide"], p["title"], p["rule"], p["line"]) for p in deck["problems"]] == [(4, "More pictures", "alt-text", 21)]
    assert [(p["slide"], p["rule"], p["ignored"]) for p in deck["ignored"]] == [
        (2, "title", "a full-bleed question slide; the next slide names it"),
        (3, "alt-text", "the caption on the slide says it all"),
    ]
    assert deck["problems"][0]["fix"].startswith("describe it") and deck["problems"][0]["file"] == "ignoring.md"


def test_warn_only_reports_but_exits_0(browser: Any, tmp_path: Path) -> None:
    copy_fixture(tmp_path, "problems.md")
    (tmp_path / "ignoring.md").write_text(IGNORING, encoding="utf-8")
    result = run_cli("check", "ignoring.md", "--warn-only", cwd=tmp_path)
    assert result.returncode == 0 and "has no alt text" in result.stdout


MISTAKES = {
    "no reason": ("check:\n  ignore:\n    - rule: contrast\n", 5,
                  "check: ignore: ignoring `contrast` needs a reason — say why it does not apply: `reason: …`"),
    "empty reason": ("check:\n  ignore:\n    - rule: title\n      reason: '  '\n", 5,
                     "check: ignore: ignoring `title` needs a reason"),
    "unknown rule": ("check:\n  ignore:\n    - {rule: contrst, reason: why}\n", 5,
                     "check: ignore: unknown rule 'contrst' — did you mean 'contrast'? rules: overflow, clipped, contrast"),
    "unknown key": ("check:\n  notes: required\n  silence: [contrast]\n", 3, "check: check has no option 'silence' (notes, ignore)"),
    "notes value": ("check:\n  notes: yes please\n", 3, "check: expected one of required, optional, got 'yes please'"),
    "slides type": ("check:\n  ignore:\n    - {rule: title, reason: why, slides: [0]}\n", 5,
                    "check: ignore: slides: expected slide numbers, titles or #ids, got 0"),
    "not a list": ("check:\n  ignore: {rule: title, reason: why}\n", 3, "check: ignore: expected a list of {rule, reason, slides} entries"),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_in_check_settings_is_one_line_at_its_line(name: str, tmp_path: Path) -> None:
    settings, line, message = MISTAKES[name]
    (tmp_path / "talk.md").write_text(f"---\ntitle: T\n{settings}---\n\n## A\n", encoding="utf-8")
    result = run_cli("check", "talk.md", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: talk.md:{line}: {message}"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_slide_that_is_not_in_the_deck_is_an_error(browser: Any, tmp_path: Path) -> None:
    deck = "---\ntitle: T\ncheck:\n  ignore:\n    - {rule: title, slides: [\"Trainin\"], reason: why}\n---\n\n## Training\n"
    (tmp_path / "talk.md").write_text(deck, encoding="utf-8")
    result = run_cli("check", "talk.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("error: talk.md:5: check: ignore: `title` names slide 'Trainin', which is not in the deck"
                             " — name slides by the number or title the check reports, or by `#id`\n")


def test_a_notebook_problem_names_its_cell(browser: Any, tmp_path: Path) -> None:
    copy_fixture(tmp_path, "problems.md")
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "## Fine\n\nSome text."},
             {"cell_type": "markdown", "metadata": {}, "source": "## A picture\n\n![](diagram.svg)"}]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "talk.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    result = run_cli("check", "talk.ipynb", cwd=tmp_path)
    assert result.stdout.splitlines()[0].startswith('talk.ipynb: cell 2, line 1: slide 2 "A picture": image "diagram.svg" has no alt text')


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_the_example_decks_pass_check_in_every_theme(browser: Any, theme: str) -> None:
    result = run_cli("check", *EXAMPLES, "--theme", theme, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"checked {len(EXAMPLES)} decks: no problems")
