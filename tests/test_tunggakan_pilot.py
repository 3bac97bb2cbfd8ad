"""Pilot tests at 80x24: the tunggakan screen, reached from the palette and from the step 3/4
cards, and the header's projection."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from pathlib import Path

from textual.widgets import DataTable, Static

from tests.conftest import board_app, demo_copy
from tui.screens.board import BoardScreen
from tui.screens.tunggakan import TunggakanScreen

SIZE = (80, 24)


async def test_header_shows_projection_at_risk_at_80x24(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one("#header").render())
        first = header.splitlines()[0]
        # the demo's LAKIP was due the day before: at risk, and said first on the line
        assert first.startswith("LAKIP 2025 | TERANCAM TERLAMBAT: perkiraan "), first
        assert first.startswith(
            "LAKIP 2025 | TERANCAM TERLAMBAT: perkiraan 27 Nov, jatuh tempo 26 Nov | DINAS"
        ), first
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        card3, card4 = screen.card(3), screen.card(4)
        assert card3 is not None and card4 is not None
        assert "6/6 dikirim" in str(card3.render())
        assert "4/6, 2 terlambat" in str(card4.render())  # the short form fits the card


async def test_tunggakan_screen_from_palette_and_step_card(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TunggakanScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 6
        title = str(screen.query_one("#tunggakan-title", Static).render())
        assert "Data bidang: 4/6 lengkap" in title
        # down to KEB (the last bidang): late, reminded, everything owed listed
        for _ in range(5):
            await pilot.press("down")
        await pilot.pause()
        detail = str(screen.query_one("#tunggakan-detail", Static).render())
        assert "KEB - Bidang Kebudayaan" in detail and "TERLAMBAT" in detail
        assert "Pengingat terakhir: 19 November 2026 09.00 WITA" in detail
        assert "indikator IK6.1" in detail
        for widget in (table, screen.query_one("#tunggakan-title")):
            assert widget.region.right <= 80 and widget.region.bottom <= 24
        await pilot.press("escape")
        await pilot.pause()
        # from the step 4 card's detail
        await pilot.press("4", "enter")
        await pilot.pause()
        detail_text = str(app.screen.query_one("#detail", Static).render())
        assert "Data bidang: 4/6 bidang, 2 terlambat" in detail_text
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, TunggakanScreen)
