"""The records of a year's Perjanjian Kinerja (PK): a version (``PkVersion``), the frozen snapshot
of the year's sasaran, indicators with their targets, programmes with their budget and the
parties, with what was signed of it (``PkSignature``). Stored in the table ``pk`` of the data
file; the rules over them are in ``models.pk``.

Apart from ``models.domain`` so that what never reads a PK (``lakip status``) does not build
them: only the PK's use cases, documents and screens, and the store when it reads or checks the
table ``pk``, import this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from models.domain import Official, Profile

__all__ = ["PkBidang", "PkIndicator", "PkProgramme", "PkSasaran", "PkSignature", "PkVersion"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PkSasaran:
    code: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PkIndicator:
    sasaran_code: str
    code: str
    name: str
    satuan: str = ""
    target: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PkProgramme:
    code: str
    name: str
    anggaran: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True, kw_only=True)
class PkBidang:
    """A bidang (or the sekretariat) in a PK version: its head, who signs the eselon III PK of
    the bidang to the Kepala Dinas; the codes of its indicators (their targets are the
    version's) and its kegiatan with their budget."""

    code: str
    name: str
    head_name: str = ""
    head_nip: str = ""
    indicators: tuple[str, ...] = ()
    kegiatan: tuple[PkProgramme, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PkSignature:
    """What was signed of a PK version: the exported document (its SHA-256, where it was
    written, the date printed on it) and when and by whom the signing was recorded."""

    export_id: str
    sha256: str
    path: str
    printed: date  # the date printed on the signed document (made again from it)
    signed_on: date  # the date the PK was signed, as recorded
    signed_at: datetime
    signed_by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PkVersion:
    """One version of a year's Perjanjian Kinerja: ``number`` 0 is the murni (first) one, 1..n
    the perubahan, each with its reason and the date it takes effect. A frozen snapshot of the
    year's sasaran, indicators with their targets, programmes with their budget, and of the
    parties (the office's profile, the Kepala Dinas) when it was made; once signed it never
    changes (``models.pk``)."""

    id: str
    year: int
    number: int = 0
    alasan: str = ""
    berlaku: date  # takes effect on (the murni: 1 January of the year)
    created_at: datetime
    created_by: str = ""
    profile: Profile
    pihak_pertama: Official = field(default_factory=Official)
    kepala_daerah: str = ""  # the kepala daerah's name, when given (else dotted to fill in)
    sasaran: tuple[PkSasaran, ...] = ()
    indicators: tuple[PkIndicator, ...] = ()
    programmes: tuple[PkProgramme, ...] = ()
    bidang: tuple[PkBidang, ...] = ()  # for the eselon III PKs to the Kepala Dinas
    signature: PkSignature | None = None
    rev: int = 0

    @property
    def label(self) -> str:
        """``murni`` or ``perubahan ke-1``."""
        return "murni" if self.number == 0 else f"perubahan ke-{self.number}"

    @property
    def signed(self) -> bool:
        return self.signature is not None
