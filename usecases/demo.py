"""The demo store: a full example year, walked through the SOP by the real use cases.

The history is made by calling the same functions the office uses, each as the account of the
role that holds the step and with a clock set back in time, so the demo's audit trail and step
records are exactly what real use produces. Everything is labelled as example data.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from models.numbers import to_local
from models.sop import Role, default_sop
from models.worktime import (
    OfficeHours,
    WorkCalendar,
    add_working_minutes,
    standard_minutes,
    working_minutes,
)
from store.calendar import work_calendar
from usecases.admin import archive_year, init_store
from usecases.context import Context
from usecases.demo_data import DEMO_PROFILE, DEMO_SOP_HEADER, demo_records
from usecases.reporting import (
    DUE_KEY,
    UseCaseError,
    advance,
    record_bidang_return,
    require_admin,
    send_back,
    sop_of,
)
from usecases.requests import DAYS_KEY, remind, send_request, set_deadline

# How long each step took in the demo, as a share of its time standard (the analysis ran late).
_PACE = {1: 0.6, 2: 0.8, 3: 0.5, 4: 0.9, 5: 1.25, 6: 0.9, 7: 0.7, 8: 0.8}
# The current step has been running this many office minutes when the demo is made.
_RUNNING = 510 + 180
_RETURN_NOTE = (
    "Tabel pengukuran kinerja sasaran 3 belum sesuai Perjanjian Kinerja; perbaiki realisasi "
    "IK3.2 dan lengkapi analisis efisiensi."
)
ACCOUNTS = {
    Role.KEPALA_DINAS: "kadis",
    Role.SEKRETARIS: "sekretaris",
    Role.KASUBBAG: "kasubbag",
    Role.STAF: "staf1",
}


def _plan(report_year: int) -> list[tuple[str, int]]:
    """The demo's walk: ("done", step) or ("return", step) in order."""
    walk = [("done", n) for n in range(1, 7)]
    walk += [("return", 7), ("done", 6)]
    return walk  # step 7 is then running, for the second time


def ensure_demo(ctx: Context, *, reset: bool = False) -> bool:
    """Create the demo store unless it exists (or ``reset``); return whether it was created."""
    if ctx.store.exists() and not reset:
        with ctx.store.read():
            return False
    if not ctx.store.exists():
        build_demo(ctx)
        return True
    with ctx.store.write(ctx.account, ctx.now()) as w:  # the lock: nobody writes meanwhile
        if not w.is_demo():
            raise UseCaseError(
                f"{ctx.db_path} bukan data contoh; 'lakip demo --reset' hanya membuat ulang data "
                "contoh dan tidak pernah menimpa data kantor."
            )
        require_admin(w, ctx.account)
        kept = ctx.store.file.backup("sebelum-reset-demo", locked=True)
        ctx.db_path.unlink()
    build_demo(ctx)
    with ctx.store.write(ctx.account, ctx.now()) as w:
        w.audit_log("demo.direset", note=f"data contoh dibuat ulang; data lama disimpan di {kept}")
    return True


def build_demo(ctx: Context) -> None:
    profile = DEMO_PROFILE
    now = to_local(ctx.now(), profile.timezone)  # the demo office's calendar
    report_year = now.year - 1
    records = demo_records(report_year, ctx.account)
    hours = OfficeHours.parse(profile.office_start, profile.office_end)
    cal = work_calendar(range(now.year - 1, now.year + 1), hours, (), profile.timezone)
    sop = default_sop()
    plan = _plan(report_year)
    durations = [
        max(5, int(standard_minutes(cal, sop.step(n).standard) * _PACE[n])) for _, n in plan
    ]
    start = _start_for(cal, now, sum(durations) + 60 * (len(plan) - 1))
    times = [start]
    for d in durations:
        # each hand-over lands in office hours, an hour after the previous one at most
        times.append(add_working_minutes(cal, times[-1], d + 60))

    def at(moment: datetime, account: str) -> Context:
        return replace(ctx, account=account, clock=lambda: moment, _store=ctx.store)

    creator = at(start - timedelta(minutes=5), ctx.account)
    init_store(creator, profile=records.profile, year=report_year, name="Administrator Demo")
    with ctx.store.write(ctx.account, start - timedelta(minutes=4)) as w:
        for user in records.users:
            w.save_user(user)
        for b in records.bidang:
            w.save_bidang(b)
        for s in records.sasaran:
            w.save_sasaran(s)
        for i in records.indicators:
            w.save_indicator(i)
        for line in records.budget:
            w.save_budget(line)
        report = w.report(report_year)
        w.save_report(replace(report, narrative=dict(records.narrative)))
        w.mark_demo()
        w.save_settings(current_year=report_year, sop_header=DEMO_SOP_HEADER)
        # the LAKIP was due yesterday: the projection says it is at risk (TERANCAM TERLAMBAT)
        due = (now - timedelta(days=1)).date().isoformat()
        w.save_settings(**{DAYS_KEY: 5, DUE_KEY: {str(report_year): due}})
        w.audit_log(
            "demo.dibuat",
            year=report_year,
            note=(
                f"DATA CONTOH: {len(records.sasaran)} sasaran, {len(records.indicators)} "
                f"indikator, {len(records.budget)} baris anggaran, {len(records.bidang)} bidang"
            ),
        )
    redone: set[int] = set()
    late = records.bidang[-1].code  # the bidang whose workbook never came back
    for (kind, step), moment in zip(plan, times[1:], strict=True):
        actor = at(moment, ACCOUNTS[sop.step(step).role])
        if step == 3 and kind == "done":
            for k, b in enumerate(records.bidang):
                sender = at(moment - timedelta(minutes=len(records.bidang) - k), "staf1")
                send_request(sender, bidang=b.code)
            set_deadline(
                at(moment, "kasubbag"),
                bidang=records.bidang[2].code,
                deadline=add_working_days(cal, moment, 7),
                note="kepala bidang dinas luar; disepakati dua hari lebih lama",
            )
        guard_override = ""
        if step == 4 and kind == "done":
            for k, b in enumerate(records.bidang):
                if b.code == late:
                    continue
                got = at(moment - timedelta(minutes=5 * (len(records.bidang) - k)), "staf2")
                record_bidang_return(got, bidang=b.code, note="format terisi diterima")
            guard_override = (
                f"Format {late} belum kembali; angkanya sementara diambil dari laporan triwulan "
                "dan format resminya ditagih."
            )
        if kind == "done":
            note = "Diperbaiki sesuai catatan Sekretaris." if step in redone else _NOTES[step]
            redone.add(step)
            advance(actor, note=note, guard_override=guard_override)
        else:
            send_back(actor, to=6, note=_RETURN_NOTE)
    _remind_late(ctx, cal, late, now)
    archive_finished_earlier(ctx, report_year)


def archive_finished_earlier(ctx: Context, year: int) -> tuple[int, ...]:
    """Archive each finished year before ``year`` still in the shared file, as an office
    does with its closed years (the demo of one year has none); return them."""
    from models import workflow as wf

    with ctx.store.read() as r:
        sop = sop_of(r)
        done = tuple(
            rep.year for rep in r.reports(archived=False)
            if rep.year < year and wf.is_finished(rep, sop)
        )  # fmt: skip
    for closed in done:
        archive_year(ctx, closed)
    return done


def add_working_days(cal: WorkCalendar, moment: datetime, days: int) -> date:
    from models.requests import add_working_days as add_days

    return add_days(cal, to_local(moment, cal.zone).date(), days)


def _remind_late(ctx: Context, cal: WorkCalendar, code: str, now: datetime) -> None:
    """The late bidang got a reminder the first working morning after its deadline."""
    with ctx.store.read() as r:
        request = next(x for x in r.report(r.current_year() or 0).requests if x.bidang == code)
    day = add_working_days(cal, datetime.combine(request.deadline, time(9, 0), cal.zone.tz), 1)
    moment = datetime.combine(day, time(9, 0), cal.zone.tz)
    if moment < now:
        remind(replace(ctx, account="staf1", clock=lambda: moment, _store=ctx.store), bidang=code)


def _start_for(cal: WorkCalendar, now: datetime, minutes: int) -> datetime:
    """The start that leaves the current step running about ``_RUNNING`` office minutes."""
    day = now.date() - timedelta(days=7)
    while True:
        start = datetime.combine(day, time(8, 0), cal.zone.tz)
        end = add_working_minutes(cal, start, minutes)
        with contextlib.suppress(ValueError):
            if end <= now and working_minutes(cal, end, now) >= _RUNNING:
                return start
        day -= timedelta(days=1)


_NOTES = {
    1: "Disposisi: susun LAKIP tahun lalu sesuai SOP 004, batas penyampaian akhir Februari.",
    2: "Format pengumpulan data per bidang sudah dibuat.",
    3: "Format dikirim ke 5 bidang melalui surel dan grup kantor.",
    4: "Data bidang dihimpun; satu bidang menyusul.",
    5: "Analisis capaian dan efisiensi selesai; draft LAKIP siap.",
    6: "Dokumen LAKIP disusun.",
}
