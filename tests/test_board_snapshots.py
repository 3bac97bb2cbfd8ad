"""Snapshot tests of the board: 80x24 and 120x40, a step in detail, help, plain mode, narrow."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from pathlib import Path
from typing import Any

from tests.conftest import board_app, demo_copy
from tui.term import Terminal


def test_board_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(board_app(demo_copy(tmp_path), "sekretaris"), terminal_size=(80, 24))


def test_board_120x40(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(board_app(demo_copy(tmp_path), "kadis"), terminal_size=(120, 40))


def test_board_narrow_60x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(board_app(demo_copy(tmp_path), "staf1"), terminal_size=(60, 24))


def test_step_detail(snap_compare: Any, tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "sekretaris")
    assert snap_compare(app, press=["enter"], terminal_size=(80, 24))


def test_help_screen(snap_compare: Any, tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "staf1")
    assert snap_compare(app, press=["f1"], terminal_size=(80, 24))


def test_complete_dialog(snap_compare: Any, tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "admin")
    assert snap_compare(app, press=["s"], terminal_size=(80, 24))


def test_plain_mode(snap_compare: Any, tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "tamu", term=Terminal(ascii=True, ansi=True))
    assert snap_compare(app, press=["h"], terminal_size=(80, 24))


async def _audit_loaded(pilot: Any) -> None:
    import time

    from tui.screens.audit import AuditScreen

    await pilot.press("u")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        screen = pilot.app.screen
        if isinstance(screen, AuditScreen) and screen.entries:
            break
        await pilot.pause(0.05)
    await pilot.pause()


def test_audit_screen(snap_compare: Any, tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "sekretaris", poll_seconds=3600)
    assert snap_compare(app, run_before=_audit_loaded, terminal_size=(80, 24))


def test_export_dialog(snap_compare: Any, tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "staf1", poll_seconds=3600)
    assert snap_compare(app, press=["e"], terminal_size=(80, 24))
