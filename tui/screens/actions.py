"""Actions reached from more than one screen: numbering the cover letter (step 10) and making
the step-2 workbooks. Each runs its use case in a thread worker (``run_store``) and tells the
user what came out; a refusal is the use case's own Indonesian message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widget import Widget

from models.errors import LakipError, error_text
from tui.base import run_store
from usecases.context import Context

FORMAT_STEP = 2  # SOP step 2: the format of the data collection (the workbooks)
LETTER_DONE_HINT = "Buat suratnya: e (Ekspor dokumen), pilih Surat pengantar."


def letter_lines(letter: Any, created: bool, zone: Any) -> list[str]:
    """What numbering said, as lines (the export dialog shows them; the board notifies)."""
    from models.numbers import format_datetime

    if created:
        return [f"Nomor surat pengantar: {letter.number}", LETTER_DONE_HINT]
    return [
        f"Surat pengantar sudah bernomor: {letter.number} (diberikan "
        f"{format_datetime(letter.issued_at, zone)} oleh {letter.issued_by}).",
        LETTER_DONE_HINT,
    ]


def number_letter(
    screen: Widget,
    ctx: Context,
    year: int,
    then: Callable[[list[str]], None] | None = None,
    failed: Callable[[LakipError], None] | None = None,
) -> None:
    """Ask, then give the surat pengantar of ``year`` its number from the register."""
    from tui.screens.data_base import ConfirmDialog

    def work() -> list[str]:
        from usecases.exporting import number_letter_ex

        letter, created = number_letter_ex(ctx, year=year)
        return letter_lines(letter, created, ctx.zone())

    # the command line's option, named as a command on the board
    board_words = ("pakai --new", "pakai perintah 'lakip letter number --new'")

    def answered(yes: bool | None) -> None:
        if yes:
            _run(screen, work, ("Nomor surat", 10), then, failed or _refused(screen, board_words))

    screen.app.push_screen(
        ConfirmDialog(
            f"Beri nomor surat pengantar laporan {year} dari register surat (langkah 10)? "
            "Nomor yang sudah diberikan tidak dapat ditarik kembali.",
            yes="Beri nomor (y)",
            no="Batal (n)",
        ),
        answered,
    )


def export_forms(
    screen: Widget,
    ctx: Context,
    year: int,
    then: Callable[[list[str]], None] | None = None,
    failed: Callable[[LakipError], None] | None = None,
) -> None:
    """Ask which data (Tahunan or TW I..IV, ``tui.screens.quarter``), then make the step-2
    workbook of every bidang of ``year`` in the office's output folder, as ``lakip export
    form [--tw N]`` does."""
    from tui.screens.quarter import QuarterScreen, quarter_choice

    def work(quarter: int) -> list[str]:
        from usecases.collection import export_forms as export

        done = export(ctx, year=year, quarter=quarter)
        what = f" {quarter_choice(quarter)}" if quarter else ""
        lines = [f"{len(done)} format data{what} dibuat (satu per bidang):"]
        lines += [
            f"{x.path}" + (" (nama lama dipakai berkas terisi: diberi nomor)" if x.renamed else "")
            for x in done
        ]
        return lines

    def chosen(quarter: int | None) -> None:
        if quarter is None:
            return
        screen.app.notify("Membuat format data...", markup=False, timeout=2)
        _run(screen, lambda: work(quarter), ("Format data", 12), then, failed or _refused(screen))

    screen.app.push_screen(QuarterScreen("Format data langkah 2 untuk:"), chosen)


def _run(
    screen: Widget,
    work: Callable[[], list[str]],
    told: tuple[str, int],
    then: Callable[[list[str]], None] | None,
    failed: Callable[[LakipError], None],
) -> None:
    """Run the action's ``work`` in a thread worker; notify its lines (title and seconds of
    ``told``), then ``then(lines)``."""
    title, seconds = told

    def done(lines: list[str]) -> None:
        screen.app.notify("\n".join(lines), title=title, markup=False, timeout=seconds)
        if then is not None:
            then(lines)

    run_store(screen, work, done, failed)


def _refused(screen: Widget, words: tuple[str, str] = ("", "")) -> Callable[[LakipError], None]:
    """A refusal notified in its own words (``words``: a phrase of it said another way)."""

    def show(exc: LakipError) -> None:
        text = error_text(exc)
        if words[0]:
            text = text.replace(*words)
        screen.app.notify(text, title="Tidak dapat dilakukan", severity="error", markup=False)

    return show
