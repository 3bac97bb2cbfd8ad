"""Imports check what they are given: unknown columns are named, and the serapan, sisa and
capaian a file gives are compared with the values computed from its own pagu/realisasi and
target/realisasi; a contradiction refuses the file unless it is accepted (--terima-selisih),
which is audited and shown by the quality gate."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from models.quality import findings
from tests.conftest import YEAR, small_office
from tests.pilot import open_screen
from tui.cli import main
from usecases import data
from usecases.collection import import_file
from usecases.context import unix_account

# pagu 2.500.000, realisasi 2.250.000: serapan 90 %, sisa 250.000
# pagu 1.000.000, realisasi 333.333: serapan 33,3333 %, sisa 666.667
CONSISTENT = (
    "kode;program;pagu;realisasi;serapan;sisa\n"
    "1.01.02;PROGRAM PENGELOLAAN;2.500.000;2.250.000;90;Rp 250.000\n"
    "1.01.02.2.01.0009;Rehabilitasi;1.000.000;333.333;33,33;666.667\n"
)
CONTRADICTING = (
    "kode;program;pagu;realisasi;serapan;sisa;keterangan\n"
    "1.01.02;PROGRAM PENGELOLAAN;2.500.000;2.250.000;95,00;100.000;lama\n"
    "1.01.02.2.01.0009;Rehabilitasi;1.000.000;333.333;33,33;666.667;\n"
)
# IK1.1: target 100, realisasi 97,25 -> capaian 97,25; IK1.2 (lower is better, 2T-R):
# target 0,4, realisasi 0,35 -> capaian 112,5
CAPAIAN = (
    "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi;capaian\n"
    "S1;IK1.1;APK SD;%;positif;100;97,25;97,3\n"
    "S1;IK1.2;Angka putus sekolah;%;negatif;0,4;0,35;87,5\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_consistent_file_imports_as_before(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    result = import_file(ctx, write(tmp_path, "anggaran.csv", CONSISTENT))
    assert result.applied, [p.text() for p in result.problems]
    assert result.mismatches == () and result.warnings == () and not result.mismatches_accepted
    lines = {b.code: b for b in data.load(ctx, YEAR).data.budget}
    assert lines["1.01.02"].realisasi == Decimal(2250000)
    assert lines["1.01.02.2.01.0009"].pagu == Decimal(1000000)
    view = data.load(ctx, YEAR).data
    assert view.report.given_values == ()
    assert not [f for f in findings(view) if "Impor" in f.what]


def test_unknown_column_is_named_in_a_warning(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    text = "kode;program;pagu;realisasi;Keterangan Tambahan;serapn\n1.01.02;P;1.000;900;x;90\n"
    result = import_file(ctx, write(tmp_path, "a.csv", text))
    assert result.applied and result.problems == ()
    (warning,) = result.warnings
    assert "kolom tidak dikenal" in warning
    assert "keterangan_tambahan" in warning and "serapn" in warning
    assert "pagu" not in warning.split(":", 1)[1]


def test_contradicting_serapan_and_sisa_refused_with_rows(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    before = data.load(ctx, YEAR).data
    path = write(tmp_path, "anggaran.csv", CONTRADICTING)
    dry = import_file(ctx, path, dry_run=True)
    result = import_file(ctx, path)
    for r in (dry, result):
        assert not r.applied and r.problems == ()
        assert [(m.row, m.code, m.disagreement.column) for m in r.mismatches] == [
            (2, "1.01.02", "serapan"),
            (2, "1.01.02", "sisa"),
        ]
        serapan_text, sisa_text = (m.text() for m in r.mismatches)
        assert "baris 2" in serapan_text
        assert "serapan tertulis 95,00 %, dihitung 90,00 %" in serapan_text
        assert "sisa tertulis Rp 100.000,00, dihitung Rp 250.000,00" in sisa_text
        assert any("keterangan" in w for w in r.warnings)
    assert data.load(ctx, YEAR).data == before  # nothing written
    with ctx.store.read() as r:
        assert not [a for a in r.audit(YEAR) if a.action.startswith("impor")]


def test_accepted_differences_are_kept_audited_and_warned(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    result = import_file(
        ctx, write(tmp_path, "anggaran.csv", CONTRADICTING), accept_mismatches=True
    )
    assert result.applied and result.mismatches_accepted and len(result.mismatches) == 2
    view = data.load(ctx, YEAR).data
    line = next(b for b in view.budget if b.code == "1.01.02")
    assert (line.pagu, line.realisasi) == (Decimal(2500000), Decimal(2250000))
    with ctx.store.read() as r:
        (entry,) = [a for a in r.audit(YEAR) if a.action == "impor"]
    assert "selisih diterima" in entry.note
    assert "baris 2" in entry.note and "serapan tertulis 95,00 %, dihitung 90,00 %" in entry.note
    assert {(g.code, g.column, g.row, g.file) for g in view.report.given_values} == {
        ("1.01.02", "serapan", 2, "anggaran.csv"),
        ("1.01.02", "sisa", 2, "anggaran.csv"),
    }
    warned = [f for f in findings(view) if f.what.startswith("Impor anggaran.csv")]
    assert len(warned) == 2 and not any(f.blocking for f in warned)
    assert "serapan tertulis 95,00 %, dihitung 90,00 %" in warned[0].what
    assert "layar Anggaran (a), 1.01.02" in warned[0].where
    # a later consistent import of the same line clears the note and the warning
    again = import_file(ctx, write(tmp_path, "benar.csv", CONSISTENT))
    assert again.applied
    view = data.load(ctx, YEAR).data
    assert view.report.given_values == ()
    assert not [f for f in findings(view) if f.what.startswith("Impor")]


def test_capaian_compared_with_the_formula_of_the_indicator(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    result = import_file(ctx, write(tmp_path, "ind.csv", CAPAIAN), dry_run=True)
    # 97,3 is 97,25 rounded to one decimal: it agrees; 87,5 is T/R, not the 2T-R formula (112,5)
    (m,) = result.mismatches
    assert (m.row, m.code) == (3, "IK1.2")
    assert "capaian tertulis 87,50 %, dihitung 112,50 %" in m.text()


def test_capaian_given_for_an_undefined_capaian_is_a_mismatch(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    text = (
        "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi;capaian\n"
        "S1;IK1.1;APK SD;%;positif;0;5;100\n"
    )
    (m,) = import_file(ctx, write(tmp_path, "ind.csv", text), dry_run=True).mismatches
    assert "dihitung tidak dapat dihitung (target nol)" in m.text()


def test_unreadable_given_value_is_a_row_problem(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    text = "kode;program;pagu;realisasi;serapan\n1.01.02;P;1.000;900;sembilan puluh\n"
    result = import_file(ctx, write(tmp_path, "a.csv", text))
    assert not result.applied
    assert [(p.row, p.column) for p in result.problems] == [(2, "serapan")]


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Anggaran"
    ws.append(["Anggaran dari SIPD"])
    ws.append(["kode", "program", "pagu", "realisasi", "serapan", "sisa", "catatan"])
    ws.append(["1.01.02", "PROGRAM", 2500000, 2250000, 0.9 * 100, 250000, "ok"])
    ws.append(["1.01.02.2.01.0009", "Rehabilitasi", 1000000, 333333, 40.0, 666667, None])
    wb.save(path)
    return path


def test_xlsx_mismatch_names_the_sheet_row(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    path = _workbook(tmp_path / "sipd.xlsx")
    result = import_file(ctx, path)
    assert not result.applied and result.problems == ()
    (m,) = result.mismatches  # row 3 agrees (a float 90.00000000000001 is 90)
    assert (m.sheet, m.row, m.code) == ("Anggaran", 4, "1.01.02.2.01.0009")
    assert m.text().startswith("lembar Anggaran, baris 4")
    assert "serapan tertulis 40,00 %, dihitung 33,33 %" in m.text()
    assert any("catatan" in w and "Anggaran" in w for w in result.warnings)
    kept = import_file(ctx, path, accept_mismatches=True)
    assert kept.applied
    (g,) = data.load(ctx, YEAR).data.report.given_values
    assert (g.sheet, g.row, g.given) == ("Anggaran", 4, Decimal(40))


def test_cli_refuses_lists_and_accepts_with_terima_selisih(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = small_office(tmp_path, account=unix_account())  # the CLI acts as the Unix account
    path = write(tmp_path, "anggaran.csv", CONTRADICTING)
    db = ["--db", str(ctx.db_path)]
    assert main([*db, "import", "--dry-run", str(path)]) == 1
    err = capsys.readouterr().err
    assert "2 nilai tertulis berbeda dari hitungan" in err
    assert "baris 2 (anggaran 1.01.02): serapan tertulis 95,00 %, dihitung 90,00 %" in err
    assert "Peringatan: kolom tidak dikenal diabaikan: keterangan" in err
    assert main([*db, "import", str(path)]) == 1
    assert "--terima-selisih" in capsys.readouterr().err
    assert main([*db, "import", "--terima-selisih", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Selisih diterima" in out and "Tersimpan." in out
    assert main([*db, "import", str(write(tmp_path, "ok.csv", CONSISTENT))]) == 0


def test_the_gate_warns_while_an_accepted_value_still_disagrees() -> None:
    from dataclasses import replace as copy
    from datetime import UTC, datetime

    from models.domain import BudgetLine, GivenValue, Indicator, Profile, Report, YearData
    from models.numbers import OfficeZone

    line = BudgetLine(id="b", year=YEAR, code="1.01", name="P", pagu=Decimal(1000),
                      realisasi=Decimal(900))  # fmt: skip
    ind = Indicator(id="i", year=YEAR, sasaran_code="S1", code="IK1", name="x",
                    target=Decimal(100), realisasi=Decimal(80))  # fmt: skip
    given = (
        GivenValue(kind="anggaran", code="1.01", column="serapan", given=Decimal(95),
                   file="a.csv", row=2),
        GivenValue(kind="indikator", code="IK1", column="capaian", given=Decimal("85.0"),
                   file="b.xlsx", row=7, sheet="Indikator"),
        GivenValue(kind="anggaran", code="9.99", column="sisa", given=Decimal(1), file="a.csv",
                   row=3),  # a line since deleted: nothing to warn about
    )  # fmt: skip
    report = Report(year=YEAR, created_at=datetime(2026, 1, 1, tzinfo=UTC), given_values=given)
    data = YearData(
        profile=Profile(timezone=OfficeZone.WIB), report=report, budget=(line,), indicators=(ind,)
    )
    warned = [f.what for f in findings(data) if f.what.startswith("Impor")]
    assert warned == [
        "Impor a.csv, baris 2: anggaran 1.01 serapan tertulis 95,00 %, dihitung 90,00 %; "
        "dokumen memakai nilai hitungan.",
        "Impor b.xlsx, lembar Indikator, baris 7: indikator IK1 capaian tertulis 85,00 %, "
        "dihitung 80,00 %; dokumen memakai nilai hitungan.",
    ]
    # corrected on the screens since: the computed values now agree, the warnings go
    fixed = copy(
        data,
        budget=(copy(line, realisasi=Decimal(950)),),
        indicators=(copy(ind, realisasi=Decimal("85.04")),),
    )
    assert not [f for f in findings(fixed) if f.what.startswith("Impor")]


def test_our_own_step_2_workbook_has_no_unknown_column(tmp_path: Path) -> None:
    from usecases.collection import export_forms

    ctx = small_office(tmp_path)
    (made,) = export_forms(ctx, bidang="SD", out_dir=tmp_path / "keluar")
    result = import_file(ctx, made.path, dry_run=True)
    assert result.problems == () and result.warnings == () and result.mismatches == ()


def test_many_accepted_differences_all_kept_the_audit_lists_the_first(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    rows = "".join(f"1.01.02.2.01.{n:04d};Sub {n};1.000;500;60\n" for n in range(1, 121))
    path = write(tmp_path, "banyak.csv", "kode;program;pagu;realisasi;serapan\n" + rows)
    result = import_file(ctx, path, accept_mismatches=True)
    assert result.applied and len(result.mismatches) == 120
    assert [m.row for m in result.mismatches] == list(range(2, 122))
    with ctx.store.read() as r:
        (entry,) = [a for a in r.audit(YEAR) if a.action == "impor"]
        kept = r.report(YEAR).given_values
    assert "120 selisih diterima" in entry.note and "... dan 20 selisih lain" in entry.note
    assert "baris 101 " in entry.note and "baris 102 " not in entry.note
    assert len(kept) == 120


async def test_the_board_import_lists_differences_and_f3_accepts_them(tmp_path: Path) -> None:
    import time
    from typing import Any

    from textual.widgets import Input

    from tui.app import LakipApp
    from tui.screens.importing import ImportScreen

    ctx = small_office(tmp_path)
    path = write(tmp_path, "anggaran.csv", CONTRADICTING)
    app = LakipApp(ctx, poll_seconds=3600)

    async def wait_for(pilot: Any, done: Any, seconds: float = 8) -> None:
        deadline = time.monotonic() + seconds
        while not done() and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert done()

    def titles() -> list[str]:
        return [n.title or "" for n in app._notifications]

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, ImportScreen, "I")
        assert screen.check_action("apply", (True,)) is False  # F3 not offered before a preview
        screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        preview = screen.query_one("#import-preview")
        await wait_for(pilot, lambda: "PRATINJAU" in str(preview.render()))
        shown = str(preview.render())
        assert "Berbeda dari hitungan (2; dokumen memakai hitungan):" in shown
        assert "baris 2 (anggaran 1.01.02): serapan tertulis 95,00 %, dihitung 90,00 %" in shown
        assert "Peringatan: kolom tidak dikenal diabaikan: keterangan" in shown
        assert "F3 mengimpor dengan nilai hitungan" in shown
        await pilot.press("f2")  # refused: the differences are not accepted by default
        await wait_for(pilot, lambda: "Impor ditolak" in titles())
        with ctx.store.read() as r:
            assert not [a for a in r.audit(YEAR) if a.action == "impor"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: "PRATINJAU" in str(preview.render()))
        await pilot.press("f3")
        await wait_for(pilot, lambda: "Impor selesai" in titles())
    with ctx.store.read() as r:
        (entry,) = [a for a in r.audit(YEAR) if a.action == "impor"]
        assert "2 selisih diterima" in entry.note
        assert len(r.report(YEAR).given_values) == 2
