"""Shared fixtures: temp data files, a fixed clock, and a demo store built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.product.accounts import OfficeAccounts
    from tests.product.installing import Installed

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from models.domain import Profile
from models.numbers import OfficeZone
from usecases.context import Context

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


def fixed_clock(moment: datetime = FIXED_NOW) -> Callable[[], datetime]:
    return lambda: moment


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
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from usecases.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.json"
    build_demo(Context(db_path=path, account="admin", clock=fixed_clock()))
    return path


@pytest.fixture()
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo store (report 2025 at step 7, second pass)."""
    path = tmp_path / "data" / "demo.json"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture()
def as_account(demo_db: Path) -> Callable[..., Context]:
    def make(account: str, now: datetime = FIXED_NOW) -> Context:
        return Context(db_path=demo_db, account=account, clock=fixed_clock(now))

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
