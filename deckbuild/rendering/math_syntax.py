r"""Where maths starts and ends in Markdown: pandoc's rules for a talk, Jupyter's for a notebook.

Pandoc (`tex_math_dollars`, Quarto's reader): `$…$` is maths only when the opening `$` is
followed by a non-space and the closing `$` follows a non-space and is not followed by a digit,
so `${temp}` and `$5 and $10` stay text; `\$` is a dollar; `$$…$$` is display maths, which may
not hold a blank line. With `tex_math_single_backslash`, `\(…\)` and `\[…\]` are maths too.
Raw TeX outside dollars does what pandoc's HTML writer does with it: a maths environment
(`\begin{align}…`, `eqnarray`, `pmatrix`, …) is display maths, and a macro definition
(`\newcommand…`, `latex_macros`) defines the macro for the formulas after it and shows nothing.
In both, `\eqref{label}` and `\ref{label}` in text are typeset, as MathJax's `processRefs` does.

Jupyter (notebook Markdown cells, as JupyterLab's `removeMath` reads them): any `$…$` is maths
(`$ p $` too), `$$…$$`, `\\(…\\)` and `\\[…\\]` as well, and a bare `\begin{env}…\end{env}` is
display maths; a closing delimiter inside unbalanced braces does not close, a `$` inside a
code span is not a delimiter, and maths never crosses a blank line.

`scan(src, at, rule)` finds the formula that starts at `at`; `math_plugin(rule)` registers it
with mistune: inline (before the escape rule, so `\\(` is seen whole) and for blocks (a
paragraph that is one formula, whose lines must not be read as lists or headings).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from re import Match
from typing import Any, Literal

import mistune

from deckbuild.config import DeckConfig
from deckbuild.rendering.tex_macros import DEFINERS, definition_end

Rule = Literal["pandoc", "pandoc+backslash", "jupyter"]


@dataclass(frozen=True, slots=True)
class MarkdownSyntax:
    """The reader rules a deck's Markdown follows, beyond what every deck shares."""

    math: Rule | None = "pandoc"
    """How maths is delimited; None when the deck turned `tex_math_dollars` off."""
    emoji: bool = False
    """`:tada:` shortcodes (`from: markdown+emoji`)."""
    smart: bool = True
    """Curly quotes, dashes and ellipses (pandoc's `smart`, on unless `from: markdown-smart`)."""
    pandoc: bool = True
    """Pandoc's own Markdown: inline notes, super- and subscripts, definition and fancy lists,
    an image alone in a paragraph as a captioned figure (off in a plain notebook, whose Markdown
    is Jupyter's CommonMark)."""


PANDOC = MarkdownSyntax()
"""A Markdown talk's syntax when its front matter asks for nothing else."""


def markdown_syntax(config: DeckConfig) -> MarkdownSyntax:
    """The deck's syntax: its source kind (`math_delimiters`), then `from:` extensions.

    Smart punctuation is pandoc's default, so a talk and a notebook Quarto renders have it; a
    plain notebook reads as Jupyter shows it (and as `nbconvert --to slides` does), without."""
    extensions = config.markdown_extensions
    plain_notebook = config.math_delimiters == "jupyter" and not config.quarto
    emoji, smart = extensions.get("emoji", False), extensions.get("smart", not plain_notebook)
    if config.math_delimiters == "jupyter":
        return MarkdownSyntax("jupyter", emoji, smart, pandoc=not plain_notebook)
    if not extensions.get("tex_math_dollars", True):
        return MarkdownSyntax(None, emoji, smart)
    math: Rule = "pandoc+backslash" if extensions.get("tex_math_single_backslash") else "pandoc"
    return MarkdownSyntax(math, emoji, smart)


@dataclass(frozen=True, slots=True)
class Span:
    tex: str
    display: bool
    end: int
    """Index just after the closing delimiter."""
    definition: bool = False
    """Raw TeX macro definitions outside maths (pandoc's `latex_macros`): they show nothing."""


def trim(tex: str) -> str:
    r"""The formula without the blanks around it (kept after a trailing `\`, as in `x\ `)."""
    trimmed = tex.strip()
    backslashes = len(trimmed) - len(trimmed.rstrip("\\"))
    return trimmed + " " if backslashes % 2 and trimmed != tex.lstrip() else trimmed


def scan(src: str, at: int, rule: Rule) -> Span | None:
    """The formula whose opening delimiter is at `src[at]`, or None if none starts there."""
    reference = _REFERENCE.match(src, at)
    if reference:
        return Span(reference.group(0), False, reference.end())
    if rule == "jupyter":
        return _jupyter(src, at)
    if src.startswith("$", at):
        return _pandoc_dollars(src, at)
    if src.startswith("\\begin", at):
        return _pandoc_environment(src, at)
    if rule == "pandoc+backslash" and src.startswith(("\\(", "\\["), at):
        return _pandoc_backslash(src, at)
    end = definition_end(src, at)
    return None if end is None else Span(src[at:end], False, end, definition=True)


_REFERENCE = re.compile(r"\\(?:eq)?ref\{[^{}\\]*\}")

INLINE_START: dict[Rule, str] = {
    "pandoc": r"\$|\\begin\{|\\(?:eq)?ref\{|" + DEFINERS,
    "pandoc+backslash": r"\$|\\begin\{|\\(?:eq)?ref\{|\\[(\[]|" + DEFINERS,
    "jupyter": r"\$|\\\\[(\[]|\\begin\{|\\(?:eq)?ref\{",
}


def math_plugin(rule: Rule) -> Callable[[mistune.Markdown], None]:
    def plugin(md: mistune.Markdown) -> None:
        md.inline.register("math", INLINE_START[rule], functools.partial(_parse_inline, rule), before="escape",
                           start_chars=("$", "\\"))  # keeps mistune's fast scan of plain text
        block_start = r"^ {0,3}(?:" + INLINE_START[rule] + ")"  # one formula, or definitions only
        md.block.register("block_math", block_start, functools.partial(_parse_block, rule), before="list")
        for rules in (md.block.block_quote_rules, md.block.list_rules):
            md.block.insert_rule(rules, "block_math", before="list")

    return plugin


def line_in_block(state: Any, position: int) -> int:
    """The line, within its block, of a position in an inline rule's text (the rendering adds
    the block's own line, so that a mistake names its line in the source)."""
    return int(getattr(state, "line", 0)) + int(state.src.count("\n", 0, position))


def _parse_inline(rule: Rule, inline: Any, m: Match[str], state: Any) -> int | None:
    span = scan(state.src, m.start(), rule)
    if span is None:
        return None
    kind = "display_math" if span.display else "inline_math"
    state.append_token({"type": kind, "raw": trim(span.tex), "attrs": {"line": line_in_block(state, m.start())}})
    return span.end


_LINE_END = re.compile(r"[ \t]*(?:\n|$)")


def _parse_block(rule: Rule, block: Any, m: Match[str], state: Any) -> int | None:
    """A display formula that opens a line and ends its line is a block of its own."""
    start = m.end() - len(m.group(0).lstrip(" "))
    span = scan(state.src, start, rule)
    if span is None or not (span.display or span.definition):
        return None
    rest = _LINE_END.match(state.src, span.end)
    if rest is None:
        return None
    state.append_token({"type": "block_math", "raw": trim(span.tex)})
    return rest.end()


# -- pandoc ---------------------------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _pandoc_dollars(src: str, at: int) -> Span | None:
    if src.startswith("$$", at):
        return _pandoc_display(src, at, "$$", "$$")
    i = at + 1
    if i >= len(src) or src[i].isspace():
        return None
    while i < len(src):
        char = src[i]
        if char == "$" and i > at + 1:
            return None if src[i + 1:i + 2].isdigit() else Span(src[at + 1:i], False, i + 1)
        if char == "\\":
            i = _after_backslash(src, i)
            if i < 0:
                return None
        elif char.isspace():
            j = i
            while j < len(src) and src[j].isspace():
                j += 1
            if src.count("\n", i, j) > 1 or src.startswith("$", j):
                return None  # a blank line, or a closing `$` after a space
            i = j
        else:
            i += 1
    return None


def _after_backslash(src: str, i: int) -> int:
    r"""Past `\x` (two characters), or past a whole `\text{…}`, which may hold `$`; -1 at the end."""
    if src.startswith("\\text{", i):
        end = _balanced_end(src, i + 5)
        if end is not None:
            return end
    return i + 2 if i + 1 < len(src) else -1


def _balanced_end(src: str, i: int) -> int | None:
    depth = 0
    while i < len(src):
        if src[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(src[i], 0)
        i += 1
        if depth == 0:
            return i
    return None


def _pandoc_backslash(src: str, at: int) -> Span | None:
    if src.startswith("\\[", at):
        return _pandoc_display(src, at, "\\[", "\\]")
    close = src.find("\\)", at + 3)
    if close < 0 or _BLANK_LINE.search(src, at, close) or src[close + 2:close + 3].isdigit():
        return None
    return Span(src[at + 2:close], False, close + 2)


# The environments pandoc's HTML writer gives MathJax as display maths (`isMathEnvironment`).
MATH_ENVIRONMENTS = frozenset({
    "align", "align*", "alignat", "alignat*", "aligned", "alignedat", "array", "Bmatrix", "bmatrix",
    "cases", "CD", "eqnarray", "eqnarray*", "equation", "equation*", "gather", "gather*", "gathered",
    "matrix", "multline", "multline*", "pmatrix", "smallmatrix", "split", "subarray", "Vmatrix", "vmatrix",
})
_ENVIRONMENT = re.compile(r"\\(begin|end)\s*\{([^{}]*)\}")


def _pandoc_environment(src: str, at: int) -> Span | None:
    r"""`\begin{env}…\end{env}`, the same environment nested inside counted."""
    opening = _ENVIRONMENT.match(src, at)
    if opening is None or opening.group(1) != "begin" or opening.group(2) not in MATH_ENVIRONMENTS:
        return None
    depth = 0
    for piece in _ENVIRONMENT.finditer(src, at):
        if piece.group(2) == opening.group(2):
            depth += 1 if piece.group(1) == "begin" else -1
            if depth == 0:
                return Span(src[at:piece.end()], True, piece.end())
    return None


def _pandoc_display(src: str, at: int, opener: str, closer: str) -> Span | None:
    start = at + len(opener)
    close = src.find(closer, start + 1)
    if close < 0 or _BLANK_LINE.search(src, start, close):
        return None
    return Span(src[start:close], True, close + len(closer))


# -- Jupyter --------------------------------------------------------------------------------

# The pieces JupyterLab's `removeMath` splits text into: delimiters, escapes, braces, line runs.
_JUPYTER_PIECE = re.compile(r"\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\[{}$]|[{}]|(?:\n\s*)+|\\\\[()\[\]]", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(^|[^\\])(`+)([^\n]*?[^`\n])\2(?!`)", re.MULTILINE)


def _jupyter(src: str, at: int) -> Span | None:
    opening = _JUPYTER_PIECE.match(src, at)
    if opening is None:
        return None
    opener = opening.group(0)
    if opener in ("$", "$$"):
        closer, display, whole = opener, opener == "$$", False
    elif opener[1:6].lower() == "begin":
        closer, display, whole = "\\end" + opener[6:], True, True
    elif opener in ("\\\\(", "\\\\["):
        closer, display, whole = opener[:2] + (")" if opener.endswith("(") else "]"), opener.endswith("["), False
    else:
        return None
    end = _jupyter_end(src, opening.end(), closer)
    if end is None:
        return None
    tex = src[at:end.end()] if whole else src[opening.end():end.start()]
    return Span(tex, display, end.end())


def _jupyter_end(src: str, start: int, closer: str) -> Match[str] | None:
    """The closing delimiter: at brace depth 0, before a blank line (else the last one seen)."""
    braces, last = 0, None
    protected = _code_spans(src)
    for piece in _JUPYTER_PIECE.finditer(src, start):
        text = piece.group(0)
        if text.startswith("$") and any(a <= piece.start() < b for a, b in protected):
            continue
        if text == closer:
            if not braces:
                return piece
            last = piece
        elif text.count("\n") > 1:
            return last
        elif text == "{":
            braces += 1
        elif text == "}" and braces:
            braces -= 1
    return last


@functools.lru_cache(maxsize=64)
def _code_spans(src: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(2), m.end()) for m in _CODE_SPAN.finditer(src))
