"""The regency's roll-up (rekap) of the office packages: who is late, how each office performed,
and the indicators several offices share by code. Pure: it receives packages already read
(``models.paket.read_package``) and the files that could not be read, and names every one of them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from models.numbers import format_measure, format_percent
from models.paket import NO_PREDIKAT, PREDIKAT_LABELS, Paket, PaketIndicator
from models.worktime import WorkCalendar, working_days_late

__all__ = [
    "PERCENT_HEADERS",
    "PREDIKAT_LEGEND",
    "PREDIKAT_SHORT",
    "CodeRow",
    "CodeTable",
    "Rejected",
    "Rekap",
    "Table",
    "TimelinessRow",
    "build_rekap",
    "cell_text",
    "code_tables",
    "performance_table",
    "rekap_text",
    "table_text",
    "timeliness_table",
]


@dataclass(frozen=True, slots=True)
class Rejected:
    """A package left out of the tables, and why (shown in every output)."""

    name: str  # the file name
    reason: str
    duplicate_of: str = ""  # for a duplicate: the file that was counted instead


@dataclass(frozen=True, slots=True)
class TimelinessRow:
    name: str
    paket: Paket
    days_late: int | None  # working days after the due date (negative: early); None: no due

    @property
    def state(self) -> str:
        """``tepat waktu``, ``terlambat``, ``belum kirim``, ``belum kirim, lewat`` (past the due
        date), or without a due date ``terkirim``."""
        sent = self.paket.sent_on is not None
        if self.days_late is None:
            return "terkirim" if sent else "belum kirim"
        if sent:
            return "terlambat" if self.days_late > 0 else "tepat waktu"
        return "belum kirim, lewat" if self.days_late > 0 else "belum kirim"


@dataclass(frozen=True, slots=True)
class CodeRow:
    office: str
    indicator: PaketIndicator


@dataclass(frozen=True, slots=True)
class CodeTable:
    code: str
    rows: tuple[CodeRow, ...]


@dataclass(frozen=True, slots=True)
class Rekap:
    folder: str
    due: date | None
    as_of: date
    packages: tuple[tuple[str, Paket], ...]  # (file name, package), counted, by office name
    rejected: tuple[Rejected, ...]
    timeliness: tuple[TimelinessRow, ...]
    by_code: tuple[CodeTable, ...]

    @property
    def predikat_labels(self) -> tuple[str, ...]:
        return PREDIKAT_LABELS

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({p.year for _, p in self.packages}))

    def messages(self) -> list[str]:
        """One Indonesian line per package left out."""
        out = []
        for r in self.rejected:
            if r.duplicate_of:
                out.append(
                    f"{r.name}: GANDA, kantor dan tahun sama dengan {r.duplicate_of} (yang "
                    "dihitung); tidak dihitung"
                )
            else:
                out.append(f"{r.name}: RUSAK, {r.reason}; tidak dihitung")
        return out


def _made(paket: Paket) -> datetime:
    """When a package was made (an unreadable time counts as the oldest)."""
    try:
        made = datetime.fromisoformat(paket.made_at)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return made if made.tzinfo is not None else made.replace(tzinfo=UTC)


def build_rekap(
    folder: str,
    read: Sequence[tuple[str, Paket]],
    bad: Sequence[Rejected],
    *,
    due: date | None,
    as_of: date,
    calendar: WorkCalendar,
) -> Rekap:
    """The roll-up of the packages ``read`` (file name, package; any order) and the files that
    were ``bad``. Of the packages of one office and year the one made last counts (a package
    sent again corrects the earlier one; the first by file name when made at the same moment);
    the others are rejected as duplicates, naming the one counted."""
    groups: dict[tuple[str, str, int], list[tuple[str, Paket]]] = {}
    for name, paket in sorted(read, key=lambda item: item[0]):
        groups.setdefault(paket.key, []).append((name, paket))
    kept: list[tuple[str, Paket]] = []
    rejected = list(bad)
    for items in groups.values():
        newest = max(items, key=lambda item: _made(item[1]))  # max keeps the first of equals
        kept.append(newest)
        rejected.extend(
            Rejected(name, "kantor dan tahun ganda", duplicate_of=newest[0])
            for name, _ in items
            if name != newest[0]
        )
    kept.sort(key=lambda item: (item[1].office.casefold(), item[1].year, item[0]))
    rows = []
    for name, paket in kept:
        late: int | None = None
        if due is not None:
            if paket.sent_on is not None:
                late = working_days_late(calendar, due, paket.sent_on)
            else:  # not sent yet: late by the working days since the due date, if past it
                late = max(0, working_days_late(calendar, due, as_of))
        rows.append(TimelinessRow(name, paket, late))
    codes: dict[str, list[CodeRow]] = {}
    for _, paket in kept:
        for ind in paket.indicators:
            codes.setdefault(ind.code, []).append(CodeRow(paket.office, ind))
    tables = tuple(
        CodeTable(code, tuple(items))
        for code, items in sorted(codes.items())
        if len({r.office for r in items}) > 1
    )
    rejected.sort(key=lambda r: r.name)
    return Rekap(folder, due, as_of, tuple(kept), tuple(rejected), tuple(rows), tables)


def count_of(paket: Paket, label: str) -> int:
    return dict(paket.per_predikat).get(label, 0)


# -- the three tables, as every output shows them ----------------------------------------------

Cell = str | int | Decimal | date | None


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the roll-up: typed cells (numbers stay numbers for the workbook), a column
    is ``numeric`` when right-aligned."""

    title: str
    headers: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[Cell, ...], ...]
    shrink: int = 1  # the column shortened when the text does not fit
    satuan: str = ""  # the unit of its measures (target, realisasi)

    def texts(self) -> list[list[str]]:
        """Every row as printed."""
        return [
            [cell_text(v, percent=h in PERCENT_HEADERS, satuan=self.satuan)
             for v, h in zip(row, self.headers, strict=True)]
            for row in self.rows
        ]  # fmt: skip


def cell_text(value: Cell, *, percent: bool = False, satuan: str = "") -> str:
    """A cell as printed (Indonesian numbers, a measure as the LAKIP prints it in its
    ``satuan``, ``31-03-2026``)."""
    if value is None:
        return "-"
    if isinstance(value, date):
        return f"{value.day:02d}-{value.month:02d}-{value.year}"
    if isinstance(value, Decimal):
        return format_percent(value) if percent else format_measure(value, satuan)
    return str(value)


def timeliness_table(rekap: Rekap) -> Table:
    due = f" (jatuh tempo {cell_text(rekap.due)})" if rekap.due else ""
    return Table(
        title=f"Ketepatan waktu{due}",
        headers=("No", "Perangkat daerah", "Thn", "Langkah", "Tgl TTD", "Tgl kirim", "HK",
                 "Keadaan"),
        numeric=(True, False, True, False, False, False, True, False),
        rows=tuple(
            (n, r.paket.office, r.paket.year, r.paket.step_text, r.paket.signed_on,
             r.paket.sent_on, r.days_late, r.state)
            for n, r in enumerate(rekap.timeliness, start=1)
        ),
    )  # fmt: skip


PREDIKAT_SHORT = {"Sangat Tinggi": "ST", "Tinggi": "T", "Sedang": "S", "Rendah": "R",
                  "Sangat Rendah": "SR", NO_PREDIKAT: "Tanpa"}  # fmt: skip


PREDIKAT_LEGEND = (
    "ST Sangat Tinggi, T Tinggi, S Sedang, R Rendah, SR Sangat Rendah, Tanpa: capaian tak "
    "terhitung. Capaian: rata-rata capaian indikator; Efisiensi: capaian dikurangi serapan."
)


def performance_table(rekap: Rekap) -> Table:
    labels = rekap.predikat_labels
    return Table(
        title="Kinerja per perangkat daerah (jumlah indikator per predikat)",
        headers=("No", "Perangkat daerah", "Ind", *(PREDIKAT_SHORT.get(x, x) for x in labels),
                 "Capaian", "Serapan", "Efisiensi"),
        numeric=(True, False, True, *(True for _ in labels), True, True, True),
        rows=tuple(
            (n, p.office, len(p.indicators), *(count_of(p, x) for x in labels), p.mean_capaian,
             p.serapan, p.efficiency)
            for n, (_, p) in enumerate(rekap.packages, start=1)
        ),
    )  # fmt: skip


def code_tables(rekap: Rekap) -> tuple[Table, ...]:
    out = []
    for t in rekap.by_code:
        first = t.rows[0].indicator
        out.append(
            Table(
                title=f"Indikator {t.code}: {first.name} ({first.satuan})",
                headers=("Perangkat daerah", "Target", "Realisasi", "Capaian", "Predikat"),
                shrink=0,
                satuan=first.satuan,
                numeric=(False, True, True, True, False),
                rows=tuple(
                    (r.office, r.indicator.target, r.indicator.realisasi, r.indicator.capaian,
                     r.indicator.predikat)
                    for r in t.rows
                ),
            )
        )  # fmt: skip
    return tuple(out)


PERCENT_HEADERS = frozenset({"Capaian", "Serapan", "Efisiensi"})


def table_text(table: Table, width: int = 80) -> list[str]:
    """The table as fixed-width lines of at most ``width`` characters: the widest text column
    is shortened (with ``~``) when the whole does not fit."""
    cells = table.texts()
    widths = [max([len(h)] + [len(r[k]) for r in cells]) for k, h in enumerate(table.headers)]
    over = sum(widths) + len(widths) - 1 - width
    if over > 0:
        k = table.shrink
        widths[k] = max(6, widths[k] - over)

    def line(values: Sequence[str]) -> str:
        parts = []
        for v, w, num in zip(values, widths, table.numeric, strict=True):
            v = v if len(v) <= w else v[: w - 1] + "~"
            parts.append(v.rjust(w) if num else v.ljust(w))
        return " ".join(parts).rstrip()

    out = [table.title, line(table.headers), "-" * min(width, sum(widths) + len(widths) - 1)]
    out.extend(line(r) for r in cells)
    return out


def rekap_text(rekap: Rekap, width: int = 80) -> list[str]:
    """The whole roll-up as text lines (stdout without -o)."""
    years = ", ".join(str(y) for y in rekap.years) or "-"
    out = textwrap.wrap(f"Rekap LAKIP perangkat daerah: {rekap.folder}", width)
    out += textwrap.wrap(
        f"{len(rekap.packages)} paket dihitung (tahun {years}), {len(rekap.rejected)} tidak "
        f"dihitung; per {cell_text(rekap.as_of)}",
        width,
    )
    if not rekap.packages and not rekap.rejected:
        out += ["", "Folder ini tidak berisi berkas paket (*.json)."]
    if rekap.rejected:
        out += ["", "Paket tidak dihitung:"]
        for m in rekap.messages():
            out += textwrap.wrap(m, width, initial_indent="  ", subsequent_indent="    ")
    for table in (timeliness_table(rekap), performance_table(rekap), *code_tables(rekap)):
        out += ["", *table_text(table, width)]
        if table.title.startswith("Kinerja"):
            out += textwrap.wrap(PREDIKAT_LEGEND, width)
    if not rekap.by_code:
        out += ["", "Tidak ada kode indikator yang dipakai lebih dari satu perangkat daerah."]
    return out
