"""The step-2 workbook: export per bidang, fill as a bidang would, import back (step 4)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl

from tests.conftest import YEAR, small_office
from usecases import data
from usecases.collection import export_forms, import_file


def _columns(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[3] if c.value}


def _row_of(ws: openpyxl.worksheet.worksheet.Worksheet, column: int, code: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, column).value == code)


def test_round_trip_for_one_bidang(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    (made,) = export_forms(ctx, year=YEAR, bidang="SD", out_dir=tmp_path / "out")
    assert made.path.name == "Format-Data-LAKIP-2025-SD.xlsx"
    assert (made.indicators, made.budget_lines) == (1, 2)

    wb = openpyxl.load_workbook(made.path)
    assert wb.sheetnames[0] == "Petunjuk"
    assert "koma adalah tanda desimal" in " ".join(
        str(c.value) for c in wb["Petunjuk"]["A"] if c.value
    )
    ind = wb["Indikator"]
    cols = _columns(ind)
    assert ind.protection.sheet
    row = _row_of(ind, cols["kode_indikator"], "IK1.1")
    assert ind.cell(row, cols["kode_indikator"]).protection.locked
    assert not ind.cell(row, cols["realisasi"]).protection.locked
    # a bidang types a number cell, an Indonesian-style text cell, and earlier years
    ind.cell(row, cols["realisasi"]).value = 98.75
    ind.cell(row, cols["realisasi_2023"]).value = "88,4"
    ind.cell(row, cols["sumber_data"]).value = "Dapodik 2025"
    bud = wb["Anggaran"]
    bcols = _columns(bud)
    brow = _row_of(bud, bcols["kode"], "1.01.02.2.01")
    bud.cell(brow, bcols["realisasi"]).value = "955.500.000,25"
    wb.save(made.path)

    result = import_file(ctx, made.path)
    assert result.applied, [p.text() for p in result.problems]
    assert result.bidang_returned == "SD"
    view = data.load(ctx, YEAR).data
    got = next(i for i in view.indicators if i.code == "IK1.1")
    assert got.realisasi == Decimal("98.75")
    assert got.history == {2023: Decimal("88.4"), 2024: Decimal(90)}
    assert got.data_source == "Dapodik 2025"
    line = next(b for b in view.budget if b.code == "1.01.02.2.01")
    assert line.realisasi == Decimal("955500000.25")
    assert line.pagu == Decimal(1000)
    # nothing else changed
    other = next(i for i in view.indicators if i.code == "IK1.2")
    assert other.realisasi == Decimal("0.5")
    assert [c.code for c in result.changes] == ["IK1.1", "1.01.02.2.01"]
    # step 4: SD is ticked as returned, recorded in the same transaction
    assert [x.bidang for x in view.report.returns] == ["SD"]
    with ctx.store.read() as r:
        actions = [a.action for a in r.audit(YEAR)][-4:]
    assert actions == ["impor.indikator", "impor.anggaran", "bidang.terima", "impor"]
    # re-importing the same workbook changes no data
    again = import_file(ctx, made.path)
    assert again.applied and again.changes == ()


def test_bad_row_in_workbook_changes_nothing(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    (made,) = export_forms(ctx, year=YEAR, bidang="SMP", out_dir=tmp_path)
    wb = openpyxl.load_workbook(made.path)
    ind = wb["Indikator"]
    cols = _columns(ind)
    row = _row_of(ind, cols["kode_indikator"], "IK1.2")
    ind.cell(row, cols["realisasi"]).value = "tiga"
    bud = wb["Anggaran"]
    bcols = _columns(bud)
    bud.cell(_row_of(bud, bcols["kode"], "1.01.02.2.01.0001"), bcols["realisasi"]).value = 5
    wb.save(made.path)
    before = data.load(ctx, YEAR).data
    result = import_file(ctx, made.path)
    assert not result.applied
    (problem,) = result.problems
    assert (problem.sheet, problem.row, problem.column) == ("Indikator", row, "realisasi")
    assert "bukan angka" in problem.message
    assert "lembar Indikator, baris 4, kolom realisasi" in problem.text()
    assert data.load(ctx, YEAR).data == before  # not even the valid budget row, not the return


def test_a_filled_in_file_is_never_overwritten(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    first = export_forms(ctx, year=YEAR, out_dir=tmp_path)
    assert [x.bidang for x in first] == ["SD", "SMP"]
    # exported again (one bidang after all of them): our own untouched file keeps its name
    (again,) = export_forms(ctx, year=YEAR, bidang="sd", out_dir=tmp_path)
    assert not again.renamed and again.path == first[0].path
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == [
        "Format-Data-LAKIP-2025-SD.xlsx",
        "Format-Data-LAKIP-2025-SMP.xlsx",
    ]
    # a bidang filled it in: it is never overwritten, the new one gets a numbered name
    wb = openpyxl.load_workbook(again.path)
    wb["Indikator"]["A1"] = "diisi bidang"
    wb.save(again.path)
    filled = again.path.read_bytes()
    (second,) = export_forms(ctx, year=YEAR, bidang="sd", out_dir=tmp_path)
    assert second.renamed and second.path.name == "Format-Data-LAKIP-2025-SD (2).xlsx"
    assert again.path.read_bytes() == filled
    with ctx.store.read() as r:
        assert [e.kind for e in r.exports(YEAR)] == ["form"] * 4


def test_workbook_of_another_year_is_refused(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    (made,) = export_forms(ctx, year=YEAR, bidang="SD", out_dir=tmp_path)
    wb = openpyxl.load_workbook(made.path)
    wb["_lakip"]["B3"] = "2019"
    wb.save(made.path)
    from usecases.reporting import UseCaseError

    try:
        result = import_file(ctx, made.path, year=YEAR, valid_only=True)
    except UseCaseError:
        return
    assert not result.applied and "tahun 2019" in result.problems[0].message


def test_cli_export_and_import(tmp_path: Path) -> None:
    from usecases.context import unix_account

    ctx = small_office(tmp_path, account=unix_account())  # the CLI acts as the Unix account
    out = tmp_path / "keluaran"
    cmd = [sys.executable, "-m", "tui.cli", "--db", str(ctx.db_path)]
    done = subprocess.run(
        [*cmd, "export", "form", "--bidang", "SD", "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Format-Data-LAKIP-2025-SD.xlsx" in done.stdout
    path = out / "Format-Data-LAKIP-2025-SD.xlsx"
    dry = subprocess.run([*cmd, "import", "--dry-run", str(path)], capture_output=True, text=True)
    assert dry.returncode == 0 and "tidak ada yang disimpan" in dry.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("kode;program;pagu;realisasi\n1.01.02;Program;x;1\n", encoding="utf-8")
    res = subprocess.run([*cmd, "import", str(bad)], capture_output=True, text=True)
    assert res.returncode == 1
    assert "baris 2, kolom pagu" in res.stderr and "Tidak ada yang disimpan" in res.stderr


def test_import_path_keeps_status_light() -> None:
    code = (
        "import sys, tui.cli, usecases.data, usecases.collection, exporters.workbook; "
        "bad = [m for m in ('textual', 'openpyxl', 'pydantic') if m in sys.modules]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr
