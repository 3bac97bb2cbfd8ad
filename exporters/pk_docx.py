"""The Perjanjian Kinerja (PK) document of one version, as a pure function of that version.

Layout after Permen PAN-RB 53/2014: the title (``PERJANJIAN KINERJA TAHUN Y``, ``PERJANJIAN
KINERJA PERUBAHAN TAHUN Y`` for a revision), the office, the statement naming Pihak Pertama (the
Kepala Dinas) and Pihak Kedua (the kepala daerah of the office's own region, from the profile),
the two signatures side by side; then on a new page the appendix: sasaran, indicators and
targets, programmes and their budget with the total, signed again. Everything printed comes from
the version's snapshot (its profile and Kepala Dinas included), so the same version and date make
the same bytes: a signed PK can be made again and its SHA-256 compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from docx.enum.section import WD_SECTION

from exporters.docx_xml import clean_text
from exporters.lakip_docx import _jabatan, _region
from exporters.styles import (
    CENTER,
    NARRATIVE_STYLE,
    RIGHT,
    SMALL_PT,
    TABLE_PT,
    Column,
    Rendered,
    add_table,
    fit_columns,
    new_document,
    paragraph,
    setup_section,
    signature_pair,
    text_width_mm,
    to_bytes,
)
from models.domain import Official, PkVersion
from models.numbers import format_date, format_measure, format_number, format_place_date
from models.pk import anggaran_total

__all__ = ["pk_title", "render_pk"]

STATEMENT = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta "
    "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)
PROMISE = (
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
    "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
    "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja "
    "tersebut menjadi tanggung jawab kami."
)
SUPERVISION = (
    "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap "
    "capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka "
    "pemberian penghargaan dan sanksi."
)


def pk_title(version: PkVersion) -> str:
    """``PERJANJIAN KINERJA TAHUN 2026`` or ``PERJANJIAN KINERJA PERUBAHAN TAHUN 2026``."""
    middle = " PERUBAHAN" if version.number else ""
    return f"PERJANJIAN KINERJA{middle} TAHUN {version.year}"


def _addressee(version: PkVersion) -> str:
    return " ".join(clean_text(version.profile.addressee).split()) or "Kepala Daerah"


class _Builder:
    def __init__(self, version: PkVersion, printed: date) -> None:
        self.v = version
        self.p = version.profile
        self.printed = printed
        self.doc = new_document(self.p)
        self.width = text_width_mm(self.p)
        self.notes: list[str] = []
        self.kepala = version.pihak_pertama
        self.jabatan = _jabatan(self.kepala, self.p.office, self.p.pemda)
        self.daerah = Official(name=version.kepala_daerah)

    def heading_block(self, *, appendix: bool = False) -> None:
        doc, v = self.doc, self.v
        if appendix:
            paragraph(doc, "LAMPIRAN", align=CENTER, bold=True, space_after=0)
        paragraph(doc, pk_title(v), align=CENTER, bold=True, size=14, space_after=0)
        if v.number:
            paragraph(doc, f"(Perubahan ke-{v.number})", align=CENTER, bold=True, space_after=0)
        paragraph(doc, clean_text(self.p.office).upper(), align=CENTER, bold=True, space_after=0)
        paragraph(doc, _region(self.p.pemda).upper(), align=CENTER, bold=True, space_after=12)

    def party(self, name: str, jabatan: str, role_text: str) -> None:
        widths = (self.width * 0.18, self.width * 0.04, self.width * 0.78)
        from exporters.styles import borderless_table

        grid = borderless_table(self.doc, widths)
        row = grid.rows[0]
        label, colon, value = row.cells
        for cell, text in ((label, "Nama"), (colon, ":"), (value, name)):
            cell.paragraphs[0].text = clean_text(text)
        second = grid.add_row().cells
        for cell, text in zip(second, ("Jabatan", ":", jabatan), strict=True):
            cell.paragraphs[0].text = clean_text(text)
        paragraph(self.doc, role_text, style=NARRATIVE_STYLE)

    def statement(self) -> None:
        v = self.v
        paragraph(self.doc, STATEMENT, style=NARRATIVE_STYLE)
        self.party(
            self.kepala.name.strip() or "." * 40,
            " ".join(self.jabatan.split()),
            "selanjutnya disebut pihak pertama.",
        )
        self.party(
            v.kepala_daerah or "." * 40,
            _addressee(v),
            "selaku atasan pihak pertama, selanjutnya disebut pihak kedua.",
        )
        if v.number:
            paragraph(
                self.doc,
                f"Perjanjian Kinerja ini mengubah Perjanjian Kinerja Tahun {v.year} sebelumnya "
                f"karena {clean_text(v.alasan).rstrip('.')}, dan berlaku mulai tanggal "
                f"{format_date(v.berlaku)}.",
                style=NARRATIVE_STYLE,
            )
        paragraph(self.doc, PROMISE, style=NARRATIVE_STYLE)
        paragraph(self.doc, SUPERVISION, style=NARRATIVE_STYLE)

    def signatures(self) -> None:
        p = self.p
        signature_pair(
            self.doc,
            (self.width / 2, self.width / 2),
            (["Pihak Kedua,", _addressee(self.v)], self.daerah),
            ([format_place_date(p.city, self.printed), "Pihak Pertama,",
              *self.jabatan.split("\n")], self.kepala),
            nip=(False, True),
        )  # fmt: skip

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[object] | str],
        *,
        total: Sequence[object] | None = None,
        keep_with_next: bool = False,
    ) -> None:
        content = [*rows, *([total] if total is not None else [])]
        fitted, fits = fit_columns(columns, self.width, content, TABLE_PT)
        small = not fits
        if small:
            fitted, _ = fit_columns(columns, self.width, content, SMALL_PT)
        add_table(self.doc, fitted, rows, small=small, total=total, keep_end=keep_with_next)
        spacer = paragraph(self.doc, "", space_after=6)
        spacer.paragraph_format.keep_with_next = keep_with_next

    def appendix(self) -> None:
        v = self.v
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        setup_section(section, self.p, landscape=False)
        self.heading_block(appendix=True)
        names = {s.code: s.name for s in v.sasaran}
        rows: list[Sequence[object] | str] = []
        number = 0
        for s in v.sasaran:
            inds = [i for i in v.indicators if i.sasaran_code == s.code]
            number += 1
            if not inds:
                rows.append((str(number), s.name, "(belum ada indikator)", "", ""))
            for k, i in enumerate(inds):
                # the sasaran on every row: a page break may come between its indicators
                rows.append((str(number) if k == 0 else "", s.name, i.name, i.satuan,
                             format_measure(i.target, i.satuan)))  # fmt: skip
        for i in v.indicators:
            if i.sasaran_code not in names:
                number += 1
                rows.append(
                    (str(number), "-", i.name, i.satuan, format_measure(i.target, i.satuan))
                )
        if rows:
            self.table(
                [
                    Column("No", 10, CENTER),
                    Column("Sasaran Strategis", 50),
                    Column("Indikator Kinerja", 60),
                    Column("Satuan", 18),
                    Column("Target", 20, RIGHT),
                ],
                rows,
                keep_with_next=not v.programmes,
            )
        else:
            paragraph(self.doc, "Belum ada sasaran dan indikator kinerja.", style=NARRATIVE_STYLE)
        if v.programmes:
            self.table(
                [
                    Column("No", 10, CENTER),
                    Column("Program", 95),
                    Column("Anggaran (Rp)", 40, RIGHT),
                ],
                [(str(n), p.name, format_number(p.anggaran, 2))
                 for n, p in enumerate(v.programmes, start=1)],
                total=("", "Jumlah", format_number(anggaran_total(v), 2)),
                keep_with_next=True,
            )  # fmt: skip
        self.signatures()


def render_pk(version: PkVersion, *, printed: date) -> Rendered:
    """The PK document of ``version`` dated ``printed`` as DOCX bytes, with notes for the user
    (empty signature blocks)."""
    b = _Builder(version, printed)
    b.heading_block()
    b.statement()
    b.signatures()
    b.appendix()
    title = f"Perjanjian Kinerja {version.label} {version.profile.office} Tahun {version.year}"
    b.doc.core_properties.title = clean_text(title)[:255]
    notes = list(b.notes)
    if not version.pihak_pertama.name.strip() or not version.pihak_pertama.nip.strip():
        notes.append(
            "PERHATIAN: nama atau NIP Kepala Dinas (Pihak Pertama) kosong di versi PK ini; "
            "tanda tangannya bertitik-titik untuk diisi tangan."
        )
    if not version.profile.addressee.strip():
        notes.append(
            "PERHATIAN: kepala daerah (Pihak Kedua) belum diisi di Profil kantor; dokumen "
            "menulis 'Kepala Daerah'."
        )
    return Rendered(to_bytes(b.doc), notes)
