"""How many Quarto decks render on the first try: every .qmd under a folder, as a user runs it.

Each deck is rendered by `deckbuild render` in its own process (into a scratch folder, so the
corpus is never written to), with `--no-execute` when it has cells in a language other than
Python (R, Julia, Observable need kernels this machine may not have: their cells show their
code). Prints each failure's first error line, then the count that rendered.

    python benchmarks/quarto_corpus.py /work/quarto-smoke [--strict] [--timeout 120]

The corpus is not part of the repository: Quarto's own reveal.js test documents
(quarto-cli's `tests/docs/smoke-all` and `tests/docs/reveal`) and public talks, gathered by
whoever measures.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CELL = re.compile(r"^\s*(`{3,}|~{3,})\s*\{\s*([A-Za-z][\w-]*)", re.MULTILINE)


def languages(deck: Path) -> set[str]:
    """The languages of the deck's executable cells (```` ```{r} ```` → "r")."""
    return {match.group(2).lower() for match in CELL.finditer(deck.read_text(encoding="utf-8", errors="replace"))}


def render(deck: Path, scratch: Path, *, strict: bool, timeout: float) -> tuple[bool, str]:
    """Render one deck; (rendered, the first line of what went wrong)."""
    command = [sys.executable, "-m", "deckbuild", "render", str(deck), "-o", str(scratch / "out.html"), "--quiet",
               "--cache-dir", str(scratch / "cache")]
    if languages(deck) - {"python", "python3", "=html", "=latex", "=tex"}:
        command.append("--no-execute")
    if strict:
        command.append("--strict")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {timeout:.0f} s"
    if done.returncode == 0:
        return True, ""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    first = next((line for line in lines if line.startswith("error")), lines[-1] if lines else f"exit {done.returncode}")
    return False, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--strict", action="store_true", help="render with --strict (warnings are errors)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per deck")
    args = parser.parse_args()
    decks = sorted(path for path in args.folder.rglob("*.qmd")
                   if path.is_file() and not any(part.startswith((".", "_")) or part.endswith("_files")
                                                 for part in path.relative_to(args.folder).parts[:-1]))
    failures: list[tuple[Path, str]] = []
    started = time.perf_counter()
    for deck in decks:
        with tempfile.TemporaryDirectory(prefix="quarto-corpus-") as scratch:
            ok, why = render(deck, Path(scratch), strict=args.strict, timeout=args.timeout)
        if not ok:
            failures.append((deck, why))
            print(f"FAIL {deck.relative_to(args.folder)}: {why}", flush=True)
    rendered = len(decks) - len(failures)
    print(f"\n{rendered} of {len(decks)} decks rendered on the first try"
          f"{' (--strict)' if args.strict else ''} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
