"""The quality gate before signing: each blocking item and each warning, the demo's gaps, and
`lakip periksa`."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from models.domain import (
    BudgetLine,
    Indicator,
    Polarity,
    Report,
    Sasaran,
    User,
    YearData,
)
from models.quality import Finding, findings
from models.report import CHAPTER_KEYS
from models.sop import Role
from models.workflow import GuardError, WorkflowError
from tests.conftest import (
    BOGOR,
    FIXED_NOW,
    YEAR,
    as_user,
    context,
    demo_copy,
    fill_quality_gaps,
    small_office,
)
from tui.cli import main
from usecases.admin import audit, save_user
from usecases.context import Context, unix_account
from usecases.data import load, save_analyses
from usecases.exporting import export_document
from usecases.quality import QualityGateError, check_quality
from usecases.reporting import UseCaseError, advance

D = Decimal
KADIS = User(account="kadis", name="Dr. Ratna", nip="19710204 199603 2 001", role=Role.KEPALA_DINAS)


def clean_year(**changes: object) -> YearData:
    """A year with nothing to find: every chapter written, analysis 5 written, numbers in range."""
    report = Report(
        year=YEAR,
        created_at=FIXED_NOW,
        narrative={k: f"Teks bab {k}." for k in CHAPTER_KEYS},
    )
    sasaran = Sasaran(id="s1", year=YEAR, code="S1", name="Akses", analyses={"5": "Sebabnya."})
    ind = Indicator(
        id="i1", year=YEAR, sasaran_code="S1", code="IK1.1", name="APK", satuan="%",
        target=D("90"), realisasi=D("88"), bidang="SD", history={YEAR - 1: D("85")},
    )  # fmt: skip
    line = BudgetLine(
        id="b1", year=YEAR, code="1.01.02", name="PROGRAM", pagu=D(1000), realisasi=D(900),
        sasaran_code="S1", bidang="SD",
    )  # fmt: skip
    base = YearData(
        profile=BOGOR, report=report, sasaran=(sasaran,), indicators=(ind,), budget=(line,),
        users=(KADIS,),
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def what(items: list[Finding], *, blocking: bool) -> list[str]:
    return [f.what for f in items if f.blocking is blocking]


def test_a_clean_year_has_no_finding() -> None:
    assert findings(clean_year()) == []


def test_an_empty_chapter_and_a_left_placeholder_block() -> None:
    data = clean_year()
    narrative = {**data.report.narrative, "kesimpulan": "", "ikhtisar": "Secara umum [jumlah] dari"}
    found = findings(replace(data, report=replace(data.report, narrative=narrative)))
    assert what(found, blocking=True) == [
        "Bab 'Ikhtisar Eksekutif' masih memuat isian contoh [jumlah].",
        "Bab 'Kesimpulan' belum diisi.",
    ]
    assert all("layar Narasi (n)" in f.where for f in found)


def test_an_empty_analysis_5_and_a_placeholder_in_an_analysis_block() -> None:
    s = clean_year().sasaran[0]
    found = findings(clean_year(sasaran=(replace(s, analyses={"1": "[Tuliskan capaian.]"}),)))
    assert what(found, blocking=True) == [
        "Sasaran S1: analisis 1 (Target dan realisasi tahun ini) masih memuat isian "
        "[Tuliskan capaian.].",
        "Sasaran S1: analisis 5 (Penyebab keberhasilan/kegagalan dan alternatif solusi) "
        "belum diisi.",
    ]


def test_an_indicator_without_target_or_realisasi_blocks() -> None:
    i = clean_year().indicators[0]
    found = findings(clean_year(indicators=(replace(i, target=None, realisasi=None),)))
    assert what(found, blocking=True) == ["Indikator IK1.1 belum berisi target dan realisasi."]


def test_an_empty_kepala_dinas_signature_blocks() -> None:
    found = findings(clean_year(users=(replace(KADIS, nip=""),)))
    assert what(found, blocking=True) == ["Tanda tangan Kepala Dinas kosong (NIP belum diisi)."]
    assert "lakip users set" in found[0].where


def test_spending_over_the_pagu_blocks_until_an_analysis_names_the_line() -> None:
    data = clean_year()
    over = (replace(data.budget[0], realisasi=D(1100)),)
    assert what(findings(clean_year(budget=over)), blocking=True) == [
        "Anggaran 1.01.02 terealisasi melebihi pagu tanpa penjelasan."
    ]
    s = replace(data.sasaran[0], analyses={"5": "x", "7": "Program 1.01.02 melebihi pagu karena"})
    assert what(findings(clean_year(budget=over, sasaran=(s,))), blocking=True) == []


@pytest.mark.parametrize(
    ("realisasi", "says"),
    [(D("140"), "Capaian IK1.1 155,56 %"), (D("-5"), "Capaian IK1.1 -5,56 %")],
)
def test_a_capaian_out_of_range_is_a_warning(realisasi: Decimal, says: str) -> None:
    i = clean_year().indicators[0]
    found = findings(clean_year(indicators=(replace(i, realisasi=realisasi),)))
    assert what(found, blocking=True) == []
    assert any(w.startswith(says) for w in what(found, blocking=False)), found


def test_a_bidang_whose_every_realisasi_repeats_last_year_is_a_warning() -> None:
    i = clean_year().indicators[0]
    same = (
        replace(i, realisasi=D("85")),
        replace(i, id="i2", code="IK1.2", realisasi=D("7"), history={YEAR - 1: D("7")}),
    )
    found = findings(clean_year(indicators=same))
    assert "Semua realisasi bidang SD sama dengan tahun 2024: data disalin?" in what(
        found, blocking=False
    )
    one_moved = (same[0], replace(same[1], realisasi=D("8")))
    assert not any(
        "disalin" in w for w in what(findings(clean_year(indicators=one_moved)), blocking=False)
    )


def test_low_serapan_and_an_efficiency_gap_are_warnings() -> None:
    line = replace(clean_year().budget[0], realisasi=D(300))
    warned = what(findings(clean_year(budget=(line,))), blocking=False)
    assert "Serapan program 1.01.02 hanya 30,00 %." in warned
    assert any(w.startswith("Sasaran S1: capaian dan serapan berselisih") for w in warned)


def test_lower_is_better_with_target_zero_is_a_warning() -> None:
    i = clean_year().indicators[0]
    neg = replace(i, polarity=Polarity.NEGATIF, target=D(0), realisasi=D(1))
    assert "IK1.1 makin rendah makin baik dengan target 0." in what(
        findings(clean_year(indicators=(neg,))), blocking=False
    )


def test_the_demo_shows_its_gaps(tmp_path: Path) -> None:
    q = check_quality(context(demo_copy(tmp_path)))
    assert [f.what.split(":")[0] for f in q.blocking] == [
        f"Sasaran S{n}" for n in (2, 3, 4, 5, 7, 8, 9)
    ]  # the analysis 5 the LAKIP marks "[Narasi belum diisi]"


def test_periksa_lists_the_findings_and_fails_while_something_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(demo_copy(tmp_path))
    assert main(["--db", db, "periksa"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Pemeriksaan mutu LAKIP 2025: 7 penghalang, 1 peringatan.")
    assert "perbaiki: layar Indikator (i) > Analisis (t), sasaran S2 analisis 5" in out
    assert main(["--db", db, "periksa", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["tahun"] == 2025 and len(data["temuan"]) == 8
    assert data["temuan"][0]["jenis"] == "penghalang"


def test_a_lakip_exported_before_the_data_changed_blocks(tmp_path: Path) -> None:
    ctx = context(demo_copy(tmp_path))
    fill_quality_gaps(as_user(ctx, "staf1"))
    export_document(as_user(ctx, "staf1"), "lakip", overwrite=True)
    assert check_quality(ctx).blocking == []
    view = load(ctx)
    s = view.data.sasaran[0]
    save_analyses(as_user(ctx, "staf1"), view.year, s, {**s.analyses, "1": "Teks baru."})
    [stale] = check_quality(ctx).blocking
    assert stale.what.startswith("Dokumen LAKIP terakhir (LAKIP-")
    assert "lebih lama dari datanya" in stale.what
    assert "lakip export lakip" in stale.where


# -- step 9 consults the gate -------------------------------------------------------------------


def _at_step_9(tmp_path: Path) -> Context:
    """The demo at step 9 with its gaps left, the LAKIP exported; the account running the
    tests (the command line's) an administrator."""
    ctx = context(demo_copy(tmp_path))
    save_user(ctx, unix_account(), name="Penguji Admin", role=Role.STAF, is_admin=True)
    for account in ("sekretaris", "sekretaris"):
        advance(as_user(ctx, account), note="lanjut")
    export_document(as_user(ctx, "staf1"), "lakip", overwrite=True)
    return ctx


def test_step_9_is_refused_with_the_list_of_blocking_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = _at_step_9(tmp_path)
    with pytest.raises(QualityGateError) as refused:
        advance(as_user(ctx, "kadis"), note="disetujui")
    text = str(refused.value)
    assert text.startswith("Langkah 9 belum dapat ditandatangani: pemeriksaan mutu LAKIP 2025 "
                           "menemukan 7 penghalang:")  # fmt: skip
    assert "- Sasaran S2: analisis 5" in text
    assert "(perbaiki: layar Indikator (i) > Analisis (t), sasaran S2" in text
    assert "lakip periksa" in text and "--abaikan-pemeriksaan" in text
    assert len(refused.value.findings) == 7
    assert main(["--db", str(ctx.db_path), "advance", "--note", "x"]) == 1
    assert "dipegang Kepala Dinas" in capsys.readouterr().err  # who holds it is said first
    with pytest.raises(QualityGateError):
        advance(as_user(ctx, "admin"), override_reason="dinas luar")  # acting for kadis: same
    with ctx.store.read() as r:
        assert r.report(YEAR).passes[-1].step == 9 and not r.report(YEAR).frozen
    # the gaps filled (and the LAKIP exported again), the Kepala Dinas signs
    fill_quality_gaps(as_user(ctx, "staf1"))
    with pytest.raises(GuardError, match="usang"):  # the old file no longer shows the data
        advance(as_user(ctx, "kadis"), note="disetujui")
    export_document(as_user(ctx, "staf1"), "lakip", overwrite=True)
    signed = advance(as_user(ctx, "kadis"), note="disetujui")
    assert signed.frozen and "pemeriksaan_diabaikan" not in signed.passes[-2].data


def test_an_administrator_may_sign_past_the_gate_with_a_reason_audited_and_on_the_disposition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = _at_step_9(tmp_path)
    db, me = str(ctx.db_path), unix_account()
    code = main(["--db", db, "advance", "--as-admin", "Kepala Dinas dinas luar",
                 "--abaikan-pemeriksaan", "analisis 5 menyusul dalam revisi"])  # fmt: skip
    assert code == 0, capsys.readouterr()
    with ctx.store.read() as r:
        report = r.report(YEAR)
    done = report.passes[-2]
    assert done.step == 9 and report.frozen
    assert done.data["pemeriksaan_diabaikan"] == "analisis 5 menyusul dalam revisi"
    assert done.data["pemeriksaan_diabaikan_oleh"] == me
    assert done.data["pemeriksaan_penghalang"] == "7"
    entry = audit(ctx)[-1]
    assert entry.action == "langkah.selesai" and entry.account == me
    assert f"pemeriksaan mutu diabaikan (7 penghalang) oleh {me}: analisis 5 menyusul" in (
        entry.note
    )
    sheet = docx.Document(str(export_document(ctx, "disposition", step=9).path))
    text = "\n".join(p.text for p in sheet.paragraphs)
    assert (
        "Pemeriksaan mutu diabaikan: ditandatangani dengan 7 penghalang yang belum diperbaiki, "
        "atas keputusan admin Penguji Admin. Alasan: analisis 5 menyusul dalam revisi"
    ) in text


def test_only_an_administrator_may_sign_past_the_gate(tmp_path: Path) -> None:
    ctx = _at_step_9(tmp_path)
    with pytest.raises(WorkflowError, match=r"Hanya admin .* akun 'kadis' bukan admin"):
        advance(as_user(ctx, "kadis"), note="ok", quality_override="saya yang tanggung")
    with ctx.store.read() as r:
        assert r.report(YEAR).passes[-1].step == 9
    with pytest.raises(UseCaseError, match="hanya menahan langkah 9"):
        advance(context(demo_copy(tmp_path / "b")), quality_override="x")  # at step 7


def test_lower_is_better_with_no_formula_chosen_is_a_warning() -> None:
    i = clean_year().indicators[0]
    neg = replace(i, polarity=Polarity.NEGATIF, target=D("0.4"), realisasi=D("0.35"))
    said = "IK1.1 makin rendah makin baik, tetapi rumus capaiannya belum dipilih (dihitung dengan "
    unchosen = findings(clean_year(indicators=(replace(neg, formula_chosen=False),)))
    assert [w for w in what(unchosen, blocking=False) if w.startswith(said)] == [
        said + "(2T - R) / T x 100)."
    ]
    assert "pilih rumus negatif" in unchosen[0].where
    assert not any(w.startswith(said) for w in what(findings(clean_year(indicators=(neg,))),
                                                     blocking=False))  # fmt: skip
    positive = replace(i, formula_chosen=False)  # the formula means nothing for it
    assert findings(clean_year(indicators=(positive,))) == []


def test_an_imported_lower_is_better_indicator_has_its_formula_chosen_by_a_column(
    tmp_path: Path,
) -> None:
    from usecases.collection import import_file

    ctx = small_office(tmp_path)
    head = "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi;bidang"
    path = tmp_path / "ind.csv"
    path.write_text(f"{head}\nS1;IK1.3;Angka mengulang;%;negatif;1;0,8;SD\n", encoding="utf-8")
    assert import_file(ctx, path).applied
    warned = [f.what for f in check_quality(ctx).warnings]
    assert any(w.startswith("IK1.3 makin rendah makin baik, tetapi rumus") for w in warned)
    assert not any(w.startswith("IK1.2 makin rendah") for w in warned)  # made before: chosen
    path.write_text(f"{head};rumus_negatif\nS1;IK1.3;Angka mengulang;%;negatif;1;0,8;SD;T/R\n")
    assert import_file(ctx, path).applied
    assert not any("rumus capaiannya belum dipilih" in f.what for f in check_quality(ctx).warnings)


def test_a_refusal_lists_ten_blocking_items_and_counts_the_rest() -> None:
    from models.quality import QualityGateError, sign_gate
    from models.workflow import Actor

    i = clean_year().indicators[0]
    empty = tuple(replace(i, id=f"i{n}", code=f"IK1.{n}", target=None) for n in range(1, 13))
    found = findings(clean_year(indicators=empty))
    with pytest.raises(QualityGateError) as refused:
        sign_gate(YEAR, found, Actor("kadis", KADIS), "")
    text = str(refused.value)
    assert len(refused.value.findings) == 12
    assert "- Indikator IK1.10 belum berisi target." in text
    assert "IK1.11" not in text and "- ... dan 2 penghalang lainnya." in text
    admin = Actor("adm", replace(KADIS, account="adm", is_admin=True))
    assert sign_gate(YEAR, found, admin, " perlu segera ") == {
        "pemeriksaan_diabaikan": "perlu segera",
        "pemeriksaan_diabaikan_oleh": "adm",
        "pemeriksaan_penghalang": "12",
    }
    assert sign_gate(YEAR, findings(clean_year()), Actor("kadis", KADIS), "") == {}
