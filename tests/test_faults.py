"""Faults: killed writers, a full disk, a dead lock holder, a read-only folder, damaged files.

Temp files. A writer writes ``.<name>.<16 random hex>.tmp`` beside the data file and renames it
over the file; a writer killed between the two leaves its temp file behind. Decision: the next write
removes every such leftover (it holds the lock, and every writer holds the lock from its temp
file to the rename, so any temp file seen then belongs to a dead writer); ``lakip check``
reports leftovers until then. The same goes for half-written copies in the backup folder.
"""

from __future__ import annotations

import contextlib
import errno
import json
import multiprocessing
import os
import pwd
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import cast

import pytest

from models.domain import User
from models.numbers import OfficeZone
from store import datafile, lock
from store.errors import CorruptFile, WriteFailed
from store.repo import Store
from tests.conftest import BOGOR_INIT
from tests.product.accounts import OfficeAccounts
from tui.cli import main
from usecases.context import unix_account

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=OfficeZone.WITA.tz)
ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "lakip.json", lock_timeout=5.0)
    s.create("admin", NOW)
    os.chmod(s.path, 0o660)
    return s


# -- killed writers ---------------------------------------------------------------------------


def _write_forever(path: str, ready: object) -> None:  # runs in a forked child
    s = Store(Path(path), lock_timeout=30)
    first = True
    while True:
        with s.write("pembunuh", NOW) as w:
            n = int(w.settings().get("counter", 0)) + 1
            w.save_settings(counter=n)
            w.audit_log("uji.tulis", note=str(n))
        if first:  # killed from now on, in the middle of the next transactions: every round
            ready.set()  # type: ignore[attr-defined]  # commits, however loaded the machine
            first = False


@pytest.mark.slow
def test_sixty_kills_at_random_moments_leave_a_valid_file_and_no_lost_commit(
    store: Store,
) -> None:
    fork = multiprocessing.get_context("fork")
    rng = random.Random(20261128)
    committed = 0
    left_temp = 0
    ours = re.compile(rf"^\.{re.escape(store.path.name)}\.[0-9a-f]{{16}}\.tmp$")
    for _ in range(60):
        ready = fork.Event()
        child = fork.Process(target=_write_forever, args=(str(store.path), ready))
        child.start()
        assert ready.wait(10)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(cast(int, child.pid), signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL  # killed mid-write, never finished by itself
        json.loads(store.path.read_bytes())  # valid JSON, whole
        with store.read() as r:
            count = int(r.settings().get("counter", 0))
            entries = r.audit()
        assert len(entries) == count, "audit and counter were committed apart"
        assert [e.seq for e in entries] == list(range(1, count + 1))
        assert count >= committed, "a committed transaction disappeared"
        committed = count
        temps = _temps(store.path.parent)
        # at most one: a writer sweeps older leftovers before it makes its own temp file (the
        # one left may be an earlier victim's when this child died before its first write)
        assert len(temps) <= 1 and all(ours.match(t) for t in temps), temps
        left_temp += bool(temps)
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o660
    assert committed >= 60  # at least the first commit of each of the 60 writers
    print(f"{committed} transaksi tersimpan, {left_temp} dari 60 pembunuhan meninggalkan .tmp")
    with store.write("admin", NOW) as w:  # the next write sweeps the dead writer's temp file
        w.audit_log("uji.akhir")
    assert _temps(store.path.parent) == []


def test_a_temp_file_left_by_a_killed_writer_is_reported_then_removed_by_the_next_write(
    store: Store,
) -> None:
    stale = store.path.parent / f".{store.path.name}.999999.tmp"
    stale.write_bytes(b'{"_meta": {"1": {"app": "la')  # cut off mid-write
    half_backup = store.file.backup_dir / f"{store.path.stem}-20261128-090000-000001-otomatis.tmp"
    store.file.backup_dir.mkdir(exist_ok=True)
    half_backup.write_bytes(b"{")
    items = {i.what: i for i in store.file.check()}
    assert "Berkas sementara" in items, [i.what for i in items.values()]
    assert stale.name in items["Berkas sementara"].detail
    with store.write("admin", NOW) as w:
        w.save_user(User(account="x"))
    assert not stale.exists() and not half_backup.exists()
    assert "Berkas sementara" not in {i.what for i in store.file.check()}
    assert store.file.newest_good_backup() is not None


# -- a full disk ------------------------------------------------------------------------------


@contextlib.contextmanager
def _small_tmpfs(size: str) -> Iterator[Path]:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a tmpfs needs root and mount; the simulated ENOSPC tests still run")
    where = Path(tempfile.mkdtemp(prefix="lakip-penuh-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
    )
    if done.returncode != 0:
        where.rmdir()
        pytest.skip(f"tmpfs cannot be mounted here: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)
        where.rmdir()


def _fill(folder: Path) -> Path:
    filler = folder / "pengisi"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    return filler


def test_full_disk_tmpfs_keeps_the_previous_file_and_says_so_through_the_cli(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with _small_tmpfs("512k") as disk:
        db = str(disk / "lakip.json")
        assert _cli(capsys, "--db", db, "init", "--yes", "--year", "2025", *BOGOR_INIT)[0] == 0
        before = Path(db).read_bytes()
        filler = _fill(disk)
        code, _out, err = _cli(
            capsys, "--db", db, "users", "add", "budi", "--role", "staf", "--belum-ada"
        )
        assert code == 3, err
        assert "disk penuh" in err and "tetap utuh" in err and "tak terduga" not in err
        assert Path(db).read_bytes() == before
        assert _temps(disk) == [] and _temps(disk / "backups") == []
        # a due automatic backup on the full disk: refused the same way, no half copy left
        for old in (disk / "backups").iterdir():
            old.unlink()
        filler.unlink()
        filler = _fill(disk)
        code, _out, err = _cli(
            capsys, "--db", db, "users", "add", "budi", "--role", "staf", "--belum-ada"
        )
        assert code == 3 and "disk penuh" in err and "tetap utuh" in err
        assert Path(db).read_bytes() == before
        assert _temps(disk) == [] and _temps(disk / "backups") == []
        filler.unlink()  # space again: the same command now works
        code, _out, err = _cli(
            capsys, "--db", db, "users", "add", "budi", "--role", "staf", "--belum-ada"
        )
        assert code == 0, err


def test_simulated_full_disk_during_a_backup_leaves_no_half_copy(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the fix the backup's temp file stayed behind, taking the space that was short."""
    before = store.path.read_bytes()
    real_write = os.write

    def full(fd: int, data: bytes) -> int:  # the backup is the first file written
        real_write(fd, bytes(data[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(WriteFailed, match=r"disk penuh.*tetap utuh"), store.write("a", NOW) as w:
        w.save_user(User(account="x"))
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert _temps(store.file.backup_dir) == []


def test_simulated_full_disk_through_the_cli_exits_1_with_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "lakip.json")
    assert _cli(capsys, "--db", db, "init", "--yes", "--year", "2025", *BOGOR_INIT)[0] == 0
    before = Path(db).read_bytes()

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    code, _out, err = _cli(capsys, "--db", db, "year", "add", "2026")
    monkeypatch.undo()
    assert code == 3 and "disk penuh" in err and "perubahan ini belum tersimpan" in err
    assert Path(db).read_bytes() == before and _temps(tmp_path) == []


# -- a lock left by a dead process ------------------------------------------------------------


def _hold_lock(path: str, ready: object) -> None:  # runs in a forked child
    with lock.hold(Path(path), "kadis", 5):
        ready.set()  # type: ignore[attr-defined]
        time.sleep(60)


def test_a_lock_file_left_by_a_dead_process_does_not_block(store: Store) -> None:
    # the file a crashed holder leaves, naming it, with no live flock behind it
    store.file.lock_path.write_text("budi pid 4242 sejak 2026-11-28T08:00:00+08:00")
    t0 = time.monotonic()
    with store.write("admin", NOW) as w:
        w.save_user(User(account="x"))
    assert time.monotonic() - t0 < 1.0
    # a holder killed while holding the lock: the kernel drops its flock at once
    fork = multiprocessing.get_context("fork")
    ready = fork.Event()
    child = fork.Process(target=_hold_lock, args=(str(store.file.lock_path), ready))
    child.start()
    assert ready.wait(10)
    os.kill(cast(int, child.pid), signal.SIGKILL)
    child.join()
    assert child.exitcode == -signal.SIGKILL
    t0 = time.monotonic()
    with store.write("admin", NOW) as w:
        w.save_user(User(account="y"))
    assert time.monotonic() - t0 < 1.0


# -- a read-only data folder ------------------------------------------------------------------


def test_read_only_data_folder_as_an_unprivileged_account(office_accounts: OfficeAccounts) -> None:
    """A real non-root account (staf1, group lakip) on a folder the group may only read."""
    folder = office_accounts.shared_folder()
    db = str(folder / "lakip.json")

    def as_staf(*args: str) -> subprocess.CompletedProcess[str]:
        return office_accounts.run("staf1", "--db", db, *args, umask="007")

    try:
        made = as_staf("init", "--yes", "--year", "2025", *BOGOR_INIT)
        assert made.returncode == 0, made.stderr
        assert stat.S_IMODE(Path(db).stat().st_mode) == 0o660
        before = Path(db).read_bytes()
        shutil.rmtree(folder / "backups")  # so that the first write must also make a backup
        os.chmod(folder, 0o2550)  # read-only for the group, as an office may set it by mistake
        res = as_staf("year", "add", "2026")
        assert res.returncode == 3, res.stderr
        assert "izin ditolak" in res.stderr and "tetap utuh" in res.stderr, res.stderr
        assert "tak terduga" not in res.stderr and "Traceback" not in res.stderr
        assert Path(db).read_bytes() == before
        st = as_staf("status")  # looking still works
        assert st.returncode == 0, st.stderr
        os.chmod(folder, 0o2770)
        again = as_staf("year", "add", "2026")
        assert again.returncode == 0, again.stderr
    finally:
        os.chmod(folder, 0o2770)


def test_read_only_folder_simulated_refuses_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """For machines without the accounts: the folder refuses new files (temp file, backup
    folder), as a 0555 folder does to a non-root account."""
    db = tmp_path / "lakip.json"
    assert _cli(capsys, "--db", str(db), "init", "--yes", "--year", "2025", *BOGOR_INIT)[0] == 0
    before = db.read_bytes()
    shutil.rmtree(tmp_path / "backups")
    real_open, real_mkdir = os.open, os.mkdir

    def no_new_files(path: object, flags: int, mode: int = 0o777, **kw: object) -> int:
        if flags & os.O_CREAT and Path(str(path)).parent == tmp_path and "lock" not in str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode, **kw)  # type: ignore[arg-type]

    def no_mkdir(path: object, *a: object, **kw: object) -> None:
        if Path(str(path)).parent == tmp_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real_mkdir(path, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_new_files)
    monkeypatch.setattr(os, "mkdir", no_mkdir)
    code, _out, err = _cli(capsys, "--db", str(db), "year", "add", "2026")
    assert code == 3, err
    assert "izin ditolak" in err and "tetap utuh" in err and "tak terduga" not in err
    monkeypatch.setattr(os, "mkdir", real_mkdir)
    real_mkdir(tmp_path / "backups")
    code, _out, err = _cli(capsys, "--db", str(db), "year", "add", "2026")  # temp file refused
    assert code == 3 and "izin ditolak" in err and "tetap utuh" in err
    monkeypatch.undo()
    assert db.read_bytes() == before


# -- damaged files ----------------------------------------------------------------------------


def _damaged(good: bytes) -> dict[str, tuple[bytes, str]]:
    newer = json.loads(good)
    newer["_meta"]["1"]["schema"] = datafile.SCHEMA_VERSION + 1
    return {
        "kosong": (b"", "berkas kosong"),
        "terpotong": (good[: len(good) // 2], "berkas terpotong"),
        "bukan JSON": (b"PK\x03\x04 ini lembar kerja, bukan data", "bukan berkas JSON"),
        "bukan UTF-8": (b"\xff\xfe{\x00", "bukan teks UTF-8"),
        "bentuk salah": (b'{"users": {"1": {"account": "x"}}}', "bagian _meta tidak ada"),
        "bukan objek": (b"[1, 2, 3]", "isinya bukan objek JSON"),
        "skema lebih baru": (json.dumps(newer).encode(), "lakip yang lebih baru"),
    }


@pytest.fixture()
def cli_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "lakip.json"
    assert _cli(capsys, "--db", str(db), "init", "--yes", "--year", "2025", *BOGOR_INIT)[0] == 0
    assert (
        _cli(capsys, "--db", str(db), "users", "add", "budi", "--role", "staf", "--belum-ada")[0]
        == 0
    )
    code, out, _ = _cli(capsys, "--db", str(db), "backup")
    assert code == 0 and "Cadangan dibuat" in out
    return db


@pytest.mark.parametrize(
    "case",
    [
        "kosong",
        "terpotong",
        "bukan JSON",
        "bukan UTF-8",
        "bentuk salah",
        "bukan objek",
        "skema lebih baru",
    ],
)
def test_damaged_file_exit_3_own_message_no_write_then_restore(
    cli_db: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    good = cli_db.read_bytes()
    content, message = _damaged(good)[case]
    cli_db.write_bytes(content)
    db = str(cli_db)
    code, _out, err = _cli(
        capsys, "--db", db, "users", "add", "siti", "--role", "staf", "--belum-ada"
    )
    assert code == 3, err
    assert message in err, err
    assert "tak terduga" not in err
    assert cli_db.read_bytes() == content  # nothing written
    code, _out, err = _cli(capsys, "--db", db, "status")
    if case == "skema lebih baru":
        assert code == 0  # readable, only not writable
    else:
        assert code == 3 and message in err and "lakip restore" in err
    code, out, err = _cli(capsys, "--db", db, "restore")
    assert code == 0, err
    assert "dipulihkan" in out
    with Store(cli_db).read() as r:
        assert r.user("budi") is not None
        assert r.audit()[-1].action == "data.dipulihkan"
    _code, out, _err = _cli(capsys, "--db", db, "check")
    assert "[OK] Berkas data:" in out and "JSON valid" in out  # (folder modes aside)
    kept = [p for p in (cli_db.parent / "backups").iterdir() if "sebelum-pemulihan" in p.name]
    assert [p.read_bytes() for p in kept] == [content]


def test_restore_after_a_newer_file_skips_that_newer_file_next_time(
    cli_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Restoring over a newer-schema file keeps that file as a backup; it must not become the
    "newest good backup" that the next plain ``lakip restore`` picks (it cannot be restored)."""
    good = cli_db.read_bytes()
    cli_db.write_bytes(_damaged(good)["skema lebih baru"][0])
    assert _cli(capsys, "--db", str(cli_db), "restore")[0] == 0
    cli_db.write_bytes(b"")
    code, _out, err = _cli(capsys, "--db", str(cli_db), "status")
    assert code == 3 and "lebih baru" not in err
    code, out, err = _cli(capsys, "--db", str(cli_db), "restore")
    assert code == 0, err
    assert "dipulihkan" in out


def test_damaged_file_through_a_real_process(cli_db: Path) -> None:
    cli_db.write_bytes(cli_db.read_bytes()[:-7])
    res = subprocess.run(
        [PY, "-m", "tui.cli", "--db", str(cli_db), "year", "add", "2030"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert res.returncode == 3 and "berkas terpotong" in res.stderr
    assert "lakip restore" in res.stderr


def test_corrupt_file_is_never_overwritten_by_the_store(store: Store) -> None:
    store.path.write_bytes(b"{")
    with pytest.raises(CorruptFile, match="terpotong"), store.write("a", NOW):
        pass
    assert store.path.read_bytes() == b"{"


def test_the_cli_account_is_the_unix_account() -> None:
    assert unix_account() == pwd.getpwuid(os.getuid()).pw_name
