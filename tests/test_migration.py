"""A data file of schema 1 (before the office time zone and the one-record signers) keeps
working: read as schema 2 without being written, migrated on the first change."""

from __future__ import annotations

import json
from pathlib import Path

from models.numbers import OfficeZone
from models.sop import Role
from store import datafile
from tests.conftest import BOGOR, FIXED_NOW, fixed_clock
from usecases.admin import init_store, save_user
from usecases.context import Context
from usecases.reporting import sop_of

KEPALA = {"name": "Drs. Profil", "nip": "19700312 199503 1 004", "pangkat": "IV/c", "jabatan": ""}
SEKRETARIS = {"name": "Hj. Sekretaris", "nip": "19750821 200003 2 006", "pangkat": "IV/b",
              "jabatan": "Sekretaris Dinas"}  # fmt: skip
EMPTY = {"name": "", "nip": "", "pangkat": "", "jabatan": ""}


def schema_1_file(tmp_path: Path) -> Path:
    """What lakip wrote before schema 2: no time zone, officials typed in the profile, the
    Kepala Dinas's user without NIP, and an account named 'sekretaris' holding another role."""
    db = tmp_path / "lakip.json"
    ctx = Context(db_path=db, account="adm", clock=fixed_clock())
    init_store(ctx, profile=BOGOR, year=2025)
    save_user(ctx, "kadis", role="kepala_dinas", name="Drs. Pengguna", belum_ada=True)
    save_user(ctx, "sekretaris", role="staf", name="Staf Bernama Sekretaris", belum_ada=True)
    raw = json.loads(db.read_text())
    raw["_meta"]["1"]["schema"] = 1
    profile = raw["profile"]["1"]
    del profile["timezone"]
    profile.update(kepala=KEPALA, sekretaris=SEKRETARIS, kasubbag=EMPTY)
    raw["settings"]["1"].pop("sop_header", None)
    db.write_text(json.dumps(raw))
    return db


def test_schema_1_is_read_as_schema_2_without_writing(tmp_path: Path) -> None:
    db = schema_1_file(tmp_path)
    before = db.read_bytes()
    ctx = Context(db_path=db, account="adm", clock=fixed_clock())
    with ctx.store.read() as r:
        profile, users = r.profile(), {u.account: u for u in r.users()}
        sop = sop_of(r)
    assert profile.timezone is OfficeZone.WITA  # schema 1 knew only WITA
    kadis = users["kadis"]
    assert kadis.name == "Drs. Pengguna"  # the user's own name is kept ...
    assert (kadis.nip, kadis.pangkat) == (KEPALA["nip"], KEPALA["pangkat"])  # ... gaps filled
    moved = users["sekretaris-profil"]  # 'sekretaris' is taken by someone else
    assert (moved.role, moved.name, moved.nip) == (
        Role.SEKRETARIS,
        SEKRETARIS["name"],
        SEKRETARIS["nip"],
    )
    assert users["sekretaris"].role is Role.STAF
    assert not any(u.role is Role.KASUBBAG for u in users.values())  # nothing to move
    assert sop.header.nomor == "004/SOP/Disdikbud-BLG/2023"  # what schema 1 showed
    assert ctx.now().utcoffset() == FIXED_NOW.utcoffset()
    assert db.read_bytes() == before


def test_schema_1_is_migrated_on_the_first_change_after_a_backup(tmp_path: Path) -> None:
    db = schema_1_file(tmp_path)
    ctx = Context(db_path=db, account="adm", clock=fixed_clock())
    save_user(ctx, "adm", name="Admin")
    raw = json.loads(db.read_text())
    assert raw["_meta"]["1"]["schema"] == datafile.SCHEMA_VERSION == 5
    assert raw["_meta"]["1"]["audit_chain_from"] > 0  # the chain starts at the migration
    assert raw["profile"]["1"]["timezone"] == "WITA"
    assert not {"kepala", "sekretaris", "kasubbag"} & set(raw["profile"]["1"])
    assert any("sebelum-migrasi" in p.name for p in ctx.store.file.backups())
    import docx

    from usecases.exporting import export_document

    doc = docx.Document(str(export_document(ctx, "letter").path))
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Drs. Pengguna" in text and f"NIP. {KEPALA['nip']}" in text


def test_schema_4_becomes_5_so_an_older_lakip_only_reads_archives_and_pk(tmp_path: Path) -> None:
    """A lakip of schema 4 knows neither archived years nor PK versions: the file it would
    write carries schema 5, which it opens read-only."""
    db = tmp_path / "lakip.json"
    ctx = Context(db_path=db, account="adm", clock=fixed_clock())
    init_store(ctx, profile=BOGOR, year=2025)
    raw = json.loads(db.read_text())
    raw["_meta"]["1"]["schema"] = 4
    raw.pop("pk", None)
    db.write_text(json.dumps(raw))
    save_user(ctx, "adm", name="Admin")
    raw = json.loads(db.read_text())
    assert raw["_meta"]["1"]["schema"] == 5 and "pk" in raw
    assert any("sebelum-migrasi" in p.name for p in ctx.store.file.backups())
