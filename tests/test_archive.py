"""A finished year moves to its own read-only archive file and stays readable everywhere."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import signal
import stat
import time
from pathlib import Path
from typing import cast

os.environ["TEXTUAL_ANIMATIONS"] = "none"

import pytest

from tests.conftest import FIXED_NOW, context, demo_copy, finish_demo
from tests.pilot import open_screen
from tui.cli import main
from usecases.admin import add_year, archive_year, backup, check, restore, save_user
from usecases.board import load_board
from usecases.context import unix_account
from usecases.exporting import export_document
from usecases.reporting import UseCaseError, status

YEAR = 2025


@pytest.fixture()
def finished(tmp_path: Path) -> tuple[Path, str]:
    db = demo_copy(tmp_path / "data")
    return db, finish_demo(db, tmp_path / "out")


def _raw(db: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(db.read_text(encoding="utf-8"))


def test_archived_year_is_read_everywhere_as_before(
    finished: tuple[Path, str], tmp_path: Path
) -> None:
    db, signed_sha = finished
    admin = context(db, "admin")
    with admin.store.read() as r:
        before_data = r.year_data(YEAR)
        before_audit = r.audit(YEAR)
        before_all = r.audit()
    before_status = status(admin, YEAR).current
    path = archive_year(admin, YEAR)
    assert path == db.parent / "lakip.2025.arsip.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o440
    raw = _raw(db)
    # the shared file holds no record of the year but the archiving's own audit entry
    for table in ("reports", "sasaran", "indicators", "budget", "exports"):
        assert not [d for d in raw.get(table, {}).values() if d.get("year") == YEAR], table
    left = [d for d in raw["audit"].values() if d.get("year") == YEAR]
    assert [d["action"] for d in left] == ["tahun.diarsipkan"]
    assert raw["_meta"]["1"]["archives"]["2025"]["file"] == path.name
    with admin.store.read() as r:
        assert r.years() == (YEAR,) and r.archived_years() == (YEAR,)
        assert r.year_data(YEAR) == before_data
        assert r.audit(YEAR)[:-1] == before_audit
        assert r.audit()[:-1] == before_all
        assert r.audit(YEAR)[-1].action == "tahun.diarsipkan"
    st = status(admin, YEAR)
    assert st.current == before_status and st.archived == (YEAR,)
    board = load_board(admin, YEAR)
    assert board.archived and YEAR in board.years and not board.may_complete
    assert "diarsipkan" in board.complete_refusal()
    # the signed LAKIP made again from the archive: the same bytes
    staf = context(db, "staf1")
    again = export_document(staf, "lakip", output=tmp_path / "lagi", as_signed=True)
    assert again.sha256 == signed_sha
    assert any("identik dengan versi yang ditandatangani" in n for n in again.notes)
    with admin.store.read() as r:  # archiving is not a change to the signed data
        from usecases.exporting import signed_info

        info = signed_info(r, YEAR)
        assert info is not None and not info.data_changed, info.changes
    with admin.store.read() as r:  # that export is recorded beside the archive, read with it
        assert again.record in r.exports(YEAR)
    # a new year carries over from the archived one, history included
    add_year(admin, YEAR + 1)
    with admin.store.read() as r:
        new = r.year_data(YEAR + 1)
    assert [i.code for i in new.indicators] == [i.code for i in before_data.indicators]
    by_code = {i.code: i for i in before_data.indicators}
    assert all(i.history[YEAR] == by_code[i.code].realisasi for i in new.indicators
               if by_code[i.code].realisasi is not None)  # fmt: skip
    assert all(i.ok for i in check(admin)), [i for i in check(admin) if not i.ok]


def test_cli_archive_log_status_and_check(
    finished: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _sha = finished
    save_user(context(db, "admin"), unix_account(), name="Penguji", is_admin=True)
    capsys.readouterr()
    assert main(["--db", str(db), "year", "archive", "2025"]) == 0
    assert "diarsipkan ke" in capsys.readouterr().out
    assert main(["--db", str(db), "status", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "LAKIP 2025" in out and "diarsipkan" in out
    assert main(["--db", str(db), "log", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "tahun.diarsipkan" in out and "laporan.dibuat" in out
    assert main(["--db", str(db), "check"]) == 0
    assert "Arsip 2025" in capsys.readouterr().out
    assert main(["--db", str(db), "year", "archive", "2025"]) != 0
    assert "sudah diarsipkan" in capsys.readouterr().err


def test_archive_refused_for_an_open_year_and_for_a_non_admin(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    with pytest.raises(UseCaseError, match="belum selesai"):
        archive_year(context(db, "admin"), YEAR)
    finish_demo(db, tmp_path / "out")
    with pytest.raises(UseCaseError, match="admin"):
        archive_year(context(db, "staf1"), YEAR)
    assert not (db.parent / "lakip.2025.arsip.json").exists()
    with context(db).store.read() as r:
        assert r.archived_years() == ()


def test_archived_year_cannot_be_changed(finished: tuple[Path, str]) -> None:
    from usecases.reporting import reopen

    db, _sha = finished
    admin = context(db, "admin")
    archive_year(admin, YEAR)
    with pytest.raises(Exception, match="diarsipkan"):
        reopen(admin, reason="koreksi", year=YEAR)
    with pytest.raises(UseCaseError, match="sudah ada"):
        add_year(admin, YEAR)


def test_tampered_archive_is_reported_by_check(finished: tuple[Path, str]) -> None:
    db, _sha = finished
    admin = context(db, "admin")
    path = archive_year(admin, YEAR)
    os.chmod(path, 0o640)
    path.write_bytes(path.read_bytes().replace(b"koreksi selesai", b"koreksi  selesa"))
    items = {i.what: i for i in check(admin)}
    assert not items["Arsip 2025"].ok
    assert "lakip.2025.arsip.json" in items["Arsip 2025"].detail
    assert "tidak cocok dengan SHA-256" in items["Arsip 2025"].detail
    with pytest.raises(Exception, match="tidak cocok"), admin.store.read() as r:
        r.year_data(YEAR)


def test_backup_and_restore_bring_the_archive_back(finished: tuple[Path, str]) -> None:
    db, _sha = finished
    admin = context(db, "admin")
    path = archive_year(admin, YEAR)
    made = backup(admin)
    good = path.read_bytes()
    copies = list((db.parent / "backups").glob("lakip.2025.arsip-*.json"))
    assert len(copies) == 1 and copies[0].read_bytes() == good
    path.unlink()  # the archive is lost
    assert not {i.what: i for i in check(admin)}["Arsip 2025"].ok
    restore(admin, made)
    assert path.read_bytes() == good
    with admin.store.read() as r:
        assert r.report(YEAR).year == YEAR
    assert {i.what: i for i in check(admin)}["Arsip 2025"].ok


def test_orphan_archive_of_an_interrupted_archiving_is_ignored(
    finished: tuple[Path, str],
) -> None:
    db, _sha = finished
    admin = context(db, "admin")
    saved = db.read_bytes()
    path = archive_year(admin, YEAR)
    os.chmod(db, 0o660)
    db.write_bytes(saved)  # as if killed before the shared file was replaced
    with admin.store.read() as r:
        assert r.archived_years() == () and r.years() == (YEAR,)
        assert len(r.reports()) == 1
    items = check(admin)
    assert all(i.ok for i in items)
    assert any(path.name in i.detail and "tidak tercatat" in i.detail for i in items)
    assert archive_year(admin, YEAR) == path  # the leftover is replaced
    shutil.rmtree(db.parent / "backups", ignore_errors=True)
    with admin.store.read() as r:
        assert r.archived_years() == (YEAR,) and r.report(YEAR).year == YEAR


__all__ = ["FIXED_NOW"]


# -- a kill during archiving --------------------------------------------------------------------


def _archive_in_child(db: str, ready: object) -> None:  # runs in a forked child
    ready.set()  # type: ignore[attr-defined]
    archive_year(context(Path(db), "admin"), YEAR)
    time.sleep(30)  # done: wait for the kill like the others


@pytest.mark.slow
def test_a_kill_at_random_moments_of_archiving_leaves_the_year_exactly_once(
    tmp_path: Path,
) -> None:
    template = demo_copy(tmp_path / "template")
    finish_demo(template, tmp_path / "out")
    with context(template).store.read() as r:
        whole = r.year_data(YEAR)
        trail = r.audit()
    timing = demo_copy(tmp_path / "timing")
    shutil.copyfile(template, timing)
    t = time.perf_counter()
    archive_year(context(timing, "admin"), YEAR)
    took = time.perf_counter() - t
    fork = multiprocessing.get_context("fork")
    rng = random.Random(20261202)
    outcomes = {"diarsipkan": 0, "sisa arsip tak tercatat": 0, "belum": 0}
    for k in range(40):
        db = tmp_path / f"run{k}" / "lakip.json"
        db.parent.mkdir()
        shutil.copyfile(template, db)
        os.chmod(db, 0o660)
        ready = fork.Event()
        child = fork.Process(target=_archive_in_child, args=(str(db), ready))
        child.start()
        assert ready.wait(10)
        time.sleep(rng.uniform(0.0, took * 3))
        os.kill(cast(int, child.pid), signal.SIGKILL)
        child.join()
        admin = context(db, "admin")
        with admin.store.read() as r:
            archived = r.is_archived(YEAR)
            assert r.years() == (YEAR,)
            assert [x.year for x in r.reports()] == [YEAR]  # once: never neither, never twice
            assert r.year_data(YEAR) == whole
            seqs = [e.seq for e in r.audit()]
            assert seqs == list(range(1, len(seqs) + 1))
            assert r.audit()[: len(trail)] == trail
        bad = [i for i in check(admin) if not i.ok and i.what != "Cadangan"]
        assert bad == [], (k, bad)
        orphan = (db.parent / "lakip.2025.arsip.json").exists() and not archived
        outcome = "diarsipkan" if archived else "sisa arsip tak tercatat" if orphan else "belum"
        outcomes[outcome] += 1
        if not archived and k % 5 == 0:  # an interrupted archiving can simply be run again
            archive_year(admin, YEAR)
            with admin.store.read() as r:
                assert r.year_data(YEAR) == whole and r.archived_years() == (YEAR,)
    print(f"archiving took {took * 1000:.0f} ms; outcomes after kills: {outcomes}")
    assert outcomes["diarsipkan"] and outcomes["diarsipkan"] < 40, outcomes


def test_the_demo_archives_its_earlier_finished_years(finished: tuple[Path, str]) -> None:
    from usecases.demo import archive_finished_earlier

    db, _sha = finished
    admin = context(db, "admin")
    assert archive_finished_earlier(admin, YEAR) == ()  # the demo's own year stays open
    add_year(admin, YEAR + 1)
    assert archive_finished_earlier(admin, YEAR + 1) == (YEAR,)
    with admin.store.read() as r:
        assert r.archived_years() == (YEAR,) and r.years() == (YEAR, YEAR + 1)
        assert r.current_year() == YEAR + 1


async def test_the_board_lists_an_archived_year_and_shows_it_read_only(
    finished: tuple[Path, str],
) -> None:
    from textual.widgets import OptionList

    from tests.conftest import board_app
    from tui.screens.board import BoardHeader
    from tui.screens.year import YearScreen

    db, _sha = finished
    admin = context(db, "admin")
    add_year(admin, YEAR + 1)
    archive_year(admin, YEAR)
    app = board_app(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_screen(pilot, YearScreen, "t")
        labels = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert labels[1] == "2025  (arsip, hanya baca)"
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.pause()
        header = str(app.screen.query_one(BoardHeader).render())
    assert "LAKIP 2025" in header and "HANYA LIHAT: tahun 2025 diarsipkan" in header


def test_the_open_year_is_read_and_changed_without_opening_an_archive(
    finished: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps a store with archived years as fast as a small one: status, the board and a
    transaction of the open year never read an archive."""
    from dataclasses import replace
    from decimal import Decimal

    from store import archive
    from usecases.data import load, save_indicator

    db, _sha = finished
    admin = context(db, "admin")
    add_year(admin, YEAR + 1)
    archive_year(admin, YEAR)

    def refuse(*_args: object) -> None:
        raise AssertionError("an archive was read")

    monkeypatch.setattr(archive, "read", refuse)
    assert status(admin).current.year == YEAR + 1
    assert load_board(admin, YEAR + 1).archived_years == (YEAR,)
    item = load(admin).data.indicators[0]
    save_indicator(admin, YEAR + 1, replace(item, target=Decimal(7)))
