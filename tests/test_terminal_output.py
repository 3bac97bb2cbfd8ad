"""What the real ``lakip`` writes to a terminal: run in a pty at 80x24, read back as cells.

Under ``NO_COLOR`` no colour is emitted and every cell stays readable; under ``--plain`` and on
terminals without Unicode glyphs (``TERM=linux``, ``vt100``) only ASCII and box-drawing characters
are drawn (and, on the Linux console, the block elements its font has).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import demo_copy
from tests.vt import Run, lakip_program, run_in_pty
from tui.term import Terminal, detect

SIZE = (80, 24)
READY = "LAKIP 2025"
CTRL_P, ESC = "\x10", "\x1b"
# The block elements of the Linux console's own font (CP437): full, halves, shades, square.
LINUX_BLOCKS = frozenset("█▀▄▌▐░▒▓■")
ROUNDED = frozenset("╭╮╯╰")  # box drawing, but no console font has them


def env_for(term: str, *, no_color: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLORTERM", "TERM")}
    env["TERM"] = term
    env["TEXTUAL_ANIMATIONS"] = "none"
    if no_color:
        env["NO_COLOR"] = "1"
    return env


def run_board(
    tmp_path: Path, term: str, *args: str, no_color: bool = False, keys: tuple[str, ...] = ()
) -> Run:
    db = demo_copy(tmp_path)
    run = run_in_pty(
        [lakip_program(), "--db", str(db), *args],
        env_for(term, no_color=no_color),
        size=SIZE,
        keys=keys,
        ready=READY,
    )
    return run


def colour_params(sgr: str) -> list[int]:
    """The colour-setting parameters in one SGR list (39 and 49, 'default', are not colours)."""
    nums = [int(p) if p.isdigit() else 0 for p in sgr.split(";")]
    found: list[int] = []
    k = 0
    while k < len(nums):
        n = nums[k]
        if n in (38, 48):
            found.append(n)
            k += 3 if nums[k + 1 : k + 2] == [5] else 5
            continue
        if 30 <= n <= 37 or 40 <= n <= 47 or 90 <= n <= 97 or 100 <= n <= 107:
            found.append(n)
        k += 1
    return found


@pytest.mark.parametrize(
    ("term", "args"),
    [("xterm-256color", ()), ("xterm", ()), ("xterm-256color", ("--plain",))],
    ids=["256", "xterm", "plain"],
)
def test_no_color_emits_no_colour_and_every_cell_is_readable(
    tmp_path: Path, term: str, args: tuple[str, ...]
) -> None:
    run = run_board(tmp_path, term, *args, no_color=True)
    screen = run.screen
    coloured = sorted(s for s in screen.sgr_seen if colour_params(s))
    assert not coloured, f"colour SGR under NO_COLOR: {coloured[:8]}"
    unreadable = [(x, y) for x, y, c in screen.cells() if len(set(c.pen.shown())) == 1]
    assert not unreadable, f"{len(unreadable)} cells with fg == bg, first {unreadable[:5]}"
    # the focused card (the current step, 7) is told apart without colour: its title is reversed
    at = screen.find("> 7 <")
    assert at is not None, screen.text()
    x, y = at
    assert all(screen.grid[y][x + i].pen.reverse for i in range(5)), screen.line(y)


@pytest.mark.parametrize(
    ("term", "args", "extra"),
    [
        ("xterm-256color", ("--plain",), frozenset()),
        ("linux", (), LINUX_BLOCKS),
        ("vt100", (), frozenset()),
    ],
    ids=["plain", "linux", "vt100"],
)
def test_terminals_without_glyphs_get_ascii_and_box_drawing(
    tmp_path: Path, term: str, args: tuple[str, ...], extra: frozenset[str]
) -> None:
    # the board, then the command palette (its search icon), closed again
    run = run_board(tmp_path, term, *args, keys=(CTRL_P, ESC))
    bad = sorted(
        ch
        for ch in run.screen.drawn
        if not (ch.isascii() or "\u2500" <= ch <= "\u257f" or ch in extra) or ch in ROUNDED
    )
    assert not bad, f"glyphs this terminal may lack: {bad}"


def test_no_color_table_cursor_and_footer_keys_are_reversed(tmp_path: Path) -> None:
    """The indicator table (``i``): its cursor row and the footer's keys show without colour."""
    run = run_board(tmp_path, "xterm-256color", no_color=True, keys=("i",))
    screen = run.screen
    assert not [s for s in screen.sgr_seen if colour_params(s)]
    at = screen.find("Meningkatnya")  # the first row, a sasaran, holds the cursor
    assert at is not None, screen.text()
    x, y = at
    assert all(screen.grid[y][x + i].pen.reverse for i in range(12)), screen.line(y)
    footer = screen.find(" Kembali ")
    assert footer is not None, screen.text()
    x, y = footer
    assert screen.grid[y][x - 1].pen.reverse and not screen.grid[y][x + 1].pen.reverse


@pytest.mark.parametrize(
    ("plain", "env", "expected"),
    [
        (False, {"TERM": "xterm-256color", "COLORTERM": "truecolor"}, Terminal()),
        (False, {"TERM": "xterm-256color", "NO_COLOR": "1"}, Terminal(no_color=True, ansi=True)),
        (False, {"TERM": "xterm-256color", "NO_COLOR": ""}, Terminal()),  # empty: not set
        (True, {"TERM": "xterm-256color"}, Terminal(ascii=True, ansi=True)),
        (False, {"TERM": "linux"}, Terminal(ascii=True, ansi=True)),
        (False, {"TERM": "vt100"}, Terminal(ascii=True, ansi=True)),
        (False, {"TERM": "vt220-am"}, Terminal(ascii=True, ansi=True)),
        (False, {"TERM": "screen"}, Terminal(ansi=True)),
        (False, {"TERM": "xterm", "LAKIP_THEME": "ansi"}, Terminal(ansi=True)),
    ],
)
def test_detect(plain: bool, env: dict[str, str], expected: Terminal) -> None:
    assert detect(plain, env) == expected


def test_the_board_asks_for_clicks_and_the_wheel_not_every_mouse_movement(tmp_path: Path) -> None:
    """Any-motion tracking (1003) would send a report per cell the pointer crosses over SSH;
    button-motion tracking (1002) keeps clicks, the wheel and drags. ``--no-mouse`` asks for
    none."""
    run = run_board(tmp_path, "xterm-256color")
    assert b"\x1b[?1002h" in run.output
    assert b"\x1b[?1003h" not in run.output
    assert b"\x1b[?1002l" in run.output  # given back on quitting
    quiet = run_board(tmp_path / "tanpa", "xterm-256color", "--no-mouse")
    assert not any(f"\x1b[?{m}h".encode() in quiet.output for m in (1000, 1002, 1003, 1006))


@pytest.mark.parametrize(("term", "no_color", "edges"), [
    ("xterm-256color", True, ("▏", "▕")),
    ("linux", False, ("[", "]")),
])  # fmt: skip
def test_a_one_line_input_shows_its_edges_without_colour(
    tmp_path: Path, term: str, no_color: bool, edges: tuple[str, str]
) -> None:
    """Without colour an input's background is not told from the screen's: its edges are drawn."""
    run = run_board(tmp_path, term, no_color=no_color, keys=("u",))
    line = next(row for row in run.screen.text().splitlines() if "Saring:" in row)
    assert line.startswith(edges[0]) and line.rstrip().endswith(edges[1]), line
