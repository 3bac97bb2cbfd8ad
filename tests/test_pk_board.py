"""Pilot tests at 80x24 of the Perjanjian Kinerja screen: reached from the palette and from the
step 5/6 cards; the Kasubbag makes and exports the murni version, is told why he may not sign;
the Kepala Dinas signs; a perubahan is asked for with its reason and date."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Static

from tests.conftest import board_app, context, demo_copy
from tui.screens.pk import PkScreen, ReviseDialog, SignDialog
from tui.screens.step_detail import StepDetailScreen
from usecases.pk import pk_view

pytestmark = pytest.mark.usefixtures("store_mode")  # on the file and through the service

SIZE = (80, 24)


def _notes(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def _until(pilot: Any, app: Any, text: str) -> str:
    started = time.monotonic()
    while time.monotonic() - started < 10:
        found = [m for m in _notes(app) if text in m]
        if found:
            return found[-1]
        await pilot.pause(0.05)
    raise AssertionError(_notes(app))


async def test_pk_screen_from_the_palette_and_the_step_5_and_6_cards(tmp_path: Path) -> None:
    app = board_app(demo_copy(tmp_path), "kasubbag")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"perjanjian")
        await pilot.pause(0.3)
        options = app.screen.query_one("CommandList")
        found = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Dokumen: perjanjian Kinerja" in f for f in found), found
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, PkScreen)
        title = str(app.screen.query_one("#pk-title", Static).render())
        assert "Perjanjian Kinerja tahun 2025" in title and "target dari data" in title
        await pilot.press("escape")
        for step in ("5", "6"):
            await pilot.press(step, "enter")
            await pilot.pause()
            assert isinstance(app.screen, StepDetailScreen)
            assert "Perjanjian Kinerja: tekan k" in str(app.screen.query_one("#detail").render())
            await pilot.press("k")
            await pilot.pause()
            assert isinstance(app.screen, PkScreen)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("7", "enter")  # no other card leads to it
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, StepDetailScreen)


async def test_kasubbag_makes_and_exports_kadis_signs_then_a_revision(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    os.environ["LAKIP_OUT"] = str(tmp_path / "keluaran")
    try:
        app = board_app(path, "kasubbag")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("K")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PkScreen)
            await pilot.press("n")
            await _until(pilot, app, "PK murni tahun 2025 dibuat dari data sekarang")
            await pilot.pause(0.3)
            table = screen.query_one(DataTable)
            assert table.row_count == 1
            detail = str(screen.query_one("#pk-detail", Static).render())
            assert "murni: belum ditandatangani; berlaku mulai 1 Januari 2025" in detail
            await pilot.press("e")
            written = await _until(pilot, app, "Berkas ditulis:")
            assert "PK-2025-Disdikbud-murni.docx" in written
            await pilot.press("s")
            await _until(pilot, app, "Hanya Kepala Dinas")
            for widget in (table, screen.query_one("#pk-title")):
                assert widget.region.right <= 80 and widget.region.bottom <= 24
        app = board_app(path, "kadis")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("K")
            await pilot.pause()
            await pilot.press("n")
            await _until(pilot, app, "Kasubbag PK2AK atau Sekretaris")
            await pilot.press("s")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, SignDialog)  # names what is signed, as step 9 does
            named = " ".join(str(w.render()) for w in dialog.query(Static))
            assert "PK-2025-Disdikbud-murni.docx" in named and "SHA-256: " in named
            assert not dialog.query("#reason")  # the Kepala Dinas gives no reason
            await pilot.press("enter")
            await _until(pilot, app, "PK murni ditandatangani")
        (murni,) = pk_view(context(path, "admin")).versions
        assert murni.signature is not None
        exported = Path(murni.signature.path)
        assert hashlib.sha256(exported.read_bytes()).hexdigest() == murni.signature.sha256
        app = board_app(path, "kasubbag")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("K")
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ReviseDialog)
            app.screen.query_one("#alasan", Input).value = "pergantian pejabat"
            app.screen.query_one("#berlaku", Input).value = "bukan tanggal"
            await pilot.press("enter")  # to the date
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReviseDialog)  # refused, still asking
            app.screen.query_one("#berlaku", Input).value = "01-07-2025"
            await pilot.press("enter")
            await _until(pilot, app, "PK perubahan ke-1 tahun 2025 dibuat")
        versions = pk_view(context(path, "admin")).versions
        assert [v.label for v in versions] == ["murni", "perubahan ke-1"]
        assert versions[0] == murni
    finally:
        del os.environ["LAKIP_OUT"]


async def test_an_admin_records_the_signature_only_with_a_reason(tmp_path: Path) -> None:
    from usecases.pk import export_pk, new_pk

    path = demo_copy(tmp_path)
    new_pk(context(path, "kasubbag"))
    export_pk(context(path, "kasubbag"), output=tmp_path / "keluaran" / "pk.docx")
    app = board_app(path, "admin")  # the demo's admin holds the Staf role
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("K")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SignDialog)
        await pilot.press("enter")  # no reason: the dialog says so and stays
        await pilot.pause()
        assert app.screen is dialog and "alasan" in str(dialog.query_one("#dialog-error").render())
        await pilot.press(*"Kepala Dinas dinas luar", "enter")
        await _until(pilot, app, "PK murni ditandatangani")
    (murni,) = pk_view(context(path, "admin")).versions
    assert murni.signature is not None
