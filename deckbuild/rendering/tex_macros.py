r"""TeX macros defined in a deck's formulas, kept for the rest of the deck as MathJax keeps them.

A talk written for MathJax defines its macros once (`\newcommand{\R}{\mathbb{R}}` in a hidden
`$$…$$`) and uses them on every later slide: MathJax's definitions are global, whatever group
they were made in. Here each definition is cut out of its formula (`MacroTable.take`) and kept;
a later formula is typeset with a preamble of only the definitions it uses, followed through
the macros they use in turn (`MacroTable.preamble`). The preamble is written so that KaTeX and
MathJax both accept it: `\def`, which may redefine anything (KaTeX's `\newcommand` refuses to
redefine its own `\R`). Because it holds only what the formula uses, it is also the right part
of the formula store's key: changing a macro re-typesets the formulas that use it, no others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_CONTROL = re.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL)
_BEGIN = re.compile(r"\\begin\s*\{([^{}]*)\}")
_DEFINERS = re.compile(
    r"\\(?:(?P<command>newcommand|renewcommand|providecommand)|(?P<def>[gex]?def)|(?P<op>DeclareMathOperator)"
    r"|(?P<let>let)|(?P<env>newenvironment|renewenvironment)|(?P<require>require))(?![A-Za-z])"
)


@dataclass(frozen=True, slots=True)
class Macro:
    r"""One definition: `name` is `\R` for a command, `{name}` for an environment."""

    name: str
    definition: str
    """TeX that defines it again, for KaTeX and MathJax alike where both can."""
    uses: frozenset[str]
    """Commands and `{environments}` its definition mentions, followed for the preamble."""


def uses_of(tex: str) -> set[str]:
    """The commands (`\frac`) and environments (`{align}`) a piece of TeX mentions."""
    return {m.group(0) for m in _CONTROL.finditer(tex)} | {f"{{{m.group(1).strip()}}}" for m in _BEGIN.finditer(tex)}


class MacroTable:
    """The macros in force at one point of a deck, in deck order."""

    def __init__(self, macros: Iterable[Macro] = ()) -> None:
        self._macros: dict[str, Macro] = {}
        for macro in macros:
            self.define(macro)

    def __contains__(self, name: str) -> bool:
        return name in self._macros

    def __len__(self) -> int:
        return len(self._macros)

    def define(self, macro: Macro) -> None:
        self._macros[macro.name] = macro

    def get(self, name: str) -> Macro | None:
        return self._macros.get(name)

    def macros(self) -> list[Macro]:
        """Every macro in force, in the order they were first defined."""
        return list(self._macros.values())

    def take(self, tex: str) -> str:
        """Keep the definitions made in `tex`; return what is left of it to typeset."""
        rest, start = [], 0
        for found in _DEFINERS.finditer(tex):
            if found.start() < start or _escaped(tex, found.start()):
                continue
            parsed = _parse(self, found, tex)
            if parsed is None:  # malformed: left in place, for the engines to report
                continue
            macro, end = parsed
            rest.append(tex[start:found.start()])
            start = end
            if macro is not None:
                self.define(macro)
        rest.append(tex[start:])
        return "".join(rest)

    def preamble(self, tex: str) -> str:
        """The definitions `tex` needs, in a stable order (so equal needs give equal keys)."""
        needed: set[str] = set()
        todo = [name for name in uses_of(tex) if name in self._macros]
        while todo:
            name = todo.pop()
            if name not in needed:
                needed.add(name)
                todo.extend(used for used in self._macros[name].uses if used in self._macros)
        return "".join(self._macros[name].definition for name in sorted(needed))

    def simple_bodies(self) -> dict[str, str]:
        """Macros without arguments, as name → body: for engines that only substitute text."""
        bodies = {}
        for name, macro in self._macros.items():
            simple = re.fullmatch(r"\\def(\\[A-Za-z]+|\\.)\{(.*)\}", macro.definition, re.DOTALL)
            if simple:
                bodies[name] = simple.group(2)
        return bodies


def definition_end(tex: str, at: int) -> int | None:
    """Where the definition that starts at `tex[at]` ends, or None if none starts there."""
    found = _DEFINERS.match(tex, at)
    parsed = _parse(MacroTable(), found, tex) if found else None
    return None if parsed is None else parsed[1]


DEFINERS = re.sub(r"\(\?P<\w+>", "(?:", _DEFINERS.pattern)
"""A regular expression (without groups) for the commands that start a definition."""


def macros_from_config(macros: Mapping[str, object]) -> list[Macro]:
    """MathJax's configuration form, `{R: "\\mathbb{R}", bold: ["{\\bf #1}", 1]}` (a third item
    is the default of an optional first argument); ValueError says which entry is wrong."""
    found = []
    for key, value in macros.items():
        name = "\\" + str(key).lstrip("\\")
        if isinstance(value, str):
            body, count, default = value, 0, None
        elif isinstance(value, list) and 2 <= len(value) <= 3 and isinstance(value[0], str) and _count(value[1]):
            body, count, default = value[0], int(value[1]), (str(value[2]) if len(value) == 3 else None)
        else:
            raise ValueError(f"macro {key!r} must be TeX text or [TeX, number of arguments(, default)]")
        found.append(_command(name, count, default, body))
    return found


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9


def _command(name: str, count: int, default: str | None, body: str) -> Macro:
    uses = frozenset(uses_of(body))
    if default is None:
        params = "".join(f"#{n}" for n in range(1, count + 1))
        return Macro(name, f"\\def{name}{params}{{{body}}}", uses)
    # An optional argument: only MathJax can read this, so KaTeX hands such formulas over.
    return Macro(name, f"\\newcommand{{{name}}}[{count}][{default}]{{{body}}}", uses)


def _parse(table: MacroTable, found: re.Match[str], tex: str) -> tuple[Macro | None, int] | None:
    """The definition that starts at `found`, and where it ends; None if it does not parse."""
    at = found.end()
    try:
        if found.group("command"):
            return _parse_command(table, found.group("command"), tex, at)
        if found.group("def"):
            return _parse_def(tex, at)
        if found.group("op"):
            return _parse_operator(tex, at)
        if found.group("let"):
            return _parse_let(table, tex, at)
        if found.group("require"):  # MathJax's `\require{color}` loads an extension: KaTeX has them all
            return None, _group(tex, at)[1]
        return _parse_environment(tex, at, found.group(0))
    except _Malformed:
        return None


class _Malformed(Exception):
    pass


def _parse_command(table: MacroTable, kind: str, tex: str, at: int) -> tuple[Macro | None, int]:
    at = _star(tex, at)
    name, at = _name(tex, at)
    count_text, at = _optional(tex, at)
    default, at = _optional(tex, at) if count_text is not None else (None, at)
    body, at = _group(tex, at)
    if count_text is not None and not count_text.strip().isdigit():
        raise _Malformed
    count = int(count_text) if count_text is not None else 0
    if kind == "providecommand" and name in table:
        return None, at
    return _command(name, count, default, body), at


def _parse_def(tex: str, at: int) -> tuple[Macro, int]:
    name, at = _control(tex, at)
    params_end = tex.find("{", at)
    if params_end < 0 or not re.fullmatch(r"[^{}\\%]*", tex[at:params_end]):
        raise _Malformed
    params = tex[at:params_end]
    body, at = _group(tex, params_end)
    return Macro(name, f"\\def{name}{params}{{{body}}}", frozenset(uses_of(body))), at


def _parse_operator(tex: str, at: int) -> tuple[Macro, int]:
    limits = tex.startswith("*", _skip(tex, at))
    at = _star(tex, at)
    name, at = _name(tex, at)
    text, at = _group(tex, at)
    operator = "\\operatorname*" if limits else "\\operatorname"
    return Macro(name, f"\\def{name}{{{operator}{{{text}}}}}", frozenset(uses_of(text))), at


def _parse_let(table: MacroTable, tex: str, at: int) -> tuple[Macro, int]:
    name, at = _control(tex, at)
    at = _skip(tex, at)
    if tex.startswith("=", at):
        at = _skip(tex, at + 1)
    target, at = _control(tex, at) if tex.startswith("\\", at) else (tex[at:at + 1], at + 1)
    if not target:
        raise _Malformed
    copied = table.get(target)
    if copied is not None:  # \let copies the meaning the target has now
        definition = copied.definition.replace(target, name, 1)
        return Macro(name, definition, copied.uses), at
    return Macro(name, f"\\let{name}{target}", frozenset({target})), at


def _parse_environment(tex: str, at: int, definer: str) -> tuple[Macro, int]:
    """`\newenvironment{name}[n][default]{begin}{end}`: MathJax only, kept as written."""
    start = at
    name, at = _group(tex, at)
    count, at = _optional(tex, at)
    if count is not None:
        _, at = _optional(tex, at)
    begin, at = _group(tex, at)
    end, at = _group(tex, at)
    written = "\\newenvironment" + tex[start:at]
    del definer  # \renewenvironment is \newenvironment here: MathJax's definitions are global anyway
    return Macro(f"{{{name.strip()}}}", written, frozenset(uses_of(begin + end))), at


def _escaped(tex: str, at: int) -> bool:
    """Whether the backslash at `at` is the second half of `\\`."""
    run = 0
    while at - run - 1 >= 0 and tex[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _skip(tex: str, at: int) -> int:
    while at < len(tex) and tex[at] in " \t\r\n":
        at += 1
    return at


def _star(tex: str, at: int) -> int:
    at = _skip(tex, at)
    return at + 1 if tex.startswith("*", at) else at


def _control(tex: str, at: int) -> tuple[str, int]:
    at = _skip(tex, at)
    found = _CONTROL.match(tex, at)
    if not found:
        raise _Malformed
    return found.group(0), found.end()


def _name(tex: str, at: int) -> tuple[str, int]:
    """`{\name}` or `\name`."""
    at = _skip(tex, at)
    if tex.startswith("{", at):
        inner, end = _group(tex, at)
        name = inner.strip()
        if not _CONTROL.fullmatch(name):
            raise _Malformed
        return name, end
    return _control(tex, at)


def _optional(tex: str, at: int) -> tuple[str | None, int]:
    """`[text]` if there is one here."""
    probe = _skip(tex, at)
    if not tex.startswith("[", probe):
        return None, at
    end = tex.find("]", probe)
    if end < 0:
        raise _Malformed
    return tex[probe + 1:end], end + 1


def _group(tex: str, at: int) -> tuple[str, int]:
    """The text of the balanced `{…}` group here (a lone command counts as a group)."""
    at = _skip(tex, at)
    if tex.startswith("\\", at):
        return _control(tex, at)
    if not tex.startswith("{", at):
        raise _Malformed
    depth, i = 0, at
    while i < len(tex):
        char = tex[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return tex[at + 1:i], i + 1
        i += 1
    raise _Malformed
