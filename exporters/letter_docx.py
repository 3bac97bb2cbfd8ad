"""The surat pengantar (cover letter) of the LAKIP (PRODUCT.md section 4.2), and the kop surat
shared with the lembar disposisi.

A letter with a number (from the numbering register, step 10) prints it; without one the letter
is a draft: "KONSEP" in the header and above the title, and the number left as dotted blanks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docx.shared import Mm, Pt

from exporters.docx_xml import add_run, clean_text, set_paragraph_border
from exporters.styles import (
    CENTER,
    RIGHT,
    Column,
    Rendered,
    add_logo,
    add_table,
    borderless_table,
    drop_first_paragraph,
    fit_columns,
    logo_file,
    new_document,
    paragraph,
    signature_block,
    text_width_mm,
    to_bytes,
)
from models.domain import Letter, Profile, YearData
from models.numbers import format_place_date, to_local
from models.sop import Role

__all__ = ["BLANK_NUMBER", "DRAFT_MARK", "add_kop", "render_letter"]

BLANK_NUMBER = "......../......../........"
DRAFT_MARK = "KONSEP"


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _contact_line(p: Profile) -> str:
    parts = []
    if p.phone.strip():
        parts.append(f"Telepon {_one_line(p.phone)}")
    if p.email.strip():
        parts.append(f"Pos-el: {_one_line(p.email)}")
    if p.website.strip():
        parts.append(f"Laman: {_one_line(p.website)}")
    return ", ".join(parts)


def _address_line(p: Profile) -> str:
    address = _one_line(p.address)
    if p.postal_code.strip():
        address = (
            f"{address}, Kode Pos {_one_line(p.postal_code)}"
            if address
            else (f"Kode Pos {_one_line(p.postal_code)}")
        )
    return address


def add_kop(
    doc: Any, profile: Profile, width_mm: float, notes: list[str], *, compact: bool = False
) -> None:
    """Kop surat: logo on the left, pemda and office centred, address and contacts, and the
    thick-thin double rule under it."""
    logo_mm = 18 if compact else 24
    logo = logo_file(profile.logo_path, notes)
    if logo is not None:
        grid = borderless_table(doc, (logo_mm + 4, width_mm - logo_mm - 4))
        logo_cell, text_cell = grid.rows[0].cells
        logo_p = logo_cell.paragraphs[0]
        logo_p.alignment = 1  # centre
        add_logo(logo_p, str(logo), logo_mm, notes)
    else:
        grid = borderless_table(doc, (width_mm,))
        text_cell = grid.rows[0].cells[0]
    big, mid, small = (11, 12, 8) if compact else (13, 14, 9)
    lines = [
        (_one_line(profile.pemda).upper(), big, True),
        (_one_line(profile.office).upper(), mid, True),
    ]
    if _address_line(profile):
        lines.append((_address_line(profile), small, False))
    if _contact_line(profile):
        lines.append((_contact_line(profile), small, False))
    for text, size, bold in lines:
        paragraph(text_cell, text, align=CENTER, bold=bold, size=size, space_after=0)
    drop_first_paragraph(text_cell)
    rule = paragraph(doc, "", space_after=0)
    rule.paragraph_format.line_spacing = 1.0
    rule.paragraph_format.space_before = Pt(2)
    set_paragraph_border(rule, "bottom", "thickThinSmallGap", 18)
    paragraph(doc, "", space_after=0 if compact else 6)


def letter_page(profile: Profile) -> tuple[Any, float]:
    """A new document set up for a letter (surat, nota dinas) and its text width in mm: letters
    use narrower top and bottom margins than the report, the kop sitting near the edge."""
    doc = new_document(profile)
    section = doc.sections[0]
    section.top_margin = Mm(15)
    section.bottom_margin = Mm(20)
    return doc, text_width_mm(profile)


def render_letter(data: YearData, letter: Letter | None, *, printed: date) -> Rendered:
    """The surat pengantar; ``letter`` None makes the KONSEP (draft) without a number."""
    p = data.profile
    notes: list[str] = []
    doc, width = letter_page(p)
    section = doc.sections[0]
    if letter is None:
        # the draft mark sits in the header, well above the kop (at the default 12,7 mm it
        # touched the kop's first line, 15 mm from the edge)
        section.header_distance = Mm(6)
        head = section.header.paragraphs[0]
        head.alignment = 2  # right
        run = add_run(head, f"{DRAFT_MARK} - belum bernomor, bukan untuk dikirim", bold=True)
        run.font.size = Pt(10)
    add_kop(doc, p, width, notes)
    when = to_local(letter.issued_at, p.timezone).date() if letter is not None else printed
    paragraph(doc, format_place_date(_one_line(p.city), when), align=RIGHT, space_after=6)
    grid = borderless_table(doc, (width * 0.5, width * 0.5))
    right = grid.rows[0].cells[1]
    addressee = _one_line(p.addressee) or "........................................"
    place = _one_line(p.addressee_place) or _one_line(p.city)
    paragraph(right, "Kepada", space_after=0)
    paragraph(right, f"Yth. {addressee}", space_after=0)
    paragraph(right, "di -", space_after=0)
    dest = paragraph(right, place, space_after=0)
    dest.paragraph_format.left_indent = Mm(10)
    drop_first_paragraph(right)
    paragraph(doc, "", space_after=6)
    if letter is None:
        paragraph(doc, DRAFT_MARK, align=CENTER, bold=True, size=16, space_after=2)
    paragraph(
        doc, "SURAT PENGANTAR", align=CENTER, bold=True, underline=True, size=13, space_after=0
    )
    number = _one_line(letter.number) if letter is not None else BLANK_NUMBER
    paragraph(doc, f"Nomor : {number}", align=CENTER, space_after=12)
    office = " ".join(
        w if w.lower() not in {"dan", "di", "dari"} else w.lower()
        for w in (x.capitalize() for x in _one_line(p.office).split())
    )
    region = _one_line(p.pemda)
    region = region[len("PEMERINTAH ") :] if region.upper().startswith("PEMERINTAH ") else region
    region = " ".join(x.capitalize() for x in region.split())
    item = f"{p.report_title} {office} {region} Tahun {data.report.year}"
    cols, _fits = fit_columns(
        [
            Column("No", 10, CENTER),
            Column("Naskah Dinas yang Dikirimkan", 70),
            Column("Banyaknya", 28, CENTER),
            Column("Keterangan", 52),
        ],
        width,
    )
    add_table(
        doc,
        cols,
        [
            (
                "1.",
                item,
                "1 (satu) eksemplar",
                "Disampaikan dengan hormat untuk menjadi bahan seperlunya.",
            )
        ],
    )
    paragraph(doc, "", space_after=12)
    grid = borderless_table(doc, (width * 0.48, width * 0.52))
    left, right = grid.rows[0].cells
    for text in (
        "Diterima tanggal : ....................",
        "Penerima,",
        "",
        "",
        "",
        "Nama : ..............................",
        "NIP  : ..............................",
    ):
        paragraph(left, text, size=11, space_after=0)
    k = data.signer(Role.KEPALA_DINAS)
    jabatan = _one_line(k.jabatan) or f"Kepala {office} {region}"
    signature_block(right, place_date="", jabatan=f"{jabatan},", official=k, align=CENTER, size=11)
    drop_first_paragraph(left)
    drop_first_paragraph(right)
    doc.core_properties.title = clean_text(
        f"Surat Pengantar {data.profile.report_abbr} {data.report.year}"
    )
    return Rendered(to_bytes(doc), notes)
