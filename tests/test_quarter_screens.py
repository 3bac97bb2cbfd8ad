"""Pilot tests at 80x24 of the quarter selector of the indicator and budget screens, and of a
quarter's values edited from them (``usecases.quarters``)."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Static

from tests.conftest import YEAR, small_office
from tests.pilot import Host, detail_of, open_screen, row_of, type_text
from tui.screens.budget import BudgetScreen
from tui.screens.data_base import FormScreen
from tui.screens.indicators import IndicatorsScreen
from usecases import data
from usecases.quarters import save_budget_quarter, save_quarter

SIZE = (80, 24)


def heading(app: Any) -> str:
    return str(app.screen.query_one("#heading", Static).render())


def quarters_in(ctx: Any) -> Any:
    """IK1.1 (kumulatif) with TW I and TW II; IK1.2 with TW I only; the sub kegiatan with TW
    I's plan and spending."""
    from models.domain import Aggregation
    from usecases.quarters import save_manual_ik

    save_manual_ik(ctx, YEAR, "IK1.1", aggregation=Aggregation.KUMULATIF)
    save_quarter(ctx, YEAR, "IK1.1", 1, target=Decimal(20), realisasi=Decimal(18))
    save_quarter(ctx, YEAR, "IK1.1", 2, target=Decimal(30), realisasi=Decimal(27))
    save_quarter(ctx, YEAR, "IK1.2", 1, target=Decimal("0.4"), realisasi=Decimal("0.4"))
    save_budget_quarter(
        ctx, YEAR, "1.01.02.2.01.0001", 1, rencana=Decimal(250), realisasi=Decimal(200)
    )
    return ctx


async def test_the_selector_cycles_and_the_columns_show_the_quarter_to_date(
    tmp_path: Path,
) -> None:
    ctx = quarters_in(small_office(tmp_path))
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[Tahunan" in heading(app)
        assert row_of(app.screen.query_one(DataTable), "IK1.1")["Target"] == "100,00"
        await pilot.press("w", "w")  # Tahunan -> TW I -> TW II
        await pilot.pause()
        assert "[TW II" in heading(app)
        # IK1.2 lacks TW II: the heading names the quarter still missing
        assert "belum lengkap: TW II" in heading(app), heading(app)
        row = row_of(app.screen.query_one(DataTable), "IK1.1")
        # kumulatif: (18 + 27) against (20 + 30) = 90 %
        assert (row["Target"], row["Realis"], row["Capai%"]) == ("50,00", "45,00", "90,00")
        assert row_of(app.screen.query_one(DataTable), "IK1.2")["Capai%"] == "-"
        await pilot.press("down")
        await pilot.pause()
        assert "Capaian s.d. TW II: 90,00 %" in " ".join(detail_of(app).split())
        await pilot.press("w", "w", "w")  # TW III, TW IV, back to the year
        await pilot.pause()
        assert "[Tahunan" in heading(app)
        assert row_of(app.screen.query_one(DataTable), "IK1.1")["Capai%"] == "95,00"


async def test_a_quarter_edited_from_the_screen_is_saved_through_the_quarter_use_case(
    tmp_path: Path,
) -> None:
    ctx = quarters_in(small_office(tmp_path))
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w", "w", "down", "e")  # TW II, IK1.1
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "TW II indikator IK1.1" in str(form.query_one("#title", Static).render())
        real = form.query_one("#input-realisasi_tw2", Input)
        assert real.value == "27"
        real.focus()
        real.value = ""
        await type_text(pilot, "32")
        await pilot.pause()
        assert "capaian 100,00 %" in str(form.query_one("#preview", Static).render())
        await pilot.press("f2")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        ind = next(i for i in data.load(ctx, YEAR).data.indicators if i.code == "IK1.1")
        assert ind.realisasi_tw[:2] == (Decimal(18), Decimal(32))
        assert ind.realisasi == Decimal(95)  # the year's value is not touched
        row = row_of(app.screen.query_one(DataTable), "IK1.1")
        assert (row["Realis"], row["Capai%"]) == ("50,00", "100,00")
        with ctx.store.read() as r:  # the quarter use case's save, audited as one
            entries = [e for e in r.audit(YEAR) if e.action == "indikator.triwulan"]
        assert entries[-1].note == "TW II"


async def test_a_bad_quarter_number_is_refused_next_to_the_field(tmp_path: Path) -> None:
    ctx = quarters_in(small_office(tmp_path))
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w", "down", "e")
        await pilot.pause()
        form = app.screen
        target = form.query_one("#input-target_tw1", Input)
        target.focus()
        target.value = ""
        await type_text(pilot, "12,3,4")
        await open_screen(pilot, FormScreen, "f2")
        assert "belum benar" in str(form.query_one("#error", Static).render())
        ind = next(i for i in data.load(ctx, YEAR).data.indicators if i.code == "IK1.1")
        assert ind.target_tw[0] == Decimal(20)


async def test_budget_quarter_columns_and_edit(tmp_path: Path) -> None:
    ctx = quarters_in(small_office(tmp_path))
    app = Host(BudgetScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert "[TW I, data lengkap]" in heading(app), heading(app)
        table = app.screen.query_one(DataTable)
        row = row_of(table, "1.01.02.2.01.0001")
        assert (row["Renc s.d."], row["Real s.d."], row["Serapan"]) == ("250", "200", "20,00")
        assert table.region.right <= SIZE[0]
        await pilot.press("w")  # TW II: the sub kegiatan's spending is missing
        await pilot.pause()
        assert "belum lengkap: TW II" in heading(app)
        form = await open_screen(pilot, FormScreen, "down", "down", "e")
        spent = form.query_one("#input-realisasi_tw2", Input)
        spent.focus()
        await type_text(pilot, "300")
        await pilot.press("f2")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = next(b for b in data.load(ctx, YEAR).data.budget if b.code == "1.01.02.2.01.0001")
        assert line.realisasi_tw == (Decimal(200), Decimal(300))
        assert "data lengkap" in heading(app), heading(app)
        row = row_of(app.screen.query_one(DataTable), "1.01.02.2.01.0001")
        assert (row["Real s.d."], row["Serapan"]) == ("500", "50,00")


async def test_a_quarter_changed_in_place_shows_what_a_table_made_anew_shows(
    tmp_path: Path,
) -> None:
    """``w`` changes only the cells that differ when the rows and columns stay (the fast
    path of ``DataScreen.put_rows``); the table then reads as one filled from nothing."""
    ctx = quarters_in(small_office(tmp_path))
    app = Host(IndicatorsScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IndicatorsScreen)
        table = screen.query_one(DataTable)

        def shown() -> list[Any]:
            return [
                [(str(c.label), c.width) for c in table.ordered_columns],
                *([str(cell) for cell in table.get_row(r.key)] for r in table.ordered_rows),
                table.cursor_row,
            ]

        await pilot.press("down", "down")
        in_place = 0
        for _ in range(5):  # TW I .. TW IV, the year again
            rows_before = list(table.ordered_rows)
            await pilot.press("w")
            await pilot.pause()
            in_place += [r.key for r in table.ordered_rows] == [r.key for r in rows_before] and (
                table.ordered_rows[0] is rows_before[0]
            )
            now = shown()
            screen._layout = ()  # the columns made again: the table filled from nothing
            screen.put_rows(list(screen._rows or []))
            await pilot.pause()
            assert shown() == now
        assert in_place, "no quarter was shown in place"
        assert table.cursor_row == 2
