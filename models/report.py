"""The structure of the LAKIP (PermenPAN-RB 53/2014): its narrative chapters and the seven
analyses of each sasaran. The narrative screen, the analyses screen, a new year's carry-over,
the demo and the LAKIP document all read them from here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.domain import QuarterNote

__all__ = [
    "ANALYSES",
    "ANALYSIS_KEYS",
    "BAB_I",
    "BAB_IV",
    "CARRIED_OVER",
    "CAUSES_KEY",
    "CHAPTERS",
    "CHAPTER_KEYS",
    "QUARTER_DRAFT_MARK",
    "Analysis",
    "Chapter",
    "NarrativeChapter",
    "analysis",
    "chapter_title",
    "quarter_draft",
]


@dataclass(frozen=True, slots=True)
class Chapter:
    """A narrative chapter the office writes."""

    key: str
    title: str
    carried_over: bool  # it describes the office, not the year: a new year starts from it


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("kata_pengantar", "Kata Pengantar", False),
    Chapter("ikhtisar", "Ikhtisar Eksekutif", False),
    Chapter("latar_belakang", "Latar Belakang", True),
    Chapter("gambaran_umum", "Gambaran Umum Organisasi", True),
    Chapter("tugas_fungsi", "Tugas Pokok dan Fungsi", True),
    Chapter("struktur_organisasi", "Struktur Organisasi", True),
    Chapter("dasar_hukum", "Dasar Hukum", True),
    Chapter("isu_strategis", "Isu Strategis", True),
    Chapter("renstra", "Rencana Strategis", True),
    Chapter("kesimpulan", "Kesimpulan", False),
    Chapter("langkah_ke_depan", "Langkah ke Depan", False),
)
CHAPTER_KEYS: tuple[str, ...] = tuple(c.key for c in CHAPTERS)
CARRIED_OVER: tuple[str, ...] = tuple(c.key for c in CHAPTERS if c.carried_over)
_TITLES = {c.key: c.title for c in CHAPTERS}


def chapter_title(key: str) -> str:
    """The chapter's title; an unknown key (a chapter an older file kept) shows as itself."""
    return _TITLES.get(key, key)


@dataclass(frozen=True, slots=True)
class NarrativeChapter:
    """A chapter of the document made of narrative sections only (lettered A, B, ...)."""

    title: str
    number: str
    keys: tuple[str, ...]


BAB_I = NarrativeChapter(
    "BAB I PENDAHULUAN",
    "I",
    (
        "latar_belakang",
        "gambaran_umum",
        "tugas_fungsi",
        "struktur_organisasi",
        "dasar_hukum",
        "isu_strategis",
    ),
)
BAB_IV = NarrativeChapter("BAB IV PENUTUP", "IV", ("kesimpulan", "langkah_ke_depan"))


@dataclass(frozen=True, slots=True)
class Analysis:
    """One of the seven analyses of a sasaran (BAB III.A)."""

    key: str
    title: str  # as the LAKIP prints it; ``{year}`` is the report year
    short: str  # as a screen at 80 columns shows it


ANALYSES: tuple[Analysis, ...] = (
    Analysis(
        "1",
        "Perbandingan target dan realisasi kinerja tahun {year}",
        "Target dan realisasi tahun ini",
    ),
    Analysis(
        "2",
        "Perbandingan realisasi kinerja tahun {year} dengan tahun-tahun sebelumnya",
        "Realisasi tahun ini dibanding tahun lalu dan tahun-tahun sebelumnya",
    ),
    Analysis(
        "3",
        "Perbandingan realisasi kinerja dengan target jangka menengah (Renstra)",
        "Realisasi dibanding target jangka menengah (Renstra)",
    ),
    Analysis(
        "4",
        "Perbandingan realisasi kinerja dengan standar nasional",
        "Realisasi dibanding standar nasional",
    ),
    Analysis(
        "5",
        "Analisis penyebab keberhasilan atau kegagalan serta alternatif solusi",
        "Penyebab keberhasilan/kegagalan dan alternatif solusi",
    ),
    Analysis(
        "6",
        "Analisis efisiensi penggunaan sumber daya",
        "Efisiensi penggunaan sumber daya",
    ),
    Analysis(
        "7",
        "Program dan kegiatan yang menunjang keberhasilan atau kegagalan pencapaian kinerja",
        "Program/kegiatan yang menunjang atau menghambat",
    ),
)
ANALYSIS_KEYS: tuple[str, ...] = tuple(a.key for a in ANALYSES)
_ANALYSES = {a.key: a for a in ANALYSES}


def analysis(key: str) -> Analysis:
    return _ANALYSES[key]


# -- the analysis of causes from the quarters ------------------------------------------------

CAUSES_KEY = "5"  # the analysis of causes and solutions (BAB III.A)
# Opens a starting text taken from the quarters: in brackets, so that the quality gate
# (models.quality) counts the text as not yet written until the office edits the mark away.
QUARTER_DRAFT_MARK = "[Draf dari catatan triwulan I-IV: sunting, lalu hapus tanda ini]"
_ROMAN = ("I", "II", "III", "IV")


def quarter_draft(notes: Sequence[QuarterNote]) -> str:
    """The starting text of the analysis of causes from a sasaran's quarter notes: per quarter
    its factors pendorong and penghambat and the follow-up, under ``QUARTER_DRAFT_MARK``;
    empty when no quarter has a note."""
    blocks: list[str] = []
    for roman, note in zip(_ROMAN, notes, strict=False):
        parts = [
            f"{label}: {text.strip()}"
            for label, text in (
                ("Faktor pendorong", note.pendorong),
                ("Faktor penghambat", note.penghambat),
                ("Tindak lanjut", note.tindak_lanjut),
            )
            if text.strip()
        ]
        if parts:
            blocks.append(f"Triwulan {roman}\n" + "\n".join(parts))
    if not blocks:
        return ""
    return "\n\n".join([QUARTER_DRAFT_MARK, *blocks])
