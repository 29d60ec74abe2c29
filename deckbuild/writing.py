"""Putting outputs on disk without destroying anything: the one writer of pages, PDFs, images,
cache entries and the formula store.

- Every file is written to a temporary file beside it and renamed into place
  (`atomic_write`), so nothing is ever half-written; a page and its `talk_files/` folder are
  staged together in a scratch folder beside the page (`write_page`).
- No output replaces a file the deck is made from (`refuse_inputs`): the source, the project
  file, a stylesheet, an image, a theme file. Outputs are checked after symlinks are resolved
  and before anything is written.
- A page's `talk_files/` folder is replaced only if deckbuild made it (it holds `MARKER`) or it
  is empty, never when it holds an input or the working folder (`check_files_folder`); and by
  renames (`swap_folder`), so two renders at once each leave a complete folder.
- The file system saying no (a file where a folder should be, a read-only folder) is one line
  naming the output (`reported`), not a traceback.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.errors import DeckError

if TYPE_CHECKING:
    from deckbuild.rendering.sinks import Asset

MARKER = ".deckbuild-files"
MARKER_TEXT = "deckbuild made this folder and replaces it on every render; keep nothing of yours here.\n"


def atomic_write(path: Path, data: bytes | str) -> None:
    """`data` in `path`, through a temporary file beside it renamed into place; the file gets
    the permissions a new file would (mkstemp's are 0600, and caches are committed and shared).
    Raises OSError: `reported` turns it into one line where that is what the user needs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_page(target: Path, html: str, folder: str | None, files: Mapping[str, Asset]) -> None:
    """The page, and its files in the folder `folder` beside it, staged together and renamed into place."""
    with _staging(target) as staging, reported(target):
        staged = staging / target.name
        staged.write_text(html, encoding="utf-8")
        if folder is not None:
            files_dir = staging / folder
            files_dir.mkdir()
            for name, asset in files.items():
                (files_dir / name).write_bytes(asset.read())
            mark(files_dir)
            swap_folder(files_dir, target.parent / folder, staging)
        os.replace(staged, target)


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A scratch folder beside `target` (so the final renames stay on one file system)."""
    with reported(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.stem}.")
    with scratch as folder:
        yield Path(folder)


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[Path], source: Path | None) -> None:
    """An error if an output (after symlinks) is one of the deck's input files."""
    resolved = {path.resolve() for path in inputs}
    for output in outputs:
        if output.resolve() in resolved:
            is_source = source is not None and output.resolve() == source.resolve()
            what = "the deck's source" if is_source else "a file the deck is made from"
            raise DeckError(f"the output would replace {what}; nothing was written", path=shown(output),
                            fix="choose another output file with -o")


def check_files_folder(folder: Path, inputs: Iterable[Path], source: Path) -> None:
    """An error unless `folder` may be replaced by a new `talk_files/` folder."""
    folder = folder.resolve()
    fix = "render to another name with -o, or move the folder away"
    held = [what for what, path in (("the deck's source", source), ("the working folder", Path.cwd()))
            if path.resolve().is_relative_to(folder)]
    held += [f"`{path.name}`, which the deck uses" for path in inputs if path.resolve().is_relative_to(folder)][:1]
    if held:
        raise DeckError(f"--no-embed would replace this folder, but it holds {' and '.join(held[:2])}",
                        path=shown(folder), fix=fix)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise DeckError("--no-embed would replace this, but it is not a folder", path=shown(folder), fix=fix)
    if folder.is_dir() and not _ours(folder):
        raise DeckError(f"--no-embed would replace this folder, but deckbuild did not make it (no {MARKER} in it)",
                        path=shown(folder), fix=fix)


def mark(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def swap_folder(new: Path, old: Path, graveyard: Path) -> None:
    """Move `new` to `old`, moving a previous `old` (deckbuild's) into `graveyard` first.

    Two renders may race here: the rename into place fails with "not empty" while the other
    render's folder stands there, so move that one aside too and try again."""
    for attempt in range(50):
        if old.is_dir():
            if not _ours(old):
                raise DeckError(f"deckbuild did not make this folder (no {MARKER} in it)", path=shown(old),
                                fix="render to another name with -o, or move the folder away")
            try:
                old.rename(graveyard / f"old-{attempt}")
            except FileNotFoundError:
                pass  # the other render moved it first
        try:
            new.rename(old)
            return
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
    raise DeckError("another render keeps replacing this folder", path=shown(old), fix="run one render at a time")


def _ours(folder: Path) -> bool:
    return (folder / MARKER).is_file() or not any(folder.iterdir())


@contextmanager
def reported(output: Path) -> Iterator[None]:
    """Turns the file system's refusal to write `output` into one line that says why."""
    try:
        yield
    except OSError as exc:
        blocker = next((parent for parent in output.parents if parent.exists()), output.parent)
        if not blocker.is_dir():
            reason, fix = f"{shown(blocker)} is a file, not a folder", "choose another output with -o"
        elif isinstance(exc, PermissionError):
            reason, fix = f"{shown(blocker)} is read-only", "choose another output with -o, or make the folder writable"
        else:
            reason, fix = exc.strerror or str(exc), "choose another output with -o"
        raise DeckError(f"cannot write this output: {reason}", path=shown(output), fix=fix) from None


def shown(path: Path) -> Path:
    """`path` as the user would type it: relative to the working folder when inside it."""
    cwd = Path.cwd()
    return path.relative_to(cwd) if path.is_relative_to(cwd) and path != cwd else path
