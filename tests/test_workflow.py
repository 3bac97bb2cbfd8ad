from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from models import workflow as wf
from models.domain import Outcome, Report, Signature, StepState, User
from models.numbers import OfficeZone
from models.sop import Role, apply_overrides, default_sop

SOP = default_sop()
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=OfficeZone.WITA.tz)
PEOPLE = {
    Role.KEPALA_DINAS: wf.Actor("kadis", User(account="kadis", role=Role.KEPALA_DINAS)),
    Role.SEKRETARIS: wf.Actor("sek", User(account="sek", role=Role.SEKRETARIS)),
    Role.KASUBBAG: wf.Actor("kas", User(account="kas", role=Role.KASUBBAG)),
    Role.STAF: wf.Actor("staf", User(account="staf", role=Role.STAF)),
}
ADMIN = wf.Actor("root", User(account="root", is_admin=True))
STRANGER = wf.Actor("tamu", None)
SIGNABLE = Signature(
    export_id="e1", sha256="ab" * 32, path="/x/lakip.docx", data_rev=3, signed_at=T0, signed_by="s",
    data_seq=0,  # exported at the data revision of the facts (GuardFacts.data_seq)
)  # fmt: skip


def holder(report: Report) -> wf.Actor:
    role = wf.holder_role(report, SOP)
    assert role is not None
    return PEOPLE[role]


def walk_to(step: int) -> Report:
    report = wf.start(2025, SOP, PEOPLE[Role.KEPALA_DINAS], T0)
    t = T0
    while wf.current_step(report) != step:
        t += timedelta(hours=1)
        facts = _facts_for(wf.current_step(report))
        report = wf.complete(report, SOP, holder(report), t, note="ok", facts=facts)
    return report


def _facts_for(step: int | None) -> wf.GuardFacts:
    if step == 9:
        return wf.GuardFacts(lakip_export=SIGNABLE)
    if step == 10:
        return wf.GuardFacts(letter_number="050/001/Disdikbud-BLG/2026")
    if step == 11:
        return wf.GuardFacts(
            data={
                "tanggal_kirim": "2 Februari 2026",
                "lokasi_arsip": "Lemari A",
                "unggah_esakip": "ok",
            }
        )
    return wf.GuardFacts()


def test_new_report_opens_step_one_for_kepala_dinas() -> None:
    report = wf.start(2025, SOP, ADMIN, T0)
    assert wf.current_step(report) == 1
    assert wf.holder_role(report, SOP) is Role.KEPALA_DINAS
    assert wf.step_state(report, 1) is StepState.BERJALAN
    assert wf.step_state(report, 2) is StepState.BELUM


def test_complete_hands_over_to_next_role_and_keeps_exactly_one_open_pass() -> None:
    report = walk_to(5)
    assert wf.holder_role(report, SOP) is Role.KASUBBAG
    assert sum(1 for p in report.passes if p.finished_at is None) == 1
    assert [wf.step_state(report, n) for n in range(1, 7)] == [
        StepState.SELESAI,
        StepState.SELESAI,
        StepState.SELESAI,
        StepState.SELESAI,
        StepState.BERJALAN,
        StepState.BELUM,
    ]


def test_only_the_holding_role_may_complete_and_the_message_names_it() -> None:
    report = walk_to(5)
    with pytest.raises(wf.WorkflowError, match="Langkah 5 dipegang Kasubbag PK2AK"):
        wf.complete(report, SOP, PEOPLE[Role.STAF], T0)


def test_unknown_account_may_not_act() -> None:
    report = walk_to(2)
    with pytest.raises(wf.WorkflowError, match="belum terdaftar"):
        wf.complete(report, SOP, STRANGER, T0)


def test_admin_override_needs_a_reason_and_is_recorded() -> None:
    report = walk_to(2)
    with pytest.raises(wf.WorkflowError, match="alasan"):
        wf.complete(report, SOP, ADMIN, T0)
    done = wf.complete(report, SOP, ADMIN, T0, override_reason="Kasubbag cuti")
    closed = [p for p in done.passes if p.step == 2][-1]
    assert closed.override_reason == "Kasubbag cuti"
    assert closed.finished_by == "root"


def test_return_from_seven_to_six_keeps_every_pass() -> None:
    report = walk_to(7)
    back = wf.return_to(report, SOP, PEOPLE[Role.SEKRETARIS], T0, target=6, note="Tabel salah")
    assert wf.current_step(back) == 6
    assert wf.step_state(back, 7) is StepState.DIKEMBALIKAN
    sixes = wf.passes_of(back, 6)
    assert len(sixes) == 2 and sixes[0].outcome is Outcome.SELESAI and sixes[1].finished_at is None
    seven = wf.passes_of(back, 7)[-1]
    assert seven.outcome is Outcome.DIKEMBALIKAN and seven.note == "Tabel salah"
    again = wf.complete(back, SOP, PEOPLE[Role.STAF], T0, note="diperbaiki")
    assert wf.current_step(again) == 7
    assert wf.step_state(again, 7) is StepState.BERJALAN
    assert len(wf.passes_of(again, 7)) == 2


def test_return_needs_a_note_a_returning_step_and_an_earlier_target() -> None:
    report = walk_to(7)
    sek = PEOPLE[Role.SEKRETARIS]
    with pytest.raises(wf.WorkflowError, match="Catatan wajib"):
        wf.return_to(report, SOP, sek, T0, target=6, note="  ")
    with pytest.raises(wf.WorkflowError, match="lebih awal"):
        wf.return_to(report, SOP, sek, T0, target=7, note="x")
    early = walk_to(5)
    with pytest.raises(wf.WorkflowError, match="hanya langkah 7, 8, 9"):
        wf.return_to(early, SOP, PEOPLE[Role.KASUBBAG], T0, target=3, note="x")


def test_return_from_nine_to_five_makes_later_steps_pending_again() -> None:
    report = walk_to(9)
    back = wf.return_to(report, SOP, PEOPLE[Role.KEPALA_DINAS], T0, target=5, note="ulang")
    assert wf.step_state(back, 6) is StepState.BELUM
    assert wf.step_state(back, 9) is StepState.DIKEMBALIKAN


def test_guard_step_four_bidang_pending_and_its_override_with_note() -> None:
    report = walk_to(4)
    staf = PEOPLE[Role.STAF]
    facts = wf.GuardFacts(bidang_pending=("Bidang Kebudayaan",))
    with pytest.raises(wf.GuardError, match="Bidang Kebudayaan"):
        wf.complete(report, SOP, staf, T0, facts=facts)
    done = wf.complete(report, SOP, staf, T0, facts=facts, guard_override="menyusul lewat surel")
    assert wf.passes_of(done, 4)[-1].guard_override == "menyusul lewat surel"


def test_guard_step_six_missing_realisasi_cannot_be_overridden() -> None:
    report = walk_to(6)
    facts = wf.GuardFacts(missing_realisasi=("IK1.1", "IK2.3"))
    with pytest.raises(wf.GuardError, match="2 indikator belum berisi realisasi"):
        wf.complete(report, SOP, PEOPLE[Role.STAF], T0, facts=facts, guard_override="nanti")


def test_guard_step_nine_needs_a_document_and_signing_freezes() -> None:
    report = walk_to(9)
    kadis = PEOPLE[Role.KEPALA_DINAS]
    with pytest.raises(wf.GuardError, match="dokumen LAKIP belum dibuat"):
        wf.complete(report, SOP, kadis, T0)
    signed = wf.complete(report, SOP, kadis, T0, facts=wf.GuardFacts(lakip_export=SIGNABLE))
    assert signed.frozen
    assert signed.signatures[-1].sha256 == SIGNABLE.sha256
    assert signed.signatures[-1].signed_by == "kadis"


def test_guard_step_nine_refuses_a_document_of_older_data() -> None:
    report = walk_to(9)
    kadis = PEOPLE[Role.KEPALA_DINAS]
    for exported in (None, 11):  # unknown (an older lakip's export), or before a change
        facts = wf.GuardFacts(lakip_export=replace(SIGNABLE, data_seq=exported), data_seq=12)
        with pytest.raises(wf.GuardError, match=r"sudah usang.*ekspor LAKIP lagi"):
            wf.complete(report, SOP, kadis, T0, facts=facts)


def test_guard_step_ten_needs_a_letter_number() -> None:
    report = walk_to(10)
    with pytest.raises(wf.GuardError, match="belum diberi nomor"):
        wf.complete(report, SOP, PEOPLE[Role.KASUBBAG], T0)


def test_guard_step_eleven_needs_delivery_archive_and_upload() -> None:
    report = walk_to(11)
    with pytest.raises(wf.GuardError) as err:
        wf.complete(
            report,
            SOP,
            PEOPLE[Role.STAF],
            T0,
            facts=wf.GuardFacts(data={"tanggal_kirim": "1 Maret 2026"}),
        )
    assert "lokasi arsip" in str(err.value) and "e-review SAKIP" in str(err.value)
    done = wf.complete(report, SOP, PEOPLE[Role.STAF], T0, facts=_facts_for(11))
    assert wf.is_finished(done, SOP)
    assert wf.current_step(done) is None
    with pytest.raises(wf.WorkflowError, match="sudah selesai"):
        wf.complete(done, SOP, PEOPLE[Role.STAF], T0)


def test_frozen_data_is_not_editable_until_admin_reopens_with_reason() -> None:
    report = wf.complete(
        walk_to(9), SOP, PEOPLE[Role.KEPALA_DINAS], T0, facts=wf.GuardFacts(lakip_export=SIGNABLE)
    )
    with pytest.raises(wf.WorkflowError, match="dikunci"):
        wf.check_editable(report, PEOPLE[Role.STAF])
    with pytest.raises(wf.WorkflowError, match="Hanya admin"):
        wf.reopen(report, PEOPLE[Role.KEPALA_DINAS], T0, reason="x")
    with pytest.raises(wf.WorkflowError, match="Alasan wajib"):
        wf.reopen(report, ADMIN, T0, reason="")
    opened = wf.reopen(report, ADMIN, T0, reason="salah ketik realisasi")
    wf.check_editable(opened, PEOPLE[Role.STAF])
    assert opened.signatures == report.signatures  # the signed version stays retrievable


def test_only_data_roles_edit() -> None:
    report = walk_to(5)
    wf.check_editable(report, PEOPLE[Role.KASUBBAG])
    with pytest.raises(wf.WorkflowError, match="Staf, Kasubbag PK2AK, atau admin"):
        wf.check_editable(report, PEOPLE[Role.SEKRETARIS])
    with pytest.raises(wf.WorkflowError, match="belum terdaftar"):
        wf.check_editable(report, STRANGER)


def test_office_override_of_step_role_moves_the_permission() -> None:
    sop = apply_overrides(SOP, {"5": {"role": "staf", "waktu": "3 hari"}})
    assert sop.step(5).role is Role.STAF and str(sop.step(5).standard) == "3 hari"
    report = walk_to(5)
    assert wf.may_act(report, sop, PEOPLE[Role.STAF]) is None
    assert "Staf" in (wf.may_act(report, sop, PEOPLE[Role.KASUBBAG]) or "")


def test_inactive_user_cannot_act() -> None:
    report = walk_to(2)
    gone = wf.Actor("kas", replace(PEOPLE[Role.KASUBBAG].user, active=False))  # type: ignore[type-var]
    assert wf.may_act(report, SOP, gone) is not None
