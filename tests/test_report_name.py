"""One name of the report everywhere: an office setting (profile ``report_name`` and
``report_short``) printed by every document, the cover and the Kata Pengantar alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import docx
import pytest

from models.domain import DEFAULT_REPORT_NAME, Profile
from models.numbers import OfficeZone
from models.serial import from_data
from tests.conftest import YEAR, context, demo_copy
from usecases import data
from usecases.context import Context
from usecases.exporting import export_document

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=OfficeZone.WITA.tz)
CUSTOM = "Laporan Kinerja Perangkat Daerah"


def all_text(doc: docx.document.Document) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.fixture()
def store(tmp_path: Path) -> Context:
    return context(demo_copy(tmp_path / "data"), now=NOW)


def _texts(ctx: Context) -> dict[str, str]:
    out = {}
    for kind, extra in (("lakip", {}), ("letter", {}), ("disposition", {"step": 1})):
        result = export_document(ctx, kind, overwrite=True, **extra)
        out[kind] = all_text(docx.Document(str(result.path)))
    return out


def _cover_and_foreword(lakip: str) -> tuple[str, str]:
    cover, rest = lakip.split("KATA PENGANTAR", 1)
    foreword = rest.split("IKHTISAR EKSEKUTIF", 1)[0]
    return cover, foreword


def test_the_default_name_is_the_same_on_every_paper(store: Context) -> None:
    texts = _texts(store)
    cover, foreword = _cover_and_foreword(texts["lakip"])
    assert "LAPORAN AKUNTABILITAS\nKINERJA INSTANSI PEMERINTAH\n(LAKIP)" in cover
    assert f"{DEFAULT_REPORT_NAME} (LAKIP)" in foreword
    assert f"{DEFAULT_REPORT_NAME} (LAKIP)" in texts["letter"]
    assert f"Penyusunan {DEFAULT_REPORT_NAME} (LAKIP) Tahun" in texts["disposition"]
    for text in texts.values():
        assert "Laporan Kinerja Instansi Pemerintah (LAKIP)" not in text
        assert "{nama_laporan}" not in text and "{singkatan_laporan}" not in text


def test_a_custom_name_replaces_the_old_wording_everywhere(store: Context) -> None:
    view = data.load(store, YEAR)
    profile = replace(view.data.profile, report_name=CUSTOM, report_short="LKPD")
    data.save_profile(store, YEAR, profile)
    # the demo's foreword names the report as it was made; the office's own text names it
    # through the setting's field, so a later change of the setting reaches it too
    before = data.load(store, YEAR).data.report.narrative["kata_pengantar"]
    assert f"{DEFAULT_REPORT_NAME} (LAKIP)" in before
    written = before.replace(
        f"{DEFAULT_REPORT_NAME} (LAKIP)", "{nama_laporan} ({singkatan_laporan})"
    )
    data.save_narrative(store, YEAR, "kata_pengantar", written, before)
    texts = _texts(store)
    cover, foreword = _cover_and_foreword(texts["lakip"])
    assert "LAPORAN KINERJA\nPERANGKAT DAERAH\n(LKPD)" in cover
    assert f"{CUSTOM} (LKPD) Dinas Pendidikan" in foreword
    assert f"{CUSTOM} (LKPD) Dinas Pendidikan" in texts["letter"]
    assert f"Penyusunan {CUSTOM} (LKPD) Tahun" in texts["disposition"]
    for text in (cover, foreword, texts["letter"]):
        assert "LAKIP" not in text, text[text.find("LAKIP") - 80 : text.find("LAKIP") + 40]
    for text in texts.values():  # (the disposition names the application, "aplikasi LAKIP")
        assert "Laporan Akuntabilitas Kinerja" not in text
        assert "LAPORAN KINERJA\nINSTANSI" not in text
        assert "(LAKIP)" not in text and "Dokumen LAKIP" not in text


def test_old_profiles_load_with_the_default_name() -> None:
    old = {"timezone": "WITA", "office": "DINAS X", "rev": 3}
    profile = from_data(Profile, old)
    assert profile.report_name == DEFAULT_REPORT_NAME and profile.report_short == "LAKIP"
    assert profile.report_title == f"{DEFAULT_REPORT_NAME} (LAKIP)"
    blank = replace(profile, report_name="  ", report_short="")
    assert blank.report_title == f"{DEFAULT_REPORT_NAME} (LAKIP)"


@pytest.mark.parametrize("reminder", [False, True])
def test_the_nota_dinas_to_a_bidang_uses_the_setting(store: Context, reminder: bool) -> None:
    import io
    from datetime import date

    from exporters.request_docx import NotaDinas, render_nota_dinas

    profile = replace(data.load(store, YEAR).data.profile, report_name=CUSTOM, report_short="LKPD")
    (bidang, *_) = data.load(store, YEAR).data.bidang
    nota = NotaDinas(
        reminder=reminder, number="1", dated=date(2026, 1, 5), year=YEAR, bidang=bidang,
        items=[("Indikator", "IK1", "APK", "realisasi")], deadline=date(2026, 1, 12),
        sent_date=date(2026, 1, 5), days_late=2,
    )  # fmt: skip
    text = all_text(docx.Document(io.BytesIO(render_nota_dinas(profile, nota).data)))
    assert f"penyusunan {CUSTOM} (LKPD)" in text
    assert "LAKIP" not in text and "Laporan Akuntabilitas" not in text


def test_init_takes_the_name_and_defaults_to_the_office_term(tmp_path: Path) -> None:
    from tests.conftest import BOGOR_INIT
    from tui.cli import main

    base = ["init", "--yes", "--year", "2025", "--name", "Admin", *BOGOR_INIT]
    plain, named = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["--db", str(plain), *base]) == 0
    extra = ["--report-name", CUSTOM, "--report-short", "LKPD"]
    assert main(["--db", str(named), *base, *extra]) == 0
    first = data.load(context(plain), 2025).data.profile
    second = data.load(context(named), 2025).data.profile
    assert (first.report_name, first.report_short) == (DEFAULT_REPORT_NAME, "LAKIP")
    assert (second.report_name, second.report_short) == (CUSTOM, "LKPD")


async def test_the_profile_form_shows_and_saves_the_name(tmp_path: Path) -> None:
    from textual.widgets import Input

    from tests.conftest import small_office
    from tests.pilot import Host
    from tui.screens.profile import ProfileScreen

    ctx = small_office(tmp_path)
    app = Host(ProfileScreen(ctx, YEAR))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        name = app.screen.query_one("#input-report_name", Input)
        assert name.value == DEFAULT_REPORT_NAME
        assert app.screen.query_one("#input-report_short", Input).value == "LAKIP"
        name.value = CUSTOM
        await pilot.press("f2")
        await pilot.pause()
    with ctx.store.read() as r:
        assert r.profile().report_name == CUSTOM
