"""Use cases of the documents: export the LAKIP, the surat pengantar and the lembar disposisi
(optionally as PDF), and number the surat pengantar from the register.

The data is read once (one consistent snapshot), the file is written outside the lock (atomic:
temp file in the target folder, then ``os.replace`` or, without overwrite, a hard link that never
replaces an existing file), and a short write transaction records the export (ExportRecord with
the file's SHA-256 and the data revision) and its audit entry together.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from models import workflow as wf
from models.domain import ExportRecord, Letter, Outcome, Signature, YearData, signature_gaps
from models.numbers import OfficeZone, format_datetime, to_local
from models.sop import Role, Sop
from store import files
from store.errors import FileRefused, ReadOnlyFile
from store.repo import Reader, new_id
from usecases.context import Context
from usecases.remote import usecase, usecase_with
from usecases.reporting import (
    UseCaseError,
    actor_of,
    data_changes,
    data_revision,
    require_known,
    sop_of,
    year_or_current,
)

if TYPE_CHECKING:
    from exporters.styles import Rendered

__all__ = [
    "KINDS",
    "ExportResult",
    "SignedInfo",
    "export_document",
    "letters",
    "number_letter",
    "number_letter_ex",
    "signed_info",
]


@dataclass
class ExportResult:
    path: Path
    pdf_path: Path | None
    sha256: str
    record: ExportRecord | None
    notes: list[str] = field(default_factory=list)
    pdf_error: str = ""  # a PDF was asked for and not made: why


@dataclass(frozen=True)
class SignedInfo:
    """What was signed at step 9 and whether it can still be found unchanged."""

    signature: Signature
    zone: OfficeZone
    file_state: str  # "cocok", "berubah", "hilang"
    data_changed: bool
    changes: tuple[str, ...]

    def lines(self) -> list[str]:
        sig = self.signature
        revision = sig.data_rev if sig.data_seq is None else sig.data_seq
        out = [
            "Versi yang ditandatangani (langkah 9, "
            f"{format_datetime(sig.signed_at, self.zone)} oleh "
            f"{sig.signed_by}): {sig.path}",
            f"  SHA-256 {sig.sha256}, revisi data {revision}; berkas "
            + {
                "cocok": "masih ada dan cocok dengan hash-nya.",
                "berubah": "ada tetapi isinya SUDAH BERUBAH (hash tidak cocok).",
                "hilang": "tidak ditemukan di lokasi itu.",
            }[self.file_state],
        ]
        if self.data_changed:
            out.append(
                "  PERHATIAN: data laporan berubah setelah penandatanganan ("
                + "; ".join(self.changes[:3])
                + (", ..." if len(self.changes) > 3 else "")
                + "); berkas baru ini BUKAN versi yang ditandatangani."
            )
        else:
            out.append("  Data tidak berubah sejak penandatanganan.")
        return out


def _sha256_file(path: Path) -> str | None:
    """The file's SHA-256; None when it is missing, "" when it is a link, a device or too large
    (a planted file, not the signed document)."""
    try:
        return hashlib.sha256(files.read_regular(path, what="Dokumen")).hexdigest()
    except FileRefused:
        return ""
    except OSError:
        return None


def file_state(path: str, sha256: str) -> str:
    """A signed file as found now: "cocok" (there, same hash), "berubah", or "hilang"."""
    digest = _sha256_file(Path(path))
    return "hilang" if digest is None else ("cocok" if digest == sha256 else "berubah")


def signed_info(reader: Reader, year: int) -> SignedInfo | None:
    """The newest signature of the year, the state of its file, and data changes since."""
    report = reader.report(year)
    if not report.signatures:
        return None
    sig = report.signatures[-1]
    zone = reader.profile().timezone
    state = file_state(sig.path, sig.sha256)
    if sig.data_seq is not None:
        after = data_changes(reader, year, sig.data_seq)
    else:  # signed by an older lakip, which kept no data revision: changes by time
        after = tuple(e for e in data_changes(reader, year) if e.at > sig.signed_at)
    changes = tuple(f"{e.action} {format_datetime(e.at, zone)} oleh {e.account}" for e in after)
    reopened = any(
        e.action == "laporan.dibuka" and e.at > sig.signed_at for e in reader.audit(year)
    )
    if reopened and not report.frozen:
        changes = ("laporan dibuka kembali oleh admin", *changes)
    return SignedInfo(sig, zone, state, bool(changes), changes)


# -- files ----------------------------------------------------------------------------------------


def slug(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")
    return cleaned or "Dinas"


def default_name(kind: str, data: YearData, *, step: int | None = None, draft: bool = False) -> str:
    year = data.report.year
    if kind == "lakip":
        return f"LAKIP-{year}-{slug(data.profile.office_short)}.docx"
    if kind == "letter":
        return f"Surat-Pengantar-LAKIP-{year}" + ("-KONSEP" if draft else "") + ".docx"
    if kind == "triwulan":
        konsep = "-KONSEP" if draft else ""
        return f"Monitoring-Triwulan-{step}-{year}-{slug(data.profile.office_short)}{konsep}.docx"
    if kind == "manual-ik":
        return f"Manual-IK-{year}-{slug(data.profile.office_short)}.docx"
    return f"Disposisi-Langkah-{step}-{year}.docx"


def output_path(ctx: Context, output: Path | None, name: str) -> Path:
    if output is None:
        folder = ctx.out_dir()
        target = folder / name
    else:
        out = Path(output).expanduser()
        if out.is_dir() or str(output).endswith(os.sep) or not out.suffix:
            folder, target = out, out / name
        else:
            if out.suffix.lower() != ".docx":
                raise UseCaseError(
                    f"Berkas tujuan '{out}' harus berakhiran .docx (atau sebutkan sebuah folder)."
                )
            folder, target = out.parent, out
    try:
        files.make_folder(folder)
    except OSError as exc:
        raise UseCaseError(
            f"Folder keluaran {folder} tidak dapat dibuat: {exc.strerror}."
        ) from None
    return target


class OutputExists(UseCaseError):
    """The document's path is taken and overwriting was not asked for; the message names the
    command line's options, a screen says its own (``path`` is the taken file)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Berkas {path} sudah ada dan tidak ditimpa. Pakai --overwrite untuk menimpanya, "
            "atau -o untuk nama/folder lain."
        )
        self.path = path


# An export's temp file (store.files' pattern) is written, fsynced and renamed in well under a
# minute; one older than this belongs to an export that was killed.
STALE_EXPORT_SECONDS = 3600


def export_leftovers(folder: Path) -> list[Path]:
    """Temp files of killed exports in ``folder`` (older than ``STALE_EXPORT_SECONDS``)."""
    import time

    found = []
    for p in files.stale_temps(folder, lambda _name: True):
        with contextlib.suppress(OSError):
            st = p.lstat()
            if not stat.S_ISREG(st.st_mode) or time.time() - st.st_mtime > STALE_EXPORT_SECONDS:
                found.append(p)
    return found


def write_atomic(target: Path, data: bytes, *, overwrite: bool) -> None:
    """Write ``data`` to ``target`` as a new file (``store.files.write_file``: a random temp
    name that never follows a link, mode 0660 in a group folder whatever the umask). Without
    ``overwrite`` an existing file or link of that name is never replaced."""
    if not overwrite and os.path.lexists(target):
        raise OutputExists(target)
    for leftover in export_leftovers(target.parent):
        with contextlib.suppress(OSError):
            leftover.unlink()
    try:
        files.write_file(target, data, overwrite=overwrite)
    except FileExistsError:
        raise OutputExists(target) from None
    except OSError as exc:
        raise UseCaseError(f"Berkas {target} tidak dapat ditulis: {exc.strerror or exc}.") from None


def place_pdf(docx_path: Path, overwrite: bool, *, toc: bool) -> Path:
    from exporters.errors import ExportError
    from exporters.pdf import convert_to_pdf

    final = docx_path.with_suffix(".pdf")
    if not overwrite and final.exists():
        raise OutputExists(final)
    with tempfile.TemporaryDirectory(dir=docx_path.parent, prefix=".lakip-pdf-") as tmp:
        try:
            made = convert_to_pdf(docx_path, Path(tmp), toc=toc)
        except ExportError as exc:
            raise UseCaseError(str(exc)) from None
        write_atomic(final, made.read_bytes(), overwrite=overwrite)
    return final


# -- export ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Made:
    """A document rendered, with what the user is told about it."""

    rendered: Rendered
    notes: tuple[str, ...] = ()
    draft: bool = False  # a letter without its number
    step: int | None = None  # the disposition's step (a quarterly report's quarter)
    beside: tuple[tuple[str, bytes], ...] = ()  # (suffix, bytes) written beside the DOCX


def _make_lakip(data: YearData, sop: Sop, printed: date, step: int | None) -> _Made:
    from exporters.lakip_docx import render_lakip

    return _Made(render_lakip(data, printed=printed))


def _make_letter(data: YearData, sop: Sop, printed: date, step: int | None) -> _Made:
    from exporters.letter_docx import render_letter

    covers = [x for x in data.letters if x.is_cover]
    letter = covers[-1] if covers else None
    rendered = render_letter(data, letter, printed=printed)
    if letter is None:
        return _Made(rendered, (
            "Surat pengantar masih KONSEP (belum bernomor). Nomor diberikan pada "
            "langkah 10 oleh Kasubbag: lakip letter number.",
        ), draft=True)  # fmt: skip
    return _Made(rendered, (f"Nomor surat: {letter.number}.",))


def _make_disposition(
    data: YearData,
    sop: Sop,
    printed: date,
    step: int | None,
    audit_mark: tuple[int, str] | None = None,
) -> _Made:
    from exporters.disposition_docx import render_disposition

    step = step or _default_disposition_step(data)
    rendered = render_disposition(data, step, sop, printed=printed, audit_mark=audit_mark)
    return _Made(rendered, step=step)


def _step_audit_mark(reader: Reader, data: YearData, step: int | None) -> tuple[int, str] | None:
    """The audit entry that recorded the disposition's step as done (the newest such) and its
    SHA-256 in the chain; None when there is none (an older file, a step not done)."""
    step = step or _default_disposition_step(data)
    done = [
        e for e in reader.audit(data.report.year)
        if e.action == "langkah.selesai" and e.target == f"langkah {step}"
    ]  # fmt: skip
    if not done:
        return None
    digest = reader.audit_entry_hash(done[-1].seq)
    return None if not digest else (done[-1].seq, digest)


def _make_quarter(data: YearData, sop: Sop, printed: date, step: int | None) -> _Made:
    from exporters.quarter_docx import render_quarter_report
    from usecases.quarters import quarter_purpose

    if step is None:
        raise UseCaseError("Sebutkan triwulannya: lakip export triwulan --tw N (1-4).")
    numbered = [x for x in data.letters if x.purpose == quarter_purpose(step)]
    number = numbered[-1].number if numbered else ""
    if numbered:  # dated as numbered, as the surat pengantar is
        printed = to_local(numbered[-1].issued_at, data.profile.timezone).date()
    rendered = render_quarter_report(data, step, number, printed=printed)
    said = (f"Nomor laporan: {number}.",) if number else ()
    return _Made(rendered, said, draft=not number, step=step)


def _make_manual_ik(data: YearData, sop: Sop, printed: date, step: int | None) -> _Made:
    from exporters.quarter_docx import render_manual_ik, render_manual_ik_xlsx

    return _Made(
        render_manual_ik(data, printed=printed), beside=((".xlsx", render_manual_ik_xlsx(data)),)
    )


@dataclass(frozen=True)
class _Kind:
    label: str  # told while it is made
    audit: str  # the audit action of its export
    make: Callable[[YearData, Sop, date, int | None], _Made]


_KINDS = {
    "lakip": _Kind("Dokumen LAKIP", "ekspor.lakip", _make_lakip),
    "letter": _Kind("Surat pengantar", "ekspor.surat", _make_letter),
    "disposition": _Kind("Lembar disposisi", "ekspor.disposisi", _make_disposition),
    "triwulan": _Kind("Laporan monitoring triwulan", "ekspor.triwulan", _make_quarter),
    "manual-ik": _Kind("Manual indikator kinerja", "ekspor.manual_ik", _make_manual_ik),
}
KINDS = tuple(_KINDS)


def _signed_printed(data: YearData, signed: SignedInfo | None, kind: str) -> date:
    """The date printed on the signed LAKIP made again: that of the export that was signed."""
    if kind != "lakip":
        raise UseCaseError("Versi bertanda tangan hanya ada untuk dokumen LAKIP.")
    if signed is None:
        raise UseCaseError(f"LAKIP tahun {data.report.year} belum ditandatangani (langkah 9).")
    source = next((e for e in data.exports if e.id == signed.signature.export_id), None)
    return to_local(
        source.at if source else signed.signature.signed_at, data.profile.timezone
    ).date()


def _signed_name(name: str, data: bytes, signed: SignedInfo) -> str:
    """The file name of the signed LAKIP made again; refused unless it is the same bytes."""
    made = hashlib.sha256(data).hexdigest()
    if made != signed.signature.sha256:  # never a file named as signed that is not
        raise UseCaseError(
            "Versi yang ditandatangani tidak dapat dibuat ulang: LAKIP dari data sekarang "
            f"(SHA-256 {made[:16]}...) berbeda dari yang ditandatangani. "
            + " ".join(line.strip() for line in signed.lines())
        )
    return name.removesuffix(".docx") + "-ditandatangani.docx"


def _pdf_beside(
    target: Path, overwrite: bool, kind: str, without_toc: bool, notes: list[str]
) -> tuple[Path | None, str]:
    """The PDF beside ``target`` and, when it is not made, why (also added to ``notes``)."""
    try:
        pdf_path = place_pdf(target, overwrite, toc=kind == "lakip" and not without_toc)
    except UseCaseError as exc:
        notes.append(f"PDF tidak dibuat: {exc}")
        return None, notes[-1]
    if kind == "lakip" and without_toc:
        notes.append("PDF dibuat tanpa nomor halaman di Daftar Isi (--tanpa-daftar-isi).")
    return pdf_path, ""


@usecase_with(outputs=("output",))
def export_document(
    ctx: Context,
    kind: str,
    *,
    year: int | None = None,
    output: Path | None = None,
    overwrite: bool = False,
    pdf: bool = False,
    step: int | None = None,
    progress: Callable[[str], None] | None = None,
    as_signed: bool = False,
    pdf_without_toc: bool = False,
) -> ExportResult:
    """Make one document of the year, record it, and return where it is and its hash.

    ``as_signed`` makes the LAKIP again as it was signed at step 9 (dated as that export): the
    output is deterministic, so when the data has not changed its SHA-256 equals the signed one.
    ``pdf`` asked and not made leaves the DOCX made and says why in ``pdf_error``; a LAKIP's PDF
    needs its Daftar Isi numbered, unless ``pdf_without_toc``.
    """
    say = progress or (lambda _text: None)
    if kind not in _KINDS:
        raise UseCaseError(f"Jenis dokumen '{kind}' tidak dikenal; pilih {', '.join(KINDS)}.")
    how = _KINDS[kind]
    now = ctx.now()
    say("Membaca data laporan...")
    with ctx.store.read() as r:
        require_known(r, ctx.account, "Ekspor dokumen")
        chosen = year_or_current(r, year)
        data = r.year_data(chosen)
        sop = sop_of(r)
        signed = signed_info(r, chosen) if kind == "lakip" else None
        revision = data_revision(r, chosen)
        mark = _step_audit_mark(r, data, step) if kind == "disposition" else None
    printed = to_local(now, data.profile.timezone).date()
    if as_signed:
        printed = _signed_printed(data, signed, kind)
    from exporters.errors import ExportError

    say(f"Menyusun {how.label.lower()}...")
    try:
        made = (
            _make_disposition(data, sop, printed, step, mark)
            if kind == "disposition"
            else how.make(data, sop, printed, step)
        )
    except ExportError as exc:
        raise UseCaseError(str(exc)) from None
    rendered, step = made.rendered, made.step
    notes = [*made.notes, *rendered.notes, *signature_warnings(data, kind)]
    name = default_name(kind, data, step=step, draft=made.draft)
    if as_signed and signed is not None:
        name = _signed_name(name, rendered.data, signed)
    target = output_path(ctx, output, name)
    say(f"Menulis {target.name}...")
    write_atomic(target, rendered.data, overwrite=overwrite)
    for suffix, extra in made.beside:
        write_atomic(target.with_suffix(suffix), extra, overwrite=overwrite)
        notes.append(f"Juga dibuat: {target.with_suffix(suffix)}")
    digest = hashlib.sha256(rendered.data).hexdigest()
    pdf_path: Path | None = None
    pdf_error = ""
    if pdf:
        say("Mengubah ke PDF dengan LibreOffice...")
        pdf_path, pdf_error = _pdf_beside(target, overwrite, kind, pdf_without_toc, notes)
    say("Mencatat ekspor...")
    record = ExportRecord(
        id=new_id(),
        kind=kind,
        year=data.report.year,
        path=str(target.resolve()),
        sha256=digest,
        data_rev=data.report.rev,
        at=now,
        by=ctx.account,
        data_seq=revision,
    )
    detail = f"SHA-256 {digest[:16]}, revisi data {revision}"
    if kind == "disposition":
        detail += f", langkah {step}"
    if kind == "triwulan":
        detail += f", triwulan {step}"
    if pdf_path is not None:
        detail += f", PDF {pdf_path.name}"
    try:
        with ctx.store.write(ctx.account, ctx.now()) as w:
            w.add_export(record)
            w.audit_log(how.audit, year=data.report.year, target=target.name, note=detail)
        saved: ExportRecord | None = record
    except ReadOnlyFile as exc:
        saved = None
        notes.append(f"Ekspor tidak tercatat di berkas data: {exc}")
    if signed is not None:
        notes.extend(signed.lines())
        if digest == signed.signature.sha256:
            notes.append("  Berkas ini identik dengan versi yang ditandatangani.")
    say("Selesai.")
    return ExportResult(target, pdf_path, digest, saved, notes, pdf_error)


def signature_warnings(data: YearData, kind: str) -> list[str]:
    """Warnings for what a document would print empty: the Kepala Dinas's signature (LAKIP
    Kata Pengantar and Perjanjian Kinerja, surat pengantar) and the letter's addressee."""
    if kind not in ("lakip", "letter"):
        return []
    out: list[str] = []
    gaps = signature_gaps(data.signer(Role.KEPALA_DINAS))
    if gaps:
        where = "Kata Pengantar dan Perjanjian Kinerja" if kind == "lakip" else "surat pengantar"
        out.append(
            f"PERHATIAN: tanda tangan Kepala Dinas di {where} kosong ({', '.join(gaps)} belum "
            "diisi). Admin mengisinya pada pengguna pemegang peran kepala_dinas: lakip users set "
            "AKUN --name ... --nip ... --pangkat ...; lalu ekspor lagi."
        )
    if not data.profile.addressee.strip():
        out.append(
            "PERHATIAN: kepala daerah penerima (Bupati/Wali Kota ...) belum diisi di Profil "
            "kantor; dokumen tidak menyebut nama penerimanya."
        )
    return out


def _default_disposition_step(data: YearData) -> int:
    for candidate in (wf.SIGN_STEP, 1):
        # only a step that was done (not one that sent the report back) has a disposition
        if any(p.outcome is Outcome.SELESAI for p in wf.passes_of(data.report, candidate)):
            return candidate
    return 1


# -- letters --------------------------------------------------------------------------------------


@usecase
def number_letter_ex(
    ctx: Context, *, year: int | None = None, new: bool = False
) -> tuple[Letter, bool]:
    """Give the surat pengantar its number (step 10); return it and whether it is new.

    Only the role holding step 10 (or an admin) numbers, and only while step 10 is the current
    step; ``new`` issues the next number for a new letter (e.g. a resubmission) at any step.
    Without ``new`` an already numbered letter keeps its number."""
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        chosen = year_or_current(w, year)
        report = w.report(chosen)
        sop = sop_of(w)
        actor = actor_of(w, ctx.account)
        role = sop.step(wf.LETTER_STEP).role
        if not actor.known:
            raise UseCaseError(
                f"Akun '{ctx.account}' belum terdaftar; hanya {role.label} yang memberi "
                "nomor surat."
            )
        if actor.role is not role and not actor.is_admin:
            raise UseCaseError(
                f"Nomor surat pengantar diberikan oleh {role.label} (langkah {wf.LETTER_STEP}); "
                f"peran Anda {actor.role.label if actor.role else 'tidak ada'}."
            )
        existing = [x for x in w.letters(chosen) if x.is_cover]
        current = wf.current_step(report)
        if not new:
            if existing:
                return existing[-1], False
            if current != wf.LETTER_STEP:
                where = f"langkah {current}" if current else "laporan sudah selesai"
                raise UseCaseError(
                    f"Nomor surat diberikan pada langkah {wf.LETTER_STEP}; laporan tahun {chosen} "
                    f"sekarang di {where}. Untuk surat baru (mis. pengiriman ulang) pakai --new."
                )
        profile = w.profile()
        letter = w.issue_letter(chosen, profile)
        note = "surat baru (--new)" if new else ""
        if actor.role is not role:
            note = (note + "; " if note else "") + f"oleh admin atas nama {role.label}"
        w.audit_log("surat.nomor", year=chosen, target=letter.number, note=note)
        return letter, True


@usecase
def number_letter(ctx: Context, *, year: int | None = None, new: bool = False) -> Letter:
    return number_letter_ex(ctx, year=year, new=new)[0]


@usecase
def letters(ctx: Context, year: int | None = None) -> tuple[Letter, ...]:
    with ctx.store.read() as r:
        return r.letters(year_or_current(r, year))
