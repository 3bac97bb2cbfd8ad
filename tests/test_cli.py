from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BOGOR_INIT, fill_quality_gaps
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_demo_then_status_prints_the_position(tmp_path: Path) -> None:
    db = tmp_path / "d.json"
    made = run("--db", str(db), "demo", "--no-tui")
    assert made.returncode == 0, made.stderr
    assert "Data contoh dibuat" in made.stdout
    st = run("--db", str(db), "status")
    assert st.returncode == 0, st.stderr
    assert "langkah 7/11 - Mengoreksi Dokumen LAKIP" in st.stdout
    assert "Sekretaris" in st.stdout and "DATA CONTOH" in st.stdout
    again = run("--db", str(db), "demo", "--no-tui")
    assert "Data contoh dipakai" in again.stdout


def test_status_json_and_env_override(demo_db: Path) -> None:
    st = run("status", "--json", env={"LAKIP_DB": str(demo_db)})
    data = json.loads(st.stdout)
    assert data["current"]["step"] == 7
    assert data["current"]["role"] == "sekretaris"
    assert data["current"]["holders"][0]["account"] == "sekretaris"


def test_status_does_not_load_textual_or_docx(demo_db: Path) -> None:
    """Nor what a status of the open year never needs: the archive, the hash chain, the
    migrations, the budget and quarter rules, the Perjanjian Kinerja's records and rules
    (BENCHMARKS.md)."""
    code = (
        "import sys, io, contextlib\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['--db', {str(demo_db)!r}, 'status'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'docx', 'openpyxl', 'pydantic', 'rich', 'holidays', 'lxml'))\n"
        "unused = ('store.archive', 'store.chain', 'store.migrations', 'models.budget', "
        "'models.formulas', 'models.quarters', 'usecases.requests', 'usecases.quarters', "
        "'models.pk_records', 'models.pk')\n"
        "print(rc, heavy, sorted(m for m in unused if m in sys.modules))\n"
    )
    # the first status of a user that needs a year not in the holiday cache computes it once
    # (holidays imported); in December the projection reaches next year: warm the cache first
    run("--db", str(demo_db), "status")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "0 [] []", out.stderr


def test_advance_by_a_role_that_does_not_hold_the_step_is_refused(demo_db: Path) -> None:
    # the account running the tests is not the Sekretaris, who holds step 7 in the demo
    res = run("--db", str(demo_db), "advance", "--note", "x")
    assert res.returncode == 1
    assert "Langkah 7 dipegang Sekretaris" in res.stderr
    assert "Traceback" not in res.stderr


def test_missing_and_corrupt_files_exit_3_with_a_message(tmp_path: Path) -> None:
    missing = run("--db", str(tmp_path / "none.json"), "status")
    assert missing.returncode == 3 and "Berkas data tidak ditemukan" in missing.stderr
    assert "Dicari di: opsi --db" in missing.stderr, missing.stderr
    assert "admin kantor membuatnya dengan 'lakip init'" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    res = run("--db", str(bad), "status")
    assert res.returncode == 3 and "rusak" in res.stderr
    assert bad.read_text() == "{not json"


def test_init_with_flags_makes_the_runner_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.json"
    args = ["--db", str(db), "init", "--yes", "--year", "2025", "--name", "Admin", *BOGOR_INIT]
    assert main(args) == 0
    assert main(["--db", str(db), "users", "list"]) == 0
    out = capsys.readouterr().out
    assert "[admin]" in out
    assert main(["--db", str(db), "init", "--yes"]) == 1
    assert "sudah ada" in capsys.readouterr().err


def test_usage_errors_are_indonesian_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as err:
        main(["return", "--note", "x"])
    assert err.value.code == 2
    assert "wajib" in capsys.readouterr().err


def test_users_list_fits_80_columns_and_cuts_no_name(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from usecases.admin import list_users, save_user
    from usecases.context import Context

    admin = Context(db_path=demo_db, account="admin")
    long = "Prof. Dr. Ir. Raden Mas Bagus Sasongko Wicaksono, S.T., M.T., M.Sc."
    save_user(admin, "akun-yang-panjang-sekali", belum_ada=True, name=long, role="staf")
    assert main(["--db", str(demo_db), "users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80, lines
    flat = " ".join(" ".join(line.split()) for line in lines)
    for user in list_users(admin):
        assert user.account in flat and user.name in flat and (user.nip or "-") in flat
    assert "akun-yang-panjang-sekali" in lines  # a long account stands on a line of its own


def test_log_lists_the_demo_history(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "log"]) == 0
    out = capsys.readouterr().out
    assert "langkah.dikembalikan" in out and "langkah.selesai" in out
    assert main(["--db", str(demo_db), "log", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)


def test_backup_check_restore_cycle(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from usecases.admin import save_user
    from usecases.context import Context, unix_account

    save_user(Context(db_path=demo_db, account="admin"), unix_account(), name="Penguji")
    assert main(["--db", str(demo_db), "backup"]) == 0
    good = demo_db.read_bytes()
    assert _last(json.loads(good), "data.cadangan")  # the backup is audited, after the copy
    (copy,) = [p for p in (demo_db.parent / "backups").iterdir() if p.stem.endswith("-manual")]
    demo_db.write_bytes(good[:100])
    assert main(["--db", str(demo_db), "status"]) == 3
    assert main(["--db", str(demo_db), "restore"]) == 0
    restored, before = json.loads(demo_db.read_text()), json.loads(copy.read_bytes())
    note = _last(restored, "data.dipulihkan")
    assert restored.pop("audit") == {**before.pop("audit"), **note}
    assert restored["_meta"]["1"].pop("audit_seq") == before["_meta"]["1"].pop("audit_seq") + 1
    (added,) = note.values()  # the new entry continues the audit chain of the restored file
    assert added["prev_hash"] == before["_meta"]["1"].pop("audit_hash")
    assert restored["_meta"]["1"].pop("audit_hash") != added["prev_hash"]
    # every revision is raised above the ones issued (issue 16, item 13); the rest is the backup
    top = max(d["rev"] for t in before.values() for d in t.values() if "rev" in d)
    revs = {d.pop("rev") for t in restored.values() for d in t.values() if "rev" in d}
    assert revs == {top + 1}
    for table in before.values():
        for doc in table.values():
            doc.pop("rev", None)
    assert restored == before
    main(["--db", str(demo_db), "check"])
    assert "Berkas data" in capsys.readouterr().out


def test_sop_override_changes_the_holder(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from usecases.admin import set_step
    from usecases.context import Context
    from usecases.reporting import status

    admin = Context(db_path=demo_db, account="admin")
    set_step(admin, 7, role="kasubbag", waktu="2 hari")
    st = status(admin)
    assert st.current.step is not None and st.current.step.role.value == "kasubbag"
    # the SOP says 2 hari now; the pass running since before the edit keeps its 1 hari
    assert str(st.sop.step(7).standard) == "2 hari"
    assert str(st.current.step.standard) == "1 hari"
    with pytest.raises(Exception, match="Hanya admin"):
        set_step(Context(db_path=demo_db, account="staf1"), 7, role="staf", waktu=None)


def _last(data: dict[str, dict[str, dict[str, object]]], action: str) -> dict[str, object]:
    seq = str(data["_meta"]["1"]["audit_seq"])
    entry = data["audit"][seq]
    assert entry["action"] == action
    return {seq: entry}


def test_argument_that_is_not_utf8_is_refused(demo_db: Path) -> None:
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui.cli",
            "--db",
            str(demo_db),
            "bidang",
            "terima",
            "SEK",
            "--note",
            b"\xff\xfe".decode("utf-8", "surrogateescape"),
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert res.returncode == 2
    assert "bukan teks UTF-8" in res.stderr.decode("utf-8", "replace")


def test_walk_to_the_end_and_status_names_the_signed_file(
    as_account: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from usecases.exporting import export_document, number_letter
    from usecases.reporting import advance, status

    fill_quality_gaps(as_account("staf1"))  # the gate of step 9 finds nothing
    advance(as_account("sekretaris"), note="koreksi selesai")
    advance(as_account("sekretaris"), note="diajukan")
    doc = export_document(as_account("staf1"), "lakip", output=tmp_path / "out")
    advance(as_account("kadis"), note="disetujui")
    number_letter(as_account("kasubbag"))
    advance(as_account("kasubbag"), note="surat bernomor")
    st = status(as_account("staf1"))
    assert st.current.signature is not None and st.current.signature.sha256 == doc.sha256
    db = str(as_account("staf1").db_path)
    assert main(["--db", db, "status"]) == 0
    out = capsys.readouterr().out
    assert "Ditandatangani" in out and doc.sha256[:16] in out
    assert "langkah 11/11" in out
    assert main(["--db", db, "advance", "--note", "x"]) == 1  # the tests' account holds no role
    advance(
        as_account("staf1"),
        note="terkirim",
        data={
            "tanggal_kirim": "27 November 2026",
            "lokasi_arsip": "Lemari B2",
            "unggah_esakip": "diunggah 27-11-2026",
        },
    )
    assert main(["--db", db, "status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["current"]["finished"] is True
    assert data["current"]["signed"]["sha256"] == doc.sha256


def test_a_reader_that_leaves_early_is_not_an_error(demo_db: Path) -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"for _ in range(200): rc = main(['--db', {str(demo_db)!r}, 'log'])\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_fast_path_knows_every_command() -> None:
    """``main`` builds only the named command's subparser; its list must match the full one."""
    from tui import cli

    full = cli.build_parser()
    sub = next(a for a in full._actions if a.dest == "command")
    assert sorted(cli.COMMANDS) == sorted(sub.choices)  # type: ignore[arg-type]
    assert cli.command_of(["--db", "status", "log", "--json"]) == "log"
    assert cli.command_of(["-h", "status"]) is None


def test_control_characters_from_the_command_line_are_refused(
    as_account: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from models.text import TextError
    from usecases.admin import save_user
    from usecases.reporting import advance

    before = as_account("admin").db_path.read_bytes()
    with pytest.raises(TextError, match="Catatan berisi karakter kendali"):
        advance(as_account("sekretaris"), note="ok\x1b[2J")
    with pytest.raises(TextError, match="Name berisi karakter kendali"):
        save_user(as_account("admin"), "budi", name="Budi\x07")
    assert as_account("admin").db_path.read_bytes() == before


def test_backup_needs_a_registered_account(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_db), "backup"]) == 1  # the tests' account is not registered
    assert "belum terdaftar" in capsys.readouterr().err


def test_without_a_data_file_the_demo_is_pointed_to(capsys: pytest.CaptureFixture[str]) -> None:
    from usecases.context import Context, demo_db_path
    from usecases.demo import ensure_demo

    assert main(["status"]) == 3
    err = capsys.readouterr().err
    assert "Data contoh ada" not in err and "data contoh: lakip demo" in err
    # nobody is told to run init: that would make them the administrator of a private store
    assert "lakip init" not in err and "/etc/lakip.conf" not in err  # tests use LAKIP_CONF
    ensure_demo(Context(db_path=demo_db_path(), account="admin"))
    assert main(["status"]) == 3
    err = capsys.readouterr().err
    assert f"lakip --db {demo_db_path()} status" in err


def test_the_signed_lakip_can_be_made_again_byte_for_byte(
    as_account: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import timedelta

    from tests.conftest import FIXED_NOW
    from usecases.exporting import export_document
    from usecases.reporting import advance

    fill_quality_gaps(as_account("staf1"))  # the gate of step 9 finds nothing
    advance(as_account("sekretaris"), note="koreksi selesai")
    advance(as_account("sekretaris"), note="diajukan")
    signed = export_document(as_account("staf1"), "lakip", output=tmp_path / "out")
    advance(as_account("kadis"), note="disetujui")
    signed.path.unlink()  # the signed file is lost
    later = as_account("staf1", FIXED_NOW + timedelta(days=40))
    again = export_document(later, "lakip", output=tmp_path / "lagi", as_signed=True)
    assert again.path.name.endswith("-ditandatangani.docx")
    assert again.sha256 == signed.sha256
    assert any("identik dengan versi yang ditandatangani" in n for n in again.notes)
    plain = export_document(later, "lakip", output=tmp_path / "biasa")
    assert plain.sha256 != signed.sha256  # dated today: a different document
    with pytest.raises(Exception, match="hanya ada untuk dokumen LAKIP"):
        export_document(later, "letter", as_signed=True)


def test_status_says_giliran_anda_only_to_the_role_holding_the_current_step(
    as_account: Any,
) -> None:
    from tui.text import status_lines
    from usecases.reporting import status

    mine = "\n".join(status_lines(status(as_account("sekretaris"), None)))  # step 7: Sekretaris
    assert "GILIRAN ANDA: langkah 7 menunggu Anda." in mine
    other = "\n".join(status_lines(status(as_account("staf1"), None)))
    assert "GILIRAN ANDA" not in other


def test_status_fits_80_columns(
    demo_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over SSH at 80x24 no line of `lakip status` runs past the edge; long ones wrap under
    their value."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["--db", str(demo_db), "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80, lines
    text = " ".join(" ".join(lines).split())
    assert "jatuh tempo" in text and "TERANCAM TERLAMBAT" in text
    jadwal = next(n for n, line in enumerate(lines) if line.startswith("Jadwal : "))
    assert lines[jadwal + 1].startswith(" " * 9) and lines[jadwal + 1].strip()


def test_users_add_and_set_are_checked_by_the_use_case(as_account: Any) -> None:
    """``users add`` of a registered account and ``users set`` of an unknown one are refused by
    ``save_user`` in its write transaction, with nothing written."""
    from usecases.admin import save_user
    from usecases.reporting import UseCaseError

    admin = as_account("admin")
    before = admin.db_path.read_bytes()
    with pytest.raises(UseCaseError, match=r"akun 'kadis' sudah terdaftar .*lakip users set kadis"):
        save_user(admin, "kadis", new=True, name="Lain")
    with pytest.raises(UseCaseError, match="akun 'belumada' belum terdaftar; pakai 'users add'"):
        save_user(admin, "belumada", new=False, name="Baru")
    assert admin.db_path.read_bytes() == before
    assert save_user(admin, "kadis", new=False, nip="1").nip == "1"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["bukanperintah"], "lakip: argumen PERINTAH: pilihan tidak valid: 'bukanperintah' (pilih "
                            "dari 'init', 'demo', 'status'"),
        (["status", "--year", "x"], "lakip: argumen --year: bukan bilangan bulat: 'x'"),
        (["status", "--json=1"], "lakip: argumen --json: tidak menerima nilai ('1')"),
        (["--bogus", "status"], "lakip: argumen tidak dikenal: --bogus"),
        (["users", "add"], "lakip: argumen berikut wajib diisi: AKUN"),
        (["return", "--to"], "lakip: argumen --to: perlu satu nilai"),
    ],
)  # fmt: skip
def test_wrong_usage_is_told_in_indonesian(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("pemakaian: lakip") and expected in err, err
    for english in ("usage", "argument ", "invalid", "choose", "required", "expected"):
        assert english not in err, err


def test_help_is_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("pemakaian: lakip export") and "\nargumen:\n" in out
    assert "\nopsi:\n" in out and "tampilkan bantuan ini lalu keluar" in out
    assert "usage" not in out and "options:" not in out and "show this help" not in out
