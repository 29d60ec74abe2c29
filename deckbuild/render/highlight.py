"""Code → highlighted HTML with Pygments (a minimal version for the execute branch; the
lead's renderer owns this module and its signature: `highlight(code, language, line_numbers)`)."""

from __future__ import annotations

import html

from pygments import highlight as _pygments
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

_FORMATTER = HtmlFormatter(nowrap=True)


def highlight(code: str, language: str, line_numbers: str | None = None) -> str:
    """`line_numbers`: None for none, "" for numbers, "1-2|4" for reveal.js line steps."""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = TextLexer()
    body = _pygments(code, lexer, _FORMATTER).rstrip("\n")
    lang = html.escape(language)
    steps = "" if line_numbers is None else f' data-line-numbers="{html.escape(line_numbers)}"'
    return f'<pre class="sourceCode {lang}"><code class="sourceCode {lang}"{steps}>{body}</code></pre>'
