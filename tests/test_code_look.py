"""How code looks in a deck brought from Quarto: `highlight-style` (Quarto's palettes, light/dark
pairs, KDE `.theme` files), `code-overflow`, `code-block-height`, `code-block-border-left`,
`code-block-bg` and `code-copy`, in the page's CSS and in Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from quarto_blocks_support import page, write_deck

from deckbuild import pipeline
from deckbuild.errors import DeckError
from deckbuild.rendering.highlight import known_style
from deckbuild.rendering.highlight_styles import QUARTO_STYLES, builtin, chosen_name, token_styles
from deckbuild.rendering.sinks import InlineSink

# (highlight-style as written, code background is dark) → the one name it means there.
CHOSEN = {
    "adaptive on light": ("github", False, "github-light"),
    "adaptive on dark": ("github", True, "github-dark"),
    "a11y on dark": ("a11y", True, "a11y-dark"),
    "one version only": ("nord", True, "nord"),
    "suffixed already": ("atom-one-dark", False, "atom-one-dark"),
    "pair on dark": ({"light": "tango", "dark": "zenburn"}, True, "zenburn"),
    "pair on light": ({"light": "tango", "dark": "zenburn"}, False, "tango"),
    "pair of adaptive names": ({"light": "gruvbox", "dark": "gruvbox"}, True, "gruvbox-dark"),
    "pair without this side": ({"dark": "dracula"}, False, "dracula"),
    "a file": ("my.theme", True, "my.theme"),
}


@pytest.mark.parametrize("case", CHOSEN)
def test_a_highlight_style_means_one_name_on_each_background(case: str) -> None:
    value, dark, expected = CHOSEN[case]
    assert chosen_name(value, dark) == expected


# Name → (the Pygments style it is drawn with, whether a warning names the stand-in).
BUILTIN: dict[str, tuple[str | None, bool]] = {
    "dracula": ("dracula", False),
    "atom-one-dark": ("one-dark", False),
    "vim-dark": ("vim", False),
    "pygments": ("default", False),
    "monochrome": ("bw", False),
    "solarized": ("solarized-light", False),
    "espresso": ("coffee", True),
    "github-light": ("default", True),
    "radical": ("paraiso-dark", True),
    "friendly": ("friendly", False),  # Pygments' own names work too
    "none": (None, False),
}


@pytest.mark.parametrize("name", BUILTIN)
def test_quarto_palettes_map_onto_pygments_styles(name: str) -> None:
    style, warned = BUILTIN[name]
    choice = builtin(name, known_style(name))
    assert choice is not None and choice.pygments == style
    assert bool(choice.note) == warned
    if warned:
        assert f"`{style}`" in choice.note and f"`{name}`" in choice.note


def test_every_quarto_palette_names_a_pygments_style_that_exists() -> None:
    assert all(known_style(style) for style, _ in QUARTO_STYLES.values())


def test_a_name_that_is_no_style_is_not_a_builtin() -> None:
    assert builtin("fancy", known_style("fancy")) is None


KDE = {
    "text-styles": {
        "Normal": {"text-color": "#1f1c1b"},
        "Keyword": {"text-color": "#1f1c1b", "bold": True},
        "ControlFlow": {"text-color": "#ff0000"},
        "Comment": {"text-color": "#898887", "italic": True, "bold": False},
        "String": {"text-color": "#ffbf0303", "underline": True},
        "Function": {"text-color": "#644a9b", "background-color": "#eeeeee"},
        "BuiltIn": {"text-color": "#abc"},
    },
    "editor-colors": {"BackgroundColor": "#ffffff"},
}

# Pygments token → the style a KDE theme's text styles give it.
TOKENS = {
    "Keyword": "bold #1f1c1b",  # Keyword, not ControlFlow, which colours the same token
    "Keyword.Namespace": None,  # no `Import` style: left to the token's parent
    "Comment": "nobold italic #898887",
    "String": "underline #bf0303",  # KDE's #aarrggbb: alpha first
    "Name.Function": "#644a9b bg:#eeeeee",
    "Name.Builtin.Pseudo": "#abc",
    "Token": None,  # Normal text keeps the deck theme's colour
}


@pytest.mark.parametrize("token", TOKENS)
def test_a_kde_theme_colours_pygments_tokens(token: str) -> None:
    assert token_styles(KDE).get(token) == TOKENS[token]


# A theme file → its code background and text colour: pandoc's at the top, KDE's in the editor colours.
CANVASES: dict[str, tuple[dict[str, Any], tuple[str, str]]] = {
    "pandoc's": ({"text-color": "#111111", "background-color": "#f8f8f8", "text-styles": {}}, ("#f8f8f8", "#111111")),
    "pandoc's nulls": ({"text-color": None, "background-color": None, "text-styles": {}}, ("", "")),
    "KDE's": (KDE, ("#ffffff", "#1f1c1b")),
    "KDE's alpha": ({"editor-colors": {"BackgroundColor": "#ff232629"}, "text-styles": {}}, ("#232629", "")),
}


@pytest.mark.parametrize("case", CANVASES)
def test_a_kde_theme_gives_its_background_and_text(case: str) -> None:
    from deckbuild.rendering.highlight_styles import canvas

    theme, expected = CANVASES[case]
    assert canvas(theme) == expected


def test_kde_flags_written_as_strings_count() -> None:
    theme = {"text-styles": {"Keyword": {"text-color": "#101010", "bold": "true", "italic": "false"}}}
    assert token_styles(theme)["Keyword"] == "bold noitalic #101010"


BAD_THEMES: dict[str, tuple[Any, str]] = {
    "not an object": ([], "a JSON object with a `text-styles` object"),
    "no text styles": ({"editor-colors": {}}, "a JSON object with a `text-styles` object"),
    "a style not an object": ({"text-styles": {"Keyword": "red"}}, "text style `Keyword` is not an object"),
    "a colour by name": ({"text-styles": {"Keyword": {"text-color": "red"}}}, "text-color 'red' is not a colour"),
    "a colour that escapes": ({"text-styles": {"String": {"text-color": "#fff; } body {"}}}, "is not a colour"),
}


@pytest.mark.parametrize("case", BAD_THEMES)
def test_a_kde_theme_that_cannot_be_read_says_why(case: str) -> None:
    theme, said = BAD_THEMES[case]
    with pytest.raises(ValueError, match=re.escape(said)):
        token_styles(theme)


CODE = "## Code\n\n```python\ndef f(x):\n    # note\n    return 'a' + str(x)  # <1>\n```\n\n1. Joined.\n"


def _css(path: Path) -> str:
    """The rendered page (its stylesheets are inline)."""
    return path.read_text(encoding="utf-8")


def _keyword_rule(html: str) -> str:
    found = re.search(r"\.reveal pre\.code \.k \{([^}]*)\}", html)
    assert found is not None, "the page has a rule for keywords"
    return found.group(1)


# highlight-style, theme → what the keyword rule holds (Pygments' colour, kept readable).
PALETTES = {
    "monokai on a dark theme": ("monokai", "dark", "#66d9ef"),
    "tango on a light theme": ("tango", "default", "#204a87"),
    "dracula": ("dracula", "dark", "#ff79c6"),
    "github on a dark theme is github-dark": ("github", "dark", "#ff7b72"),
}


@pytest.mark.parametrize("case", PALETTES)
def test_the_page_colours_keywords_with_the_chosen_palette(tmp_path: Path, case: str) -> None:
    style, theme, colour = PALETTES[case]
    html = _css(page(tmp_path, CODE, f"title: T\ntheme: {theme}\nhighlight-style: {style}"))
    assert colour in _keyword_rule(html).lower()


# highlight-style, theme → the code's background and text, as the palette draws them (Quarto's rule).
CANVAS = {
    "dracula on a light theme is dracula's purple": ("dracula", "default", "#282a36", "#f8f8f2"),
    "nord": ("nord", "dark", "#2e3440", "#d8dee9"),
    "tango on a dark theme: its light box, dark text": ("tango", "dark", "#f8f8f8", None),
    "monochrome on a dark theme keeps the theme's": ("monochrome", "dark", "#191919", "#fff"),
}


@pytest.mark.parametrize("case", CANVAS)
def test_a_palette_brings_its_background_and_text(tmp_path: Path, case: str) -> None:
    from deckbuild.themes.contrast import parse, ratio

    style, theme, background, text = CANVAS[case]
    html = _css(page(tmp_path, CODE, f"title: T\ntheme: {theme}\nhighlight-style: {style}"))
    assert re.findall(r"--code-background: (#[0-9a-fA-F]{3,6})", html)[-1].lower() == background
    shown = re.findall(r"--code-text: (#[0-9a-fA-F]{3,6})", html)[-1].lower()
    if text is not None:
        assert shown == text
    base, colour = parse(background), parse(shown)
    assert base is not None and colour is not None and ratio(colour, base) >= 4.5


def test_blocks_without_a_background_keep_the_themes_code_colours(tmp_path: Path) -> None:
    html = _css(page(tmp_path, CODE, "title: T\nhighlight-style: dracula\ncode-block-background: false"))
    assert "#282a36" not in html.lower() and "--code-text: #f8f8f2" not in html


def test_code_block_bg_wins_over_the_palettes_background(tmp_path: Path) -> None:
    html = _css(page(tmp_path, CODE, "title: T\nhighlight-style: dracula\ncode-block-bg: '#101010'"))
    assert re.findall(r"--code-background: (#[0-9a-fA-F]{3,6})", html)[-1] == "#101010"


def test_highlight_style_none_leaves_tokens_uncoloured(tmp_path: Path) -> None:
    html = _css(page(tmp_path, CODE, "title: T\nhighlight-style: none"))
    assert re.search(r"\.reveal pre\.code \.k \{", html) is None


def test_token_colours_stay_readable_on_a_dark_deck_with_a_light_palette(tmp_path: Path) -> None:
    from deckbuild.themes.contrast import parse, ratio

    html = _css(page(tmp_path, CODE, "title: T\ntheme: dark\nhighlight-style: tango"))
    background = re.findall(r"--code-background: (#[0-9a-fA-F]{3,6})", html)[-1]
    base = parse(background)
    colours = re.findall(r"\.reveal pre\.code \.\w+ \{[^}]*?(?<![-\w])color: (#[0-9a-fA-F]{6})", html)
    assert base is not None and colours
    for colour in colours:
        rgb = parse(colour)
        assert rgb is not None and ratio(rgb, base) >= 4.5, colour


def test_a_theme_file_beside_the_deck_colours_the_tokens(tmp_path: Path) -> None:
    (tmp_path / "mine.theme").write_text(json.dumps({"text-styles": {"Keyword": {"text-color": "#0000aa"}}}))
    html = _css(page(tmp_path, CODE, "title: T\nhighlight-style: mine.theme"))
    assert "#0000aa" in _keyword_rule(html).lower()
    assert re.search(r"\.reveal pre\.code \.kd \{ color: #0000aa", html), "a keyword's kinds follow it"


THEME_FILE_ERRORS = {
    "missing": (None, "highlight-style theme `mine.theme` not found"),
    "not JSON": ("{nope", "highlight-style theme `mine.theme` is not JSON"),
    "not a theme": ('{"name": "x"}', "cannot be read: a KDE theme is a JSON object with a `text-styles` object"),
}


@pytest.mark.parametrize("case", THEME_FILE_ERRORS)
def test_a_theme_file_that_cannot_be_used_is_an_error_at_its_line(tmp_path: Path, case: str) -> None:
    content, said = THEME_FILE_ERRORS[case]
    if content is not None:
        (tmp_path / "mine.theme").write_text(content)
    path = write_deck(tmp_path, CODE, "title: T\nhighlight-style: mine.theme")
    with pytest.raises(DeckError) as caught:
        pipeline.render(pipeline.load(path), InlineSink())
    assert said in caught.value.format_message()
    assert caught.value.format_message().startswith(f"{path}:3: ")


def test_a_theme_file_outside_the_decks_folders_is_refused(tmp_path: Path) -> None:
    deck_dir = tmp_path / "project" / "talk"
    deck_dir.mkdir(parents=True)
    (deck_dir / ".git").mkdir()
    (tmp_path / "outside.theme").write_text(json.dumps({"text-styles": {}}))
    path = write_deck(deck_dir, CODE, "title: T\nhighlight-style: ../../outside.theme")
    with pytest.raises(DeckError, match="outside the folders a deck may read"):
        pipeline.render(pipeline.load(path), InlineSink())


BLOCK_CSS = {
    "code-overflow: scroll": ("code-overflow: scroll", "white-space: pre;"),
    "code-overflow: wrap": ("code-overflow: wrap", "white-space: pre-wrap;"),
    "code-block-height": ("code-block-height: 300px", "max-height: 300px; overflow-y: auto;"),
    "code-block-height in pixels": ("code-block-height: 300", "max-height: 300px;"),
    "code-block-border-left colour": ("code-block-border-left: '#31BAE9'", "border-left: 3px solid #31BAE9;"),
    "code-block-border-left true": ("code-block-border-left: true", "border-left: 3px solid color-mix("),
    "code-block-bg": ("code-block-bg: '#fdf6e3'", ":root { --code-background: #fdf6e3; }"),
}


@pytest.mark.parametrize("case", BLOCK_CSS)
def test_code_block_keys_become_the_decks_css(tmp_path: Path, case: str) -> None:
    front, rule = BLOCK_CSS[case]
    assert rule in _css(page(tmp_path, CODE, f"title: T\n{front}"))


def test_without_those_keys_the_page_has_no_code_block_sheet(tmp_path: Path) -> None:
    assert ".reveal div.sourceCode pre.code { max-height" not in _css(page(tmp_path, CODE))


def test_code_block_bg_false_draws_blocks_without_a_background(tmp_path: Path) -> None:
    from quarto_blocks_support import slides

    soup = slides(tmp_path, CODE, "title: T\ncode-block-bg: false")
    assert soup.select_one("div.sourceCode.code-block-plain") is not None


@pytest.mark.browser
def test_chromium_applies_the_code_block_keys(tmp_path: Path, open_deck: Any) -> None:
    long = "x = " + " + ".join(["1"] * 80)
    body = "## Code\n\n```python\n" + "\n".join([long] + [f"y{n} = {n}" for n in range(40)]) + "\n```\n"
    front = ("title: T\ncode-overflow: scroll\ncode-block-height: 200px\ncode-block-border-left: '#31BAE9'\n"
             "code-block-bg: '#fdf6e3'")
    deck = open_deck(page(tmp_path, body, front, name="talk.qmd"), "#/code")
    style = deck.evaluate("""() => {
      const pre = document.querySelector('section#code div.sourceCode pre.code');
      const s = getComputedStyle(pre);
      return {white: s.whiteSpace, maxHeight: s.maxHeight, overflowY: s.overflowY, overflowX: s.overflowX,
              border: s.borderLeftColor, borderWidth: s.borderLeftWidth, bg: s.backgroundColor,
              scrolls: pre.scrollHeight > pre.clientHeight,
              wide: [pre, pre.querySelector('code')].some((box) => box.scrollWidth > box.clientWidth
                    && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX))};
    }""")
    assert style["white"] == "pre" and style["wide"], "the long line scrolls sideways"

    assert style["maxHeight"] == "200px" and style["overflowY"] == "auto" and style["scrolls"]
    assert style["border"] == "rgb(49, 186, 233)" and style["borderWidth"] == "3px"
    assert style["bg"] == "rgb(253, 246, 227)"
    assert deck.console_errors == []


STEPPED = ('## Steps\n\n``` {.python code-line-numbers="1|2"}\nfor x in range(3):  # <1>\n    print(x)\n```\n\n'
           "1. Count.\n")


def _copied(deck: Any, selector: str) -> str:
    block = deck.locator(selector)
    block.hover()
    button = block.locator("button.code-copy-button")
    assert button.get_attribute("aria-label") == "Copy code"
    button.click()
    deck.wait_for_function("document.querySelector('.code-copy-button-checked') !== null")
    return str(deck.evaluate("navigator.clipboard.readText()"))


@pytest.mark.browser
def test_the_copy_button_copies_the_code_as_written(tmp_path: Path, open_deck: Any) -> None:
    path = page(tmp_path, STEPPED, "title: T\ncode-line-numbers: true")
    deck = open_deck(path, "#/steps", permissions=["clipboard-read", "clipboard-write"])
    assert _copied(deck, "section#steps div.sourceCode") == "for x in range(3):\n    print(x)"
    assert deck.console_errors == []


# code-copy → the button's opacity before hovering (None: no button at all).
COPY_MODES: dict[str, float | None] = {"hover": 0.0, "true": 0.85, "false": None}


@pytest.mark.browser
@pytest.mark.parametrize("mode", COPY_MODES)
def test_code_copy_shows_the_button_always_on_hover_or_never(tmp_path: Path, open_deck: Any, mode: str) -> None:
    deck = open_deck(page(tmp_path, CODE, f"title: T\ncode-copy: {mode}"), "#/code")
    opacity = deck.evaluate("""() => {
      const button = document.querySelector('section#code div.sourceCode > button.code-copy-button');
      return button ? Number(getComputedStyle(button).opacity) : null;
    }""")
    assert opacity == COPY_MODES[mode]


@pytest.mark.browser
def test_the_copy_button_is_not_printed(tmp_path: Path, open_deck: Any) -> None:
    deck = open_deck(page(tmp_path, CODE, "title: T\ncode-copy: true"), "print-pdf")
    counts = """() => {
      const buttons = Array.from(document.querySelectorAll('.pdf-page button.code-copy-button'));
      return [buttons.length, buttons.filter((button) => getComputedStyle(button).display !== 'none').length];
    }"""
    deck.wait_for_function(f"({counts})()[0] > 0")  # the print layout is done, the block has its button
    count, shown = deck.evaluate(counts)
    assert count >= 1 and shown == 0


# A block or cell as written → the overflow class on its `div.sourceCode` (None: the deck's).
BLOCK_OVERFLOW = {
    "a block's class": ("```{.python .code-overflow-wrap}\nx = 1\n```", "code-overflow-wrap"),
    "a block's scroll class": ("```{.python .code-overflow-scroll}\nx = 1\n```", "code-overflow-scroll"),
    "a cell's option": ("```{python}\n#| echo: true\n#| code-overflow: scroll\nx = 1\n```", "code-overflow-scroll"),
    "neither": ("```python\nx = 1\n```", None),
}


@pytest.mark.parametrize("case", BLOCK_OVERFLOW)
def test_one_block_may_wrap_or_scroll(tmp_path: Path, case: str) -> None:
    from quarto_blocks_support import slides

    block, expected = BLOCK_OVERFLOW[case]
    div = slides(tmp_path, f"## C\n\n{block}\n").select_one("div.sourceCode")
    assert div is not None
    found = [name for name in div["class"] if name.startswith("code-overflow-")]
    assert found == ([expected] if expected else [])


@pytest.mark.browser
def test_a_blocks_own_overflow_wins_over_the_decks(tmp_path: Path, open_deck: Any) -> None:
    long = "x = " + " + ".join(["1"] * 80)
    body = f"## Code\n\n```{{.python .code-overflow-wrap}}\n{long}\n```\n"
    deck = open_deck(page(tmp_path, body, "title: T\ncode-overflow: scroll"), "#/code")
    white = deck.evaluate("getComputedStyle(document.querySelector('section#code pre.code')).whiteSpace")
    assert white == "pre-wrap"


@pytest.mark.browser
def test_slides_swapped_in_by_serve_get_their_copy_buttons(tmp_path: Path, open_deck: Any) -> None:
    deck = open_deck(page(tmp_path, CODE, "title: T"), "#/code")
    count = deck.evaluate("""() => {
      const slide = document.querySelector('section#code');
      slide.innerHTML = slide.innerHTML.replace(/<button[^>]*code-copy-button[\\s\\S]*?<\\/button>/g, '');
      const before = slide.querySelectorAll('.code-copy-button').length;
      document.dispatchEvent(new CustomEvent('deckbuild:updated', {detail: {version: 2}}));
      document.dispatchEvent(new CustomEvent('deckbuild:updated', {detail: {version: 3}}));
      return [before, slide.querySelectorAll('div.sourceCode > .code-copy-button').length];
    }""")
    assert count == [0, 1]
