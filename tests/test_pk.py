"""The Perjanjian Kinerja (PK): versions taken from the year's data, signed by the exported
file's SHA-256, never altered by a later revision; the LAKIP measures against the version in
force; the PK document read back for an office that is not the demo's (Kota Bogor)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from models.domain import User
from models.pk import changes_between, in_force
from models.serial import to_data
from models.sop import Role
from store.errors import StoreError
from tests.conftest import YEAR, as_user, freeze, small_office
from usecases import data
from usecases.context import Context
from usecases.exporting import export_document
from usecases.pk import export_pk, new_pk, pk_view, revise_pk, sign_pk
from usecases.reporting import UseCaseError


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a DOCX, one per line."""
    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def table_rows(path: Path) -> list[list[str]]:
    doc = docx.Document(str(path))
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


@pytest.fixture
def office(tmp_path: Path) -> Context:
    """The small Bogor office with a Kasubbag, a Kepala Dinas with name and NIP."""
    ctx = small_office(tmp_path)
    with ctx.store.write("admin", ctx.now()) as w:
        w.save_user(User(account="kasub", name="Kasubbag", role=Role.KASUBBAG))
        w.save_user(
            User(account="kadis", name="Dr. Hj. Ratna Sari, M.Pd.", nip="19710204 199603 2 001",
                 pangkat="Pembina Utama Muda, IV/c", role=Role.KEPALA_DINAS)
        )  # fmt: skip
    return ctx


def signed_murni(ctx: Context, out: Path) -> Path:
    """PK murni made by the Kasubbag, exported, signed by the Kepala Dinas; its file."""
    new_pk(as_user(ctx, "kasub"), kepala_daerah="Bima Arya")
    made = export_pk(as_user(ctx, "kasub"), output=out / "murni.docx")
    sign_pk(as_user(ctx, "kadis"), tanggal=date(2026, 2, 2))
    return made.path


def set_target(ctx: Context, code: str, target: str) -> None:
    view = data.load(ctx, YEAR)
    ind = next(i for i in view.data.indicators if i.code == code)
    data.save_indicator(ctx, YEAR, replace(ind, target=Decimal(target)))


def test_a_revision_keeps_the_earlier_version_intact_and_signed(
    office: Context, tmp_path: Path
) -> None:
    path = signed_murni(office, tmp_path)
    signed_bytes = path.read_bytes()
    murni = pk_view(office).versions[0]
    assert murni.signature is not None
    assert murni.signature.sha256 == hashlib.sha256(signed_bytes).hexdigest()
    set_target(office, "IK1.1", "120")
    revised = revise_pk(
        as_user(office, "kasub"), alasan="target APK dinaikkan", berlaku=date(YEAR, 7, 1)
    )
    assert revised.number == 1 and revised.signature is None
    assert revised.kepala_daerah == "Bima Arya"  # kept from the version it changes
    view = pk_view(office)
    assert [v.label for v in view.versions] == ["murni", "perubahan ke-1"]
    assert to_data(view.versions[0]) == to_data(murni)  # the signed version untouched
    assert path.read_bytes() == signed_bytes
    # made again, the signed version gives the signed bytes
    again = export_pk(office, versi=0, output=tmp_path / "lagi.docx")
    assert again.path.read_bytes() == signed_bytes
    assert again.sha256 == murni.signature.sha256
    # the store itself refuses to change a signed version
    with office.store.write("admin", office.now()) as w, pytest.raises(StoreError):
        w.save_pk_version(replace(murni, alasan="diubah"))
    changes = changes_between(view.versions[0], view.versions[1])
    assert [(c.what, c.code, c.before, c.after) for c in changes] == [
        ("target diubah", "IK1.1", "100,00", "120,00")
    ]


def test_sign_records_the_sha256_of_the_exported_file(office: Context, tmp_path: Path) -> None:
    path = signed_murni(office, tmp_path)
    version = pk_view(office).versions[0]
    sig = version.signature
    assert sig is not None
    assert sig.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert sig.path == str(path.resolve()) and sig.signed_by == "kadis"
    assert sig.signed_on == date(2026, 2, 2)
    with office.store.read() as r:
        entry = [e for e in r.audit(YEAR) if e.action == "pk.ditandatangani"][-1]
    assert sig.sha256 in entry.note and entry.account == "kadis"
    with pytest.raises(UseCaseError, match="sudah ditandatangani"):
        sign_pk(as_user(office, "kadis"))
    assert pk_view(office).file_states == {0: "cocok"}
    path.write_bytes(path.read_bytes() + b"x")
    assert pk_view(office).file_states == {0: "berubah"}


def test_sign_needs_the_newest_export_of_that_version_unchanged(
    office: Context, tmp_path: Path
) -> None:
    kasub, kadis = as_user(office, "kasub"), as_user(office, "kadis")
    new_pk(kasub)
    with pytest.raises(UseCaseError, match="belum diekspor"):
        sign_pk(kadis)
    made = export_pk(kasub, output=tmp_path / "pk.docx")
    set_target(office, "IK1.1", "110")
    new_pk(kasub)  # the unsigned murni taken again: the export is of the older data
    with pytest.raises(UseCaseError, match="diambil ulang"):
        sign_pk(kadis)
    made = export_pk(kasub, output=tmp_path / "pk2.docx")
    made.path.write_bytes(b"bukan dokumen")
    with pytest.raises(UseCaseError, match="sudah berubah isinya"):
        sign_pk(kadis)
    made = export_pk(kasub, output=tmp_path / "pk3.docx")
    with pytest.raises(UseCaseError, match="belum tiba"):
        sign_pk(kadis, tanggal=date(2030, 1, 1))
    assert sign_pk(kadis).signature is not None
    assert pk_view(office).versions[0].indicators[0].target == Decimal("110")


def test_roles_who_prepares_and_who_signs(office: Context, tmp_path: Path) -> None:
    with pytest.raises(UseCaseError, match="Kasubbag PK2AK atau Sekretaris"):
        new_pk(as_user(office, "staf2"))
    with pytest.raises(UseCaseError, match="Kasubbag PK2AK atau Sekretaris"):
        new_pk(as_user(office, "kadis"))
    with pytest.raises(UseCaseError, match="belum terdaftar"):
        new_pk(as_user(office, "orang_lain"))
    new_pk(as_user(office, "kasub"))
    export_pk(as_user(office, "staf2"), output=tmp_path / "pk.docx")  # any registered account
    with pytest.raises(UseCaseError, match="Hanya Kepala Dinas"):
        sign_pk(as_user(office, "kasub"))
    view = pk_view(as_user(office, "kasub"))
    assert view.prepare_refusal is None and view.sign_refusal is not None
    assert pk_view(office).sign_needs_reason
    assert not pk_view(as_user(office, "kadis")).sign_needs_reason
    with pytest.raises(UseCaseError, match="alasan"):  # the admin may, with a reason, as at step 9
        sign_pk(office)
    signed = sign_pk(office, override_reason="Kepala Dinas dinas luar; tanda tangan basah ada")
    assert signed.signature is not None
    with office.store.read() as r:
        entry = [e for e in r.audit(YEAR) if e.action == "pk.ditandatangani"][-1]
    assert "oleh admin atas nama Kepala Dinas" in entry.note and "dinas luar" in entry.note
    with pytest.raises(UseCaseError, match="sudah ada"):
        new_pk(as_user(office, "kasub"))
    with pytest.raises(UseCaseError, match="di luar tahun"):
        revise_pk(as_user(office, "kasub"), alasan="x", berlaku=date(YEAR + 1, 1, 1))
    with pytest.raises(UseCaseError, match="alasan"):
        revise_pk(as_user(office, "kasub"), alasan=" ", berlaku=date(YEAR, 7, 1))


def test_a_version_without_the_kepala_dinas_nip_is_not_signed(
    office: Context, tmp_path: Path
) -> None:
    with office.store.write("admin", office.now()) as w:
        kadis = w.user("kadis")
        assert kadis is not None
        w.save_user(replace(kadis, nip=""))
    new_pk(office)
    export_pk(office, output=tmp_path / "pk.docx")
    with pytest.raises(UseCaseError, match="NIP Kepala Dinas"):
        sign_pk(as_user(office, "kadis"))
    assert pk_view(office).versions[0].signature is None


def test_the_pk_goes_with_its_archived_year_and_stays_readable(
    office: Context, tmp_path: Path
) -> None:
    path = signed_murni(office, tmp_path)
    before = pk_view(office).versions
    with office.store.write("admin", office.now()) as w:
        w.archive_year(YEAR)
    raw = json.loads(office.db_path.read_text())
    assert not raw.get("pk")  # the shared file keeps no PK of the archived year
    assert pk_view(office).versions == before
    again = export_pk(office, output=tmp_path / "arsip.docx")
    assert again.path.read_bytes() == path.read_bytes()
    with office.store.write("admin", office.now()) as w, pytest.raises(StoreError):
        w.save_pk_version(replace(before[0], signature=None, id="baru", rev=0))


def test_nothing_changes_once_the_lakip_is_signed(office: Context) -> None:
    freeze(office)
    with pytest.raises(UseCaseError, match="sudah ditandatangani; datanya dikunci"):
        new_pk(as_user(office, "kasub"))


def test_export_refuses_to_overwrite(office: Context, tmp_path: Path) -> None:
    new_pk(office)
    target = tmp_path / "pk.docx"
    export_pk(office, output=target)
    before = target.read_bytes()
    with pytest.raises(UseCaseError, match="sudah ada dan tidak ditimpa"):
        export_pk(office, output=target)
    assert target.read_bytes() == before
    assert export_pk(office, output=target, overwrite=True).path == target


def test_pk_document_names_the_offices_own_kepala_daerah(office: Context, tmp_path: Path) -> None:
    path = signed_murni(office, tmp_path)
    text = docx_text(path)
    assert "PERJANJIAN KINERJA TAHUN 2025" in text and "PERUBAHAN" not in text
    assert "Dalam rangka mewujudkan manajemen pemerintahan yang efektif" in text
    assert "KOTA BOGOR" in text and "DINAS PENDIDIKAN" in text
    for foreign in ("Balangan", "Paringin", "BLG", "Bupati"):
        assert foreign not in text
    rows = table_rows(path)
    # Pihak Kedua: the Wali Kota of Bogor, beside the Pihak Pertama at the same height
    pair = [r for r in rows if r[0] == "Pihak Kedua,"]
    assert pair and pair[0][1] == "Pihak Pertama,"
    assert ["Wali Kota Bogor", "Kepala Dinas Pendidikan Kota Bogor"] in rows
    assert ["Bima Arya", "Dr. Hj. Ratna Sari, M.Pd."] in rows
    assert ["", "NIP. 19710204 199603 2 001"] in rows  # the Wali Kota has no NIP
    assert ["Nama", ":", "Bima Arya"] in rows and ["Jabatan", ":", "Wali Kota Bogor"] in rows
    assert ["1", "Akses pendidikan", "APK SD", "%", "100,00"] in rows
    assert ["1", "PROGRAM", "1.000,00"] in rows and ["", "Jumlah", "1.000,00"] in rows
    set_target(office, "IK1.1", "120")
    revise_pk(as_user(office, "kasub"), alasan="pergantian pejabat", berlaku=date(YEAR, 7, 1))
    revised = export_pk(office, output=tmp_path / "perubahan.docx").path
    text = docx_text(revised)
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025" in text
    assert "karena pergantian pejabat, dan berlaku mulai tanggal 1 Juli 2025" in text
    assert ["1", "Akses pendidikan", "APK SD", "%", "120,00"] in table_rows(revised)


def lakip_text(ctx: Context, out: Path) -> tuple[str, list[list[str]]]:
    made = export_document(ctx, "lakip", output=out)
    return docx_text(made.path), table_rows(made.path)


def test_the_lakip_measures_against_the_version_in_force(office: Context, tmp_path: Path) -> None:
    text, _ = lakip_text(office, tmp_path / "tanpa-pk.docx")
    assert "diukur terhadap Perjanjian Kinerja" not in text
    signed_murni(office, tmp_path)
    set_target(office, "IK1.1", "120")  # the data changes; the signed PK still says 100
    text, rows = lakip_text(office, tmp_path / "murni-lakip.docx")
    assert "diukur terhadap Perjanjian Kinerja Tahun 2025 versi murni, ditandatangani " in text
    assert "2 Februari 2026" in text
    target_row = next(r for r in rows if r[:2] == ["IK1.1", "APK SD"] and len(r) == 7)
    assert target_row[3] == "100,00" and target_row[5] == "95,00 %"  # 95 / 100
    # a revision not yet signed is not measured against
    revise_pk(as_user(office, "kasub"), alasan="target APK dinaikkan", berlaku=date(YEAR, 7, 1))
    text, rows = lakip_text(office, tmp_path / "belum.docx")
    assert "versi murni" in text and "perubahan ke-1 belum ditandatangani" in text
    export_pk(office, output=tmp_path / "pk1.docx")
    sign_pk(as_user(office, "kadis"), tanggal=date(2026, 2, 5))
    text, rows = lakip_text(office, tmp_path / "perubahan-lakip.docx")
    assert "versi perubahan ke-1, ditandatangani 5 Februari 2026, berlaku mulai 1 Juli 2025" in text
    target_row = next(r for r in rows if r[:2] == ["IK1.1", "APK SD"] and len(r) == 7)
    assert target_row[3] == "120,00"
    assert ["perubahan ke-1", "target diubah", "IK1.1", "APK SD", "100,00", "120,00"] in rows
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025" in text


def test_in_force_is_the_newest_signed_version_in_effect_by_the_years_end(
    office: Context, tmp_path: Path
) -> None:
    signed_murni(office, tmp_path)
    revise_pk(as_user(office, "kasub"), alasan="anggaran", berlaku=date(YEAR, 12, 31))
    versions = pk_view(office).versions
    assert in_force(versions, YEAR) == versions[0]  # the revision is not signed
    signed = replace(versions[1], signature=versions[0].signature)
    assert in_force((versions[0], signed), YEAR) == signed
    later = replace(signed, berlaku=date(YEAR + 1, 1, 2))
    assert in_force((versions[0], later), YEAR) == versions[0]
    assert in_force((), YEAR) is None


def test_the_package_names_the_version_and_its_targets(office: Context, tmp_path: Path) -> None:
    from usecases.paket import write_paket

    signed_murni(office, tmp_path)
    set_target(office, "IK1.1", "120")
    made = write_paket(office, tmp_path / "paket.json")
    doc = json.loads(made.path.read_text())
    assert doc["versi_pk"] == "murni"
    ind = next(i for i in doc["indikator"] if i["kode"] == "IK1.1")
    assert ind["target"] == "100" and ind["capaian"] == "95.00"


def test_cli_pk_new_export_sign_show(
    office: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main
    from usecases.context import unix_account

    me = unix_account()
    with office.store.write("admin", office.now()) as w:
        w.save_user(User(account=me, name="Penguji", role=Role.KASUBBAG, is_admin=True))
    db = ["--db", str(office.db_path)]
    assert main([*db, "pk", "new", "--kepala-daerah", "Bima Arya"]) == 0
    out = tmp_path / "pk.docx"
    assert main([*db, "pk", "export", "-o", str(out)]) == 0
    assert main([*db, "pk", "export", "-o", str(out)]) == 1
    assert "sudah ada dan tidak ditimpa" in capsys.readouterr().err
    assert main([*db, "pk", "sign", "--tanggal", "02-02-2026"]) == 1  # the admin: a reason
    assert main([*db, "pk", "sign", "--tanggal", "02-02-2026", "--as-admin", "uji coba"]) == 0
    assert main([*db, "pk", "show"]) == 0
    shown = capsys.readouterr().out
    assert "murni: ditandatangani 2 Februari 2026" in shown
    assert hashlib.sha256(out.read_bytes()).hexdigest() in shown
    with pytest.raises(SystemExit) as usage:
        main([*db, "pk", "revise", "--alasan", "x", "--berlaku", "bukan"])
    assert usage.value.code == 2 and "bukan tanggal" in capsys.readouterr().err
    assert main([*db, "pk", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["versi_berlaku"] == 0 and shown["versi"][0]["berkas"] == "cocok"


def test_the_eselon_iii_pk_of_a_bidang_is_its_head_to_the_kepala_dinas(
    office: Context, tmp_path: Path
) -> None:
    with office.store.write("admin", office.now()) as w:
        sd = next(b for b in w.bidang() if b.code == "SD")
        w.save_bidang(replace(sd, head_nip="19760114 199903 1 007"))
    signed_murni(office, tmp_path)
    made = export_pk(office, bidang="SD", output=tmp_path / "sd.docx")
    text, rows = docx_text(made.path), table_rows(made.path)
    assert "PERJANJIAN KINERJA TAHUN 2025" in text and "BIDANG SD" in text
    assert ["Nama", ":", "Pak SD"] in rows and ["Jabatan", ":", "Kepala Bidang SD"] in rows
    assert ["Jabatan", ":", "Kepala Dinas Pendidikan Kota Bogor"] in rows
    assert ["Dr. Hj. Ratna Sari, M.Pd.", "Pak SD"] in rows  # Pihak Kedua: the Kepala Dinas
    assert ["NIP. 19710204 199603 2 001", "NIP. 19760114 199903 1 007"] in rows
    assert ["1", "Akses pendidikan", "APK SD", "%", "100,00"] in rows
    assert "Angka putus sekolah" not in text  # the SMP's indicator
    assert ["1", "Kegiatan", "1.000,00"] in rows  # the bidang's kegiatan, not the programme
    assert "Wali Kota" not in text
    with office.store.read() as r:
        assert [e.kind for e in r.exports(YEAR)][-1] == "pk-bidang"
    # the signed Kepala Dinas's PK is still signed from its own export, not the bidang's
    assert pk_view(office).versions[0].signature is not None
    with pytest.raises(UseCaseError, match="Bidang 'XX' tidak ada"):
        export_pk(office, bidang="XX", output=tmp_path / "xx.docx")
