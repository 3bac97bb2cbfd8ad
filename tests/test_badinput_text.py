"""Bad input, text: markup, terminal escapes, control characters, lone surrogates, RTL, emoji and
10 000-character strings through the use cases, the board and data screens (Pilot, 80x24), the
command line (``status``, ``log``, ``bidang list``, error messages) and every exported document.

Shown literally (markup never interpreted, escapes made visible or dropped, never sent raw to the
terminal), stored intact or refused with an Indonesian message, documents valid.
"""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"

import asyncio
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from openpyxl import load_workbook
from textual.app import App
from textual.widgets import DataTable, Input

from models.domain import Bidang, Sasaran
from store.errors import StoreError
from tests.conftest import YEAR, small_office
from tests.pilot import Host
from tui import cli
from tui.app import LakipApp
from tui.screens.audit import AuditScreen
from tui.screens.bidang import BidangScreen
from tui.screens.budget import BudgetScreen
from tui.screens.indicators import IndicatorsScreen
from tui.text import safe
from usecases import data
from usecases.collection import export_forms
from usecases.context import Context
from usecases.exporting import export_document
from usecases.inputs import clean_text

SIZE = (80, 24)
MARKUP = "[red]Merah[/red] [/] [b]x[/b] [link=http://x]t[/link] [@click=app.quit]q[/]"
ESCAPES = "\x1b[2J\x1b]0;judul\x07\x9b2J"
CONTROL = "\x00\x08\x0b"
WORLD = (
    "\u202eRTL \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 "
    "\U0001f600\U0001f1ee\U0001f1e9"
)
NASTY = f"{MARKUP} {ESCAPES}{CONTROL} {WORLD}"
LONG = "Panjang " + "abcdefghij" * 1000  # 10 008 characters
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what must never reach the terminal raw


def nasty_store(tmp_path: Path, text: str = NASTY, code: str = "K[/]") -> Context:
    """The small test store with ``text`` in every name, note and profile field a user types,
    written straight through the store (as another program or an old version might have)."""
    ctx = small_office(tmp_path)
    with ctx.store.write("admin", ctx.now()) as w:
        w.save_profile(replace(w.profile(), office=text, addressee=text, address=text))
        kadis = w.user("kadis")
        assert kadis is not None
        w.save_user(replace(kadis, name=text, nip=text))
        w.save_bidang(Bidang(code=code, name=text, head_name=text, order=3))
        s1 = next(s for s in w.sasaran(YEAR) if s.code == "S1")
        w.save_sasaran(replace(s1, name=text, analyses={"1": text, "5": text}))
        for ind in w.indicators(YEAR):
            w.save_indicator(replace(ind, name=text, satuan=text, data_source=text))
        for line in w.budget(YEAR):
            w.save_budget(replace(line, name=text))
        report = w.report(YEAR)
        w.save_report(replace(report, narrative={"latar_belakang": text}))
        w.audit_log("uji.teks", year=YEAR, target=f"sasaran {text}", note=text)
    return ctx


def finish_step_1(ctx: Context, note: str) -> None:
    """Step 1 done by the Kepala Dinas, its note then set to ``note`` in the file directly
    (the use cases refuse control characters; older files or other tools may still hold them,
    and the disposition prints the note)."""
    from usecases.reporting import advance

    advance(replace(ctx, account="kadis", _store=None), note="disposisi", year=YEAR)
    with ctx.store.write("uji", ctx.now()) as w:
        report = w.report(YEAR)
        passes = tuple(
            replace(p, note=note) if p.step == 1 and p.finished_at else p for p in report.passes
        )
        w.save_report(replace(report, passes=passes))


def rendered_lines(app: App[Any]) -> list[str]:
    """What every widget of the active screen would paint, segment by segment."""
    out: list[str] = []
    for widget in app.screen.query("*"):
        for y in range(widget.size.height):
            out.append("".join(seg.text for seg in widget.render_line(y)))
    return out


def assert_no_raw_controls(app: App[Any]) -> str:
    text = "\n".join(rendered_lines(app))
    found = sorted({hex(ord(c)) for c in RAW.findall(text)})
    assert not found, f"control characters sent to the terminal: {found}"
    return text


# -- the boundary: input refused, use cases store intact ---------------------------------------


@pytest.mark.parametrize("bad", ["a\x00b", "a\x08b", "a\x0bb", "\x1b[2J", "x\x7f"])
def test_input_refuses_control_characters_with_a_message(bad: str) -> None:
    with pytest.raises(ValueError, match="karakter kendali"):
        clean_text(bad)


@pytest.mark.parametrize("good", [MARKUP, WORLD, LONG, "tab\tdan spasi"])
def test_input_keeps_markup_rtl_emoji_and_long_text(good: str) -> None:
    assert clean_text(good) == good.replace("\t", " ").strip()


def test_input_refuses_lone_surrogates_and_c1_controls() -> None:
    """A lone surrogate cannot be written as UTF-8 (nor to a document); a C1 control such as
    U+009B is a terminal's CSI. Both are refused at input with the same message."""
    for bad in ("a\ud800b", "x\udcff", "\x9b2J", "a\x85b"):
        with pytest.raises(ValueError, match="karakter kendali"):
            clean_text(bad)


@pytest.mark.parametrize("text", [MARKUP, ESCAPES + CONTROL, WORLD, LONG, NASTY])
def test_use_cases_store_text_intact(tmp_path: Path, text: str) -> None:
    ctx = small_office(tmp_path)
    saved = data.save_sasaran(ctx, YEAR, Sasaran(id="", year=YEAR, code="S7", name=text))
    got = next(s for s in data.load(ctx, YEAR).data.sasaran if s.id == saved.id)
    assert got.name == text


def test_lone_surrogate_is_refused_with_a_message_and_nothing_stored(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    with pytest.raises(StoreError, match="tidak sah"):
        data.save_sasaran(ctx, YEAR, Sasaran(id="", year=YEAR, code="S7", name="a\ud800b"))
    assert not any(s.code == "S7" for s in data.load(ctx, YEAR).data.sasaran)


# -- the command line ----------------------------------------------------------------------------


def test_safe_makes_c0_and_c1_controls_visible() -> None:
    shown = safe("a\x1b[2Jb\x07c\x9b2Jd\x85e\x7f\tf\ng")
    assert not RAW.search(shown)
    assert "\\x1b[2J" in shown and "\\x9b2J" in shown and "\tf\ng" in shown


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_and_log_show_escapes_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = nasty_store(tmp_path)
    db = str(ctx.db_path)
    code, out, _ = run_cli(capsys, "--db", db, "status")
    assert code == 0
    assert not RAW.search(out), out
    assert "[red]Merah[/red]" in out and "\\x1b[2J" in out and WORLD in out
    code, out, _ = run_cli(capsys, "--db", db, "log")
    assert code == 0
    assert not RAW.search(out)
    assert "\\x1b]0;judul\\x07" in out and "[b]x[/b]" in out
    code, out, _ = run_cli(capsys, "--db", db, "status", "--json")
    assert code == 0 and "\x1b" not in out and "\x9b" not in out


def test_bidang_list_shows_escapes_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = nasty_store(tmp_path, text=ESCAPES + MARKUP)  # escapes within the first 44 chars
    code, out, _ = run_cli(capsys, "--db", str(ctx.db_path), "bidang", "list")
    assert code == 0
    assert not RAW.search(out), repr(out)
    assert "\\x1b[2J" in out and "K[/]" in out


def test_error_messages_show_escapes_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = small_office(tmp_path)
    code, _, err = run_cli(
        capsys, "--db", str(ctx.db_path), "import", str(tmp_path / "\x1b[2Jtiada\x9b.csv")
    )
    assert code == 1
    assert "tidak ada" in err
    assert not RAW.search(err.rstrip("\n")), repr(err)


# -- the board and the data screens (Pilot, 80x24) ---------------------------------------------


async def test_board_shows_markup_literally_and_no_raw_escapes(tmp_path: Path) -> None:
    ctx = nasty_store(tmp_path, text=MARKUP[:20] + ESCAPES + CONTROL)  # visible at 80 columns
    app = LakipApp(replace(ctx, account="kadis", _store=None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = assert_no_raw_controls(app)
        assert "[red]Merah[/red]" in text and "\\x1b[2J" in text  # the office name, literally
        await pilot.press("L")  # the audit log, if bound; harmless otherwise
        await pilot.pause()
        assert_no_raw_controls(app)


async def test_audit_screen_shows_escapes_visibly(tmp_path: Path) -> None:
    ctx = nasty_store(tmp_path)
    app = Host(AuditScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_no_raw_controls(app)
        table = app.screen.query_one(DataTable)
        notes = [str(table.get_row(k)[5]) for k in table.rows]
        assert any("[red]Merah[/red]" in n for n in notes)


@pytest.mark.parametrize("screen", [IndicatorsScreen, BidangScreen, BudgetScreen])
async def test_data_screens_show_text_literally(tmp_path: Path, screen: Any) -> None:
    ctx = nasty_store(tmp_path)
    app = Host(screen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        cells = [str(c) for k in table.rows for c in table.get_row(k)]
        assert any("[red]Merah[/red]" in c and WORLD in c for c in cells)
        for _ in range(4):
            await pilot.press("down")
        await pilot.pause()
        assert_no_raw_controls(app)


async def test_bidang_code_with_markup_saved_through_the_form(tmp_path: Path) -> None:
    """The confirmation toast names the new code; ``[/]`` in it must not be parsed as markup
    (Textual raises MarkupError on a closing tag with nothing to close)."""
    from textual.content import Content

    ctx = small_office(tmp_path)
    app = Host(BidangScreen(ctx, YEAR))
    said: list[str] = []
    notify = app.notify

    def spy(message: str, **kw: Any) -> None:
        shown = Content.from_markup(message).plain if kw.get("markup", True) else message
        said.append(shown)  # MarkupError here is what the toast would raise
        notify(message, **kw)

    app.notify = spy  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#input-code", Input).value = "[/]"
        app.screen.query_one("#input-name", Input).value = "[b]Bidang[/b] \U0001f600"
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, BidangScreen)
        assert_no_raw_controls(app)
        assert "Tersimpan: bidang [/]." in said
    stored = {b.code: b.name for b in data.load(ctx, YEAR).data.bidang}
    assert stored["[/]"] == "[b]Bidang[/b] \U0001f600"


async def test_form_refuses_control_characters_typed_in(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    app = Host(BidangScreen(ctx, YEAR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#input-code", Input).value = "BX"
        form.query_one("#input-name", Input).value = "Nama\x1b[2J"
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is form  # not saved
        # The Input itself still paints what was put in it (Textual's widget; see the report).
        shown = "\n".join(
            "".join(seg.text for seg in w.render_line(y))
            for w in form.query("#error, .hint, Label")
            for y in range(w.size.height)
        )
        assert not RAW.search(shown) and "Belum dapat disimpan" in shown
    assert "BX" not in {b.code for b in data.load(ctx, YEAR).data.bidang}


async def test_long_text_screens_do_not_hang(tmp_path: Path) -> None:
    ctx = nasty_store(tmp_path, text=LONG, code="PANJANG")

    async def drive(app: App[Any]) -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in ("down", "down", "up", "end", "home"):
                await pilot.press(key)
            await pilot.pause()
            assert_no_raw_controls(app)

    for screen in (IndicatorsScreen, BidangScreen, BudgetScreen, AuditScreen):
        await asyncio.wait_for(drive(Host(screen(ctx, YEAR))), timeout=30)
    await asyncio.wait_for(drive(LakipApp(replace(ctx, account="kadis", _store=None))), 30)


# -- the documents -----------------------------------------------------------------------------


def docx_text(path: Path) -> str:
    doc = docx.Document(str(path))
    parts: list[str] = []
    parts.extend(p.text for p in doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


@pytest.mark.parametrize("text", [NASTY, LONG])
def test_every_document_exports_and_reopens(tmp_path: Path, text: str) -> None:
    ctx = nasty_store(tmp_path, text=text)
    finish_step_1(ctx, text)
    for kind in ("lakip", "letter", "disposition"):
        result = export_document(ctx, kind, step=1 if kind == "disposition" else None)
        body = docx_text(result.path)
        assert not RAW.search(body.replace("\n", "").replace("\t", ""))
        if text is NASTY:
            assert "[red]Merah[/red]" in body and "[link=http://x]t[/link]" in body
            assert "\x1b" not in body and "[2J" in body  # the ESC dropped, the rest literal
            assert WORLD in body
        else:
            assert LONG in body
    forms = export_forms(ctx, out_dir=tmp_path / "format")
    assert forms
    for form in forms:
        wb = load_workbook(form.path)
        values = [
            str(v)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
            if v is not None
        ]
        if text is NASTY:
            assert any("[red]Merah[/red]" in v for v in values)
        else:
            assert any(LONG in v for v in values)


@pytest.mark.skipif(not Path("/usr/bin/soffice").exists(), reason="LibreOffice tidak terpasang")
def test_nasty_lakip_converts_to_pdf(tmp_path: Path) -> None:
    ctx = nasty_store(tmp_path)
    result = export_document(ctx, "letter", pdf=True)
    assert result.pdf_path is not None and result.pdf_path.stat().st_size > 0
