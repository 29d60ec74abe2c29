"""Table captions and column widths, for pipe tables and grid tables alike.

A caption is a paragraph starting with `: ` (or `Table: `) right before or after the table, as
in pandoc; attributes at its end (`: Sales {#tbl-sales .striped tbl-colwidths="[30,70]"}`) go
to the table. A table with a `#tbl-` id is Quarto's float, `div.quarto-float` around a
`<figure>` whose `<figcaption>` comes first (Quarto puts table captions on top), the id kept
for cross-references to number; any other caption is the table's `<caption>`.

Column widths become a `<colgroup>`: `tbl-colwidths="[20,80]"` on the caption, or the deck's
`tbl-colwidths:` (a list for every table, or true / false / auto). Otherwise pandoc's rule: a
grid table always has widths (its columns' share of the text width); a pipe table has them
only when one of its lines is longer than the text width (72 characters), taken from the
dashes of its delimiter row (or always, with `tbl-colwidths: true`).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from deckbuild.errors import DeckError
from deckbuild.rendering.grid_tables import TEXT_WIDTH
from deckbuild.sources.attributes import AttributeError_, parse_attrs, split_trailing

CAPTION = re.compile(r"^(?:Table)?:[ \t]+(?=\S)", re.IGNORECASE)
TABLES = ("table", "grid_table")


def colwidths(value: Any) -> bool | str | list[float]:
    """`tbl-colwidths` as written (front matter or attribute) → True, False, "auto" or percentages."""
    if isinstance(value, str):
        value = {"true": True, "false": False}.get(value.strip(), value.strip())
        if isinstance(value, str) and value != "auto":
            try:
                value = json.loads(value)
            except ValueError:
                raise ValueError(f"expected auto, true, false or a list such as [30, 70], got {value!r}") from None
    if isinstance(value, bool) or value == "auto":
        return value  # type: ignore[no-any-return]
    if (isinstance(value, list) and value
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in value)):
        return [float(v) for v in value]
    raise ValueError(f"expected auto, true, false or a list of positive numbers such as [30, 70], got {value!r}")


def tables_plugin(context: Any) -> Any:
    """The plugin; `context` is the renderer's `InlineContext` (the run's line, the deck's
    `tbl-colwidths`)."""

    def hook(md: Any, state: Any) -> None:
        _captions(state.tokens, state.src.split("\n"), context)

    def plugin(md: Any) -> None:
        md.before_render_hooks.append(hook)
        md.renderer.register("table_float", _render_float)
        md.renderer.register("table_caption", lambda renderer, text: f"<caption>{text}</caption>")

    return plugin


def _captions(tokens: list[dict[str, Any]], lines: list[str], context: Any) -> None:
    """Each table of this token list (its own lines counted in `lines`), wrapped with its caption and widths."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token["type"] not in TABLES:
            index += 1
            continue
        caption_at = _caption_beside(tokens, index)
        caption = tokens.pop(caption_at) if caption_at is not None else None
        if caption_at is not None and caption_at < index:
            index -= 1
        tokens[index] = _float(token, caption, lines, context)
        index += 1


def _caption_beside(tokens: list[dict[str, Any]], index: int) -> int | None:
    for step in (1, -1):
        at = index + step
        while 0 <= at < len(tokens) and tokens[at]["type"] == "blank_line":
            at += step
        if 0 <= at < len(tokens) and tokens[at]["type"] == "paragraph" and CAPTION.match(tokens[at].get("text", "")):
            return at
    return None


def _float(table: dict[str, Any], caption: dict[str, Any] | None, lines: list[str], context: Any) -> dict[str, Any]:
    attrs: dict[str, Any] = {"ident": "", "classes": "", "widths": None}
    children = [table]
    chosen: Any = getattr(context, "tbl_colwidths", "auto")
    if caption is not None:
        text, extra = split_trailing(CAPTION.sub("", caption["text"]).strip())
        if extra is None and re.search(r"\{[#.][^{}]*\}\s*$|\{[^{}]*=[^{}]*\}\s*$", text):
            _check_attrs(text, caption, context)  # attributes meant, but `split_trailing` could not read them
        if extra is not None:
            attrs["ident"], attrs["classes"] = extra.id, " ".join(extra.classes)
            if "tbl-colwidths" in extra.values:
                try:
                    chosen = colwidths(extra.values["tbl-colwidths"])
                except ValueError as exc:
                    raise DeckError(f"tbl-colwidths: {exc}", line=context.line + caption.get("line", 0),
                                    fix='write tbl-colwidths="[30,70]"') from None
        children = [{"type": "table_caption", "text": text}, table]
    attrs["widths"] = _widths(table, chosen, lines)
    return {"type": "table_float", "children": children, "attrs": attrs}


def _check_attrs(text: str, caption: dict[str, Any], context: Any) -> None:
    try:
        parse_attrs(text[text.rfind("{"):].strip())
    except AttributeError_ as exc:
        raise DeckError(f"table caption: {exc}", line=context.line + caption.get("line", 0),
                        fix='write attributes as {#tbl-name tbl-colwidths="[30,70]"}') from None


def _widths(table: dict[str, Any], chosen: Any, lines: list[str]) -> list[float] | None:
    if isinstance(chosen, list):
        return chosen
    if chosen is False:
        return None
    if table["type"] == "grid_table":
        return list(table["attrs"]["widths"])
    line = table.get("line")
    if line is None or line + 1 >= len(lines):
        return None
    end = next((n for n in range(line, len(lines)) if "|" not in lines[n]), len(lines))
    block = lines[line:end]
    if chosen is not True and max(map(len, block)) <= TEXT_WIDTH:
        return None
    dashes = [len(part.strip()) for part in lines[line + 1].strip().strip("|").split("|")]
    total = sum(dashes)
    return [round(100 * count / total, 2) for count in dashes] if total else None


def _render_float(renderer: Any, text: str, ident: str, classes: str, widths: list[float] | None) -> str:
    caption = ""
    if text.startswith("<caption>"):
        end = text.index("</caption>") + len("</caption>")
        caption, text = text[:end], text[end:]
    colgroup, style = "", ""
    if widths:
        total = sum(widths) if sum(widths) > 100 else 100.0
        cols = "".join(f'<col style="width: {round(100 * w / total, 2):g}%">' for w in widths)
        colgroup = f"<colgroup>{cols}</colgroup>\n"
        style = f' style="width: {round(sum(widths)):g}%;"' if sum(widths) < 99.5 else ""  # a narrow grid table, as pandoc
    opening = (f'<table class="{html.escape(classes)}"' if classes else "<table") + style + ">"
    if not ident.startswith("tbl-"):
        inner = "".join(part + "\n" for part in (caption, colgroup.rstrip("\n")) if part)
        id_attr = f' id="{html.escape(ident)}"' if ident else ""
        return text.replace("<table>\n", opening.replace("<table", f"<table{id_attr}") + "\n" + inner, 1)
    figcaption = ""
    if caption:
        figcaption = (f'<figcaption class="quarto-float-caption-top quarto-float-caption quarto-float-tbl">'
                      f"{caption[len('<caption>'):-len('</caption>')]}</figcaption>\n")
    table = text.replace("<table>\n", opening + "\n" + colgroup, 1)
    context: Any = getattr(renderer, "context", None)
    if (references := getattr(context, "references", None)) is not None:  # numbered with the deck's other floats
        from deckbuild.references import floats

        return floats.float_html(references.crossref, "tbl", ident, table, caption[len("<caption>"):-len("</caption>")],
                                 context.at(None))
    return (f'<div id="{html.escape(ident)}" class="quarto-float quarto-table quarto-figure-center">'
            f'<figure class="quarto-float quarto-float-tbl figure">\n{figcaption}{table}</figure></div>\n')
