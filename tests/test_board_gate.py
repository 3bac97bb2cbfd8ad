"""The quality gate on the board at 80x24: the signing dialog of step 9 names the file, its
SHA-256 and the gate's result; the gate refuses through the same use case as the command line;
an administrator's reason; the gate screen from the palette and the step 8/9 details."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import as_user, board_app, context, demo_copy, file_context, walk_to_letter_step
from tests.pilot import open_screen
from tui.app import LakipApp
from tui.screens.complete import CompleteDialog
from tui.screens.message import MessageDialog
from tui.screens.quality import QualityScreen
from tui.screens.step_detail import StepDetailScreen
from usecases.exporting import ExportResult, export_document, number_letter
from usecases.reporting import advance

pytestmark = pytest.mark.usefixtures("store_mode")  # on the file and through the service

SIZE = (80, 24)
YEAR = 2025


def at_step_9(tmp_path: Path) -> tuple[Path, ExportResult]:
    """The demo at step 9, its gaps left, the LAKIP exported."""
    path = demo_copy(tmp_path)
    ctx = context(path)
    advance(as_user(ctx, "sekretaris"), note="koreksi selesai")
    advance(as_user(ctx, "sekretaris"), note="diajukan")
    return path, export_document(as_user(ctx, "staf1"), "lakip", overwrite=True)


def text_of(app: LakipApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def step_of(path: Path) -> int:
    with file_context(path).store.read() as r:
        return r.report(YEAR).passes[-1].step


async def test_the_signing_dialog_names_the_file_its_hash_and_the_gate(tmp_path: Path) -> None:
    path, lakip = at_step_9(tmp_path)
    app = board_app(path, "kadis")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_screen(pilot, CompleteDialog, "s")
        assert text_of(app, "#sign-file") == f"Berkas yang ditandatangani: {lakip.path.name}"
        assert text_of(app, "#sign-hash") == f"SHA-256: {lakip.sha256}"
        gate = text_of(app, "#sign-gate")
        assert gate.startswith("Pemeriksaan mutu: 7 penghalang, 1 peringatan")
        assert not app.screen.query("#quality_override")  # the Kepala Dinas is no admin
        await pilot.press(*"setuju", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        message = app.screen.message
        assert "7 penghalang" in message and "Sasaran S2: analisis 5" in message
    assert step_of(path) == 9


async def test_an_administrator_signs_past_the_gate_with_a_reason(tmp_path: Path) -> None:
    path, _ = at_step_9(tmp_path)
    app = board_app(path, "admin")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = await open_screen(pilot, CompleteDialog, "s")
        await pilot.press(*"setuju", "enter", *"dinas luar", "enter", "enter")
        await pilot.pause()
        assert "isi alasan menandatangani" in text_of(app, "#dialog-error")
        assert app.focused is dialog.query_one("#quality_override", Input)
        await pilot.press(*"analisis menyusul", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    with file_context(path).store.read() as r:
        signed = r.report(YEAR).passes[-2]
    assert signed.step == 9 and signed.data["pemeriksaan_diabaikan"] == "analisis menyusul"
    assert signed.data["pemeriksaan_diabaikan_oleh"] == "admin"


async def test_the_gate_screen_from_the_palette_and_the_step_9_detail(tmp_path: Path) -> None:
    path, _ = at_step_9(tmp_path)
    app = board_app(path, "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Dokumen: pemeriksaan mutu"
        )
        await command.callback()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QualityScreen)
        shown = text_of(app, "#quality-text")
        assert shown.startswith("Pemeriksaan mutu LAKIP 2025: 7 penghalang, 1 peringatan")
        assert "perbaiki: layar Indikator (i) > Analisis (t), sasaran S2 analisis 5" in shown
        await pilot.press("escape")
        await pilot.press("enter")  # the current step (9) in detail
        await pilot.pause()
        assert isinstance(app.screen, StepDetailScreen)
        assert "Pemeriksaan mutu: 7 penghalang, 1 peringatan; tekan v" in text_of(app, "#detail")
        await open_screen(pilot, QualityScreen, "v")
        await pilot.press("escape", "left", "left", "left", "v")  # step 6: no gate there
        await pilot.pause()
        assert isinstance(app.screen, StepDetailScreen) and app.screen.number == 6


async def test_step_11_refuses_a_sending_date_still_to_come(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    ctx = context(path)
    walk_to_letter_step(ctx)
    number_letter(as_user(ctx, "kasubbag"))
    advance(as_user(ctx, "kasubbag"), note="surat bernomor")
    app = board_app(path, "staf1")  # the board's clock: Friday 27 November 2026
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_screen(pilot, CompleteDialog, "s")
        await pilot.press(*"terkirim", "enter", *"30-11-2026", "enter", *"Lemari 2", "enter")
        await pilot.press(*"diunggah", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        assert "Tanggal kirim 30 November 2026 belum tiba (hari ini 27 November 2026)" in (
            app.screen.message
        )
        # nothing typed is lost: the dialog opens again with it, the date to correct
        await pilot.press("enter")
        await pilot.pause()
        dialog = await open_screen(pilot, CompleteDialog, "s")
        assert dialog.typed() == {"note": "terkirim", "tanggal_kirim": "30-11-2026",
                                  "lokasi_arsip": "Lemari 2", "unggah_esakip": "diunggah"}
        await pilot.press("escape")
    assert step_of(path) == 11


async def test_saving_a_lower_is_better_indicator_in_its_form_chooses_its_formula(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from textual.app import App
    from textual.widgets import DataTable

    from tests.conftest import small_office
    from tui.screens.data_base import FormScreen
    from tui.screens.indicators import IndicatorsScreen
    from usecases import data
    from usecases.quality import check_quality

    ctx = small_office(tmp_path)
    ik12 = next(i for i in data.load(ctx, YEAR).data.indicators if i.code == "IK1.2")
    data.save_indicator(ctx, YEAR, replace(ik12, formula_chosen=False))  # as an import leaves it
    said = "IK1.2 makin rendah makin baik, tetapi rumus capaiannya belum dipilih"
    assert any(f.what.startswith(said) for f in check_quality(ctx).warnings)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(IndicatorsScreen(ctx, YEAR))

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        row = next(n for n, key in enumerate(table.rows) if str(table.get_row(key)[0]) == "IK1.2")
        table.move_cursor(row=row)
        await open_screen(pilot, FormScreen, "enter")
        await pilot.press("f2")
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert not any(f.what.startswith(said) for f in check_quality(ctx).warnings)


async def test_the_gate_screen_follows_the_data_file(tmp_path: Path) -> None:
    from tests.conftest import fill_quality_gaps

    path, _ = at_step_9(tmp_path)
    app = board_app(path, "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "7 penghalang" in text_of(app, "#quality-text")
        fill_quality_gaps(as_user(context(path), "staf1"))  # another process writes the text
        for _ in range(30):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            if "7 penghalang" not in text_of(app, "#quality-text"):
                break
        shown = text_of(app, "#quality-text")
        assert shown.startswith("Pemeriksaan mutu LAKIP 2025: 1 penghalang, 1 peringatan"), shown
        assert "Dokumen LAKIP terakhir" in shown  # the exported file is now older than its data
