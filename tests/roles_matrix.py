"""The role x action matrix's actions and accounts (tests/test_roles.py runs it on the file,
tests/test_service.py through the store service): what each action sets up as the
administrator, then does as the account."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from store.repo import Store
from tests.conftest import fixed_clock
from usecases import admin, collection, data, exporting, reporting
from usecases.context import Context

ACCOUNTS = {
    "kepala_dinas": "kadis",
    "sekretaris": "sekretaris",
    "kasubbag": "kasubbag",
    "staf": "staf1",
    "unknown": "tamu",
    "admin": "adm",
}


# -- the actions: (setup as the administrator, then the action as the account) -----------------


def file_ctx(db: Path, account: str) -> Context:
    return Context(db_path=db, account=account, clock=fixed_clock())


def new_year_at(step: int) -> Callable[[Path], None]:
    walkers = {1: "kadis", 2: "kasubbag", 3: "staf1"}

    def setup(db: Path) -> None:
        admin.add_year(file_ctx(db, "adm"), 2026, make_current=False)
        for n in range(1, step):
            reporting.advance(file_ctx(db, walkers[n]), year=2026, note="lanjut")

    return setup


def no_setup(db: Path) -> None:
    pass


def freeze(db: Path) -> None:
    with Store(db).write("adm", fixed_clock()()) as w:
        w.save_report(replace(w.report(2025), frozen=True))


def backup(db: Path) -> None:
    Store(db).file.backup("manual")


def indicator(ctx: Context) -> object:
    first = data.load(ctx, 2025).data.indicators[0]
    return data.save_indicator(ctx, 2025, replace(first, realisasi=(first.realisasi or 0) + 1))


def budget(ctx: Context) -> object:
    first = data.load(ctx, 2025).data.budget[0]
    return data.save_budget(ctx, 2025, replace(first, realisasi=first.realisasi + Decimal(1)))


def import_csv(ctx: Context) -> object:
    csv = ctx.db_path.parent / "impor.csv"
    csv.write_text(
        "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi\n"
        "S1;UJI1;Indikator uji;%;positif;100;90\n",
        encoding="utf-8",
    )
    return collection.import_file(ctx, csv, year=2025)


def restore(ctx: Context) -> object:
    source = admin.newest_good_backup(ctx)
    assert source is not None
    return admin.restore(ctx, source)


ACTIONS: dict[str, tuple[Callable[[Path], None], Callable[[Context], object]]] = {
    "complete step 1 (Kepala Dinas)": (
        new_year_at(1),
        lambda c: reporting.advance(c, year=2026, note="disposisi"),
    ),
    "complete step 2 (Kasubbag)": (
        new_year_at(2),
        lambda c: reporting.advance(c, year=2026, note="format"),
    ),
    "complete step 3 (Staf)": (
        new_year_at(3),
        lambda c: reporting.advance(c, year=2026, note="dikirim"),
    ),
    "complete step 7 (Sekretaris)": (no_setup, lambda c: reporting.advance(c, note="koreksi")),
    "complete step 7 with admin reason": (
        no_setup,
        lambda c: reporting.advance(c, note="koreksi", override_reason="Sekretaris dinas luar"),
    ),
    "return step 7 to 6": (no_setup, lambda c: reporting.send_back(c, to=6, note="perbaiki")),
    "return step 7 to 6 with admin reason": (
        no_setup,
        lambda c: reporting.send_back(c, to=6, note="perbaiki", override_reason="cuti"),
    ),
    "edit an indicator": (no_setup, indicator),
    "edit a budget line": (no_setup, budget),
    "import a CSV": (no_setup, import_csv),
    "tick a bidang on the step-4 list": (
        no_setup,
        lambda c: reporting.record_bidang_return(c, bidang="SD", undo=True),
    ),
    "export a document": (
        no_setup,
        lambda c: exporting.export_document(c, "letter", output=c.db_path.parent / "out"),
    ),
    "export the data forms": (
        no_setup,
        lambda c: collection.export_forms(c, bidang="SD", out_dir=c.db_path.parent / "forms"),
    ),
    "number a letter": (no_setup, lambda c: exporting.number_letter(c, new=True)),
    "manage users": (
        no_setup,
        lambda c: admin.save_user(c, "baru", role="staf", name="Baru", belum_ada=True),
    ),
    "restore a backup": (backup, restore),
    "reopen a signed report": (freeze, lambda c: reporting.reopen(c, reason="salah ketik")),
    "sop set": (no_setup, lambda c: admin.set_step(c, 7, role=None, waktu="2 hari")),
    "year add": (no_setup, lambda c: admin.add_year(c, 2027)),
    "year use": (new_year_at(1), lambda c: admin.set_current_year(c, 2026)),
}
