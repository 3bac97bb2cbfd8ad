"""Bytes on the wire: the board in a real 80x24 pseudo-terminal sends, for a navigation key, only
what the key changes (two cards), not the whole screen again, with each style sent once.

The first test runs ``benchmarks/bench_wire.py`` as a program (a real terminal, a real process)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

from rich.ansi import AnsiDecoder
from rich.console import Console
from rich.style import Style

from tests.conftest import fixed_clock
from tui.app import LakipApp
from tui.wire import squeeze_sgr
from usecases.context import Context

ROOT = Path(__file__).resolve().parent.parent
GOAL_KEY_BYTES = 1536
GOAL_STARTUP_BYTES = 30 * 1024


def test_a_navigation_key_sends_at_most_1_5_kb_and_start_up_at_most_30_kb() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_wire.py"), "--json", "--board-only"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    board = json.loads(out)["board"]
    assert board["startup"] <= GOAL_STARTUP_BYTES, board
    assert board["max"] <= GOAL_KEY_BYTES, board["per_key"]


# -- the style squeeze sends the same cells -------------------------------------------------------

_CONTROL = re.compile(r"(\x1b\[\d+;\d+H|\r|\n)")


def cells(output: str) -> tuple[dict[tuple[int, int], tuple[str, Style]], Style]:
    """What a terminal shows after ``output`` (cursor moves, line feeds, text, style codes),
    decoded by Rich's own ANSI decoder; and the style left in force at the end."""
    decoder = AnsiDecoder()
    console = Console(width=200)
    row = col = 0
    shown: dict[tuple[int, int], tuple[str, Style]] = {}
    for piece in _CONTROL.split(output):
        if piece.startswith("\x1b[") and piece.endswith("H"):
            r, c = piece[2:-1].split(";")
            row, col = int(r) - 1, int(c) - 1
        elif piece == "\r":
            col = 0
        elif piece == "\n":
            row += 1
        elif piece:
            text = decoder.decode_line(piece)
            for i, char in enumerate(text.plain):
                shown[row, col + i] = (char, text.get_style_at_offset(console, i))
            col += len(text.plain)
    return shown, decoder.style


def _frame(app: LakipApp) -> str:
    console = Console(color_system="truecolor", force_terminal=True, file=io.StringIO())
    return app.screen._compositor.render_update(full=True).render_segments(console)


async def test_the_squeezed_frames_of_the_board_show_the_same_cells(demo_db: Path) -> None:
    ctx = Context(db_path=demo_db, account="sekretaris", clock=fixed_clock())
    app = LakipApp(ctx, poll_seconds=3600)
    frames = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        frames.append(_frame(app))
        await pilot.press("j", "l")
        await pilot.pause()
        frames.append(_frame(app))
    for frame in frames:
        squeezed = squeeze_sgr(frame)
        before, _ = cells(frame)
        after, left = cells(squeezed)
        assert after == before
        assert not left  # ends in the default style
        assert len(squeezed) < 0.75 * len(frame)


def test_the_squeeze_sends_a_style_once_and_leaves_unknown_codes_alone() -> None:
    red = "\x1b[38;2;255;0;0;48;2;0;0;0m"
    assert squeeze_sgr(f"{red}ab\x1b[0m{red}cd\x1b[0m") == f"{red}abcd\x1b[0m"
    assert squeeze_sgr(f"{red}a\x1b[0m\x1b[5;7H{red}b\x1b[0m") == f"{red}a\x1b[5;7Hb\x1b[0m"
    # a line feed or a clear may paint with the current colours: they get the default style
    assert squeeze_sgr(f"{red}a\x1b[0m\n{red}b\x1b[0m") == f"{red}a\x1b[0m\n{red}b\x1b[0m"
    assert squeeze_sgr(f"{red}a\x1b[0m\x1b[1mb\x1b[0m") == f"{red}a\x1b[0;1mb\x1b[0m"
    odd = "\x1b[4:3mwavy\x1b[0m"
    assert squeeze_sgr(odd) == odd
    link = f"\x1b]8;;http://x\x1b\\{red}a\x1b[0m{red}b\x1b[0m\x1b]8;;\x1b\\"
    assert squeeze_sgr(link) == link
