"""Issue 17 with real Unix accounts on the installed product: an office set up in group-file
mode, moved under the service with ``lakip layanan pasang`` (as root), the service started as its
own account (``lakipd``) on a temporary socket, and every account working through it.

The same commands, run by the same accounts in the same order on a twin office left in
group-file mode, must give the same answers: exit code, refusal message, and output (times and
paths aside). What differs is what the protected mode is for: a member cannot open the data
file, an unregistered member cannot act, a forged identity is ignored."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SLEMAN_INIT
from tests.product.accounts import GROUP, SERVICE, OfficeAccounts

# (account, lakip arguments) in order; the answers must match between the two modes.
SEQUENCE: list[tuple[str, tuple[str, ...]]] = [
    ("staf1", ("status",)),
    ("staf1", ("year", "add", "2026")),  # not an administrator
    ("staf1", ("advance",)),  # step 1 is the Kepala Dinas's
    ("kadis", ("advance", "--note", "disposisi")),
    ("sekretaris", ("advance",)),  # step 2 is the Kasubbag's
    ("kasubbag", ("advance", "--note", "format")),
    ("kadis", ("advance",)),  # step 3 is the Staf's
    ("staf1", ("advance", "--note", "dikirim")),
    ("staf1", ("users", "add", "staf9", "--role", "staf", "--name", "Staf", "--belum-ada")),
    ("kasubbag", ("users", "add", "staf9", "--role", "staf", "--name", "Staf", "--belum-ada")),
    ("kasubbag", ("year", "add", "2026")),
    ("staf1", ("year", "use", "2026")),
    ("kasubbag", ("letter", "number", "--new")),
    ("sekretaris", ("log",)),
    ("staf1", ("users", "list")),
    ("kasubbag", ("sop",)),
]

FORGE = """
import json, socket, struct, sys
def ask(message):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    body = json.dumps(message).encode()
    s.sendall(struct.pack(">I", len(body)) + body)
    size = struct.unpack(">I", s.recv(4, socket.MSG_WAITALL))[0]
    return json.loads(s.recv(size, socket.MSG_WAITALL))
forged = {"akun": "kasubbag", "account": "kasubbag", "uid": 0}
print(json.dumps([
    ask({"panggil": "usecases.admin.save_user",
         "argumen": {"account": "staf3", "belum_ada": True, "changes": {"role": "staf"}},
         **forged}),
    ask({"panggil": "usecases.admin.save_user",
         "argumen": {"ctx": {"account": "kasubbag"}, "account": "staf3"}}),
    ask({"panggil": "builtins.eval", "argumen": {}}),
]))
"""


def _setup_office(accounts: OfficeAccounts, name: str) -> tuple[Path, Path]:
    """A Sleman office in a README-style group folder; returns (settings file, data file)."""
    folder = accounts.shared_folder(name)
    db = folder / "lakip.json"
    conf = accounts.base / f"{name}.conf"
    conf.write_text(f'db = "{db}"\nkeluaran = "{folder / "keluaran"}"\n')
    os.chmod(conf, 0o644)
    env = {"LAKIP_CONF": str(conf)}
    made = accounts.run("kasubbag", "init", *SLEMAN_INIT, env=env)
    assert made.returncode == 0, made.stderr
    for account, role in (("sekretaris", "sekretaris"), ("staf1", "staf")):
        added = accounts.run(
            "kasubbag", "users", "add", account, "--role", role, "--name", account, env=env
        )
        assert added.returncode == 0, added.stderr
    return conf, db


def _same(text: str, *folders: Path) -> str:
    """An answer with what honestly differs between two runs masked: the office folders,
    digits (times, durations), and the SHA-256 of files made at another second."""
    for folder in folders:
        text = text.replace(str(folder), "<folder>")
    return re.sub(r"\d+", "#", re.sub(r"[0-9a-f]{16,64}", "<sha>", text))


@pytest.fixture(scope="module")
def protected(office_accounts: OfficeAccounts) -> Iterator[dict[str, Path]]:
    """The twin offices: one in group-file mode, one moved under a running service (staf2,
    in the group, is registered in neither)."""
    import tempfile

    accounts = office_accounts
    file_conf, file_db = _setup_office(accounts, "berkas")
    svc_conf, old_db = _setup_office(accounts, "layanan")
    place = Path(tempfile.mkdtemp(prefix="svc-", dir=accounts.base))
    os.chmod(place, 0o755)
    folder = place / "var-lib-lakip"
    socket_path = place / "run" / "lakip.sock"
    env = {
        "PATH": f"{accounts.installed.venv / 'bin'}:/usr/bin:/bin",
        "LAKIP_CONF": str(svc_conf),
        "LANG": "C.UTF-8",
        "HOME": "/root",
    }
    moved = subprocess.run(
        [str(accounts.installed.lakip), "layanan", "pasang", "--akun", SERVICE,
         "--folder", str(folder), "--soket", str(socket_path), "--tanpa-systemd"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert moved.returncode == 0, moved.stdout + moved.stderr
    service = subprocess.Popen(
        ["setpriv", "--reuid", SERVICE, "--regid", GROUP, "--init-groups",
         str(accounts.installed.lakip), "layanan"],
        env={**env, "HOME": str(accounts.home(SERVICE))}, cwd="/",
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while not socket_path.exists():
        assert service.poll() is None, service.stdout.read() if service.stdout else ""
        assert time.monotonic() < deadline, "the service did not open its socket"
        time.sleep(0.1)
    try:
        yield {
            "file_conf": file_conf,
            "file_db": file_db,
            "svc_conf": svc_conf,
            "old_db": old_db,
            "folder": folder,
            "socket": socket_path,
        }
    finally:
        service.send_signal(signal.SIGTERM)
        try:
            service.wait(10)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait()


def test_accounts_get_the_same_answers_through_the_service(
    office_accounts: OfficeAccounts, protected: dict[str, Path]
) -> None:
    run = office_accounts.run
    file_env = {"LAKIP_CONF": str(protected["file_conf"])}
    svc_env = {"LAKIP_CONF": str(protected["svc_conf"])}
    folders = (protected["file_db"].parent, protected["folder"])
    for account, args in SEQUENCE:
        in_file = run(account, *args, env=file_env)
        served = run(account, *args, env=svc_env)
        what = f"{account}: lakip {' '.join(args)}"
        assert "Traceback" not in served.stderr, (what, served.stderr)
        assert served.returncode == in_file.returncode, (what, in_file.stderr, served.stderr)
        assert _same(served.stderr, *folders) == _same(in_file.stderr, *folders), what
        assert _same(served.stdout, *folders) == _same(in_file.stdout, *folders), what
    # the service's audit trail names each account that acted, as the file's does
    log = run("sekretaris", "log", "--json", env=svc_env)
    assert log.returncode == 0, log.stderr
    actors = [e["account"] for e in json.loads(log.stdout)]
    assert {"kadis", "kasubbag", "staf1"} <= set(actors), actors


def test_a_member_cannot_open_the_data_file_and_check_says_so(
    office_accounts: OfficeAccounts, protected: dict[str, Path]
) -> None:
    run = office_accounts.run
    db = protected["folder"] / "lakip.json"
    assert not protected["old_db"].exists(), "pasang left the data file in the group folder"
    read = run("staf1", str(db), program="cat")
    assert read.returncode != 0 and "Permission denied" in read.stderr
    direct = run("staf1", "--db", str(db), "status")
    assert direct.returncode != 0 and "izin ditolak" in direct.stderr, direct.stderr
    # the office's settings say the protected mode: the refusal says why and what to do
    direct = run("staf1", "--db", str(db), "status", env={"LAKIP_CONF": str(protected["svc_conf"])})
    assert "mode terlindung" in direct.stderr and "tanpa --db" in direct.stderr, direct.stderr
    assert os.stat(db).st_mode & 0o777 == 0o600
    check = run("staf1", "check", env={"LAKIP_CONF": str(protected["svc_conf"])})
    assert check.returncode == 0, check.stdout + check.stderr
    for line in ("[OK] Soket layanan", "[OK] Berkas data tertutup", "[OK] Izin berkas data",
                 "[OK] Jejak audit"):  # fmt: skip
        assert line in check.stdout, check.stdout


def test_unregistered_and_outside_accounts_are_refused(
    office_accounts: OfficeAccounts, protected: dict[str, Path]
) -> None:
    run = office_accounts.run
    env = {"LAKIP_CONF": str(protected["svc_conf"])}
    member = run("staf2", "status", env=env)  # in the group, not registered
    assert member.returncode != 0
    assert "belum terdaftar" in member.stderr and "Traceback" not in member.stderr
    outsider = run("tamu", "status", env=env)  # not in the group: the socket is closed to it
    assert outsider.returncode != 0
    assert "bukan anggota grup" in outsider.stderr, outsider.stderr


def test_a_forged_identity_is_ignored(
    office_accounts: OfficeAccounts, protected: dict[str, Path]
) -> None:
    run = office_accounts.run
    python = str(office_accounts.installed.venv / "bin" / "python")
    res = run("staf1", "-c", FORGE, str(protected["socket"]), program=python)
    assert res.returncode == 0, res.stderr
    forged, ctx_arg, unknown = json.loads(res.stdout)
    assert "staf1" in forged["galat"]["pesan"] and "admin" in forged["galat"]["pesan"], forged
    assert "tidak dikenal" in ctx_arg["galat"]["pesan"], ctx_arg
    assert "tidak dikenal" in unknown["galat"]["pesan"], unknown
    users = run("kasubbag", "users", "list", env={"LAKIP_CONF": str(protected["svc_conf"])})
    assert "staf3" not in users.stdout
