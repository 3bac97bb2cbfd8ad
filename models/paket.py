"""The office package (paket kantor): one office's year in one JSON document that the office sends
up to the regency instead of a spreadsheet, and the typed record the roll-up reads back.

The document's field names are Indonesian and its schema is versioned (``SCHEMA``,
``SCHEMA_VERSION``; described in ``docs/PAKET.md``). Numbers are written as decimal strings
(exact, never floats); capaian, serapan and efisiensi as printed (half-up, two places), computed by
``models.formulas`` and ``models.budget`` only. The document carries its own checksum: the
SHA-256 of its canonical JSON (keys sorted, no spaces, UTF-8) without the ``checksum`` field.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from models import workflow as wf
from models.budget import (
    average_capaian,
    budget_sum,
    rounded_capaian,
    sasaran_efficiency,
    top_lines,
)
from models.domain import Outcome, Report, StepState, YearData
from models.errors import LakipError
from models.formulas import DEFAULT_SCALE, capaian_of, efisiensi, predikat
from models.numbers import DateError, OfficeZone, parse_date, round_half_up, to_local
from models.sop import Sop

__all__ = [
    "CHECKSUM_FIELD",
    "SCHEMA",
    "SCHEMA_VERSION",
    "Paket",
    "PaketError",
    "PaketIndicator",
    "build_document",
    "canonical_bytes",
    "checksum_of",
    "dump_document",
    "read_package",
]

SCHEMA = "lakip-paket"
SCHEMA_VERSION = 1
CHECKSUM_FIELD = "checksum"
NO_PREDIKAT = "-"
PREDIKAT_LABELS: tuple[str, ...] = (*(label for _, label in DEFAULT_SCALE.bands), NO_PREDIKAT)


class PaketError(LakipError, ValueError):
    """A package that cannot be read: not JSON, wrong checksum, unknown schema, missing field."""


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _num2(value: Decimal | None) -> str | None:
    return None if value is None else str(round_half_up(value, 2))


def _local_date(dt: datetime | None, zone: OfficeZone) -> str | None:
    return None if dt is None else to_local(dt, zone).date().isoformat()


def _local_time(dt: datetime | None, zone: OfficeZone) -> str | None:
    return None if dt is None else to_local(dt, zone).isoformat(timespec="seconds")


def _sent_on(report: Report, sop: Sop, zone: OfficeZone) -> str | None:
    """The date the letter went out: what step 11 recorded as ``tanggal_kirim``, else the day
    step 11 was completed; None while it is not done."""
    if wf.step_state(report, sop.last) is not StepState.SELESAI:
        return None
    last = [p for p in wf.passes_of(report, sop.last) if p.outcome is Outcome.SELESAI][-1]
    with contextlib.suppress(DateError):
        return parse_date(last.data.get("tanggal_kirim", "")).isoformat()
    return _local_date(last.finished_at, zone)


def _workflow(data: YearData, sop: Sop) -> dict[str, Any]:
    report, zone = data.report, data.profile.timezone
    steps = []
    for s in sop.steps:
        done = [p for p in wf.passes_of(report, s.number) if p.outcome is Outcome.SELESAI]
        state = wf.step_state(report, s.number)
        finished = done[-1].finished_at if done and state is StepState.SELESAI else None
        steps.append(
            {
                "nomor": s.number,
                "nama": s.short,
                "keadaan": state.value,
                "selesai_pada": _local_time(finished, zone),
            }
        )
    sig = report.signatures[-1] if report.signatures else None
    return {
        "langkah_berjalan": wf.current_step(report),
        "langkah_selesai": sum(1 for s in steps if s["keadaan"] == StepState.SELESAI.value),
        "jumlah_langkah": len(sop.steps),
        "laporan_selesai": wf.is_finished(report, sop),
        "tanggal_tanda_tangan": _local_date(sig.signed_at if sig else None, zone),
        "tanggal_kirim": _sent_on(report, sop, zone),
        "langkah": steps,
    }


def _signed(data: YearData) -> dict[str, Any] | None:
    if not data.report.signatures:
        return None
    sig = data.report.signatures[-1]
    record = next((e for e in data.exports if e.id == sig.export_id), None)
    return {
        "sha256": record.sha256 if record is not None else sig.sha256,
        "ditandatangani_pada": _local_time(sig.signed_at, data.profile.timezone),
        "oleh": sig.signed_by,
    }


def build_document(
    data: YearData, sop: Sop, *, made_at: datetime, audit_head: tuple[int, str] = (0, "")
) -> dict[str, Any]:
    """The package of one year as a JSON-ready dict, with its checksum. Targets (and so capaian
    and predikat) are those the LAKIP measures against: the Perjanjian Kinerja version in force,
    named in ``versi_pk``, when one is signed (``models.pk``)."""
    from models.pk import in_force, measured

    version = in_force(data.pk, data.report.year)
    pk_version = None if version is None else version.label
    data = measured(data)
    p, zone = data.profile, data.profile.timezone
    indicators = []
    for ind in data.indicators:
        cap = capaian_of(ind)
        indicators.append(
            {
                "kode": ind.code,
                "kode_sasaran": ind.sasaran_code,
                "nama": ind.name,
                "satuan": ind.satuan,
                "polaritas": ind.polarity.value,
                "rumus": cap.formula,
                "target": _num(ind.target),
                "realisasi": _num(ind.realisasi),
                "capaian": _num(rounded_capaian(ind)),
                "predikat": predikat(cap.value),
                "alasan_tanpa_capaian": cap.reason,
                "bidang": ind.bidang,
            }
        )
    sasaran = []
    for s in data.sasaran:
        eff = sasaran_efficiency(data.indicators_of(s.code), data.budget_of(s.code), data.budget)
        sasaran.append(
            {
                "kode": s.code,
                "nama": s.name,
                "capaian_rata_rata": _num(eff.capaian),
                "pagu": _num(eff.budget.pagu),
                "realisasi_anggaran": _num(eff.budget.realisasi),
                "serapan": _num(eff.serapan),
                "efisiensi": _num(eff.efisiensi),
            }
        )
    total = budget_sum(top_lines(data.budget))
    lines = [
        {
            "tingkat": b.level.value,
            "kode": b.code,
            "nama": b.name,
            "pagu": _num(b.pagu),
            "realisasi": _num(b.realisasi),
            "serapan": _num2(budget_sum((b,)).serapan),
            "kode_sasaran": b.sasaran_code,
        }
        for b in data.budget
    ]
    counts = {label: 0 for label in PREDIKAT_LABELS}
    for ind in data.indicators:
        label = predikat(capaian_of(ind).value)
        counts[label] = counts.get(label, 0) + 1
    mean = average_capaian(data.indicators)
    serapan_total = None if total.serapan is None else round_half_up(total.serapan, 2)
    doc: dict[str, Any] = {
        "skema": SCHEMA,
        "versi_skema": SCHEMA_VERSION,
        "dibuat_pada": _local_time(made_at, zone),
        "kantor": {
            "pemda": p.pemda,
            "nama": p.office,
            "singkatan": p.office_short,
            "alamat": p.address,
            "kota": p.city,
            "email": p.email,
            "telepon": p.phone,
            "zona_waktu": zone.value,
        },
        "tahun": data.report.year,
        "versi_pk": pk_version,
        # the office's audit chain when the package was made (``lakip log --rantai`` checks it)
        "jejak_audit": {"entri": audit_head[0], "sha256": audit_head[1]},
        "sasaran": sasaran,
        "indikator": indicators,
        "anggaran": {
            "pagu": _num(total.pagu),
            "realisasi": _num(total.realisasi),
            "serapan": _num(serapan_total),
            "baris": lines,
        },
        "ringkasan": {
            "jumlah_indikator": len(indicators),
            "per_predikat": counts,
            "capaian_rata_rata": _num(mean),
            "serapan": _num(serapan_total),
            "efisiensi": _num(efisiensi(mean, serapan_total)),
        },
        "alur": _workflow(data, sop),
        "dokumen_ditandatangani": _signed(data),
    }
    doc[CHECKSUM_FIELD] = checksum_of(doc)
    return doc


def canonical_bytes(doc: Mapping[str, Any]) -> bytes:
    """The document without its checksum as canonical JSON: keys sorted, no spaces, UTF-8."""
    body = {k: v for k, v in doc.items() if k != CHECKSUM_FIELD}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def checksum_of(doc: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(doc)).hexdigest()


def dump_document(doc: Mapping[str, Any]) -> bytes:
    """The file's bytes: readable JSON (indented, keys in the document's order)."""
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()


# -- reading a package back ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaketIndicator:
    code: str
    sasaran_code: str
    name: str
    satuan: str
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    predikat: str


@dataclass(frozen=True, slots=True)
class Paket:
    """What the roll-up reads of one package."""

    pemda: str
    office: str
    office_short: str
    year: int
    zone: OfficeZone
    made_at: str
    pk_version: str | None
    indicators: tuple[PaketIndicator, ...]
    per_predikat: tuple[tuple[str, int], ...]
    mean_capaian: Decimal | None
    pagu: Decimal
    realisasi: Decimal
    serapan: Decimal | None
    efficiency: Decimal | None
    current_step: int | None
    done_steps: int
    step_count: int
    finished: bool
    signed_on: date | None
    sent_on: date | None
    signed_sha256: str | None
    checksum: str

    @property
    def key(self) -> tuple[str, str, int]:
        """What makes two packages the same office's same year."""
        return (
            " ".join(self.pemda.split()).casefold(),
            " ".join(self.office.split()).casefold(),
            self.year,
        )

    @property
    def step_text(self) -> str:
        """``selesai``, ``7 (6/11)`` (the step running, steps done), ``belum``."""
        if self.finished:
            return "selesai"
        if self.current_step is None:
            return "belum"
        return f"{self.current_step} ({self.done_steps}/{self.step_count})"


def _field(doc: Mapping[str, Any], name: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = doc.get(name) if isinstance(doc, Mapping) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PaketError(f"kolom '{where}{name}' tidak ada atau jenisnya salah")
    return value


def _dec(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise PaketError(f"angka '{where}' harus ditulis sebagai teks, mis. \"12.5\"")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise PaketError(f"angka '{where}' tidak sah: {value!r}") from None
    if not number.is_finite():
        raise PaketError(f"angka '{where}' tidak sah: {value!r}")
    return number


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise PaketError(f"tanggal '{where}' tidak sah: {value!r}") from None


def read_package(raw: bytes) -> Paket:
    """A package's bytes as a ``Paket``; ``PaketError`` (Indonesian reason) when the bytes are
    not JSON, the schema or its version is unknown, the checksum does not match or a field is
    missing."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PaketError(f"bukan JSON yang utuh ({exc.__class__.__name__})") from None
    if not isinstance(doc, dict):
        raise PaketError("bukan paket lakip (isi JSON bukan objek)")
    if doc.get("skema") != SCHEMA:
        raise PaketError(f"bukan paket lakip (skema {doc.get('skema')!r})")
    version = doc.get("versi_skema")
    if version != SCHEMA_VERSION:
        raise PaketError(
            f"versi skema {version!r} tidak dikenal (yang dikenal: {SCHEMA_VERSION}); "
            "perbarui lakip atau minta kantor mengirim ulang"
        )
    stated = doc.get(CHECKSUM_FIELD)
    if not isinstance(stated, str) or stated != checksum_of(doc):
        raise PaketError("checksum tidak cocok: isi paket berubah setelah dibuat")
    office = _field(doc, "kantor", dict, "")
    flow = _field(doc, "alur", dict, "")
    summary = _field(doc, "ringkasan", dict, "")
    budget = _field(doc, "anggaran", dict, "")
    indicators = []
    for n, item in enumerate(_field(doc, "indikator", list, "")):
        w = f"indikator[{n}]."
        indicators.append(
            PaketIndicator(
                code=_field(item, "kode", str, w),
                sasaran_code=_field(item, "kode_sasaran", str, w),
                name=_field(item, "nama", str, w),
                satuan=_field(item, "satuan", str, w),
                target=_dec(item.get("target"), w + "target"),
                realisasi=_dec(item.get("realisasi"), w + "realisasi"),
                capaian=_dec(item.get("capaian"), w + "capaian"),
                predikat=_field(item, "predikat", str, w),
            )
        )
    counts = _field(summary, "per_predikat", dict, "ringkasan.")
    signed = doc.get("dokumen_ditandatangani")
    try:
        zone = OfficeZone(_field(office, "zona_waktu", str, "kantor."))
    except ValueError:
        raise PaketError("kolom 'kantor.zona_waktu' bukan WIB, WITA atau WIT") from None
    current = flow.get("langkah_berjalan")
    pk = doc.get("versi_pk")
    return Paket(
        pemda=_field(office, "pemda", str, "kantor."),
        office=_field(office, "nama", str, "kantor."),
        office_short=_field(office, "singkatan", str, "kantor."),
        year=_field(doc, "tahun", int, ""),
        zone=zone,
        made_at=str(doc.get("dibuat_pada") or ""),
        pk_version=None if pk is None else str(pk),
        indicators=tuple(indicators),
        per_predikat=tuple((str(k), int(v)) for k, v in counts.items() if isinstance(v, int)),
        mean_capaian=_dec(summary.get("capaian_rata_rata"), "ringkasan.capaian_rata_rata"),
        pagu=_dec(budget.get("pagu"), "anggaran.pagu") or Decimal(0),
        realisasi=_dec(budget.get("realisasi"), "anggaran.realisasi") or Decimal(0),
        serapan=_dec(summary.get("serapan"), "ringkasan.serapan"),
        efficiency=_dec(summary.get("efisiensi"), "ringkasan.efisiensi"),
        current_step=current if isinstance(current, int) else None,
        done_steps=_field(flow, "langkah_selesai", int, "alur."),
        step_count=_field(flow, "jumlah_langkah", int, "alur."),
        finished=bool(flow.get("laporan_selesai")),
        signed_on=_date(flow.get("tanggal_tanda_tangan"), "alur.tanggal_tanda_tangan"),
        sent_on=_date(flow.get("tanggal_kirim"), "alur.tanggal_kirim"),
        signed_sha256=signed.get("sha256") if isinstance(signed, dict) else None,
        checksum=stated,
    )
