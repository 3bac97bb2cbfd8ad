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
from models.given import describe, still_disagreeing
from models.numbers import format_percent
from models.report import ANALYSIS_KEYS, CHAPTERS, analysis
from models.sop import Role
from models.workflow import Actor, WorkflowError

__all__ = [
    "OVERRIDE_BY",
    "OVERRIDE_COUNT",
    "OVERRIDE_REASON",
    "Finding",
    "QualityGateError",
    "blocking",
    "findings",
    "sign_gate",
]

# What the step-9 pass records (its data) when an administrator signs past blocking items.
OVERRIDE_REASON = "pemeriksaan_diabaikan"
OVERRIDE_BY = "pemeriksaan_diabaikan_oleh"
OVERRIDE_COUNT = "pemeriksaan_penghalang"

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


LISTED = 10  # blocking items a refusal lists; `lakip periksa` lists them all


class QualityGateError(WorkflowError):
    """Step 9 refused: the LAKIP still has blocking items (``findings``)."""

    def __init__(self, year: int, items: list[Finding]) -> None:
        self.findings = items
        lines = [
            f"Langkah 9 belum dapat ditandatangani: pemeriksaan mutu LAKIP {year} menemukan "
            f"{len(items)} penghalang:"
        ]
        lines += [f"- {f.what} (perbaiki: {f.where})" for f in items[:LISTED]]
        if len(items) > LISTED:
            lines.append(f"- ... dan {len(items) - LISTED} penghalang lainnya.")
        lines.append(
            "Perbaiki semuanya, ekspor LAKIP lagi, lalu selesaikan langkah 9 (daftar lengkap: "
            "lakip periksa). Admin dapat tetap menandatangani dengan alasan yang dicatat "
            "(lakip advance --abaikan-pemeriksaan ALASAN)."
        )
        super().__init__("\n".join(lines))


def sign_gate(year: int, found: Iterable[Finding], actor: Actor, override: str) -> dict[str, str]:
    """The rule of step 9 over the year's findings. Nothing blocking: nothing to record.
    Blocking items: refused with their list, unless an administrator gives a reason; then what
    the step's pass records (``OVERRIDE_*``). A reason from anyone else is refused."""
    stops = blocking(found)
    if override.strip() and not actor.is_admin:
        raise WorkflowError(
            "Hanya admin yang boleh menandatangani walau pemeriksaan mutu menemukan penghalang; "
            f"akun '{actor.account}' bukan admin. Perbaiki penghalangnya (lakip periksa)."
        )
    if not stops:
        return {}
    if not override.strip():
        raise QualityGateError(year, stops)
    return {
        OVERRIDE_REASON: override.strip(),
        OVERRIDE_BY: actor.account,
        OVERRIDE_COUNT: str(len(stops)),
    }


def findings(data: YearData, data_seq: int | None = None) -> list[Finding]:
    """Every finding for the year, blocking items first, each group in document order.

    ``data_seq`` is the year's data revision now (``usecases.reporting.data_revision``): with it,
    a LAKIP exported before the data last changed is found. The indicators are read as the LAKIP
    prints them (``models.quarters.reported``: a year's realisasi from its four quarters when none
    was entered)."""
    from dataclasses import replace

    from models.quarters import reported

    year = data.report.year
    data = replace(data, indicators=tuple(reported(i, year)[0] for i in data.indicators))
    out = [*_narrative(data), *_indicators(data), *_signature(data), *_budget(data)]
    out += _stale_document(data, data_seq)
    out += [*_warnings_indicators(data), *_warnings_budget(data)]
    out += _warnings_given(data)
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
            where = f"layar Indikator (i) > Analisis (t), sasaran {s.code} analisis {key}"
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
                    f"layar Indikator (i) > Analisis (t), sasaran {b.sasaran_code or '-'} "
                    f"analisis 6 atau 7: sebut kode {b.code} dan alasannya",
                )
            )
    return out


def _stale_document(data: YearData, data_seq: int | None) -> list[Finding]:
    """The newest LAKIP file shows the data of the revision it was exported at; after a later
    change it no longer shows the data the Kepala Dinas would sign."""
    lakip = [e for e in data.exports if e.kind == "lakip"]
    if data_seq is None or not lakip or lakip[-1].data_seq == data_seq:
        return []
    newest = lakip[-1]
    made = "?" if newest.data_seq is None else str(newest.data_seq)
    name = newest.path.rsplit("/", 1)[-1]
    return [
        Finding(
            True,
            f"Dokumen LAKIP terakhir ({name}) lebih lama dari datanya: diekspor pada revisi "
            f"data {made}, data sekarang revisi {data_seq}.",
            "ekspor LAKIP lagi: layar Ekspor (e) atau lakip export lakip",
        )
    ]


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
        if i.polarity is Polarity.NEGATIF and not i.formula_chosen:
            out.append(
                Finding(
                    False,
                    f"{i.code} makin rendah makin baik, tetapi rumus capaiannya belum dipilih "
                    f"(dihitung dengan {i.negative_formula.label}).",
                    f"{where}: pilih rumus negatif lalu simpan",
                )
            )
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
                    f"layar Anggaran (a), {b.code}; jelaskan di analisis 6 atau 7",
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
                    f"layar Indikator (i) > Analisis (t), sasaran {s.code} analisis 6",
                )
            )
    return out


def _warnings_given(data: YearData) -> list[Finding]:
    """An import kept with ``--terima-selisih`` whose given serapan/sisa/capaian still disagrees
    with the computed value the documents print (``models.given``)."""
    out: list[Finding] = []
    for g, d in still_disagreeing(data):
        row = f"{g.file}, {'lembar ' + g.sheet + ', ' if g.sheet else ''}baris {g.row}"
        screen = "layar Anggaran (a)" if g.kind == "anggaran" else "layar Indikator (i)"
        out.append(
            Finding(
                False,
                f"Impor {row}: {g.kind} {g.code} {describe(d)}; dokumen memakai nilai hitungan.",
                f"{screen}, {g.code}: periksa angkanya dengan sumber data",
            )
        )
    return out
