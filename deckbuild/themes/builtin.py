"""The built-in themes' folders, as the targets of deckbuild's own `deckbuild.themes` entry points."""

from pathlib import Path

HERE = Path(__file__).resolve().parent

default = HERE / "default"
dark = HERE / "dark"
serif = HERE / "serif"
high_contrast = HERE / "high-contrast"
vivid = HERE / "vivid"
