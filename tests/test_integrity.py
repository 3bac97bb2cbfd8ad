"""Issue 16: roles, numbers, signing and checks (one test per item, each failing before its fix)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from store.repo import Store
from tests.conftest import BOGOR, FIXED_NOW, fill_quality_gaps, fixed_clock
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


# -- item 5: no formula in the step-2 workbooks ------------------------------------------------

INJECTIONS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://contoh.invalid/x","klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
)


def test_workbook_text_is_never_a_formula(tmp_path: Path) -> None:
    import openpyxl

    from exporters.workbook import build_form
    from models.domain import Bidang, BudgetLine, Indicator, Sasaran

    bid = Bidang(code="SD", name=INJECTIONS[1])
    path = tmp_path / "form.xlsx"
    data = build_form(
        profile=BOGOR, year=2025, bidang=bid,
        sasaran=(Sasaran(id="s", year=2025, code="S1", name=INJECTIONS[0]),),
        indicators=tuple(
            Indicator(id=f"i{k}", year=2025, sasaran_code="S1", code=f"IK{k}", name=text,
                      satuan=text, data_source=text, bidang="SD")
            for k, text in enumerate(INJECTIONS)
        ),
        budget=(BudgetLine(id="b", year=2025, code="1.01", name=INJECTIONS[2], bidang="SD"),),
    )  # fmt: skip
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    seen = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    seen.append(cell.value)
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
    assert set(INJECTIONS) <= set(seen)


# -- item 6: account names -------------------------------------------------------------------

BAD_ACCOUNTS = (
    "",
    "  ",
    "budi santoso",
    "../etc",
    "a/b",
    "x\x1b[2J",
    "ab\u202ecod",
    "-rf",
    "\x9b1m",
)


@pytest.mark.parametrize("account", BAD_ACCOUNTS)
def test_users_add_refuses_bad_account_names(office_db: Path, account: str) -> None:
    from models.text import TextError

    ctx = _ctx(office_db, "admin")
    with pytest.raises(TextError, match="Nama akun") as caught:
        admin.save_user(ctx, account, belum_ada=True, name="Budi")
    message = str(caught.value)
    assert not any(c in message for c in "\x1b\x9b\u202e")
    assert account not in {u.account for u in admin.list_users(ctx)}


def test_cli_users_add_never_echoes_escapes(
    office_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    for account in ("x\x1b[2J", "ab\u202ecod"):
        code = main(["--db", str(office_db), "users", "add", account, "--belum-ada"])
        err = capsys.readouterr().err
        assert code != 0
        assert "Nama akun" in err and not any(c in err for c in "\x1b\u202e"), err


# -- item 8: letter numbers never repeat -------------------------------------------------------


def _with_staf(db: Path) -> None:
    from models.sop import Role

    admin.save_user(_ctx(db, "admin"), "staf1", belum_ada=True, name="Staf", role=Role.STAF)


def test_only_an_admin_changes_the_letter_number_pattern(office_db: Path) -> None:
    from dataclasses import replace

    from usecases import data

    _with_staf(office_db)
    staf = _ctx(office_db, "staf1")
    with staf.store.read() as r:
        profile = r.profile()
    with pytest.raises(UseCaseError, match="admin"):
        data.save_profile(staf, 2025, replace(profile, letter_template="{urut}/{tahun}/X"))
    with pytest.raises(UseCaseError, match="admin"):
        data.save_profile(staf, 2025, replace(profile, letter_klasifikasi="999"))
    saved = data.save_profile(staf, 2025, replace(profile, city="Bogor Tengah"))  # still allowed
    saved = data.save_profile(
        _ctx(office_db, "admin"), 2025, replace(saved, letter_template="{urut}/{tahun}/X")
    )
    assert saved.letter_template == "{urut}/{tahun}/X"


@pytest.mark.parametrize(
    "template",
    ["{klasifikasi}/Disdikbud-BLG/{tahun}", "{{urut}}/{tahun}", "{klasifikasi}/{{urut}}", ""],
)
def test_a_pattern_without_the_sequence_is_refused(template: str) -> None:
    from models.domain import LetterTemplateError, check_letter_template

    with pytest.raises(LetterTemplateError, match="urut"):
        check_letter_template(template)


def test_the_register_refuses_a_number_it_already_issued(office_db: Path) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from store.errors import StoreError

    ctx = _ctx(office_db, "admin")
    with ctx.store.write("admin", ctx.now()) as w:
        w.save_profile(replace(w.profile(), letter_template="X/{urut:04d}"))
        assert w.issue_letter(2025, w.profile()).number == "X/0001"
    # no {tahun} in the pattern: the register starts again at 1 in the next year, same string
    later = ctx.now() + timedelta(days=400)
    with pytest.raises(StoreError, match="sudah pernah"), ctx.store.write("admin", later) as w:
        w.issue_letter(2026, w.profile())
    with ctx.store.read() as r:
        assert [x.number for x in r.letters()] == ["X/0001"]


async def test_the_profile_screen_keeps_the_numbering_for_the_admin(tmp_path: Path) -> None:
    from textual.app import App

    from tests.conftest import YEAR, as_user, small_office
    from tui.screens.profile import ProfileScreen

    ctx = small_office(tmp_path)  # 'admin' is admin, 'staf2' a Staf
    for account, locked in (("staf2", True), ("admin", False)):
        screen = ProfileScreen(as_user(ctx, account), YEAR)

        class Host(App[None]):
            def on_mount(self) -> None:
                self.push_screen(screen)  # noqa: B023

        async with Host().run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in ("letter_template", "letter_klasifikasi"):
                assert screen.field(key).input.disabled is locked, (account, key)
            assert not screen.field("city").input.disabled


# -- item 9: step 9 signs only the document of the current data --------------------------------


def test_step_9_refuses_a_stale_lakip_and_signed_tells_the_truth(
    as_account: Any, tmp_path: Path
) -> None:
    from dataclasses import replace
    from decimal import Decimal

    from models.workflow import WorkflowError
    from usecases import data
    from usecases.exporting import export_document
    from usecases.reporting import advance, reopen

    fill_quality_gaps(as_account("staf1"))  # the gate of step 9 finds nothing
    advance(as_account("sekretaris"), note="koreksi selesai")  # 7 -> 8
    advance(as_account("sekretaris"), note="diajukan")  # 8 -> 9
    stale = export_document(as_account("staf1"), "lakip", output=tmp_path / "lama")
    staf = as_account("staf1")
    item = data.load(staf, 2025).data.indicators[0]
    data.save_indicator(staf, 2025, replace(item, realisasi=Decimal("1.5")))  # after the export
    with pytest.raises(WorkflowError, match="ekspor LAKIP lagi"):
        advance(as_account("kadis"), note="disetujui")
    fresh = export_document(as_account("staf1"), "lakip", output=tmp_path / "baru")
    advance(as_account("kadis"), note="disetujui")
    with as_account("kadis").store.read() as r:
        signed = r.report(2025).signatures[-1]
    assert signed.sha256 == fresh.sha256 != stale.sha256
    again = export_document(as_account("staf1"), "lakip", output=tmp_path / "t1", as_signed=True)
    assert again.sha256 == fresh.sha256
    assert any("Data tidak berubah" in n for n in again.notes)
    # reopened and changed (at the same clock minute): never "Data tidak berubah"
    reopen(as_account("admin"), reason="salah ketik")
    item = data.load(staf, 2025).data.indicators[0]
    data.save_indicator(staf, 2025, replace(item, realisasi=Decimal("2.5")))
    # ... and never a file named as signed that is not the signed one (issue 12): refused
    with pytest.raises(UseCaseError, match="tidak dapat dibuat ulang") as refused:
        export_document(as_account("staf1"), "lakip", output=tmp_path / "t2", as_signed=True)
    assert "BUKAN versi yang ditandatangani" in str(refused.value)
    assert "Data tidak berubah" not in str(refused.value)
    assert not (tmp_path / "t2").exists() or not list((tmp_path / "t2").iterdir())


# -- item 15: the last active administrator stays ----------------------------------------------


def test_the_last_admin_cannot_deactivate_or_demote_themselves(office_db: Path) -> None:
    ctx = _ctx(office_db, "admin")
    for change in ({"active": False}, {"is_admin": False}):
        with pytest.raises(UseCaseError, match="minimal satu admin aktif"):
            admin.save_user(ctx, "admin", **change)
    assert admin.list_users(ctx)[0].is_admin and admin.list_users(ctx)[0].active
    # with a second active admin, the first may step down
    admin.save_user(ctx, "budi", belum_ada=True, is_admin=True)
    admin.save_user(ctx, "admin", active=False)
    with pytest.raises(UseCaseError, match="minimal satu admin aktif"):
        admin.save_user(_ctx(office_db, "budi"), "budi", active=False)


# -- item 16: import in time linear in its rows, with limits --------------------------------


def _indicator_csv(path: Path, rows: int, start: int = 0) -> Path:
    lines = ["kode_sasaran;sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi"]
    lines += [f"S1;Akses;IKX.{k};Indikator {k};%;positif;80;70,5" for k in range(start, rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_applies_its_rows_without_a_table_scan_per_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tinydb.table import Table

    from tests.conftest import small_office
    from usecases.collection import import_file

    ctx = small_office(tmp_path)
    calls = {"n": 0}
    for name in ("get", "_update_table", "search", "insert"):
        original = getattr(Table, name)

        def counted(self: Table, *a: Any, _original: Any = original, **k: Any) -> Any:
            calls["n"] += 1
            return _original(self, *a, **k)

        monkeypatch.setattr(Table, name, counted)
    result = import_file(ctx, _indicator_csv(tmp_path / "a.csv", 400), year=2025)
    assert result.applied and len(result.changes) == 400
    assert calls["n"] < 40, calls  # TinyDB is asked per table, not per row


def test_import_refuses_too_many_rows_and_too_big_files(tmp_path: Path) -> None:
    from tests.conftest import small_office
    from usecases import collection

    ctx = small_office(tmp_path)
    before = ctx.db_path.read_bytes()
    rows = _indicator_csv(tmp_path / "banyak.csv", collection.IMPORT_MAX_ROWS + 1)
    with pytest.raises(
        UseCaseError, match=f"paling banyak {collection.IMPORT_MAX_ROWS:,}".replace(",", ".")
    ):
        collection.import_file(ctx, rows, year=2025)
    big = tmp_path / "besar.csv"
    with big.open("wb") as f:
        f.truncate(collection.IMPORT_MAX_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(UseCaseError, match="terlalu besar"):
        collection.import_file(ctx, big, year=2025)
    assert ctx.db_path.read_bytes() == before


def test_import_refuses_a_workbook_with_too_many_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from tests.conftest import small_office
    from usecases import collection

    ctx = small_office(tmp_path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Indikator")
    ws.append(["kode_sasaran", "kode_indikator", "indikator", "satuan", "polaritas", "target",
               "realisasi"])  # fmt: skip
    for k in range(collection.IMPORT_MAX_ROWS + 1):
        ws.append(["S1", f"IKX.{k}", "x", "%", "positif", 1, 1])
    path = tmp_path / "banyak.xlsx"
    wb.save(path)
    with pytest.raises(UseCaseError, match="paling banyak"):
        collection.import_file(ctx, path, year=2025)


# -- item 18: check looks at every record and at the audit trail's chain -----------------------


def _edit(db: Path, change: Any) -> None:
    import json

    raw = json.loads(db.read_text(encoding="utf-8"))
    change(raw)
    db.write_text(json.dumps(raw), encoding="utf-8")


def _problems(db: Path) -> list[str]:
    items = admin.check(_ctx(db, "admin"))
    return [f"{i.what}: {i.detail}" for i in items if not i.ok and i.what != "Cadangan"]


def _first(raw: dict[str, Any], table: str) -> dict[str, Any]:
    return next(iter(raw[table].values()))  # type: ignore[no-any-return]


BAD_RECORDS = {
    "target bukan angka": lambda raw: _first(raw, "indicators").update(target="banyak"),
    "passes bukan daftar": lambda raw: _first(raw, "reports").update(passes="x"),
    "peran tak dikenal": lambda raw: _first(raw, "users").update(role="raja"),
    "created_at bukan waktu": lambda raw: _first(raw, "reports").update(created_at="kemarin"),
    "audit tanpa akun": lambda raw: _first(raw, "audit").pop("account"),
}


@pytest.mark.parametrize("name", list(BAD_RECORDS))
def test_check_finds_a_record_of_the_wrong_shape(demo_db: Path, name: str) -> None:
    assert _problems(demo_db) == []
    _edit(demo_db, BAD_RECORDS[name])
    problems = _problems(demo_db)
    assert any(p.startswith("Catatan data") for p in problems), problems


def test_check_finds_a_deleted_or_rewritten_audit_entry(demo_db: Path, tmp_path: Path) -> None:
    import shutil

    copies = {k: tmp_path / f"{k}.json" for k in ("hapus", "ubah", "akhir")}
    for path in copies.values():
        shutil.copyfile(demo_db, path)
    _edit(copies["hapus"], lambda raw: raw["audit"].pop("5"))
    _edit(copies["ubah"], lambda raw: raw["audit"]["7"].update(note="tidak pernah terjadi"))

    def drop_last(raw: dict[str, Any]) -> None:
        raw["audit"].pop(str(max(int(k) for k in raw["audit"])))

    _edit(copies["akhir"], drop_last)
    assert any("entri 5" in p for p in _problems(copies["hapus"])), _problems(copies["hapus"])
    assert any("entri 7" in p for p in _problems(copies["ubah"])), _problems(copies["ubah"])
    assert any("Jejak audit" in p for p in _problems(copies["akhir"])), _problems(copies["akhir"])


def test_a_store_of_schema_2_starts_its_chain_at_migration(office_db: Path) -> None:
    from store.datafile import SCHEMA_VERSION

    def as_schema_2(raw: dict[str, Any]) -> None:
        meta = raw["_meta"]["1"]
        meta["schema"] = 2
        for key in ("audit_hash", "audit_chain_from"):
            meta.pop(key, None)
        for entry in raw["audit"].values():
            entry.pop("prev_hash", None)

    _edit(office_db, as_schema_2)
    ctx = _ctx(office_db, "admin")
    admin.save_user(ctx, "budi", belum_ada=True, name="Budi")  # the first change migrates
    with ctx.store.read() as r:
        assert r.tx.meta["schema"] == SCHEMA_VERSION == 5
        old = r.tx.meta["audit_chain_from"]
    items = admin.check(ctx)
    audit = next(i for i in items if i.what == "Jejak audit")
    assert audit.ok and f"sejak entri {old}" in audit.detail and "migrasi" in audit.detail
    _edit(office_db, lambda raw: raw["audit"]["1"].update(note="diubah"))  # before the chain
    assert _problems(office_db) == []


def test_migration_to_schema_3_moves_the_demo_mark_to_meta() -> None:
    from store.migrations import MIGRATIONS

    data: dict[str, Any] = {
        "_meta": {"1": {"app": "lakip", "schema": 2, "audit_seq": 0, "next_id": 1}},
        "settings": {"1": {"demo": True, "current_year": 2025}},
    }
    out = MIGRATIONS[2](data)
    assert out["_meta"]["1"]["demo"] is True and "demo" not in out["settings"]["1"]
    assert (out["_meta"]["1"]["audit_chain_from"], out["_meta"]["1"]["audit_hash"]) == (0, "")


# -- item 19: what was a traceback is a clear Indonesian message ---------------------------------

HAND_EDITS = {
    "audit_seq": lambda raw: raw["_meta"]["1"].update(audit_seq="x"),
    "next_id": lambda raw: raw["_meta"]["1"].update(next_id=[1]),
    "letter_seq": lambda raw: raw["_meta"]["1"].update(letter_seq=[1]),
    "passes": lambda raw: _first(raw, "reports").update(passes=[]),
    "office_start": lambda raw: raw["profile"]["1"].update(office_start="25:99"),
    "sop_overrides": lambda raw: raw["settings"]["1"].update(sop_overrides="abc"),
}


def _cli(*args: str) -> tuple[int, str]:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=root,
        timeout=120,
    )  # fmt: skip
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("name", list(HAND_EDITS))
def test_hand_edits_get_a_message_never_a_traceback(demo_db: Path, name: str) -> None:
    from dataclasses import replace

    from models.errors import LakipError
    from usecases import data

    _edit(demo_db, HAND_EDITS[name])
    for command in (("status",), ("log",), ("bidang", "list"), ("check",)):
        code, out = _cli("--db", str(demo_db), *command)
        assert "tak terduga" not in out and "Traceback" not in out, (command, out)
    code, out = _cli("--db", str(demo_db), "check")
    assert code == 1 and "Semua baik" not in out, out
    ctx = _ctx(demo_db, "admin")  # changes: refused with a message, or made
    for change in (
        lambda: admin.save_user(ctx, "budi", belum_ada=True, name="Budi"),  # a record, audited
        lambda: data.save_profile(ctx, 2025, replace(data.load(ctx, 2025).data.profile, city="X")),
        lambda: _issue_letter(ctx),
    ):
        try:
            change()
        except LakipError as exc:
            assert str(exc)


def _issue_letter(ctx: Context) -> None:
    with ctx.store.write(ctx.account, ctx.now()) as w:
        w.issue_letter(2025, w.profile())


def test_a_folder_for_the_data_file_or_its_lock_is_said(tmp_path: Path, demo_db: Path) -> None:
    folder = tmp_path / "lakip.json"
    folder.mkdir()
    for command in (("status",), ("check",), ("backup",)):
        code, out = _cli("--db", str(folder), *command)
        assert code in (1, 3) and "adalah sebuah folder" in out, (command, out)
    (demo_db.parent / (demo_db.name + ".lock")).mkdir()
    code, out = _cli("--db", str(demo_db), "check")
    assert code == 1 and "adalah sebuah folder" in out and "tak terduga" not in out, out
    from store.errors import StoreError

    with pytest.raises(StoreError, match=r"berkas kunci .*sebuah folder"):
        admin.save_user(_ctx(demo_db, "admin"), "budi", belum_ada=True, name="Budi")


@pytest.mark.parametrize("given", ["besok", "31/02/2025"])
def test_a_delivery_date_that_is_no_date_is_said(demo_db: Path, given: str) -> None:
    code, out = _cli(
        "--db", str(demo_db), "advance", "--tanggal-kirim", given, "--lokasi-arsip", "lemari",
        "--unggah-esakip", "ya",
    )  # fmt: skip
    assert code != 0 and "tak terduga" not in out and given in out, out


def test_accounts_outside_and_foreign_folders_get_messages(office_accounts: Any) -> None:
    acc = office_accounts
    srv = acc.shared_folder("pesan")
    db = srv / "lakip.json"
    made = acc.run("staf1", "--db", str(db), "demo", "--no-tui")
    assert made.returncode == 0, made.stderr
    private = acc.home("kadis")  # 0700, kadis's own
    outputs = {
        "board as tamu": acc.run("tamu", "--db", str(db)),
        "init as tamu": acc.run("tamu", "--db", str(srv / "baru.json"), "init", "--yes"),
        "check in a 0700 folder": acc.run("staf1", "--db", str(private / "lakip.json"), "check"),
        "export into /etc": acc.run(
            "staf1", "--db", str(db), "export", "disposition", "-o", "/etc/x.docx"
        ),
    }
    for what, done in outputs.items():
        text = done.stdout + done.stderr
        assert done.returncode != 0, (what, text)
        assert "tak terduga" not in text and "Traceback" not in text, (what, text)


# -- item 20: the smaller points ------------------------------------------------------------------


async def test_the_conflict_dialog_names_a_difference_in_any_field(tmp_path: Path) -> None:
    from textual.app import App

    from models.domain import Polarity
    from tests.conftest import YEAR, as_user, small_office
    from tui.screens.data_base import ConflictDialog, FormScreen
    from tui.screens.indicators import IndicatorsScreen
    from usecases import data

    ctx = small_office(tmp_path)
    screen = IndicatorsScreen(ctx, YEAR)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    async with Host().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        stored = next(i for i in data.load(ctx, YEAR).data.indicators if i.code == "IK1.1")
        data.save_indicator(
            as_user(ctx, "staf2"), YEAR,
            replace(stored, polarity=Polarity.NEGATIF, data_source="Dapodik", history={}),
        )  # fmt: skip
        await pilot.press("f2")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConflictDialog)
        shown = "\n".join(dialog.differences)
        assert "sama dengan yang tersimpan" not in shown
        for label in ("Polaritas", "Sumber data", "Realisasi tahun lalu"):
            assert label in shown, shown


def test_the_conflict_dialog_knows_every_indicator_field() -> None:
    from models.domain import Indicator, content_fields
    from tui.screens.indicators import INDICATOR_LABELS

    assert tuple(INDICATOR_LABELS) == content_fields(Indicator)


def test_backup_writes_an_audit_entry(office_db: Path) -> None:
    path = admin.backup(_ctx(office_db, "admin"))
    entry = admin.audit(_ctx(office_db, "admin"))[-1]
    assert (entry.action, entry.account) == ("data.cadangan", "admin")
    assert path.name in entry.note


@pytest.mark.parametrize("year", [0, -5, 1999, 2101, 99999999])
def test_year_add_refuses_a_year_out_of_range(office_db: Path, year: int) -> None:
    with pytest.raises(UseCaseError, match="2000"):
        admin.add_year(_ctx(office_db, "admin"), year)


def test_year_add_keeps_the_active_year_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import BOGOR_INIT
    from tui.cli import main

    db = str(tmp_path / "lakip.json")
    assert main(["--db", db, "init", "--yes", "--year", "2025", *BOGOR_INIT]) == 0
    capsys.readouterr()
    assert main(["--db", db, "year", "add", "2026"]) == 0
    out = capsys.readouterr().out
    assert "tahun aktif tetap 2025" in out and "--aktifkan" in out, out
    with Store(Path(db)).read() as r:
        assert r.current_year() == 2025
    assert main(["--db", db, "year", "add", "2027", "--aktifkan"]) == 0
    assert "dijadikan tahun aktif" in capsys.readouterr().out
    with Store(Path(db)).read() as r:
        assert r.current_year() == 2027


def test_killed_exports_leftovers_are_reported_and_cleaned(demo_db: Path, tmp_path: Path) -> None:
    import os
    import time

    from usecases.exporting import export_document

    ctx = _ctx(demo_db, "staf1")
    out = ctx.out_dir()
    out.mkdir(parents=True, exist_ok=True)
    # store.files' temp names: .<target>.<16 hex>.tmp
    old = out / ".LAKIP-2025-Disdikbud.docx.0123456789abcdef.tmp"
    fresh = out / ".Surat-Pengantar.docx.fedcba9876543210.tmp"
    old.write_bytes(b"PK setengah")
    fresh.write_bytes(b"PK sedang ditulis")
    hours_ago = time.time() - 3 * 3600
    os.utime(old, (hours_ago, hours_ago))
    item = next(i for i in admin.check(ctx) if i.what == "Sisa ekspor")
    assert not item.ok and old.name in item.detail and str(out) in item.detail
    export_document(ctx, "disposition", output=out)
    assert not old.exists() and fresh.exists()  # a fresh one may be another export's


def test_the_lock_holders_time_is_shown_in_the_offices_zone(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from store import lock
    from store.errors import LockTimeout

    monkeypatch.setenv("TZ", "America/New_York")  # the holder's process runs in another zone
    time.tzset()
    try:
        store = Store(demo_db, lock_timeout=0.2)
        with (
            lock.hold(store.file.lock_path, "kadis", 1.0),
            pytest.raises(LockTimeout) as caught,
            store.write("admin", FIXED_NOW),
        ):
            pass
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    message = str(caught.value)
    assert "kadis" in message and "WITA" in message and "-05:00" not in message, message


def test_the_budget_conflict_dialog_lists_every_differing_field() -> None:
    from decimal import Decimal

    from models.domain import BudgetLine, content_fields
    from tui.screens.budget import BUDGET_LABELS
    from tui.screens.data_base import field_differences

    assert tuple(BUDGET_LABELS) == content_fields(BudgetLine)
    stored = BudgetLine(id="b", year=2025, code="1.01", name="Program", pagu=Decimal(1000))
    mine = replace(stored, bidang="SD", pagu=Decimal(1000))
    assert field_differences(stored, mine, BUDGET_LABELS) == ["Bidang: tersimpan -; isian Anda SD"]


def test_backup_waiting_for_the_lock_names_the_office_time(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from store import lock
    from store.errors import LockTimeout

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        ctx = replace(_ctx(demo_db, "admin"), lock_timeout=0.2)
        with lock.hold(ctx.store.file.lock_path, "kadis", 1.0), pytest.raises(LockTimeout) as e:
            admin.backup(ctx)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert "WITA" in str(e.value) and "-05:00" not in str(e.value), str(e.value)


def test_a_sending_date_still_to_come_is_refused_at_step_11(demo_db: Path) -> None:
    from datetime import timedelta

    from models.sop import Role
    from tests.conftest import as_user, context, walk_to_letter_step
    from usecases.context import unix_account
    from usecases.exporting import number_letter
    from usecases.reporting import advance

    ctx = context(demo_db)
    admin.save_user(ctx, unix_account(), name="Penguji", role=Role.STAF)
    t = walk_to_letter_step(ctx) + timedelta(minutes=5)
    number_letter(as_user(ctx, "kasubbag", t))
    advance(as_user(ctx, "kasubbag", t), note="surat bernomor")  # 10 -> 11, staf holds it
    given = {"lokasi_arsip": "Lemari B2", "unggah_esakip": "diunggah"}
    staf = as_user(ctx, "staf1", t)  # Friday 27 November 2026, WITA
    with pytest.raises(UseCaseError, match=r"Tanggal kirim 28 November 2026 belum tiba \(hari "
                       r"ini 27 November 2026\)"):  # fmt: skip
        advance(staf, note="terkirim", data={**given, "tanggal_kirim": "28-11-2026"})
    code, out = _cli(
        "--db", str(demo_db), "advance", "--tanggal-kirim", "01-01-2099", "--lokasi-arsip",
        "lemari", "--unggah-esakip", "ya",
    )  # fmt: skip
    assert code == 1 and "Tanggal kirim 1 Januari 2099 belum tiba" in out, out
    with ctx.store.read() as r:
        assert r.report(2025).passes[-1].step == 11  # nothing recorded
    done = advance(staf, note="terkirim", data={**given, "tanggal_kirim": "27-11-2026"})
    assert done.passes[-1].data["tanggal_kirim"] == "27-11-2026"


async def test_hand_edited_office_hours_leave_the_board_open_to_mend_them(demo_db: Path) -> None:
    """Office hours edited by hand into '25:99' stopped the board and `lakip status` with a
    message sending the admin to the profile screen, which could not be reached. Now the
    default hours stand in, said on the board's header and in status, and the admin opens
    the profile screen from the board."""
    from tests.conftest import board_app
    from tui.screens.profile import ProfileScreen

    _edit(demo_db, HAND_EDITS["office_start"])
    code, out = _cli("--db", str(demo_db), "status")
    assert code == 0 and "PERHATIAN: Jam kerja di Profil kantor tidak sah" in out, out
    assert "jam 07:30-16:00" in out
    app = board_app(demo_db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one("#header").render())
        assert "PERHATIAN: Jam kerja di Profil kantor tidak sah" in header, header
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
