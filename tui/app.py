"""Opening the board: ``lakip`` with no command calls ``run_board``.

This module imports nothing heavy at module level (no Textual, no Rich): the board's classes live
in ``tui.board`` and ``tui.screens`` and are imported only when the board really opens.

Start-up time: when the environment variable ``LAKIP_STARTUP_LOG`` names a file, the board appends
one line to it after its first frame is drawn, with the time since the process started (read from
``/proc``, so it includes the interpreter's own start-up) and since this module was imported.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.board import LakipApp
    from usecases.context import Context

IMPORTED_AT = time.monotonic()
ENV_STARTUP_LOG = "LAKIP_STARTUP_LOG"


def process_started_at() -> float | None:
    """The moment this process started, on the ``time.monotonic`` clock (Linux only)."""
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])  # field 22 (starttime), counted after the ')' of the name
        hz = os.sysconf("SC_CLK_TCK")
        boot = time.clock_gettime(time.CLOCK_BOOTTIME)
        age = boot - ticks / hz
        return time.monotonic() - age
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def startup_log(message: str) -> None:
    path = os.environ.get(ENV_STARTUP_LOG)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(message + "\n")
    except OSError:
        pass  # measuring must never break the board


def create_app(
    ctx: Context, *, plain: bool = False, mouse: bool = True, year: int | None = None
) -> LakipApp:
    """Build the board application (imports Textual)."""
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    t0 = time.monotonic()
    from tui.board import LakipApp, load_board
    from tui.term import detect

    imported = time.monotonic() - t0
    # Read the data once, before the screen opens: a missing, damaged or locked-out file is
    # reported on the command line with its exit code, and the board starts from this read.
    initial = load_board(ctx, year)
    app = LakipApp(ctx, term=detect(plain), mouse=mouse, year=year, initial=initial)
    app.import_seconds = imported
    return app


def run_board(ctx: Context, *, plain: bool = False, mouse: bool = True) -> int:
    """Open the full-screen board; returns the exit code."""
    app = create_app(ctx, plain=plain, mouse=mouse)
    app.run(mouse=mouse)
    code: Any = app.return_code
    return int(code or 0)
