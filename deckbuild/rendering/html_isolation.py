"""HTML outputs that cannot break the slides around them.

A stored `text/html` output goes into the page as it is, so one unclosed `<style>`, `<script>`,
`<textarea>` or comment swallows every slide after it, and a stray `</section>` or `</div>`
closes the slide it stands in: reveal.js then does not start at all. Each output is therefore
checked with the standard library's tokenizer (fast, and well-formed outputs pass through byte
for byte); one that is not balanced is parsed as browsers parse it, by html5lib, inside a
`<div>`, and written out again with every element closed. The damage then stays in its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"))  # fmt: skip
OPTIONAL_END = frozenset(("p", "li", "dt", "dd", "option", "optgroup", "rb", "rt", "rtc", "rp", "tr", "td", "th",
                          "thead", "tbody", "tfoot", "colgroup", "caption"))  # fmt: skip
"""Elements whose end tag HTML lets an author leave out (their parent's end closes them)."""
RAW_TEXT = frozenset(("script", "style"))
FOREIGN = frozenset(("svg", "math"))
_MARKUP = re.compile(r"<[A-Za-z!/?]")


@dataclass(frozen=True, slots=True)
class Isolated:
    html: str
    problem: str | None = None
    """What was wrong, for the warning; None when the output was balanced already."""


def isolate(fragment: str) -> Isolated:
    """`fragment` unchanged if it is balanced, else repaired so that it closes everything it opens."""
    problem = _Checker.problem_in(fragment)
    if problem is None:
        return Isolated(fragment)
    return Isolated(_reserialised(fragment), problem)


class _Checker(HTMLParser):
    """Follows open elements; the first thing that would leak out of the output is the problem."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problem: str | None = None
        self.text: list[str] = []
        """Data since the last tag: the tokenizer hands over markup it gave up on in pieces."""

    @classmethod
    def problem_in(cls, fragment: str) -> str | None:
        checker = cls()
        checker.feed(fragment)
        checker.close()
        checker.flush()
        if checker.problem is None and checker.rawdata:
            checker.problem = f"an unclosed `<{checker.open[-1]}>`" if checker.open else "unfinished markup"
        if checker.problem is None:
            unclosed = [tag for tag in checker.open if tag not in OPTIONAL_END]
            if unclosed:
                checker.problem = f"an unclosed `<{unclosed[-1]}>`"
        return checker.problem

    def _note(self, problem: str) -> None:
        if self.problem is None:
            self.problem = problem

    def flush(self) -> None:
        if _MARKUP.search("".join(self.text)):
            self._note("unfinished markup")
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.flush()
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.flush()
        if tag not in VOID and not any(t in FOREIGN for t in self.open):
            self.open.append(tag)  # `<div/>` opens a div in HTML; only SVG and MathML self-close

    def handle_endtag(self, tag: str) -> None:
        self.flush()
        if tag not in self.open:
            if tag not in VOID:
                self._note(f"a stray `</{tag}>`")
            return
        while (top := self.open.pop()) != tag:
            if top not in OPTIONAL_END:
                self._note(f"an unclosed `<{top}>`")

    def handle_data(self, data: str) -> None:
        if not (self.open and self.open[-1] in RAW_TEXT):
            self.text.append(data)


def _reserialised(fragment: str) -> str:
    import html5lib  # type: ignore[import-untyped]
    from html5lib.serializer import HTMLSerializer  # type: ignore[import-untyped]

    tree = html5lib.parseFragment(fragment, container="div", treebuilder="etree", namespaceHTMLElements=False)
    walker = html5lib.getTreeWalker("etree")
    serializer = HTMLSerializer(quote_attr_values="always", omit_optional_tags=False, resolve_entities=False)
    return str(serializer.render(walker(tree)))
