"""A message with one button: a refusal or an error.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.base import LakipScreen
from tui.text import safe


class MessageDialog(LakipScreen, ModalScreen[None]):
    """A message that must be read (a refused action, a lock held too long, a stale edit)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Tutup", id="pesan.tutup"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(id="message-dialog")
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(Text(safe(self.message)), id="message")
            yield Static("Enter/Esc: tutup", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
