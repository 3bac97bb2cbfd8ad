"""Returning the report to an earlier step, with the reason.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.screens.frames import Dialog, dialog_hint

if TYPE_CHECKING:
    from usecases.board import BoardData


class ReturnDialog(Dialog):
    """Send the report back to an earlier step; the target and a note are required."""

    AUTO_FOCUS = "#note"

    def __init__(self, data: BoardData) -> None:
        super().__init__(id="return-dialog")
        self.data = data
        assert data.pos.step is not None
        self.step = data.pos.step

    def default_target(self) -> int:
        # usually back to the step that made the document (6), or the one just before
        return 6 if self.step.number > 6 else max(1, self.step.number - 1)

    def compose(self) -> ComposeResult:
        step = self.step
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                Text(f"Kembalikan laporan dari langkah {step.number}: {step.short}", style="bold"),
                classes="dialog-title",
            )
            yield Static(Text(f"Tujuan: langkah 1 sampai {step.number - 1}. Catatan wajib."))
            yield self.field(
                "to", "Ke langkah", str(self.default_target()), type="integer", max_length=2
            )
            yield self.field("note", "Yang harus diperbaiki", placeholder="wajib")
            if self.data.acting_for_other:
                yield self.field(
                    "override_reason",
                    f"Alasan atas nama {step.role.label}",
                    placeholder="wajib (admin)",
                )
            yield Static("", id="dialog-error", classes="error")
            yield dialog_hint()

    def save(self) -> None:
        raw = self.value("to")
        if not raw.isdigit() or not 1 <= int(raw) < self.step.number:
            self.refuse(
                f"Langkah tujuan harus 1 sampai {self.step.number - 1}.",
                "to",
            )
            return
        note = self.value("note")
        if not note:
            self.refuse("Catatan wajib diisi: apa yang harus diperbaiki?", "note")
            return
        answer: dict[str, Any] = {"to": int(raw), "note": note, "typed": self.typed()}
        if self.data.acting_for_other:
            reason = self.value("override_reason")
            if not reason:
                self.refuse(
                    "Sebagai admin, isi alasan bertindak atas nama pemegang langkah.",
                    "override_reason",
                )
                return
            answer["override_reason"] = reason
        self.dismiss(answer)
