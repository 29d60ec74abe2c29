"""Real decks written for reveal.js and MathJax render as they are: every formula typeset at
build time (KaTeX or MathJax's SVG, no TeX left on a slide), macros defined once hold for the
rest of the deck, notebooks follow Jupyter's `$` rules, emoji shortcodes when asked for; in
Chromium nothing fails and every formula has a size, and the PDF shows them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from bs4 import BeautifulSoup, Tag
from nbformat.v4 import new_markdown_cell, new_notebook

import deckbuild

from conftest import FIXTURES

LECTURE = FIXTURES / "maths" / "dl_lecture.md"
MATH_PARTS = ".katex, mjx-container"
HIDDEN_TEXT = "annotation, .katex-mathml, mjx-assistive-mml, svg"


def render(source: Path, tmp_path: Path) -> Path:
    return Path(deckbuild.render(source, tmp_path / f"{source.stem}.html", quiet=True, execute=False))  # type: ignore[no-untyped-call]


def slides(page: Path) -> list[Tag]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.select(".slides > section")


def visible_text(element: Tag) -> str:
    """The text a reader sees, formulas' own text aside."""
    copy = BeautifulSoup(str(element), "html.parser")
    for part in copy.select(MATH_PARTS):
        part.replace_with("[maths]")
    return copy.get_text(" ", strip=True)


def typeset_by(part: Tag) -> str:
    if part.name == "mjx-container":
        assert part.select_one("svg path") is not None and part.select_one("mjx-assistive-mml math") is not None
        return "mathjax"
    assert "katex" in (part.get("class") or []) and part.select_one(".katex-html") is not None
    return "katex"


@pytest.fixture(scope="module")
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(LECTURE, tmp_path_factory.mktemp("lecture"))


def test_every_formula_is_typeset_and_no_tex_is_left(lecture: Path) -> None:
    by_title = {heading.get_text(): s for s in slides(lecture) if (heading := s.select_one("h2"))}
    engines = [typeset_by(part) for s in by_title.values() for part in s.select(MATH_PARTS)
               if not part.find_parent(MATH_PARTS.split(", "))]
    assert engines.count("katex") == 6 and engines.count("mathjax") == 7
    for title, section in by_title.items():
        text = visible_text(section)
        assert "\\" not in text and "$x" not in text, (title, text)
    assert "It costs $5 per GPU-hour and $10 with support: not maths" in visible_text(by_title["Notation 📝"])


def test_macros_defined_once_hold_on_later_slides(lecture: Path) -> None:
    first, *rest = slides(lecture)[1:]
    assert visible_text(first) == ""  # the hidden macro definitions show nothing
    notation = str(rest[0])
    assert "mathbb" in notation  # \R
    risk = rest[1].select_one("mjx-assistive-mml math")
    assert risk is not None and "arg" in risk.get_text() and "over all" in risk.get_text()  # \argmin, \mbox


def test_equation_numbers_and_references_run_through_the_deck(lecture: Path) -> None:
    numbers = [m.get_text() for m in BeautifulSoup(lecture.read_text(encoding="utf-8"), "html.parser")
               .select("mjx-assistive-mml mtext") if re.fullmatch(r"\(\d+\)", m.get_text())]
    # forward \eqref{eq:rate} → (3), eqnarray (1), align (2) (3), \eqref{eq:rate} → (3), \eqref{eq:gd} → (2),
    # eqnarray (4), \eqref{eq:gd} → (2)
    assert numbers == ["(3)", "(1)", "(2)", "(3)", "(3)", "(2)", "(4)", "(2)"]


def test_emoji_shortcodes_only_with_the_extension(lecture: Path, tmp_path: Path) -> None:
    emoji = [(e["data-emoji"], e.get_text()) for e in BeautifulSoup(lecture.read_text(encoding="utf-8"), "html.parser")
             .select("span.emoji")]
    assert emoji == [("memo", "📝"), ("tada", "🎉")]
    plain = tmp_path / "plain.md"
    plain.write_text(LECTURE.read_text(encoding="utf-8").replace("    from: markdown+emoji\n", ""), encoding="utf-8")
    page = render(plain, tmp_path)
    assert "span class=\"emoji\"" not in page.read_text(encoding="utf-8")
    assert ":tada:" in visible_text(slides(page)[-1])


def test_notebook_cells_follow_jupyter_rules(tmp_path: Path) -> None:
    text = "## Jupyter maths\n\nSpaces: $ p $, prices $5 and $10.\n\n\\begin{align}\na &= b\n\\end{align}"
    notebook = new_notebook(cells=[new_markdown_cell(text)])  # type: ignore[no-untyped-call]
    nbformat.write(notebook, tmp_path / "talk.ipynb")  # type: ignore[no-untyped-call]
    section = slides(render(tmp_path / "talk.ipynb", tmp_path))[0]
    annotations = [a.get_text() for a in section.select("annotation")]
    assert annotations == ["p", "5 and", "\\begin{align}\na &= b\n\\end{align}"]


RAW_TEX_DECK = r"""## Raw LaTeX

```{=tex}
\begin{gather*}
a_1=b_1+c_1\\
a_2=b_2+c_2-d_2+e_2
\end{gather*}
```

```{=latex}
\begin{align}
a_{11}& =b_{11}\\
a_{21}& =b_{21}
\end{align}
\begin{equation*} x = 1 \end{equation*}
```

```{=tex}
\newpage
```
"""


def test_raw_tex_maths_environments_are_typeset_and_other_raw_tex_is_a_warning(tmp_path: Path) -> None:
    from conftest import run_cli

    (tmp_path / "talk.qmd").write_text("---\ntitle: T\n---\n\n" + RAW_TEX_DECK, "utf-8")
    result = run_cli("render", "talk.qmd", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "talk.html").read_text("utf-8"), "html.parser")
    shown = [a.get_text() for a in soup.select(".slides annotation")]
    assert [tex.split("}")[0] for tex in shown] == ["\\begin{gather*", "\\begin{align", "\\begin{equation*"]
    assert "newpage" not in soup.select_one(".slides").get_text()
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith('warning: talk.qmd:22: slide 2 "Raw LaTeX": raw LaTeX')


def test_a_formula_neither_engine_typesets_is_one_line(tmp_path: Path) -> None:
    from deckbuild.errors import DeckError

    deck = tmp_path / "talk.md"
    deck.write_text("## A\n\ntext\n\n$$\\begin{eqnarray} a &=& \\frac{1 \\end{eqnarray}$$\n", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        render(deck, tmp_path)
    message = caught.value.format_message()
    assert "\n" not in message and message.startswith(f"{deck}:5: slide 1 \"A\": maths `\\begin{{eqnarray}}")
    assert "MathJax: Missing close brace" in message


@pytest.mark.browser
def test_lecture_in_chromium_every_formula_has_a_size(open_deck: Callable[..., Any], lecture: Path) -> None:
    deck = open_deck(lecture)
    sizes = deck.evaluate(
        """() => Reveal.getSlides().flatMap((slide, index) => {
            Reveal.slide(index);
            return Array.from(slide.querySelectorAll('.katex-html, mjx-container > svg'))
                .map(part => { const box = part.getBoundingClientRect(); return [box.width, box.height]; });
        })"""
    )
    assert len(sizes) == 13 and all(w > 2 and h > 2 for w, h in sizes), sizes
    assert deck.console_errors == [] and deck.requests == []
    assert deck.evaluate("!!document.querySelector('script[src], script[src*=mathjax]')") is False


@pytest.mark.browser
def test_lecture_pdf_shows_the_mathjax_formulas(browser: Any, lecture: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader
    from test_pdf import raster

    from deckbuild.export.options import ExportOptions, SlideRanges
    from deckbuild.export.pdf import Job, export_pdfs
    from deckbuild.export.printing import Blocked

    blocked = Blocked()
    out = tmp_path / "lecture.pdf"
    export_pdfs(browser, [Job(lecture, out, ExportOptions(slides=SlideRanges.of(4)))], blocked=blocked)
    assert blocked.urls == []
    pixels = raster(out, 1)  # "Empirical risk": its only content is the eqnarray MathJax typeset
    body = [row[len(row) // 8: 7 * len(row) // 8] for row in pixels[len(pixels) // 4: 3 * len(pixels) // 4]]
    assert sum(value < 128 for row in body for value in row) > 500
    text = PdfReader(out).pages[0].extract_text()
    assert "Empirical risk" in text and "\\" not in text and "eqnarray" not in text
