"""Use cases of the quarterly monitoring (triwulan) and of each indicator's Manual IK: save a
quarter's target and realisasi (or numerator and denominator), a budget line's plan and spending,
a sasaran's factors and follow-up; read a quarter view; set an indicator's definition.

Saves follow the data saves (``usecases.data``): the edit rule, the record's revision, an audit
entry with before/after per quarter field, the year's data revision raised. The rules of the
numbers are ``models.quarters``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from models.domain import (
    QUARTERS,
    Aggregation,
    BudgetLine,
    Change,
    Indicator,
    Letter,
    QuarterNote,
    Sasaran,
    YearData,
)
from models.quarters import (
    ROMAN,
    BudgetToDate,
    Fill,
    QuarterFigure,
    YearValue,
    at,
    budget_to_date,
    budget_year_value,
    check_quarter,
    current_quarter,
    fill,
    missing_quarters,
    note_of,
    quarter_figure,
    quarter_label,
    rolled_up,
    spending_lines,
    with_quarter,
    year_value,
)
from store.errors import Conflict
from store.repo import Writer
from usecases.context import Context
from usecases.data import editable_report, save_indicator
from usecases.remote import usecase, usecase_with
from usecases.reporting import UseCaseError, year_or_current

__all__ = [
    "KEEP",
    "QUARTER_REPORT_PURPOSE",
    "BudgetRow",
    "IndicatorRow",
    "QuarterView",
    "number_quarter_report",
    "quarter_purpose",
    "quarter_view",
    "save_budget_quarter",
    "save_manual_ik",
    "save_quarter",
    "save_quarter_note",
]


class _Keep:
    """Marks a quarter value the caller leaves as it is (``None`` clears it)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def _quarter(n: int) -> int:
    try:
        return check_quarter(n)
    except ValueError as exc:
        raise UseCaseError(str(exc)) from None


def _text(value: Decimal | None) -> str:
    """As the audit writes numbers elsewhere (``store.repo.audit_changes``): stored form."""
    return "" if value is None else str(value)


# Counts and money: never below zero (a target or realisasi may be, e.g. a growth rate).
_NOT_NEGATIVE = {
    "pembilang_tw": "Pembilang",
    "penyebut_tw": "Penyebut",
    "rencana_tw": "Rencana anggaran",
    "realisasi_tw": "Realisasi anggaran",
}


def _set(
    record: Any, values: dict[str, Decimal | None], n: int, changes: list[Change]
) -> dict[str, tuple[Decimal | None, ...]]:
    """The new per-quarter tuples of ``record`` for the given fields, and their audit lines."""
    out: dict[str, tuple[Decimal | None, ...]] = {}
    for name, value in values.items():
        if value is KEEP:
            continue
        counted = name in _NOT_NEGATIVE and (
            name != "realisasi_tw" or isinstance(record, BudgetLine)
        )
        if counted and value is not None and value < 0:
            raise UseCaseError(f"{_NOT_NEGATIVE[name]} tidak boleh negatif.")
        old = getattr(record, name)
        if at(old, n) != value:
            changes.append(Change(field=f"{name}{n}", before=_text(at(old, n)), after=_text(value)))
        out[name] = with_quarter(old, n, value)
    return out


def _save_quarter_values(
    w: Writer, year: int, before: Any, values: dict[str, Decimal | None], n: int, rev: int | None
) -> Any:
    """Save quarter ``n``'s ``values`` of an indicator or budget line (``before``, as stored),
    audited with a line per changed value; nothing changed: nothing saved, ``before`` back."""
    changes: list[Change] = []
    fields = _set(before, values, n, changes)
    if not changes:
        return before
    item = replace(before, **fields, rev=before.rev if rev is None else rev)
    indicator = isinstance(before, Indicator)
    saved = w.save_indicator(item) if indicator else w.save_budget(item)
    w.audit_log(
        "indikator.triwulan" if indicator else "anggaran.triwulan",
        year=year,
        target=f"{'indikator' if indicator else 'anggaran'} {before.code}",
        note=quarter_label(n),
        changes=tuple(changes),
    )
    w.bump_report(year)
    return saved


def _find(items: tuple[Any, ...], code: str, what: str) -> Any:
    found = next((i for i in items if i.code == code), None)
    if found is None:
        raise UseCaseError(f"{what} dengan kode '{code}' tidak ada.")
    return found


@usecase
def save_quarter(
    ctx: Context,
    year: int | None,
    code: str,
    n: int,
    *,
    target: Decimal | None = KEEP,
    realisasi: Decimal | None = KEEP,
    pembilang: Decimal | None = KEEP,
    penyebut: Decimal | None = KEEP,
    rev: int | None = None,
) -> Indicator:
    """Set quarter ``n``'s target and realisasi of indicator ``code`` (a rasio indicator takes a
    numerator and a denominator, its realisasi is computed). ``KEEP`` leaves a value; ``rev`` is
    the revision the editor started from (None: the stored one)."""
    n = _quarter(n)
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        before: Indicator = _find(w.indicators(report.year), code, "Indikator")
        if before.aggregation is Aggregation.RASIO and realisasi is not KEEP:
            raise UseCaseError(
                f"Indikator {code} berjenis rasio: isi pembilang dan penyebut, realisasinya "
                "dihitung."
            )
        if before.aggregation is not Aggregation.RASIO and (
            pembilang is not KEEP or penyebut is not KEEP
        ):
            raise UseCaseError(
                f"Pembilang dan penyebut hanya untuk indikator berjenis rasio; indikator {code} "
                f"berjenis {before.aggregation.label.lower()}."
            )
        values = {"target_tw": target, "realisasi_tw": realisasi, "pembilang_tw": pembilang,
                  "penyebut_tw": penyebut}  # fmt: skip
        saved: Indicator = _save_quarter_values(w, report.year, before, values, n, rev)
        return saved


@usecase
def save_budget_quarter(
    ctx: Context,
    year: int | None,
    code: str,
    n: int,
    *,
    rencana: Decimal | None = KEEP,
    realisasi: Decimal | None = KEEP,
    rev: int | None = None,
) -> BudgetLine:
    """Set quarter ``n``'s planned budget and spending of budget line ``code``."""
    n = _quarter(n)
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        before: BudgetLine = _find(w.budget(report.year), code, "Baris anggaran")
        values = {"rencana_tw": rencana, "realisasi_tw": realisasi}
        line: BudgetLine = _save_quarter_values(w, report.year, before, values, n, rev)
        return line


@usecase
def save_quarter_note(
    ctx: Context,
    year: int | None,
    sasaran_code: str,
    n: int,
    note: QuarterNote,
    original: QuarterNote,
) -> Sasaran:
    """Save a sasaran's factors and follow-up of quarter ``n``. ``original`` is the note the
    editor started from; a note saved by someone else since is a conflict."""
    from usecases.inputs import clean_text

    n = _quarter(n)
    try:
        note = QuarterNote(
            pendorong=clean_text(note.pendorong, multiline=True),
            penghambat=clean_text(note.penghambat, multiline=True),
            tindak_lanjut=clean_text(note.tindak_lanjut, multiline=True),
        )
    except ValueError as exc:
        raise UseCaseError(f"Catatan {quarter_label(n)}: teks {exc}") from None
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        before: Sasaran = _find(w.sasaran(report.year), sasaran_code, "Sasaran")
        stored = note_of(before.quarter_notes, n)
        if stored != original:
            raise Conflict(
                f"Catatan {quarter_label(n)} sasaran {sasaran_code} sudah diubah orang lain sejak "
                "Anda membukanya. Muat ulang untuk melihatnya, lalu simpan lagi."
            )
        notes = [note_of(before.quarter_notes, q) for q in QUARTERS]
        notes[n - 1] = note
        while notes and notes[-1] == QuarterNote():
            notes.pop()
        saved = w.save_sasaran(replace(before, quarter_notes=tuple(notes)))
        changed = [
            name
            for name in ("pendorong", "penghambat", "tindak_lanjut")
            if getattr(stored, name) != getattr(note, name)
        ]
        w.audit_log(
            "sasaran.triwulan",
            year=report.year,
            target=f"sasaran {sasaran_code}",
            note=f"{quarter_label(n)}: " + (", ".join(changed) or "tanpa perubahan"),
        )
        w.bump_report(report.year)
        return saved


# The Manual IK fields ``save_manual_ik`` sets (with the indicator's own polarity, negative
# formula, data source and bidang).
MANUAL_IK_FIELDS = (
    "definisi", "tujuan", "formula_text", "aggregation", "capaian_cap", "pembilang", "penyebut",
    "rasio_factor", "polarity", "negative_formula", "data_source", "bidang", "satuan",
)  # fmt: skip


@usecase_with(fields_of=Indicator)
def save_manual_ik(ctx: Context, year: int | None, code: str, **values: Any) -> Indicator:
    """Set an indicator's definition (Manual IK): only the fields given change. Saved as an
    indicator save (same checks and audit)."""
    unknown = set(values) - set(MANUAL_IK_FIELDS)
    if unknown:
        raise UseCaseError(f"Isian Manual IK tidak dikenal: {', '.join(sorted(unknown))}.")
    cap = values.get("capaian_cap")
    if cap is not None and cap <= 0:
        raise UseCaseError("Batas atas capaian harus lebih dari 0 %.")
    if values.get("rasio_factor") is not None and values["rasio_factor"] <= 0:
        raise UseCaseError("Pengali rasio harus lebih dari 0.")
    with ctx.store.read() as r:
        chosen = year_or_current(r, year)
        item: Indicator = _find(r.indicators(chosen), code, "Indikator")
    return save_indicator(ctx, chosen, replace(item, **values))


# -- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    indicator: Indicator
    figure: QuarterFigure
    year: YearValue
    missing: tuple[int, ...]  # quarters 1..n without target or realisasi


@dataclass(frozen=True, slots=True)
class BudgetRow:
    line: BudgetLine
    to_date: BudgetToDate
    year: YearValue
    missing: tuple[int, ...]  # quarters 1..n without spending (lines with a pagu only)


@dataclass(frozen=True, slots=True)
class QuarterView:
    """What quarter ``quarter`` of a year shows: per indicator and budget line the figures to
    date, per sasaran the quarter's note, and the quarters still missing data."""

    year: int
    quarter: int
    data: YearData
    indicators: tuple[IndicatorRow, ...]
    budget: tuple[BudgetRow, ...]
    fill: Fill

    def note(self, sasaran: Sasaran) -> QuarterNote:
        return note_of(sasaran.quarter_notes, self.quarter)

    @property
    def missing_quarters(self) -> tuple[int, ...]:
        """The quarters 1..n some indicator or budget line still lacks data for."""
        gaps = [row.missing for row in self.indicators] + [row.missing for row in self.budget]
        return tuple(sorted({q for missing in gaps for q in missing}))


def _budget_row(
    line: BudgetLine, lines: tuple[BudgetLine, ...], spending: list[BudgetLine], n: int
) -> BudgetRow:
    summed = rolled_up(line, lines, spending)
    missing: tuple[int, ...] = ()
    if any(b.id == line.id for b in spending):
        missing = tuple(q for q in range(1, n + 1) if at(line.realisasi_tw, q) is None)
    return BudgetRow(line, budget_to_date(summed, n), budget_year_value(summed), missing)


def view_of(data: YearData, n: int) -> QuarterView:
    """The quarter view of one year's data (pure). A programme or kegiatan row shows the sums of
    the sub kegiatan below it; only those are counted as missing."""
    spending = spending_lines(data.budget)
    return QuarterView(
        year=data.report.year,
        quarter=n,
        data=data,
        indicators=tuple(
            IndicatorRow(i, quarter_figure(i, n), year_value(i), missing_quarters(i, n))
            for i in data.indicators
        ),
        budget=tuple(_budget_row(b, data.budget, spending, n) for b in data.budget),
        fill=fill(data.indicators, data.budget, n),
    )


@usecase
def quarter_view(ctx: Context, year: int | None = None, n: int | None = None) -> QuarterView:
    """Quarter ``n`` (default: the one being monitored now, ``current_quarter``) of a year."""
    with ctx.store.read() as r:
        chosen = year_or_current(r, year)
        data = r.year_data(chosen)
    quarter = current_quarter(chosen, ctx.now().date()) if n is None else _quarter(n)
    return view_of(data, quarter)


# -- the quarterly report's number ------------------------------------------------------------

QUARTER_REPORT_PURPOSE = "Laporan Monitoring Triwulan"


def quarter_purpose(n: int) -> str:
    """The register's purpose of quarter ``n``'s report: ``Laporan Monitoring Triwulan II``."""
    return f"{QUARTER_REPORT_PURPOSE} {ROMAN[n]}"


@usecase
def number_quarter_report(ctx: Context, year: int | None, n: int) -> tuple[Letter, bool]:
    """Give quarter ``n``'s monitoring report its number from the office register when it is
    sent (the letter's numbering: the role of the letter step or an admin, never a number twice);
    a report already numbered keeps its number. Returns it and whether it is new."""
    from models import workflow as wf
    from usecases.reporting import actor_of, sop_of

    n = _quarter(n)
    with ctx.store.write(ctx.account, ctx.now()) as w:
        chosen = year_or_current(w, year)
        role = sop_of(w).step(wf.LETTER_STEP).role
        actor = actor_of(w, ctx.account)
        if not actor.known or (actor.role is not role and not actor.is_admin):
            raise UseCaseError(
                f"Nomor laporan triwulan diberikan oleh {role.label} (atau admin) dari register "
                f"surat; akun '{ctx.account}' tidak berwenang."
            )
        purpose = quarter_purpose(n)
        existing = [x for x in w.letters(chosen) if x.purpose == purpose]
        if existing:
            return existing[-1], False
        letter = w.issue_letter(chosen, w.profile(), purpose)
        w.audit_log("surat.nomor", year=chosen, target=letter.number, note=purpose)
        return letter, True
