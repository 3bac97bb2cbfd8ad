"""An office that is not the demo's: Kota Bogor, in WIB, writing to its Wali Kota with its own
letter numbers. Made with the use case ``lakip init`` calls, walked through the SOP by the role
holders, and its papers read back (text and every XML part): nothing of Balangan in them."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from models.domain import BudgetLine, Indicator, Sasaran, User
from models.numbers import OfficeZone
from models.sop import Role, default_sop
from models.workflow import GuardError
from tests.conftest import BOGOR, BOGOR_INIT, BOGOR_KADIS, BOGOR_SOP, fill_quality_gaps
from tui.cli import main
from usecases import data
from usecases.admin import init_store, save_user
from usecases.context import Context, unix_account
from usecases.exporting import export_document, number_letter
from usecases.reporting import advance, sop_of, status

YEAR = 2025
T0 = datetime(2026, 2, 9, 8, 0, tzinfo=OfficeZone.WIB.tz)  # a Monday morning in Bogor
FOREIGN = ("Balangan", "Paringin", "BLG", "WITA")
ACCOUNTS = {
    Role.KEPALA_DINAS: BOGOR_KADIS[0],
    Role.SEKRETARIS: "sekbogor",
    Role.KASUBBAG: "kasubbogor",
    Role.STAF: "stafbogor",
}


def at(db: Path, account: str, moment: datetime) -> Context:
    return Context(db_path=db, account=account, clock=lambda: moment)


def make_office(db: Path, *, kadis_nip: str = BOGOR_KADIS[2]) -> None:
    """What 'lakip init' does for Bogor, then the other role holders and one year's data."""
    admin = at(db, "adminbogor", T0 - timedelta(minutes=30))
    kadis = User(account=BOGOR_KADIS[0], name=BOGOR_KADIS[1], nip=kadis_nip, pangkat=BOGOR_KADIS[3])
    init_store(
        admin, profile=BOGOR, year=YEAR, name="Admin Bogor", role=Role.STAF, kepala=kadis,
        kepala_belum_ada=True, sop_number=BOGOR_SOP,
    )  # fmt: skip
    for role in (Role.SEKRETARIS, Role.KASUBBAG, Role.STAF):
        save_user(
            admin, ACCOUNTS[role], role=role.value, name=f"{role.label} Bogor", belum_ada=True
        )
    data.save_sasaran(admin, YEAR, Sasaran(id="", year=YEAR, code="S1", name="Mutu pendidikan"))
    data.save_indicator(
        admin,
        YEAR,
        Indicator(
            id="", year=YEAR, sasaran_code="S1", code="IK1", name="Rata-rata nilai rapor",
            target=Decimal(80), realisasi=Decimal(82), satuan="poin",
        ),
    )  # fmt: skip
    data.save_budget(
        admin,
        YEAR,
        BudgetLine(
            id="", year=YEAR, code="1.01.02", name="Program Pengelolaan Pendidikan",
            pagu=Decimal(1_000_000), realisasi=Decimal(900_000), sasaran_code="S1",
        ),
    )  # fmt: skip


def walk(db: Path, until: int, start: datetime = T0) -> datetime:
    """Each step's role holder completes it until step ``until`` is the current one; the text
    the quality gate asks for is written and the LAKIP exported before step 9 is signed."""
    sop, t = default_sop(), start
    while True:
        with Context(db_path=db).store.read() as r:
            pass_ = next(p for p in r.report(YEAR).passes if p.finished_at is None)
        if pass_.step == 9:
            fill_quality_gaps(at(db, "adminbogor", t))  # the gate of step 9 finds nothing
        if pass_.step == until:
            return t
        t += timedelta(minutes=30)
        holder = at(db, ACCOUNTS[sop.step(pass_.step).role], t)
        if pass_.step == 9:
            export_document(holder, "lakip", overwrite=True)
        advance(holder, note=f"langkah {pass_.step} selesai")


def parts_text(path: Path) -> dict[str, str]:
    """Every XML part of a DOCX, raw, and the text of its runs joined (a word split over runs
    is still found)."""
    out: dict[str, str] = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                raw = z.read(name).decode("utf-8")
                out[name] = raw
                out[f"{name} (teks)"] = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", raw))
    return out


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    for s in d.sections:
        parts.extend(p.text for p in s.header.paragraphs)
        parts.extend(p.text for p in s.footer.paragraphs)
    return "\n".join(parts)


def assert_not_balangan(path: Path) -> str:
    """None of Balangan's words in the document's text (any case) nor in any raw XML part
    (as written and in capitals; names also in lower case: the acronyms are not searched in
    lower case there, as markup such as ``tblGrid`` is not text)."""
    text = docx_text(path)
    for word in FOREIGN:
        assert word.lower() not in text.lower(), (path.name, word)
        variants = {word, word.upper()} | ({word.lower()} if word.istitle() else set())
        for part, content in parts_text(path).items():
            if part.endswith("(teks)"):
                assert word.lower() not in content.lower(), (path.name, part, word)
            else:
                assert not [v for v in variants if v in content], (path.name, part, word)
    return text


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    db = tmp_path_factory.mktemp("bogor") / "lakip.json"
    make_office(db)
    t = walk(db, 10)
    kas = at(db, ACCOUNTS[Role.KASUBBAG], t + timedelta(minutes=10))
    letter = number_letter(kas)
    assert letter.number == "400.3/0001-Disdik/2026"
    out = {
        "lakip": export_document(kas, "lakip", overwrite=True).path,
        "letter": export_document(kas, "letter").path,
        "disposition1": export_document(kas, "disposition", step=1).path,
        "disposition9": export_document(kas, "disposition", step=9).path,
        "db": db,
    }
    return out


def test_lakip_and_its_perjanjian_kinerja_are_bogor_s(papers: dict[str, Path]) -> None:
    text = assert_not_balangan(papers["lakip"])
    assert "KOTA BOGOR" in text and "Bogor, " in text
    assert "PERJANJIAN KINERJA TAHUN 2025" in text
    # the PK is agreed with the Wali Kota: the left signature column reads Pihak Kedua, then the
    # Wali Kota
    doc = docx.Document(str(papers["lakip"]))
    left = next(
        [r.cells[0].text for r in t.rows]
        for t in doc.tables
        if any(r.cells[0].text == "Pihak Kedua," for r in t.rows)
    )
    assert left[left.index("Pihak Kedua,") + 1] == "Wali Kota Bogor"
    # the Kepala Dinas signs the Kata Pengantar and the PK, from the one user record
    assert text.count(BOGOR_KADIS[1]) >= 2 and text.count(f"NIP. {BOGOR_KADIS[2]}") >= 2
    assert BOGOR_KADIS[3] in text


def test_letter_is_addressed_to_the_wali_kota_with_bogor_s_number(
    papers: dict[str, Path],
) -> None:
    text = assert_not_balangan(papers["letter"])
    assert "Yth. Wali Kota Bogor" in text
    assert "Nomor : 400.3/0001-Disdik/2026" in text
    assert BOGOR_KADIS[1] in text and f"NIP. {BOGOR_KADIS[2]}" in text


@pytest.mark.parametrize("which", ["disposition1", "disposition9"])
def test_dispositions_print_times_in_wib(papers: dict[str, Path], which: str) -> None:
    text = assert_not_balangan(papers[which])
    assert "LEMBAR DISPOSISI" in text and "KOTA BOGOR" in text
    assert re.search(r"\d{1,2} Februari 2026 \d\d\.\d\d WIB", text), text
    if which == "disposition1":
        assert f"SOP {BOGOR_SOP}" in text  # the office's own SOP, not Balangan's


def test_status_and_log_show_wib(
    papers: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(papers["db"])
    assert main(["--db", db, "status"]) == 0
    assert main(["--db", db, "log"]) == 0
    assert main(["--db", db, "letter", "list"]) == 0
    out = capsys.readouterr().out
    assert "WIB" in out and "WITA" not in out
    assert "9 Februari 2026 08.30 WIB" in out  # step 1 done at 08:30 on Bogor's clock


def test_working_time_counts_bogor_s_office_hours(tmp_path: Path) -> None:
    db = tmp_path / "lakip.json"
    make_office(db)  # step 1 starts at 07:30 WIB, opening time in Bogor (08:30 WITA)
    st = status(at(db, "adminbogor", T0.replace(hour=16)))  # closing time in Bogor
    assert st.zone is OfficeZone.WIB
    assert st.current.elapsed is not None
    assert st.current.elapsed.minutes == 510  # a whole day in WIB; in WITA it would be 450


def test_the_demo_keeps_balangan(demo_db: Path) -> None:
    kas = Context(db_path=demo_db, account="kasubbag", clock=lambda: T0)
    letter = number_letter(kas, new=True)
    assert "Disdikbud-BLG" in letter.number
    text = docx_text(export_document(kas, "letter").path)
    assert "Yth. Bupati Balangan" in text and "Paringin" in text
    disposition = docx_text(export_document(kas, "disposition", step=1).path)
    assert "004/SOP/Disdikbud-BLG/2023" in disposition and "WITA" in disposition
    assert status(kas).zone is OfficeZone.WITA


def test_the_sop_of_a_new_office_cites_no_other_region_s_regulation(tmp_path: Path) -> None:
    """The generic SOP once carried the Balangan SOP's 'Peraturan Bupati Sanggau', shown as
    Bogor's legal basis on its SOP screen; the demo office keeps it, as its own SOP says."""
    db = tmp_path / "lakip.json"
    make_office(db)
    with at(db, "adminbogor", T0).store.read() as r:
        basis = sop_of(r).header.dasar_hukum
    assert basis and not any("Bupati" in b or "Sanggau" in b for b in basis), basis
    assert any("Permendagri" in b or "Menteri Dalam Negeri" in b for b in basis)


def test_the_demo_sop_cites_its_own_regulations_after_the_national_ones(demo_db: Path) -> None:
    with Context(db_path=demo_db, account="kasubbag", clock=lambda: T0).store.read() as r:
        basis = sop_of(r).header.dasar_hukum
    assert len(basis) == 3 and "Sanggau" in basis[2] and "Menteri Dalam Negeri" in basis[0]


# -- signatures --------------------------------------------------------------------------------


def test_empty_signature_is_warned_at_export_and_refused_at_step_9(tmp_path: Path) -> None:
    db = tmp_path / "lakip.json"
    make_office(db, kadis_nip="")
    t = walk(db, 9)
    kadis = at(db, BOGOR_KADIS[0], t + timedelta(minutes=5))
    result = export_document(kadis, "lakip")
    assert any("tanda tangan Kepala Dinas" in n and "NIP" in n for n in result.notes)
    with pytest.raises(GuardError, match="tanda tangan Kepala Dinas di LAKIP kosong"):
        advance(kadis, note="ditandatangani")
    admin = at(db, "adminbogor", t + timedelta(minutes=6))
    save_user(admin, BOGOR_KADIS[0], nip=BOGOR_KADIS[2])
    again = export_document(kadis, "lakip", overwrite=True)
    assert not any("tanda tangan" in n for n in again.notes)
    assert f"NIP. {BOGOR_KADIS[2]}" in docx_text(again.path)
    advance(at(db, BOGOR_KADIS[0], t + timedelta(minutes=7)), note="ditandatangani")


def test_a_changed_kepala_dinas_signs_every_paper(tmp_path: Path) -> None:
    db = tmp_path / "lakip.json"
    make_office(db)
    admin = at(db, "adminbogor", T0)
    save_user(admin, BOGOR_KADIS[0], active=False)
    save_user(admin, "kadisbaru", role="kepala_dinas", name="Ir. Baru", nip="1", belum_ada=True)
    text = docx_text(export_document(admin, "letter").path)
    assert "Ir. Baru" in text and BOGOR_KADIS[1] not in text


# -- lakip init and users --------------------------------------------------------------------


def test_init_without_a_terminal_names_the_missing_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "lakip.json"
    assert main(["--db", str(db), "init", "--yes", "--pemda", "PEMERINTAH KOTA BOGOR"]) == 2
    err = capsys.readouterr().err
    for flag in ("--office", "--short", "--city", "--addressee", "--timezone", "--kadis-nip"):
        assert flag in err
    assert "--pemda" not in err.split("opsi:")[1]
    assert not db.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--timezone", "UTC"), "Zona waktu 'UTC' tidak dikenal; pilih salah satu: WIB"),
        (("--letter-template", "050/Disdik/{tahun}"), r"tidak memuat \{urut\}"),
        (("--letter-template", "{urut}/{kota}"), "tidak valid"),
        (("--hours", "16:00-07:30"), "jam mulai 16:00 harus sebelum"),
        (("--role", "bupati"), "peran 'bupati' tidak dikenal"),
    ],
)
def test_init_refuses_bad_values_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], message: str
) -> None:
    db = tmp_path / "lakip.json"
    args = list(BOGOR_INIT)
    if change[0] in args:
        args[args.index(change[0]) + 1] = change[1]
    else:
        args += list(change)
    assert main(["--db", str(db), "init", "--yes", *args]) == 2
    assert re.search(message, capsys.readouterr().err)
    assert not db.exists()


def test_init_with_options_then_users(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "lakip.json")
    me = unix_account()
    assert main(["--db", db, "init", "--yes", *BOGOR_INIT, "--role", "kasubbag"]) == 0
    out = capsys.readouterr().out
    assert "Zona waktu WIB" in out and "400.3/0001-Disdik/2026" in out
    with Context(db_path=Path(db)).store.read() as r:
        profile, users = r.profile(), {u.account: u for u in r.users()}
    assert replace(profile, rev=0) == replace(BOGOR, rev=0)
    assert users[me].is_admin and users[me].role is Role.KASUBBAG
    with Context(db_path=Path(db)).store.read() as r:
        assert sop_of(r).header.nomor == BOGOR_SOP
    kadis = users[BOGOR_KADIS[0]]
    assert (kadis.role, kadis.name, kadis.nip) == (Role.KEPALA_DINAS, *BOGOR_KADIS[1:3])
    # the admin's own account is registered: 'users add' says to use 'users set'
    assert main(["--db", db, "users", "add", me, "--role", "staf"]) == 1
    assert f"pakai 'lakip users set {me}" in capsys.readouterr().err
    assert main(["--db", db, "users", "set", me, "--role", "staf"]) == 0
    # an account this computer does not know is refused, unless it is created later
    assert main(["--db", db, "users", "add", "tidakadaxyz", "--role", "staf"]) == 1
    err = capsys.readouterr().err
    assert "tidak dikenal di komputer ini" in err and "--belum-ada" in err
    assert main(["--db", db, "users", "add", "tidakadaxyz", "--role", "staf", "--belum-ada"]) == 0


def test_init_refuses_an_unknown_kepala_dinas_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "lakip.json"
    args = [a for a in BOGOR_INIT if a != "--kadis-belum-ada"]
    args[args.index("--kadis") + 1] = "kadistidakadaxyz"
    assert main(["--db", str(db), "init", "--yes", *args]) == 2
    assert "--kadis-belum-ada" in capsys.readouterr().err
    assert not db.exists()


def test_init_names_the_letter_number_with_the_klasifikasi_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The pattern is read before the klasifikasi: the example printed at the end used the
    default 050 whatever --klasifikasi said."""
    db = str(tmp_path / "lakip.json")
    options = [*BOGOR_INIT]
    options[options.index("--letter-template") + 1] = "{klasifikasi}/{urut:04d}/{singkatan}/{tahun}"
    options[options.index("--klasifikasi") + 1] = "420"
    assert main(["--db", db, "init", "--yes", *options, "--role", "kasubbag"]) == 0
    assert "contoh nomor surat: 420/0001/Disdik/2026." in capsys.readouterr().out
