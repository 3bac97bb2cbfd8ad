"""The step-2 workbook (format pengumpulan data): written per bidang, read back in step 4.

Pure functions of models; openpyxl is imported inside them. Layout of the data sheets
("Indikator", "Anggaran"): row 1 a title, row 2 the column labels, row 3 the column keys (the
same names as the CSV import headers), data from row 4. The key columns (codes and names) are
locked; only the columns to fill are unlocked (sheet protection without a password: it guards
against slips, not against intent). A hidden sheet "_lakip" says which year and bidang the
workbook is for.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.domain import Bidang, BudgetLine, Indicator, Profile, Sasaran

__all__ = [
    "FORMAT_ID",
    "META_SHEET",
    "SheetRows",
    "TooManyRows",
    "WorkbookContent",
    "budget_columns",
    "build_form",
    "indicator_columns",
    "read_workbook",
]

# What a worksheet cell cannot hold (openpyxl raises IllegalCharacterError on C0 controls) or
# should not (DEL, C1 controls, lone surrogates): removed, as the DOCX exporters do.
_BAD_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# Text a spreadsheet would take as a formula when the cell is typed in or pasted elsewhere.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def put_text(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write one cell and return it. Text is cleaned of control characters and always stored
    as text, never as a formula (an indicator named '=HYPERLINK(..)' stays that name); text that
    starts like a formula also gets the quote prefix, so editing the cell keeps it text."""
    cell = ws.cell(row=row, column=column)
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = _BAD_CELL.sub("", value)
    cell.value = text
    cell.data_type = "s"  # openpyxl makes any text starting with '=' a formula
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell




FORMAT_ID = "lakip-format-data"
META_SHEET = "_lakip"
KEY_ROW = 3
FIRST_DATA_ROW = 4


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    width: int
    fill: bool = False  # a column the bidang fills (unlocked)
    number: bool = False
    money: bool = False


def indicator_columns(year: int) -> tuple[Column, ...]:
    earlier = tuple(
        Column(f"realisasi_{y}", f"Realisasi {y}", 12, fill=True, number=True)
        for y in range(year - 3, year)
    )
    return (
        Column("kode_sasaran", "Kode Sasaran", 9),
        Column("sasaran", "Sasaran Strategis", 30),
        Column("kode_indikator", "Kode Indikator", 10),
        Column("indikator", "Indikator Kinerja", 40),
        Column("satuan", "Satuan", 9),
        Column("polaritas", "Polaritas", 10),
        Column("target", f"Target {year}", 12, fill=True, number=True),
        Column("realisasi", f"Realisasi {year}", 12, fill=True, number=True),
        *earlier,
        Column("target_renstra", "Target Akhir Renstra", 12, fill=True, number=True),
        Column("standar_nasional", "Standar Nasional", 12, fill=True, number=True),
        Column("sumber_data", "Sumber Data", 28, fill=True),
        Column("bidang", "Bidang", 8),
    )


def budget_columns() -> tuple[Column, ...]:
    return (
        Column("kode", "Kode Rekening", 20),
        Column("tingkat", "Tingkat", 12),
        Column("program", "Program / Kegiatan / Sub Kegiatan", 50),
        Column("pagu", "Pagu (Rp)", 18, fill=True, number=True, money=True),
        Column("realisasi", "Realisasi (Rp)", 18, fill=True, number=True, money=True),
        Column("kode_sasaran", "Kode Sasaran", 9),
        Column("bidang", "Bidang", 8),
    )


def quarter_columns(kind: str, n: int) -> tuple[Column, ...]:
    """The columns of quarter ``n`` in a workbook for that quarter: an indicator's target and
    realisasi (a rasio indicator: numerator and denominator), a budget line's plan and spending.
    Their keys are the CSV import's (``target_tw2``)."""
    tw = ("I", "II", "III", "IV")[n - 1]
    if kind == "indikator":
        return (
            Column(f"target_tw{n}", f"Target TW {tw}", 12, fill=True, number=True),
            Column(f"realisasi_tw{n}", f"Realisasi TW {tw}", 12, fill=True, number=True),
            Column(f"pembilang_tw{n}", f"Pembilang TW {tw} (rasio)", 12, fill=True, number=True),
            Column(f"penyebut_tw{n}", f"Penyebut TW {tw} (rasio)", 12, fill=True, number=True),
        )
    return (
        Column(f"rencana_tw{n}", f"Rencana TW {tw} (Rp)", 18, fill=True, number=True, money=True),
        Column(f"realisasi_tw{n}", f"Realisasi TW {tw} (Rp)", 18, fill=True, number=True,
               money=True),
    )  # fmt: skip


def _quarter_values(record: Indicator | BudgetLine, n: int) -> list[Any]:
    from models.quarter_fill import at

    if isinstance(record, Indicator):
        return [at(record.target_tw, n), at(record.realisasi_tw, n),
                at(record.pembilang_tw, n), at(record.penyebut_tw, n)]  # fmt: skip
    return [at(record.rencana_tw, n), at(record.realisasi_tw, n)]


def _insert_after(items: tuple[Any, ...] | list[Any], at_index: int, extra: Any) -> list[Any]:
    return [*items[: at_index + 1], *extra, *items[at_index + 1 :]]


INSTRUCTIONS: tuple[str, ...] = (
    "PETUNJUK PENGISIAN",
    "",
    "1. Isi kolom berwarna kuning pada lembar 'Indikator' dan 'Anggaran'. Kolom lain (kode, nama "
    "indikator, satuan) dikunci; jangan mengubah atau menghapus baris.",
    "2. Cara menulis angka: koma adalah tanda desimal dan titik pemisah ribuan, misalnya 85,5 "
    "atau 1.234.567,89. Boleh juga mengetik angka biasa di sel (85,5 atau 85.5).",
    "3. Angka dengan satu titik dan tepat tiga angka di belakangnya (misalnya 1.234) ambigu untuk "
    "ukuran kinerja dan akan ditolak: tulis 1234 atau 1,234. Untuk rupiah, titik selalu pemisah "
    "ribuan (12.500 = dua belas ribu lima ratus rupiah).",
    "4. Persen ditulis tanpa tanda %, misalnya 72,5 untuk 72,5 %.",
    "5. Sel yang dibiarkan kosong tidak mengubah data yang sudah ada.",
    "6. Polaritas: 'positif' berarti makin tinggi makin baik; 'negatif' berarti makin rendah makin "
    "baik (misalnya angka putus sekolah).",
    "7. Simpan berkas ini sebagai .xlsx lalu serahkan kembali ke Sub Bagian Perencanaan; data akan "
    "diimpor dengan 'lakip import NAMA-BERKAS.xlsx'. Setiap baris diperiksa dan kesalahan "
    "dilaporkan per baris dan kolom.",
)


def _sheet_title(ws: Any, text: str, ncols: int) -> None:
    from openpyxl.styles import Font

    put_text(ws, 1, 1, text).font = Font(bold=True, size=12)
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)


def _write_table(ws: Any, title: str, columns: tuple[Column, ...], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    fill_colour = PatternFill("solid", fgColor="FFF2CC")
    head_colour = PatternFill("solid", fgColor="D9E1F2")
    _sheet_title(ws, title, len(columns))
    for c, col in enumerate(columns, start=1):
        label = put_text(ws, 2, c, col.label)
        label.font = Font(bold=True)
        label.fill = head_colour
        label.alignment = Alignment(wrap_text=True, vertical="center")
        key = put_text(ws, KEY_ROW, c, col.key)
        key.font = Font(italic=True, size=8, color="808080")
        ws.column_dimensions[get_column_letter(c)].width = col.width
    for r, values in enumerate(rows, start=FIRST_DATA_ROW):
        for c, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = put_text(ws, r, c, value)
            if col.number:
                cell.number_format = "#,##0.00" if col.money else "General"
            if col.fill:
                cell.protection = Protection(locked=False)
                cell.fill = fill_colour
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 30
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may still be changed
    ws.protection.formatRows = False


def build_form(
    *,
    profile: Profile,
    year: int,
    bidang: Bidang,
    sasaran: tuple[Sasaran, ...],
    indicators: tuple[Indicator, ...],
    budget: tuple[BudgetLine, ...],
    quarter: int = 0,
) -> bytes:
    """The workbook of one bidang (XLSX bytes): its indicators and budget lines, to fill and
    return. The caller writes it (as a new file, never over a link). With ``quarter`` (1..4),
    that quarter's columns too (``quarter_columns``), next to the year's realisasi; the hidden
    sheet names the quarter."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    names = {s.code: s.name for s in sasaran}
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = "Petunjuk"
    lines = (
        f"FORMAT PENGUMPULAN DATA DAN INFORMASI KINERJA TAHUN {year}",
        f"{profile.office} {profile.pemda.replace('PEMERINTAH ', '')}".strip(),
        f"Bidang: {bidang.name} ({bidang.code})",
        f"Kepala bidang: {bidang.head_name or '-'}",
        *(
            (
                f"Triwulan: {('I', 'II', 'III', 'IV')[quarter - 1]}. Isi target dan realisasi "
                "triwulan ini (indikator berjenis rasio: pembilang dan penyebut, realisasinya "
                "dihitung) serta rencana dan realisasi anggaran triwulan ini.",
            )
            if quarter
            else ()
        ),
        "",
        *INSTRUCTIONS,
    )
    for r, text in enumerate(lines, start=1):
        cell = put_text(info, r, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if r <= 3 or text == "PETUNJUK PENGISIAN":
            cell.font = Font(bold=True)
    info.column_dimensions["A"].width = 100

    cols = indicator_columns(year)
    rows: list[list[Any]] = []
    for ind in indicators:
        history = [ind.history.get(y) for y in range(year - 3, year)]
        rows.append(
            [
                ind.sasaran_code,
                names.get(ind.sasaran_code, ""),
                ind.code,
                ind.name,
                ind.satuan,
                ind.polarity.value,
                ind.target,
                ind.realisasi,
                *history,
                ind.renstra_target,
                ind.national_standard,
                ind.data_source,
                ind.bidang,
            ]
        )
    bcols = budget_columns()
    brows: list[list[Any]] = [
        [b.code, b.level.label, b.name, b.pagu, b.realisasi, b.sasaran_code, b.bidang]
        for b in budget
    ]
    if quarter:  # the quarter's columns right after the year's realisasi
        i_at = [c.key for c in cols].index("realisasi")
        b_at = [c.key for c in bcols].index("realisasi")
        rows = [_insert_after(r, i_at, _quarter_values(i, quarter))
                for r, i in zip(rows, indicators, strict=True)]  # fmt: skip
        brows = [_insert_after(r, b_at, _quarter_values(b, quarter))
                 for r, b in zip(brows, budget, strict=True)]  # fmt: skip
        cols = tuple(_insert_after(cols, i_at, quarter_columns("indikator", quarter)))
        bcols = tuple(_insert_after(bcols, b_at, quarter_columns("anggaran", quarter)))
    _write_table(
        wb.create_sheet("Indikator"), f"Indikator Kinerja {year} - {bidang.name}", cols, rows
    )
    _write_table(
        wb.create_sheet("Anggaran"),
        f"Realisasi Anggaran {year} - {bidang.name}",
        bcols,
        brows,
    )
    meta = wb.create_sheet(META_SHEET)
    entries = [("format", FORMAT_ID), ("versi", "1"), ("tahun", str(year)), ("bidang", bidang.code)]
    if quarter:
        entries.append(("triwulan", str(quarter)))
    for r, (k, v) in enumerate(entries, start=1):
        put_text(meta, r, 1, k)
        put_text(meta, r, 2, v)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    return workbook_bytes(wb)


def workbook_bytes(wb: Any) -> bytes:
    """The workbook as XLSX bytes, the same for the same content: its properties and parts
    carry one fixed date, not the clock's (openpyxl's ``save`` writes the time of saving)."""
    import zipfile
    from datetime import datetime

    from openpyxl.writer.excel import ExcelWriter

    from exporters.styles import ZIP_DATE, stable_zip

    wb.properties.created = wb.properties.modified = datetime(*ZIP_DATE)
    out = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return stable_zip(out.getvalue())


@dataclass(frozen=True, slots=True)
class SheetRows:
    """One table of a workbook: its sheet, where its keys are, and its data rows (row numbers as
    the spreadsheet shows them; wholly empty rows left out)."""

    sheet: str
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, Any]], ...]


@dataclass(frozen=True, slots=True)
class WorkbookContent:
    meta: dict[str, str] = field(default_factory=dict)
    tables: tuple[SheetRows, ...] = ()


_KNOWN_KEYS = {"kode_indikator", "kode_sasaran", "kode", "pagu"}
_ALL_KEYS = {
    c.key
    for c in (
        *indicator_columns(2000),
        *budget_columns(),
        *(
            c
            for n in (1, 2, 3, 4)
            for k in ("indikator", "anggaran")
            for c in quarter_columns(k, n)
        ),
    )
} | {
    "rumus_negatif",
    "periode_renstra",
    "tingkat",
}


def _key(value: Any) -> str:
    return str(value).strip().lower().replace(" ", "_") if value is not None else ""


class TooManyRows(ValueError):
    """A sheet has more data rows than the reader was allowed to take."""


def read_workbook(path: Path, *, max_rows: int | None = None) -> WorkbookContent:
    """Read every sheet that has a row of column keys (our own format, or any workbook whose
    header row uses the CSV import names). The workbook is streamed (read-only mode), and more
    than ``max_rows`` data rows in all raise ``TooManyRows``. Raises ``ValueError``
    (Indonesian) when the file is not a readable XLSX workbook."""
    from itertools import chain, islice
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ValueError(f"{path.name} bukan berkas XLSX yang dapat dibaca ({exc}).") from None
    try:
        meta: dict[str, str] = {}
        if META_SHEET in wb.sheetnames:
            for row in wb[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True):
                if row and row[0] is not None:
                    meta[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
        tables: list[SheetRows] = []
        taken = 0
        for ws in wb.worksheets:
            if ws.title == META_SHEET:
                continue
            stream = ws.iter_rows(values_only=True)
            head = list(islice(stream, 10))
            scores = [len({_key(v) for v in row} & _ALL_KEYS) for row in head]
            if (
                not scores
                or max(scores) == 0
                or not any({_key(v) for v in row} & _KNOWN_KEYS for row in head)
            ):
                continue
            header_at = scores.index(max(scores))
            headers = tuple(_key(v) for v in head[header_at])
            rows: list[tuple[int, dict[str, Any]]] = []
            rest = chain(head[header_at + 1 :], stream)
            for offset, row in enumerate(rest, start=header_at + 2):
                values = {h: v for h, v in zip(headers, row, strict=False) if h}
                if all(
                    v is None or (isinstance(v, str) and not v.strip()) for v in values.values()
                ):
                    if max_rows is not None and offset > 5 * max_rows:
                        raise TooManyRows(path.name)  # a sheet of endless empty rows
                    continue
                taken += 1
                if max_rows is not None and taken > max_rows:
                    raise TooManyRows(path.name)
                rows.append((offset, values))
            tables.append(SheetRows(ws.title, header_at + 1, headers, tuple(rows)))
    finally:
        wb.close()
    return WorkbookContent(meta=meta, tables=tuple(tables))
