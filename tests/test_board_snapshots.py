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


# -- data screens ---------------------------------------------------------------------------------


def _long_numbers_office(tmp_path: Path) -> Path:
    """The small office with numbers and units as long as a real office's."""
    from dataclasses import replace
    from decimal import Decimal

    from tests.conftest import YEAR, small_office
    from usecases import data

    ctx = small_office(tmp_path)
    found = {i.code: i for i in data.load(ctx, YEAR).data.indicators}
    data.save_indicator(ctx, YEAR, replace(
        found["IK1.1"], name="Angka partisipasi kasar sekolah dasar sederajat", satuan="orang",
        target=Decimal("1250.75"), realisasi=Decimal("1300.5")))  # fmt: skip
    data.save_indicator(ctx, YEAR, replace(
        found["IK1.2"], name="Rata-rata lama sekolah penduduk usia 25 tahun ke atas",
        satuan="tahun", target=Decimal("12345678.9"), realisasi=Decimal("12000000")))  # fmt: skip
    return ctx.db_path


def _opened(*keys: str) -> Any:
    async def run_before(pilot: Any) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def test_indicators_80x24_long_numbers(snap_compare: Any, tmp_path: Path) -> None:
    app = board_app(_long_numbers_office(tmp_path), "admin")
    assert snap_compare(app, run_before=_opened("i", "down"), terminal_size=(80, 24))


def test_indicator_form(snap_compare: Any, tmp_path: Path) -> None:
    app = board_app(_long_numbers_office(tmp_path), "admin")
    assert snap_compare(app, run_before=_opened("i", "down", "e"), terminal_size=(80, 24))


def test_data_screen_no_color_read_only(snap_compare: Any, tmp_path: Path) -> None:
    """Signed: the editing keys are refused, written in brackets since nothing is dimmed."""
    from tests.conftest import YEAR, context, freeze

    path = _long_numbers_office(tmp_path)
    freeze(context(path, "admin"), YEAR)
    app = board_app(path, "admin", term=Terminal(no_color=True, ansi=True))
    assert snap_compare(app, run_before=_opened("a"), terminal_size=(80, 24))


def test_indicators_on_tw2(snap_compare: Any, tmp_path: Path) -> None:
    """The demo's indicators on TW II: target and realisasi to date, capaian to date."""
    app = board_app(demo_copy(tmp_path), "admin")
    assert snap_compare(app, run_before=_opened("i", "w", "w", "down"), terminal_size=(80, 24))
