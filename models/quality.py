"""The quality gate before signing: what would make a Kepala Dinas refuse to sign the LAKIP, or
an evaluator doubt it, found in the year's data. Pure: it reads a YearData, nothing else.

Each finding says what is wrong and where to fix it. A *penghalang* (blocking item) stops step 9
until it is fixed (an administrator may sign anyway with a reason, which is audited); a
*peringatan* (warning) asks for a second look and does not stop anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from models.budget import sasaran_efficiency, top_lines
from models.domain import Polarity, YearData, signature_gaps
from models.formulas import capaian_of, serapan
from models.numbers import format_percent
from models.report import ANALYSIS_KEYS, CHAPTERS, analysis
from models.sop import Role

__all__ = ["Finding", "blocking", "findings"]

# Limits of the warnings (an office may find them strict or loose; they only ask for a look).
CAPAIAN_HIGH = Decimal(150)
SERAPAN_LOW = Decimal(50)
EFFICIENCY_GAP = Decimal(50)  # points between capaian and serapan
# Analyses the document cannot write by itself from the numbers: they need the office's words.
ANALYSES_NEEDING_TEXT = ("5",)
# A bracketed instruction left from a starting text: "[Tuliskan ...]", "[jumlah]", "[1. ...]".
_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,120}\]")


@dataclass(frozen=True, slots=True)
class Finding:
    blocking: bool
    what: str  # what is wrong, one sentence
    where: str  # where to fix it (screen key or command)

    @property
    def kind(self) -> str:
        return "penghalang" if self.blocking else "peringatan"


def blocking(items: Iterable[Finding]) -> list[Finding]:
    return [f for f in items if f.blocking]


def findings(data: YearData) -> list[Finding]:
    """Every finding for the year, blocking items first, each group in document order. The
    indicators are read as the LAKIP prints them (``models.quarters.reported``: a year's
    realisasi from its four quarters when none was entered)."""
    from dataclasses import replace

    from models.quarters import reported

    year = data.report.year
    data = replace(data, indicators=tuple(reported(i, year)[0] for i in data.indicators))
    out = [*_narrative(data), *_indicators(data), *_signature(data), *_budget(data)]
    out += [*_warnings_indicators(data), *_warnings_budget(data)]
    return sorted(out, key=lambda f: not f.blocking)


def _placeholder(text: str) -> str | None:
    found = _PLACEHOLDER.search(text)
    return found.group(0) if found else None


def _narrative(data: YearData) -> list[Finding]:
    out: list[Finding] = []
    narrative = data.report.narrative
    for chapter in CHAPTERS:
        text = narrative.get(chapter.key, "").strip()
        where = f"layar Narasi (n), bab '{chapter.title}'"
        if not text:
            out.append(Finding(True, f"Bab '{chapter.title}' belum diisi.", where))
        elif (mark := _placeholder(text)) is not None:
            out.append(
                Finding(True, f"Bab '{chapter.title}' masih memuat isian contoh {mark}.", where)
            )
    for s in data.sasaran:
        for key in ANALYSIS_KEYS:
            text = s.analyses.get(key, "").strip()
            where = f"layar Analisis (t), sasaran {s.code} analisis {key}"
            title = analysis(key).short
            if not text and key in ANALYSES_NEEDING_TEXT and data.indicators_of(s.code):
                out.append(
                    Finding(True, f"Sasaran {s.code}: analisis {key} ({title}) belum diisi.", where)
                )
            elif text and (mark := _placeholder(text)) is not None:
                out.append(
                    Finding(
                        True,
                        f"Sasaran {s.code}: analisis {key} ({title}) masih memuat isian {mark}.",
                        where,
                    )
                )
    return out


def _indicators(data: YearData) -> list[Finding]:
    out: list[Finding] = []
    for i in data.indicators:
        where = f"layar Indikator (i), {i.code}"
        missing = [
            name for name, v in (("target", i.target), ("realisasi", i.realisasi)) if v is None
        ]
        if missing:
            out.append(
                Finding(True, f"Indikator {i.code} belum berisi {' dan '.join(missing)}.", where)
            )
    return out


def _signature(data: YearData) -> list[Finding]:
    gaps = signature_gaps(data.signer(Role.KEPALA_DINAS))
    if not gaps:
        return []
    return [
        Finding(
            True,
            f"Tanda tangan Kepala Dinas kosong ({', '.join(gaps)} belum diisi).",
            "admin: lakip users set AKUN --name ... --nip ... (pengguna berperan kepala_dinas)",
        )
    ]


def _budget(data: YearData) -> list[Finding]:
    """A line spent over its pagu needs a word: its code named in the sasaran's analysis 6 or 7
    (efficiency, programmes), where the document explains the budget."""
    out: list[Finding] = []
    explained = {s.code: " ".join(s.analyses.get(k, "") for k in ("6", "7")) for s in data.sasaran}
    for b in data.budget:
        if b.realisasi > b.pagu and b.code not in explained.get(b.sasaran_code, ""):
            out.append(
                Finding(
                    True,
                    f"Anggaran {b.code} terealisasi melebihi pagu tanpa penjelasan.",
                    f"layar Analisis (t), sasaran {b.sasaran_code or '-'} analisis 6 atau 7: "
                    f"sebut kode {b.code} dan alasannya",
                )
            )
    return out


def _warnings_indicators(data: YearData) -> list[Finding]:
    out: list[Finding] = []
    for i in data.indicators:
        where = f"layar Indikator (i), {i.code}"
        cap = capaian_of(i).value
        if cap is not None and (cap > CAPAIAN_HIGH or cap < 0):
            out.append(
                Finding(
                    False,
                    f"Capaian {i.code} {format_percent(cap)}: periksa target dan realisasinya.",
                    where,
                )
            )
        if i.polarity is Polarity.NEGATIF and i.target is not None and i.target == 0:
            out.append(Finding(False, f"{i.code} makin rendah makin baik dengan target 0.", where))
    by_bidang: dict[str, list[bool]] = {}
    year = data.report.year
    for i in data.indicators:
        last = i.history.get(year - 1)
        if i.bidang and i.realisasi is not None and last is not None:
            by_bidang.setdefault(i.bidang, []).append(i.realisasi == last)
    for code, same in sorted(by_bidang.items()):
        if len(same) >= 2 and all(same):
            out.append(
                Finding(
                    False,
                    f"Semua realisasi bidang {code} sama dengan tahun {year - 1}: data disalin?",
                    f"layar Indikator (i), saring bidang {code}",
                )
            )
    return out


def _warnings_budget(data: YearData) -> list[Finding]:
    out: list[Finding] = []
    for b in top_lines(data.budget):
        share = serapan(b.pagu, b.realisasi)
        if share is not None and share < SERAPAN_LOW:
            out.append(
                Finding(
                    False,
                    f"Serapan program {b.code} hanya {format_percent(share)}.",
                    f"layar Anggaran (b), {b.code}; jelaskan di analisis 6 atau 7",
                )
            )
    for s in data.sasaran:
        eff = sasaran_efficiency(data.indicators_of(s.code), data.budget_of(s.code), data.budget)
        gap = eff.efisiensi
        if gap is not None and abs(gap) > EFFICIENCY_GAP:
            out.append(
                Finding(
                    False,
                    f"Sasaran {s.code}: capaian dan serapan berselisih {abs(gap)} poin.",
                    f"layar Analisis (t), sasaran {s.code} analisis 6",
                )
            )
    return out
