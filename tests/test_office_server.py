"""Issue 9, last point: an office server set up as the README's server section says, with the
real ``/etc/lakip.conf`` (saved and put back around the test), an office that is not Balangan,
and accounts that run commands without a login shell (no ``/etc/profile.d``: no LAKIP_DB, no
``umask 007``). The accounts' environment is made from scratch (tests/product/accounts.py), so
LAKIP_CONF of the test process does not reach them: they read ``/etc/lakip.conf``."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SLEMAN_INIT
from tests.product.accounts import OfficeAccounts

CONF = Path("/etc/lakip.conf")



@pytest.fixture()
def system_conf() -> Iterator[Path]:
    """``/etc/lakip.conf`` for this test only: an existing one is kept aside and put back."""
    kept = CONF.with_name("lakip.conf.sebelum-uji")
    had = CONF.exists() or CONF.is_symlink()
    if had:
        os.replace(CONF, kept)
    try:
        yield CONF
    finally:
        CONF.unlink(missing_ok=True)
        if had:
            os.replace(kept, CONF)


def _office_file(path: Path, gid: int, mode: int = 0o660) -> None:
    st = path.lstat()
    assert (stat.S_IMODE(st.st_mode), st.st_gid) == (mode, gid), (path, oct(st.st_mode))


def test_an_office_server_works_for_an_account_without_a_login_shell(
    office_accounts: OfficeAccounts, system_conf: Path
) -> None:
    """Before the fix the lock made by the administrator under umask 022 was 0644, so staf1's
    first write failed: 'izin ditolak', exit 1."""
    folder = office_accounts.shared_folder()
    db, out = folder / "lakip.json", folder / "keluaran"
    system_conf.write_text(f'db = "{db}"\nkeluaran = "{out}"\n')
    os.chmod(system_conf, 0o644)
    run = office_accounts.run
    made = run("kasubbag", "init", *SLEMAN_INIT, umask="022")
    assert made.returncode == 0, made.stderr
    added = run("kasubbag", "users", "add", "staf1", "--role", "staf", "--name", "Staf Satu",
                "--admin", umask="022")  # fmt: skip
    assert added.returncode == 0, added.stderr

    status = run("staf1", "status", umask="022")
    assert status.returncode == 0, status.stderr
    assert "init" not in status.stdout + status.stderr
    paths = run("staf1", "paths", umask="022")
    assert str(db) in paths.stdout, paths.stdout

    wrote = run("staf1", "year", "add", "2026", umask="022")
    assert wrote.returncode == 0, wrote.stderr
    backed = run("staf1", "backup", umask="022")
    assert backed.returncode == 0, backed.stderr

    gid = office_accounts.gid
    _office_file(db, gid)
    _office_file(db.with_name("lakip.json.lock"), gid)
    backups = folder / "backups"
    _office_file(backups, gid, 0o2770)
    made_backups = sorted(backups.iterdir())
    assert made_backups
    for b in made_backups:
        _office_file(b, gid)
    shown = json.loads(run("staf1", "status", "--json", umask="022").stdout)
    assert (shown["account"], shown["role"], shown["demo"]) == ("staf1", "staf", False)
