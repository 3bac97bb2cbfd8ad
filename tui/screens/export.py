"""The export dialog: choose a document (LAKIP, surat pengantar, disposisi, the step-2
workbooks of the year or of the quarter being monitored) or number the cover letter (step 10),
PDF or not, overwrite or not; the export runs in a thread worker with visible progress; the
result path or the Indonesian error is shown. Esc closes. Fits 80x24, keyboard only."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, RadioSet, Static

from tui.base import LakipScreen
from tui.text import safe
from tui.widgets import MarkedCheckbox, MarkedRadioButton
from usecases.context import Context

_KINDS = (
    ("lakip", "Dokumen LAKIP"),
    ("letter", "Surat pengantar"),
    ("disposition", "Lembar disposisi (langkah 1/9)"),
    ("form", "Format data langkah 2 (XLSX, satu per bidang)"),
    ("letter_number", "Nomor surat pengantar dari register (langkah 10)"),
    ("form_tw", "Format data triwulan berjalan (XLSX, satu per bidang)"),
)


class ExportScreen(LakipScreen, ModalScreen[str | None]):
    """Returns the path of the exported file, or None when closed without exporting."""
    HELP_TITLE = "ekspor dokumen"

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 72; height: auto; max-height: 22;
        border: round $accent; padding: 0 1; background: $surface;
    }
    ExportScreen #title { text-style: bold; }
    ExportScreen RadioSet { width: 100%; height: auto; }
    ExportScreen Horizontal { height: auto; }
    ExportScreen #status { height: auto; max-height: 8; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Tutup", id="export.close"),
        Binding("enter", "run", "Buat", show=False, priority=True, id="export.run"),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.year = year
        self.busy = False
        self.result_path: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Buat dokumen laporan {self.year}", id="title")
            with RadioSet(id="kind"):
                for n, (_, label) in enumerate(_KINDS):
                    yield MarkedRadioButton(label, value=n == 0, compact=True)
            with Horizontal():
                yield MarkedCheckbox("Buat juga PDF", id="pdf", compact=True)
                yield MarkedCheckbox("Timpa berkas yang ada", id="overwrite", compact=True)
            with Horizontal():
                # Text, not markup: "[Enter]" would be read as a style and vanish
                yield Button(Text("Buat [Enter]"), id="run", variant="primary", compact=True)
                yield Button(Text("Tutup [Esc]"), id="close", compact=True)
            yield Static("Pilih dokumen dengan panah, Spasi untuk memilih.", id="status")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def _kind(self) -> str:
        index = self.query_one(RadioSet).pressed_index
        return _KINDS[index if index >= 0 else 0][0]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "run":
            self.action_run()
        else:
            self.action_close()

    def action_close(self) -> None:
        if self.busy:
            self._status("Ekspor sedang berjalan; tunggu sampai selesai.")
            return
        self.dismiss(self.result_path)

    def action_run(self) -> None:
        focused = self.focused
        if isinstance(focused, Button) and focused.id == "close":
            self.action_close()
            return
        # Enter runs "Buat" from a checkbox as well (Space ticks it): Enter there used to
        # untick what Space had just ticked, and nothing was made
        if self.busy:
            return
        self.busy = True
        self.query_one("#run", Button).disabled = True
        self._status("Memulai ekspor...")
        self._export(
            self._kind(),
            self.query_one("#pdf", Checkbox).value,
            self.query_one("#overwrite", Checkbox).value,
        )

    def _status(self, text: str | Text) -> None:
        self.query_one("#status", Static).update(text if isinstance(text, Text) else Text(text))

    @work(thread=True, exclusive=True, group="export")
    def _export(self, kind: str, pdf: bool, overwrite: bool) -> None:
        from models.sop import SopError
        from models.workflow import WorkflowError
        from store.errors import StoreError
        from usecases.exporting import OutputExists, export_document
        from usecases.reporting import UseCaseError

        def progress(text: str) -> None:
            self.app.call_from_thread(self._status, text)

        if kind in ("form", "form_tw", "letter_number"):
            self._other(kind)
            return
        try:
            result = export_document(
                self.ctx, kind, year=self.year, overwrite=overwrite, pdf=pdf, progress=progress
            )
        except OutputExists as exc:
            self.app.call_from_thread(self._done, None, [
                f"Gagal: berkas {exc.path} sudah ada dan tidak ditimpa. Pilih 'Timpa berkas "
                "yang ada' (Spasi) lalu Enter untuk menimpanya."])  # fmt: skip
            return
        except (UseCaseError, StoreError, WorkflowError, SopError) as exc:
            self.app.call_from_thread(self._done, None, [f"Gagal: {exc}"])
            return
        lines = [f"Berkas: {result.path}", f"SHA-256: {result.sha256[:16]}..."]
        if result.pdf_path is not None:
            lines.append(f"PDF: {result.pdf_path}")
        # the command line's hint, said as it is done here
        hint = ("lakip letter number", "Nomor surat pengantar")
        lines.extend(n.replace(*hint) for n in result.notes)
        self.app.call_from_thread(self._done, str(result.path), lines)

    def _other(self, kind: str) -> None:
        """The step-2 workbooks, or the letter's number: in this worker thread as well."""
        from models.errors import LakipError, error_text
        from tui.screens.actions import letter_lines
        from usecases.collection import export_forms
        from usecases.exporting import number_letter_ex

        path: str | None = None
        try:
            if kind in ("form", "form_tw"):
                from models.quarters import current_quarter, quarter_label

                # the quarter being monitored now (usecases.quarters.quarter_view's default)
                tw = current_quarter(self.year, self.ctx.now().date()) if kind == "form_tw" else 0
                self.app.call_from_thread(self._status, "Membuat format data per bidang...")
                done = export_forms(self.ctx, year=self.year, quarter=tw)
                what = f" {quarter_label(tw)}" if tw else ""
                lines = [f"{len(done)} format data{what} dibuat:"]
                lines += [
                    str(x.path) + (" (nama lama dipakai berkas terisi)" if x.renamed else "")
                    for x in done
                ]
                path = str(done[0].path.parent) if done else None
            else:
                letter, created = number_letter_ex(self.ctx, year=self.year)
                lines = letter_lines(letter, created, self.ctx.zone())
                lines[-1] = "Buat suratnya: pilih Surat pengantar lalu Enter."
        except LakipError as exc:
            lines = [f"Gagal: {error_text(exc)}"]
        self.app.call_from_thread(self._done, path, lines)

    def _done(self, path: str | None, lines: list[str]) -> None:
        self.busy = False
        self.query_one("#run", Button).disabled = False
        if path is not None:
            self.result_path = path
        self._status(Text(safe("\n".join(lines))))  # user text: no markup, no raw escapes
