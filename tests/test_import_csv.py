"""CSV import: both kinds, both separators, with and without BOM, Indonesian and plain numbers;
validation per row; --valid-only; --dry-run; re-import changes nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import YEAR, as_user, freeze, small_office
from usecases import data
from usecases.collection import import_file
from usecases.reporting import UseCaseError

IND_ID = (
    "kode_sasaran;sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi;"
    "realisasi_2024;target_renstra;bidang;sumber_data\n"
    'S1;Akses pendidikan;IK1.1;APK SD;%;positif;100;97,25;"90,5";105;SD;Dapodik\n'
    "S2;Mutu pendidikan;IK2.1;Nilai rata-rata;poin;positif;1.234,5;1.200,75;;;SMP;\n"
    "S1;;IK1.2;Angka putus sekolah;%;negatif;0,4;0,35;;;SMP;\n"
)
IND_PLAIN = (
    "kode_indikator,kode_sasaran,sasaran,indikator,satuan,polaritas,target,realisasi\n"
    "IK1.1,S1,,APK SD,%,positif,100,97.25\n"
    '"IK2.1",S2,"Mutu pendidikan, dasar",Nilai rata-rata,poin,positif,1234.5,1200.75\n'
)
NO_NAME = (
    "kode_indikator,kode_sasaran,indikator,satuan,polaritas,target,realisasi\n"
    "IK1.1,S1,APK SD,%,positif,100,97.25\n"
    "IK2.1,S2,Nilai rata-rata,poin,positif,1234.5,1200.75\n"
)
BUD_ID = (
    "kode;program;pagu;realisasi;kode_sasaran\n"
    "1.01.02;PROGRAM PENGELOLAAN;Rp 2.500.000,00;2.250.000;S1\n"
    "1.01.02.2.01.0009;Rehabilitasi ruang kelas;1.500.000;1.650.000,50;S1\n"
)
BUD_PLAIN = (
    "program,kode,realisasi,pagu\n"
    '"PROGRAM PENGELOLAAN, PENDIDIKAN",1.01.02,2250000.00,2500000.00\n'
    "Rehabilitasi ruang kelas,1.01.02.2.01.0009,1650000.50,1500000\n"
)


def write(tmp_path: Path, name: str, text: str, bom: bool) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("text", [IND_ID, IND_PLAIN], ids=["titik-koma-indonesia", "koma-biasa"])
def test_indicator_csv(tmp_path: Path, text: str, bom: bool) -> None:
    ctx = small_office(tmp_path)
    result = import_file(ctx, write(tmp_path, "ind.csv", text, bom))
    assert result.applied, [p.text() for p in result.problems]
    assert result.kinds == ("indikator",)
    view = data.load(ctx, YEAR).data
    by_code = {i.code: i for i in view.indicators}
    assert by_code["IK1.1"].realisasi == Decimal("97.25")
    assert by_code["IK2.1"].target == Decimal("1234.5")
    assert by_code["IK2.1"].realisasi == Decimal("1200.75")
    # the unknown sasaran code with a name (S2) is created
    (s2,) = [s for s in view.sasaran if s.code == "S2"]
    assert s2.name.startswith("Mutu pendidikan")
    assert by_code["IK2.1"].sasaran_code == "S2"
    if text is IND_ID:
        assert by_code["IK1.1"].history[2024] == Decimal("90.5")
        assert by_code["IK1.1"].renstra_target == Decimal(105)
        assert by_code["IK1.2"].realisasi == Decimal("0.35")


def test_plain_csv_unknown_sasaran_without_name_is_refused(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    result = import_file(ctx, write(tmp_path, "ind.csv", NO_NAME, False))
    # IK2.1 names sasaran S2, which does not exist and has no name column: refused, nothing saved
    assert not result.applied
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "kode_sasaran")
    assert "sasaran 'S2' belum ada" in problem.message
    assert data.load(ctx, YEAR).data.indicators[0].realisasi == Decimal(95)


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("text", [BUD_ID, BUD_PLAIN], ids=["titik-koma-indonesia", "koma-biasa"])
def test_budget_csv(tmp_path: Path, text: str, bom: bool) -> None:
    ctx = small_office(tmp_path)
    result = import_file(ctx, write(tmp_path, "anggaran.csv", text, bom))
    assert result.applied, [p.text() for p in result.problems]
    assert result.kinds == ("anggaran",)
    lines = {b.code: b for b in data.load(ctx, YEAR).data.budget}
    assert lines["1.01.02"].pagu == Decimal("2500000")
    assert lines["1.01.02"].realisasi == Decimal("2250000")
    assert lines["1.01.02.2.01.0009"].realisasi == Decimal("1650000.50")
    assert lines["1.01.02.2.01.0009"].level.value == "sub_kegiatan"
    assert len(lines) == 4  # 3 existing (1.01.02 updated) + 1 new


def test_reimport_changes_nothing_and_audit_has_numbers(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    path = write(tmp_path, "ind.csv", IND_ID, True)
    first = import_file(ctx, path)
    assert first.applied and len(first.changes) == 4  # sasaran S2 + 3 indicators
    change = next(c for c in first.changes if c.code == "IK1.1")
    assert ("realisasi", "95", "97.25") in [(c.field, c.before, c.after) for c in change.changes]
    assert "realisasi 95 -> 97,25" in change.text()  # shown to people in Indonesian numbers
    with ctx.store.read() as r:
        actions = [a.action for a in r.audit(YEAR)]
        entry = next(a for a in r.audit(YEAR) if a.target == "indikator IK1.1")
    assert actions.count("impor.indikator") == 3 and actions[-1] == "impor"
    assert ("realisasi", "95", "97.25") in [(c.field, c.before, c.after) for c in entry.changes]
    rev = data.load(ctx, YEAR).data.report.rev
    second = import_file(ctx, path)
    assert second.applied and second.changes == () and second.unchanged == 3
    view = data.load(ctx, YEAR).data
    assert len(view.indicators) == 3 and len(view.sasaran) == 2
    assert view.report.rev == rev  # nothing changed: no new data revision


def test_bad_rows_reported_and_nothing_changes(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    text = (
        "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi\n"
        "S1;IK1.1;APK SD;%;positif;100;1.234\n"
        "S1;IK1.2;Putus;%;naik-turun;0,4;abc\n"
        "S1;IK1.3;Baru;%;positif;50;40\n"
    )
    path = write(tmp_path, "ind.csv", text, False)
    before = data.load(ctx, YEAR).data
    dry = import_file(ctx, path, dry_run=True)
    result = import_file(ctx, path)
    for r in (dry, result):
        assert not r.applied
        where = {(p.row, p.column) for p in r.problems}
        assert where == {(2, "realisasi"), (3, "polaritas"), (3, "realisasi")}
    msg = next(p.message for p in result.problems if p.row == 2)
    assert "ambigu" in msg
    assert data.load(ctx, YEAR).data == before
    # the user explicitly takes the valid rows only
    valid = import_file(ctx, path, valid_only=True)
    assert valid.applied and valid.skipped_rows == 2
    codes = {i.code: i for i in data.load(ctx, YEAR).data.indicators}
    assert codes["IK1.3"].realisasi == Decimal(40)
    assert codes["IK1.1"].realisasi == Decimal(95)


def test_dry_run_reports_changes_without_saving(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    before = data.load(ctx, YEAR).data
    result = import_file(ctx, write(tmp_path, "a.csv", BUD_ID, False), dry_run=True)
    assert result.dry_run and not result.applied and len(result.changes) == 2
    assert data.load(ctx, YEAR).data == before


def test_missing_columns_and_unknown_kind(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    r = import_file(ctx, write(tmp_path, "x.csv", "kode_indikator;target\nIK1.1;5\n", False))
    assert not r.applied and r.problems[0].row == 1 and "indikator" in r.problems[0].column
    r = import_file(ctx, write(tmp_path, "y.csv", "nama;nilai\na;1\n", False), valid_only=True)
    assert not r.applied and "tidak dikenali" in r.problems[0].message


def test_import_refused_after_signing_and_for_other_roles(tmp_path: Path) -> None:
    from models.workflow import WorkflowError

    ctx = small_office(tmp_path)
    path = write(tmp_path, "a.csv", BUD_ID, False)
    with pytest.raises(WorkflowError):
        import_file(as_user(ctx, "kadis"), path)
    freeze(ctx)
    with pytest.raises(WorkflowError, match="ditandatangani"):
        import_file(ctx, path)


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    path = tmp_path / "latin.csv"
    path.write_bytes("kode;program;pagu;realisasi\n1;Pendidikan \xe9;1;1\n".encode("latin-1"))
    with pytest.raises(UseCaseError, match="bukan teks UTF-8"):
        import_file(ctx, path)
