"""Switching the year of the report.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
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


class YearScreen(LakipScreen, ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal", id="tahun.batal"),
    ]

    def __init__(
        self,
        years: tuple[int, ...],
        current: int,
        active: int | None = None,
        archived: tuple[int, ...] = (),
    ) -> None:
        super().__init__(id="year-dialog")
        self.years = years
        self.current = current  # shown on the board now
        self.active = active  # the office's active year
        self.archived = archived  # read-only years in their archive files

    def label(self, year: int) -> str:
        marks = [
            m
            for m, on in (
                ("aktif", year == self.active),
                ("ditampilkan", year == self.current),
                ("arsip, hanya baca", year in self.archived),
            )
            if on
        ]
        return f"{year}" + (f"  ({', '.join(marks)})" if marks else "")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog small"):
            yield Static(Text("Pilih tahun laporan", style="bold"), classes="dialog-title")
            yield OptionList(
                *(Option(self.label(y), id=str(y)) for y in sorted(self.years, reverse=True)),
                id="years",
            )
            yield Static("Enter: pilih  Esc: batal", classes="dialog-hint")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ordered = sorted(self.years, reverse=True)
        if self.current in ordered:
            ol.highlighted = ordered.index(self.current)
        ol.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
