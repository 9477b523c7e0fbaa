"""Colour for the `stackyard` commands' text output, only where a person reads it.

`color_enabled(stream)` decides once per command, in this order (CPython's own, `_colorize.can_colorize`):

1. `NO_COLOR` set to anything but "" (https://no-color.org): no colour;
2. `FORCE_COLOR` set to anything but "" (https://force-color.org): colour, even into a pipe or a file;
3. `TERM=dumb`: no colour;
4. otherwise colour only when the stream is a terminal.

So redirected output, `--json`, `--markdown` and tests never carry escape codes unless `FORCE_COLOR` asks.
`Palette(enabled)` wraps text in ANSI SGR codes when enabled and returns it unchanged when not, so the text
forms are built once and are byte-identical without colour.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

RESET = "\033[0m"
CODES = {
    "bold": "\033[1m",
    "dim": "\033[2m",
    "red": "\033[31m",
    "green": "\033[32m",
    "yellow": "\033[33m",
    "cyan": "\033[36m",
}


def color_enabled(stream: Any, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what is written to `stream` (see the module docstring for the order)."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", ""):
        return False
    if env.get("FORCE_COLOR", ""):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (ValueError, OSError):  # a closed or detached stream
        return False


@dataclass(frozen=True)
class Palette:
    """Styles text when `enabled`; the identity otherwise."""

    enabled: bool = False

    def paint(self, text: str, *styles: str) -> str:
        """`text` in the given styles (names of `CODES`: bold, dim, red, green, yellow, cyan)."""
        if not self.enabled or not styles or not text:
            return text
        return "".join(CODES[style] for style in styles) + text + RESET

    def bold(self, text: str) -> str:
        return self.paint(text, "bold")

    def dim(self, text: str) -> str:
        return self.paint(text, "dim")

    def red(self, text: str) -> str:
        return self.paint(text, "red")

    def green(self, text: str) -> str:
        return self.paint(text, "green")

    def yellow(self, text: str) -> str:
        return self.paint(text, "yellow")

    def cyan(self, text: str) -> str:
        return self.paint(text, "cyan")


PLAIN = Palette()
"""No colour: the default of the functions that take a palette."""


def palette_for(stream: Any) -> Palette:
    """The palette for output written to `stream`."""
    return Palette(color_enabled(stream))
