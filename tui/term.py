"""What the terminal can show, decided once when the board opens.

``detect`` reads the ``--plain`` flag and the environment (``NO_COLOR``, ``TERM``, ``COLORTERM``,
``LAKIP_THEME``) into a ``Terminal``, which the App receives; ``apply`` sets the App up for it:

- ``no_color`` (``NO_COLOR`` set and not empty): no colour codes at all (Textual's ``NoColor``
  filter, so the terminal's own foreground and background stay); the no-colour theme shows focus,
  selection and cursors by reverse, bold or underline; states are written as text (``[v]``,
  ``TERLAMBAT``), disabled keys struck through.
- ``ascii`` (``--plain``, or a terminal whose font lacks the glyphs: ``TERM=linux``, ``vt100``...):
  ASCII only. One glyph table: key names are written out, and every glyph Textual draws (box
  lines, blocks, arrows, the ellipsis, the palette's search icon) is replaced cell for cell.
- ``ansi``: the 16-colour theme (``--plain``, ``LAKIP_THEME=ansi``, ``NO_COLOR``, or a terminal
  with few colours).

``tui.app`` imports this module only when the board opens (it imports Textual).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from rich.segment import Segment
from textual.app import App
from textual.color import Color
from textual.filter import LineFilter, Monochrome, NoColor
from textual.theme import BUILTIN_THEMES, Theme

ENV_THEME = "LAKIP_THEME"  # "ansi" asks for the 16-colour theme
NO_COLOR_THEME = "lakip-tanpa-warna"
# Terminals whose font has no Unicode glyphs beyond (at most) the box lines of code page 437.
_ASCII_TERMS = ("linux", "vt52", "vt100", "vt102", "vt220", "vt320", "ansi", "cons25", "dumb")
_FEW_COLOUR_TERMS = (*_ASCII_TERMS, "xterm-16color", "screen")


@dataclass(frozen=True)
class Glyphs:
    """How keys and glyphs are drawn: ``keys`` maps Textual's key symbols to what is shown,
    ``cells`` maps a drawn character to its same-width replacement (empty: drawn as is)."""

    keys: Mapping[str, str]
    cells: Mapping[int, str]
    toggle: tuple[str, str]  # the sides of a check box or radio button

    def key(self, shown: str) -> str:
        return self.keys.get(shown, shown)


def _ascii_cells() -> dict[int, str]:
    """Every glyph Textual may draw, as the ASCII character of the same width."""
    table: dict[int, str] = {}
    for code in range(0x2500, 0x2580):  # box drawing: lines, corners, crossings
        name = unicodedata.name(chr(code), "")
        across, down = "HORIZONTAL" in name, "VERTICAL" in name
        table[code] = "-" if across and not down else "|" if down and not across else "+"
    for code in range(0x2580, 0x25A0):  # block elements: scrollbar ends, tall and hkey borders
        table[code] = " "
    for ch in "█▓▒░":
        table[ord(ch)] = "#"
    table[ord("▏")], table[ord("▕")] = "[", "]"  # the edges of a one-line input (lakip.tcss)
    for ch, ascii in {
        "…": "~", "←": "<", "→": ">", "↑": "^", "↓": "v", "⏎": "<", "⌫": "<",
        "▲": "^", "▼": "v", "▶": ">", "◀": "<", "►": ">", "◄": "<",
        "●": "*", "•": "*", "○": "o", "◉": "*", "✓": "v", "✔": "v", "✗": "x", "✕": "x",
        "🔎": "> ", "🔍": "> ",  # two cells wide, like the icon
    }.items():  # fmt: skip
        table[ord(ch)] = ascii
    return table


UNICODE = Glyphs(keys={}, cells={}, toggle=("▐", "▌"))
ASCII = Glyphs(
    keys={
        "⏎": "Enter",
        "↑": "Atas",
        "↓": "Bawah",
        "←": "Kiri",
        "→": "Kanan",
        "⌫": "Backspace",
    },
    cells=_ascii_cells(),
    toggle=("[", "]"),
)


@dataclass(frozen=True)
class Terminal:
    """What the terminal the board runs in can show."""

    no_color: bool = False
    ascii: bool = False
    ansi: bool = False

    @property
    def glyphs(self) -> Glyphs:
        return ASCII if self.ascii else UNICODE


FULL_TERMINAL = Terminal()  # colours and Unicode glyphs


def detect(plain: bool = False, env: Mapping[str, str] | None = None) -> Terminal:
    """The terminal's capabilities from the ``--plain`` flag and the environment."""
    env = os.environ if env is None else env
    term = env.get("TERM", "")
    base = term.split("-")[0]
    no_color = bool(env.get("NO_COLOR"))  # no-color.org: set and not empty
    ascii = plain or base in _ASCII_TERMS
    few = (term in _FEW_COLOUR_TERMS or base in _ASCII_TERMS) and not env.get("COLORTERM")
    ansi = plain or no_color or env.get(ENV_THEME, "").lower() == "ansi" or few
    return Terminal(no_color=no_color, ascii=ascii, ansi=ansi)


def glyphs_of(app: object) -> Glyphs:
    """The glyph table of ``app`` (Unicode for an App that was not given a ``Terminal``)."""
    term = getattr(app, "term", None)
    return term.glyphs if isinstance(term, Terminal) else UNICODE


class CellFilter(LineFilter):
    """Draws each glyph as its same-width replacement from the glyph table."""

    def __init__(self, cells: Mapping[int, str]) -> None:
        super().__init__()
        self.cells = dict(cells)

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        table = self.cells
        return [
            s if s.text.isascii() else Segment(s.text.translate(table), s.style, s.control)
            for s in segments
        ]


def _no_color_theme() -> Theme:
    """The 16-colour theme, with cursors and focus shown by reverse, bold and underline."""
    ansi = BUILTIN_THEMES["ansi-dark"]
    variables = {
        **ansi.variables,
        "block-cursor-text-style": "bold reverse",
        "block-cursor-blurred-text-style": "underline",
        "input-cursor-text-style": "reverse",
        "button-focus-text-style": "bold reverse",
    }
    return replace(ansi, name=NO_COLOR_THEME, variables=variables)


def apply(app: App[Any], term: Terminal) -> None:
    """Set ``app`` up for ``term`` (from its ``__init__``): theme and output filters."""
    if term.no_color:
        app.register_theme(_no_color_theme())
        app.theme = NO_COLOR_THEME
    elif term.ansi:
        app.theme = "ansi-dark"
    # Textual reads NO_COLOR itself and, on a colour theme, turns colours grey: black on black
    # once the 16-colour theme is chosen. Here the decision is ours, and colours are dropped.
    app.no_color = term.no_color
    kept = [f for f in app._filters if not isinstance(f, Monochrome | NoColor | CellFilter)]
    if term.no_color:
        kept.append(NoColor())
    if term.glyphs.cells:
        kept.append(CellFilter(term.glyphs.cells))
    app._filters = kept
