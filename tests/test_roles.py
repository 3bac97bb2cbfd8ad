"""Who may do what: every action for every role, an unknown account and the administrator.

The rules (PRODUCT.md section 2, README "Aturan alur"):
- only the role holding the current step completes it or (steps 7, 8, 9) returns it; an
  administrator may act for the holder with a reason, never silently;
- data (indicators, budget, imports, the step-4 checklist) is changed by the data roles, Staf and
  Kasubbag PK2AK, or an administrator;
- the Kasubbag numbers the surat pengantar (step 10), or an administrator for them;
- users, restore, reopening a signed report, the SOP map and new years are the administrator's;
- an unknown account may look but not change anything. Exports write a file and an audit entry,
  so: every registered user may export, an unknown account may not.

``admin`` below is an administrator with no SOP role (``adm``), so that its column shows what
being an administrator alone allows. Each cell runs on a fresh copy of the demo store; a refusal
must leave the data file byte for byte unchanged, a permitted action must add an audit entry by
that account.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from models.domain import User
from models.workflow import WorkflowError
from store.errors import StoreError
from store.repo import Store
from tests.conftest import BOGOR, FIXED_NOW, fixed_clock
from tests.product.accounts import OfficeAccounts
from tests.roles_matrix import ACCOUNTS, ACTIONS, file_ctx, indicator
from tui.cli import main
from usecases import admin, exporting
from usecases.context import Context
from usecases.reporting import UseCaseError

MATRIX = """
action                               kepala_dinas  sekretaris  kasubbag  staf  unknown  admin
complete step 1 (Kepala Dinas)       yes           -           -         -     -        -
complete step 2 (Kasubbag)           -             -           yes       -     -        -
complete step 3 (Staf)               -             -           -         yes   -        -
complete step 7 (Sekretaris)         -             yes         -         -     -        -
complete step 7 with admin reason    -             yes         -         -     -        yes
return step 7 to 6                   -             yes         -         -     -        -
return step 7 to 6 with admin reason -             yes         -         -     -        yes
edit an indicator                    -             -           yes       yes   -        yes
edit a budget line                   -             -           yes       yes   -        yes
import a CSV                         -             -           yes       yes   -        yes
tick a bidang on the step-4 list     -             -           yes       yes   -        yes
export a document                    yes           yes         yes       yes   -        yes
export the data forms                yes           yes         yes       yes   -        yes
number a letter                      -             -           yes       -     -        yes
manage users                         -             -           -         -     -        yes
restore a backup                     -             -           -         -     -        yes
reopen a signed report               -             -           -         -     -        yes
sop set                              -             -           -         -     -        yes
year add                             -             -           -         -     -        yes
year use                             -             -           -         -     -        yes
"""

# the accounts and actions: tests/roles_matrix.py (shared with tests/test_service.py)


def _parse(table: str) -> list[tuple[str, str, bool]]:
    lines = [ln for ln in table.strip().splitlines() if ln.strip()]
    columns = lines[0].split()[1:]
    cells: list[tuple[str, str, bool]] = []
    for line in lines[1:]:
        marks = line.split()[-len(columns) :]
        action = " ".join(line.split()[: -len(columns)])
        assert set(marks) <= {"yes", "-"}, line
        cells += [(action, who, mark == "yes") for who, mark in zip(columns, marks, strict=True)]
    return cells


CELLS = _parse(MATRIX)


def test_the_matrix_covers_every_action_and_every_actor() -> None:
    assert {a for a, _, _ in CELLS} == set(ACTIONS)
    assert {w for _, w, _ in CELLS} == set(ACCOUNTS)
    assert len(CELLS) == len(ACTIONS) * len(ACCOUNTS)


@pytest.fixture()
def office(demo_db: Path) -> Path:
    """The demo (2025 at step 7) plus ``adm``, an administrator without an SOP role."""
    with Store(demo_db).write("admin", fixed_clock()()) as w:
        w.save_user(User(account="adm", name="Admin Kantor", is_admin=True))
    return demo_db


@pytest.mark.parametrize(
    ("action", "who", "allowed"), CELLS, ids=[f"{a} | {w}" for a, w, _ in CELLS]
)
def test_who_may_do_what(office: Path, action: str, who: str, allowed: bool) -> None:
    setup, act = ACTIONS[action]
    setup(office)
    account = ACCOUNTS[who]
    before = office.read_bytes()
    with Store(office).read() as r:
        audit_before = len(r.audit())
    if allowed:
        act(file_ctx(office, account))
        with Store(office).read() as r:
            new = r.audit()[audit_before:]
        assert any(e.account == account for e in new), [e.action for e in new]
    else:
        with pytest.raises((UseCaseError, WorkflowError, StoreError)) as err:
            act(file_ctx(office, account))
        assert str(err.value).strip()
        assert office.read_bytes() == before, "a refused action changed the data file"


def test_an_unknown_account_is_told_why_it_may_not_export(office: Path) -> None:
    with pytest.raises(UseCaseError, match=r"'tamu' belum terdaftar.*hanya dapat melihat"):
        exporting.export_document(file_ctx(office, "tamu"), "letter", output=office.parent / "x")
    assert not (office.parent / "x").exists() or not list((office.parent / "x").iterdir())


def test_an_inactive_user_is_unknown(office: Path) -> None:
    admin.save_user(file_ctx(office, "adm"), "staf1", active=False)
    with pytest.raises(WorkflowError, match="belum terdaftar"):
        indicator(file_ctx(office, "staf1"))
    with pytest.raises(UseCaseError, match="belum terdaftar"):
        exporting.export_document(file_ctx(office, "staf1"), "letter", output=office.parent / "o")


# -- file permissions as the README's server install, and ``lakip check`` ---------------------


@pytest.fixture()
def server(tmp_path: Path) -> Path:
    """The README's layout: folder 2770, data file 0660 (umask 007), lock 0660, backups 2770."""
    folder = tmp_path / "srv"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    old = os.umask(0o007)
    try:
        admin.init_store(
            Context(db_path=folder / "lakip.json", account="adm", clock=fixed_clock()),
            profile=BOGOR,
            year=2025,
        )
    finally:
        os.umask(old)
    os.chmod(folder / "backups", 0o2770)
    return folder / "lakip.json"


def _problems(db: Path) -> dict[str, str]:
    return {i.what: i.detail for i in Store(db).file.check() if not i.ok}


def test_readme_install_is_all_ok(server: Path) -> None:
    assert stat.S_IMODE(server.stat().st_mode) == 0o660
    assert stat.S_IMODE(server.with_name("lakip.json.lock").stat().st_mode) == 0o660
    assert _problems(server) == {}


@pytest.mark.parametrize(
    ("what", "path", "mode", "says"),
    [
        ("group without write", "lakip.json", 0o640, "grup tidak punya izin tulis"),
        ("group cannot read", "lakip.json", 0o620, "grup tidak punya izin baca"),
        ("world access", "lakip.json", 0o664, "akun lain di luar grup punya akses"),
        ("world access to the folder", ".", 0o2775, "akun lain di luar grup"),
        ("missing setgid", ".", 0o770, "bit setgid tidak dipasang"),
        ("lock without group write", "lakip.json.lock", 0o640, "grup tidak punya izin tulis"),
        ("backups without group write", "backups", 0o2750, "grup tidak punya izin tulis"),
    ],
)
def test_check_reports_each_wrong_permission(
    server: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    path: str,
    mode: int,
    says: str,
) -> None:
    target = server.parent / path
    os.chmod(target, mode)
    problems = _problems(server)
    assert len(problems) == 1, problems
    assert says in next(iter(problems.values())), problems
    code = main(["--db", str(server), "check"])
    out = capsys.readouterr().out
    assert code == 1 and says in out and "1 hal perlu diperbaiki" in out


def test_check_reports_a_file_this_account_cannot_read(
    server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root every file is readable; the check asks the kernel (os.access) for this account,
    so simulate an account that is not in the group."""
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m, **kw: p != server and real(p, m, **kw))
    problems = _problems(server)
    assert "akun ini tidak boleh membaca/menulis" in problems["Izin berkas data"]


def test_check_as_an_account_outside_the_group(
    server: Path, office_accounts: OfficeAccounts
) -> None:
    folder = office_accounts.shared_folder()  # 2770, group lakip: tamu may not enter
    shutil.copytree(server.parent, folder, dirs_exist_ok=True)
    res = office_accounts.run("tamu", "--db", str(folder / "lakip.json"), "check")
    assert "tak terduga" not in res.stderr and "Traceback" not in res.stderr, res.stderr
    assert res.returncode == 1
    assert "[!!] Berkas data:" in res.stdout and "izin ditolak" in res.stdout, res.stdout


def test_check_of_a_personal_store_does_not_apply_the_office_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pribadi"
    folder.mkdir()
    os.chmod(folder, 0o755)
    db = folder / "lakip.json"
    Store(db).create("saya", FIXED_NOW)
    os.chmod(db, 0o644)
    Store(db).file.backup()
    assert _problems(db) == {}
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m, **kw: p != db and real(p, m, **kw))
    assert "tidak boleh membaca/menulis" in _problems(db)["Izin"]
