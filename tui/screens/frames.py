"""Two frames the board's screens share: a full screen closed by Esc or q, and a modal
dialog form with its hint line.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from tui.base import FIELD_KEYS, LakipScreen
from tui.text import safe

CLOSE_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Kembali", id="layar.kembali"),
    Binding("q", "close", "Kembali", show=False, id="layar.kembali_q"),
]


class Closable(LakipScreen, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = CLOSE_BINDINGS

    def action_close(self) -> None:
        self.dismiss(None)


# -- dialogs ------------------------------------------------------------------------------------


class Dialog(LakipScreen, ModalScreen[dict[str, Any] | None]):
    """A small form: Enter moves to the next field and saves on the last; Esc cancels."""

    AUTO_FOCUS = "Input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal", id="dialog.batal"),
        *FIELD_KEYS,
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept: dict[str, str] = {}  # what was typed before a refusal, to fill in again

    def field(self, fid: str, label: str, value: str = "", **kw: Any) -> Horizontal:
        return Horizontal(
            Label(Text(label), classes="field-label"),
            Input(value=self.kept.get(fid, value), id=fid, compact=True, **kw),
            classes="field",
        )

    def inputs(self) -> list[Input]:
        return list(self.query(Input))

    def typed(self) -> dict[str, str]:
        """Every field's text as typed, to give back to the same dialog after a refusal."""
        return {i.id: i.value for i in self.inputs() if i.id}

    def value(self, fid: str) -> str:
        found = self.query(f"#{fid}")
        return found.first(Input).value.strip() if found else ""

    def on_mount(self) -> None:
        for i in self.inputs():
            i.cursor_blink = False

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        fields = self.inputs()
        if event.input in fields and event.input is not fields[-1]:
            fields[fields.index(event.input) + 1].focus()
            return
        self.save()

    def refuse(self, message: str, fid: str | None = None) -> None:
        self.query_one("#dialog-error", Static).update(Text(safe(message)))
        if fid:
            self.query_one(f"#{fid}", Input).focus()

    def save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)


def dialog_hint() -> Static:
    return Static("Enter: lanjut/simpan  Tab: kolom lain  Esc: batal", classes="dialog-hint")
