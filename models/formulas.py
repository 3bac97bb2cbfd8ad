"""Performance formulas of the LAKIP (PRODUCT.md section 3), in exact decimal arithmetic.

Results are full precision; round with ``models.numbers.round_half_up`` only to display. An
undefined result (target missing or zero, realisasi missing, pagu zero) is ``None`` with, for
capaian, the Indonesian reason, never a crash and never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from itertools import pairwise

from models.domain import Indicator, NegativeFormula, Polarity
from models.numbers import NumberError, format_plain, parse_number, round_half_up

__all__ = [
    "DEFAULT_SCALE",
    "POSITIVE_FORMULA_LABEL",
    "Capaian",
    "PredikatScale",
    "capaian",
    "capaian_of",
    "efisiensi",
    "over_pagu",
    "predikat",
    "renstra_progress",
    "serapan",
    "sisa",
    "trend",
    "with_cap",
]

POSITIVE_FORMULA_LABEL = "R / T x 100"
_HUNDRED = Decimal(100)
_PRECISION = 34  # significant digits for divisions; independent of the caller's decimal context


@dataclass(frozen=True, slots=True)
class Capaian:
    """A capaian (achievement) percentage, the formula that produced it, and why it is undefined.

    ``value`` is full precision (not rounded) or ``None``; ``reason`` is empty when defined.
    """

    value: Decimal | None
    formula: str
    reason: str = ""


def capaian(
    target: Decimal | None,
    realisasi: Decimal | None,
    polarity: Polarity,
    negative_formula: NegativeFormula = NegativeFormula.TWO_T_MINUS_R,
) -> Capaian:
    """Capaian in percent, not capped at 100.

    Higher is better: ``R / T x 100``. Lower is better: ``(2T - R) / T x 100`` by default, or
    ``T / R x 100`` when the indicator chose it.
    """
    formula = POSITIVE_FORMULA_LABEL if polarity is Polarity.POSITIF else negative_formula.label
    if target is None:
        return Capaian(None, formula, "target kosong")
    if target == 0:
        return Capaian(None, formula, "target nol")
    if realisasi is None:
        return Capaian(None, formula, "realisasi belum diisi")
    with localcontext(prec=_PRECISION):
        if polarity is Polarity.POSITIF:
            value = realisasi / target * _HUNDRED
        elif negative_formula is NegativeFormula.TWO_T_MINUS_R:
            value = (2 * target - realisasi) / target * _HUNDRED
        else:
            if realisasi == 0:
                return Capaian(None, formula, "realisasi nol")
            value = target / realisasi * _HUNDRED
    return Capaian(value, formula)


def capaian_of(ind: Indicator) -> Capaian:
    """The capaian of an indicator for its year (limited by its cap when its Manual IK sets
    one)."""
    return with_cap(
        capaian(ind.target, ind.realisasi, ind.polarity, ind.negative_formula), ind.capaian_cap
    )


def with_cap(result: Capaian, cap: Decimal | None) -> Capaian:
    """``result`` limited to ``cap`` percent, the formula saying so; unchanged without a cap."""
    if cap is None:
        return result
    value = None if result.value is None else min(result.value, cap)
    return Capaian(value, f"{result.formula}, maks. {format_plain(cap)} %", result.reason)


@dataclass(frozen=True, slots=True)
class PredikatScale:
    """Predikat bands as ``(lower bound, label)``, highest bound first.

    A value gets the label of the first band whose lower bound it reaches; the lowest band also
    takes every value below its bound (a negative capaian is still "Sangat Rendah").
    """

    bands: tuple[tuple[Decimal, str], ...]

    def __post_init__(self) -> None:
        if not self.bands:
            raise ValueError("Skala predikat kosong: isi paling sedikit satu batas dan predikat.")
        bounds = [bound for bound, _ in self.bands]
        if any(a <= b for a, b in pairwise(bounds)):
            raise ValueError(
                "Skala predikat harus berurutan dari batas tertinggi ke terendah, "
                "tanpa batas kembar."
            )
        if any(not label.strip() for _, label in self.bands):
            raise ValueError("Setiap batas pada skala predikat harus punya nama predikat.")

    @classmethod
    def from_text(cls, text: str) -> PredikatScale:
        """Read ``"91 Sangat Tinggi; 76 Tinggi; 66 Sedang; 51 Rendah; 0 Sangat Rendah"`` (items
        separated by ``;`` or new lines, in any order; bounds written the Indonesian way)."""
        bands: list[tuple[Decimal, str]] = []
        for item in text.replace("\n", ";").split(";"):
            item = item.strip()
            if not item:
                continue
            number, _, label = item.partition(" ")
            try:
                bound = parse_number(number)
            except NumberError as exc:
                raise ValueError(f"Skala predikat, bagian '{item}': {exc}") from None
            if not label.strip():
                raise ValueError(
                    f"Skala predikat, bagian '{item}': tulis batas bawah lalu nama predikat, "
                    "misalnya '91 Sangat Tinggi'."
                )
            bands.append((bound, " ".join(label.split())))
        bands.sort(key=lambda band: band[0], reverse=True)
        return cls(tuple(bands))

    def to_text(self) -> str:
        return "; ".join(f"{format_plain(bound)} {label}" for bound, label in self.bands)

    def legend(self) -> str:
        """Closed ranges a reader can place any capaian in, rounded to two decimals as
        ``predikat`` does: ``Sangat Tinggi capaian ≥ 91 %; Tinggi 76 % ≤ capaian < 91 %; ...``;
        the lowest band takes everything below the band above it."""
        parts = []
        for n, (bound, label) in enumerate(self.bands):
            upper = self.bands[n - 1][0] if n else None
            low = format_plain(bound)
            if upper is None:
                parts.append(f"{label} capaian ≥ {low} %")
            elif n == len(self.bands) - 1:
                parts.append(f"{label} capaian < {format_plain(upper)} %")
            else:
                parts.append(f"{label} {low} % ≤ capaian < {format_plain(upper)} %")
        return "; ".join(parts)


DEFAULT_SCALE = PredikatScale(
    (
        (Decimal(91), "Sangat Tinggi"),
        (Decimal(76), "Tinggi"),
        (Decimal(66), "Sedang"),
        (Decimal(51), "Rendah"),
        (Decimal(0), "Sangat Rendah"),
    )
)


def predikat(value: Decimal | None, scale: PredikatScale = DEFAULT_SCALE) -> str:
    """The predikat of a capaian, applied by lower bound to the value rounded half-up to 2 places
    (90,995 -> 91,00 -> Sangat Tinggi; 90,99 -> Tinggi); ``-`` when the capaian is undefined."""
    if value is None:
        return "-"
    rounded = round_half_up(value, 2)
    for bound, label in scale.bands:
        if rounded >= bound:
            return label
    return scale.bands[-1][1]


def serapan(pagu: Decimal, realisasi: Decimal) -> Decimal | None:
    """Budget absorption ``realisasi / pagu x 100``; ``None`` when the pagu is zero."""
    if pagu == 0:
        return None
    with localcontext(prec=_PRECISION):
        return realisasi / pagu * _HUNDRED


def sisa(pagu: Decimal, realisasi: Decimal) -> Decimal:
    """What is left of the budget: ``pagu - realisasi`` (negative when spending exceeds it)."""
    with localcontext(prec=_PRECISION):
        return pagu - realisasi


def over_pagu(pagu: Decimal, realisasi: Decimal) -> bool:
    """Spending above the budget, to be flagged."""
    return realisasi > pagu


def efisiensi(capaian_pct: Decimal | None, serapan_pct: Decimal | None) -> Decimal | None:
    """``capaian % - serapan %``: positive means the budget was used efficiently.

    Pass the rounded percentages if the table shows them, so its columns add up."""
    if capaian_pct is None or serapan_pct is None:
        return None
    with localcontext(prec=_PRECISION):
        return capaian_pct - serapan_pct


def renstra_progress(
    realisasi: Decimal | None,
    renstra_target: Decimal | None,
    polarity: Polarity,
    negative_formula: NegativeFormula = NegativeFormula.TWO_T_MINUS_R,
) -> Decimal | None:
    """This year's realisasi against the Renstra end-of-period target, in percent (the capaian
    formula applied to the Renstra target); ``None`` when missing or the target is zero."""
    return capaian(renstra_target, realisasi, polarity, negative_formula).value


def trend(current: Decimal | None, previous: Decimal | None, places: int = 2) -> str:
    """Return "naik", "turun" or "tetap" from ``previous`` to ``current`` compared at ``places``
    decimals (as the sentence prints them); "" when either is missing."""
    if current is None or previous is None:
        return ""
    now, before = round_half_up(current, places), round_half_up(previous, places)
    if now > before:
        return "naik"
    if now < before:
        return "turun"
    return "tetap"
