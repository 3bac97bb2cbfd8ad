"""The LAKIP document (PRODUCT.md section 4.1) as a pure function of one year's data.

Structure after Permen PAN-RB 53/2014: cover, Kata Pengantar, Ikhtisar Eksekutif, Daftar Isi,
BAB I-IV, Lampiran (Perjanjian Kinerja, Pengukuran Kinerja). Tables come from the data; the
office's narrative sits beside them; where a chapter's narrative is missing an editor's note
"[Narasi belum diisi]" is printed in a highlighted style; where an analysis narrative is missing,
factual sentences generated from the numbers (``exporters.sentences``) stand in its place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from docx.enum.section import WD_SECTION

from exporters import charts
from exporters.charts import Chart
from exporters.docx_xml import clean_text, set_page_numbering, set_update_fields, toc_field
from exporters.sentences import analysis_sentences
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
    add_logo,
    add_page_footer,
    add_table,
    borderless_table,
    drop_first_paragraph,
    fit_columns,
    new_document,
    paragraph,
    setup_section,
    signature_block,
    signature_pair,
    text_width_mm,
    to_bytes,
)
from models.budget import (
    BudgetSum,
    SasaranEfficiency,
    average_capaian,
    budget_sum,
    leaf_lines,
    rounded_capaian,
    sasaran_efficiency,
    top_lines,
)
from models.domain import (
    BudgetLevel,
    BudgetLine,
    Indicator,
    Official,
    Polarity,
    Sasaran,
    YearData,
)
from models.formulas import (
    DEFAULT_SCALE,
    capaian_of,
    efisiensi,
    predikat,
    renstra_progress,
    serapan,
)
from models.numbers import (
    format_date,
    format_measure,
    format_number,
    format_percent,
    format_place_date,
)
from models.report import (
    ANALYSIS_KEYS,
    BAB_I,
    BAB_IV,
    NarrativeChapter,
    analysis,
    chapter_title,
)
from models.sop import Role

__all__ = ["MISSING_NARRATIVE", "render_lakip"]

MISSING_NARRATIVE = "[Narasi belum diisi]"

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _region(pemda: str) -> str:
    """ "PEMERINTAH KOTA BOGOR" -> "KOTA BOGOR"."""
    text = " ".join(clean_text(pemda).split())
    return text[len("PEMERINTAH ") :] if text.upper().startswith("PEMERINTAH ") else text


def _title_case_region(pemda: str) -> str:
    return " ".join(w.capitalize() for w in _region(pemda).split())


def _title_lines(name: str) -> list[str]:
    """The report's name on the cover in two lines of about the same length."""
    words = name.split()
    if len(words) < 3:
        return [name]
    cut = min(
        range(1, len(words)),
        key=lambda k: max(len(" ".join(words[:k])), len(" ".join(words[k:]))),
    )
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def _paragraphs(text: str) -> list[str]:
    """Narrative split on blank lines; single newlines inside a paragraph become spaces."""
    blocks = clean_text(text).split("\n\n")
    return [" ".join(b.split()) for b in blocks if b.strip()]


@dataclass(frozen=True, slots=True)
class _SasaranFacts:
    """What the analyses of one sasaran are made of."""

    s: Sasaran
    inds: Sequence[Indicator]
    leaves: Sequence[BudgetLine]
    total: BudgetSum


class _Builder:
    def __init__(self, data: YearData, printed: date) -> None:
        from models.pk import in_force, measured
        from models.quarters import reported

        # the targets of the Perjanjian Kinerja in force, when one is signed
        self.pk = in_force(data.pk, data.report.year)
        data = measured(data)
        # each indicator as the report uses it: the quarters' year value when no annual
        # realisasi was entered; the notes say which value was used
        found = [reported(i, data.report.year) for i in data.indicators]
        self.realisasi_notes = {i.code: note for i, note in found if note}
        data = replace(data, indicators=tuple(i for i, _ in found))
        self.data = data
        self.year = data.report.year
        self.profile = data.profile
        self.printed = printed
        self.notes: list[str] = []
        self.doc = new_document(data.profile)
        self.headings: list[tuple[int, str]] = []
        self.table_no = 0
        self.figure_no = 0
        self.figures = 0  # in the whole document
        self.chapter = ""
        self.width = text_width_mm(data.profile)
        self.wide = text_width_mm(data.profile, landscape=True)
        self.missing: list[str] = []

    # -- primitives -------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> Any:
        clean = " ".join(clean_text(text).split())
        self.headings.append((level, clean))
        return self.doc.add_heading(clean, level=level)

    def narrative(self, key: str, title: str) -> None:
        text = self.profile.fill_report_name(self.data.report.narrative.get(key, ""))
        blocks = _paragraphs(text)
        if not blocks:
            self.missing.append(title)
            paragraph(self.doc, f"{MISSING_NARRATIVE} {title}", style=NOTE_STYLE)
            return
        for block in blocks:
            paragraph(self.doc, block, style=NARRATIVE_STYLE)

    def body(self, text: str) -> None:
        paragraph(self.doc, text, style=NARRATIVE_STYLE)

    def caption(self, text: str) -> None:
        self.table_no += 1
        number = f"{self.chapter}.{self.table_no}" if self.chapter else str(self.table_no)
        paragraph(self.doc, f"Tabel {number} {text}", style=CAPTION_STYLE)

    def figure(self, chart: Chart | None, title: str) -> None:
        """A chart with its caption (``Gambar 3.1 ...``) under it; nothing when there is no
        chart to draw."""
        if chart is None:
            return
        self.figures += 1
        self.figure_no += 1
        number = f"{self.chapter}.{self.figure_no}" if self.chapter else str(self.figure_no)
        width = min(chart.width_cm, self.width / 10)
        add_figure(self.doc, chart.png, width, chart.alt, _FIRST_FIGURE_ID + self.figures)
        paragraph(self.doc, f"Gambar {number} {title}", style=CAPTION_STYLE)

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[object] | str],
        *,
        wide: bool = False,
        total: Sequence[object] | None = None,
        keep_with_next: bool = False,
    ) -> None:
        """A table sized to its content; ``keep_with_next`` keeps its end on the page of what
        follows (a signature block)."""
        width = self.wide if wide else self.width
        content = [*rows, *([total] if total is not None else [])]
        small = wide
        fitted, fits = fit_columns(columns, width, content, SMALL_PT if small else TABLE_PT)
        if not fits and not small:  # a step smaller before a number would break in its cell
            small = True
            fitted, fits = fit_columns(columns, width, content, SMALL_PT)
        add_table(self.doc, fitted, rows, small=small, total=total, keep_end=keep_with_next)
        spacer = paragraph(self.doc, "", space_after=4)
        spacer.paragraph_format.keep_with_next = keep_with_next

    def section(self, *, landscape: bool) -> None:
        new = self.doc.add_section(WD_SECTION.NEW_PAGE)
        setup_section(new, self.profile, landscape=landscape)
        new.different_first_page_header_footer = False
        # the new section copies the one before, its restart at 1 included: numbering goes on
        set_page_numbering(new, "decimal")

    def start_chapter(self, title: str, number: str) -> None:
        self.chapter = number
        self.table_no = 0
        self.figure_no = 0
        self.heading(title, 1)

    # -- parts ------------------------------------------------------------------------------

    def cover(self) -> None:
        doc, p = self.doc, self.profile
        for _ in range(2):
            paragraph(doc, "", space_after=12)
        for line in _title_lines(p.report_full_name.upper()):
            paragraph(doc, line, style="Title")
        paragraph(doc, f"({p.report_abbr})", align=CENTER, bold=True, size=16, space_after=6)
        paragraph(doc, f"TAHUN {self.year}", align=CENTER, bold=True, size=16, space_after=36)
        logo = paragraph(doc, "", align=CENTER, space_after=36)
        if not add_logo(logo, p.logo_path, 45, self.notes):
            for _ in range(6):
                paragraph(doc, "", space_after=12)
        for _ in range(3):
            paragraph(doc, "", space_after=12)
        paragraph(doc, p.office, align=CENTER, bold=True, size=16, space_after=2)
        paragraph(doc, _region(p.pemda), align=CENTER, bold=True, size=16, space_after=24)
        for _ in range(2):
            paragraph(doc, "", space_after=12)
        paragraph(doc, p.city.upper(), align=CENTER, bold=True, size=12, space_after=2)
        paragraph(doc, str(self.printed.year), align=CENTER, bold=True, size=12)
        section = doc.sections[0]
        section.different_first_page_header_footer = True
        add_page_footer(section)

    def kata_pengantar(self) -> None:
        self.start_chapter("KATA PENGANTAR", "")
        self.narrative("kata_pengantar", chapter_title("kata_pengantar"))
        k = self.data.signer(Role.KEPALA_DINAS)
        grid = borderless_table(self.doc, (self.width * 0.45, self.width * 0.55))
        cell = grid.rows[0].cells[1]
        signature_block(
            cell,
            place_date=format_place_date(self.profile.city, self.printed),
            jabatan=_jabatan(k, self.profile.office, self.profile.pemda),
            official=k,
            align=CENTER,
        )
        drop_first_paragraph(cell)

    def ikhtisar(self) -> None:
        self.start_chapter("IKHTISAR EKSEKUTIF", "")
        self.narrative("ikhtisar", chapter_title("ikhtisar"))
        paragraph(self.doc, "Ringkasan angka kinerja tahun ini:", bold=True, space_after=4)
        self.body(self._summary_sentence())
        counts = _predikat_counts(self.data.indicators)
        rows = [(label, str(n)) for label, n in counts]
        self.caption(f"Sebaran predikat capaian indikator kinerja tahun {self.year}")
        self.table(
            [Column("Predikat", 60), Column("Jumlah indikator", 40, RIGHT)],
            rows,
            total=("Jumlah", str(len(self.data.indicators))),
        )
        self.figure(
            charts.predikat_chart(counts, self.year),
            f"Sebaran predikat capaian indikator kinerja tahun {self.year}",
        )

    def _summary_sentence(self) -> str:
        d = self.data
        counts = ", ".join(f"{n} {label}" for label, n in _predikat_counts(d.indicators) if n)
        total = budget_sum(top_lines(d.budget))
        text = (
            f"Pada tahun {self.year} terdapat {len(d.sasaran)} sasaran strategis dengan "
            f"{len(d.indicators)} indikator kinerja"
        )
        text += f" ({counts})." if counts else "."
        if total.pagu:
            text += (
                f" Realisasi anggaran {_rp(total.realisasi)} dari pagu {_rp(total.pagu)} "
                f"(serapan {format_percent(total.serapan)})."
            )
        else:
            text += " Belum ada data anggaran."
        return text

    def daftar_isi(self) -> None:
        self.start_chapter("DAFTAR ISI", "")
        self.toc_anchor = self.doc.add_paragraph()

    def fill_toc(self) -> None:
        """Write the TOC field with our heading list as its cached result; Word refreshes the
        page numbers on opening (updateFields), and the PDF path fills them from the layout."""
        entries = [(lvl, text, "") for lvl, text in self.headings if text != "DAFTAR ISI"]
        toc_field(self.toc_anchor, entries)

    def bab1(self) -> None:
        """BAB I opens the body: a new section numbered from 1; the front matter before it is
        numbered in roman numerals (its cover shows none)."""
        set_page_numbering(self.doc.sections[0], "lowerRoman")
        body = self.doc.add_section(WD_SECTION.NEW_PAGE)
        setup_section(body, self.profile, landscape=False)
        body.different_first_page_header_footer = False
        set_page_numbering(body, "decimal", start=1)
        self._narrative_chapter(BAB_I)

    def _narrative_chapter(self, chapter: NarrativeChapter) -> None:
        self.start_chapter(chapter.title, chapter.number)
        for n, key in enumerate(chapter.keys):
            sub = chapter_title(key)
            self.heading(f"{_LETTERS[n]}. {sub}", 2)
            self.narrative(key, sub)

    def bab2(self) -> None:
        self.start_chapter("BAB II PERENCANAAN KINERJA", "II")
        self.heading("A. Rencana Strategis", 2)
        self.narrative("renstra", chapter_title("renstra"))
        if self.data.indicators:
            self.caption("Sasaran, indikator dan target akhir Rencana Strategis")
            rows: list[Sequence[object] | str] = []
            for s in self.data.sasaran:
                inds = self.data.indicators_of(s.code)
                rows.append(f"{s.code}. {s.name}")
                for i in inds:
                    rows.append(
                        (
                            i.code,
                            i.name,
                            i.satuan,
                            format_measure(i.renstra_target, i.satuan),
                            i.renstra_period or "-",
                        )
                    )
            self.table(
                [
                    Column("Kode", 14),
                    Column("Indikator Kinerja", 70),
                    Column("Satuan", 20),
                    Column("Target Akhir", 24, RIGHT),
                    Column("Periode", 22, CENTER),
                ],
                rows,
            )
        self.heading("B. Perjanjian Kinerja", 2)
        pk_sasaran, pk_inds = self._pk_content()
        self.body(
            f"Perjanjian Kinerja Tahun {self.year} memuat {len(pk_sasaran)} sasaran "
            f"strategis dan {len(pk_inds)} indikator kinerja berikut."
        )
        self._pk_versions()
        self._pk_table()

    def _pk_content(self) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, Any]]]:
        """The sasaran (code, name) and indicators (sasaran code, name, satuan, target) of the
        PK: the version in force, else the year's data."""
        if self.pk is not None:
            return (
                [(s.code, s.name) for s in self.pk.sasaran],
                [(i.sasaran_code, i.name, i.satuan, i.target) for i in self.pk.indicators],
            )
        return (
            [(s.code, s.name) for s in self.data.sasaran],
            [(i.sasaran_code, i.name, i.satuan, i.target) for i in self.data.indicators],
        )

    def _pk_versions(self) -> None:
        """Which version of the PK the year is measured against, and what the perubahan
        changed (nothing is said when the office keeps no PK record)."""
        from models.pk import version_changes

        versions = self.data.pk
        if not versions:
            return
        v = self.pk
        if v is None or v.signature is None:
            self.body(
                f"Perjanjian Kinerja Tahun {self.year} belum ditandatangani; target dalam laporan "
                "ini diambil dari data indikator kinerja."
            )
            return
        text = (
            f"Kinerja tahun {self.year} diukur terhadap Perjanjian Kinerja Tahun {self.year} "
            f"versi {v.label}, ditandatangani {format_date(v.signature.signed_on)}"
        )
        if v.number:
            text += (
                f", berlaku mulai {format_date(v.berlaku)} karena "
                f"{clean_text(v.alasan).rstrip('.')}"
            )
        self.body(text + "; target setiap indikator dalam laporan ini adalah target versi itu.")
        later = [x.label for x in versions if x.number > v.number]
        if later:
            self.body(
                f"Versi {', '.join(later)} belum ditandatangani atau belum berlaku tahun "
                f"{self.year}, sehingga tidak dipakai."
            )
        used = [x for x in versions if x.signature is not None and x.number <= v.number]
        changes = version_changes(used)
        if not changes:
            return
        self.caption(f"Perubahan Perjanjian Kinerja Tahun {self.year}")
        self.table(
            [
                Column("Versi", 24),
                Column("Perubahan", 30),
                Column("Kode", 16),
                Column("Uraian", 50),
                Column("Semula", 22, RIGHT),
                Column("Menjadi", 22, RIGHT),
            ],
            [(x.label, c.what, c.code, c.name, c.before or "-", c.after or "-")
             for x, c in changes],
        )  # fmt: skip

    def _pk_table(self, *, keep_with_next: bool = False) -> None:
        sasaran, inds = self._pk_content()
        if not sasaran and not inds:
            self.body("Belum ada sasaran dan indikator kinerja untuk tahun ini.")
            return
        self.caption(f"Perjanjian Kinerja Tahun {self.year}")
        self.table(PK_TARGET_COLUMNS, pk_target_rows(sasaran, inds), keep_with_next=keep_with_next)

    # -- BAB III ----------------------------------------------------------------------------

    def bab3(self) -> None:
        self.start_chapter("BAB III AKUNTABILITAS KINERJA", "III")
        self.heading("A. Capaian Kinerja Organisasi", 2)
        d = self.data
        self.body(
            f"Pengukuran kinerja dilakukan dengan membandingkan realisasi dengan target setiap "
            f"indikator kinerja. {self._summary_sentence()}"
        )
        self.body(
            "Rumus capaian: indikator makin tinggi makin baik R / T x 100; indikator makin "
            "rendah makin baik (2T - R) / T x 100 atau T / R x 100 sesuai pilihan indikator. "
            f"Predikat (capaian dibulatkan dua desimal): {DEFAULT_SCALE.legend()}."
        )
        if not d.sasaran:
            self.body("Belum ada sasaran strategis untuk tahun ini.")
        for n, s in enumerate(d.sasaran, start=1):
            self._sasaran(n, s)
        orphans = [i for i in d.indicators if i.sasaran_code not in {s.code for s in d.sasaran}]
        if orphans:
            self.heading("Indikator tanpa sasaran", 3)
            self.table(*self._target_table(orphans))
            self._formula_note(orphans)
        self.section(landscape=True)
        self._budget()
        self.section(landscape=False)

    def _sasaran(self, n: int, s: Sasaran) -> None:
        inds = self.data.indicators_of(s.code)
        leaves = leaf_lines(self.data.budget_of(s.code), self.data.budget)
        total = budget_sum(leaves)
        facts = _SasaranFacts(s, inds, leaves, total)
        self.heading(f"Sasaran {n}: {s.name}", 3)
        for key in ANALYSIS_KEYS:
            label = analysis(key).title.format(year=self.year)
            paragraph(
                self.doc, f"{key}) {label}", bold=True, space_after=4
            ).paragraph_format.keep_with_next = True
            self._analysis_table(key, facts)
            written = _paragraphs(self.profile.fill_report_name(s.analyses.get(key, "")))
            if key == "1":
                for i in inds:
                    for block in _paragraphs(i.narrative):
                        written.append(f"{i.code}: {block}")
            if written:
                for block in written:
                    self.body(block)
            if not _paragraphs(s.analyses.get(key, "")):
                for sentence in analysis_sentences(
                    key, inds, self.year, budget_lines=leaves, budget_total=total
                ):
                    self.body(sentence)
                if key == "5":
                    paragraph(
                        self.doc,
                        f"{MISSING_NARRATIVE} Analisis penyebab dan alternatif solusi "
                        f"sasaran {s.code}",
                        style=NOTE_STYLE,
                    )
                    self.missing.append(f"Analisis 5 sasaran {s.code}")
                    self._quarter_material(s)

    def _quarter_material(self, s: Sasaran) -> None:
        """Under an unwritten analysis of causes: the quarters' factors as marked material
        (``models.report.quarter_draft``), never as the office's text."""
        from models.report import quarter_draft

        for block in _paragraphs(quarter_draft(s.quarter_notes)):
            paragraph(self.doc, block, style=NOTE_STYLE)

    def _analysis_table(self, key: str, f: _SasaranFacts) -> None:
        """The table that opens analysis ``key`` of a sasaran, if that analysis has one and the
        sasaran has what it shows."""
        table = _ANALYSIS_TABLES.get(key)
        if table is not None:
            table(self, f)

    def _targets(self, f: _SasaranFacts) -> None:  # analysis 1
        if not f.inds:
            return
        self.caption(f"Target dan realisasi sasaran {f.s.code} tahun {self.year}")
        self.table(*self._target_table(f.inds))
        self._formula_note(f.inds)

    def _history(self, f: _SasaranFacts) -> None:  # analysis 2
        years = _history_years(f.inds, self.year)
        if not f.inds or not years:
            return
        self.caption(f"Realisasi sasaran {f.s.code} tahun {years[0]}-{self.year}")
        cols = [Column("Kode", 17), Column("Indikator Kinerja", 50), Column("Satuan", 17)]
        cols += [Column(str(y), 18, RIGHT) for y in (*years, self.year)]
        rows = [
            (
                i.code,
                i.name,
                i.satuan,
                *(format_measure(i.history.get(y), i.satuan) for y in years),
                format_measure(i.realisasi, i.satuan),
            )
            for i in f.inds
        ]
        self.table(cols, rows)
        self.figure(
            charts.history_chart(f.inds, self.year, f.s.code),
            f"Realisasi dan target indikator sasaran {f.s.code}",
        )

    def _renstra(self, f: _SasaranFacts) -> None:  # analysis 3
        if not f.inds:
            return
        self.caption(f"Realisasi sasaran {f.s.code} terhadap target akhir Renstra")
        rows = [
            (
                i.code,
                i.name,
                format_measure(i.realisasi, i.satuan),
                format_measure(i.renstra_target, i.satuan),
                i.renstra_period or "-",
                format_percent(
                    renstra_progress(i.realisasi, i.renstra_target, i.polarity, i.negative_formula)
                ),
            )
            for i in f.inds
        ]
        self.table(
            [
                Column("Kode", 14),
                Column("Indikator Kinerja", 55),
                Column(f"Realisasi {self.year}", 20, RIGHT),
                Column("Target Akhir Renstra", 22, RIGHT),
                Column("Periode", 20, CENTER),
                Column("Capaian thd Renstra", 22, RIGHT),
            ],
            rows,
        )

    def _national(self, f: _SasaranFacts) -> None:  # analysis 4
        with_std = [i for i in f.inds if i.national_standard is not None]
        if not with_std:
            return
        self.caption(f"Realisasi sasaran {f.s.code} dibanding standar nasional")
        rows = [
            (
                i.code,
                i.name,
                format_measure(i.realisasi, i.satuan),
                format_measure(i.national_standard, i.satuan),
                _vs_standard(i),
            )
            for i in with_std
        ]
        self.table(
            [
                Column("Kode", 14),
                Column("Indikator Kinerja", 60),
                Column(f"Realisasi {self.year}", 22, RIGHT),
                Column("Standar Nasional", 22, RIGHT),
                Column("Keterangan", 32),
            ],
            rows,
        )

    def _efficiency(self, f: _SasaranFacts) -> None:  # analysis 6
        if not f.inds:
            return
        found = SasaranEfficiency(average_capaian(f.inds), f.total, len(f.leaves))
        shown = found.serapan
        self.caption(f"Efisiensi sasaran {f.s.code}: capaian dibanding serapan anggaran")
        rows = []
        for i in f.inds:
            cap = rounded_capaian(i)
            rows.append(
                (
                    i.code,
                    i.name,
                    format_percent(cap),
                    format_percent(shown),
                    _points(efisiensi(cap, shown)),
                )
            )
        self.table(
            [
                Column("Kode", 14),
                Column("Indikator Kinerja", 65),
                Column("Capaian", 22, RIGHT),
                Column("Serapan Anggaran", 24, RIGHT),
                Column("Efisiensi (poin)", 24, RIGHT),
            ],
            rows,
            total=(
                "",
                "Rata-rata sasaran",
                format_percent(found.capaian),
                format_percent(shown),
                _points(found.efisiensi),
            ),
        )

    def _programmes(self, f: _SasaranFacts) -> None:  # analysis 7
        if not f.leaves:
            return
        self.caption(f"Program dan kegiatan pendukung sasaran {f.s.code}")
        rows = [
            (
                b.code,
                f"{b.level.label}: {b.name}",
                _rp_plain(b.pagu),
                _rp_plain(b.realisasi),
                format_percent(serapan(b.pagu, b.realisasi)),
            )
            for b in f.leaves
        ]
        self.table(
            [
                Column("Kode", 26),
                Column("Program/Kegiatan/Sub Kegiatan", 60),
                Column("Pagu (Rp)", 30, RIGHT),
                Column("Realisasi (Rp)", 30, RIGHT),
                Column("Serapan", 18, RIGHT),
            ],
            rows,
            total=(
                "",
                "Jumlah",
                _rp_plain(f.total.pagu),
                _rp_plain(f.total.realisasi),
                format_percent(f.total.serapan),
            ),
        )

    def _formula_note(self, inds: Sequence[Indicator]) -> None:
        """Under a table with lower-is-better indicators: which formula gave their capaian; and
        per indicator with a definition (Manual IK) its aggregation and formula."""
        for i in inds:
            if i.code in self.realisasi_notes:
                paragraph(
                    self.doc, self.realisasi_notes[i.code], italic=True, size=8, space_after=0
                )
            if not i.formula_text.strip():
                continue
            cap = (
                ""
                if i.capaian_cap is None
                else f"; capaian dibatasi {format_percent(i.capaian_cap)}"
            )
            paragraph(
                self.doc,
                f"{i.code}: agregasi {i.aggregation.label.lower()}; formula: "
                f"{i.formula_text.strip().rstrip('.')}{cap}.",
                italic=True,
                size=8,
                space_after=0,
            )
        by_formula: dict[str, list[str]] = {}
        for i in inds:
            if i.polarity is Polarity.NEGATIF:
                by_formula.setdefault(i.negative_formula.label, []).append(i.code)
        for formula, codes in by_formula.items():
            paragraph(
                self.doc,
                f"Catatan: {', '.join(codes)} makin rendah makin baik; capaiannya dihitung "
                f"dengan rumus {formula}.",
                italic=True,
                size=9,
                space_after=6,
            )

    def _target_table(
        self, inds: Sequence[Indicator]
    ) -> tuple[list[Column], list[Sequence[object] | str]]:
        rows: list[Sequence[object] | str] = []
        for i in inds:
            cap = capaian_of(i)
            shown = format_percent(cap.value)
            if cap.value is None and cap.reason:
                shown = f"- ({cap.reason})"
            rows.append(
                (
                    i.code,
                    i.name,
                    i.satuan,
                    format_measure(i.target, i.satuan),
                    format_measure(i.realisasi, i.satuan),
                    shown,
                    predikat(cap.value),
                )
            )
        cols = [
            Column("Kode", 16),
            Column("Indikator Kinerja", 36),
            Column("Satuan", 16),
            Column("Target", 18, RIGHT),
            Column("Realisasi", 21, RIGHT),
            Column("Capaian", 20, RIGHT),
            Column("Predikat", 28, CENTER),
        ]
        return cols, rows

    def _budget(self) -> None:
        d = self.data
        self.heading("B. Realisasi Anggaran", 2)
        programs = top_lines(d.budget)
        total = budget_sum(programs)
        if not d.budget:
            self.body(f"Belum ada data anggaran tahun {self.year}.")
            return
        self.body(
            f"Realisasi anggaran tahun {self.year} sebesar {_rp(total.realisasi)} dari pagu "
            f"{_rp(total.pagu)} (serapan {format_percent(total.serapan)}), dengan sisa anggaran "
            f"{_rp(total.sisa)}."
        )
        self._programme_budget(programs, total)
        self.figure(
            charts.serapan_chart(programs, total, self.year),
            f"Serapan anggaran per program tahun {self.year}",
        )
        self._sasaran_efficiency()
        self._budget_details()

    def _programme_budget(self, programs: Sequence[BudgetLine], total: BudgetSum) -> None:
        self.caption(f"Realisasi anggaran per program tahun {self.year}")
        rows = [
            (
                str(n),
                b.code,
                b.name,
                _rp_plain(b.pagu),
                _rp_plain(b.realisasi),
                format_percent(serapan(b.pagu, b.realisasi)),
                _rp_plain(b.pagu - b.realisasi),
                "melebihi pagu" if b.realisasi > b.pagu else "",
            )
            for n, b in enumerate(programs, start=1)
        ]
        cols = [
            Column("No", 10, CENTER),
            Column("Kode", 18),
            Column("Program", 72),
            Column("Pagu (Rp)", 38, RIGHT),
            Column("Realisasi (Rp)", 38, RIGHT),
            Column("Serapan", 18, RIGHT),
            Column("Sisa (Rp)", 36, RIGHT),
            Column("Ket.", 16),
        ]
        self.table(
            cols,
            rows,
            wide=True,
            total=(
                "",
                "",
                "Jumlah",
                _rp_plain(total.pagu),
                _rp_plain(total.realisasi),
                format_percent(total.serapan),
                _rp_plain(total.sisa),
                "",
            ),
        )

    def _sasaran_efficiency(self) -> None:
        d = self.data
        self.caption(f"Efisiensi penggunaan anggaran per sasaran tahun {self.year}")
        eff_rows: list[Sequence[object] | str] = []
        for n, s in enumerate(d.sasaran, start=1):
            found = sasaran_efficiency(d.indicators_of(s.code), d.budget_of(s.code), d.budget)
            t, avg, shown, eff = found.budget, found.capaian, found.serapan, found.efisiensi
            verdict = "-" if eff is None else ("Efisien" if eff >= 0 else "Belum efisien")
            if not found.lines:  # no budget line behind this sasaran: nothing to show, not 0,00
                verdict = "Tidak ada anggaran terkait"
            eff_rows.append(
                (
                    str(n),
                    s.name,
                    format_percent(avg),
                    _rp_plain(t.pagu) if found.lines else "-",
                    _rp_plain(t.realisasi) if found.lines else "-",
                    format_percent(shown),
                    _points(eff),
                    verdict,
                )
            )
        self.table(
            [
                Column("No", 10, CENTER),
                Column("Sasaran Strategis", 72),
                Column("Rata-rata Capaian", 22, RIGHT),
                Column("Pagu (Rp)", 36, RIGHT),
                Column("Realisasi (Rp)", 36, RIGHT),
                Column("Serapan", 18, RIGHT),
                Column("Efisiensi (poin)", 20, RIGHT),
                Column("Keterangan", 24),
            ],
            eff_rows,
            wide=True,
        )
        self.body(
            "Efisiensi = rata-rata capaian indikator sasaran (%) - serapan anggaran sasaran (%); "
            "nilai positif berarti capaian kinerja lebih tinggi daripada penyerapan anggaran."
        )

    def _budget_details(self) -> None:
        d = self.data
        details = [b for b in d.budget if b.level is not BudgetLevel.PROGRAM]
        if details:
            self.caption(f"Rincian realisasi anggaran per kegiatan dan sub kegiatan {self.year}")
            detail_rows: list[Sequence[object] | str] = [
                (
                    b.code,
                    ("    " if b.level is BudgetLevel.SUB_KEGIATAN else "") + b.name,
                    _rp_plain(b.pagu),
                    _rp_plain(b.realisasi),
                    format_percent(serapan(b.pagu, b.realisasi)),
                    _rp_plain(b.pagu - b.realisasi),
                )
                for b in d.budget
            ]
            self.table(
                [
                    Column("Kode", 30),
                    Column("Program/Kegiatan/Sub Kegiatan", 98),
                    Column("Pagu (Rp)", 32, RIGHT),
                    Column("Realisasi (Rp)", 32, RIGHT),
                    Column("Serapan", 18, RIGHT),
                    Column("Sisa (Rp)", 32, RIGHT),
                ],
                detail_rows,
                wide=True,
            )

    # -- BAB IV, Lampiran --------------------------------------------------------------------

    def bab4(self) -> None:
        self._narrative_chapter(BAB_IV)

    def lampiran(self) -> None:
        self.start_chapter("LAMPIRAN", "L")
        self.heading("Lampiran 1. Perjanjian Kinerja", 2)
        p = self.profile
        kepala = self.data.signer(Role.KEPALA_DINAS)
        if self.pk is not None:
            p, kepala = self.pk.profile, self.pk.pihak_pertama
        paragraph(
            self.doc,
            f"PERJANJIAN KINERJA{' PERUBAHAN' if self.pk and self.pk.number else ''} "
            f"TAHUN {self.year}",
            align=CENTER,
            bold=True,
            space_after=0,
        )
        paragraph(self.doc, p.office, align=CENTER, bold=True, space_after=0)
        paragraph(self.doc, _region(p.pemda), align=CENTER, bold=True, space_after=8)
        programs = [(b.name, b.pagu) for b in top_lines(self.data.budget)]
        if self.pk is not None:
            programs = [(x.name, x.anggaran) for x in self.pk.programmes]
        self._pk_table(keep_with_next=not programs)  # the signatures never stand alone
        if programs:
            total = sum((pagu for _, pagu in programs), Decimal(0))
            self.caption(f"Program dan anggaran Perjanjian Kinerja Tahun {self.year}")
            self.table(
                [
                    Column("No", 10, CENTER),
                    Column("Program", 100),
                    Column("Anggaran (Rp)", 40, RIGHT),
                ],
                [(str(n), name, _rp_plain(pagu))
                 for n, (name, pagu) in enumerate(programs, start=1)],
                total=("", "Jumlah", _rp_plain(total)),
                keep_with_next=True,
            )  # fmt: skip
        addressee = " ".join(clean_text(p.addressee).split()) or "Kepala Daerah"
        place_date = f"{p.city}, " + "." * 24 + f" {self.year}"
        daerah, nip = Official(), (True, True)
        if self.pk is not None and self.pk.signature is not None:
            place_date = format_place_date(p.city, self.pk.signature.signed_on)
            daerah, nip = Official(name=self.pk.kepala_daerah), (False, True)
        signature_pair(
            self.doc,
            (self.width / 2, self.width / 2),
            (["Pihak Kedua,", addressee], daerah),
            ([place_date, "Pihak Pertama,", *_jabatan(kepala, p.office, p.pemda).split("\n")],
             kepala),
            nip=nip,
        )  # fmt: skip
        self.section(landscape=True)
        self.heading("Lampiran 2. Pengukuran Kinerja", 2)
        self._measurement()

    def _measurement(self) -> None:
        d = self.data
        if not d.indicators:
            self.body("Belum ada indikator kinerja untuk tahun ini.")
            return
        years = _history_years(d.indicators, self.year)
        self.caption(f"Pengukuran Kinerja Tahun {self.year}")
        cols = [
            Column("No", 10, CENTER),
            Column("Kode", 14),
            Column("Indikator Kinerja", 70),
            Column("Satuan", 18),
        ]
        cols += [Column(f"Realisasi {y}", 20, RIGHT) for y in years]
        cols += [
            Column(f"Target {self.year}", 20, RIGHT),
            Column(f"Realisasi {self.year}", 20, RIGHT),
            Column("Capaian", 20, RIGHT),
            Column("Predikat", 22, CENTER),
            Column("Rumus", 24, CENTER),
        ]
        rows: list[Sequence[object] | str] = []
        known = {s.code for s in d.sasaran}
        groups: list[tuple[str, Sequence[Indicator]]] = [
            (f"Sasaran {s.code}: {s.name}", d.indicators_of(s.code)) for s in d.sasaran
        ]
        orphans = [i for i in d.indicators if i.sasaran_code not in known]
        if orphans:
            groups.append(("Indikator tanpa sasaran", orphans))
        n = 0
        for title, inds in groups:
            rows.append(title)
            for i in inds:
                n += 1
                cap = capaian_of(i)
                rows.append(
                    (
                        str(n),
                        i.code,
                        i.name,
                        i.satuan,
                        *(format_measure(i.history.get(y), i.satuan) for y in years),
                        format_measure(i.target, i.satuan),
                        format_measure(i.realisasi, i.satuan),
                        format_percent(cap.value),
                        predikat(cap.value),
                        cap.formula,
                    )
                )
        self.table(cols, rows, wide=True)
        undefined = [i for i in d.indicators if capaian_of(i).value is None]
        if undefined:
            self.body(
                'Capaian ditandai "-" belum dapat dihitung: '
                + "; ".join(f"{i.code} ({capaian_of(i).reason})" for i in undefined)
                + "."
            )


# Drawing ids of the charts start here: the logo and other pictures take theirs from python-docx,
# which counts up from the largest id in the document at that moment (far below this).
_FIRST_FIGURE_ID = 10_000

# The table each analysis opens with (analysis 5, causes and solutions, is prose only).
_ANALYSIS_TABLES: dict[str, Callable[[_Builder, _SasaranFacts], None]] = {
    "1": _Builder._targets,
    "2": _Builder._history,
    "3": _Builder._renstra,
    "4": _Builder._national,
    "6": _Builder._efficiency,
    "7": _Builder._programmes,
}


PK_TARGET_COLUMNS = [
    Column("No", 10, CENTER),
    Column("Sasaran Strategis", 50),
    Column("Indikator Kinerja", 60),
    Column("Satuan", 18),
    Column("Target", 20, RIGHT),
]


def pk_target_rows(
    sasaran: Sequence[tuple[str, str]],
    indicators: Sequence[tuple[str, str, str, Any]],
    *,
    skip_empty: bool = False,
) -> list[Sequence[object] | str]:
    """The rows of a Perjanjian Kinerja's sasaran/indikator/target table (the LAKIP's Lampiran
    and the PK document): sasaran (code, name) in order with their indicators (sasaran code,
    name, satuan, target), the sasaran on every row (a page break may come between its
    indicators), then indicators of no listed sasaran. ``skip_empty``: leave out a sasaran with
    no indicator (an eselon III PK lists the sasaran its bidang serves)."""
    rows: list[Sequence[object] | str] = []
    number = 0
    for code, name in sasaran:
        mine = [i for i in indicators if i[0] == code]
        if not mine and skip_empty:
            continue
        number += 1
        if not mine:
            rows.append((str(number), name, "(belum ada indikator)", "", ""))
        for k, (_, ind_name, satuan, target) in enumerate(mine):
            rows.append((str(number) if k == 0 else "", name, ind_name, satuan,
                         format_measure(target, satuan)))  # fmt: skip
    listed = {code for code, _ in sasaran}
    for sasaran_code, ind_name, satuan, target in indicators:
        if sasaran_code not in listed:
            number += 1
            rows.append((str(number), "-", ind_name, satuan, format_measure(target, satuan)))
    return rows


def _jabatan(official: Official, office: str, pemda: str) -> str:
    if official.jabatan.strip():
        return official.jabatan
    small = {"dan", "dari", "di", "ke", "untuk", "serta"}
    words = " ".join(
        w.lower() if w.lower() in small else w.capitalize() for w in clean_text(office).split()
    )
    return f"Kepala {words} {_title_case_region(pemda)}"


def _history_years(inds: Sequence[Indicator], year: int) -> list[int]:
    years = sorted({y for i in inds for y in i.history if y < year})
    return years[-3:]


def _vs_standard(i: Indicator) -> str:
    from exporters.sentences import sentence_national

    text = sentence_national(i)
    if "lebih baik" in text:
        return "Lebih baik dari standar"
    if "sama dengan" in text:
        return "Sama dengan standar"
    if "belum mencapai" in text:
        return "Belum mencapai standar"
    return "-"


def _predikat_counts(inds: Sequence[Indicator]) -> list[tuple[str, int]]:
    from models.formulas import DEFAULT_SCALE

    labels = [label for _, label in DEFAULT_SCALE.bands] + ["-"]
    counts = dict.fromkeys(labels, 0)
    for i in inds:
        counts[predikat(capaian_of(i).value)] = counts.get(predikat(capaian_of(i).value), 0) + 1
    return [("Belum dapat dihitung" if k == "-" else k, v) for k, v in counts.items()]


def _points(value: Decimal | None) -> str:
    return "-" if value is None else format_number(value, 2)


def _rp(value: Decimal) -> str:
    from models.numbers import format_rupiah

    return format_rupiah(value)


def _rp_plain(value: Decimal) -> str:
    return format_number(value, 2)


def render_lakip(data: YearData, *, printed: date) -> Rendered:
    """The LAKIP of ``data.report.year`` as DOCX bytes, with notes (missing logo, chapters
    whose narrative is missing)."""
    b = _Builder(data, printed)
    b.cover()
    b.kata_pengantar()
    b.ikhtisar()
    b.daftar_isi()
    b.bab1()
    b.bab2()
    b.bab3()
    b.bab4()
    b.lampiran()
    b.fill_toc()
    set_update_fields(b.doc)
    b.doc.core_properties.title = clean_text(
        f"{data.profile.report_abbr} {data.profile.office} Tahun {b.year}"
    )[:255]
    notes = list(b.notes)
    if b.missing:
        shown = ", ".join(b.missing[:6]) + (", ..." if len(b.missing) > 6 else "")
        notes.append(
            f"{len(b.missing)} bagian narasi belum diisi dan ditandai {MISSING_NARRATIVE}: {shown}."
        )
    return Rendered(to_bytes(b.doc), notes)
