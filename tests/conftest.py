"""Shared fixtures: temp data files, a fixed clock, and a demo store built once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.product.accounts import OfficeAccounts
    from tests.product.installing import Installed

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from models.numbers import WITA
from usecases.context import Context

FIXED_NOW = datetime(2026, 11, 27, 10, 0, tzinfo=WITA)  # a Friday, 10:00 WITA


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
