"""Small widgets shared by the screens: toggles whose state shows in text, not only colour."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class MarkedCheckbox(Checkbox):
    """A checkbox that draws ``x`` when on and a blank when off (Textual's differ by colour)."""

    MARK = "x"

    def on_mount(self) -> None:
        self._mark()

    def watch_value(self) -> None:
        self._mark()
        super().watch_value()

    def _mark(self) -> None:
        self.BUTTON_INNER = self.MARK if self.value else " "
        self.refresh()


class MarkedRadioButton(RadioButton):
    """A radio button that draws a dot only when chosen."""

    MARK = "\u25cf"

    def on_mount(self) -> None:
        self._mark()

    def watch_value(self) -> None:
        self._mark()
        super().watch_value()

    def _mark(self) -> None:
        self.BUTTON_INNER = self.MARK if self.value else " "
        self.refresh()
