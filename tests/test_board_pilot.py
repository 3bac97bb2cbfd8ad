"""Pilot tests of the board at 80x24: keys, acting as a role, refusals, returns, other processes."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"

import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual.widgets import DataTable, Input

from tests.conftest import board_app, context, demo_copy, file_context
from tests.pilot import messages, open_screen
from tui.app import LakipApp
from tui.screens.audit import AuditScreen
from tui.screens.board import BoardScreen, StepCard
from tui.screens.complete import CompleteDialog
from tui.screens.help import HelpScreen
from tui.screens.message import MessageDialog
from tui.screens.return_step import ReturnDialog
from tui.screens.sop import SopScreen
from tui.screens.step_detail import StepDetailScreen
from tui.screens.year import YearScreen
from usecases.reporting import advance

pytestmark = pytest.mark.usefixtures("store_mode")  # on the file and through the service

SIZE = (80, 24)


def board(app: LakipApp) -> BoardScreen:
    assert app.board is not None
    return app.board


def focused_step(app: LakipApp) -> int:
    focused = app.focused
    assert isinstance(focused, StepCard), focused
    return focused.number


def report_of(path: Path) -> Any:
    with file_context(path, "admin").store.read() as r:
        return r.report(2025)


def card_text(app: LakipApp, number: int) -> str:
    card = board(app).card(number)
    assert card is not None
    return str(card.render())


async def test_opens_on_the_current_step_with_header(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused_step(app) == 7
        header = str(app.screen.query_one("#header").render())
        assert "LAKIP 2025" in header and "DATA CONTOH" in header
        assert "Langkah 7/11" in header and "Sekretaris" in header
        assert "Anda: sekretaris" in header
        assert "[>] Berjalan" in card_text(app, 7)
        assert "[v] Selesai" in card_text(app, 6)
        assert "[ ] Belum" in card_text(app, 11)
        # every card is inside the 80x24 screen: no horizontal scrolling, nothing hidden
        for card in app.screen.query(StepCard):
            region = card.region
            assert region.right <= 80 and region.bottom <= 23, (card.number, region)


async def test_navigation_reaches_every_card(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = {focused_step(app)}
        # columns: Kepala Dinas (1, 9), Sekretaris (7, 8), Kasubbag (2, 5, 10), Staf (3, 4, 6, 11)
        await pilot.press("h")
        assert focused_step(app) == 9  # nearest to 7 in the left column
        await pilot.press("k")
        assert focused_step(app) == 1
        await pilot.press("k")
        assert focused_step(app) == 1  # stays at the top
        seen.add(1)
        seen.add(9)
        await pilot.press("right")
        assert focused_step(app) == 7  # nearest to 1 among 7, 8
        await pilot.press("j")
        assert focused_step(app) == 8
        seen.add(8)
        await pilot.press("l")
        assert focused_step(app) == 10  # |10-8| = 2 beats |5-8| = 3
        for expected in (5, 2):
            await pilot.press("up")
            assert focused_step(app) == expected
            seen.add(expected)
        seen.add(10)
        await pilot.press("right")
        assert focused_step(app) == 3
        for expected in (4, 6, 11):
            await pilot.press("down")
            assert focused_step(app) == expected
            seen.add(expected)
        await pilot.press("right")
        assert focused_step(app) == 11  # no column further right
        seen.add(3)
        assert seen == set(range(1, 12))
        # digits jump: 1-9, 0 = 10, - = 11
        for key, number in (("1", 1), ("5", 5), ("9", 9), ("0", 10), ("minus", 11), ("c", 7)):
            await pilot.press(key)
            assert focused_step(app) == number, key


async def test_enter_opens_the_step_in_detail(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, StepDetailScreen, "enter")
        text = str(app.screen.query_one("#detail").render())
        assert "Mengoreksi Dokumen LAKIP" in text
        assert "Kelengkapan" in text and "Waktu standar" in text and "1 hari" in text
        assert "Riwayat pengerjaan (2 kali)" in text
        assert "dikembalikan ke langkah 6" in text
        assert "Tabel pengukuran kinerja" in text  # the note of the first pass
        await open_screen(pilot, BoardScreen, "escape")
        assert focused_step(app) == 7


async def test_complete_as_the_holding_role(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert board(app).active_bindings["s"].enabled
        await open_screen(pilot, CompleteDialog, "s")
        await pilot.press(*"Sudah dikoreksi")
        await open_screen(pilot, BoardScreen, "enter")
        assert focused_step(app) == 8  # focus follows the new current step
        assert "[>] Berjalan" in card_text(app, 8)
        assert "[v] Selesai" in card_text(app, 7)
    passes = report_of(path).passes
    assert passes[-2].step == 7 and passes[-2].note == "Sudah dikoreksi"
    assert passes[-1].step == 8 and passes[-1].finished_at is None


async def test_escape_cancels_the_completion(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    rev = report_of(path).rev
    app = board_app(path, "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.press(*"abc")
        await open_screen(pilot, BoardScreen, "escape")
        assert focused_step(app) == 7
    assert report_of(path).rev == rev


async def test_refused_completion_as_another_role_says_why(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    rev = report_of(path).rev
    app = board_app(path, "staf1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        active = board(app).active_bindings
        assert not active["s"].enabled and not active["r"].enabled  # shown dimmed
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)  # no dialog
        messages = [n.message for n in app._notifications]
        assert any("Langkah 7 dipegang Sekretaris" in m for m in messages), messages
    assert report_of(path).rev == rev


async def test_return_from_step_7_to_6_keeps_the_note(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_screen(pilot, ReturnDialog, "r")
        assert dialog.query_one("#to", Input).value == "6"
        await pilot.press("enter")  # empty note: refused inside the dialog
        await pilot.pause()
        assert isinstance(app.screen, ReturnDialog)
        assert "Catatan wajib" in str(dialog.query_one("#dialog-error").render())
        await pilot.press(*"Perbaiki tabel [red]x[/]")
        await open_screen(pilot, BoardScreen, "enter")
        assert focused_step(app) == 6
        assert "[<] Dikembalikan" in card_text(app, 7)
        await pilot.press("7", "enter")
        await pilot.pause()
        text = str(app.screen.query_one("#detail").render())
        assert "Perbaiki tabel [red]x[/]" in text  # user text shown literally, not as markup
    report = report_of(path)
    back = report.passes[-2]
    assert back.step == 7 and back.return_to == 6 and back.note == "Perbaiki tabel [red]x[/]"
    assert report.passes[-1].step == 6


async def test_change_by_another_process_appears_without_a_key(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "kadis")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "k")  # focus card 1, away from the current step
        assert focused_step(app) == 1
        reloads = app.reloads
        advance(context(path, "sekretaris"), note="dari proses lain")
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline and "[>] Berjalan" not in card_text(app, 8):
            await pilot.pause(0.1)
        assert "[>] Berjalan" in card_text(app, 8)
        assert "[v] Selesai" in card_text(app, 7)
        assert app.reloads > reloads
        assert focused_step(app) == 1  # focus survives the update
        assert board(app).card(8) is not None
        assert "Langkah 8/11" in str(app.screen.query_one("#header").render())


async def test_cards_are_updated_in_place(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = {c.number: c for c in app.screen.query(StepCard)}
        app.reload()
        await pilot.pause()
        after = {c.number: c for c in app.screen.query(StepCard)}
        assert all(before[n] is after[n] for n in before)


async def test_stale_edit_becomes_a_message(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "sekretaris", poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        advance(context(path, "sekretaris"), note="di jendela lain")  # the board is now stale
        await open_screen(pilot, MessageDialog, "enter")
        assert "sudah diubah orang lain" in app.screen.message
        await open_screen(pilot, BoardScreen, "enter")
        assert "[>] Berjalan" in card_text(app, 8)  # reloaded after the refusal


async def test_lock_timeout_becomes_a_message(
    tmp_path: Path, hold_lock: Callable[[Path, float], subprocess.Popen[str]]
) -> None:
    """A real second process holds the real lock longer than the board waits: the wait ends
    in a message and nothing is changed."""
    path = demo_copy(tmp_path)
    rev = report_of(path).rev
    holder = hold_lock(path, 6)
    app = LakipApp(context(path, "sekretaris", lock_timeout=1.0), poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"Sudah", "enter")
        deadline = time.monotonic() + 5
        while not isinstance(app.screen, MessageDialog) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert isinstance(app.screen, MessageDialog)
        assert "kasubbag" in app.screen.message  # says who holds the data
        assert holder.poll() is None  # the board gave up while the other process still held it
    holder.wait(10)
    assert report_of(path).rev == rev


async def test_admin_acting_for_a_role_must_give_a_reason(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "admin")  # the demo's admin has role Staf
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert board(app).active_bindings["s"].enabled
        dialog = await open_screen(pilot, CompleteDialog, "s")
        await pilot.press(*"catatan", "enter")  # moves to the reason field
        await pilot.press("enter")  # empty reason: refused
        await pilot.pause()
        assert "isi alasan" in str(dialog.query_one("#dialog-error").render())
        await pilot.press(*"Sekretaris cuti", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert focused_step(app) == 8
    done = report_of(path).passes[-2]
    assert done.step == 7 and done.override_reason == "Sekretaris cuti"


async def test_unregistered_account_sees_read_only_banner(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "tamu")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one("#header").render())
        assert "HANYA LIHAT" in header and "tamu" in header
        await pilot.press("s")
        await pilot.pause()
        messages = " ".join(n.message for n in app._notifications)
        assert "belum terdaftar" in messages
        await pilot.press("e")  # export writes an audit entry: refused, with the reason
        await pilot.pause()
        assert app.screen is app.board
        messages = " ".join(n.message for n in app._notifications)
        assert "ekspor dicatat di jejak audit" in messages


async def test_step_4_offers_the_guard_override(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        data = board(app).data
        data4 = replace(
            data,
            pos=replace(data.pos, step=data.sop.step(4)),
            pending_bidang=("Bidang PAUD",),
            refusal=None,
        )
        app.push_screen(CompleteDialog(data4))
        await pilot.pause()
        dialog = app.screen
        assert dialog.query("#guard_override")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert "bidang yang belum menyerahkan" in str(dialog.query_one("#dialog-error").render())


async def test_step_11_asks_for_delivery_fields(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "sekretaris")
    results: list[Any] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        data = board(app).data
        data11 = replace(data, pos=replace(data.pos, step=data.sop.step(11)), refusal=None)
        app.push_screen(CompleteDialog(data11), results.append)
        await pilot.pause()
        await pilot.press(*"terkirim", "enter")
        await pilot.press(*"31-02-2026", "enter", *"Lemari 2", "enter", *"unggah 1/12", "enter")
        await pilot.pause()
        assert "tidak ada" in str(app.screen.query_one("#dialog-error").render())
        field = app.screen.query_one("#tanggal_kirim", Input)
        field.value = "1-12-2026"
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
    assert results == [
        {
            "note": "terkirim",
            "typed": {  # as typed, to fill the dialog again if the step is refused
                "note": "terkirim",
                "tanggal_kirim": "1-12-2026",
                "lokasi_arsip": "Lemari 2",
                "unggah_esakip": "unggah 1/12",
            },
            "data": {
                "tanggal_kirim": "1 Desember 2026",
                "lokasi_arsip": "Lemari 2",
                "unggah_esakip": "unggah 1/12",
            },
        }
    ]


async def test_help_is_built_from_live_bindings(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "staf1")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, HelpScreen, "f1")
        rows = {(r[1], r[2]): r[3] for r in app.screen.rows}
        assert rows[("s", "Selesai")] is False  # staf1 may not complete step 7
        assert rows[("← / h", "Kolom kiri")] is True
        assert any(desc.startswith("Lompat ke langkah") for _, desc in rows)
        assert ("q", "Keluar") in rows
        await open_screen(pilot, BoardScreen, "question_mark")
        await open_screen(pilot, HelpScreen, "question_mark")


async def test_a_screens_help_is_titled_for_it_and_lists_its_own_keys_first(
    tmp_path: Path,
) -> None:
    app = board_app(demo_copy(tmp_path), "staf1")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, AuditScreen, "u")
        help_screen = await open_screen(pilot, HelpScreen, "f1")
        text = help_screen.render_text().plain
        assert text.startswith("Bantuan: tombol jejak audit")
        assert help_screen.rows[0][0] == "Layar ini"
        assert help_screen.rows[-1][0] == "Umum"  # Tab, copy: Textual's keys last
        # the screen's own keys before the cursor keys of the table in focus
        own = [d for c, _k, d, _e in help_screen.rows if c == "Layar ini"]
        assert own.index("Saring") < own.index("Kursor ke bawah"), own
        assert "Tanda status kartu" not in text  # the board's notes stay on the board's help


async def test_command_palette_lists_actions_by_category(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for expected in (
            "Langkah: selesai",
            "Langkah: kembalikan",
            "Navigasi: ke langkah 11",
            "Lihat: jejak audit",
            "Data: indikator kinerja",
            "Dokumen: ekspor dokumen",
            "Aplikasi: keluar",
        ):
            assert expected in titles, titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title.endswith("11"))
        await command.callback()
        await pilot.pause()
        assert focused_step(app) == 11


def test_no_flow_control_bindings() -> None:
    keys = [b.key for b in [*LakipApp.BINDINGS, *BoardScreen.BINDINGS] if hasattr(b, "key")]
    assert "ctrl+s" not in keys and "ctrl+q" not in keys
    ids = [b.id for b in BoardScreen.BINDINGS if hasattr(b, "id")]
    assert all(ids) and len(ids) == len(set(ids))
    keys_of = {b.key for b in LakipApp.BINDINGS if hasattr(b, "key")}
    assert {"f1", "question_mark"} <= keys_of  # every F-key has a letter alias


async def test_other_screens_open_and_close(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, AuditScreen, "u")
        table = app.screen.query_one(DataTable)
        total = table.row_count
        assert total > 10
        await pilot.press("slash", *"dikembalikan")
        await pilot.pause()
        assert 0 < table.row_count < total
        await open_screen(pilot, BoardScreen, "escape")
        await open_screen(pilot, SopScreen, "o")
        await pilot.press("escape")
        await open_screen(pilot, YearScreen, "t")
        await open_screen(pilot, BoardScreen, "enter")
        assert focused_step(app) == 7


async def test_a_missing_data_screen_fails_loudly(tmp_path: Path, monkeypatch: Any) -> None:
    """A screen left out of the wheel once became a quiet 'Layar ini belum tersedia': it is a
    packaging defect and must stop the app with the import error (tests/test_installed.py
    proves the wheel holds every screen)."""
    monkeypatch.setitem(
        BoardScreen.DATA_SCREENS, "indicators", ("tui.tidak_ada_modul", "IndicatorsScreen")
    )
    app = board_app(demo_copy(tmp_path), "sekretaris")
    with pytest.raises(ModuleNotFoundError, match=r"tui\.tidak_ada_modul"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("i")
            await pilot.pause()


async def test_data_screens_open_with_ctx_and_year(tmp_path: Path, monkeypatch: Any) -> None:
    import types

    from textual.screen import Screen

    opened: list[tuple[Any, int]] = []

    class Fake(Screen[None]):
        BINDINGS: ClassVar[list[Any]] = [("escape", "app.pop_screen", "Kembali")]

        def __init__(self, ctx: Any, year: int) -> None:
            super().__init__()
            opened.append((ctx, year))

    module = types.ModuleType("tui_fake_screens")
    module.IndicatorsScreen = Fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui_fake_screens", module)
    monkeypatch.setitem(
        BoardScreen.DATA_SCREENS, "indicators", ("tui_fake_screens", "IndicatorsScreen")
    )
    path = demo_copy(tmp_path)
    app = board_app(path, "sekretaris", poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, Fake, "i")
        assert opened[0][1] == 2025
        advance(context(path, "sekretaris"))  # changed while the screen was open
        reloads = app.reloads
        await pilot.press("escape")
        await pilot.pause()
        assert app.reloads > reloads  # the board reloads when a screen closes
        assert "[>] Berjalan" in card_text(app, 8)


@pytest.mark.parametrize("width", [60, 120])
async def test_other_widths_keep_every_card_reachable(tmp_path: Path, width: int) -> None:
    app = board_app(demo_copy(tmp_path), "sekretaris")
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        for key in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "minus"):
            await pilot.press(key)
        assert focused_step(app) == 11
        if width >= 100:
            assert "oleh Nur Aisyah Putri" in card_text(app, 6)  # who finished it
            assert "sejak" in card_text(app, 7)


# -- store work off the UI thread; one watcher of the data file ---------------------------------
#
# A real second process holds the real data lock; the board keeps taking keys, says who holds
# the lock, and Esc gives up the wait without changing anything. The one watcher of the data
# file reaches every open screen.


@pytest.fixture()
def lock_holder(
    tmp_path: Path, hold_lock: Callable[[Path, float], subprocess.Popen[str]]
) -> tuple[Path, subprocess.Popen[str]]:
    path = demo_copy(tmp_path)
    return path, hold_lock(path, 6)


async def test_a_lock_held_by_another_process_leaves_keys_working_and_esc_cancels(
    lock_holder: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, holder = lock_holder
    rev = report_of(path).rev
    app = board_app(path, "sekretaris", poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, CompleteDialog, "s")
        await pilot.press(*"Sudah", "enter")
        started = time.monotonic()
        waiting = "Menunggu kunci data (dipegang kasubbag sejak "
        while not any(waiting in m for m in messages(app)) and time.monotonic() - started < 2:
            await pilot.pause(0.02)
        assert any(waiting in m for m in messages(app)), messages(app)
        assert time.monotonic() - started < 1.0  # at once, not after the holder lets go
        assert isinstance(app.screen, BoardScreen)
        # keys keep moving the focus while the change waits
        assert focused_step(app) == 7
        t = time.monotonic()
        await pilot.press("j")
        assert focused_step(app) == 8
        await pilot.press("h")
        assert focused_step(app) == 9
        await pilot.press("c")
        assert focused_step(app) == 7
        assert time.monotonic() - t < 1.0
        await pilot.press("escape")
        while not any("Dibatalkan" in m for m in messages(app)) and time.monotonic() - t < 3:
            await pilot.pause(0.02)
        assert any("Dibatalkan" in m for m in messages(app)), messages(app)
        assert not any(waiting in m for m in messages(app))  # the waiting notice is gone
        assert holder.poll() is None  # given up while the other process still held the lock
        assert isinstance(app.screen, BoardScreen)
    holder.wait(10)
    assert report_of(path).rev == rev  # nothing was changed, even after the lock was free


async def test_a_change_waits_for_the_lock_and_then_lands(
    lock_holder: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, holder = lock_holder
    app = board_app(path, "sekretaris", poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"Sudah", "enter")
        deadline = time.monotonic() + 12
        while "[>] Berjalan" not in card_text(app, 8) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        await pilot.pause()  # the focus moves with the next turn of the loop
        assert holder.poll() is not None  # it landed after the other process let go
        assert focused_step(app) == 8
    assert report_of(path).passes[-2].note == "Sudah"


async def test_the_audit_screen_shows_a_change_made_by_another_process(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = board_app(path, "sekretaris", poll_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, AuditScreen, "u")
        deadline = time.monotonic() + 5
        while not screen.entries and time.monotonic() < deadline:
            await pilot.pause(0.05)
        before = len(screen.entries)
        advance(context(path, "sekretaris"), note="dari proses lain")
        while len(screen.entries) == before and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert len(screen.entries) > before
        assert screen.query_one(DataTable).row_count == len(screen.entries)


async def test_the_board_follows_the_active_year_changed_elsewhere(tmp_path: Path) -> None:
    from usecases.admin import add_year, set_current_year

    path = demo_copy(tmp_path)
    app = board_app(path, "admin", poll_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert board(app).data.year == 2025
        add_year(context(path, "admin"), 2026, make_current=False)
        await pilot.pause(0.5)
        assert board(app).data.year == 2025  # a new year alone does not move the board
        set_current_year(context(path, "admin"), 2026)
        deadline = time.monotonic() + 5
        while board(app).data.year != 2026 and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert board(app).data.year == 2026
        assert "LAKIP 2026" in str(app.screen.query_one("#header").render())


async def test_the_header_says_giliran_anda_to_the_role_holding_the_current_step(
    tmp_path: Path,
) -> None:
    path = demo_copy(tmp_path)
    for account, expected in (("sekretaris", True), ("staf1", False)):
        app = board_app(path, account, poll_seconds=3600)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            header = str(app.screen.query_one("#header").render())
            assert ("GILIRAN ANDA" in header) is expected, header


async def test_every_screens_key_bar_fits_80_columns(tmp_path: Path) -> None:
    from tui.base import KeyBar

    app = board_app(demo_copy(tmp_path), "sekretaris", poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = {}
        for key in ["", "enter", "u", "o", "i", "a", "b", "p", "n", "f1"]:
            if key:
                await pilot.press(key)
                await pilot.pause()
            bar = app.screen.query_one(KeyBar)
            text = str(bar.render())
            seen[type(app.screen).__name__] = text
            assert len(text) <= 80 and "…" not in text, (key, text)
            if key:
                await pilot.press("escape")
                await pilot.pause()
        assert seen["BudgetScreen"].endswith("F1 lainnya"), seen  # the rest is behind F1
        assert len(seen) == 10, seen
        print("\n".join(f"{k}: {v}" for k, v in seen.items()))


# Textual's own English, as its widgets and palette would show it.
ENGLISH = re.compile(
    r"\b(Focus|Cursor|Scroll|Page|Copy|Paste|Cut|Select|Delete|Move|Submit|Toggle|Undo|Redo|"
    r"Home|End|Top|Bottom|Up|Down|First|Last|Next|Previous|Press|Show|Go|No matches|Search|"
    r"super)\b"
)


async def test_help_of_every_screen_and_the_palette_speak_indonesian(tmp_path: Path) -> None:
    from textual.command import CommandPalette

    from tui.screens.help import help_rows

    app = board_app(demo_copy(tmp_path), "sekretaris", poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        walked = []
        # each screen, and in the forms the keys of a focused input
        for keys in [[], ["enter"], ["u"], ["o"], ["i"], ["i", "e"], ["a"], ["a", "e"], ["b"],
                     ["b", "e"], ["p"], ["n"], ["s"]]:  # fmt: skip
            await pilot.press(*keys)
            await pilot.pause()
            rows = help_rows(app, app.screen.active_bindings)
            words = [f"{k} {d}" for _c, k, d, _e in rows]
            walked.append(type(app.screen).__name__)
            english = [w for w in words if ENGLISH.search(w)]
            assert not english, (keys, english)
            for _ in keys:
                await pilot.press("escape")
                await pilot.pause()
        assert len(set(walked)) >= 10, walked
        await pilot.press("f1")
        await pilot.pause()
        shown = str(app.screen.query_one("#help-text").render())
        assert "F1/? / ?" not in shown and not ENGLISH.search(shown), shown
        await open_screen(pilot, CommandPalette, "escape", "ctrl+p")
        await pilot.press(*"zzzqqq")
        await pilot.pause(0.6)  # Textual waits before saying nothing matched
        await pilot.pause()
        options = app.screen.query_one("CommandList")
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Tidak ada perintah yang cocok" in t for t in texts), texts
        assert not any(ENGLISH.search(t) for t in texts), texts


async def test_quitting_while_a_change_waits_for_the_lock_gives_it_up(
    lock_holder: tuple[Path, subprocess.Popen[str]],
) -> None:
    from tui.base import pending_writes

    path, holder = lock_holder
    rev = report_of(path).rev
    app = board_app(path, "sekretaris", poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"Sudah", "enter")
        await pilot.pause(0.3)
        jobs = pending_writes(app)
        assert len(jobs) == 1
        await pilot.press("q")
    t = time.monotonic()
    assert jobs[0].ended.wait(2.0)  # its thread is done at once, not when the lock is free
    assert time.monotonic() - t < 2.0
    assert holder.poll() is None  # the other process still holds the lock
    holder.wait(10)
    assert report_of(path).rev == rev
