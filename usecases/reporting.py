"""Use cases of the workflow: where the report sits, and moving it along the SOP.

Each function opens the store, applies a rule from ``models.workflow``, writes the result with its
audit entry in the same transaction, and returns the new state. The command line and the board
call these, never the store or the rules directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from models import workflow as wf
from models.domain import (
    AuditEntry,
    Outcome,
    Profile,
    Report,
    Signature,
    StepPass,
    StepState,
    User,
    signature_gaps,
    signer,
)
from models.errors import LakipError
from models.numbers import OfficeZone, format_datetime, to_local
from models.projection import PlannedStep, Projection, plan, project
from models.sop import Role, Sop, StepDef, apply_header, apply_overrides, default_sop
from models.text import checked
from models.worktime import Elapsed, OfficeHours, WorkCalendar, WorkTimeError, elapsed
from store.calendar import work_calendar
from store.repo import Reader, Writer
from usecases.context import Context
from usecases.remote import usecase

if TYPE_CHECKING:
    from models.quality import Finding
    from models.requests import Debt


class UseCaseError(LakipError):
    """A refused action; the message is Indonesian."""


def sop_of(reader: Reader) -> Sop:
    settings = reader.settings()
    sop = apply_header(default_sop(), settings.get("sop_header") or {})
    return apply_overrides(sop, settings.get("sop_overrides") or {})


def actor_of(reader: Reader, account: str) -> wf.Actor:
    return wf.Actor(account=account, user=reader.user(account))


def require_known(reader: Reader, account: str, doing: str) -> None:
    """Refuse an unregistered (or inactive) account: it may look, never change anything, and
    exports change the data file too (their record and audit entry)."""
    if not actor_of(reader, account).known:
        raise UseCaseError(
            f"Akun '{account}' belum terdaftar; Anda hanya dapat melihat. {doing} dicatat di "
            "jejak audit, jadi hanya pengguna terdaftar yang boleh. Minta admin menambahkan akun "
            "Anda (lakip users add)."
        )


# Audit actions that do not change what a document of the year shows.
NEUTRAL_ACTIONS = (
    "langkah.", "ekspor.", "surat.", "bidang.", "jadwal.", "demo.", "laporan.dibuka",
    "tahun.aktif", "tahun.diarsipkan", "data.cadangan",
)  # fmt: skip


def data_changes(reader: Reader, year: int, after: int = 0) -> tuple[AuditEntry, ...]:
    """The audit entries after sequence number ``after`` that changed the year's data (or the
    office's: profile, users), in order."""
    return tuple(
        e for e in reader.audit(year, office=True) if e.seq > after
        and not e.action.startswith(NEUTRAL_ACTIONS)
    )  # fmt: skip


def data_revision(reader: Reader, year: int) -> int:
    """The year's data revision: the sequence number of the newest audit entry that changed
    what its documents show. Workflow moves, exports and letters leave it as it is."""
    changes = data_changes(reader, year)
    return changes[-1].seq if changes else 0


def require_admin(reader: Reader, account: str) -> None:
    actor = actor_of(reader, account)
    if not actor.is_admin:
        raise UseCaseError(f"Hanya admin yang boleh melakukan ini; akun '{account}' bukan admin.")


def hours_problem(profile: Profile) -> str:
    """Why the office hours in the profile (edited by hand: the profile screen checks them)
    cannot be used, said where the times are shown; empty when they can."""
    try:
        OfficeHours.parse(profile.office_start, profile.office_end)
    except WorkTimeError as exc:
        start, end = _default_hours()
        return (
            f"Jam kerja di Profil kantor tidak sah ({exc}); lama langkah dihitung dengan jam "
            f"{start}-{end} sampai admin memperbaikinya (layar Profil instansi, tombol p)."
        )
    return ""


def _default_hours() -> tuple[str, str]:
    """A new profile's office hours (``Profile``'s defaults)."""
    from dataclasses import fields

    default = {f.name: f.default for f in fields(Profile)}
    return str(default["office_start"]), str(default["office_end"])


def calendar_of(reader: Reader, start: datetime, end: datetime) -> WorkCalendar:
    """The office's working calendar; with unusable hours in the profile the default hours
    (``hours_problem`` says so on the board and in ``lakip status``), so the board still
    opens and the admin can reach the profile screen to mend them."""
    profile = reader.profile()
    try:
        hours = OfficeHours.parse(profile.office_start, profile.office_end)
    except WorkTimeError:
        hours = OfficeHours.parse(*_default_hours())
    zone = profile.timezone
    years = range(to_local(start, zone).year, to_local(end, zone).year + 1)
    return work_calendar(years, hours, profile.extra_days_off, profile.timezone)


def year_or_current(reader: Reader, year: int | None) -> int:
    if year is not None:
        if year not in reader.years():
            known = ", ".join(str(y) for y in reader.years()) or "belum ada"
            raise UseCaseError(f"Laporan tahun {year} belum ada. Tahun yang ada: {known}.")
        return year
    current = reader.current_year()
    if current is None:
        raise UseCaseError("Belum ada laporan. Buat dengan 'lakip init' atau 'lakip year add'.")
    return current


# -- what the bidang still owe (steps 3 and 4), shown by the status --------------------------

DAYS_KEY = "data_request_days"  # settings: the office default, in working days


def request_days(reader: Reader) -> int:
    from models.requests import DEFAULT_REQUEST_DAYS  # not on the light path of lakip status

    value = reader.settings().get(DAYS_KEY)
    return int(value) if isinstance(value, int) and value > 0 else DEFAULT_REQUEST_DAYS


@dataclass(frozen=True)
class Tunggakan:
    """What every bidang still owes for one report year."""

    year: int
    zone: OfficeZone
    days: int  # the office default deadline, in working days
    debts: tuple[Debt, ...]

    @property
    def sent(self) -> int:
        return sum(1 for d in self.debts if d.request is not None)

    @property
    def complete(self) -> int:
        return sum(1 for d in self.debts if d.complete)

    @property
    def late(self) -> tuple[Debt, ...]:
        return tuple(d for d in self.debts if d.late)

    @property
    def data_due(self) -> date | None:
        """The latest deadline of a bidang that was sent its request and still owes data."""
        return max(
            (d.request.deadline for d in self.debts if d.request is not None and not d.complete),
            default=None,
        )

    @property
    def anything_owed(self) -> bool:
        return any(d.request is not None and not d.complete for d in self.debts)

    def summary(self) -> str:
        """``Data bidang: 3/5 lengkap; PAUD terlambat 2 hari kerja``."""
        text = f"Data bidang: {self.complete}/{len(self.debts)} lengkap"
        late = sorted(self.late, key=lambda d: -d.days_late)
        if late:
            text += "; " + ", ".join(
                f"{d.bidang.code} terlambat {d.days_late} hari kerja" for d in late[:3]
            )
            if len(late) > 3:
                text += f", dan {len(late) - 3} bidang lagi"
        return text


def debts_of(reader: Reader, report: Report, now: datetime) -> tuple[Debt, ...]:
    from models.requests import debts  # not on the light path of lakip status

    year = report.year
    profile = reader.profile()
    earliest = min((r.sent_at for r in report.requests), default=now)
    return debts(
        reader.bidang(),
        reader.indicators(year),
        reader.budget(year),
        report.requests,
        report.returns,
        calendar_of(reader, earliest, now),
        now,
        profile.timezone,
    )


def tunggakan_of(reader: Reader, year: int, now: datetime) -> Tunggakan:
    report = reader.report(year)
    return Tunggakan(
        year=year,
        zone=reader.profile().timezone,
        days=request_days(reader),
        debts=debts_of(reader, report, now),
    )


@dataclass(frozen=True)
class WorkNote:
    """A note that tells the current step what to do: the one of the return that sent the
    report back (while the rework lasts) or of the step that handed it over."""

    step: int  # the step whose pass wrote it
    returned: bool  # a return (dikembalikan) rather than a completion
    by: str  # who wrote it, by name when known
    at: datetime
    text: str

    def line(self, zone: OfficeZone) -> str:
        """``dari langkah 7, dikembalikan oleh Hj. Sri 2 Desember 2026 10.00 WITA: ...``"""
        how = "dikembalikan" if self.returned else "diserahkan"
        when = format_datetime(self.at, zone)
        return f"dari langkah {self.step}, {how} oleh {self.by} {when}: {self.text}"


@dataclass(frozen=True)
class Position:
    """Where one report sits: the answer to "di mana laporannya?"."""

    year: int
    rev: int
    finished: bool
    frozen: bool
    step: StepDef | None
    holders: tuple[User, ...]
    since: datetime | None
    started_by: str
    elapsed: Elapsed | None
    returned_from: int | None  # the step that sent it back, when the open pass is a rework
    done_steps: int
    signature: Signature | None  # the signed document, while the data is frozen
    # what the current step is told: the latest return's note while its rework lasts, then the
    # note of the step that handed the report over (once when they are the same)
    notes: tuple[WorkNote, ...] = ()

    def turn_of(self, user: User | None) -> bool:
        """Whether the open step waits for this user: the user holds the step's role."""
        return (
            self.step is not None
            and user is not None
            and user.active
            and user.role is self.step.role
        )


@dataclass(frozen=True)
class Status:
    office: str
    zone: OfficeZone  # the office's time zone: every time shown is in it
    demo: bool
    account: str
    user: User | None
    sop: Sop
    current: Position
    others: tuple[Position, ...]
    read_only: bool
    bidang_line: str = ""  # "Data bidang: 3/5 lengkap; PAUD terlambat 2 hari kerja" when owed
    projection: Projection | None = None  # when the report will be done, against its due date
    archived: tuple[int, ...] = ()  # the archived years (read-only, in their own files)
    quarter_line: str = ""  # "Triwulan: TW II terisi 12/30" when the year has a Rencana Aksi
    warning: str = ""  # the profile's office hours cannot be used (``hours_problem``)


def position(reader: Reader, report: Report, sop: Sop, now: datetime) -> Position:
    """Where ``report`` sits now. Its ``step`` is the current step as its pass runs it: with
    the time standard stored when the pass started, whatever the SOP says since."""
    open_pass = wf.open_pass(report)
    step = None
    holders: tuple[User, ...] = ()
    took: Elapsed | None = None
    returned_from: int | None = None
    notes: tuple[WorkNote, ...] = ()
    if open_pass:
        step = replace(sop.step(open_pass.step), standard=wf.pass_standard(open_pass, sop))
        users = reader.users()
        holders = tuple(u for u in users if u.role is step.role and u.active)
        took = elapsed(
            calendar_of(reader, open_pass.started_at, now), step.standard, open_pass.started_at, now
        )
        returned_from = _returned_from(report, open_pass)
        notes = _work_notes(report, open_pass, {u.account: u.name for u in users if u.name})
    done = sum(1 for s in sop.steps if wf.step_state(report, s.number) is StepState.SELESAI)
    return Position(
        year=report.year,
        rev=report.rev,
        finished=wf.is_finished(report, sop),
        frozen=report.frozen,
        step=step,
        holders=holders,
        since=open_pass.started_at if open_pass else None,
        started_by=open_pass.started_by if open_pass else "",
        elapsed=took,
        returned_from=returned_from,
        done_steps=done,
        signature=report.signatures[-1] if report.signatures else None,
        notes=notes,
    )


def _work_notes(report: Report, open_pass: StepPass, names: dict[str, str]) -> tuple[WorkNote, ...]:
    """The latest return's note while the report is still before the step that returned it,
    then the handover's note (the pass that closed when the open one started)."""
    index = report.passes.index(open_pass)
    earlier = report.passes[:index]
    handover = earlier[-1] if earlier and earlier[-1].finished_at == open_pass.started_at else None
    returned = next((p for p in reversed(earlier) if p.outcome is Outcome.DIKEMBALIKAN), None)
    if returned is not None and open_pass.step >= returned.step:
        returned = None  # the rework is done: the report is back at (or past) that step
    out: list[WorkNote] = []
    for p in (returned, handover) if handover is not returned else (handover,):
        if p is None or not p.note or p.finished_at is None:
            continue
        out.append(
            WorkNote(
                step=p.step,
                returned=p.outcome is Outcome.DIKEMBALIKAN,
                by=names.get(p.finished_by, p.finished_by),
                at=p.finished_at,
                text=p.note,
            )
        )
    return tuple(out)


def _returned_from(report: Report, open_pass: StepPass) -> int | None:
    for p in reversed(report.passes):
        if p is open_pass:
            continue
        if p.return_to == open_pass.step and p.finished_at == open_pass.started_at:
            return p.step
        break
    return None


DUE_KEY = "lakip_due"  # settings: report year -> ISO date the LAKIP is due


def due_date(reader: Reader, year: int) -> date | None:
    """The date the office's LAKIP of ``year`` is due (office setting), or None."""
    text = (reader.settings().get(DUE_KEY) or {}).get(str(year))
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def projection_of(
    reader: Reader, pos: Position, sop: Sop, now: datetime, owed: Tunggakan | None = None
) -> Projection | None:
    """The projected finish of an unfinished report against its due date (office setting);
    while the data is gathered (step 4 or before), no earlier than the latest deadline of the
    bidang in ``owed`` that still owe data."""
    if pos.step is None or pos.since is None:
        return None
    data_due = owed.data_due if owed is not None and pos.step.number <= wf.DATA_STEP else None
    waits = now
    if data_due is not None:
        waits = max(now, datetime.combine(data_due, datetime.max.time(), tzinfo=now.tzinfo))
    cal = calendar_of(reader, pos.since, waits + timedelta(days=_HORIZON_DAYS))
    return project(cal, sop, pos.step, pos.since, now, due_date(reader, pos.year), data_due)


_HORIZON_DAYS = 120  # the holidays of the years the remaining steps may reach


@usecase
def sop_plan(ctx: Context, year: int | None = None) -> tuple[PlannedStep, ...]:
    """The whole plan of the year's report: each step's expected start and end in working
    time, laid end to end from the start of step 1 (SOP reference screen, lakip sop show)."""
    with ctx.store.read() as r:
        report = r.report(year_or_current(r, year))
        start = report.passes[0].started_at if report.passes else report.created_at
        cal = calendar_of(r, start, start + timedelta(days=_HORIZON_DAYS))
        return plan(cal, sop_of(r), start)


@dataclass(frozen=True)
class SopView:
    """The office's SOP, its zone, and whether there is a report to plan (``sop_plan``)."""

    sop: Sop
    zone: OfficeZone
    has_report: bool


@usecase
def sop_view(ctx: Context) -> SopView:
    with ctx.store.read() as r:
        return SopView(sop_of(r), r.profile().timezone, r.current_year() is not None)


@usecase
def status(ctx: Context, year: int | None = None) -> Status:
    now = ctx.now()
    with ctx.store.read() as r:
        chosen = year_or_current(r, year)
        sop = sop_of(r)
        reports = r.reports(archived=False)  # an archived year is named, never read here
        current = next((p for p in reports if p.year == chosen), None) or r.report(chosen)
        others = tuple(position(r, rep, sop, now) for rep in reports if rep.year != chosen)
        profile = r.profile()
        here = position(r, current, sop, now)
        bidang_line = ""
        owed = None
        if current.requests:  # the request rules are imported only when requests went out
            owed = tunggakan_of(r, chosen, now)
            bidang_line = owed.summary() if owed.anything_owed else ""
        return Status(
            office=profile.office,
            zone=profile.timezone,
            demo=r.is_demo(),
            account=ctx.account,
            user=r.user(ctx.account),
            sop=sop,
            current=here,
            others=others,
            read_only=r.read_only,
            bidang_line=bidang_line,
            projection=projection_of(r, here, sop, now, owed),
            archived=r.archived_years(),
            quarter_line=_quarter_line(r, chosen, now),
            warning=hours_problem(profile),
        )


def _quarter_line(reader: Reader, year: int, now: datetime) -> str:
    from models.quarter_fill import fill_line

    return fill_line(reader.indicators(year), reader.budget(year), year, now.date())


def guard_facts(
    reader: Reader, report: Report, data: dict[str, str] | None = None
) -> wf.GuardFacts:
    from models.requests import incomplete, unowned  # not on the light path of lakip status

    year = report.year
    indicators = reader.indicators(year)
    lakip = [e for e in reader.exports(year) if e.kind == "lakip"]
    newest = lakip[-1] if lakip else None
    letters = [x for x in reader.letters(year) if x.is_cover]
    budget = reader.budget(year)
    return wf.GuardFacts(
        unowned=unowned(indicators, budget, reader.bidang()),
        bidang_pending=incomplete(reader.bidang(), indicators, budget, report.returns),
        missing_realisasi=tuple(i.code for i in indicators if i.realisasi is None),
        missing_target=tuple(i.code for i in indicators if i.target is None),
        lakip_export=None
        if newest is None
        else Signature(
            export_id=newest.id,
            sha256=newest.sha256,
            path=newest.path,
            data_rev=newest.data_rev,
            signed_at=newest.at,
            signed_by=newest.by,
            data_seq=newest.data_seq,
        ),
        data_seq=data_revision(reader, year),
        letter_number=letters[-1].number if letters else "",
        data=dict(data or {}),
        signer_gaps=signature_gaps(signer(reader.users(), Role.KEPALA_DINAS)),
    )


def _save(w: Writer, before: Report, after: Report, action: str, note: str, target: str) -> Report:
    saved = w.save_report(replace(after, rev=before.rev))
    w.audit_log(action, year=after.year, target=target, note=note)
    return saved


@usecase
def advance(
    ctx: Context,
    *,
    year: int | None = None,
    note: str = "",
    override_reason: str = "",
    guard_override: str = "",
    quality_override: str = "",
    data: dict[str, str] | None = None,
    expected_rev: int | None = None,
) -> Report:
    """Complete the current step; the report goes to the next step's role. Step 9 consults the
    quality gate (``models.quality.sign_gate``): an administrator may sign past its blocking
    items with ``quality_override``, the reason recorded. Step 11 refuses a sending date still to
    come."""
    note = checked("Catatan", note)
    override_reason = checked("Alasan", override_reason)
    guard_override = checked("Catatan pengecualian", guard_override)
    quality_override = checked("Alasan abaikan pemeriksaan", quality_override)
    data = {k: checked(k.replace("_", " ").capitalize(), v) for k, v in (data or {}).items()}
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        report = w.report(year_or_current(w, year))
        _check_rev(report, expected_rev)
        sop = sop_of(w)
        actor = actor_of(w, ctx.account)
        step = wf.current_step(report)
        gate: dict[str, str] = {}
        if quality_override and step != wf.SIGN_STEP:
            raise UseCaseError(
                "Pemeriksaan mutu hanya menahan langkah 9 (tanda tangan Kepala Dinas); laporan "
                f"sekarang di langkah {step or '-'}, jadi tidak ada yang perlu diabaikan."
            )
        if step == wf.SIGN_STEP:
            from models.quality import sign_gate  # loaded only at step 9

            found = year_findings(w, report.year)
            try:
                gate = sign_gate(report.year, found, actor, quality_override)
            except wf.WorkflowError:  # who holds the step and what it lacks are said first
                wf.complete(report, sop, actor, now, facts=guard_facts(w, report, data),
                            override_reason=override_reason)  # fmt: skip
                raise
        new = wf.complete(
            report,
            sop,
            actor,
            now,
            note=note,
            facts=guard_facts(w, report, {**data, **gate}),
            override_reason=override_reason,
            guard_override=guard_override,
        )
        if step == wf.DELIVERY_STEP:
            _check_sent_date(w, data.get("tanggal_kirim", ""), now)
        detail = note
        if override_reason and wf.may_act(report, sop, actor):
            detail = f"{note} [atas nama {sop.step(step or 1).role.label}: {override_reason}]"
        if guard_override:
            detail += f" [tanpa kelengkapan: {guard_override}]"
        if gate:
            from models.quality import OVERRIDE_COUNT

            detail += (
                f" [pemeriksaan mutu diabaikan ({gate[OVERRIDE_COUNT]} penghalang) oleh "
                f"{ctx.account}: {quality_override}]"
            )
        return _save(w, report, new, "langkah.selesai", detail.strip(), f"langkah {step}")


def year_findings(reader: Reader, year: int) -> list[Finding]:
    """The quality gate's findings of the year (``lakip periksa``, the board, step 9): its data
    and, to find a LAKIP older than its data, the data revision now."""
    from models.quality import findings

    return findings(reader.year_data(year), data_revision(reader, year))


def _check_sent_date(reader: Reader, given: str, now: datetime) -> None:
    """Step 11: the letter cannot have been sent on a day still to come (office's calendar)."""
    from models.numbers import DateError, format_date, parse_date

    if not given.strip():
        return  # the step's guard asks for it
    try:
        sent = parse_date(given)
    except DateError as exc:
        raise UseCaseError(f"Tanggal kirim: {exc}") from None
    today = to_local(now, reader.profile().timezone).date()
    if sent > today:
        raise UseCaseError(
            f"Tanggal kirim {format_date(sent)} belum tiba (hari ini {format_date(today)}): isi "
            "tanggal surat benar-benar dikirim, lalu selesaikan langkah 11 setelah dikirim."
        )


@usecase
def send_back(
    ctx: Context,
    *,
    to: int,
    note: str,
    year: int | None = None,
    override_reason: str = "",
    expected_rev: int | None = None,
) -> Report:
    """Return the report from step 7, 8 or 9 to an earlier step."""
    note = checked("Catatan", note)
    override_reason = checked("Alasan", override_reason)
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        report = w.report(year_or_current(w, year))
        _check_rev(report, expected_rev)
        sop = sop_of(w)
        step = wf.current_step(report)
        new = wf.return_to(
            report,
            sop,
            actor_of(w, ctx.account),
            now,
            target=to,
            note=note,
            override_reason=override_reason,
        )
        detail = note + (f" [admin: {override_reason}]" if override_reason else "")
        return _save(
            w, report, new, "langkah.dikembalikan", detail, f"langkah {step} ke langkah {to}"
        )


@usecase
def reopen(ctx: Context, *, reason: str, year: int | None = None) -> Report:
    reason = checked("Alasan", reason)
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        report = w.report(year_or_current(w, year))
        new = wf.reopen(report, actor_of(w, ctx.account), now, reason=reason)
        return _save(w, report, new, "laporan.dibuka", reason, f"laporan {report.year}")


@usecase
def record_bidang_return(
    ctx: Context, *, bidang: str, note: str = "", year: int | None = None, undo: bool = False
) -> Report:
    """Tick (or untick) a bidang on the step-4 checklist."""
    from models.domain import BidangReturn

    note = checked("Catatan", note)
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        report = w.report(year_or_current(w, year))
        wf.check_editable(report, actor_of(w, ctx.account))
        codes = {b.code: b for b in w.bidang()}
        if bidang not in codes:
            raise UseCaseError(
                f"Bidang '{bidang}' tidak ada. Pilihan: {', '.join(codes) or 'belum ada bidang'}."
            )
        kept = tuple(x for x in report.returns if x.bidang != bidang)
        if not undo:
            kept = (*kept, BidangReturn(bidang=bidang, returned_at=now, by=ctx.account, note=note))
        new = replace(report, returns=kept)
        action = "bidang.batal_terima" if undo else "bidang.terima"
        return _save(w, report, new, action, note, codes[bidang].name)


def _check_rev(report: Report, expected_rev: int | None) -> None:
    if expected_rev is not None and report.rev != expected_rev:
        raise UseCaseError(
            f"Laporan tahun {report.year} sudah diubah orang lain sejak layar Anda dimuat "
            f"(revisi {expected_rev}, sekarang {report.rev}). Muat ulang lalu ulangi."
        )
