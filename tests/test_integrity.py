"""Issue 16: roles, numbers, signing and checks (one test per item, each failing before its fix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.repo import Store
from tests.conftest import BOGOR, fixed_clock
from usecases import admin
from usecases.context import Context
from usecases.demo import ensure_demo
from usecases.reporting import UseCaseError


def _ctx(db: Path, account: str) -> Context:
    return Context(db_path=db, account=account, clock=fixed_clock())


@pytest.fixture()
def office_db(tmp_path: Path) -> Path:
    db = tmp_path / "kantor" / "lakip.json"
    admin.init_store(_ctx(db, "admin"), profile=BOGOR, year=2025, name="Admin")
    return db


# -- item 4: demo --reset only replaces a demo store, by its administrator, audited -----------


def test_demo_reset_refuses_an_office_store(office_db: Path) -> None:
    before = office_db.read_bytes()
    for account in ("admin", "tamu"):
        with pytest.raises(UseCaseError, match="bukan data contoh"):
            ensure_demo(_ctx(office_db, account), reset=True)
    assert office_db.read_bytes() == before


def test_demo_reset_needs_the_demo_admin_and_is_audited(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    with pytest.raises(UseCaseError, match="admin"):
        ensure_demo(_ctx(demo_db, "tamu"), reset=True)
    assert demo_db.read_bytes() == before
    assert ensure_demo(_ctx(demo_db, "admin"), reset=True)
    with Store(demo_db).read() as r:
        assert r.is_demo()
        wiped = [a for a in r.audit() if a.action == "demo.direset"]
    assert len(wiped) == 1 and wiped[0].account == "admin"
    assert "sebelum-reset-demo" in wiped[0].note


def test_a_settings_flag_does_not_make_a_store_a_demo(office_db: Path) -> None:
    ctx = _ctx(office_db, "admin")
    with ctx.store.write("admin", ctx.now()) as w:
        w.save_settings(demo=True)  # settings are not where a demo store is marked
    with pytest.raises(UseCaseError, match="bukan data contoh"):
        ensure_demo(ctx, reset=True)
