"""The office package (``lakip paket``) and the regency's roll-up (``lakip rekap``): checksum,
schema, duplicates and corrupt files named, the XLSX and DOCX read back."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from models.budget import average_capaian, budget_sum, rounded_capaian, top_lines
from models.formulas import capaian_of, predikat
from models.paket import PaketError, checksum_of, read_package
from models.rekap import cell_text, rekap_text, timeliness_table
from tests.conftest import YEAR, small_office
from tests.paket_offices import AS_OF, DUE, make_packages
from tui.cli import main
from usecases.paket import write_paket
from usecases.rekap import load_rekap, write_rekap
from usecases.reporting import UseCaseError


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("rekap")
    make_packages(base / "paket", base / "kantor", count=60)
    return base / "paket"


def test_package_holds_the_year_as_the_formulas_compute_it(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    result = write_paket(ctx, tmp_path / "paket.json")
    doc = json.loads(result.path.read_text(encoding="utf-8"))
    assert (doc["skema"], doc["versi_skema"], doc["tahun"]) == ("lakip-paket", 1, YEAR)
    assert doc["checksum"] == result.checksum == checksum_of(doc)
    assert doc["versi_pk"] is None and doc["dokumen_ditandatangani"] is None
    assert doc["kantor"]["nama"] == "DINAS PENDIDIKAN"
    with ctx.store.read() as r:
        data = r.year_data(YEAR)
    by_code = {i["kode"]: i for i in doc["indikator"]}
    for ind in data.indicators:
        item = by_code[ind.code]
        assert Decimal(item["capaian"]) == rounded_capaian(ind)
        assert item["predikat"] == predikat(capaian_of(ind).value)
        assert item["polaritas"] == ind.polarity.value and item["satuan"] == ind.satuan
    total = budget_sum(top_lines(data.budget))
    assert Decimal(doc["anggaran"]["pagu"]) == total.pagu
    assert Decimal(doc["ringkasan"]["capaian_rata_rata"]) == average_capaian(data.indicators)
    assert doc["alur"]["langkah_berjalan"] == 1 and doc["alur"]["tanggal_kirim"] is None
    assert len(doc["alur"]["langkah"]) == 11
    (sasaran,) = doc["sasaran"]
    assert sasaran["efisiensi"] is not None
    # an existing file is refused unless --overwrite, as the exports do
    with pytest.raises(UseCaseError, match="--overwrite"):
        write_paket(ctx, tmp_path / "paket.json")
    assert write_paket(ctx, tmp_path / "paket.json", overwrite=True).path.exists()


def test_checksum_detects_a_one_character_change(tmp_path: Path) -> None:
    path = write_paket(small_office(tmp_path), tmp_path / "paket.json").path
    raw = path.read_bytes()
    assert read_package(raw).office == "DINAS PENDIDIKAN"
    changed = raw.replace(b'"DINAS PENDIDIKAN"', b'"DINAS PENDIDIKAM"', 1)
    assert changed != raw and len(changed) == len(raw)
    with pytest.raises(PaketError, match="checksum"):
        read_package(changed)
    # the checksum field itself changed by one character
    doc = json.loads(raw)
    doc["checksum"] = ("0" if doc["checksum"][0] != "0" else "1") + doc["checksum"][1:]
    with pytest.raises(PaketError, match="checksum"):
        read_package(json.dumps(doc).encode())


def test_unknown_schema_version_is_refused(tmp_path: Path) -> None:
    doc = json.loads(write_paket(small_office(tmp_path), tmp_path / "p.json").path.read_bytes())
    doc["versi_skema"] = 2
    doc["checksum"] = checksum_of(doc)
    with pytest.raises(PaketError, match="versi skema 2"):
        read_package(json.dumps(doc).encode())
    with pytest.raises(PaketError, match="bukan paket"):
        read_package(b'{"skema": "lain"}')


def test_rekap_names_the_corrupt_and_the_duplicate(folder: Path) -> None:
    rekap = load_rekap(folder, due=DUE, as_of=AS_OF)
    assert len(rekap.packages) == 60
    assert {r.name for r in rekap.rejected} == {"paket-01.json", "paket-rusak.json"}
    dup = next(r for r in rekap.rejected if r.duplicate_of)
    assert dup.duplicate_of == "paket-01-kirim-ulang.json"
    messages = "\n".join(rekap.messages())
    assert "paket-rusak.json: RUSAK" in messages and "paket-01.json: GANDA" in messages
    assert len(rekap.by_code) == 4  # IKU.1.1 ... IKU.2.2; each office's own code is its own
    assert all(len(t.rows) == 60 for t in rekap.by_code)


def test_timeliness_counts_working_days_against_the_due_date(folder: Path) -> None:
    rekap = load_rekap(folder, due=DUE, as_of=AS_OF)
    rows = {r.paket.office: r for r in rekap.timeliness}
    # sent 7 April 2026: 1, 2 and 6, 7 April are working days; 3 April is Good Friday
    late = next(r for r in rows.values() if r.paket.sent_on == date(2026, 4, 7))
    assert (late.days_late, late.state) == (4, "terlambat")
    early = next(r for r in rows.values() if r.paket.sent_on == date(2026, 3, 24))
    assert early.state == "tepat waktu" and early.days_late is not None and early.days_late < 0
    waiting = [r for r in rows.values() if r.paket.sent_on is None]
    assert waiting and all(r.state == "belum kirim, lewat" and r.days_late for r in waiting)
    assert all(r.paket.signed_on is not None for r in waiting if r.paket.done_steps >= 9)
    assert all(r.paket.signed_sha256 for r in rows.values() if r.paket.signed_on)
    assert len(timeliness_table(rekap).rows) == 60


def test_text_output_fits_80_columns_and_names_the_bad(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = rekap_text(load_rekap(folder, due=DUE, as_of=AS_OF), 80)
    assert max(len(line) for line in lines) <= 80
    code = main(["rekap", str(folder), "--jatuh-tempo", "31-03-2026"])
    out, err = capsys.readouterr()
    assert code == 1  # something was left out: said in the exit code too
    assert "paket-rusak.json: RUSAK" in out and "paket-rusak.json: RUSAK" in err
    assert "paket-01.json: GANDA" in out and "DINAS NOMOR 60" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_xlsx_reads_back_with_the_packages_numbers(folder: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    rekap = load_rekap(folder, due=DUE, as_of=AS_OF)
    path = write_rekap(rekap, tmp_path / "rekap.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Ringkasan", "Ketepatan", "Kinerja", "Per kode"]
    summary = [c for row in wb["Ringkasan"].iter_rows(values_only=True) for c in row if c]
    assert "paket-rusak.json" in summary and "paket-01.json" in summary
    perf = list(wb["Kinerja"].iter_rows(min_row=3, values_only=True))
    assert len(perf) == 60
    for row, (_, paket) in zip(perf, rekap.packages, strict=True):
        assert row[1] == paket.office and row[2] == len(paket.indicators)
        assert Decimal(str(row[-3])) == paket.mean_capaian
        assert Decimal(str(row[-2])) == paket.serapan
        assert Decimal(str(row[-1])) == paket.efficiency
    times = list(wb["Ketepatan"].iter_rows(min_row=3, values_only=True))
    assert [t[6] for t in times] == [r.days_late for r in rekap.timeliness]
    with pytest.raises(UseCaseError, match="--overwrite"):
        write_rekap(rekap, path)


def test_xlsx_keeps_a_formula_looking_name_as_text(tmp_path: Path) -> None:
    from dataclasses import replace

    from openpyxl import load_workbook

    ctx = small_office(tmp_path)
    with ctx.store.write("admin", ctx.now()) as w:
        w.save_profile(replace(w.profile(), office='=HYPERLINK("http://x","y")'))
    write_paket(ctx, tmp_path / "p" / "a.json") if (tmp_path / "p").mkdir() is None else None
    rekap = load_rekap(tmp_path / "p", due=None, as_of=AS_OF)
    ws = load_workbook(write_rekap(rekap, tmp_path / "r.xlsx"))["Kinerja"]
    cell = ws.cell(row=3, column=2)
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"


def test_docx_reads_back_with_the_packages_numbers(folder: Path, tmp_path: Path) -> None:
    from docx import Document

    rekap = load_rekap(folder, due=DUE, as_of=AS_OF)
    doc = Document(str(write_rekap(rekap, tmp_path / "rekap.docx")))
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "paket-rusak.json: RUSAK" in text and "paket-01.json: GANDA" in text
    times, perf, *codes = doc.tables
    assert len(codes) == 4
    assert len(perf.rows) == 61
    for row, (_, paket) in zip(perf.rows[1:], rekap.packages, strict=True):
        cells = [c.text for c in row.cells]
        assert cells[1] == paket.office
        assert cells[-3:] == [
            cell_text(paket.mean_capaian, percent=True),
            cell_text(paket.serapan, percent=True),
            cell_text(paket.efficiency, percent=True),
        ]
    assert [r.cells[6].text for r in times.rows[1:]] == [
        cell_text(r.days_late) for r in rekap.timeliness
    ]


def test_cli_paket_and_rekap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ctx = small_office(tmp_path)
    (tmp_path / "masuk").mkdir()
    out = tmp_path / "masuk" / "disdik.json"
    assert main(["--db", str(ctx.db_path), "paket", "-o", str(out)]) == 0
    assert "Checksum (SHA-256)" in capsys.readouterr().out
    assert main(["--db", str(ctx.db_path), "paket", "-o", str(out)]) == 1
    assert "--overwrite" in capsys.readouterr().err
    target = tmp_path / "rekap.docx"
    assert main(["rekap", str(tmp_path / "masuk"), "-o", str(target)]) == 0
    assert target.exists() and "1 paket dihitung" in capsys.readouterr().out
    assert main(["rekap", str(tmp_path / "tidak-ada")]) == 1
    assert "tidak ditemukan" in capsys.readouterr().err
    assert main(["rekap", str(tmp_path / "masuk"), "--jatuh-tempo", "31-02-2026"]) == 2


async def test_rekap_board_at_80x24(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import DataTable, Static

    from tui.screens.rekap import RekapApp, RekapScreen
    from tui.term import detect

    monkeypatch.setenv("NO_COLOR", "1")
    rekap = load_rekap(folder, due=DUE, as_of=AS_OF)
    app = RekapApp(rekap, term=detect())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RekapScreen) and app.no_color
        title = str(screen.query_one("#rekap-title", Static).render())
        assert "paket-rusak.json: RUSAK" in title and "paket-01.json: GANDA" in title
        table = screen.query_one(DataTable)
        assert table.row_count == 60
        assert table.virtual_size.width <= 80  # every column visible without scrolling
        await pilot.press("down")
        await pilot.pause()
        detail = str(screen.query_one("#rekap-detail", Static).render())
        assert "DINAS NOMOR 02 (paket-02.json)" in detail
        for key, rows in (("2", 60), ("3", 4 * 60), ("4", 2)):
            await pilot.press(key)
            await pilot.pause()
            assert table.row_count == rows and table.virtual_size.width <= 80
        detail = str(screen.query_one("#rekap-detail", Static).render())
        assert "paket-01.json: GANDA" in detail
        keys = str(screen.query_one("#rekap-keys", Static).render())
        assert len(keys) <= 80 and "Tidak dihitung" in keys
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


def test_of_two_packages_of_one_office_the_newer_counts(tmp_path: Path) -> None:
    from dataclasses import replace

    from models.numbers import OfficeZone
    from models.rekap import build_rekap
    from models.worktime import WorkCalendar

    raw = write_paket(small_office(tmp_path), tmp_path / "p.json").path.read_bytes()
    old = read_package(raw)
    new = replace(old, made_at="2026-03-02T08:00:00+07:00")
    old = replace(old, made_at="2026-03-01T08:00:00+07:00")
    cal = WorkCalendar(zone=OfficeZone.WIB)
    rekap = build_rekap("x", [("a-baru.json", new), ("b-lama.json", old)], [], due=None,
                        as_of=AS_OF, calendar=cal)  # fmt: skip
    assert [name for name, _ in rekap.packages] == ["a-baru.json"]
    rekap = build_rekap("x", [("a-lama.json", old), ("b-baru.json", new)], [], due=None,
                        as_of=AS_OF, calendar=cal)  # fmt: skip
    assert [name for name, _ in rekap.packages] == ["b-baru.json"]
    (dup,) = rekap.rejected
    assert (dup.name, dup.duplicate_of) == ("a-lama.json", "b-baru.json")
    assert "a-lama.json: GANDA" in rekap.messages()[0]


async def test_rekap_board_names_every_package_left_out() -> None:
    from textual.widgets import DataTable, Static

    from models.numbers import OfficeZone
    from models.rekap import Rejected, build_rekap
    from models.worktime import WorkCalendar
    from tui.screens.rekap import RekapApp

    bad = [Rejected(f"rusak-{n}.json", "checksum tidak cocok") for n in range(7)]
    rekap = build_rekap(
        "x", [], bad, due=DUE, as_of=AS_OF, calendar=WorkCalendar(zone=OfficeZone.WIB)
    )
    app = RekapApp(rekap)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#rekap-title", Static).render())
        assert "rusak-0.json: RUSAK" in title and "dan 5 lainnya (tombol 4)" in title
        assert "Tidak ada paket yang dihitung." in str(
            app.screen.query_one("#rekap-detail", Static).render()
        )
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 7
        assert [str(table.get_row_at(k)[0]) for k in range(7)] == [b.name for b in bad]


def test_a_link_or_a_foreign_file_in_the_folder_is_named(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    folder = tmp_path / "masuk"
    folder.mkdir()
    good = write_paket(ctx, folder / "a.json").path
    (folder / "b-tautan.json").symlink_to(good)
    (folder / "c-lain.json").write_text('{"nama": "bukan paket"}', encoding="utf-8")
    (folder / "catatan.txt").write_text("bukan json", encoding="utf-8")  # not a package name
    rekap = load_rekap(folder, due=None, as_of=AS_OF)
    assert [name for name, _ in rekap.packages] == ["a.json"]
    reasons = {r.name: r.reason for r in rekap.rejected}
    assert set(reasons) == {"b-tautan.json", "c-lain.json"}
    assert "tautan simbolik" in reasons["b-tautan.json"]
    assert "bukan paket lakip" in reasons["c-lain.json"]
    with pytest.raises(UseCaseError, match=r"\.json"):
        write_paket(ctx, tmp_path / "paket.xlsx")
    with pytest.raises(UseCaseError, match=r"\.xlsx atau \.docx"):
        write_rekap(rekap, tmp_path / "rekap.pdf")


def test_the_package_prints_the_audit_head_and_lakip_log_checks_it_later(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tamper evidence that leaves the machine (issue 17): the package names the audit
    chain's newest entry and its SHA-256; `lakip log --rantai N SHA` says whether the trail
    still holds it, and catches a history rewritten by hand since."""
    ctx = small_office(tmp_path)
    made = write_paket(ctx, tmp_path / "paket.json")
    head = json.loads(made.path.read_text())["jejak_audit"]
    with ctx.store.read() as r:
        assert (head["entri"], head["sha256"]) == r.audit_head() and len(head["sha256"]) == 64
    db = str(ctx.db_path)
    from tests.conftest import context
    from tui import cli

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli, "context", lambda args: context(Path(db), "admin"))
        assert main(["--db", db, "log", "--rantai", str(head["entri"]), head["sha256"]]) == 0
        assert "Cocok: entri" in capsys.readouterr().out
        from usecases.admin import save_user

        save_user(ctx, "budi", belum_ada=True, name="Budi")  # the trail goes on: still found
        assert main(["--db", db, "log", "--rantai", str(head["entri"]), head["sha256"]]) == 0
        capsys.readouterr()
        good = Path(db).read_text()
        raw = json.loads(good)  # someone rewrites the printed entry's note
        raw["audit"][str(head["entri"])]["note"] = "diubah"
        Path(db).write_text(json.dumps(raw))
        assert main(["--db", db, "log", "--rantai", str(head["entri"]), head["sha256"]]) == 1
        assert "TIDAK COCOK" in capsys.readouterr().err
        # an earlier entry rewritten, every hash after it made to agree: lakip check sees a
        # whole chain, the paper does not
        from store.chain import audit_problem, entry_hash

        raw = json.loads(good)
        raw["audit"]["1"]["note"] = "riwayat lain"
        last = raw["_meta"]["1"]["audit_seq"]
        for k in range(2, last + 1):
            raw["audit"][str(k)]["prev_hash"] = entry_hash(raw["audit"][str(k - 1)])
        raw["_meta"]["1"]["audit_hash"] = entry_hash(raw["audit"][str(last)])
        assert audit_problem(raw["audit"], raw["_meta"]["1"])[0] is None
        Path(db).write_text(json.dumps(raw))
        assert main(["--db", db, "log", "--rantai", str(head["entri"]), head["sha256"]]) == 1
        assert "TIDAK COCOK" in capsys.readouterr().err
