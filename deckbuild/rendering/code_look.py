"""How a deck's code looks, from its front matter (`deckbuild.quarto.code_keys`): the palette its
tokens are coloured with, the CSS for its blocks' background, overflow, height and left rule,
and the script that gives each block a copy button.

The palette is chosen when the page is made, because Quarto's light/dark pairs depend on the
code background that the theme, the author's SCSS and `code-block-bg` end up giving. A `.theme`
file is read like any file a deck names (through its `Resources`, so only from its own folders).
"""

from __future__ import annotations

import json

from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.rendering.code_blocks import package_text
from deckbuild.rendering.highlight import known_style
from deckbuild.rendering.highlight_styles import QUARTO_STYLES, Choice, builtin, chosen_name, token_styles
from deckbuild.rendering.resources import Resources
from deckbuild.themes.reveal import is_dark

THEME_FIX = "name one of Quarto's styles (github, nord, dracula, …), a Pygments style, or a KDE .theme file beside the deck"


def palette(config: DeckConfig, default: str, variables: dict[str, str], resources: Resources) -> str | dict[str, str] | None:
    """The Pygments style (or token styles) for the deck's code; `default` is the theme's. A
    stand-in palette, or a name that is none of them, is a warning in `resources.warnings`."""
    if not config.highlight_style:
        return default
    line = config.lines.get("highlight-style", config.lines.get("syntax-highlighting", 1))
    background = variables.get("code-background", "")
    dark = is_dark(background) if not background.startswith(("transparent", "none")) else is_dark(variables.get("background", ""))
    name = chosen_name(config.highlight_style, dark)
    choice = builtin(name, known_style(name)) or _theme_file(name, line, resources)
    if choice is None:
        near = sorted(QUARTO_STYLES)
        resources.warnings.append(DeckError(
            f"highlight-style `{name}` is neither a style nor a .theme file; the theme's colours are used",
            path=resources.deck_path, line=line, fix=f"{THEME_FIX}; Quarto's are {', '.join(near)}"))
        return default
    if choice.note:
        resources.warnings.append(DeckError(choice.note, path=resources.deck_path, line=line))
    return choice.pygments


def _theme_file(name: str, line: int, resources: Resources) -> Choice | None:
    """A `.theme` file's token styles; None when `name` does not look like a file's (a
    `.theme` or `.json` name, or a path): a name is not probed for on disk."""
    if not name.endswith((".theme", ".json")) and "/" not in name:
        return None
    text = resources.text(name, line, "highlight-style theme")
    try:
        return Choice(token_styles(json.loads(text)))
    except json.JSONDecodeError as exc:
        problem = f"is not JSON ({exc.msg} at its line {exc.lineno})"
    except ValueError as exc:
        problem = f"cannot be read: {exc}"
    raise DeckError(f"highlight-style theme `{name}` {problem}", path=resources.deck_path, line=line,
                    fix="give a KDE syntax-highlighting theme (JSON with `text-styles`), such as one of Quarto's")


def block_variables(config: DeckConfig) -> dict[str, str]:
    """Theme variables the front matter sets: `code-block-bg` is the code's background, so the
    token colours are kept readable on it like on the theme's own."""
    return {"code-background": config.code_block_bg} if config.code_block_bg else {}


def block_css(config: DeckConfig) -> str:
    """Rules for the deck's code blocks from `code-block-bg`, `code-overflow`, `code-block-height` and
    `code-block-border-left`; "" when the front matter sets none of them. They come after the
    theme's sheets, so they win over a compiled Quarto theme's `:root` as well."""
    block = ".reveal div.sourceCode pre.code"
    rules = [f":root {{ --code-background: {config.code_block_bg}; }}"] if config.code_block_bg else []  # over a compiled theme's
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
