"""Generated decks through the real command: exit 0 or 1, never a traceback, never a partial
output, the source unchanged.

The decks are deck-shaped, not random bytes: front matter with the keys deckbuild reads (and
YAML's aliases, tags, dates and flow collections), headings with attributes, fenced divs that
nest or never close, pauses, code fences and cells with `#|` options, maths, spans, images
that point at nothing, and stray punctuation between them. Runs are reproducible (a fixed
seed, no example database); `DECKBUILD_FUZZ_RANDOM=1` draws new examples, and
`DECKBUILD_FUZZ_EXAMPLES=N` draws more of them.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from deckbuild.cli import cli
from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.settings import apply
from deckbuild.sources import frontmatter

DOT = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'

FUZZ = settings(
    max_examples=int(os.environ.get("DECKBUILD_FUZZ_EXAMPLES", "250")),
    deadline=timedelta(seconds=10),  # a pattern that backtracks takes minutes; a loaded machine, never 10 s
    derandomize=not os.environ.get("DECKBUILD_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- inline text -----------------------------------------------------------------------------

PIECES = st.sampled_from([
    "Intro", "two words", "*em*", "**strong**", "`code`", "~~gone~~", "$x^2$", "$$", "\\(",
    "[a link](#/a)", "[link](javascript:alert(1))", "<https://example.org>", "[span]{.fragment}",
    "[pos]{.absolute top=10 left=5%}", "[unclosed]{.x", "![img](dot.svg){width=50%}", "![](dot.svg \"title\")",
    "<b>raw</b>", "<img src=x onerror=alert(1)>", "</div>", "[^1]", "::", ":::", "{", "}", "{#id}",
    "\\", "&amp;", "&#0;", "😀", "é", "\t", "#", "|", "---", ". . .", "{{< meta title >}}",
    " " * 3000, "\t " * 500, "{" * 500, "[" * 500, "`" * 50,
])  # fmt: skip
MISTAKES = st.sampled_from([
    "$\\frac{1$", "[bad]{.absolute left=red}", "![img](nope.png)", "![img](dot.svg){width='1\" onload=\"x'}",
    "[^none]",
])  # fmt: skip
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
INLINE = st.lists(st.one_of(PIECES, PIECES, NOISE, st.just("") | MISTAKES), max_size=6).map(" ".join)

# -- attributes ------------------------------------------------------------------------------

ATTR_KEYS = st.sampled_from([
    "width", "height", "top", "left", "right", "bottom", "style", "background-color", "background-image",
    "transition", "fragment-index", "code-line-numbers", "echo", "eval", "output", "fig-cap", "auto-animate",
    "data-x", "onclick", "a:b", "x.y",
])  # fmt: skip
ATTR_VALUES = st.sampled_from([
    "50%", "300", "3em", "calc(100% - 2em)", "calc(1px", "red", "-1", "1e9", "true", "false", "[x", "{a: 1}",
    "2026-02-30", "&a", "*a", "1|2", "99-1", "#222", "nope.png", "", " ", "\\", '1" onload="x', "a;b}c",
])  # fmt: skip


@st.composite
def attribute(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["id", "class", "bare", "double", "single", "junk"]))
    if kind == "id":
        return "#" + draw(st.sampled_from(["a", "id-1", "x\"y", "é"]))
    if kind == "class":
        return "." + draw(st.sampled_from(["fragment", "absolute", "column", "columns", "notes", "smaller",
                                           "r-fit-text", "incremental", "fade-up", "python", "x"]))
    key, value = draw(ATTR_KEYS), draw(ATTR_VALUES)
    if kind == "bare":
        return f"{key}={value.replace(' ', '') or '1'}"
    if kind == "double":
        return f'{key}="{value}"'
    if kind == "single":
        return f"{key}='{value}'"
    return draw(st.sampled_from(["=", "key=", '"', "'", "{", "#", ".", "a=b=c"]))


ATTRIBUTES = st.lists(attribute(), max_size=4).map(lambda items: "{" + " ".join(items) + "}")

# -- blocks ----------------------------------------------------------------------------------

OPTION_LINES = st.lists(
    st.tuples(st.sampled_from(["echo", "eval", "output", "include", "fig-cap", "timeout", "label", "nope",
                               "code-line-numbers", "output-location"]),
              st.sampled_from(["true", "false", "asis", "fenced", "'a'", "[", "2026-02-30", "&r [*r]",
                               "1-2|4", "slide", "-1", "!!int x", "{a: 1}", ""])),
    max_size=3,
).map(lambda pairs: [f"#| {key}: {value}" for key, value in pairs])


@st.composite
def block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["heading", "paragraph", "list", "code", "cell", "raw", "div", "close",
                                 "pause", "rule", "maths", "footnote", "table", "quote", "blank", "comment",
                                 "html div", "pandoc"]))
    if kind == "heading":
        attrs = draw(st.none() | ATTRIBUTES)
        return [draw(st.sampled_from(["#", "##", "###"])) + " " + draw(INLINE) + (f" {attrs}" if attrs else "")]
    if kind == "paragraph":
        return draw(st.lists(INLINE, min_size=1, max_size=3))
    if kind == "list":
        return [f"{draw(st.sampled_from(['-', '*', '1.', '  -']))} {draw(INLINE)}" for _ in range(draw(st.integers(1, 3)))]
    if kind in ("code", "cell", "raw"):
        info = {"code": draw(st.sampled_from(["python", "", "{.python code-line-numbers=\"1|2\"}", "js {x=1}"])),
                "cell": "{python" + draw(st.sampled_from(["", " echo=false", ' echo="[x"', " fig-cap='a'"])) + "}",
                "raw": "{=html}"}[kind]
        body = (draw(OPTION_LINES) if kind == "cell" else []) + draw(st.lists(INLINE, max_size=2))
        closing = [] if draw(st.integers(0, 19)) == 0 else ["```"]
        return ["```" + info, *body, *closing]
    if kind == "div":  # mostly closed; unbalanced `:::` lines come from "close" and from nesting
        colons = ":" * draw(st.integers(3, 5))
        opener = colons + " " + draw(ATTRIBUTES | st.sampled_from(["notes", "columns", "column", "incremental",
                                                                     "fragment", "footer", "r-stack", "x y"]))
        inside = [line for lines in draw(st.lists(block(), max_size=3)) for line in [*lines, ""]]
        return [opener, *inside, *([] if draw(st.integers(0, 9)) == 0 else [colons])]
    if kind == "close":
        return [":" * draw(st.integers(3, 5))]
    if kind == "comment":  # over lines, holding anything; sometimes never closed, or closed twice
        inside = [line for lines in draw(st.lists(block(), max_size=2)) for line in lines]
        return ["<!--" + draw(INLINE), *inside, draw(st.sampled_from(["-->", "--> after", "", "--> -->", "x <!-- y"]))]
    if kind == "html div":  # paired or not, with attributes pandoc's syntax can or cannot hold
        opener = draw(st.sampled_from(['<div class="fragment">', "<div>", '<div id="a b" class="c">', "<DIV onclick=x()>",
                                       "<div data-k='\"}'>", '<div class="notes">', "<div/>", '<div class="x"  >']))
        inside = [line for lines in draw(st.lists(block(), max_size=2)) for line in lines]
        return [opener, *inside, *draw(st.sampled_from([["</div>"], [], ["</div>", "</div>"], ["<hr/>:::"]]))]
    if kind == "pandoc":  # pandoc's own inline and list syntax, well formed or not
        return draw(st.lists(st.sampled_from([
            "a. one", "(ii) two", "B.  three", "#. four", "(@) five", "(@x) six", "Term", ": definition", "| a line",
            "|    indented", "x^[note [link](u)]^", "H~2~O 2^10^", "^[", "~~s~", "v. 2", "I. Newton"]), min_size=1, max_size=5))
    if kind == "pause":
        return [". . ."]
    if kind == "rule":
        return [draw(st.sampled_from(["---", "***", "___", "- - -"]))]
    if kind == "maths":
        return ["$$", draw(st.sampled_from(["x^2", "\\frac{1}{2}", "\\frac{", "\\begin{x}", ""])), "$$"]
    if kind == "footnote":
        return [f"[^{draw(st.sampled_from(['1', 'a', 'none']))}]: {draw(INLINE)}"]
    if kind == "table":
        return ["| a | b |", "|---|:-:|", f"| {draw(INLINE)} | 1 |"]
    if kind == "quote":
        return [">" * draw(st.integers(1, 40)) + " " + draw(INLINE)]
    return [""]


BODY = st.lists(block(), max_size=14).map(lambda blocks: [line for lines in blocks for line in [*lines, ""]])

# -- front matter ----------------------------------------------------------------------------

KEYS = st.sampled_from([
    "title", "subtitle", "footer", "date", "author", "institute", "lang", "keywords", "theme", "incremental",
    "slide-number", "navigation-mode", "width", "height", "margin", "transition", "center", "reveal",
    "execute", "pdf", "format", "css", "logo", "embed-resources", "title-slide", "controls-layout",
    "unknown-key", "chalkboard", "executors",
])  # fmt: skip
SCALARS = st.sampled_from([
    "Talk", "'quoted: yes'", '"<img src=x onerror=alert(1)>"', "*Markdown* `code` $x$", "2026-01-31",
    "2026-02-30", "0x1F", "1e999", "-3", "0.5", "true", "no", "null", "~", "[1, 2]", "{a: 1}", "[",
    "{", "&a anchored", "*a", "*nope", "!!int x", "!!binary ####", "!!python/object:os.system x",
    "dark", "default", "nope", "./nope", "nope.png", "nope.css", "edges", "vertical", "fade", "c/t",
    "'red}</style>'", "|", ">", "'", "#", "a: b: c", "12345678901234567890" * 300,
])  # fmt: skip
NESTED = st.sampled_from([
    "\n  width: [1, 2]", "\n  loop: true", "\n  slideNumbr: 1", "\n  vars:\n    accent: '#e63'",
    "\n  vars:\n    accent: 'red;}'", "\n  revealjs:\n    theme: dark", "\n  echo: true\n  nope: 1",
    "\n  - name: Ada\n    affiliation: Lab", "\n  - 1\n  - [2", "\n    over-indented: 1", "\n  gpu: {gateway: 1}",
    "\n  fragments: true\n  slides: 1-20000000", "\n  a: &r {b: *r}",
])  # fmt: skip


@st.composite
def front_matter(draw: st.DrawFn) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(KEYS)
        lines.append(f"{key}:{draw(NESTED)}" if draw(st.booleans()) else f"{key}: {draw(SCALARS)}")
    closing = [] if draw(st.integers(0, 14)) == 0 else [draw(st.sampled_from(["---", "..."]))]
    return ["---", *lines, *closing]


DECK = st.tuples(st.one_of(st.none(), st.none(), front_matter()), BODY).map(  # most front matter fails
    lambda parts: "\n".join([*(parts[0] or []), *parts[1]]) + "\n"
)


def render(text: str) -> None:
    """Render `text` as a deck in a fresh folder and check what a user could see afterwards."""
    with tempfile.TemporaryDirectory(prefix="deckbuild-fuzz-") as folder:
        root = Path(folder)
        deck = root / "talk.md"
        deck.write_bytes(text.encode("utf-8"))
        (root / "dot.svg").write_text(DOT, encoding="utf-8")
        result = CliRunner().invoke(cli, ["render", str(deck), "--no-execute", "--no-cache", "--quiet"])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (0, 1), result.output
        event(f"exit {result.exit_code}: {result.stderr.split(':', 3)[-1].split('—')[0].strip()[:40]}")
        assert "Traceback" not in result.output
        assert deck.read_bytes() == text.encode("utf-8"), "the source must never change"
        written = sorted(path.name for path in root.iterdir())
        if result.exit_code == 0:
            assert written == ["dot.svg", "talk.html", "talk.md"]
            assert (root / "talk.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
        else:
            assert written == ["dot.svg", "talk.md"], "a failed render writes nothing"
            assert result.stderr.startswith("error: ")


@FUZZ
@given(DECK)
def test_generated_decks_render_or_fail_in_one_message(text: str) -> None:
    render(text)


@settings(FUZZ, max_examples=FUZZ.max_examples * 2)
@given(front_matter())
def test_the_front_matter_reader_raises_only_deck_errors(lines: list[str]) -> None:
    """The reader and the settings validation alone (fast, so more examples): a DeckError or a config."""
    text = "\n".join(lines) + "\n"
    try:
        yaml_text, first, _, _ = frontmatter.split(text)
        data, source = frontmatter.parse(yaml_text, first, "talk.md")
        apply(DeckConfig(), data, source)
    except DeckError as exc:
        assert exc.message and "\n" not in exc.message.replace("\ntalk.md:", " talk.md:")
