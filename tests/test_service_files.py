"""Files across the service's socket (protected mode): a client's workbook goes as its bytes,
documents are made only in the service's folder, a restore takes only the service's backups."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from service.server import Service
from store.repo import Store
from tests.conftest import demo_copy, fixed_clock
from usecases import admin, collection, exporting
from usecases.context import Context
from usecases.remote import Remote, ServiceError
from usecases.reporting import UseCaseError


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    db = demo_copy(tmp_path / "layanan")
    run = Path(tempfile.mkdtemp(dir="/tmp", prefix="lk-"))
    sock = run / "s.sock"
    with Service(db, sock, clock=fixed_clock(), identify=lambda conn: "admin"):
        yield db, sock


def _client(db: Path, sock: Path) -> Context:
    return Context(db_path=db, account="admin", clock=fixed_clock(), remote=Remote(sock))


def test_a_document_goes_only_into_the_service_folder(
    served: tuple[Path, Path], tmp_path: Path
) -> None:
    db, sock = served
    ctx = _client(db, sock)
    elsewhere = tmp_path / "milik-saya" / "surat.docx"
    with pytest.raises(ServiceError, match="folder keluaran kantor"):
        exporting.export_document(ctx, "letter", output=elsewhere)
    assert not elsewhere.parent.exists()
    with pytest.raises(ServiceError, match="folder keluaran kantor"):
        exporting.export_document(ctx, "letter", output=Path("../lepas.docx"))
    made = exporting.export_document(ctx, "letter", output=Path("surat.docx"))
    assert made.path == db.parent / "keluaran" / "surat.docx"
    assert made.path.is_file()


def test_a_workbook_is_sent_as_its_bytes(served: tuple[Path, Path], tmp_path: Path) -> None:
    db, sock = served
    own = tmp_path / "rumah" / "isian SD.csv"
    own.parent.mkdir()
    own.write_text(
        "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi\n"
        "S1;UJI1;Indikator uji;%;positif;100;90\n",
        encoding="utf-8",
    )
    result = collection.import_file(_client(db, sock), own, year=2025)
    assert result.applied, result.problems
    with Store(db).read() as r:
        assert any(i.code == "UJI1" for i in r.indicators(2025))
        assert r.audit()[-1].target == "isian SD.csv"
    with pytest.raises(ServiceError, match="tidak ada"):
        collection.import_file(_client(db, sock), tmp_path / "tidak-ada.csv", year=2025)


def test_a_restore_takes_only_the_service_backups(
    served: tuple[Path, Path], tmp_path: Path
) -> None:
    db, sock = served
    ctx = _client(db, sock)
    made = admin.backup(ctx)
    planted = tmp_path / "rakitan.json"
    planted.write_bytes(db.read_bytes())
    with pytest.raises(UseCaseError, match="hanya cadangan"):
        admin.restore(ctx, planted)
    admin.restore(ctx, Path(made.name))  # a name alone: looked up in the backup folder
    with Store(db).read() as r:
        assert r.audit()[-1].action == "data.dipulihkan"


def test_a_client_that_watches_no_lock_gets_its_answer_after_the_service_waited(
    served: tuple[Path, Path],
    hold_lock: Callable[[Path, float], subprocess.Popen[str]],
) -> None:
    """The service tells a client it waits for the lock (a 'menunggu' frame). A CLI client
    watches nothing and must read past it to the answer; it once took the notice for the
    answer ('diharapkan objek Indicator'), found by the 8 x 250 stress test."""
    from dataclasses import replace

    from usecases import data

    db, sock = served
    ctx = _client(db, sock)
    first = data.load(ctx, 2025).data.indicators[0]
    hold_lock(db, 1.0)
    saved = data.save_indicator(ctx, 2025, replace(first, realisasi=Decimal("12.5")))
    assert saved.realisasi == Decimal("12.5") and saved.rev > first.rev
