"""Quarter data through the bidang workbooks and CSV: a workbook for TW II filled (with openpyxl,
as a bidang would) and imported; re-import changes nothing; a bad cell refused with its row; a
CSV with target_twN / realisasi_twN (pembilang_twN / penyebut_twN for rasio) columns."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from models.domain import Aggregation
from tests.conftest import YEAR, small_office
from usecases import data
from usecases.collection import export_forms, import_file
from usecases.quarters import save_manual_ik, save_quarter

SUB = "1.01.02.2.01.0001"


def _columns(ws: Any) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[3] if c.value}


def _row_of(ws: Any, column: int, code: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, column).value == code)


def _entries(ctx: Any, *actions: str) -> list[Any]:
    with ctx.store.read() as r:
        return [e for e in r.audit(YEAR) if e.action in actions]


def test_a_tw2_workbook_filled_and_imported_then_again_changes_nothing(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    save_manual_ik(ctx, YEAR, "IK1.2", aggregation=Aggregation.RASIO)
    save_quarter(ctx, YEAR, "IK1.2", 1, target=Decimal("0.4"), pembilang=Decimal(2),
                 penyebut=Decimal(1000))  # fmt: skip
    (made,) = export_forms(ctx, year=YEAR, bidang="SMP", out_dir=tmp_path / "out", quarter=2)
    assert made.path.name == "Format-Data-LAKIP-2025-SMP-TW2.xlsx"
    wb = openpyxl.load_workbook(made.path)
    assert dict(wb["_lakip"].iter_rows(values_only=True))["triwulan"] == "2"
    ind, bud = wb["Indikator"], wb["Anggaran"]
    cols, bcols = _columns(ind), _columns(bud)
    keys = list(cols)
    assert keys[keys.index("realisasi") + 1 : keys.index("realisasi") + 5] == [
        "target_tw2", "realisasi_tw2", "pembilang_tw2", "penyebut_tw2"]  # fmt: skip
    assert {"rencana_tw2", "realisasi_tw2"} <= set(bcols)
    assert str(ind.cell(2, cols["target_tw2"]).value) == "Target TW II"
    row = _row_of(ind, cols["kode_indikator"], "IK1.2")
    assert not ind.cell(row, cols["pembilang_tw2"]).protection.locked
    # the bidang fills TW II: a rasio indicator's numerator and denominator, a budget line's
    # plan and spending (Indonesian-style text and a plain number)
    ind.cell(row, cols["target_tw2"]).value = "0,4"
    ind.cell(row, cols["pembilang_tw2"]).value = 3
    ind.cell(row, cols["penyebut_tw2"]).value = 1000
    brow = _row_of(bud, bcols["kode"], SUB)
    bud.cell(brow, bcols["rencana_tw2"]).value = "250.000"
    bud.cell(brow, bcols["realisasi_tw2"]).value = 240000
    wb.save(made.path)

    result = import_file(ctx, made.path)
    assert result.applied, [p.text() for p in result.problems]
    view = data.load(ctx, YEAR).data
    got = next(i for i in view.indicators if i.code == "IK1.2")
    assert got.pembilang_tw == (Decimal(2), Decimal(3))
    assert got.penyebut_tw == (Decimal(1000), Decimal(1000))
    assert got.target_tw == (Decimal("0.4"), Decimal("0.4"))
    assert got.target == Decimal("0.4") and got.realisasi == Decimal("0.5")  # the year's kept
    line = next(b for b in view.budget if b.code == SUB)
    assert line.rencana_tw == (None, Decimal(250000))
    assert line.realisasi_tw == (None, Decimal(240000))
    changed = _entries(ctx, "impor.indikator", "impor.anggaran")
    assert {c.field for e in changed for c in e.changes} >= {"pembilang_tw", "penyebut_tw"}

    # the same workbook again: nothing changes, no record's audit entry
    again = import_file(ctx, made.path)
    assert again.applied and again.changes == () and again.unchanged >= 2
    assert _entries(ctx, "impor.indikator", "impor.anggaran") == changed
    assert next(i for i in data.load(ctx, YEAR).data.indicators if i.code == "IK1.2") == got


def test_a_bad_quarter_cell_is_refused_with_its_row_and_nothing_is_saved(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    (made,) = export_forms(ctx, year=YEAR, bidang="SMP", out_dir=tmp_path / "out", quarter=2)
    wb = openpyxl.load_workbook(made.path)
    ind, bud = wb["Indikator"], wb["Anggaran"]
    cols, bcols = _columns(ind), _columns(bud)
    row = _row_of(ind, cols["kode_indikator"], "IK1.2")
    ind.cell(row, cols["realisasi_tw2"]).value = "nol koma lima"
    brow = _row_of(bud, bcols["kode"], SUB)
    bud.cell(brow, bcols["realisasi_tw2"]).value = -5
    ind.cell(row, cols["pembilang_tw2"]).value = 3  # IK1.2 is not a rasio indicator
    wb.save(made.path)
    result = import_file(ctx, made.path)
    assert not result.applied
    texts = [p.text() for p in result.problems]
    assert any(f"lembar Indikator, baris {row}, kolom realisasi_tw2" in t for t in texts), texts
    assert any(
        f"lembar Anggaran, baris {brow}, kolom realisasi_tw2: tidak boleh negatif" in t
        for t in texts
    ), texts
    view = data.load(ctx, YEAR).data
    assert next(i for i in view.indicators if i.code == "IK1.2").realisasi_tw == ()
    # the rasio check, on its own: a numerator for an indicator that is not a rasio
    ind.cell(row, cols["realisasi_tw2"]).value = None
    bud.cell(brow, bcols["realisasi_tw2"]).value = None
    wb.save(made.path)
    texts = [p.text() for p in import_file(ctx, made.path).problems]
    assert any("kolom pembilang_tw2: pembilang/penyebut hanya untuk" in t for t in texts), texts


def test_a_csv_fills_quarters_by_column(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    save_manual_ik(ctx, YEAR, "IK1.1", aggregation=Aggregation.KUMULATIF)
    csv = tmp_path / "tw.csv"
    csv.write_text(
        "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi;"
        "target_tw1;realisasi_tw1;target_tw2;realisasi_tw2;target_tw3\n"
        "S1;IK1.1;APK SD;%;positif;100;95;20;18;30;27,5;\n",
        encoding="utf-8",
    )
    result = import_file(ctx, csv)
    assert result.applied, [p.text() for p in result.problems]
    got = next(i for i in data.load(ctx, YEAR).data.indicators if i.code == "IK1.1")
    assert got.target_tw == (Decimal(20), Decimal(30))  # TW III's empty cell leaves it empty
    assert got.realisasi_tw == (Decimal(18), Decimal("27.5"))
    assert import_file(ctx, csv).changes == ()


def test_cli_export_form_and_a_quarter_request(tmp_path: Path) -> None:
    import subprocess
    import sys

    from usecases.context import unix_account
    from usecases.requests import tunggakan

    ctx = small_office(tmp_path, account=unix_account())  # the CLI acts as the Unix account
    out = tmp_path / "keluaran"
    cmd = [sys.executable, "-m", "tui.cli", "--db", str(ctx.db_path)]
    done = subprocess.run(
        [*cmd, "export", "form", "--bidang", "SD", "--tw", "2", "-o", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Format-Data-LAKIP-2025-SD-TW2.xlsx" in done.stdout
    sent = subprocess.run(
        [*cmd, "export", "permintaan", "--bidang", "SD", "--tw", "1", "-o", str(out / "n.docx")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    debt = next(d for d in tunggakan(ctx).debts if d.bidang.code == "SD")
    assert debt.request is not None and debt.request.quarter == 1
    assert [i.label for i in debt.owed] == ["indikator IK1.1 (target TW I, realisasi TW I)"]


async def test_the_export_dialog_makes_the_workbooks_of_the_quarter_being_monitored(
    tmp_path: Path, monkeypatch: Any
) -> None:
    import os

    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    from textual.app import App
    from textual.widgets import Static

    from tui.screens.export import ExportScreen

    ctx = small_office(tmp_path)  # the office's clock: February 2026, report year 2025
    out = tmp_path / "keluaran"
    monkeypatch.setenv("LAKIP_OUT", str(out))

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ExportScreen(ctx, YEAR))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "down", "space", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "format data TW IV dibuat" in status, status  # a past year: its last quarter
    made = sorted(p.name for p in (out / "format-data-2025").iterdir())
    assert made == ["Format-Data-LAKIP-2025-SD-TW4.xlsx", "Format-Data-LAKIP-2025-SMP-TW4.xlsx"]
