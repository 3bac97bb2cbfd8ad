"""The export dialog at 80x24: keyboard only, worker, result path, Esc."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

import pytest
from textual.app import App

from tests.conftest import context, demo_copy, small_office
from usecases.context import Context


@pytest.fixture()
def ctx(tmp_path: Path) -> Context:
    return context(demo_copy(tmp_path / "data"))


async def test_export_letter_from_dialog(ctx: Context) -> None:
    from textual.widgets import Static

    from tui.screens.export import ExportScreen

    results: list[str | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ExportScreen(ctx, 2025), results.append)

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "space")  # Surat pengantar
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "Surat-Pengantar-LAKIP-2025-KONSEP.docx" in status
        await pilot.press("enter")  # again: refused, the file exists
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        # said in the dialog's words, not the command line's (--overwrite, -o)
        assert "sudah ada" in status and "Timpa berkas yang ada" in status, status
        assert "--overwrite" not in status
        await pilot.press("tab", "tab", "space", "enter")  # tick "Timpa", Enter makes it
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "Surat-Pengantar-LAKIP-2025-KONSEP.docx" in status and "Gagal" not in status
        await pilot.press("escape")
        await pilot.pause()
    assert results and results[0] is not None and results[0].endswith("KONSEP.docx")


async def test_export_result_warns_of_an_empty_signature(tmp_path: Path) -> None:
    from textual.widgets import Static

    from tui.screens.export import ExportScreen

    office = small_office(tmp_path)  # its Kepala Dinas has a name but no NIP

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ExportScreen(office, 2025))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "space")  # Surat pengantar
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "PERHATIAN: tanda tangan Kepala Dinas" in status and "NIP" in status


async def test_the_dialog_makes_the_step_2_workbooks_and_numbers_the_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Static

    from tests.conftest import walk_to_letter_step
    from tui.screens.export import ExportScreen

    path = demo_copy(tmp_path / "data")
    started = walk_to_letter_step(context(path, "admin"))
    ctx = context(path, "kasubbag", started)
    out = tmp_path / "keluaran"
    monkeypatch.setenv("LAKIP_OUT", str(out))

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ExportScreen(ctx, 2025))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "space", "enter")  # Format data langkah 2
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "format data dibuat" in status, status
        made = sorted(p.name for p in (out / "format-data-2025").iterdir())
        assert made and all(n.startswith("Format-Data-LAKIP-2025-") for n in made)
        await pilot.press("down", "space", "enter")  # Nomor surat pengantar
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "Nomor surat pengantar: " in status, status
        await pilot.press("up", "up", "up", "space", "enter")  # the letter, numbered now
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "KONSEP" not in status and "Nomor surat:" in status, status
