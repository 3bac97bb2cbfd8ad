"""Shared fixtures: temp data files, a fixed clock, and a demo store built once per session."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.product.accounts import OfficeAccounts
    from tests.product.installing import Installed
    from tui.app import LakipApp

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from models.domain import (
    Bidang,
    BudgetLevel,
    BudgetLine,
    Indicator,
    Polarity,
    Profile,
    Sasaran,
    User,
)
from models.numbers import OfficeZone
from models.sop import Role
from service.server import Service, account_of, peer_uid
from usecases.admin import init_store
from usecases.context import Context, system_now
from usecases.remote import Remote, ServiceError

FIXED_NOW = datetime(2026, 11, 27, 10, 0, tzinfo=OfficeZone.WITA.tz)  # a Friday, 10:00 WITA


# An office that is not the demo's: another province, another zone, a Wali Kota, its own
# letter numbers. Stores that tests create with init_store use it.
BOGOR = Profile(
    timezone=OfficeZone.WIB,
    pemda="PEMERINTAH KOTA BOGOR",
    office="DINAS PENDIDIKAN",
    office_short="Disdik",
    city="Bogor",
    addressee="Wali Kota Bogor",
    addressee_place="Bogor",
    letter_template="400.3/{urut:04d}-Disdik/{tahun}",
    letter_klasifikasi="400.3",
)
BOGOR_SOP = "800/SOP/Disdik/2024"
BOGOR_KADIS = (
    "kadis",
    "Dr. Hj. Ratna Sari, M.Pd.",
    "19710204 199603 2 001",
    "Pembina Utama Muda, IV/c",
)
# The same office given to 'lakip init' as options.
BOGOR_INIT = [
    "--pemda", BOGOR.pemda, "--office", BOGOR.office, "--short", BOGOR.office_short,
    "--city", BOGOR.city, "--addressee", BOGOR.addressee, "--timezone", "WIB",
    "--letter-template", BOGOR.letter_template, "--klasifikasi", BOGOR.letter_klasifikasi,
    "--kadis", BOGOR_KADIS[0], "--kadis-name", BOGOR_KADIS[1], "--kadis-nip", BOGOR_KADIS[2],
    "--kadis-pangkat", BOGOR_KADIS[3], "--kadis-belum-ada", "--sop-number", BOGOR_SOP,
]  # fmt: skip

# A Sleman office given to 'lakip init' as options (the office-server tests).
SLEMAN_INIT = [
    "--pemda", "PEMERINTAH KABUPATEN SLEMAN", "--office", "DINAS PENDIDIKAN",
    "--short", "Disdik", "--city", "Sleman", "--addressee", "Bupati Sleman",
    "--addressee-place", "Sleman", "--timezone", "WIB", "--hours", "07:30-15:30",
    "--letter-template", "{klasifikasi}/{urut:04d}/{singkatan}/{tahun}", "--klasifikasi", "400.3",
    "--kadis", "kadis", "--kadis-name", "Drs. Sutrisno, M.Pd.",
    "--kadis-nip", "19680817 199303 1 007", "--kadis-pangkat", "Pembina Utama Muda, IV/c",
    "--year", "2025", "--name", "Kasubbag Program", "--role", "kasubbag", "--yes",
]  # fmt: skip


def fixed_clock(moment: datetime = FIXED_NOW) -> Callable[[], datetime]:
    return lambda: moment


# -- stores and contexts: the one place tests make them ---------------------------------------

YEAR = 2025  # the report year of the demo and of the small office
SMALL_NOW = datetime(2026, 2, 10, 9, 0, tzinfo=OfficeZone.WITA.tz)


def context(
    path: Path, account: str = "admin", now: datetime = FIXED_NOW, *, lock_timeout: float = 10.0
) -> Context:
    """A session on the data file ``path`` as ``account`` with the clock stopped at ``now``.

    In a test run in the protected mode (``store_mode`` ``layanan``) it is a client of the
    service of ``path`` (started at first use) and has no ``store``: use ``file_context`` to
    set up or read the file directly. ``lock_timeout`` is how long a change waits for the data
    lock: the session's on the file, the service's in the protected mode."""
    if _SERVED is not None:
        return _SERVED.client(path, account, fixed_clock(now), lock_timeout)
    return replace(file_context(path, account, now), lock_timeout=lock_timeout)


def file_context(path: Path, account: str = "admin", now: datetime = FIXED_NOW) -> Context:
    """A session straight on the data file, in either mode: for setup written with
    ``ctx.store.write`` before the screens open, and for reading what was stored."""
    return Context(db_path=path, account=account, clock=fixed_clock(now))


def as_user(ctx: Context, account: str, now: datetime | None = None) -> Context:
    """The same data file as another account (and, if given, another moment): a client of the
    same service when ``ctx`` is one."""
    clock = ctx.clock if now is None else fixed_clock(now)
    if ctx.remote is not None:
        assert _SERVED is not None
        return _SERVED.client(ctx.db_path, account, clock)
    return Context(db_path=ctx.db_path, account=account, clock=clock)


def freeze(ctx: Context, year: int = YEAR) -> None:
    """Mark the report year as signed (frozen), as step 9 does (straight on the file)."""
    on_file = Context(db_path=ctx.db_path, account="admin", clock=ctx.clock)
    with on_file.store.write("admin", on_file.now()) as w:
        w.save_report(replace(w.report(year), frozen=True))


@cache
def _demo_template() -> Path:
    from usecases.demo import build_demo

    path = Path(tempfile.mkdtemp(prefix="lakip-demo-")) / "demo.json"
    build_demo(file_context(path))
    return path


def demo_copy(folder: Path, name: str = "lakip.json") -> Path:
    """A private copy of the demo store (report 2025 at step 7, second pass, built once per
    session at FIXED_NOW as ``admin``), group-writable like an office's file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(_demo_template(), path)
    os.chmod(path, 0o660)
    return path


def small_office(tmp_path: Path, account: str = "admin") -> Context:
    """A small store: admin (role Staf), a kepala account, two bidang, one sasaran, two
    indicators and three budget lines. Returns a session on it as ``account`` (a client of the
    service in the protected mode)."""
    ctx = file_context(tmp_path / "lakip.json", account, SMALL_NOW)
    init_store(ctx, profile=BOGOR, year=YEAR, name="Admin")
    with ctx.store.write(account, SMALL_NOW) as w:
        w.save_user(User(account=account, name="Admin", role=Role.STAF, is_admin=True))
        w.save_user(User(account="kadis", name="Kadis", role=Role.KEPALA_DINAS))
        w.save_user(User(account="staf2", name="Staf Dua", role=Role.STAF))
        w.save_bidang(Bidang(code="SD", name="Bidang SD", head_name="Pak SD", order=1))
        w.save_bidang(Bidang(code="SMP", name="Bidang SMP", order=2))
        w.save_sasaran(Sasaran(id="s1", year=YEAR, code="S1", name="Akses pendidikan", order=1))
        w.save_indicator(
            Indicator(
                id="i1",
                year=YEAR,
                sasaran_code="S1",
                code="IK1.1",
                name="APK SD",
                target=Decimal("100"),
                realisasi=Decimal("95"),
                bidang="SD",
                history={2024: Decimal("90")},
            )
        )
        w.save_indicator(
            Indicator(
                id="i2",
                year=YEAR,
                sasaran_code="S1",
                code="IK1.2",
                name="Angka putus sekolah",
                polarity=Polarity.NEGATIF,
                target=Decimal("0.4"),
                realisasi=Decimal("0.5"),
                bidang="SMP",
            )
        )
        w.save_budget(
            BudgetLine(id="b1", year=YEAR, code="1.01.02", name="PROGRAM", pagu=Decimal(1000),
                       realisasi=Decimal(900), sasaran_code="S1", bidang="SD", order=1)
        )  # fmt: skip
        w.save_budget(
            BudgetLine(id="b2", year=YEAR, level=BudgetLevel.KEGIATAN, code="1.01.02.2.01",
                       name="Kegiatan", pagu=Decimal(1000), realisasi=Decimal(900),
                       sasaran_code="S1", bidang="SD", order=2)
        )  # fmt: skip
        w.save_budget(
            BudgetLine(id="b3", year=YEAR, level=BudgetLevel.SUB_KEGIATAN,
                       code="1.01.02.2.01.0001", name="Sub", pagu=Decimal(1000),
                       realisasi=Decimal(1100), sasaran_code="S1", bidang="SMP", order=3)
        )  # fmt: skip
    return context(ctx.db_path, account, SMALL_NOW)


def fill_quality_gaps(ctx: Context, year: int | None = None) -> None:
    """Write what the quality gate finds missing in the text (the demo's analysis 5 of several
    sasaran; a new office's chapters too) through the use cases a user's save goes through, as
    the context's account (a data role: staf, kasubbag or admin). Then no blocking item about
    text is left (a LAKIP exported before is now older than its data: export it again)."""
    from models.quality import ANALYSES_NEEDING_TEXT
    from models.report import CHAPTERS
    from usecases.data import load, save_analyses, save_narrative
    from usecases.quality import check_quality

    def unfinished(text: str) -> bool:
        return not text.strip() or "[" in text

    view = load(ctx, year)
    for chapter in CHAPTERS:
        text = view.data.report.narrative.get(chapter.key, "")
        if unfinished(text):
            written = f"{chapter.title} disusun bersama seluruh bidang dinas."
            save_narrative(ctx, view.year, chapter.key, written, text)
    for s in view.data.sasaran:
        if not view.data.indicators_of(s.code):
            continue
        analyses = dict(s.analyses)
        for key in ANALYSES_NEEDING_TEXT:
            if unfinished(analyses.get(key, "")):
                analyses[key] = (
                    f"Capaian sasaran {s.code} ditentukan oleh pelaksanaan program bidang; "
                    "kendala dan langkah perbaikannya dibahas bersama bidang terkait."
                )
        if analyses != s.analyses:
            save_analyses(ctx, view.year, s, analyses)
    left = [f.what for f in check_quality(ctx, view.year).blocking if "layar Narasi" in f.where
            or "Analisis (t)" in f.where]  # fmt: skip
    assert not left, left


def walk_to_letter_step(ctx: Context) -> datetime:
    """Steps 7, 8 and 9 of the demo done by their roles (the quality gaps filled by the staf
    first, the LAKIP exported and signed), 30 minutes apart from the context's clock; returns
    the moment step 10 starts."""
    from usecases.exporting import export_document
    from usecases.reporting import advance

    t = ctx.now()
    fill_quality_gaps(as_user(ctx, "staf1", t))
    for step, account in ((7, "sekretaris"), (8, "sekretaris"), (9, "kadis")):
        t += timedelta(minutes=30)
        if step == 9:
            export_document(as_user(ctx, "staf1", t), "lakip", overwrite=True)
            t += timedelta(minutes=1)
        advance(as_user(ctx, account, t), note=f"langkah {step} selesai")
    return t


def finish_demo(db: Path, out: Path) -> str:
    """Steps 7 to 11 of the demo done by their roles (the text the quality gate asks for written
    first, the LAKIP exported to ``out``): the year is signed and finished. Returns the signed
    LAKIP's SHA-256."""
    from usecases.exporting import export_document, number_letter
    from usecases.reporting import advance

    fill_quality_gaps(context(db, "staf1"))
    advance(context(db, "sekretaris"), note="koreksi selesai")
    advance(context(db, "sekretaris"), note="diajukan")
    signed = export_document(context(db, "staf1"), "lakip", output=out)
    advance(context(db, "kadis"), note="disetujui")
    number_letter(context(db, "kasubbag"))
    advance(context(db, "kasubbag"), note="surat bernomor")
    delivery = {"tanggal_kirim": "27 November 2026", "lokasi_arsip": "Lemari B2",
                "unggah_esakip": "diunggah"}  # fmt: skip
    advance(context(db, "staf1"), note="terkirim", data=delivery)
    return signed.sha256


def board_app(path: Path, account: str = "sekretaris", **kw: Any) -> LakipApp:
    """The board app on the data file ``path`` as ``account``, at FIXED_NOW (a client of the
    service of ``path`` in the protected mode: see ``store_mode``)."""
    from tui.app import LakipApp as App

    return App(context(path, account), **kw)


# -- the two store modes: the board's tests run on the file and through the service -----------

MODE_FILE = "berkas"
MODE_SERVICE = "layanan"


class _Client(Remote):
    """A client of an in-process service that says which test session it is: each connection is
    bound to an abstract socket name carrying the session's number, which the service's
    ``identify`` reads back (one process plays every account, so the peer's uid cannot)."""

    def __init__(self, socket_path: Path, session: int) -> None:
        super().__init__(socket_path, timeout=60.0)
        self.session = session

    def _connect(self) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.bind(f"\0lakip-uji-{os.getpid()}-{self.session}-{next(_CONNECTIONS)}")
            sock.connect(str(self.socket_path))
        except OSError as exc:
            sock.close()
            raise ServiceError(f"Layanan lakip tidak dapat dihubungi: {exc}.") from None
        return sock


_CONNECTIONS = itertools.count()


class _Served:
    """The protected mode of one test: a ``Service`` per data file on a short socket path,
    started when a session on that file is first asked for, all stopped at the test's end.

    Each client session is registered with its account and clock; the service acts for a
    connection as the account and at the moment of the session that made it (``identify``
    reads the session from the connection; the service's clock reads that session's clock)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="lakip-", dir="/tmp"))  # AF_UNIX: <108 bytes
        self.services: dict[Path, Service] = {}
        self.sessions: list[tuple[str, Callable[[], datetime]]] = []
        self.calling = threading.local()
        self.umask = os.umask(0o022)
        os.umask(self.umask)

    def identify(self, conn: socket.socket) -> str:
        """The test session that connected; any other client (a ``lakip`` command run by the
        test) is the account of its uid at the computer's time, as in an office."""
        name = conn.getpeername()
        text = name.decode(errors="replace") if isinstance(name, bytes) else str(name)
        if text.startswith(f"\0lakip-uji-{os.getpid()}-"):
            account, clock = self.sessions[int(text.split("-")[3])]
            self.calling.clock = clock
            return account
        self.calling.clock = system_now
        return account_of(peer_uid(conn))

    def clock(self) -> datetime:
        return getattr(self.calling, "clock", fixed_clock())()

    def service(self, path: Path, lock_timeout: float | None = None) -> Service:
        key = path.resolve()
        running = self.services.get(key)
        if running is not None and lock_timeout not in (None, running.lock_timeout):
            raise AssertionError(f"the service of {path} waits {running.lock_timeout} s")
        if key not in self.services:
            svc = Service(
                key,
                self.folder / f"{len(self.services)}.sock",
                out=key.parent / "keluaran",
                clock=self.clock,
                identify=self.identify,
                # as on the group's file, where an account not registered may read (the board
                # says HANYA LIHAT): the office's setting baca_tanpa_daftar = true
                reads_unregistered=True,
                lock_timeout=10.0 if lock_timeout is None else lock_timeout,
            )
            svc.start()
            self.services[key] = svc
        return self.services[key]

    def client(
        self,
        path: Path,
        account: str,
        clock: Callable[[], datetime],
        lock_timeout: float | None = None,
    ) -> Context:
        svc = self.service(path, lock_timeout)
        self.sessions.append((account, clock))
        remote = _Client(svc.socket_path, len(self.sessions) - 1)
        return Context(db_path=path, account=account, clock=clock, remote=remote)

    def settings(self, path: Path) -> Path:
        """A settings file (``LAKIP_CONF``) that makes ``lakip`` a client of the service of
        ``path``."""
        svc = self.service(path)
        conf = self.folder / f"{svc.socket_path.stem}.conf"
        conf.write_text(
            f'mode = "{MODE_SERVICE}"\ndb = "{svc.db}"\nsoket = "{svc.socket_path}"\n',
            encoding="utf-8",
        )
        return conf

    def stop(self) -> None:
        for svc in self.services.values():
            svc.stop()
        os.umask(self.umask)  # Service.start sets the service process's umask
        shutil.rmtree(self.folder, ignore_errors=True)


_SERVED: _Served | None = None


def lakip_command(path: Path) -> tuple[list[str], dict[str, str]]:
    """How a test runs ``lakip`` on the data file ``path``: the options before the command
    and the environment. In the protected mode the command is a client of the service."""
    if _SERVED is None:
        return ["--db", str(path)], dict(os.environ)
    return [], {**os.environ, "LAKIP_CONF": str(_SERVED.settings(path))}


@pytest.fixture(params=[MODE_FILE, MODE_SERVICE])
def store_mode(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test twice: on the data file (``berkas``), and in the protected mode
    (``layanan``), where ``context``, ``as_user``, ``small_office`` and ``board_app`` give
    clients of an in-process service instead. A module opts in with
    ``pytestmark = pytest.mark.usefixtures("store_mode")``."""
    global _SERVED
    if request.param == MODE_FILE:
        yield MODE_FILE
        return
    _SERVED = _Served()
    try:
        yield MODE_SERVICE
    finally:
        served, _SERVED = _SERVED, None
        served.stop()


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep tests away from the user's real data and cache folders."""
    home = tmp_path_factory.getbasetemp() / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("LAKIP_DB", raising=False)
    monkeypatch.delenv("LAKIP_OUT", raising=False)
    monkeypatch.setenv("LAKIP_CONF", str(home / "tidak-ada.conf"))  # not this machine's /etc


@pytest.fixture(scope="session")
def demo_template() -> Path:
    """The demo store built once for the session (copy it before writing: see demo_copy)."""
    return _demo_template()


@pytest.fixture()
def demo_db(tmp_path: Path) -> Path:
    """A fresh copy of the demo store (report 2025 at step 7, second pass)."""
    return demo_copy(tmp_path / "data", "demo.json")


@pytest.fixture()
def as_account(demo_db: Path) -> Callable[..., Context]:
    def make(account: str, now: datetime = FIXED_NOW) -> Context:
        return context(demo_db, account, now)

    return make


# -- the product as an office installs it ----------------------------------------------------


@pytest.fixture(scope="session")
def installed() -> Iterator[Installed]:
    """The wheel that ``pip install .`` builds, installed non-editable into a fresh venv that
    every account on the machine may run (see tests/product/installing.py)."""
    from tests.product.installing import install_product

    product = install_product()
    try:
        yield product
    finally:
        shutil.rmtree(product.venv.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def office_accounts(installed: Installed) -> Iterator[OfficeAccounts]:
    """Unix accounts for every role in group ``lakip`` and one outside it (``tamu``), created for
    the session and removed after it (see tests/product/accounts.py)."""
    from tests.product.accounts import OfficeAccounts as Accounts

    accounts = Accounts.create(installed)
    try:
        yield accounts
    finally:
        accounts.remove()


# -- another process holding the real data lock -----------------------------------------------

_HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from store import lock\n"
    "from store.repo import Store\n"
    "store = Store(Path(sys.argv[1]))\n"
    "with lock.hold(store.file.lock_path, 'kasubbag', 5):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(float(sys.argv[2]))\n"
)


@pytest.fixture()
def hold_lock() -> Iterator[Callable[[Path, float], subprocess.Popen[str]]]:
    """Start a second process that holds the data lock of a store (as account kasubbag) for
    some seconds; returns once it holds it. Killed at the end of the test."""
    children: list[subprocess.Popen[str]] = []
    root = Path(__file__).resolve().parent.parent

    def start(db: Path, seconds: float) -> subprocess.Popen[str]:
        env = {**os.environ, "PYTHONPATH": str(root)}
        child = subprocess.Popen(
            [sys.executable, "-c", _HOLD, str(db), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        children.append(child)
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        return child

    yield start
    for child in children:
        child.kill()
        child.wait()
