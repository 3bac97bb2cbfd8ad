"""Step 2 and step 4: the data collection workbooks out to the bidang, and their return.

``export_forms`` writes one XLSX workbook per bidang (never over an existing file: a free name
with a numbered suffix is chosen and reported). ``import_file`` reads a filled workbook or a CSV
file back: every row is validated first and every problem reported with its row, column and
reason; nothing changes unless the file is clean or the caller asks for the valid rows only.
Records are matched by code, so importing the same file twice changes nothing the second time.
Each changed record gets an audit entry with the before/after of its numbers, plus one summary
entry; a workbook returned by a bidang ticks that bidang on the step-4 checklist in the same
transaction.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from models import given as gv
from models import workflow as wf
from models.budget import level_of_code
from models.domain import (
    BidangReturn,
    BudgetLine,
    Change,
    ExportRecord,
    GivenValue,
    Indicator,
    Report,
    Sasaran,
)
from store import files
from store.repo import Reader, Writer, audit_changes, new_id
from usecases.context import Context
from usecases.remote import usecase, usecase_with
from usecases.reporting import UseCaseError, actor_of, require_known, year_or_current

__all__ = [
    "FormExport",
    "ImportResult",
    "Mismatch",
    "Problem",
    "RecordChange",
    "export_forms",
    "import_file",
]

INDICATOR_REQUIRED = ("kode_sasaran", "kode_indikator", "indikator", "satuan", "polaritas",
                      "target", "realisasi")  # fmt: skip
BUDGET_REQUIRED = ("kode", "program", "pagu", "realisasi")
# Limits of one import: a filled workbook of every bidang is a few thousand rows and well under
# 1 MB; past these a file is a mistake (or worse), and reading it would hold up everyone.
IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_ROWS = 20_000
_HISTORY = re.compile(r"realisasi_(\d{4})")
# Quarter cells: an indicator's target_tw1..4 and realisasi_tw1..4 (a rasio indicator's
# pembilang_tw / penyebut_tw instead of the realisasi); a budget line's rencana_tw, realisasi_tw.
QUARTER_COLUMN = re.compile(r"(target|realisasi|pembilang|penyebut|rencana)_tw([1-4])")
_QUARTER_KINDS = {
    "indikator": ("target", "realisasi", "pembilang", "penyebut"),
    "anggaran": ("rencana", "realisasi"),
}


# -- export -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormExport:
    bidang: str
    path: Path
    indicators: int
    budget_lines: int
    renamed: bool  # the plain name was taken, so a numbered one was used
    sha256: str  # of the bytes written


def _write_new(path: Path, data: bytes, ours: frozenset[str] = frozenset()) -> tuple[Path, bool]:
    """Write ``data`` as a new file at ``path`` if that name is free, else at ``name (2).ext``,
    ``name (3).ext``...: never over an old file or a link (``store.files.write_file``).

    A name held by one of our own earlier exports, untouched since (its SHA-256 in ``ours``),
    is reused: exporting again (one bidang, then all) gives the same names, while a workbook
    a bidang filled in is never overwritten."""
    candidate, n = path, 1
    while True:
        try:
            files.write_file(candidate, data, overwrite=_is_ours(candidate, ours))
            return candidate, n > 1
        except FileExistsError:
            n += 1
            candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        except OSError as exc:
            raise UseCaseError(
                f"Berkas {candidate} tidak dapat ditulis: {exc.strerror or exc}."
            ) from None


def _is_ours(path: Path, ours: frozenset[str]) -> bool:
    """Whether ``path`` is a regular file (not a link) holding one of our exports' bytes."""
    if not ours or path.is_symlink() or not path.is_file():
        return False
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() in ours
    except OSError:
        return False


@usecase_with(outputs=("out_dir",))
def export_forms(
    ctx: Context,
    *,
    year: int | None = None,
    bidang: str | None = None,
    out_dir: Path | None = None,
    quarter: int = 0,
) -> list[FormExport]:
    """Write the step-2 workbook of each bidang (or of one) into ``out_dir``; with ``quarter``
    (1..4) the workbook of that quarter (its columns too, its name ending ``-TW2``)."""
    from exporters.workbook import build_form

    with ctx.store.read() as r:
        require_known(r, ctx.account, "Ekspor format data")
        chosen = year_or_current(r, year)
        data = r.year_data(chosen)
        ours = frozenset(x.sha256 for x in r.exports(chosen) if x.kind == "form")
    targets = data.bidang
    if bidang is not None:
        targets = tuple(b for b in data.bidang if b.code.lower() == bidang.lower())
        if not targets:
            known = ", ".join(b.code for b in data.bidang) or "belum ada bidang"
            raise UseCaseError(f"Bidang '{bidang}' tidak ada. Pilihan: {known}.")
    if not targets:
        raise UseCaseError("Belum ada bidang; tambahkan bidang dulu (layar Bidang).")
    if quarter not in (0, 1, 2, 3, 4):
        raise UseCaseError(f"Triwulan {quarter} tidak ada; pilih 1, 2, 3 atau 4.")
    folder = out_dir or ctx.out_dir() / f"format-data-{chosen}"
    try:
        files.make_folder(folder)
    except OSError as exc:
        raise UseCaseError(f"Folder {folder} tidak dapat dibuat: {exc.strerror}.") from None
    done: list[FormExport] = []
    for b in targets:
        safe_code = re.sub(r"[^A-Za-z0-9_-]", "_", b.code)
        indicators = tuple(i for i in data.indicators if i.bidang == b.code)
        budget = tuple(x for x in data.budget if x.bidang == b.code)
        workbook = build_form(
            profile=data.profile,
            year=chosen,
            bidang=b,
            sasaran=data.sasaran,
            indicators=indicators,
            budget=budget,
            quarter=quarter,
        )
        tw = f"-TW{quarter}" if quarter else ""
        path, renamed = _write_new(
            folder / f"Format-Data-LAKIP-{chosen}-{safe_code}{tw}.xlsx", workbook, ours
        )
        digest = hashlib.sha256(workbook).hexdigest()
        done.append(FormExport(b.code, path, len(indicators), len(budget), renamed, digest))
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        rev = w.report(chosen).rev
        for item in done:
            w.add_export(
                ExportRecord(
                    id=new_id(),
                    kind="form",
                    year=chosen,
                    path=str(item.path),
                    sha256=item.sha256,
                    data_rev=rev,
                    at=now,
                    by=ctx.account,
                )
            )
        w.audit_log(
            "format.ekspor",
            year=chosen,
            target="format pengumpulan data",
            note=", ".join(f"{x.bidang}: {x.path.name}" for x in done),
        )
    return done


# -- import: reading --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one row (or the file) cannot be taken; ``row`` 0 means the whole file."""

    row: int
    column: str
    message: str
    sheet: str = ""

    def text(self) -> str:
        where = f"lembar {self.sheet}, " if self.sheet else ""
        place = f"{where}baris {self.row}" if self.row else (where.rstrip(", ") or "berkas")
        column = f", kolom {self.column}" if self.column else ""
        return f"{place}{column}: {self.message}"


@dataclass(frozen=True, slots=True)
class RecordChange:
    kind: str  # "sasaran", "indikator", "anggaran"
    code: str
    new: bool
    changes: tuple[Change, ...]

    def text(self) -> str:
        if self.new:
            return f"{self.kind} {self.code}: baru"
        parts = "; ".join(c.line() for c in self.changes)
        return f"{self.kind} {self.code}: {parts}"


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A ``serapan``, ``sisa`` or ``capaian`` the file gives that disagrees with the value computed
    from the row's own numbers (``models.given``)."""

    row: int
    kind: str  # "anggaran", "indikator"
    code: str
    disagreement: gv.Disagreement
    sheet: str = ""

    def text(self) -> str:
        where = f"lembar {self.sheet}, " if self.sheet else ""
        return (
            f"{where}baris {self.row} ({self.kind} {self.code}): {gv.describe(self.disagreement)}"
        )


@dataclass(frozen=True, slots=True)
class ImportResult:
    path: Path
    year: int
    kinds: tuple[str, ...]
    rows: int
    problems: tuple[Problem, ...]
    changes: tuple[RecordChange, ...]
    applied: bool
    dry_run: bool
    skipped_rows: int = 0
    bidang_returned: str = ""
    unchanged: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    # columns no rule reads, named once per table; they are ignored
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # given serapan/sisa/capaian that contradict the computed ones: the import is refused unless
    # they are accepted (then ``mismatches_accepted`` and they are audited)
    mismatches: tuple[Mismatch, ...] = field(default_factory=tuple)
    mismatches_accepted: bool = False


@dataclass(frozen=True, slots=True)
class _Table:
    sheet: str
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, Any]], ...]


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UseCaseError(
            f"{name} bukan teks UTF-8 (baris {line}). Simpan ulang sebagai 'CSV UTF-8' dari "
            "program lembar kerja Anda."
        ) from None


def _normalise_header(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip().lower())


def _too_many_rows(name: str) -> UseCaseError:
    limit = f"{IMPORT_MAX_ROWS:,}".replace(",", ".")
    return UseCaseError(
        f"{name} berisi lebih dari {limit} baris data; satu impor paling banyak {limit} baris. "
        "Bagi berkas menjadi beberapa bagian lalu impor satu per satu. Tidak ada yang diubah."
    )


def _read_csv(path: Path) -> _Table:
    """A CSV file, ``;`` or ``,`` separated (whichever the header line uses more), UTF-8 with or
    without BOM."""
    text = _decode(path.read_bytes(), path.name)
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first:
        raise UseCaseError(f"{path.name} kosong.")
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] = ()
    header_row = 0
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        records = list(reader)
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 KiB field limit
        raise UseCaseError(
            f"{path.name} tidak dapat dibaca sebagai CSV (baris {reader.line_num}): isi sel "
            f"terlalu panjang atau tanda kutip tidak berpasangan ({exc})."
        ) from None
    for number, record in enumerate(records, start=1):
        if not header:
            if not any(c.strip() for c in record):
                continue
            header = tuple(_normalise_header(c) for c in record)
            header_row = number
            continue
        if not any(c.strip() for c in record):
            continue
        if len(rows) >= IMPORT_MAX_ROWS:
            raise _too_many_rows(path.name)
        values: dict[str, Any] = {h: v for h, v in zip(header, record, strict=False) if h}
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            values["__extra__"] = len(record) - len(header)
        rows.append((number, values))
    return _Table("", header_row, header, tuple(rows))


def _read_tables(path: Path) -> tuple[list[_Table], dict[str, str]]:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UseCaseError(f"Berkas {path} tidak ada.") from None
    except OSError as exc:
        raise UseCaseError(f"Berkas {path} tidak dapat dibuka: {exc.strerror}.") from None
    if not stat.S_ISREG(st.st_mode):
        raise UseCaseError(f"{path} bukan berkas biasa; impor membaca berkas .xlsx atau .csv.")
    if st.st_size > IMPORT_MAX_BYTES:
        raise UseCaseError(
            f"{path.name} terlalu besar ({st.st_size / 1024 / 1024:.1f} MB); satu impor paling "
            f"besar {IMPORT_MAX_BYTES // 1024 // 1024} MB. Periksa bahwa berkasnya benar, atau "
            "bagi menjadi beberapa berkas. Tidak ada yang diubah."
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from exporters.workbook import TooManyRows, read_workbook

        try:
            content = read_workbook(path, max_rows=IMPORT_MAX_ROWS)
        except TooManyRows:
            raise _too_many_rows(path.name) from None
        except ValueError as exc:
            raise UseCaseError(str(exc)) from None
        tables = [_Table(t.sheet, t.header_row, t.headers, t.rows) for t in content.tables]
        return tables, content.meta
    if suffix in (".csv", ".txt"):
        return [_read_csv(path)], {}
    raise UseCaseError(
        f"{path.name}: jenis berkas tidak dikenal; impor menerima .xlsx (format data) atau .csv."
    )


def _kind(headers: tuple[str, ...]) -> str | None:
    keys = set(headers)
    if "kode_indikator" in keys:
        return "indikator"
    if "kode" in keys and ("pagu" in keys or "program" in keys):
        return "anggaran"
    return None


# -- import: validating -----------------------------------------------------------------------


@dataclass
class _Plan:
    problems: list[Problem] = field(default_factory=list)
    bad_rows: set[tuple[str, int]] = field(default_factory=set)
    indicator_rows: list[tuple[str, int, Any]] = field(default_factory=list)
    budget_rows: list[tuple[str, int, Any]] = field(default_factory=list)
    rows: int = 0
    warnings: list[str] = field(default_factory=list)
    # per (sheet, row): the serapan/sisa/capaian the file gives
    given: dict[tuple[str, int], dict[str, Decimal]] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)

    def refuse(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message, sheet))
        if row:
            self.bad_rows.add((sheet, row))


_COLUMN_OF = {"history": "realisasi_<tahun>"}


def _known_columns(kind: str) -> set[str]:
    from usecases.inputs import BudgetRow, IndicatorRow

    if kind == "indikator":
        return (set(IndicatorRow.model_fields) - {"history"}) | set(gv.INDICATOR_GIVEN)
    return set(BudgetRow.model_fields) | set(gv.BUDGET_GIVEN)


def _unknown_columns(table: _Table, kind: str) -> str | None:
    known = _known_columns(kind)
    unknown = [
        h
        for h in dict.fromkeys(table.headers)
        if h and h not in known and not _HISTORY.fullmatch(h)
    ]
    if not unknown:
        return None
    where = f"lembar {table.sheet}: " if table.sheet else ""
    return (
        f"{where}kolom tidak dikenal diabaikan: {', '.join(unknown)}. Periksa ejaan judul kolom "
        "bila kolom itu seharusnya diimpor."
    )


def _given_values(
    table: _Table, number: int, raw: dict[str, Any], columns: tuple[str, ...], plan: _Plan
) -> None:
    """Take the given serapan/sisa/capaian out of ``raw`` (kept aside for the comparison)."""
    from models.numbers import NumberError
    from usecases.inputs import parse_money, parse_optional_number

    given: dict[str, Decimal] = {}
    for column in columns:
        if column not in raw:
            continue
        cell = raw.pop(column)
        try:
            value = parse_money(cell) if column == "sisa" else parse_optional_number(cell)
        except NumberError as exc:
            plan.refuse(table.sheet, number, column, str(exc))
            continue
        if value is not None:
            given[column] = value
    if given:
        plan.given[(table.sheet, number)] = given


def _validate_rows(tables: list[_Table], plan: _Plan) -> None:
    from models.numbers import NumberError
    from usecases.inputs import BudgetRow, IndicatorRow, parse_optional_number, validate

    for table in tables:
        kind = _kind(table.headers)
        if kind is None:
            plan.refuse(
                table.sheet,
                0,
                "",
                "jenis data tidak dikenali dari judul kolom ("
                + ", ".join(h for h in table.headers if h)
                + "). Indikator perlu kolom kode_indikator; anggaran perlu kode, program, pagu, "
                "realisasi.",
            )
            continue
        required = INDICATOR_REQUIRED if kind == "indikator" else BUDGET_REQUIRED
        missing = [c for c in required if c not in table.headers]
        if missing:
            plan.refuse(
                table.sheet,
                table.header_row,
                ", ".join(missing),
                "kolom wajib tidak ada pada baris judul.",
            )
            continue
        if (warning := _unknown_columns(table, kind)) is not None:
            plan.warnings.append(warning)
        for number, values in table.rows:
            plan.rows += 1
            if "__extra__" in values:
                plan.refuse(
                    table.sheet,
                    number,
                    "",
                    f"baris berisi {values['__extra__']} kolom lebih banyak dari judul; periksa "
                    "pemisah (; atau ,) dan tanda kutip.",
                )
                continue
            raw = dict(values)
            _given_values(
                table, number, raw, gv.INDICATOR_GIVEN if kind == "indikator" else gv.BUDGET_GIVEN,
                plan,
            )  # fmt: skip
            if kind == "indikator":
                history: dict[int, Any] = {}
                for key in list(raw):
                    m = _HISTORY.fullmatch(key)
                    if m:
                        history[int(m[1])] = raw.pop(key)
                parsed_history: dict[int, Decimal] = {}
                for y, cell in history.items():
                    try:
                        value = parse_optional_number(cell)
                    except NumberError as exc:
                        plan.refuse(table.sheet, number, f"realisasi_{y}", str(exc))
                        continue
                    if value is not None:
                        parsed_history[y] = value
                raw["history"] = parsed_history
                raw["quarters"] = _quarter_cells(raw, kind, table.sheet, number, plan)
                model, problems = validate(IndicatorRow, raw)
                for p in problems:
                    plan.refuse(table.sheet, number, _COLUMN_OF.get(p.field, p.field), p.message)
                if model is not None and (table.sheet, number) not in plan.bad_rows:
                    for col in ("indikator", "satuan"):
                        if not getattr(model, col):
                            plan.refuse(table.sheet, number, col, "wajib diisi.")
                    if model.polaritas is None:
                        plan.refuse(
                            table.sheet, number, "polaritas", "wajib diisi: positif atau negatif."
                        )
                    if (table.sheet, number) not in plan.bad_rows:
                        plan.indicator_rows.append((table.sheet, number, model))
            else:
                raw["quarters"] = _quarter_cells(raw, kind, table.sheet, number, plan)
                bmodel, problems = validate(BudgetRow, raw)
                for p in problems:
                    plan.refuse(table.sheet, number, p.field, p.message)
                if bmodel is not None and (table.sheet, number) not in plan.bad_rows:
                    if not bmodel.program:
                        plan.refuse(table.sheet, number, "program", "wajib diisi.")
                    else:
                        plan.budget_rows.append((table.sheet, number, bmodel))


def _quarter_cells(
    raw: dict[str, Any], kind: str, sheet: str, number: int, plan: _Plan
) -> dict[str, Decimal]:
    """The quarter cells of a row taken out of ``raw`` and read (an empty cell leaves the stored
    value); a cell that is no number, or a count or amount below zero, refused with its row."""
    from models.numbers import NumberError
    from usecases.inputs import parse_money, parse_optional_number

    out: dict[str, Decimal] = {}
    for key in list(raw):
        m = QUARTER_COLUMN.fullmatch(key)
        if m is None:
            continue
        cell = raw.pop(key)
        if m[1] not in _QUARTER_KINDS[kind]:
            plan.refuse(sheet, number, key, f"kolom ini bukan untuk data {kind}.")
            continue
        parse = parse_money if kind == "anggaran" else parse_optional_number
        try:
            value = parse(cell)
        except NumberError as exc:
            plan.refuse(sheet, number, key, str(exc))
            continue
        if value is None:
            continue
        if value < 0 and (kind == "anggaran" or m[1] in ("pembilang", "penyebut")):
            plan.refuse(sheet, number, key, "tidak boleh negatif.")
            continue
        out[key] = value
    return out


_R = TypeVar("_R", Indicator, BudgetLine)


def _check_quarters(reader: Reader, year: int, plan: _Plan) -> None:
    """A rasio indicator takes its quarters' numerator and denominator (its realisasi is
    computed); another indicator its realisasi: the other cells refused with their row."""
    from models.domain import Aggregation

    kinds = {i.code: i.aggregation for i in reader.indicators(year)}
    kept: list[tuple[str, int, Any]] = []
    for sheet, number, row in plan.indicator_rows:
        rasio = kinds.get(row.kode_indikator, Aggregation.NILAI_AKHIR) is Aggregation.RASIO
        wrong = [
            key
            for key in row.quarters
            if key.startswith("realisasi_tw" if rasio else ("pembilang_tw", "penyebut_tw"))
        ]
        for key in wrong:
            plan.refuse(
                sheet, number, key,
                f"indikator {row.kode_indikator} berjenis rasio: isi pembilang_tw dan "
                "penyebut_tw, realisasinya dihitung." if rasio else
                f"pembilang/penyebut hanya untuk indikator berjenis rasio; isi realisasi_tw "
                f"indikator {row.kode_indikator}.",
            )  # fmt: skip
        if not wrong:
            kept.append((sheet, number, row))
    plan.indicator_rows = kept


def _with_quarters(record: _R, cells: dict[str, Decimal]) -> _R:
    """``record`` with the quarter cells given put in (``target_tw2`` -> ``target_tw``)."""
    from models.quarters import with_quarter

    for key, value in sorted(cells.items()):
        attr, n = key[:-1], int(key[-1])
        new: dict[str, Any] = {attr: with_quarter(getattr(record, attr), n, value)}
        record = replace(record, **new)
    return record


def _check_against_store(reader: Reader, year: int, plan: _Plan) -> None:
    """Cross checks: codes that must exist, duplicates within the file."""
    sasaran = {s.code for s in reader.sasaran(year)}
    bidang = {b.code for b in reader.bidang()}
    seen: dict[str, int] = {}
    new_sasaran: set[str] = set()
    kept: list[tuple[str, int, Any]] = []
    for sheet, number, row in plan.indicator_rows:
        ok = True
        if row.kode_indikator in seen:
            plan.refuse(
                sheet,
                number,
                "kode_indikator",
                f"'{row.kode_indikator}' sudah ada di baris {seen[row.kode_indikator]}.",
            )
            ok = False
        seen.setdefault(row.kode_indikator, number)
        if row.kode_sasaran not in sasaran and row.kode_sasaran not in new_sasaran:
            if row.sasaran:
                new_sasaran.add(row.kode_sasaran)
            else:
                plan.refuse(
                    sheet,
                    number,
                    "kode_sasaran",
                    f"sasaran '{row.kode_sasaran}' belum ada; isi kolom sasaran dengan namanya "
                    "agar sasaran dibuat.",
                )
                ok = False
        if row.bidang and row.bidang not in bidang:
            plan.refuse(sheet, number, "bidang", f"bidang '{row.bidang}' tidak ada.")
            ok = False
        if ok:
            kept.append((sheet, number, row))
    plan.indicator_rows = kept
    seen_b: dict[str, int] = {}
    kept_b: list[tuple[str, int, Any]] = []
    for sheet, number, row in plan.budget_rows:
        ok = True
        if row.kode in seen_b:
            plan.refuse(
                sheet, number, "kode", f"'{row.kode}' sudah ada di baris {seen_b[row.kode]}."
            )
            ok = False
        seen_b.setdefault(row.kode, number)
        if row.kode_sasaran and row.kode_sasaran not in sasaran | new_sasaran:
            plan.refuse(sheet, number, "kode_sasaran", f"sasaran '{row.kode_sasaran}' tidak ada.")
            ok = False
        if row.bidang and row.bidang not in bidang:
            plan.refuse(sheet, number, "bidang", f"bidang '{row.bidang}' tidak ada.")
            ok = False
        if ok:
            kept_b.append((sheet, number, row))
    plan.budget_rows = kept_b


# -- import: applying -------------------------------------------------------------------------


def _indicator_after(before: Indicator | None, row: Any, year: int) -> Indicator:
    base = before or Indicator(
        id=new_id(), year=year, sasaran_code=row.kode_sasaran, code=row.kode_indikator, name="",
        formula_chosen=False,
    )  # fmt: skip
    history = dict(base.history)
    history.update(row.history)
    after = replace(
        base,
        sasaran_code=row.kode_sasaran,
        name=row.indikator or base.name,
        satuan=row.satuan or base.satuan,
        polarity=row.polaritas or base.polarity,
        negative_formula=row.rumus_negatif or base.negative_formula,
        formula_chosen=base.formula_chosen or bool(row.rumus_negatif),
        target=row.target if row.target is not None else base.target,
        realisasi=row.realisasi if row.realisasi is not None else base.realisasi,
        history=history,
        renstra_target=row.target_renstra
        if row.target_renstra is not None
        else base.renstra_target,
        renstra_period=row.periode_renstra or base.renstra_period,
        national_standard=(
            row.standar_nasional if row.standar_nasional is not None else base.national_standard
        ),
        bidang=row.bidang or base.bidang,
        data_source=row.sumber_data or base.data_source,
    )
    return _with_quarters(after, row.quarters)


def _budget_after(before: BudgetLine | None, row: Any, year: int) -> BudgetLine:
    base = before or BudgetLine(
        id=new_id(), year=year, code=row.kode, name="", level=level_of_code(row.kode)
    )
    after = replace(
        base,
        name=row.program or base.name,
        level=row.tingkat or base.level,
        pagu=row.pagu if row.pagu is not None else base.pagu,
        realisasi=row.realisasi if row.realisasi is not None else base.realisasi,
        sasaran_code=row.kode_sasaran or base.sasaran_code,
        bidang=row.bidang or base.bidang,
    )
    return _with_quarters(after, row.quarters)


def _changes(reader: Reader, year: int, plan: _Plan) -> tuple[list[Any], list[RecordChange], int]:
    """The records to save (new or changed) and their descriptions; unchanged rows counted."""
    by_code = {i.code: i for i in reader.indicators(year)}
    sasaran = {s.code: s for s in reader.sasaran(year)}
    budget = {b.code: b for b in reader.budget(year)}
    saves: list[Any] = []
    described: list[RecordChange] = []
    unchanged = 0
    order = max((s.order for s in sasaran.values()), default=0)
    last_order: dict[str, int] = {}  # per sasaran: the highest indicator order
    for i in by_code.values():
        last_order[i.sasaran_code] = max(last_order.get(i.sasaran_code, 0), i.order)
    for sheet, number, row in plan.indicator_rows:
        if row.kode_sasaran not in sasaran:
            order += 1
            new = Sasaran(
                id=new_id(), year=year, code=row.kode_sasaran, name=row.sasaran, order=order
            )
            sasaran[new.code] = new
            saves.append(new)
            described.append(RecordChange("sasaran", new.code, True, ()))
        before = by_code.get(row.kode_indikator)
        after = _indicator_after(before, row, year)
        if before is None:
            after = replace(after, order=last_order.get(after.sasaran_code, 0) + 1)
            last_order[after.sasaran_code] = after.order
            by_code[after.code] = after
        _compare(plan, sheet, number, after)
        empty = Indicator(id="", year=0, sasaran_code="", code="", name="")
        diff = audit_changes(before or empty, after)
        if before is not None and not diff:
            unchanged += 1
            continue
        saves.append(after)
        described.append(RecordChange("indikator", after.code, before is None, diff))
    # a new budget line takes the order of the highest-ordered line whose code sorts before it
    codes = sorted((b.code, b.order) for b in budget.values())
    code_keys = [c for c, _ in codes]
    best_before: list[int] = []  # best_before[k]: the highest order among codes[:k]
    for _, b_order in codes:
        best_before.append(max(best_before[-1] if best_before else 0, b_order))
    for sheet, number, row in plan.budget_rows:
        bbefore = budget.get(row.kode)
        bafter = _budget_after(bbefore, row, year)
        if bbefore is None:
            k = bisect.bisect_left(code_keys, bafter.code)
            bafter = replace(bafter, order=best_before[k - 1] if k else 0)
        _compare(plan, sheet, number, bafter)
        bempty = BudgetLine(id="", year=0, code="", name="")
        diff = audit_changes(bbefore or bempty, bafter)
        if bbefore is not None and not diff:
            unchanged += 1
            continue
        saves.append(bafter)
        described.append(RecordChange("anggaran", bafter.code, bbefore is None, diff))
    return saves, described, unchanged


def _compare(plan: _Plan, sheet: str, number: int, record: Indicator | BudgetLine) -> None:
    """The row's given values against the record it becomes (what the documents will print)."""
    given = plan.given.get((sheet, number))
    if not given:
        return
    if isinstance(record, Indicator):
        kind, found = (
            "indikator",
            gv.check(gv.INDICATOR_GIVEN, given, partial(gv.indicator_computed, ind=record)),
        )
    else:
        kind, found = (
            "anggaran",
            gv.check(gv.BUDGET_GIVEN, given, partial(gv.budget_computed, line=record)),
        )
    plan.mismatches.extend(Mismatch(number, kind, record.code, d, sheet) for d in found)


def _keep_given(w: Writer, year: int, path: Path, plan: _Plan, accepted: bool) -> None:
    """Record on the report the accepted disagreements (the quality gate warns about them); the
    records this import touched drop their earlier ones."""
    touched = {("indikator", r.kode_indikator) for _, _, r in plan.indicator_rows}
    touched |= {("anggaran", r.kode) for _, _, r in plan.budget_rows}
    report = w.report(year)
    kept = tuple(g for g in report.given_values if (g.kind, g.code) not in touched)
    new = tuple(
        GivenValue(
            kind=m.kind,
            code=m.code,
            column=m.disagreement.column,
            given=m.disagreement.given,
            file=path.name,
            row=m.row,
            sheet=m.sheet,
        )
        for m in (plan.mismatches if accepted else ())
    )
    if kept + new != report.given_values:
        w.save_report(replace(report, given_values=kept + new))


# what an imported record is saved with, and the audit action of its kind
_SAVERS: dict[type, tuple[str, Callable[[Writer, Any], object]]] = {
    Sasaran: ("impor.sasaran", Writer.save_sasaran),
    Indicator: ("impor.indikator", Writer.save_indicator),
    BudgetLine: ("impor.anggaran", Writer.save_budget),
}


def _save_all(w: Writer, year: int, saves: list[Any], described: list[RecordChange]) -> None:
    for record, change in zip(saves, described, strict=True):
        action, save = _SAVERS[type(record)]
        save(w, record)
        w.audit_log(
            action,
            year=year,
            target=f"{change.kind} {change.code}",
            note="baru" if change.new else "diubah",
            changes=change.changes,
        )


@dataclass
class _Import:
    """One import of one file: its rows checked on their own, then against the store (again
    when the store changed in between), and the result told back."""

    path: Path
    tables: list[_Table]
    meta: dict[str, str]
    checked: _Plan
    dry_run: bool
    plan: _Plan = field(init=False)
    returned_bidang: str = field(init=False)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.plan = self.checked
        self.returned_bidang = self.meta.get("bidang", "") if self.meta.get("format") else ""

    def run(self, reader: Reader, chosen: int) -> tuple[list[Any], list[RecordChange], int]:
        """The rows checked against the store as ``reader`` sees it, and the changes."""
        checked = self.checked
        self.plan = plan = replace(
            checked, problems=list(checked.problems), bad_rows=set(checked.bad_rows),
            indicator_rows=list(checked.indicator_rows), budget_rows=list(checked.budget_rows),
            mismatches=[],
        )  # fmt: skip
        if self.meta.get("tahun") and self.meta["tahun"] != str(chosen):
            plan.refuse(
                "",
                0,
                "",
                f"berkas ini format data tahun {self.meta['tahun']}, bukan tahun {chosen}; "
                f"impor dengan --year {self.meta['tahun']}.",
            )
        _check_against_store(reader, chosen, plan)
        _check_quarters(reader, chosen, plan)
        return _changes(reader, chosen, plan)

    def result(
        self,
        chosen: int,
        described: list[RecordChange],
        unchanged: int,
        applied: bool,
        accepted: bool = False,
    ) -> ImportResult:
        kinds = tuple(
            k for k in ("indikator", "anggaran") if any(_kind(t.headers) == k for t in self.tables)
        )
        return ImportResult(
            path=self.path,
            year=chosen,
            kinds=kinds,
            rows=self.plan.rows,
            problems=tuple(self.plan.problems),
            changes=tuple(described),
            applied=applied,
            dry_run=self.dry_run,
            skipped_rows=len(self.plan.bad_rows),
            bidang_returned=self.returned_bidang if applied else "",
            unchanged=unchanged,
            notes=tuple(self.notes),
            warnings=tuple(self.plan.warnings),
            mismatches=tuple(self.plan.mismatches),
            mismatches_accepted=accepted and bool(self.plan.mismatches),
        )

    def record_return(self, w: Writer, report: Report, year: int, account: str) -> None:
        """A workbook returned by a bidang ticks it on the step-4 checklist (an unknown bidang
        is told, not recorded)."""
        code = self.returned_bidang
        if not code:
            return
        if code not in {b.code for b in w.bidang()}:
            self.notes.append(f"bidang '{code}' pada berkas tidak ada; tidak dicatat.")
            self.returned_bidang = ""
            return
        kept = tuple(x for x in report.returns if x.bidang != code)
        returned = BidangReturn(
            bidang=code, returned_at=w.now, by=account, note=f"impor {self.path.name}"
        )
        w.save_report(replace(report, returns=(*kept, returned)))
        w.audit_log(
            "bidang.terima",
            year=year,
            target=f"bidang {code}",
            note=f"format data terisi diimpor: {self.path.name}",
        )


@usecase
def bidang_of_records(ctx: Context, year: int) -> dict[tuple[str, str], str]:
    """The bidang of each stored indicator and budget line, by ``(kind, code)`` as an import
    names its changes (``RecordChange.kind``, ``.code``): the board groups a preview by it."""
    with ctx.store.read() as r:
        found = {("indikator", i.code): i.bidang for i in r.indicators(year)}
        found |= {("anggaran", b.code): b.bidang for b in r.budget(year)}
    return found


@usecase_with(uploads=("path",))
def import_file(
    ctx: Context,
    path: Path,
    *,
    year: int | None = None,
    valid_only: bool = False,
    dry_run: bool = False,
    accept_mismatches: bool = False,
) -> ImportResult:
    """Validate every row of ``path``, then (unless ``dry_run``) apply the changes in one
    transaction: only when the file is clean, or with ``valid_only`` the valid rows.

    A ``serapan``, ``sisa`` or ``capaian`` the file gives that contradicts the value computed from
    its own numbers refuses the import (nothing written) unless ``accept_mismatches``: then the
    computed values are kept (the documents print them), the differences are audited and
    recorded on the report for the quality gate."""
    tables, meta = _read_tables(path)
    checked = _Plan()
    _validate_rows(tables, checked)
    job = _Import(path, tables, meta, checked, dry_run)
    # Checked and worked out on a snapshot, without the lock; applied under the lock, where it
    # is worked out again only if someone changed the data in between.
    with ctx.store.read() as r:
        chosen = year_or_current(r, year or _meta_year(meta))
        seen = r.version()
        saves, described, unchanged = job.run(r, chosen)
    if dry_run:
        return job.result(chosen, described, unchanged, False, accept_mismatches)

    file_problems = any(
        p.row == 0 or p.row == _header_row(tables, p.sheet) for p in job.plan.problems
    )
    with ctx.store.write(ctx.account, ctx.now()) as w:
        again = year_or_current(w, year or _meta_year(meta))
        report = w.report(again)
        wf.check_editable(report, actor_of(w, ctx.account))
        if (again, w.version()) != (chosen, seen):
            chosen = again
            saves, described, unchanged = job.run(w, chosen)
        plan = job.plan
        file_problems = file_problems or any(p.row == 0 for p in plan.problems)
        if plan.problems and (not valid_only or file_problems):
            return job.result(chosen, described, unchanged, False)
        if plan.mismatches and not accept_mismatches:
            return job.result(chosen, described, unchanged, False)
        _save_all(w, chosen, saves, described)
        job.record_return(w, report, chosen, ctx.account)
        _keep_given(w, chosen, path, plan, accept_mismatches)
        accepted = _accepted_note(plan.mismatches)
        w.audit_log(
            "impor",
            year=chosen,
            target=path.name,
            note=(
                f"{plan.rows} baris; {len(described)} data berubah, {unchanged} tetap"
                + (f", {len(plan.bad_rows)} baris bermasalah dilewati" if plan.bad_rows else "")
                + accepted
            ),
        )
        if described or job.returned_bidang:
            w.bump_report(chosen)
        return job.result(chosen, described, unchanged, True, accept_mismatches)


# the accepted differences the summary audit entry lists (all of them are kept on the report)
AUDITED_MISMATCHES = 100


def _accepted_note(mismatches: list[Mismatch]) -> str:
    if not mismatches:
        return ""
    listed = "; ".join(m.text() for m in mismatches[:AUDITED_MISMATCHES])
    more = len(mismatches) - AUDITED_MISMATCHES
    return (
        f"; {len(mismatches)} selisih diterima (--terima-selisih), dokumen memakai nilai "
        f"hitungan: {listed}" + (f"; ... dan {more} selisih lain" if more > 0 else "")
    )


def _meta_year(meta: dict[str, str]) -> int | None:
    text = meta.get("tahun", "")
    return int(text) if text.isascii() and text.isdigit() else None  # not '²⁰²⁵' (int fails)


def _header_row(tables: list[_Table], sheet: str) -> int:
    return next((t.header_row for t in tables if t.sheet == sheet), -1)
