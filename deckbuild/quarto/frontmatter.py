"""Quarto's front matter keys whose meaning deckbuild gives them, one converter each.

They join `settings.SCHEMA`; each takes the value as written and sets the typed `DeckConfig`,
or raises ValueError saying what the key takes (an error at its line: a key deckbuild uses
must hold a value it can use).

    hash-type: number            slides carry no ids: reveal.js's URLs count slides
    title-slide-attributes:      data-background-* (and class) on the title slide's <section>
    slide-level: 3               `###` starts slides; `#` and `##` start sections (pandoc's rule)
    code-line-numbers: false     the default of every code block and cell
    smaller, scrollable: true    the class on every slide
    execute: {freeze: auto}      "use the stored outputs": what deckbuild's cache always does
    echo, eval, output, …        top-level execution options, as under `execute:`
    fig-width, output-location   every cell's default, as Quarto applies them
    scroll-view, preview-links   reveal.js's `view: scroll` and `previewLinks`
    link-external-newwindow,     external links' target, icon, and which URLs are not external
    link-external-icon, -filter  (written into the page: rendering/links.py)
    width: 759.375, height: 5.3% reveal.js takes fractional pixels and percentages
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from deckbuild import options, reveal_settings
from deckbuild.config import DeckConfig, Source
from deckbuild.errors import DeckError
from deckbuild.options import boolean, one_of, shown, text

Setter = Callable[[DeckConfig, Any], None]

PROJECT_KEYS = frozenset("project website book manuscript profile preview render freeze".split())
"""Keys of a Quarto project file (`_quarto.yml`) that are about the project, not its decks."""


def size(name: str) -> Setter:
    """`width` or `height`: whole pixels, fractional pixels or a percentage, as reveal.js takes them."""

    def apply(config: DeckConfig, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            setattr(config, name, value)
        elif isinstance(value, float) and value > 0:
            config.reveal[name] = value
            setattr(config, name, round(value))  # the PDF's page and the stretch layout count whole pixels
        elif isinstance(value, str) and reveal_settings.PERCENT.fullmatch(value.strip()):
            config.reveal[name] = value.strip()
        else:
            raise ValueError(f"expected pixels such as 1050, or a percentage such as 90%, got {shown(value)}")

    return apply


def set_logo(config: DeckConfig, value: Any) -> None:
    """A path, as Quarto writes it; `{light, dark, alt}` is the brand's (read where brands are)."""
    if isinstance(value, dict):
        return
    config.logo = text(value)


_ATTRIBUTE = re.compile(r"data-[a-z0-9][a-z0-9-]*")


def _title_slide_attributes(config: DeckConfig, value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping such as {data-background-image: cover.jpg, data-background-size: cover}")
    attributes: dict[str, str] = {}
    for key, item in value.items():
        name = str(key)
        if name != "class" and not _ATTRIBUTE.fullmatch(name):
            raise ValueError(f"`{name}` is not an attribute the title slide takes — write data-background-color, "
                             "data-background-image, … (the data- prefix is needed), or class")
        attributes[name] = text(item)
    config.title_slide_attributes = attributes


def _slide_level(config: DeckConfig, value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        config.slide_level = value
    else:
        raise ValueError(f"expected a heading level from 0 to 6 (2 is Quarto's), got {shown(value)}")


def _code_line_numbers(config: DeckConfig, value: Any) -> None:
    numbers: bool | str = value if isinstance(value, bool) else text(value)
    config.code_line_numbers = numbers
    config.execute = replace(config.execute, code_line_numbers=numbers)


def _slide_class(name: str) -> Setter:
    def apply(config: DeckConfig, value: Any) -> None:
        wanted = boolean(value)
        config.slide_classes = [c for c in config.slide_classes if c != name] + ([name] if wanted else [])

    return apply


def _preview_links(config: DeckConfig, value: Any) -> None:
    """`auto` is Quarto's "in full screen": reveal.js does not preview, and `blocks.js` does
    while the deck is full screen (it reads `previewLinksAuto`, the name Quarto gives it)."""
    auto = value == "auto"
    config.reveal["previewLinks"] = False if auto else boolean(value)
    config.reveal["previewLinksAuto"] = auto


def _link_external_filter(config: DeckConfig, value: Any) -> None:
    pattern = text(value)
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a regular expression ({exc})") from None
    config.link_external_filter = pattern


MATH_METHODS = ("katex", "mathjax", "mathml", "webtex", "gladtex", "plain")


def _html_math_method(config: DeckConfig, value: Any) -> None:
    """KaTeX is what deckbuild typesets with, at build time: `katex` says nothing; another
    method (written alone or as `{method: mathjax, url: …}`) is one warning saying so."""
    method = value.get("method") if isinstance(value, dict) else value
    if method not in MATH_METHODS:
        raise ValueError(f"expected one of {', '.join(MATH_METHODS)}, or {{method: NAME, url: URL}}, got {shown(value)}")
    if method != "katex":
        _warn(config, "html-math-method", f"`html-math-method: {method}`: deckbuild typesets formulas at build time "
              "with KaTeX (MathJax only for what KaTeX cannot typeset), and the page loads no maths script")


def _self_contained(config: DeckConfig, value: Any) -> None:
    """Quarto's older name for `embed-resources`."""
    config.embed_resources = boolean(value)


def _warn(config: DeckConfig, key: str, what: str) -> None:
    """A warning at `key`'s line, said once however many layers set the key."""
    if all(warning.what != what for warning in config.warnings):
        config.warnings.append(DeckError(what, line=config.lines.get(key)))


FREEZE = (True, False, "auto")
EXECUTE_IGNORED = frozenset("daemon daemon-restart debug enabled ipynb keep-ipynb".split())


def _execute(config: DeckConfig, value: Any) -> None:
    """`execute:` with Quarto's `freeze` (deckbuild's cache already reuses stored outputs while
    the cells are unchanged, and reruns them when they change: `freeze: auto`'s meaning)."""
    if not isinstance(value, dict):
        raise ValueError("expected a mapping such as {echo: false, cache: true}")
    rest = {key: item for key, item in value.items() if key not in ("freeze", *EXECUTE_IGNORED)}
    if "freeze" in value and value["freeze"] not in FREEZE:
        raise ValueError(f"`freeze`: expected true, false or auto, got {shown(value['freeze'])}")
    for key in sorted(EXECUTE_IGNORED & set(map(str, value))):
        line = config.lines.get(f"execute.{key}", config.lines.get("execute"))
        config.warnings.append(DeckError(f"ignored: Quarto's `execute: {key}` is not supported by deckbuild",
                                         line=line))
    config.execute = options.deck_layer(config.execute, rest)
    config.execute_chosen.update(map(str, rest))


def _top_level(key: str) -> Setter:
    """`echo: false` beside the title means `execute: {echo: false}`, as in Quarto."""

    def apply(config: DeckConfig, value: Any) -> None:
        config.execute = options.deck_layer(config.execute, {key: value})
        config.execute_chosen.add(key)

    return apply


def _cell_default(key: str) -> Setter:
    """`fig-width: 8` or `output-location: fragment` beside the title: every cell's default."""

    def apply(config: DeckConfig, value: Any) -> None:
        config.execute = replace(config.execute, **{key.replace("-", "_"): options.VALIDATORS[key](value)})

    return apply


SCHEMA: dict[str, Setter] = {
    "hash-type": lambda config, value: setattr(config, "hash_type", one_of("title", "number")(value)),
    "title-slide-attributes": _title_slide_attributes,
    "title-slide-style": lambda config, value: setattr(config, "title_slide_style", one_of("default", "pandoc")(value)),
    "slide-level": _slide_level,
    "code-line-numbers": _code_line_numbers,
    "smaller": _slide_class("smaller"),
    "scrollable": _slide_class("scrollable"),
    "preview-links": _preview_links,
    "html-math-method": _html_math_method,
    "self-contained": _self_contained,
    "link-external-newwindow": lambda config, value: setattr(config, "link_external_newwindow", boolean(value)),
    "link-external-icon": lambda config, value: setattr(config, "link_external_icon", boolean(value)),
    "link-external-filter": _link_external_filter,
    "execute": _execute,
    **{key: _top_level(key) for key in ("echo", "eval", "output", "warning", "error")},
    **{key: _cell_default(key) for key in ("fig-width", "fig-height", "fig-dpi", "output-location")},
}


def theme_problems(config: DeckConfig, source: Source) -> list[DeckError]:
    """The deck's theme, found now so that a theme that does not exist is reported with the
    front matter's other mistakes, before any cell runs, rather than after them."""
    if not isinstance(source.path, Path):
        return []
    from deckbuild.themes.deck import theme_for_deck

    try:
        theme_for_deck(config.theme_override or config.theme, config.theme_scss, quarto_deck=config.quarto,
                       base_dir=source.path.parent, sass=config.theme_sass, source=source.path)
    except DeckError as exc:
        return [exc.place(source.path, source.lines.get("theme", source.first_line))]
    return []


def file_problems(config: DeckConfig, source: Source) -> list[DeckError]:
    """The local files the front matter names (stylesheets, logo, the title slide's background),
    looked for now for the same reason as the theme; network ones are left to rendering."""
    if not isinstance(source.path, Path):
        return []
    from deckbuild.rendering.resources import Resources, is_remote
    from deckbuild.rendering.sinks import InlineSink
    from deckbuild.rendering.title_slide import FILES, NOT_FILES

    resources = Resources(source.path, InlineSink(), config.resource_path)
    named = [(reference, "css", "stylesheet") for reference in config.css]
    named += [(config.logo, "logo", "logo")] if config.logo and not _brand_image(config, source.path) else []
    named += [(value, f"title-slide-attributes.{name}", f"title-slide-attributes {name}")
              for name, value in config.title_slide_attributes.items()
              if name in FILES and value and not value.startswith(NOT_FILES)]
    problems = []
    for reference, key, what in named:
        if is_remote(reference):
            continue
        try:
            resources.locate(reference, source.lines.get(key, config.lines.get(key.split(".")[0], 1)), what)
        except DeckError as exc:
            problems.append(exc)
    return problems


def _brand_image(config: DeckConfig, deck: Path) -> bool:
    """Whether the deck's `logo:` names one of its brand's images (the brand resolves it when
    the page is made; a brand that cannot be read is reported there)."""
    from deckbuild.project import project_root
    from deckbuild.rendering.brand import find

    try:
        brand = find(deck, project_root(deck.parent), config.brand, config.brand_mode)
    except DeckError:
        return False
    return brand is not None and config.logo in brand.images
