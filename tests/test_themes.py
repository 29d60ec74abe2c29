"""Themes: the format (inheritance, blocks, entry points), the five built-ins, and what each
looks like in Chromium: every text/background pair meets WCAG AA, and nothing leaves a slide."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reveal_config import page_config

import deckbuild
from deckbuild.errors import ConfigError
from deckbuild.themes import installed, load_theme

ROOT = Path(__file__).resolve().parent.parent
DECKS = sorted(p for p in (ROOT / "decks").glob("*") if p.suffix in (".md", ".qmd", ".ipynb") and p.name != "README.md")
BUILT_IN = ["default", "dark", "serif", "high-contrast", "vivid"]
SHOWCASE = Path(__file__).parent / "fixtures" / "themes" / "showcase.md"
MEASURED = [*DECKS, SHOWCASE]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def render(source: Path, out: Path, **options: Any) -> str:
    return deckbuild.render(source, out, quiet=True, **options).read_text(encoding="utf-8")


# --- the format -----------------------------------------------------------------------------


def test_five_built_in_themes_are_installed_with_descriptions() -> None:
    themes = installed()
    assert set(BUILT_IN) <= set(themes)
    for name in BUILT_IN:
        theme = load_theme(name)
        assert theme.name == name and len(theme.description) > 30
        assert name == "default" or (theme.parent is not None and theme.parent.name == "default")


def test_child_overrides_one_variable_and_one_block_and_inherits_the_rest(tmp_path: Path) -> None:
    write(tmp_path / "mine" / "theme.yaml", """
        name: mine
        description: test child
        extends: dark
        variables: {accent: "#ff0066"}
    """)
    write(tmp_path / "mine" / "templates" / "page.html.j2", """
        {% extends "dark/page.html.j2" %}
        {% block footer %}<div class="slide-footer">mine: {{ s.title }}</div>{% endblock %}
    """)
    deck = write(tmp_path / "talk.md", "---\ntitle: T\ntheme: mine\n---\n\n# Part\n\n## First\n\nhello\n")
    page = render(deck, tmp_path / "talk.html")
    assert "--accent: #ff0066;" in page
    assert "--background: #0f1419;" in page  # dark's, inherited
    assert '<div class="slide-footer">mine: First</div>' in page  # the overridden block
    assert '<p class="section-number" aria-hidden="true">01</p>' in page  # dark's own block, kept
    assert "Inter" in page and 'id="title-slide"' in page  # default's fonts and title slide


def test_deck_vars_css_logo_footer_slide_number_and_no_title_slide(tmp_path: Path) -> None:
    write(tmp_path / "extra.css", ".reveal h2 { color: rebeccapurple; }\n")
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>', "utf-8")
    deck = write(tmp_path / "talk.md", """
        ---
        title: T
        theme: {name: vivid, vars: {accent: "#e63"}}
        css: extra.css
        logo: logo.svg
        footer: "Footer **text**"
        slide-number: c/t
        title-slide: false
        ---

        ## One
    """)
    page = render(deck, tmp_path / "talk.html")
    assert "--accent: #e63;" in page and "--section-background: #5b21b6;" in page
    assert "rebeccapurple" in page and '<img src="data:image/svg+xml;base64,' in page and 'class="slide-logo"' in page
    assert '<div class="footer footer-default slide-footer">Footer <strong>text</strong></div>' in page
    assert page_config(page)["slideNumber"] == "c/t" and 'id="title-slide"' not in page


def test_broken_extends_chain_names_the_missing_link(tmp_path: Path) -> None:
    write(tmp_path / "a" / "theme.yaml", "name: a\nextends: ../b\n")
    write(tmp_path / "b" / "theme.yaml", "name: b\nextends: nowhere-theme\n")
    with pytest.raises(ConfigError) as caught:
        load_theme(str(tmp_path / "a"))
    assert "theme `b`" in caught.value.what and "extends `nowhere-theme`, which cannot be found" in caught.value.what
    assert "installed themes: dark, default" in caught.value.message


def test_unknown_theme_lists_the_installed_ones() -> None:
    with pytest.raises(ConfigError, match="unknown theme `nope` — installed themes: dark, default, high-contrast, serif, vivid"):
        load_theme("nope")


def test_a_theme_installed_as_a_package_is_found_through_its_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    write(site / "fancy_theme" / "__init__.py", "")
    write(site / "fancy_theme" / "theme.yaml", "name: fancy\ndescription: From a package.\nextends: serif\nvariables: {accent: '#123456'}\n")
    write(site / "fancy_theme-1.0.dist-info" / "METADATA", "Metadata-Version: 2.1\nName: fancy-theme\nVersion: 1.0\n")
    write(site / "fancy_theme-1.0.dist-info" / "entry_points.txt", "[deckbuild.themes]\nfancy = fancy_theme\n")
    monkeypatch.syspath_prepend(str(site))
    assert installed()["fancy"] == site / "fancy_theme"
    theme = load_theme("fancy")
    assert theme.variables["accent"] == "#123456" and theme.parent is not None and theme.parent.name == "serif"
    deck = write(tmp_path / "talk.md", "---\ntheme: fancy\n---\n\n## A\n")
    assert "--accent: #123456;" in render(deck, tmp_path / "talk.html")


MISTAKES = {
    "unknown font": ("name: mine\nextends: default\nfonts: [inter, comic-sans]\n", None,
                     ("mine/theme.yaml:3: fonts: font family `comic-sans` is not bundled with deckbuild — bundled families: "
                      "atkinson-hyperlegible, fira-sans, inter, jetbrains-mono, lato, league-gothic")),
    "fonts not a list": ("name: mine\nextends: default\nfonts: inter\n", None, "mine/theme.yaml:3: fonts: expected a list of font families, not a text"),
    "variables not a mapping": ("name: mine\nextends: default\nvariables: [1, 2]\n", None,
                                "mine/theme.yaml:3: variables: expected a mapping of names to CSS values, not a list"),
    "variable not a value": ("name: mine\nextends: default\nvariables:\n  accent: {a: 1}\n", None,
                             "mine/theme.yaml:3: variables: accent: expected a CSS value (text or number), not a mapping"),
    "bad variable name": ("name: mine\nextends: default\nvariables:\n  'a b': red\n", None, "mine/theme.yaml:3: variables: 'a b' cannot be a CSS variable name"),
    "contrast not a number": ("name: mine\nextends: default\ncode-contrast: high\n", None,
                              "mine/theme.yaml:3: code-contrast: expected a contrast ratio from 1 to 21, not 'high'"),
    "name not a text": ("name: [mine]\n", None, "mine/theme.yaml:1: name: expected a text, not a list"),
    "unknown Pygments style": ("name: mine\nextends: default\npygments: nope\n", None, "mine/theme.yaml:3: pygments: Pygments has no style 'nope' — styles: "),
    "not a mapping": ("- name\n", None, "mine/theme.yaml:1: theme settings must be a mapping of keys to values"),
    "invalid YAML": ("name: mine\nextends: default\nvariables: [\n", None, "mine/theme.yaml:4: theme settings are not valid YAML"),
    "template syntax": ("name: mine\nextends: default\n", '{% extends "default/page.html.j2" %}\n{% block footer %}\n{{ s.title \n{% endblock %}\n',
                        "mine/templates/page.html.j2:4: template syntax: expected token 'end of print statement', got '{'"),
    "undefined variable": ("name: mine\nextends: default\n", '{% extends "default/page.html.j2" %}\n{% block footer %}\n{{ nope }}\n{% endblock %}\n',
                           ("mine/templates/page.html.j2:3: template uses an undefined value: 'nope' is undefined — "
                            "a page template has config, ")),
    "undefined attribute": ("", "<p>{{ config.nope }}</p>\n",
                            ("mine/templates/page.html.j2:1: template uses an undefined value: "
                             "'deckbuild.config.DeckConfig object' has no attribute 'nope'")),
    "missing parent template": ("name: mine\nextends: default\n", '{% extends "nope/page.html.j2" %}\n',
                                "mine/templates/page.html.j2:1: template `nope/page.html.j2` not found — templates there are: "),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_theme_mistakes_are_one_line_at_the_theme_file_and_line(name: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from deckbuild.errors import DeckbuildError

    settings, template, expected = MISTAKES[name]
    write(tmp_path / "mine" / "theme.yaml", settings)
    if template is not None:
        write(tmp_path / "mine" / "templates" / "page.html.j2", template)
    deck = write(tmp_path / "talk.md", "---\ntitle: T\ntheme: ./mine\n---\n\n## A\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DeckbuildError) as caught:
        deckbuild.render(deck, tmp_path / "talk.html", quiet=True)
    assert caught.value.message.startswith(expected), caught.value.message
    assert "\n" not in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "talk.md"], "nothing may be written"


def test_a_theme_mistake_on_the_command_line_is_one_line(tmp_path: Path) -> None:
    write(tmp_path / "mine" / "theme.yaml", "name: mine\nextends: default\npygments: nope\n")
    write(tmp_path / "talk.md", "---\ntitle: T\ntheme: ./mine\n---\n\n## A\n")
    result = run_cli("render", "talk.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: mine/theme.yaml:3: pygments: Pygments has no style 'nope'")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deckbuild", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_themes_command_lists_names_and_descriptions(tmp_path: Path) -> None:
    result = run_cli("themes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for name in BUILT_IN:
        assert any(line.startswith(name + " ") and len(line) > 40 for line in lines), result.stdout


def test_theme_new_scaffolds_a_folder_that_extends_default_and_renders(tmp_path: Path) -> None:
    result = run_cli("theme", "new", "campus", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "campus"
    assert {p.name for p in folder.iterdir()} >= {"theme.yaml", "theme.css", "templates"}
    assert load_theme(str(folder)).parent.name == "default"  # type: ignore[union-attr]
    assert run_cli("theme", "new", "campus", cwd=tmp_path).returncode == 1  # never overwrites
    deck = write(tmp_path / "talk.md", "---\ntitle: T\ntheme: ./campus\n---\n\n# S\n\n## A\n")
    page = render(deck, tmp_path / "talk.html")
    assert "theme-campus" in page


@pytest.mark.parametrize("theme", BUILT_IN)
@pytest.mark.parametrize("deck", DECKS, ids=[d.name for d in DECKS])
def test_every_theme_renders_every_example_deck(deck: Path, theme: str, tmp_path: Path) -> None:
    page = render(deck, tmp_path / "deck.html", theme=theme)
    assert f"theme-{theme}" in page and page.count("<section") > 10


# --- in the browser: measured by `deckbuild check`'s own probe -----------------------------


@pytest.fixture(scope="module")
def checked(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], tuple[Any, Any]]:
    """`checked(deck, theme)`: what `deckbuild check` measured on the deck's every page, and
    its report (cached)."""
    from deckbuild.check import adapter
    from deckbuild.check.measure import measure
    from deckbuild.check.run import report
    from deckbuild.options import Overrides

    seen: dict[tuple[Path, str], tuple[Any, Any]] = {}

    def check(deck: Path, theme: str) -> tuple[Any, Any]:
        if (deck, theme) not in seen:
            folder = tmp_path_factory.mktemp(theme)
            rendered = adapter.render(deck, folder, Overrides(theme=theme))
            with adapter.print_layout(browser, rendered, timeout=30) as loading:
                measured = measure(loading)
            seen[(deck, theme)] = measured, report(rendered, measured)
        return seen[(deck, theme)]

    return check


def problems_of(report: Any, *rules: str) -> list[str]:
    return [entry.text for entry in report.problems if entry.problem.rule in rules]


@pytest.mark.browser
@pytest.mark.parametrize("theme", BUILT_IN)
@pytest.mark.parametrize("deck", MEASURED, ids=[d.name for d in MEASURED])
def test_every_text_meets_wcag_aa_contrast(checked: Callable[..., tuple[Any, Any]], deck: Path, theme: str) -> None:
    measured, report = checked(deck, theme)
    samples = [t for s in measured.slides for t in s["text"]]
    assert len(samples) > 40 and {t["where"] for t in samples} == {"slide", "slide-number"}
    failures = problems_of(report, "contrast")
    assert failures == [], "\n".join(failures[:40])


@pytest.mark.browser
@pytest.mark.parametrize("theme", BUILT_IN)
@pytest.mark.parametrize("deck", MEASURED, ids=[d.name for d in MEASURED])
def test_no_slide_content_overflows(checked: Callable[..., tuple[Any, Any]], deck: Path, theme: str) -> None:
    failures = problems_of(checked(deck, theme)[1], "overflow", "clipped")
    assert failures == [], "\n".join(failures[:40])


def test_a_known_pygments_style_needs_no_pygments_styles_on_the_next_render(tmp_path: Path) -> None:
    """A theme's built-in Pygments style is checked once, then noted in the user cache: an
    unchanged deck renders again without importing `pygments.styles`, to the same page."""
    write(tmp_path / "mine" / "theme.yaml", "name: mine\nextends: default\npygments: monokai\n")
    write(tmp_path / "talk.md", "---\ntitle: T\ntheme: ./mine\n---\n\n## Code\n\n```python\nx = 1\n```\n")
    probe = ("import sys, deckbuild; deckbuild.render('talk.md', quiet=True); "
             "print('pygments.styles' in sys.modules)")
    env = {**os.environ, "DECKBUILD_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env,
                              check=True)
        runs.append((done.stdout.strip(), (tmp_path / "talk.html").read_text(encoding="utf-8")))
    assert [imported for imported, _ in runs] == ["True", "False"]
    assert runs[0][1] == runs[1][1]
