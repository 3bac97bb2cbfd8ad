"""Year-end carries the quarters: the LAKIP uses the quarters' year value when no annual
realisasi was entered (and says so), and notes a mismatch when both exist and differ."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx

from exporters.lakip_docx import render_lakip
from models.domain import Aggregation
from models.quarters import reported
from tests.conftest import YEAR, small_office
from tests.test_export_docs import all_text, row_texts
from usecases import data
from usecases.quarters import save_manual_ik, save_quarter


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
