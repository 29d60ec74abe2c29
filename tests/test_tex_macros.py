"""Macro definitions are cut out of formulas and kept, and a formula's preamble holds exactly
the definitions it uses, written so KaTeX and MathJax both read them."""

from __future__ import annotations

import pytest

from deckbuild.rendering.tex_macros import MacroTable, macros_from_config

# (formula, what is left to typeset, the preamble `\R x` then needs)
DEFINITIONS: dict[str, tuple[str, str, str]] = {
    "newcommand": (r"\newcommand{\R}{\mathbb{R}}", "", r"\def\R{\mathbb{R}}"),
    "newcommand without braces": (r"\newcommand\R{\mathbb{R}}", "", r"\def\R{\mathbb{R}}"),
    "starred": (r"\newcommand*{\R}{\mathbb{R}}", "", r"\def\R{\mathbb{R}}"),
    "renewcommand of a built-in": (r"\renewcommand{\R}{\mathbf{R}}", "", r"\def\R{\mathbf{R}}"),
    "def": (r"\def\R{\mathbb{R}}", "", r"\def\R{\mathbb{R}}"),
    "gdef": (r"\gdef\R{\mathbb{R}}", "", r"\def\R{\mathbb{R}}"),
    "operator": (r"\DeclareMathOperator{\R}{Re}", "", r"\def\R{\operatorname{Re}}"),
    "operator with limits": (r"\DeclareMathOperator*{\R}{arg\,max}", "", r"\def\R{\operatorname*{arg\,max}}"),
    "let to a built-in": (r"\let\R\mathbb", "", r"\let\R\mathbb"),
    "let with equals": (r"\let\R=\mathbb", "", r"\let\R\mathbb"),
    "definition among maths": (r"a \def\R{\mathbb{R}} b", "a  b", r"\def\R{\mathbb{R}}"),
    "two definitions": (r"\def\R{\mathbb{R}}\def\N{\mathbb{N}}x", "x", r"\def\R{\mathbb{R}}"),
    "nested braces": (r"\newcommand{\R}{\mathbb{R}^{\{n\}}}", "", r"\def\R{\mathbb{R}^{\{n\}}}"),
    "not a definition": (r"\\def \undef x", r"\\def \undef x", ""),
    "malformed stays": (r"\newcommand{\R}", r"\newcommand{\R}", ""),
    "MathJax's require loads nothing here": (r"\require{color}\color{red}{x}", r"\color{red}{x}", ""),
    "require among maths": (r"a \require{cancel} b", "a  b", ""),
}


@pytest.mark.parametrize(("tex", "left", "preamble"), DEFINITIONS.values(), ids=DEFINITIONS.keys())
def test_definitions_are_taken_out_and_kept(tex: str, left: str, preamble: str) -> None:
    table = MacroTable()
    assert table.take(tex) == left
    assert table.preamble(r"\R x") == preamble


ARGUMENTS: dict[str, tuple[str, str]] = {
    "newcommand with arguments": (r"\newcommand{\sub}[1]{_{\mathrm{#1}}}", r"\def\sub#1{_{\mathrm{#1}}}"),
    "def with parameters": (r"\def\sub#1#2{#1_#2}", r"\def\sub#1#2{#1_#2}"),
    "optional argument (MathJax only)": (r"\newcommand{\sub}[2][i]{#1_#2}", r"\newcommand{\sub}[2][i]{#1_#2}"),
}


@pytest.mark.parametrize(("tex", "preamble"), ARGUMENTS.values(), ids=ARGUMENTS.keys())
def test_arguments_are_kept(tex: str, preamble: str) -> None:
    table = MacroTable()
    table.take(tex)
    assert table.preamble(r"W\sub{out}") == preamble


def test_preamble_follows_the_macros_a_macro_uses_and_nothing_else() -> None:
    table = MacroTable()
    table.take(r"\def\R{\mathbb{R}} \def\Rn{\R^n} \def\N{\mathbb{N}}")
    assert table.preamble(r"x \in \Rn") == r"\def\R{\mathbb{R}}\def\Rn{\R^n}"
    assert table.preamble("x + y") == ""


def test_a_later_definition_wins() -> None:
    table = MacroTable()
    table.take(r"\newcommand{\R}{\mathbb{R}}")
    table.take(r"\renewcommand{\R}{\mathbf{R}}")
    assert table.preamble(r"\R") == r"\def\R{\mathbf{R}}"


def test_providecommand_keeps_an_existing_definition() -> None:
    table = MacroTable()
    table.take(r"\newcommand{\R}{\mathbb{R}}")
    assert table.take(r"\providecommand{\R}{x} y") == " y"
    table.take(r"\providecommand{\N}{\mathbb{N}}")
    assert table.preamble(r"\R \N") == r"\def\N{\mathbb{N}}\def\R{\mathbb{R}}"


def test_let_copies_the_meaning_a_deck_macro_has_now() -> None:
    table = MacroTable()
    table.take(r"\def\R{\mathbb{R}}")
    table.take(r"\let\Reals\R")
    table.take(r"\def\R{\mathbf{R}}")
    assert table.preamble(r"\Reals") == r"\def\Reals{\mathbb{R}}"


def test_environments_are_found_by_begin() -> None:
    table = MacroTable()
    assert table.take(r"\newenvironment{boxed}{\boxed{}{}") == r"\newenvironment{boxed}{\boxed{}{}"  # unbalanced
    table.take(r"\newenvironment{mine}{\left(}{\right)}")
    assert table.preamble(r"\begin{mine} x \end{mine}") == r"\newenvironment{mine}{\left(}{\right)}"


def test_mathjax_configuration_macros() -> None:
    table = MacroTable(macros_from_config({"RR": "{\\bf R}", "bold": ["{\\bf #1}", 1], "opt": ["#1#2", 2, "x"]}))
    assert table.preamble(r"\RR \bold{x} \opt{y}") == (
        r"\def\RR{{\bf R}}\def\bold#1{{\bf #1}}\newcommand{\opt}[2][x]{#1#2}"
    )
    with pytest.raises(ValueError, match="'bad'"):
        macros_from_config({"bad": ["x", "two"]})
