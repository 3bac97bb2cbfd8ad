"""The board's data: one consistent read of the store holding everything the board, its cards
and its step details show (``load_board``), so that nothing is read while a screen is drawn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from models import workflow as wf
from models.domain import Report, Signature, StepPass, StepState, User
from models.numbers import OfficeZone
from models.projection import Projection
from models.sop import Role, Sop, StepDef
from models.worktime import Elapsed, elapsed
from store.repo import Reader
from usecases.context import Context
from usecases.remote import usecase
from usecases.reporting import (
    Position,
    Tunggakan,
    actor_of,
    calendar_of,
    guard_facts,
    hours_problem,
    position,
    projection_of,
    sop_of,
    tunggakan_of,
    year_or_current,
)

if TYPE_CHECKING:
    from usecases.quality import QualityReport

GATE_STEPS = (8, 9)  # the board reads the quality gate while the report is at these steps


@dataclass(frozen=True)
class StepView:
    step: StepDef
    state: StepState
    passes: tuple[StepPass, ...]
    current: bool
    took: tuple[Elapsed | None, ...]  # per pass: the office time a finished pass took


@dataclass(frozen=True)
class BoardData:
    """One consistent read of everything the board shows."""

    year: int
    years: tuple[int, ...]
    office: str
    demo: bool
    account: str
    user: User | None
    users: dict[str, User]
    zone: OfficeZone  # every time on the board is shown in it
    sop: Sop
    report: Report
    pos: Position
    refusal: str | None  # why this account may not act on the current step (None: it may)
    is_admin: bool
    known: bool
    file_read_only: bool
    pending_bidang: tuple[str, ...]
    missing: tuple[str, ...]  # what the current step's guards still need
    steps: tuple[StepView, ...]
    projection: Projection | None = None  # the projected finish against the due date
    tunggakan: Tunggakan | None = None  # the data requests to the bidang (steps 3 and 4)
    active_year: int | None = None  # the office's active year (``lakip year use``)
    gate: QualityReport | None = None  # the quality gate, while the report is at step 8 or 9
    to_sign: Signature | None = None  # the newest LAKIP export: the file step 9 would sign
    archived: bool = False  # the year is archived: shown, never changed
    warning: str = ""  # the profile's office hours cannot be used (``hours_problem``)
    archived_years: tuple[int, ...] = ()  # the year picker marks them read-only

    def data_line(self, step: int, short: bool = False) -> str:
        """Step 3's card: how many requests went out; step 4's: complete and late bidang
        (``short`` fits a card of 80x24: ``4/6, 2 terlambat``)."""
        t = self.tunggakan
        if t is None or not t.debts:
            return ""
        if step == wf.REQUEST_STEP:
            return f"{t.sent}/{len(t.debts)} dikirim"
        if step == wf.DATA_STEP:
            late = f", {len(t.late)} terlambat" if t.late else ""
            noun = "" if short and late else " bidang"
            return f"{t.complete}/{len(t.debts)}{noun}{late}"
        return ""

    @property
    def current(self) -> int | None:
        return self.pos.step.number if self.pos.step else None

    @property
    def acting_for_other(self) -> bool:
        """An administrator who does not hold the step but may act for its role, with a reason."""
        return self.refusal is not None and self.may_complete

    @property
    def may_complete(self) -> bool:
        if self.file_read_only or self.archived or self.current is None:
            return False
        return self.refusal is None or (self.is_admin and self.known)

    def complete_refusal(self) -> str:
        if self.file_read_only:
            return "Berkas data hanya dapat dibaca oleh akun ini; tidak dapat mengubah apa pun."
        if self.archived:
            return f"Tahun {self.year} sudah diarsipkan; datanya hanya bisa dibaca."
        return self.refusal or ""

    def return_refusal(self) -> str | None:
        if not self.may_complete:
            return self.complete_refusal()
        assert self.pos.step is not None
        if not self.pos.step.can_return:
            allowed = ", ".join(str(s.number) for s in self.sop.steps if s.can_return)
            return (
                f"Langkah {self.pos.step.number} tidak dapat mengembalikan laporan; "
                f"hanya langkah {allowed}."
            )
        return None

    def name_of(self, account: str) -> str:
        user = self.users.get(account)
        return user.name if user and user.name else account

    def role_map(self) -> tuple[tuple[Role, tuple[int, ...]], ...]:
        return tuple((role, tuple(s.number for s in self.sop.steps_of(role))) for role in Role)


@usecase
def load_board(ctx: Context, year: int | None) -> BoardData:
    """One consistent read of everything the board and its step details show."""
    now = ctx.now()
    with ctx.store.read() as r:
        chosen = year_or_current(r, year)
        sop = sop_of(r)
        report = r.report(chosen)
        actor = actor_of(r, ctx.account)
        pos = position(r, report, sop, now)
        facts = guard_facts(r, report)
        users = {u.account: u for u in r.users()}
        cur = pos.step.number if pos.step else None
        steps = tuple(
            StepView(
                step=s,
                state=wf.step_state(report, s.number),
                passes=(passes := wf.passes_of(report, s.number)),
                current=s.number == cur,
                took=tuple(_took(r, sop, p) for p in passes),
            )
            for s in sop.steps
        )
        profile = r.profile()
        owed = tunggakan_of(r, chosen, now)
        return BoardData(
            year=chosen,
            years=r.years(),
            office=profile.office,
            zone=profile.timezone,
            demo=r.is_demo(),
            account=ctx.account,
            user=r.user(ctx.account),
            users=users,
            sop=sop,
            report=report,
            pos=pos,
            refusal=wf.may_act(report, sop, actor),
            is_admin=actor.is_admin,
            known=actor.known,
            file_read_only=r.read_only,
            pending_bidang=facts.bidang_pending,
            missing=tuple(wf.guards(report, sop, facts)),
            steps=steps,
            projection=projection_of(r, pos, sop, now, owed),
            tunggakan=owed,
            active_year=r.current_year(),
            gate=_gate(r, chosen) if cur in GATE_STEPS else None,
            to_sign=facts.lakip_export,
            archived=r.is_archived(chosen),
            archived_years=r.archived_years(),
            warning=hours_problem(profile),
        )


def _gate(reader: Reader, year: int) -> QualityReport:
    from usecases.quality import quality_of  # the gate's rules load only at steps 8 and 9

    return quality_of(reader, year)


def _took(reader: Reader, sop: Sop, p: StepPass) -> Elapsed | None:
    """The office time a finished pass took against the standard it ran under, the one stored
    when it started: an SOP edit since never re-grades it (None while running)."""
    if p.finished_at is None:
        return None
    cal = calendar_of(reader, p.started_at, p.finished_at)
    return elapsed(cal, wf.pass_standard(p, sop), p.started_at, p.finished_at)
