"""Choosing a quarter: Tahunan (the year's data) or TW I..IV, before a step-2 workbook is made
or a data request is sent (``lakip export form|permintaan --tw N`` on the command line).

Keyboard only: arrows and Enter, or the digit of the choice (0 Tahunan, 1-4 the quarter); Esc
cancels. Returns 0..4, or None when cancelled.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.base import LakipScreen

# what each choice covers, beside its name
_MONTHS = ("data setahun", "Januari-Maret", "April-Juni", "Juli-September", "Oktober-Desember")


def quarter_choice(n: int) -> str:
    """``Tahunan`` or ``TW II``: a choice as the dialog and the messages name it."""
    from models.quarter_fill import quarter_label

    return "Tahunan" if n == 0 else quarter_label(n)


class QuarterScreen(LakipScreen, ModalScreen[int | None]):
    """Tahunan, TW I .. TW IV under ``title``; ``current`` is highlighted first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal", id="triwulan.batal"),
        *(
            Binding(str(n), f"choose({n})", quarter_choice(n), show=False, id=f"triwulan.{n}")
            for n in range(5)
        ),
    ]

    def __init__(self, title: str, current: int = 0) -> None:
        super().__init__(id="quarter-dialog")
        self.title_text = title
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog small"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield OptionList(
                *(Option(f"{n}  {quarter_choice(n)} ({_MONTHS[n]})", id=str(n)) for n in range(5)),
                id="quarters",
            )
            yield Static("Enter/0-4: pilih  Esc: batal", classes="dialog-hint")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = self.current
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(int(event.option.id))

    def action_choose(self, n: int) -> None:
        self.dismiss(n)

    def action_cancel(self) -> None:
        self.dismiss(None)
