"""The Perjanjian Kinerja (PK) of a year as pure rules: taking a version from the year's data,
which version is in force, what changed between two versions, and the year's data as the LAKIP
measures it (targets from the version in force).

A year's PK has versions: the *murni* (number 0, in force from 1 January) and then the
*perubahan* (1, 2, ...), each with its reason and the date it takes effect. Every version is a
frozen snapshot (``models.pk_records.PkVersion``); a signed one never changes, and a new version
never alters an earlier one. The version in force for the year is the newest signed version
taking effect on or before 31 December.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from itertools import pairwise

from models.budget import top_lines
from models.domain import Bidang, BudgetLevel, YearData
from models.errors import LakipError
from models.numbers import format_date, format_measure, format_rupiah
from models.pk_records import PkBidang, PkIndicator, PkProgramme, PkSasaran, PkVersion
from models.sop import Role

__all__ = [
    "PkChange",
    "PkError",
    "changes_between",
    "in_force",
    "measured",
    "snapshot",
    "version_changes",
]


class PkError(LakipError, ValueError):
    """A PK rule refused an action; the message is Indonesian."""


def snapshot(
    data: YearData,
    *,
    id: str,
    number: int,
    created_at: datetime,
    created_by: str,
    alasan: str = "",
    berlaku: date | None = None,
    kepala_daerah: str = "",
) -> PkVersion:
    """A version of the PK holding the year's data now: its sasaran, indicators and targets,
    the programmes (top budget lines) and their pagu, the office and its Kepala Dinas."""
    year = data.report.year
    return PkVersion(
        id=id,
        year=year,
        number=number,
        alasan=alasan,
        berlaku=berlaku or date(year, 1, 1),
        created_at=created_at,
        created_by=created_by,
        profile=replace(data.profile, rev=0),
        pihak_pertama=data.signer(Role.KEPALA_DINAS),
        kepala_daerah=" ".join(kepala_daerah.split()),
        sasaran=tuple(PkSasaran(code=s.code, name=s.name) for s in data.sasaran),
        indicators=tuple(
            PkIndicator(
                sasaran_code=i.sasaran_code,
                code=i.code,
                name=i.name,
                satuan=i.satuan,
                target=i.target,
            )
            for i in data.indicators
        ),
        programmes=tuple(
            PkProgramme(code=b.code, name=b.name, anggaran=b.pagu) for b in top_lines(data.budget)
        ),
        bidang=tuple(_bidang_of(data, b) for b in data.bidang),
    )


def _bidang_of(data: YearData, b: Bidang) -> PkBidang:
    """A bidang's part of the PK: its indicators, and its kegiatan (or, when it owns none, its
    highest budget lines) with their pagu."""
    owned = [x for x in data.budget if x.bidang == b.code]
    kegiatan = [x for x in owned if x.level is BudgetLevel.KEGIATAN]
    if not kegiatan and owned:
        levels = list(BudgetLevel)  # program, kegiatan, sub kegiatan: top first
        top = min(levels.index(x.level) for x in owned)
        kegiatan = [x for x in owned if levels.index(x.level) == top]
    return PkBidang(
        code=b.code,
        name=b.name,
        head_name=b.head_name,
        head_nip=b.head_nip,
        indicators=tuple(i.code for i in data.indicators if i.bidang == b.code),
        kegiatan=tuple(PkProgramme(code=x.code, name=x.name, anggaran=x.pagu) for x in kegiatan),
    )


def check_new_version(
    versions: Sequence[PkVersion], year: int, *, revision: bool, berlaku: date | None
) -> int:
    """The number the new version takes, or the one it re-takes: an unsigned newest version is
    taken again from the data (a signed one is never touched). Refused: a revision before any
    PK, a murni when one is signed, an effective date outside the year or before the version
    it changes takes effect."""
    newest = versions[-1] if versions else None
    if not revision:
        if newest is not None and (newest.number > 0 or newest.signed):
            raise PkError(
                f"Perjanjian Kinerja tahun {year} sudah ada ({newest.label}"
                + (", sudah ditandatangani" if newest.signed else "")
                + "). Perubahan dibuat dengan: lakip pk revise --alasan ... --berlaku TANGGAL."
            )
        return 0
    if newest is None:
        raise PkError(
            f"Perjanjian Kinerja tahun {year} belum ada; buat dulu PK murni: lakip pk new."
        )
    if berlaku is None:
        raise PkError("Perubahan PK perlu tanggal mulai berlaku (--berlaku TANGGAL).")
    if berlaku.year != year:
        raise PkError(
            f"Tanggal mulai berlaku {format_date(berlaku)} di luar tahun {year}; perubahan PK "
            f"tahun {year} berlaku mulai suatu tanggal di tahun itu."
        )
    if newest.number > 0 and not newest.signed:
        previous = versions[-2]
        number = newest.number
    else:
        if not newest.signed:
            raise PkError(
                f"PK {newest.label} tahun {year} belum ditandatangani; tandatangani dulu "
                "(lakip pk sign) atau ambil ulang datanya dengan lakip pk new."
            )
        previous, number = newest, newest.number + 1
    if berlaku < previous.berlaku:
        raise PkError(
            f"Tanggal mulai berlaku {format_date(berlaku)} lebih awal dari PK {previous.label} "
            f"yang diubahnya (berlaku mulai {format_date(previous.berlaku)})."
        )
    return number


def in_force(versions: Sequence[PkVersion], year: int) -> PkVersion | None:
    """The version the year is measured against: the newest signed version taking effect on or
    before 31 December of ``year``; None when no version is signed."""
    end = date(year, 12, 31)
    signed = [v for v in versions if v.signed and v.berlaku <= end]
    return max(signed, key=lambda v: v.number) if signed else None


def measured(data: YearData) -> YearData:
    """The year's data as the LAKIP measures it: each indicator the version in force holds takes
    its target from that version; without a version in force, the data as it is."""
    version = in_force(data.pk, data.report.year)
    if version is None:
        return data
    targets = {i.code: i.target for i in version.indicators}
    return replace(
        data,
        indicators=tuple(
            replace(i, target=targets[i.code]) if i.code in targets else i
            for i in data.indicators
        ),
    )


@dataclass(frozen=True, slots=True)
class PkChange:
    """One difference between two versions: what (``indikator ditambah``, ``target diubah``...),
    the code and name it concerns, and the values before and after (text, as printed)."""

    what: str
    code: str
    name: str
    before: str = ""
    after: str = ""

    def line(self) -> str:
        text = f"{self.what} {self.code} {self.name}".strip()
        if self.before or self.after:
            text += f": {self.before or '-'} -> {self.after or '-'}"
        return text


def changes_between(old: PkVersion, new: PkVersion) -> tuple[PkChange, ...]:
    """What ``new`` changes of ``old``: sasaran, indicators and programmes added or removed,
    targets and budgets changed, in the order of the newer version (removals after)."""
    out: list[PkChange] = []
    before_s = {s.code: s for s in old.sasaran}
    after_s = {s.code: s for s in new.sasaran}
    for s in new.sasaran:
        if s.code not in before_s:
            out.append(PkChange("sasaran ditambah", s.code, s.name))
        elif before_s[s.code].name != s.name:
            out.append(PkChange("sasaran diubah", s.code, "", before_s[s.code].name, s.name))
    out += [PkChange("sasaran dihapus", s.code, s.name) for s in old.sasaran
            if s.code not in after_s]  # fmt: skip
    before_i = {i.code: i for i in old.indicators}
    after_i = {i.code: i for i in new.indicators}
    for i in new.indicators:
        was = before_i.get(i.code)
        if was is None:
            out.append(PkChange("indikator ditambah", i.code, i.name, "",
                                format_measure(i.target, i.satuan)))  # fmt: skip
            continue
        if was.target != i.target or was.satuan != i.satuan:
            out.append(
                PkChange(
                    "target diubah",
                    i.code,
                    i.name,
                    format_measure(was.target, was.satuan),
                    format_measure(i.target, i.satuan),
                )
            )
        if was.name != i.name:
            out.append(PkChange("nama indikator diubah", i.code, "", was.name, i.name))
    out += [PkChange("indikator dihapus", i.code, i.name) for i in old.indicators
            if i.code not in after_i]  # fmt: skip
    before_p = {p.code: p for p in old.programmes}
    after_p = {p.code: p for p in new.programmes}
    for p in new.programmes:
        had = before_p.get(p.code)
        if had is None:
            out.append(PkChange("program ditambah", p.code, p.name, "", format_rupiah(p.anggaran)))
        elif had.anggaran != p.anggaran:
            out.append(
                PkChange(
                    "anggaran diubah", p.code, p.name,
                    format_rupiah(had.anggaran), format_rupiah(p.anggaran),
                )
            )
    out += [PkChange("program dihapus", p.code, p.name, format_rupiah(p.anggaran), "")
            for p in old.programmes if p.code not in after_p]  # fmt: skip
    return tuple(out)


def version_changes(versions: Sequence[PkVersion]) -> tuple[tuple[PkVersion, PkChange], ...]:
    """Each perubahan with what it changed of the version before it, in order."""
    ordered = sorted(versions, key=lambda v: v.number)
    return tuple(
        (new, change)
        for old, new in pairwise(ordered)
        for change in changes_between(old, new)
    )


def anggaran_total(version: PkVersion) -> Decimal:
    return sum((p.anggaran for p in version.programmes), Decimal(0))
