"""The SOP as data: roles, the 11 steps, their time standards and the SOP header.

The default SOP ships as ``sop.json`` beside this module. An office changes the step-to-role map
and the time standards through overrides kept in its data file (see ``apply_overrides``); the code
never hard-codes which role does which step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from models.errors import LakipError


class Role(StrEnum):
    KEPALA_DINAS = "kepala_dinas"
    SEKRETARIS = "sekretaris"
    KASUBBAG = "kasubbag"
    STAF = "staf"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.KEPALA_DINAS: "Kepala Dinas",
    Role.SEKRETARIS: "Sekretaris",
    Role.KASUBBAG: "Kasubbag PK2AK",
    Role.STAF: "Staf",
}


class TimeUnit(StrEnum):
    MENIT = "menit"
    JAM = "jam"
    HARI = "hari"


class SopError(LakipError, ValueError):
    """An SOP definition or override that cannot be used; the message is Indonesian."""


@dataclass(frozen=True, slots=True)
class TimeStandard:
    amount: int
    unit: TimeUnit

    @classmethod
    def parse(cls, text: str) -> TimeStandard:
        """Read ``"10 menit"``, ``"2 jam"``, ``"4 hari"``."""
        parts = text.strip().lower().split()
        if len(parts) != 2 or not parts[0].isdigit():
            raise SopError(f"Waktu '{text}' tidak dikenali; tulis misalnya '2 jam' atau '4 hari'.")
        try:
            unit = TimeUnit(parts[1])
        except ValueError:
            raise SopError(
                f"Satuan waktu '{parts[1]}' tidak dikenali; gunakan menit, jam, atau hari."
            ) from None
        amount = int(parts[0])
        if amount <= 0:
            raise SopError(f"Waktu '{text}' harus lebih dari nol.")
        return cls(amount, unit)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.value}"


@dataclass(frozen=True, slots=True)
class StepDef:
    number: int
    short: str
    title: str
    role: Role
    kelengkapan: str
    standard: TimeStandard
    output: str
    keterkaitan: str
    can_return: bool = False


@dataclass(frozen=True, slots=True)
class SopHeader:
    nomor: str
    judul: str
    instansi: str
    tanggal_pembuatan: str
    tanggal_revisi: str
    tanggal_pengesahan: str
    disahkan_oleh: str
    dasar_hukum: tuple[str, ...]
    kualifikasi: tuple[str, ...]
    keterkaitan: tuple[str, ...]
    peralatan: tuple[str, ...]
    peringatan: tuple[str, ...]
    pencatatan: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sop:
    header: SopHeader
    steps: tuple[StepDef, ...]

    @property
    def last(self) -> int:
        return self.steps[-1].number

    def step(self, number: int) -> StepDef:
        for s in self.steps:
            if s.number == number:
                return s
        raise SopError(f"Langkah {number} tidak ada; SOP ini punya langkah 1 sampai {self.last}.")

    def steps_of(self, role: Role) -> tuple[StepDef, ...]:
        return tuple(s for s in self.steps if s.role == role)


def sop_from_dict(data: dict[str, Any]) -> Sop:
    h = data["header"]

    def items(key: str) -> tuple[str, ...]:
        return tuple(str(x) for x in h.get(key, ()))

    header = SopHeader(
        nomor=h["nomor"],
        judul=h["judul"],
        instansi=h["instansi"],
        tanggal_pembuatan=h["tanggal_pembuatan"],
        tanggal_revisi=h["tanggal_revisi"],
        tanggal_pengesahan=h["tanggal_pengesahan"],
        disahkan_oleh=h["disahkan_oleh"],
        dasar_hukum=items("dasar_hukum"),
        kualifikasi=items("kualifikasi"),
        keterkaitan=items("keterkaitan"),
        peralatan=items("peralatan"),
        peringatan=items("peringatan"),
        pencatatan=items("pencatatan"),
    )
    steps = tuple(
        StepDef(
            number=int(s["number"]),
            short=s["short"],
            title=s["title"],
            role=Role(s["role"]),
            kelengkapan=s["kelengkapan"],
            standard=TimeStandard.parse(s["waktu"]),
            output=s["output"],
            keterkaitan=s["keterkaitan"],
            can_return=bool(s.get("can_return", False)),
        )
        for s in data["steps"]
    )
    numbers = [s.number for s in steps]
    if numbers != list(range(1, len(steps) + 1)):
        raise SopError("Nomor langkah SOP harus berurutan mulai dari 1.")
    return Sop(header, steps)


@cache
def default_sop() -> Sop:
    text = (Path(__file__).parent / "sop.json").read_text(encoding="utf-8")
    return sop_from_dict(json.loads(text))


# The header fields that name one office's copy of the SOP (its number, who signed it, when);
# the shipped SOP leaves them empty and an office keeps its own in its data file.
OFFICE_HEADER_FIELDS = (
    "nomor",
    "instansi",
    "tanggal_pembuatan",
    "tanggal_revisi",
    "tanggal_pengesahan",
    "disahkan_oleh",
)


def apply_header(sop: Sop, values: dict[str, str]) -> Sop:
    """The SOP with the office's own number, instansi and signing details."""
    if not isinstance(values, dict):
        raise SopError(
            "Pengaturan kepala SOP (sop_header) di berkas data rusak: bukan daftar isian. "
            "Jalankan 'lakip check' dan pulihkan cadangan yang baik."
        )
    known: dict[str, Any] = {k: str(v) for k, v in values.items() if k in OFFICE_HEADER_FIELDS}
    extra = values.get("dasar_hukum")  # the office's own regulations, after the national ones
    if isinstance(extra, list) and extra:
        national = [x for x in sop.header.dasar_hukum if x not in extra]
        known["dasar_hukum"] = (*national, *(str(x) for x in extra))
    return Sop(replace(sop.header, **known), sop.steps) if known else sop


def apply_overrides(sop: Sop, overrides: dict[str, dict[str, str]]) -> Sop:
    """Return the SOP with an office's overrides: ``{"5": {"role": "staf", "waktu": "3 hari"}}``."""
    if not isinstance(overrides, dict) or not all(isinstance(c, dict) for c in overrides.values()):
        raise SopError(
            "Penyesuaian SOP (sop_overrides) di berkas data rusak: bukan daftar langkah dengan "
            "peran dan waktunya. Jalankan 'lakip check' dan pulihkan cadangan yang baik."
        )
    steps = list(sop.steps)
    for key, change in overrides.items():
        if not key.isdigit():
            raise SopError(f"Nomor langkah '{key}' tidak valid.")
        number = int(key)
        step = sop.step(number)
        if "role" in change:
            try:
                step = replace(step, role=Role(change["role"]))
            except ValueError:
                raise SopError(
                    f"Peran '{change['role']}' tidak dikenal; pilih salah satu: "
                    + ", ".join(r.value for r in Role)
                ) from None
        if "waktu" in change:
            step = replace(step, standard=TimeStandard.parse(change["waktu"]))
        steps[number - 1] = step
    return Sop(sop.header, tuple(steps))
