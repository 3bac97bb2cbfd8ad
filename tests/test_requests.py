"""Data requests to the bidang: what is asked, what is still owed, deadlines in working days,
reminders, the step-3 gate, numbering, audit and the freeze."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from models import requests as rq
from models.domain import BudgetLevel, BudgetLine, Indicator, StepPass
from models.numbers import OfficeZone
from models.workflow import GuardError, WorkflowError
from models.worktime import OfficeHours, WorkCalendar, working_days_late
from tests.conftest import YEAR, as_user, freeze, small_office
from usecases import requests as req
from usecases.context import Context
from usecases.reporting import UseCaseError, advance

WIB = OfficeZone.WIB
# Monday 17 August 2026 is a public holiday (Independence Day)
CAL = WorkCalendar(OfficeHours(), frozenset({date(2026, 8, 17)}), zone=WIB)


def at(y: int, m: int, d: int, h: int = 9) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=WIB.tz)


def _set_indicator(ctx: Context, code: str, **values: object) -> None:
    with ctx.store.write("admin", ctx.now()) as w:
        item = next(i for i in w.indicators(YEAR) if i.code == code)
        w.save_indicator(replace(item, **values))  # type: ignore[arg-type]


def _add(ctx: Context, *records: Indicator | BudgetLine) -> None:
    with ctx.store.write("admin", ctx.now()) as w:
        for r in records:
            if isinstance(r, Indicator):
                w.save_indicator(r)
            else:
                w.save_budget(r)


# -- pure rules ---------------------------------------------------------------------------------


def test_deadline_and_lateness_count_working_days_across_weekend_and_holiday() -> None:
    # sent Thursday 13 Aug; 2 working days: Fri 14, (Sat, Sun, Mon 17 holiday) Tue 18
    assert rq.add_working_days(CAL, date(2026, 8, 13), 2) == date(2026, 8, 18)
    # deadline Fri 14 Aug: on Sat/Sun/holiday Monday still 0 days late, Tue 18 is day 1
    assert working_days_late(CAL, date(2026, 8, 14), date(2026, 8, 14)) == 0
    assert working_days_late(CAL, date(2026, 8, 14), date(2026, 8, 17)) == 0
    assert working_days_late(CAL, date(2026, 8, 14), date(2026, 8, 18)) == 1
    assert working_days_late(CAL, date(2026, 8, 14), date(2026, 8, 20)) == 3
    with pytest.raises(rq.RequestError, match="sedikitnya 1 hari kerja"):
        rq.add_working_days(CAL, date(2026, 8, 13), 0)


# -- use cases ----------------------------------------------------------------------------------


def test_request_lists_exactly_that_bidangs_records(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    sent = req.send_request(ctx, bidang="SD")
    # SD owns IK1.1, the programme and its kegiatan; both lines are sums of SMP's sub
    # kegiatan, so SD is asked for its indicator only
    assert [(i.kind, i.code) for i in sent.items] == [("indikator", "IK1.1")]
    sent_smp = req.send_request(ctx, bidang="smp")
    assert [(i.kind, i.code) for i in sent_smp.items] == [
        ("indikator", "IK1.2"),
        ("anggaran", "1.01.02.2.01.0001"),
    ]


def test_partial_return_leaves_precisely_the_empty_items_owed(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    _add(
        ctx,
        Indicator(id="i3", year=YEAR, sasaran_code="S1", code="IK1.3", name="APM SD",
                  bidang="SD"),
        BudgetLine(id="b4", year=YEAR, level=BudgetLevel.KEGIATAN, code="1.01.02.2.02",
                   name="Kegiatan dua", sasaran_code="S1", bidang="SD", pagu=Decimal(500)),
    )  # fmt: skip
    _set_indicator(ctx, "IK1.1", realisasi=None)
    req.send_request(ctx, bidang="SD")
    # the workbook comes back with IK1.3's target only
    _set_indicator(ctx, "IK1.3", target=Decimal(98))
    from usecases.reporting import record_bidang_return

    record_bidang_return(ctx, bidang="SD")
    debt = next(d for d in req.tunggakan(ctx).debts if d.bidang.code == "SD")
    assert [i.label for i in debt.owed] == [
        "indikator IK1.1 (realisasi)",
        "indikator IK1.3 (realisasi)",
        "anggaran 1.01.02.2.02 (realisasi)",
    ]
    assert debt.state == "sebagian" and not debt.complete


def _at_step(ctx: Context, step: int) -> None:
    with ctx.store.write("admin", ctx.now()) as w:
        report = w.report(YEAR)
        open_ = StepPass(step=step, started_at=report.passes[0].started_at)
        w.save_report(replace(report, passes=(open_,)))


def _fill_workbook(path: Path, sheet: str, key: str, code: str, value: object) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    cols = {str(c.value): c.column for c in ws[3] if c.value}
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, cols[key]).value == code)
    ws.cell(row, cols["realisasi"]).value = value
    wb.save(path)


def test_partial_workbook_return_is_owed_and_holds_step_4_until_filled(tmp_path: Path) -> None:
    from usecases.board import load_board
    from usecases.collection import export_forms, import_file
    from usecases.reporting import record_bidang_return

    ctx = small_office(tmp_path)
    _set_indicator(ctx, "IK1.2", realisasi=None)
    with ctx.store.write("admin", ctx.now()) as w:
        sub = next(b for b in w.budget(YEAR) if b.code == "1.01.02.2.01.0001")
        w.save_budget(replace(sub, realisasi=Decimal(0)))
    req.send_request(ctx, bidang="SD")
    req.send_request(ctx, bidang="SMP")
    _at_step(ctx, 4)
    record_bidang_return(ctx, bidang="SD")
    # SMP's workbook comes back with the budget realisasi only: the indicator stays owed
    (made,) = export_forms(ctx, year=YEAR, bidang="SMP", out_dir=tmp_path / "format")
    _fill_workbook(made.path, "Anggaran", "kode", "1.01.02.2.01.0001", 800)
    assert import_file(ctx, made.path).bidang_returned == "SMP"
    smp = next(d for d in req.tunggakan(ctx).debts if d.bidang.code == "SMP")
    assert [i.label for i in smp.owed] == ["indikator IK1.2 (realisasi)"]
    assert smp.returned is not None and smp.state == "sebagian"
    # step 4 and its card count the partial return as not returned
    board = load_board(ctx, YEAR)
    assert board.data_line(4) == "1/2 bidang"
    assert board.missing == ("bidang belum menyerahkan data: Bidang SMP (sebagian: 1 data masih "
                             "kosong)",)  # fmt: skip
    with pytest.raises(GuardError, match=r"Bidang SMP \(sebagian: 1 data masih kosong\)"):
        advance(ctx, note="terkumpul")
    # the rest comes in a second workbook: SMP is complete and step 4 may finish
    (again,) = export_forms(ctx, year=YEAR, bidang="SMP", out_dir=tmp_path / "format2")
    _fill_workbook(again.path, "Indikator", "kode_indikator", "IK1.2", "0,3")
    assert import_file(ctx, again.path).applied
    assert req.tunggakan(ctx).complete == 2
    assert load_board(ctx, YEAR).data_line(4) == "2/2 bidang"
    report = advance(ctx, note="terkumpul")
    assert report.passes[-1].step == 5


def test_partial_return_may_be_forced_past_step_4_with_a_note(tmp_path: Path) -> None:
    from usecases.reporting import record_bidang_return

    ctx = small_office(tmp_path)
    _set_indicator(ctx, "IK1.2", realisasi=None)
    _at_step(ctx, 4)
    record_bidang_return(ctx, bidang="SD")
    record_bidang_return(ctx, bidang="SMP")
    with pytest.raises(GuardError, match="Bidang SMP"):
        advance(ctx, note="terkumpul")
    report = advance(ctx, note="terkumpul", guard_override="realisasi SMP menyusul")
    assert report.passes[-2].guard_override == "realisasi SMP menyusul"


def test_overdue_days_and_summary_line(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    sent_at = at(2026, 8, 10)  # Monday
    req.send_request(as_user(ctx, "admin", sent_at), bidang="SD", days=4)
    req.send_request(as_user(ctx, "admin", sent_at), bidang="SMP")
    # SD: Tue 11, Wed 12, Thu 13, Fri 14 -> batas Fri 14 Aug
    # 19 Aug (Wed): Mon 17 is a holiday, so Tue 18 and Wed 19 are late: 2 working days
    later = as_user(ctx, "admin", at(2026, 8, 19))
    t = req.tunggakan(later)
    sd = next(d for d in t.debts if d.bidang.code == "SD")
    assert sd.deadline == date(2026, 8, 14)
    assert sd.days_late == 2 and sd.late
    # SMP (office default 5 days): Tue 11 .. Mon 17 is off .. Tue 18 -> batas Tue 18 Aug
    smp = next(d for d in t.debts if d.bidang.code == "SMP")
    assert smp.deadline == date(2026, 8, 18) and smp.days_late == 1
    assert t.summary() == (
        "Data bidang: 0/2 lengkap; SD terlambat 2 hari kerja, SMP terlambat 1 hari kerja"
    )


def test_complete_bidang_is_not_late(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    req.send_request(as_user(ctx, "admin", at(2026, 8, 10)), bidang="SD", days=1)
    from usecases.reporting import record_bidang_return

    record_bidang_return(as_user(ctx, "admin", at(2026, 8, 12)), bidang="SD")
    t = req.tunggakan(as_user(ctx, "admin", at(2026, 8, 20)))
    sd = next(d for d in t.debts if d.bidang.code == "SD")
    assert sd.complete and sd.days_late == 0 and sd.state == "lengkap"
    assert t.complete == 1 and t.sent == 1


def test_reminder_lists_missing_items_numbers_never_reused(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    _set_indicator(ctx, "IK1.2", realisasi=None)
    first = req.send_request(as_user(ctx, "admin", at(2026, 8, 10)), bidang="SMP", days=2)
    with pytest.raises(UseCaseError, match="setelah batas terlewati"):
        req.remind(as_user(ctx, "admin", at(2026, 8, 11)), bidang="SMP")
    late = as_user(ctx, "admin", at(2026, 8, 14))
    nothing_back = req.remind(late, bidang="SMP")  # no data back yet: everything asked
    assert [i.code for i in nothing_back.items] == ["IK1.2", "1.01.02.2.01.0001"]
    from usecases.reporting import record_bidang_return

    record_bidang_return(late, bidang="SMP", note="sebagian")
    reminder = req.remind(late, bidang="SMP")
    assert reminder.request.reminders[-1].items == ("indikator IK1.2 (realisasi)",)
    assert [i.label for i in reminder.items] == ["indikator IK1.2 (realisasi)"]
    req.send_request(late, bidang="SD")
    _set_indicator(ctx, "IK1.2", realisasi=Decimal("0.3"))
    with pytest.raises(UseCaseError, match="tidak memiliki tunggakan"):
        req.remind(late, bidang="SMP")
    with ctx.store.read() as r:
        letters = r.letters(YEAR)
        actions = [a.action for a in r.audit(YEAR)]
    numbers = [x.number for x in letters]
    assert len(numbers) == len(set(numbers)) == 4
    assert first.letter.number == numbers[0] and reminder.letter.number == numbers[2]
    assert [x.purpose for x in letters] == [
        "Permintaan Data Kinerja SMP",
        "Pengingat Data Kinerja SMP",
        "Pengingat Data Kinerja SMP",
        "Permintaan Data Kinerja SD",
    ]
    assert not any(x.is_cover for x in letters)
    assert {"bidang.minta", "bidang.ingatkan"} <= set(actions)
    debt = next(d for d in req.tunggakan(late).debts if d.bidang.code == "SMP")
    assert debt.last_reminder is not None and debt.last_reminder.number == numbers[2]


def test_deadline_override_needs_a_note_and_is_audited(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    req.send_request(as_user(ctx, "admin", at(2026, 8, 10)), bidang="SD")
    with pytest.raises(UseCaseError, match="Catatan wajib"):
        req.set_deadline(ctx, bidang="SD", deadline=date(2026, 8, 28), note=" ")
    new = req.set_deadline(ctx, bidang="SD", deadline=date(2026, 8, 28), note="kepala cuti")
    assert new.deadline == date(2026, 8, 28) and new.deadline_note == "kepala cuti"
    with ctx.store.read() as r:
        entry = r.audit(YEAR)[-1]
    assert entry.action == "bidang.batas" and "kepala cuti" in entry.note


def test_unowned_record_blocks_step_3_and_sending(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    _add(ctx, Indicator(id="i9", year=YEAR, sasaran_code="S1", code="IK1.9", name="Tanpa"))
    with pytest.raises(UseCaseError, match=r"1 data belum punya bidang pemilik \(indikator IK1.9"):
        req.send_request(ctx, bidang="SD")
    with ctx.store.write("admin", ctx.now()) as w:
        report = w.report(YEAR)
        step3 = StepPass(step=3, started_at=report.passes[0].started_at)
        w.save_report(replace(report, passes=(step3,)))
    with pytest.raises(GuardError, match="belum punya bidang pemilik"):
        advance(ctx, note="kirim")
    _set_indicator(ctx, "IK1.9", bidang="SD")
    advance(ctx, note="kirim")  # the gate opens once every record has an owner


def test_owner_bidang_comes_from_the_import_column(tmp_path: Path) -> None:
    from usecases.collection import import_file

    ctx = small_office(tmp_path)
    csv = tmp_path / "indikator.csv"
    csv.write_text(
        "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi;bidang\n"
        "S1;IK1.5;Angka melek huruf;%;positif;99;98;SMP\n"
        "S1;IK1.6;Rata-rata lama sekolah;tahun;positif;9;8;\n",
        encoding="utf-8",
    )
    assert import_file(ctx, csv).applied
    budget = tmp_path / "anggaran.csv"
    budget.write_text(
        "kode;program;pagu;realisasi;kode_sasaran;bidang\n"
        "1.01.02.2.01.0002;Sub dua;2.000;1.500;S1;SD\n",
        encoding="utf-8",
    )
    assert import_file(ctx, budget).applied
    with ctx.store.read() as r:
        owners = {i.code: i.bidang for i in r.indicators(YEAR)}
        line = next(b for b in r.budget(YEAR) if b.code == "1.01.02.2.01.0002")
        orphans = rq.unowned(r.indicators(YEAR), r.budget(YEAR), r.bidang())
    assert owners["IK1.5"] == "SMP" and line.bidang == "SD"
    assert orphans == ("indikator IK1.6",)  # the row without a bidang has no owner
    with pytest.raises(UseCaseError, match=r"1 data belum punya bidang pemilik \(indikator IK1.6"):
        req.send_request(ctx, bidang="SMP")
    unknown = tmp_path / "salah.csv"
    unknown.write_text(
        "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi;bidang\n"
        "S1;IK1.6;Rata-rata lama sekolah;tahun;positif;9;8;PAUD\n",
        encoding="utf-8",
    )
    result = import_file(ctx, unknown)
    assert not result.applied and "bidang 'PAUD' tidak ada" in result.problems[0].text()


def test_office_without_bidang_has_no_step_3_gate() -> None:
    orphan = Indicator(id="i", year=YEAR, sasaran_code="S1", code="IK1", name="x")
    assert rq.unowned([orphan], [], []) == ()
    from models.domain import Bidang

    assert rq.unowned([orphan], [], [Bidang(code="SD", name="SD")]) == ("indikator IK1",)


def test_frozen_year_refuses_requests_and_viewer_cannot_send(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    with pytest.raises(UseCaseError, match="peran Anda Kepala Dinas"):
        req.send_request(as_user(ctx, "kadis"), bidang="SD")
    with pytest.raises(WorkflowError, match="belum terdaftar"):
        req.send_request(as_user(ctx, "tamu"), bidang="SD")
    freeze(ctx)
    with pytest.raises(WorkflowError, match="sudah ditandatangani"):
        req.send_request(ctx, bidang="SD")


def test_schedule_is_admin_only(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    days, due = req.set_schedule(ctx, days=7, due=date(2026, 2, 28))
    assert (days, due) == (7, date(2026, 2, 28))
    with pytest.raises(UseCaseError, match="hanya dapat diubah oleh admin"):
        req.set_schedule(as_user(ctx, "staf2"), days=3)
    freeze(ctx)
    with pytest.raises(WorkflowError, match="sudah ditandatangani"):
        req.set_schedule(ctx, due=date(2026, 3, 31))
    assert req.set_schedule(ctx, days=4) == (4, date(2026, 2, 28))  # the office default is not


# -- command line -------------------------------------------------------------------------------


def test_cli_bidang_table_json_and_status_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from tui import cli

    ctx = small_office(tmp_path)
    _set_indicator(ctx, "IK1.2", realisasi=None)
    req.send_request(as_user(ctx, "admin", at(2026, 8, 10)), bidang="SD", days=4)
    req.send_request(as_user(ctx, "admin", at(2026, 8, 10)), bidang="SMP", days=4)
    from usecases.reporting import record_bidang_return

    record_bidang_return(as_user(ctx, "admin", at(2026, 8, 11)), bidang="SD")
    record_bidang_return(as_user(ctx, "admin", at(2026, 8, 11)), bidang="SMP")
    db = str(ctx.db_path)
    from tests.conftest import context

    monkeypatch.setattr(cli, "context", lambda args: context(Path(db), "admin", at(2026, 8, 19)))
    assert cli.main(["--db", db, "bidang", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    smp = next(b for b in data["bidang"] if b["kode"] == "SMP")
    assert smp["batas"] == "2026-08-14" and smp["hari_terlambat"] == 2
    assert [k["kode"] for k in smp["kurang"]] == ["IK1.2"]
    sd = next(b for b in data["bidang"] if b["kode"] == "SD")
    assert sd["keadaan"] == "lengkap" and sd["hari_terlambat"] == 0 and sd["kurang"] == []
    assert cli.main(["--db", db, "bidang"]) == 0
    out = capsys.readouterr().out
    assert "kurang: indikator IK1.2 (realisasi)" in out
    assert cli.main(["--db", db, "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Data bidang: 1/2 lengkap; SMP terlambat 2 hari kerja" in lines


# -- documents ----------------------------------------------------------------------------------


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_request_and_reminder_letters_carry_register_numbers_and_missing_items(
    tmp_path: Path,
) -> None:
    ctx = small_office(tmp_path)
    _set_indicator(ctx, "IK1.2", realisasi=None)
    out = tmp_path / "keluar"
    first = req.export_nota(as_user(ctx, "admin", at(2026, 8, 10)), "permintaan", bidang="SMP",
                            days=2, output=out)  # fmt: skip
    text = _docx_text(first.path)
    assert "NOTA DINAS" in text and "Permintaan Data Kinerja Tahun 2025" in text
    assert first.sent.letter.number == "400.3/0001-Disdik/2026" and first.sent.letter.number in text
    assert "IK1.2" in text and "1.01.02.2.01.0001" in text  # everything SMP is asked for
    assert "12 Agustus 2026" in text  # the deadline
    assert "1 (satu) berkas format pengumpulan data" in text  # the workbook "terlampir"
    # returned to the one who signs, not to a unit named as in the Balangan SOP
    assert "Perencanaan, Keuangan" not in text
    assert "paling lambat tanggal 12 Agustus 2026 kepada Kasubbag PK2AK." in text  # no jabatan
    from usecases.reporting import record_bidang_return

    record_bidang_return(as_user(ctx, "admin", at(2026, 8, 13)), bidang="SMP")
    second = req.export_nota(as_user(ctx, "admin", at(2026, 8, 14)), "pengingat", bidang="SMP",
                             output=out)  # fmt: skip
    text = _docx_text(second.path)
    assert second.sent.letter.number == "400.3/0002-Disdik/2026" and "0002" in text
    assert "IK1.2" in text and "1.01.02.2.01.0001" not in text  # exactly what is owed
    assert "terlambat 2 hari kerja" in text and "400.3/0001-Disdik/2026" in text
    with ctx.store.read() as r:
        kinds = [e.kind for e in r.exports(YEAR)]
    assert kinds == ["permintaan", "pengingat"]


def test_reminder_before_any_return_asks_for_every_value(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    out = tmp_path / "keluar"
    req.export_nota(as_user(ctx, "admin", at(2026, 8, 10)), "permintaan", bidang="SMP", days=1)
    sent = req.export_nota(as_user(ctx, "admin", at(2026, 8, 13)), "pengingat", bidang="SMP",
                           output=out)  # fmt: skip
    text = _docx_text(sent.path)
    assert text.count("seluruh isian") == 2  # IK1.2 and the sub kegiatan: nothing came back


def test_cli_jadwal_and_status_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from tests.conftest import context
    from tui import cli

    ctx = small_office(tmp_path)
    db = str(ctx.db_path)
    req.send_request(as_user(ctx, "admin", at(2026, 8, 10)), bidang="SD", days=1)
    who = {"account": "admin"}
    monkeypatch.setattr(
        cli, "context", lambda args: context(Path(db), who["account"], at(2026, 8, 13))
    )
    assert cli.main(["--db", db, "jadwal", "--jatuh-tempo", "14-08-2026", "--hari-data", "3"]) == 0
    out = capsys.readouterr().out
    assert "3 hari kerja" in out and "Jatuh tempo LAKIP: 14 Agustus 2026" in out
    assert cli.main(["--db", db, "status", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["data_bidang"] == "Data bidang: 0/2 lengkap; SD terlambat 2 hari kerja"
    assert st["projection"]["due"] == "2026-08-14" and st["projection"]["at_risk"] is True
    who["account"] = "staf2"
    assert cli.main(["--db", db, "jadwal", "--hari-data", "4"]) == 1
    assert "hanya dapat diubah oleh admin" in capsys.readouterr().err


def test_a_deadline_note_only_when_the_days_differ_from_the_office_default(tmp_path: Path) -> None:
    """The board's dialog always sends the days it shows (the office default unless changed):
    the default gave 'Batas ... (diubah: 5 hari kerja)' as if someone had changed it."""
    ctx = small_office(tmp_path)
    days, _ = req.set_schedule(ctx, days=5)
    first = req.send_request(as_user(ctx, "admin", at(2026, 8, 10)), bidang="SD", days=days)
    other = req.send_request(as_user(ctx, "admin", at(2026, 8, 10)), bidang="SMP", days=3)
    assert first.request.deadline_note == "" and other.request.deadline_note == "3 hari kerja"


def test_lakip_bidang_fits_80_columns_on_the_demo(
    demo_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's table once ran to 97 columns (name, deadline, state and lateness on one
    row, Nota Dinas numbers split at their hyphen)."""
    from tui import cli

    monkeypatch.setenv("COLUMNS", "80")
    assert cli.main(["--db", str(demo_db), "bidang"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(map(len, lines)) <= 80, [x for x in lines if len(x) > 80]
    assert any(x.startswith("         TERLAMBAT ") and x.endswith(" hari kerja") for x in lines)
    assert any(x.strip().endswith("050/007/Disdikbud-BLG/2026)") for x in lines)
