"""The protected mode's store service (issue 17), running in this process on a short-lived
socket: the same answers as file mode, the caller's identity from the socket alone, refusals,
misbehaving clients, two services, killed clients, many clients at once, change notices.

Each test starts its own ``Service`` on a socket in a fresh folder under the system's temp
folder (a Unix socket's path holds at most 107 bytes; pytest's tmp_path is longer) and stops it
at the end.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from models.domain import User
from models.errors import LakipError
from models.sop import Role
from service.server import MAX_CONNECTIONS, Service, ServiceRunning, account_of
from store.errors import NoAccess
from store.repo import Store
from tests.conftest import FIXED_NOW, demo_copy, fixed_clock
from tests.roles_matrix import (
    ACCOUNTS,
    ACTIONS,
    backup,
    budget,
    file_ctx,
    import_csv,
    indicator,
    new_year_at,
)
from usecases import admin, data, exporting, reporting
from usecases.context import Context
from usecases.remote import REGISTRY, FrameTooLarge, Remote, recv_frame, send_frame

ROOT = Path(__file__).resolve().parent.parent


# -- a service for one test --------------------------------------------------------------------


def _short_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="lakip-svc-", dir="/tmp"))


@contextmanager
def serving(
    db: Path, account: str | Callable[[socket.socket], str] | None = None, **options: Any
) -> Iterator[Service]:
    """A started Service on ``db``; ``account``: who every caller is (default: the socket's
    peer credentials). Stopped, and its socket's folder removed, at the end."""
    folder = _short_folder()
    identify = (lambda conn: account) if isinstance(account, str) else account
    options.setdefault("clock", fixed_clock())
    svc = Service(db, folder / "lakip.sock", identify=identify, **options)
    umask = os.umask(0o077)
    os.umask(umask)
    try:
        svc.start()
    finally:
        os.umask(umask)  # start() sets the service process's umask; this process is the tests'
    try:
        yield svc
    finally:
        svc.stop()
        shutil.rmtree(folder, ignore_errors=True)


def served_copy(folder: Path) -> Path:
    """A copy of the demo laid out as 'lakip layanan pasang' leaves it (the service's account
    alone reads the data, its lock and backups; the group reads the documents), so that
    'lakip check' through the service, which judges by the protected mode's rules, finds it
    whole."""
    db = demo_copy(folder)
    os.chmod(folder, 0o750)
    os.chmod(db, 0o600)
    for path in (db.with_name(db.name + ".lock"), folder / "backups"):
        if path.exists():
            os.chmod(path, 0o700 if path.is_dir() else 0o600)
    (folder / "keluaran").mkdir()
    os.chmod(folder / "keluaran", 0o2750)
    return db


def client(svc: Service, account: str = "", db: Path | None = None) -> Context:
    """A client Context of ``svc``; the account it names is not what the service believes."""
    return Context(
        db_path=db or svc.db,
        account=account or "bukan-siapa-siapa",
        clock=fixed_clock(),
        remote=Remote(svc.socket_path, timeout=60),
    )




def raw_call(svc: Service, request: Any) -> Any:
    """One request as bytes on the socket (what any program could send), and its reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(str(svc.socket_path))
        send_frame(sock, request)
        return recv_frame(sock, limit=1 << 30)


def encoded(name: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The request a client sends for use case ``name`` called with these arguments."""
    spec = REGISTRY[name]
    return {"panggil": name, "argumen": spec.encode_args((None, *args), kwargs)}


def wait_idle(svc: Service, within: float = 10.0) -> None:
    """Until no connection is being served (every request the service took is finished)."""
    end = time.monotonic() + within
    while svc._slots._value != MAX_CONNECTIONS:  # type: ignore[attr-defined]
        assert time.monotonic() < end, "the service is still busy"
        time.sleep(0.01)


def audit(db: Path) -> list[Any]:
    with Store(db).read() as r:
        return list(r.audit())


def outcome(act: Callable[[Context], object], ctx: Context) -> tuple[Any, ...]:
    """What a use case gave: its result, or the refusal's class and message."""
    try:
        return ("hasil", act(ctx))
    except LakipError as exc:
        return ("galat", type(exc), str(exc))


# -- the role x action matrix of tests/test_roles.py, through the service -----------------------

# The actions of that matrix (test modules share nothing but conftest, so they are written again
# here), each returning the use case's result. Reading a backup's name goes through its use case:
# a client has no store of its own.

CELLS = [(action, who) for action in ACTIONS for who in ACCOUNTS.values()]


def _office(folder: Path) -> Path:
    """The demo (2025 at step 7) plus ``adm``, an administrator without an SOP role, as in
    tests/test_roles.py; always at the same path, so that both runs write the same bytes."""
    shutil.rmtree(folder, ignore_errors=True)
    db = demo_copy(folder)
    with Store(db).write("admin", FIXED_NOW) as w:
        w.save_user(User(account="adm", name="Admin Kantor", is_admin=True))
    return db


def _files(folder: Path) -> dict[str, Any]:
    """Every file the action left in the folder (the data file, documents), by name; backups
    are named by the computer's clock, so their contents count, not their names."""
    found: dict[str, Any] = {"backups": []}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_dir() or name.endswith((".layanan", ".lock")):
            continue
        if name.startswith("backups/"):
            found["backups"].append(path.read_bytes())
        else:
            found[name] = path.read_bytes()
    found["backups"].sort()
    return found


def _numbered_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record ids (store.repo.new_id) numbered from 1, so two runs give the same ones."""
    import uuid

    counter = iter(range(1, 1 << 30))
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(counter) << 80))


@pytest.mark.parametrize(("action", "who"), CELLS, ids=[f"{a} | {w}" for a, w in CELLS])
def test_the_service_answers_every_role_and_action_as_file_mode_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_template: Path, action: str, who: str
) -> None:
    """``demo_template``: the demo is built before record ids are numbered."""
    setup, act = ACTIONS[action]
    folder = tmp_path / "kantor"
    _numbered_ids(monkeypatch)
    db = _office(folder)
    setup(db)
    expected = outcome(act, file_ctx(db, who))
    expected_files = _files(folder)

    _numbered_ids(monkeypatch)
    db = _office(folder)  # the same path again: the same bytes are expected
    setup(db)
    # an unregistered account reaches the use cases where the office lets it read
    with serving(db, who, out=folder, reads_unregistered=who == "tamu") as svc:
        got = outcome(act, client(svc, "admin"))
    assert got == expected
    assert _files(folder) == expected_files
    if expected[0] == "hasil":
        assert audit(db)[-1].account == who


# -- who is calling: the socket says, nothing the client writes --------------------------------


def _register_me(db: Path, role: Role = Role.STAF) -> str:
    """This process's own account (the peer credentials of its sockets), registered."""
    me = account_of(os.getuid())
    with Store(db).write("admin", FIXED_NOW) as w:
        w.save_user(User(account=me, name="Penguji Layanan", role=role))
    return me


def test_a_forged_identity_in_the_request_is_ignored(tmp_path: Path) -> None:
    db = demo_copy(tmp_path / "data")
    me = _register_me(db)  # a staf: may edit data, may not complete step 7 (the Sekretaris')
    first = data.load(file_ctx(db, me), 2025).data.indicators[0]
    changed = replace(first, realisasi=(first.realisasi or 0) + 7)
    forged = {"akun": "kadis", "account": "kadis", "user": "kadis", "ctx": {"account": "kadis"}}
    with serving(db) as svc:  # the account from the socket's peer credentials
        reply = raw_call(svc, encoded("usecases.data.save_indicator", 2025, changed) | forged)
        assert "hasil" in reply, reply
        entry = audit(db)[-1]
        assert (entry.account, entry.target) == (me, f"indikator {first.code}")

        # the Sekretaris' step, asked "as" the Sekretaris: refused as the staf it is
        before = db.read_bytes()
        expected = outcome(lambda c: reporting.advance(c, note="koreksi"), file_ctx(db, me))
        assert expected[0] == "galat"
        for extra in (forged, {"akun": "sekretaris", "account": "sekretaris"}):
            reply = raw_call(svc, encoded("usecases.reporting.advance", note="koreksi") | extra)
            assert reply["galat"]["jenis"] == "models.workflow.WorkflowError"
            assert reply["galat"]["pesan"] == expected[2]
        # through a client Context that names the Sekretaris: the same
        assert (
            outcome(lambda c: reporting.advance(c, note="koreksi"), client(svc, "sekretaris"))[1:]
            == expected[1:]
        )

        # an argument naming the context or an account is no argument of the use case
        for argument in ({"ctx": {"account": "sekretaris"}}, {"account": "sekretaris"}):
            request = encoded("usecases.reporting.advance", note="koreksi")
            request["argumen"] |= argument
            reply = raw_call(svc, request)
            assert reply["galat"]["jenis"] == "usecases.remote.ServiceError"
            assert "Argumen tidak dikenal" in reply["galat"]["pesan"]
        assert db.read_bytes() == before
    assert [e.account for e in audit(db)[-1:]] == [me]


def test_an_unregistered_account_is_refused_in_indonesian(tmp_path: Path) -> None:
    db = demo_copy(tmp_path / "data")
    before = db.read_bytes()
    refusal = (
        "Akun tamu belum terdaftar di lakip kantor ini. Minta admin mendaftarkannya "
        "(lakip users add)."
    )
    with serving(db, "tamu") as svc:
        for call in (reporting.status, lambda c: data.load(c, 2025), indicator, budget):
            with pytest.raises(NoAccess) as refused:
                call(client(svc, "tamu"))
            assert str(refused.value) == refusal
    assert db.read_bytes() == before


WRITES: dict[str, Callable[[Context], object]] = {
    **{name: act for name, (_setup, act) in ACTIONS.items()},
    "narrative chapter": lambda c: data.save_narrative(
        c,
        2025,
        "kesimpulan",
        "Teks baru.",
        data.load(c, 2025).data.report.narrative.get("kesimpulan", ""),
    ),
    "analyses": lambda c: data.save_analyses(
        c, 2025, (s := data.load(c, 2025).data.sasaran[0]), {**s.analyses, "a1": "baru"}
    ),
    "backup": admin.backup,
    "export the LAKIP": lambda c: exporting.export_document(
        c, "lakip", output=c.db_path.parent / "lakip.docx"
    ),
}


def test_an_unregistered_account_where_it_may_read_reads_and_changes_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "kantor"
    db = _office(folder)
    backup(db)  # a backup for the restore to name
    new_year_at(1)(db)  # 2026 for the steps' completions
    with pytest.raises(LakipError):
        import_csv(file_ctx(db, "tamu"))  # the file to import is there from the start
    files = _files(folder)
    expected_status = reporting.status(file_ctx(db, "tamu"))
    with serving(db, "tamu", reads_unregistered=True, out=folder) as svc:
        # what the group's file shows this account: the same status and view, refusing its
        # changes as 'belum terdaftar' (not as a file that cannot be written)
        assert reporting.status(client(svc)) == expected_status
        expected_view = data.load(file_ctx(db, "tamu"), 2025)
        assert data.load(client(svc), 2025) == expected_view
        assert expected_view.refusal and "'tamu' belum terdaftar" in expected_view.refusal
        for name, write in WRITES.items():
            expected = outcome(write, file_ctx(db, "tamu"))
            assert expected[0] == "galat", name
            assert outcome(write, client(svc)) == expected, name
    assert _files(folder) == files, "a refused write changed a file"


# -- clients that misbehave ---------------------------------------------------------------------


def _connected(svc: Service) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(30)
    sock.connect(str(svc.socket_path))
    return sock


def _assert_closed(sock: socket.socket) -> None:
    """The service closed the connection (a reset when it left bytes of ours unread)."""
    with suppress(ConnectionResetError):
        assert sock.recv(1) == b""


def _quick_calls(svc: Service) -> float:
    """A read and a write by another client; how long they took, in seconds."""
    start = time.monotonic()
    assert reporting.status(client(svc)).account == "staf1"
    indicator(client(svc))
    return time.monotonic() - start


def test_an_oversized_request_is_refused_before_its_body_is_read(tmp_path: Path) -> None:
    db = demo_copy(tmp_path / "data")
    with serving(db, "staf1", max_request=64 * 1024, read_timeout=30) as svc:
        with _connected(svc) as sock:
            sock.sendall(struct.pack(">I", 50_000_000) + b'{"panggil": ')  # and nothing more
            start = time.monotonic()
            reply = recv_frame(sock)
            assert time.monotonic() - start < 5  # not after the 30 s a body would be awaited
            assert reply["galat"]["jenis"] == "usecases.remote.FrameTooLarge"
            assert reply["galat"]["pesan"] == (
                "Permintaan terlalu besar (50000000 bita; paling banyak 65536 bita)."
            )
            _assert_closed(sock)
        assert _quick_calls(svc) < 5
        wait_idle(svc)

        # a client's own request over the limit (a 4 MB chapter) hears why, as a refusal
        before = db.read_bytes()
        with pytest.raises(FrameTooLarge, match="Permintaan terlalu besar"):
            data.save_narrative(client(svc), 2025, "kesimpulan", "kata " * 800_000, "")
        assert db.read_bytes() == before
        assert _quick_calls(svc) < 5


def test_a_client_that_sends_nothing_holds_no_one_up(tmp_path: Path) -> None:
    db = demo_copy(tmp_path / "data")
    with serving(db, "staf1", read_timeout=3) as svc:
        silent = [_connected(svc) for _ in range(3)]
        start = time.monotonic()
        time.sleep(0.2)  # the service is waiting for their requests
        assert _quick_calls(svc) < 1.5  # well before the 3 s the silent ones are waited for
        for sock in silent:  # then the service gives up on them
            _assert_closed(sock)
            sock.close()
        assert time.monotonic() - start > 2.5
        wait_idle(svc)
        assert _quick_calls(svc) < 1.5


def _enlarge(db: Path) -> None:
    """A year whose data.load reply (~2.4 MB) is far more than a socket's buffers hold."""
    ctx = file_ctx(db, "staf1")
    for key in ("kesimpulan", "langkah_ke_depan", "isu_strategis"):
        old = data.load(ctx, 2025).data.report.narrative.get(key, "")
        data.save_narrative(ctx, 2025, key, "Capaian kinerja dinas. " * 35_000, old)


def test_a_client_that_never_reads_its_reply_holds_no_one_up(tmp_path: Path) -> None:
    db = demo_copy(tmp_path / "data")
    _enlarge(db)
    with serving(db, "staf1", send_timeout=3) as svc:
        with _connected(svc) as stuck:
            send_frame(stuck, encoded("usecases.data.load", 2025))
            start = time.monotonic()
            time.sleep(0.5)  # its reply is being sent, and fills the socket
            assert svc._slots._value < MAX_CONNECTIONS  # type: ignore[attr-defined]
            assert _quick_calls(svc) < 1.5  # well before the 3 s its send is given
            wait_idle(svc)  # the service gave up on it
            assert time.monotonic() - start > 2.5
            with pytest.raises((ConnectionError, OSError)):
                recv_frame(stuck, limit=1 << 30)  # a reply cut off, never a whole one
        assert _quick_calls(svc) < 1.5
        assert len(data.load(client(svc), 2025).data.report.narrative["kesimpulan"]) > 700_000


# -- one service per data file and per socket ---------------------------------------------------


def _start(svc: Service) -> None:
    umask = os.umask(0o077)
    os.umask(umask)
    try:
        svc.start()
    finally:
        os.umask(umask)


def test_a_second_service_on_the_same_file_or_socket_refuses_to_start(tmp_path: Path) -> None:
    db = demo_copy(tmp_path / "a")
    other_db = demo_copy(tmp_path / "b")
    folder = _short_folder()
    try:
        with serving(db, "staf1") as svc:
            with pytest.raises(ServiceRunning, match="Layanan lain sudah melayani berkas data"):
                _start(Service(db, folder / "kedua.sock", identify=lambda c: "staf1"))
            assert not (folder / "kedua.sock").exists()
            with pytest.raises(ServiceRunning, match="sudah dipakai oleh layanan yang berjalan"):
                _start(Service(other_db, svc.socket_path, identify=lambda c: "staf1"))
            assert _quick_calls(svc) < 5  # the first serves on, its socket kept
        # nothing is left held by the refused ones: each file and socket can be served again
        for path in (other_db, db):
            _assert_serves(path, folder / "lagi.sock")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _assert_serves(db: Path, sock: Path) -> None:
    """A service on ``db`` and ``sock`` starts and answers (then stops)."""
    svc = Service(db, sock, identify=lambda c: "staf1")
    _start(svc)
    try:
        assert reporting.status(client(svc)).account == "staf1"
    finally:
        svc.stop()


def test_a_socket_left_by_a_dead_service_is_taken_over(tmp_path: Path) -> None:
    db = demo_copy(tmp_path / "data")
    folder = _short_folder()
    try:
        dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        dead.bind(str(folder / "lakip.sock"))
        dead.close()  # the file stays, no one listens
        _assert_serves(db, folder / "lakip.sock")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- change notices -------------------------------------------------------------------------------


def _next_token(ctx: Context, old: int, within: float = 5.0) -> int:
    end = time.monotonic() + within
    while (token := ctx.change_token()) == old:
        assert time.monotonic() < end, "no change announced"
        time.sleep(0.01)
    return token


def test_a_write_is_announced_to_a_client_that_reads_no_file(tmp_path: Path) -> None:
    db = demo_copy(tmp_path / "data")
    with serving(db, "staf1") as svc:
        # the watcher's own idea of the data file is a path that does not exist
        watcher = client(svc, db=tmp_path / "tidak-ada" / "lakip.json")
        first = watcher.change_token()
        assert first not in (0, -1)
        indicator(client(svc))  # another client's write
        second = _next_token(watcher, first)
        assert second not in (0, -1)

        # a read and a refused write announce nothing
        reporting.status(client(svc))
        with pytest.raises(LakipError):
            reporting.advance(client(svc), note="bukan langkah staf")
        wait_idle(svc)
        time.sleep(0.2)
        assert watcher.change_token() == second

        data.save_narrative(client(svc), 2025, "kesimpulan", "Kesimpulan baru.", _chapter(db))
        _next_token(watcher, second)
    assert not (tmp_path / "tidak-ada").exists()


def _chapter(db: Path, key: str = "kesimpulan") -> str:
    return data.load(file_ctx(db, "staf1"), 2025).data.report.narrative.get(key, "")


# -- clients killed in the middle of a request ---------------------------------------------------

_KILLED_CLIENT = """
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from usecases import data
from usecases.context import Context
from usecases.remote import Remote

sock, code, value, how = sys.argv[1:5]
ctx = Context(db_path=Path(sock).with_name("tidak-ada.json"), remote=Remote(Path(sock)))
item = replace(
    next(i for i in data.load(ctx, 2025).data.indicators if i.code == code),
    realisasi=Decimal(value),
)
print("siap", flush=True)
sys.stdin.readline()
if how == "separuh":  # half of the request sent, then killed
    import json, socket, struct, time
    from usecases.remote import REGISTRY

    spec = REGISTRY["usecases.data.save_indicator"]
    request = {"panggil": spec.name, "argumen": spec.encode_args((ctx, 2025, item), {})}
    body = json.dumps(request).encode()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(sock)
    conn.sendall(struct.pack(">I", len(body)) + body[: len(body) // 2])
    print("separuh", flush=True)
    time.sleep(60)
data.save_indicator(ctx, 2025, item)
print("selesai", flush=True)
"""


def _client_process(svc: Service, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_CLIENT, str(svc.socket_path), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "siap"
    return child


def test_clients_killed_mid_request_leave_the_store_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = served_copy(tmp_path / "data")
    before = {i.code: i for i in data.load(file_ctx(db, "staf1"), 2025).data.indicators}
    seq_before = len(audit(db))
    # A third of the clients are killed while the service runs their request (held at the
    # start of the use case until the client is dead), a third at a random moment after
    # sending it, a third with half of it sent.
    spec = REGISTRY["usecases.data.save_indicator"]
    real = spec.fn
    assert list(spec.signature.parameters) == ["ctx", "year", "item"]  # read before wrapping
    assert set(spec.hints) >= {"year", "item"}
    running, release, hold = threading.Event(), threading.Event(), threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        if hold.is_set():
            running.set()
            assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(spec, "fn", held)
    rng = random.Random(20261203)
    # indicator code, value written, whether it must be there (True), not (False) or either
    rounds: list[tuple[str, str, bool | None]] = []
    with serving(db, "staf1") as svc:
        for k, code in enumerate(list(before)[:15]):
            value = str(5000 + k)
            how = ("berjalan", "acak", "separuh")[k % 3]
            for event in (running, release):
                event.clear()
            hold.set() if how == "berjalan" else hold.clear()
            child = _client_process(svc, code, value, how)
            assert child.stdin is not None and child.stdout is not None
            child.stdin.write("\n")
            child.stdin.flush()
            if how == "berjalan":
                assert running.wait(10)
            elif how == "acak":
                time.sleep(rng.uniform(0.0, 0.012))
            else:
                assert child.stdout.readline().strip() == "separuh"
            child.send_signal(signal.SIGKILL)
            finished = child.wait(10) == 0  # a client killed at random may have had its answer
            assert child.returncode == -signal.SIGKILL or (finished and how == "acak")
            release.set()
            time.sleep(0.05)
            wait_idle(svc)
            must = {"berjalan": True, "acak": True if finished else None, "separuh": False}[how]
            rounds.append((code, value, must))
            problems = [i for i in admin.check(client(svc)) if not i.ok]
            assert problems == [], problems
        after = {i.code: i for i in data.load(client(svc), 2025).data.indicators}
    entries = audit(db)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    for code, value, must in rounds:
        written = [e for e in entries[seq_before:] if e.target == f"indikator {code}"]
        if after[code].realisasi == Decimal(value):  # fully there: value, revision, audit
            assert must is not False, f"{code}: half a request was run"
            assert after[code].rev == before[code].rev + 1
            assert [(e.account, e.action) for e in written] == [("staf1", "indikator.ubah")]
            assert any(c.field == "realisasi" and c.after == value for c in written[0].changes)
        else:  # or not at all
            assert must is not True, f"{code}: a request the service took is lost"
            assert after[code] == before[code] and written == []
    there = sum(after[code].realisasi == Decimal(value) for code, value, _ in rounds)
    assert len(entries) == seq_before + there
    print(f"{len(rounds)} klien dibunuh; {there} tulisan tersimpan utuh, sisanya tidak ada")


# -- many clients at once -------------------------------------------------------------------------

_WORKER = """
import json, random, sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from models.report import CHAPTER_KEYS
from usecases import admin, data, reporting
from usecases.context import Context
from usecases.remote import Remote

sock, p, procs, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ctx = Context(db_path=Path(sock).with_name("tidak-ada.json"), remote=Remote(Path(sock)))
view = data.load(ctx, 2025)
# each process edits its own indicators and chapter: no conflict is expected, none is caught
mine = [i for k, i in enumerate(view.data.indicators) if k % procs == p]
chapter = CHAPTER_KEYS[p]
text = view.data.report.narrative.get(chapter, "")
rng = random.Random(p)
acks = []
print("siap", flush=True)
sys.stdin.readline()
for t in range(n):
    roll = rng.random()
    if roll < 0.3:
        k = rng.randrange(len(mine))
        value = f"{p + 1}{t:04d}.5"
        mine[k] = data.save_indicator(ctx, 2025, replace(mine[k], realisasi=Decimal(value)))
        acks.append(["indikator", mine[k].code, value])
    elif roll < 0.45:
        new = f"Bab {chapter} ditulis proses {p} pada transaksi {t}."
        data.save_narrative(ctx, 2025, chapter, new, text)
        text = new
        acks.append(["naratif", chapter, new])
    elif roll < 0.65:
        assert reporting.status(ctx).account == f"uji{p}"
    elif roll < 0.95:
        assert f"uji{p}" in {u.account for u in admin.list_users(ctx)}
    else:
        assert len(data.load(ctx, 2025).data.indicators) == len(view.data.indicators)
print(json.dumps(acks), flush=True)
"""


def _peer_pid(conn: socket.socket) -> int:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return int(struct.unpack("3i", creds)[0])


@pytest.mark.slow
def test_eight_client_processes_of_250_mixed_transactions_lose_nothing(tmp_path: Path) -> None:
    from models.report import CHAPTER_KEYS, chapter_title

    procs, n = 8, 250
    db = served_copy(tmp_path / "data")
    with Store(db).write("admin", FIXED_NOW) as w:
        for p in range(procs):
            w.save_user(User(account=f"uji{p}", name=f"Penguji {p}", role=Role.STAF))
    before = {i.code: i for i in data.load(file_ctx(db, "admin"), 2025).data.indicators}
    seq_before = len(audit(db))
    accounts: dict[int, str] = {}  # each process is the account of its pid, as the socket says
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    with serving(db, lambda conn: accounts.get(_peer_pid(conn), "admin")) as svc:
        children = []
        for p in range(procs):
            child = subprocess.Popen(
                [sys.executable, "-c", _WORKER, str(svc.socket_path), str(p), str(procs), str(n)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
            accounts[child.pid] = f"uji{p}"
            children.append(child)
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "siap"
        began = time.monotonic()
        for child in children:
            assert child.stdin is not None
            child.stdin.write("mulai\n")
            child.stdin.flush()
        acks: dict[int, list[list[str]]] = {}
        for p, child in enumerate(children):
            out, _ = child.communicate(timeout=120)
            assert child.returncode == 0, f"proses {p} gagal"
            acks[p] = json.loads(out.strip().splitlines()[-1])
        ran = time.monotonic() - began
        wait_idle(svc)
        problems = [i for i in admin.check(client(svc)) if not i.ok]
        assert problems == [], problems
    after = data.load(file_ctx(db, "admin"), 2025)
    entries = audit(db)[seq_before:]
    assert [e.seq for e in entries] == list(range(seq_before + 1, seq_before + len(entries) + 1))
    assert len(entries) == sum(map(len, acks.values())), "an audit entry missing or extra"
    indicators = {i.code: i for i in after.data.indicators}
    for p, mine in acks.items():
        account = f"uji{p}"
        written = [e for e in entries if e.account == account]
        assert len(written) == len(mine)
        for code in {a[1] for a in mine if a[0] == "indikator"}:
            values = [a[2] for a in mine if a[:2] == ["indikator", code]]
            assert indicators[code].realisasi == Decimal(values[-1])  # the last one acknowledged
            assert indicators[code].rev == before[code].rev + len(values)
            trail = [
                next(c.after for c in e.changes if c.field == "realisasi")
                for e in written
                if e.target == f"indikator {code}"
            ]
            assert trail == values, f"{code}: the audit trail has other writes"
        texts = [a[2] for a in mine if a[0] == "naratif"]
        if texts:
            assert after.data.report.narrative[CHAPTER_KEYS[p]] == texts[-1]
            chapter = f"bab {chapter_title(CHAPTER_KEYS[p])}"
            assert sum(e.target == chapter for e in written) == len(texts)
    untouched = set(before) - {a[1] for mine in acks.values() for a in mine}
    assert all(indicators[code] == before[code] for code in untouched)
    total = sum(map(len, acks.values()))
    print(
        f"{procs} x {n} transaksi dalam {ran:.1f} s ({total} tulisan); "
        f"seluruhnya {time.monotonic() - start:.1f} s"
    )
