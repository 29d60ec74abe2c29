"""Themes as Quarto authors write them: reveal.js's theme names, Quarto's, SCSS files layered on
a theme, Quarto's canvas and auto-stretch. Looked at in Chromium: the computed colours and fonts
are the theme's, the fonts come from the page itself, and nothing is fetched from elsewhere."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from reveal_config import page_config

import deckbuild
from deckbuild.errors import DeckError
from deckbuild.themes import reveal
from deckbuild.themes.contrast import parse
from deckbuild.themes.scss import assemble, layer_from_text

from conftest import run_cli

PROBE = """async () => {
  Reveal.slide(1);
  Reveal.layout();
  await document.fonts.ready;
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const first = (family) => family.split(",")[0].trim().replace(/^["']|["']$/g, "");
  const heading = style(".reveal .slides section.present h2");
  return {
    background: style(".reveal-viewport").backgroundColor,
    text: style(".reveal .slides section.present p").color,
    textFont: first(style(".reveal .slides section.present p").fontFamily),
    heading: heading.color,
    headingFont: first(heading.fontFamily),
    rootSize: style(".reveal").fontSize,
    link: style(".reveal .slides section.present a").color,
    code: style(".reveal .slides section.present pre.code").backgroundColor,
    titleAlign: style("#title-slide .title-inner").textAlign,
    loaded: [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family.replace(/"/g, "")),
    size: [Reveal.getConfig().width, Reveal.getConfig().height],
  };
}"""

SLIDE = """
## Slide

Text with a [link](#/0) and `inline code`.

```python
print("hello")
```
"""

# Quarto's themes (quarto-cli src/resources/formats/revealjs/themes/*.scss and quarto.scss):
# background, text colour, text font, heading colour, heading font.
QUARTO = {
    "default": ("#fff", "#222", "Source Sans Pro", "#222", "Source Sans Pro"),
    "white": ("#fff", "#222", "Source Sans Pro", "#222", "Source Sans Pro"),
    "dark": ("#191919", "#fff", "Source Sans Pro", "#fff", "Source Sans Pro"),
    "black": ("#191919", "#fff", "Source Sans Pro", "#fff", "Source Sans Pro"),
    "beige": ("#f7f3de", "#333", "Lato", "#333", "League Gothic"),
    "blood": ("#222", "#eee", "Ubuntu", "#eee", "Ubuntu"),
    "dracula": ("#282a36", "#f8f8f2", "-apple-system", "#bd93f9", "-apple-system"),
    "league": ("#1c1e20", "#eee", "Lato", "#eee", "League Gothic"),
    "moon": ("#002b36", "#93a1a1", "Lato", "#eee8d5", "League Gothic"),
    "night": ("#111", "#fff", "Open Sans", "#fff", "Montserrat"),
    "serif": ("#f0f1eb", "#000", "Palatino Linotype", "#383d3d", "Palatino Linotype"),
    "simple": ("#fff", "#000", "Lato", "#000", "News Cycle"),
    "sky": ("#f7fbfc", "#333", "Open Sans", "#333", "Quicksand"),
    "solarized": ("#fdf6e3", "#657b83", "Lato", "#586e75", "League Gothic"),
}
BUNDLED = {"Source Sans Pro", "Lato", "League Gothic", "Ubuntu", "Montserrat", "Open Sans", "News Cycle", "Quicksand", "Fira Sans", "Inter"}
REVEAL_ONLY = [name for name in reveal.NAMES if name != "serif"]  # deckbuild's serif keeps its name


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def rgb(colour: str) -> str:
    value = parse(colour)
    assert value is not None, colour
    return "rgb({}, {}, {})".format(*(round(c) for c in value))


def close(seen: str, expected: str) -> bool:
    """Computed colour `seen` is `expected` (Sass's colour maths leaves fractions; Chromium rounds)."""
    a, b = parse(seen), parse(expected)
    return a is not None and b is not None and all(abs(x - y) <= 1.5 for x, y in zip(a, b, strict=True))


def deck(folder: Path, front: str, body: str = SLIDE, name: str = "talk.qmd") -> Path:
    return write(folder / name, f"---\ntitle: The title\n{textwrap.dedent(front).strip()}\n---\n{body}")


def look(open_deck: Any, source: Path) -> dict[str, Any]:
    page = open_deck(deckbuild.render(source, source.with_suffix(".html"), quiet=True))
    result: dict[str, Any] = page.evaluate(PROBE)
    assert page.requests == [], "nothing may be fetched from elsewhere"
    assert page.console_errors == []
    return result


def assert_fonts_loaded(seen: dict[str, Any], *families: str) -> None:
    for family in families:
        if family in BUNDLED:
            assert family in seen["loaded"], f"{family} is not loaded from the page: {seen['loaded']}"


# --- front matter ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theme", "name", "scss"),
    [
        ("beige", "beige", []),
        ("custom.scss", "default", ["custom.scss"]),
        ("[default, custom.scss]", "default", ["custom.scss"]),
        ("[simple, a.scss, b.scss]", "simple", ["a.scss", "b.scss"]),
        ("{name: dark, vars: {accent: '#e63'}}", "dark", []),
    ],
)
def test_theme_front_matter_forms(tmp_path: Path, theme: str, name: str, scss: list[str]) -> None:
    from deckbuild.config import DeckConfig
    from deckbuild.sources.markdown import load_markdown

    source = write(tmp_path / "talk.md", f"---\ntheme: {theme}\n---\n\n## A\n")
    for name_of_file in scss:  # the theme is found with the front matter, so its files must exist
        write(tmp_path / name_of_file, "/*-- scss:defaults --*/\n")
    config = load_markdown(source, DeckConfig()).config
    assert (config.theme, config.theme_scss) == (name, scss)


def test_a_theme_list_with_two_names_is_an_error(tmp_path: Path) -> None:
    source = write(tmp_path / "talk.md", "---\ntheme: [dark, beige]\n---\n\n## A\n")
    with pytest.raises(DeckError, match=r"talk\.md:2: theme: a theme list holds one theme name and \.scss files"):
        deckbuild.render(source, tmp_path / "talk.html", quiet=True)


@pytest.mark.parametrize(
    ("name", "front", "size"),
    [
        ("talk.md", "theme: default", (1280, 720)),
        ("talk.md", "format: revealjs", (1050, 700)),
        ("talk.md", "format:\n  revealjs:\n    theme: dark", (1050, 700)),
        ("talk.qmd", "theme: default", (1050, 700)),
        ("talk.qmd", "width: 1600\nheight: 900", (1600, 900)),
    ],
)
def test_decks_from_quarto_get_quartos_canvas(tmp_path: Path, name: str, front: str, size: tuple[int, int]) -> None:
    page = deckbuild.render(deck(tmp_path, front, name=name), tmp_path / "talk.html", quiet=True).read_text("utf-8")
    config = page_config(page)
    assert (config["width"], config["height"]) == size


def test_default_dark_and_white_mean_deckbuilds_themes_or_quartos_by_the_kind_of_deck(tmp_path: Path) -> None:
    def page(name: str, front: str) -> str:
        return deckbuild.render(deck(tmp_path, front, name=name), tmp_path / "talk.html", quiet=True).read_text("utf-8")

    assert "--background: #0f1419;" in page("talk.md", "theme: dark")  # deckbuild's dark
    assert "--r-background-color:#191919" in page("talk.md", "format: revealjs\ntheme: dark")  # Quarto's
    assert "--r-background-color:#191919" in page("talk.qmd", "theme: black")  # Quarto's alias of dark
    assert "theme-default" in page("talk.qmd", "theme: white")
    assert "--r-background-color:#fff;" in page("talk.md", "theme: white")  # reveal.js's own white


# --- SCSS layers ---------------------------------------------------------------------------------


def test_layers_are_assembled_in_quartos_order() -> None:
    bridge = layer_from_text("/*-- scss:defaults --*/\nbridge-default\n/*-- scss:rules --*/\nbridge-rule\n", "bridge")
    a = layer_from_text("a-default\n/*-- scss:functions --*/\na-function\n/*-- scss:mixins --*/\na-mixin\n"
                        "/*-- scss:rules --*/\na-rule\n/*-- scss:uses --*/\n@use \"sass:math\";\n", "a")
    b = layer_from_text("/*-- scss:rules --*/\nb-rule\n/*-- scss:defaults --*/\nb-default\n", "b")
    order = [text for _, _, text in assemble(bridge, [a, b])]
    assert order == ['@use "sass:math";', "a-function", "b-default", "a-default", "bridge-default", "a-mixin",
                     "bridge-rule", "a-rule", "b-rule"]  # fmt: skip


SCSS_ERRORS = {
    "undefined variable": (
        "/*-- scss:defaults --*/\n$a: 1;\n/*-- scss:rules --*/\n.reveal h2 {\n  color: $nope;\n}\n",
        "custom.scss:5: SCSS: Undefined variable.",
    ),
    "syntax": ("/*-- scss:rules --*/\n.reveal h2 { color: red;\n", "custom.scss:2: SCSS: expected \"}\"."),
    "no section comment": ("$a: red;\n", "custom.scss:1: SCSS theme has no section comment"),
    "import outside the deck": (
        '/*-- scss:defaults --*/\n@import "../outside/secret";\n',
        "custom.scss:2: SCSS imports `../outside/secret`, which is outside the deck's folders",
    ),
    "absolute import": ('/*-- scss:defaults --*/\n@use "/etc/fonts/x";\n', "custom.scss:2: SCSS imports `/etc/fonts/x` by an absolute path"),
}


@pytest.mark.parametrize("case", SCSS_ERRORS)
def test_a_scss_mistake_is_one_line_naming_the_file_and_line(tmp_path: Path, case: str) -> None:
    scss, expected = SCSS_ERRORS[case]
    write(tmp_path / "outside" / "_secret.scss", "$secret: 1;\n")
    folder = tmp_path / "talk"
    (folder / ".git").mkdir(parents=True)  # the deck's project is this folder, not tmp_path
    write(folder / "custom.scss", scss)
    deck(folder, "theme: [default, custom.scss]")
    result = run_cli("render", "talk.qmd", cwd=folder)
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [".git", "custom.scss", "talk.qmd"], "nothing may be written"


def test_compiled_css_is_cached_so_a_rerender_runs_no_sass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deckbuild.themes import scss

    monkeypatch.setenv("DECKBUILD_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path / "custom.scss", "/*-- scss:defaults --*/\n$body-bg: #123456 !default;\n")
    source = deck(tmp_path, "theme: [moon, custom.scss]")
    first = deckbuild.render(source, tmp_path / "a.html", quiet=True).read_text("utf-8")

    def no_sass(*args: object) -> str:
        raise AssertionError("Dart Sass ran although nothing changed")

    monkeypatch.setattr(scss, "_run_sass", no_sass)
    assert deckbuild.render(source, tmp_path / "b.html", quiet=True).read_text("utf-8") == first
    write(tmp_path / "custom.scss", "/*-- scss:defaults --*/\n$body-bg: #654321 !default;\n")
    with pytest.raises(AssertionError, match="Dart Sass ran"):  # an edit is a new key
        deckbuild.render(source, tmp_path / "c.html", quiet=True)


def test_web_font_imports_never_reach_the_page(tmp_path: Path) -> None:
    write(tmp_path / "custom.scss", """
        /*-- scss:defaults --*/
        @import url("https://fonts.googleapis.com/css2?family=Fira+Sans&display=swap");
        @import url('https://fonts.googleapis.com/css2?family=Lato');
        $font-family-sans-serif: "Fira Sans", sans-serif;
    """)
    for theme in ("beige", "night", "[sky, custom.scss]", "[dark, custom.scss]"):
        for name in ("talk.md", "talk.qmd"):
            page = deckbuild.render(deck(tmp_path, f"theme: {theme}", name=name), tmp_path / "t.html", quiet=True).read_text("utf-8")
            assert "googleapis" not in page and "@import" not in page, (theme, name)


def test_a_web_font_that_is_not_bundled_is_one_warning_at_the_theme_line(tmp_path: Path) -> None:
    write(tmp_path / "custom.scss", """
        /*-- scss:defaults --*/
        @import url('https://fonts.googleapis.com/css2?family=Roboto+Slab:wght@400;700&family=Lato&display=swap');
        $font-family-sans-serif: "Roboto Slab", "Lato", sans-serif;
    """)
    source = deck(tmp_path, "format:\n  revealjs:\n    theme: [default, custom.scss]")
    result = run_cli("render", "talk.qmd", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith("warning: talk.qmd:5: font `Roboto Slab` is loaded from a web-font")
    assert "Lato" in warnings[0]  # among the bundled families it offers
    assert "googleapis" not in source.with_suffix(".html").read_text("utf-8")


def test_a_font_the_author_ships_beside_the_scss_is_embedded_and_a_remote_face_dropped(tmp_path: Path) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "mine.woff2").write_bytes(b"wOF2 not really a font")
    write(tmp_path / "custom.scss", """
        /*-- scss:rules --*/
        @font-face { font-family: "Mine"; src: url(fonts/mine.woff2) format("woff2"); }
        @font-face { font-family: "Theirs"; src: url(https://127.0.0.1:9/theirs.woff2) format("woff2"); }
        .reveal p { font-family: "Mine", sans-serif; }
    """)
    page = deckbuild.render(deck(tmp_path, "theme: [default, custom.scss]"), tmp_path / "t.html", quiet=True).read_text("utf-8")
    faces = re.findall(r"@font-face\s*\{[^}]*\}", page)
    mine = [face for face in faces if "Mine" in face]
    assert len(mine) == 1 and "data:font/woff2;base64," in mine[0]
    assert not any("Theirs" in face for face in faces) and "127.0.0.1:9" not in page


def test_a_css_file_importing_web_fonts_gets_the_bundled_ones_and_a_warning_for_the_rest(tmp_path: Path) -> None:
    write(tmp_path / "style.css", """
        @import url('https://fonts.googleapis.com/css2?family=Fira+Sans&family=Roboto+Slab&display=swap');
        .reveal p { font-family: "Fira Sans", sans-serif; }
    """)
    source = write(tmp_path / "talk.qmd", "---\ntitle: T\ncss: style.css\n---\n\n## A\n\ntext\n")
    result = run_cli("render", "talk.qmd", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith("warning: style.css:1: font `Roboto Slab` is loaded from")
    page = source.with_suffix(".html").read_text("utf-8")
    assert "googleapis" not in page
    assert any("Fira Sans" in face and "data:font/woff2" in face for face in re.findall(r"@font-face\s*\{[^}]*\}", page))


def test_web_font_families_are_read_from_the_import_address() -> None:
    from deckbuild.themes.fonts import web_font_families, without_web_fonts

    css = ("@import url(\"https://fonts.example/css2?family=Fira+Sans:ital,wght@0,400&family=Open+Sans&display=swap\");\n"
           "@import 'https://fonts.example/css?family=Lato|Source+Sans+Pro:400,700';\n"
           "@import url(local.css);\n")
    assert web_font_families(css) == ["Fira Sans", "Open Sans", "Lato", "Source Sans Pro"]
    assert without_web_fonts(css) == "\n\n@import url(local.css);\n"


# --- in the browser ----------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(QUARTO))
def test_quarto_theme_names_look_like_quartos_themes(open_deck: Any, tmp_path: Path, name: str) -> None:
    background, text, text_font, heading, heading_font = QUARTO[name]
    seen = look(open_deck, deck(tmp_path, f"format: revealjs\ntheme: {name}"))
    assert (seen["background"], seen["text"], seen["heading"]) == (rgb(background), rgb(text), rgb(heading))
    assert (seen["textFont"], seen["headingFont"]) == (text_font, heading_font)
    assert seen["rootSize"] == "40px" and seen["size"] == [1050, 700] and seen["titleAlign"] == "center"
    assert_fonts_loaded(seen, text_font, heading_font)


@pytest.mark.browser
@pytest.mark.parametrize("name", REVEAL_ONLY)
def test_reveal_theme_names_in_a_deckbuild_deck_are_revealjss_themes(open_deck: Any, tmp_path: Path, name: str) -> None:
    properties = reveal.root_properties(reveal.stylesheet(name))
    def first(family: str) -> str:
        return family.split(",")[0].strip().strip("\"'")

    seen = look(open_deck, deck(tmp_path, f"theme: {name}", name="talk.md"))
    assert seen["background"] == rgb(properties["--r-background-color"])
    assert seen["text"] == rgb(properties["--r-main-color"])
    assert seen["heading"] == rgb(properties["--r-heading-color"])
    assert seen["link"] == rgb(properties["--r-link-color"])
    assert (seen["textFont"], seen["headingFont"]) == (first(properties["--r-main-font"]), first(properties["--r-heading-font"]))
    assert seen["size"] == [1280, 720]
    assert_fonts_loaded(seen, seen["textFont"], seen["headingFont"])


CUSTOM = """
/*-- scss:functions --*/
@function halfway($a, $b) { @return mix($a, $b, 50%); }

/*-- scss:defaults --*/
$brand: (main: #cc3300, ink: #1a1a2e);
$body-bg: #fdfaf3 !default;
$body-color: map-get($brand, ink) !default;
$link-color: color.adjust(map-get($brand, main), $lightness: -5%) !default;
$presentation-heading-font: "Fira Sans", sans-serif !default;
$presentation-heading-color: halfway(#ff0000, #0000ff) !default;
$presentation-font-size-root: 32px !default;
$presentation-title-slide-text-align: left !default;
$code-block-bg: lighten(#000000, 94%) !default;

/*-- scss:mixins --*/
@mixin boxed($colour) { outline: 3px solid $colour; }

/*-- scss:rules --*/
.reveal pre.code { @include boxed($link-color); }
"""


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["custom.scss", "[default, custom.scss]", "[simple, custom.scss]", "[dark, custom.scss]"])
def test_quarto_sass_variables_map_onto_the_theme(open_deck: Any, tmp_path: Path, theme: str) -> None:
    write(tmp_path / "custom.scss", CUSTOM)
    seen = look(open_deck, deck(tmp_path, f"format: revealjs\ntheme: {theme}"))
    assert seen["background"] == rgb("#fdfaf3") and seen["text"] == rgb("#1a1a2e")
    assert close(seen["link"], "#b32d00"), seen  # #cc3300 at 5% less lightness
    assert close(seen["heading"], "#800080") and seen["headingFont"] == "Fira Sans", seen
    assert seen["rootSize"] == "32px" and seen["titleAlign"] == "left"
    assert close(seen["code"], "#f0f0f0"), seen
    assert_fonts_loaded(seen, "Fira Sans")


@pytest.mark.browser
def test_later_scss_files_win_and_a_layer_may_use_the_themes_variables(open_deck: Any, tmp_path: Path) -> None:
    write(tmp_path / "a.scss", "/*-- scss:defaults --*/\n$link-color: #00aa00 !default;\n$body-color: #440000 !default;\n")
    write(tmp_path / "b.scss", "/*-- scss:defaults --*/\n$link-color: #0000aa !default;\n/*-- scss:rules --*/\n"
                                ".reveal p { background-color: rgba($body-bg, 0.5); }\n")
    seen = look(open_deck, deck(tmp_path, "format: revealjs\ntheme: [simple, a.scss, b.scss]"))
    assert seen["link"] == rgb("#0000aa") and seen["text"] == rgb("#440000")
    assert seen["headingFont"] == "News Cycle" and seen["background"] == rgb("#fff")


@pytest.mark.browser
def test_scss_on_a_deckbuild_theme_changes_only_what_it_sets(open_deck: Any, tmp_path: Path) -> None:
    write(tmp_path / "custom.scss", "/*-- scss:defaults --*/\n$link-color: #ff00ff;\n$presentation-heading-font: Lato, sans-serif;\n")
    seen = look(open_deck, deck(tmp_path, "theme: [dark, custom.scss]", name="talk.md"))
    assert seen["link"] == rgb("#ff00ff") and seen["headingFont"] == "Lato"
    assert seen["background"] == rgb("#0f1419") and seen["text"] == rgb("#d7dde6")  # dark's own
    assert seen["size"] == [1280, 720]
    assert_fonts_loaded(seen, "Lato", "Inter")


STRETCH = """
## Lone image

Some intro text.

![A caption](pic.svg)

## Kept as it is {.nostretch}

![](pic.svg)

## Beside text

Text ![](pic.svg) and more text.

## Marked

::: {.r-stretch}
![](pic.svg)
:::
"""


def stretched(open_deck: Any, source: Path) -> list[dict[str, float]]:
    write(source.parent / "pic.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#c30"/></svg>')
    page = open_deck(deckbuild.render(source, source.with_suffix(".html"), quiet=True))
    assert page.console_errors == []
    return page.evaluate("""() => Reveal.getSlides().slice(1).map((slide) => {
      Reveal.slide(Reveal.getIndices(slide).h);
      Reveal.layout();
      const image = slide.querySelector("img");
      const scale = Reveal.getScale();
      return {height: image.getBoundingClientRect().height / scale, natural: image.naturalHeight,
              bottom: (slide.getBoundingClientRect().bottom - image.getBoundingClientRect().bottom) / scale,
              slide: Reveal.getConfig().height, child: image.parentElement === slide ? 1 : 0};
    })""")


@pytest.mark.browser
def test_auto_stretch_makes_a_lone_image_fill_the_rest_of_a_quarto_slide(open_deck: Any, tmp_path: Path) -> None:
    lone, kept, beside, marked = stretched(open_deck, deck(tmp_path, "format: revealjs", STRETCH))
    assert lone["child"] == 1 and lone["height"] > 400, lone  # 700 less the title, text and caption
    assert 0 <= lone["bottom"] < 150, lone  # the caption below it, and the slide ends there
    assert kept["height"] == pytest.approx(100, abs=1) and beside["height"] == pytest.approx(100, abs=1)
    assert marked["child"] == 1 and marked["height"] > 450


@pytest.mark.browser
def test_deckbuild_decks_stretch_only_what_is_marked_unless_auto_stretch_is_on(open_deck: Any, tmp_path: Path) -> None:
    lone, _, _, marked = stretched(open_deck, deck(tmp_path, "theme: default", STRETCH, name="talk.md"))
    assert lone["height"] == pytest.approx(100, abs=1) and marked["height"] > 300
    lone, *_ = stretched(open_deck, deck(tmp_path, "auto-stretch: true", STRETCH, name="talk.md"))
    assert lone["height"] > 300


@pytest.mark.browser
def test_scss_on_a_revealjs_theme_keeps_its_look_and_changes_what_it_sets(open_deck: Any, tmp_path: Path) -> None:
    write(tmp_path / "custom.scss", "/*-- scss:defaults --*/\n$link-color: #ff00ff;\n$body-color: #102030;\n")
    seen = look(open_deck, deck(tmp_path, "theme: [league, custom.scss]", name="talk.md"))
    properties = reveal.root_properties(reveal.stylesheet("league"))
    assert seen["link"] == rgb("#ff00ff") and seen["text"] == rgb("#102030")
    assert seen["background"] == rgb(properties["--r-background-color"]) and seen["headingFont"] == "League Gothic"
    page = open_deck(tmp_path / "talk.html")
    assert "radial-gradient" in page.evaluate("getComputedStyle(document.querySelector('.reveal-viewport')).backgroundImage")
