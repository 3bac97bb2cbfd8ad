"""Files in a folder other accounts may write (issue 16, items 1, 2, 3, 7, 10-14, 17).

A group member with a shell can plant symbolic links, FIFOs and huge files under any name in the
office folder. These tests plant them in-process (as one account); tests/test_shared_accounts.py
plays the same attacks with two real Unix accounts.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.domain import User
from store.repo import Store
from tests.conftest import FIXED_NOW, fixed_clock
from usecases.context import Context

NOW = FIXED_NOW


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
    from usecases.forms import export_forms

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
    from usecases.forms import export_forms

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
