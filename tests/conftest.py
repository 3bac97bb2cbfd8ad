"""Shared fixtures: temp data files, a fixed clock, and a demo store built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
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
from usecases.admin import init_store
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


# -- stores and contexts: the one place tests make them ---------------------------------------

YEAR = 2025  # the report year of the demo and of the small office
SMALL_NOW = datetime(2026, 2, 10, 9, 0, tzinfo=OfficeZone.WITA.tz)


def context(path: Path, account: str = "admin", now: datetime = FIXED_NOW) -> Context:
    """A session on the data file ``path`` as ``account`` with the clock stopped at ``now``."""
    return Context(db_path=path, account=account, clock=fixed_clock(now))


def as_user(ctx: Context, account: str, now: datetime | None = None) -> Context:
    """The same data file as another account (and, if given, another moment)."""
    return Context(
        db_path=ctx.db_path, account=account, clock=ctx.clock if now is None else fixed_clock(now)
    )


def freeze(ctx: Context, year: int = YEAR) -> None:
    """Mark the report year as signed (frozen), as step 9 does."""
    with ctx.store.write("admin", ctx.now()) as w:
        w.save_report(replace(w.report(year), frozen=True))


@cache
def _demo_template() -> Path:
    from usecases.demo import build_demo

    path = Path(tempfile.mkdtemp(prefix="lakip-demo-")) / "demo.json"
    build_demo(context(path))
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
    indicators and three budget lines."""
    ctx = context(tmp_path / "lakip.json", account, SMALL_NOW)
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
    return ctx


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
    """The board app on the data file ``path`` as ``account``, at FIXED_NOW."""
    from tui.app import LakipApp as App

    return App(context(path, account), **kw)


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
