"""The quarterly report "Laporan Monitoring dan Evaluasi Kinerja Triwulan N" and the Manual IK
(each indicator's definition, one page each; and as a workbook), as pure functions of a year's
data. The numbers follow ``models.quarters``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from docx.enum.text import WD_BREAK
from docx.shared import Pt

from exporters import charts
from exporters.docx_xml import clean_text
from exporters.styles import (
    CAPTION_STYLE,
    CENTER,
    NARRATIVE_STYLE,
    NOTE_STYLE,
    RIGHT,
    SMALL_PT,
    TABLE_PT,
    Column,
    Rendered,
    add_figure,
    add_page_footer,
    add_table,
    borderless_table,
    drop_first_paragraph,
    fit_columns,
    new_document,
    paragraph,
    setup_section,
    signature_block,
    text_width_mm,
    to_bytes,
)
from models.budget import leaf_lines
from models.domain import Aggregation, Indicator, Sasaran, YearData
from models.formulas import serapan
from models.numbers import (
    format_number,
    format_percent,
    format_place_date,
    format_plain,
)
from models.quarters import (
    ROMAN,
    budget_to_date,
    fill,
    format_value,
    note_of,
    polarity_text,
    quarter_figure,
    to_date,
)
from models.sop import Role

__all__ = ["manual_ik_rows", "render_manual_ik", "render_manual_ik_xlsx", "render_quarter_report"]

_MISSING = "[Belum diisi]"


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _office_title(data: YearData) -> str:
    return _one_line(data.profile.office) or "Perangkat Daerah"


def _heading(doc: Any, text: str, level: int) -> None:
    h = doc.add_heading(clean_text(text), level)
    h.paragraph_format.keep_with_next = True


def _table(
    doc: Any,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    width: float,
    *,
    total: Sequence[object] | None = None,
    small: bool = False,
) -> None:
    sized = [*rows, *([total] if total else [])]
    fitted, fits = fit_columns(columns, width, sized, SMALL_PT if small else TABLE_PT)
    if not fits and not small:
        small = True
        fitted, _ = fit_columns(columns, width, sized, SMALL_PT)
    add_table(doc, fitted, rows, small=small, total=total)


def _kepala_block(doc: Any, data: YearData, printed: date, width: float) -> None:
    k = data.signer(Role.KEPALA_DINAS)
    grid = borderless_table(doc, (width * 0.45, width * 0.55))
    right = grid.rows[0].cells[1]
    jabatan = _one_line(k.jabatan) or f"Kepala {_office_title(data)}"
    signature_block(
        right,
        place_date=format_place_date(_one_line(data.profile.city), printed),
        jabatan=f"{jabatan},",
        official=k,
        align=CENTER,
    )
    drop_first_paragraph(right)


def _rp(value: Decimal | None) -> str:
    return "-" if value is None else format_number(value)


def _aggregation_text(ind: Indicator) -> str:
    text = f"{ind.aggregation.label}: {ind.aggregation.rule}"
    if ind.aggregation is Aggregation.RASIO:
        text += (
            f" ({ind.pembilang or 'pembilang'} / {ind.penyebut or 'penyebut'} x "
            f"{format_plain(ind.rasio_factor)})"
        )
    return text


# -- the quarterly report -----------------------------------------------------------------------


def render_quarter_report(data: YearData, n: int, number: str, *, printed: date) -> Rendered:
    """Quarter ``n``'s monitoring report. ``number`` is the register's number ("" for a draft,
    marked KONSEP)."""
    notes: list[str] = []
    year = data.report.year
    doc = new_document(data.profile)
    section = doc.sections[0]
    setup_section(section, data.profile)
    add_page_footer(section, f"Monitoring Triwulan {ROMAN[n]} {year} - ")
    width = text_width_mm(data.profile)
    tw = f"Triwulan {ROMAN[n]}"
    title = f"LAPORAN MONITORING DAN EVALUASI KINERJA {tw.upper()} TAHUN {year}"
    paragraph(doc, _one_line(data.profile.pemda).upper(), align=CENTER, bold=True, space_after=0)
    paragraph(doc, _office_title(data).upper(), align=CENTER, bold=True, space_after=12)
    paragraph(doc, title, align=CENTER, bold=True, size=14, space_after=4)
    if number:
        paragraph(doc, f"Nomor : {_one_line(number)}", align=CENTER, space_after=12)
    else:
        paragraph(doc, "KONSEP - belum bernomor", align=CENTER, bold=True, space_after=12)
        notes.append(
            f"Laporan {tw} masih KONSEP (belum bernomor). Nomor diberikan dari register saat "
            f"dikirim: lakip triwulan nomor --tw {n}."
        )

    _heading(doc, "A. Ringkasan", 2)
    f = fill(data.indicators, data.budget, n)
    figures = {i.id: quarter_figure(i, n) for i in data.indicators}
    counts: dict[str, int] = {}
    for fig in figures.values():
        counts[fig.predikat] = counts.get(fig.predikat, 0) + 1
    said = ", ".join(
        f"{c} indikator {label}" if label != "-" else f"{c} indikator belum dapat dihitung"
        for label, c in counts.items()
    )
    paragraph(
        doc,
        f"Pengukuran kinerja {tw} tahun {year} terhadap Rencana Aksi mencakup "
        f"{len(data.indicators)} indikator kinerja pada {len(data.sasaran)} sasaran strategis. "
        f"Data yang sudah terisi untuk {tw}: {f.filled} dari {f.total} isian. "
        f"Capaian sampai dengan {tw}: {said or 'belum ada indikator'}.",
        style=NARRATIVE_STYLE,
    )

    _heading(doc, f"B. Capaian Kinerja sampai dengan {tw}", 2)
    for k, s in enumerate(data.sasaran, 1):
        _sasaran(doc, data, s, k, n, figures, width)
    _kepala_block(doc, data, printed, width)
    doc.core_properties.title = clean_text(f"Laporan Monitoring {tw} {year}")
    return Rendered(to_bytes(doc), notes)


def _sasaran(
    doc: Any, data: YearData, s: Sasaran, k: int, n: int, figures: dict[str, Any], width: float
) -> None:
    tw = f"TW {ROMAN[n]}"
    tw_head = f"TW\u00a0{ROMAN[n]}"  # a column header never breaks "TW IV" in two lines
    _heading(doc, f"{k}. Sasaran {s.code}: {s.name}", 3)
    inds = data.indicators_of(s.code)
    rows: list[list[object]] = []
    for m, i in enumerate(inds, 1):
        fig = figures[i.id]
        rows.append([
            f"{m}.", f"{i.code} {i.name}", i.satuan, i.aggregation.label,
            format_value(fig.target_to_date, i),
            format_value(fig.realisasi_to_date, i),
            format_percent(fig.capaian.value), fig.predikat,
        ])  # fmt: skip
    if rows:
        paragraph(doc, f"Tabel {k}.1 Target dan realisasi s.d. {tw}", style=CAPTION_STYLE)
        _table(
            doc,
            [
                Column("No", 8, CENTER), Column("Indikator Kinerja", 60), Column("Satuan", 14),
                Column("Agregasi", 18), Column(f"Target s.d. {tw_head}", 18, RIGHT),
                Column(f"Realisasi s.d. {tw_head}", 18, RIGHT), Column("Capaian", 16, RIGHT),
                Column("Predikat", 18),
            ],
            rows,
            width,
        )  # fmt: skip
        _footnotes(doc, inds, figures)
    lines = [b for b in leaf_lines(data.budget_of(s.code), data.budget) if b.pagu]
    if lines:
        brows: list[list[object]] = []
        sums = [Decimal(0), Decimal(0), Decimal(0)]
        for b in lines:
            td = budget_to_date(b, n)
            brows.append([
                f"{b.code} {b.name}", _rp(b.pagu), _rp(td.rencana), _rp(td.realisasi),
                format_percent(td.serapan_pagu),
            ])  # fmt: skip
            for m, value in enumerate((b.pagu, td.rencana, td.realisasi)):
                sums[m] += value or 0
        total = ["Jumlah", *(_rp(v) for v in sums), format_percent(serapan(sums[0], sums[2]))]
        p = paragraph(doc, f"Tabel {k}.2 Serapan anggaran s.d. {tw} (Rp)", style=CAPTION_STYLE)
        p.paragraph_format.space_before = Pt(8)
        _table(
            doc,
            [
                Column("Sub Kegiatan", 70), Column("Pagu", 26, RIGHT),
                Column(f"Rencana s.d. {tw_head}", 26, RIGHT),
                Column(f"Realisasi s.d. {tw_head}", 26, RIGHT),
                Column("Serapan s.d. " + tw_head, 16, RIGHT),
            ],
            brows,
            width,
            total=total,
            small=True,
        )  # fmt: skip
    note = note_of(s.quarter_notes, n)
    for label, text in (
        ("Faktor pendorong", note.pendorong),
        ("Faktor penghambat", note.penghambat),
        ("Tindak lanjut", note.tindak_lanjut),
    ):
        p = paragraph(doc, f"{label}:", bold=True, space_after=2)
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(6)
        if text.strip():
            for part in clean_text(text).split("\n"):
                if part.strip():
                    paragraph(doc, part, style=NARRATIVE_STYLE)
        else:
            paragraph(doc, _MISSING, style=NOTE_STYLE)
    series = []
    for i in inds:
        points, targets = [], []
        for q in range(1, n + 1):
            target, real, _ = to_date(i, q)
            if real is not None:
                points.append((q, real))
            if target is not None:
                targets.append((q, target))
        series.append((points, targets))
    chart = charts.quarter_chart(inds, series, n, s.code)
    if chart is not None:
        add_figure(doc, chart.png, chart.width_cm, chart.alt, 100 + k)
        paragraph(doc, f"Gambar {k}. Realisasi dan target s.d. triwulan, sasaran {s.code}",
                  style=CAPTION_STYLE)  # fmt: skip


def _footnotes(doc: Any, inds: Sequence[Indicator], figures: dict[str, Any]) -> None:
    """One line per way of counting: indicators aggregated and computed alike share it
    ("IK2.1, IK2.2, IK2.5: Nilai akhir: ...") instead of the same sentence once each."""
    codes: dict[str, list[str]] = {}
    for i in inds:
        fig = figures[i.id]
        why = f"; {fig.capaian.reason}" if fig.capaian.reason else ""
        text = f"{_aggregation_text(i)}; capaian {fig.capaian.formula} ({polarity_text(i)}){why}."
        codes.setdefault(text, []).append(i.code)
    for text, shared in codes.items():
        paragraph(doc, f"{', '.join(shared)}: {text}", size=SMALL_PT, space_after=0)
    paragraph(doc, "", space_after=4)


# -- Manual IK ----------------------------------------------------------------------------------


def manual_ik_rows(ind: Indicator, data: YearData) -> list[tuple[str, str]]:
    """The Manual IK of one indicator as (label, text) rows, in the common layout."""
    bidang = {b.code: b.name for b in data.bidang}
    cap = "" if ind.capaian_cap is None else f"; capaian dibatasi {format_percent(ind.capaian_cap)}"
    return [
        ("Nama IK", f"{ind.code} {ind.name}"),
        ("Definisi", ind.definisi),
        ("Tujuan", ind.tujuan),
        ("Formula", ind.formula_text),
        ("Satuan", ind.satuan),
        ("Sumber data", ind.data_source),
        ("Penanggung jawab", bidang.get(ind.bidang, ind.bidang)),
        ("Agregasi", _aggregation_text(ind)),
        ("Polaritas", polarity_text(ind) + cap),
    ]


def render_manual_ik(data: YearData, *, printed: date) -> Rendered:
    """One page per indicator: a two-column table of its definition."""
    notes: list[str] = []
    year = data.report.year
    doc = new_document(data.profile)
    section = doc.sections[0]
    setup_section(section, data.profile)
    add_page_footer(section, f"Manual IK {year} - ")
    width = text_width_mm(data.profile)
    empty = 0
    for k, ind in enumerate(data.indicators):
        if k:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        paragraph(doc, f"MANUAL INDIKATOR KINERJA TAHUN {year}", align=CENTER, bold=True,
                  space_after=0)  # fmt: skip
        paragraph(doc, _office_title(data).upper(), align=CENTER, bold=True, space_after=12)
        sasaran = next((s for s in data.sasaran if s.code == ind.sasaran_code), None)
        if sasaran is not None:
            paragraph(doc, f"Sasaran {sasaran.code}: {sasaran.name}", space_after=6)
        rows = manual_ik_rows(ind, data)
        empty += sum(1 for _, text in rows if not text.strip())
        add_table(
            doc,
            [Column("Unsur", width * 0.28), Column("Uraian", width * 0.72)],
            [(label, text.strip() or _MISSING) for label, text in rows],
        )
    if not data.indicators:
        paragraph(doc, "Belum ada indikator kinerja.", style=NOTE_STYLE)
    if empty:
        notes.append(f"{empty} isian Manual IK belum diisi (tercetak '{_MISSING}').")
    doc.core_properties.title = clean_text(f"Manual Indikator Kinerja {year}")
    return Rendered(to_bytes(doc), notes)


def render_manual_ik_xlsx(data: YearData) -> bytes:
    """The Manual IK as a workbook: one row per indicator, one column per element (text cells
    never become formulas: ``exporters.workbook``'s cell writer)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from exporters.workbook import put_text

    wb = Workbook()
    ws = wb.active
    ws.title = "Manual IK"
    blank = Indicator(id="", year=0, sasaran_code="", code="", name="")
    heads = ["Sasaran", *(label for label, _ in manual_ik_rows(blank, data))]
    for col, head in enumerate(heads, 1):
        put_text(ws, 1, col, head).font = Font(bold=True)
    for row, ind in enumerate(data.indicators, 2):
        values = [ind.sasaran_code, *(text for _, text in manual_ik_rows(ind, data))]
        for col, value in enumerate(values, 1):
            cell = put_text(ws, row, col, clean_text(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJ", (10, 40, 50, 40, 40, 10, 30, 30, 45, 35), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
