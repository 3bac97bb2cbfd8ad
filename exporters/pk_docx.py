"""The Perjanjian Kinerja (PK) document of one version, as a pure function of that version.

Layout after Permen PAN-RB 53/2014: the title (``PERJANJIAN KINERJA TAHUN Y``, ``PERJANJIAN
KINERJA PERUBAHAN TAHUN Y`` for a revision), the office, the statement naming Pihak Pertama (the
Kepala Dinas) and Pihak Kedua (the kepala daerah of the office's own region, from the profile),
the two signatures side by side; then on a new page the appendix: sasaran, indicators and
targets, programmes and their budget with the total, signed again. Everything printed comes from
the version's snapshot (its profile and Kepala Dinas included), so the same version and date make
the same bytes: a signed PK can be made again and its SHA-256 compared. The eselon III PK of a
bidang (its head to the Kepala Dinas) has the same layout with the bidang's indicators and
kegiatan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from docx.enum.section import WD_SECTION

from exporters.docx_xml import clean_text
from exporters.errors import ExportError
from exporters.lakip_docx import PK_TARGET_COLUMNS, _jabatan, _region, pk_target_rows
from exporters.styles import (
    CENTER,
    NARRATIVE_STYLE,
    RIGHT,
    SMALL_PT,
    TABLE_PT,
    Column,
    Rendered,
    add_table,
    borderless_table,
    fit_columns,
    new_document,
    paragraph,
    setup_section,
    signature_pair,
    text_width_mm,
    to_bytes,
)
from models.domain import Official
from models.numbers import format_date, format_number, format_place_date
from models.pk_records import PkBidang, PkVersion

__all__ = ["bidang_jabatan", "pk_title", "render_pk"]

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


@dataclass(frozen=True)
class _Party:
    official: Official
    jabatan: str
    nip: bool = True  # a kepala daerah has no NIP line


def bidang_jabatan(b: PkBidang) -> str:
    """``Sekretaris`` for the sekretariat, else ``Kepala`` and the bidang's name."""
    name = " ".join(clean_text(b.name).split())
    if name.lower().startswith("sekretariat"):
        return "Sekretaris"
    return name if name.lower().startswith("kepala ") else f"Kepala {name}"


class _Builder:
    def __init__(self, version: PkVersion, printed: date, bidang: PkBidang | None) -> None:
        self.v = version
        self.p = version.profile
        self.printed = printed
        self.doc = new_document(self.p)
        self.width = text_width_mm(self.p)
        self.notes: list[str] = []
        self.b = bidang
        kepala = _Party(
            version.pihak_pertama, _jabatan(version.pihak_pertama, self.p.office, self.p.pemda)
        )
        if bidang is None:  # the Kepala Dinas to the kepala daerah
            self.first = kepala
            self.second = _Party(
                Official(name=version.kepala_daerah), _addressee(version), nip=False
            )
            self.indicators = list(version.indicators)
            self.budget = list(version.programmes)
            self.budget_title = "Program"
        else:  # an eselon III official to the Kepala Dinas
            head = Official(name=bidang.head_name, nip=bidang.head_nip)
            self.first = _Party(head, bidang_jabatan(bidang))
            self.second = kepala
            codes = set(bidang.indicators)
            self.indicators = [i for i in version.indicators if i.code in codes]
            self.budget = list(bidang.kegiatan)
            self.budget_title = "Kegiatan"

    def heading_block(self, *, appendix: bool = False) -> None:
        doc, v = self.doc, self.v
        if appendix:
            paragraph(doc, "LAMPIRAN", align=CENTER, bold=True, space_after=0)
        paragraph(doc, pk_title(v), align=CENTER, bold=True, size=14, space_after=0)
        if v.number:
            paragraph(doc, f"(Perubahan ke-{v.number})", align=CENTER, bold=True, space_after=0)
        if self.b is not None:
            paragraph(doc, clean_text(self.b.name).upper(), align=CENTER, bold=True, space_after=0)
        paragraph(doc, clean_text(self.p.office).upper(), align=CENTER, bold=True, space_after=0)
        paragraph(doc, _region(self.p.pemda).upper(), align=CENTER, bold=True, space_after=12)

    def party(self, name: str, jabatan: str, role_text: str) -> None:
        widths = (self.width * 0.18, self.width * 0.04, self.width * 0.78)
        grid = borderless_table(self.doc, widths)
        for cell, text in zip(grid.rows[0].cells, ("Nama", ":", name), strict=True):
            cell.paragraphs[0].text = clean_text(text)
        for cell, text in zip(grid.add_row().cells, ("Jabatan", ":", jabatan), strict=True):
            cell.paragraphs[0].text = clean_text(text)
        paragraph(self.doc, role_text, style=NARRATIVE_STYLE)

    def statement(self) -> None:
        v = self.v
        paragraph(self.doc, STATEMENT, style=NARRATIVE_STYLE)
        for party, role_text in (
            (self.first, "selanjutnya disebut pihak pertama."),
            (self.second, "selaku atasan pihak pertama, selanjutnya disebut pihak kedua."),
        ):
            self.party(
                party.official.name.strip() or "." * 40, " ".join(party.jabatan.split()), role_text
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
        first, second = self.first, self.second
        signature_pair(
            self.doc,
            (self.width / 2, self.width / 2),
            (["Pihak Kedua,", *second.jabatan.split("\n")], second.official),
            ([format_place_date(self.p.city, self.printed), "Pihak Pertama,",
              *first.jabatan.split("\n")], first.official),
            nip=(second.nip, first.nip),
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
        rows = pk_target_rows(
            [(s.code, s.name) for s in v.sasaran],
            [(i.sasaran_code, i.name, i.satuan, i.target) for i in self.indicators],
            skip_empty=self.b is not None,
        )
        if rows:
            self.table(PK_TARGET_COLUMNS, rows, keep_with_next=not self.budget)
        else:
            paragraph(self.doc, "Belum ada sasaran dan indikator kinerja.", style=NARRATIVE_STYLE)
        if self.budget:
            total = sum((x.anggaran for x in self.budget), Decimal(0))
            self.table(
                [
                    Column("No", 10, CENTER),
                    Column(self.budget_title, 95),
                    Column("Anggaran (Rp)", 40, RIGHT),
                ],
                [(str(n), x.name, format_number(x.anggaran, 2))
                 for n, x in enumerate(self.budget, start=1)],
                total=("", "Jumlah", format_number(total, 2)),
                keep_with_next=True,
            )  # fmt: skip
        self.signatures()


def render_pk(version: PkVersion, *, printed: date, bidang: str | None = None) -> Rendered:
    """The PK document of ``version`` dated ``printed`` as DOCX bytes, with notes for the user
    (empty signature blocks). With ``bidang`` (a code of the version's bidang), the eselon III
    PK of that bidang's head to the Kepala Dinas: its indicators and kegiatan."""
    chosen = None
    if bidang is not None:
        chosen = next((x for x in version.bidang if x.code == bidang), None)
        if chosen is None:
            known = ", ".join(x.code for x in version.bidang) or "tidak ada"
            raise ExportError(f"Bidang '{bidang}' tidak ada di PK {version.label}; ada: {known}.")
    b = _Builder(version, printed, chosen)
    b.heading_block()
    b.statement()
    b.signatures()
    b.appendix()
    title = f"Perjanjian Kinerja {version.label} {version.profile.office} Tahun {version.year}"
    if chosen is not None:
        title = f"Perjanjian Kinerja {version.label} {chosen.name} Tahun {version.year}"
        if not chosen.head_name.strip() or not chosen.head_nip.strip():
            b.notes.append(
                f"PERHATIAN: nama atau NIP kepala {chosen.name} kosong; isi di layar Bidang, "
                "lalu ambil ulang versi PK ini (yang belum ditandatangani)."
            )
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
