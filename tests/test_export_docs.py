"""The documents read back with python-docx: structure, numbers, layout, letters, safety."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from exporters.docx_xml import clean_text
from exporters.lakip_docx import MISSING_NARRATIVE
from models.domain import PageSize
from models.formulas import capaian_of, predikat
from models.numbers import OfficeZone, format_number, format_percent
from models.sop import Role
from tests.conftest import (
    YEAR,
    as_user,
    context,
    demo_copy,
    fill_quality_gaps,
    small_office,
    walk_to_letter_step,
)
from usecases import data
from usecases.admin import add_year
from usecases.context import Context
from usecases.exporting import export_document, letters, number_letter, number_letter_ex
from usecases.reporting import UseCaseError, advance

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=OfficeZone.WITA.tz)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def store(tmp_path: Path) -> Context:
    """A private copy of the demo store."""
    return context(demo_copy(tmp_path / "data"), now=NOW)


@pytest.fixture(scope="module")
def lakip(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    path = demo_copy(tmp_path_factory.mktemp("lakip") / "data")
    result = export_document(context(path, now=NOW), "lakip")
    return docx.Document(str(result.path))


def headings(doc: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


def all_text(doc: docx.document.Document) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def row_texts(doc: docx.document.Document) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


# -- structure --------------------------------------------------------------------------------


def test_chapter_headings_in_order(lakip: docx.document.Document) -> None:
    level1 = [text for style, text in headings(lakip) if style == "Heading 1"]
    assert level1 == [
        "KATA PENGANTAR",
        "IKHTISAR EKSEKUTIF",
        "DAFTAR ISI",
        "BAB I PENDAHULUAN",
        "BAB II PERENCANAAN KINERJA",
        "BAB III AKUNTABILITAS KINERJA",
        "BAB IV PENUTUP",
        "LAMPIRAN",
    ]
    level2 = [text for style, text in headings(lakip) if style == "Heading 2"]
    assert level2 == [
        "A. Latar Belakang",
        "B. Gambaran Umum Organisasi",
        "C. Tugas Pokok dan Fungsi",
        "D. Struktur Organisasi",
        "E. Dasar Hukum",
        "F. Isu Strategis",
        "A. Rencana Strategis",
        "B. Perjanjian Kinerja",
        "A. Capaian Kinerja Organisasi",
        "B. Realisasi Anggaran",
        "A. Kesimpulan",
        "B. Langkah ke Depan",
        "Lampiran 1. Perjanjian Kinerja",
        "Lampiran 2. Pengukuran Kinerja",
    ]
    level3 = [text for style, text in headings(lakip) if style == "Heading 3"]
    assert len(level3) == 9 and level3[0].startswith("Sasaran 1: ")


def test_seven_analyses_per_sasaran(lakip: docx.document.Document) -> None:
    labels = [p.text for p in lakip.paragraphs if p.text[:2] in {f"{n})" for n in range(1, 8)}]
    assert len(labels) == 9 * 7
    text = all_text(lakip)
    # narrative from Sasaran.analyses is used where present, sentences where it is not
    assert "Angka Partisipasi Kasar PAUD tahun 2025 mencapai 70,84 %" in text
    assert "dibanding" in text and "pada tahun 2024" in text


def _pictures(doc: docx.document.Document) -> list[tuple[str, int]]:
    """(alt text, width in EMU) of every inline picture of the body."""
    return [
        (str(shape._inline.docPr.get("descr") or ""), int(shape.width))
        for shape in doc.inline_shapes
    ]


def test_charts_per_sasaran_for_the_budget_and_the_summary(
    lakip: docx.document.Document,
) -> None:
    alts = [alt for alt, _ in _pictures(lakip)]
    per_sasaran = [a for a in alts if a.startswith("Grafik realisasi dan target indikator sasaran")]
    assert [a.split(":")[0].rsplit(" ", 1)[1] for a in per_sasaran] == [
        f"S{n}" for n in range(1, 10)
    ]
    assert sum(a.startswith("Grafik serapan anggaran per program tahun 2025") for a in alts) == 1
    assert (
        sum(a.startswith("Grafik sebaran predikat capaian indikator tahun 2025") for a in alts) == 1
    )
    # the alt text says the chart's numbers, written the Indonesian way
    s1 = per_sasaran[0]
    assert "IK1.1 Angka Partisipasi Kasar (APK) PAUD (%) realisasi 2022: 66,12" in s1
    assert "2025: 70,84; target 2025: 72,50." in s1
    captions = [p.text for p in lakip.paragraphs if p.text.startswith("Gambar ")]
    assert (
        len(captions) == 11 and "Gambar III.1 Realisasi dan target indikator sasaran S1" in captions
    )
    section = lakip.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert all(0 < width <= text_width for _, width in _pictures(lakip))


def test_toc_field_and_update_on_open(lakip: docx.document.Document) -> None:
    body = lakip.element.body
    instr = [e.text for e in body.iter(qn("w:instrText"))]
    assert any(t.strip().startswith("TOC") for t in instr)
    assert lakip.settings.element.find(qn("w:updateFields")) is not None
    toc = [p.text.split("\t")[0] for p in lakip.paragraphs if p.style.name.startswith("toc")]
    assert "BAB III AKUNTABILITAS KINERJA" in toc


def test_page_number_field_in_footer(lakip: docx.document.Document) -> None:
    footer = lakip.sections[0].footer._element
    instr = [e.text.strip() for e in footer.iter(qn("w:instrText"))]
    assert "PAGE" in instr
    assert lakip.sections[0].different_first_page_header_footer  # no number on the cover


def test_table_rows_repeat_and_do_not_split(lakip: docx.document.Document) -> None:
    bordered = [t for t in lakip.tables if len(t.rows) > 1 and t.rows[0].cells[0].text]
    assert len(bordered) > 40
    for t in bordered:
        first = t.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in t.rows:
            tr_pr = row._tr.trPr
            assert tr_pr.find(qn("w:cantSplit")) is not None
            tags = [child.tag for child in tr_pr]
            if qn("w:tblHeader") in tags:  # schema order: cantSplit before tblHeader
                assert tags.index(qn("w:cantSplit")) < tags.index(qn("w:tblHeader"))


def test_landscape_sections_swap_width_and_height(lakip: docx.document.Document) -> None:
    sections = list(lakip.sections)
    land = [s for s in sections if s.orientation == WD_ORIENT.LANDSCAPE]
    port = [s for s in sections if s.orientation == WD_ORIENT.PORTRAIT]
    assert len(land) == 2 and port
    for s in land:
        assert s.page_width > s.page_height
        assert round(s.page_width.mm) == 297 and round(s.page_height.mm) == 210
    for s in port:
        assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
        assert not (s is not sections[0] and s.different_first_page_header_footer)


def test_styles_have_explicit_fonts_and_black_headings(lakip: docx.document.Document) -> None:
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title"):
        style = lakip.styles[name]
        fonts = style.element.rPr.find(qn("w:rFonts"))
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert fonts.get(qn(f"w:{slot}")) == "Arial"
        assert not any("Theme" in k or "theme" in k for k in fonts.attrib)
        color = style.element.rPr.find(qn("w:color"))
        assert color is not None and color.get(qn("w:val")) == "000000"
        assert color.get(qn("w:themeColor")) is None


# -- numbers ----------------------------------------------------------------------------------


def test_measurement_table_matches_store(store: Context) -> None:
    with store.store.read() as r:
        inds = r.indicators(YEAR)
        budget = r.budget(YEAR)
    doc = docx.Document(str(export_document(store, "lakip").path))
    rows = {r[1]: r for r in row_texts(doc) if len(r) >= 11 and r[0].isdigit()}
    assert len(rows) == len(inds)
    for ind in inds:
        row = rows[ind.code]
        assert row[-3] == format_percent(capaian_of(ind).value)
        assert row[-2] == predikat(capaian_of(ind).value)
    # budget totals: programme lines summed, Indonesian format, right aligned
    total = sum((b.pagu for b in budget if b.level.value == "program"), Decimal(0))
    total_rows = [r for r in row_texts(doc) if "Jumlah" in r and format_number(total) in r]
    assert total_rows
    table = next(
        t for t in doc.tables if format_number(total) in [c.text for c in t.rows[-1].cells]
    )
    cell = next(c for c in table.rows[-1].cells if c.text == format_number(total))
    assert cell.paragraphs[0].alignment == 2  # RIGHT


def test_undefined_capaian_is_a_dash(store: Context) -> None:
    with store.store.write("admin", NOW) as w:
        ind = w.indicators(YEAR)[0]
        w.save_indicator(replace(ind, target=None))
    doc = docx.Document(str(export_document(store, "lakip").path))
    row = next(r for r in row_texts(doc) if len(r) >= 11 and r[1] == ind.code)
    assert row[-3] == "-" and row[-2] == "-"
    assert "target kosong" in all_text(doc)


def test_missing_narrative_is_marked(store: Context) -> None:
    with store.store.write("admin", NOW) as w:
        report = w.report(YEAR)
        narrative = dict(report.narrative)
        narrative.pop("isu_strategis")
        w.save_report(replace(report, narrative=narrative))
    result = export_document(store, "lakip")
    doc = docx.Document(str(result.path))
    notes = [p for p in doc.paragraphs if p.text.startswith(MISSING_NARRATIVE)]
    assert any("Isu Strategis" in p.text for p in notes)
    assert notes[0].style.name == "Catatan Penyunting"
    assert notes[0].style.font.highlight_color is not None
    assert any("Isu Strategis" in n for n in result.notes)


@pytest.mark.parametrize("size", [PageSize.A4, PageSize.F4])
def test_page_size_from_profile(store: Context, size: PageSize) -> None:
    with store.store.write("admin", NOW) as w:
        w.save_profile(replace(w.profile(), page_size=size, margin_left_mm=40))
    expected = {PageSize.A4: (210, 297), PageSize.F4: (215, 330)}[size]
    for kind in ("lakip", "letter"):
        doc = docx.Document(str(export_document(store, kind, overwrite=True).path))
        first = doc.sections[0]
        assert (round(first.page_width.mm), round(first.page_height.mm)) == expected
        assert round(first.left_margin.mm) == 40


# -- files, records, audit ----------------------------------------------------------------------


def test_export_is_recorded_and_never_clobbers(store: Context, tmp_path: Path) -> None:
    first = export_document(store, "lakip")
    assert first.path == store.out_dir() / "LAKIP-2025-Disdikbud.docx"
    import hashlib

    assert hashlib.sha256(first.path.read_bytes()).hexdigest() == first.sha256
    with store.store.read() as r:
        rec = r.exports(YEAR)[-1]
        assert rec.sha256 == first.sha256 and rec.data_rev == r.report(YEAR).rev
        assert r.audit(YEAR)[-1].action == "ekspor.lakip"
    before = first.path.read_bytes()
    with pytest.raises(UseCaseError, match=r"sudah ada.*--overwrite"):
        export_document(store, "lakip")
    assert first.path.read_bytes() == before
    assert not [p for p in first.path.parent.iterdir() if p.name.startswith(".lakip-")]
    again = export_document(store, "lakip", overwrite=True)
    assert again.path == first.path and again.path.read_bytes() != b""
    # -o as a folder and as a file path
    folder = export_document(store, "letter", output=tmp_path / "lain")
    assert folder.path == tmp_path / "lain" / "Surat-Pengantar-LAKIP-2025-KONSEP.docx"
    named = export_document(store, "letter", output=tmp_path / "x" / "saya.docx")
    assert named.path.name == "saya.docx" and named.path.is_file()


def test_bad_data_still_exports(store: Context) -> None:
    with store.store.write("admin", NOW) as w:
        profile = w.profile()
        w.save_profile(
            replace(
                profile,
                office="DINAS [red]PENDIDIKAN[/red]\x00\x07 DAN KEBUDAYAAN\x1b",
                logo_path="/tidak/ada/logo.png",
                addressee="Bupati\x0b Balangan",
            )
        )
        ind = w.indicators(YEAR)[1]
        w.save_indicator(replace(ind, name="Indikator\x01 dengan <b>markup</b> & aneh"))
    for kind in ("lakip", "letter", "disposition"):
        result = export_document(store, kind, step=1 if kind == "disposition" else None)
        doc = docx.Document(str(result.path))
        text = all_text(doc)
        assert "\x00" not in text and "\x1b" not in text
        assert any("logo tidak ditemukan" in n for n in result.notes)
    assert "Indikator dengan <b>markup</b> & aneh" in all_text(
        docx.Document(str(store.out_dir() / "LAKIP-2025-Disdikbud.docx"))
    )


def test_empty_year_gives_a_valid_document(store: Context) -> None:
    add_year(store, 2026, copy=False)
    lakip = all_text(docx.Document(str(export_document(store, "lakip", year=2026).path)))
    assert "BAB III AKUNTABILITAS KINERJA" in lakip
    letter = all_text(docx.Document(str(export_document(store, "letter", year=2026).path)))
    assert "Tahun 2026" in letter and "KONSEP" in letter


def test_clean_text_strips_only_xml_incompatible_characters() -> None:
    assert clean_text("a\x00b\x08c\td\ne\rf\x1fg\ufffeh") == "abc\td\ne\nfgh"
    assert clean_text(None) == ""
    assert clean_text("[bold]x[/bold] <w:p/>") == "[bold]x[/bold] <w:p/>"


# -- disposition --------------------------------------------------------------------------------


def test_disposition_step_1_and_refusal_for_step_9(store: Context) -> None:
    result = export_document(store, "disposition", step=1)
    assert result.path.name == "Disposisi-Langkah-1-2025.docx"
    text = all_text(docx.Document(str(result.path)))
    assert "LEMBAR DISPOSISI" in text
    assert "susun LAKIP tahun lalu" in text  # the step's note
    assert "Disposisi: susun" not in text  # not "Isi disposisi: Disposisi: ..."
    assert "Dasar:\nSOP 004/SOP/Disdikbud-BLG/2023" in text  # the SOP is the basis, not a number
    assert "Kasubbag PK2AK" in text  # forwarded to the next role
    with pytest.raises(UseCaseError, match=r"Langkah 9 .* belum dilaksanakan"):
        export_document(store, "disposition", step=9)


def test_disposition_9_by_an_administrator_keeps_the_kepala_dinas_paraf(store: Context) -> None:
    t = NOW
    for step, account in ((7, "sekretaris"), (8, "sekretaris")):
        t += timedelta(minutes=30)
        advance(as_user(store, account, t), note=f"langkah {step} selesai")
    fill_quality_gaps(as_user(store, "staf1", t))
    signed = export_document(as_user(store, "staf1", t), "lakip", overwrite=True)
    t += timedelta(minutes=5)
    advance(as_user(store, "admin", t), note="disetujui", override_reason="Kepala Dinas dinas luar")
    text = all_text(docx.Document(str(export_document(store, "disposition", step=9).path)))
    assert f"Dokumen:\n{signed.path.name}\nSHA-256 {signed.sha256}" in text
    paraf = text.split("Paraf/nama:", 1)[1]
    assert "Drs. H. Ahmad Fauzi, M.Pd." in paraf and "Administrator Demo" not in paraf
    assert "dilaksanakan oleh admin atas nama Kepala Dinas: Kepala Dinas dinas luar" in text


# -- signing and letters ------------------------------------------------------------------------


def test_letter_numbering_and_reexport_keeps_number(store: Context) -> None:
    draft = export_document(store, "letter")
    dtext = all_text(docx.Document(str(draft.path)))
    assert "KONSEP" in dtext and "Nomor : ......../......../........" in dtext
    with pytest.raises(UseCaseError, match="langkah 10"):
        number_letter(as_user(store, "kasubbag", NOW), year=YEAR)
    t = walk_to_letter_step(store)
    kas = as_user(store, "kasubbag", t + timedelta(minutes=5))
    with pytest.raises(UseCaseError, match="Kasubbag"):
        number_letter(as_user(store, "staf1", t), year=YEAR)
    letter, created = number_letter_ex(kas, year=YEAR)
    # one register: the demo's 6 data requests and 1 reminder took 001 to 007
    assert created and letter.number == "050/008/Disdikbud-BLG/2026"
    again, created_again = number_letter_ex(kas, year=YEAR)
    assert again == letter and not created_again
    paths = []
    for _ in range(2):
        result = export_document(kas, "letter", overwrite=True)
        text = all_text(docx.Document(str(result.path)))
        assert f"Nomor : {letter.number}" in text and "KONSEP" not in text
        paths.append(result.path)
    assert paths[0] == paths[1] and paths[0].name == "Surat-Pengantar-LAKIP-2025.docx"
    advance(kas, note="surat bernomor")  # the step-10 guard sees the number
    newer = number_letter(kas, year=YEAR, new=True)
    assert newer.number == "050/009/Disdikbud-BLG/2026"
    covers = [x.number for x in letters(kas, YEAR) if x.is_cover]
    assert covers == [letter.number, newer.number]


def test_signed_version_is_reported(store: Context) -> None:
    t = walk_to_letter_step(store)
    with store.store.read() as r:
        sig = r.report(YEAR).signatures[-1]
    result = export_document(as_user(store, "staf1", t), "lakip", output=store.out_dir() / "baru")
    joined = "\n".join(result.notes)
    assert "Versi yang ditandatangani" in joined and sig.sha256 in joined
    assert "masih ada dan cocok" in joined and "Data tidak berubah" in joined


def test_two_processes_never_share_a_number(store: Context) -> None:
    t = walk_to_letter_step(store)
    script = textwrap.dedent(
        f"""
        import sys, time
        from datetime import datetime
        from pathlib import Path
        from models.numbers import OfficeZone
        from usecases.context import Context
        from usecases.exporting import number_letter
        at = datetime.fromisoformat({(t + timedelta(minutes=2)).isoformat()!r})
        ctx = Context(db_path=Path(sys.argv[1]), account="kasubbag", clock=lambda: at)
        start = float(sys.argv[2])
        while time.time() < start:
            time.sleep(0.001)
        print(number_letter(ctx, year={YEAR}, new=True).number)
        """
    )
    import time

    start = time.time() + 1.0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(store.db_path), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(3)
    ]
    numbers = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        numbers.append(out.strip())
    assert len(set(numbers)) == 3
    with store.store.read() as r:
        issued = [x.number for x in r.letters(YEAR) if x.is_cover]
    assert sorted(issued) == sorted(numbers)


# -- light imports --------------------------------------------------------------------------------


def test_status_does_not_import_docx(store: Context) -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"rc = main(['--db', {str(store.db_path)!r}, 'status'])\n"
        "assert rc == 0\n"
        "bad = [m for m in ('docx', 'lxml', 'openpyxl', 'textual', 'PIL') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


# -- PDF ------------------------------------------------------------------------------------------

_HAS_LO = shutil.which("soffice") is not None and shutil.which("pdfinfo") is not None


@pytest.mark.skipif(
    not _HAS_LO, reason="LibreOffice (soffice) dan poppler (pdfinfo) tidak terpasang"
)
def test_pdf_of_lakip_and_letter(store: Context) -> None:
    with store.store.write("admin", NOW) as w:
        w.save_profile(replace(w.profile(), page_size=PageSize.F4))
    checks: dict[str, Callable[[str], bool]] = {
        "lakip": lambda text: "BAB III AKUNTABILITAS KINERJA" in text and "Pengukuran" in text,
        "letter": lambda text: "SURAT PENGANTAR" in text and "KONSEP" in text,
    }
    for kind, check in checks.items():
        result = export_document(store, kind, pdf=True)
        assert result.pdf_path is not None and result.pdf_path.stat().st_size > 0
        info = subprocess.run(
            ["pdfinfo", str(result.pdf_path)], capture_output=True, text=True, check=True
        ).stdout
        size = next(line for line in info.splitlines() if line.startswith("Page size"))
        w_pt, h_pt = (float(x) for x in size.split(":")[1].split("pts")[0].split("x"))
        assert (round(w_pt / 72 * 25.4), round(h_pt / 72 * 25.4)) == (215, 330)
        text = subprocess.run(
            ["pdftotext", "-layout", str(result.pdf_path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert check(text)


@pytest.mark.skipif(
    not _HAS_LO, reason="LibreOffice (soffice) dan poppler (pdfinfo) tidak terpasang"
)
def test_pdf_table_of_contents_has_page_numbers(store: Context) -> None:
    import re

    from exporters.pdf import uno_python

    if uno_python() is None:
        pytest.skip("jembatan Python LibreOffice (python3-uno) tidak terpasang")
    result = export_document(store, "lakip", pdf=True)
    assert result.pdf_path is not None
    text = subprocess.run(
        ["pdftotext", "-layout", str(result.pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    toc = text.split("DAFTAR ISI", 1)[1]
    page = re.search(r"BAB III AKUNTABILITAS KINERJA\.{3,}\s*(\d+)", toc)
    assert page is not None, toc[:800]
    pages = text.split("\f")
    # the body is numbered from 1 after the front matter (i, ii, ...): find the page that prints
    # the number the Daftar Isi gives
    printed = [p.strip().splitlines()[-1].strip() if p.strip() else "" for p in pages]
    assert "iv" in printed and "1" in printed
    assert "BAB III AKUNTABILITAS KINERJA" in pages[printed.index(page[1])]


def test_pdf_without_libreoffice_says_so(store: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    import exporters.pdf

    monkeypatch.setattr(exporters.pdf, "soffice_path", lambda: None)
    result = export_document(store, "letter", pdf=True)
    assert result.pdf_path is None
    assert any("LibreOffice tidak terpasang" in n for n in result.notes)


@pytest.mark.skipif(not _HAS_LO, reason="LibreOffice (soffice) tidak terpasang")
def test_a_lakip_pdf_without_page_numbers_in_its_toc_is_refused_unless_asked(
    store: Context, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without LibreOffice's Python bridge the Daftar Isi cannot be numbered: the command says
    so and fails (the DOCX is made); --tanpa-daftar-isi makes the PDF anyway and says what it
    lacks. A letter has no Daftar Isi and is not concerned."""
    import exporters.pdf
    from tui.cli import main
    from usecases.admin import save_user
    from usecases.context import unix_account

    save_user(store, unix_account(), name="Penguji", role=Role.STAF)  # the CLI's own account
    monkeypatch.setattr(exporters.pdf, "uno_python", lambda: None)
    db = str(store.db_path)
    assert main(["--db", db, "export", "lakip", "--pdf"]) == 1
    out, err = capsys.readouterr()
    assert "Berkas dibuat:" in out and "python3-uno" in err and "--tanpa-daftar-isi" in err
    assert not list(store.out_dir().glob("*.pdf"))
    assert main(["--db", db, "export", "lakip", "--pdf", "--overwrite", "--tanpa-daftar-isi"]) == 0
    out, _ = capsys.readouterr()
    assert "PDF          :" in out and "tanpa nomor halaman di Daftar Isi" in out
    assert main(["--db", db, "export", "letter", "--pdf"]) == 0


def test_same_data_same_date_gives_the_same_bytes_whenever_it_is_made(
    store: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time
    from datetime import date

    from exporters.lakip_docx import render_lakip
    from exporters.letter_docx import render_letter

    with store.store.read() as r:
        data = r.year_data(r.current_year() or 0)
    printed = date(2026, 11, 27)
    first = (
        render_lakip(data, printed=printed).data,
        render_letter(data, None, printed=printed).data,
    )
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3 * 86400)  # zip entries would be dated
    later = (
        render_lakip(data, printed=printed).data,
        render_letter(data, None, printed=printed).data,
    )
    assert first == later


def test_measures_keep_the_decimals_they_were_entered_with(tmp_path: Path) -> None:
    """0,250 / 0,254 (lower is better) must not print as 0,25 / 0,25 beside a capaian of
    98,40 % 'belum mencapai target': table, sentence and appendix keep three decimals, and the
    table says which formula gave the capaian."""
    ctx = small_office(tmp_path)
    with ctx.store.read() as r:
        ind = next(i for i in r.indicators(YEAR) if i.code == "IK1.2")
    data.save_indicator(
        ctx, YEAR, replace(ind, target=Decimal("0.250"), realisasi=Decimal("0.254"))
    )
    doc = docx.Document(str(export_document(ctx, "lakip").path))
    rows = [
        [c.text for c in row.cells]
        for t in doc.tables
        for row in t.rows
        if row.cells[0].text == "IK1.2" or (len(row.cells) > 1 and row.cells[1].text == "IK1.2")
    ]
    with_target = [r for r in rows if "0,250" in r]
    assert len(with_target) == 2, rows  # analysis 1 table and the appendix
    assert all("0,254" in r and "98,40 %" in r for r in with_target), with_target
    assert not any("0,25" in r for r in rows), rows
    text = all_text(doc)
    assert "0,25 " not in text.replace("0,250", "").replace("0,254", "")
    assert (
        "IK1.2 makin rendah makin baik; capaiannya dihitung dengan rumus (2T - R) / T x 100."
        in text
    )


def test_a_sasaran_without_budget_shows_a_dash_not_zero(lakip: docx.document.Document) -> None:
    table = next(
        t
        for t in lakip.tables
        if [c.text for c in t.rows[0].cells][1::5] == ["Sasaran Strategis", "Efisiensi (poin)"]
    )
    row = next(
        [c.text for c in r.cells] for r in table.rows if r.cells[1].text.startswith("Terwujudnya")
    )  # S9 of the demo has no budget line
    assert row[3:5] == ["-", "-"] and row[-1] == "Tidak ada anggaran terkait", row


def test_front_matter_in_roman_numerals_and_the_body_from_one(
    lakip: docx.document.Document,
) -> None:
    def numbering(section: object) -> tuple[str | None, str | None]:
        el = section._sectPr.find(qn("w:pgNumType"))  # type: ignore[attr-defined]
        return (None, None) if el is None else (el.get(qn("w:fmt")), el.get(qn("w:start")))

    sections = lakip.sections
    assert numbering(sections[0]) == ("lowerRoman", None)
    assert numbering(sections[1]) == ("decimal", "1")
    # the landscape and portrait sections after it go on counting, never restart
    assert len(sections) > 3 and all(numbering(s) == ("decimal", None) for s in sections[2:])
    # BAB I is the first heading after the front matter's section break
    texts = [p.text for p in lakip.paragraphs]
    assert texts.index("BAB I PENDAHULUAN") > texts.index("DAFTAR ISI")


def test_the_draft_mark_stands_clear_of_the_kop(store: Context) -> None:
    doc = docx.Document(str(export_document(store, "letter").path))
    section = doc.sections[0]
    assert "KONSEP" in section.header.paragraphs[0].text
    # the header's line (10 pt, about 4,5 mm with spacing) ends before the body's top margin
    assert section.header_distance + docx.shared.Mm(5) <= section.top_margin


def _keeps(row: object) -> bool:
    return all(
        p._p.pPr is not None and p._p.pPr.find(qn("w:keepNext")) is not None
        for p in (c.paragraphs[0] for c in row.cells)  # type: ignore[attr-defined]
    )


def test_tables_keep_their_header_and_their_end_together(lakip: docx.document.Document) -> None:
    """The header keeps with the first row; the last two body rows keep with the total."""
    table = next(
        t for t in lakip.tables if t.rows[0].cells[1].text == "Program/Kegiatan/Sub Kegiatan"
    )  # analysis 7 of S1: programmes with a Jumlah row
    rows = list(table.rows)
    assert rows[-1].cells[1].text == "Jumlah" and len(rows) >= 5
    assert _keeps(rows[0]) and _keeps(rows[-3]) and _keeps(rows[-2])
    assert not _keeps(rows[1]) and not _keeps(rows[-1])


def test_columns_are_wide_enough_for_every_number(lakip: docx.document.Document) -> None:
    from exporters.styles import text_mm

    for table in lakip.tables:
        widths = [c.width.mm for c in table.columns] if table.columns[0].width else []
        for row in list(table.rows)[1:]:
            cells = row.cells
            if len(cells) != len(widths):
                continue
            for cell, width in zip(cells, widths, strict=True):
                text = cell.text.strip()
                if re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?( %)?", text):
                    assert text_mm(text, 10, bold=True) <= width, (text, width)


def test_perjanjian_kinerja_signatures_are_aligned_and_kept_with_the_table(
    lakip: docx.document.Document,
) -> None:
    grid = next(t for t in lakip.tables if any(r.cells[0].text == "Pihak Kedua," for r in t.rows))
    rows = [[c.text for c in r.cells] for r in grid.rows]
    names = next(r for r in rows if "Drs. H. Ahmad Fauzi, M.Pd." in r)
    assert names[0].startswith("(....")  # the kepala daerah's name line on the same row
    assert ["NIP. " + "." * 30, "NIP. 19700312 199503 1 004"] in rows
    assert all(_keeps(r) for r in list(grid.rows)[:-1])
    body = lakip.element.body
    before = grid._tbl.getprevious()  # the spacer after the programme table keeps with the grid
    assert before is not None and before.find(".//" + qn("w:keepNext")) is not None
    assert body.index(grid._tbl) > 0


def test_the_step_9_disposition_prints_the_audit_entry_of_the_signature(tmp_path: Path) -> None:
    """Tamper evidence that leaves the machine (issue 17): the signed LAKIP's disposition names
    the audit entry that recorded the signature and its SHA-256, the same on every print, and
    `lakip log --rantai` checks it against the trail."""
    from tests.conftest import context, demo_copy, finish_demo
    from usecases.admin import check_printed_head

    db = demo_copy(tmp_path)
    finish_demo(db, tmp_path / "out")
    ctx = context(db, "kasubbag")
    first = export_document(ctx, "disposition", step=9, output=tmp_path / "d1.docx")
    again = export_document(ctx, "disposition", step=9, output=tmp_path / "d2.docx")
    assert first.sha256 == again.sha256  # later entries do not change what it prints
    text = all_text(docx.Document(str(first.path)))
    found = re.search(r"langkah 9 tercatat pada entri (\d+), SHA-256 ([0-9a-f]{64})", text)
    assert found, text
    seq, digest = int(found.group(1)), found.group(2)
    with ctx.store.read() as r:
        entry = next(e for e in r.audit(2025) if e.seq == seq)
    assert (entry.action, entry.target) == ("langkah.selesai", "langkah 9")
    assert check_printed_head(ctx, seq, digest).startswith("Cocok")
