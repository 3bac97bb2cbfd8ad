"""History keeps the rules it ran under: a step pass is judged by the time standard in force
when it started, so an SOP edit applies from the next pass on. And where the work is: the note
of the return or handover that brought the report to the current step is shown there."""

from __future__ import annotations

import json
import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXED_NOW, board_app, context, demo_copy, finish_demo
from tui.cli import main
from usecases.admin import save_user
from usecases.board import load_board
from usecases.context import unix_account
from usecases.reporting import advance, send_back, status

YEAR = 2025


def _cli_admin(db: Path) -> None:
    """The account running the tests becomes an administrator (the CLI acts as it)."""
    save_user(context(db, "admin"), unix_account(), name="Penguji", is_admin=True)


def _grades(db: Path, step: int) -> list[tuple[str, str]]:
    """Each pass of ``step``: the standard it is judged by and the verdict, as the board's step
    detail gets them."""
    view = load_board(context(db, "admin"), YEAR).steps[step - 1]
    return [(e.standard_text, e.verdict) for e in view.took if e is not None]


async def test_an_sop_edit_does_not_regrade_a_finished_signed_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_copy(tmp_path)
    finish_demo(db, tmp_path / "out")
    assert status(context(db, "admin")).current.finished
    step_2, step_6 = _grades(db, 2), _grades(db, 6)
    assert step_2 == [("2 jam", "TERLAMBAT 36 menit")]  # the demo's step 2 ran late
    assert step_6 == [("2 hari", "tepat waktu, sisa 42 menit")] * 2  # step 6 did not
    _cli_admin(db)
    assert main(["--db", str(db), "sop", "set", "2", "--waktu", "1 menit"]) == 0
    assert main(["--db", str(db), "sop", "set", "6", "--waktu", "1 menit"]) == 0
    assert str(status(context(db, "admin")).sop.step(2).standard) == "1 menit"
    assert _grades(db, 2) == step_2 and _grades(db, 6) == step_6  # judged as they ran
    app = board_app(db, "kadis")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6", "enter")
        await pilot.pause()
        text = str(app.screen.query_one("#detail").render())
    assert "Waktu standar  : 1 menit" in text  # the SOP now, for the next pass
    assert text.count("dari standar 2 hari, tepat waktu") == 2  # the passes, as they ran
    assert "TERLAMBAT" not in text


def test_an_sop_edit_applies_to_a_running_step_from_its_next_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_copy(tmp_path)  # step 7 running since before the edit
    before = status(context(db, "admin"))
    assert before.current.step is not None and before.current.elapsed is not None
    _cli_admin(db)
    assert main(["--db", str(db), "sop", "set", "7", "--waktu", "1 menit"]) == 0
    assert main(["--db", str(db), "sop", "set", "2", "--waktu", "1 menit"]) == 0
    capsys.readouterr()
    after = status(context(db, "admin"))
    assert str(after.sop.step(7).standard) == "1 menit"
    assert after.current.step is not None and str(after.current.step.standard) == "1 hari"
    assert after.current.elapsed == before.current.elapsed  # same grade, same words
    assert after.projection == before.projection
    assert _grades(db, 2) == [("2 jam", "TERLAMBAT 36 menit")]
    assert main(["--db", str(db), "status", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["current"]
    assert (shown["step"], shown["standard"]) == (7, "1 hari")
    assert shown["standard_minutes"] == before.current.elapsed.standard_minutes
    # the next pass of step 7 starts under the new standard
    later = FIXED_NOW + timedelta(hours=1)
    send_back(context(db, "sekretaris", later), to=6, note="tabel 3 belum sesuai")
    advance(context(db, "staf1", later), note="diperbaiki")
    redo = status(context(db, "admin", later + timedelta(hours=1)))
    assert redo.current.step is not None and str(redo.current.step.standard) == "1 menit"
    assert redo.current.elapsed is not None and redo.current.elapsed.late
    assert redo.current.elapsed.verdict.startswith("TERLAMBAT ")


def test_the_return_note_is_shown_on_the_step_that_redoes_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_copy(tmp_path)
    later = FIXED_NOW + timedelta(minutes=30)
    send_back(context(db, "sekretaris", later), to=5, note="analisis efisiensi belum ada")
    assert main(["--db", str(db), "status"]) == 0
    out = capsys.readouterr().out
    assert "langkah 5/11" in out and "(dikembalikan dari langkah 7 untuk perbaikan)" in out
    assert "Catatan: dari langkah 7, dikembalikan oleh Hj. Siti" in out
    assert out.count("analisis efisiensi belum ada") == 1
    # step 5 done: step 6 still redoes work for step 7, and gets step 5's handover note too
    advance(context(db, "kasubbag", later + timedelta(minutes=5)), note="efisiensi ditambah")
    notes = status(context(db, "admin", later + timedelta(minutes=6))).current.notes
    assert [(n.step, n.returned, n.text) for n in notes] == [
        (7, True, "analisis efisiensi belum ada"),
        (5, False, "efisiensi ditambah"),
    ]
    # back at step 7: the rework is done, only the handover note of step 6 is left
    advance(context(db, "staf1", later + timedelta(minutes=7)), note="dokumen diperbarui")
    notes = status(context(db, "admin", later + timedelta(minutes=8))).current.notes
    assert [(n.step, n.returned, n.text) for n in notes] == [(6, False, "dokumen diperbarui")]


async def test_the_current_step_detail_shows_the_return_note(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    send_back(context(db, "sekretaris"), to=6, note="perbaiki tabel sasaran 3")
    app = board_app(db, "staf1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6", "enter")
        await pilot.pause()
        text = str(app.screen.query_one("#detail").render())
    assert "Catatan untuk langkah ini:" in text
    head = text.split("Riwayat pengerjaan")[0]  # above the history, not only inside it
    assert "dari langkah 7, dikembalikan oleh" in head and "perbaiki tabel sasaran 3" in head


def test_a_file_without_stored_standards_loads_with_the_ones_it_ran_under(
    tmp_path: Path,
) -> None:
    """A schema-3 file: passes without a standard, and an SOP edit made after the year ran (the
    audit trail keeps what step 2's time was before)."""
    from store import datafile
    from usecases.admin import set_step

    db = demo_copy(tmp_path)
    set_step(context(db, "admin"), 2, role=None, waktu="1 menit")
    raw: dict[str, Any] = json.loads(db.read_text())
    for report in raw["reports"].values():
        for p in report["passes"]:
            p.pop("standard")
    raw["_meta"]["1"]["schema"] = 3
    db.write_text(json.dumps(raw))
    old = db.read_bytes()
    assert _grades(db, 2) == [("2 jam", "TERLAMBAT 36 menit")]  # from the audit trail
    st = status(context(db, "admin"))
    assert st.current.step is not None and str(st.current.step.standard) == "1 hari"
    assert db.read_bytes() == old  # reading does not write
    advance(context(db, "sekretaris"), note="koreksi selesai")  # the first change migrates
    raw = json.loads(db.read_text())
    assert raw["_meta"]["1"]["schema"] == datafile.SCHEMA_VERSION == 5
    (report,) = raw["reports"].values()
    standards = [(p["step"], p["standard"]) for p in report["passes"]]
    assert (2, {"amount": 2, "unit": "jam"}) in standards
    assert standards[-1] == (8, {"amount": 1, "unit": "jam"})  # opened under schema 4
    assert all(s is not None for _, s in standards)
