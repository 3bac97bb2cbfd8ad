"""Bad input, importers: hypothesis-made CSV files and awkward XLSX workbooks.

Whatever the file holds, ``import_file`` returns an ``ImportResult`` (clean, or with problems per
row and column) or refuses the whole file with a ``UseCaseError``; it never raises anything else,
never changes the store when a row is bad (unless ``valid_only``), and a second import of the same
clean file changes nothing.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import YEAR, small_office
from usecases import data
from usecases.collection import ImportResult, import_file
from usecases.context import Context
from usecases.reporting import UseCaseError

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

IND_COLUMNS = [
    "kode_sasaran",
    "sasaran",
    "kode_indikator",
    "indikator",
    "satuan",
    "polaritas",
    "target",
    "realisasi",
    "realisasi_2024",
    "target_renstra",
    "bidang",
    "sumber_data",
]
BUD_COLUMNS = ["kode", "program", "tingkat", "pagu", "realisasi", "kode_sasaran", "bidang"]

NASTY = [
    "[red]merah[/red]",
    "[/]",
    "[b]x[/b]",
    "[link=http://x]y[/link]",
    "\x1b[2J",
    "\x1b]0;judul\x07",
    "a\x00b",
    "a\x08b",
    "a\x0bb",
    "\u202eRTL \u05e9\u05dc\u05d5\u05dd",
    "emoji \U0001f600\U0001f1ee\U0001f1e9",
    "\x9b2J",
    "=1+1",
    "",
    " ",
]
NUMBERS = ["100", "85,5", "85.5", "1.234,5", "1.234", "Rp 12.500", "-3", "NaN", "1e5", "abc", "0"]


def cell(column: str) -> st.SearchStrategy[str]:
    good: dict[str, list[str]] = {
        "kode_sasaran": ["S1", "S9"],
        "kode_indikator": ["IK1.1", "IK1.2", "IKX"],
        "kode": ["1.01.02", "1.01.02.2.01", "9.99"],
        "polaritas": ["positif", "negatif", "naik"],
        "bidang": ["SD", "SMP", "XX"],
        "tingkat": ["program", "kegiatan", "sub kegiatan"],
    }
    numeric = {"target", "realisasi", "realisasi_2024", "target_renstra", "pagu"}
    choices = good.get(column, ["Nama biasa"]) + (NUMBERS if column in numeric else [])
    return st.one_of(
        st.sampled_from(choices),
        st.sampled_from(NASTY),
        st.text(max_size=12),
    )


def no_surrogates(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, str]:
    columns = draw(st.sampled_from([IND_COLUMNS, BUD_COLUMNS]))
    order = draw(st.permutations(columns))
    keep = draw(st.lists(st.sampled_from(order), unique=True, min_size=1))
    header = [c for c in order if c in keep or draw(st.booleans())]
    delimiter = draw(st.sampled_from([";", ","]))
    rows = draw(
        st.lists(
            st.lists(st.one_of(*(cell(c) for c in header)), min_size=0, max_size=len(header) + 1),
            max_size=5,
        )
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([no_surrogates(c) for c in row])
    bom = draw(st.booleans())
    raw = out.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" if bom else b"") + raw, delimiter


_TEMPLATE: dict[str, Path] = {}


def fresh_ctx() -> tuple[Context, Path]:
    if "t" not in _TEMPLATE:
        base = Path(tempfile.mkdtemp(prefix="lakip-badinput-"))
        small_office(base)
        _TEMPLATE["t"] = base / "lakip.json"
    folder = Path(tempfile.mkdtemp(prefix="lakip-badinput-case-"))
    shutil.copyfile(_TEMPLATE["t"], folder / "lakip.json")
    ctx = Context(
        db_path=folder / "lakip.json",
        account="admin",
        clock=lambda: datetime.fromisoformat("2026-02-10T09:00:00+08:00"),
    )
    return ctx, folder


def snapshot(ctx: Context) -> Any:
    view = data.load(ctx, YEAR).data
    return (view.sasaran, view.indicators, view.budget, view.report.rev, view.report.returns)


def run_import(ctx: Context, path: Path, **kw: Any) -> ImportResult | None:
    try:
        return import_file(ctx, path, **kw)
    except UseCaseError as exc:
        assert str(exc)
        return None


@SETTINGS
@given(made=csv_files())
def test_random_csv_never_crashes_and_bad_rows_change_nothing(made: tuple[bytes, str]) -> None:
    raw, _ = made
    ctx, folder = fresh_ctx()
    try:
        path = folder / "acak.csv"
        path.write_bytes(raw)
        before = snapshot(ctx)
        result = run_import(ctx, path)
        if result is None or result.problems:
            assert snapshot(ctx) == before
            if result is not None:
                assert not result.applied
                for p in result.problems:
                    assert p.text() and p.message
            return
        assert result.applied
        after = snapshot(ctx)
        again = run_import(ctx, path)
        assert again is not None and again.applied and not again.problems
        assert again.changes == ()
        assert snapshot(ctx)[:3] == after[:3]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@SETTINGS
@given(made=csv_files())
def test_random_csv_valid_only_takes_only_clean_rows(made: tuple[bytes, str]) -> None:
    raw, _ = made
    ctx, folder = fresh_ctx()
    try:
        path = folder / "acak.csv"
        path.write_bytes(raw)
        before = snapshot(ctx)
        result = run_import(ctx, path, valid_only=True)
        if result is None or not result.applied:
            assert snapshot(ctx) == before
            return
        stored = {i.code: i for i in data.load(ctx, YEAR).data.indicators}
        for change in result.changes:
            if change.kind == "indikator":
                name = stored[change.code].name
                assert not any(ord(c) < 0x20 for c in name), repr(name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@SETTINGS
@given(text=st.text(max_size=300), bom=st.booleans())
def test_arbitrary_text_as_csv_never_crashes(text: str, bom: bool) -> None:
    ctx, folder = fresh_ctx()
    try:
        path = folder / "teks.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "replace"))
        before = snapshot(ctx)
        result = run_import(ctx, path)
        if result is None or result.problems:
            assert snapshot(ctx) == before
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_not_utf8_is_refused_with_the_line(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    path = tmp_path / "latin1.csv"
    path.write_bytes("kode;program;pagu;realisasi\n1.01;Pendidikan \xe9;1;1\n".encode("latin-1"))
    with pytest.raises(UseCaseError, match="bukan teks UTF-8 \\(baris 2\\)"):
        import_file(ctx, path)


def test_huge_csv_cell_is_refused_not_a_traceback(tmp_path: Path) -> None:
    """Python's csv module refuses fields over 128 KiB with ``_csv.Error``; that must become a
    row problem or a clear refusal, never a crash."""
    ctx = small_office(tmp_path)
    path = tmp_path / "besar.csv"
    path.write_text(
        "kode;program;pagu;realisasi\n1.01.02;" + "x" * 200_000 + ";1;1\n", encoding="utf-8"
    )
    before = snapshot(ctx)
    try:
        result = import_file(ctx, path)
    except UseCaseError as exc:
        assert "besar.csv" in str(exc)
    else:
        assert not result.applied and result.problems
    assert snapshot(ctx) == before


def test_control_characters_in_csv_are_refused_per_cell(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    path = tmp_path / "kendali.csv"
    path.write_text(
        "kode;program;pagu;realisasi\n"
        "1.01.02;PROGRAM\x1b[2J;1000;900\n"
        "1.01.03;[red]Program[/red] \U0001f600;1000;900\n",
        encoding="utf-8",
    )
    before = snapshot(ctx)
    result = import_file(ctx, path)
    assert not result.applied
    assert [(p.row, p.column) for p in result.problems] == [(2, "program")]
    assert "karakter kendali" in result.problems[0].message
    assert snapshot(ctx) == before
    result = import_file(ctx, path, valid_only=True)
    assert result.applied
    lines = {b.code: b for b in data.load(ctx, YEAR).data.budget}
    assert lines["1.01.03"].name == "[red]Program[/red] \U0001f600"  # literal, intact
    assert "1.01.02" in lines and lines["1.01.02"].name == "PROGRAM"  # the old name kept


# -- XLSX -------------------------------------------------------------------------------------


def workbook(path: Path, rows: list[list[Any]], *, columns: list[str] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    junk = wb.active
    assert junk is not None
    junk.title = "Catatan"
    junk["A1"] = "Lembar tambahan tanpa kolom kunci"
    junk["B3"] = 12.5
    ws = wb.create_sheet("Indikator")
    cols = columns or IND_COLUMNS
    ws.cell(row=1, column=1, value="Judul yang digabung")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    for c, key in enumerate(cols, start=1):
        ws.cell(row=2, column=c, value=key)
    r = 3
    for row in rows:
        if row == []:
            r += 1  # an empty row in between
            continue
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
        r += 1
    wb.create_sheet("Kosong")
    wb.save(path)
    return path


def ind_row(code: str, target: Any, realisasi: Any, **extra: Any) -> list[Any]:
    values = {
        "kode_sasaran": "S1",
        "sasaran": "",
        "kode_indikator": code,
        "indikator": f"Indikator {code}",
        "satuan": "%",
        "polaritas": "positif",
        "target": target,
        "realisasi": realisasi,
        "realisasi_2024": None,
        "target_renstra": None,
        "bidang": "SD",
        "sumber_data": "",
    } | extra
    return [values[c] for c in IND_COLUMNS]


def test_xlsx_floats_are_exact_decimals(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    path = workbook(
        tmp_path / "angka.xlsx",
        [
            ind_row("IK1.1", 85.5, 0.1, realisasi_2024=97.25, target_renstra=3.0),
            [],
            ind_row("IK1.2", 1234.5, 1e-7, realisasi_2024=12345678.9),
            [],
        ],
    )
    result = import_file(ctx, path)
    assert result.applied, [p.text() for p in result.problems]
    got = {i.code: i for i in data.load(ctx, YEAR).data.indicators}
    assert got["IK1.1"].target == Decimal("85.5")
    assert got["IK1.1"].realisasi == Decimal("0.1")
    assert got["IK1.1"].history[2024] == Decimal("97.25")
    assert got["IK1.1"].renstra_target == Decimal("3")
    assert got["IK1.2"].target == Decimal("1234.5")
    assert got["IK1.2"].realisasi == Decimal("1E-7")
    assert got["IK1.2"].history[2024] == Decimal("12345678.9")
    again = import_file(ctx, path)
    assert again.applied and again.changes == ()


def test_xlsx_dates_and_booleans_in_number_columns_are_refused(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    before = snapshot(ctx)
    path = workbook(
        tmp_path / "tanggal.xlsx",
        [ind_row("IK1.1", datetime(2026, 1, 5), 90), ind_row("IK1.2", True, 1)],
    )
    result = import_file(ctx, path)
    assert not result.applied
    where = {(p.sheet, p.row, p.column) for p in result.problems}
    assert ("Indikator", 3, "target") in where and ("Indikator", 4, "target") in where
    assert any("2026-01-05" in p.message for p in result.problems)
    assert snapshot(ctx) == before


def test_xlsx_formula_without_cached_value_is_not_a_crash(tmp_path: Path) -> None:
    """openpyxl writes formulas without a cached value; reading with ``data_only`` gives None,
    which counts as an empty cell (the stored value is kept)."""
    ctx = small_office(tmp_path)
    path = workbook(tmp_path / "rumus.xlsx", [ind_row("IK1.1", "=50+50", "=A1")])
    result = import_file(ctx, path)
    assert result.applied, [p.text() for p in result.problems]
    got = {i.code: i for i in data.load(ctx, YEAR).data.indicators}
    assert got["IK1.1"].target == Decimal("100") and got["IK1.1"].realisasi == Decimal("95")


def test_xlsx_markup_and_long_text_stored_literally(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    long_name = "Panjang " + "x" * 10_000
    path = workbook(
        tmp_path / "teks.xlsx",
        [
            ind_row(
                "IK1.1", 100, 96, indikator="[b]APK[/b] [link=http://x]SD[/link] \u202e\U0001f600"
            ),
            ind_row("IK9.9", 1, 1, indikator=long_name, sumber_data="[/]"),
        ],
    )
    result = import_file(ctx, path)
    assert result.applied, [p.text() for p in result.problems]
    got = {i.code: i for i in data.load(ctx, YEAR).data.indicators}
    assert got["IK1.1"].name == "[b]APK[/b] [link=http://x]SD[/link] \u202e\U0001f600"
    assert got["IK9.9"].name == long_name and got["IK9.9"].data_source == "[/]"


def test_xlsx_meta_year_with_odd_digits_is_not_a_crash(tmp_path: Path) -> None:
    """The hidden ``_lakip`` sheet's year is text a user could edit: '2025' written with
    superscript digits passes ``str.isdigit`` but not ``int``."""
    from openpyxl import load_workbook

    ctx = small_office(tmp_path)
    path = workbook(tmp_path / "meta.xlsx", [ind_row("IK1.1", 100, 96)])
    wb = load_workbook(path)
    meta = wb.create_sheet("_lakip")
    for r, (k, v) in enumerate(
        (("format", "lakip-format-data"), ("tahun", "\u00b2\u2070\u00b2\u2075"), ("bidang", "SD")),
        start=1,
    ):
        meta.cell(row=r, column=1, value=k)
        meta.cell(row=r, column=2, value=v)
    wb.save(path)
    try:
        result = import_file(ctx, path)
    except UseCaseError:
        return
    assert not result.applied and result.problems


def test_not_a_workbook_is_refused(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    path = tmp_path / "palsu.xlsx"
    path.write_bytes(b"PK\x03\x04 bukan zip yang benar")
    with pytest.raises(UseCaseError, match="bukan berkas XLSX"):
        import_file(ctx, path)
