"""Nota Dinas to a bidang: "Permintaan Data Kinerja" (step 3) and "Pengingat" (a reminder to a
bidang past its deadline), in the office's letter layout (the kop of the surat pengantar).

The request lists every item the bidang is asked for; the reminder lists exactly the items it
still owes. Both carry the number the register gave them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from exporters.docx_xml import clean_text, set_paragraph_border
from exporters.letter_docx import add_kop, letter_page
from exporters.styles import (
    CENTER,
    SMALL_PT,
    Column,
    Rendered,
    add_table,
    borderless_table,
    drop_first_paragraph,
    fit_columns,
    paragraph,
    signature_block,
    to_bytes,
)
from models.domain import Bidang, Official, Profile
from models.numbers import format_date, format_place_date
from models.quarter_fill import ROMAN

__all__ = ["NotaDinas", "render_nota_dinas"]


@dataclass(frozen=True, slots=True)
class NotaDinas:
    """What one Nota Dinas says; the use case fills it from the recorded request."""

    reminder: bool  # False: Permintaan Data Kinerja; True: Pengingat
    number: str
    dated: date
    year: int  # the report year
    bidang: Bidang
    items: Sequence[tuple[str, str, str, str]]  # (jenis, kode, uraian, yang diisi)
    deadline: date
    sent_number: str = ""  # a reminder cites the request
    sent_date: date | None = None
    days_late: int = 0
    signer: Official = field(default_factory=Official)
    signer_title: str = ""
    quarter: int = 0  # a request for one quarter's data (0: the year's)


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _body(doc: Any, text: str) -> None:
    """A body paragraph: justified, single spaced, first line indented."""
    p = paragraph(doc, text, size=11, space_after=6)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.line_spacing = 1.15
    p.paragraph_format.first_line_indent = Mm(12)


def render_nota_dinas(profile: Profile, nota: NotaDinas) -> Rendered:
    notes: list[str] = []
    doc, width = letter_page(profile)
    add_kop(doc, profile, width, notes)
    paragraph(doc, "NOTA DINAS", align=CENTER, bold=True, underline=True, size=13, space_after=8)
    # a quarter's request says so in its subject and body (it read as the year's request)
    period = f"Triwulan {ROMAN[nota.quarter]} " if nota.quarter else ""
    hal = (
        f"Pengingat Penyampaian Data Kinerja {period}Tahun {nota.year}"
        if nota.reminder
        else f"Permintaan Data Kinerja {period}Tahun {nota.year}"
    )
    head = [
        ("Kepada", f"Yth. Kepala {_one_line(nota.bidang.name)}"),
        ("Dari", _one_line(nota.signer_title) or "........................................"),
        ("Tanggal", format_date(nota.dated)),
        ("Nomor", _one_line(nota.number)),
        ("Sifat", "Segera" if nota.reminder else "Penting"),
        # the request goes with the bidang's workbook, which its text calls "terlampir"
        ("Lampiran", "-" if nota.reminder else "1 (satu) berkas format pengumpulan data"),
        ("Hal", hal),
    ]
    grid = borderless_table(doc, (28, 5, width - 33))
    for n, (label, value) in enumerate(head):
        row = grid.rows[0] if n == 0 else grid.add_row()
        for cell, text in zip(row.cells, (label, ":", value), strict=True):
            paragraph(cell, text, size=11, space_after=0)
            drop_first_paragraph(cell)
    rule = paragraph(doc, "", space_after=6)
    set_paragraph_border(rule, "bottom", "single", 8)
    deadline = format_date(nota.deadline)
    # the data go back to whoever signs the nota (the office's own title for it, from its user
    # record), not to a unit named as in one office's SOP
    back_to = _one_line(nota.signer_title) or "kami"
    if nota.reminder:
        sent = format_date(nota.sent_date) if nota.sent_date else "..."
        body = [
            f"Menindaklanjuti Nota Dinas Nomor {_one_line(nota.sent_number)} tanggal {sent} "
            f"perihal Permintaan Data Kinerja {period}Tahun {nota.year}, sampai dengan batas waktu "
            f"{deadline} data berikut belum kami terima (terlambat {nota.days_late} hari kerja):",
        ]
        closing = (
            f"Mengingat data tersebut diperlukan untuk penyusunan {profile.report_title} "
            "yang harus disampaikan tepat waktu, kami mohon data "
            f"tersebut dilengkapi dan disampaikan kepada {back_to} sesegera mungkin."
        )
    else:
        body = [
            f"Dalam rangka penyusunan {profile.report_title} "
            f"Tahun {nota.year}, bersama ini kami mohon Saudara mengisi data kinerja dan "
            f"anggaran {period}yang menjadi tanggung jawab bidang Saudara pada format "
            "pengumpulan data terlampir, yaitu:",
        ]
        closing = (
            f"Format yang telah diisi mohon disampaikan paling lambat tanggal {deadline} kepada "
            f"{back_to}."
        )
    for text in body:
        _body(doc, text)
    rows = [(f"{n}.", *item) for n, item in enumerate(nota.items, start=1)]
    cols, _fits = fit_columns(
        [
            Column("No", 9, CENTER),
            Column("Jenis", 20),
            Column("Kode", 36),
            Column("Uraian", 75),
            Column("Yang diisi", 24),
        ],
        width,
        rows,
        SMALL_PT,
    )
    add_table(doc, cols, rows, small=True)
    paragraph(doc, "", space_after=4)
    _body(doc, closing)
    _body(doc, "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.")
    grid = borderless_table(doc, (width * 0.45, width * 0.55))
    right = grid.rows[0].cells[1]
    signature_block(
        right,
        place_date=format_place_date(_one_line(profile.city), nota.dated),
        jabatan=f"{_one_line(nota.signer_title) or '........................'},",
        official=nota.signer,
        align=CENTER,
        size=11,
    )
    drop_first_paragraph(right)
    title = "Pengingat Data Kinerja" if nota.reminder else "Permintaan Data Kinerja"
    doc.core_properties.title = clean_text(f"Nota Dinas {title} {nota.bidang.code} {nota.year}")
    return Rendered(to_bytes(doc), notes)
