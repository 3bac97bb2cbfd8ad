"""Quarterly monitoring and Manual IK through the use cases, the CLI and the documents: saves
audited and refused by the edit rules, the quarter view, the register number, the DOCX/XLSX read
back, the demo year consistent with its annual figures."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from models.domain import Aggregation, QuarterNote
from models.errors import LakipError
from models.numbers import OfficeZone
from models.quarters import budget_year_value, year_target, year_value
from store.errors import Conflict
from tests.conftest import as_user, context, demo_copy, freeze
from tui.cli import main
from usecases.demo_data import demo_records
from usecases.exporting import export_document
from usecases.quarters import (
    number_quarter_report,
    quarter_view,
    save_budget_quarter,
    save_manual_ik,
    save_quarter,
    save_quarter_note,
)
from usecases.reporting import UseCaseError

D = Decimal
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=OfficeZone.WITA.tz)
YEAR = 2025


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return demo_copy(tmp_path / "data")


def audit(db: Path, action: str) -> list[object]:
    with context(db, now=NOW).store.read() as r:
        return [e for e in r.audit(YEAR) if e.action == action]


def test_demo_quarters_agree_with_the_published_annual_figures() -> None:
    records = demo_records(YEAR, "admin")
    for ind in records.indicators:
        assert len(ind.target_tw) == 4, ind.code
        real, target = year_value(ind), year_target(ind)
        assert real.derived is not None and not real.mismatch, (ind.code, real)
        assert not target.mismatch, (ind.code, target)
        assert ind.definisi and ind.tujuan and ind.formula_text, ind.code
    for line in records.budget:
        spent = budget_year_value(line)
        assert spent.derived == line.realisasi, line.code
        assert sum(v or 0 for v in line.rencana_tw) == line.pagu, line.code
    assert all(len(s.quarter_notes) == 4 for s in records.sasaran)
    kinds = {i.aggregation for i in records.indicators}
    assert kinds == set(Aggregation)


def test_save_quarter_is_audited_and_changes_the_view(db: Path) -> None:
    ctx = context(db, "staf1", NOW)
    saved = save_quarter(ctx, YEAR, "IK2.6", 2, realisasi=D("0.05"))
    assert saved.realisasi_tw[1] == D("0.05")
    entries = audit(db, "indikator.triwulan")
    assert entries and entries[-1].note == "TW II"  # type: ignore[attr-defined]
    change = entries[-1].changes[0]  # type: ignore[attr-defined]
    assert (change.field, change.before, change.after) == ("realisasi_tw2", "0.03", "0.05")
    # kumulatif, lower is better: T 0,03 + 0,03 = 0,06; R 0,02 + 0,05 = 0,07;
    # (2 x 0,06 - 0,07) / 0,06 = 83,33 %
    row = next(r for r in quarter_view(ctx, YEAR, 2).indicators if r.indicator.code == "IK2.6")
    assert row.figure.realisasi_to_date == D("0.07")
    assert round(row.figure.capaian.value or 0, 2) == D("83.33")
    assert row.year.mismatch  # the quarters now sum to 0,11; the annual 0,09 is kept
    assert row.year.value == D("0.09")
    # unchanged values write nothing
    before = len(audit(db, "indikator.triwulan"))
    save_quarter(ctx, YEAR, "IK2.6", 2, realisasi=D("0.05"))
    assert len(audit(db, "indikator.triwulan")) == before


def test_save_quarter_refusals(db: Path) -> None:
    ctx = context(db, "staf1", NOW)
    with pytest.raises(UseCaseError, match="rasio"):
        save_quarter(ctx, YEAR, "IK8.2", 1, realisasi=D(90))
    with pytest.raises(UseCaseError, match="hanya untuk indikator berjenis rasio"):
        save_quarter(ctx, YEAR, "IK1.1", 1, pembilang=D(1))
    with pytest.raises(UseCaseError, match="Penyebut tidak boleh negatif"):
        save_quarter(ctx, YEAR, "IK8.2", 1, penyebut=D(-1))
    with pytest.raises(UseCaseError, match="Realisasi anggaran tidak boleh negatif"):
        save_budget_quarter(ctx, YEAR, "1.01.01.2.01.0001", 1, realisasi=D(-1))
    assert save_quarter(ctx, YEAR, "IK1.1", 1, target=D(-1)).target_tw[0] == D(-1)  # a rate may
    with pytest.raises(UseCaseError, match="Triwulan 5"):
        save_quarter(ctx, YEAR, "IK1.1", 5, target=D(1))
    with pytest.raises(UseCaseError, match="tidak ada"):
        save_quarter(ctx, YEAR, "IK99", 1, target=D(1))
    with pytest.raises(LakipError):  # an unregistered account may look, never change
        save_quarter(as_user(ctx, "tamu"), YEAR, "IK1.1", 1, target=D(1))
    freeze(ctx)
    with pytest.raises(LakipError):  # nothing changes after signing
        save_quarter(ctx, YEAR, "IK1.1", 1, target=D(1))


def test_ratio_quarter_and_zero_denominator(db: Path) -> None:
    ctx = context(db, "staf1", NOW)
    save_quarter(ctx, YEAR, "IK8.2", 1, pembilang=D(0), penyebut=D(0))
    view = quarter_view(ctx, YEAR, 1)
    row = next(r for r in view.indicators if r.indicator.code == "IK8.2")
    assert row.figure.realisasi is None
    assert row.figure.capaian.reason == "penyebut nol" and row.figure.predikat == "-"


def test_budget_quarter_note_and_conflict(db: Path) -> None:
    ctx = context(db, "staf1", NOW)
    line = save_budget_quarter(ctx, YEAR, "1.01.01.2.01.0001", 1, realisasi=D(1000))
    assert line.realisasi_tw[0] == D(1000)
    assert quarter_view(ctx, YEAR, 3).missing_quarters == ()
    save_budget_quarter(ctx, YEAR, "1.01.01.2.01.0001", 3, realisasi=None)
    view = quarter_view(ctx, YEAR, 3)
    assert view.missing_quarters == (3,)
    row = next(b for b in view.budget if b.line.code == "1.01.01.2.01.0001")
    assert row.missing == (3,) and row.to_date.realisasi is None
    assert (view.fill.filled, view.fill.total) == (view.fill.total - 1, view.fill.total)
    with context(db, now=NOW).store.read() as r:
        stored = next(s for s in r.sasaran(YEAR) if s.code == "S1").quarter_notes[1]
    new = QuarterNote(pendorong="Baru", penghambat=stored.penghambat, tindak_lanjut="Lanjut")
    saved = save_quarter_note(ctx, YEAR, "S1", 2, new, stored)
    assert saved.quarter_notes[1] == new
    with pytest.raises(Conflict):
        save_quarter_note(ctx, YEAR, "S1", 2, new, stored)  # started from the old text


def test_manual_ik_saved_as_an_indicator_save(db: Path) -> None:
    ctx = context(db, "staf1", NOW)
    saved = save_manual_ik(ctx, YEAR, "IK1.1", definisi="Baru", capaian_cap=D(120))
    assert (saved.definisi, saved.capaian_cap) == ("Baru", D(120))
    assert any(
        c.field == "definisi"
        for e in audit(db, "indikator.ubah")
        for c in e.changes  # type: ignore[attr-defined]
    )
    with pytest.raises(UseCaseError, match="Batas atas"):
        save_manual_ik(ctx, YEAR, "IK1.1", capaian_cap=D(0))
    with pytest.raises(UseCaseError, match="tidak dikenal"):
        save_manual_ik(ctx, YEAR, "IK1.1", target=D(1))


def test_quarter_report_numbered_from_the_register(db: Path) -> None:
    staf = context(db, "staf1", NOW)
    with pytest.raises(UseCaseError, match="tidak berwenang"):
        number_quarter_report(staf, YEAR, 2)
    kasubbag = context(db, "kasubbag", NOW)
    letter, created = number_quarter_report(kasubbag, YEAR, 2)
    again, created_again = number_quarter_report(kasubbag, YEAR, 2)
    assert created and not created_again and again.number == letter.number
    result = export_document(kasubbag, "triwulan", step=2)
    doc = docx.Document(str(result.path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "LAPORAN MONITORING DAN EVALUASI KINERJA TRIWULAN II TAHUN 2025" in text
    assert f"Nomor : {letter.number}" in text
    assert "Faktor pendorong:" in text and "Tindak lanjut:" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    # IK2.6 kumulatif, lower is better: s.d. TW II T 0,06, R 0,05 -> (0,12 - 0,05) / 0,06
    assert "116,67 %" in cells
    assert any("Serapan" in c for c in cells)
    assert "Target s.d. TW\u00a0II" in cells  # "TW II" never broken in a header
    # indicators counted alike share one footnote line: each code is named once
    notes = [p.text for p in doc.paragraphs if ": " in p.text and p.text.startswith("IK")]
    named = [c for n in notes for c in n.split(": ")[0].split(", ")]
    assert len(named) == len(set(named)) and len(notes) < len(named)
    assert len(doc.inline_shapes) == 9  # a chart per sasaran
    assert any(c.startswith("Paringin, 28 November 2026\n") for c in cells)  # dated as numbered
    assert result.record is not None and result.path.name.startswith("Monitoring-Triwulan-2")


def test_quarter_report_draft_without_number(db: Path) -> None:
    result = export_document(context(db, "staf1", NOW), "triwulan", step=4)
    assert "KONSEP" in result.path.name
    assert any("lakip triwulan nomor --tw 4" in n for n in result.notes)
    with pytest.raises(UseCaseError, match="--tw"):
        export_document(context(db, "staf1", NOW), "triwulan")


def test_manual_ik_docx_one_page_per_indicator_and_xlsx(db: Path) -> None:
    save_manual_ik(context(db, "staf1", NOW), YEAR, "IK1.1", tujuan="=HYPERLINK(1)")
    result = export_document(context(db, "staf1", NOW), "manual-ik")
    doc = docx.Document(str(result.path))
    assert len(doc.tables) == 37
    labels = [row.cells[0].text for row in doc.tables[0].rows]
    assert labels == [
        "Unsur", "Nama IK", "Definisi", "Tujuan", "Formula", "Satuan", "Sumber data",
        "Penanggung jawab", "Agregasi", "Polaritas",
    ]  # fmt: skip
    breaks = doc.element.body.xml.count('w:type="page"')
    assert breaks == 36
    ratio = next(t for t in doc.tables if t.rows[1].cells[1].text.startswith("IK8.2"))
    assert "pengaduan diselesaikan / pengaduan masuk x 100" in ratio.rows[8].cells[1].text
    wb = load_workbook(result.path.with_suffix(".xlsx"))
    ws = wb["Manual IK"]
    assert ws.max_row == 38 and ws.cell(1, 2).value == "Nama IK"
    tujuan = ws.cell(2, 4)  # IK1.1's purpose, typed like a formula, stays text
    assert tujuan.value == "=HYPERLINK(1)" and tujuan.data_type == "s"


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            rc = main(["--db", str(db), *args])
        except SystemExit as exc:
            rc = int(exc.code or 0)
    return rc, out.getvalue(), err.getvalue()


def test_cli_triwulan_and_manual_ik(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.cli_common.context", lambda args: context(db, "staf1", NOW))
    monkeypatch.setattr("tui.cli_quarters.context", lambda args: context(db, "staf1", NOW))
    rc, out, _ = cli(db, "triwulan", "set", "IK2.6", "--tw", "2", "--realisasi", "0,05")
    assert rc == 0 and "capaian 83,33 %" in out, out
    rc, out, _ = cli(db, "triwulan", "show", "--tw", "2")
    assert rc == 0 and "Monitoring TW II tahun 2025" in out and "BERBEDA" in out
    rc, _, err = cli(db, "triwulan", "set", "IK1.1", "--tw", "2", "--target", "1,2,3")
    assert rc == 2 and "--target" in err
    rc, out, _ = cli(db, "triwulan", "set", "IK1.1", "--tw", "3", "--target", "-")
    assert rc == 0 and "target kosong" in out
    rc, out, _ = cli(db, "manual-ik", "set", "IK1.1", "--agregasi", "rata_rata")
    assert rc == 0 and "Agregasi         : Rata-rata" in out
    rc, out, _ = cli(db, "manual-ik", "show", "IK8.2")
    assert rc == 0 and "pengaduan diselesaikan / pengaduan masuk x 100" in out


def test_lakip_footnotes_each_defined_indicator(db: Path) -> None:
    result = export_document(context(db, "staf1", NOW), "lakip")
    text = [p.text for p in docx.Document(str(result.path)).paragraphs]
    note = next(t for t in text if t.startswith("IK8.2: agregasi rasio;"))
    assert "formula: Jumlah pengaduan diselesaikan dibagi jumlah pengaduan masuk" in note
    assert any(t.startswith("IK2.6: agregasi kumulatif; formula: Jumlah siswa SD") for t in text)


def test_status_shows_the_monitored_quarters_fill(db: Path) -> None:
    from usecases.reporting import status

    ctx = context(db, "staf1", NOW)
    assert status(ctx).quarter_line == "Triwulan: TW IV terisi 62/62"
    save_quarter(ctx, YEAR, "IK1.1", 4, realisasi=None)
    assert status(ctx).quarter_line == "Triwulan: TW IV terisi 61/62"
