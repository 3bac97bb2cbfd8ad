from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from models.domain import Indicator, User
from models.numbers import OfficeZone
from store import datafile, migrations
from store.errors import (
    Conflict,
    CorruptFile,
    LockTimeout,
    ReadOnlyFile,
    StoreError,
    WriteFailed,
)
from store.repo import Store
from tests.conftest import BOGOR

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=OfficeZone.WITA.tz)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "lakip.json", lock_timeout=2.0)
    s.create("admin", NOW)
    return s


def _indicator(**kw: object) -> Indicator:
    base = {"id": "i1", "year": 2025, "sasaran_code": "S1", "code": "IK1", "name": "APK SD"}
    base.update(kw)
    return Indicator(**base)  # type: ignore[arg-type]


def test_round_trip_keeps_decimals_as_strings(store: Store) -> None:
    with store.write("staf", NOW) as w:
        w.save_indicator(_indicator(target=Decimal("88.82"), realisasi=Decimal("135.15")))
    raw = json.loads(store.path.read_text())
    doc = next(iter(raw["indicators"].values()))
    assert doc["target"] == "88.82" and doc["realisasi"] == "135.15"
    with store.read() as r:
        (ind,) = r.indicators(2025)
    assert ind.target == Decimal("88.82") and ind.rev == 1


def test_a_reader_reads_a_table_once_and_a_writer_sees_its_own_saves(store: Store) -> None:
    with store.write("staf", NOW) as w:
        w.save_indicator(_indicator())
        assert [i.code for i in w.indicators(2025)] == ["IK1"]
        w.save_indicator(_indicator(id="i2", code="IK2"))
        assert [i.code for i in w.indicators(2025)] == ["IK1", "IK2"]  # not a kept copy
    with store.read() as r:
        first = r.indicators(2025)
        again = r.indicators(2025)
        assert all(a is b for a, b in zip(first, again, strict=True))  # parsed once per reading
        assert [i.code for i in first] == ["IK1", "IK2"]


def test_stale_revision_is_refused_and_nothing_is_lost(store: Store) -> None:
    with store.write("a", NOW) as w:
        first = w.save_indicator(_indicator(realisasi=Decimal(1)))
    with store.write("a", NOW) as w:
        w.save_indicator(replace(first, realisasi=Decimal(2)))
    with pytest.raises(Conflict, match="sudah diubah orang lain"), store.write("b", NOW) as w:
        w.save_indicator(replace(first, realisasi=Decimal(3)))
    with store.read() as r:
        assert r.indicators(2025)[0].realisasi == Decimal(2)


def test_failed_transaction_writes_nothing(store: Store) -> None:
    before = store.path.read_bytes()
    with pytest.raises(RuntimeError), store.write("a", NOW) as w:
        w.save_user(User(account="x"))
        raise RuntimeError("boom")
    assert store.path.read_bytes() == before


def test_audit_is_append_only_with_increasing_sequence(store: Store) -> None:
    with store.write("a", NOW) as w:
        w.audit_log("satu")
        w.audit_log("dua", year=2025, note="n")
    with store.write("b", NOW) as w:
        w.audit_log("tiga")
    with store.read() as r:
        entries = r.audit()
    assert [(e.seq, e.action, e.account) for e in entries] == [
        (1, "satu", "a"),
        (2, "dua", "a"),
        (3, "tiga", "b"),
    ]


def test_file_mode_is_kept_across_writes(store: Store) -> None:
    os.chmod(store.path, 0o660)
    with store.write("a", NOW) as w:
        w.save_user(User(account="x"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o660


def test_newer_schema_opens_read_only(store: Store) -> None:
    raw = json.loads(store.path.read_text())
    raw["_meta"]["1"]["schema"] = datafile.SCHEMA_VERSION + 1
    store.path.write_text(json.dumps(raw))
    before = store.path.read_bytes()
    with store.read() as r:
        assert r.read_only
    with pytest.raises(ReadOnlyFile, match="lebih baru"), store.write("a", NOW) as w:
        w.save_user(User(account="x"))
    assert store.path.read_bytes() == before


def test_older_schema_is_migrated_after_a_backup(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_flag(data: datafile.Data) -> datafile.Data:
        data.setdefault("settings", {})["1"] = {"migrated": True}
        return data

    current = datafile.SCHEMA_VERSION
    monkeypatch.setattr(datafile, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, current, add_flag)
    with store.write("a", NOW) as w:
        assert w.settings()["migrated"] is True
    raw = json.loads(store.path.read_text())
    assert raw["_meta"]["1"]["schema"] == current + 1
    assert any("sebelum-migrasi" in p.name for p in store.file.backups())


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "kosong"),
        (b'{"_meta": {"1": {"app": "lakip", "sch', "JSON rusak"),
        (b"hello", "JSON rusak"),
        (b"[1, 2]", "bukan objek"),
        (b'{"users": {"1": {}}}', "_meta"),
        (b'{"_meta": {"1": {"app": "lain", "schema": 1}}}', "bukan berkas data lakip"),
        (b'{"_meta": {"1": {"app": "lakip", "schema": 1}}, "users": []}', "bukan objek"),
    ],
)
def test_damaged_files_are_reported_and_never_overwritten(
    store: Store, content: bytes, why: str
) -> None:
    store.file.backup("manual")
    store.path.write_bytes(content)
    with pytest.raises(CorruptFile, match=why) as err, store.write("a", NOW) as w:
        w.save_user(User(account="x"))
    assert "lakip restore" in str(err.value)
    assert store.path.read_bytes() == content


def test_truncated_file_restore_brings_back_last_backup(store: Store) -> None:
    with store.write("a", NOW) as w:
        w.save_user(User(account="siti", name="Siti"))
    good = store.file.backup("manual")
    whole = store.path.read_bytes()
    store.path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CorruptFile) as err, store.read():
        pass
    assert str(good) in str(err.value)
    kept = store.file.restore(store.file.newest_good_backup() or good, "a")
    assert kept is not None and kept.read_bytes() == whole[: len(whole) // 2]
    with store.read() as r:
        assert r.user("siti") is not None


def test_lock_held_by_another_process_times_out_with_a_clear_message(tmp_path: Path) -> None:
    s = Store(tmp_path / "d.json", lock_timeout=0.3)
    s.create("a", NOW)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import fcntl,sys,time;f=open(sys.argv[1],'a+');fcntl.flock(f,fcntl.LOCK_EX);"
                "f.write('budi pid 1 sejak tadi');f.flush();print('ok',flush=True);time.sleep(30)"
            ),
            str(s.file.lock_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(LockTimeout, match=r"sedang dipakai.*budi"), s.write("a", NOW) as w:
            w.save_user(User(account="x"))
    finally:
        holder.kill()
        holder.wait()
    with s.write("a", NOW) as w:  # the kernel released the dead holder's lock
        w.save_user(User(account="x"))


def test_disk_full_keeps_the_previous_file(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = store.path.read_bytes()
    real_write = os.write

    def full(fd: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(WriteFailed, match=r"disk penuh.*tetap utuh"), store.write("a", NOW) as w:
        w.save_user(User(account="x"))
    monkeypatch.setattr(os, "write", real_write)
    assert store.path.read_bytes() == before
    assert not list(store.path.parent.glob(".*.tmp"))


def test_letter_numbers_are_sequential_per_year(store: Store) -> None:
    with store.write("kas", NOW) as w:
        a = w.issue_letter(
            2025, replace(BOGOR, letter_template="{klasifikasi}/{urut:03d}/X/{tahun}")
        )
        b = w.issue_letter(2025, BOGOR)
    assert (a.number, b.number) == ("400.3/001/X/2026", "400.3/0002-Disdik/2026")


def test_the_letter_register_year_is_the_office_s(store: Store) -> None:
    moment = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 23.30 WIB, but 00.30 WITA in 2027
    with store.write("kas", moment) as w:
        in_bogor = w.issue_letter(2026, BOGOR)
        in_wita = w.issue_letter(2026, replace(BOGOR, timezone=OfficeZone.WITA))
    assert (in_bogor.year, in_bogor.number) == (2026, "400.3/0001-Disdik/2026")
    assert (in_wita.year, in_wita.number) == (2027, "400.3/0001-Disdik/2027")


def test_a_letter_pattern_without_a_sequence_numbers_nothing(store: Store) -> None:
    with store.write("kas", NOW) as w:
        with pytest.raises(StoreError, match=r"tidak memuat \{urut\}"):
            w.issue_letter(2025, replace(BOGOR, letter_template="050/Disdik/{tahun}"))
        with pytest.raises(StoreError, match="tidak valid"):
            w.issue_letter(2025, replace(BOGOR, letter_template="{urut}/{kota}"))
        assert w.issue_letter(2025, BOGOR).seq == 1  # refused numbers were not used up


WORKER = """
import sys
from datetime import UTC, datetime
from models.numbers import OfficeZone
from store.repo import Store
from models.domain import Profile, User
from models.numbers import OfficeZone
profile = Profile(timezone=OfficeZone.WITA, letter_template='{urut}')
path, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = Store(__import__('pathlib').Path(path), lock_timeout=60)
for k in range(n):
    with s.write(name, datetime.now(OfficeZone.WITA.tz)) as w:
        settings = w.settings()
        w.save_settings(counter=int(settings.get('counter', 0)) + 1)
        w.audit_log('uji.tambah', note=f'{name}-{k}')
        if k % 50 == 0:
            w.issue_letter(2025, profile)
"""


@pytest.mark.slow
def test_four_processes_two_hundred_transactions_lose_nothing(store: Store) -> None:
    os.chmod(store.path, 0o660)
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(store.path), f"p{i}", "200"], cwd=ROOT)
        for i in range(4)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0, 0]
    raw = json.loads(store.path.read_text())  # valid JSON
    with store.read() as r:
        assert r.settings()["counter"] == 800
        entries = r.audit()
        letters = r.letters()
    assert len(entries) == 800
    assert sorted(e.note for e in entries) == sorted(
        f"p{i}-{k}" for i in range(4) for k in range(200)
    )
    assert [e.seq for e in entries] == list(range(1, 801))
    assert sorted(int(x.number) for x in letters) == list(range(1, 17))
    assert raw["_meta"]["1"]["audit_seq"] == 800
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o660


@pytest.mark.slow
def test_killed_writer_leaves_a_valid_file(store: Store) -> None:
    for round_ in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(store.path), f"k{round_}", "100000"], cwd=ROOT
        )
        time.sleep(0.4 + 0.07 * round_)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with store.read() as r:  # parses and has the right shape
            count = int(r.settings().get("counter", 0))
            assert len(r.audit()) == count
    assert count > 0


def test_text_that_is_not_utf8_is_refused_and_nothing_is_written(store: Store) -> None:
    before = store.path.read_bytes()
    with pytest.raises(WriteFailed, match="tidak sah"), store.write("a", NOW) as w:
        w.save_user(User(account="x", name="Budi \udcff"))
    assert store.path.read_bytes() == before
