"""Code → highlighted HTML at build time (Pygments), with reveal.js-style line stepping.

The page carries no highlighter: each line is its own `<span class="line">`, tokens get
Pygments' short class names, and `code-line-numbers="1-2|4"` becomes one copy of the block
per step, stacked as fragments, each dimming the lines it does not highlight.

What Pygments makes (a block's lines, a palette's CSS) is kept in the user's cache: a lexer
compiles its language's patterns before its first line, which costs more than the rest of a
deck, and an unchanged deck then renders without importing Pygments at all.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from deckbuild.user_cache import Store

if TYPE_CHECKING:
    from pygments.lexer import Lexer
    from pygments.token import _TokenType

STEP = re.compile(r"^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$")


class LineNumbersError(ValueError):
    pass


def _store() -> Store:
    import pygments  # its package module only: the version names the store

    return Store.named(f"pygments-{pygments.__version__}")


def _cached(key: list[object], make: str | None = None) -> str | None:
    """The stored value for `key`; given `make`, store that instead."""
    text = json.dumps(key, ensure_ascii=False)
    if make is None:
        return _store().get(text)
    _store().put(text, make)
    return make


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    if not language:
        return None
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def _css_class(token: _TokenType) -> str:
    from pygments.token import STANDARD_TYPES

    while token not in STANDARD_TYPES and token.parent is not None:  # every type descends from Token
        token = token.parent
    css = STANDARD_TYPES.get(token, "")
    return "" if css == "w" else css


def highlight_lines(code: str, language: str) -> list[str]:
    """One HTML string per source line, tokens wrapped in spans."""
    stored = _cached(["lines", language, code]) if language else None
    if stored is not None:
        return list(json.loads(stored))
    lexer = _lexer(language)
    if lexer is None:
        return [html.escape(line) for line in code.split("\n")]
    lines: list[str] = [""]
    for token, value in lexer.get_tokens(code):
        css = _css_class(token)
        for index, piece in enumerate(value.split("\n")):
            if index:
                lines.append("")
            if piece:
                text = html.escape(piece)
                lines[-1] += f'<span class="{css}">{text}</span>' if css else text
    count = code.count("\n") + 1
    lines = (lines + [""] * count)[:count]
    _cached(["lines", language, code], json.dumps(lines))
    return lines


def parse_steps(spec: str, count: int) -> list[set[int]]:
    """`"1-2|4"` → [{1, 2}, {4}]; an empty step highlights nothing."""
    steps: list[set[int]] = []
    for part in spec.split("|"):
        if not part.strip():
            steps.append(set())
            continue
        if not STEP.match(part):
            raise LineNumbersError(f'cannot read line numbers "{spec}"')
        lines: set[int] = set()
        for item in part.split(","):
            low, _, high = item.partition("-")
            start, end = int(low), int(high or low)
            if start < 1 or end > count or start > end:
                raise LineNumbersError(f'line numbers "{spec}" go past the code\'s {count} lines')
            lines.update(range(start, end + 1))
        steps.append(lines)
    return steps


def highlight(code: str, language: str, line_numbers: str | bool | None = None, *, start: int = 1,
              marks: dict[int, str] | None = None, classes: tuple[str, ...] = ()) -> str:
    """A `<pre>` block; with a step spec, one stacked fragment per step after the first.

    The markup is pandoc's (`pre.sourceCode` + `code.sourceCode LANGUAGE`, `number-lines`), so
    Quarto's stylesheets apply, with our own `code` classes beside it. `start` is the number of
    the first line (`startFrom`); `marks` is HTML put at the end of a line (by its number),
    such as a code annotation's marker; `classes` go on the `<pre>`."""
    code = code.rstrip("\n")
    lines = highlight_lines(code, language)
    numbered = line_numbers not in (None, False, "false")
    spec = line_numbers if isinstance(line_numbers, str) and line_numbers not in ("true", "false") else ""
    lang = f' data-language="{html.escape(language)}"' if language else ""
    source = f"sourceCode {html.escape(language)}".strip()
    pre = ["sourceCode", html.escape(language), "code"] + (["numbered", "number-lines"] if numbered else []) + list(classes)
    counter = f' style="counter-reset: line {start - 1}"' if numbered and start != 1 else ""
    if marks:
        lines = [text + marks.get(number, "") for number, text in enumerate(lines, start=1)]
    if not spec:
        body = _join(lines, None)
        return f'<pre class="{" ".join(c for c in pre if c)}"{lang}><code class="{source}"{counter}>{body}</code></pre>'
    steps = parse_steps(spec, len(lines))
    spec_attr = f' data-line-numbers="{html.escape(spec)}"'
    blocks = [f'<code class="step {source}"{spec_attr}{counter}>{_join(lines, steps[0])}</code>']
    blocks += [f'<code class="step fragment {source}"{counter}>{_join(lines, step)}</code>' for step in steps[1:]]
    pre_classes = " ".join(c for c in [*pre, "stepped"] if c)
    return f'<pre class="{pre_classes}"{lang}{spec_attr}>{"".join(blocks)}</pre>'


def _join(lines: list[str], highlighted: set[int] | None) -> str:
    def line(number: int, text: str) -> str:
        mark = " hl" if highlighted and number in highlighted else ""
        return f'<span class="line{mark}">{text}</span>'

    dim = " dim" if highlighted else ""
    body = "\n".join(line(number, text) for number, text in enumerate(lines, start=1))
    return body if not dim else f'<span class="lines{dim}">{body}</span>'


STYLE_NAME = re.compile(r"[A-Za-z0-9_-]+")


def known_style(name: str) -> bool:
    """Whether Pygments has a style of that name (its own or a plugin's). One of its own is
    noted in the store, named for Pygments' version: a theme's style is then known without
    importing `pygments.styles` (whose import compiles patterns a render has no use for)."""
    if not STYLE_NAME.fullmatch(name):  # Pygments imports `pygments.styles.NAME` to look
        return False
    if _cached(["builtin-style", name]) is not None:
        return True
    from pygments.styles import get_style_by_name
    from pygments.styles._mapping import STYLES
    from pygments.util import ClassNotFound

    if any(name == found or name in aliases for _, found, aliases in STYLES.values()):
        _cached(["builtin-style", name], "known")  # a plugin's may be uninstalled: never noted
        return True  # one of its own: known without importing it
    try:
        get_style_by_name(name)
    except ClassNotFound:
        return False
    return True


def canvas(style: str) -> tuple[str, str]:
    """A Pygments style's background and plain text colour ("" for one it leaves unset)."""
    stored = _cached(["canvas", style])
    if stored is not None:
        background, text = json.loads(stored)
        return str(background), str(text)
    from pygments.styles import get_style_by_name
    from pygments.token import Text, Token

    found = get_style_by_name(style)
    text = next((word for spec in (found.styles.get(Text, ""), found.styles.get(Token, ""))
                 for word in spec.split() if re.fullmatch(r"#[0-9a-fA-F]{3,6}", word)), "")
    background = found.background_color or ""
    result = (background if re.fullmatch(r"#[0-9a-fA-F]{3,6}", background) else "", text)
    _cached(["canvas", style], json.dumps(result))
    return result


def style_names() -> list[str]:
    from pygments.styles import get_all_styles

    return sorted(get_all_styles())


def stylesheet(style: str | dict[str, str] | None, scope: str = ".reveal pre.code", backgrounds: tuple[str, ...] = (),
               contrast: float = 4.5) -> str:
    """CSS for a Pygments style (by name, or as token styles by token name: `{"Keyword": "bold
    #204a87"}`), scoped to our code blocks; None gives no token colours. Given the code
    backgrounds (plain and highlighted lines), each token colour that falls short of
    `contrast` on them is darkened (or lightened) until it meets it."""
    if style is None:
        return ""
    key: list[object] = ["css", style, scope, list(backgrounds), contrast]
    stored = _cached(key)
    if stored is not None:
        return stored
    from pygments.formatters import HtmlFormatter

    rules = HtmlFormatter(style=_style(style)).get_style_defs(scope).splitlines()  # type: ignore[no-untyped-call]
    # The theme owns the block's background and line colours; keep only token colours.
    theirs = (f"{scope} {{", "pre {", "td.linenos", "span.linenos", f"{scope} .err")
    css = "\n".join(rule for rule in rules if not rule.startswith(theirs))
    return _cached(key, _readable(css, backgrounds, contrast)) or ""


def _style(style: str | dict[str, str]) -> Any:
    """A style's name as it is; token styles as a Pygments `Style` class made for them."""
    if isinstance(style, str):
        return style
    from pygments.style import Style
    from pygments.token import string_to_tokentype

    return type("DeckStyle", (Style,), {"styles": {string_to_tokentype(name): value for name, value in style.items()}})


_COLOUR = re.compile(r"(?<![-\w])color: (#[0-9a-fA-F]{3,6})\b")


def _readable(css: str, backgrounds: tuple[str, ...], contrast: float) -> str:
    from deckbuild.themes.contrast import ensure, parse, to_hex

    bases = [rgb for rgb in map(parse, backgrounds) if rgb is not None]
    if not bases:
        return css

    def fix(match: re.Match[str]) -> str:
        colour = parse(match.group(1))
        if colour is None:
            return match.group(0)
        for base in bases:  # all light or all dark: each step only moves further from them
            colour = ensure(colour, base, contrast + 0.05)
        return f"color: {to_hex(colour)}"

    return _COLOUR.sub(fix, css)
