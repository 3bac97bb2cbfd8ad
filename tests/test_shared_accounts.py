"""The attacks of issue 16 items 1, 2, 3 and 7, played by real Unix accounts on the installed
product: ``staf2`` (a group member with a shell) plants links in the office folder or deletes
the lock; ``kasubbag`` and ``staf1`` then work as usual. Each runs the installed venv's Python
as itself (tests/product/accounts.py); the attack must reach nothing outside the office data."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.product.accounts import OfficeAccounts

WRITE = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from models.domain import User
from store.repo import Store
s = Store(Path(sys.argv[1]), lock_timeout=20)
with s.write("admin", datetime.now(timezone.utc)) as w:
    w.save_user(User(account=sys.argv[2]))
print("tersimpan")
"""

PLANT_TEMP_LINKS = """
import os, sys
folder, name, target = sys.argv[1:4]
me = os.getpid()
for pid in range(me, me + 3000):  # the pids the next processes will get
    os.symlink(target, os.path.join(folder, f".{name}.{pid}.tmp"))
"""

REPLACE_WITH_LINK = """
import os, sys
path, target = sys.argv[1:3]
if os.path.lexists(path):
    os.unlink(path)
os.symlink(target, path)
"""

EXPORT_FORM = """
import sys
from pathlib import Path
from usecases.context import Context
from usecases.collection import export_forms
(made,) = export_forms(Context(db_path=Path(sys.argv[1]), account="admin"), year=2025,
                       bidang="SD", out_dir=Path(sys.argv[2]))
print(made.path)
"""

NUMBER = """
import sys, time
from datetime import datetime, timezone
from pathlib import Path
from store.repo import Store
s = Store(Path(sys.argv[1]), lock_timeout=30)
with s.write(sys.argv[2], datetime.now(timezone.utc)) as w:
    letter = w.issue_letter(2025, w.profile())
    print("memegang", flush=True)
    time.sleep(float(sys.argv[3]))
print(letter.number, flush=True)
"""


@pytest.fixture()
def office(office_accounts: OfficeAccounts, demo_template: Path) -> Path:
    """The demo store in a 2770 office folder, owned by root, group lakip, 0660."""
    folder = office_accounts.shared_folder()
    db = folder / "lakip.json"
    shutil.copyfile(demo_template, db)
    os.chown(db, 0, office_accounts.gid)
    os.chmod(db, 0o660)
    return db


def _py(accounts: OfficeAccounts, account: str, script: str, *args: str) -> str:
    done = accounts.run(account, "-c", script, *args, program=accounts.installed.python)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _private_file(accounts: OfficeAccounts, account: str, name: str, text: str) -> Path:
    path = accounts.home(account) / name
    path.write_text(text)
    shutil.chown(path, account, account)
    os.chmod(path, 0o600)
    return path


def _is_office_file(path: Path, gid: int) -> None:
    st = path.lstat()
    assert stat.S_ISREG(st.st_mode), path
    assert (stat.S_IMODE(st.st_mode), st.st_gid) == (0o660, gid), path


def test_links_planted_as_temp_files_reach_no_one(
    office_accounts: OfficeAccounts, office: Path
) -> None:
    """Item 1: before the fix kasubbag's next write created ~kasubbag/.bash_profile (0660, group
    lakip: staf2 could then append a command to it) and renamed the link over the data."""
    victim = office_accounts.home("kasubbag") / ".bash_profile"
    _py(office_accounts, "staf2", PLANT_TEMP_LINKS, str(office.parent), office.name, str(victim))
    assert _py(office_accounts, "kasubbag", WRITE, str(office), "baru").strip() == "tersimpan"
    assert not victim.exists() and not victim.is_symlink()
    _is_office_file(office, office_accounts.gid)
    assert not [p for p in office.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_linked_lock_truncates_nothing(office_accounts: OfficeAccounts, office: Path) -> None:
    """Item 2: before the fix kasubbag's write truncated the 0600 file the lock linked to, and
    ``lakip check`` showed that file's mode without saying it was a link."""
    secret = _private_file(office_accounts, "kasubbag", "catatan", "jangan dihapus\n")
    lock = office.with_name(office.name + ".lock")
    _py(office_accounts, "staf2", REPLACE_WITH_LINK, str(lock), str(secret))
    done = office_accounts.run(
        "kasubbag", "-c", WRITE, str(office), "baru", program=office_accounts.installed.python
    )
    assert done.returncode != 0 and "tautan simbolik" in done.stderr, done.stderr
    assert secret.read_text() == "jangan dihapus\n"
    check = office_accounts.run("kasubbag", "--db", str(office), "check")
    assert "tautan simbolik" in check.stdout + check.stderr, check.stdout


def test_form_export_never_writes_through_a_planted_link(
    office_accounts: OfficeAccounts, office: Path
) -> None:
    """Item 3: before the fix the workbook was saved through ``.<name>.xlsx.tmp``, a link to
    kasubbag's file, which was overwritten, and the export left as a link to it."""
    out = office.parent / "keluaran"
    out.mkdir()
    os.chown(out, 0, office_accounts.gid)
    os.chmod(out, 0o2770)
    secret = _private_file(office_accounts, "kasubbag", "dokumen.txt", "milik kasubbag\n")
    name = "Format-Data-LAKIP-2025-SD.xlsx"
    _py(office_accounts, "staf2", REPLACE_WITH_LINK, str(out / f".{name}.tmp"), str(secret))
    made = Path(_py(office_accounts, "kasubbag", EXPORT_FORM, str(office), str(out)).strip())
    assert made == out / name
    assert secret.read_text() == "milik kasubbag\n"
    _is_office_file(made, office_accounts.gid)


def _start(accounts: OfficeAccounts, account: str, *args: str) -> subprocess.Popen[str]:
    """``accounts.run`` without waiting: the same account switch, no login shell."""
    return subprocess.Popen(
        ["setpriv", "--reuid", account, "--regid", account, "--init-groups",
         accounts.installed.python, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd="/",
        env={"PATH": "/usr/bin:/bin", "HOME": str(accounts.home(account)), "LANG": "C.UTF-8"},
    )  # fmt: skip


def test_a_deleted_lock_does_not_split_the_lock(
    office_accounts: OfficeAccounts, office: Path
) -> None:
    """Item 7: before the fix staf1 made a new lock file while kasubbag held the deleted one,
    and both took letter number 050/001/...; one of the two writes was lost."""
    first = _start(office_accounts, "kasubbag", "-c", NUMBER, str(office), "kasubbag", "2")
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "memegang"
        lock = office.with_name(office.name + ".lock")
        _py(office_accounts, "staf2", "import os, sys; os.unlink(sys.argv[1])", str(lock))
        second = _py(office_accounts, "staf1", NUMBER, str(office), "staf1", "0").split()[-1]
        out, err = first.communicate(timeout=60)
        assert first.returncode == 0, err
    finally:
        first.kill()
        first.wait()
    numbers = _py(
        office_accounts,
        "staf1",
        "import sys; from pathlib import Path; from store.repo import Store\n"
        "with Store(Path(sys.argv[1])).read() as r: print(*[x.number for x in r.letters()])",
        str(office),
    ).split()
    taken = out.split()[-1]
    assert taken != second
    assert len(numbers) == len(set(numbers)) and {taken, second} <= set(numbers), numbers
    _is_office_file(office, office_accounts.gid)


def test_a_lock_left_without_group_write_still_locks(
    office_accounts: OfficeAccounts, office: Path
) -> None:
    """A lock file an older lakip made 0644 under kasubbag's umask: staf1 still takes the lock
    (flock needs no write access) instead of failing with 'izin ditolak'."""
    lock = office.with_name(office.name + ".lock")
    lock.touch()
    shutil.chown(lock, "kasubbag", "lakip")
    os.chmod(lock, 0o644)
    assert _py(office_accounts, "staf1", WRITE, str(office), "baru").strip() == "tersimpan"
    check = office_accounts.run("staf1", "--db", str(office), "check")
    assert "grup tidak punya izin tulis" in check.stdout, check.stdout
