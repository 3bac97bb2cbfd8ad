"""Use cases of the Perjanjian Kinerja (PK): see a year's versions, make the murni one or a
perubahan from the year's data now, export a version's document, record its signing.

Who may do what: the Kasubbag PK2AK or the Sekretaris prepare (new, revise), the Kepala Dinas
signs; an admin may do all of it (the audit entry says so). Every registered account may export.
Nothing changes once the year's LAKIP is signed (its data frozen). Signing follows step 9: the
newest export of the version is what is signed; its SHA-256 and the date printed on it are
recorded, and the signed document can always be made again byte for byte (the version is a frozen
snapshot), which every later export of a signed version checks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from models import workflow as wf
from models.domain import ExportRecord, Report, signature_gaps
from models.numbers import OfficeZone, format_date, format_rupiah, to_local
from models.pk import (
    PkChange,
    PkError,
    anggaran_total,
    check_new_version,
    in_force,
    snapshot,
    version_changes,
)
from models.pk_records import PkSignature, PkVersion
from models.sop import Role
from models.text import checked
from store.errors import ReadOnlyFile
from store.repo import Reader, Writer, new_id
from usecases.context import Context
from usecases.exporting import (
    ExportResult,
    file_state,
    output_path,
    place_pdf,
    slug,
    write_atomic,
)
from usecases.remote import usecase, usecase_with
from usecases.reporting import (
    UseCaseError,
    actor_of,
    data_revision,
    require_known,
    year_or_current,
)

__all__ = [
    "PkView",
    "export_pk",
    "new_pk",
    "pk_view",
    "revise_pk",
    "sign_pk",
]

PREPARE_ROLES = (Role.KASUBBAG, Role.SEKRETARIS)
SIGN_ROLE = Role.KEPALA_DINAS


@dataclass(frozen=True)
class PkView:
    """A year's PK as screens and ``lakip pk show`` show it."""

    year: int
    versions: tuple[PkVersion, ...]
    in_force: PkVersion | None
    zone: OfficeZone
    file_states: dict[int, str]  # signed versions: "cocok", "berubah", "hilang"
    changes: tuple[tuple[PkVersion, PkChange], ...]
    prepare_refusal: str | None  # why this account may not make a version now (None: it may)
    sign_refusal: str | None
    sign_needs_reason: bool = False  # an admin who is not the Kepala Dinas
    # each version's newest export, the file a signature would record: number -> (path, sha256)
    to_sign: dict[int, tuple[str, str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The versions, each with its state, dates, hash; the version in force; the changes."""
        if not self.versions:
            return [
                f"Perjanjian Kinerja tahun {self.year} belum ada. Buat PK murni dari data "
                "sekarang: lakip pk new."
            ]
        out = [f"Perjanjian Kinerja tahun {self.year}: {len(self.versions)} versi"]
        for v in self.versions:
            out.extend(version_lines(v, self.zone, self.file_states.get(v.number)))
        if self.in_force is None:
            out.append("Belum ada versi yang ditandatangani: LAKIP memakai target dari data.")
        else:
            out.append(f"Versi yang berlaku untuk LAKIP {self.year}: {self.in_force.label}.")
        if self.changes:
            out.append("Perubahan antarversi:")
            out += [f"  {v.label}: {c.line()}" for v, c in self.changes]
        return out


def version_lines(v: PkVersion, zone: OfficeZone, file_state: str | None = None) -> list[str]:
    sig = v.signature
    state = (
        f"ditandatangani {format_date(sig.signed_on)} (dicatat oleh {sig.signed_by})"
        if sig is not None
        else "belum ditandatangani"
    )
    out = [f"- {v.label}: {state}; berlaku mulai {format_date(v.berlaku)}"]
    if v.alasan:
        out.append(f"    alasan: {v.alasan}")
    out.append(
        f"    {len(v.sasaran)} sasaran, {len(v.indicators)} indikator, {len(v.programmes)} "
        f"program, anggaran {format_rupiah(anggaran_total(v))}; dibuat "
        f"{format_date(to_local(v.created_at, zone).date())} oleh {v.created_by}"
    )
    if sig is not None:
        shown = {
            "cocok": "berkas ada dan cocok",
            "berubah": "berkas SUDAH BERUBAH (hash tidak cocok)",
            "hilang": "berkas tidak ditemukan di lokasi itu",
        }.get(file_state or "", "")
        out.append(f"    SHA-256 {sig.sha256}")
        out.append(f"    {sig.path}" + (f" ({shown})" if shown else ""))
    return out




def _refusal(reader: Reader, report: Report, account: str, roles: tuple[Role, ...]) -> str | None:
    """Why ``account`` may not change the year's PK in a role of ``roles`` (None: it may)."""
    actor = actor_of(reader, account)
    try:
        wf.check_open(report, actor)
    except wf.WorkflowError as exc:
        return str(exc)
    if actor.is_admin or actor.role in roles:
        return None
    who = " atau ".join(r.label for r in roles)
    mine = actor.role.label if actor.role else "tidak ada"
    return f"Hanya {who} (atau admin) yang boleh melakukan ini; peran Anda {mine}."


def _require(w: Writer, report: Report, roles: tuple[Role, ...]) -> str:
    """Refuse unless the writer's account may act in ``roles``; the audit's note when an admin
    acts for them."""
    refusal = _refusal(w, report, w.account, roles)
    if refusal is not None:
        raise UseCaseError(refusal)
    actor = actor_of(w, w.account)
    return "" if actor.role in roles else f"oleh admin atas nama {roles[0].label}"


@usecase
def pk_view(ctx: Context, year: int | None = None) -> PkView:
    with ctx.store.read() as r:
        chosen = year_or_current(r, year)
        report = r.report(chosen)
        versions = r.pk_versions(chosen)
        zone = r.profile().timezone
        prepare = _refusal(r, report, ctx.account, PREPARE_ROLES)
        sign = _refusal(r, report, ctx.account, (SIGN_ROLE,))
        needs_reason = sign is None and actor_of(r, ctx.account).role is not SIGN_ROLE
        to_sign = {
            e.pk_version: (e.path, e.sha256)
            for e in r.exports(chosen)
            if e.kind == "pk" and e.pk_version is not None
        }
        if r.read_only:
            prepare = sign = "Berkas data hanya dapat dibaca."
    states = {
        v.number: file_state(v.signature.path, v.signature.sha256)
        for v in versions
        if v.signature is not None
    }
    return PkView(
        chosen, versions, in_force(versions, chosen), zone, states, version_changes(versions),
        prepare, sign, needs_reason, to_sign,
    )  # fmt: skip


def _take(
    ctx: Context,
    year: int | None,
    *,
    revision: bool,
    alasan: str = "",
    berlaku: date | None = None,
    kepala_daerah: str = "",
) -> PkVersion:
    alasan = checked("Alasan", alasan)
    kepala_daerah = checked("Nama kepala daerah", kepala_daerah, multiline=False)
    if revision and not alasan.strip():
        raise UseCaseError("Perubahan PK perlu alasannya (--alasan TEKS).")
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        chosen = year_or_current(w, year)
        report = w.report(chosen)
        by_admin = _require(w, report, PREPARE_ROLES)
        versions = w.pk_versions(chosen)
        try:
            number = check_new_version(versions, chosen, revision=revision, berlaku=berlaku)
        except PkError as exc:
            raise UseCaseError(str(exc)) from None
        again = next((v for v in versions if v.number == number), None)
        data = w.year_data(chosen)
        version = snapshot(
            data, id=again.id if again else new_id(), number=number, created_at=now,
            created_by=ctx.account, alasan=alasan, berlaku=berlaku,
            kepala_daerah=kepala_daerah or (versions[-1].kepala_daerah if versions else ""),
        )  # fmt: skip
        if again is not None:
            version = replace(version, rev=again.rev)
        saved = w.save_pk_version(version)
        note = (
            f"{len(saved.indicators)} indikator, {len(saved.programmes)} program, anggaran "
            f"{format_rupiah(anggaran_total(saved))}"
        )
        if revision:
            note += f"; berlaku mulai {format_date(saved.berlaku)}; alasan: {alasan}"
        if again is not None:
            note += "; diambil ulang dari data sekarang (belum ditandatangani)"
        if by_admin:
            note += f"; {by_admin}"
        action = "pk.perubahan" if revision else "pk.dibuat"
        w.audit_log(action, year=chosen, target=f"PK {chosen} {saved.label}", note=note)
        return saved


@usecase
def new_pk(ctx: Context, year: int | None = None, *, kepala_daerah: str = "") -> PkVersion:
    """The murni PK of the year from its data now (taken again while it is not signed)."""
    return _take(ctx, year, revision=False, kepala_daerah=kepala_daerah)


@usecase
def revise_pk(
    ctx: Context,
    *,
    alasan: str,
    berlaku: date,
    year: int | None = None,
    kepala_daerah: str = "",
) -> PkVersion:
    """The next perubahan from the year's data now, with its reason and effective date (an
    unsigned perubahan is taken again); no earlier version is touched."""
    return _take(
        ctx, year, revision=True, alasan=alasan, berlaku=berlaku, kepala_daerah=kepala_daerah
    )


def _chosen_version(versions: tuple[PkVersion, ...], year: int, versi: int | None) -> PkVersion:
    if not versions:
        raise UseCaseError(
            f"Perjanjian Kinerja tahun {year} belum ada; buat dulu dengan: lakip pk new."
        )
    if versi is None:
        return versions[-1]
    found = next((v for v in versions if v.number == versi), None)
    if found is None:
        known = ", ".join(f"{v.number} ({v.label})" for v in versions)
        raise UseCaseError(f"PK tahun {year} tidak punya versi {versi}; yang ada: {known}.")
    return found


def default_pk_name(version: PkVersion) -> str:
    which = "murni" if version.number == 0 else f"perubahan-{version.number}"
    return f"PK-{version.year}-{slug(version.profile.office_short)}-{which}.docx"


@usecase_with(outputs=("output",))
def export_pk(
    ctx: Context,
    *,
    year: int | None = None,
    versi: int | None = None,
    output: Path | None = None,
    overwrite: bool = False,
    pdf: bool = False,
    bidang: str | None = None,
) -> ExportResult:
    """Write the document of a PK version (default: the newest) and record the export. A signed
    version is made again as it was signed (dated as then) and must give the signed bytes.
    ``bidang``: the eselon III PK of that bidang's head to the Kepala Dinas, from the same
    version (dated today; its signing is not recorded here)."""
    from exporters.pk_docx import render_pk

    now = ctx.now()
    with ctx.store.read() as r:
        require_known(r, ctx.account, "Ekspor dokumen")
        chosen = year_or_current(r, year)
        version = _chosen_version(r.pk_versions(chosen), chosen, versi)
        report = r.report(chosen)
        revision = data_revision(r, chosen)
        zone = r.profile().timezone
    if bidang is not None:
        return _export_bidang(
            ctx, version, bidang, printed=to_local(now, zone).date(), output=output,
            overwrite=overwrite, pdf=pdf, data_rev=report.rev, data_seq=revision, at=now,
        )  # fmt: skip
    sig = version.signature
    printed = sig.printed if sig is not None else to_local(now, zone).date()
    rendered = render_pk(version, printed=printed)
    digest = hashlib.sha256(rendered.data).hexdigest()
    notes = list(rendered.notes)
    if sig is not None:
        if digest != sig.sha256:
            raise UseCaseError(
                f"PK {version.label} tahun {chosen} yang ditandatangani tidak dapat dibuat ulang "
                f"sama persis (SHA-256 {digest[:16]}... berbeda dari {sig.sha256[:16]}...). "
                f"Berkas yang ditandatangani: {sig.path}."
            )
        notes.append(
            f"Versi ini ditandatangani {format_date(sig.signed_on)}; berkas ini identik dengan "
            f"yang ditandatangani (SHA-256 {sig.sha256})."
        )
    return _write_and_record(
        ctx, output_path(ctx, output, default_pk_name(version)), rendered.data, notes,
        overwrite=overwrite, pdf=pdf, kind="pk", version=version, data_rev=report.rev,
        data_seq=revision, at=now, note=f"PK {version.label}, SHA-256 {digest[:16]}",
    )  # fmt: skip


def _write_and_record(
    ctx: Context,
    target: Path,
    data: bytes,
    notes: list[str],
    *,
    overwrite: bool,
    pdf: bool,
    kind: str,
    version: PkVersion,
    data_rev: int,
    data_seq: int,
    at: datetime,
    note: str,
) -> ExportResult:
    """Write a PK document (and its PDF when asked), then record the export and audit it; from
    a read-only data file the document is made and said unrecorded (it cannot be signed)."""
    digest = hashlib.sha256(data).hexdigest()
    write_atomic(target, data, overwrite=overwrite)
    pdf_path: Path | None = None
    pdf_error = ""
    if pdf:
        try:
            pdf_path = place_pdf(target, overwrite, toc=False)
        except UseCaseError as exc:
            pdf_error = f"PDF tidak dibuat: {exc}"
            notes.append(pdf_error)
    record = ExportRecord(
        id=new_id(), kind=kind, year=version.year, path=str(target.resolve()), sha256=digest,
        data_rev=data_rev, at=at, by=ctx.account, data_seq=data_seq, pk_version=version.number,
    )  # fmt: skip
    saved: ExportRecord | None = record
    try:
        with ctx.store.write(ctx.account, ctx.now()) as w:
            w.add_export(record)
            w.audit_log(f"ekspor.{kind.replace('-', '_')}", year=version.year,
                        target=target.name, note=note)  # fmt: skip
    except ReadOnlyFile as exc:
        saved = None
        notes.append(f"Ekspor tidak tercatat di berkas data: {exc}")
    return ExportResult(target, pdf_path, digest, saved, notes, pdf_error)


def _export_bidang(
    ctx: Context,
    version: PkVersion,
    bidang: str,
    *,
    printed: date,
    output: Path | None,
    overwrite: bool,
    pdf: bool,
    data_rev: int,
    data_seq: int,
    at: datetime,
) -> ExportResult:
    """The eselon III PK of ``bidang``'s head, from ``version``."""
    from exporters.errors import ExportError
    from exporters.pk_docx import render_pk

    code = bidang.strip()
    try:
        rendered = render_pk(version, printed=printed, bidang=code)
    except ExportError as exc:
        raise UseCaseError(str(exc)) from None
    digest = hashlib.sha256(rendered.data).hexdigest()
    name = default_pk_name(version).removesuffix(".docx") + f"-{slug(code)}.docx"
    return _write_and_record(
        ctx, output_path(ctx, output, name), rendered.data, list(rendered.notes),
        overwrite=overwrite, pdf=pdf, kind="pk-bidang", version=version, data_rev=data_rev,
        data_seq=data_seq, at=at, note=f"PK {version.label} bidang {code}, SHA-256 {digest[:16]}",
    )  # fmt: skip


@usecase
def sign_pk(
    ctx: Context,
    *,
    year: int | None = None,
    versi: int | None = None,
    tanggal: date | None = None,
    override_reason: str = "",
) -> PkVersion:
    """Record that the Kepala Dinas signed a PK version: the version's newest export, which must
    still be on disk unchanged and be of this version (made again, it gives the same bytes);
    its SHA-256, the date printed on it, the signing date (default today), the account. An
    admin who is not the Kepala Dinas records it only with a reason, as at step 9."""
    from exporters.pk_docx import render_pk

    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        chosen = year_or_current(w, year)
        report = w.report(chosen)
        by_admin = _require(w, report, (SIGN_ROLE,))
        if by_admin and not override_reason.strip():
            raise UseCaseError(
                f"Anda bukan {SIGN_ROLE.label}: sebagai admin, tuliskan alasan mencatat tanda "
                "tangannya atas namanya (--as-admin ALASAN); alasan itu dicatat di jejak audit."
            )
        version = _chosen_version(w.pk_versions(chosen), chosen, versi)
        if version.signature is not None:
            raise UseCaseError(
                f"PK {version.label} tahun {chosen} sudah ditandatangani "
                f"{format_date(version.signature.signed_on)}; tanda tangan tidak diulang."
            )
        gaps = signature_gaps(version.pihak_pertama)
        if gaps:
            raise UseCaseError(
                f"PK {version.label} tahun {chosen} tidak dapat ditandatangani: {', '.join(gaps)} "
                "Kepala Dinas (Pihak Pertama) kosong di versi ini. Admin mengisinya (lakip users "
                "set AKUN --name ... --nip ...), lalu versi ini diambil ulang dari data (lakip pk "
                + ("new" if version.number == 0 else "revise")
                + ") dan diekspor lagi."
            )
        zone = w.profile().timezone
        today = to_local(now, zone).date()
        signed_on = tanggal or today
        if signed_on > today:
            raise UseCaseError(
                f"Tanggal tanda tangan {format_date(signed_on)} belum tiba; tulis tanggal "
                "penandatanganan yang sebenarnya."
            )
        exports = [
            e for e in w.exports(chosen) if e.kind == "pk" and e.pk_version == version.number
        ]
        how = f"lakip pk export --versi {version.number}"
        if not exports:
            raise UseCaseError(
                f"Dokumen PK {version.label} tahun {chosen} belum diekspor; yang ditandatangani "
                f"adalah berkas ekspornya. Ekspor dulu: {how}."
            )
        export = exports[-1]
        printed = to_local(export.at, zone).date()
        if hashlib.sha256(render_pk(version, printed=printed).data).hexdigest() != export.sha256:
            raise UseCaseError(
                f"Ekspor terakhir PK {version.label} ({export.path}) dibuat sebelum versi ini "
                f"diambil ulang dari data; ekspor lagi: {how}."
            )
        found = file_state(export.path, export.sha256)
        if found != "cocok":
            state = "tidak ditemukan" if found == "hilang" else "sudah berubah isinya"
            raise UseCaseError(
                f"Berkas PK yang diekspor {export.path} {state}; ekspor lagi ({how}) dan "
                "tandatangani berkas itu."
            )
        signature = PkSignature(
            export_id=export.id, sha256=export.sha256, path=export.path, printed=printed,
            signed_on=signed_on, signed_at=now, signed_by=ctx.account,
        )  # fmt: skip
        saved = w.save_pk_version(replace(version, signature=signature))
        note = f"ditandatangani {format_date(signed_on)}; SHA-256 {export.sha256}"
        if by_admin:
            note += f"; {by_admin}, alasan: {override_reason.strip()}"
        w.audit_log(
            "pk.ditandatangani", year=chosen, target=f"PK {chosen} {saved.label}", note=note
        )
        return saved
