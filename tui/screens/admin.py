"""The administrator's dialogs on the board: a new report year, reopening a signed report.

Each returns what the user entered; the board runs the use case (``usecases.admin.add_year``,
``usecases.reporting.reopen``), which checks the rules again."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Checkbox, Static

from tui.screens.frames import Dialog, dialog_hint
from tui.screens.users import SAVE_HINT
from tui.widgets import MarkedCheckbox


class NewYearDialog(Dialog):
    """The year of the new report; whether to copy last year's plan; whether it becomes the
    active year of every user."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Buat", id="tahun_baru.buat"),
    ]

    def __init__(self, years: tuple[int, ...]) -> None:
        super().__init__(id="new-year-dialog")
        self.years = years

    def compose(self) -> ComposeResult:
        proposal = str(max(self.years) + 1) if self.years else ""
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text("Buat laporan tahun baru", style="bold"), classes="dialog-title")
            known = ", ".join(str(y) for y in sorted(self.years)) or "belum ada"
            yield Static(Text(f"Tahun yang sudah ada: {known}."))
            yield self.field("year", "Tahun", proposal, type="integer", max_length=4)
            yield MarkedCheckbox(
                "Salin sasaran, indikator, anggaran tahun sebelumnya", True, id="copy",
                compact=True,
            )  # fmt: skip
            yield MarkedCheckbox(
                "Jadikan tahun aktif untuk semua pengguna", False, id="make_current", compact=True
            )
            yield Static("", id="dialog-error", classes="error")
            yield Static(SAVE_HINT, classes="dialog-hint")

    def action_save(self) -> None:
        self.save()

    def save(self) -> None:
        raw = self.value("year")
        if not raw.isdigit() or len(raw) != 4:
            self.refuse("Isi tahun dengan empat angka, mis. 2026.", "year")
            return
        if int(raw) in self.years:
            self.refuse(f"Laporan tahun {raw} sudah ada; pilih dengan t.", "year")
            return
        answer: dict[str, Any] = {
            "year": int(raw),
            "copy": self.query_one("#copy", Checkbox).value,
            "make_current": self.query_one("#make_current", Checkbox).value,
        }
        self.dismiss(answer)


class ReopenDialog(Dialog):
    """Reopen a signed report: the reason is required and kept in the audit trail."""

    def __init__(self, year: int) -> None:
        super().__init__(id="reopen-dialog")
        self.year = year

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                Text(f"Buka kembali laporan {self.year}", style="bold"), classes="dialog-title"
            )
            yield Static(
                Text(
                    "Laporan ini sudah ditandatangani dan dikunci. Setelah dibuka kembali "
                    "datanya dapat diubah lagi; alasannya dicatat di jejak audit."
                )
            )
            yield self.field("reason", "Alasan", placeholder="wajib")
            yield Static("", id="dialog-error", classes="error")
            yield dialog_hint()

    def save(self) -> None:
        reason = self.value("reason")
        if not reason:
            self.refuse("Alasan wajib diisi: mengapa laporan dibuka kembali?", "reason")
            return
        self.dismiss({"reason": reason})
