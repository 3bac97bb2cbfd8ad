"""Pilot tests of the data screens at 80x24."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Button, DataTable, Input, Static

from tests.conftest import YEAR, as_user, file_context, freeze, small_office
from tests.pilot import Host, detail_of, open_screen, row_of, type_text
from tui.screens.bidang import BidangScreen
from tui.screens.budget import BudgetScreen
from tui.screens.data_base import ConfirmDialog, ConflictDialog, FormScreen
from tui.screens.indicators import IndicatorsScreen
from tui.screens.narrative import NarrativeScreen
from tui.screens.profile import ProfileScreen
from usecases import data

pytestmark = pytest.mark.usefixtures("store_mode")  # on the file and through the service

SIZE = (80, 24)


def indicator(ctx: Any, code: str) -> Any:
    return next(i for i in data.load(ctx, YEAR).data.indicators if i.code == code)


async def test_add_indicator_through_form_with_refused_number(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_screen(pilot, FormScreen, "a")
        assert form.focused is form.query_one("#input-code", Input)
        await type_text(pilot, "IK1.3")
        await pilot.press("enter")
        await type_text(pilot, "Persentase sekolah ramah anak")
        form.query_one("#input-target", Input).focus()
        await type_text(pilot, "1.234")  # ambiguous: refused, with the reason next to the field
        await pilot.pause()
        hint = str(form.query_one("#field-target .hint", Static).render())
        assert "ambigu" in hint and "1234" in hint
        assert form.query_one("#save", Button).disabled
        await pilot.press("f2")  # cannot save while a field is invalid
        await pilot.pause()
        assert app.screen is form
        assert not any(i.code == "IK1.3" for i in data.load(ctx, YEAR).data.indicators)
        target = form.query_one("#input-target", Input)
        target.value = ""
        await type_text(pilot, "85,5")
        await pilot.pause()
        assert str(form.query_one("#field-target .hint", Static).render()) == "= 85,50"
        form.query_one("#input-realisasi", Input).focus()
        await type_text(pilot, "80")
        await pilot.pause()
        assert "93,57 %" in str(form.query_one("#preview", Static).render())
        assert not form.query_one("#save", Button).disabled
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        saved = indicator(ctx, "IK1.3")
        assert (saved.target, saved.realisasi) == (Decimal("85.5"), Decimal(80))
        cells = row_of(app.screen.query_one(DataTable), "IK1.3")
        # at 80 columns the formula and the predikat give way to the name; the detail line has them
        assert cells["Capai%"] == "93,57" and "Rumus" not in cells and "Predikat" not in cells
        assert "Capaian: 93,57 % (Sangat Tinggi)" in detail_of(app)
        assert "rumus R / T x 100" in str(app.screen.query_one("#detail", Static).render())


async def test_edit_realisasi_changes_capaian_and_predikat(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert row_of(table, "IK1.1")["Capai%"] == "95,00"
        await pilot.press("down")  # from S1 to IK1.1
        form = await open_screen(pilot, FormScreen, "enter")
        real = form.query_one("#input-realisasi", Input)
        real.focus()
        real.value = ""
        await type_text(pilot, "70,5")
        await pilot.press("f2")
        await pilot.pause()
        row = row_of(app.screen.query_one(DataTable), "IK1.1")
        assert row["Capai%"] == "70,50" and "Capaian: 70,50 % (Sedang)" in detail_of(app)
        assert indicator(ctx, "IK1.1").realisasi == Decimal("70.5")
        # the lower-is-better indicator shows its formula where there is room for it
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        wider = row_of(app.screen.query_one(DataTable), "IK1.1")
        assert (wider["Capai%"], wider["Rumus"], wider["Predikat"]) == ("70,50", "R/T", "Sedang")
        assert row_of(app.screen.query_one(DataTable), "IK1.2")["Rumus"] == "2T-R"


async def test_conflict_keeps_the_form_and_the_users_values(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    other = as_user(ctx, "staf2")
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_screen(pilot, FormScreen, "down", "e")
        # meanwhile someone else saves the same indicator
        data.save_indicator(other, YEAR, replace(indicator(ctx, "IK1.1"), realisasi=Decimal(99)))
        real = form.query_one("#input-realisasi", Input)
        real.focus()
        real.value = ""
        await type_text(pilot, "60")
        await open_screen(pilot, ConflictDialog, "f2")
        assert indicator(ctx, "IK1.1").realisasi == Decimal(99)  # nothing overwritten
        await pilot.press("l")  # keep editing
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#input-realisasi", Input).value == "60"
        await pilot.press("f2")  # now a deliberate save
        await pilot.pause()
        assert indicator(ctx, "IK1.1").realisasi == Decimal(60)


async def test_conflict_reload_shows_the_stored_values(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "e")
        await pilot.pause()
        form = app.screen
        data.save_indicator(
            as_user(ctx, "staf2"), YEAR, replace(indicator(ctx, "IK1.1"), realisasi=Decimal(99))
        )
        form.query_one("#input-realisasi", Input).value = "60"
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#input-realisasi", Input).value == "99"


async def test_read_only_after_signing(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    freeze(ctx)
    for cls in (IndicatorsScreen, BudgetScreen, BidangScreen, NarrativeScreen, ProfileScreen):
        app = Host(cls(ctx, YEAR))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            banner = str(screen.query_one("#banner", Static).render())
            assert "HANYA BACA" in banner and "ditandatangani" in banner, cls
            for action in ("add", "edit", "delete", "save", "toggle_return"):
                assert screen.check_action(action, ()) is None
            keys = ["a", "e", "d"] if cls in (IndicatorsScreen, BudgetScreen, BidangScreen) else []
            keys += ["f2"] if cls in (NarrativeScreen, ProfileScreen) else []
            for key in keys:
                app.clear_notifications()
                await pilot.press(key)
                await pilot.pause()
                assert app.screen is screen  # no form opens, nothing is saved
                said = [n.message for n in app._notifications]
                assert said and "ditandatangani" in said[-1], (cls, key, said)  # and says why
    before = data.load(ctx, YEAR).data.report.returns
    app = Host(BidangScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
    assert data.load(ctx, YEAR).data.report.returns == before


async def test_bidang_checklist_toggle(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    app = Host(BidangScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert [x.bidang for x in data.load(ctx, YEAR).data.report.returns] == ["SD"]
        assert row_of(app.screen.query_one(DataTable), "SD")["Data langkah 4"].startswith("[v]")
        await pilot.press("space")
        await pilot.pause()
        assert data.load(ctx, YEAR).data.report.returns == ()


async def test_budget_flags_over_pagu_in_text(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    app = Host(BudgetScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert row_of(table, "1.01.02.2.01.0001")["Uraian"].strip().startswith("MELEBIHI PAGU")
        totals = str(app.screen.query_one("#totals", Static).render())
        assert "Rp 1.000,00" in totals and "Rp 900,00" in totals  # programme lines only


async def test_deleting_asks_first_and_says_what_went(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    app = Host(BudgetScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=2)  # the sub kegiatan 1.01.02.2.01.0001
        dialog = await open_screen(pilot, ConfirmDialog, "d")
        assert "Hapus baris anggaran 1.01.02.2.01.0001" in dialog.message
        await pilot.press("n")  # no: nothing goes
        await pilot.pause()
        assert len(data.load(ctx, YEAR).data.budget) == 3
        await pilot.press("d", "y")
        for _ in range(50):
            await pilot.pause(0.05)
            if len(data.load(ctx, YEAR).data.budget) == 2:
                break
        assert [b.code for b in data.load(ctx, YEAR).data.budget] == ["1.01.02", "1.01.02.2.01"]
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Baris anggaran 1.01.02.2.01.0001") and m.endswith("dihapus.")
                   for m in said), said  # fmt: skip


async def test_owner_bidang_filters_the_budget_and_the_indicators(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)  # SD owns IK1.1 and two lines, SMP IK1.2 and the sub kegiatan
    app = Host(BudgetScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        await pilot.press("f")
        await pilot.pause()
        assert [str(table.get_row(k)[0]) for k in table.rows] == ["1.01.02", "1.01.02.2.01"]
        heading = str(app.screen.query_one("#heading", Static).render())
        assert "tampil bidang SD: 2 baris" in heading
        await pilot.press("f")
        await pilot.pause()
        assert [str(table.get_row(k)[0]) for k in table.rows] == ["1.01.02.2.01.0001"]
        await pilot.press("f")
        await pilot.pause()
        assert table.row_count == 3  # all again
    app2 = Host(IndicatorsScreen(ctx, YEAR))
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app2.screen.query_one(DataTable)
        codes = lambda: [str(table.get_row(k)[0]).strip() for k in table.rows]  # noqa: E731
        assert "IK1.1" in codes() and "IK1.2" in codes()
        await pilot.press("f", "f")  # SD, then SMP
        await pilot.pause()
        assert "IK1.2" in codes() and "IK1.1" not in codes()


async def test_narrative_default_is_a_starting_text_not_saved(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    app = Host(NarrativeScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        state = str(app.screen.query_one("#state", Static).render())
        assert "TEKS AWAL, BELUM DISIMPAN" in state
        assert data.load(ctx, YEAR).data.report.narrative == {}
        await pilot.press("f2")
        await pilot.pause()
        saved = data.load(ctx, YEAR).data.report.narrative
        assert "kata_pengantar" in saved and "Tahun 2025" in saved["kata_pengantar"]


async def test_indicator_names_take_the_room_a_wider_terminal_has(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        narrow = table.columns[next(k for k in table.columns if k.value == "Indikator")].width
        await pilot.resize_terminal(140, 30)
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        wide = table.columns[next(k for k in table.columns if k.value == "Indikator")].width
        assert 24 <= narrow < wide and wide > 50  # the name never narrower than its least
        assert table.row_count > 0  # refilled after the columns changed


async def test_profile_shows_the_signers_from_the_users_and_saves_the_time_zone(
    tmp_path: Path,
) -> None:
    from models.numbers import OfficeZone
    from tui.screens.data_base import Choice

    ctx = small_office(tmp_path)  # the Bogor profile (WIB); 'kadis' holds Kepala Dinas, no NIP
    app = Host(ProfileScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        shown = "\n".join(str(s.render()) for s in screen.query(Static))
        assert "Kepala Dinas   : Kadis, NIP -" in shown
        assert "Sekretaris     : BELUM ADA: tanda tangan dokumen akan kosong" in shown
        assert "lakip users set" in shown
        assert not screen.query("#field-kepala_name")  # no second copy of the official
        zone = screen.query_one("#field-timezone", Choice)
        assert zone.value == "WIB"
        zone.set_value("WIT")
        await pilot.press("f2")
        await pilot.pause()
    with file_context(ctx.db_path).store.read() as r:
        assert r.profile().timezone is OfficeZone.WIT


async def test_bidang_times_follow_the_office_zone(tmp_path: Path) -> None:
    from models.numbers import OfficeZone
    from usecases.reporting import record_bidang_return

    ctx = small_office(tmp_path)  # Bogor, WIB: the return is stored as 08.00 WIB
    record_bidang_return(ctx, bidang="SD")
    profile = data.load(ctx, YEAR).data.profile
    data.save_profile(ctx, YEAR, replace(profile, timezone=OfficeZone.WIT))
    app = Host(BidangScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert row_of(app.screen.query_one(DataTable), "SD")["Data langkah 4"] == "[v] 10-02 10.00"
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "10 Februari 2026 10.00 WIT" in detail


async def test_a_form_saved_while_another_process_holds_the_lock_waits_without_freezing(
    tmp_path: Path, hold_lock: Any
) -> None:
    import time

    ctx = small_office(tmp_path)
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_screen(pilot, FormScreen, "down", "enter")
        real = form.query_one("#input-realisasi", Input)
        real.focus()
        real.value = ""
        await type_text(pilot, "71")
        holder = hold_lock(ctx.db_path, 3)
        await pilot.press("f2")
        t = time.monotonic()
        waiting = "Menunggu kunci data (dipegang kasubbag sejak "
        notes = lambda: [n.message for n in app._notifications]  # noqa: E731
        while not any(waiting in m for m in notes()) and time.monotonic() - t < 2:
            await pilot.pause(0.02)
        assert any(waiting in m for m in notes()), notes()
        assert app.screen is form  # still open while it waits; the keys still work
        await type_text(pilot, "9")
        assert real.value == "719"
        while app.screen is form and time.monotonic() - t < 10:
            await pilot.pause(0.1)
        assert holder.poll() is not None
        assert app.screen is not form
        assert not any(waiting in m for m in notes())
    assert indicator(ctx, "IK1.1").realisasi == Decimal("71")


# -- no lost typing -------------------------------------------------------------------------------


async def test_keys_typed_ahead_with_tabs_land_field_by_field(tmp_path: Path) -> None:
    """Over a laggy link "TST<Tab>Nama Uji<Tab>Kepala" arrives in one read: the keys reach the
    app together, before the first Tab has moved the focus."""
    from textual import events

    ctx = small_office(tmp_path)
    app = Host(BidangScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_screen(pilot, FormScreen, "a")
        for ch in "TST\tNama Uji\tKepala":
            key = {"\t": "tab", " ": "space"}.get(ch, ch)
            app.post_message(events.Key(key, ch))
        await pilot.pause()
        values = [form.query_one(f"#input-{k}", Input).value for k in ("code", "name", "head_name")]
        assert values == ["TST", "Nama Uji", "Kepala"]


FORMS = {
    "indicator": (IndicatorsScreen, ["down", "e"], "#input-name"),
    "budget": (BudgetScreen, ["e"], "#input-name"),
    "bidang": (BidangScreen, ["e"], "#input-name"),
    "profile": (ProfileScreen, [], "#input-office"),
}


@pytest.mark.parametrize("form", FORMS)
async def test_escape_on_a_changed_form_asks_before_discarding(tmp_path: Path, form: str) -> None:
    screen_class, keys, field = FORMS[form]
    ctx = small_office(tmp_path)
    before = ctx.db_path.read_bytes()
    app = Host(screen_class(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        editing = app.screen
        name = editing.query_one(field, Input)
        name.focus()
        await pilot.press("end", *"XY")
        typed = name.value
        assert typed.endswith("XY")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), app.screen
        assert "belum disimpan" in app.screen.message
        await pilot.press("n")  # keep editing: the typing is still there
        await pilot.pause()
        assert app.screen is editing and name.value == typed
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()
        assert app.screen is not editing
    assert ctx.db_path.read_bytes() == before  # nothing was saved


@pytest.mark.parametrize("form", ["indicator", "bidang"])
async def test_escape_on_an_unchanged_form_closes_it(tmp_path: Path, form: str) -> None:
    screen_class, keys, _field = FORMS[form]
    ctx = small_office(tmp_path)
    app = Host(screen_class(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        editing = app.screen
        assert isinstance(editing, FormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, ConfirmDialog))


# -- numbers never cut ----------------------------------------------------------------------------


def long_numbers(ctx: Any) -> Any:
    """The small office with numbers and units as long as a real office's."""
    i1, i2 = indicator(ctx, "IK1.1"), indicator(ctx, "IK1.2")
    data.save_indicator(ctx, YEAR, replace(
        i1, name="Angka partisipasi kasar sekolah dasar sederajat", satuan="orang",
        target=Decimal("1250.75"), realisasi=Decimal("1300.5")))  # fmt: skip
    data.save_indicator(ctx, YEAR, replace(
        i2, name="Rata-rata lama sekolah penduduk usia 25 tahun ke atas", satuan="tahun",
        target=Decimal("12345678.9"), realisasi=Decimal("12000000")))  # fmt: skip
    lines = {b.code: b for b in data.load(ctx, YEAR).data.budget}
    data.save_budget(ctx, YEAR, replace(
        lines["1.01.02.2.01.0001"], name="Penyediaan gaji dan tunjangan ASN",
        pagu=Decimal("168452300000"), realisasi=Decimal("162918745120")))  # fmt: skip
    return ctx


def shown_text(widget: Any) -> str:
    """What a widget shows on the screen, line by line."""
    from textual.geometry import Region

    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return "\n".join(line.text.rstrip() for line in lines)


@pytest.mark.parametrize("width", [80, 100])
async def test_indicator_numbers_and_units_are_never_cut(tmp_path: Path, width: int) -> None:
    ctx = long_numbers(small_office(tmp_path))
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        shown = shown_text(table)
        for whole in ("1.250,75", "1.300,50", "12.345.678,90", "12.000.000", "orang", "tahun"):
            assert whole in shown, shown
        name = next(c for c in table.ordered_columns if str(c.label) == "Indikator")
        assert name.width >= 24
        assert table.region.right <= width
        await pilot.press("down")
        await pilot.pause()
        detail = shown_text(app.screen.query_one("#detail", Static))
        for part in (
            "Angka partisipasi kasar sekolah dasar sederajat",
            "Target 1.250,75 orang",
            "realisasi 1.300,50 orang",  # as the LAKIP prints it (format_measure)
            "Capaian: 103,98 %",
            "rumus R / T x 100",
        ):
            assert part in detail, detail


@pytest.mark.parametrize("width", [80, 100])
async def test_budget_shows_sisa_whole_and_the_detail_uncut(tmp_path: Path, width: int) -> None:
    ctx = long_numbers(small_office(tmp_path))
    app = Host(BudgetScreen(ctx, YEAR))
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.ordered_columns][-2:] in (
            ["Serapan", "Sisa"], ["Sisa", "Sasaran"])  # fmt: skip
        shown = shown_text(table)
        for whole in ("168.452.300.000", "5.533.554.880", "96,72"):
            assert whole in shown, shown
        await pilot.press("down", "down")
        await pilot.pause()
        detail = shown_text(app.screen.query_one("#detail", Static))
        assert "Penyediaan gaji dan tunjangan ASN" in detail
        assert "sisa Rp 5.533.554.880,00" in " ".join(detail.split()), detail
        assert "Sasaran: S1; bidang: SMP" in detail, detail


# -- declared forms -------------------------------------------------------------------------------


async def test_a_field_declared_in_the_list_is_built_collected_reloaded_and_compared(
    tmp_path: Path,
) -> None:
    """Adding a field is one line in the form's field list (plus the record's attribute)."""
    from dataclasses import dataclass

    from models.domain import Indicator
    from tui.screens.data_base import FormField
    from tui.screens.indicators import INDICATOR_FIELDS, IndicatorForm

    @dataclass(frozen=True, slots=True, kw_only=True)
    class Wider(Indicator):
        remark: str = ""

    class WiderForm(IndicatorForm):
        FIELDS = (*INDICATOR_FIELDS, FormField("remark", "Keterangan"))

    ctx = small_office(tmp_path)
    loaded = data.load(ctx, YEAR).data
    item = Wider(**{f: getattr(indicator(ctx, "IK1.1"), f) for f in Indicator.__dataclass_fields__},
                 remark="awal")  # fmt: skip
    form = WiderForm(ctx, YEAR, loaded, item)

    class Opener(App[None]):
        def on_mount(self) -> None:
            self.push_screen(form)

    async with Opener().run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = form.query_one("#input-remark", Input)  # built, with the record's value
        assert field.value == "awal"
        assert str(form.query_one("#field-remark Label").render()) == "Keterangan"
        field.value = "diubah"
        await pilot.pause()
        assert form.collect().remark == "diubah"  # collected
        stored = replace(item, remark="orang lain")
        assert "Keterangan: tersimpan orang lain; isian Anda diubah" in form.differences(stored)
        assert form.reload(stored) and field.value == "orang lain"  # reloaded
        assert form.labels()["remark"] == "Keterangan"


async def test_a_refused_key_says_why_in_the_analyses_and_in_brackets_without_colour(
    tmp_path: Path,
) -> None:
    from tui.base import KeyBar
    from tui.screens.indicators import AnalysesScreen

    ctx = small_office(tmp_path)
    freeze(ctx)
    sasaran = data.load(ctx, YEAR).data.sasaran[0]
    app = Host(AnalysesScreen(ctx, YEAR, sasaran))
    app.no_color = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said and "ditandatangani" in said[-1], said
        bar = str(app.screen.query_one(KeyBar).render())
        assert "[f2 simpan]" in bar.lower() and "[f3" not in bar.lower(), bar


async def test_escape_in_the_search_clears_it_and_stays(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    screen = IndicatorsScreen(ctx, YEAR)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"putus")
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert table.row_count == 2  # S1 and IK1.2
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and table.has_focus
        assert screen.query_one("#search", Input).value == "" and table.row_count == 3


def test_the_editor_without_editor_set_is_one_that_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens.data_base import choose_editor

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert choose_editor() == ""  # none: the screen says so in Indonesian
    for name in ("vim", "vi"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    assert choose_editor() == "vi"
    (tmp_path / "nano").write_text("#!/bin/sh\n")
    (tmp_path / "nano").chmod(0o755)
    assert choose_editor() == "nano"
    monkeypatch.setenv("EDITOR", "micro")
    assert choose_editor() == "micro"


@pytest.mark.parametrize("which", ["narrative", "analyses"])
async def test_leaving_unsaved_text_asks_first(tmp_path: Path, which: str) -> None:
    from textual.widgets import TextArea

    from tui.screens.indicators import AnalysesScreen

    ctx = small_office(tmp_path)
    before = ctx.db_path.read_bytes()
    sasaran = data.load(ctx, YEAR).data.sasaran[0]
    editing = NarrativeScreen(ctx, YEAR) if which == "narrative" else AnalysesScreen(
        ctx, YEAR, sasaran)  # fmt: skip
    app = Host(editing)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editing.query_one(TextArea).focus()
        await pilot.press(*"XY", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), app.screen
        assert "belum disimpan" in app.screen.message
        await pilot.press("n")  # stay: the text is still there
        await pilot.pause()
        assert app.screen is editing and "XY" in editing.query_one(TextArea).text
        await pilot.press("escape", "y")  # leave without saving
        await pilot.pause()
        assert app.screen is not editing
    assert ctx.db_path.read_bytes() == before


async def test_f5_without_an_editor_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    app = Host(NarrativeScreen(small_office(tmp_path), YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said and "Tidak ada editor teks" in said[-1], said


async def test_ctrl_a_selects_all_of_the_narrative(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    app = Host(NarrativeScreen(small_office(tmp_path), YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        area.focus()
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert area.selected_text == area.text and area.text


async def test_a_code_with_a_space_is_refused_with_its_reason_next_to_it(tmp_path: Path) -> None:
    app = Host(BidangScreen(small_office(tmp_path), YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_screen(pilot, FormScreen, "a")
        await type_text(pilot, "SD 2")
        await pilot.pause()
        hint = str(form.query_one("#field-code .hint", Static).render())
        assert "kode tidak boleh berisi spasi" in hint, hint
        assert form.query_one("#save", Button).disabled


async def test_profile_conflict_names_the_difference_and_reloads_theirs(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    screen = ProfileScreen(ctx, YEAR)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        office = screen.query_one("#input-office", Input)
        office.value = "Dinas Saya"
        stored = data.load(ctx, YEAR).data.profile
        data.save_profile(as_user(ctx, "staf2"), YEAR, replace(stored, city="Kota Lain"))
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog), dialog
        shown = "\n".join(dialog.differences)
        assert "Kota surat: tersimpan Kota Lain" in shown and "Perangkat daerah" in shown, shown
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#input-city", Input).value == "Kota Lain"
        assert office.value == stored.office  # theirs, as asked
        await pilot.press("escape")  # nothing left to lose: it leaves without asking
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)


async def test_typing_into_a_number_field_replaces_what_it_held(tmp_path: Path) -> None:
    """A new budget line's pagu and realisasi start at 0: Tab into them and type, as in a
    spreadsheet, replaces the 0 (it once gave '04.250.000.000', refused, and '04.250' read as
    4,25). Text fields keep what they hold."""
    from textual import events

    ctx = small_office(tmp_path)
    app = Host(BudgetScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_screen(pilot, FormScreen, "a")
        pagu = form.query_one("#input-pagu", Input)
        assert pagu.value == "0"
        for ch in "9.99\tNama\t4.250.000\t3.987.500":
            key = {"\t": "tab", ".": "full_stop"}.get(ch, ch)
            app.post_message(events.Key(key, ch))
        await pilot.pause()
        assert pagu.value == "4.250.000"
        assert form.query_one("#input-realisasi", Input).value == "3.987.500"
        await pilot.press("shift+tab", "shift+tab", "x")
        assert form.query_one("#input-name", Input).value in ("Namax", "xNama")


async def test_the_open_chapter_is_highlighted_so_down_enter_opens_the_next(
    tmp_path: Path,
) -> None:
    """The chapter list started with nothing highlighted: Down then Enter reopened the first
    chapter."""
    from textual.widgets import OptionList

    from models.report import CHAPTER_KEYS

    ctx = small_office(tmp_path)
    app = Host(NarrativeScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NarrativeScreen)
        assert screen.query_one(OptionList).highlighted == 0
        await pilot.press("down", "enter")
        assert screen.key == CHAPTER_KEYS[1]


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode-no-color", "ascii"])
async def test_the_indicator_detail_shows_its_history_as_a_text_chart(
    tmp_path: Path, ascii: bool
) -> None:
    """The same history as the LAKIP's chart, in characters (read under NO_COLOR); an ASCII
    terminal gets the values without the block characters its font may lack."""
    from models.numbers import spark_bars
    from tui.term import Terminal

    ctx = small_office(tmp_path)
    app = Host(IndicatorsScreen(ctx, YEAR))
    app.no_color = True
    if ascii:
        app.term = Terminal(no_color=True, ascii=True)  # type: ignore[attr-defined]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")  # IK1.1: 2024 90, 2025 95
        await pilot.pause()
        detail = shown_text(app.screen.query_one("#detail", Static))
        values = [None, None, Decimal("90"), Decimal("95")]
        chart = "" if ascii else f" {spark_bars(values)}"
        assert f"Riwayat realisasi{chart}: {YEAR - 3} -; {YEAR - 2} -; {YEAR - 1} 90" in detail, (
            detail
        )
    assert spark_bars(values) == "··▁█"
    assert spark_bars([Decimal(1), Decimal(2), Decimal(3)]) == "▁▅█"
    assert spark_bars([Decimal(5), Decimal(5)]) == "▄▄"
