"""Use cases of the data requests to the bidang (steps 3 and 4): send a request (numbered Nota
Dinas), change a bidang's deadline, send a reminder, and read what is still owed.

Every change is one write transaction with its audit entry; nothing changes once the year is
signed (frozen). Numbers come from the office's one letter register, so a request, a reminder
and the surat pengantar never share a number.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from models import requests as rq
from models import workflow as wf
from models.domain import (
    Bidang,
    DataRequest,
    ExportRecord,
    Letter,
    Reminder,
    Report,
    YearData,
    signature_gaps,
)
from models.numbers import format_date, to_local
from models.sop import Role, Sop
from models.text import checked
from store.repo import Reader, Writer, new_id
from usecases.context import Context
from usecases.remote import usecase, usecase_with
from usecases.reporting import (
    DAYS_KEY,
    DUE_KEY,
    Tunggakan,
    UseCaseError,
    actor_of,
    calendar_of,
    debts_of,
    due_date,
    request_days,
    sop_of,
    tunggakan_of,
    year_or_current,
)

if TYPE_CHECKING:
    from exporters.request_docx import NotaDinas

__all__ = [
    "DAYS_KEY",
    "REMINDER_PURPOSE",
    "REQUEST_PURPOSE",
    "Sent",
    "Tunggakan",
    "export_nota",
    "remind",
    "request_days",
    "send_request",
    "set_deadline",
    "set_schedule",
    "tunggakan",
    "tunggakan_of",
]

REQUEST_PURPOSE = "Permintaan Data Kinerja"
REMINDER_PURPOSE = "Pengingat Data Kinerja"


@usecase
def tunggakan(ctx: Context, year: int | None = None) -> Tunggakan:
    with ctx.store.read() as r:
        return tunggakan_of(r, year_or_current(r, year), ctx.now())


def _bidang(reader: Reader, code: str) -> Bidang:
    found = next((b for b in reader.bidang() if b.code.lower() == code.strip().lower()), None)
    if found is None:
        known = ", ".join(b.code for b in reader.bidang()) or "belum ada bidang"
        raise UseCaseError(f"Bidang '{code}' tidak ada. Pilihan: {known}.")
    return found


def _open(w: Writer, year: int | None, bidang: str) -> tuple[int, Report, Bidang]:
    """The year, its report and the bidang a request, deadline or reminder is about, once the
    account may send: registered, the year not signed, and a role that handles the data or
    holds step 3."""
    chosen = year_or_current(w, year)
    report = w.report(chosen)
    actor = actor_of(w, w.account)
    wf.check_open(report, actor)
    step_role = sop_of(w).step(wf.REQUEST_STEP).role
    if not actor.is_admin and actor.role not in (step_role, Role.STAF, Role.KASUBBAG):
        raise UseCaseError(
            f"Permintaan data dikirim oleh {step_role.label} (langkah {wf.REQUEST_STEP}), Staf, "
            "Kasubbag PK2AK, atau admin; peran Anda "
            f"{actor.role.label if actor.role else 'tidak ada'}."
        )
    return chosen, report, _bidang(w, bidang)


def _not_sent(code: str) -> UseCaseError:
    return UseCaseError(
        f"Permintaan data ke bidang {code} belum dikirim; kirim dulu "
        f"(lakip export permintaan --bidang {code})."
    )


def _replace_request(report: Report, new: DataRequest) -> Report:
    kept = tuple(r for r in report.requests if r.bidang != new.bidang)
    return replace(report, requests=(*kept, new))


@dataclass(frozen=True)
class Sent:
    """A request or reminder just recorded, with what its letter needs."""

    letter: Letter
    request: DataRequest
    data: YearData
    bidang: Bidang
    items: tuple[rq.Item, ...]  # asked (request) or still owed (reminder)
    days_late: int = 0  # a reminder: working days past the deadline


@usecase
def send_request(
    ctx: Context,
    *,
    bidang: str,
    year: int | None = None,
    days: int | None = None,
    quarter: int = 0,
) -> Sent:
    """Record the data request of one bidang: today, a numbered Nota Dinas, and a deadline
    ``days`` working days on (the office default when None). Sending again issues a new number
    and a new deadline; the old number stays used. ``quarter`` (1..4) asks that quarter's
    values too (the tunggakan counts them)."""
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        chosen, report, b = _open(w, year, bidang)
        indicators, budget = w.indicators(chosen), w.budget(chosen)
        orphans = rq.unowned(indicators, budget, w.bidang())
        if orphans:
            raise UseCaseError(
                f"{len(orphans)} data belum punya bidang pemilik ("
                + ", ".join(orphans[:5])
                + (", ..." if len(orphans) > 5 else "")
                + "); isi bidangnya dulu agar setiap data diminta ke bidang yang tepat."
            )
        if quarter not in (0, 1, 2, 3, 4):
            raise UseCaseError(f"Triwulan {quarter} tidak ada; pilih 1, 2, 3 atau 4.")
        asked = rq.asked_of(b.code, indicators, budget, quarter)
        if not asked:
            raise UseCaseError(
                f"Bidang {b.code} tidak memiliki indikator atau baris anggaran tahun {chosen}; "
                "tidak ada yang diminta."
            )
        default = request_days(w)
        count = days if days is not None else default
        profile = w.profile()
        today = to_local(now, profile.timezone).date()
        deadline = rq.add_working_days(calendar_of(w, now, now), today, count)
        letter = w.issue_letter(chosen, profile, f"{REQUEST_PURPOSE} {b.code}")
        old = next((r for r in report.requests if r.bidang == b.code), None)
        request = DataRequest(
            bidang=b.code,
            sent_at=now,
            sent_by=ctx.account,
            deadline=deadline,
            deadline_note="" if count == default else f"{count} hari kerja",
            number=letter.number,
            quarter=quarter,
        )
        saved = w.save_report(replace(_replace_request(report, request), rev=report.rev))
        w.audit_log(
            "bidang.minta" if old is None else "bidang.minta_ulang",
            year=chosen,
            target=f"bidang {b.code}",
            note=f"Nota Dinas {letter.number}; {len(asked)} data; batas {format_date(deadline)}",
        )
        return Sent(letter, request, w.year_data(saved.year), b, asked)


@usecase
def set_deadline(
    ctx: Context, *, bidang: str, deadline: date, note: str, year: int | None = None
) -> DataRequest:
    """Change one bidang's deadline; the note (why) is required and audited."""
    note = checked("Catatan", note)
    if not note.strip():
        raise UseCaseError("Catatan wajib diisi saat mengubah batas waktu bidang: mengapa?")
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        chosen, report, b = _open(w, year, bidang)
        old = next((r for r in report.requests if r.bidang == b.code), None)
        if old is None:
            raise _not_sent(b.code)
        if deadline < to_local(old.sent_at, w.profile().timezone).date():
            raise UseCaseError(
                f"Batas {format_date(deadline)} sebelum permintaan dikirim "
                f"({format_date(to_local(old.sent_at, w.profile().timezone).date())})."
            )
        new = replace(old, deadline=deadline, deadline_note=note.strip())
        w.save_report(replace(_replace_request(report, new), rev=report.rev))
        w.audit_log(
            "bidang.batas",
            year=chosen,
            target=f"bidang {b.code}",
            note=f"{format_date(old.deadline)} -> {format_date(deadline)}: {note.strip()}",
        )
        return new


@usecase
def remind(ctx: Context, *, bidang: str, year: int | None = None) -> Sent:
    """Record a reminder (numbered Nota Dinas "Pengingat") to a bidang past its deadline that
    still owes data; it lists exactly the items still owed."""
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        chosen, report, b = _open(w, year, bidang)
        debt = next(d for d in debts_of(w, report, now) if d.bidang.code == b.code)
        if debt.request is None:
            raise _not_sent(b.code)
        if not debt.owed:
            raise UseCaseError(
                f"Bidang {b.code} tidak memiliki tunggakan data; tidak perlu diingatkan."
            )
        if not debt.late:
            raise UseCaseError(
                f"Batas bidang {b.code} baru {format_date(debt.request.deadline)}; pengingat "
                "dikirim setelah batas terlewati."
            )
        profile = w.profile()
        letter = w.issue_letter(chosen, profile, f"{REMINDER_PURPOSE} {b.code}")
        items = debt.owed
        reminder = Reminder(
            at=now, by=ctx.account, number=letter.number, items=tuple(i.label for i in items)
        )
        request = replace(debt.request, reminders=(*debt.request.reminders, reminder))
        saved = w.save_report(replace(_replace_request(report, request), rev=report.rev))
        w.audit_log(
            "bidang.ingatkan",
            year=chosen,
            target=f"bidang {b.code}",
            note=f"Nota Dinas {letter.number}; terlambat {debt.days_late} hari kerja; "
            f"{len(items)} data belum diserahkan",
        )
        return Sent(letter, request, w.year_data(saved.year), b, items, debt.days_late)


@usecase
def set_schedule(
    ctx: Context, *, days: int | None = None, due: date | None = None, year: int | None = None
) -> tuple[int, date | None]:
    """Office settings (admin): the default request deadline in working days, and the date the
    LAKIP of the year is due. Returns both as they are now."""
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        chosen = year_or_current(w, year)
        actor = actor_of(w, ctx.account)
        if (days is not None or due is not None) and not actor.is_admin:
            raise UseCaseError("Jadwal kantor hanya dapat diubah oleh admin.")
        if days is not None:
            if not 1 <= days <= 60:
                raise UseCaseError("Batas bawaan permintaan data harus 1 sampai 60 hari kerja.")
            before = request_days(w)
            w.save_settings(**{DAYS_KEY: days})
            w.audit_log("jadwal.batas_data", target="kantor", note=f"{before} -> {days} hari kerja")
        if due is not None:
            wf.check_open(w.report(chosen), actor)  # a signed year's due date stays as signed
            dues = dict(w.settings().get(DUE_KEY) or {})
            before_due = dues.get(str(chosen), "")
            dues[str(chosen)] = due.isoformat()
            w.save_settings(**{DUE_KEY: dues})
            w.audit_log(
                "jadwal.jatuh_tempo",
                year=chosen,
                target=f"LAKIP {chosen}",
                note=f"{before_due or '-'} -> {due.isoformat()}",
            )
        return request_days(w), due_date(w, chosen)


# -- documents ----------------------------------------------------------------------------------

NOTA_KINDS = ("permintaan", "pengingat")
_NOTA_TITLE = {"permintaan": "Permintaan-Data", "pengingat": "Pengingat-Data"}


@dataclass(frozen=True)
class NotaResult:
    """A Nota Dinas written: where, its register number, and what it lists."""

    path: Path
    pdf_path: Path | None
    sent: Sent
    notes: tuple[str, ...] = ()


def nota_signer_role(sop: Sop) -> Role:
    """Who signs the Nota Dinas: the role holding step 3's output per the SOP map, i.e. the
    role of the first step that produces it (the format of step 2, sent at step 3)."""
    output = sop.step(wf.REQUEST_STEP).output
    return next(s.role for s in sop.steps if s.output == output)


def _nota_of(sent: Sent, reminder: bool, now: datetime, sop_role: Role) -> NotaDinas:
    from exporters.request_docx import NotaDinas

    data = sent.data
    zone = data.profile.timezone
    official = data.signer(sop_role)
    # an item with values that is still owed (the workbook never came back): all of it
    filled = "seluruh isian" if reminder else "periksa"
    return NotaDinas(
        reminder=reminder,
        number=sent.letter.number,
        dated=to_local(now, zone).date(),
        year=data.report.year,
        bidang=sent.bidang,
        items=tuple(
            (i.kind.capitalize(), i.code, i.name, ", ".join(i.empty) or filled) for i in sent.items
        ),
        deadline=sent.request.deadline,
        sent_number=sent.request.number,
        sent_date=to_local(sent.request.sent_at, zone).date(),
        days_late=sent.days_late,
        signer=official,
        signer_title=official.jabatan or sop_role.label,
        quarter=sent.request.quarter,
    )


@usecase_with(outputs=("output",))
def export_nota(
    ctx: Context,
    kind: str,
    *,
    bidang: str,
    year: int | None = None,
    days: int | None = None,
    output: Path | None = None,
    overwrite: bool = False,
    pdf: bool = False,
    quarter: int = 0,
) -> NotaResult:
    """Send (``permintaan``) or remind (``pengingat``) one bidang and write its Nota Dinas. The
    number is taken and the sending recorded first, so a file that cannot be written never
    gives its number to another letter. ``quarter``: a request for that quarter's data too."""
    import hashlib

    from exporters.errors import ExportError
    from exporters.request_docx import render_nota_dinas
    from usecases.exporting import output_path, place_pdf, write_atomic

    if kind not in NOTA_KINDS:
        raise UseCaseError(
            f"Jenis nota dinas '{kind}' tidak dikenal; pilih permintaan atau pengingat."
        )
    reminder = kind == "pengingat"
    if reminder and quarter:
        raise UseCaseError(
            "Pengingat selalu untuk permintaan yang sudah dikirim ke bidang itu, dengan "
            "triwulannya; --tw hanya dipakai saat mengirim permintaan."
        )
    sent = (
        remind(ctx, bidang=bidang, year=year)
        if reminder
        else send_request(ctx, bidang=bidang, year=year, days=days, quarter=quarter)
    )
    with ctx.store.read() as r:
        role = nota_signer_role(sop_of(r))
    now = ctx.now()
    try:
        rendered = render_nota_dinas(sent.data.profile, _nota_of(sent, reminder, now, role))
    except ExportError as exc:
        raise UseCaseError(str(exc)) from None
    notes = list(rendered.notes)
    gaps = signature_gaps(sent.data.signer(role))
    if gaps:
        notes.append(
            f"PERHATIAN: tanda tangan {role.label} di nota dinas kosong ({', '.join(gaps)} belum "
            f"diisi); admin mengisinya pada pengguna pemegang peran {role.value} (lakip users set)."
        )
    safe_code = "".join(c if c.isalnum() or c in "-_" else "_" for c in sent.bidang.code)
    year_ = sent.data.report.year
    name = f"Nota-Dinas-{_NOTA_TITLE[kind]}-{year_}-{safe_code}-{sent.letter.seq:03d}.docx"
    target = output_path(ctx, output, name)
    write_atomic(target, rendered.data, overwrite=overwrite)
    pdf_path = None
    if pdf:
        try:
            pdf_path = place_pdf(target, overwrite, toc=False)
        except UseCaseError as exc:
            notes.append(f"PDF tidak dibuat: {exc}")
    record = ExportRecord(
        id=new_id(), kind=kind, year=sent.data.report.year, path=str(target.resolve()),
        sha256=hashlib.sha256(rendered.data).hexdigest(), data_rev=sent.data.report.rev,
        at=now, by=ctx.account,
    )  # fmt: skip
    with ctx.store.write(ctx.account, ctx.now()) as w:
        w.add_export(record)
        w.audit_log(f"ekspor.{kind}", year=record.year, target=target.name, note=sent.letter.number)
    return NotaResult(target, pdf_path, sent, tuple(notes))
