"""Use cases run by the store service (protected mode): the one place where a call crosses.

Every use case the CLI and the board call is marked ``@usecase``. In the group-file mode the
mark does nothing: the function runs here. With ``mode = "layanan"`` in ``/etc/lakip.conf`` the
``Context`` carries a ``Remote`` and the call is sent instead to the service (``service/``),
which runs the same function with a ``Context`` whose account it took from the socket's peer
credentials. The request is plain JSON: the use case's registered name and its arguments,
written with ``models.serial`` and read back there by the function's own type hints, so the
service builds only the types the function declares and never runs anything a client sent.

Frames on the socket are a 4-byte big-endian length and that many bytes of UTF-8 JSON.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

from models.errors import LakipError

# json, struct, inspect, socket and threading are imported where used: every command imports
# this module through the use cases, and `lakip status` in file mode needs none of them.
if TYPE_CHECKING:
    import inspect
    import socket
    import threading

    from usecases.context import Context

P = ParamSpec("P")
R = TypeVar("R")

HEADER = ">I"  # struct format of a frame's length
HEADER_SIZE = 4
MAX_REQUEST = 32 * 1024 * 1024  # a workbook upload in base64 fits with room to spare
MAX_UPLOAD = 16 * 1024 * 1024
WATCH = "_ikuti"  # the request that subscribes to change notifications


class ServiceError(LakipError):
    """The service cannot be reached, refused the request, or failed; the message says why."""


class FrameTooLarge(ServiceError):
    pass


# -- frames ------------------------------------------------------------------------------------


def send_frame(sock: socket.socket, message: Any) -> None:
    import json
    import struct

    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sock.sendall(struct.pack(HEADER, len(body)) + body)


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionResetError("sambungan ditutup")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket, limit: int = MAX_REQUEST) -> Any:
    """One frame; ``FrameTooLarge`` before reading a body over ``limit``."""
    import json
    import struct

    (size,) = struct.unpack(HEADER, _recv_exact(sock, HEADER_SIZE))
    if size > limit:
        raise FrameTooLarge(
            f"Permintaan terlalu besar ({size} bita; paling banyak {limit} bita)."
        )
    try:
        return json.loads(_recv_exact(sock, size).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ServiceError(f"Pesan tidak sah: {exc}.") from None


# -- the registry of use cases -------------------------------------------------------------------


@dataclass
class Spec:
    """A use case as the service knows it: its name, function and how to read its arguments."""

    name: str
    fn: Callable[..., Any]
    uploads: tuple[str, ...] = ()  # Path arguments naming a client's file, sent as its bytes
    outputs: tuple[str, ...] = ()  # Path arguments naming where a document goes (service's folder)
    fields_of: type | None = None  # the record whose field types read ``**kwargs``
    _converters: dict[str, Callable[[Any, str], Any]] = field(default_factory=dict)

    @functools.cached_property
    def signature(self) -> inspect.Signature:
        import inspect

        return inspect.signature(self.fn)

    @functools.cached_property
    def hints(self) -> dict[str, Any]:
        from models.serial import function_hints

        return function_hints(self.fn)

    @functools.cached_property
    def var_keyword(self) -> str | None:
        import inspect

        kinds = {p.kind: name for name, p in self.signature.parameters.items()}
        return kinds.get(inspect.Parameter.VAR_KEYWORD)

    def converter(self, name: str) -> Callable[[Any, str], Any]:
        if name not in self._converters:
            self._converters[name] = _converter_of(self.hints[name])
        return self._converters[name]

    def encode_args(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        from models.serial import to_data

        bound = self.signature.bind(*args, **kwargs)
        out: dict[str, Any] = {}
        for index, (name, value) in enumerate(bound.arguments.items()):
            if index == 0:
                continue  # the context: the service makes its own
            if name == self.var_keyword:
                out[name] = {k: to_data(v) for k, v in value.items()}
            elif name in self.uploads and value is not None:
                out[name] = _upload(Path(value))
            elif callable(value) and not isinstance(value, type):
                out[name] = None  # a progress callback stays on this side
            else:
                out[name] = to_data(value)
        return out

    def decode_result(self, data: Any) -> Any:
        return self.converter("return")(data, self.name)


REGISTRY: dict[str, Spec] = {}


def _converter_of(hint: Any) -> Callable[[Any, str], Any]:
    """How to read a value of ``hint``; a callable (a progress callback) is never sent."""
    from models.serial import _converter

    text = repr(hint)
    if "Callable" in text:
        return _only_none
    return _converter(hint)


def _only_none(data: Any, where: str) -> None:
    if data is not None:
        raise ServiceError(f"{where}: nilai ini tidak dapat dikirim ke layanan.")


def usecase_with(
    *, uploads: tuple[str, ...] = (), outputs: tuple[str, ...] = (), fields_of: type | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a use case the service may run (see the module's docstring)."""

    def mark(fn: Callable[P, R]) -> Callable[P, R]:
        spec = Spec(f"{fn.__module__}.{fn.__name__}", fn, uploads, outputs, fields_of)
        REGISTRY[spec.name] = spec

        @functools.wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            ctx = cast("Context", args[0])
            if ctx.remote is None:
                return fn(*args, **kwargs)
            return cast(R, ctx.remote.call(spec, args, kwargs))

        return call

    return mark


def usecase(fn: Callable[P, R]) -> Callable[P, R]:
    return usecase_with()(fn)


def _upload(path: Path) -> dict[str, Any]:
    import base64

    try:
        with path.expanduser().open("rb") as f:
            data = f.read(MAX_UPLOAD + 1)
    except FileNotFoundError:
        raise ServiceError(f"Berkas {path} tidak ada.") from None
    except PermissionError:
        raise ServiceError(f"Berkas {path} tidak boleh dibaca oleh akun Anda.") from None
    except IsADirectoryError:
        raise ServiceError(f"{path} adalah sebuah folder, bukan berkas.") from None
    except OSError as exc:
        raise ServiceError(f"Berkas {path} tidak dapat dibaca: {exc.strerror}.") from None
    if len(data) > MAX_UPLOAD:
        raise ServiceError(
            f"Berkas {path} terlalu besar untuk dikirim ke layanan (lebih dari "
            f"{MAX_UPLOAD // (1024 * 1024)} MiB)."
        )
    return {"nama": path.name, "jalur": str(path), "isi": base64.b64encode(data).decode("ascii")}


# -- errors across the socket --------------------------------------------------------------------


def encode_error(exc: BaseException) -> dict[str, Any]:
    import json

    from models.serial import to_data

    attrs: dict[str, Any] = {}
    for key, value in vars(exc).items():
        try:
            json.dumps(data := to_data(value))
        except (TypeError, ValueError):
            continue
        attrs[key] = data
    cls = type(exc)
    return {"jenis": f"{cls.__module__}.{cls.__qualname__}", "pesan": str(exc), "atribut": attrs}


def decode_error(data: dict[str, Any]) -> LakipError:
    """The service's refusal as the same exception class, so screens catch what they catch in
    file mode (``Conflict`` with its ``last`` entry, ``OutputExists`` with its ``path``...)."""
    from models.serial import _converter, function_hints

    message = str(data.get("pesan", "Layanan menolak permintaan."))
    module, _, name = str(data.get("jenis", "")).rpartition(".")
    cls: Any = getattr(sys.modules.get(module), name, None)
    if cls is None and module.split(".")[0] in ("models", "store", "usecases", "exporters"):
        import importlib

        try:
            cls = getattr(importlib.import_module(module), name, None)
        except ImportError:
            cls = None
    if not (isinstance(cls, type) and issubclass(cls, LakipError)):
        return ServiceError(message)
    exc: LakipError = cls.__new__(cls)
    Exception.__init__(exc, message)
    try:
        hints = function_hints(cls.__init__)  # Conflict's AuditEntry: a type-checking import
    except Exception:
        hints = {}
    for key, value in dict(data.get("atribut") or {}).items():
        try:
            # by the hint, which may be a union (Conflict.last: AuditEntry | None)
            read = _converter(hints[key]) if key in hints else None
            setattr(exc, key, read(value, f"{name}.{key}") if read else value)
        except LakipError:
            continue
    return exc


# -- the client --------------------------------------------------------------------------------


class Remote:
    """The client side: one connection per call, and one kept open for change notices."""

    def __init__(self, socket_path: Path, *, timeout: float = 900.0) -> None:
        self.socket_path = socket_path
        self.timeout = timeout
        self._token = 0
        self._watching: threading.Thread | None = None

    def _connect(self) -> socket.socket:
        import socket

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(str(self.socket_path))
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            raise ServiceError(
                f"Layanan lakip tidak berjalan (soket {self.socket_path} tidak menjawab). "
                "Minta admin menjalankannya: systemctl start lakip (lihat README, mode "
                "terlindung)."
            ) from None
        except PermissionError:
            sock.close()
            raise ServiceError(
                f"Tidak boleh memakai layanan lakip ({self.socket_path}): akun Anda bukan "
                "anggota grup kantor 'lakip'. Minta admin memasukkan akun Anda ke grup itu."
            ) from None
        except OSError as exc:
            sock.close()
            raise ServiceError(
                f"Layanan lakip tidak dapat dihubungi ({self.socket_path}): {exc.strerror}."
            ) from None
        return sock

    def request(self, message: dict[str, Any]) -> Any:
        sock = self._connect()
        try:
            # the service may stop reading (a request over its limit): its reply says why
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                send_frame(sock, message)
            reply = self._answer(sock)
        except TimeoutError:
            raise ServiceError("Layanan lakip tidak menjawab tepat waktu.") from None
        except (ConnectionError, OSError) as exc:
            raise ServiceError(f"Sambungan ke layanan lakip terputus ({exc}).") from None
        finally:
            sock.close()
        if not isinstance(reply, dict):
            raise ServiceError("Jawaban layanan tidak sah.")
        if "galat" in reply:
            raise decode_error(reply["galat"])
        return reply.get("hasil")

    def _answer(self, sock: socket.socket) -> Any:
        """The service's reply. Meanwhile, in a thread that watches the data lock (the board's
        ``store.lock.watched``), the service's wait for the lock is passed on to it as the file
        mode's own wait is, and its cancel is sent to the service, whose reply then says
        whether the change was given up or had already been made."""
        from store import lock

        hooks = lock.watch_hooks()
        if hooks is None:  # no one to tell: the service's wait notices are passed over
            while True:
                reply = recv_frame(sock, limit=1 << 30)
                if not (isinstance(reply, dict) and "menunggu" in reply):
                    return reply
        import select
        import time
        from datetime import datetime

        on_wait, cancelled = hooks
        asked = False
        deadline = time.monotonic() + self.timeout
        while True:
            readable, _, _ = select.select([sock], [], [], 0.05)
            if not readable:
                if not asked and cancelled():
                    asked = True
                    with contextlib.suppress(OSError):
                        send_frame(sock, {"batal": True})
                if time.monotonic() > deadline:
                    raise TimeoutError
                continue
            reply = recv_frame(sock, limit=1 << 30)
            waiting = reply.get("menunggu") if isinstance(reply, dict) else None
            if not isinstance(waiting, dict):
                return reply
            since = waiting.get("sejak")
            try:
                moment = datetime.fromisoformat(since) if isinstance(since, str) else None
            except ValueError:
                moment = None
            on_wait(lock.Holder(str(waiting.get("akun", "")), moment))

    def call(self, spec: Spec, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        data = self.request({"panggil": spec.name, "argumen": spec.encode_args(args, kwargs)})
        return spec.decode_result(data)

    # -- change notices (the board's live updates) --

    @property
    def token(self) -> int:
        """The newest change token heard, without subscribing (0 before any)."""
        return self._token

    def change_token(self) -> int:
        """The newest change token the service announced (the first call subscribes). While
        the service cannot be reached the last token stands (nothing to reload); the next look
        subscribes again, and a service back up announces its token, which reloads."""
        if self._watching is None:
            import threading

            try:
                sock = self._connect()
            except LakipError:
                return self._token
            try:
                send_frame(sock, {"panggil": WATCH})
                sock.settimeout(None)
                self._token = int(recv_frame(sock, limit=4096).get("token", 0))
            except (LakipError, OSError, ValueError, AttributeError):
                sock.close()
                return self._token
            self._watching = threading.Thread(
                target=self._listen, args=(sock,), name="lakip-ikuti", daemon=True
            )
            self._watching.start()
        return self._token

    def _listen(self, sock: socket.socket) -> None:
        try:
            while True:
                notice = recv_frame(sock, limit=4096)
                self._token = int(notice.get("token", 0))
        except (OSError, LakipError, ValueError, AttributeError):
            self._watching = None  # the service went away: the next look subscribes again
        finally:
            sock.close()
