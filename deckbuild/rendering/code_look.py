"""How a deck's code looks, from its front matter (`deckbuild.quarto.code_keys`): the palette its
tokens are coloured with, the CSS for its blocks' background, overflow, height and left rule,
and the script that gives each block a copy button.

The palette is chosen when the page is made, because Quarto's light/dark pairs depend on the
code background that the theme, the author's SCSS and `code-block-bg` end up giving. A `.theme`
file is read like any file a deck names (through its `Resources`, so only from its own folders).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.rendering.code_blocks import package_text
from deckbuild.rendering.highlight import canvas, known_style
from deckbuild.rendering.highlight_styles import DARK, QUARTO_STYLES, Choice, builtin, chosen_name, token_styles
from deckbuild.rendering.highlight_styles import canvas as canvas_of
from deckbuild.rendering.resources import Resources
from deckbuild.themes.contrast import ensure, parse, ratio, to_hex
from deckbuild.themes.reveal import is_dark, mix

THEME_FIX = "name one of Quarto's styles (github, nord, dracula, …), a Pygments style, or a KDE .theme file beside the deck"


@dataclass(frozen=True, slots=True)
class Look:
    """What the front matter makes of the deck's code colours."""

    style: str | dict[str, str] | None
    """The Pygments style (or token styles) its tokens are coloured with; None for none."""
    variables: dict[str, str] = field(default_factory=dict)
    """Theme variables it sets: the palette's own background and text, as Quarto draws a
    palette's background (dracula's purple on any theme), then `code-block-bg` over them."""


def look(config: DeckConfig, default: str, variables: dict[str, str], resources: Resources) -> Look:
    """The deck's code colours; `default` is the theme's Pygments style. A stand-in palette, or
    a name that is none of them, is a warning in `resources.warnings`."""
    chosen = Look(default) if not config.highlight_style else _palette(config, default, variables, resources)
    # A block without its own background shows the slide's: the palette's text would be on the wrong one.
    merged = dict(chosen.variables) if config.code_block_background else {}
    if config.code_block_bg:
        merged["code-background"] = config.code_block_bg
        if "code-highlight" in merged:  # the palette's tint, made again on this background
            merged["code-highlight"] = mix(variables.get("accent", merged["code-text"]), config.code_block_bg, 0.15)
    return Look(chosen.style, merged)


def _palette(config: DeckConfig, default: str, variables: dict[str, str], resources: Resources) -> Look:
    line = config.lines.get("highlight-style", config.lines.get("syntax-highlighting", 1))
    background = variables.get("code-background", "") if config.code_block_background else ""
    plain = not background or background.startswith(("transparent", "none"))  # the slide's background shows
    dark = is_dark(variables.get("background", "") if plain else background)
    name = chosen_name(config.highlight_style, dark)
    written = config.highlight_style if isinstance(config.highlight_style, str) else ""
    choice = builtin(name, known_style(name), written) or _theme_file(name, line, resources)
    if choice is None:
        resources.warnings.append(DeckError(
            f"highlight-style `{name}` is neither a style nor a .theme file; the theme's colours are used",
            path=resources.deck_path, line=line, fix=f"{THEME_FIX}; Quarto's are {', '.join(sorted(QUARTO_STYLES))}"))
        return Look(default)
    if choice.note:
        resources.warnings.append(DeckError(choice.note, path=resources.deck_path, line=line))
    if isinstance(choice.pygments, str):
        ground, text = canvas(choice.pygments)
        if name in QUARTO_STYLES and bool(ground) and is_dark(ground) != (name in DARK):
            ground, text = "", ""  # the stand-in's background is not the palette's: keep the theme's
        choice = replace(choice, background=ground, text=text)
    return Look(choice.pygments, _canvas_variables(choice, variables))


def _canvas_variables(choice: Choice, variables: dict[str, str]) -> dict[str, str]:
    """The palette's background, with text that reads on it and a highlighted line's tint."""
    if not choice.background:
        return {}
    base = parse(choice.background)
    text = choice.text or variables.get("code-text", "")
    colour = parse(text)
    if base is not None and colour is not None and ratio(colour, base) < 4.5:
        text = to_hex(ensure(colour, base, 4.55))
    return {"code-background": choice.background, "code-text": text or ("#f0f0f0" if is_dark(choice.background) else "#1f1c1b"),
            "code-highlight": mix(variables.get("accent", text), choice.background, 0.15)}


def _theme_file(name: str, line: int, resources: Resources) -> Choice | None:
    """A `.theme` file's token styles; None when `name` does not look like a file's (a
    `.theme` or `.json` name, or a path): a name is not probed for on disk."""
    if not name.endswith((".theme", ".json")) and "/" not in name:
        return None
    text = resources.text(name, line, "highlight-style theme")
    try:
        theme = json.loads(text)
        ground, colour = canvas_of(theme) if isinstance(theme, dict) and isinstance(theme.get("text-styles"), dict) else ("", "")
        return Choice(token_styles(theme), background=ground, text=colour)
    except json.JSONDecodeError as exc:
        problem = f"is not JSON ({exc.msg} at its line {exc.lineno})"
    except ValueError as exc:
        problem = f"cannot be read: {exc}"
    raise DeckError(f"highlight-style theme `{name}` {problem}", path=resources.deck_path, line=line,
                    fix="give a KDE syntax-highlighting theme (JSON with `text-styles`), such as one of Quarto's")


def block_css(config: DeckConfig, variables: dict[str, str]) -> str:
    """Rules for the deck's code blocks: the `Look`'s `variables`, and `code-overflow`,
    `code-block-height` and `code-block-border-left`; "" when the front matter sets none."""
    block = ".reveal div.sourceCode pre.code"
    own = "".join(f" --{name}: {value};" for name, value in variables.items())
    rules = [f":root {{{own} }}"] if own else []  # after the theme's sheets: over a compiled Quarto theme's `:root`
    if config.code_overflow == "wrap":
        rules.append(f"{block} {{ white-space: pre-wrap; overflow-wrap: anywhere; overflow-x: hidden; }}")
    elif config.code_overflow == "scroll":
        rules.append(f"{block} {{ white-space: pre; overflow-wrap: normal; overflow-x: auto; }}\n"
                     f"{block} .line {{ padding-left: 0; text-indent: 0; }}")
    if config.code_block_height:
        rules.append(f"{block} {{ max-height: {config.code_block_height}; overflow-y: auto; }}")
    if config.code_block_border_left:
        colour = ("color-mix(in srgb, var(--code-text) 35%, var(--code-background))"
                  if config.code_block_border_left is True else config.code_block_border_left)
        rules.append(f"{block} {{ border-left: 3px solid {colour}; border-top-left-radius: 0; border-bottom-left-radius: 0; }}")
    return "\n".join(rules) + ("\n" if rules else "")


def copy_script(config: DeckConfig, bodies: list[str]) -> str:
    """The copy buttons' script (`code-copy`), run with its mode; "" when the deck asks for
    none or has no code block to put one on."""
    if config.code_copy is False or not any('class="sourceCode' in body for body in bodies):
        return ""
    mode = "hover" if config.code_copy == "hover" else "always"
    return f"{package_text('code_copy.js').rstrip()}({json.dumps(mode)});\n"
