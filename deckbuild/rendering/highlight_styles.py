"""Quarto's `highlight-style` → the Pygments palette deckbuild colours tokens with.

Quarto colours code with pandoc's skylighting and ships its palettes as KDE theme files
(`a11y-light.theme`, `nord.theme`, …); deckbuild highlights with Pygments at build time. So a
Quarto name is mapped onto the Pygments style that is the same palette, or else onto the
nearest one, said once so the author knows the colours differ. A name Quarto ships in a light
and a dark version (`github`, `a11y`, …), and a `{light: x, dark: y}` pair, take the version that
suits the code's background, as Quarto takes the one that suits the theme.

An author's own `.theme` file (KDE's JSON, which Quarto reads too) is read and its text styles
are turned into Pygments token styles (`token_styles`): skylighting's token kinds are coarser
than Pygments', so each kind colours the Pygments tokens that mean the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

QUARTO_STYLES: dict[str, tuple[str, bool]] = {
    "a11y-light": ("default", False), "a11y-dark": ("one-dark", False),
    "arrow-light": ("default", False), "arrow-dark": ("github-dark", False),
    "atom-one-light": ("default", False), "atom-one-dark": ("one-dark", True),
    "ayu-light": ("friendly", False), "ayu-dark": ("material", False), "ayu-mirage": ("material", False),
    "breeze-light": ("default", False), "breeze-dark": ("native", False), "breezedark": ("native", False),
    "dracula": ("dracula", True), "espresso": ("coffee", False),
    "github-light": ("default", False), "github-dark": ("github-dark", True),
    "gruvbox-light": ("gruvbox-light", True), "gruvbox-dark": ("gruvbox-dark", True),
    "haddock": ("vs", False), "kate": ("default", False),
    "monochrome": ("bw", True), "monochrome-light": ("bw", True), "monochrome-dark": ("bw", True),
    "monokai": ("monokai", True), "nord": ("nord", True), "oblivion": ("native", False),
    "printing": ("bw", False), "pygments": ("default", True), "radical": ("paraiso-dark", False),
    "solarized": ("solarized-light", True), "tango": ("tango", True), "vim-dark": ("vim", True),
    "zenburn": ("zenburn", True),
}  # fmt: skip
"""Quarto's palette files → (the Pygments style, whether it is the same palette rather than the nearest)."""

DARK = frozenset("""a11y-dark arrow-dark atom-one-dark ayu-dark ayu-mirage breeze-dark breezedark dracula espresso
    github-dark gruvbox-dark monochrome-dark monokai nord oblivion radical vim-dark zenburn""".split())
"""Quarto's palettes drawn on a dark background: a Pygments style's background stands in for
theirs only when it is dark too (`bw`'s white is no `monochrome-dark`)."""

NO_COLOURS = ("none",)
"""`highlight-style: none` (and `null`): code in the text colour, no token colours."""


@dataclass(frozen=True, slots=True)
class Choice:
    """The palette a deck's code is coloured with."""

    pygments: str | dict[str, str] | None
    """A Pygments style's name, token styles read from a `.theme` file, or None for no colours."""
    note: str = ""
    """What the author should know (the nearest Pygments style stands in); "" when nothing."""
    background: str = ""
    """A `.theme` file's own code background and text colour ("" when it gives none); a
    Pygments style's are asked of Pygments (`highlight.canvas`)."""
    text: str = ""


def chosen_name(value: str | dict[str, str], dark: bool) -> str:
    """The one name a `highlight-style` value means on a light or a dark code background."""
    name = (value.get("dark" if dark else "light") or next(iter(value.values()))) if isinstance(value, dict) else value
    suffixed = f"{name}-{'dark' if dark else 'light'}"
    return suffixed if suffixed in QUARTO_STYLES else name


def builtin(name: str, known_pygments: bool, written: str = "") -> Choice | None:
    """A Quarto palette's or a Pygments style's name → its choice; None when it names neither
    (it may be a `.theme` file). `known_pygments`: whether Pygments has a style of that name;
    `written`: the name as the deck gives it (`github`, whose light version `name` is)."""
    if name in NO_COLOURS:
        return Choice(None)
    if name in QUARTO_STYLES:
        style, same = QUARTO_STYLES[name]
        shown = f"`{written}` (Quarto's `{name}`)" if written and written != name else f"`{name}`"
        note = "" if same else (f"highlight-style {shown} is drawn with Pygments' nearest style, `{style}`: "
                                "Pygments has no palette of that name")
        return Choice(style, note)
    return Choice(name) if known_pygments else None


# skylighting's token kinds (a KDE theme's text styles) → the Pygments tokens that mean the same.
KINDS: dict[str, tuple[str, ...]] = {
    "Keyword": ("Keyword",),
    "ControlFlow": ("Keyword",),
    "DataType": ("Keyword.Type", "Name.Class"),
    "DecVal": ("Number", "Number.Integer"),
    "BaseN": ("Number.Hex", "Number.Oct", "Number.Bin"),
    "Float": ("Number.Float",),
    "Constant": ("Keyword.Constant", "Name.Constant"),
    "Char": ("String.Char",),
    "SpecialChar": ("String.Escape",),
    "String": ("String",),
    "VerbatimString": ("String.Backtick", "String.Heredoc"),
    "SpecialString": ("String.Regex", "String.Symbol", "String.Interpol"),
    "Import": ("Keyword.Namespace", "Name.Namespace"),
    "Comment": ("Comment",),
    "Documentation": ("String.Doc",),
    "Annotation": ("Comment.Special",),
    "CommentVar": ("Comment.Special",),
    "Preprocessor": ("Comment.Preproc", "Comment.PreprocFile"),
    "Function": ("Name.Function", "Name.Function.Magic"),
    "Variable": ("Name.Variable",),
    "Operator": ("Operator", "Operator.Word"),
    "BuiltIn": ("Name.Builtin", "Name.Builtin.Pseudo"),
    "Extension": ("Name.Entity",),
    "Attribute": ("Name.Attribute", "Name.Decorator", "Name.Tag"),
    "Other": ("Other", "Name.Other"),
    "Error": ("Error", "Generic.Error"),
    "Alert": ("Generic.Strong",),
    "Warning": ("Generic.Traceback",),
    "Information": ("Generic.Output",),
}
"""Where two kinds colour one token (`Keyword`, `ControlFlow`), the first one the theme styles wins."""

_HEX = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def token_styles(theme: Any) -> dict[str, str]:
    """A KDE theme's JSON → Pygments style strings by token name (`{"Keyword": "bold #1f1c1b"}`).

    Only what colours tokens is taken: the theme's background, its `Normal` text and its editor
    colours stay the deck theme's, so the code block matches the slides. ValueError says what
    is wrong with the file."""
    if not isinstance(theme, dict) or not isinstance(theme.get("text-styles"), dict):
        raise ValueError("a KDE theme is a JSON object with a `text-styles` object")
    styles: dict[str, str] = {}
    for kind, tokens in KINDS.items():
        style = theme["text-styles"].get(kind)
        if style is None:
            continue
        text = _style_text(kind, style)
        for token in tokens:
            styles.setdefault(token, text)
    return styles


def canvas(theme: dict[str, Any]) -> tuple[str, str]:
    """A KDE theme's code background and plain text colour, as `#rrggbb` ("" for one it does
    not give): pandoc's files put them at the top, KDE's under `editor-colors` and `Normal`."""
    editor = _object(theme.get("editor-colors"))
    normal = _object(theme["text-styles"].get("Normal"))
    background = theme.get("background-color") or editor.get("BackgroundColor") or editor.get("background-color")
    text = theme.get("text-color") or normal.get("text-color")
    return _hex_or_empty(background), _hex_or_empty(text)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _hex_or_empty(colour: Any) -> str:
    return _rgb(colour) if isinstance(colour, str) and _HEX.fullmatch(colour) else ""


def _flag(value: Any) -> bool | None:
    """KDE writes its flags as JSON booleans, and some files as the strings "true" and "false"."""
    return {"true": True, "false": False}.get(value) if isinstance(value, str) else value if isinstance(value, bool) else None


def _style_text(kind: str, style: Any) -> str:
    if not isinstance(style, dict):
        raise ValueError(f"text style `{kind}` is not an object")
    flags = [(word, _flag(style.get(word))) for word in ("bold", "italic", "underline")]
    words = [word if on else f"no{word}" for word, on in flags if on is not None]
    words = [word for word in words if word != "nounderline"]  # Pygments has no `nounderline`
    for key, prefix in (("text-color", ""), ("background-color", "bg:")):
        colour = style.get(key)
        if colour is None:
            continue
        if not isinstance(colour, str) or not _HEX.fullmatch(colour):
            raise ValueError(f"text style `{kind}`: {key} {colour!r} is not a colour such as #1f1c1b")
        words.append(prefix + _rgb(colour))
    return " ".join(words)


def _rgb(colour: str) -> str:
    """`#rgb`, `#rrggbb`, or KDE's `#aarrggbb` (alpha first) → `#rrggbb` as Pygments reads it."""
    return f"#{colour[3:]}" if len(colour) == 9 else colour
