"""The store service of the protected mode (``lakip layanan``).

It alone opens the data file (0600, owned by its account) and runs the use cases the CLI and the
board send over a Unix socket (usecases.remote). The caller is the account of the socket's peer
credentials (``SO_PEERCRED``): nothing a client writes names who it is. Each connection has its
own thread; a client that sends nothing or stops reading is dropped after a timeout and blocks
no one else; a request over the size limit is refused before its body is read; a second service
on the same data file refuses to start. After every call the data file's change token is sent to
the subscribed boards (their live updates).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import logging
import os
import pwd
import socket
import struct
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from models.errors import LakipError
from store.errors import NoAccess, StoreError
from store.repo import Store
from usecases.context import Context, system_now
from usecases.remote import (
    MAX_REQUEST,
    REGISTRY,
    WATCH,
    FrameTooLarge,
    ServiceError,
    Spec,
    encode_error,
    recv_frame,
    send_frame,
)

log = logging.getLogger("lakip.layanan")

# Calls an account may make before any data file exists: the first ``lakip init``.
BEFORE_STORE = frozenset({"usecases.admin.init_store", "usecases.admin.has_data_file"})
MAX_CONNECTIONS = 64
# One account's open requests at most: a member opening silent connections keeps the others
# out for no longer than it takes each to time out, and never all of them.
MAX_PER_ACCOUNT = 16


def peer_uid(conn: socket.socket) -> int:
    """The uid of the process at the other end, as the kernel recorded it at ``connect``."""
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def account_of(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid{uid}"


USECASE_MODULES = tuple(
    f"usecases.{name}"
    for name in (
        "admin", "board", "collection", "data", "exporting", "paket", "pk", "quality",
        "quarters", "reporting", "requests",
    )
)  # fmt: skip


def load_usecases() -> None:
    """Import every module whose use cases the service may run (they register themselves)."""
    import importlib

    for name in USECASE_MODULES:
        importlib.import_module(name)


class ServiceRunning(LakipError):
    """Another service already serves this data file or this socket."""


class Service:
    def __init__(
        self,
        db: Path,
        socket_path: Path,
        *,
        out: Path | None = None,
        clock: Callable[[], datetime] = system_now,
        identify: Callable[[socket.socket], str] | None = None,
        reads_unregistered: bool = False,
        max_request: int = MAX_REQUEST,
        read_timeout: float = 30.0,
        send_timeout: float = 10.0,
        lock_timeout: float = 10.0,
    ) -> None:
        self.db = db
        self.socket_path = socket_path
        self.out = out if out is not None else db.parent / "keluaran"
        self.clock = clock
        self.identify = identify or (lambda conn: account_of(peer_uid(conn)))
        self.reads_unregistered = reads_unregistered
        self.max_request = max_request
        self.read_timeout = read_timeout
        self.send_timeout = send_timeout
        self.store = Store(db, lock_timeout=lock_timeout)
        self.lock_timeout = lock_timeout
        self._listener: socket.socket | None = None
        self._instance_fd: int | None = None
        self._subscribers: list[socket.socket] = []
        self._subs_lock = threading.Lock()
        self._token = 0
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._per_uid: dict[int, int] = {}
        self._per_uid_lock = threading.Lock()
        self._umask: int | None = None
        self._stopping = threading.Event()
        self._users: tuple[int, frozenset[str]] | None = None
        self._thread: threading.Thread | None = None
        load_usecases()

    # -- life ------------------------------------------------------------------------------

    def _claim(self) -> None:
        """One service per data file: an ``flock`` held for the service's life."""
        marker = self.db.with_name(self.db.name + ".layanan")
        fd = os.open(marker, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ServiceRunning(
                f"Layanan lain sudah melayani berkas data {self.db}; tidak dijalankan dua kali."
            ) from None
        self._instance_fd = fd

    def _bind(self) -> socket.socket:
        path = self.socket_path
        if path.exists() or path.is_symlink():
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(path))
            except OSError:
                path.unlink()  # left by a service that died
            else:
                raise ServiceRunning(f"Soket {path} sudah dipakai oleh layanan yang berjalan.")
            finally:
                probe.close()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)  # never a moment where others may connect
        try:
            sock.bind(str(path))
        finally:
            os.umask(old)
        os.chmod(path, 0o660)  # the group: the service's own (systemd's Group=, runuser's)
        sock.listen(128)
        return sock

    def start(self) -> None:
        """Claim the data file, bind the socket and serve in a background thread."""
        self._claim()
        # documents readable by the group, the data file by no one else (put back at stop)
        self._umask = os.umask(0o027)
        try:
            self._listener = self._bind()
        except BaseException:
            self._release()  # refused (a live socket, a bad group): the data file is not held
            raise
        self._token = self.store.mtime_ns()
        self._thread = threading.Thread(target=self._accept, name="lakip-layanan", daemon=True)
        self._thread.start()
        log.info("melayani %s di %s", self.db, self.socket_path)

    def serve_forever(self) -> None:
        self.start()
        assert self._thread is not None
        with contextlib.suppress(KeyboardInterrupt):
            while self._thread.is_alive():
                self._thread.join(0.5)
        self.stop()

    def stop(self) -> None:
        self._stopping.set()
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            with contextlib.suppress(OSError):
                self.socket_path.unlink()
            self._listener = None
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5)
        with self._subs_lock:
            for sub in self._subscribers:
                sub.close()
            self._subscribers.clear()
        self._release()

    def _release(self) -> None:
        if self._umask is not None:
            os.umask(self._umask)
            self._umask = None
        if self._instance_fd is not None:
            os.close(self._instance_fd)
            self._instance_fd = None

    def __enter__(self) -> Service:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- connections -----------------------------------------------------------------------

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                if self._stopping.is_set():
                    return
                continue
            try:
                uid = peer_uid(conn)
            except OSError:
                conn.close()
                continue
            with self._per_uid_lock:
                busy = self._per_uid.get(uid, 0) >= MAX_PER_ACCOUNT
                if not busy:
                    self._per_uid[uid] = self._per_uid.get(uid, 0) + 1
            if busy:
                self._refuse_busy(conn)
                continue
            if not self._slots.acquire(blocking=False):
                self._done(uid)
                self._refuse_busy(conn)
                continue
            threading.Thread(target=self._serve, args=(conn, uid), daemon=True).start()

    def _done(self, uid: int) -> None:
        with self._per_uid_lock:
            left = self._per_uid.get(uid, 1) - 1
            if left > 0:
                self._per_uid[uid] = left
            else:
                self._per_uid.pop(uid, None)

    def _refuse_busy(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            conn.setblocking(False)
            send_frame(conn, {"galat": encode_error(ServiceError("Layanan sedang sibuk."))})
        conn.close()

    def _serve(self, conn: socket.socket, uid: int) -> None:
        keep = False
        try:
            conn.settimeout(self.read_timeout)
            try:
                account = self.identify(conn)
            except Exception:
                log.exception("pengirim tidak dikenali")
                self._reply(conn, {"galat": encode_error(ServiceError("Pengirim tidak dikenali."))})
                return
            try:
                request = recv_frame(conn, self.max_request)
            except FrameTooLarge as exc:
                log.warning("%s: %s", account, exc)
                self._reply(conn, {"galat": encode_error(exc)})
                return
            except (OSError, ServiceError, ConnectionError):
                return  # a client that sent nothing usable, or went away
            if not isinstance(request, dict):
                self._reply(conn, {"galat": encode_error(ServiceError("Permintaan tidak sah."))})
                return
            if request.get("panggil") == WATCH:
                keep = self._subscribe(conn)
                return
            reply = self.handle(account, request, conn)
            self._reply(conn, reply)
        except Exception:
            log.exception("permintaan gagal")
        finally:
            if not keep:
                conn.close()
            self._slots.release()
            self._done(uid)
            self._announce()

    def _reply(self, conn: socket.socket, reply: dict[str, Any]) -> None:
        """Send within ``send_timeout``: a client that stops reading loses its answer (what it
        asked is done and kept) and holds this thread no longer."""
        conn.settimeout(self.send_timeout)
        try:
            send_frame(conn, reply)
        except OSError as exc:
            log.warning("jawaban tidak terkirim: %s", exc)

    # -- change notices --------------------------------------------------------------------

    def _subscribe(self, conn: socket.socket) -> bool:
        conn.settimeout(self.send_timeout)
        try:
            send_frame(conn, {"token": self._token})
        except OSError:
            return False
        conn.setblocking(False)
        with self._subs_lock:
            self._subscribers.append(conn)
        return True

    def _announce(self) -> None:
        token = self.store.mtime_ns()
        with self._subs_lock:
            if token == self._token:
                return
            self._token = token
            kept: list[socket.socket] = []
            for sub in self._subscribers:
                try:
                    send_frame(sub, {"token": token})  # non-blocking: a full buffer drops it
                except OSError:
                    sub.close()
                    continue
                kept.append(sub)
            self._subscribers = kept

    # -- calls -----------------------------------------------------------------------------

    def _registered(self) -> frozenset[str]:
        token = self.store.mtime_ns()
        if self._users is None or self._users[0] != token:
            with self.store.read() as r:
                self._users = (token, frozenset(u.account for u in r.users()))
        return self._users[1]

    def handle(
        self, account: str, request: dict[str, Any], conn: socket.socket | None = None
    ) -> dict[str, Any]:
        """Run one request for ``account``; the reply as a dict (``hasil`` or ``galat``). With
        the client's ``conn``, a wait for the data lock is told to it as it starts (a
        ``menunggu`` frame) and ends when the client asks (``batal``) or goes away."""
        from models.serial import to_data

        name = request.get("panggil")
        spec = REGISTRY.get(name) if isinstance(name, str) else None
        if spec is None:
            return {"galat": encode_error(ServiceError(f"Permintaan tidak dikenal: {name!r}."))}
        uploads: dict[str, str] = {}  # where a client's file was saved here: its own name
        try:
            read_only = self._refusal(account, spec)
            ctx = Context(
                db_path=self.db,
                account=account,
                clock=self.clock,
                lock_timeout=self.lock_timeout,
                served=True,
                out=self.out,
                read_only=read_only,
            )
            with (
                self._arguments(spec, request.get("argumen"), uploads) as kwargs,
                _lock_waits_told(conn),
            ):
                result = spec.fn(ctx, **kwargs)
            log.info("%s %s", account, spec.name)  # the journal: who asked what, off the file
            return {"hasil": _as_client_paths(to_data(result), uploads)}
        except LakipError as exc:
            log.info("%s %s ditolak: %s", account, spec.name, exc)
            return {"galat": _as_client_paths(encode_error(exc), uploads)}
        except Exception as exc:
            log.exception("%s gagal untuk %s", spec.name, account)
            return {
                "galat": encode_error(
                    ServiceError(f"Kesalahan di layanan lakip ({type(exc).__name__}: {exc}).")
                )
            }

    def _refusal(self, account: str, spec: Spec) -> bool:
        """Raise when ``account`` may not make this call; True when it may only read."""
        if not self.store.exists():
            if spec.name in BEFORE_STORE:
                return False
            raise ServiceError(
                f"Layanan belum punya berkas data ({self.db}); admin membuatnya dengan "
                "'lakip init'."
            )
        try:
            known = account in self._registered()
        except StoreError:
            return False  # a damaged file: the use case itself says so
        if known:
            return False
        if self.reads_unregistered:
            return True
        raise NoAccess(
            f"Akun {account} belum terdaftar di lakip kantor ini. Minta admin mendaftarkannya "
            "(lakip users add)."
        )

    @contextlib.contextmanager
    def _arguments(
        self, spec: Spec, given: Any, uploads: dict[str, str]
    ) -> Iterator[dict[str, Any]]:
        if given is None:
            given = {}
        if not isinstance(given, dict):
            raise ServiceError("Argumen permintaan tidak sah.")
        params = spec.signature.parameters
        first = next(iter(params))
        # a folder for the client's files only where the call takes one (most take none)
        sends_files = any(given.get(key) is not None for key in spec.uploads)
        with (
            tempfile.TemporaryDirectory(prefix="lakip-unggah-")
            if sends_files
            else contextlib.nullcontext("")
        ) as tmp:
            kwargs: dict[str, Any] = {}
            for key, value in given.items():
                if key not in params or key == first:
                    raise ServiceError(f"Argumen tidak dikenal untuk {spec.name}: {key!r}.")
                where = f"{spec.name}({key})"
                if key == spec.var_keyword:
                    kwargs.update(self._fields(spec, value, where))
                elif key in spec.uploads and value is not None:
                    kwargs[key] = saved = _saved_upload(value, Path(tmp), where)
                    client_path = value.get("jalur")
                    uploads[str(saved)] = (
                        client_path if isinstance(client_path, str) else saved.name
                    )
                else:
                    kwargs[key] = spec.converter(key)(value, where)
                    if key in spec.outputs and kwargs[key] is not None:
                        kwargs[key] = self._confined(kwargs[key])
            yield kwargs

    def _fields(self, spec: Spec, value: Any, where: str) -> dict[str, Any]:
        from models.serial import _converter, _hints

        if not isinstance(value, dict) or spec.fields_of is None:
            raise ServiceError(f"{where}: argumen tidak sah.")
        hints = _hints(spec.fields_of)
        out: dict[str, Any] = {}
        for key, data in value.items():
            if key not in hints:
                raise ServiceError(f"{where}: isian tidak dikenal: {key!r}.")
            out[key] = _converter(hints[key])(data, f"{where}.{key}")
        return out

    def _confined(self, target: Path) -> Path:
        """A document's place, always inside the service's output folder: a name is taken
        there; a full path elsewhere is refused (the service writes for no one else)."""
        out = self.out.resolve()
        full = target if target.is_absolute() else out / target
        resolved = full.resolve()
        if resolved != out and out not in resolved.parents:
            raise ServiceError(
                f"Dalam mode layanan dokumen dibuat di folder keluaran kantor {self.out}; "
                f"sebutkan nama berkas saja (mis. -o {target.name or 'dokumen.docx'}), "
                f"bukan {target}."
            )
        return full


@contextlib.contextmanager
def _lock_waits_told(conn: socket.socket | None) -> Iterator[None]:
    """While a use case runs for ``conn``'s client: a busy data lock is said to the client at
    once, and the wait is given up (``LockCancelled``, nothing changed) when the client sends
    ``batal`` or hangs up. Once the lock is held the call runs to its end whatever the client
    does, so a client told 'dibatalkan' was never half-served."""
    if conn is None:
        yield
        return
    import select

    from store import lock

    given_up = False

    def on_wait(holder: lock.Holder) -> None:
        since = holder.since.isoformat() if holder.since is not None else None
        with contextlib.suppress(OSError):
            conn.settimeout(5)
            send_frame(conn, {"menunggu": {"akun": holder.account, "sejak": since}})

    def cancelled() -> bool:
        nonlocal given_up
        if not given_up:
            try:
                readable, _, _ = select.select([conn], [], [], 0)
                if readable:
                    conn.settimeout(5)
                    message = recv_frame(conn, limit=4096)
                    given_up = isinstance(message, dict) and bool(message.get("batal"))
            except (OSError, ServiceError, ConnectionError):
                given_up = True  # the client went away: no one waits for this change
        return given_up

    with lock.watched(on_wait, cancelled):
        yield


def _as_client_paths(data: Any, uploads: dict[str, str]) -> Any:
    """``data`` with the places a client's files were saved in this service (a temporary folder,
    gone after the call) named as the client named them: an import's result and its refusals
    speak of the file the user chose, as in file mode."""
    if not uploads:
        return data
    if isinstance(data, str):
        for saved, client_path in uploads.items():
            data = data.replace(saved, client_path)
        return data
    if isinstance(data, dict):
        return {key: _as_client_paths(value, uploads) for key, value in data.items()}
    if isinstance(data, list):
        return [_as_client_paths(value, uploads) for value in data]
    return data


def _saved_upload(value: Any, folder: Path, where: str) -> Path:
    """A client's file, sent as its bytes, written where this call alone reads it."""
    if not isinstance(value, dict) or not isinstance(value.get("nama"), str):
        raise ServiceError(f"{where}: berkas kiriman tidak sah.")
    name = Path(value["nama"]).name
    if name in ("", ".", ".."):
        raise ServiceError(f"{where}: nama berkas kiriman tidak sah.")
    try:
        data = base64.b64decode(str(value.get("isi", "")), validate=True)
    except ValueError:
        raise ServiceError(f"{where}: isi berkas kiriman tidak sah.") from None
    target = folder / name
    target.write_bytes(data)
    return target
