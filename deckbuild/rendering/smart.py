"""Pandoc's `smart` extension (on in Quarto's Markdown unless `from: markdown-smart`).

Straight quotes become curly ones, `--` an en dash, `---` an em dash and `...` an ellipsis,
by pandoc's rules (`Text.Pandoc.Parsing.Smart`), read here in our own words:

- A `"` opens a quotation when it does not follow a word and is not followed by a space; the
  quotation ends at the next `"`. One that cannot open is a closing quote; one that opens but
  finds no end is an opening quote all the same.
- A `'` opens a quotation in the same way (but not inside a single-quoted one); the quotation
  ends at a `'` that is not followed by a letter or digit. Every other `'` is an apostrophe
  (`don't`, `'90s`, `rock 'n' roll`'s inner ones), as is an opening one without an end.
- Quotations nest, double inside single inside double.
- "Follows a word" is pandoc's: after a letter or digit, the end of emphasis, or a full stop
  that does not end an ellipsis; not after code, maths, a link or a span.

It works on the parsed inline tokens, never on the source, so code spans, maths, raw HTML,
autolinks, URLs and attribute lists are out of its reach, and a backslash-escaped character
(`\\"`, `\\'`, `\\-`, `\\.`) reaches it as a literal token it leaves alone. Those tokens, and
the edges of emphasis, links and spans, still count as what stands next to a quote.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from typing import Any

from mistune.util import escape_url

OPAQUE = "\ue000"
"""Stands for a token that is not text (code, maths, HTML, a literal character)."""
EDGE = "\ue001"
"""Stands for where an element (emphasis, a link, a span) starts or ends."""
WORD_END = "\ue002"
"""Where emphasis ends: pandoc counts it as the end of a word (`**a**"b"` has a closing quote)."""
EMPHASIS = ("emphasis", "strong")
SPACES = " \t\n\r"
MAX_DEPTH = 8
"""Quotations nested deeper than this are not looked for (they would only be pathological input)."""
QUOTES = re.compile("[\"']")
DASHES = re.compile(r"---|--|\.\.\.")
REPLACEMENT = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}

Token = dict[str, Any]


def smarten(tokens: list[Token]) -> None:
    """Replace the straight punctuation in the text tokens of `tokens` (a whole inline run), in place."""
    pieces = list(_flatten(tokens))
    texts = [piece if isinstance(piece, str) else piece["raw"] for piece in pieces]
    text = "".join(texts)
    if "'" not in text and '"' not in text and "--" not in text and "..." not in text:
        return
    changes = _Quotes(text).decide()
    for m in DASHES.finditer(text):  # stand-ins are neither `-` nor `.`: a match is all text
        changes[m.start()] = REPLACEMENT[m.group()]
        changes.update(dict.fromkeys(range(m.start() + 1, m.end()), ""))
    _apply(changes, pieces, list(itertools.accumulate(map(len, texts), initial=0)))


def _flatten(tokens: list[Token]) -> Iterator[Token | str]:
    """The run in reading order: text tokens as they are, anything else as a stand-in."""
    for token in tokens:
        kind = token["type"]
        if kind == "text":
            yield token
        elif kind in ("softbreak", "linebreak"):
            yield "\n"
        elif "children" in token and not _is_autolink(token):
            yield EDGE
            yield from _flatten(token["children"])
            yield WORD_END if kind in EMPHASIS else EDGE
        else:
            yield OPAQUE


def _is_autolink(token: Token) -> bool:
    """`<https://…>` or a bare URL: a link whose text is its own address."""
    children = token["children"]
    if token["type"] != "link" or len(children) != 1 or children[0]["type"] != "text":
        return False
    url, raw = token.get("attrs", {}).get("url", ""), children[0]["raw"]
    return url in (raw, escape_url(raw), "mailto:" + escape_url(raw))


def _apply(changes: dict[int, str], pieces: list[Token | str], starts: list[int]) -> None:
    """Write the changes into the text tokens (`starts`: where each piece starts in the run)."""
    edited: dict[int, tuple[Token, list[str]]] = {}
    for at, replacement in changes.items():
        index = bisect.bisect_right(starts, at) - 1
        piece = pieces[index]
        if isinstance(piece, str):
            continue
        chars = edited.setdefault(id(piece), (piece, list(piece["raw"])))[1]
        chars[at - starts[index]] = replacement
    for token, chars in edited.values():
        token["raw"] = "".join(chars)


class _Quotes:
    """Where each quotation starts and ends. `_end` finds a quotation's end (memoised by where
    the search stands, so a paragraph of unmatched quotes is not searched again and again);
    `decide` then walks the run once, deciding each quote character."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quotes = [m.start() for m in QUOTES.finditer(text)]
        self.ends: dict[tuple[int, str, bool, int], int | None] = {}

    def _after_word(self, at: int) -> bool:
        """Pandoc's "after a string": a letter, a digit, the end of emphasis, or a full stop
        that does not end an ellipsis (pandoc's words take in single full stops)."""
        before = self.text[at - 1] if at > 0 else ""
        return before.isalnum() or before == WORD_END or (before == "." and self.text[max(at - 3, 0) : at] != "...")

    def _opens(self, at: int, inside: str) -> bool:
        char = self.text[at]
        return (
            char != inside
            and not self._after_word(at)
            and at + 1 < len(self.text)
            and self.text[at + 1] not in SPACES
        )

    def _closes(self, at: int, inside: str, first: bool) -> bool:
        char = self.text[at]
        if inside == '"':
            return char == '"'
        follows = self.text[at + 1] if at + 1 < len(self.text) else ""
        return char == "'" and not first and not follows.isalnum()

    def _end(self, start: int, inside: str, depth: int) -> int | None:
        """The index of the quote that ends a quotation of `inside` whose text starts at `start`.
        Only quote characters matter, so the search goes from one to the next."""
        seen: list[tuple[int, str, bool, int]] = []
        found = None
        index = bisect.bisect_left(self.quotes, start)
        while index < len(self.quotes):
            at = self.quotes[index]
            key = (at, inside, at == start, depth)
            if key in self.ends:
                found = self.ends[key]
                break
            seen.append(key)
            if self._closes(at, inside, at == start):
                found = at
                break
            after = self._step(at, inside, depth)
            index = index + 1 if after == at + 1 else bisect.bisect_left(self.quotes, after)
        for key in seen:
            self.ends[key] = found
        return found

    def _step(self, at: int, inside: str, depth: int) -> int:
        """Past the quote at `at`: past the whole quotation if one opens there."""
        if depth < MAX_DEPTH and self._opens(at, inside):
            end = self._end(at + 1, self.text[at], depth + 1)
            if end is not None:
                return end + 1
        return at + 1

    def decide(self) -> dict[int, str]:
        changes: dict[int, str] = {}
        todo = [(0, len(self.text), "", 0)]
        while todo:
            at, stop, inside, depth = todo.pop()
            index = bisect.bisect_left(self.quotes, at)
            while index < len(self.quotes) and self.quotes[index] < stop:
                at = self.quotes[index]
                char = self.text[at]
                opens = depth < MAX_DEPTH and self._opens(at, inside)
                end = self._end(at + 1, char, depth + 1) if opens else None
                if end is None:
                    changes[at] = ("\u201c" if opens else "\u201d") if char == '"' else "\u2019"
                    index += 1
                    continue
                changes[at], changes[end] = ("\u201c", "\u201d") if char == '"' else ("\u2018", "\u2019")
                todo.append((at + 1, end, char, depth + 1))
                index = bisect.bisect_left(self.quotes, end + 1)
        return changes
