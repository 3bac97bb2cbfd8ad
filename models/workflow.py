"""The workflow rules of the SOP as pure functions of a report.

A report moves through the SOP's steps one pass at a time. Exactly one pass is open (unfinished)
until the last step is done. Completing the open pass opens the next step; returning (allowed from
the steps the SOP marks ``can_return``) closes it as *dikembalikan* and reopens an earlier step.
Every function returns a new ``Report``, or raises ``WorkflowError`` with an Indonesian message.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from models.domain import Outcome, Report, Signature, StepPass, StepState, User
from models.errors import LakipError
from models.sop import Role, Sop, TimeStandard

SIGN_STEP = 9
LETTER_STEP = 10
DELIVERY_STEP = 11
REQUEST_STEP = 3
DATA_STEP = 4
REALISASI_STEP = 6


class WorkflowError(LakipError, ValueError):
    """A rule refused an action; ``str(exc)`` says why in Indonesian."""


class GuardError(WorkflowError):
    """A step cannot finish yet; ``missing`` lists what it still needs."""

    def __init__(self, step: int, missing: list[str]) -> None:
        self.step = step
        self.missing = missing
        super().__init__(f"Langkah {step} belum dapat diselesaikan: " + "; ".join(missing) + ".")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: the Unix account and, when the office knows it, its user record."""

    account: str
    user: User | None = None

    @property
    def role(self) -> Role | None:
        return self.user.role if self.user and self.user.active else None

    @property
    def is_admin(self) -> bool:
        return bool(self.user and self.user.active and self.user.is_admin)

    @property
    def known(self) -> bool:
        return self.user is not None and self.user.active

    @property
    def display(self) -> str:
        if self.user and self.user.name:
            return f"{self.user.name} ({self.account})"
        return self.account


@dataclass(frozen=True, slots=True)
class GuardFacts:
    """What the guards look at, gathered by the caller from the year's data."""

    # names of bidang whose data is not complete: not returned, or returned with items empty
    bidang_pending: tuple[str, ...] = ()
    missing_realisasi: tuple[str, ...] = ()  # codes of indicators without realisasi
    missing_target: tuple[str, ...] = ()
    lakip_export: Signature | None = None  # the newest LAKIP export, to be signed at step 9
    letter_number: str = ""
    data: dict[str, str] = field(default_factory=dict)  # values given with the completion
    signer_gaps: tuple[str, ...] = ()  # what the Kepala Dinas signature block lacks ("nama", "NIP")
    data_seq: int = 0  # the year's data revision now, compared with the export's at step 9
    unowned: tuple[str, ...] = ()  # records no bidang owns ("indikator IK1.1"): nobody is asked


DELIVERY_FIELDS = {
    "tanggal_kirim": "tanggal pengiriman surat",
    "lokasi_arsip": "lokasi arsip dokumen",
    "unggah_esakip": "konfirmasi unggah e-review SAKIP",
}


def open_pass(report: Report) -> StepPass | None:
    for p in reversed(report.passes):
        if p.finished_at is None:
            return p
    return None


def current_step(report: Report) -> int | None:
    p = open_pass(report)
    return p.step if p else None


def is_finished(report: Report, sop: Sop) -> bool:
    last = [p for p in report.passes if p.step == sop.last]
    return open_pass(report) is None and bool(last) and last[-1].outcome is Outcome.SELESAI


def passes_of(report: Report, step: int) -> tuple[StepPass, ...]:
    return tuple(p for p in report.passes if p.step == step)


def step_state(report: Report, step: int) -> StepState:
    cur = current_step(report)
    history = passes_of(report, step)
    if cur == step:
        return StepState.BERJALAN
    if not history:
        return StepState.BELUM
    last = history[-1]
    if last.outcome is Outcome.DIKEMBALIKAN:
        return StepState.DIKEMBALIKAN
    if cur is not None and step > cur:
        return StepState.BELUM  # done before, must be done again after a return
    return StepState.SELESAI


def pass_standard(p: StepPass, sop: Sop) -> TimeStandard:
    """The time standard a pass is judged by: the one in force when it started (stored with
    it); the SOP's current one only for a pass stored without it."""
    return p.standard or sop.step(p.step).standard


def _new_pass(sop: Sop, step: int, now: datetime, account: str) -> StepPass:
    """A pass of ``step`` opening now, under the SOP's time standard in force now."""
    return StepPass(step=step, started_at=now, started_by=account, standard=sop.step(step).standard)


def holder_role(report: Report, sop: Sop) -> Role | None:
    cur = current_step(report)
    return None if cur is None else sop.step(cur).role


def start(year: int, sop: Sop, actor: Actor, now: datetime) -> Report:
    """A new report: step 1 opens at once for the Kepala Dinas."""
    return Report(
        year=year,
        created_at=now,
        created_by=actor.account,
        passes=(_new_pass(sop, 1, now, actor.account),),
    )


def may_act(report: Report, sop: Sop, actor: Actor) -> str | None:
    """None when the actor holds the current step; otherwise why not, in Indonesian."""
    cur = current_step(report)
    if cur is None:
        return f"Laporan tahun {report.year} sudah selesai; tidak ada langkah yang berjalan."
    step = sop.step(cur)
    if not actor.known:
        return (
            f"Langkah {cur} dipegang {step.role.label}. Akun '{actor.account}' belum terdaftar; "
            "Anda hanya dapat melihat. Minta admin menambahkan akun Anda (lakip users add)."
        )
    if actor.role is not step.role:
        return f"Langkah {cur} dipegang {step.role.label}; peran Anda {_role_text(actor)}."
    return None


def _role_text(actor: Actor) -> str:
    return actor.role.label if actor.role else "tidak ada"


def _authorize(report: Report, sop: Sop, actor: Actor, override_reason: str) -> None:
    why = may_act(report, sop, actor)
    if why is None:
        return
    if current_step(report) is None or not actor.known:
        raise WorkflowError(why)
    if actor.is_admin:
        if not override_reason.strip():
            raise WorkflowError(
                why + " Sebagai admin Anda dapat bertindak atas namanya dengan menyebut alasan."
            )
        return
    raise WorkflowError(why)


def guards(report: Report, sop: Sop, facts: GuardFacts) -> list[str]:
    """What the current step still needs before it can finish (empty when nothing)."""
    cur = current_step(report)
    missing: list[str] = []
    if cur == REQUEST_STEP and facts.unowned:
        missing.append(
            f"{len(facts.unowned)} data belum punya bidang pemilik ("
            + ", ".join(facts.unowned[:5])
            + (", ..." if len(facts.unowned) > 5 else "")
            + "): isi kolom bidang di layar Indikator/Anggaran, lalu kirim permintaan data"
        )
    if cur == DATA_STEP and facts.bidang_pending:
        missing.append("bidang belum menyerahkan data: " + ", ".join(facts.bidang_pending))
    if cur == REALISASI_STEP:
        if facts.missing_realisasi:
            missing.append(
                f"{len(facts.missing_realisasi)} indikator belum berisi realisasi ("
                + ", ".join(facts.missing_realisasi[:5])
                + (", ..." if len(facts.missing_realisasi) > 5 else "")
                + ")"
            )
        if facts.missing_target:
            missing.append(
                f"{len(facts.missing_target)} indikator belum berisi target ("
                + ", ".join(facts.missing_target[:5])
                + ")"
            )
    export = facts.lakip_export
    if cur == SIGN_STEP and export is None:
        missing.append("dokumen LAKIP belum dibuat (ekspor dulu: lakip export lakip)")
    elif cur == SIGN_STEP and export is not None and export.data_seq != facts.data_seq:
        made = export.data_seq
        missing.append(
            "dokumen LAKIP terakhir sudah usang: data laporan berubah setelah diekspor (revisi "
            f"data {'?' if made is None else made}, sekarang {facts.data_seq}), jadi berkas itu "
            "bukan data yang berlaku; ekspor LAKIP lagi (lakip export lakip) lalu tandatangani "
            "berkas yang baru"
        )
    if cur == SIGN_STEP and facts.signer_gaps:
        missing.append(
            f"tanda tangan Kepala Dinas di LAKIP kosong ({', '.join(facts.signer_gaps)} belum "
            "diisi): admin mengisi data pengguna pemegang peran kepala_dinas (lakip users set "
            "AKUN --name ... --nip ...), lalu ekspor LAKIP lagi"
        )
    if cur == LETTER_STEP and not facts.letter_number:
        missing.append("surat pengantar belum diberi nomor (lakip letter number)")
    if cur == DELIVERY_STEP:
        for key, label in DELIVERY_FIELDS.items():
            if not facts.data.get(key, "").strip():
                missing.append(f"{label} belum diisi")
    return missing


def complete(
    report: Report,
    sop: Sop,
    actor: Actor,
    now: datetime,
    *,
    note: str = "",
    facts: GuardFacts | None = None,
    override_reason: str = "",
    guard_override: str = "",
) -> Report:
    """Finish the current step and hand the report to the next step's role."""
    facts = facts or GuardFacts()
    _authorize(report, sop, actor, override_reason)
    current = open_pass(report)
    assert current is not None
    missing = guards(report, sop, facts)
    if missing:
        if current.step == DATA_STEP and guard_override.strip() and len(missing) == 1:
            pass  # step 4 may finish with bidang outstanding when the user says why
        else:
            raise GuardError(current.step, missing)
    data = dict(current.data)
    data.update({k: v for k, v in facts.data.items() if v})
    if current.step == LETTER_STEP:
        data["nomor_surat"] = facts.letter_number
    signatures = report.signatures
    frozen = report.frozen
    if current.step == SIGN_STEP and facts.lakip_export is not None:
        sig = replace(facts.lakip_export, signed_at=now, signed_by=actor.account)
        signatures = (*signatures, sig)
        data["dokumen_sha256"] = sig.sha256
        data["dokumen"] = sig.path
        frozen = True
    closed = replace(
        current,
        finished_at=now,
        finished_by=actor.account,
        outcome=Outcome.SELESAI,
        note=note.strip(),
        override_reason=override_reason.strip() if may_act(report, sop, actor) else "",
        guard_override=guard_override.strip() if missing else "",
        data=data,
    )
    passes = _replace_pass(report, current, closed)
    if current.step < sop.last:
        passes = (*passes, _new_pass(sop, current.step + 1, now, actor.account))
    return replace(report, passes=passes, signatures=signatures, frozen=frozen)


def return_to(
    report: Report,
    sop: Sop,
    actor: Actor,
    now: datetime,
    *,
    target: int,
    note: str,
    override_reason: str = "",
) -> Report:
    """Send the report back from a returning step (7, 8, 9) to an earlier step, with a note."""
    _authorize(report, sop, actor, override_reason)
    current = open_pass(report)
    assert current is not None
    step = sop.step(current.step)
    if not step.can_return:
        allowed = ", ".join(str(s.number) for s in sop.steps if s.can_return)
        raise WorkflowError(
            f"Langkah {step.number} tidak dapat mengembalikan laporan; hanya langkah {allowed}."
        )
    if not 1 <= target < current.step:
        raise WorkflowError(
            f"Langkah tujuan harus lebih awal dari langkah {current.step} (1 sampai "
            f"{current.step - 1})."
        )
    if not note.strip():
        raise WorkflowError(
            "Catatan wajib diisi saat mengembalikan laporan: apa yang harus diperbaiki?"
        )
    closed = replace(
        current,
        finished_at=now,
        finished_by=actor.account,
        outcome=Outcome.DIKEMBALIKAN,
        note=note.strip(),
        return_to=target,
        override_reason=override_reason.strip() if may_act(report, sop, actor) else "",
    )
    passes = (
        *_replace_pass(report, current, closed),
        _new_pass(sop, target, now, actor.account),
    )
    return replace(report, passes=passes, frozen=False)


def reopen(report: Report, actor: Actor, now: datetime, *, reason: str) -> Report:
    """Unfreeze a signed report so its data can change again (administrator only)."""
    if not actor.is_admin:
        raise WorkflowError(
            "Hanya admin yang dapat membuka kembali laporan yang sudah ditandatangani."
        )
    if not report.frozen:
        raise WorkflowError(f"Laporan tahun {report.year} tidak sedang dikunci.")
    if not reason.strip():
        raise WorkflowError(
            "Alasan wajib diisi untuk membuka kembali laporan yang sudah ditandatangani."
        )
    return replace(report, frozen=False)


def check_editable(report: Report, actor: Actor) -> None:
    """Data of a year may change only by data roles, and not after signing."""
    check_open(report, actor)
    if not (actor.is_admin or actor.role in (Role.STAF, Role.KASUBBAG)):
        raise WorkflowError(
            "Data kinerja hanya dapat diubah oleh Staf, Kasubbag PK2AK, atau admin; peran Anda "
            f"{_role_text(actor)}."
        )


def check_open(report: Report, actor: Actor) -> None:
    """A registered account, and a year not yet signed (its data frozen)."""
    if not actor.known:
        raise WorkflowError(
            f"Akun '{actor.account}' belum terdaftar; Anda hanya dapat melihat data."
        )
    if report.frozen:
        raise WorkflowError(
            f"Laporan tahun {report.year} sudah ditandatangani; datanya dikunci. "
            "Admin dapat membukanya kembali (lakip reopen) dengan alasan."
        )


def _replace_pass(report: Report, old: StepPass, new: StepPass) -> tuple[StepPass, ...]:
    out = list(report.passes)
    # the open pass is the newest one with no finish time
    index = len(out) - 1 - out[::-1].index(old)
    out[index] = new
    return tuple(out)
