"""The regency's roll-up (``models.rekap``) as a workbook (openpyxl: one sheet per table, numbers as
numbers, text never taken as a formula) and as a landscape DOCX (tables sized to content)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from exporters.styles import (
    LEFT,
    RIGHT,
    SMALL_PT,
    TABLE_PT,
    Column,
    add_page_footer,
    add_table,
    fit_columns,
    new_document,
    paragraph,
    setup_section,
    text_width_mm,
    to_bytes,
)
from exporters.workbook import put_text
from models.domain import Profile
from models.numbers import OfficeZone
from models.rekap import (
    PERCENT_HEADERS,
    PREDIKAT_LEGEND,
    Rekap,
    Table,
    cell_text,
    code_tables,
    performance_table,
    timeliness_table,
)

__all__ = ["rekap_docx", "rekap_workbook"]

KEEP_WHOLE_ROWS = 20  # a table of at most this many rows is never split across pages
_SHEET_NAME_BAD = str.maketrans({c: "-" for c in "[]:*?/\\"})


def _summary_lines(rekap: Rekap) -> list[str]:
    years = ", ".join(str(y) for y in rekap.years) or "-"
    due = cell_text(rekap.due) if rekap.due else "tidak ditetapkan"
    return [
        f"Folder paket: {rekap.folder}",
        f"Tahun laporan: {years}; jatuh tempo: {due}; keadaan per {cell_text(rekap.as_of)}",
        f"Paket dihitung: {len(rekap.packages)}; tidak dihitung: {len(rekap.rejected)}",
        "HK: selisih hari kerja tanggal kirim (atau hari ini bila belum kirim) terhadap jatuh "
        "tempo; positif berarti terlambat.",
    ]


# -- workbook -------------------------------------------------------------------------------------


def _sheet(wb: Any, name: str, table: Table) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name.translate(_SHEET_NAME_BAD)[:31])
    put_text(ws, 1, 1, table.title).font = Font(bold=True, size=12)
    head = PatternFill("solid", fgColor="D9D9D9")
    widths = [len(h) + 2 for h in table.headers]
    for c, h in enumerate(table.headers, start=1):
        cell = put_text(ws, 2, c, h)
        cell.font = Font(bold=True)
        cell.fill = head
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r, row in enumerate(table.rows, start=3):
        for c, (value, header) in enumerate(zip(row, table.headers, strict=True), start=1):
            cell = put_text(ws, r, c, _xlsx_value(value))
            if isinstance(value, Decimal):
                cell.number_format = "0.00" if header in PERCENT_HEADERS else "General"
            elif isinstance(value, date):
                cell.number_format = "DD-MM-YYYY"
            widths[c - 1] = max(widths[c - 1], min(40, len(cell_text(value)) + 2))
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = ws.cell(row=3, column=1)


def _xlsx_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else value
    return value


def rekap_workbook(rekap: Rekap) -> bytes:
    """One sheet "Ringkasan" (the packages left out, named), then "Ketepatan", "Kinerja", and
    "Per kode" (every shared code's table one under the other)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    put_text(ws, 1, 1, "Rekap LAKIP perangkat daerah").font = Font(bold=True, size=12)
    row = 2
    for line in _summary_lines(rekap):
        put_text(ws, row, 1, line)
        row += 1
    row += 1
    put_text(ws, row, 1, "Paket tidak dihitung").font = Font(bold=True)
    put_text(ws, row + 1, 1, "Berkas").font = Font(bold=True)
    put_text(ws, row + 1, 2, "Alasan").font = Font(bold=True)
    row += 2
    if not rekap.rejected:
        put_text(ws, row, 1, "tidak ada")
    for r in rekap.rejected:
        put_text(ws, row, 1, r.name)
        reason = f"ganda: kantor dan tahun sama dengan {r.duplicate_of}" if r.duplicate_of else (
            f"rusak: {r.reason}"
        )  # fmt: skip
        put_text(ws, row, 2, reason)
        row += 1
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 70
    _sheet(wb, "Ketepatan", timeliness_table(rekap))
    _sheet(wb, "Kinerja", performance_table(rekap))
    codes = wb.create_sheet("Per kode")
    row = 1
    for table in code_tables(rekap):
        put_text(codes, row, 1, table.title).font = Font(bold=True)
        for c, h in enumerate(("Kode", *table.headers), start=1):
            put_text(codes, row + 1, c, h).font = Font(bold=True)
        row += 2
        code = table.title.split(":")[0].removeprefix("Indikator ")
        for values in table.rows:
            put_text(codes, row, 1, code)
            for c, value in enumerate(values, start=2):
                put_text(codes, row, c, _xlsx_value(value))
            row += 1
        row += 1
    if not rekap.by_code:
        none = "Tidak ada kode indikator yang dipakai lebih dari satu perangkat daerah."
        put_text(codes, 1, 1, none)
    for letter, width in zip("ABCDEF", (14, 30, 12, 12, 12, 16), strict=True):
        codes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- document -------------------------------------------------------------------------------------


def _doc_table(doc: Any, table: Table, width: float) -> None:
    paragraph(doc, table.title, bold=True, space_after=3).paragraph_format.keep_with_next = True
    rows: list[Sequence[object]] = list(table.texts())
    columns = [  # proportions from the longest text of each column
        Column(h, float(max([len(h), *(len(str(r[k])) for r in rows)])), RIGHT if num else LEFT)
        for k, (h, num) in enumerate(zip(table.headers, table.numeric, strict=True))
    ]
    if not rows:
        paragraph(doc, "Tidak ada paket.", space_after=6)
        return
    small = False
    fitted, fits = fit_columns(columns, width, rows, TABLE_PT)
    if not fits:
        small = True
        fitted, _ = fit_columns(columns, width, rows, SMALL_PT)
    made = add_table(doc, fitted, rows, small=small)
    # a short table moves whole to the next page; a long one takes at least three rows along
    together = made.rows[:-1] if len(rows) <= KEEP_WHOLE_ROWS else made.rows[:3]
    for row in together:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    paragraph(doc, "", space_after=6)


def rekap_docx(rekap: Rekap) -> bytes:
    """The roll-up on landscape A4: summary and the packages left out, the timeliness matrix,
    the performance summary, and one table per shared indicator code."""
    profile = Profile(timezone=OfficeZone.WIB, office="Rekap LAKIP")
    doc = new_document(profile)
    section = doc.sections[0]
    setup_section(section, profile, landscape=True)
    add_page_footer(section)
    width = text_width_mm(profile, landscape=True)
    paragraph(doc, "REKAP LAKIP PERANGKAT DAERAH", bold=True, align="c", size=14, space_after=8)
    for line in _summary_lines(rekap):
        paragraph(doc, line, space_after=2)
    paragraph(doc, "", space_after=4)
    paragraph(doc, "Paket tidak dihitung", bold=True, space_after=3)
    if rekap.rejected:
        for message in rekap.messages():
            paragraph(doc, f"- {message}", space_after=2)
    else:
        paragraph(doc, "Tidak ada: semua paket lolos pemeriksaan.", space_after=2)
    paragraph(doc, "", space_after=4)
    _doc_table(doc, timeliness_table(rekap), width)
    _doc_table(doc, performance_table(rekap), width)
    paragraph(doc, PREDIKAT_LEGEND, size=9, space_after=8)
    paragraph(doc, "Indikator bersama (kode yang sama di beberapa perangkat daerah)", bold=True)
    tables = code_tables(rekap)
    if not tables:
        paragraph(doc, "Tidak ada kode indikator yang dipakai lebih dari satu perangkat daerah.")
    for table in tables:
        _doc_table(doc, table, width)
    return to_bytes(doc)
