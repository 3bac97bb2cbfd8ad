"""The repository: typed records in and out of the data file, revisions, audit, letter numbers.

``Store.read()`` gives a ``Reader`` over one consistent version of the file (no lock);
``Store.write(account)`` gives a ``Writer`` inside one locked transaction. Nothing outside
``store/`` sees TinyDB or the JSON layout.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tinydb import Query
from tinydb.table import Document, Table

from models.domain import (
    COVER_PURPOSE,
    AuditEntry,
    Bidang,
    BudgetLine,
    Change,
    ExportRecord,
    Indicator,
    Letter,
    LetterTemplateError,
    Profile,
    Report,
    Sasaran,
    User,
    YearData,
    letter_number,
)
from models.numbers import to_local
from models.serial import SerialError, from_data, to_data
from store.datafile import APP_ID, META, SCHEMA_VERSION, Data, DataFile, Tx
from store.errors import Conflict, CorruptFile, NotFound, StoreError

T = TypeVar("T")


class _Revised(Protocol):
    @property
    def rev(self) -> int: ...


R = TypeVar("R", bound=_Revised)

PROFILE = "profile"
SETTINGS = "settings"
USERS = "users"
REPORTS = "reports"
SASARAN = "sasaran"
INDICATORS = "indicators"
BUDGET = "budget"
BIDANG = "bidang"
LETTERS = "letters"
EXPORTS = "exports"
AUDIT = "audit"

_q = Query()


def new_id() -> str:
    import uuid  # not needed by read-only commands

    return uuid.uuid4().hex[:12]


def empty_data(now: datetime) -> Data:
    return {
        META: {
            "1": {
                "app": APP_ID,
                "schema": SCHEMA_VERSION,
                "created_at": now.isoformat(),
                "next_id": 1,
                "audit_seq": 0,
                "letter_seq": {},
            }
        }
    }


class Reader:
    def __init__(self, tx: Tx, path: Path) -> None:
        self.tx = tx
        self.path = path

    @property
    def read_only(self) -> bool:
        return self.tx.read_only

    def _table(self, name: str) -> Table:
        return self.tx.db.table(name)

    def _load(self, cls: type[T], doc: dict[str, Any]) -> T:
        try:
            return from_data(cls, doc)
        except SerialError as exc:
            raise CorruptFile(f"Isi berkas data {self.path} tidak sesuai: {exc}") from None

    def _all(self, table: str, cls: type[T], year: int | None = None) -> tuple[T, ...]:
        t = self._table(table)
        docs = t.all() if year is None else t.search(_q.year == year)
        return tuple(self._load(cls, d) for d in docs)

    # -- office -----------------------------------------------------------------------------

    def profile(self) -> Profile:
        doc = self._table(PROFILE).get(doc_id=1)
        if doc is None:
            raise NotFound(
                f"Berkas data {self.path} belum punya profil kantor (pembuatannya terputus?). "
                "Hapus berkas itu dan ulangi 'lakip init'."
            )
        return self._load(Profile, dict(doc))

    def settings(self) -> dict[str, Any]:
        doc = self._table(SETTINGS).get(doc_id=1)
        return {} if doc is None else dict(doc)

    def users(self) -> tuple[User, ...]:
        return tuple(sorted(self._all(USERS, User), key=lambda u: u.account))

    def user(self, account: str) -> User | None:
        doc = self._table(USERS).get(_q.account == account)
        return None if doc is None else self._load(User, dict(doc))

    def bidang(self) -> tuple[Bidang, ...]:
        return tuple(sorted(self._all(BIDANG, Bidang), key=lambda b: (b.order, b.code)))

    # -- reports ----------------------------------------------------------------------------

    def years(self) -> tuple[int, ...]:
        return tuple(sorted(int(d["year"]) for d in self._table(REPORTS).all()))

    def current_year(self) -> int | None:
        years = self.years()
        chosen = self.settings().get("current_year")
        if isinstance(chosen, int) and chosen in years:
            return chosen
        return years[-1] if years else None

    def report(self, year: int) -> Report:
        doc = self._table(REPORTS).get(_q.year == year)
        if doc is None:
            raise NotFound(f"Laporan tahun {year} belum ada.")
        return self._load(Report, dict(doc))

    def reports(self) -> tuple[Report, ...]:
        return tuple(sorted(self._all(REPORTS, Report), key=lambda r: r.year))

    def sasaran(self, year: int) -> tuple[Sasaran, ...]:
        return tuple(sorted(self._all(SASARAN, Sasaran, year), key=lambda s: (s.order, s.code)))

    def indicators(self, year: int) -> tuple[Indicator, ...]:
        items = self._all(INDICATORS, Indicator, year)
        return tuple(sorted(items, key=lambda i: (i.sasaran_code, i.order, i.code)))

    def budget(self, year: int) -> tuple[BudgetLine, ...]:
        return tuple(sorted(self._all(BUDGET, BudgetLine, year), key=lambda b: (b.order, b.code)))

    def letters(self, report_year: int | None = None) -> tuple[Letter, ...]:
        items = self._all(LETTERS, Letter)
        if report_year is not None:
            items = tuple(x for x in items if x.report_year == report_year)
        return tuple(sorted(items, key=lambda x: (x.year, x.seq)))

    def exports(self, year: int | None = None) -> tuple[ExportRecord, ...]:
        return tuple(sorted(self._all(EXPORTS, ExportRecord, year), key=lambda e: e.at))

    def year_data(self, year: int) -> YearData:
        return YearData(
            profile=self.profile(),
            report=self.report(year),
            sasaran=self.sasaran(year),
            indicators=self.indicators(year),
            budget=self.budget(year),
            bidang=self.bidang(),
            users=self.users(),
            letters=self.letters(year),
            exports=self.exports(year),
        )

    def audit(self, year: int | None = None) -> tuple[AuditEntry, ...]:
        items = self._all(AUDIT, AuditEntry)
        if year is not None:
            items = tuple(a for a in items if a.year == year)
        return tuple(sorted(items, key=lambda a: a.seq))


class Writer(Reader):
    """All changes go through here, inside one locked transaction, with their audit entries."""

    def __init__(self, tx: Tx, path: Path, account: str, now: datetime) -> None:
        super().__init__(tx, path)
        self.account = account
        self.now = now

    def _next_id(self) -> int:
        meta = self.tx.meta
        n = int(meta.get("next_id", 1))
        meta["next_id"] = n + 1
        self.tx.touch()
        return n

    def _put(self, table: str, cond: Any, record: Any) -> None:
        t = self._table(table)
        data = to_data(record)
        existing = t.get(cond)
        if existing is None:
            t.insert(Document(data, doc_id=self._next_id()))
        else:
            assert isinstance(existing, Document)
            t.update(data, doc_ids=[existing.doc_id])
            # TinyDB's update merges; drop keys the record no longer has.
            stale = set(existing) - set(data)
            if stale:

                def drop(doc: MutableMapping[str, Any]) -> None:
                    for key in stale:
                        doc.pop(key, None)

                t.update(drop, doc_ids=[existing.doc_id])

    def _checked(self, table: str, cond: Any, record: R, label: str) -> R:
        """Save ``record`` if its ``rev`` is the stored one; return it with ``rev + 1``."""
        doc = self._table(table).get(cond)
        stored_rev = int(doc.get("rev", 0)) if isinstance(doc, dict) else None
        rev = int(record.rev)
        if stored_rev is not None and stored_rev != rev:
            raise Conflict(
                f"{label} sudah diubah orang lain sejak Anda membukanya (revisi {rev}, sekarang "
                f"{stored_rev}). Muat ulang untuk melihat perubahan itu, atau lanjutkan menyunting "
                "lalu simpan lagi setelah memuat ulang."
            )
        if stored_rev is None and rev != 0:
            raise Conflict(f"{label} sudah dihapus orang lain sejak Anda membukanya.")
        saved = replace(record, rev=rev + 1)  # type: ignore[type-var]
        self._put(table, cond, saved)
        return saved

    # -- audit ------------------------------------------------------------------------------

    def audit_log(
        self,
        action: str,
        *,
        year: int | None = None,
        target: str = "",
        note: str = "",
        changes: tuple[Change, ...] = (),
    ) -> AuditEntry:
        meta = self.tx.meta
        seq = int(meta.get("audit_seq", 0)) + 1
        meta["audit_seq"] = seq
        self.tx.touch()
        entry = AuditEntry(
            seq=seq,
            at=self.now,
            account=self.account,
            action=action,
            year=year,
            target=target,
            note=note,
            changes=changes,
        )
        self._table(AUDIT).insert(Document(to_data(entry), doc_id=seq))
        return entry

    # -- office -----------------------------------------------------------------------------

    def save_profile(self, profile: Profile) -> Profile:
        return self._checked(PROFILE, lambda d: True, profile, "Profil instansi")

    def save_settings(self, **values: Any) -> None:
        current = self.settings()
        current.update(values)
        t = self._table(SETTINGS)
        if t.get(doc_id=1) is None:
            t.insert(Document(current, doc_id=1))
        else:
            t.update(current, doc_ids=[1])

    def save_user(self, user: User) -> None:
        self._put(USERS, _q.account == user.account, user)

    def delete_user(self, account: str) -> None:
        removed = self._table(USERS).remove(_q.account == account)
        if not removed:
            raise NotFound(f"Akun '{account}' tidak terdaftar.")

    def save_bidang(self, bidang: Bidang) -> None:
        self._put(BIDANG, _q.code == bidang.code, bidang)

    def delete_bidang(self, code: str) -> None:
        if not self._table(BIDANG).remove(_q.code == code):
            raise NotFound(f"Bidang '{code}' tidak ada.")

    # -- reports ----------------------------------------------------------------------------

    def add_report(self, report: Report) -> None:
        if self._table(REPORTS).get(_q.year == report.year) is not None:
            raise StoreError(f"Laporan tahun {report.year} sudah ada.")
        self._put(REPORTS, _q.year == report.year, report)

    def save_report(self, report: Report) -> Report:
        return self._checked(
            REPORTS, _q.year == report.year, report, f"Laporan tahun {report.year}"
        )

    def bump_report(self, year: int) -> Report:
        """Raise the year's data revision after a change to its data (indicators, budget...)."""
        report = self.report(year)
        return self.save_report(report)

    def save_sasaran(self, item: Sasaran) -> Sasaran:
        return self._checked(SASARAN, _q.id == item.id, item, f"Sasaran {item.code}")

    def save_indicator(self, item: Indicator) -> Indicator:
        return self._checked(INDICATORS, _q.id == item.id, item, f"Indikator {item.code}")

    def save_budget(self, item: BudgetLine) -> BudgetLine:
        return self._checked(BUDGET, _q.id == item.id, item, f"Anggaran {item.code}")

    def delete(self, table: str, record_id: str, rev: int, label: str) -> None:
        doc = self._table(table).get(_q.id == record_id)
        if doc is None:
            raise NotFound(f"{label} tidak ada lagi (mungkin sudah dihapus orang lain).")
        assert isinstance(doc, Document)
        if int(doc.get("rev", 0)) != rev:
            raise Conflict(f"{label} sudah diubah orang lain; muat ulang sebelum menghapus.")
        self._table(table).remove(doc_ids=[doc.doc_id])

    # -- letters and exports ----------------------------------------------------------------

    def issue_letter(
        self, report_year: int, profile: Profile, purpose: str = COVER_PURPOSE
    ) -> Letter:
        """Take the next number of this calendar year's register (one register for the surat
        pengantar and the Nota Dinas to the bidang). Never issued twice."""
        meta = self.tx.meta
        counters = meta.setdefault("letter_seq", {})
        year = to_local(self.now, profile.timezone).year  # the office's calendar year
        seq = int(counters.get(str(year), 0)) + 1
        try:
            number = letter_number(
                profile.letter_template, klasifikasi=profile.letter_klasifikasi, urut=seq,
                singkatan=profile.office_short, tahun=year, tahun_laporan=report_year,
            )  # fmt: skip
        except LetterTemplateError as exc:
            raise StoreError(str(exc)) from None
        counters[str(year)] = seq
        self.tx.touch()
        letter = Letter(
            id=new_id(),
            year=year,
            report_year=report_year,
            seq=seq,
            number=number,
            issued_at=self.now,
            issued_by=self.account,
            purpose=purpose,
        )
        self._put(LETTERS, _q.id == letter.id, letter)
        return letter

    def add_export(self, record: ExportRecord) -> None:
        self._put(EXPORTS, _q.id == record.id, record)


class Store:
    """Opens the data file; ``read()`` for a consistent view, ``write()`` for a transaction."""

    def __init__(self, path: Path, *, lock_timeout: float = 10.0) -> None:
        self.file = DataFile(path, lock_timeout=lock_timeout)

    @property
    def path(self) -> Path:
        return self.file.path

    def exists(self) -> bool:
        return self.file.exists()

    def create(self, account: str, now: datetime) -> None:
        self.file.create(empty_data(now), account)

    @contextlib.contextmanager
    def read(self) -> Iterator[Reader]:
        with self.file.snapshot() as tx:
            tx.read_only = self.file.is_newer_schema(tx.data) or not os.access(
                self.file.path, os.W_OK
            )
            yield Reader(tx, self.file.path)

    @contextlib.contextmanager
    def write(self, account: str, now: datetime) -> Iterator[Writer]:
        with self.file.transaction(account) as tx:
            yield Writer(tx, self.file.path, account, now)

    def mtime_ns(self) -> int:
        """A cheap token that changes whenever another process writes the file."""
        try:
            st = self.file.path.stat()
        except OSError:
            return 0
        return st.st_mtime_ns ^ st.st_ino


# Fields that identify a record or count its versions: never listed as a change.
_BOOKKEEPING = frozenset({"id", "year", "rev", "account"})


def audit_changes(before: Any, after: Any, skip: Iterable[str] = ()) -> tuple[Change, ...]:
    """The changed fields of two versions of a record (a dataclass), as text, for the audit
    trail: every field of the record but its identity, its revision and those in ``skip``."""
    left_out = _BOOKKEEPING | set(skip)
    out: list[Change] = []
    for name in (f.name for f in fields(after) if f.name not in left_out):
        old, new = getattr(before, name, None), getattr(after, name, None)
        if old != new:
            out.append(Change(field=name, before=_text(old), after=_text(new)))
    return tuple(out)


def _text(value: Any) -> str:
    data = to_data(value)
    return "" if data is None else str(data)


__all__ = ["Reader", "Store", "Writer", "audit_changes", "new_id", "timedelta"]
