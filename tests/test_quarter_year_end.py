"""Year-end carries the quarters: the LAKIP uses the quarters' year value when no annual
realisasi was entered (and says so), and notes a mismatch when both exist and differ."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx

from exporters.lakip_docx import render_lakip
from models.domain import Aggregation
from models.quarters import reported
from tests.conftest import YEAR, small_office
from usecases import data
from usecases.quarters import save_manual_ik, save_quarter


def all_text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def row_texts(doc: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


def _four(ctx: object, code: str, values: list[int]) -> None:
    for n, v in enumerate(values, 1):
        save_quarter(ctx, YEAR, code, n, target=Decimal(25), realisasi=Decimal(v))  # type: ignore[arg-type]


def test_the_report_uses_the_quarters_when_no_annual_realisasi_and_notes_a_mismatch(
    tmp_path: Path,
) -> None:
    ctx = small_office(tmp_path)
    save_manual_ik(ctx, YEAR, "IK1.1", aggregation=Aggregation.KUMULATIF)
    save_manual_ik(ctx, YEAR, "IK1.2", aggregation=Aggregation.KUMULATIF)
    _four(ctx, "IK1.1", [20, 22, 24, 26])  # 92 from the quarters; no annual value
    _four(ctx, "IK1.2", [0, 0, 0, 1])  # 1 from the quarters; 0,5 entered
    found = {i.code: i for i in data.load(ctx, YEAR).data.indicators}
    from dataclasses import replace

    data.save_indicator(ctx, YEAR, replace(found["IK1.1"], realisasi=None))
    year_data = data.load(ctx, YEAR).data
    ik11 = next(i for i in year_data.indicators if i.code == "IK1.1")
    used, note = reported(ik11, YEAR)
    assert used.realisasi == Decimal(92) and "dihitung dari realisasi triwulan I-IV" in note
    # three quarters only: nothing derived, the annual value stays missing
    partial = replace(ik11, realisasi_tw=ik11.realisasi_tw[:3])
    assert reported(partial, YEAR) == (partial, "")

    doc = docx.Document(io.BytesIO(render_lakip(year_data, printed=date(2026, 2, 10)).data))
    text = all_text(doc)
    assert (
        "IK1.1: realisasi 2025 92,00 dihitung dari realisasi triwulan I-IV (kumulatif); "
        "realisasi tahunan belum diisi." in text
    ), text
    assert (
        "IK1.2: realisasi 2025 yang diisi 0,50 berbeda dari hasil triwulan I-IV 1,00 "
        "(kumulatif); yang dipakai realisasi yang diisi." in text
    )
    row = next(r for r in row_texts(doc) if r[0] == "IK1.1" and len(r) >= 7)
    assert row[4] == "92,00" and row[5] == "92,00 %", row


def _notes(ctx: object) -> None:
    from models.domain import QuarterNote
    from usecases.quarters import save_quarter_note

    save_quarter_note(ctx, YEAR, "S1", 1, QuarterNote(pendorong="Dana BOS cair tepat waktu",  # type: ignore[arg-type]
                      penghambat="Banjir di dua kecamatan"), QuarterNote())  # fmt: skip
    save_quarter_note(ctx, YEAR, "S1", 2, QuarterNote(tindak_lanjut="Kelas darurat"),  # type: ignore[arg-type]
                      QuarterNote())  # fmt: skip


async def test_the_analysis_screen_takes_the_quarters_factors_as_a_draft_never_saved(
    tmp_path: Path,
) -> None:
    import os

    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    from textual.app import App
    from textual.widgets import Static, TextArea

    from models.quality import blocking, findings
    from models.report import QUARTER_DRAFT_MARK
    from tui.screens.indicators import AnalysesScreen

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    ctx = small_office(tmp_path)
    _notes(ctx)
    sasaran = data.load(ctx, YEAR).data.sasaran[0]
    screen = AnalysesScreen(ctx, YEAR, sasaran)
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        text = app.screen.query_one(TextArea).text
        assert text.startswith(QUARTER_DRAFT_MARK)
        assert "Triwulan I\nFaktor pendorong: Dana BOS cair tepat waktu" in text
        assert "Faktor penghambat: Banjir di dua kecamatan" in text
        assert "Triwulan II\nTindak lanjut: Kelas darurat" in text
        assert "Analisis 5/7" in str(app.screen.query_one("#which", Static).render())
        # nothing saved by taking the draft
        assert data.load(ctx, YEAR).data.sasaran[0].analyses.get("5", "") == ""
        await pilot.press("f2")  # saved untouched: the gate still counts it as not written
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    year_data = data.load(ctx, YEAR).data
    assert year_data.sasaran[0].analyses["5"].startswith(QUARTER_DRAFT_MARK)
    found = [f.what for f in blocking(findings(year_data))]
    assert any("analisis 5" in w and "masih memuat isian" in w for w in found), found


def test_the_document_shows_the_quarters_factors_as_material_under_a_missing_analysis(
    tmp_path: Path,
) -> None:
    from models.report import QUARTER_DRAFT_MARK

    ctx = small_office(tmp_path)
    _notes(ctx)
    rendered = render_lakip(data.load(ctx, YEAR).data, printed=date(2026, 2, 10))
    text = all_text(docx.Document(io.BytesIO(rendered.data)))
    assert "[Narasi belum diisi] Analisis penyebab dan alternatif solusi sasaran S1" in text
    assert QUARTER_DRAFT_MARK in text
    assert "Triwulan I Faktor pendorong: Dana BOS cair tepat waktu" in text
    assert any("bagian narasi belum diisi" in n for n in rendered.notes)  # still missing


def test_the_gate_reads_the_realisasi_the_document_prints(tmp_path: Path) -> None:
    from dataclasses import replace

    from models.quality import findings

    ctx = small_office(tmp_path)
    save_manual_ik(ctx, YEAR, "IK1.1", aggregation=Aggregation.KUMULATIF)
    ik11 = next(i for i in data.load(ctx, YEAR).data.indicators if i.code == "IK1.1")
    data.save_indicator(ctx, YEAR, replace(ik11, realisasi=None))
    _four(ctx, "IK1.1", [20, 22, 24])  # three quarters: still missing
    missing = "Indikator IK1.1 belum berisi realisasi."
    assert missing in [f.what for f in findings(data.load(ctx, YEAR).data)]
    save_quarter(ctx, YEAR, "IK1.1", 4, target=Decimal(25), realisasi=Decimal(26))
    assert missing not in [f.what for f in findings(data.load(ctx, YEAR).data)]
