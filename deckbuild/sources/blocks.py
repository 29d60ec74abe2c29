"""Slide bodies → block trees: fenced divs, pauses, code fences, executable cells.

Only the structure that Markdown itself does not know is parsed here, from the scanner's items
(`scanner.py`); everything else stays as `Markdown` runs for the renderer. Lines are
`(number, text)` pairs so every block knows where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckbuild.errors import DeckError
from deckbuild.model import EMBED_FILE, Attrs, Block, Cell, CodeBlock, Diagram, Div, Markdown, RawBlock
from deckbuild.options import option_name
from deckbuild.sources import knitr, safeyaml
from deckbuild.sources.attributes import AttributeError_, parse_attrs
from deckbuild.sources.scanner import Fence, Item, Line, Mark

CELL_INFO = re.compile(r"^\{(?P<lang>[A-Za-z][\w+-]*)(?P<rest>[^}]*)\}$")
RAW_INFO = re.compile(r"^\{=(?P<format>[\w-]+)\}$")
OPTION_LINE = re.compile(r"^\s*(?:#|//|--|%%?)\|\s?(?P<yaml>.*)$")  # `%%|`: mermaid's comment


DIAGRAM_ENGINES = ("mermaid", "dot")
"""Cells drawn at build time (`deckbuild.diagrams`) rather than run in a Jupyter kernel."""

TEXT_ENGINES = ("verbatim", "asis", "embed")
"""knitr's engines that run nothing: `{verbatim}` shows its text as code (in `lang:`, if given),
`{asis}` as the deck's Markdown, `{embed}` the `file:` it names as code, as Quarto renders them."""

MAX_DIV_DEPTH = 250
"""Fenced divs inside one another. A browser builds at most 512 levels of elements and puts
anything deeper beside its parent instead; each div is up to two elements, so past this the
page would silently lose the structure the source asks for."""


@dataclass
class _Open:
    """A container being filled: a slide body or an open div, and where its blocks go now
    (after a pause, into that pause's fragment)."""

    blocks: list[Block]
    line: int
    target: list[Block] = field(init=False)

    def __post_init__(self) -> None:
        self.target = self.blocks


class BlockParser:
    """Parses one slide body; holds only the file name, for messages."""

    def __init__(self, path: Path | str, *, inline_code: bool = False) -> None:
        self.path = path
        self.inline_code = inline_code
        """Whether `` `{python} x` `` is an expression to evaluate (Quarto's Markdown, not a notebook's)."""

    def parse(self, items: list[Item]) -> list[Block]:
        """One pass with a stack of open divs, so nesting costs no Python recursion.

        A pause (`. . .`) puts what follows it, up to the next pause or the end of its
        container, into a fragment: the fragments of one container are siblings, as pandoc
        makes them.
        """
        stack = [_Open([], 0)]
        pending: list[Line] = []
        for item in items:
            if isinstance(item, Mark) and item.kind == "close" and len(stack) == 1:
                item = (item.line, item.text)  # a `:::` that closes nothing is text
            if isinstance(item, tuple):
                pending.append(item)
                continue
            current = stack[-1]
            self._flush(pending, current.target)
            if isinstance(item, Fence):
                current.target.append(self._fence(item))
            elif item.kind == "pause":
                fragment = Div(Attrs(classes=["fragment"]), [], item.line)
                current.blocks.append(fragment)
                current.target = fragment.children
            elif item.kind == "open":
                if len(stack) > MAX_DIV_DEPTH:
                    raise DeckError(f"fenced divs nest more than {MAX_DIV_DEPTH} deep", path=self.path, line=item.line,
                                    fix="close some of the divs that are open here with `:::` lines")
                div = Div(self._attrs(item.attrs, item.line), [], item.line)
                current.target.append(div)
                stack.append(_Open(div.children, item.line))
            else:
                stack.pop()
        self._flush(pending, stack[-1].target)
        if len(stack) > 1:
            raise DeckError("fenced div `:::` is never closed", path=self.path, line=stack[1].line,
                            fix="add a line `:::` where the div ends")
        return stack[0].blocks

    def _flush(self, pending: list[Line], blocks: list[Block]) -> None:
        if any(text.strip() for _, text in pending):
            run = Markdown("\n".join(text for _, text in pending), pending[0][0])
            if self.inline_code:
                from deckbuild.sources.inline_code import inline_cells

                run.inline = inline_cells(run)
                blocks.extend(run.inline)
            blocks.append(run)
        pending.clear()

    def _attrs(self, text: str, line: int) -> Attrs:
        try:
            return parse_attrs(text)
        except AttributeError_ as exc:
            raise DeckError(str(exc), path=self.path, line=line, fix='write attributes as {#id .class key="value"}') from None

    def _fence(self, fence: Fence) -> Block:
        """A code fence: raw output, an executable cell, or code to show."""
        if not fence.closed:
            raise DeckError("code block is never closed", path=self.path, line=fence.line,
                            fix="add a closing ``` line")
        info, body = fence.info, fence.body
        if raw := RAW_INFO.match(info):
            return RawBlock(raw["format"], "\n".join(body), fence.line)
        if cell := CELL_INFO.match(info):
            if cell["lang"].lower() in DIAGRAM_ENGINES:
                return self.diagram(cell["lang"].lower(), cell["rest"], body, fence.line)
            if cell["lang"].lower() in TEXT_ENGINES:
                return self._text_engine(cell["lang"].lower(), cell["rest"], body, fence.line)
            return self.cell(cell["lang"], cell["rest"], body, fence.line)
        language, attrs = self._code_info(info, fence.line)
        return CodeBlock("\n".join(body), language, attrs, fence.line)

    def _text_engine(self, engine: str, rest: str, body: list[str], line: int) -> Block:
        made = self.cell(engine, rest, body, line)
        first = line + 1 + next((n for n, text in enumerate(body) if not OPTION_LINE.match(text)), len(body))
        if engine == "asis":
            return Markdown(made.source, first)
        if engine == "embed":
            file = made.options.get("file")
            if not isinstance(file, str) or not file:
                raise DeckError("an {embed} cell names no file", path=self.path, line=line,
                                fix='write ```{embed, file = "code.R"}```, or #| file: code.R')
            language = str(made.options.get("lang", "")) or Path(file).suffix.lstrip(".").lower()
            return CodeBlock("", language, Attrs(values={EMBED_FILE: file}), line)
        return CodeBlock(made.source, str(made.options.get("lang", "")), Attrs(), line)

    def _code_info(self, info: str, line: int) -> tuple[str, Attrs]:
        """```` ```python ````, ```` ``` {.python key=v} ```` and ```` ```python {key=v} ````."""
        brace = info.find("{")
        word = info[:brace].strip() if brace >= 0 else info.strip()
        attrs = self._attrs(info[brace:], line) if brace >= 0 else Attrs()
        language = word.split()[0] if word else (attrs.classes.pop(0) if attrs.classes else "")
        return language, attrs

    def cell(self, language: str, rest: str, body: list[str], line: int) -> Cell:
        """A cell from its source lines: leading `#|` lines become options (errors at `line` + n)."""
        option_lines = []
        for text in body:
            match = OPTION_LINE.match(text)
            if not match:
                break
            option_lines.append(match["yaml"])
        options = self._cell_options(option_lines, line)
        if knitr.is_chunk_header(language, rest):
            for key, value in knitr.chunk_options(rest).items():
                options.setdefault(key, value)
        else:
            extra = self._attrs(rest, line) if rest.strip() else Attrs()
            for key, value in extra.values.items():
                options.setdefault(key, _attribute_value(value))
        source = "\n".join(body[len(option_lines) :])
        options = {option_name(key): value for key, value in options.items()}
        return Cell(source=source, language=language.lower(), options=options, line=line)

    def diagram(self, engine: str, rest: str, body: list[str], line: int) -> Diagram:
        """A diagram cell: options as a cell's, the rest is the diagram's own source."""
        cell = self.cell(engine, rest, body, line)
        options = next((n for n, text in enumerate(body) if not OPTION_LINE.match(text)), len(body))
        return Diagram("mermaid" if engine == "mermaid" else "dot", cell.source, cell.options, line, line + 1 + options)

    def _cell_options(self, lines: list[str], fence_line: int) -> dict[str, Any]:
        if not lines:
            return {}
        try:
            options = safeyaml.load_value("\n".join(lines))
        except safeyaml.YamlProblem as exc:
            what = f"cell options refused: {exc.problem}" if exc.refused else f"cell option is not valid YAML: {exc.problem}"
            raise DeckError(what, path=self.path, line=fence_line + 1 + exc.line,
                            fix=exc.fix or "write options as `#| key: value`") from None
        if not isinstance(options, dict):
            raise DeckError("cell options must be `#| key: value` lines", path=self.path, line=fence_line + 1)
        return {str(key): value for key, value in options.items()}


def _attribute_value(text: str) -> Any:
    """`echo=false` on a cell's fence means the YAML value; text that is not YAML stays text."""
    try:
        return safeyaml.load_value(text)
    except safeyaml.YamlProblem:
        return text
