"""Pilot tests at 80x24: the tunggakan screen, reached from the palette and from the step 3/4
cards, and the header's projection."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from tests.conftest import board_app, demo_copy
from tests.pilot import open_screen
from tui.screens.board import BoardScreen
from tui.screens.quarter import QuarterScreen
from tui.screens.tunggakan import TunggakanScreen

pytestmark = pytest.mark.usefixtures("store_mode")  # on the file and through the service

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
        screen = await open_screen(pilot, TunggakanScreen, "g")
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
        await open_screen(pilot, TunggakanScreen, "g")


def _notes(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def _until(pilot: object, app: object, text: str) -> str:
    """Wait (a few seconds at most) for a notification containing ``text``; returns it."""
    import time

    started = time.monotonic()
    while time.monotonic() - started < 10:
        found = [m for m in _notes(app) if text in m]
        if found:
            return found[-1]
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError(_notes(app))


async def test_staf_sends_a_request_and_a_reminder_from_the_tunggakan_screen(
    tmp_path: Path,
) -> None:
    from textual.widgets import Input

    from tests.conftest import context
    from tui.screens.nota import DeadlineDialog, SendDialog
    from usecases.requests import tunggakan

    path = demo_copy(tmp_path)
    app = board_app(path, "staf1")  # staf holds step 3
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_screen(pilot, TunggakanScreen, "g")
        first = screen.data.debts[0].bidang.code if screen.data else ""
        await open_screen(pilot, QuarterScreen, "k")  # which data: Tahunan first
        dialog = await open_screen(pilot, SendDialog, "enter")
        assert dialog.query_one("#days", Input).value == "5"
        box = dialog.query_one("#dialog")
        assert box.region.right <= 80 and box.region.bottom <= 24
        dialog.query_one("#days", Input).value = "0"
        await pilot.press("enter")  # refused inside the dialog
        await pilot.pause()
        assert "1 sampai 60" in str(dialog.query_one("#dialog-error").render())
        dialog.query_one("#days", Input).value = "3"
        await pilot.press("enter")
        said = await _until(pilot, app, "Permintaan data dikirim ke bidang")
        assert f"bidang {first}: Nota Dinas " in said and "Berkas ditulis: " in said
        written = Path(said.split("Berkas ditulis: ")[1].splitlines()[0])
        assert written.exists() and written.name.startswith("Nota-Dinas-Permintaan-Data-")
        assert app.screen is screen
        # down to KEB (late, owes data): a reminder
        for _ in range(5):
            await pilot.press("down")
        await open_screen(pilot, SendDialog, "p")
        await pilot.press("enter")
        said = await _until(pilot, app, "Pengingat dikirim ke bidang KEB")
        assert "Nota-Dinas-Pengingat-Data-" in said
        # and its deadline moved, with the note
        dialog = await open_screen(pilot, DeadlineDialog, "t")
        dialog.query_one("#deadline", Input).value = "04-12-2026"
        await pilot.press("enter")  # to the note
        await pilot.press("enter")  # empty note: refused
        await pilot.pause()
        assert "Catatan wajib" in str(dialog.query_one("#dialog-error").render())
        dialog.query_one("#note", Input).value = "kepala bidang dinas luar"
        await pilot.press("enter")
        await pilot.pause()
        await _until(pilot, app, "Batas bidang KEB diubah menjadi 4 Desember 2026")
    owed = tunggakan(context(path, "staf1"))
    by_code = {d.bidang.code: d for d in owed.debts}
    assert by_code["KEB"].request is not None
    assert by_code["KEB"].request.deadline_note == "kepala bidang dinas luar"
    assert len(by_code["KEB"].request.reminders) == 2  # the demo's and this one
    assert by_code[first].request is not None and by_code[first].request.deadline_note


async def test_a_role_that_does_not_send_is_told_why(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "kadis")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("k", "enter", "enter")  # Tahunan, then send
        said = await _until(pilot, app, "Permintaan data dikirim oleh Staf")
        assert "peran Anda Kepala Dinas" in said


async def test_help_of_the_tunggakan_screen_names_its_keys(tmp_path: Path) -> None:
    from tui.screens.help import HelpScreen

    app = board_app(demo_copy(tmp_path), "staf1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await open_screen(pilot, HelpScreen, "f1")
        text = str(app.screen.query_one("#help-text", Static).render())
        assert text.startswith("Bantuan: tombol tunggakan data bidang")
        for key, what in (("k", "Kirim permintaan"), ("p", "Pengingat"), ("t", "Ubah batas")):
            assert f"  {key:<16} {what}" in text, text
