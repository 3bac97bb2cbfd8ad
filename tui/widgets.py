"""Small widgets shared by the screens: toggles whose state shows in text, not only colour."""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, RadioButton


class _Marked:
    """Mixin for Textual toggles: draw ``MARK`` inside the button only when it is on
    (Textual's on and off buttons differ by colour alone)."""

    MARK = "x"
    BUTTON_INNER: str
    value: bool

    def on_mount(self) -> None:
        self._mark()

    def watch_value(self) -> None:
        self._mark()
        parent: Any = super()
        parent.watch_value()

    def _mark(self) -> None:
        self.BUTTON_INNER = self.MARK if self.value else " "
        widget: Any = self
        widget.refresh()


class MarkedCheckbox(_Marked, Checkbox):
    MARK = "x"


class MarkedRadioButton(_Marked, RadioButton):
    MARK = "\u25cf"
