"""The repository: typed records in and out of the data file, revisions, audit, letter numbers.

``Store.read()`` gives a ``Reader`` over one consistent version of the file (no lock);
``Store.write(account)`` gives a ``Writer`` inside one locked transaction. Nothing outside
``store/`` sees TinyDB or the JSON layout.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

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
    content_fields,
    letter_number,
)
from models.numbers import to_local
from models.serial import SerialError, from_data, to_data
from store.datafile import (
    APP_ID,
    ARCHIVES,
    CLOSED_TABLES,
    META,
    SCHEMA_VERSION,
    YEAR_TABLES,
    CheckItem,
    Data,
    DataFile,
    Tx,
    archive_records,
    is_archive_name,
)
from store.errors import (
    Conflict,
    CorruptFile,
    LockTimeout,
    NoAccess,
    NotFound,
    StoreError,
    WriteFailed,
)

if TYPE_CHECKING:  # imported where the table pk is read or checked: lakip status reads none
    from models.pk_records import PkVersion

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
PK = "pk"
AUDIT = "audit"
# The type of every record of each table but pk (settings and _meta are checked apart).
_RECORD_TYPES: dict[str, type] = {
    PROFILE: Profile, USERS: User, REPORTS: Report, SASARAN: Sasaran, INDICATORS: Indicator,
    BUDGET: BudgetLine, BIDANG: Bidang, LETTERS: Letter, EXPORTS: ExportRecord, AUDIT: AuditEntry,
}  # fmt: skip


def record_types() -> dict[str, type]:
    """The type of every record of each table, pk included (its records imported only here and
    where the table pk is read: what reads no PK, as ``lakip status``, never builds them)."""
    from models.pk_records import PkVersion

    return {**_RECORD_TYPES, PK: PkVersion}


_q = Query()
# An ISO 8601 instant with its offset, as the lock holder writes its start time.
_ISO_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[+-]\d\d:\d\d|Z)")


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
                "audit_chain_from": 0,
                "audit_hash": "",
                "letter_seq": {},
            }
        }
    }


def meta_problem(meta: dict[str, Any]) -> str | None:
    """What is wrong with the counters of ``_meta`` (hand edits), or None."""
    for key in ("next_id", "audit_seq"):
        if type(meta.get(key, 0)) is not int:
            return f"_meta.{key} bukan bilangan bulat ({meta.get(key)!r:.40})"
    counters = meta.get("letter_seq", {})
    if not isinstance(counters, dict) or not all(
        type(v) is int and k.isdigit() for k, v in counters.items()
    ):
        return f"_meta.letter_seq bukan nomor terakhir per tahun ({counters!r:.40})"
    return None


def record_problem(record: Any) -> str | None:
    """What keeps a record of the right type from being used, or None."""
    if isinstance(record, Report) and not record.passes:
        return f"laporan tahun {record.year} tidak punya riwayat langkah (passes kosong)"
    return None


class Reader:
    def __init__(self, tx: Tx, path: Path) -> None:
        self.tx = tx
        self.path = path
        self._opened: dict[int, Reader] = {}  # archives read so far, by year
        # records already read, by (table, year, archived): a reader's data never changes (a
        # Writer's does, so it keeps none), and status, board and checks ask more than once
        self._read: dict[tuple[str, int | None, bool], tuple[Any, ...]] = {}

    @property
    def read_only(self) -> bool:
        return self.tx.read_only

    def _table(self, name: str) -> Table:
        return self.tx.db.table(name)

    def _load(self, cls: type[T], doc: dict[str, Any]) -> T:
        try:
            record = from_data(cls, doc)
        except SerialError as exc:
            raise CorruptFile(f"Isi berkas data {self.path} tidak sesuai: {exc}") from None
        problem = record_problem(record)
        if problem is not None:
            raise CorruptFile(
                f"Isi berkas data {self.path} tidak sesuai: {problem}. Jalankan 'lakip check' "
                "dan pulihkan cadangan yang baik (lakip restore)."
            )
        return record

    def _all(
        self, table: str, cls: type[T], year: int | None = None, *, archived: bool = True
    ) -> tuple[T, ...]:
        """The records of ``table`` (of ``year``); with ``archived``, those of archived years
        too, each archive read only when its year is asked for (or all years are)."""
        key = (table, year, archived)
        if key in self._read:
            return self._read[key]
        items = self._records(table, cls, year, archived=archived)
        if type(self) is Reader:
            self._read[key] = items
        return items

    def _records(
        self, table: str, cls: type[T], year: int | None, *, archived: bool
    ) -> tuple[T, ...]:
        t = self._table(table)
        docs = t.all() if year is None else t.search(_q.year == year)
        items = tuple(self._load(cls, d) for d in docs)
        if archived and table in YEAR_TABLES:
            closed = archive_records(self.tx.meta)
            for y in sorted(closed) if year is None else [year] if year in closed else []:
                items += self._archive(y)._all(table, cls, y)
        return items

    # -- archived years ---------------------------------------------------------------------

    def archived_years(self) -> tuple[int, ...]:
        return tuple(sorted(archive_records(self.tx.meta)))

    def is_archived(self, year: int) -> bool:
        return year in archive_records(self.tx.meta)

    def _archive(self, year: int) -> Reader:
        """A reader of the year's archive file (its hash checked), read once per reader."""
        opened = self._opened.get(year)
        if opened is None:
            from store import archive  # here: most reads open no archive

            record = archive_records(self.tx.meta)[year]
            data = archive.read(self.path, year, record)
            opened = Reader(Tx(data, read_only=True), self.path.parent / record["file"])
            self._opened[year] = opened
        return opened

    # -- office -----------------------------------------------------------------------------

    def profile(self) -> Profile:
        doc = self._table(PROFILE).get(doc_id=1)
        if doc is None:
            raise NotFound(
                f"Berkas data {self.path} belum punya profil kantor (pembuatannya terputus?). "
                "Hapus berkas itu dan ulangi 'lakip init'."
            )
        return self._load(Profile, dict(doc))

    def version(self) -> tuple[int, int]:
        """A token that changes with every change to the data: each one is audited (raising
        ``audit_seq``) or adds a record (raising ``next_id``)."""
        meta = self.tx.meta
        seq, next_id = meta.get("audit_seq", 0), meta.get("next_id", 1)
        return (seq if type(seq) is int else -1), (next_id if type(next_id) is int else -1)

    def audit_head(self) -> tuple[int, str]:
        """The audit chain's head: the newest entry's number and its SHA-256 (``store.chain``).
        Printed on paper (the office package), it makes a later rewrite of the history before
        it visible: the entry of that number no longer hashes to it."""
        meta = self.tx.meta
        seq, head = meta.get("audit_seq", 0), meta.get("audit_hash", "")
        return (seq if type(seq) is int else 0), (head if isinstance(head, str) else "")

    def audit_entry_hash(self, seq: int) -> str | None:
        """The SHA-256 of audit entry ``seq`` as it is stored now (in this file or in an
        archive), computed from its content; None when there is no such entry."""
        from store.chain import entry_hash

        doc = self.tx.data.get(AUDIT, {}).get(str(seq))
        for year in self.archived_years() if doc is None else ():
            doc = self._archive(year).tx.data.get(AUDIT, {}).get(str(seq))
            if doc is not None:
                break
        return None if doc is None else entry_hash(dict(doc))

    def is_demo(self) -> bool:
        """Whether this is a demo store (marked in ``_meta`` by the demo builder only)."""
        return self.tx.meta.get("demo") is True

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
        """Every report year, archived ones included."""
        open_years = {int(d["year"]) for d in self._table(REPORTS).all()}
        return tuple(sorted(open_years | set(archive_records(self.tx.meta))))

    def current_year(self) -> int | None:
        years = self.years()
        chosen = self.settings().get("current_year")
        if isinstance(chosen, int) and chosen in years:
            return chosen
        return years[-1] if years else None

    def report(self, year: int) -> Report:
        doc = self._table(REPORTS).get(_q.year == year)
        if doc is None and self.is_archived(year):
            return self._archive(year).report(year)
        if doc is None:
            raise NotFound(f"Laporan tahun {year} belum ada.")
        return self._load(Report, dict(doc))

    def reports(self, *, archived: bool = True) -> tuple[Report, ...]:
        """The reports of every year; without ``archived``, of the open years only (no archive
        is read)."""
        items = self._all(REPORTS, Report, archived=archived)
        return tuple(sorted(items, key=lambda r: r.year))

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

    def pk_versions(self, year: int) -> tuple[PkVersion, ...]:
        """The year's Perjanjian Kinerja versions, the murni first."""
        from models.pk_records import PkVersion

        return tuple(sorted(self._all(PK, PkVersion, year), key=lambda v: v.number))

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
            pk=self.pk_versions(year),
        )

    def audit(self, year: int | None = None, *, office: bool = False) -> tuple[AuditEntry, ...]:
        """The audit trail in order: all of it, or the entries of ``year`` (with ``office``,
        also those of no year: profile, users...); an archived year's entries come from its
        archive, read only then."""
        if year is None:
            items = self._all(AUDIT, AuditEntry)
        else:
            wanted = (year, None) if office else (year,)
            items = tuple(a for a in self._all(AUDIT, AuditEntry, archived=False)
                          if a.year in wanted)  # fmt: skip
            if self.is_archived(year):
                items += self._archive(year)._all(AUDIT, AuditEntry, year)
        return tuple(sorted(items, key=lambda a: a.seq))


    # -- health -----------------------------------------------------------------------------

    def integrity(self) -> list[CheckItem]:
        """Every record read against its type, and the audit trail's sequence and hash chain;
        each item names the first problem it found."""
        problems: list[str] = []
        data = self.tx.data
        types = record_types()
        for table, cls in types.items():
            docs = data.get(table, {})
            for doc_id, doc in docs.items():
                try:
                    problem = record_problem(from_data(cls, doc))
                except SerialError as exc:
                    problem = str(exc)
                if problem is not None:
                    problems.append(f"{table} {doc_id}: {problem}")
        meta = self.tx.meta
        wrong = meta_problem(meta)
        if wrong is not None:
            problems.append(wrong)
        count = sum(len(data.get(t, {})) for t in types)
        records = CheckItem(
            not problems,
            "Catatan data",
            f"{len(problems)} catatan tidak sesuai jenisnya, pertama {problems[0]}"
            + (" (berkas diubah di luar lakip? pulihkan cadangan)" if problems else "")
            if problems
            else f"{count} catatan sesuai jenisnya",
        )
        audit = dict(data.get(AUDIT, {}))
        items = [records]
        twice: list[str] = []
        for year, record in sorted(archive_records(meta).items()):
            try:
                kept = self._archive(year).tx.data
            except StoreError as exc:
                items.append(CheckItem(False, f"Arsip {year}", str(exc)))
                continue
            entries = kept.get(AUDIT, {})
            bad: list[str] = []
            for table in YEAR_TABLES:
                for doc_id, doc in kept.get(table, {}).items():
                    try:
                        problem = record_problem(from_data(types[table], doc))
                    except SerialError as exc:
                        problem = str(exc)
                    if problem is None and doc.get("year") != year:
                        problem = f"catatan tahun {doc.get('year')}"
                    if problem is not None:
                        bad.append(f"{table} {doc_id}: {problem}")
            twice += [k for k in entries if k in audit]
            audit.update(entries)
            items.append(
                CheckItem(
                    not bad,
                    f"Arsip {year}",
                    f"{record['file']}: SHA-256 cocok, {len(entries)} entri audit"
                    if not bad
                    else f"{record['file']}: {len(bad)} catatan tidak sesuai, pertama {bad[0]}",
                )
            )
        named = {str(r["file"]) for r in archive_records(meta).values()}
        try:
            beside = sorted(os.listdir(self.path.parent))
        except OSError:
            beside = []
        for name in beside:
            if is_archive_name(self.path, name) and name not in named:
                items.append(
                    CheckItem(
                        True,
                        "Arsip",
                        f"{name} tidak tercatat di berkas data (sisa pengarsipan yang terputus); "
                        "tidak dibaca, dan diganti bila tahun itu diarsipkan lagi",
                    )
                )
        from store.chain import audit_problem  # the hash chain: checks and writes only

        problem, fine = audit_problem(audit, meta)
        if problem is None and twice:
            problem = f"entri {twice[0]} tercatat dua kali (di berkas data dan di arsip)"
        items.append(
            CheckItem(
                problem is None,
                "Jejak audit",
                fine if problem is None else f"{problem}; jejak audit tidak utuh",
            )
        )
        return items


class Writer(Reader):
    """All changes go through here, inside one locked transaction, with their audit entries."""

    def __init__(self, tx: Tx, path: Path, account: str, now: datetime) -> None:
        super().__init__(tx, path)
        self.account = account
        self.now = now
        self._index: dict[tuple[str, str], dict[Any, str]] = {}

    def _next_id(self) -> int:
        meta = self.tx.meta
        n = int(meta.get("next_id", 1))
        meta["next_id"] = n + 1
        self.tx.touch()
        return n

    def _raw(self, table: str) -> dict[str, dict[str, Any]]:
        return self.tx.data.setdefault(table, {})

    def _changed(self, table: str) -> None:
        """After a change made to the raw table: TinyDB's query cache is stale, the file dirty."""
        self._table(table).clear_cache()
        self.tx.touch()

    def _find(self, table: str, key: str | None, value: Any) -> tuple[str, dict[str, Any]] | None:
        """The stored document whose ``key`` is ``value`` (``key`` None: the table's one
        document), with its doc id. An index per table and key is built once per transaction, so
        saving n records costs O(n), not a scan of the table per record."""
        raw = self._raw(table)
        if key is None:
            return next(iter(raw.items()), None)
        index = self._index.get((table, key))
        if index is None:
            index = {doc.get(key): doc_id for doc_id, doc in raw.items()}
            self._index[(table, key)] = index
        doc_id = index.get(value)
        doc = raw.get(doc_id) if doc_id is not None else None
        if doc is not None and doc.get(key) == value:
            return doc_id, doc  # type: ignore[return-value]
        return None

    def _forget(self, table: str) -> None:
        """Drop the indexes of ``table`` (after records were removed from it)."""
        for name, key in list(self._index):
            if name == table:
                del self._index[(name, key)]

    def _put(self, table: str, key: str | None, record: Any) -> None:
        """Insert ``record``, or replace the stored one with the same ``key`` value."""
        data = to_data(record)
        self._refuse_archived(table, data.get("year"))
        value = None if key is None else data.get(key)
        found = self._find(table, key, value)
        if found is None:
            doc_id = str(self._next_id())
            if key is not None:
                self._index[(table, key)][value] = doc_id
        else:
            doc_id = found[0]
        self._raw(table)[doc_id] = data
        self._changed(table)

    def _last_change(self, label: str) -> AuditEntry | None:
        """The newest audit entry of the record named ``label`` (its audit target, e.g.
        ``indikator IK1.1``): who saved it last, and what changed."""
        wanted = label.casefold()
        entries = [
            e for e in self._all(AUDIT, AuditEntry, archived=False)
            if e.target.casefold() == wanted
        ]  # fmt: skip
        return max(entries, key=lambda e: e.seq) if entries else None

    def _refuse_archived(self, table: str, year: Any) -> None:
        if table in CLOSED_TABLES and isinstance(year, int) and self.is_archived(year):
            raise StoreError(
                f"Tahun {year} sudah diarsipkan: datanya hanya bisa dibaca, tidak diubah."
            )

    def conflict(self, label: str, *, target: str = "", since: str = "") -> Conflict:
        """The refusal to save ``label`` over a newer change, naming who made it (from the
        newest audit entry of ``target``, by default ``label``)."""
        last = self._last_change(target or label)
        if last is None:
            who = "orang lain"
        elif last.account == self.account:
            who = "oleh akun Anda sendiri (di sesi lain)"
        else:
            who = f"orang lain (akun {last.account})"
        return Conflict(
            f"{label} sudah diubah {who} sejak Anda membukanya{since}. Muat ulang untuk melihat "
            "perubahan itu, atau lanjutkan menyunting lalu simpan lagi setelah memuat ulang.",
            last,
        )

    def _checked(self, table: str, key: str | None, record: R, label: str) -> R:
        """Save ``record`` if its ``rev`` is the stored one; return it with ``rev + 1``."""
        self._refuse_archived(table, getattr(record, "year", None))
        found = self._find(table, key, None if key is None else getattr(record, key))
        stored_rev = int(found[1].get("rev", 0)) if found is not None else None
        rev = int(record.rev)
        if stored_rev is not None and stored_rev != rev:
            raise self.conflict(label, since=f" (revisi {rev}, sekarang {stored_rev})")
        if stored_rev is None and rev != 0:
            raise Conflict(f"{label} sudah dihapus orang lain sejak Anda membukanya.")
        saved = replace(record, rev=rev + 1)  # type: ignore[type-var]
        self._put(table, key, saved)
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
            prev_hash=str(meta.get("audit_hash") or ""),
        )
        audit = self._raw(AUDIT)
        if str(seq) in audit:
            raise CorruptFile(
                f"Jejak audit di {self.path} rusak: nomor urut {seq} sudah dipakai "
                "(_meta.audit_seq lebih kecil dari entri yang ada). Jalankan 'lakip check'."
            )
        from store.chain import entry_hash

        doc = to_data(entry)
        audit[str(seq)] = doc
        meta["audit_hash"] = entry_hash(doc)
        self._changed(AUDIT)
        return entry

    # -- office -----------------------------------------------------------------------------

    def save_profile(self, profile: Profile) -> Profile:
        return self._checked(PROFILE, None, profile, "Profil instansi")

    def mark_demo(self) -> None:
        self.tx.meta["demo"] = True
        self.tx.touch()

    def save_settings(self, **values: Any) -> None:
        current = self.settings()
        current.update(values)
        t = self._table(SETTINGS)
        if t.get(doc_id=1) is None:
            t.insert(Document(current, doc_id=1))
        else:
            t.update(current, doc_ids=[1])

    def save_user(self, user: User) -> None:
        self._put(USERS, "account", user)

    def delete_user(self, account: str) -> None:
        removed = self._table(USERS).remove(_q.account == account)
        self._forget(USERS)
        if not removed:
            raise NotFound(f"Akun '{account}' tidak terdaftar.")

    def save_bidang(self, bidang: Bidang) -> None:
        self._put(BIDANG, "code", bidang)

    def delete_bidang(self, code: str) -> None:
        self._forget(BIDANG)
        if not self._table(BIDANG).remove(_q.code == code):
            raise NotFound(f"Bidang '{code}' tidak ada.")

    # -- reports ----------------------------------------------------------------------------

    def add_report(self, report: Report) -> None:
        if self._table(REPORTS).get(_q.year == report.year) is not None:
            raise StoreError(f"Laporan tahun {report.year} sudah ada.")
        if self.is_archived(report.year):
            raise StoreError(f"Laporan tahun {report.year} sudah ada (diarsipkan).")
        self._put(REPORTS, "year", report)

    def save_report(self, report: Report) -> Report:
        return self._checked(
            REPORTS, "year", report, f"Laporan tahun {report.year}"
        )

    def bump_report(self, year: int) -> Report:
        """Raise the year's data revision after a change to its data (indicators, budget...)."""
        report = self.report(year)
        return self.save_report(report)

    def save_sasaran(self, item: Sasaran) -> Sasaran:
        return self._checked(SASARAN, "id", item, f"Sasaran {item.code}")

    def save_indicator(self, item: Indicator) -> Indicator:
        return self._checked(INDICATORS, "id", item, f"Indikator {item.code}")

    def save_budget(self, item: BudgetLine) -> BudgetLine:
        return self._checked(BUDGET, "id", item, f"Anggaran {item.code}")

    def delete(self, table: str, record_id: str, rev: int, label: str) -> None:
        doc = self._table(table).get(_q.id == record_id)
        if doc is None:
            raise NotFound(f"{label} tidak ada lagi (mungkin sudah dihapus orang lain).")
        assert isinstance(doc, Document)
        if int(doc.get("rev", 0)) != rev:
            raise Conflict(f"{label} sudah diubah orang lain; muat ulang sebelum menghapus.")
        self._table(table).remove(doc_ids=[doc.doc_id])
        self._forget(table)

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
        if any(doc.get("number") == number for doc in self._table(LETTERS).all()):
            raise StoreError(
                f"Nomor surat {number} sudah pernah diterbitkan; register tidak memberi nomor "
                "yang sama dua kali. Admin perlu mengubah templat nomor surat di Profil kantor "
                "(mis. tambahkan {tahun}) sebelum nomor baru diberikan."
            )
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
        self._put(LETTERS, "id", letter)
        return letter

    def save_pk_version(self, version: PkVersion) -> PkVersion:
        """Save a PK version (its ``rev`` checked); a signed version is never replaced."""
        found = self._find(PK, "id", version.id)
        if found is not None and found[1].get("signature") is not None:
            raise StoreError(
                f"PK {version.label} tahun {version.year} sudah ditandatangani; versi yang "
                "ditandatangani tidak diubah. Perubahan dibuat sebagai versi baru "
                "(lakip pk revise)."
            )
        return self._checked(PK, "id", version, f"PK {version.label} tahun {version.year}")

    def add_export(self, record: ExportRecord) -> None:
        self._put(EXPORTS, "id", record)

    # -- archive ----------------------------------------------------------------------------

    def archive_year(self, year: int) -> tuple[str, str]:
        """Move the year's records (store.archive: what belongs to a year) to its own read-only
        file beside the data file, written before the data file; record its name and SHA-256.
        Return both. The caller audits it (the entry stays in the data file)."""
        if self.read_only:  # a read-only store's writer (store.write): no file is written
            raise NoAccess(UNREGISTERED)
        if self.is_archived(year):
            raise StoreError(f"Tahun {year} sudah diarsipkan.")
        if self._table(REPORTS).get(_q.year == year) is None:
            raise NotFound(f"Laporan tahun {year} belum ada.")
        from store import archive

        kept = archive.split(self.tx.data, year, self.now.isoformat())
        name, digest = archive.write(self.path, year, kept)
        meta = self.tx.meta
        found = meta.get(ARCHIVES)
        closed = dict(found) if isinstance(found, dict) else {}
        closed[str(year)] = {
            "file": name,
            "sha256": digest,
            "at": self.now.isoformat(),
            "by": self.account,
        }
        meta[ARCHIVES] = closed
        for table in YEAR_TABLES:
            self._forget(table)
            self._changed(table)
        return name, digest


UNREGISTERED = (
    "Akun Anda belum terdaftar di lakip kantor ini: hanya boleh melihat. Minta admin "
    "mendaftarkan akun Anda (lakip users add)."
)


class Store:
    """Opens the data file; ``read()`` for a consistent view, ``write()`` for a transaction."""

    def _in_office_zone(self, message: str) -> str:
        """``message`` with its ISO instants written as the office's time (when it can be read)."""
        from models.numbers import format_datetime

        try:
            with self.file.snapshot() as tx:
                zone = Reader(tx, self.path).profile().timezone
        except (StoreError, OSError):
            return message

        def local(m: re.Match[str]) -> str:
            try:
                return format_datetime(datetime.fromisoformat(m[0]), zone)
            except ValueError:
                return m[0]

        return _ISO_INSTANT.sub(local, message)

    def __init__(self, path: Path, *, lock_timeout: float = 10.0, read_only: bool = False) -> None:
        self.file = DataFile(path, lock_timeout=lock_timeout)
        self.read_only = read_only  # the service's view for an account not registered

    def _refuse_unregistered(self) -> None:
        if self.read_only:
            raise NoAccess(UNREGISTERED)

    @property
    def path(self) -> Path:
        return self.file.path

    def exists(self) -> bool:
        with self._path_errors():
            return self.file.exists()

    def create(self, account: str, now: datetime) -> None:
        self._refuse_unregistered()
        with self._path_errors():
            self.file.create(empty_data(now), account)

    @contextlib.contextmanager
    def read(self) -> Iterator[Reader]:
        with self._path_errors(), self.file.snapshot() as tx:
            # the file's own state only: an account the service lets read without being
            # registered is told so by the use cases (``belum terdaftar``), as on the group's
            # file, not that the file cannot be written; its writes are refused above
            tx.read_only = self.file.is_newer_schema(tx.data) or not self.file.writable()
            yield Reader(tx, self.file.path)

    @contextlib.contextmanager
    def write(self, account: str, now: datetime) -> Iterator[Writer]:
        if self.read_only:
            # The use case's own checks speak first, so an unregistered account hears what it
            # hears in file mode; whatever would change is refused, and nothing is ever written
            # (a copy in memory, without the lock).
            with self._path_errors(), self.file.snapshot() as tx:
                yield Writer(tx, self.file.path, account, now)
                if tx.storage.dirty:
                    self._refuse_unregistered()
            return
        with self._path_errors(), self.file.transaction(account) as tx:
            problem = meta_problem(tx.meta)
            if problem is not None:
                raise CorruptFile(
                    f"Berkas data {self.path} rusak: {problem}. Tidak ada yang diubah. Jalankan "
                    "'lakip check' dan pulihkan cadangan yang baik (lakip restore)."
                )
            yield Writer(tx, self.file.path, account, now)

    @contextlib.contextmanager
    def _path_errors(self) -> Iterator[None]:
        """A folder where the data file or its lock should be, or a folder this account may not
        enter: said, not a traceback. A lock held too long names the holder's start time in the
        office's zone (the holder wrote it in its own process's zone)."""
        try:
            yield
        except LockTimeout as exc:
            raise LockTimeout(self._in_office_zone(str(exc))) from None
        except PermissionError as exc:
            raise NoAccess(
                f"Tidak boleh membuka {exc.filename or self.path}: izin ditolak. Berkas data "
                "kantor hanya untuk anggota grup kantor; minta admin memasukkan akun Anda ke grup "
                "itu (lihat README, bagian pemasangan di server)."
            ) from None
        except IsADirectoryError as exc:
            where = Path(exc.filename or self.path)
            what = {self.path: "berkas data", self.file.lock_path: "berkas kunci"}.get(
                where, "berkas"
            )
            raise NoAccess(
                f"{where} adalah sebuah folder, padahal seharusnya {what}. Periksa jalurnya (opsi "
                "--db menunjuk berkas, mis. /srv/lakip/lakip.json) atau pindahkan folder itu."
            ) from None

    def backup(self, label: str = "manual") -> Path:
        """A copy of the data file in the backup folder, under the lock."""
        from store import archive

        self._refuse_unregistered()
        with self._path_errors():
            made = self.file.backup(label)
            with contextlib.suppress(StoreError):  # a damaged file is backed up as it is
                archive.copy_to_backups(self.path, self.file.backup_dir, self.file.read())
            return made

    def restore(self, source: Path, account: str) -> Path | None:
        """Put ``source`` in place of the data file; return where the replaced file was kept."""
        from store import archive

        self._refuse_unregistered()
        with self._path_errors():
            kept = self.file.restore(source, account)
            try:
                archive.put_back(self.path, self.file.backup_dir, self.file.read())
            except OSError as exc:
                raise WriteFailed(
                    f"Berkas data dipulihkan, tetapi arsipnya tidak dapat disalin kembali dari "
                    f"{self.file.backup_dir} ({exc.strerror}); jalankan 'lakip check'."
                ) from None
            return kept

    def mtime_ns(self) -> int:
        """A cheap token that changes whenever another process writes the file."""
        try:
            st = self.file.path.stat()
        except OSError:
            return 0
        return st.st_mtime_ns ^ st.st_ino


def audit_changes(before: Any, after: Any, skip: Iterable[str] = ()) -> tuple[Change, ...]:
    """The changed fields of two versions of a record (a dataclass), as text, for the audit
    trail: its content fields (models.domain.content_fields) but those in ``skip``."""
    out: list[Change] = []
    for name in content_fields(type(after), skip):
        old, new = getattr(before, name, None), getattr(after, name, None)
        if old != new:
            out.append(Change(field=name, before=_text(old), after=_text(new)))
    return tuple(out)


def _text(value: Any) -> str:
    data = to_data(value)
    return "" if data is None else str(data)


__all__ = ["Reader", "Store", "Writer", "audit_changes", "new_id", "timedelta"]
