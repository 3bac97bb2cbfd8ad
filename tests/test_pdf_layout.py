"""The LAKIP as printed: rendered to PDF by LibreOffice and read back with pdftotext.

Checks what a Kepala Dinas would otherwise correct by hand: no number or word broken inside a
table cell, no page that ends on a table header, the Perjanjian Kinerja signatures never alone
on a page, and a Daftar Isi with page numbers - for the demo and for a 300-indicator year.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from benchmarks.bench_export import BIG, big_year
from tests.conftest import context, demo_copy
from usecases.exporting import export_document

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) dan poppler (pdftotext) tidak terpasang",
)

NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?( %)?$")


def _pdf_of(docx_path: Path) -> Path:
    from exporters.pdf import convert_to_pdf

    return convert_to_pdf(docx_path, docx_path.parent / "pdf", timeout=240)


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def _flat(pdf: Path) -> str:
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def _cells(path: Path) -> tuple[set[str], set[str], list[list[str]]]:
    """Numbers in table cells, words of header cells, and each table's header cells."""
    doc = docx.Document(str(path))
    numbers: set[str] = set()
    words: set[str] = set()
    headers: list[list[str]] = []
    for table in doc.tables:
        rows = list(table.rows)
        if not rows or rows[0]._tr.find(".//" + qn("w:tblHeader")) is None:
            continue  # a layout grid (kop, signatures), not a data table
        head = [c.text for c in rows[0].cells]
        headers.append(head)
        words.update(w for cell in head for w in cell.split() if len(w) > 3)
        for row in rows[1:]:
            for cell in row.cells:
                if NUMBER.match(cell.text.strip()):
                    numbers.add(cell.text.strip())
    return numbers, words, headers


def _content_lines(page: str) -> list[str]:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    if lines and re.fullmatch(r"[ivxlc]+|\d+", lines[-1]):
        lines = lines[:-1]  # the page number in the footer
    return lines


def _check(docx_path: Path, *, toc: bool = True) -> None:
    pdf = _pdf_of(docx_path)
    pages = _pages(pdf)
    flat = _flat(pdf)
    numbers, words, headers = _cells(docx_path)
    broken = sorted(n for n in numbers if n not in flat)
    assert not broken, f"angka terpotong di sel: {broken[:10]}"
    split_words = sorted(w for w in words if w not in flat)
    assert not split_words, f"kata judul kolom terpotong: {split_words[:10]}"
    for number, page in enumerate(pages, start=1):
        lines = _content_lines(page)
        if not lines:
            continue
        last = lines[-1].split()
        for head in headers:
            head_words = {w for cell in head for w in cell.split()}
            assert not (len(last) >= 2 and set(last) <= head_words), (
                f"halaman {number} berakhir pada judul tabel: {lines[-1]!r}"
            )
        if "Pihak Pertama," in page:
            before = page.split("Pihak Pertama,")[0]
            assert "Jumlah" in before or "Target" in before, (
                f"tanda tangan Perjanjian Kinerja sendirian di halaman {number}"
            )
    if not toc:
        return
    contents = pages[next(n for n, p in enumerate(pages) if "DAFTAR ISI" in p)]
    assert re.search(r"BAB III AKUNTABILITAS KINERJA\.{3,}\s*\d+", contents), contents[:600]


def test_the_demo_lakip_prints_clean_pages(tmp_path: Path) -> None:
    ctx = context(demo_copy(tmp_path / "data"))
    _check(export_document(ctx, "lakip").path)


def test_a_300_indicator_year_prints_clean_pages(tmp_path: Path) -> None:
    ctx = context(demo_copy(tmp_path / "data"))
    big_year(ctx)
    _check(export_document(ctx, "lakip", year=BIG).path)


def test_the_quarterly_report_and_the_manual_ik_print_clean_pages(tmp_path: Path) -> None:
    ctx = context(demo_copy(tmp_path / "data"))
    _check(export_document(ctx, "triwulan", step=2).path, toc=False)
    manual = export_document(ctx, "manual-ik").path
    _check(manual, toc=False)
    pages = [p for p in _pages(_pdf_of(manual)) if p.strip()]
    assert len(pages) == 37  # one page per indicator


def test_the_pk_prints_its_signatures_side_by_side_with_what_they_sign(tmp_path: Path) -> None:
    """The PK of the demo office: the statement and both signatures on page 1; the appendix's
    total and its signatures on one page, side by side (the same line holds both parties)."""
    from usecases.pk import export_pk, new_pk

    ctx = context(demo_copy(tmp_path / "data"))
    new_pk(ctx, kepala_daerah="H. Abdul Hadi, S.Ag., M.I.Kom")
    made = export_pk(ctx, output=tmp_path / "pk.docx").path
    pdf = _pdf_of(made)
    pages = [p for p in _pages(pdf) if p.strip()]
    flat = _flat(pdf)
    numbers, _, _ = _cells(made)
    assert not sorted(n for n in numbers if n not in flat)
    assert "PERJANJIAN KINERJA TAHUN 2025" in pages[0]
    for page in (pages[0], pages[-1]):
        side = [line for line in page.splitlines() if "Pihak Kedua," in line]
        assert side and "Pihak Pertama," in side[0], page[-800:]
        names = [line for line in page.splitlines() if "H. Abdul Hadi" in line]
        assert names and "Drs. H. Ahmad Fauzi, M.Pd." in names[-1]
    assert "Jumlah" in pages[-1].split("Pihak Kedua,")[0]
