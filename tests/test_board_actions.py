"""Pilot tests at 80x24 of what a role does from the board without a shell: the letter number
(step 10), the step-2 workbooks, importing a returned workbook, users, a new year, reopening;
the audit screen following another process; the palette finding every action by name."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"

import re
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from textual.widgets import DataTable, Input

from models.domain import User
from models.sop import Role
from tests.conftest import (
    context,
    demo_copy,
    file_context,
    freeze,
    lakip_command,
    walk_to_letter_step,
)
from tests.pilot import messages, open_screen
from tui.app import LakipApp
from tui.screens.admin import NewYearDialog, ReopenDialog
from tui.screens.audit import AuditScreen
from tui.screens.board import BoardScreen
from tui.screens.importing import ImportScreen, complete_path, typed_path
from tui.screens.step_detail import StepDetailScreen
from tui.screens.users import UserDialog, UsersScreen
from usecases.context import unix_account

pytestmark = pytest.mark.usefixtures("store_mode")  # on the file and through the service

SIZE = (80, 24)
ROOT = Path(__file__).resolve().parent.parent


def app_at(path: Path, account: str, now: datetime | None = None) -> LakipApp:
    ctx = context(path, account) if now is None else context(path, account, now)
    return LakipApp(ctx, poll_seconds=3600)


async def wait_for(pilot: Any, done: Any, seconds: float = 8) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert done()


def detail_text(app: LakipApp) -> str:
    return str(app.screen.query_one("#detail").render())


async def test_step_10_is_numbered_from_its_detail(tmp_path: Path) -> None:
    from tui.screens.data_base import ConfirmDialog
    from usecases.exporting import letters

    path = demo_copy(tmp_path)
    started = walk_to_letter_step(context(path, "admin"))
    app = app_at(path, "kasubbag", started)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StepDetailScreen) and app.screen.number == 10
        assert "Tekan n untuk memberi nomor surat" in detail_text(app)
        assert "(tekan n)" in detail_text(app)  # what step 10 still needs, said for the board
        assert "lakip letter number" not in detail_text(app)
        await open_screen(pilot, ConfirmDialog, "n")
        await pilot.press("y")
        await wait_for(pilot, lambda: any("Nomor surat pengantar:" in m for m in messages(app)))
        (letter,) = [x for x in letters(context(path, "admin"), 2025) if x.is_cover]
        assert letter.number in " ".join(messages(app))
        # the detail is read again: nothing is missing any more
        await wait_for(pilot, lambda: "belum diberi nomor" not in detail_text(app))
        assert isinstance(app.screen, StepDetailScreen)


async def test_numbering_by_another_role_says_why(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    started = walk_to_letter_step(context(path, "admin"))
    app = app_at(path, "staf1", started)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("N")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: any("diberikan oleh" in m for m in messages(app)))
        assert any("Kasubbag" in m for m in messages(app)), messages(app)


async def test_s_on_the_step_detail_completes_or_says_why(tmp_path: Path) -> None:
    from tui.screens.complete import CompleteDialog

    path = demo_copy(tmp_path)
    app = app_at(path, "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8", "enter")  # not the current step
        await pilot.pause()
        await open_screen(pilot, StepDetailScreen, "s")
        assert any("bukan langkah berjalan" in m for m in messages(app)), messages(app)
        await pilot.press("h", "s")  # step 7, the current one
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CompleteDialog)


async def test_step_2_workbooks_from_the_card_then_all_again_keep_their_names(
    tmp_path: Path, monkeypatch: Any
) -> None:
    out = tmp_path / "keluaran"
    monkeypatch.setenv("LAKIP_OUT", str(out))
    path = demo_copy(tmp_path)
    app = app_at(path, "staf1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        assert "Tekan x untuk membuat format data" in detail_text(app)
        await pilot.press("x", "enter")  # Tahunan, the choice highlighted first
        await wait_for(pilot, lambda: any("format data dibuat" in m for m in messages(app)))
        first = sorted(p.name for p in (out / "format-data-2025").iterdir())
        await pilot.press("escape", "x", "0")  # the board's own key: the same workbooks again
        await wait_for(pilot, lambda: sum("format data dibuat" in m for m in messages(app)) == 2)
        assert sorted(p.name for p in (out / "format-data-2025").iterdir()) == first
        assert not any("(2)" in name for name in first)


def fill_returned_workbook(path: Path, out: Path) -> Path:
    """The step-2 workbook of the demo's first bidang with one indicator's realisasi typed."""
    from usecases.collection import export_forms

    with file_context(path, "staf1").store.read() as r:
        first = r.bidang()[0].code
    # made straight on the file: a bidang's workbook comes back from outside the office's
    # document folder, where the service writes no files
    (made,) = export_forms(file_context(path, "staf1"), year=2025, bidang=first, out_dir=out)
    wb = openpyxl.load_workbook(made.path)
    ws = wb["Indikator"]
    cols = {str(c.value): c.column for c in ws[3] if c.value}
    ws.cell(4, cols["realisasi"]).value = 77.5
    ws.cell(4, cols["sumber_data"]).value = "diisi bidang"
    wb.save(made.path)
    return made.path


async def test_a_returned_workbook_is_imported_from_the_board(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    filled = fill_returned_workbook(path, tmp_path / "kembali")
    ws = openpyxl.load_workbook(filled)["Indikator"]
    code = ws.cell(4, next(c.column for c in ws[3] if c.value == "kode_indikator")).value
    app = app_at(path, "staf1")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, ImportScreen, "I")
        field = screen.query_one(Input)
        assert field.value.endswith("/")  # starts in the format-data folder
        await pilot.press(*(str(filled.parent) + "/Format-Data"))  # typed after it: starts anew
        await pilot.press("tab")  # completes the name: the only workbook there
        await pilot.pause()
        assert field.value == str(filled)
        assert app.focused is field
        await pilot.press("f2")  # nothing previewed yet: told so, nothing imported
        await pilot.pause()
        assert any("pratinjau" in m for m in messages(app)), messages(app)
        await pilot.press("enter")
        preview = screen.query_one("#import-preview")
        await wait_for(pilot, lambda: "PRATINJAU" in str(preview.render()))
        shown = str(preview.render())
        assert "belum ada yang disimpan" in shown
        assert f"Bidang {filled.stem.rsplit('-', 1)[1]}: 1 data akan berubah" in shown, shown
        assert f"{code}: realisasi" in shown and "77,5" in shown.replace("77.5", "77,5"), shown
        with file_context(path, "admin").store.read() as r:
            before = next(i for i in r.indicators(2025) if i.code == code)
        assert before.realisasi != Decimal("77.5")  # the preview changed nothing
        await pilot.press("f2")
        await wait_for(pilot, lambda: any("Impor selesai" in (n.title or "") for n in
                                          app._notifications))  # fmt: skip
        assert "TERSIMPAN" in str(preview.render())
    with file_context(path, "admin").store.read() as r:
        after = next(i for i in r.indicators(2025) if i.code == code)
        assert after.realisasi == Decimal("77.5")
        assert any(e.action == "impor" and e.account == "staf1" for e in r.audit(2025))


def test_path_completion_offers_folders_and_workbooks(tmp_path: Path) -> None:
    (tmp_path / "Format-A.xlsx").write_bytes(b"")
    (tmp_path / "Format-B.xlsx").write_bytes(b"")
    (tmp_path / "Fotos").mkdir()
    (tmp_path / "Format-C.txt").write_bytes(b"")
    done, names = complete_path(f"{tmp_path}/Fo")
    assert done == f"{tmp_path}/Fo" and names == ["Format-A.xlsx", "Format-B.xlsx", "Fotos/"]
    done, names = complete_path(f"{tmp_path}/For")
    assert done == f"{tmp_path}/Format-" and names == ["Format-A.xlsx", "Format-B.xlsx"]
    assert complete_path(f"{tmp_path}/Fot") == (f"{tmp_path}/Fotos/", [])
    assert complete_path(f"{tmp_path}/tidak-ada/x") == (f"{tmp_path}/tidak-ada/x", [])
    # typed after the folder the prompt starts with: a path from / or ~/ starts anew
    assert complete_path(f"/srv/format-data/{tmp_path}/Fot") == (f"{tmp_path}/Fotos/", [])
    assert typed_path("/srv/a/~/b.xlsx") == "~/b.xlsx"
    assert typed_path("/srv/a/b.xlsx") == "/srv/a/b.xlsx"


async def test_the_audit_screen_shows_a_change_made_by_a_lakip_command(tmp_path: Path) -> None:
    """Another process, the real command line, on the same data file: the open audit screen
    shows its entry without being reopened."""
    path = demo_copy(tmp_path)
    me = unix_account()
    with file_context(path, "admin").store.write("admin", datetime.now().astimezone()) as w:
        w.save_user(User(account=me, name="Sekretaris Kedua", role=Role.SEKRETARIS))
    app = LakipApp(context(path, "sekretaris"), poll_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, AuditScreen, "u")
        await wait_for(pilot, lambda: bool(screen.entries))
        before = len(screen.entries)
        options, env = lakip_command(path)  # in the protected mode a client of the service
        done = subprocess.run(
            [sys.executable, "-m", "tui.cli", *options, "advance", "--note", "dari CLI"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        await wait_for(pilot, lambda: len(screen.entries) > before)
        newest = screen.entries[-1]
        assert newest.account == me and "dari CLI" in newest.note
        table = screen.query_one(DataTable)
        assert table.row_count == len(screen.entries)
        assert isinstance(app.screen, AuditScreen)


async def test_admin_adds_a_user_from_the_board(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = app_at(path, "admin")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, UsersScreen, "U")
        table = screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count > 0)
        count = table.row_count
        await open_screen(pilot, UserDialog, "a")
        await pilot.press(*"budi", "tab", *"Budi Santoso", "tab", *"1980", "tab")
        await pilot.press("down", "down", "space")  # Kasubbag PK2AK
        await pilot.press("tab", "tab", "space")  # the Unix account is made later
        await pilot.press("f2")
        await wait_for(pilot, lambda: table.row_count == count + 1)
        assert isinstance(app.screen, UsersScreen)
        await pilot.press("enter")  # Enter on a row changes that user
        await pilot.pause()
        assert isinstance(app.screen, UserDialog) and app.screen.user is not None
        await pilot.press("escape")
    with file_context(path, "admin").store.read() as r:
        user = r.user("budi")
    assert user is not None and user.name == "Budi Santoso" and user.nip == "1980"
    assert user.role is Role.KASUBBAG and not user.is_admin and user.active


async def test_admin_deactivates_a_user(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = app_at(path, "admin")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, UsersScreen, "U")
        await wait_for(pilot, lambda: bool(screen.users))
        target = next(k for k, u in enumerate(screen.users) if u.account == "staf1")
        screen.query_one(DataTable).move_cursor(row=target)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: any("nonaktif" in m for m in messages(app)))
    with file_context(path, "admin").store.read() as r:
        user = r.user("staf1")
    assert user is not None and not user.active


async def test_a_non_admin_is_told_why(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = app_at(path, "sekretaris")
    async with app.run_test(size=SIZE) as pilot:
        for key in ("U", "T", "R"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen), key
        said = messages(app)
        assert len(said) == 3, said
        assert all("Hanya admin yang dapat" in m for m in said), said
        assert "mengelola pengguna" in said[0] and "tahun baru" in said[1]
        assert all("admin" in m and "(admin)" in m for m in said), said  # who to ask


async def test_admin_makes_a_new_year_and_reopens_a_signed_report(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    freeze(context(path, "admin"))
    app = app_at(path, "admin")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, ReopenDialog, "R")
        await pilot.press("enter")  # no reason: refused in the dialog
        await pilot.pause()
        assert isinstance(app.screen, ReopenDialog)
        await pilot.press(*"salah angka", "enter")
        await wait_for(pilot, lambda: any("dibuka kembali" in m for m in messages(app)))
        await open_screen(pilot, NewYearDialog, "T")
        assert app.screen.query_one("#year", Input).value == "2026"
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Laporan tahun 2026 dibuat" in m for m in messages(app)))
        await wait_for(pilot, lambda: app.board is not None and app.board.data.year == 2026)
    with file_context(path, "admin").store.read() as r:
        assert not r.report(2025).frozen
        assert 2026 in r.years() and r.current_year() == 2025
        assert any(e.action == "laporan.dibuka" and e.note == "salah angka" for e in r.audit(2025))


async def test_the_palette_finds_every_action_by_its_indonesian_name(tmp_path: Path) -> None:
    from textual.command import CommandPalette

    app = app_at(demo_copy(tmp_path), "admin")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for word, expected in (
            ("format", "Dokumen: format data langkah 2"),
            ("surat", "Dokumen: nomor surat pengantar"),
            ("nomor", "Dokumen: nomor surat pengantar"),
            ("impor", "Data: impor format data terisi"),
            ("pengguna", "Admin: pengguna"),
            ("tahun", "Admin: tahun baru"),
            ("buka kembali", "Admin: buka kembali laporan"),
        ):
            await open_screen(pilot, CommandPalette, "ctrl+p")
            await pilot.press(*word)
            await pilot.pause(0.3)
            options = app.screen.query_one("CommandList")
            found = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            assert any(expected in f for f in found), (word, found)
            await pilot.press("escape")
            await pilot.pause()


async def test_the_year_picker_marks_the_active_year(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    from tui.screens.year import YearScreen
    from usecases.admin import add_year

    path = demo_copy(tmp_path)
    add_year(context(path, "admin"), 2026, make_current=False)
    app = app_at(path, "admin")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, YearScreen, "t")
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["2026", "2025  (aktif, ditampilkan)"]
        await pilot.press("up", "enter")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["2026  (ditampilkan)", "2025  (aktif)"]


# Textual's own English words (its widgets' key descriptions, key names, the palette).
TEXTUAL_ENGLISH = re.compile(
    r"\b(Focus|Cursor|Scroll|Page|Copy|Paste|Cut|Select|Delete|Move|Submit|Toggle|Undo|Redo|"
    r"Home|End|Top|Bottom|Up|Down|Left|Right|First|Last|Next|Previous|Press|Show|Go|Quit|"
    r"Search|Search for commands|No matches found|Dismiss|Open|Close|Save|Cancel|Keys|"
    r"super|Maximize|Minimize|Screenshot|Theme|Change theme)\b"
)


async def test_every_screens_help_and_the_palette_speak_indonesian(tmp_path: Path) -> None:
    from textual.command import CommandPalette
    from textual.screen import ModalScreen

    from tui.screens.help import HelpScreen, help_rows

    path = demo_copy(tmp_path)
    freeze(context(path, "admin"))
    app = app_at(path, "admin")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        walked = []
        for keys in [[], ["I"], ["U"], ["U", "a"], ["T"], ["R"], ["e"], ["0", "enter"],
                     ["2", "enter"], ["u"], ["o"], ["t"], ["i"], ["a"], ["b"], ["p"], ["n"],
                     ["g"]]:  # fmt: skip
            await pilot.press(*keys)
            await pilot.pause()
            walked.append(type(app.screen).__name__)
            rows = help_rows(app, app.screen.active_bindings)
            english = [f"{k} {d}" for _c, k, d, _e in rows if TEXTUAL_ENGLISH.search(f"{k} {d}")]
            assert not english, (keys, english)
            if not isinstance(app.screen, ModalScreen):  # a dialog says its keys itself
                await pilot.press("f1")
                await pilot.pause()
                assert isinstance(app.screen, HelpScreen), keys
                shown = str(app.screen.query_one("#help-text").render())
                assert not TEXTUAL_ENGLISH.search(shown), (keys, shown)
                assert "F1/? / ?" not in shown
                await pilot.press("escape")
            for _ in keys:
                if len(app.screen_stack) > 1:
                    app.pop_screen()
            await pilot.pause()
        assert walked == [
            "BoardScreen", "ImportScreen", "UsersScreen", "UserDialog", "NewYearDialog",
            "ReopenDialog", "ExportScreen", "StepDetailScreen", "StepDetailScreen", "AuditScreen",
            "SopScreen", "YearScreen", "IndicatorsScreen", "BudgetScreen", "BidangScreen",
            "ProfileScreen", "NarrativeScreen", "TunggakanScreen",
        ]  # fmt: skip
        await open_screen(pilot, CommandPalette, "ctrl+p")
        for typed in ("", "impor", "zzqq"):
            search = app.screen.query_one(Input)
            search.value = typed
            await pilot.pause(0.7)  # Textual waits before saying nothing matched
            options = app.screen.query_one("CommandList")
            texts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            texts.append(search.placeholder)
            assert not any(TEXTUAL_ENGLISH.search(t) for t in texts), (typed, texts)


async def test_the_conflict_dialog_says_who_changed_what_and_keeps_your_edit_apart(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from textual.app import App
    from textual.widgets import Static

    from tests.conftest import YEAR, as_user, small_office
    from tui.screens.data_base import ConflictDialog, FormScreen
    from tui.screens.indicators import IndicatorsScreen
    from usecases import data

    ctx = small_office(tmp_path)

    def stored() -> Any:
        return next(i for i in data.load(ctx, YEAR).data.indicators if i.code == "IK1.1")

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(IndicatorsScreen(ctx, YEAR))

    for other, who in ((as_user(ctx, "staf2"), "akun staf2"),
                       (ctx, "akun Anda sendiri di sesi lain")):  # fmt: skip
        app = Host()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            form = await open_screen(pilot, FormScreen, "down", "e")
            # meanwhile the same indicator's realisasi is saved elsewhere
            data.save_indicator(other, YEAR, replace(stored(), realisasi=stored().realisasi + 1))
            source = form.query_one("#input-source", Input)
            source.focus()
            source.value = "sumber saya"
            await pilot.press("f2")
            await wait_for(pilot, lambda a=app: isinstance(a.screen, ConflictDialog))
            dialog = app.screen
            shown = "\n".join(str(w.render()) for w in dialog.query(Static))
            assert f"KONFLIK: data sudah diubah {who}" in shown, shown
            theirs = next(line for line in shown.splitlines() if line.startswith("Yang diubah"))
            assert "realisasi" in theirs and "sumber" not in theirs.lower(), theirs
            assert "sumber saya" in shown  # your own edit, listed as yours
            assert "milik orang lain" not in shown


async def test_numbering_before_step_10_says_where_the_report_is(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = app_at(path, "kasubbag")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0", "enter", "n")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: any("sekarang di langkah 7" in m for m in messages(app)))
        said = next(m for m in messages(app) if "sekarang di langkah 7" in m)
        assert "'lakip letter number --new'" in said, said


async def test_a_tw2_request_is_sent_from_the_tunggakan_screen(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """``k`` asks which data first; TW II sends the request ``lakip export permintaan --tw 2``
    sends: stored with its quarter, owing that quarter's empty values, listed in the Nota."""
    import docx

    from models.requests import asked_of
    from tui.screens.nota import SendDialog
    from tui.screens.quarter import QuarterScreen
    from tui.screens.tunggakan import TunggakanScreen
    from usecases import data
    from usecases.quarters import save_quarter
    from usecases.requests import tunggakan

    monkeypatch.setenv("LAKIP_OUT", str(tmp_path / "keluaran"))
    path = demo_copy(tmp_path)
    # SEK owes nothing for the year; TW II of IK2.9 emptied, so the TW II request owes it
    save_quarter(context(path, "admin"), 2025, "IK2.9", 2, realisasi=None)
    app = app_at(path, "staf1")  # staf holds step 3
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, TunggakanScreen)
        assert app.screen.data is not None and app.screen.data.debts[0].bidang.code == "SEK"
        await pilot.press("k")
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, QuarterScreen)
        box = choice.query_one("#dialog")
        assert box.region.right <= 80 and box.region.bottom <= 24
        await pilot.press("down", "down", "enter")  # Tahunan, TW I, TW II
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SendDialog)
        said = " ".join(str(w.render()) for w in dialog.query("Static"))
        assert "Kirim permintaan data TW II ke bidang SEK" in said
        assert "beserta nilai TW II-nya" in said
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Permintaan data dikirim ke bidang SEK" in m
                                          for m in messages(app)))  # fmt: skip
        note = next(m for m in messages(app) if "Permintaan data dikirim ke bidang SEK" in m)
        detail = str(app.screen.query_one("#tunggakan-detail").render())
        assert "data TW II" in detail
    debt = next(d for d in tunggakan(context(path, "staf1")).debts if d.bidang.code == "SEK")
    assert debt.request is not None and debt.request.quarter == 2
    year = data.load(context(path, "staf1"), 2025).data
    assert debt.asked == asked_of("SEK", year.indicators, year.budget, 2)
    assert [i.label for i in debt.owed] == ["indikator IK2.9 (realisasi TW II)"]
    written = Path(note.split("Berkas ditulis: ")[1].splitlines()[0])
    text = "\n".join(
        c.text for t in docx.Document(str(written)).tables for r in t.rows for c in r.cells
    )
    assert "IK2.9" in text and "realisasi TW II" in text


async def test_a_tw2_workbook_is_made_from_the_step_detail(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """``x`` on step 2's detail asks which data; TW II makes what ``lakip export form --tw 2``
    makes: one workbook a bidang with the TW II columns holding the stored TW II values."""
    from tui.screens.quarter import QuarterScreen
    from usecases import data

    out = tmp_path / "keluaran"
    monkeypatch.setenv("LAKIP_OUT", str(out))
    path = demo_copy(tmp_path)
    app = app_at(path, "staf1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StepDetailScreen)
        assert "tahunan atau triwulan" in " ".join(detail_text(app).split())
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, QuarterScreen)
        await pilot.press("escape")  # cancelled: nothing made
        await pilot.pause()
        assert isinstance(app.screen, StepDetailScreen)
        assert not out.exists()
        await pilot.press("x", "2")  # the digit chooses TW II
        await wait_for(pilot, lambda: any("format data TW II dibuat" in m for m in messages(app)))
    year = data.load(context(path, "staf1"), 2025).data
    made = sorted(p.name for p in (out / "format-data-2025").iterdir())
    assert made == sorted(f"Format-Data-LAKIP-2025-{b.code}-TW2.xlsx" for b in year.bidang)
    wb = openpyxl.load_workbook(out / "format-data-2025" / "Format-Data-LAKIP-2025-SEK-TW2.xlsx")
    assert dict(wb["_lakip"].iter_rows(values_only=True))["triwulan"] == "2"
    ind = wb["Indikator"]
    cols = {str(c.value): c.column for c in ind[3] if c.value}
    assert {"target_tw2", "realisasi_tw2"} <= set(cols)
    ik = next(i for i in year.indicators if i.code == "IK2.9")
    row = next(r for r in range(4, ind.max_row + 1) if ind.cell(r, cols["kode_indikator"]).value
               == "IK2.9")  # fmt: skip
    assert Decimal(str(ind.cell(row, cols["target_tw2"]).value)) == ik.target_tw[1]
    assert Decimal(str(ind.cell(row, cols["realisasi_tw2"]).value)) == ik.realisasi_tw[1]
