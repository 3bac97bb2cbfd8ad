"""Files in a folder other accounts may write (issue 16, items 1, 2, 3, 7, 10-14, 17).

A group member with a shell can plant symbolic links, FIFOs and huge files under any name in the
office folder. These tests plant them in-process (as one account); tests/test_shared_accounts.py
plays the same attacks with two real Unix accounts.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from models.domain import User
from store.errors import Conflict, LockTimeout, ReadOnlyFile, StoreError
from store.repo import Store
from tests.conftest import FIXED_NOW, fixed_clock
from usecases.context import Context

NOW = FIXED_NOW
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def shared(demo_template: Path, tmp_path: Path) -> Path:
    """The demo store in a 2770 setgid folder, as the README's server section sets it up."""
    folder = tmp_path / "srv"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    db = folder / "lakip.json"
    shutil.copyfile(demo_template, db)
    os.chmod(db, 0o660)
    return db


@pytest.fixture()
def umask_077() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _ctx(db: Path, account: str = "admin") -> Context:
    return Context(db_path=db, account=account, clock=fixed_clock())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# -- item 1: a planted temp-file link --------------------------------------------------------------


def test_a_link_planted_as_the_temp_file_never_reaches_its_target(shared: Path) -> None:
    """Before the fix the writer opened ``.lakip.json.<pid>.tmp`` with O_CREAT|O_TRUNC and the
    sweep of stale temp files kept dangling links: the victim's (absent) ``.bash_profile`` was
    created with the data, 0660 in the group, and the link renamed over the data file."""
    victim = shared.parent.parent / "bash_profile"  # does not exist yet: a dangling link
    pid = os.getpid()
    for n in range(pid - 5, pid + 50):  # the next pids, and this one
        (shared.parent / f".{shared.name}.{n}.tmp").symlink_to(victim)
    (shared.parent / f".{shared.name}.0123456789abcdef.tmp").symlink_to(victim)
    unrelated = shared.parent / ".catatan.tmp"
    unrelated.symlink_to(victim)
    store = Store(shared)
    with store.write("admin", NOW) as w:
        w.save_user(User(account="baru", name="Baru"))
    assert not victim.exists()
    assert stat.S_ISREG(shared.lstat().st_mode)
    with store.read() as r:
        assert r.user("baru") is not None
    # the stale-temp sweep removed every link under our own pattern, and nothing else
    left = sorted(p.name for p in shared.parent.iterdir() if p.name.endswith(".tmp"))
    assert left == [".catatan.tmp"]


# -- item 3: the form export's temp name --------------------------------------------------------


def test_form_export_never_writes_through_a_planted_link(shared: Path) -> None:
    """Before the fix the workbook went to ``.<name>.xlsx.tmp`` (a predictable name, followed
    if a link): another user's file was overwritten with a workbook."""
    from usecases.collection import export_forms

    out = shared.parent / "keluaran"
    out.mkdir()
    os.chmod(out, 0o2770)
    victim = shared.parent.parent / "laporan-pribadi.txt"
    victim.write_text("rahasia\n")
    target = out / "Format-Data-LAKIP-2025-SD.xlsx"
    (out / f".{target.name}.tmp").symlink_to(victim)
    made = {m.bidang: m for m in export_forms(_ctx(shared), year=2025, out_dir=out)}
    assert victim.read_text() == "rahasia\n"
    assert made["SD"].path == target and stat.S_ISREG(target.lstat().st_mode)
    with Store(shared).read() as r:
        recorded = {e.path: e.sha256 for e in r.exports(2025) if e.kind == "form"}
    import hashlib

    assert recorded[str(target)] == hashlib.sha256(target.read_bytes()).hexdigest()


def test_form_export_beside_a_planted_link_takes_the_next_name(shared: Path) -> None:
    from usecases.collection import export_forms

    out = shared.parent / "keluaran"
    out.mkdir()
    victim = shared.parent.parent / "korban.txt"
    victim.write_text("tetap\n")
    (out / "Format-Data-LAKIP-2025-SD.xlsx").symlink_to(victim)
    (made,) = export_forms(_ctx(shared), year=2025, bidang="SD", out_dir=out)
    assert made.renamed and made.path.name == "Format-Data-LAKIP-2025-SD (2).xlsx"
    assert victim.read_text() == "tetap\n"


# -- item 14: a hostile umask ---------------------------------------------------------------------


def test_files_made_in_a_shared_folder_are_0660_whatever_the_umask(
    shared: Path, umask_077: None
) -> None:
    """Before the fix umask 077 made the backups and the exported DOCX 0600 (and the lock,
    see test_lock_is_0660_whatever_the_umask): the rest of the office was locked out."""
    from usecases.exporting import export_document

    store = Store(shared)
    with store.write("admin", NOW) as w:  # the first write of the hour makes a backup
        w.save_user(User(account="baru"))
    (backup,) = store.file.backups()
    assert _mode(backup) == 0o660 and _mode(store.file.backup_dir) == 0o2770
    assert _mode(shared) == 0o660
    result = export_document(_ctx(shared), "lakip")
    assert result.path.parent == shared.parent / "keluaran"
    assert _mode(result.path) == 0o660 and _mode(result.path.parent) == 0o2770


# -- items 2 and 7: the lock file ---------------------------------------------------------------


def test_lock_is_0660_whatever_the_umask(shared: Path, umask_077: None) -> None:
    """Before the fix the lock was created 0666 & ~umask: 0600 under umask 077."""
    store = Store(shared)
    store.file.lock_path.unlink(missing_ok=True)
    with store.write("admin", NOW) as w:
        w.save_user(User(account="baru"))
    assert _mode(store.file.lock_path) == 0o660


def test_a_linked_lock_file_is_refused_and_its_target_kept(shared: Path) -> None:
    """Before the fix the lock was opened through the link and its target truncated."""
    store = Store(shared)
    victim = shared.parent.parent / "kunci-pribadi"
    victim.write_text("kunci rahasia\n")
    os.chmod(victim, 0o600)
    store.file.lock_path.unlink(missing_ok=True)
    store.file.lock_path.symlink_to(victim)
    before = shared.read_bytes()
    with pytest.raises(StoreError, match="tautan simbolik") as err, store.write("a", NOW) as w:
        w.save_user(User(account="baru"))
    assert str(store.file.lock_path) in str(err.value)
    assert victim.read_text() == "kunci rahasia\n" and shared.read_bytes() == before


def test_check_says_the_lock_or_data_file_is_a_link(shared: Path) -> None:
    """Before the fix ``lakip check`` printed the link target's mode and never said 'link'."""
    store = Store(shared)
    victim = shared.parent.parent / "milik-orang-lain"
    victim.write_text("x")
    os.chmod(victim, 0o600)
    store.file.lock_path.unlink(missing_ok=True)
    store.file.lock_path.symlink_to(victim)
    bad = [i for i in store.file.check() if not i.ok]
    assert any(i.what == "Berkas kunci" and "tautan simbolik" in i.detail for i in bad), bad
    assert not any("0600" in i.detail for i in bad), bad
    real = shared.with_name("asli.json")
    shared.rename(real)
    shared.symlink_to(real)
    bad = [i for i in store.file.check() if not i.ok]
    assert any(i.what == "Berkas data" and "tautan simbolik" in i.detail for i in bad), bad


HOLD_AND_NUMBER = """
import sys, time
from datetime import datetime
from pathlib import Path
from store.errors import Conflict, LockTimeout, ReadOnlyFile, StoreError
from store.repo import Store
from tests.conftest import FIXED_NOW
s = Store(Path(sys.argv[1]), lock_timeout=20)
with s.write("pertama", FIXED_NOW) as w:
    letter = w.issue_letter(2025, w.profile())
    print("memegang", flush=True)
    time.sleep(float(sys.argv[2]))
print(letter.number, flush=True)
"""


def _holder(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_NUMBER, str(db), str(seconds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "memegang"
    return proc


def test_deleting_the_lock_file_does_not_split_the_lock(shared: Path) -> None:
    """Before the fix the second process made a new lock file, locked that inode and took the
    same letter number as the first, whose write it then lost."""
    store = Store(shared, lock_timeout=20)
    first = _holder(shared, 1.5)
    try:
        store.file.lock_path.unlink()  # an administrator "cleans up" a lock that looks stale
        with store.write("kedua", NOW) as w:
            second = w.issue_letter(2025, w.profile()).number
        out, _ = first.communicate(timeout=30)
    finally:
        first.kill()
        first.wait()
    assert first.returncode in (0, -9)
    with Store(shared).read() as r:
        numbers = [x.number for x in r.letters()]
    assert out.strip() != second
    assert sorted(numbers) == sorted(set(numbers)) and out.strip() in numbers
    assert second in numbers


def test_the_timeout_message_says_the_holder_is_alive(shared: Path) -> None:
    """Before the fix the message named a pid and nothing else: it looked stale, and the
    administrator deleted the lock."""
    store = Store(shared, lock_timeout=0.3)
    first = _holder(shared, 20)
    try:
        with pytest.raises(LockTimeout) as err, store.write("kedua", NOW) as w:
            w.save_user(User(account="x"))
    finally:
        first.kill()
        first.wait()
    text = str(err.value)
    assert f"pertama pid {first.pid}" in text and "masih berjalan" in text
    assert "jangan hapus berkas kunci" in text


# -- items 11 and 12: a read-only or linked data file ---------------------------------------------


def test_a_read_only_data_file_is_not_rewritten_and_the_board_says_so(shared: Path) -> None:
    """Before the fix a 0440 file was replaced by rename (import and letter succeeded) while
    the board said HANYA LIHAT (for other accounts; as root it did not even say that)."""
    from usecases.reporting import status

    os.chmod(shared, 0o440)
    before, inode = shared.read_bytes(), shared.stat().st_ino
    store = Store(shared)
    with pytest.raises(ReadOnlyFile, match="hanya bisa dibaca") as err, store.write("a", NOW) as w:
        w.issue_letter(2025, w.profile())
    assert "0440" in str(err.value)
    assert shared.read_bytes() == before and shared.stat().st_ino == inode
    assert _mode(shared) == 0o440
    with store.read() as r:
        assert r.read_only
    assert status(_ctx(shared)).read_only  # what the board shows as HANYA LIHAT


def test_a_linked_data_file_is_refused_not_split(shared: Path) -> None:
    """Decision: refused (not resolved). Before the fix a write through the link replaced it
    with a regular file: users of the two paths then wrote two files under two locks."""
    real = shared.with_name("asli.json")
    shared.rename(real)
    shared.symlink_to(real)
    before = real.read_bytes()
    store = Store(shared)
    with pytest.raises(StoreError, match="tautan simbolik") as err, store.write("a", NOW) as w:
        w.save_user(User(account="baru"))
    assert "jalur aslinya" in str(err.value) and str(shared) in str(err.value)
    assert shared.is_symlink() and real.read_bytes() == before
    with pytest.raises(StoreError, match="tautan simbolik"), store.read():
        pass


# -- items 10 and 13: backups and restore ---------------------------------------------------------


@pytest.fixture()
def tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def test_backups_are_ordered_by_sequence_not_by_local_time(
    shared: Path, tz: Callable[[str], None]
) -> None:
    """Before the fix backups were named in the process's local time and the newest chosen by
    name: a backup made at UTC-11 after one made at UTC+14 sorted as older, so check and
    restore chose the older one and rotation deleted the new one as it was made."""
    store = Store(shared)
    store.file.keep_backups = 1
    tz("Pacific/Kiritimati")  # UTC+14
    first = store.file.backup("otomatis")
    with store.write("admin", NOW) as w:
        w.save_user(User(account="sesudah"))
    tz("Pacific/Pago_Pago")  # UTC-11
    second = store.file.backup("otomatis")
    assert second.exists() and not first.exists()  # rotation kept the newest
    assert store.file.newest_good_backup() == second
    assert re.fullmatch(r"lakip-\d{8}T\d{6}Z-000002-otomatis\.json", second.name), second.name
    manual = store.file.backup("manual")
    assert store.file.backups() == [manual, second]


def test_restore_raises_revisions_and_counters_above_every_issued_one(shared: Path) -> None:
    """Before the fix a restore put back the old revisions and counters: an editor opened
    before it saved over the restored data without a conflict, and audit sequences and letter
    numbers were issued a second time."""
    from dataclasses import replace as copy

    store = Store(shared)
    good = store.file.backup("manual")
    with store.read() as r:
        opened = r.indicators(2025)[0]  # an editor opens this indicator
    with store.write("admin", NOW) as w:
        w.save_indicator(copy(opened, name="diubah orang lain"))
        taken = w.issue_letter(2025, w.profile()).number
        w.audit_log("uji.sebelum")
    with store.read() as r:
        top_seq = max(e.seq for e in r.audit())
    store.file.restore(good, "admin")
    with pytest.raises(Conflict), store.write("admin", NOW) as w:
        w.save_indicator(copy(opened, name="dari editor lama"))
    with store.write("admin", NOW) as w:
        again = w.issue_letter(2025, w.profile()).number
        entry = w.audit_log("uji.sesudah")
    assert again != taken and entry.seq > top_seq


def test_restore_of_a_restore_still_goes_up(shared: Path) -> None:
    store = Store(shared)
    good = store.file.backup("manual")
    store.file.restore(good, "admin")
    with store.read() as r:
        first = r.indicators(2025)[0].rev
    store.file.restore(good, "admin")
    with store.read() as r:
        assert r.indicators(2025)[0].rev > first


# -- item 17: planted huge or endless files -------------------------------------------------------


def test_huge_and_endless_files_are_not_read(shared: Path) -> None:
    """Before the fix a 1 GB sparse file in backups/ was read whole by check, and
    ``restore /dev/zero`` read forever."""
    store = Store(shared)
    good = store.file.backup("manual")
    huge = store.file.backup_dir / "lakip-20991231T235959Z-999999-manual.json"
    with open(huge, "wb") as f:
        f.truncate(1 << 30)  # sparse: costs no disk
    started = time.monotonic()
    assert store.file.newest_good_backup() == good
    judged = {i.what: i for i in store.file.check()}["Cadangan"]
    assert judged.ok and str(good) in judged.detail
    with pytest.raises(StoreError, match="terlalu besar"):
        store.file.restore(huge, "admin")
    with pytest.raises(StoreError, match="bukan berkas biasa"):
        store.file.restore(Path("/dev/zero"), "admin")
    assert time.monotonic() - started < 5, "a planted file was read"


def test_a_signed_document_replaced_by_a_link_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    """Before the fix the signed document was hashed through any link: a group member who
    replaced it with a link to /dev/zero made every export (and the board) read forever."""
    from tests.conftest import YEAR, context, demo_copy, walk_to_letter_step
    from usecases.exporting import signed_info

    ctx = context(demo_copy(tmp_path / "data"))
    walk_to_letter_step(ctx)
    with ctx.store.read() as r:
        signed = Path(r.report(YEAR).signatures[-1].path)
    signed.unlink()
    signed.symlink_to("/dev/zero")
    started = time.monotonic()
    with ctx.store.read() as r:
        info = signed_info(r, YEAR)
    assert info is not None and info.file_state == "berubah"
    assert time.monotonic() - started < 5


def test_a_restored_backup_passes_the_audit_check_with_its_skipped_numbers_said(
    shared: Path,
) -> None:
    """`lakip backup` then `lakip restore` of it made `lakip check` report 'entri N hilang':
    the entries written after the backup are gone with the replaced file and their numbers
    are never issued again. The restore now declares them skipped; a hand-deleted entry is
    still found, and so is an entry that reappears in a skipped number."""
    import json

    from store.chain import audit_problem

    store = Store(shared)
    good = store.file.backup("manual")
    with store.write("admin", NOW) as w:
        w.audit_log("uji.sesudah-cadangan")
        w.audit_log("uji.lagi")
    store.file.restore(good, "admin")
    with store.write("admin", NOW) as w:
        w.audit_log("data.dipulihkan")
    raw = json.loads(shared.read_text())
    meta, audit = raw["_meta"]["1"], raw["audit"]
    problem, fine = audit_problem(audit, meta)
    assert problem is None, problem
    last = meta["audit_seq"]
    assert meta["audit_gaps"] == [[last - 2, last - 1]]
    assert f"nomor {last - 2}-{last - 1} dilewati karena pemulihan cadangan" in fine
    # what the chain still catches
    deleted = {k: v for k, v in audit.items() if k != "1"}
    assert "entri 1 hilang" in (audit_problem(deleted, meta)[0] or "")
    planted = {**audit, str(last - 1): {**audit[str(last)], "seq": last - 1}}
    assert "dilewati saat pemulihan" in (audit_problem(planted, meta)[0] or "")
    bad = {**meta, "audit_gaps": [[last + 1, last + 5]]}
    assert "audit_gaps tidak sah" in (audit_problem(audit, bad)[0] or "")
