"""Quarto's front matter is never fatal: each key renders, warns once, or (a wrong value for a
key deckbuild uses) is an error; `--strict` makes every warning an error; all settings mistakes
come in one pass before any cell runs; every spelling of `format:` does what its author meant."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from deckbuild import pipeline
from deckbuild.errors import DeckError
from deckbuild.rendering.sinks import InlineSink

from conftest import run_cli

RENDERS, WARNS, ERROR = "renders", "warns", "error"

# Each Quarto key a real talk or Quarto's own test documents carry: (front matter, outcome,
# what the warning or error says). "renders" means no warning at all.
KEYS = {
    "_quarto": ("_quarto:\n  tests:\n    revealjs:\n      noErrors: []", RENDERS, ""),
    "brand": ("brand:\n  color:\n    background: '#eee'", RENDERS, ""),
    "axe": ("axe: true", WARNS, "ignored: Quarto's `axe`"),
    "scroll-view": ("scroll-view:\n  activate: true\n  snap: proximity", RENDERS, ""),
    "code-annotations": ("code-annotations: hover", RENDERS, ""),
    "hash-type": ("hash-type: number", RENDERS, ""),
    "title-slide-attributes": ("title-slide-attributes:\n  data-background-color: '#123456'", RENDERS, ""),
    "code-line-numbers": ("code-line-numbers: false", RENDERS, ""),
    "slide-level": ("slide-level: 3", RENDERS, ""),
    "echo": ("echo: true", RENDERS, ""),
    "pagetitle": ("pagetitle: Tab", RENDERS, ""),
    "mermaid-format": ("mermaid-format: svg", WARNS, "ignored: Quarto's `mermaid-format`"),
    "execute: freeze": ("execute:\n  freeze: auto", RENDERS, ""),
    "language": ("language:\n  title-block-author-single: Speaker", RENDERS, ""),
    "resource-path": ("resource-path: [images]", RENDERS, ""),
    "keep-tex": ("keep-tex: true", WARNS, "ignored: Quarto's `keep-tex` does nothing in deckbuild"),
    "output-ext": ("output-ext: htm", WARNS, "ignored: Quarto's `output-ext` does nothing in deckbuild"),
    "height: 759.375": ("height: 759.375", RENDERS, ""),
    "width: 5.3%": ("width: 5.3%", RENDERS, ""),
    "smaller": ("smaller: true", RENDERS, ""),
    "fig-width": ("fig-width: 8\nfig-height: 4\noutput-location: fragment", RENDERS, ""),
    "code-block-height": ("code-block-height: 650px", RENDERS, ""),
    "code-block-height in words": ("code-block-height: tall", ERROR, "code-block-height: expected a CSS length"),
    "highlight-style Pygments has": ("highlight-style: nord", RENDERS, ""),
    "highlight-style light/dark": ("highlight-style:\n  light: gruvbox\n  dark: dracula", RENDERS, ""),
    "highlight-style nearest": ("highlight-style: espresso", WARNS, "drawn with Pygments' nearest style, `coffee`"),
    "highlight-style by its written name": ("highlight-style: github", WARNS,
                                            "highlight-style `github` (Quarto's `github-light`) is drawn with"),
    "highlight-style unknown": ("highlight-style: fancy", WARNS, "highlight-style `fancy` is neither a style nor a .theme file"),
    "highlight-style pair of three": ("highlight-style:\n  light: a\n  dim: b", ERROR, "expected {light: NAME, dark: NAME}"),
    "highlight-style null": ("highlight-style: null", RENDERS, ""),
    "syntax-highlighting": ("syntax-highlighting: monokai", RENDERS, ""),
    "code-copy": ("code-copy: true", RENDERS, ""),
    "code-copy a word": ("code-copy: always", ERROR, "code-copy: expected true, false or hover"),
    "code-overflow": ("code-overflow: wrap", RENDERS, ""),
    "code-overflow a word": ("code-overflow: hidden", ERROR, "code-overflow: expected one of wrap, scroll"),
    "code-block-border-left": ("code-block-border-left: '#31BAE9'", RENDERS, ""),
    "code-block-border-left escapes": ("code-block-border-left: 'red; } body { x: y'", ERROR,
                                       "is not a CSS value that stays in its declaration"),
    "code-block-bg": ("code-block-bg: '#f4f4f4'", RENDERS, ""),
    "scrollable": ("scrollable: true", RENDERS, ""),
    "title-slide-style": ("title-slide-style: pandoc", RENDERS, ""),
    "logo string": ("logo: logo.png", RENDERS, ""),
    "logo light/dark": ("logo:\n  light: logo.png\n  dark: logo.png", RENDERS, ""),
    "preview-links: auto": ("preview-links: auto", RENDERS, ""),
    "link-external-*": ("link-external-newwindow: true\nlink-external-icon: true\n"
                        "link-external-filter: '^https://talks\\.example\\.org'", RENDERS, ""),
    "link-external-filter not a pattern": ("link-external-filter: '(unclosed'", ERROR,
                                           "link-external-filter: '(unclosed' is not a regular expression"),
    "link-external-icon not a boolean": ("link-external-icon: sometimes", ERROR, "link-external-icon: expected"),
    "author metadata": ("author:\n  - name: A\n    orcid: 0000-0000-0000-0000", RENDERS, ""),
    "chalkboard": ("chalkboard:\n  buttons: false", WARNS, "ignored: Quarto's `chalkboard`"),
    "authors with affiliations": ("author:\n  - name: A\n    affiliations:\n      - ref: u\naffiliations:\n"
                                  "  - id: u\n    name: Uni", RENDERS, ""),
    "institute list": ("author: A\ninstitute: [Uni, Lab]", RENDERS, ""),
    "date today": ("date: today\ndate-format: long", RENDERS, ""),
    "date-format not text": ("date-format: [long]", ERROR, "date-format: expected full, long, medium, short, iso"),
    "fontsize": ("fontsize: 2em", RENDERS, ""),
    "mainfont and monofont": ("mainfont: Fira Sans\nmonofont: Fira Code", RENDERS, ""),
    "linestretch": ("linestretch: 1.5", RENDERS, ""),
    "monobackgroundcolor": ("monobackgroundcolor: '#f0f0f0'", RENDERS, ""),
    "fontsize that leaves its declaration": ("fontsize: '1em; color: red'", ERROR, "fontsize: '1em; color: red' is not a CSS value"),
    "fontsize Sass cannot read": ("fontsize: 'darken(20px, 5%)'", ERROR, "SCSS: $color: 20px is not a color"),
    "linestretch in words": ("linestretch: double", ERROR, "linestretch: expected a number such as 1.5"),
    "backgroundcolor": ("backgroundcolor: '#222'", WARNS, "Quarto's reveal.js slides do not use it either (set `$body-bg`"),
    "fontcolor": ("fontcolor: white", WARNS, "set `$body-color`"),
    "html-math-method: katex": ("html-math-method: katex", RENDERS, ""),
    "html-math-method: mathjax": ("html-math-method: mathjax", WARNS, "deckbuild typesets formulas at build time with KaTeX"),
    "html-math-method as a mapping": ("html-math-method:\n  method: mathjax\n  url: https://x.example/mj.js", WARNS,
                                      "`html-math-method: mathjax`"),
    "html-math-method unknown": ("html-math-method: latex", ERROR, "html-math-method: expected one of katex"),
    "self-contained": ("self-contained: true", RENDERS, ""),
    "embed-resources": ("embed-resources: true", RENDERS, ""),
    "an author's own key": ("course-code: STT998", WARNS, "unknown front matter key `course-code` (ignored)"),
    "a typo": ("slide-numbr: true", WARNS, "unknown front matter key `slide-numbr` (ignored) — did you mean `slide-number`?"),
    "a Quarto key's typo": ("chalkbord: true", WARNS, "did you mean `chalkboard`?"),
    "slide-level out of range": ("slide-level: 9", ERROR, "slide-level: expected a heading level from 0 to 6"),
    "hash-type unknown": ("hash-type: slug", ERROR, "hash-type: expected one of title, number"),
    "title-slide-attributes without data-": ("title-slide-attributes:\n  background-color: red", ERROR,
                                             "`background-color` is not an attribute the title slide takes"),
    "freeze a word": ("execute:\n  freeze: sometimes", ERROR, "`freeze`: expected true, false or auto"),
    "width in words": ("width: wide", ERROR, "width: expected pixels such as 1050, or a percentage such as 90%"),
}


def deck(tmp_path: Path, front: str, body: str = "## A\n\nText\n") -> Path:
    path = tmp_path / "talk.qmd"
    path.write_text(f"---\ntitle: T\nformat: revealjs\n{front}\n---\n\n{body}", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(PIXEL)
    (tmp_path / "images").mkdir(exist_ok=True)
    return path


PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                      "0000000d4944415478da63f8cfc0f01f0005000201a5f6a8a90000000049454e44ae426082")


def warnings_of(path: Path) -> list[str]:
    rendered = pipeline.render(pipeline.load(path), InlineSink())
    return [warning.format_message() for warning in rendered.warnings]


@pytest.mark.parametrize("name", KEYS)
def test_each_quarto_key_renders_warns_once_or_is_an_error(name: str, tmp_path: Path) -> None:
    front, outcome, said = KEYS[name]
    path = deck(tmp_path, front)
    if outcome == ERROR:
        with pytest.raises(DeckError) as caught:
            warnings_of(path)
        assert said in caught.value.format_message()
        assert f"{path}:4: " in caught.value.format_message(), "the error names the key's line"
        return
    warnings = warnings_of(path)
    if outcome == RENDERS:
        assert warnings == []
    else:
        assert len(warnings) == 1 and said in warnings[0] and warnings[0].startswith(f"{path}:4: ")


def test_a_key_in_the_project_and_the_deck_warns_once(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text("project:\n  type: default\nkeep-tex: true\n", encoding="utf-8")
    path = deck(tmp_path, "keep-tex: true")
    assert len([w for w in warnings_of(path) if "keep-tex" in w]) == 1


# --------------------------------------------------------------------------- --strict


@pytest.mark.parametrize("command", ["render", "pdf", "png"])
def test_strict_makes_warnings_errors_and_writes_nothing(command: str, tmp_path: Path) -> None:
    path = deck(tmp_path, "keep-tex: true\ncourse-code: STT998")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli(command, str(path), "--strict", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{path}:4: ignored: Quarto's `keep-tex` does nothing in deckbuild" in result.stderr
    assert f"{path}:5: unknown front matter key `course-code` (ignored)" in result.stderr
    assert "2 warnings treated as errors (--strict)" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_without_strict_the_same_deck_renders_with_its_warnings(tmp_path: Path) -> None:
    path = deck(tmp_path, "keep-tex: true")
    result = run_cli("render", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "`keep-tex`" in result.stderr
    assert (tmp_path / "talk.html").is_file()


def test_strict_counts_rendering_warnings_too(tmp_path: Path) -> None:
    """A warning found while rendering (a stored output that loads a network image), not only
    the settings' warnings, is an error with --strict."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    output = new_output("display_data", data={"text/html": '<img src="https://127.0.0.1:9/p.png">'})
    book = new_notebook(cells=[new_markdown_cell("## Plots"), new_code_cell("show()", outputs=[output])])
    path = tmp_path / "talk.ipynb"
    nbformat.write(book, path)
    plain = run_cli("render", str(path), cwd=tmp_path)
    assert plain.returncode == 0 and "this output loads `https://127.0.0.1:9/p.png`" in plain.stderr
    strict = run_cli("render", str(path), "--strict", "-o", str(tmp_path / "strict.html"), cwd=tmp_path)
    assert strict.returncode == 1 and "1 warning treated as errors (--strict)" in strict.stderr
    assert not (tmp_path / "strict.html").exists()


# --------------------------------------------------------------------------- one pass, before cells


@pytest.mark.kernel
def test_every_settings_mistake_is_reported_before_any_cell_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    cell = f"```{{python}}\nopen({str(marker)!r}, 'a').write('ran\\n')\n```\n"
    path = deck(tmp_path, "theme: nope\nincremental: maybe\nslide-level: 9\ncss: missing.css", body=f"## A\n\n{cell}")
    result = run_cli("render", str(path), cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert any(f"{path}:4: unknown theme `nope`" in line for line in lines), result.stderr
    assert any(f"{path}:5: incremental: expected true or false" in line for line in lines)
    assert any(f"{path}:6: slide-level: expected a heading level" in line for line in lines)
    assert any(f"{path}:7: stylesheet `missing.css` not found" in line for line in lines)
    assert not marker.exists(), "no cell may run when the settings are wrong"
    fixed = path.read_text(encoding="utf-8").replace("theme: nope\nincremental: maybe\nslide-level: 9\ncss: missing.css\n", "")
    path.write_text(fixed, encoding="utf-8")
    assert run_cli("render", str(path), cwd=tmp_path).returncode == 0
    assert marker.read_text(encoding="utf-8") == "ran\n", "the same deck's cell runs once its settings are right"


@pytest.mark.parametrize(("front", "said"), [
    ("css: missing.css", "4: stylesheet `missing.css` not found"),
    ("logo: missing.png", "4: logo `missing.png` not found"),
    ("title-slide-attributes:\n  data-background-image: missing.jpg",
     "5: title-slide-attributes data-background-image `missing.jpg` not found"),
])
def test_files_the_front_matter_names_are_found_with_it(front: str, said: str, tmp_path: Path) -> None:
    path = deck(tmp_path, f"{front}\nincremental: maybe")
    with pytest.raises(DeckError) as caught:
        pipeline.load(path)
    message = caught.value.format_message()
    assert f"{path}:{said}" in message and "incremental: expected true or false" in message


# --------------------------------------------------------------------------- format:

FORMATS = {
    "revealjs: default": ("format:\n  revealjs: default", RENDERS, ""),
    "revealjs with html": ("format:\n  revealjs:\n    slide-number: true\n  html:\n    toc: true", RENDERS, ""),
    "html with revealjs first in a list": ("format: [revealjs, html]", RENDERS, ""),
    "clean-revealjs": ("format:\n  clean-revealjs:\n    slide-number: true", WARNS,
                       "format `clean-revealjs` is a Quarto extension's: rendered as revealjs"),
    "live-revealjs": ("format: live-revealjs", WARNS, "format `live-revealjs` is a Quarto extension's"),
    "html only": ("format: html", ERROR, "format html is not a reveal.js format — add revealjs"),
    "pdf and docx": ("format:\n  pdf: default\n  docx: default", ERROR, "format pdf, docx is not a reveal.js format"),
    "revealjs holding a list": ("format:\n  revealjs: [a, b]", ERROR, "format: revealjs: must hold a mapping of options"),
}


@pytest.mark.parametrize("name", FORMATS)
def test_each_spelling_of_format(name: str, tmp_path: Path) -> None:
    front, outcome, said = FORMATS[name]
    path = tmp_path / "talk.qmd"
    path.write_text(f"---\ntitle: T\n{front}\n---\n\n## A\n", encoding="utf-8")
    if outcome == ERROR:
        with pytest.raises(DeckError) as caught:
            warnings_of(path)
        assert f"{path}:3: {said}" in caught.value.format_message()
        return
    warnings = warnings_of(path)
    assert warnings == [] if outcome == RENDERS else (len(warnings) == 1 and said in warnings[0]), warnings


def test_the_revealjs_entrys_options_apply_and_the_html_ones_do_not(tmp_path: Path) -> None:
    path = tmp_path / "talk.qmd"
    path.write_text("---\ntitle: T\nformat:\n  revealjs:\n    footer: Reveal footer\n  html:\n    footer: HTML footer\n"
                    "---\n\n## A\n", encoding="utf-8")
    config = pipeline.load(path).config
    assert (config.footer, config.quarto, (config.width, config.height)) == ("Reveal footer", True, (1050, 700))


def test_a_quarto_project_files_revealjs_options_reach_its_decks(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\nformat:\n  html: default\n  revealjs:\n"
                                          "    footer: From the project\n    slide-level: 3\n", encoding="utf-8")
    (tmp_path / "talks").mkdir()
    path = tmp_path / "talks" / "talk.qmd"
    path.write_text("---\ntitle: T\n---\n\n## A\n", encoding="utf-8")
    config = pipeline.load(path).config
    assert (config.footer, config.slide_level) == ("From the project", 3)
    assert warnings_of(path) == []


def test_a_project_whose_format_is_html_only_leaves_its_decks_alone(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\nformat: html\n", encoding="utf-8")
    path = tmp_path / "talk.qmd"
    path.write_text("---\ntitle: T\nformat: revealjs\n---\n\n## A\n", encoding="utf-8")
    assert warnings_of(path) == []


# --------------------------------------------------------------------------- meanings


class Sections(HTMLParser):
    """Each `<section>`'s attributes and the text of its first heading, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[dict[str, str]] = []
        self.heading: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.sections.append({k: v or "" for k, v in attrs} | {"heading": ""})
        elif tag in ("h1", "h2", "h3") and self.sections and not self.sections[-1]["heading"]:
            self.heading = self.sections[-1]

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading["heading"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3"):
            self.heading = None


def sections(path: Path) -> list[dict[str, str]]:
    parser = Sections()
    parser.feed(pipeline.render(pipeline.load(path), InlineSink()).html)
    return parser.sections


LEVELS = "# Part\n\n## Topic\n\nabout the topic\n\n### First\n\none\n\n### Second\n\ntwo\n\n#### Detail\n\nin Second\n"


@pytest.mark.parametrize(("level", "expected"), [
    (2, [("Part", "section"), ("Topic", "slide")]),
    (3, [("Part", "section"), ("Topic", "section"), ("First", "slide"), ("Second", "slide")]),
    (4, [("Part", "section"), ("Topic", "section"), ("First", "section"), ("Second", "section"), ("Detail", "slide")]),
])  # fmt: skip
def test_slide_level_splits_as_pandoc_does(level: int, expected: list[tuple[str, str]], tmp_path: Path) -> None:
    """Pandoc's rule: a heading at the slide level starts a slide, one above it a section
    slide, one below it stays inside the slide."""
    path = deck(tmp_path, f"slide-level: {level}", body=LEVELS)
    found = [(s["heading"], "section" if "section-slide" in s["class"] else "slide")
             for s in sections(path) if "title-slide" not in s["class"]]
    assert found == expected


def test_deck_wide_smaller_scrollable_and_hash_type(tmp_path: Path) -> None:
    path = deck(tmp_path, "smaller: true\nscrollable: true\nhash-type: number", body="## A {#a}\n\nx\n\n## B\n\ny\n")
    slides = [s for s in sections(path) if "title-slide" not in s["class"]]
    assert all({"smaller", "scrollable"} <= set(s["class"].split()) for s in slides)
    assert all("id" not in s for s in slides), "hash-type: number: reveal.js's URLs count the slides"


def test_deck_wide_code_line_numbers_reach_plain_code_blocks(tmp_path: Path) -> None:
    numbered = deck(tmp_path, "code-line-numbers: true", body="## A\n\n```python\nx = 1\ny = 2\n```\n")
    html_on = pipeline.render(pipeline.load(numbered), InlineSink()).html
    plain = deck(tmp_path, "", body="## A\n\n```python\nx = 1\ny = 2\n```\n")
    html_off = pipeline.render(pipeline.load(plain), InlineSink()).html
    assert html_on != html_off, "the deck-wide setting changes how code blocks are shown"
    assert pipeline.load(deck(tmp_path, "code-line-numbers: false")).config.execute.code_line_numbers is False


def test_fractional_and_percentage_sizes_go_to_reveal_as_written(tmp_path: Path) -> None:
    config = pipeline.load(deck(tmp_path, "height: 759.375\nwidth: 95%")).config
    assert (config.reveal["height"], config.reveal["width"], config.height) == (759.375, "95%", 759)


def test_title_slide_attributes_embed_the_image(tmp_path: Path) -> None:
    path = deck(tmp_path, "title-slide-attributes:\n  data-background-image: logo.png\n  data-background-size: cover\n"
                          "  class: intro")
    title = next(s for s in sections(path) if "title-slide" in s["class"])
    assert title["data-background-image"].startswith("data:image/png;base64,")
    assert title["data-background-size"] == "cover" and "intro" in title["class"].split()


def test_a_missing_title_slide_image_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = deck(tmp_path, "title-slide-attributes:\n  data-background-image: nope.png")
    with pytest.raises(DeckError) as caught:
        warnings_of(path)
    assert f"{path}:5: " in caught.value.format_message() and "nope.png" in caught.value.format_message()


@pytest.mark.browser
def test_title_slide_attributes_paint_the_title_slide(tmp_path: Path, open_deck) -> None:  # type: ignore[no-untyped-def]
    path = deck(tmp_path, "title-slide-attributes:\n  data-background-color: 'rgb(18, 52, 86)'\n"
                          "  data-background-image: logo.png")
    html = tmp_path / "talk.html"
    html.write_text(pipeline.render(pipeline.load(path), InlineSink()).html, encoding="utf-8")
    page = open_deck(html)
    colour, image = page.evaluate("""() => {
        const background = Reveal.getSlideBackground(0, 0);
        const content = background.querySelector('.slide-background-content');
        return [getComputedStyle(background).backgroundColor, getComputedStyle(content).backgroundImage];
    }""")
    assert colour == "rgb(18, 52, 86)"
    assert image.startswith('url("data:image/png;base64,')
    assert page.requests == [] and page.console_errors == []
