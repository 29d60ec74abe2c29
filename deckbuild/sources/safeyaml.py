"""YAML as deckbuild reads it: safe types only, and bounded, so no input can hang or crash the reader.

PyYAML builds an aliased value once and shares it, but whatever walks the result afterwards
(the key-line recorder, a value quoted in a message, the page's JSON) pays for every path
through it: nine nested lists of nine aliases are 387 million values in 840 bytes. So a
document that refers to itself, nests deeper than MAX_DEPTH, or whose aliases expand to more
than MAX_ALIASED values beyond those written out, is refused before it is built; and a value
that PyYAML's constructors choke on (`2026-02-30`, `!!int x`) is an error at its own line
rather than a Python exception.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64
"""Nesting levels: far beyond any real front matter, far below what the composer's recursion allows."""
MAX_ALIASED = 10_000
"""Values that `*alias` references may add to a document, counted as if written out."""


class YamlProblem(ValueError):
    """Unreadable or refused YAML: `problem` in words, `line` 0-based in the text given, the
    `fix` when there is a specific one, and whether it broke a bound (`refused`) rather than YAML."""

    def __init__(self, problem: str, line: int = 0, fix: str | None = None, *, refused: bool = False) -> None:
        super().__init__(problem)
        self.problem, self.line, self.fix, self.refused = problem, line, fix, refused


TOO_DEEP = "write it with fewer nested levels"
ALIASES = "write the values out, or use fewer `*alias` references"


def load(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node graph (for its marks) and its value; None, None for an empty one."""
    try:
        loader = _Loader(text)  # checks every character first
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(f"it holds the control character #x{exc.character:04x}", text.count("\n", 0, exc.position),
                          'remove it, or write it as an escape such as "\\t" inside double quotes') from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        check_bounds(node)
        return node, loader.construct_document(node)
    except _Unreadable as exc:
        raise YamlProblem(exc.what, exc.node.start_mark.line, exc.fix) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlProblem(str(exc.problem or exc.context or "unreadable YAML"), mark.line if mark else 0) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(str(exc).splitlines()[0]) from None
    except RecursionError:
        raise YamlProblem(f"it nests deeper than {MAX_DEPTH} levels", 0, TOO_DEEP, refused=True) from None
    finally:
        loader.dispose()


def load_value(text: str) -> Any:
    """One value (a cell option, an attribute), with the same bounds; raises YamlProblem."""
    return load(text)[1]


def check_bounds(root: yaml.Node) -> None:
    """Refuse self-reference, deep nesting and alias bombs, in time linear in the distinct nodes.

    Depth-first with an explicit stack; `expanded` holds, for each finished node, how many
    values it stands for once every alias is written out.
    """
    expanded: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in _children(node))
            if expanded[key] - len(expanded) > MAX_ALIASED:
                raise YamlProblem(f"its aliases expand to more than {MAX_ALIASED:,} values (an alias bomb?)",
                                  node.start_mark.line, ALIASES, refused=True)
            continue
        if key in expanded:
            continue
        if key in open_nodes:
            raise YamlProblem("an alias refers to the value that contains it", node.start_mark.line, ALIASES, refused=True)
        if depth > MAX_DEPTH:
            raise YamlProblem(f"it nests deeper than {MAX_DEPTH} levels", node.start_mark.line, TOO_DEEP, refused=True)
        open_nodes.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


class _Unreadable(yaml.YAMLError):
    def __init__(self, node: yaml.Node, what: str, fix: str) -> None:
        super().__init__(what)
        self.node, self.what, self.fix = node, what, fix


class _Loader(yaml.SafeLoader):
    """SafeLoader whose constructors fail as YAML errors, marked at the value that failed."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            raise _unreadable(node, exc) from None


def _unreadable(node: yaml.Node, exc: Exception) -> _Unreadable:
    shown = f"`{node.value}`" if isinstance(node, yaml.ScalarNode) and len(node.value) <= 40 else "a value"
    kind, reason = node.tag.rsplit(":", 1)[-1], str(exc).split(":")[0]
    if kind == "timestamp":
        return _Unreadable(node, f"{shown} is not a real date ({reason})", "fix the date, or quote it to keep it as text")
    return _Unreadable(node, f"{shown} cannot be read as {kind} ({reason})", "fix the value, or quote it to keep it as text")
