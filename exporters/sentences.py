"""Factual sentences generated from the numbers, for the places where the office wrote no
narrative. Every percentage is computed by ``models.formulas`` or ``models.budget`` and printed
by ``models.numbers``.

Pure (no python-docx): importable anywhere, cheap to test.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from models.budget import (
    BudgetSum,
    SasaranEfficiency,
    average_capaian,
    budget_sum,
    rounded_capaian,
)
from models.domain import BudgetLine, Indicator, Polarity
from models.formulas import capaian_of, predikat, renstra_progress, serapan, trend
from models.numbers import (
    format_measure,
    format_number,
    format_percent,
    format_rupiah,
    round_half_up,
)

__all__ = ["analysis_sentences"]


def _with_unit(value: Decimal | None, satuan: str) -> str:
    text = format_measure(value, satuan)
    unit = satuan.strip()
    if text == "-" or not unit:
        return text
    return f"{text} %" if unit == "%" else f"{text} {unit}"


# -- sentences ------------------------------------------------------------------------------------


def _name(ind: Indicator) -> str:
    return f'"{" ".join(ind.name.split())}"'


def sentence_target(ind: Indicator, year: int) -> str:
    cap = capaian_of(ind)
    if cap.value is None:
        return (
            f"Capaian indikator {_name(ind)} tahun {year} belum dapat dihitung ({cap.reason}); "
            f"target {_with_unit(ind.target, ind.satuan)}, realisasi "
            f"{_with_unit(ind.realisasi, ind.satuan)}."
        )
    level = predikat(cap.value)
    rounded = round_half_up(cap.value, 2)
    if rounded >= 100:
        verdict = "mencapai target" if rounded == 100 else "melampaui target"
    else:
        verdict = "belum mencapai target"
    return (
        f"Realisasi indikator {_name(ind)} tahun {year} sebesar "
        f"{_with_unit(ind.realisasi, ind.satuan)} dari target "
        f"{_with_unit(ind.target, ind.satuan)}, "
        f"sehingga capaiannya {format_percent(cap.value)} ({level}) dan {verdict}."
    )


def sentence_history(ind: Indicator, year: int) -> str:
    earlier = sorted(y for y in ind.history if y < year)
    if not earlier:
        return f"Indikator {_name(ind)} belum memiliki data realisasi tahun-tahun sebelumnya."
    last = earlier[-1]
    before = ind.history[last]
    direction = trend(ind.realisasi, before)
    if ind.realisasi is None or not direction:
        return (
            f"Realisasi indikator {_name(ind)} tahun {year} belum diisi; realisasi tahun {last} "
            f"sebesar {_with_unit(before, ind.satuan)}."
        )
    better = {
        ("naik", Polarity.POSITIF): "membaik",
        ("turun", Polarity.NEGATIF): "membaik",
        ("naik", Polarity.NEGATIF): "memburuk",
        ("turun", Polarity.POSITIF): "memburuk",
    }.get((direction, ind.polarity), "")
    if direction == "tetap":
        change = f"sama dengan tahun {last}"
    else:
        change = f"{direction} dibanding {_with_unit(before, ind.satuan)} pada tahun {last}"
    tail = f" ({better}, {ind.polarity.label})" if better else ""
    first = earlier[0]
    span = ""
    if first != last:
        span = f" Pada tahun {first} realisasinya {_with_unit(ind.history[first], ind.satuan)}."
    return (
        f"Realisasi indikator {_name(ind)} tahun {year} sebesar "
        f"{_with_unit(ind.realisasi, ind.satuan)}, {change}{tail}.{span}"
    )


def sentence_renstra(ind: Indicator, year: int) -> str:
    if ind.renstra_target is None:
        return f"Indikator {_name(ind)} belum memiliki target akhir Renstra."
    progress = renstra_progress(
        ind.realisasi, ind.renstra_target, ind.polarity, ind.negative_formula
    )
    period = f" (periode {ind.renstra_period})" if ind.renstra_period.strip() else ""
    if progress is None:
        return (
            f"Target akhir Renstra indikator {_name(ind)}{period} sebesar "
            f"{_with_unit(ind.renstra_target, ind.satuan)}; perbandingan belum dapat dihitung."
        )
    return (
        f"Realisasi indikator {_name(ind)} tahun {year} sebesar "
        f"{_with_unit(ind.realisasi, ind.satuan)} telah mencapai {format_percent(progress)} dari "
        f"target akhir Renstra{period} sebesar {_with_unit(ind.renstra_target, ind.satuan)}."
    )


def sentence_national(ind: Indicator) -> str:
    std = ind.national_standard
    if std is None:
        return ""
    if ind.realisasi is None:
        return (
            f"Standar nasional indikator {_name(ind)} sebesar {_with_unit(std, ind.satuan)}; "
            "realisasi belum diisi."
        )
    r, s = ind.realisasi, std
    if r == s:
        where = "sama dengan"
    elif (r > s) == (ind.polarity is Polarity.POSITIF):
        where = "lebih baik dari"
    else:
        where = "belum mencapai"
    return (
        f"Realisasi indikator {_name(ind)} sebesar {_with_unit(r, ind.satuan)} {where} standar "
        f"nasional {_with_unit(s, ind.satuan)} ({ind.polarity.label})."
    )


def sentence_causes(indicators: Sequence[Indicator]) -> str:
    met: list[str] = []
    missed: list[str] = []
    undefined: list[str] = []
    for ind in indicators:
        cap = rounded_capaian(ind)
        if cap is None:
            undefined.append(ind.code)
        elif cap >= 100:
            met.append(f"{ind.code} ({format_percent(cap)})")
        else:
            missed.append(f"{ind.code} ({format_percent(cap)})")
    parts = [f"Dari {len(indicators)} indikator sasaran ini"]
    parts.append(
        f"{len(met)} mencapai atau melampaui target" + (f": {', '.join(met)}" if met else "")
    )
    parts.append(
        f"{len(missed)} belum mencapai target" + (f": {', '.join(missed)}" if missed else "")
    )
    text = parts[0] + ", " + "; ".join(parts[1:]) + "."
    if undefined:
        text += f" Capaian {', '.join(undefined)} belum dapat dihitung."
    return text


def sentence_efficiency(found: SasaranEfficiency) -> str:
    total, avg, absorbed = found.budget, found.capaian, found.budget.serapan
    if total.pagu == 0:
        return "Belum ada anggaran yang dikaitkan dengan sasaran ini."
    eff = found.efisiensi
    if avg is None or eff is None:
        return (
            f"Serapan anggaran sasaran ini {format_percent(absorbed)}; rata-rata capaian "
            "indikatornya belum dapat dihitung."
        )
    verdict = "efisien" if eff >= 0 else "belum efisien"
    return (
        f"Rata-rata capaian indikator sasaran ini {format_percent(avg)} dengan serapan anggaran "
        f"{format_percent(absorbed)} (realisasi {format_rupiah(total.realisasi)} dari pagu "
        f"{format_rupiah(total.pagu)}), sehingga selisih capaian dan serapan "
        f"{format_number(eff, 2)} poin persen: penggunaan anggaran {verdict}."
    )


def sentence_programs(lines: Sequence[BudgetLine], total: BudgetSum) -> str:
    if not lines:
        return "Belum ada program atau kegiatan yang dikaitkan dengan sasaran ini."
    text = (
        f"Sasaran ini didukung oleh {len(lines)} program/kegiatan/sub kegiatan dengan pagu "
        f"{format_rupiah(total.pagu)} dan realisasi {format_rupiah(total.realisasi)} "
        f"(serapan {format_percent(total.serapan)})."
    )
    rated = [(serapan(b.pagu, b.realisasi), b) for b in lines]
    known = [(s, b) for s, b in rated if s is not None]
    if len(known) > 1:
        low_s, low = min(known, key=lambda x: x[0])
        text += (
            f" Serapan terendah pada {low.level.label.lower()} {low.code} "
            f"{' '.join(low.name.split())} ({format_percent(low_s)})."
        )
    over = [b.code for b in lines if b.realisasi > b.pagu]
    if over:
        text += f" Realisasi melebihi pagu pada {', '.join(over)}."
    return text


def analysis_sentences(
    number: str,
    indicators: Sequence[Indicator],
    year: int,
    *,
    budget_lines: Sequence[BudgetLine] = (),
    budget_total: BudgetSum | None = None,
) -> list[str]:
    """The generated paragraphs for analysis ``number`` ("1".."7") of one sasaran."""
    total = budget_total or budget_sum(budget_lines)
    if number == "1":
        return [sentence_target(i, year) for i in indicators] or [_no_indicators()]
    if number == "2":
        return [sentence_history(i, year) for i in indicators] or [_no_indicators()]
    if number == "3":
        return [sentence_renstra(i, year) for i in indicators] or [_no_indicators()]
    if number == "4":
        said = [s for s in (sentence_national(i) for i in indicators) if s]
        return said or ["Tidak ada indikator sasaran ini yang memiliki standar nasional."]
    if number == "5":
        return [sentence_causes(indicators)] if indicators else [_no_indicators()]
    if number == "6":
        mean = average_capaian(indicators)
        return [sentence_efficiency(SasaranEfficiency(mean, total, len(budget_lines)))]
    if number == "7":
        return [sentence_programs(budget_lines, total)]
    raise ValueError(f"analisis {number} tidak dikenal")


def _no_indicators() -> str:
    return "Sasaran ini belum memiliki indikator kinerja."
