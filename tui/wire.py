"""Fewer bytes to the terminal: colour and style codes sent only when they change.

Textual writes every run of text as ``ESC[<style>m text ESC[0m``, the full style again for each
run, even when the next run has the same colours (a card's border, text and padding share a
background). Over SSH at 80x24 that is three quarters of every update. ``squeeze_sgr`` rewrites
one write of the application so that the terminal shows the same cells while receiving only the
changes of style. ``lean_driver`` wraps Textual's driver so that every write goes through it.

The rewrite is exact or nothing: a write holding a style code it does not understand is sent
as it is. Only cursor moves keep the colours of the run before them (they paint nothing); any
other control sequence or a line feed is sent with the default style, as Textual sends it, and
every write ends in the default style.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.driver import Driver

# An SGR sequence (group 1: its parameters), or another control sequence or control character.
_TOKEN = re.compile(r"\x1b\[([0-9;:]*)m|(\x1b\[[0-9;:?<>=$]*[ -/]*[@-~]|\x1b[^\[]|[\r\n\x07\x08])")
_MOVES = frozenset("HABCDGdf")
_FLAGS = frozenset({"1", "2", "3", "4", "5", "6", "7", "8", "9", "21", "51", "52", "53"})

Style = tuple[frozenset[str], str, str]  # flags, foreground, background ("" = the default)
DEFAULT: Style = (frozenset(), "", "")


def apply_sgr(params: str, style: Style) -> Style | None:
    """The style after an SGR sequence with these parameters; None if one is not understood."""
    flags, fg, bg = set(style[0]), style[1], style[2]
    p = params.split(";") if params else ["0"]
    i = 0
    while i < len(p):
        x = p[i]
        if x in ("", "0"):
            flags, fg, bg = set(), "", ""
        elif x in _FLAGS:
            flags.add(x)
        elif x in ("38", "48"):
            mode = p[i + 1] if i + 1 < len(p) else ""
            n = {"2": 5, "5": 3}.get(mode, 0)
            if not n or i + n > len(p):
                return None
            colour = ";".join(p[i : i + n])
            i += n - 1
            fg, bg = (colour, bg) if x == "38" else (fg, colour)
        elif x.isdigit() and (30 <= int(x) <= 37 or 90 <= int(x) <= 97):
            fg = x
        elif x.isdigit() and (40 <= int(x) <= 47 or 100 <= int(x) <= 107):
            bg = x
        elif x == "39":
            fg = ""
        elif x == "49":
            bg = ""
        else:
            return None
        i += 1
    return frozenset(flags), fg, bg


def _change(have: Style, want: Style) -> str:
    """The shortest SGR sequence of ours that turns ``have`` into ``want``."""
    if have == want:
        return ""
    (hf, hfg, hbg), (wf, wfg, wbg) = have, want
    if hf <= wf and (wfg or not hfg) and (wbg or not hbg):  # only additions and new colours
        parts = sorted(wf - hf, key=int)
        parts += [c for c, old in ((wfg, hfg), (wbg, hbg)) if c != old]
    elif want == DEFAULT:
        return "\x1b[0m"
    else:
        parts = ["0", *sorted(wf, key=int), *(c for c in (wfg, wbg) if c)]
    return f"\x1b[{';'.join(parts)}m"


def squeeze_sgr(text: str) -> str:
    """The same cells on the terminal, with style codes only where the style changes."""
    if "\x1b]" in text or "\x1bP" in text:  # strings (links, titles): their text is not cells
        return text
    out: list[str] = []
    have = want = DEFAULT
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:  # printable text: it needs ``want``
            out.append(_change(have, want))
            out.append(text[pos : m.start()])
            have = want
        pos = m.end()
        params = m.group(1)
        if params is not None:
            after = apply_sgr(params, want)
            if after is None:
                return text
            want = after
            continue
        control = m.group(2)
        if not (control == "\r" or (control[:2] == "\x1b[" and control[-1] in _MOVES)):
            out.append(_change(have, DEFAULT))
            have = DEFAULT
        out.append(control)
    if pos < len(text):
        out.append(_change(have, want))
        out.append(text[pos:])
        have = want
    out.append(_change(have, DEFAULT))
    return "".join(out)


# Textual asks the terminal for every mouse movement (mode 1003), a report per cell the pointer
# crosses even with no button down: over SSH, traffic for nothing the board uses. Mode 1002 still
# reports clicks, the wheel and drags.
_MOUSE_MODES = {"\x1b[?1003h": "\x1b[?1002h", "\x1b[?1003l": "\x1b[?1002l"}


def button_mouse(text: str) -> str:
    """``text`` with any-motion mouse tracking asked as button-motion tracking."""
    if "\x1b[?1003" in text:
        for old, new in _MOUSE_MODES.items():
            text = text.replace(old, new)
    return text


@cache
def lean_driver(base: type[Driver]) -> type[Driver]:
    """``base`` whose writes go through ``squeeze_sgr`` and ask only for button mouse events."""

    class LeanDriver(base):  # type: ignore[valid-type,misc]
        def write(self, data: str) -> None:
            super().write(squeeze_sgr(button_mouse(data)))

    LeanDriver.__name__ = f"Lean{base.__name__}"
    return LeanDriver
