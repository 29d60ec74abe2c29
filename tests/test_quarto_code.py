"""Quarto's code blocks: pandoc's `div.sourceCode` markup, `filename=`, numbered lines from any
line, `code-fold`, and code annotations in each of their modes, in the HTML, in Chromium and
in the PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from quarto_blocks_support import page, slides

from deckbuild.errors import DeckError
from deckbuild.rendering.annotations import take_markers

ANNOTATED = """## Pandas

```{.python filename="load.py"}
import pandas as pd  # <1>
df = pd.read_csv("data.csv")  # <2>
df.head()  # <2>
```

1. Take **pandas**,
2. read the data
   and look at it.

Text after the list.
"""


def test_code_blocks_carry_pandocs_source_code_markup(tmp_path: Path) -> None:
    soup = slides(tmp_path, "## Code\n\n```python\nx = 1\n```\n")
    div = soup.select_one("section div.sourceCode")
    assert div is not None
    pre = div.select_one(":scope > pre")
    assert pre is not None and {"sourceCode", "python", "code"} <= set(pre["class"])
    code = pre.select_one(":scope > code")
    assert code is not None and code["class"] == ["sourceCode", "python"]


def test_stepped_line_numbers_keep_their_steps_and_tell_the_code(tmp_path: Path) -> None:
    soup = slides(tmp_path, '## Steps\n\n``` {.python code-line-numbers="1|2"}\na = 1\nb = 2\n```\n')
    pre = soup.select_one("div.sourceCode > pre.stepped")
    assert pre is not None and pre["data-line-numbers"] == "1|2"
    codes = pre.select("code.step")
    assert len(codes) == 2 and codes[0]["data-line-numbers"] == "1|2"
    assert "fragment" in codes[1]["class"] and "sourceCode" in codes[1]["class"]


@pytest.mark.parametrize("attrs", [".number-lines", ".numberLines", 'code-line-numbers="true"'])
def test_number_lines_spellings_number_the_lines(tmp_path: Path, attrs: str) -> None:
    soup = slides(tmp_path, f"## N\n\n``` {{.python {attrs}}}\nx = 1\n```\n")
    pre = soup.select_one("pre.sourceCode")
    assert pre is not None and {"numbered", "number-lines"} <= set(pre["class"])


def test_start_from_sets_the_first_line_number(tmp_path: Path) -> None:
    soup = slides(tmp_path, '## N\n\n``` {.python .number-lines startFrom="10"}\nx = 1\n```\n')
    code = soup.select_one("pre.number-lines > code")
    assert code is not None and code["style"] == "counter-reset: line 9"


def test_filename_is_quartos_header_above_the_code(tmp_path: Path) -> None:
    soup = slides(tmp_path, '## F\n\n```{.python filename="app.py"}\nx = 1\n```\n')
    box = soup.select_one("div.code-with-filename")
    assert box is not None
    header, code = box.find_all(recursive=False)
    assert "code-with-filename-file" in header["class"] and header.select_one("pre > strong").get_text() == "app.py"
    assert "sourceCode" in code["class"]


def test_cells_take_filename_and_fold_their_code(tmp_path: Path) -> None:
    body = "## C\n\n```{python}\n#| echo: true\n#| filename: run.py\n#| code-fold: true\n#| code-summary: Show\nx = 1\n```\n"
    soup = slides(tmp_path, body)
    details = soup.select_one(".cell .cell-code details.code-fold")
    assert details is not None and not details.has_attr("open")
    assert details.summary.get_text() == "Show"
    assert details.select_one("div.code-with-filename strong").get_text() == "run.py"


def test_code_fold_show_starts_open_and_the_deck_sets_the_default(tmp_path: Path) -> None:
    soup = slides(tmp_path, "## C\n\n```{python}\n#| echo: true\nx = 1\n```\n", "title: T\ncode-fold: show")
    details = soup.select_one("details.code-fold")
    assert details is not None and details.has_attr("open") and details.summary.get_text() == "Code"


def test_code_block_background_false_marks_the_blocks_plain(tmp_path: Path) -> None:
    soup = slides(tmp_path, "## C\n\n```python\nx = 1\n```\n", "title: T\ncode-block-background: false")
    assert soup.select_one("div.sourceCode.code-block-plain") is not None


def test_annotations_below_become_markers_and_a_list(tmp_path: Path) -> None:
    soup = slides(tmp_path, ANNOTATED)
    cell = soup.select_one("div.sourceCode.code-with-filename, div.sourceCode[data-code-annotations]")
    assert cell is not None and cell["data-code-annotations"] == "below"
    code_text = cell.select_one("pre code").get_text()
    assert "<1>" not in code_text and "<2>" not in code_text and "#" not in code_text
    anchors = [(b.find_parent("span", class_="line"), b["data-target-annotation"]) for b in cell.select("button.code-annotation-anchor")]
    assert [a for _, a in anchors] == ["1", "2", "2"]
    dl = soup.select_one(".cell-annotation dl.code-annotation-container-grid")
    assert dl is not None and "code-annotation-container-hidden" not in dl["class"]
    assert [dt.get_text() for dt in dl.select("dt")] == ["1", "2"]
    texts = dl.select("dd > span")
    assert texts[0].strong.get_text() == "pandas" and texts[0]["data-code-lines"] == "1"
    assert texts[1].get_text() == "read the data\nand look at it." and texts[1]["data-code-lines"] == "2,3"
    assert all(span["data-code-cell"] == cell["id"] for span in texts)
    assert soup.find("ol") is None, "the list is the annotations, not a list of its own"
    assert soup.find("p", string="Text after the list.") is not None


@pytest.mark.parametrize(("language", "line"), [
    ("python", "x = 1  # <1>"), ("r", "x <- 1 # <1>"), ("javascript", "let x = 1; // <1>"), ("sql", "SELECT 1 -- <1>"),
    ("html", "<p>x</p> <!-- <1> -->"), ("css", "p { color: red; } /* <1> */"), ("matlab", "x = 1 % <1>"),
    ("lisp", "(setq x 1) ; <1>"), ("scss", "$c: blue; //<1>"), ("scss", "$c: blue; /* <1> */"), ("python", "x = 1 #<1>"),
])  # fmt: skip
def test_markers_are_read_in_each_languages_comment_syntax(language: str, line: str) -> None:
    marked = take_markers(f"{line}\nplain()", language)
    assert marked.lines == {1: [1]} and "<1>" not in marked.code


@pytest.mark.parametrize(("language", "line"), [
    ("python", "print('# <1> is a string')"), ("javascript", "x = 1 # <1>"), ("python", "x = 1  # <a>"),
    ("css", "p { x: 1 } //<1>"),
])  # fmt: skip
def test_what_is_not_a_marker_stays_code(language: str, line: str) -> None:
    assert take_markers(line, language).lines == {}


@pytest.mark.parametrize(("mode", "hidden"), [("hover", True), ("select", True), ("below", False)])
def test_annotation_modes_deck_wide(tmp_path: Path, mode: str, hidden: bool) -> None:
    soup = slides(tmp_path, ANNOTATED, f"title: T\ncode-annotations: {mode}")
    assert soup.select_one("div.sourceCode[data-code-annotations]")["data-code-annotations"] == mode
    dl = soup.select_one("dl.code-annotation-container-grid")
    assert ("code-annotation-container-hidden" in dl["class"]) is hidden


def test_annotations_none_removes_markers_and_list(tmp_path: Path) -> None:
    soup = slides(tmp_path, ANNOTATED, "title: T\ncode-annotations: none")
    assert soup.select("button.code-annotation-anchor") == [] and soup.select("dl") == [] and soup.find("ol") is None
    assert "<1>" not in soup.select_one("pre code").get_text()


def test_annotations_false_leaves_code_and_list_as_written(tmp_path: Path) -> None:
    soup = slides(tmp_path, ANNOTATED, "title: T\ncode-annotations: false")
    assert "# <1>" in soup.select_one("pre code").get_text()
    assert soup.find("ol") is not None and soup.select("dl") == []


def test_a_block_sets_its_own_mode(tmp_path: Path) -> None:
    body = ANNOTATED.replace('{.python filename="load.py"}', "{.python code-annotations=select}")
    soup = slides(tmp_path, body, "title: T\ncode-annotations: below")
    assert soup.select_one("div.sourceCode[data-code-annotations]")["data-code-annotations"] == "select"


def test_annotated_cells_keep_the_list_in_the_cell(tmp_path: Path) -> None:
    body = "## C\n\n```{python}\n#| echo: true\nx = 1  # <1>\n```\n\n1. One.\n"
    soup = slides(tmp_path, body)
    cell = soup.select_one("div.cell")
    assert cell.select_one("button.code-annotation-anchor") is not None
    assert cell.select_one("dl.code-annotation-container-grid dd").get_text() == "One."


@pytest.mark.parametrize(("front", "body", "message", "line"), [
    ("code-annotations: sideways", "## A\n\nx\n", "code-annotations", 2),
    ("title: T", "## A\n\n```{.python code-annotations=sideways}\nx\n```\n", "code-annotations: expected below", 7),
    ("title: T", '## A\n\n```{.python .number-lines startFrom="ten"}\nx\n```\n', "startFrom: expected a whole number", 7),
    ("title: T", "## A\n\n```{python}\n#| code-fold: sometimes\nx\n```\n", "code-fold: expected true, false or show", 7),
])  # fmt: skip
def test_bad_code_options_are_one_error_at_their_line(tmp_path: Path, front: str, body: str, message: str,
                                                      line: int) -> None:
    with pytest.raises(DeckError) as caught:
        slides(tmp_path, body, front)
    error = caught.value.problems[0] if getattr(caught.value, "problems", None) else caught.value
    assert message in str(error) and error.line == line


@pytest.mark.browser
def test_hover_shows_the_annotation_and_highlights_its_lines(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    deck = open_deck(page(tmp_path, ANNOTATED, "title: T\ncode-annotations: hover"))
    deck.evaluate("Reveal.slide(1)")
    assert deck.evaluate("getComputedStyle(document.querySelector('dl.code-annotation-container-grid')).display") == "none"
    deck.hover("button.code-annotation-anchor[data-target-annotation='2']")
    assert deck.inner_text(".code-annotation-tip") == "read the data and look at it."
    lit = deck.evaluate("[...document.querySelectorAll('pre code .line')].map(l => l.classList.contains('code-annotation-line-highlight'))")
    assert lit == [False, True, True]
    deck.mouse.move(0, 0)
    assert deck.evaluate("document.querySelectorAll('.code-annotation-tip, .code-annotation-line-highlight').length") == 0
    assert deck.console_errors == []


@pytest.mark.browser
def test_select_shows_on_click_and_below_highlights_from_the_list(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    deck = open_deck(page(tmp_path, ANNOTATED, "title: T\ncode-annotations: select"))
    deck.evaluate("Reveal.slide(1)")
    deck.hover("button.code-annotation-anchor[data-target-annotation='1']")
    assert deck.evaluate("document.querySelectorAll('.code-annotation-tip').length") == 0
    deck.click("button.code-annotation-anchor[data-target-annotation='1']")
    assert deck.inner_text(".code-annotation-tip") == "Take pandas,"
    deck.click("button.code-annotation-anchor[data-target-annotation='1']")
    assert deck.evaluate("document.querySelectorAll('.code-annotation-tip').length") == 0
    below = open_deck(page(tmp_path, ANNOTATED))
    below.evaluate("Reveal.slide(1)")
    below.click("dl.code-annotation-container-grid dt[data-target-annotation='2']")
    lit = below.evaluate("[...document.querySelectorAll('pre code .line')].map(l => l.classList.contains('code-annotation-line-highlight'))")
    assert lit == [False, True, True]


@pytest.mark.browser
def test_the_pdf_shows_hidden_annotations_and_folded_code(browser: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from deckbuild.export.options import ExportOptions
    from deckbuild.export.pdf import Job, export_pdfs

    body = ANNOTATED + "\n## Folded\n\n```{python}\n#| echo: true\n#| code-fold: true\nsecret_value = 42\n```\n"
    html = page(tmp_path, body, "title: T\ncode-annotations: hover")
    result = export_pdfs(browser, [Job(html, tmp_path / "out.pdf", ExportOptions())])[0]
    pages = [p.extract_text() for p in PdfReader(result.output).pages]
    assert "read the data" in pages[1] and "Take pandas" in pages[1]
    assert "secret_value" in pages[2]


THEMES = [(name, "talk.md") for name in ("default", "dark", "serif", "vivid", "high-contrast")] + [
    (name, "talk.qmd") for name in ("default", "moon", "simple", "dracula")]
"""deckbuild's themes (a .md deck) and some of Quarto's (a .qmd deck)."""


@pytest.mark.browser
@pytest.mark.parametrize(("theme", "name"), THEMES, ids=[f"{t}-{n}" for t, n in THEMES])
def test_decorated_code_is_laid_out_in_every_theme(open_deck: Callable[..., Any], tmp_path: Path, theme: str,
                                                   name: str) -> None:
    deck = open_deck(page(tmp_path, ANNOTATED, f"title: T\ntheme: {theme}", name))
    deck.evaluate("Reveal.slide(1)")
    box = deck.evaluate("""(() => {
        const rect = (s) => { const r = document.querySelector('section.present ' + s).getBoundingClientRect();
                              return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height}; };
        return {file: rect('.code-with-filename-file'), pre: rect('pre.sourceCode'), button: rect('button.code-annotation-anchor'),
                list: rect('dl.code-annotation-container-grid'),
                display: getComputedStyle(document.querySelector('dl.code-annotation-container-grid')).display};
    })()""")
    assert box["file"]["bottom"] <= box["pre"]["top"] + 1, "the file name heads the code"
    button, pre = box["button"], box["pre"]
    assert pre["left"] <= button["left"] and button["right"] <= pre["right"] + 1 and button["height"] > 5
    assert box["display"] == "grid" and box["list"]["top"] >= pre["bottom"] - 1
    for readable in (".code-with-filename-file pre", "button.code-annotation-anchor", "dl.code-annotation-container-grid dt"):
        assert deck.evaluate(CONTRAST, readable) >= 3, f"{readable} can be read"
    assert deck.console_errors == []


CONTRAST = """(selector) => {
    const el = document.querySelector('section.present ' + selector), style = getComputedStyle(el);
    const rgb = (c) => { const n = c.match(/[\\d.]+/g).map(Number);
                         return c.startsWith('color(') ? n.slice(0, 3).map(v => v * 255) : n.slice(0, 3); };
    const lum = (c) => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                         return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.browser
def test_quarto_style_rules_on_source_code_apply(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    (tmp_path / "quarto.css").write_text(
        ".reveal div.sourceCode { outline: 3px solid rgb(255, 0, 0); }\n"
        ".reveal pre.sourceCode code.sourceCode { letter-spacing: 2px; }\n"
        ".reveal .code-with-filename .code-with-filename-file pre { text-transform: uppercase; }\n", encoding="utf-8")
    deck = open_deck(page(tmp_path, '## C\n\n```{.python filename="app.py"}\nx = 1\n```\n', "title: T\ncss: quarto.css"))
    deck.evaluate("Reveal.slide(1)")
    style = deck.evaluate("""[getComputedStyle(document.querySelector('div.sourceCode')).outlineColor,
        getComputedStyle(document.querySelector('code.sourceCode')).letterSpacing,
        document.querySelector('.code-with-filename-file pre').innerText]""")
    assert style == ["rgb(255, 0, 0)", "2px", "APP.PY"]


def test_knitr_text_engines_show_their_text_and_run_nothing(tmp_path: Path) -> None:
    """`{verbatim}` is code (in its `lang:`), `{asis}` is Markdown: knitr runs no program for
    either, so neither needs a kernel, with or without --no-execute."""
    body = ("## V\n\n````{verbatim}\n#| lang: markdown\n# not a heading\n**x**\n````\n\n"
            "## A\n\n```{asis}\n**bold** text\n```\n")
    soup = slides(tmp_path, body)
    verbatim, asis = soup.select("section")[-2:]
    code = verbatim.select_one("pre.sourceCode.markdown code")
    assert code is not None and code.get_text() == "# not a heading\n**x**"
    assert verbatim.find("h1") is None
    assert str(asis.select_one("p strong")) == "<strong>bold</strong>"
    assert not soup.select(".cell-output")


def test_knitr_embed_shows_its_file_as_code_read_under_the_decks_rule(tmp_path: Path) -> None:
    (tmp_path / "code.R").write_text('cat("this is code.R")\n', encoding="utf-8")
    soup = slides(tmp_path, '## E {#embed}\n\n````{embed, file = "code.R"}\n````\n')
    code = soup.select_one("section#embed div.sourceCode pre.r code")
    assert code is not None and code.get_text() == 'cat("this is code.R")'
    assert not soup.select("section#embed div.cell")
    with pytest.raises(DeckError, match=r"embedded file `\.\./secret\.R` is outside the folders a deck may read"):
        (tmp_path.parent / "secret.R").write_text("x", encoding="utf-8")
        slides(tmp_path, '## E\n\n```{embed, file = "../secret.R"}\n```\n')
    with pytest.raises(DeckError, match=r"an \{embed\} cell names no file"):
        slides(tmp_path, "## E\n\n```{embed}\n```\n")
