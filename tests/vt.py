"""A small VT emulator for tests: run the real ``lakip`` in a pseudo-terminal and read what it drew.

Only what a full-screen Textual program emits is understood: SGR (colours and attributes), cursor
addressing and movement, erasing, the alternate screen; other control sequences are skipped. The
result is a grid of cells, each with its character, colours and attributes, plus every SGR
parameter list seen, so a test can ask what a terminal would really show.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

Colour = tuple[int, int, int]

# The xterm palette for the 16 ANSI colours; the 256-colour cube and grey ramp follow the rule.
_ANSI16: tuple[Colour, ...] = (
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
    (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
)  # fmt: skip
DEFAULT_FG: Colour = (229, 229, 229)  # a dark terminal: light text on black
DEFAULT_BG: Colour = (0, 0, 0)


def palette(n: int) -> Colour:
    if n < 16:
        return _ANSI16[n]
    if n < 232:
        n -= 16
        steps = (0, 95, 135, 175, 215, 255)
        return steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
    grey = 8 + (n - 232) * 10
    return grey, grey, grey


@dataclass(frozen=True)
class Pen:
    """Colours (``None`` = the terminal's default) and attributes of what is written next."""

    fg: Colour | None = None
    bg: Colour | None = None
    bold: bool = False
    dim: bool = False
    italic: bool = False
    underline: bool = False
    reverse: bool = False
    strike: bool = False

    def shown(self) -> tuple[Colour, Colour]:
        """Foreground and background as seen, defaults resolved and reverse applied."""
        fg = self.fg or DEFAULT_FG
        bg = self.bg or DEFAULT_BG
        return (bg, fg) if self.reverse else (fg, bg)


@dataclass(frozen=True)
class Cell:
    char: str = " "
    pen: Pen = field(default_factory=Pen)


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class Screen:
    """A terminal of ``width`` x ``height`` cells fed with the program's output."""

    def __init__(self, width: int = 80, height: int = 24) -> None:
        self.width, self.height = width, height
        self.main = self._blank()
        self.alt = self._blank()
        self.grid = self.main
        self.x = self.y = 0
        self.saved = (0, 0)
        self.pen = Pen()
        self.sgr_seen: set[str] = set()  # every SGR parameter list, e.g. "1;7", "38;5;16"
        self.drawn: set[str] = set()  # every character ever written, on any screen
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""

    def _blank(self) -> list[list[Cell]]:
        return [[Cell() for _ in range(self.width)] for _ in range(self.height)]

    # -- reading

    def line(self, y: int) -> str:
        return "".join(c.char for c in self.grid[y])

    def text(self) -> str:
        return "\n".join(self.line(y) for y in range(self.height))

    def cells(self) -> Iterable[tuple[int, int, Cell]]:
        for y, row in enumerate(self.grid):
            for x, cell in enumerate(row):
                yield x, y, cell

    def find(self, needle: str) -> tuple[int, int] | None:
        for y in range(self.height):
            x = self.line(y).find(needle)
            if x >= 0:
                return x, y
        return None

    # -- writing

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "\x1b":
                end = self._escape(text, i)
                if end is None:  # sequence continues in the next read
                    self._pending = text[i:]
                    return
                i = end
                continue
            if ch == "\r":
                self.x = 0
            elif ch == "\n":
                self.y = min(self.y + 1, self.height - 1)
            elif ch == "\b":
                self.x = max(self.x - 1, 0)
            elif ch >= " ":
                self._put(ch)
            i += 1

    def _put(self, ch: str) -> None:
        w = char_width(ch)
        if w == 0:
            return
        if self.x + w > self.width:
            self.x = 0
            self.y = min(self.y + 1, self.height - 1)
        self.drawn.add(ch)
        self.grid[self.y][self.x] = Cell(ch, self.pen)
        if w == 2:
            self.grid[self.y][self.x + 1] = Cell("", self.pen)
        self.x += w

    def _escape(self, text: str, i: int) -> int | None:
        if i + 1 >= len(text):
            return None
        kind = text[i + 1]
        if kind == "[":
            j = i + 2
            while j < len(text) and not ("@" <= text[j] <= "~"):
                j += 1
            if j >= len(text):
                return None
            self._csi(text[i + 2 : j], text[j])
            return j + 1
        if kind in "]P_^X":  # strings: ended by BEL or ESC \
            j = i + 2
            while j < len(text):
                if text[j] == "\x07":
                    return j + 1
                if text[j] == "\x1b" and j + 1 < len(text) and text[j + 1] == "\\":
                    return j + 2
                j += 1
            return None
        if kind in "()*+#%":  # character set and similar: one more character
            return i + 3 if i + 2 < len(text) else None
        if kind == "7":
            self.saved = (self.x, self.y)
        elif kind == "8":
            self.x, self.y = self.saved
        return i + 2

    def _csi(self, params: str, final: str) -> None:
        private = params[:1] in ("?", ">", "<", "=")
        body = params[1:] if private else params
        if any(c in body for c in "$ !\"'"):  # requests and settings with intermediates
            return
        nums = [int(p) if p.isdigit() else 0 for p in body.split(";")] if body else []

        def arg(k: int, default: int = 1) -> int:
            return nums[k] if k < len(nums) and nums[k] else default

        if private:
            if params[:1] == "?" and final in "hl" and {1049, 47, 1047} & set(nums):
                self.grid = self.alt if final == "h" else self.main
                if final == "h":
                    self.alt[:] = self._blank()
            return
        if final == "m":
            self.sgr_seen.add(body or "0")
            self._sgr(nums or [0])
        elif final in "Hf":
            self.y = min(arg(0) - 1, self.height - 1)
            self.x = min(arg(1) - 1, self.width - 1)
        elif final == "A":
            self.y = max(self.y - arg(0), 0)
        elif final == "B":
            self.y = min(self.y + arg(0), self.height - 1)
        elif final == "C":
            self.x = min(self.x + arg(0), self.width - 1)
        elif final == "D":
            self.x = max(self.x - arg(0), 0)
        elif final == "G":
            self.x = min(arg(0) - 1, self.width - 1)
        elif final == "d":
            self.y = min(arg(0) - 1, self.height - 1)
        elif final == "J":
            mode = nums[0] if nums else 0
            rows = {0: range(self.y + 1, self.height), 1: range(self.y), 2: range(self.height)}
            for y in rows.get(mode, range(self.height)):
                self.grid[y] = [Cell(" ", self.pen) for _ in range(self.width)]
            if mode in (0, 1):
                self._erase_line(mode)
        elif final == "K":
            self._erase_line(nums[0] if nums else 0)
        elif final == "s":
            self.saved = (self.x, self.y)
        elif final == "u":
            self.x, self.y = self.saved

    def _erase_line(self, mode: int) -> None:
        row = self.grid[self.y]
        xs = {0: range(self.x, self.width), 1: range(self.x + 1)}.get(mode, range(self.width))
        for x in xs:
            row[x] = Cell(" ", self.pen)

    def _sgr(self, nums: list[int]) -> None:
        pen = self.pen
        k = 0
        while k < len(nums):
            n = nums[k]
            if n == 0:
                pen = Pen()
            elif n in (38, 48) and k + 1 < len(nums):
                if nums[k + 1] == 5 and k + 2 < len(nums):
                    colour, k = palette(nums[k + 2]), k + 2
                elif nums[k + 1] == 2 and k + 4 < len(nums):
                    colour, k = (nums[k + 2], nums[k + 3], nums[k + 4]), k + 4
                else:
                    colour = None
                pen = replace(pen, fg=colour) if n == 38 else replace(pen, bg=colour)
            elif 30 <= n <= 37 or 90 <= n <= 97:
                pen = replace(pen, fg=palette(n - 30 if n < 90 else n - 82))
            elif 40 <= n <= 47 or 100 <= n <= 107:
                pen = replace(pen, bg=palette(n - 40 if n < 100 else n - 92))
            elif n == 39:
                pen = replace(pen, fg=None)
            elif n == 49:
                pen = replace(pen, bg=None)
            else:
                on = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 7: "reverse", 9: "strike"}
                off = {22: ("bold", "dim"), 23: ("italic",), 24: ("underline",), 27: ("reverse",)}
                if n in on:
                    pen = replace(pen, **{on[n]: True})
                elif n in off:
                    pen = replace(pen, **dict.fromkeys(off[n], False))
                elif n == 29:
                    pen = replace(pen, strike=False)
            k += 1
        self.pen = pen


# -- running a program in a pseudo-terminal


def lakip_program() -> str:
    """The ``lakip`` script installed next to this Python."""
    return str(Path(sys.executable).with_name("lakip"))


@dataclass
class Run:
    screen: Screen
    output: bytes
    returncode: int | None


def run_in_pty(
    args: list[str],
    env: Mapping[str, str],
    *,
    size: tuple[int, int] = (80, 24),
    keys: Iterable[str] = (),
    ready: str = "",
    timeout: float = 60.0,
    quiet: float = 0.8,
) -> Run:
    """Run ``args`` in a pty of ``size``; wait until ``ready`` is on screen and output stops for
    ``quiet`` seconds; type each of ``keys`` (waiting for quiet after each); return the screen as
    it was then (before quitting), every byte written, and the exit code after ``q``."""
    width, height = size
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    proc = subprocess.Popen(
        args,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=dict(env),
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    screen = Screen(width, height)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout

    def pump(until_ready: str) -> None:
        last = time.monotonic()
        while time.monotonic() < deadline:
            r, _, _ = select.select([master], [], [], 0.1)
            if r:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    return
                if not data:
                    return
                chunks.append(data)
                screen.feed(data)
                last = time.monotonic()
            elif proc.poll() is not None or (
                (not until_ready or until_ready in screen.text())
                and (time.monotonic() - last > quiet)
            ):
                return

    try:
        pump(ready)
        if ready not in screen.text():
            raise AssertionError(f"{ready!r} never shown:\n{screen.text()}")
        for key in keys:
            os.write(master, key.encode())
            pump("")
        shown = Screen(width, height)
        shown.grid = [list(row) for row in screen.grid]
        shown.sgr_seen = set(screen.sgr_seen)
        shown.drawn = set(screen.drawn)
        if proc.poll() is None:
            os.write(master, b"q")
            end = time.monotonic() + 10
            while proc.poll() is None and time.monotonic() < end:
                r, _, _ = select.select([master], [], [], 0.1)
                if r:
                    try:
                        chunks.append(os.read(master, 65536))
                    except OSError:
                        break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        os.close(master)
    return Run(shown, b"".join(chunks), proc.returncode)
